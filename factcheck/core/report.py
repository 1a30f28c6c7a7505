"""What an import did: counts per outcome, conflicts and orphaned tags, per file and in total."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Conflict:
    """Same id, same updated_at, different content, or a copy that claims another document or annotator
    for the tag (problem says which): ours was kept; the reviewer should look."""

    annotation_id: str
    document_id: str
    source: str  # the file the other copy came from
    ours: str  # short descriptions of each side
    theirs: str
    problem: str = ""  # e.g. "another annotator"; empty for a same-time edit
    kind: str = "tag"  # or "link", "speaker" (annotation_id is then that row's id)


@dataclass(frozen=True)
class Orphan:
    """A tag that could not be placed on the corrected text: kept, marked orphaned, listed here."""

    annotation_id: str
    document_id: str
    label: str
    annotator: str
    quote: str  # the original quote, as the teammate tagged it
    source: str


_COUNTS = (
    "documents_added",
    "documents_existing",
    "added",
    "updated",
    "unchanged",
    "older",
    "conflicting",
    "deleted",
    "reanchored",
    "orphaned",
    "already_here",
)


@dataclass
class ImportReport:
    source: str = ""
    documents_added: int = 0
    documents_existing: int = 0  # already there: same text (sha256) or another version of it
    added: int = 0
    updated: int = 0  # theirs was newer
    unchanged: int = 0
    older: int = 0  # ours was newer: ours kept ("skipped")
    conflicting: int = 0  # same time, different content: ours kept, listed in `conflicts`
    deleted: int = 0  # a newer tombstone deleted one of our tags
    reanchored: int = 0  # placed on a different version of the text (exact or fuzzy)
    orphaned: int = 0  # could not be placed: kept, marked orphaned, listed in `orphans`
    already_here: int = 0  # a new id for a tag identical to one here: not stored (services.merge_twins)
    document_ids: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    orphans: list[Orphan] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "decoded as Windows-1252"
    files: list[ImportReport] = field(default_factory=list)  # per file, for several files
    #: Links and speakers: counts per "links added", "speakers updated"... (services.merge_structure).
    structure: dict[str, int] = field(default_factory=dict)
    # document_ids as a set: an import of 10,000 articles touches each in constant time
    _touched: set[str] = field(default_factory=set, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._touched.update(self.document_ids)

    def touch(self, document_id: str) -> None:
        if document_id not in self._touched:
            self._touched.add(document_id)
            self.document_ids.append(document_id)

    def absorb(self, other: ImportReport) -> None:
        """Add another report's counts and lists to this one (totals over several files)."""
        for name in _COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for doc_id in other.document_ids:
            self.touch(doc_id)
        self.conflicts.extend(other.conflicts)
        self.orphans.extend(other.orphans)
        self.notes.extend(other.notes)
        for key, n in other.structure.items():
            self.structure[key] = self.structure.get(key, 0) + n

    def counts(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in _COUNTS}

    @property
    def changed(self) -> bool:
        structure = any(n for key, n in self.structure.items() if not key.endswith(("unchanged", "older")))
        return bool(self.documents_added or self.added or self.updated or self.deleted or structure)

    def summary(self, more_tags: Sequence[str] = (), after_tags: Sequence[str] = ()) -> str:
        """One human paragraph, e.g. for the CLI and the import dialog; a sync adds its own phrases to the
        tags' sentence (``more_tags``) and sentences after it (``after_tags``)."""
        parts: list[str] = []
        docs = []
        if self.documents_added:
            docs.append(_n(self.documents_added, "document") + " added")
        if self.documents_existing:
            docs.append(_n(self.documents_existing, "document") + " already there")
        tags = []
        for count, text in (
            (self.added, "added"),
            (self.updated, "updated (theirs newer)"),
            (self.unchanged, "unchanged"),
            (self.older, "skipped (ours newer)"),
            (self.deleted, "deleted (their deletion newer)"),
            (self.conflicting, "conflicting (ours kept; see the list)"),
            (self.reanchored, "re-anchored onto our version of the text"),
            (self.orphaned, "orphaned (could not be placed; kept and marked for review)"),
        ):
            if count:
                tags.append(f"{count:,} {text}")
        tags.extend(more_tags)
        if docs:
            parts.append(", ".join(docs) + ".")
        if tags:
            parts.append("Tags: " + ", ".join(tags) + ".")
        parts.extend(after_tags)
        if self.already_here:
            parts.append(f"{_n(self.already_here, 'tag')} already here under another id.")
        for kind, title in (("links", "Links"), ("speakers", "Speakers"), ("marks", "Curated marks")):
            counted = [
                f"{n:,} {key.split(' ', 1)[1]}"
                for key, n in self.structure.items()
                if key.startswith(kind) and n
            ]
            if counted:
                parts.append(f"{title}: {', '.join(counted)}.")
        if not parts:
            parts.append("Nothing to import.")
        parts.extend(self.notes)
        return " ".join(parts)

    def details(self) -> list[str]:
        """One line per conflict and orphan, for the reviewer."""
        lines = [
            f"conflict {'' if c.kind == 'tag' else c.kind + ' '}{c.annotation_id} "
            f"({c.source}{', ' + c.problem if c.problem else ''}): "
            f"ours {c.ours}; theirs {c.theirs}"
            for c in self.conflicts
        ]
        lines += [
            f"orphaned {o.annotation_id} [{o.label}, {o.annotator}] ({o.source}): original quote {o.quote!r}"
            for o in self.orphans
        ]
        return lines


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
