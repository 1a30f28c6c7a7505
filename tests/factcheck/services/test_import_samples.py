"""A teammate's database or export merged into a project leaves out their bundled sample article and what
they made on it while trying factcheck out (tags, links, claim cards), and says so: it brought it all, onto
the importer's own sample, or as a new article. A file of nothing but the sample is imported as asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store, claims, links
from db.samples import SAMPLE_SOURCE, sample_document_ids
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.factcheck.services.sync_support import ARTICLE, SAMPLE, tried_sample


def _alice(path: Path, *, work: bool = True) -> dict[str, str]:
    """Alice's project: the sample tried out (two tags, a link, a card with a vote), and her own work: an
    article, a claim, and a card holding it and the trial claim. The ids, by name."""
    with Store.open(path) as alice:
        ids = tried_sample(alice)
        if work:
            doc, _ = alice.add_document(Document.create(ARTICLE, title="Crime figures", source="crime.txt"))
            start = ARTICLE.index("crime fell by 20%")
            ids["real"] = alice.add_annotation(
                new_annotation(doc, start, start + 17, "claim", "alice"), ARTICLE
            ).id
            mixed, _ = claims.create_card(alice, [ids["real"], ids["trial claim"]], "alice", text="Crime")
            ids["mixed card"] = mixed.id
    return ids


def _bob(path: Path) -> tuple[Store, str]:
    """Bob's project, on his own sample (one trial tag of his)."""
    bob = Store.open(path)
    sample, _ = bob.add_document(Document.create(SAMPLE, source=SAMPLE_SOURCE))
    start = SAMPLE.index("Critics called it spin")
    tag = bob.add_annotation(new_annotation(sample, start, start + 22, "characterization", "bob"), SAMPLE)
    return bob, tag.id


@pytest.mark.parametrize("kind", ["database", "json"])
def test_a_teammates_sample_and_the_trial_work_on_it_stay_out(tmp_path: Path, kind: str) -> None:
    ids = _alice(tmp_path / "alice.db")
    source = tmp_path / "alice.db"
    if kind == "json":
        source = tmp_path / "alice.json"
        with Store.open(tmp_path / "alice.db") as alice:
            export(alice, "json", source)
    bob, bobs_trial = _bob(tmp_path / "bob.db")
    with bob:
        report = import_paths(bob, [source], annotator="bob")
        assert {a.id for a in bob.annotations()} == {ids["real"], bobs_trial}
        assert [d.title for d in bob.documents() if d.source != SAMPLE_SOURCE] == ["Crime figures"]
        assert len(sample_document_ids(bob)) == 1  # his own, with his trial tag only
        assert claims.card(bob, ids["trial card"]) is None
        assert [t.annotation_id for t in claims.claim_tags(bob, ids["mixed card"])] == [ids["real"]]
        assert links.links(bob) == []
        (note,) = [n for n in report.notes if "sample" in n]
        assert "2 tags and 1 claim card" in note and "not the team's work" in note


def test_a_file_of_nothing_but_the_sample_is_imported_as_asked(tmp_path: Path) -> None:
    ids = _alice(tmp_path / "alice.db", work=False)
    with Store.open(tmp_path / "bob.db") as bob:
        report = import_paths(bob, [tmp_path / "alice.db"], annotator="bob")
        assert {a.id for a in bob.annotations()} == {ids["trial claim"], ids["trial denial"]}
        assert claims.card(bob, ids["trial card"]) is not None
        assert not [n for n in report.notes if "sample" in n]
