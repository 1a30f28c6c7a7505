"""Draws tags under the text: a QSyntaxHighlighter over the drawn tags of a TagLayer, lazy on long articles.

Each paragraph (QTextBlock) is cut at every tag boundary that falls inside it; each piece gets one cached
QTextCharFormat: a background in the tint of the innermost tag's label, deeper where tags nest. Pieces
never mix two labels' colours (a mix would be a colour in no legend): which tags cover a piece, and where
each one starts and ends, the view draws as one underline per tag in stacked lanes (``TagStyle.pattern``
gives each label a dash pattern too, so labels differ without colour).

Speed: QSyntaxHighlighter re-highlights every block whenever the whole text changes. On a 5 MB article
that is ~17k Python calls before the first paint, and every highlighted block is laid out and shaped by
Qt (QPlainTextDocumentLayout lays out a block whose formats change): highlighting all of a 5 MB text
costs ~1 s and ~900 MB of glyph data that a bare QPlainTextEdit never builds. So the text is loaded with
the highlighter unhooked from ``contentsChange``, and blocks are highlighted on demand: the view asks for
the blocks on (or about to come on) screen before they are painted (``highlight_blocks``), which Qt would
lay out for the paint anyway. ``highlight_all`` exists for tests and screenshots.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import SIGNAL, SLOT, QCoreApplication, QObject
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QPalette,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
)

from factcheck.core.model import Annotation, Label
from factcheck.core.names import shown
from factcheck.core.offsets import OffsetMap
from factcheck.core.open_document import TagLayer
from ui.colors import Dashes, blend, contrast
from ui.tag_text import TagNotes, no_notes

FALLBACK_COLOR = "#999999"  # a label this project does not know (e.g. from an import)
TINT = 0.30  # opacity of one tag's colour over the page
NESTED_TINT = 0.12  # more opacity per tag around it (nesting), in the innermost label's colour
MAX_TINT = 0.55
REJECTED_TINT = 0.12  # a tag the reviewer rejected stays visible, but faint
MIN_CONTRAST = 4.5  # of the words on a tint (WCAG AA): a deep tint on a dark page is made lighter
# The dash pattern of each label's underline, by the label's place in the project (then again): ten
# apart (Qt's five named styles gave a 6th label the 1st one's line in another colour).
PATTERNS: tuple[Dashes, ...] = (
    (),  # solid
    (4, 2),  # dashes
    (1, 2),  # dots
    (4, 2, 1, 2),  # dash dot
    (4, 2, 1, 2, 1, 2),  # dash dot dot
    (9, 3),  # long dashes
    (1, 4),  # sparse dots
    (9, 3, 1, 3),  # long dash dot
    (9, 2, 3, 2),  # long dash, short dash
    (2, 1),  # short dashes, close
)


def label_patterns(labels: list[Label] | tuple[Label, ...]) -> dict[str, Dashes]:
    """Each label's dash pattern: its place's (again after ten), or the next one that no earlier label
    of the same colour has: once the palette ran out, a 14th label had the cue label's colour and line."""
    taken: dict[str, set[Dashes]] = {}
    patterns: dict[str, Dashes] = {}
    for i, lab in enumerate(labels):
        same = taken.setdefault(lab.color.upper(), set())
        turns = [PATTERNS[(i + k) % len(PATTERNS)] for k in range(len(PATTERNS))]
        patterns[lab.name] = next((p for p in turns if p not in same), turns[0])
        same.add(patterns[lab.name])
    return patterns


TagSpan = tuple[int, int, Annotation]  # (start, end, tag)
# (label, rejected) for each tag over a piece of text, outermost first.
SegmentKey = tuple[tuple[str, bool], ...]


