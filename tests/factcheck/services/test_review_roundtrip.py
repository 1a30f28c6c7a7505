"""A reviewer's decisions travel back to the annotator: export, import, and every format carries them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from db import Store
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.review import set_review

TEXT = "The mayor said ridership doubled. The authority said it cannot confirm the figure.\n"


def test_decisions_reach_the_original_annotator(tmp_path: Path) -> None:
    # alice tags, exports; rita (the reviewer) imports, decides, exports; alice imports rita's export.
    with Store.open(tmp_path / "alice.db") as alice:
        doc, _ = alice.add_document(Document.create(TEXT, title="Ridership"))
        s = TEXT.index("ridership doubled")
        claim = alice.add_annotation(new_annotation(doc, s, s + 17, "claim", "alice"))
        s = TEXT.index("cannot confirm")
        denial = alice.add_annotation(new_annotation(doc, s, s + 14, "denial", "alice"))
        export(alice, "json", tmp_path / "alice.json")

    with Store.open(tmp_path / "rita.db") as rita:
        import_paths(rita, [tmp_path / "alice.json"], annotator="rita")
        set_review(rita, claim.id, "accepted", "rita")
        set_review(rita, denial.id, "rejected", "rita", "a refusal to confirm is not a denial")
        export(rita, "json", tmp_path / "rita.json")
        for fmt, name in (("csv", "rita.csv"), ("jsonl", "rita.jsonl"), ("w3c", "rita.w3c.json")):
            export(rita, fmt, tmp_path / name)

    with Store.open(tmp_path / "alice.db") as alice:
        report = import_paths(alice, [tmp_path / "rita.json"], annotator="alice")
        assert report.updated == 2
        got = {a.id: a for a in alice.annotations()}
        assert (got[claim.id].status, got[claim.id].reviewer) == ("accepted", "rita")
        assert (got[denial.id].status, got[denial.id].reason) == (
            "rejected",
            "a refusal to confirm is not a denial",
        )
        assert got[denial.id].reviewed_at and got[denial.id].annotator == "alice"
        again = import_paths(alice, [tmp_path / "rita.json"], annotator="alice")
        assert (again.updated, again.added) == (0, 0)

    with (tmp_path / "rita.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = {r["annotation_id"]: r for r in csv.DictReader(fh)}
    assert (rows[denial.id]["status"], rows[denial.id]["reviewer"]) == ("rejected", "rita")
    assert rows[denial.id]["reason"] == "a refusal to confirm is not a denial"
    lines = [json.loads(line) for line in (tmp_path / "rita.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {(x["id"], x["status"]) for x in lines} == {(claim.id, "accepted"), (denial.id, "rejected")}
    w3c = json.loads((tmp_path / "rita.w3c.json").read_text(encoding="utf-8"))
    bodies = [b for item in w3c["first"]["items"] for b in item["body"] if b.get("purpose") == "assessing"]
    assert sorted(b["value"] for b in bodies) == [
        "accepted",
        "rejected: a refusal to confirm is not a denial",
    ]
    assert all(b["creator"]["name"] == "rita" and b["created"] for b in bodies)


def test_a_cleared_decision_travels_back_with_its_time(tmp_path: Path) -> None:
    """A clearing keeps its time (reviewed_at, with no status): every format writes it and the project
    formats read it back; the annotator's copy loses the decision the reviewer cleared."""
    with Store.open(tmp_path / "alice.db") as alice:
        doc, _ = alice.add_document(Document.create(TEXT, title="Ridership"))
        s = TEXT.index("ridership doubled")
        claim = alice.add_annotation(new_annotation(doc, s, s + 17, "claim", "alice"))
        set_review(alice, claim.id, "accepted", "rita")  # the decision alice holds, from an earlier round
        export(alice, "json", tmp_path / "alice.json")
    with Store.open(tmp_path / "rita.db") as rita:
        import_paths(rita, [tmp_path / "alice.json"], annotator="rita")
        cleared = set_review(rita, claim.id, None, None)
        assert cleared.status is None and cleared.reviewed_at == cleared.updated_at
        for fmt, name in (("json", "rita.json"), ("csv", "rita.csv"), ("jsonl", "rita.jsonl")):
            export(rita, fmt, tmp_path / name)
        export(rita, "w3c", tmp_path / "rita.w3c.json")
    for name in ("rita.json", "rita.jsonl"):
        with Store.open(tmp_path / f"alice-{name}.db") as copy:
            import_paths(copy, [tmp_path / "alice.json"], annotator="alice")
            report = import_paths(copy, [tmp_path / name], annotator="alice")
            assert report.updated == 1, name
            got = copy.annotation(claim.id)
            assert got is not None and (got.status, got.reviewer, got.reviewed_at) == (
                None,
                None,
                cleared.reviewed_at,
            )
    w3c = json.loads((tmp_path / "rita.w3c.json").read_text(encoding="utf-8"))
    assert not [b for item in w3c["first"]["items"] for b in item["body"] if b.get("purpose") == "assessing"]
