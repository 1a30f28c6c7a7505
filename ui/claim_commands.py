"""Undoable edits of claim cards, driven like the tag edits by ui.commands' push_command / undo / redo.

The first redo runs the store operation (factcheck.services.claim_edits over db/claims.py: its checks and
the ownership rule apply) through the ClaimsModel, which notes every row of the card it wrote, before and
after. Undo writes the rows as
they were (a row the edit made goes back as a tombstone: nothing is ever hard-deleted); redo writes them as
the edit left them. Each of those writes is one transaction with a fresh updated_at, so that a merge where
the newer wins sees an undo as the latest word. Attributes named `before` or `annotation` are read by the
window as tags: only a command about a tag (making a card from it, putting it on a card) has an
`annotation`, so that undo shows its document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from PySide6.QtCore import QCoreApplication

from factcheck.core.claims import ClaimCard, ClaimTag, Evidence, Organization, ScaleEntry
from factcheck.core.model import Annotation, utc_now
from factcheck.core.speakers import Speaker
from factcheck.services import claim_edits as edits
from factcheck.services.claim_edits import CardAction, CardChange
from ui import card_news, twin_steps
from ui.claims_model import ClaimsModel
from ui.commands import StoreCommand
from ui.tag_text import quotable


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClaimCommands", text)


_MAX = 30


def _short(text: str) -> str:
    return quotable(text, _MAX)


class CardCommand(StoreCommand):
    """One edit of one card (action: the store operation, from factcheck.services.claim_edits)."""

    def __init__(
        self, claims: ClaimsModel, text: str, card_id: str | None, action: CardAction,
        speaker: Speaker | None = None,
    ) -> None:  # fmt: skip
        super().__init__(claims.project, text)
        self.claims = claims
        self.card_id = card_id
        self.speaker = speaker  # a speaker the edit adds (named on the card): stored with it, undone with it
        self._action = action
        self.change: CardChange | None = None
        self.news = ""  # what the edit does in plain words (ui.card_news), said in the status bar

    def _do_redo(self) -> None:
        first = self.change is None
        self._redo()
        self._say(first=first, undone=False)

    def _say(self, *, first: bool, undone: bool) -> None:
        if self.news and not self.notice:  # a step that wrote nothing says why instead
            self.claims.news.emit(card_news.step(self.news, first=first, undone=undone))

    def _redo(self) -> None:
        if self.change is None:
            self.change = self.claims.act(self.card_id, self._action, self.speaker)
            self.card_id = self.change.card_id
        elif (moved := self._follow(restoring=True)) is not None:
            self.claims.put_back(
                self.change.card_id, (*self.change.after, *moved), self._speakers(alive=True),
                was=self.change.before,
            )  # fmt: skip

    def _do_undo(self) -> None:
        assert self.change is not None  # undone only after it was done
        if (moved := self._follow(restoring=False)) is not None:
            self.claims.put_back(
                self.change.card_id, (*self.change.before, *moved), self._speakers(alive=False),
                was=self.change.after,
            )  # fmt: skip
        self._say(first=False, undone=True)

    def _follow(self, *, restoring: bool) -> list[ClaimTag] | None:
        """The step's card tags naming a tag a sync or merge dropped as identical to another name the tag
        kept from now on (ui.twin_steps.card_rows); what to write with them: those card tags' stored rows
        still live, tombstoned (None: write nothing)."""
        assert self.change is not None
        before, moved = twin_steps.card_rows(self.project, self.change.before)
        after, also = twin_steps.card_rows(self.project, self.change.after)
        self.change = replace(self.change, before=before, after=after)
        return list({t.id: t for t in (*moved, *also)}.values())

    def _speakers(self, *, alive: bool) -> list[Speaker]:
        if self.speaker is None:
            return []
        return [replace(self.speaker, deleted_at=None if alive else utc_now())]


class TagCardCommand(CardCommand):
    """A card edit about a tag (make a card from it, put it on a card): undo shows the tag's document."""

    def __init__(
        self, claims: ClaimsModel, text: str, card_id: str | None, action: CardAction,
        annotation: Annotation, speaker: Speaker | None = None,
    ) -> None:  # fmt: skip
        super().__init__(claims, text, card_id, action, speaker)
        self.annotation = annotation

    def _follow(self, *, restoring: bool) -> list[ClaimTag] | None:
        """Also the tag the step is about: the tag kept in its place; putting it on the card again (redo)
        writes nothing when it is gone with no copy left (a card tag of a deleted tag is only dormant)."""
        self.annotation = twin_steps.followed(self.project, self.annotation)
        if restoring and self.annotation.deleted:
            self.wrote_nothing()
            return None
        return super()._follow(restoring=restoring)


