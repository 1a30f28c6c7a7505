"""A filter naming somebody the project never knew (a typo in a script) is refused in one line, exit 1,
whatever the verb; a known name matching nothing in the selection is an empty result, exit 0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import Store, claims
from db import speakers as speaker_store
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.core.speakers import new_speaker

Capture = pytest.CaptureFixture[str]
TEXT = "The mayor said crime fell by 20% last year. The police disagree."


@pytest.fixture
def project(db_path: Path) -> Path:
    """ana tagged the first document, bo the second; cy's only tag is deleted. A card by Anna Smith; Ben
    Jones, merged into her, and Carl Cole have none."""
    with Store.open(db_path) as store:
        first, _ = store.add_document(Document.create(TEXT, title="First"))
        second, _ = store.add_document(Document.create(TEXT + " Again.", title="Second"))
        claim = store.add_annotation(new_annotation(first, 15, 42, "claim", "ana"), first.text)
        store.add_annotation(new_annotation(second, 15, 42, "claim", "bo"), second.text)
        gone = store.add_annotation(new_annotation(second, 0, 9, "claim", "cy"), second.text)
        store.delete_annotation(gone.id)
        smith, jones, cole = (new_speaker(n) for n in ("Anna Smith", "Ben Jones", "Carl Cole"))
        speaker_store.put_speakers(store, [smith, jones, cole])
        speaker_store.merge_speakers(store, smith.id, jones.id)
        claims.create_card(store, [claim.id], "ana", text="Crime fell by 20%", speaker=smith.id)
    return db_path


def _ids(db_path: Path) -> tuple[str, str]:
    with Store.open(db_path) as store:
        first, second = sorted(store.document_summaries(), key=lambda d: d.title)
        return first.id, second.id


def test_export_refuses_an_annotator_the_project_never_had(project: Path, capsys: Capture) -> None:
    assert main(["--db", str(project), "export", "-f", "jsonl", "--annotator", "nobody"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err == (
        "factcheck: Nobody named 'nobody' ever tagged in this project; known annotators: ana, bo, cy.\n"
    )
    # One unknown among known ones is refused as well (not an export of the others' tags).
    assert main(["--db", str(project), "export", "-f", "jsonl", "--annotator", "ana,nobody"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_export_of_a_known_annotator_matching_nothing_is_empty(project: Path, capsys: Capture) -> None:
    first, _ = _ids(project)
    assert main(["--db", str(project), "export", "-f", "csv", "--annotator", "bo", "--document", first]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1 and err == ""  # the header only
    # Only a deleted tag: known, and said why the export has none of theirs.
    assert main(["--db", str(project), "export", "-f", "csv", "--annotator", "cy"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1  # the header
    assert err == "Note: no live tags by 'cy' in this project.\n"


def test_claims_refuses_a_speaker_the_project_never_had(project: Path, capsys: Capture) -> None:
    assert main(["--db", str(project), "claims", "--speaker", "nobody"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "factcheck: There is no speaker 'nobody' in this project; known speakers: Anna Smith, Ben Jones, "
        "Carl Cole.\n"
    )
    assert main(["--db", str(project), "claims", "--speaker", "smith", "--format", "json"]) == 1
    assert capsys.readouterr().out == ""


def test_claims_of_a_known_speaker_without_cards_is_empty(project: Path, capsys: Capture) -> None:
    assert main(["--db", str(project), "claims", "--speaker", "carl cole"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("No claim card matches --speaker carl cole") and err == ""
    assert main(["--db", str(project), "claims", "--speaker", "Ben Jones", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # merged into Anna Smith: her cards are hers
    assert main(["--db", str(project), "claims", "--speaker", "anna smith", "--format", "json"]) == 0
    assert [c["speaker_name"] for c in json.loads(capsys.readouterr().out)] == ["Anna Smith"]
