"""Seeded random sessions on the claim-card store: annotators and a reviewer make cards, attach and detach
tags, vote, give and withdraw verdicts, rate and publish, delete and relabel tags, undo and redo as the
window does, merge an earlier JSON export of the project, and work in a teammate's project started from
one, whose JSON, JSONL or database is merged back (and ours into theirs); all through the real API on real
SQLite files. After every step the card rules are checked as the store reads them back; refusals
(ClaimError: ownership, the workflow) are expected and counted.

CLAIM_SESSION_SEEDS=200 CLAIM_SESSION_STEPS=200 runs a long hunt; the default takes a few seconds.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

import pytest

from db import Store, claim_settings, claims
from db.claim_listing import ClaimSummary, list_cards, summary
from factcheck.core.card_members import is_claim_label
from factcheck.core.claims import CHECKWORTHY_VALUES, ClaimError, Evidence, Organization
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Document
from factcheck.services import claim_edits
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.helpers.claims import DEBATE, tag

SEEDS = int(os.environ.get("CLAIM_SESSION_SEEDS", "6"))
STEPS = int(os.environ.get("CLAIM_SESSION_STEPS", "120"))
#: The exports (JSON round trip, ClaimReview against the shapes) are checked every so many steps, and last.
EXPORTS_EVERY = int(os.environ.get("CLAIM_SESSION_EXPORTS_EVERY", "40"))
ANNOTATORS = ("alice", "bob")
REVIEWER = "rita"
USERS = (*ANNOTATORS, REVIEWER)
VERDICTS = ("True", "Mostly true", "Half true", "Mostly false", "False")
PHRASES = (
    "Unemployment fell to 3.5 percent last year",
    "Wages fell for most families",
    "Our city built 12,000 new homes since 2020",
    "Crime doubled under my opponent's watch",
    "the lowest in fifty years",
)


@dataclass
class Session:
    store: Store
    rng: random.Random
    folder: Path
    tags: list[str] = field(default_factory=list)
    undo: list[claim_edits.CardChange] = field(default_factory=list)
    redo: list[claim_edits.CardChange] = field(default_factory=list)
    snapshots: list[Path] = field(default_factory=list)
    refusals: Counter[str] = field(default_factory=Counter)
    done: Counter[str] = field(default_factory=Counter)
    teammate: Session | None = None

    def user(self) -> str:
        return self.rng.choice(USERS)

    def card_id(self, *, deleted: bool = True) -> str | None:
        found = claims.cards(self.store, include_deleted=deleted)
        return self.rng.choice(found).id if found else None

    def tag_id(self) -> str:
        return self.rng.choice(self.tags)


def _project(folder: Path, rng: random.Random) -> Session:
    store = Store.open(folder / "project.db")
    session = Session(store, rng, folder)
    claim_settings.set_organization(store, Organization("Fact Desk", "https://factdesk.example.org"))
    for n in range(2):
        doc, _ = store.add_document(
            Document.create(DEBATE + f"Part {n}.\n", title=f"Debate {n}", source=f"https://n.example/{n}")
        )
        for phrase in PHRASES:
            who = rng.choice(USERS)
            session.tags.append(tag(store, doc, phrase, annotator=who).id)
    return session


# -- the operations: each one step by a random user; a ClaimError is a refusal --------------------------


def _edit(s: Session, card_id: str | None, action: claim_edits.CardAction) -> None:
    """A card edit as the window makes it (undoable)."""
    s.undo.append(claim_edits.act(s.store, card_id, action))
    s.redo.clear()  # a new edit ends what could be redone, as in the window


def op_create(s: Session) -> None:
    who = s.user()
    picked = s.rng.sample(s.tags, s.rng.randint(1, 2))
    if s.rng.random() < 0.5:
        claims.create_card(s.store, picked, who)
    else:
        ann = s.store.annotation(picked[0])
        text = ann.quote if ann is not None else "x"
        _edit(s, None, claim_edits.making(picked[0], who, text=text, speaker=None, claim_date=None,
                                          appearances=()))  # fmt: skip


def op_attach(s: Session) -> None:
    if (card := s.card_id()) is not None:
        _edit(s, card, claim_edits.attaching(card, s.tag_id(), s.user()))


def op_detach(s: Session) -> None:
    if (card := s.card_id()) is None:
        return
    on = claims.tag_ids(s.store, card)
    _edit(s, card, claim_edits.detaching(card, s.rng.choice(on) if on else s.tag_id(), s.user()))


def op_vote(s: Session) -> None:
    if (card := s.card_id()) is not None:
        value = s.rng.choice((*CHECKWORTHY_VALUES, None))
        _edit(s, card, claim_edits.voting(card, s.user(), value, s.rng.choice(("", "why not"))))


def op_verdict(s: Session) -> None:
    if (card := s.card_id()) is None:
        return
    who = s.user()
    if s.rng.random() < 0.25:
        _edit(s, card, claim_edits.withdrawing(card, who, final=False))
    elif s.rng.random() < 0.2:
        mine = [v for v in claims.verdicts(s.store, card) if v.annotator == who]
        if mine:
            claims.update_verdict(s.store, s.rng.choice(mine).id, s.user(), verdict=s.rng.choice(VERDICTS))
    else:
        evidence = [Evidence("https://e.example/1", "Data")] if s.rng.random() < 0.5 else []
        _edit(s, card, claim_edits.judging(card, who, s.rng.choice(VERDICTS), "because", evidence,
                                           final=False))  # fmt: skip


def op_final(s: Session) -> None:
    if (card := s.card_id()) is None:
        return
    who = REVIEWER if s.rng.random() < 0.8 else s.user()
    if s.rng.random() < 0.25:
        _edit(s, card, claim_edits.withdrawing(card, who, final=True))
        return
    url = s.rng.choice(("", "https://f.example/r"))
    date = s.rng.choice((None, "2026-03-02"))
    _edit(s, card, claim_edits.judging(card, who, s.rng.choice(VERDICTS), "checked", [], final=True,
                                       review_url=url, date_published=date))  # fmt: skip
    after = claims.card(s.store, card)
    assert after is not None and after.status in ("rated", "published"), after


def op_status(s: Session) -> None:
    if (card := s.card_id()) is None:
        return
    before = claims.card(s.store, card)
    target = s.rng.choice(("new", "checking", "rated", "published"))
    _edit(s, card, claim_edits.status_change(card, s.rng.choice((REVIEWER, *USERS)), target))
    after = claims.card(s.store, card)
    assert before is not None and after is not None
    if after.status == "published" and before.status != "published":
        assert claims.final_verdict(s.store, card) is not None, "published without a final verdict"


def op_text(s: Session) -> None:
    if (card := s.card_id()) is not None:
        old = claims.card(s.store, card)
        assert old is not None
        _edit(s, card, claim_edits.editing(card, s.user(), text=old.text + "!", speaker=old.speaker,
                                           claim_date=s.rng.choice((None, "2026-02-28")),
                                           appearances=old.appearances))  # fmt: skip


def op_delete_card(s: Session) -> None:
    if (card := s.card_id()) is None:
        return
    found = claims.card(s.store, card)
    assert found is not None
    if found.deleted:
        claims.restore_card(s.store, card, s.user())
    else:
        _edit(s, card, claim_edits.deleting(card, s.user()))


def op_delete_tag(s: Session) -> None:
    ann = s.store.annotation(s.tag_id())
    assert ann is not None
    if ann.deleted:
        s.store.restore_annotation(ann.id)
    else:
        s.store.delete_annotation(ann.id)


def op_relabel(s: Session) -> None:
    ann = s.store.annotation(s.tag_id())
    assert ann is not None
    s.store.update_annotation(ann.id, label=s.rng.choice(("claim", "denial", "characterization")))


def _card_rows(store: Store, card_id: str) -> dict[tuple[str, str], claim_edits.CardPart]:
    rows: list[claim_edits.CardPart] = [claims.require_card(store, card_id)]
    rows += claims.claim_tags(store, card_id, include_deleted=True)
    rows += claims.votes(store, card_id, include_deleted=True)
    rows += claims.verdicts(store, card_id, include_deleted=True)
    return {(type(r).__name__, r.id): r for r in rows}


def _put_back(s: Session, change: claim_edits.CardChange, *, redo: bool) -> None:
    """Undo (or redo) as the window does, and check that it changed only what the edit changed: of its
    rows, the fields it changed; what others changed since stays."""
    rows, was = (change.after, change.before) if redo else (change.before, change.after)
    stored = _card_rows(s.store, change.card_id)
    claim_edits.put_back(s.store, rows, was=was)
    now = _card_rows(s.store, change.card_id)
    written = {(type(r).__name__, r.id): (r, w) for r, w in zip(rows, was, strict=True)}
    for key, row in now.items():
        if key not in written:
            assert row == stored[key], (row, stored[key])
            continue
        target, other = written[key]
        for f in fields(row):
            if f.name == "updated_at":
                continue
            if getattr(target, f.name) != getattr(other, f.name):
                assert getattr(row, f.name) == getattr(target, f.name), (f.name, row, target)
            else:
                assert getattr(row, f.name) == getattr(stored[key], f.name), (f.name, row, stored[key])


def op_undo(s: Session) -> None:
    if s.undo:  # refused (a ClaimError): the edit stays to undo, as in the window
        _put_back(s, s.undo[-1], redo=False)
        s.redo.append(s.undo.pop())


def op_redo(s: Session) -> None:
    if s.redo:
        _put_back(s, s.redo[-1], redo=True)
        s.undo.append(s.redo.pop())


def op_snapshot(s: Session) -> None:
    path = s.folder / f"teammate-{len(s.snapshots)}.json"
    export(s.store, "json", path)
    s.snapshots.append(path)


def op_merge(s: Session) -> None:
    if s.snapshots:
        import_paths(s.store, [s.rng.choice(s.snapshots)])


def _teammate(s: Session) -> Session:
    """A teammate's project, started from an export of ours, with its own session."""
    if s.teammate is None:
        path = s.folder / "start.json"
        export(s.store, "json", path)
        theirs = Store.open(s.folder / "teammate.db")
        import_paths(theirs, [path])
        s.teammate = Session(theirs, s.rng, s.folder, tags=s.tags)
    return s.teammate


