"""Whose name goes on new tags: set, changed, or (first start, name dialog cancelled) not yet set.

Cancelling the first-start question leaves the name unset, nothing saved; the window asks again when the
name is needed (a tag made, a correction, a review decision), and does nothing without it. The name is
the window's `annotator` and the review panel's reviewer: both change together.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QStatusBar, QWidget

from ui import dialogs
from ui.settings import Settings


def _tr(text: str) -> str:
    return QCoreApplication.translate("Identity", text)


def unset_text() -> str:
    """What the status bar says while no name is set."""
    return _tr("not set (asked when you tag)")


class _Panel(Protocol):
    reviewer: str


class _Review(Protocol):
    @property
    def panel(self) -> _Panel: ...


class Window(Protocol):
    annotator: str
    own_annotator: str  # yours (not a team server's login, which a synced project's tags carry instead)
    settings: Settings

    @property
    def review(self) -> _Review: ...

    def statusBar(self) -> QStatusBar: ...

    def _update_status(self) -> None: ...


def set_name(window: Window, name: str, *, remember: bool) -> None:
    """Use name on new tags and decisions; remember it as yours (not a team server's login) if asked."""
    window.annotator = name
    if remember:
        window.settings.annotator = name
        window.own_annotator = name
    review = getattr(window, "review", None)  # absent while the window is being built
    if review is not None:
        review.panel.reviewer = name
    window._update_status()


def change(window: Window) -> None:
    """Edit > Your name…"""
    assert isinstance(window, QWidget)
    name = dialogs.ask_annotator(window, window.annotator)
    if name:
        set_name(window, name, remember=True)


def ensure(window: Window) -> bool:
    """True when there is a name for what is about to be recorded; unset, ask for it (once more)."""
    if window.annotator:
        return True
    assert isinstance(window, QWidget)
    name = dialogs.ask_annotator(window, "")
    if not name:
        why = _tr(
            "Nothing was recorded: every tag and decision carries your name. Edit > Your name… sets it."
        )
        window.statusBar().showMessage(why, 10000)
        return False
    set_name(window, name, remember=True)
    return True
