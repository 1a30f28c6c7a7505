"""Which tags are near a tag: the candidates the window offers when attributing and linking.

A content tag's source and cue sit in its sentence ("Lavrov said that Trump accepted…", "“It is not
clear,” Tillerson said."), so attribution candidates are the tags of the wanted role in the sentence(s)
the tag touches, nearest first. Link targets may be further away (a denial answers a claim two paragraphs
up), so they are looked for in a window of text around the tag, nearest first, those of the labels the
link type expects before the others.

Offsets are code points into the stored text; a tag's distance to another is the number of characters
between their nearest pieces (0 when they touch or overlap).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from factcheck.core.fragments import pieces
from factcheck.core.model import Annotation
from factcheck.core.open_document import TagLayer

#: A sentence ends after . ! ? or … (and any closing quotes or brackets) followed by white space (but see
#: _ends: not "Sen." or "U.S."); a paragraph (a line) always ends one.
_SENTENCE_END = re.compile(r"[.!?…]+[”’\"')\]]*(?=\s)|\n")
#: How far around a tag link targets are looked for, in code points each way.
LINK_WINDOW = 3000
#: At most this many candidates are offered (nearest first).
MAX_CANDIDATES = 40

#: The label a link of each default type usually goes from and to (None: any).
LINK_ENDS: dict[str, tuple[str | None, str | None]] = {
    "denies": ("denial", "claim"),
    "characterizes": ("characterization", None),
    "same_claim": ("claim", "claim"),
}


#: Words a full stop follows without ending the sentence (“said Sen. Rubio”, “Dr. Smith said”).
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "mx", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "cmdr",
     "adm", "maj", "pres", "st", "mt", "jr", "sr", "rev", "hon", "vs", "approx", "inc", "ltd", "corp",
     "dept", "univ", "fig"}
)  # fmt: skip
_WORD_BEFORE = re.compile(r"(\w+)$")


def _ends(text: str, m: re.Match[str]) -> bool:
    """Whether a match of _SENTENCE_END ends a sentence: a lone full stop after an initial (“U.S.”,
    “J. K. Rowling”; not “I”) or a title does not, nor an omission ("[…]") or an ellipsis the sentence
    goes on after in lower case."""
    found = m.group()
    if found != "\n" and m.start() > 0 and text[m.start() - 1] in "[(":
        return False  # an omission in a quotation, "[…]" or "(...)"
    if "…" in found or "..." in found:
        # An ellipsis ends a sentence unless the words go on in lower case ("were… productive").
        after = re.compile(r"\s*(\w)").match(text, m.end())
        return after is None or not after.group(1).islower()
    if found != ".":  # "?", "!", or a closing quote after the full stop: an end
        return True
    word = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
    if word is None:
        return True
    return (
        not (len(word.group(1)) == 1 and word.group(1).isupper() and word.group(1) != "I")
        and word.group(1).lower() not in _ABBREVIATIONS
    )


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """[a, b) of the sentence(s) holding text[start:end]: from after the previous sentence end to the end
    of the sentence where ``end`` falls (its closing punctuation and quotes included)."""
    a = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 2000), start):
        if _ends(text, m):
            a = m.end()
    after = next((m for m in _SENTENCE_END.finditer(text, max(end - 1, start)) if _ends(text, m)), None)
    b = after.end() if after is not None else len(text)
    if after is not None and after.group() == "\n":
        b = after.start()
    while a < start and text[a].isspace():
        a += 1
    return a, max(b, end)


def distance(a: Annotation, b: Annotation) -> int:
    """Characters between the nearest pieces of two tags (0 when they touch or overlap)."""
    best: int | None = None
    for s1, e1 in pieces(a):
        for s2, e2 in pieces(b):
            gap = max(s2 - e1, s1 - e2, 0)
            if best is None or gap < best:
                best = gap
    return best or 0


def _nearest(anchor: Annotation, tags: Iterable[Annotation]) -> list[Annotation]:
    return sorted(tags, key=lambda t: (distance(anchor, t), abs(t.start - anchor.start), t.start, t.id))


def within(inner: Annotation, outer: Annotation) -> bool:
    """Whether every piece of ``inner`` lies inside a piece of ``outer``."""
    return all(any(s <= s1 and e1 <= e for s, e in pieces(outer)) for s1, e1 in pieces(inner))


def attribution_candidates(
    layer: TagLayer, text: str, anchor: Annotation, accept: Callable[[Annotation], bool]
) -> list[Annotation]:
    """The drawn tags passing ``accept`` (e.g. source tags) in the sentence(s) of ``anchor``, nearest
    first, those inside the anchor last; the anchor itself is never one.

    A source or cue inside the content is a nested attribution's ("Tillerson said that Lavrov ‘claimed
    …’": Lavrov and "claimed" are part of what Tillerson said), so it is not the content's own."""
    a, b = sentence_bounds(text, anchor.start, anchor.end)
    found = {t.id: t for _, _, t in layer.overlapping_tags(a, b) if t.id != anchor.id and accept(t)}
    ordered = _nearest(anchor, found.values())
    return ([t for t in ordered if not within(t, anchor)] + [t for t in ordered if within(t, anchor)])[
        :MAX_CANDIDATES
    ]


def link_candidates(
    layer: TagLayer,
    anchor: Annotation,
    preferred: Callable[[Annotation], bool] = lambda _t: True,
    window: int = LINK_WINDOW,
) -> list[Annotation]:
    """Drawn tags around ``anchor`` (``window`` code points each way), the ``preferred`` ones first, each
    group nearest first; at most MAX_CANDIDATES."""
    a, b = max(0, anchor.start - window), anchor.end + window
    found = {t.id: t for _, _, t in layer.overlapping_tags(a, b) if t.id != anchor.id}
    ordered = _nearest(anchor, found.values())
    return ([t for t in ordered if preferred(t)] + [t for t in ordered if not preferred(t)])[:MAX_CANDIDATES]


def suggested_link_type(label: str, types: list[str]) -> str | None:
    """The link type a tag of this label most likely starts (a denial denies, a characterization
    characterizes, a claim is the same claim as another), if the project has it; else the first type."""
    for name, (source, _target) in LINK_ENDS.items():
        if source == label and name in types:
            return name
    return types[0] if types else None


def expected_target(link_type: str) -> str | None:
    """The label a link of this type usually points to (None: any)."""
    return LINK_ENDS.get(link_type, (None, None))[1]
