"""The project's structure writes and reads: links and speakers, as ``ProjectModel`` does them for tags.

``ProjectModel`` (ui/project.py) derives from ``StructureProject``, so it stays the one holder of the
Store and every write goes through its ``_write`` (one transaction, errors announced, ``saved`` emitted);
this module only keeps the link and speaker half out of that file.

Signals: ``linkUpserted(Link)``, ``linkRemoved(Link)`` (tombstoned), ``linksReset(document id)`` (a tag's
links changed with it: deleted or restored together), ``speakersChanged()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from db import Store
from db import links as db_links
from db import speakers as db_speakers
from factcheck.core.links import Link, LinkType
from factcheck.core.model import Annotation
from factcheck.core.speakers import Speaker

T = TypeVar("T")


class StructureProject(QObject):
    """Links and speakers through the project's single write path (``ProjectModel`` implements the
    store and ``_write``)."""

    linkUpserted = Signal(object)  # Link: added or restored
    linkRemoved = Signal(object)  # Link (tombstoned)
    linksReset = Signal(str)  # document id: reload its links
    speakersChanged = Signal()

    @property
    def store(self) -> Store:
        raise NotImplementedError

    def _write(self, action: Callable[[], T]) -> T:
        raise NotImplementedError

    # -- links ---------------------------------------------------------------------------------------
    def links(self, document_id: str) -> list[Link]:
        """The live links of a document."""
        return db_links.links(self.store, document_id)

    def link_types(self) -> list[LinkType]:
        return db_links.link_types(self.store)

    def add_link(self, link: Link) -> Link:
        """Store a new link (checked: both ends are live tags of its document), then announce it."""
        stored = self._write(lambda: db_links.add_link(self.store, link))
        self.linkUpserted.emit(stored)
        return stored

    def delete_link(self, link_id: str) -> Link:
        stored = self._write(lambda: db_links.delete_link(self.store, link_id))
        self.linkRemoved.emit(stored)
        return stored

    def restore_link(self, link_id: str) -> Link:
        stored = self._write(lambda: db_links.restore_link(self.store, link_id))
        self.linkUpserted.emit(stored)
        return stored

    # -- speakers ------------------------------------------------------------------------------------
    def speakers(self, *, include_merged: bool = True) -> list[Speaker]:
        """The live speakers, by name (merged ones too unless ``include_merged`` is False)."""
        found = db_speakers.speakers(self.store)
        if not include_merged:
            found = [s for s in found if s.merged_into is None]
        return sorted(found, key=lambda s: (s.name.casefold(), s.id))

    def put_speaker(self, speaker: Speaker) -> Speaker:
        """Add or change a speaker (a fresh updated_at: the newer wins a merge), then announce it."""
        stored = self._write(lambda: db_speakers.put_speaker(self.store, speaker))
        self.speakersChanged.emit()
        return stored

    def remove_speaker(self, speaker_id: str) -> Speaker:
        """Tombstone a speaker (undo of an add)."""
        stored = self._write(lambda: db_speakers.delete_speaker(self.store, speaker_id))
        self.speakersChanged.emit()
        return stored

    def speaker_tags(self, speaker_id: str) -> list[Annotation]:
        """Every live tag of the speaker (merged speakers included) across documents: their source tags
        and the content tags those introduce."""
        return db_speakers.speaker_tags(self.store, speaker_id)

    def speaker_counts(self) -> dict[str, int]:
        """Speaker id -> number of source tags naming it (directly, not through merges)."""
        return db_speakers.speaker_counts(self.store)
