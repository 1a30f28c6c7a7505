"""The rules of a speaker's description and same-as addresses, wherever one is made or arrives (store,
Speakers dialog, CLI, imports, team sync), and how a value kept from before the rules is shown.

- A description is free text: line breaks and tabs are allowed (a short biography has paragraphs); no
  other control character (escape sequences, carriage returns), no line or paragraph separator, and no
  format character that hides or reorders text (bidi embeddings, overrides and isolates, zero-width
  spaces, invisible tag characters). The marks and joiners prose needs are kept: left-to-right and
  right-to-left marks, the Arabic letter mark, zero-width (non-)joiners, the soft hyphen. At most
  MAX_DESCRIPTION characters.
- A same-as entry is one absolute web address: http:// or https://, a host, no user name or password
  (``https://wikidata.org@evil.example`` reads as Wikidata and goes elsewhere), no white space, control or
  format character, at most MAX_URL characters. The list holds each address once, at most MAX_SAME_AS.
  The window opens only an address that passes `url_problem` (javascript:, file:, data: never).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from urllib.parse import urlsplit

from factcheck.core.names import escaped_char, is_hidden

#: What to do about a description or same-as list that another project holds and this one refuses.
EDIT_FIRST = "correct it where the speaker was made (Project › Speakers…) and export it again"

MAX_DESCRIPTION = 10_000
MAX_URL = 2_000
MAX_SAME_AS = 50
#: What a description may hold of what names may not: line breaks, tabs, and the marks and joiners
#: prose in right-to-left scripts and long words needs (none of them reorders or hides text).
_PROSE = frozenset("\n\t\u200e\u200f\u061c\u00ad\u200c\u200d")
#: How much of a refused value a message quotes.
_QUOTED = 80


def _refused_in_description(char: str) -> bool:
    return char not in _PROSE and (is_hidden(char) or unicodedata.category(char) in ("Cc", "Cf"))


def shown_description(text: str) -> str:
    """A description as it may be shown: each character the rule refuses written as its escape (\\x1b,
    \\u202e); line breaks and tabs stay as they are."""
    return "".join(escaped_char(c) if _refused_in_description(c) else c for c in text)


def cleaned_description(text: str) -> str:
    """A description with each refused character made a space, cut to MAX_DESCRIPTION: what one from a
    teammate's row already on the team server becomes here."""
    return "".join(" " if _refused_in_description(c) else c for c in text)[:MAX_DESCRIPTION]


def _quoted(value: str) -> str:
    shown = "".join(escaped_char(c) if is_hidden(c) or (c.isspace() and c != " ") else c for c in value)
    return shown if len(shown) <= _QUOTED else shown[: _QUOTED - 1] + "…"


def description_problem(text: object) -> str | None:
    """Why text cannot be a speaker's description, or None."""
    if not isinstance(text, str):
        return "a speaker's description is text"
    bad = next((c for c in text if _refused_in_description(c)), None)
    if bad is not None:
        return (
            "a speaker's description cannot hold control characters other than line breaks and tabs, nor "
            f"direction overrides or invisible characters; it holds {escaped_char(bad)}"
        )
    if len(text) > MAX_DESCRIPTION:
        return f"a speaker's description is longer than {MAX_DESCRIPTION:,} characters"
    return None


def url_problem(url: object) -> str | None:
    """Why url cannot be a same-as entry (see the module docstring), or None: only then may the window
    show it as a link or open it."""
    if not isinstance(url, str):
        return "a same-as entry is a web address (text)"
    if not url.strip():
        return "a same-as entry is empty"
    said = f"“{_quoted(url)}” is not a web address (http:// or https://…)"
    if len(url) > MAX_URL:
        return f"a same-as address is longer than {MAX_URL:,} characters"
    if not url.lower().startswith(("http://", "https://")):
        return said
    if any(c.isspace() or is_hidden(c) or unicodedata.category(c) in ("Cc", "Cf") for c in url):
        return f"“{_quoted(url)}” holds spaces or control characters; a web address has none"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  # a port out of range raises
    except ValueError:
        return said
    if not parts.hostname or "\\" in parts.netloc:
        return said
    if parts.username is not None or parts.password is not None:
        return f"“{_quoted(url)}” holds a user name before its host; give the page's own address"
    return None


def same_as_problem(urls: Sequence[object]) -> str | None:
    """Why urls cannot be a speaker's same-as list, or None."""
    for url in urls:
        if problem := url_problem(url):
            return problem
    seen: set[str] = set()
    for url in urls:
        assert isinstance(url, str)
        if url in seen:
            return f"“{_quoted(url)}” is listed twice in the same-as addresses"
        seen.add(url)
    if len(urls) > MAX_SAME_AS:
        return f"a speaker has at most {MAX_SAME_AS} same-as addresses, not {len(urls)}"
    return None


def good_urls(urls: Sequence[object]) -> tuple[str, ...]:
    """The entries of urls that pass `url_problem`, each once, at most MAX_SAME_AS: what a teammate's row
    already on the team server keeps here."""
    kept = [u for u in urls if isinstance(u, str) and url_problem(u) is None]
    return tuple(dict.fromkeys(kept))[:MAX_SAME_AS]


def shown_url(url: str) -> str:
    """A same-as entry as text to show (never a link when it fails the rule): hidden characters escaped."""
    refused = (is_hidden(c) or unicodedata.category(c) in ("Cc", "Cf") for c in url)
    return "".join(escaped_char(c) if bad else c for c, bad in zip(url, refused, strict=True))


def field_problem(description: object, same_as: Sequence[object]) -> tuple[str, str] | None:
    """(the field, why) for the first of a speaker's description and same-as that the rules refuse."""
    if problem := description_problem(description):
        return "description", problem
    if problem := same_as_problem(same_as):
        return "same_as", problem
    return None


def speaker_field_refusal(
    speaker_id: str, name: str, description: object, same_as: Sequence[object]
) -> str | None:
    """One line naming the speaker and the field the rules refuse, saying what to do; None when both
    pass: what an import holding such a speaker is refused with."""
    found = field_problem(description, same_as)
    if found is None:
        return None
    field, problem = found
    return f"the speaker “{_quoted(name)}” ({speaker_id}), its {field}: {problem}; {EDIT_FIRST}"
