"""Landing the claim cards of an import (a teammate's export or database), inside its transaction.

Cards, their tags, check-worthiness votes and verdicts merge by id with the rules of tags: unknown ->
added; same content -> unchanged; otherwise the newer `updated_at` wins (a newer tombstone deletes ours,
an older live copy never brings one back); the same `updated_at` with other content is a conflict (ours
kept, listed). Who made a row never changes (the ownership rule: a card belongs to its maker, a vote or
verdict to its annotator, a final verdict to its reviewer): a copy naming someone else is a conflict,
listed and not applied.

A card has two parts with two owners, its maker's text and the reviewers' status steps; two copies of it
merge part by part (`factcheck.core.card_merge`, the rule the team server applies too): the maker's newer
text comes in, our reviewers' newer step stays, and a card both sides changed so that the rule cannot
say whose step is newer is listed as a conflict. (A pull from the team server, which applied the rule on
push, lands its cards whole.)

Verdict names must be on the project's scale; unknown ones refuse the import unless add_labels, which
adds them with the file's values. The organization is taken from a file only while the project has none
(a teammate's database: the newer setting wins).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from db import claim_settings, claims
from db.claim_rows import card_from_row, claim_tag_from_row, verdict_from_row, vote_from_row
from db.claims_sync import rows_by_key
from db.store import Store
from factcheck.core.claims import (
    CheckworthyVote,
    ClaimCard,
    ClaimsPart,
    ClaimTag,
    ScaleEntry,
    Verdict,
    claim_tag_id,
    verdict_id,
    vote_id,
)
from factcheck.core.errors import ImportRefused
from factcheck.core.model import utc_now
from factcheck.core.names import holds_hidden, name_cleaned
from factcheck.core.report import ImportReport
from factcheck.services.merge_cards import CardRule

#: Per kind: the fields that never change once the row exists.
_IDENTITY = {
    "claims": ("annotator", "created_at"),
    "claim_tags": ("claim_id", "annotation_id", "annotator"),
    "checkworthy": ("claim_id", "annotator"),
    "verdicts": ("claim_id", "annotator", "final"),
}
_NOUNS = {"claims": "card", "claim_tags": "card's tag", "checkworthy": "vote", "verdicts": "verdict"}
_PLURALS = {
    "claims": "cards",
    "claim_tags": "tags on cards",
    "checkworthy": "check-worthiness votes",
    "verdicts": "verdicts",
}


@dataclass
class ClaimsReport:
    """What a merge did to the claim cards: counts per kind and outcome, and the conflicts."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    scale_added: list[str] = field(default_factory=list)

    def add(self, kind: str, outcome: str, n: int = 1) -> None:
        per = self.counts.setdefault(kind, {})
        per[outcome] = per.get(outcome, 0) + n

    def summary(self) -> str:
        parts = []
        for kind, nouns in _PLURALS.items():
            per = self.counts.get(kind, {})
            said = [f"{n:,} {outcome}" for outcome, n in per.items() if n]
            if said:
                parts.append(f"{nouns} {', '.join(said)}")
        text = "Claim cards: " + "; ".join(parts) + "." if parts else ""
        if self.scale_added:
            text += f" Ratings added to the verdict scale: {', '.join(self.scale_added)}."
        return text.strip()