def op_teammate_works(s: Session) -> None:
    """The teammate makes a few changes of their own in their project (their refusals are counted too)."""
    theirs = _teammate(s)
    names = [n for n in OPERATIONS if not n.startswith(("teammate", "merge", "snapshot"))]
    for _ in range(s.rng.randint(1, 4)):
        name = s.rng.choice(names)
        try:
            OPERATIONS[name][0](theirs)
            s.done[f"teammate {name}"] += 1
        except ClaimError:
            s.refusals[f"teammate {name}"] += 1
        check_invariants(theirs.store)


def op_teammate_merge(s: Session) -> None:
    """Their work merged into ours (a JSON or JSONL export, or their database), or ours into theirs."""
    theirs = _teammate(s)
    kind = s.rng.choice(("json", "jsonl", "db", "back"))
    if kind == "back":
        export(s.store, "json", s.folder / "ours.json")
        import_paths(theirs.store, [s.folder / "ours.json"])
        check_invariants(theirs.store)
    elif kind == "db":
        import_paths(s.store, [s.folder / "teammate.db"])
    else:
        path = s.folder / f"theirs.{kind}"
        export(theirs.store, kind, path)
        import_paths(s.store, [path])


OPERATIONS: dict[str, tuple[Callable[[Session], None], int]] = {
    "create": (op_create, 6),
    "attach": (op_attach, 6),
    "detach": (op_detach, 5),
    "vote": (op_vote, 6),
    "verdict": (op_verdict, 6),
    "final": (op_final, 6),
    "status": (op_status, 8),
    "text": (op_text, 3),
    "delete_card": (op_delete_card, 3),
    "delete_tag": (op_delete_tag, 3),
    "relabel": (op_relabel, 2),
    "undo": (op_undo, 4),
    "redo": (op_redo, 2),
    "snapshot": (op_snapshot, 1),
    "merge": (op_merge, 2),
    "teammate works": (op_teammate_works, 3),
    "teammate merge": (op_teammate_merge, 2),
}


