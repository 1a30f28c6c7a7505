"""Reading article files into Documents: plain text, Markdown and saved web pages.

Text files must be UTF-8 (with or without a byte-order mark) or UTF-16/UTF-32 with a byte-order mark.
Fallback: bytes that are not valid UTF-8, carry no BOM and contain no NUL byte are decoded as Windows-1252
(what Notepad and Word long saved as "ANSI"); the import report says so, so the user can check the text.
Anything else is refused with an ArticleError naming the file and what to do.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from factcheck.core.errors import ArticleError
from factcheck.core.inputs import check_input_file, text_problem
from factcheck.core.model import Document, normalize_newlines

#: Largest article file accepted, in bytes (50 MB): far above any news article, small enough to stay fast.
MAX_ARTICLE_BYTES = 50 * 1024 * 1024

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

FALLBACK_ENCODING = "cp1252"


def read_article(path: Path | str) -> Document:
    """The article at path as a Document (not stored). Raises ArticleError naming the file."""
    document, _ = read_article_with_encoding(path)
    return document


def read_article_with_encoding(path: Path | str) -> tuple[Document, str]:
    """(document, encoding used); the encoding lets the import report mention a fallback decoding."""
    path = Path(path).absolute()
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise ArticleError(
            f"{path.name}: not an article file; factcheck reads {', '.join(ARTICLE_SUFFIXES)} articles."
        )
    data = _read_bytes(path)
    return read_page(data, path.name, str(path), html=suffix in HTML_SUFFIXES, markdown=suffix != ".txt")


def read_page(
    data: bytes | str,
    name: str,
    source: str,
    *,
    html: bool,
    markdown: bool = False,
    title_name: str = "",
    advice: str = "Save the page as text and import that.",
) -> tuple[Document, str]:
    """(document, encoding used) of an article's content: a saved file's bytes, or a page downloaded from
    source (factcheck.services.web_pages), so both are read the same way (charset, title, text).
    name: what messages call it; title_name: the file name a title falls back to (default: name);
    advice: what to do when a page has no article text.
    data is a str when the server declared its charset (a browser goes by that before <meta charset>)."""
    title_name = title_name or name
    if html:
        title, text = _extract_html(name, data, title_name, advice)
        return _document(name, text, title, source), "html"
    if isinstance(data, str):
        text, encoding = data, "declared"
        _refuse_binary(Path(name), text)
    else:
        text, encoding = decode_text(Path(name), data)
    title = (_markdown_title(text) if markdown else "") or text_title(text, title_name)
    return _document(name, text, title, source), encoding


def _document(name: str, text: str, title: str, source: str) -> Document:
    text = normalize_newlines(text)
    if not text.strip():
        raise ArticleError(f"{name} holds no text (only spaces or line breaks); nothing to annotate.")
    return Document.create(text, title=title, source=source)


def _read_bytes(path: Path) -> bytes:
    try:
        size = check_input_file(path, MAX_ARTICLE_BYTES, "an article", ArticleError)
        if size > MAX_ARTICLE_BYTES:
            raise ArticleError(
                f"{path.name} is {size / 1e6:.1f} MB, more than the {MAX_ARTICLE_BYTES // (1024 * 1024)} MB "
                "an article may have; split it into smaller files or check that it is an article."
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ArticleError(f"{path}: no such file.") from exc
    except IsADirectoryError as exc:
        raise ArticleError(f"{path} is a folder, not an article file.") from exc
    except OSError as exc:
        raise ArticleError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if not data:
        raise ArticleError(f"{path.name} is empty; there is nothing to annotate.")
    return data


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Decode a text article's bytes; see the module docstring for what is accepted."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise ArticleError(
                    f"{path.name} starts with a {name} byte-order mark but is not valid {name} "
                    f"(byte {exc.start + len(bom)}); re-save it as UTF-8."
                ) from exc
            _refuse_binary(path, text)
            return text, name
    if b"\x00" in data:
        raise ArticleError(
            f"{path.name} looks like a binary file, not text (it contains NUL bytes). "
            "Import a .txt, .md or .html article; UTF-16 text needs a byte-order mark."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode(FALLBACK_ENCODING)
        except UnicodeDecodeError as exc:
            raise ArticleError(
                f"{path.name} is neither UTF-8 nor Windows-1252 text (byte {exc.start}); re-save it as UTF-8."
            ) from exc
        _refuse_binary(path, text)
        return text, "Windows-1252"
    _refuse_binary(path, text)
    return text, "UTF-8"


def _refuse_binary(path: Path, text: str) -> None:
    # Text has few control characters besides tab, newline, form feed; binary data has many.
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if text_problem(text) or controls > max(8, len(text[:65536]) // 100):
        raise ArticleError(
            f"{path.name} looks like a binary file, not text; import a .txt, .md or .html article."
        )


def _markdown_title(text: str) -> str:
    """The first heading (# ...) near the top, else ''."""
    for line in text.splitlines()[:40]:
        stripped = line.strip()
        if stripped.startswith("#"):
            heading = stripped.lstrip("#").strip()
            if heading:
                return heading[:MAX_TITLE]
    return ""


#: Longest title taken from a text (a first line longer than that is a paragraph, not a title).
MAX_TITLE = 120
#: What separates the items of a breadcrumb ("Home › World › Europe").
_CRUMBS = re.compile(r"\s(?:›|»|>|/|\||·|•|→|::)\s")
#: First words of a line of site navigation copied with the article.
_NAVIGATION_WORDS = frozenset(
    {"home", "menu", "skip", "navigation", "sign", "log", "subscribe", "search", "sections", "main"}
)


def looks_like_navigation(line: str) -> bool:
    """A saved page's breadcrumb or menu rather than a headline: items separated by › » > / | · •, or a
    line of several words starting with Home, Menu, Skip to content and the like."""
    if len(_CRUMBS.split(line)) >= 3:
        return True
    words = line.split()
    first = words[0].strip(":|›»>").lower() if words else ""
    end = line.rstrip()
    sentence = end.endswith((".", "?", "!")) and not end.endswith(("...", "…"))  # "…": a cut-off teaser
    return len(words) >= 3 and first in _NAVIGATION_WORDS and not sentence


def title_from_file_name(name: str) -> str:
    """ "tillerson_russia-2017.txt" -> "tillerson russia 2017"."""
    stem = Path(name).stem
    return " ".join(re.split(r"[_\-.\s]+", stem)).strip() or name


def text_title(text: str, file_name: str) -> str:
    """A plain text's title: its first line, unless that is navigation (a breadcrumb, a menu) or too
    long to be a headline. After navigation, the next line when it reads as a headline (a saved page:
    "Home World Europe News G20 Hamburg: …" then the headline itself); else the file's name."""
    lines = [s for s in (" ".join(line.split()) for line in text.split("\n")[:50]) if s]
    if not lines:
        return title_from_file_name(file_name)
    first = lines[0]
    if not looks_like_navigation(first) and len(first) <= MAX_TITLE:
        return first
    if looks_like_navigation(first) and len(lines) > 1:
        second = lines[1]
        # A headline: short, no navigation, not ended as running text or a cut-off teaser is.
        if len(second) <= MAX_TITLE and not looks_like_navigation(second) and not second.endswith((".", "…")):
            return second
    return title_from_file_name(file_name)


# -- saved web pages -----------------------------------------------------------------------------------


def _extract_html(name: str, data: bytes | str, title_name: str, advice: str) -> tuple[str, str]:
    """(title, main text) of a web page; paragraphs are separated by a blank line."""
    import trafilatura  # heavy import: only when a web page is imported

    if (
        isinstance(data, bytes)
        and b"\x00" in data
        and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    ):
        raise ArticleError(f"{name} looks like a binary file, not a saved web page.")
    try:
        # Bytes, so that trafilatura honours the page's own <meta charset>.
        result = trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)
    except Exception as exc:  # the extractor's parser errors have no common base class
        raise ArticleError(f"{name}: the web page could not be read ({exc}).") from exc
    text = ""
    title = ""
    if result is not None:
        body = getattr(result, "body", None)
        text = _blocks_text(body) if body is not None else ""
        if not text.strip():
            text = str(getattr(result, "text", "") or "")
        title = str(getattr(result, "title", "") or "")
    if not text.strip():
        raise ArticleError(f"{name}: no article text was found in this web page. {advice}")
    return (" ".join(title.split()) or _html_title(data) or title_from_file_name(title_name)), text


