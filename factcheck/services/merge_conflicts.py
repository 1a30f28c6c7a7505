"""How a merge lists a tag it did not apply: short descriptions of both sides, and the copy that claims
another document or annotator for the tag (`identity_conflict`), one form for the merge's plan and for
its twins (services.merge_twins: a copy to be stored under the id of one of our tags on another
document)."""

from __future__ import annotations

from typing import Any

from db.annotation_rows import ANNOTATION_COLUMNS, annotation_from_row
from factcheck.core.model import Annotation
from factcheck.core.names import name_cleaned
from factcheck.core.ownership import IDENTITY_RULE, identity_changes
from factcheck.core.report import Conflict

_DOCUMENT = ANNOTATION_COLUMNS.index("document_id")
_ANNOTATOR = ANNOTATION_COLUMNS.index("annotator")


def identity_problems(ours: tuple[Any, ...], target_id: str, row: tuple[Any, ...]) -> list[str]:
    """What a copy of our row ours, landing on our document target_id, would change that never changes
    (nothing: an ordinary copy)."""
    same = owner_name(ours[_ANNOTATOR], row[_ANNOTATOR]) is not None  # (one exact, the other cleaned)
    name = row[_ANNOTATOR] if same else ours[_ANNOTATOR]
    return identity_changes((ours[_DOCUMENT], name), (target_id, row[_ANNOTATOR]))


def owner_name(ours: str, theirs: str) -> str | None:
    """The one owner two copies of a tag name, when one names it as the other cleaned does: its exact
    name (a team server's row keeps its login's name as the server has it, a file's is cleaned: see
    `factcheck.core.names.name_cleaned`; ours may be stored either way), so that the server's owner is
    never renamed here, nor a pull refused as another annotator's. None: two annotators."""
    if ours == theirs:
        return ours
    if name_cleaned(ours) == theirs:
        return ours
    if name_cleaned(theirs) == ours:
        return theirs
    return None


def identity_conflict(
    row: tuple[Any, ...], ours: tuple[Any, ...], problems: list[str], source: str
) -> Conflict:
    return Conflict(
        row[0],
        str(ours[_DOCUMENT]),
        source,
        describe(annotation_from_row(ours)),
        describe(annotation_from_row(row)),
        f"{'; '.join(problems)} ({IDENTITY_RULE})",
    )


def describe(ann: Annotation) -> str:
    state = "deleted" if ann.deleted else ann.label
    extra = f", {ann.status}" if ann.status else ""
    return f"{state} {ann.start}-{ann.end}{extra} by {ann.annotator} at {ann.updated_at}"