# -- the invariants, read back from the file --------------------------------------------------------


def _one_by_one(store: Store, card_id: str) -> tuple[object, ...]:
    """What the listing should say of a card, from the card's own reads."""
    card = claims.require_card(store, card_id)
    roles = {label.name: label.role for label in store.labels()}
    live_tags: list[str] = []
    dormant: list[str] = []  # relabelled since: on the card, not one of its claim tags
    for t in claims.claim_tags(store, card_id):
        ann = store.annotation(t.annotation_id)
        if ann is not None and not ann.deleted and t.annotation_id not in live_tags + dormant:
            (live_tags if is_claim_label(ann.label, roles) else dormant).append(t.annotation_id)
    votes = Counter(v.value for v in claims.votes(store, card_id))
    given = {v.annotator: v.verdict for v in claims.verdicts(store, card_id) if not v.final}
    final = claims.final_verdict(store, card_id)
    final_by = (final.verdict, final.annotator) if final else (None, None)
    return (card.status, card.text, card.annotator, card.updated_at, tuple(live_tags), len(live_tags),
            tuple(dormant), dict(votes), given, *final_by)  # fmt: skip


def _listed(row: ClaimSummary) -> tuple[object, ...]:
    return (row.status, row.text, row.annotator, row.updated_at, row.tag_ids, row.tag_count,
            row.dormant_ids, row.votes, row.verdicts, row.final_verdict, row.final_by)  # fmt: skip