def _blocks_text(body: Any) -> str:
    """trafilatura's XML body (p, head, list, quote, table...) as text with blank lines between blocks.
    Elements are lxml's, typed Any: lxml ships no type stubs."""
    blocks: list[str] = []
    for child in body:
        tag = child.tag
        if tag == "list":
            lines = ["- " + _inline_text(item) for item in child.iter("item")]
            block = "\n".join(line for line in lines if line.strip() != "-")
        elif tag == "table":
            rows = [" | ".join(_inline_text(cell) for cell in row.iter("cell")) for row in child.iter("row")]
            block = "\n".join(row for row in rows if row.strip())
        else:
            block = _inline_text(child)
        block = block.strip()
        if block:
            blocks.append(block)
    return "\n\n".join(blocks)


def _inline_text(element: Any) -> str:
    """An element's text with <lb/> line breaks kept as newlines."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        if el.tag == "lb":
            parts.append("\n")
        elif el.text:
            parts.append(el.text)
        for sub in el:
            walk(sub)
            if sub.tail:
                parts.append(sub.tail)

    walk(element)
    return "\n".join(line.strip() for line in "".join(parts).split("\n")).strip()


def _html_title(data: bytes | str) -> str:
    """The page's <title>, else its first heading, when trafilatura found no title."""
    import lxml.html

    try:
        root = lxml.html.fromstring(data)
    except Exception:  # unparsable: no title, the text may still be fine
        return ""
    title = " ".join((root.findtext(".//title") or "").split())
    if title:
        return title[: MAX_TITLE * 2]
    for tag in ("h1", "h2"):
        heading = root.find(f".//{tag}")
        if heading is not None:
            text = " ".join(heading.text_content().split())
            if text:
                return text[: MAX_TITLE * 2]
    return ""
