"""The rules of attribution: a content tag (claim, denial, characterization) is introduced by a source
tag (who says it) and a cue tag (the reporting verb) of the SAME document, with direct or indirect
quotation. Attribution is part of the content tag: only its annotator sets it (core.ownership).

A deleted source or cue tag leaves the content tag's pointer in place (restoring it brings the
attribution back); readers take only live targets (`live_attribution`).
"""

from __future__ import annotations

from collections.abc import Mapping

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
        return f"its {field} {target_id!r} is a tag of another document"
    if target.id == content.id:
        return f"it names itself as its {field}"
    role = label_roles.get(target.label)
    if role != wanted:
        return f"its {field} {target_id!r} is a {target.label} tag, not a {wanted} tag"
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


def live_attribution(
    content: Annotation, tags: Mapping[str, Annotation]
) -> tuple[Annotation | None, Annotation | None]:
    """(source tag, cue tag) of content among tags (by id), live ones only."""

    def live(tag_id: str | None) -> Annotation | None:
        tag = tags.get(tag_id) if tag_id else None
        return tag if tag is not None and not tag.deleted else None

    return live(content.source), live(content.cue)