def check_invariants(store: Store) -> None:
    listed = {row.id: row for row in list_cards(store)}
    live = claims.cards(store)
    assert set(listed) == {c.id for c in live}
    for card in live:
        on = claims.tag_ids(store, card.id)
        assert len(on) == len(set(on)), ("a tag twice on a card", card.id, on)
        assert _listed(listed[card.id]) == _one_by_one(store, card.id), card.id
        assert summary(store, card.id) == listed[card.id]
    # Every attachment names a tag of the project (a deleted one is kept, and listed by no card).
    for t in claims.claim_tags(store, include_deleted=True):
        assert store.annotation(t.annotation_id) is not None, t
        assert claims.card(store, t.claim_id) is not None, t


def check_published(store: Store, before: dict[str, str], step: str) -> dict[str, str]:
    """A card becomes published (by any step: a status change, an undo, a merge) only while it has a
    live final verdict (the rule of db.claims and of the team server); the cards' statuses now."""
    now: dict[str, str] = {c.id: c.status for c in claims.cards(store, include_deleted=True)}
    for card_id, status in now.items():  # (a deleted card restored keeps its status: no step)
        if status == "published" and before.get(card_id) != "published":
            assert claims.final_verdict(store, card_id) is not None, (step, card_id)
    return now


def check_exports(store: Store, folder: Path, name: str) -> None:
    """The JSON export imported into a fresh project gives back every card field for field; the
    ClaimReview export is valid."""
    path = folder / f"{name}.json"
    export(store, "json", path)
    fresh = Store.open(folder / f"{name}.db")
    try:
        import_paths(fresh, [path])
        assert claims.export_rows(fresh) == claims.export_rows(store)
    finally:
        fresh.close()
    from tests.factcheck.services.test_claimreview import _check, _export

    reviews = _export(store, folder / f"{name}-reviews.json")
    # A card whose tags were all relabelled since has no claim to review (a dormant member is no claim).
    no_claim = {row.id for row in list_cards(store) if row.no_claim_tag}
    assert len(reviews) == len(set(claims.final_verdicts(store)) - no_claim)
    if reviews:
        conforms, text = _check(reviews, allow_warnings=True)
        assert conforms, text


def run_session(seed: int, steps: int, folder: Path, *, exports_every: int = 0) -> Session:
    rng = random.Random(seed)
    s = _project(folder, rng)
    names = list(OPERATIONS)
    weights = [OPERATIONS[n][1] for n in names]
    statuses: dict[str, str] = {}
    try:
        for step in range(steps):
            name = rng.choices(names, weights)[0]
            try:
                OPERATIONS[name][0](s)
                s.done[name] += 1
            except ClaimError:
                s.refusals[name] += 1
            except FactcheckError as exc:  # expected only where the store refuses a duplicate tag
                s.refusals[f"{name}:{type(exc).__name__}"] += 1
            check_invariants(s.store)
            statuses = check_published(s.store, statuses, name)
            if exports_every and step % exports_every == exports_every - 1:
                check_exports(s.store, folder, f"check-{step}")
        check_exports(s.store, folder, "final")
    finally:
        s.store.close()
        if s.teammate is not None:
            s.teammate.store.close()
    return s