class TagStyle:
    """Colours of the labels and the (cached) character format of each combination of tags."""

    def __init__(self, labels: list[Label] | tuple[Label, ...], page: QColor) -> None:
        self.colors = {lab.name: QColor(lab.color) for lab in labels}
        self.patterns = label_patterns(labels)
        self.page = page
        self.dark = page.lightness() < 128  # a dark theme: lines lighter than the label colour
        self.text = _text_on(page)
        # By what the format shows (the innermost label and its tint), not by the whole stack of tags
        # around a piece: stacks vary without end on a long, densely tagged article; tints do not.
        self._formats: dict[tuple[str, float], QTextCharFormat] = {}

    def color(self, label: str) -> QColor:
        return self.colors.get(label) or QColor(FALLBACK_COLOR)

    def pattern(self, label: str) -> Dashes:
        """The dash pattern of a label's underline: labels differ by more than their colour."""
        return self.patterns.get(label, PATTERNS[4])

    def ink(self, label: str) -> QColor:
        """The label colour for lines drawn on the page (underline, outline): darker on a light page,
        lighter on a dark one, so it stands out from the tint under the text."""
        c = self.color(label)
        if self.dark:
            return c.lighter(135) if c.lightness() < 170 else c
        return c.darker(135) if c.lightness() > 110 else c

    def format_for(self, key: SegmentKey) -> QTextCharFormat:
        shade = (key[-1][0], self._alpha(key))
        fmt = self._formats.get(shade)
        if fmt is None:
            fmt = self._formats[shade] = QTextCharFormat()
            fmt.setBackground(self._tint(self.color(shade[0]), shade[1]))
        return fmt

    def _tint(self, color: QColor, alpha: float) -> QColor:
        """The label's colour over the page at alpha, or less where the words on it would not read: over
        a dark page, light words on a bright orange or blue three tags deep were at 2.8:1."""
        tint = blend(self.page, color, alpha)
        while alpha > 0 and contrast(self.text, tint) < MIN_CONTRAST:
            alpha -= 0.02
            tint = blend(self.page, color, alpha)
        return tint

    def _alpha(self, key: SegmentKey) -> float:
        if key[-1][1]:  # the innermost tag rejected
            alpha = REJECTED_TINT
        else:
            around = sum(1 for _, rejected in key[:-1] if not rejected)
            alpha = min(MAX_TINT, TINT + NESTED_TINT * around)
        if self.dark:
            alpha *= 1.4  # a tint over a dark page needs more of the colour to read as that colour
        return alpha


def _text_on(page: QColor) -> QColor:
    """The colour of the words on the page: the application's text colour (the theme's), unless it is
    not one for this page (a page given apart from the theme), then black or white."""
    text = QGuiApplication.palette().color(QPalette.ColorRole.Text)
    if abs(text.lightness() - page.lightness()) > 100:
        return text
    return QColor("white") if page.lightness() < 128 else QColor("black")


def _tr(text: str) -> str:
    return QCoreApplication.translate("TagTooltip", text)


def describe_tags(annotations: list[Annotation], style: TagStyle, notes: TagNotes = no_notes) -> str:
    """Rich text for a tooltip: label, annotator, quote, note, review (and notes) of each tag; "" for none."""
    parts = []
    for ann in annotations:
        color = style.color(ann.label).name()
        quote = ann.quote if len(ann.quote) <= 80 else ann.quote[:77] + "…"
        lines = [
            f'<span style="color:{color}">■</span> <b>{html.escape(ann.label)}</b>'
            f" · {html.escape(shown(ann.annotator))}",
            f'<span style="color:{"#aaa" if style.dark else "#666"}">“{html.escape(quote)}”</span>',
        ]
        if ann.note:
            lines.append(f"<i>{html.escape(ann.note)}</i>")
        if ann.status:
            review = html.escape(_tr(ann.status.capitalize()))  # "Accepted", "Rejected"
            if ann.reviewer:
                review += " " + _tr("by {reviewer}").format(reviewer=html.escape(shown(ann.reviewer)))
            if ann.reason:
                review += f": {html.escape(ann.reason)}"
            lines.append(review)
        lines += [html.escape(line) for line in notes(ann)]
        parts.append("<br>".join(lines))
    return "<hr>".join(parts)


