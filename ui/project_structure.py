"""The project's structure writes and reads: links and speakers, as ``ProjectModel`` does them for tags.

``ProjectModel`` (ui/project.py) derives from ``StructureProject``, so it stays the one holder of the
Store and every write goes through its ``_write`` (one transaction, errors announced, ``saved`` emitted);
this module only keeps the link and speaker half out of that file.

Signals: ``linkUpserted(Link)``, ``linkRemoved(Link)`` (tombstoned), ``linksReset(document id)`` (a tag's
links changed with it: deleted or restored together), ``speakersChanged()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from db import Store
from db import links as db_links
from db import speakers as db_speakers
from factcheck.core.links import Link, LinkType
from factcheck.core.model import Annotation, utc_now
from factcheck.core.speakers import Speaker

T = TypeVar("T")


class StructureProject(QObject):
    """Links and speakers through the project's single write path (``ProjectModel`` implements the
    store and ``_write``)."""

    linkUpserted = Signal(object)  # Link: added or restored
    linkRemoved = Signal(object)  # Link (tombstoned)
    linksReset = Signal(str)  # document id: reload its links
    speakersChanged = Signal()
    linkTypesChanged = Signal()  # a link type added, renamed, made (a)symmetric, moved or removed

    # ProjectModel's: the store, its data_version when last looked at, and the per-document fingerprint
    # by which it tells another process's writes (tags and links) from its own.
    _version: int
    _fingerprint: dict[str, tuple[int, str]]

    @property
    def store(self) -> Store:
        raise NotImplementedError

    def _write(self, action: Callable[[], T]) -> T:
        raise NotImplementedError

    # -- links ---------------------------------------------------------------------------------------
    def links(self, document_id: str) -> list[Link]:
        """The live links of a document."""
        return db_links.links(self.store, document_id)

    def stored_links_of(self, annotation_id: str) -> list[Link]:
        """Every stored link from or to a tag, tombstones too (undo steps find a link's row again)."""
        return db_links.links_of(self.store, annotation_id, include_deleted=True)

    def stored_link(self, link_id: str) -> Link | None:
        return db_links.link(self.store, link_id)

    def links_of(self, annotation_id: str) -> list[Link]:
        """The live links from or to a tag."""
        return db_links.links_of(self.store, annotation_id)

    def link_types(self) -> list[LinkType]:
        return db_links.link_types(self.store)

    def change_link_types(self, change: Callable[[Store], T]) -> T:
        """Run one link type change (`db.link_types`, `factcheck.services.link_types`); the documents
        whose links it renamed or deleted reload them."""
        before = db_links.link_fingerprints(self.store)
        result = self._write(lambda: change(self.store))
        after = db_links.link_fingerprints(self.store)
        for doc_id, print_ in after.items():
            if before.get(doc_id) != print_:
                self.linksReset.emit(doc_id)
        self.linkTypesChanged.emit()
        return result

    def add_link(self, link: Link) -> Link:
        """Store a new link (checked: its type, both ends live tags of its document, not made twice),
        then announce it."""
        stored = self._write(lambda: db_links.add_link(self.store, link))
        self._note_own_link(stored, new_row=True)
        self.linkUpserted.emit(stored)
        return stored

    def delete_link(self, link_id: str, *, by: str | None = None) -> Link:
        """Tombstone a link (``by``: who asks; only the link's annotator may)."""
        stored = self._write(lambda: db_links.delete_link(self.store, link_id, by=by))
        self._note_own_link(stored)
        self.linkRemoved.emit(stored)
        return stored

    def restore_link(self, link_id: str, *, by: str | None = None) -> Link:
        stored = self._write(lambda: db_links.restore_link(self.store, link_id, by=by))
        self._note_own_link(stored)
        self.linkUpserted.emit(stored)
        return stored

    # -- other processes' link writes ------------------------------------------------------------
    def _with_links(self, fingerprint: dict[str, tuple[int, str]]) -> dict[str, tuple[int, str]]:
        """A document's fingerprint counts its links too, so that another process's (or a sync's) link
        writes reload the document as its tag writes do."""
        combined = dict(fingerprint)
        for doc_id, (n, newest) in db_links.link_fingerprints(self.store).items():
            tags_n, tags_newest = combined.get(doc_id, (0, ""))
            combined[doc_id] = (tags_n + n, max(tags_newest, newest))
        return combined

    def _note_own_link(self, link: Link, *, new_row: bool = False) -> None:
        """Keep our own link writes out of the next "another process changed this" comparison."""
        try:
            if self.store.data_version() != self._version:
                return
        except Exception:
            return
        n, newest = self._fingerprint.get(link.document_id, (0, ""))
        self._fingerprint[link.document_id] = (n + int(new_row), max(newest, link.updated_at))

    # -- speakers ------------------------------------------------------------------------------------
    def speakers(self, *, include_merged: bool = True) -> list[Speaker]:
        """The live speakers, by name (merged ones too unless ``include_merged`` is False)."""
        found = db_speakers.speakers(self.store)
        if not include_merged:
            found = [s for s in found if s.merged_into is None]
        return sorted(found, key=lambda s: (s.name.casefold(), s.id))

    def add_speaker(self, speaker: Speaker) -> Speaker:
        stored = self._write(lambda: db_speakers.add_speaker(self.store, speaker))
        self.speakersChanged.emit()
        return stored

    def put_speaker(
        self, speaker: Speaker, kept_name: str | None = None, kept: Speaker | None = None
    ) -> Speaker:
        """Store this version of a speaker, live (an edit, an undo, a redo), with a fresh updated_at so
        that it wins the next merge; then announce it. kept_name, kept: a name (a version) it had, whose
        values are kept even if made before the rules (an undo puts them back; an edit of its kind keeps
        them), as are those it has in the store now."""
        fresh = replace(speaker, deleted_at=None, updated_at=utc_now())

        def write() -> Speaker:
            db_speakers.check_speaker(
                fresh, kept_name, kept=[db_speakers.speaker(self.store, speaker.id), kept]
            )
            db_speakers.put_speakers(self.store, [fresh])
            return fresh

        stored = self._write(write)
        self.speakersChanged.emit()
        return stored

    def merge_speaker(self, merged_id: str, into_id: str) -> Speaker:
        """Merge one speaker into another (refused when they are one already); the merged one."""
        stored = self._write(lambda: db_speakers.merge_speakers(self.store, into_id, merged_id))
        self.speakersChanged.emit()
        return stored

    def remove_speaker(self, speaker_id: str) -> Speaker:
        """Tombstone a speaker no live source tag names (the undo of an add)."""
        stored = self._write(lambda: db_speakers.delete_speaker(self.store, speaker_id))
        self.speakersChanged.emit()
        return stored

    def speaker_tags(self, speaker_id: str) -> list[Annotation]:
        """Every live tag of the speaker (merged speakers included) across documents: their source tags
        and the content tags attributed to those."""
        sources, content = db_speakers.tags_of_speaker(self.store, speaker_id)
        return sources + content

    def speaker_counts(self) -> dict[str, tuple[int, int]]:
        """Speaker id -> (source tags naming them, content tags attributed to them), merged speakers'
        tags counted as those of the speaker they were merged into."""
        return {c.speaker.id: (c.source_tags, c.attributed) for c in db_speakers.speaker_counts(self.store)}
