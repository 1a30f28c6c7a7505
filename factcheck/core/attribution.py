"""The rules of attribution: a content tag (claim, denial, characterization) is introduced by a source
tag (who says it) and a cue tag (the reporting verb) of the SAME document, with direct or indirect
quotation. Attribution is part of the content tag: only its annotator sets it (core.ownership).

A source or cue tag deleted or relabelled since leaves the content tag's pointer in place, dormant:
restoring the tag, relabelling it back or undoing either brings the attribution back, with no other tag
touched (the pointer may be another annotator's). Readers take only live targets of the right role
(`attached`, `live_attribution`); an edit of the content tag keeps a dormant pointer as it is
(`db.attribution.check_structure`); exports carry it and imports accept it (brat, which has no way to
say "dormant", leaves it out).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from factcheck.core.fragments import quoted
from factcheck.core.model import Annotation, Label, LabelRole


def roles(labels: list[Label] | tuple[Label, ...]) -> dict[str, LabelRole]:
    """Label name -> role."""
    return {label.name: label.role for label in labels}


def target_problem(
    content: Annotation,
    field: str,
    target: Annotation | None,
    target_id: str,
    label_roles: Mapping[str, str],
) -> str | None:
    """Why target (the tag content.field names, target_id) cannot be content's source or cue."""
    wanted = "source" if field == "source" else "cue"
    if target is None:
        return f"its {field} {target_id!r} is no tag"
    if target.document_id != content.document_id:
        return f"its {field} {quoted(target)} is a tag of another document"
    if target.id == content.id:
        return f"it names itself as its {field}"
    role = label_roles.get(target.label)
    if role != wanted:
        return f"its {field} {quoted(target)} is a {target.label} tag, not a {wanted} tag"
    return None


def content_problem(content: Annotation, label_roles: Mapping[str, str]) -> str | None:
    """Why content cannot carry attribution (only a content tag does); a source tag only a speaker."""
    role = label_roles.get(content.label, "content")
    if role != "content" and (content.source or content.cue or content.quotation):
        return f"a {content.label} tag ({role}) cannot have a source, cue or quotation: only content tags do"
    if role != "source" and content.speaker is not None:
        return f"a {content.label} tag cannot name a speaker: only source tags do"
    return None


def cleared_for_role(ann: Annotation, role: str) -> dict[str, None]:
    """The structure fields ann must drop to carry a label of this role (relabeling a claim as a source
    drops its attribution; a source relabeled as a claim drops its speaker)."""
    cleared: dict[str, None] = {}
    if role != "content":
        cleared.update({f: None for f in ("source", "cue", "quotation") if getattr(ann, f) is not None})
    if role != "source" and ann.speaker is not None:
        cleared["speaker"] = None
    return cleared


def attached(
    tag_id: str | None, field: str, tags: Mapping[str, Annotation], label_roles: Mapping[str, str]
) -> Annotation | None:
    """The tag that tag_id names as a content tag's field ("source", "cue") among tags (by id) when it is
    live and still of that role; None when the pointer is empty or dormant (deleted or relabelled)."""
    tag = tags.get(tag_id) if tag_id else None
    if tag is None or tag.deleted or label_roles.get(tag.label) != field:
        return None
    return tag


def fitted_to_role(ann: Annotation, label_roles: Mapping[str, str]) -> Annotation:
    """ann without the structure fields its label's role does not carry (`cleared_for_role`): what a
    relabelled tag becomes."""
    cleared: dict[str, Any] = dict(cleared_for_role(ann, label_roles.get(ann.label, "content")))
    return replace(ann, **cleared) if cleared else ann


def live_attribution(
    content: Annotation, tags: Mapping[str, Annotation], label_roles: Mapping[str, str]
) -> tuple[Annotation | None, Annotation | None]:
    """(source tag, cue tag) of content among tags (by id): live ones of the right role only."""
    return (
        attached(content.source, "source", tags, label_roles),
        attached(content.cue, "cue", tags, label_roles),
    )