class SpanHighlighter(QSyntaxHighlighter):
    """Highlights one block on request from the current OffsetMap and the drawn tags of a TagLayer."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)  # the document is empty here: no full pass is scheduled
        self.offsets = OffsetMap("")
        self.layer = TagLayer()
        self.style = TagStyle([], QColor("white"))
        self.done = bytearray()  # 1 = block number n is highlighted with the current tags
        self._loading = False

    def load_text(self, set_text: Callable[[], None]) -> None:
        """Run ``set_text`` (which replaces the whole text) without a highlighting pass over every block."""
        doc = self.document()
        sig, slot = SIGNAL("contentsChange(int,int,int)"), SLOT("_q_reformatBlocks(int,int,int)")
        unhooked = QObject.disconnect(doc, sig, self, slot)
        self._loading = True  # if Qt's private slot ever changes name, highlightBlock still returns early
        try:
            set_text()
        finally:
            self._loading = False
            if unhooked:
                QObject.connect(doc, sig, self, slot)
        self.invalidate()

    def invalidate(self) -> None:
        """Tags changed wholesale: every block must be highlighted again (lazily)."""
        self.done = bytearray(self.document().blockCount())

    def highlightBlock(self, text: str) -> None:
        if self._loading:
            return
        block = self.currentBlock()
        n = block.blockNumber()
        if n < len(self.done):
            self.done[n] = 1
        qlen = block.length() - 1  # without the separator; UTF-16 units, like setFormat
        if qlen <= 0:
            return
        pos = block.position()
        om = self.offsets
        a = om.from_qt(pos)
        b = om.from_qt(pos + qlen)
        spans = self.layer.overlapping_tags(a, b)
        if not spans:
            return
        self._paint_segments(spans, a, b, pos)

    def _paint_segments(self, spans: list[TagSpan], a: int, b: int, pos: int) -> None:
        cuts = {a, b}
        for s, e, _ in spans:
            if s > a:
                cuts.add(s)
            if e < b:
                cuts.add(e)
        points = sorted(cuts)
        slot = {p: i for i, p in enumerate(points)}
        covering: list[list[TagSpan]] = [[] for _ in range(len(points) - 1)]
        for span in spans:
            s, e, _ = span
            for i in range(slot[max(s, a)], slot[min(e, b)]):
                covering[i].append(span)
        om = self.offsets
        identity = om.identical_before(b)
        style = self.style
        for i, over in enumerate(covering):
            if not over:
                continue
            if len(over) > 1:  # longest (outermost) first; the id makes the order total
                over.sort(key=lambda sp: (sp[0] - sp[1], sp[0], sp[2].id))
            key = tuple((t.label, t.status == "rejected") for _, _, t in over)
            x, y = points[i], points[i + 1]
            if identity:
                qx, qy = x - a, y - a
            else:
                qx, qy = om.to_qt(x) - pos, om.to_qt(y) - pos
            self.setFormat(qx, qy - qx, style.format_for(key))

    # -- on demand -------------------------------------------------------------------------------------

    def highlight_blocks(self, first: QTextBlock, last: QTextBlock, *, force: bool = False) -> int:
        """Highlight blocks first..last (inclusive) not yet done (all of them with force); returns count."""
        count = 0
        block = first
        stop = last.blockNumber()
        while block.isValid() and block.blockNumber() <= stop:
            n = block.blockNumber()
            if force or not self.done[n]:
                self.rehighlightBlock(block)  # calls highlightBlock, which marks it done
                count += 1
            block = block.next()
        return count

    def highlight_range(self, qt_start: int, qt_end: int, *, force: bool = False) -> int:
        """Highlight the blocks holding Qt positions qt_start..qt_end."""
        doc = self.document()
        first = doc.findBlock(qt_start)
        last = doc.findBlock(max(qt_start, qt_end))
        if not first.isValid():
            return 0
        if not last.isValid():
            last = doc.lastBlock()
        return self.highlight_blocks(first, last, force=force)

    def highlight_all(self) -> None:
        """Highlight every block not done yet, now (lays out the whole document: tests, screenshots)."""
        doc = self.document()
        n = self.done.find(0)
        while n >= 0:
            self.rehighlightBlock(doc.findBlockByNumber(n))
            self.done[n] = 1  # even if Qt skipped the call, never loop on it
            n = self.done.find(0, n + 1)

    def pending(self) -> bool:
        """True while some block is not highlighted with the current tags."""
        return self.done.find(0) >= 0