def merge_claims(
    store: Store,
    part: ClaimsPart,
    source: str,
    report: ImportReport | None = None,
    *,
    add_labels: bool = False,
) -> ClaimsReport:
    """Merge part into store inside the caller's transaction; raises ImportRefused (the caller's
    transaction then undoes everything) on unknown ratings or rows of unknown cards."""
    out = ClaimsReport()
    if not part.whole_rows:  # (the team server's rows keep their owners' names as the server has them)
        part = names_cleaned(part)
    with store.atomic():
        _scale(store, part, source, add_labels, out)
        _organization(store, part)
        known = {c.id for c in part.cards} | _existing_card_ids(store, _claim_ids(part))
        for rows in (part.claim_tags, part.votes, part.verdicts):
            for row in rows:
                if row.claim_id not in known:
                    raise ImportRefused(
                        f"{source}: a {type(row).__name__} names the claim card {row.claim_id!r}, which is "
                        "neither in the file nor in this project; nothing was imported."
                    )
        if part.tag_places is not None:
            _refuse_missing_tags(store, part, part.tag_places, source)
        before = {
            c.id: c for c in map(partial(claims.card, store), {c.id for c in part.cards}) if c is not None
        }
        rule = None if part.whole_rows else CardRule(store, part)
        _merge_rows(store, "claims", part.cards, card_from_row, claims.put_cards, out, rule)
        if part.live_tags_only:
            _add_live_tags(store, part, out)
        else:
            _merge_rows(store, "claim_tags", part.claim_tags, claim_tag_from_row, claims.put_claim_tags, out)
        _merge_rows(store, "checkworthy", part.votes, vote_from_row, claims.put_votes, out)
        _merge_rows(store, "verdicts", part.verdicts, verdict_from_row, claims.put_verdicts, out)
        _not_published_without_final(store, before, out)
    if report is not None:
        if out.summary():
            report.notes.append(out.summary())
        report.notes.extend(out.conflicts)
    return out


def names_cleaned(part: ClaimsPart) -> ClaimsPart:
    """part with its people's names cleaned as imported tags' are (`factcheck.core.names.name_cleaned`):
    a card's maker, and the annotator of each tag on a card, vote and verdict, whose row is named by its
    card and annotator (`claim_tag_id`, `vote_id`, `verdict_id`): such a row is named by the cleaned name
    too, so that the same file imported again meets it, and a vote cast here by that name meets it."""
    names = {
        row.annotator for rows in (part.cards, part.claim_tags, part.votes, part.verdicts) for row in rows
    }
    if not any(map(holds_hidden, names)):
        return part

    def tag(t: ClaimTag) -> ClaimTag:
        name = name_cleaned(t.annotator)
        named = t.id == claim_tag_id(t.claim_id, t.annotation_id, t.annotator)
        return replace(
            t, annotator=name, id=claim_tag_id(t.claim_id, t.annotation_id, name) if named else t.id
        )

    def vote(v: CheckworthyVote) -> CheckworthyVote:
        name = name_cleaned(v.annotator)
        named = v.id == vote_id(v.claim_id, v.annotator)
        return replace(v, annotator=name, id=vote_id(v.claim_id, name) if named else v.id)

    def verdict(v: Verdict) -> Verdict:
        name = name_cleaned(v.annotator)
        named = v.id == verdict_id(v.claim_id, v.annotator, v.final)
        return replace(v, annotator=name, id=verdict_id(v.claim_id, name, v.final) if named else v.id)

    return replace(
        part,
        cards=[replace(c, annotator=name_cleaned(c.annotator)) for c in part.cards],
        claim_tags=[tag(t) for t in part.claim_tags],
        votes=[vote(v) for v in part.votes],
        verdicts=[verdict(v) for v in part.verdicts],
    )


def _not_published_without_final(store: Store, before: dict[str, ClaimCard], out: ClaimsReport) -> None:
    """A card the merge would make published with no live final verdict keeps our status. A card row is
    merged whole, the newer wins: the maker's newer text brings the status of their copy, which may
    predate a reviewer's withdrawing the final verdict and taking the card back here. The rule (and the
    team server) lets a card become published only with its final verdict."""
    keep = []
    for card_id, ours in before.items():
        now = claims.card(store, card_id)
        if (
            now is not None and now.status == "published" and ours.status != "published"
            and claims.final_verdict(store, card_id) is None
        ):  # fmt: skip
            keep.append(replace(now, status=ours.status, updated_at=utc_now()))  # the word of this merge
            out.conflicts.append(
                f"claim conflict: card {card_id} is published in the merged copy but has no final verdict "
                f"here (withdrawn since): it stays {ours.status}, and a reviewer publishes it again"
            )
    claims.put_cards(store, keep)


