"""The sentence around a span of an article: what a reviewer reads in a list instead of offsets."""

from __future__ import annotations

import re

# A sentence ends at . ! ? … (and closing quotes or brackets after them) followed by white space, or at
# a line break. Abbreviations ("Mr. Smith") cut a sentence short: harmless for a line of context.
_END = re.compile(r"[.!?…][\"'”’)\]]*\s|\n")


def sentence_around(text: str, start: int, end: int, width: int = 160) -> str:
    """The sentence(s) holding text[start:end] on one line, the span itself in [square brackets]; cut with
    "…" to about ``width`` characters, keeping the span (itself shortened in its middle if too long)."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if end < start:
        start, end = end, start
    begin = 0
    for match in _END.finditer(text, max(0, start - 2 * width), start):
        begin = match.end()
    found = _END.search(text, end, min(len(text), end + 2 * width))
    stop = found.start() + 1 if found else min(len(text), end + 2 * width)
    before, span, after = (" ".join(part.split()) for part in (text[begin:start], text[start:end],
                                                               text[end:stop]))  # fmt: skip
    if len(span) > width // 2:
        keep = width // 4
        span = span[:keep] + " … " + span[-keep:]
    room = max(0, width - len(span) - 2)
    left, right = room // 2, room - room // 2
    if len(before) < left:
        right += left - len(before)
    elif len(after) < right:
        left += right - len(after)
    if len(before) > left:
        before = "…" + before[len(before) - left + 1 :].lstrip()
    if len(after) > right:
        after = after[: max(0, right - 1)].rstrip() + "…"
    pad_before = " " if before and text[start - 1 : start].isspace() else ""
    pad_after = " " if after and text[end : end + 1].isspace() else ""
    return f"{before}{pad_before}[{span}]{pad_after}{after}"
