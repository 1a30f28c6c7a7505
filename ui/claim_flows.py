"""What each card command asks, checks and pushes: the dialogs in front of the claim commands.

`CardActions` is shared by the window's card keys (K, Shift+K on a tag) and the Claims pane's (E, Y/N/U,
V, F, S, Delete). It checks the ownership rule before asking anything (a card's text, speaker and date
are its maker's, its status moves by the workflow rule, `status_refusal`; a vote, verdict or tag link is
its annotator's), so nobody fills in a dialog to be refused; the store checks it again. Each change is
one command pushed on the window's undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from factcheck.core.card_members import dormant_text, is_claim_label
from factcheck.core.claims import CLAIM_STATUSES, ClaimCard, Evidence, text_from_quote
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Annotation
from factcheck.core.names import shown
from factcheck.core.ownership import owns_row, row_refusal, status_refusal
from factcheck.core.speakers import Speaker
from factcheck.services.claim_edits import is_web
from ui import claim_commands as cc
from ui import claim_editor, claim_picker, dialogs, verdict_dialog
from ui.claims_model import ClaimsModel
from ui.commands import StoreCommand
from ui.tag_text import one_line
from ui.verdict_dialog import VerdictFields


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClaimFlows", text)


class CardActions:
    def __init__(
        self,
        parent: QWidget,
        claims: ClaimsModel,
        push: Callable[[StoreCommand], bool],
        who: Callable[[], str],
        status: Callable[[str], None],
    ) -> None:
        self.parent = parent
        self.claims = claims
        self.push = push  # on the window's undo stack; False (a dialog said why) when the write failed
        self.who = who  # the annotator's name now
        self.status = status  # a hint in the status bar

    # -- from a tag --------------------------------------------------------------------------------
    def _is_claim(self, ann: Annotation) -> bool:
        """By the store's rule: a project whose claim label was renamed (to "Claim", "assertion") has
        claim tags still."""
        return is_claim_label(ann.label, {lab.name: lab.role for lab in self.claims.project.labels()})

    def _claim_tag(self, ann: Annotation | None) -> bool:
        if ann is None:
            self.status(_tr("Select a claim tag first (click it, or Tab to it)."))
            return False
        if not self._is_claim(ann):
            self.status(_tr("Cards are made of claim tags; this one is a {label}.").format(label=ann.label))
            return False
        return True

    def make_card(self, ann: Annotation | None) -> str | None:
        """A new card from a claim tag, through the card editor; the card's id. A tag on a card already:
        that card's id, nothing made."""
        if ann is not None and not self._is_claim(ann) and (on := self.claims.cards_of_tag(ann.id)):
            # relabelled since it was put there: a dormant member of that card
            said = _tr(
                "This {label} tag is on a card from when it was a claim tag: it is open in the Claims pane."
            )
            self.status(said.format(label=ann.label))
            return on[0]
        if not self._claim_tag(ann):
            return None
        assert ann is not None
        existing = self.claims.cards_of_tag(ann.id)
        if existing:
            self.status(_tr("This tag is on a card already: it is open in the Claims pane."))
            return existing[0]
        source = self.claims.document_source(ann.document_id)
        source = source if is_web(source) else ""
        fields = claim_editor.edit_card(
            self.parent,
            title=_tr("New claim card"),
            text=text_from_quote(ann.quote),
            speakers=self.claims.speakers(),
            aliases=self.claims.speaker_aliases(),
            speaker_id=self.claims.speaker_of_tag(ann),
            document_sources=[source] if source else [],
            quote=ann.quote,
        )
        if fields is None:
            return None
        speaker = self._speaker(fields)
        if speaker is False:
            return None
        command = cc.make_card(self.claims, ann, self.who(), text=fields.text, speaker=speaker or None,
                               claim_date=fields.claim_date, appearances=fields.appearances)  # fmt: skip
        if not self.push(command):
            return None
        return command.card_id

    def add_to_card(self, ann: Annotation | None) -> str | None:
        """Put a claim tag on an existing card, chosen in a list ordered by likeness; the card's id."""
        if not self._claim_tag(ann):
            return None
        assert ann is not None
        on = set(self.claims.cards_of_tag(ann.id))
        choices = [(r.id, r.text, _describe(shown(r.speaker_name), r.tag_count, r.status))
                   for r in self.claims.rows() if r.id not in on]  # fmt: skip
        if not choices and on:  # the tag is on every card there is: "no card yet" would be wrong
            self.status(_tr("This tag is on every card already: K shows its card in the Claims pane."))
            return None
        if not choices:
            self.status(_tr("There is no card to add it to yet: press K to make one."))
            return None
        card_id = claim_picker.pick_card(self.parent, ann.quote, choices)
        if card_id is None:
            return None
        return card_id if self.push(cc.attach_tag(self.claims, card_id, ann, self.who())) else None

    def _speaker(self, fields: claim_editor.CardFields) -> str | Speaker | Literal[False] | None:
        """The speaker id the editor chose; a typed new name: a new Speaker, stored with the card (False:
        the name cannot be a speaker's)."""
        if fields.new_speaker is None:
            return fields.speaker_id
        try:
            return self.claims.new_speaker(fields.new_speaker)
        except FactcheckError as exc:
            dialogs.show_error(self.parent, _tr("Speaker"), str(exc), what_next=_tr("Nothing was changed."))
            return False

    # -- on a card ---------------------------------------------------------------------------------
    def _mine(self, card: ClaimCard | None, action: str) -> ClaimCard | None:
        if card is None:
            return None
        if not owns_row(card, self.who()):
            dialogs.show_info(self.parent, _tr("Claim card"), row_refusal(card, self.who(), action))
            return None
        return card

    def edit_card(self, card_id: str) -> bool:
        card = self._mine(self.claims.card(card_id), "edit")
        detail = self.claims.detail(card_id) if card is not None else None
        if card is None or detail is None:
            return False
        fields = claim_editor.edit_card(
            self.parent,
            title=_tr("Edit claim card"),
            text=card.text,
            speakers=self.claims.speakers(),
            aliases=self.claims.speaker_aliases(),
            speaker_id=card.speaker,
            claim_date=card.claim_date,
            document_sources=detail.sources,
            appearances=card.appearances,
            dormant=[
                dormant_text(one_line(t.annotation.quote, 140), t.annotation.label)
                for t in detail.tags
                if t.dormant and t.annotation is not None
            ],
        )
        if fields is None:
            return False
        speaker = self._speaker(fields)
        if speaker is False:
            return False
        unchanged = (fields.text, speaker or None, fields.claim_date, fields.appearances) == (
            card.text, card.speaker, card.claim_date, tuple(card.appearances))  # fmt: skip
        if unchanged:
            return False
        command = cc.edit_card(self.claims, card, self.who(), text=fields.text, speaker=speaker or None,
                               claim_date=fields.claim_date, appearances=fields.appearances)  # fmt: skip
        return self.push(command)

    def step_status(self, card_id: str, delta: int) -> bool:
        """The card's next (or previous) status, by the workflow rule of core.ownership."""
        detail = self.claims.detail(card_id)
        if detail is None:
            return False
        card, who = detail.card, self.who()
        target = CLAIM_STATUSES.index(card.status) + delta
        if not 0 <= target < len(CLAIM_STATUSES):
            sentence = (
                "The card is {status}: there is no status after"
                if delta > 0
                else "The card is {status}: there is no status before"
            )
            self.status(_tr(sentence).format(status=_tr(card.status)))
            return False
        finals = [v for v in detail.verdicts if v.final]
        why = status_refusal(
            card, who, CLAIM_STATUSES[target], reviewer=any(v.annotator == who for v in finals),
            has_final=any(v.deleted_at is None for v in finals), has_claim_tag=detail.row.tag_count > 0,
        )  # fmt: skip
        if why is not None:
            dialogs.show_info(self.parent, _tr("Claim card"), why)
            return False
        return self.push(cc.set_status(self.claims, card_id, who, CLAIM_STATUSES[target]))

    def delete_card(self, card_id: str) -> bool:
        card = self._mine(self.claims.card(card_id), "delete")
        return card is not None and self.push(cc.delete_card(self.claims, card_id, self.who()))

    def detach(self, card_id: str, annotation_id: str) -> bool:
        detail = self.claims.detail(card_id)
        link = next((t for t in detail.tags if t.annotation_id == annotation_id), None) if detail else None
        if link is None:
            return False
        if link.attached_by != self.who():
            why = _tr("{attacher} put this tag on the card; {who} cannot take it off. Attach or detach tags "
                      "of your own instead.")  # fmt: skip
            dialogs.show_info(
                self.parent, _tr("Claim card"), why.format(attacher=link.attached_by, who=self.who())
            )
            return False
        return self.push(cc.detach_tag(self.claims, card_id, annotation_id, self.who()))

    def vote(self, card_id: str, value: str) -> bool:
        detail = self.claims.detail(card_id)
        if detail is None:
            return False
        mine = next((v for v in detail.votes if v.annotator == self.who()), None)
        reason = verdict_dialog.ask_vote(
            self.parent, detail.card.text, value, mine.reason if mine else "", mine.value if mine else None
        )
        if isinstance(reason, verdict_dialog.Withdraw):
            return self.push(cc.vote(self.claims, card_id, self.who(), None))
        if reason is None or (mine is not None and (mine.value, mine.reason) == (value, reason)):
            return False
        return self.push(cc.vote(self.claims, card_id, self.who(), value, reason))

    def give_verdict(self, card_id: str, final: bool = False) -> bool:
        detail = self.claims.detail(card_id)
        if detail is None:
            return False
        live = [v for v in detail.verdicts if v.deleted_at is None]
        mine = next((v for v in live if v.annotator == self.who() and v.final == final), None)
        current = None if mine is None else VerdictFields(
            mine.verdict, mine.explanation, tuple((e.url, e.title) for e in mine.evidence), mine.review_url,
            mine.date_published or "")  # fmt: skip
        others = [(v.annotator, v.verdict) for v in live if not v.final and v.annotator != self.who()]
        scale = [(e.name, e.value, e.color) for e in self.claims.scale().entries]
        fields = verdict_dialog.edit_verdict(self.parent, claim_text=detail.card.text, scale=scale,
                                             current=current, final=final,
                                             others=others if final else ())  # fmt: skip
        if isinstance(fields, verdict_dialog.Withdraw):
            return self.push(cc.withdraw_verdict(self.claims, card_id, self.who(), final=final))
        if fields is None or fields == current:
            return False
        evidence = [Evidence(url, title) for url, title in fields.evidence]
        return self.push(cc.verdict(self.claims, card_id, self.who(), fields.verdict, fields.explanation,
                                    evidence, final=final, review_url=fields.review_url,
                                    date_published=fields.date_published or None))  # fmt: skip


def _describe(speaker: str, tags: int, status: str) -> str:
    count = (_tr("{n} tag") if tags == 1 else _tr("{n} tags")).format(n=tags)
    return " · ".join([*([one_line(speaker, 40)] if speaker else []), count, _tr(status)])