class DetachCommand(CardCommand):
    """Take a tag off a card. Undo puts it back on as the tag kept in its place when a sync or merge
    dropped it as identical to another (ui.twin_steps.card_rows); when its tag went since with no copy
    left, undo writes nothing (the card tag would only be dormant) and says so, and redo, the card tag then
    never put back, writes nothing either. A card tag taken off while its tag was gone already (dormant)
    goes back on as it was: undoing every step gives the first state back."""

    def __init__(
        self, claims: ClaimsModel, text: str, card_id: str, action: CardAction, tag_id: str
    ) -> None:  # fmt: skip
        super().__init__(claims, text, card_id, action)
        self._tag_id = tag_id  # the tag taken off (followed onto the tag kept): not `annotation`, see above
        self._was_live = True  # its tag when it was taken off
        self._skipped = False  # the last undo wrote nothing

    def _now(self) -> Annotation | None:
        """The tag as it stands (the tag kept in its place), None when it is not stored."""
        stored = self.project.annotation(self._tag_id)
        return twin_steps.followed(self.project, stored) if stored is not None else None

    def _redo(self) -> None:
        if self.change is None:
            now = self._now()
            self._was_live = now is not None and not now.deleted
        super()._redo()

    def _follow(self, *, restoring: bool) -> list[ClaimTag] | None:
        if restoring:  # redo: off the card again, unless the undo never put it on
            if self._skipped:
                self._skipped = False
                self.wrote_nothing()
                return None
            return super()._follow(restoring=restoring)
        now = self._now()
        if self._was_live and (now is None or now.deleted):
            self._skipped = True
            self.wrote_nothing()
            return None
        if now is not None:
            self._tag_id = now.id
        return super()._follow(restoring=restoring)


_VOTE_TEXTS = {
    "yes": "Vote yes on “{card}”",
    "no": "Vote no on “{card}”",
    "unsure": "Vote unsure on “{card}”",
}


def _card_text(claims: ClaimsModel, card_id: str) -> str:
    row = claims.row(card_id)
    return _short(row.text) if row else _tr("a card")


def _telling(command: CardCommand, news: str) -> CardCommand:
    command.news = news
    return command


def _split(speaker: str | Speaker | None) -> tuple[str | None, Speaker | None]:
    """A speaker id, or a new Speaker to add with the edit: (its id, the Speaker to add)."""
    if isinstance(speaker, Speaker):
        return speaker.id, speaker
    return speaker, None


def make_card(
    claims: ClaimsModel, annotation: Annotation, annotator: str, *, text: str, speaker: str | Speaker | None,
    claim_date: str | None, appearances: Sequence[str],
) -> TagCardCommand:  # fmt: skip
    """A card from a claim tag; speaker: an id, or a new Speaker to add with the card."""
    speaker_id, added = _split(speaker)
    action = edits.making(annotation.id, annotator, text=text, speaker=speaker_id, claim_date=claim_date,
                          appearances=appearances)  # fmt: skip
    return TagCardCommand(
        claims, _tr("Make card “{card}”").format(card=_short(text)), None, action, annotation, added
    )


def edit_card(
    claims: ClaimsModel, card: ClaimCard, who: str, *, text: str, speaker: str | Speaker | None,
    claim_date: str | None, appearances: Sequence[str],
) -> CardCommand:  # fmt: skip
    """The card's own fields; speaker: an id, or a new Speaker to add with the edit."""
    speaker_id, added = _split(speaker)
    action = edits.editing(card.id, who, text=text, speaker=speaker_id, claim_date=claim_date,
                           appearances=appearances)  # fmt: skip
    return CardCommand(claims, _tr("Edit card “{card}”").format(card=_short(text)), card.id, action, added)


