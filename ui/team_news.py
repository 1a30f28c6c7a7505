"""What the syncs brought and sent, for the team status in the status bar.

The window syncs every few seconds, so the status of the last sync alone ("Synced 12:03 · 4 teammates")
said nothing of a teammate's tags that came a moment before: the next sync, with nothing new, wrote over
it. The last sync that moved anything is said beside the status until another one moves something
("12:03: received 6 new tags, 1 document  Synced 12:04 · 4 teammates"), and its whole report stays in
File > Team server….
"""

from __future__ import annotations

from datetime import datetime

from factcheck.services.sync_report import SyncReport
from factcheck.services.sync_status import SyncOutcome
from ui.status_items import ElidingLabel

#: What a fact-checker counts in a push (the scheme's own rows, sent on connecting, are not news).
_SENT = (
    ("annotations", "tag"),
    ("documents", "document"),
    ("links", "link"),
    ("speakers", "speaker"),
    ("claims", "claim card"),
    ("checkworthy", "vote"),
    ("verdicts", "verdict"),
)


def _n(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _structure(report: SyncReport, kind: str) -> int:
    return sum(
        n
        for key, n in report.pulled.structure.items()
        if key.startswith(kind) and not key.endswith(("unchanged", "older"))
    )


#: The claim merge's outcomes that change nothing here.
_NO_NEWS = frozenset({"unchanged", "older (ours kept)", "tombstones kept", "conflicting"})


def _claims(report: SyncReport, kind: str) -> int:
    return sum(n for outcome, n in report.claims.counts.get(kind, {}).items() if outcome not in _NO_NEWS)


def news(report: SyncReport) -> str:
    """ "sent 4 tags, 1 decision; received 6 new tags, 1 verdict, 2 decisions; label 'denial' is now
    'rebuttal' (renamed by rita)" ("" when the sync moved nothing). A decision on another's tag goes up
    (and comes down) as that tag: said as a decision."""
    parts: list[str] = []
    pushed = dict(report.pushed)
    decided = min(report.sent_decisions, pushed.get("annotations", 0))
    pushed["annotations"] = pushed.get("annotations", 0) - decided
    sent = [_n(pushed[table], noun) for table, noun in _SENT if pushed.get(table)]
    if decided:
        sent.append(_n(decided, "decision"))
    if sent:
        parts.append("sent " + ", ".join(sent))
    pulled, tags = report.pulled, report.pulled_tags
    decisions = sum(tags.decisions.values()) + tags.cleared
    received = [
        _n(n, noun)
        for n, noun in (
            (pulled.added, "new tag"),
            (max(pulled.updated - decisions, 0), "tag update"),
            (pulled.deleted, "tag deletion"),
            (pulled.documents_added, "document"),
            (_structure(report, "links"), "link change"),
            (_structure(report, "speakers"), "speaker change"),
            (_claims(report, "claims"), "claim card"),
            (_claims(report, "checkworthy"), "vote"),
            (_claims(report, "verdicts"), "verdict"),
            (decisions, "decision"),
        )
        if n
    ]
    if received:
        parts.append("received " + ", ".join(received))
    parts.extend(report.renames)  # rare, and every label or link type on screen changes with one
    return "; ".join(parts)


class TeamNews(ElidingLabel):
    """The status bar's item for the last sync that moved something, kept across the syncs that moved
    nothing since (empty, taking no room, until one does)."""

    MAX_SHARE = 0.25  # beside the team status (its own share) the bar's messages keep room

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("teamNews")
        self.setAccessibleName("Last changes from the team server")
        self.setContentsMargins(6, 0, 6, 0)
        self.detail = ""  # that sync's whole report (File > Team server… lists it)

    def heard(self, outcome: SyncOutcome, now: datetime | None = None) -> None:
        report = outcome.report
        if report is None or not (said := news(report)):
            return
        self.setText(f"{(now or datetime.now()):%H:%M}: {said}")
        self.detail = report.summary()

    def forget(self) -> None:
        """Another project: nothing heard yet."""
        self.setText("")
        self.detail = ""
