"""Recording a reviewer's decision in a store, as the window does: the tag with `decided`, written back."""

from __future__ import annotations

from db import Store
from factcheck.core.decisions import decided
from factcheck.core.model import Annotation, ReviewStatus
from tests.helpers.optional import present


def set_review(
    store: Store,
    annotation_id: str,
    status: ReviewStatus | None,
    reviewer: str | None,
    reason: str | None = None,
) -> Annotation:
    with store.atomic():
        return store.put_annotation(
            decided(present(store.annotation(annotation_id)), status, reviewer, reason)
        )
