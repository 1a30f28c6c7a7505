"""Claim cards in JSONL: rating, organization and claim lines after the tags, read back with the JSON
format's checks (one line named where it goes wrong, nothing imported) and merged as JSON's are."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from db import Store, claim_settings, claims
from factcheck.core.claims import verdict_id
from factcheck.core.errors import ImportRefused
from factcheck.core.model import Document
from factcheck.services.exporting import export
from factcheck.services.formats.jsonl_format import CARD_RECORDS
from factcheck.services.importing import import_paths
from tests.helpers.claims import DEBATE, DEBATE_URL, Debate, make_debate

Line = dict[str, Any]


@pytest.fixture
def source(tmp_path: Path) -> tuple[Store, Debate]:
    store = Store.open(tmp_path / "source.db")
    debate = make_debate(store)
    claims.delete_card(store, debate.cards[3].id, "alice")  # a tombstone travels too
    claims.update_card(store, debate.cards[0].id, "alice", appearances=["https://tv.example/clip"])
    return store, debate


def _with_article(path: Path) -> Store:
    """A fresh project that imported the debate itself (its own document id; the lines find it by sha256)."""
    store = Store.open(path)
    store.add_document(Document.create(DEBATE, title="City debate", source=DEBATE_URL))
    return store


def _lines(path: Path) -> list[Line]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _write(path: Path, lines: list[Line]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def _cards_of(store: Store) -> dict[str, Any]:
    """Everything of the claim cards, comparable across projects."""
    return {
        "cards": claims.cards(store, include_deleted=True),
        "tags": sorted((t.claim_id, t.annotation_id, t.annotator) for t in claims.claim_tags(store)),
        "votes": claims.votes(store),
        "verdicts": claims.verdicts(store),
        "scale": claim_settings.scale(store),
        "organization": claim_settings.organization(store),
    }


def test_jsonl_and_json_give_the_same_cards_back(source: tuple[Store, Debate], tmp_path: Path) -> None:
    store, debate = source
    export(store, "jsonl", tmp_path / "out.jsonl")
    export(store, "json", tmp_path / "out.json")
    from_jsonl = _with_article(tmp_path / "jsonl.db")
    report = import_paths(from_jsonl, [tmp_path / "out.jsonl"])
    from_json = Store.open(tmp_path / "json.db")
    import_paths(from_json, [tmp_path / "out.json"])
    assert _cards_of(from_jsonl) == _cards_of(from_json) == _cards_of(store)
    assert len(claims.verdicts(from_jsonl)) == 11 and len(claims.claim_tags(from_jsonl)) == 4
    assert claims.require_card(from_jsonl, debate.cards[3].id).deleted_at is not None
    assert "cards 4 added" in report.summary()
    again = import_paths(from_jsonl, [tmp_path / "out.jsonl"])  # merging by id: nothing new
    assert "added" not in again.summary() and "updated" not in again.summary()
    assert _cards_of(from_jsonl) == _cards_of(store)


def test_the_lines_are_the_tags_then_one_card_a_line(source: tuple[Store, Debate], tmp_path: Path) -> None:
    store, debate = source
    export(store, "jsonl", tmp_path / "out.jsonl")
    lines = _lines(tmp_path / "out.jsonl")
    kinds = [line.get("record") for line in lines]
    assert kinds == [None] * 6 + ["speaker"] * 2 + ["rating"] * 5 + ["organization"] + ["claim"] * 4
    assert lines[8] == {"record": "rating", "name": "True", "value": 5, "color": "#009E73"}
    assert lines[13] == {"record": "organization", "name": "Fact Desk", "url": "https://factdesk.example.org"}
    export(store, "json", tmp_path / "out.json")
    json_cards = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    # a claim line is the JSON format's card, with its "record" key
    assert [{k: v for k, v in line.items() if k != "record"} for line in lines[14:]] == json_cards["claims"]
    assert [line["id"] for line in lines[14:]] == [c.id for c in debate.cards]


def test_a_card_names_only_the_tags_the_file_carries(source: tuple[Store, Debate], tmp_path: Path) -> None:
    store, debate = source
    attached = claims.claim_tags(store, debate.cards[1].id)[0].annotation_id
    store.delete_annotation(attached)  # deleted tags are left out of JSONL: the card may not name it
    export(store, "jsonl", tmp_path / "out.jsonl")
    card = next(line for line in _lines(tmp_path / "out.jsonl") if line.get("id") == debate.cards[1].id)
    assert card["tags"] == []
    fresh = _with_article(tmp_path / "fresh.db")
    import_paths(fresh, [tmp_path / "out.jsonl"])
    assert claims.require_card(fresh, debate.cards[1].id).text == debate.cards[1].text
    assert claims.verdicts(fresh, debate.cards[1].id) == claims.verdicts(store, debate.cards[1].id)


def test_a_card_may_name_a_tag_the_project_already_has(source: tuple[Store, Debate], tmp_path: Path) -> None:
    store, _ = source
    export(store, "jsonl", tmp_path / "out.jsonl")
    fresh = _with_article(tmp_path / "fresh.db")
    import_paths(fresh, [tmp_path / "out.jsonl"])
    cards_only = [line for line in _lines(tmp_path / "out.jsonl") if line.get("record") in CARD_RECORDS]
    import_paths(fresh, [_write(tmp_path / "cards.jsonl", cards_only)])
    assert _cards_of(fresh) == _cards_of(store)


def test_a_jsonl_file_without_card_lines_still_imports(source: tuple[Store, Debate], tmp_path: Path) -> None:
    store, _ = source
    export(store, "jsonl", tmp_path / "out.jsonl")
    old = [line for line in _lines(tmp_path / "out.jsonl") if line.get("record") not in CARD_RECORDS]
    fresh = _with_article(tmp_path / "fresh.db")
    report = import_paths(fresh, [_write(tmp_path / "old.jsonl", old)])
    assert len(fresh.annotations()) == 6 and "Claim cards" not in report.summary()
    assert claims.cards(fresh, include_deleted=True) == []


def test_a_project_without_cards_writes_no_card_lines(store: Store, tmp_path: Path) -> None:
    doc, _ = store.add_document(Document.create(DEBATE, title="City debate"))
    from factcheck.core.spans import new_annotation

    store.add_annotation(new_annotation(doc, 0, 9, "claim", "alice"))
    export(store, "jsonl", tmp_path / "out.jsonl")
    assert [line.get("record") for line in _lines(tmp_path / "out.jsonl")] == [None]


def test_an_unknown_rating_is_refused_unless_added(source: tuple[Store, Debate], tmp_path: Path) -> None:
    store, debate = source
    export(store, "jsonl", tmp_path / "out.jsonl")
    lines = _lines(tmp_path / "out.jsonl")
    lines.insert(13, {"record": "rating", "name": "Pants on fire", "value": 0, "color": "#000000"})
    card = next(line for line in lines if line.get("id") == debate.cards[0].id)
    card["verdicts"][0].update(verdict="Pants on fire", updated_at="2026-11-28T00:00:00.000000Z")
    path = _write(tmp_path / "fire.jsonl", lines)
    other = _with_article(tmp_path / "other.db")
    with pytest.raises(
        ImportRefused, match=r"'Pants on fire' is not on this project's verdict scale.*--add-labels"
    ):
        import_paths(other, [path])
    assert other.annotations() == [] and claims.cards(other, include_deleted=True) == []  # nothing at all
    report = import_paths(other, [path], add_labels=True)
    assert claim_settings.scale(other).value_of("Pants on fire") == 0
    assert "Pants on fire" in report.summary()


def _claim(lines: list[Line], i: int = 0) -> Line:
    return [line for line in lines if line.get("record") == "claim"][i]


def _at(lines: list[Line], kind: str, i: int = 0) -> int:
    """The line number (from 1) of the i-th line of a kind."""
    return [n for n, line in enumerate(lines, start=1) if line.get("record") == kind][i]


def _someone_elses_verdict(lines: list[Line]) -> None:
    card = _claim(lines)
    bobs = next(v for v in card["verdicts"] if v["annotator"] == "bob")
    bobs["id"] = verdict_id(card["id"], "alice", False)  # bob's verdict passed off as alice's row


#: case -> (change the lines, the record kind (and which of them) the refusal must name, its message)
MUTATIONS: dict[str, tuple[Callable[[list[Line]], None], tuple[str, int], str]] = {
    "text a number": (lambda ls: _claim(ls).update(text=5), ("claim", 0), '"text" must be a string'),
    "tags not a list": (lambda ls: _claim(ls, 1).update(tags="abc"), ("claim", 1), '"tags" must be a list'),
    "tag id a number": (lambda ls: _claim(ls).update(tags=[7]), ("claim", 0), "expected a tag id"),
    "a missing tag": (
        lambda ls: _claim(ls, 2)["tags"].append("no-such-tag"),
        ("claim", 2),
        "names the tag 'no-such-tag', which is neither in the file nor in this project",
    ),
    "vote value": (
        lambda ls: _claim(ls)["checkworthy"][0].update(value="maybe"),
        ("claim", 0),
        "yes, no or unsure",
    ),
    "verdict final a string": (
        lambda ls: _claim(ls)["verdicts"][0].update(final="yes"),
        ("claim", 0),
        '"final" must be true',
    ),
    "someone else's verdict": (
        _someone_elses_verdict,
        ("claim", 0),
        "which is not bob's verdict on this card",
    ),
    "a vote of another card": (
        lambda ls: _claim(ls, 1)["checkworthy"][1].update(claim_id=_claim(ls, 0)["id"]),
        ("claim", 1),
        "names another card",
    ),
    "card twice": (lambda ls: ls.append(dict(_claim(ls))), ("claim", 4), "appears twice"),
    "rating colour": (lambda ls: ls[_at(ls, "rating", 2) - 1].update(color="red"), ("rating", 2), "#rrggbb"),
    "rating twice": (
        lambda ls: ls.insert(_at(ls, "rating", 4), dict(ls[_at(ls, "rating", 0) - 1])),
        ("rating", 5),
        "named twice",
    ),
    "organization twice": (
        lambda ls: ls.append(dict(ls[_at(ls, "organization") - 1])),
        ("organization", 1),
        "a second organization",
    ),
    "organization url": (
        lambda ls: ls[_at(ls, "organization") - 1].update(url="javascript:x"),
        ("organization", 0),
        "not an http or https",
    ),
    "stamp in the far future": (
        lambda ls: _claim(ls, 3).update(updated_at="2999-01-01T00:00:00Z"),
        ("claim", 3),
        "more than a day in the future",
    ),
    "unknown record": (
        lambda ls: _claim(ls).update(record="verdict"),
        ("verdict", 0),
        '"record" must be one of',
    ),
}


@pytest.mark.parametrize("case", list(MUTATIONS))
def test_a_hostile_card_line_is_refused_naming_the_line(
    case: str, source: tuple[Store, Debate], tmp_path: Path
) -> None:
    store, _ = source
    export(store, "jsonl", tmp_path / "out.jsonl")
    lines = _lines(tmp_path / "out.jsonl")
    mutate, (kind, which), message = MUTATIONS[case]
    mutate(lines)
    line = _at(lines, kind, which)
    fresh = _with_article(tmp_path / "fresh.db")
    with pytest.raises(ImportRefused, match=r"bad\.jsonl") as refused:
        import_paths(fresh, [_write(tmp_path / "bad.jsonl", lines)])
    text = str(refused.value)
    assert message in text
    assert f"(at line {line})" in text or f"(at line {line}, " in text, text
    assert "\n" not in text and "nothing was imported" in text
    assert fresh.annotations(include_deleted=True) == [] and claims.cards(fresh, include_deleted=True) == []


def test_the_command_line_says_one_line_and_imports_nothing(
    source: tuple[Store, Debate], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from factcheck.cli import main

    store, _ = source
    export(store, "jsonl", tmp_path / "out.jsonl")
    lines = _lines(tmp_path / "out.jsonl")
    _claim(lines, 1)["checkworthy"][0]["value"] = "maybe"
    bad = _write(tmp_path / "bad.jsonl", lines)
    target = tmp_path / "target.db"
    _with_article(target).close()
    capsys.readouterr()
    assert main(["--db", str(target), "import", str(bad)]) != 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert f"(at line {_at(lines, 'claim', 1)}, checkworthy[0])" in captured.err
    with Store.open(target) as after:
        assert after.annotations() == [] and claims.cards(after, include_deleted=True) == []
    good = _write(tmp_path / "good.jsonl", _lines(tmp_path / "out.jsonl"))
    assert main(["--db", str(target), "import", str(good)]) == 0
    assert "cards 4 added" in capsys.readouterr().out
