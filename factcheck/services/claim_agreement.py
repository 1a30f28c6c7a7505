"""Agreement on the decisions about claim cards of a stored project (factcheck.core.decision_agreement):
check-worthiness votes (nominal) and verdicts (ordinal over the scale's values)."""

from __future__ import annotations

from db import Store, claim_settings
from db.claim_listing import decisions
from db.exports import snapshot
from factcheck.core.decision_agreement import DecisionRow, VerdictDispute, decision_rows, verdict_disputes


def store_decision_agreement(store: Store, document_id: str | None = None) -> list[DecisionRow]:
    """κ per pair and α over all, for check-worthiness then verdicts (cards with a tag on document_id
    when given); empty when nobody voted or gave a verdict."""
    with snapshot(store):
        votes, verdicts = decisions(store, document_id)
        scale = claim_settings.scale(store)
    values = {e.name: e.value for e in scale.entries}
    rated = {
        cid: {a: values[name] for a, name in per.items() if name in values} for cid, per in verdicts.items()
    }
    domain = sorted(set(values.values()))
    return [
        *decision_rows("checkworthy", votes, "nominal"),
        *decision_rows("verdict", rated, "ordinal", domain),
    ]


def store_verdict_disputes(store: Store) -> list[VerdictDispute]:
    """The live cards on which annotators' verdicts differ, widest spread on the scale first."""
    with snapshot(store):
        _, verdicts = decisions(store)
        scale = claim_settings.scale(store)
    return verdict_disputes(verdicts, {e.name: e.value for e in scale.entries})
