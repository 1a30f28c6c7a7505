"""A speaker named on the command line is found as names compare everywhere else in factcheck
(`factcheck.core.speakers.name_key`): "O'Brien" typed finds "O’Brien" as the article prints it, in
`speakers show/rename/edit/merge` and `claims --speaker` (each compared case and spacing aside only:
"There is no speaker \"Conan O'Brien\"", "No claim card matches")."""

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

TEXT = "Conan O’Brien said crime fell by 20% last year."


def test_a_typed_apostrophe_finds_the_speaker(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db_path) as store:
        doc, _ = store.add_document(Document.create(TEXT, title="Crime"))
        claim = store.add_annotation(new_annotation(doc, 19, 47, "claim", "ana"), TEXT)
        speaker = new_speaker("Conan O’Brien")
        speaker_store.put_speakers(store, [speaker])
        claims.create_card(store, [claim.id], "ana", text="Crime fell by 20%", speaker=speaker.id)
    db = str(db_path)
    assert main(["--db", db, "speakers", "show", "conan o'brien", "--format", "json"]) == 0, (
        capsys.readouterr()
    )
    assert json.loads(capsys.readouterr().out)["name"] == "Conan O’Brien"
    assert main(["--db", db, "claims", "--speaker", "Conan O'Brien", "--format", "json"]) == 0
    assert [c["speaker_name"] for c in json.loads(capsys.readouterr().out)] == ["Conan O’Brien"]
