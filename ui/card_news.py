"""What a card edit did, in plain words, for the status bar: said when it is done, undone and redone.

The Claims pane's keys (Y/N/U votes, V and F verdicts, S / Shift+S status moves) change a card in a pane
the eye may not be on; the status bar says what changed, as it does for tags. Each sentence is made when
the edit is (the card's words as they were then) and is said again, prefixed, by undo and redo.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("CardNews", text)


_VOTES = {"yes": "worth checking", "no": "not worth checking", "unsure": "unsure"}


def vote(card: str, value: str | None) -> str:
    """card: the card's words, already shortened and without quotes."""
    if value is None:
        return _tr("Your check-worthy vote on “{card}” withdrawn").format(card=card)
    return _tr("Your check-worthy vote on “{card}”: {value}").format(
        card=card, value=_tr(_VOTES.get(value, value))
    )


def verdict(card: str, name: str, *, final: bool) -> str:
    sentence = "Final verdict on “{card}”: {name}" if final else "Your verdict on “{card}”: {name}"
    return _tr(sentence).format(card=card, name=name)


def verdict_withdrawn(card: str, *, final: bool) -> str:
    sentence = "Final verdict on “{card}” withdrawn" if final else "Your verdict on “{card}” withdrawn"
    return _tr(sentence).format(card=card)


def status(card: str, status: str) -> str:
    return _tr("Card “{card}” moved to {status}").format(card=card, status=_tr(status))


def step(news: str, *, first: bool, undone: bool) -> str:
    """What the status bar says when a card edit is done (first), undone or redone."""
    if first:
        return news
    return (_tr("Undone: {news}") if undone else _tr("Redone: {news}")).format(news=news)