def _refuse_missing_tags(store: Store, part: ClaimsPart, places: dict[str, str], source: str) -> None:
    """A source that names only the tags it carries (its tags stored before its cards) names no other."""
    for row in part.claim_tags:
        if store.annotation(row.annotation_id) is None:
            place = places.get(row.claim_id, "")
            raise ImportRefused(
                f"{source}: the claim card {row.claim_id!r} names the tag {row.annotation_id!r}, which is "
                f"neither in the file nor in this project{f' (at {place})' if place else ''}; "
                "nothing was imported."
            )


def _claim_ids(part: ClaimsPart) -> set[str]:
    return {r.claim_id for rows in (part.claim_tags, part.votes, part.verdicts) for r in rows}


def _existing_card_ids(store: Store, ids: set[str]) -> set[str]:
    found: set[str] = set()
    for row_id in ids:
        if claims.card(store, row_id) is not None:
            found.add(row_id)
    return found


def _scale(store: Store, part: ClaimsPart, source: str, add_labels: bool, out: ClaimsReport) -> None:
    ours = claim_settings.scale(store)
    theirs = {e.name: e for e in part.scale or ()}
    unknown = sorted({v.verdict for v in part.verdicts} - set(ours.names))
    if unknown and not add_labels:
        raise ImportRefused(
            f"{source}: verdict {', '.join(map(repr, unknown))} is not on this project's verdict scale "
            f"({', '.join(ours.names)}); import with --add-labels to add it with the file's value. "
            "Nothing was imported."
        )
    missing = [name for name in unknown if name not in theirs]
    if missing:
        raise ImportRefused(
            f"{source}: verdict {', '.join(map(repr, missing))} is on no verdict scale of the file, so "
            "its value is unknown; nothing was imported."
        )
    if unknown:
        out.scale_added = claim_settings.add_scale_entries(store, [theirs[n] for n in unknown])
    if part.scale_stamps:  # a teammate's database: a rating both have changes when theirs is newer
        stamps = claim_settings.scale_stamps(store)
        positions = {e.name: i for i, e in enumerate(claim_settings.scale(store).entries)}
        newer: list[tuple[str, int, str, int, str]] = []
        for name, entry in theirs.items():
            mine: ScaleEntry | None = ours.entry(name)
            stamp = part.scale_stamps.get(name, "")
            if mine is not None and mine != entry and stamp > stamps.get(name, ""):
                newer.append((name, entry.value, entry.color, positions[name], stamp))
        claim_settings.put_scale_rows(store, newer)


def _organization(store: Store, part: ClaimsPart) -> None:
    if part.organization is None:
        return
    theirs = part.organization
    values = claim_settings.settings(store)
    ours = claim_settings.organization(store)
    if part.organization_stamp:
        ours_stamp = max((values.get(k, ("", ""))[1] for k in claim_settings.ORG_KEYS), default="")
        if part.organization_stamp > ours_stamp and theirs != ours:
            claim_settings.put_settings(
                store,
                {
                    claim_settings.ORGANIZATION_NAME: (theirs.name, part.organization_stamp),
                    claim_settings.ORGANIZATION_URL: (theirs.url, part.organization_stamp),
                },
            )
    elif not (ours.name or ours.url) and (theirs.name or theirs.url):
        claim_settings.set_organization(store, theirs)


def _ours(store: Store, table: str, ids: Sequence[str], convert: Callable[[Any], Any]) -> dict[str, Any]:
    return {row[0]: convert(row) for row in rows_by_key(store, table, ids)}


