"""The project's claim cards as the window sees them: one model, fed by the project's signals.

`ClaimsModel` is the one place in ui/ that reads the cards, their tags, votes and verdicts, the verdict
scale and the organization from the store (through the project), and the one place that writes them
(through the project's write path: one transaction each, then `claimsChanged`). It keeps a summary row
per live card (`CardRow`: what the Claims pane lists and filters on) and refreshes one card at a time
when the project says one changed; a bulk change (an import, a merge, another database) reloads it all.
It loads nothing until a view first asks, so a user who never opens the Claims pane pays nothing;
then the cards and their tags, and the votes and verdicts of the cards a view shows (all of them once
a sort, filter or tally asks for many: db.claim_listing.Listing).

Views (the Claims pane's table, the card view, the speaker's tally, the review panel's list of cards whose
verdicts differ) follow its signals: `reset`, `cardChanged(card id)`, `scaleChanged`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from db import claim_settings
from db import claims as claims_db
from db import speakers as speakers_db
from db.card_neighbours import cards_near_tag, cards_of_link_ends
from db.claim_changes import claims_fingerprint
from db.claim_listing import (
    ClaimSummary,
    Decisions,
    document_places,
    documents_of,
    list_cards,
    read_decisions,
)
from db.claim_settings import SpeakerRef
from factcheck.core.claims import (
    CHECKWORTHY_VALUES,
    CLAIM_STATUSES,
    ClaimCard,
    ClaimError,
    Organization,
    ScaleEntry,
    VerdictScale,
    tally,
)
from factcheck.core.errors import FactcheckError
from factcheck.core.links import Link
from factcheck.core.model import Annotation
from factcheck.core.names import shown
from factcheck.core.speakers import Speaker, new_speaker, resolve
from factcheck.services import claim_edits
from factcheck.services.claim_edits import (
    CardAction,
    CardChange,
    CardDetail,
    CardPart,
    StoreWork,
)
from ui.project import ProjectModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClaimsModel", text)


T = TypeVar("T")

OTHERS_INTERVAL_MS = 2000  # look for other programs' changes to the cards this often
STATUSES = CLAIM_STATUSES
VOTES = CHECKWORTHY_VALUES
#: A card as the list shows it (the store's summary: counts, documents, verdicts).
CardRow = ClaimSummary


class CardRefused(FactcheckError):
    """A card edit the store refused (another's card, a tag gone, a rating not on the scale)."""


class ClaimsModel(QObject):
    reset = Signal()  # many cards changed: views reload
    cardChanged = Signal(str)  # a card id: added, edited, deleted, its tags, votes or verdicts changed
    scaleChanged = Signal()  # the verdict scale (or the organization) changed
    news = Signal(str)  # what a card edit just did, undid or redid, in plain words (ui.card_news)

    def __init__(self, project: ProjectModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._rows: dict[str, CardRow] | None = None  # None: not loaded (nobody asked yet)
        self._scale: VerdictScale | None = None
        self._titles: dict[str, tuple[str, str]] | None = None  # document id -> (title, source)
        self._document_ids = project.document_ids()  # as last seen: a removal reloads the cards
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
        project.linkUpserted.connect(self._link_written)
        project.linkRemoved.connect(self._link_written)
        project.closing.connect(self._stop)

    def _stop(self) -> None:
        # A reload queued by the last sync or import would otherwise read a closed database.
        self._reload_timer.stop()
        self._watch.stop()
        self._rows = None

    # -- reading ---------------------------------------------------------------------------------
    def _read(self, query: StoreWork[T]) -> T:
        return self.project.read_with(query)

    def _loaded(self) -> dict[str, CardRow]:
        if self._rows is None:
            self._note_version()
            # Votes and verdicts are read when a view first shows them (see db.claim_listing.Listing).
            cards = self._read(lambda store: list_cards(store, order=None, later=self._decisions))
            self._rows = {s.id: s for s in cards}
            self._watch.start()
        return self._rows

    def _decisions(self, card_id: str | None) -> Decisions:
        return self._read(lambda store: read_decisions(store, card_id))

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
        return self._read(claim_edits.scale_usage)

    def organization(self) -> Organization:
        return self._read(claim_settings.organization)

    def _known_speakers(self) -> dict[str, SpeakerRef]:
        if self._speakers is None:
            self._speakers = self._read(claim_settings.speakers)
        return self._speakers

    def speakers(self) -> list[tuple[str, str]]:
        """(id, name) of the project's live speakers, by name (merged ones are their target's)."""
        live = self._read(lambda store: speakers_db.speakers(store))
        return sorted(
            ((s.id, shown(s.name)) for s in live if not s.merged_into), key=lambda p: p[1].casefold()
        )

    def speaker_aliases(self) -> list[tuple[str, str]]:
        """(id, name): each merged speaker's name, with the id of the live speaker it stands for now."""
        live = {s.id: s for s in self._read(lambda store: speakers_db.speakers(store))}
        return [(resolve(s.id, live), shown(s.name)) for s in live.values() if s.merged_into]

    def resolve_speaker(self, speaker_id: str) -> str:
        """The speaker this id stands for now (a merged speaker: the one it was merged into)."""
        ref = self._known_speakers().get(speaker_id)
        return ref.id if ref is not None else speaker_id

    def speaker_name(self, speaker_id: str) -> str:
        ref = self._known_speakers().get(speaker_id)
        return shown(ref.name) if ref is not None else speaker_id

    def speaker_ids(self, speaker_id: str) -> frozenset[str]:
        """Every id that stands for this speaker (its own and those merged into it)."""
        target = self.resolve_speaker(speaker_id)
        return frozenset({target} | {sid for sid, ref in self._known_speakers().items() if ref.id == target})

    def card_speakers(self) -> list[tuple[str, str]]:
        """(id, name) of the speakers of the cards (merged ones as the speaker they joined), by name."""
        ids = {self.resolve_speaker(s) for s in {r.speaker for r in self.rows()} if s}
        return sorted(((sid, self.speaker_name(sid)) for sid in ids), key=lambda p: p[1].casefold())

    def _document_titles(self) -> dict[str, tuple[str, str]]:
        if self._titles is None:
            self._titles = self._read(document_places)
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
        ids = documents_of(self.rows())
        return sorted(((d, titles.get(d, (d, ""))[0]) for d in ids), key=lambda p: p[1].casefold())

    def cards_of_tag(self, annotation_id: str) -> list[str]:
        return [c.id for c in self._read(lambda store: claims_db.cards_of_tag(store, annotation_id))]

    def speaker_of_tag(self, ann: Annotation) -> str | None:
        """The speaker of the tag's attribution, when tags carry one."""
        return self._read(lambda store: claims_db.speaker_of(store, ann))

    def tally(self, speaker_id: str) -> list[tuple[str, int]]:
        """(final verdict, number of the speaker's cards with it), as db.claim_listing.speaker_tally counts
        them, from the rows held (a card edit recounts without reading 10,000 cards again)."""
        ids = self.speaker_ids(speaker_id)
        counts: dict[str, int] = {}
        for r in self.rows():
            if r.speaker in ids and r.final_verdict:
                counts[r.final_verdict] = counts.get(r.final_verdict, 0) + 1
        return sorted(counts.items())

    def tally_text(self, speaker_id: str) -> str:
        """ "Tillerson: 3 True, 1 Half true" (or that no card of theirs has a final verdict yet)."""
        name = self.speaker_name(speaker_id)
        counts = self.tally(speaker_id)
        ids = self.speaker_ids(speaker_id)
        cards = sum(1 for r in self.rows() if r.speaker in ids)
        said = (_tr("{cards} card") if cards == 1 else _tr("{cards} cards")).format(cards=cards)
        if not counts:
            return _tr("{name}: {cards}, no final verdict yet").format(name=name, cards=said)
        return _tr("{name}: {tally} ({cards})").format(
            name=name, tally=tally(counts, self.scale()), cards=said
        )

    def detail(self, card_id: str) -> CardDetail | None:
        row = self.row(card_id)
        if row is None:
            return None
        titles = self._document_titles()
        return self._read(lambda store: claim_edits.detail(store, card_id, row, titles))

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
        fresh = self._read(lambda store: claim_edits.summary(store, card_id))
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
        ids = self.project.document_ids()
        if self._rows is not None and ids != self._document_ids:
            # A document removed (or brought back) took its tags off the cards, or put them back: those
            # cards show no claim tag meanwhile (db.claim_listing's gone members).
            self._bulk(later=True)
        self._document_ids = ids

    def _tag_written(self, ann: Annotation) -> None:
        """A tag on a card (live, or a dormant member relabelled since), or linked with one of its tags (a
        denial), was deleted, restored or edited: the cards' counts and tag lists follow."""
        if self._rows is None:
            return
        near = set(self._read(lambda store: cards_near_tag(store, ann.id)))
        if ann.deleted:  # the cards that listed it, live or dormant, follow its deletion
            near.update(r.id for r in self._rows.values() if ann.id in r.tag_ids + r.dormant_ids)
        for card_id in sorted(near):
            self._on_claims_changed(card_id)

    def _link_written(self, link: Link) -> None:
        """A link made or deleted adds or takes a denial (a characterization…) off the cards of its ends."""
        if self._rows is None:
            return
        for card_id in self._read(lambda store: cards_of_link_ends(store, link.from_id, link.to_id)):
            self._on_claims_changed(card_id)

    # -- writing (each one transaction through the project, then announced) ------------------------
    def _write(self, action: StoreWork[T]) -> T:
        def guarded(store: Any) -> T:  # the project lends the store for this one call
            try:
                return action(store)
            except ClaimError as exc:
                raise CardRefused(str(exc)) from exc

        return self.project.write_with(guarded)

    def act(self, card_id: str | None, action: CardAction, speaker: Speaker | None = None) -> CardChange:
        """Run a store operation on one card (card_id: None for a new card; the action returns the card's
        id) with a new speaker it names, note what it wrote, then announce the card. Raises a
        FactcheckError when refused."""
        change = self._write(lambda store: claim_edits.act(store, card_id, action, speaker))
        self.project.claimsChanged.emit(change.card_id)
        if speaker is not None:  # the Speakers dialog, the tag detail and the pickers list it now
            self.project.speakersChanged.emit()
        return change

    def put_back(
        self, card_id: str, rows: Sequence[CardPart], speakers: Sequence[Speaker] = (),
        *, was: Sequence[CardPart] = (),
    ) -> None:  # fmt: skip
        """Write these versions of a card's rows (and of speakers the edit added), undo or redo, then
        announce the card; was: the edit's other side (only the fields it changed are written)."""
        self._write(lambda store: claim_edits.put_back(store, rows, speakers, was=was))
        self.project.claimsChanged.emit(card_id)
        if speakers:  # a speaker the edit added, gone with its undo or back with its redo
            self.project.speakersChanged.emit()

    def set_scale(self, entries: Sequence[ScaleEntry], renames: Mapping[str, str]) -> None:
        self._write(lambda store: claim_settings.set_scale(store, entries, renames))
        self.project.claimsChanged.emit(None)

    def set_organization(self, org: Organization) -> None:
        self._write(lambda store: claim_settings.set_organization(store, org))
        self.project.claimsChanged.emit(None)
