"""What a sync did, as the CLI prints it and the window shows it: what went up, what came down, what the
server refused, and every edit kept, not applied or held (each in a sentence of its own)."""

from __future__ import annotations

from dataclasses import dataclass, field

from db.pg_sync import Refusal
from factcheck.core.report import ImportReport
from factcheck.services import sync_claims, sync_clock, sync_twins, sync_words
from factcheck.services.merge_claims import ClaimsReport


@dataclass
class SyncReport:
    server: str
    role: str = ""
    reviewer: bool = False
    pushed: dict[str, int] = field(default_factory=dict)  # rows written on the server, per table
    refused: list[Refusal] = field(default_factory=list)
    pulled: ImportReport = field(default_factory=ImportReport)
    replaced: int = 0  # local copies replaced by the server's (refused or conflicting rows)
    skipped: list[str] = field(default_factory=list)  # server rows this project could not take
    #: Our edits of rows a reviewer changed meanwhile, sent with the server's decision or status (keys per
    #: table), and the sentences saying so (`sync_kept`).
    kept: dict[str, list[str]] = field(default_factory=dict)
    kept_lines: list[str] = field(default_factory=list)
    kept_decisions: int = 0  # of the kept rows: our decisions on another's tag (or card) they edited
    #: Our edits older than a reviewer's decision made after them on the server: not applied (newer wins).
    outdated: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: Our decisions on tags their owner deleted after our copy: not applied (per key, the status we set),
    #: and the sentences saying so; and our rows that carried no change (our decision was the server's).
    not_applied: dict[str, dict[str, str | None]] = field(default_factory=dict)
    not_applied_lines: list[str] = field(default_factory=list)
    not_applied_changed: int = 0  # of those: on a tag its owner changed (not deleted) after our copy
    unchanged: dict[str, list[str]] = field(default_factory=dict)
    teammates: int = 0
    finished_at: str = ""
    #: Our edits made while this sync ran, of rows it would have replaced by the server's copy: kept and
    #: still queued (one sentence each, `sync_meanwhile`).
    held: list[str] = field(default_factory=list)
    #: The team renames this sync applied, in order ("label 'denial' is now 'rebuttal' (renamed by rita)").
    renames: list[str] = field(default_factory=list)
    #: Why nothing was sent though changes wait (the server's sync rules are newer: `sync_rules`), or "".
    push_held: str = ""
    #: Identical tags under two ids: ours dropped, and what moved onto the tag kept (`sync_twins`).
    twins: sync_twins.TwinOutcome = field(default_factory=sync_twins.TwinOutcome)
    #: Our waiting changes stamped more than a day ahead of the server's clock, sent with its time.
    restamped: int = 0
    #: Of the tags sent: decisions on another's tag. Of the tags received: whose decision or change each
    #: was (`sync_words`). The claim cards, votes and verdicts received.
    sent_decisions: int = 0
    pulled_tags: sync_words.PulledTags = field(default_factory=sync_words.PulledTags)
    claims: ClaimsReport = field(default_factory=ClaimsReport)

    def summary(self) -> str:
        verb = "Received from" if self.push_held else "Synced with"  # nothing sent: a pull only
        parts = [f"{verb} {self.server} as {self.role}{' (reviewer)' if self.reviewer else ''}."]
        sent = [
            _count(self.pushed.get(table, 0), noun)
            for table, noun in (
                ("annotations", "tag"),
                ("documents", "document"),
                ("labels", "label"),
                ("links", "link"),
                ("speakers", "speaker"),
                *sync_claims.PUSHED_NOUNS,
                ("curated_marks", "curated mark"),
            )
            if self.pushed.get(table, 0)
        ]
        parts.append(
            f"Sent {', '.join(sent)}."
            if sent
            else f"Nothing sent. {self.push_held}"
            if self.push_held
            else "Nothing sent."
            if self.refused or self.not_applied
            else "Nothing to send."
        )
        news = self.pulled.changed or self.pulled.conflicting or self.pulled.notes
        received = sync_words.received(self.pulled, self.pulled_tags) if news else "nothing new."
        parts.append(f"Received: {received}")
        if twins := self.twins.summary():
            parts.append(twins)
        if self.renames:
            parts.append(f"Renamed for the team: {'; '.join(self.renames)}.")
        if self.refused:
            parts.append(f"{_count(len(self.refused), 'row')} refused by the server (see below).")
        if edits := sum(len(keys) for keys in self.kept.values()) - self.kept_decisions:
            parts.append(
                f"{_count(edits, 'edit')} of yours went up with a reviewer's decision made meanwhile: both "
                "are kept (see below)."
            )
        if self.kept_decisions:
            parts.append(
                f"{_count(self.kept_decisions, 'decision')} of yours went up with the owner's edit made "
                "meanwhile: both are kept (see below)."
            )
        if outdated := len(self.outdated.get("annotations", {})):
            parts.append(
                f"{_count(outdated, 'edit')} of yours not applied: a reviewer decided on the tag after it "
                "(see below)."
            )
        if outdated_cards := len(self.outdated.get("claims", {})):
            parts.append(
                f"{_count(outdated_cards, 'card edit')} of yours not applied: a reviewer moved the card "
                "after it (see below)."
            )
        if stale := sum(len(keys) for keys in self.not_applied.values()) - self.not_applied_changed:
            parts.append(
                f"{_count(stale, 'decision')} of yours not applied: the tag's owner deleted it after your "
                "copy (see below)."
            )
        if self.not_applied_changed:
            parts.append(
                f"{_count(self.not_applied_changed, 'decision')} of yours not applied: the tag's owner "
                "changed it after your copy (see below)."
            )
        if self.held:
            parts.append(
                f"{_count(len(self.held), 'edit')} of yours made while syncing kept: it goes up with the "
                "next sync (see below)."
            )
        if self.replaced:
            parts.append(f"{_count(self.replaced, 'local copy')} replaced by the server's.")
        return " ".join([*parts, sync_clock.said(self.restamped)] if self.restamped else parts)

    def details(self) -> list[str]:
        lines = [f"refused {r.table[:-1]} {r.key}: {r.why}" for r in self.refused]
        lines += self.kept_lines
        lines += self.not_applied_lines
        lines += self.held
        lines += self.twins.lines
        lines += self.pulled.details()
        lines += self.skipped
        return lines


def _count(n: int, noun: str) -> str:
    if n == 1:
        return f"1 {noun}"
    return f"{n:,} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"