def _merge_rows(
    store: Store,
    table: str,
    incoming: Sequence[Any],
    convert: Callable[[Any], Any],
    put: Callable[[Store, list[Any]], int],
    out: ClaimsReport,
    cards: CardRule | None = None,
) -> None:
    ours = _ours(store, table, [r.id for r in incoming], convert)
    write: list[Any] = []
    noun = _NOUNS[table]
    attached = _attachments(store) if table == "claim_tags" else None
    for row in incoming:
        mine = ours.get(row.id)
        if attached is not None and _attached_already(attached, row):
            out.add(table, "unchanged")
            continue
        if mine is None:
            write.append(row)
            out.add(table, "added" if row.deleted_at is None else "tombstones kept")
            continue
        fixed = _IDENTITY[table]
        if any(getattr(mine, f) != getattr(row, f) for f in fixed):
            out.add(table, "conflicting")
            names = ", ".join(f for f in fixed if getattr(mine, f) != getattr(row, f))
            out.conflicts.append(
                f"claim conflict: {noun} {row.id}: their copy changes its {names} (made by "
                f"{mine.annotator}; who made a row never changes): not applied"
            )
        elif cards is not None:  # a card's two parts, each by its own rule
            decided = cards.merge(mine, row)
            out.add(table, decided.outcome)
            out.conflicts += [decided.conflict] if decided.conflict else []
            write += [decided.card] if decided.card is not None else []
        elif mine == row:
            out.add(table, "unchanged")
        elif mine.updated_at > row.updated_at:
            out.add(table, "older (ours kept)")
        elif row.updated_at > mine.updated_at:
            write.append(row)
            out.add(table, "deleted" if row.deleted_at and not mine.deleted_at else "updated")
        else:
            out.add(table, "conflicting")
            out.conflicts.append(
                f"claim conflict: {noun} {row.id} of {mine.annotator}: changed on both sides at "
                f"{mine.updated_at}; ours kept"
            )
    put(store, write)


@dataclass
class _Attachment:
    """What we know of one tag on one card: the live row that puts it there, and our latest word on it."""

    live: str | None
    latest: str


def _attachments(store: Store) -> dict[tuple[str, str], _Attachment]:
    """(card id, tag id) -> our rows' word on it, over every row (detached ones too)."""
    out: dict[tuple[str, str], _Attachment] = {}
    for t in claims.claim_tags(store, include_deleted=True):
        seen = out.setdefault((t.claim_id, t.annotation_id), _Attachment(None, ""))
        seen.live = t.id if t.deleted_at is None and seen.live is None else seen.live
        seen.latest = max(seen.latest, t.updated_at)
    return out


def _attached_already(attached: dict[tuple[str, str], _Attachment], row: ClaimTag) -> bool:
    """Whether a live attachment row of another id than ours says nothing new: a JSON export names who made
    the card as the one who attached its tags, so the same attachment comes back from a teammate under
    another row id. It is not added while another live row puts the tag there (one row does), nor when
    our rows for that tag on that card changed after it (a detach since: their copy is older news). The
    rows of this merge count as they are let through."""
    if row.deleted_at is not None:
        return False
    seen = attached.get((row.claim_id, row.annotation_id))
    if seen is None:
        attached[(row.claim_id, row.annotation_id)] = _Attachment(row.id, row.updated_at)
        return False
    if seen.live == row.id:
        return False
    if seen.live is not None or seen.latest > row.updated_at:
        return True
    seen.live, seen.latest = row.id, row.updated_at
    return False


def _add_live_tags(store: Store, part: ClaimsPart, out: ClaimsReport) -> None:
    """Attachments named by a file that lists only the live ones: added where we have none for that
    card and tag (ours, detached or not, is kept: the file cannot say which is newer)."""
    have = {(t.claim_id, t.annotation_id) for t in claims.claim_tags(store, include_deleted=True)}
    new = []
    for row in part.claim_tags:
        key = (row.claim_id, row.annotation_id)
        if key in have:
            out.add("claim_tags", "unchanged")
            continue
        have.add(key)
        new.append(replace(row))
    out.add("claim_tags", "added", len(new)) if new else None
    claims.put_claim_tags(store, new)