def set_status(claims: ClaimsModel, card_id: str, who: str, status: str) -> CardCommand:
    card = _card_text(claims, card_id)
    text = _tr("Status of “{card}”: {status}").format(card=card, status=_tr(status))
    return _telling(CardCommand(claims, text, card_id, edits.status_change(card_id, who, status)),
                    card_news.status(card, status))  # fmt: skip


def delete_card(claims: ClaimsModel, card_id: str, who: str) -> CardCommand:
    text = _tr("Delete card “{card}”").format(card=_card_text(claims, card_id))
    return CardCommand(claims, text, card_id, edits.deleting(card_id, who))


def attach_tag(claims: ClaimsModel, card_id: str, annotation: Annotation, who: str) -> TagCardCommand:
    text = _tr("Add “{quote}” to card “{card}”").format(
        quote=_short(annotation.quote), card=_card_text(claims, card_id)
    )
    return TagCardCommand(claims, text, card_id, edits.attaching(card_id, annotation.id, who), annotation)


def detach_tag(claims: ClaimsModel, card_id: str, annotation_id: str, who: str) -> DetachCommand:
    text = _tr("Take a tag off card “{card}”").format(card=_card_text(claims, card_id))
    return DetachCommand(claims, text, card_id, edits.detaching(card_id, annotation_id, who), annotation_id)


def vote(claims: ClaimsModel, card_id: str, who: str, value: str | None, reason: str = "") -> CardCommand:
    """who's check-worthiness vote (value None: withdraw it)."""
    sentence = _VOTE_TEXTS.get(value, "Vote {value} on “{card}”") if value else "Withdraw vote on “{card}”"
    card = _card_text(claims, card_id)
    text = _tr(sentence).format(value=value, card=card)
    return _telling(CardCommand(claims, text, card_id, edits.voting(card_id, who, value, reason)),
                    card_news.vote(card, value))  # fmt: skip


def verdict(
    claims: ClaimsModel, card_id: str, who: str, name: str, explanation: str, evidence: Sequence[Evidence],
    *, final: bool = False, review_url: str = "", date_published: str | None = None,
) -> CardCommand:  # fmt: skip
    """who's verdict, or (final) the reviewer's final verdict."""
    sentence = "Final verdict {name} on “{card}”" if final else "Verdict {name} on “{card}”"
    action = edits.judging(card_id, who, name, explanation, evidence, final=final, review_url=review_url,
                           date_published=date_published)  # fmt: skip
    card = _card_text(claims, card_id)
    text = _tr(sentence).format(name=name, card=card)
    return _telling(CardCommand(claims, text, card_id, action), card_news.verdict(card, name, final=final))


def withdraw_verdict(claims: ClaimsModel, card_id: str, who: str, *, final: bool = False) -> CardCommand:
    sentence = "Withdraw final verdict on “{card}”" if final else "Withdraw verdict on “{card}”"
    card = _card_text(claims, card_id)
    text = _tr(sentence).format(card=card)
    command = CardCommand(claims, text, card_id, edits.withdrawing(card_id, who, final=final))
    return _telling(command, card_news.verdict_withdrawn(card, final=final))


class SetScale(StoreCommand):
    """The verdict scale (renames: old name -> new; verdicts follow); undo renames back."""

    def __init__(
        self, claims: ClaimsModel, old: Sequence[ScaleEntry], new: Sequence[ScaleEntry],
        renames: Mapping[str, str],
    ) -> None:  # fmt: skip
        super().__init__(claims.project, _tr("Change the verdict scale"))
        self.claims = claims
        self.old = list(old)
        self.new = list(new)
        self.renames = {a: b for a, b in renames.items() if a != b}

    def _do_redo(self) -> None:
        self.claims.set_scale(self.new, self.renames)

    def _do_undo(self) -> None:
        self.claims.set_scale(self.old, {b: a for a, b in self.renames.items()})


class SetOrganization(StoreCommand):
    def __init__(self, claims: ClaimsModel, old: Organization, new: Organization) -> None:
        super().__init__(claims.project, _tr("Change the organization"))
        self.claims = claims
        self.old = old
        self.new = new

    def _do_redo(self) -> None:
        self.claims.set_organization(self.new)

    def _do_undo(self) -> None:
        self.claims.set_organization(self.old)
