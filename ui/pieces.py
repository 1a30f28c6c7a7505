"""Discontinuous tags in the window: add the selection as another piece of the current tag.

"The economy, he said, is booming": select "The economy", press 1 (a claim, now current); select
"is booming" and press **Ctrl+1** (Ctrl with the label key of the current tag): the claim now covers both
pieces. It is one tag (core.fragments: its pieces, its envelope as start/end), drawn on every piece and
never in the gap, listed once in the tag table; undo takes the piece back. A selection touching or
overlapping a piece joins it (two touching pieces are one).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication

from factcheck.core.errors import FactcheckError
from factcheck.core.fragments import check, envelope, normalized, pieces
from factcheck.core.model import Annotation
from factcheck.core.spans import context, trim
from ui.structure_commands import set_pieces
from ui.structure_context import Context
from ui.tag_text import quotable


def _tr(text: str) -> str:
    return QCoreApplication.translate("Pieces", text)


def with_piece(tag: Annotation, text: str, start: int, end: int) -> Annotation:
    """The tag with [start, end) added to its pieces (raises FactcheckError on a bad span)."""
    start, end = trim(text, start, end)
    parts = normalized([*pieces(tag), (start, end)])
    if parts:
        parts = check(parts, text)
        start, end = envelope(parts)
    else:  # it joined into one continuous piece
        start, end = min(start, tag.start), max(end, tag.end)
    prefix, quote, suffix = context(text, start, end)
    return replace(tag, fragments=parts, start=start, end=end, quote=quote, prefix=prefix, suffix=suffix)


class Pieces:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add_selection(self, label: str) -> Annotation | None:
        """Ctrl + a label key: the selection becomes another piece of the current tag of that label."""
        view = self.ctx.host.view
        span = view.selected_span()
        if span is None or span[0] == span[1]:
            self.ctx.status(
                _tr("Select the next piece first, then press Ctrl with the {label} key.").format(label=label)
            )
            return None
        tag = self.ctx.host.current_annotation()
        if tag is None or tag.label != label:
            self.ctx.status(
                _tr(
                    "Ctrl with a label key adds the selection to the current {label} tag: "
                    "make that tag current first (it is, right after tagging it)."
                ).format(label=label)
            )
            return None
        if not self.ctx.owned(tag, "add a piece to"):
            return None
        text = self.ctx.text()
        try:
            after = with_piece(tag, text, *span)
        except FactcheckError as exc:
            self.ctx.status(str(exc))
            return None
        if after == tag:
            self.ctx.status(_tr("The selection is part of the tag already."))
            return None
        if not self.ctx.push(set_pieces(self.ctx.project, tag, after, text), _tr("The piece was not saved")):
            return None
        cursor = view.textCursor()
        cursor.clearSelection()
        view.setTextCursor(cursor)
        self.ctx.make_current(after.id, scroll=False)
        n = len(pieces(after))
        self.ctx.status(
            _tr("“{quote}” is one {label} tag in {n} pieces.").format(
                quote=quotable(after.quote, 30), label=label, n=n
            )
        )
        return after