# pyshacl still builds an rdflib ConjunctiveGraph inside validate(); that is its business, not ours.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("seed", range(SEEDS))
def test_random_sessions_keep_the_card_rules(seed: int, tmp_path: Path) -> None:
    s = run_session(seed, STEPS, tmp_path, exports_every=EXPORTS_EVERY)
    assert sum(s.done.values()) > STEPS // 3


# -- what the sessions found, each as a small test ---------------------------------------------------


def test_a_json_export_keeps_the_order_in_which_a_cards_tags_were_attached(tmp_path: Path) -> None:
    """Imported attachments all had the card's creation time, so the card listed them by their ids."""
    store = Store.open(tmp_path / "a.db")
    doc, _ = store.add_document(Document.create(DEBATE, title="Debate", source="https://n.example/d"))
    tags = [tag(store, doc, phrase).id for phrase in PHRASES]
    card, _ = claims.create_card(store, [tags[4]], "alice")
    for ann in (tags[2], tags[0], tags[3], tags[1]):
        claims.attach_tag(store, card.id, ann, "bob")
    export(store, "json", tmp_path / "a.json")
    fresh = Store.open(tmp_path / "b.db")
    import_paths(fresh, [tmp_path / "a.json"])
    order = [tags[4], tags[2], tags[0], tags[3], tags[1]]
    assert claims.tag_ids(fresh, card.id) == claims.tag_ids(store, card.id) == order
    assert list_cards(fresh)[0].tag_ids == tuple(order)
    assert claims.export_rows(fresh) == claims.export_rows(store)
    fresh.close()
    store.close()


def test_undoing_a_reviewers_rating_keeps_the_makers_later_text(tmp_path: Path) -> None:
    """Undo wrote the whole card row back as it was before the edit: the maker's text, changed since (a
    merge, a sync), went back too."""
    store = Store.open(tmp_path / "a.db")
    doc, _ = store.add_document(Document.create(DEBATE, title="Debate", source="https://n.example/d"))
    card, _ = claims.create_card(store, [tag(store, doc, PHRASES[0]).id], "alice")
    rating = claim_edits.act(
        store, card.id, claim_edits.judging(card.id, REVIEWER, "False", "", [], final=True)
    )
    claims.update_card(store, card.id, "alice", text="Unemployment fell to 3.5%", claim_date="2026-02-28")
    claim_edits.put_back(store, rating.before, was=rating.after)  # rita undoes her final verdict
    undone = claims.require_card(store, card.id)
    assert (undone.status, undone.text, undone.claim_date) == (
        "new",
        "Unemployment fell to 3.5%",
        "2026-02-28",
    )
    assert claims.final_verdict(store, card.id) is None
    claims.update_card(store, card.id, "alice", text="Unemployment fell")
    claim_edits.put_back(store, rating.after, was=rating.before)  # and redoes it
    redone = claims.require_card(store, card.id)
    assert (redone.status, redone.text) == ("rated", "Unemployment fell")
    assert claims.final_verdict(store, card.id) is not None
    store.close()


def test_a_tag_put_on_a_card_comes_back_once_from_a_teammate_who_started_from_our_export(
    tmp_path: Path,
) -> None:
    """A JSON export names the card's maker as the one who attached its tags; the teammate who starts from
    it has bob's tag under alice's row, and their database brought it back as a second attachment."""
    store = Store.open(tmp_path / "ours.db")
    doc, _ = store.add_document(Document.create(DEBATE, title="Debate", source="https://n.example/d"))
    first, second = (tag(store, doc, phrase).id for phrase in PHRASES[:2])
    card, _ = claims.create_card(store, [first], "alice")
    claims.attach_tag(store, card.id, second, "bob")
    export(store, "json", tmp_path / "start.json")
    with Store.open(tmp_path / "teammate.db") as theirs:
        import_paths(theirs, [tmp_path / "start.json"])
    import_paths(store, [tmp_path / "teammate.db"])
    assert claims.tag_ids(store, card.id) == [first, second]
    assert list_cards(store)[0].tag_count == 2
    claims.detach_tag(store, card.id, second, "bob")  # bob takes his tag off: it is off
    assert claims.tag_ids(store, card.id) == [first]
    import_paths(store, [tmp_path / "teammate.db"])  # and their older copy does not put it back
    assert list_cards(store)[0].tag_ids == (first,)
    store.close()


