"""Everything the agreement dialog shows, measured over a stored project in one call: what the window
runs in a child process (factcheck.services.child_process), so this is a module-level function."""

from __future__ import annotations

from collections.abc import Callable

from db import Store
from factcheck.core.agreement import AgreementRow
from factcheck.core.curation_scores import ScoreRow
from factcheck.core.decision_agreement import DecisionRow
from factcheck.services.agreement import store_agreement
from factcheck.services.claim_agreement import store_decision_agreement
from factcheck.services.curating import scores_against_curated

#: Agreement rows, document titles by id, scores against the curated set, agreement on card decisions.
AgreementReport = tuple[list[AgreementRow], dict[str, str], list[ScoreRow], list[DecisionRow]]


def measure_agreement(store: Store, progress: Callable[[int, int], None] | None = None) -> AgreementReport:
    """The agreement dialog's figures (no progress reported: each measure is one pass)."""
    titles = {s.id: s.title for s in store.document_summaries()}
    return (
        store_agreement(store),
        titles,
        scores_against_curated(store),
        store_decision_agreement(store),
    )
