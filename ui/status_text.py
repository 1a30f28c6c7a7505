"""The main window's status-bar texts (who tags, how many tags, saved or not), through Qt's translation."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("StatusBar", text)


def saved() -> str:
    return _tr("All changes saved")


def not_saved() -> str:
    return _tr("Not saved — see the message")


def annotator(name: str) -> str:
    return _tr("Annotator: {name}").format(name=name)


def tags(n: int) -> str:
    return _tr("1 tag") if n == 1 else _tr("{n} tags").format(n=n)


def tags_here(here: int, total: int) -> str:
    """The open document's tags, and all the project's."""
    return _tr("{tags} here · {total} in all").format(tags=tags(here), total=total)
