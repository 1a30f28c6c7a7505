"""The project's claim cards as the window sees them: one model, fed by the project's signals.

`ClaimsModel` is the one place in ui/ that reads the cards, their tags, votes and verdicts, the verdict
scale and the organization from the store (through the project), and the one place that writes them
(through the project's write path: one transaction each, then `claimsChanged`). It keeps a summary row
per live card (`CardRow`: what the Claims pane lists and filters on) and refreshes one card at a time
when the project says one changed; a bulk change (an import, a merge, another database) reloads it all.
It loads nothing until a view first asks, so a user who never opens the Claims pane pays nothing.

Views (the Claims pane's table, the card view, the speaker's tally, the review panel's list of cards whose
verdicts differ) follow its signals: `reset`, `cardChanged(card id)`, `scaleChanged`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from db import claim_settings
from db import claims as claims_db
from db import links as links_db
from db import speakers as speakers_db
from db.claim_changes import claims_fingerprint
from db.claim_listing import ClaimSummary, list_cards, speaker_tally
from db.claim_settings import SpeakerRef
from db.store import Store
from factcheck.core.claims import (
    CHECKWORTHY_VALUES,
    CLAIM_STATUSES,
    CheckworthyVote,
    ClaimCard,
    ClaimError,
    ClaimTag,
    Organization,
    ScaleEntry,
    Verdict,
    VerdictScale,
    tally,
)
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Annotation, utc_now
from factcheck.core.speakers import Speaker, new_speaker
from ui.project import ProjectModel

T = TypeVar("T")

OTHERS_INTERVAL_MS = 2000  # look for other programs' changes to the cards this often
STATUSES = CLAIM_STATUSES
VOTES = CHECKWORTHY_VALUES
#: A card as the list shows it (the store's summary: counts, documents, verdicts).
CardRow = ClaimSummary
#: A stored row of a card: the card itself, a tag's place on it, a vote, a verdict.
CardPart = ClaimCard | ClaimTag | CheckworthyVote | Verdict


class CardRefused(FactcheckError):
    """A card edit the store refused (another's card, a tag gone, a rating not on the scale)."""


@dataclass(frozen=True)
class CardTag:
    """A tag on a card, or one linked to a tag on it (a denial, a characterization)."""

    annotation_id: str
    annotation: Annotation | None  # None: the tag was deleted since
    document_id: str
    document_title: str
    attached_by: str  # who put it on the card (a linked tag: who linked it)
    relation: str  # "claim" (on the card), or the link's type ("denies", "characterizes")


@dataclass(frozen=True)
class CardDetail:
    card: ClaimCard
    row: CardRow
    sources: tuple[str, ...]  # the sources of the documents its tags are in
    tags: tuple[CardTag, ...]
    votes: tuple[CheckworthyVote, ...]  # live, oldest first
    verdicts: tuple[Verdict, ...]  # every version, live and withdrawn, newest first


@dataclass(frozen=True)
class CardChange:
    """What one card edit wrote: the rows as they were (a tombstone for a row it made) and as they are.
    Undo puts `before` back, redo `after`, each with a fresh updated_at."""

    card_id: str
    before: tuple[CardPart, ...]
    after: tuple[CardPart, ...]


def _parts(store: Store, card_id: str) -> dict[tuple[str, str], CardPart]:
    found = claims_db.card(store, card_id)
    rows: list[CardPart] = [] if found is None else [found]
    rows += claims_db.claim_tags(store, card_id, include_deleted=True)
    rows += claims_db.votes(store, card_id, include_deleted=True)
    rows += claims_db.verdicts(store, card_id, include_deleted=True)
    return {(type(r).__name__, r.id): r for r in rows}


def _put_parts(store: Store, rows: Sequence[CardPart], speakers: Sequence[Speaker], now: str) -> None:
    stamped = [replace(r, updated_at=now) for r in rows]
    with store.atomic():
        speakers_db.put_speakers(store, [replace(s, updated_at=now) for s in speakers])
        claims_db.put_cards(store, [r for r in stamped if isinstance(r, ClaimCard)])
        claims_db.put_claim_tags(store, [r for r in stamped if isinstance(r, ClaimTag)])
        claims_db.put_votes(store, [r for r in stamped if isinstance(r, CheckworthyVote)])
        claims_db.put_verdicts(store, [r for r in stamped if isinstance(r, Verdict)])


def _tombstone(row: CardPart) -> CardPart:
    return row if row.deleted_at is not None else replace(row, deleted_at=utc_now())


class ClaimsModel(QObject):
    reset = Signal()  # many cards changed: views reload
    cardChanged = Signal(str)  # a card id: added, edited, deleted, its tags, votes or verdicts changed
    scaleChanged = Signal()  # the verdict scale (or the organization) changed

    def __init__(self, project: ProjectModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._rows: dict[str, CardRow] | None = None  # None: not loaded (nobody asked yet)
        self._scale: VerdictScale | None = None
        self._titles: dict[str, tuple[str, str]] | None = None  # document id -> (title, source)
        self._speakers: dict[str, SpeakerRef] | None = None  # id -> the speaker it resolves to
        self._reload_timer = QTimer(self, singleShot=True, interval=0)
        self._reload_timer.timeout.connect(self._reload)
        # Other programs' writes (a teammate's sync, another window) to the cards alone move no tag: look
        # for them as the window looks for tags, while something shows the cards.
        self._version = -1
        self._fingerprint: tuple[tuple[int, str], ...] = ()
        self._watch = QTimer(self, interval=OTHERS_INTERVAL_MS)
        self._watch.timeout.connect(self.reload_if_changed)
        project.claimsChanged.connect(self._on_claims_changed)
        project.storeReplaced.connect(self._bulk)
        project.documentsChanged.connect(self._documents_changed)
        project.annotationsReset.connect(lambda _doc: self._bulk(later=True))
        project.annotationRemoved.connect(self._tag_written)
        project.annotationUpserted.connect(self._tag_written)

    # -- reading ---------------------------------------------------------------------------------
    def _read(self, query: Callable[[Store], T]) -> T:
        return self.project.read_with(query)

    def _loaded(self) -> dict[str, CardRow]:
        if self._rows is None:
            self._note_version()
            self._rows = {s.id: s for s in self._read(lambda store: list_cards(store))}
            self._watch.start()
        return self._rows

    def _note_version(self) -> None:
        self._version, self._fingerprint = self._read(lambda store: (store.data_version(),
                                                                     claims_fingerprint(store)))  # fmt: skip

    def reload_if_changed(self) -> bool:
        """If another program changed the cards since we looked, reload them; True if so."""
        if self._rows is None:
            return False
        try:
            version = self._read(lambda store: store.data_version())
        except Exception:  # a vanished or locked file: the next write will say so properly
            return False
        if version == self._version:
            return False
        before = self._fingerprint
        self._note_version()
        if self._fingerprint == before:
            return False
        self._scale = None
        self._speakers = None
        self.scaleChanged.emit()
        self._reload()
        return True

    def loaded(self) -> bool:
        return self._rows is not None

    def card_ids(self) -> list[str]:
        return list(self._loaded())

    def rows(self) -> Iterable[CardRow]:
        return self._loaded().values()

    def row(self, card_id: str) -> CardRow | None:
        return self._loaded().get(card_id)

    def card(self, card_id: str) -> ClaimCard | None:
        return self._read(lambda store: claims_db.card(store, card_id))

    def scale(self) -> VerdictScale:
        if self._scale is None:
            self._scale = self._read(claim_settings.scale)
        return self._scale

    def scale_usage(self) -> dict[str, int]:
        """Scale name -> how many live verdicts use it."""
        used: dict[str, int] = {}
        for v in self._read(lambda store: claims_db.verdicts(store)):
            used[v.verdict] = used.get(v.verdict, 0) + 1
        return used

    def organization(self) -> Organization:
        return self._read(claim_settings.organization)

    def _known_speakers(self) -> dict[str, SpeakerRef]:
        if self._speakers is None:
            self._speakers = self._read(claim_settings.speakers)
        return self._speakers

    def speakers(self) -> list[tuple[str, str]]:
        """(id, name) of the project's live speakers, by name (merged ones are their target's)."""
        live = self._read(lambda store: speakers_db.speakers(store))
        return sorted(((s.id, s.name) for s in live if not s.merged_into), key=lambda p: p[1].casefold())

    def resolve_speaker(self, speaker_id: str) -> str:
        """The speaker this id stands for now (a merged speaker: the one it was merged into)."""
        ref = self._known_speakers().get(speaker_id)
        return ref.id if ref is not None else speaker_id

    def speaker_name(self, speaker_id: str) -> str:
        ref = self._known_speakers().get(speaker_id)
        return ref.name if ref is not None else speaker_id

    def speaker_ids(self, speaker_id: str) -> frozenset[str]:
        """Every id that stands for this speaker (its own and those merged into it)."""
        target = self.resolve_speaker(speaker_id)
        return frozenset({target} | {sid for sid, ref in self._known_speakers().items() if ref.id == target})

    def card_speakers(self) -> list[tuple[str, str]]:
        """(id, name) of the speakers of the cards (merged ones as the speaker they joined), by name."""
        ids = {self.resolve_speaker(r.speaker) for r in self.rows() if r.speaker}
        return sorted(((sid, self.speaker_name(sid)) for sid in ids), key=lambda p: p[1].casefold())

    def _document_titles(self) -> dict[str, tuple[str, str]]:
        if self._titles is None:
            self._titles = {d.id: (d.title, d.source) for d in self.project.documents()}
        return self._titles

    def document_source(self, document_id: str) -> str:
        return self._document_titles().get(document_id, ("", ""))[1]

    def new_speaker(self, name: str) -> Speaker:
        """A speaker of this name, not stored yet (the card command that names it stores it)."""
        try:
            return new_speaker(name)
        except ValueError as exc:
            raise CardRefused(str(exc)) from exc

    def documents(self) -> list[tuple[str, str]]:
        """(id, title) of the documents that have tags on cards, by title."""
        titles = self._document_titles()
        ids: set[str] = set()
        for r in self.rows():
            ids.update(r.document_ids)
        return sorted(((d, titles.get(d, (d, ""))[0]) for d in ids), key=lambda p: p[1].casefold())

    def cards_of_tag(self, annotation_id: str) -> list[str]:
        return [c.id for c in self._read(lambda store: claims_db.cards_of_tag(store, annotation_id))]

    def speaker_of_tag(self, ann: Annotation) -> str | None:
        """The speaker of the tag's attribution, when tags carry one."""
        return self._read(lambda store: claims_db.speaker_of(store, ann))

    def tally(self, speaker_id: str) -> list[tuple[str, int]]:
        """(final verdict, number of the speaker's cards with it), in scale order."""
        return self._read(lambda store: speaker_tally(store, speaker_id))

    def tally_text(self, speaker_id: str) -> str:
        """ "Tillerson: 3 True, 1 Half true" (or that no card of theirs has a final verdict yet)."""
        name = self.speaker_name(speaker_id)
        counts = self.tally(speaker_id)
        ids = self.speaker_ids(speaker_id)
        cards = sum(1 for r in self.rows() if r.speaker in ids)
        said = f"{cards} card" + ("" if cards == 1 else "s")
        if not counts:
            return f"{name}: {said}, no final verdict yet"
        return f"{name}: {tally(counts, self.scale())} ({said})"

    def detail(self, card_id: str) -> CardDetail | None:
        row = self.row(card_id)
        if row is None:
            return None
        titles = self._document_titles()

        def read(store: Store) -> CardDetail | None:
            found = claims_db.card(store, card_id)
            if found is None:
                return None
            tags: list[CardTag] = []

            def add(ann_id: str, ann: Annotation | None, by: str, relation: str) -> None:
                alive = ann if ann is not None and not ann.deleted else None
                doc_id = ann.document_id if ann is not None else ""
                title = titles.get(doc_id, (doc_id, ""))[0]
                tags.append(CardTag(ann_id, alive, doc_id, title, by, relation))

            attached = claims_db.claim_tags(store, card_id)
            on_card = {a.annotation_id for a in attached}
            for att in attached:
                add(att.annotation_id, store.annotation(att.annotation_id), att.annotator, "claim")
            # Denials and characterizations of its tags (and the same claim said again), through links.
            seen = set(on_card)
            for att in attached:
                for link in links_db.links_of(store, att.annotation_id):
                    other = link.from_id if link.to_id == att.annotation_id else link.to_id
                    if other in seen:
                        continue
                    seen.add(other)
                    linked = store.annotation(other)
                    if linked is not None and not linked.deleted:
                        add(other, linked, link.annotator, link.type)
            history = claims_db.verdicts(store, card_id, include_deleted=True)
            history.sort(key=lambda v: (v.updated_at, v.id), reverse=True)
            # Appearances are web addresses: a document imported from a file has none.
            sources = tuple(dict.fromkeys(titles.get(t.document_id, ("", ""))[1] for t in tags
                                          if is_web(titles.get(t.document_id, ("", ""))[1])))  # fmt: skip
            return CardDetail(found, row, sources, tuple(tags), tuple(claims_db.votes(store, card_id)),
                              tuple(history))  # fmt: skip

        return self._read(read)

    # -- following the project -------------------------------------------------------------------
    def _on_claims_changed(self, card_id: object) -> None:
        self._speakers = None  # a card edit may have added a speaker
        if not isinstance(card_id, str):  # many, or the scale and the organization
            self._scale = None
            self.scaleChanged.emit()
            self._bulk()
            return
        if self._rows is None:
            return
        fresh = self._read(lambda store: summary(store, card_id))
        if fresh is None:
            self._rows.pop(card_id, None)
        else:
            self._rows[card_id] = fresh
        self.cardChanged.emit(card_id)

    def _bulk(self, later: bool = False) -> None:
        self._titles = None
        self._speakers = None
        self._scale = None
        if self._rows is None:
            return
        if later:
            self._reload_timer.start()  # an import resets several documents: reload once
        else:
            self._reload()

    def _reload(self) -> None:
        self._reload_timer.stop()
        if self._rows is None:
            return
        self._rows = None
        self._loaded()
        self.reset.emit()

    def _documents_changed(self) -> None:
        self._titles = None

    def _tag_written(self, ann: Annotation) -> None:
        """A tag on a card was deleted, restored or edited: its cards' counts and tag lists follow."""
        if self._rows is None or (ann.label != "claim" and not ann.deleted):
            return
        for card_id in self.cards_of_tag(ann.id) if not ann.deleted else [
                r.id for r in self._rows.values() if ann.id in r.tag_ids]:  # fmt: skip
            self._on_claims_changed(card_id)

    # -- writing (each one transaction through the project, then announced) ------------------------
    def _write(self, action: Callable[[Store], T]) -> T:
        def guarded(store: Store) -> T:
            try:
                return action(store)
            except ClaimError as exc:
                raise CardRefused(str(exc)) from exc

        return self.project.write_with(guarded)

    def act(self, card_id: str | None, action: Callable[[Store], str]) -> CardChange:
        """Run a store operation on one card (card_id: None for a new card; the action returns the card's
        id), note what it wrote, then announce the card. Raises a FactcheckError when refused."""

        def write(store: Store) -> CardChange:
            with store.atomic():
                before = _parts(store, card_id) if card_id is not None else {}
                target = action(store)
                after = _parts(store, target)
            changed = [key for key, row in after.items() if before.get(key) != row]
            return CardChange(
                target,
                tuple(before.get(key) or _tombstone(after[key]) for key in changed),
                tuple(after[key] for key in changed),
            )

        change = self._write(write)
        self.project.claimsChanged.emit(change.card_id)
        return change

    def put_back(self, card_id: str, rows: Sequence[CardPart], speakers: Sequence[Speaker] = ()) -> None:
        """Write these versions of a card's rows (and of speakers the edit added), undo or redo, then
        announce the card."""
        self._write(lambda store: _put_parts(store, rows, speakers, utc_now()))
        self.project.claimsChanged.emit(card_id)

    def set_scale(self, entries: Sequence[ScaleEntry], renames: Mapping[str, str]) -> None:
        self._write(lambda store: claim_settings.set_scale(store, entries, renames))
        self.project.claimsChanged.emit(None)

    def set_organization(self, org: Organization) -> None:
        self._write(lambda store: claim_settings.set_organization(store, org))
        self.project.claimsChanged.emit(None)


def is_web(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def summary(store: Store, card_id: str) -> CardRow | None:
    """One card's summary, as `list_cards` makes it for all (a card edit refreshes one row, not 10,000)."""
    found = claims_db.card(store, card_id)
    if found is None or found.deleted:
        return None
    tag_ids: list[str] = []
    documents: list[str] = []
    for link in claims_db.claim_tags(store, card_id):
        ann = store.annotation(link.annotation_id)
        if ann is not None and not ann.deleted:
            tag_ids.append(ann.id)
            documents.append(ann.document_id)
    counts: dict[str, int] = {}
    for v in claims_db.votes(store, card_id):
        counts[v.value] = counts.get(v.value, 0) + 1
    given: dict[str, str] = {}
    final: Verdict | None = None
    for verdict in sorted(claims_db.verdicts(store, card_id), key=lambda v: (v.updated_at, v.id)):
        if verdict.final:
            final = verdict  # the newest final wins
        else:
            given[verdict.annotator] = verdict.verdict
    known = claim_settings.speakers(store)
    return ClaimSummary(
        id=found.id,
        text=found.text,
        speaker=found.speaker,
        speaker_name=claim_settings.speaker_name(store, found.speaker, known),
        claim_date=found.claim_date,
        status=found.status,
        annotator=found.annotator,
        created_at=found.created_at,
        updated_at=found.updated_at,
        tag_ids=tuple(tag_ids),
        document_ids=tuple(dict.fromkeys(documents)),
        votes=counts,
        verdicts=given,
        final_verdict=final.verdict if final else None,
        final_by=final.annotator if final else None,
    )