def test_undo_does_not_publish_a_card_whose_final_verdict_was_withdrawn_since(tmp_path: Path) -> None:
    """Publish, withdraw the final verdict (allowed: the card stays published), take the card back to
    rated, undo: the card was published again without a final verdict, a step the team server refuses."""
    store = Store.open(tmp_path / "a.db")
    doc, _ = store.add_document(Document.create(DEBATE, title="Debate", source="https://n.example/d"))
    card, _ = claims.create_card(store, [tag(store, doc, PHRASES[0]).id], "alice")
    claims.set_final_verdict(store, card.id, REVIEWER, "False")
    claims.set_status(store, card.id, REVIEWER, "published")
    claims.withdraw_verdict(store, card.id, REVIEWER, final=True)
    back = claim_edits.act(store, card.id, claim_edits.status_change(card.id, REVIEWER, "rated"))
    with pytest.raises(ClaimError, match="no final verdict now"):
        claim_edits.put_back(store, back.before, was=back.after)
    assert claims.require_card(store, card.id).status == "rated"  # refused: nothing changed
    claims.set_final_verdict(store, card.id, REVIEWER, "Mostly false")
    claim_edits.put_back(store, back.before, was=back.after)  # with a final verdict again, it may
    assert claims.require_card(store, card.id).status == "published"
    store.close()


def test_redo_does_not_put_a_tag_on_a_card_a_second_time(tmp_path: Path) -> None:
    """bob attaches a tag and undoes it, alice attaches the same tag, bob redoes: two rows put it there."""
    store = Store.open(tmp_path / "a.db")
    doc, _ = store.add_document(Document.create(DEBATE, title="Debate", source="https://n.example/d"))
    first, second = (tag(store, doc, phrase).id for phrase in PHRASES[:2])
    card, _ = claims.create_card(store, [first], "alice")
    bobs = claim_edits.act(store, card.id, claim_edits.attaching(card.id, second, "bob"))
    claim_edits.put_back(store, bobs.before, was=bobs.after)
    claims.attach_tag(store, card.id, second, "alice")
    claim_edits.put_back(store, bobs.after, was=bobs.before)
    assert claims.tag_ids(store, card.id) == [first, second]
    assert list_cards(store)[0].tag_count == 2
    store.close()


def test_a_teammates_newer_text_does_not_publish_again_a_card_whose_final_verdict_we_withdrew(
    tmp_path: Path,
) -> None:
    """A merge took the teammate's whole card row, the newer one: with the maker's text came the status
    of their older copy, published, though the final verdict had been withdrawn here. The card merges
    part by part now (`factcheck.core.card_merge`)."""
    store = Store.open(tmp_path / "ours.db")
    doc, _ = store.add_document(Document.create(DEBATE, title="Debate", source="https://n.example/d"))
    card, _ = claims.create_card(store, [tag(store, doc, PHRASES[0]).id], "alice")
    claims.set_final_verdict(store, card.id, REVIEWER, "False")
    claims.set_status(store, card.id, REVIEWER, "published")
    export(store, "json", tmp_path / "start.json")
    claims.withdraw_verdict(store, card.id, REVIEWER, final=True)
    claims.set_status(store, card.id, REVIEWER, "rated")
    with Store.open(tmp_path / "teammate.db") as theirs:
        import_paths(theirs, [tmp_path / "start.json"])
        claims.update_card(theirs, card.id, "alice", text="Unemployment fell to 3.5%")
        export(theirs, "json", tmp_path / "theirs.json")
    report = import_paths(store, [tmp_path / "theirs.json"])
    merged = claims.require_card(store, card.id)
    assert (merged.text, merged.status) == ("Unemployment fell to 3.5%", "rated")
    assert claims.final_verdict(store, card.id) is None
    # Not a conflict: the status changed here only (their copy does not know of the withdrawal).
    assert not [n for n in report.notes if n.startswith("claim conflict")], report.notes
    store.close()
