"""Projects that sync with the test server: tagging as a role, and what each ends up holding."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from db import Store, attribution, claims, links, speakers, sync_local
from db.samples import SAMPLE_SOURCE
from factcheck.core.claims import ClaimCard
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.core.speakers import Speaker, new_speaker
from factcheck.services.sync import sync
from factcheck.services.sync_report import SyncReport
from factcheck.services.sync_structure import SpeakerNameRefused
from tests.pg import Team

ARTICLE = (
    "The minister said crime fell by 20% last year. Critics called the figure misleading.\n"
    "The mayor denied any cut in police numbers. Analysts described the plan as reckless.\n"
)


def project(tmp_path: Path, name: str, *, article: bool = True) -> Store:
    store = Store.open(tmp_path / f"{name}.db")
    if article:
        store.add_document(Document.create(ARTICLE, title="Crime figures", source="crime.txt"))
    return store


def projects(tmp_path: Path, names: tuple[str, ...] = ("alice", "bob", "rita")) -> Iterator[dict[str, Store]]:
    """One project each (the article in it), closed after the test (yield from it in a fixture)."""
    made = {name: project(tmp_path, name) for name in names}
    try:
        yield made
    finally:
        for store in made.values():
            store.close()


def doc_of(store: Store) -> Document:
    (doc,) = store.documents()
    return doc


def tag(store: Store, annotator: str, start: int, end: int, label: str = "claim") -> Annotation:
    doc = doc_of(store)
    return store.add_annotation(new_annotation(doc, start, end, label, annotator), doc.text)


def state(store: Store) -> list[tuple[Any, ...]]:
    """Every tag (tombstones included) as the text it holds, without local document ids."""
    sha = {d.id: d.sha256 for d in store.documents()}
    return sorted(
        (a.id, sha[a.document_id], a.label, a.start, a.end, a.quote, a.annotator, a.note, a.updated_at,
         a.deleted_at, a.status, a.reviewer, a.reason)
        for a in store.annotations(include_deleted=True)
    )  # fmt: skip


def checking_card(store: Store, maker: str) -> ClaimCard:
    """maker's claim card on a claim tag of the article ("Crime fell by 20% last year"), in checking."""
    claim = tag(store, maker, 4, 45)
    card, _ = claims.create_card(store, [claim.id], maker, text="Crime fell by 20% last year")
    return claims.set_status(store, card.id, maker, "checking")


def span_of(store: Store, words: str) -> tuple[int, int]:
    """The offsets of words in the store's article."""
    start = doc_of(store).text.index(words)
    return start, start + len(words)


def connected(stores: dict[str, Store], team: Team) -> None:
    """Each project synced once with the team server as its annotator, nothing refused."""
    for name, store in stores.items():
        assert not sync(store, team.url(name)).refused


def server_card(team: Team, key: str) -> tuple[object, ...]:
    """(status, text) of a claim card on the team server."""
    with team.server.admin(team.database) as conn:
        row = conn.execute("SELECT status, text FROM factcheck.claims WHERE id = %s", [key]).fetchone()
    assert row is not None
    return tuple(row)


def _relabel(owner: Store, key: str) -> None:
    owner.update_annotation(key, label="denial")


def _respan(owner: Store, key: str) -> None:
    owner.update_annotation(key, span=span_of(owner, "crime fell by 20% last year"))


def _pieces(owner: Store, key: str) -> None:
    a = owner.annotation(key)
    assert a is not None
    attribution.set_pieces(owner, key, [(a.start, a.end), span_of(owner, "Critics")], by=a.annotator)


#: The owner's changes of what a reviewer's decision judges (label, span, pieces), by name.
JUDGED_CHANGES: dict[str, Callable[[Store, str], None]] = {
    "label": _relabel, "span": _respan, "pieces": _pieces,
}  # fmt: skip


@contextmanager
def older_speaker_refused(
    team: Team, tmp_path: Path, **older: object
) -> Iterator[tuple[Store, Speaker, str]]:
    """alice's source tag names "The minister" as an older factcheck let it be saved, with the fields
    ``older`` (before the rules that now refuse them): her first sync is refused and sends nothing. Yields
    her project, the speaker and the refusal's message."""
    with project(tmp_path, "alice") as alice:
        source = tag(alice, "alice", 0, 12, "source")
        speaker = replace(new_speaker("The minister"), **older)  # type: ignore[arg-type]
        speakers.put_speakers(alice, [speaker])  # as an older factcheck let it be typed
        sync_local.start_tracking(alice)
        attribution.set_speaker(alice, source.id, speaker.id)
        with pytest.raises(SpeakerNameRefused) as refused:
            sync(alice, team.url("alice"))
        with team.connect("alice") as conn:
            assert conn.execute("SELECT count(*) FROM factcheck.annotations").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM factcheck.speakers").fetchone() == (0,)
        yield alice, speaker, str(refused.value)


@contextmanager
def speaker_rewritten_on_server(
    team: Team, tmp_path: Path, made: Speaker, assignments: str, values: Sequence[object]
) -> Iterator[tuple[Store, SyncReport, Speaker]]:
    """alice syncs her source tag naming ``made``; a client bypassing factcheck then rewrites its row on
    the server (``assignments``, e.g. "name = %s", set to ``values``); bob syncs. Yields bob's project, his
    sync's report and the speaker as it arrived, his copy of the tag still naming it."""
    with project(tmp_path, "alice") as alice, project(tmp_path, "bob") as bob:
        source = tag(alice, "alice", 0, 12, "source")
        speaker = speakers.add_speaker(alice, made)
        attribution.set_speaker(alice, source.id, speaker.id)
        sync(alice, team.url("alice"))
        with team.connect("alice") as conn:  # plain psycopg: what a client bypassing factcheck may write
            conn.execute(f"UPDATE factcheck.speakers SET {assignments} WHERE id = %s", [*values, speaker.id])
        report = sync(bob, team.url("bob"))
        got = speakers.speaker(bob, speaker.id)
        assert got is not None
        bobs_source = bob.annotation(source.id)
        assert bobs_source is not None and bobs_source.speaker == speaker.id
        yield bob, report, got


SAMPLE = "Harbour council says ridership doubled. The authority denied it. Critics called it spin.\n"


def tried_sample(store: Store) -> dict[str, str]:
    """A newcomer (alice) trying the bundled sample article out: a claim and a denial, a link between
    them and a card with a vote. The ids, by name ("sample", "trial claim", "trial denial", "trial card")."""
    sample, _ = store.add_document(Document.create(SAMPLE, source=SAMPLE_SOURCE))

    def on_sample(words: str, label: str) -> str:
        start = SAMPLE.index(words)
        return store.add_annotation(
            new_annotation(sample, start, start + len(words), label, "alice"), SAMPLE
        ).id

    ids = {"sample": sample.id, "trial claim": on_sample("ridership doubled", "claim")}
    ids["trial denial"] = on_sample("The authority denied it", "denial")
    links.add_link(store, new_link(sample.id, "denies", ids["trial denial"], ids["trial claim"], "alice"))
    card, _ = claims.create_card(store, [ids["trial claim"]], "alice", text="Ridership doubled")
    claims.vote(store, card.id, "alice", "yes", "trying")
    ids["trial card"] = card.id
    return ids
