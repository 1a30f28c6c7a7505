"""`factcheck claims`, `export --format claimreview|claims-csv` and `import --add-labels`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from db import Store, claim_settings, claims
from factcheck.cli import main
from factcheck.core.claims import Organization
from tests.helpers.claims import make_debate

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def debate_db(db_path: Path) -> Path:
    with Store.open(db_path) as store:
        debate = make_debate(store)
        # rita's final verdicts rated three cards; she moves two back, so one card is rated.
        for card in debate.cards[1:3]:
            claims.set_status(store, card.id, "rita", "checking")
        # A text that a spreadsheet would run as a formula, and a terminal escape.
        claims.update_card(store, debate.cards[3].id, "alice", text='=HYPERLINK("x") \x1b[2J crime doubled')
    return db_path


def test_the_table_lists_every_card_newest_first(debate_db: Path, capsys: Capture) -> None:
    assert main(["--db", str(debate_db), "claims"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["Card", "Status", "Final"]
    assert "Crime doubled" not in out and "\x1b" not in out and "\\x1b[2J" in out  # shown, not obeyed
    wages = next(line for line in lines if "Wages fell for most families" in line)
    assert "Half true" in wages and "1/0/1" in wages  # yes/no/unsure
    assert lines.index(wages) == 4  # the second card made: third of four, newest first
    assert lines[-1] == "4 cards."
    with Store.open(debate_db) as store:
        card = claims.cards(store)[0]
        claims.update_card(store, card.id, "alice", text="A claim " * 12)
    main(["--db", str(debate_db), "claims"])
    tail = capsys.readouterr().out.splitlines()[-1]
    assert tail == "1 card text is longer than 75 characters: ClaimReview advises one short sentence."


def test_filters_by_status_speaker_and_verdict(debate_db: Path, capsys: Capture) -> None:
    main(["--db", str(debate_db), "claims", "--status", "rated", "--format", "json"])
    [rated] = json.loads(capsys.readouterr().out)
    assert rated["text"] == "Unemployment fell to 3.5 percent last year" and rated["final_verdict"] == "True"
    main(["--db", str(debate_db), "claims", "--speaker", "BEN JONES", "--format", "json"])
    assert {c["speaker_name"] for c in json.loads(capsys.readouterr().out)} == {"Ben Jones"}
    main(["--db", str(debate_db), "claims", "--verdict", "Mostly false", "--format", "json"])
    assert [c["final_verdict"] for c in json.loads(capsys.readouterr().out)] == ["Mostly false"]
    assert main(["--db", str(debate_db), "claims", "--verdict", "Pants on fire"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not on the verdict scale" in err


def test_filters_matching_no_card_say_so_not_that_there_are_none(debate_db: Path, capsys: Capture) -> None:
    assert main(["--db", str(debate_db), "claims", "--status", "published"]) == 0
    out = capsys.readouterr().out
    assert out == (
        "No claim card matches --status published (the project has 4 cards; leave out the filters to "
        "list them all).\n"
    )
    # A part of a name is no speaker's name: refused, naming them.
    assert main(["--db", str(debate_db), "claims", "--speaker", "smith"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "known speakers: Anna Smith, Ben Jones." in err


def test_the_csv_is_spreadsheet_safe(debate_db: Path, capsys: Capture) -> None:
    assert main(["--db", str(debate_db), "claims", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert len(rows) == 4
    forged = next(r for r in rows if "HYPERLINK" in r["text"])
    assert forged["text"].startswith("'=")
    first = next(r for r in rows if r["text"].startswith("Unemployment"))
    assert first["final_verdict"] == "True" and first["final_by"] == "rita"
    assert first["verdicts"] == "alice: True | bob: Mostly true"
    assert first["checkworthy_votes"] == "alice: yes (a number) | bob: yes"
    assert first["documents"] == "City debate" and first["speaker"] == "Anna Smith"


def test_export_claimreview_and_claims_csv_to_files(debate_db: Path, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "reviews.json"
    assert main(["--db", str(debate_db), "export", "--format", "claimreview", "--out", str(out)]) == 0
    assert "Exported 3 claim cards" in capsys.readouterr().err
    assert [r["@type"] for r in json.loads(out.read_text(encoding="utf-8"))] == ["ClaimReview"] * 3
    sheet = tmp_path / "claims.csv"
    assert main(["--db", str(debate_db), "export", "--format", "claims-csv", "--out", str(sheet)]) == 0
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    assert main(["--db", str(debate_db), "export", "--format", "claimreview", "--label", "claim"]) == 1
    assert "drop the tag filters" in capsys.readouterr().err


def test_the_organization_is_set_from_the_command_line(debate_db: Path, capsys: Capture) -> None:
    args = [
        "--db",
        str(debate_db),
        "claims",
        "--organization",
        "Desk",
        "--organization-url",
        "https://d.example",
    ]
    assert main(args) == 0
    with Store.open(debate_db) as store:
        assert claim_settings.organization(store) == Organization("Desk", "https://d.example")
    assert main(["--db", str(debate_db), "claims", "--organization-url", "javascript:x"]) == 1
    assert "not an http or https address" in capsys.readouterr().err


def test_import_add_labels(debate_db: Path, tmp_path: Path, capsys: Capture) -> None:
    export = tmp_path / "out.json"
    main(["--db", str(debate_db), "export", "--format", "json", "--out", str(export)])
    data = json.loads(export.read_text(encoding="utf-8"))
    data["verdict_scale"].append({"name": "Pants on fire", "value": 0, "color": "#000000"})
    data["claims"][0]["verdicts"][0]["verdict"] = "Pants on fire"
    export.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    other = str(tmp_path / "other.db")
    assert main(["--db", other, "import", str(export)]) == 1
    err = capsys.readouterr().err
    assert "--add-labels" in err and err.count("\n") == 1
    assert main(["--db", other, "import", "--add-labels", str(export)]) == 0
    assert "Pants on fire" in capsys.readouterr().out


def test_agreement_reports_check_worthiness_and_verdicts(debate_db: Path, capsys: Capture) -> None:
    assert main(["--db", str(debate_db), "agreement"]) == 0
    out = capsys.readouterr().out
    assert "check-worthiness  Cohen's κ         alice        bob              4  0.000" in out
    assert "verdict           Krippendorff's α  (all)                         4" in out
    assert main(["--db", str(debate_db), "agreement", "--format", "json"]) == 0
    rows = {r["measure"]: r for r in json.loads(capsys.readouterr().out)}
    # alice 5,3,2,1 against bob 4,1,2,1 (the debate's verdicts), as scikit-learn and krippendorff give
    assert rows["verdict_cohen_kappa"]["value"] == pytest.approx(0.3846153846)
    assert rows["verdict_krippendorff_alpha"]["annotator_a"] is None
    assert main(["--db", str(debate_db), "agreement", "--format", "csv"]) == 0
    measures = [r["measure"] for r in csv.DictReader(io.StringIO(capsys.readouterr().out))]
    assert "checkworthy_krippendorff_alpha" in measures


def test_the_review_panel_lists_cards_whose_verdicts_differ(debate_db: Path) -> None:
    from factcheck.services.claim_agreement import store_verdict_disputes

    with Store.open(debate_db) as store:
        disputes = store_verdict_disputes(store)
        texts = {c.id: c.text for c in claims.cards(store)}
    assert [texts[d.claim_id][:10] for d in disputes] == ["Wages fell", "Unemployme"]
    assert disputes[0].verdicts == {"alice": "Half true", "bob": "False"} and disputes[0].spread == 2


def test_the_list_says_a_card_whose_tags_were_all_relabelled_has_no_claim_tag(
    debate_db: Path, capsys: Capture
) -> None:
    with Store.open(debate_db) as store:
        card = claims.cards(store)[-1]  # the oldest: "Unemployment fell…"
        (ann_id,) = claims.tag_ids(store, card.id)
        store.update_annotation(ann_id, label="denial")
    assert main(["--db", str(debate_db), "claims", "--format", "json"]) == 0
    listed = {c["id"]: c for c in json.loads(capsys.readouterr().out)}
    assert (listed[card.id]["tags"], listed[card.id]["dormant_tags"]) == ([], [ann_id])
    assert main(["--db", str(debate_db), "claims"]) == 0
    assert "(no claim tag: add one) Unemployment fell" in capsys.readouterr().out


def test_decision_rows_carry_the_cards_the_table_shows(debate_db: Path, capsys: Capture) -> None:
    # cy votes on two of the four cards: her pairs are over 2 cards, alice–bob's over 4.
    with Store.open(debate_db) as store:
        for card in claims.cards(store)[:2]:
            claims.vote(store, card.id, "cy", "no", "")
    assert main(["--db", str(debate_db), "agreement"]) == 0
    table = capsys.readouterr().out
    assert "check-worthiness  Cohen's κ         alice        cy               2" in table
    assert "check-worthiness  Cohen's κ         alice        bob              4" in table
    wanted = {
        ("checkworthy_cohen_kappa", "alice", "bob"): 4,
        ("checkworthy_cohen_kappa", "alice", "cy"): 2,
        ("checkworthy_cohen_kappa", "bob", "cy"): 2,
        ("checkworthy_krippendorff_alpha", None, None): 4,
        ("verdict_cohen_kappa", "alice", "bob"): 4,
        ("verdict_krippendorff_alpha", None, None): 4,
    }
    assert main(["--db", str(debate_db), "agreement", "--format", "json"]) == 0
    rows = [r for r in json.loads(capsys.readouterr().out) if r["document"] is None and r["label"] is None]
    decisions = [r for r in rows if r["measure"].startswith(("checkworthy_", "verdict_"))]
    assert all(list(r)[-1] == "cards" for r in decisions)  # a key added last, none renamed
    assert {(r["measure"], r["annotator_a"], r["annotator_b"]): r["cards"] for r in decisions} == wanted
    assert all("cards" not in r for r in rows if r not in decisions)  # tag rows: no cards
    assert main(["--db", str(debate_db), "agreement", "--format", "csv"]) == 0
    reader = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert reader.fieldnames is not None and reader.fieldnames[-1] == "cards"
    found = {
        (r["measure"], r["annotator_a"] or None, r["annotator_b"] or None): r["cards"]
        for r in reader
        if r["measure"].startswith(("checkworthy_", "verdict_")) or r["cards"]
    }
    assert found == {key: str(n) for key, n in wanted.items()}
