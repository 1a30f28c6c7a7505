"""Reading article files: encodings, line breaks, Markdown, saved web pages, and refusals."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from factcheck.core import articles
from factcheck.core.articles import MAX_ARTICLE_BYTES, read_article, read_article_with_encoding
from factcheck.core.errors import ArticleError
from factcheck.core.spans import new_annotation

TEXT = "Roe said 😀 crime fell by 20%…\nCritics: “misleading”.\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "UTF-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "UTF-16"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "UTF-32"),
    ],
)
def test_text_encodings_give_the_same_text(tmp_path: Path, data: bytes, encoding: str) -> None:
    doc, used = read_article_with_encoding(write(tmp_path, "a.txt", data))
    assert doc.text == TEXT  # no BOM left in the text: offsets start at the first letter
    assert used == encoding
    assert doc.title == "Roe said 😀 crime fell by 20%…"
    assert doc.source == str(tmp_path / "a.txt")
    assert Path(doc.source).is_absolute()


def test_crlf_and_cr_become_lf_and_offsets_after_an_emoji_are_exact(tmp_path: Path) -> None:
    doc = read_article(write(tmp_path, "a.txt", "One 😀 two\r\nthree\rfour\r\n".encode()))
    assert doc.text == "One 😀 two\nthree\nfour\n"
    start = doc.text.index("three")
    ann = new_annotation(doc, start, start + 5, "claim", "me")
    assert (ann.start, ann.end, ann.quote) == (10, 15, "three")


def test_windows_1252_fallback_is_reported(tmp_path: Path) -> None:
    doc, used = read_article_with_encoding(write(tmp_path, "a.txt", "Café “quoted” – ok".encode("cp1252")))
    assert doc.text == "Café “quoted” – ok"
    assert used == "Windows-1252"


def test_markdown_kept_as_text_with_heading_title(tmp_path: Path) -> None:
    source = "\n# The *headline*  \n\nBody with [a link](http://x) and **bold**.\n"
    doc = read_article(write(tmp_path, "a.md", source.encode()))
    assert doc.text == source
    assert doc.title == "The *headline*"


PAGE = """<!DOCTYPE html>
<html><head><meta charset="windows-1252"><title>Roe denies – Daily News</title></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article>
<p>Minister Jane Roe said on Monday that crime fell by twenty percent last year, a figure critics dispute.</p>
<p>Roe denied it – "We never said that," she told reporters on Tuesday morning outside parliament.</p>
<p>The statistics office will publish the full data next month, a spokesperson confirmed to us.</p>
</article>
<footer>Copyright Daily News. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>
"""


def test_saved_web_page_main_text_paragraphs_and_title(tmp_path: Path) -> None:
    doc = read_article(write(tmp_path, "page.html", PAGE.encode("cp1252")))
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0].startswith("Minister Jane Roe said on Monday")
    assert (
        paragraphs[1]
        == 'Roe denied it – "We never said that," she told reporters on Tuesday morning outside parliament.'
    )
    assert paragraphs[2].startswith("The statistics office")
    assert "Home" not in doc.text and "Copyright" not in doc.text  # navigation and footer dropped
    assert doc.title  # from the page, never the first line of text
    assert "Roe denies" in doc.title


def test_web_page_without_extractable_title_falls_back_to_title_element(tmp_path: Path) -> None:
    page = PAGE.replace("<title>Roe denies – Daily News</title>", "<title>Only &amp; here</title>")
    path = write(tmp_path, "page.htm", page.encode("cp1252"))
    assert read_article(path).title  # trafilatura's title or the <title> element
    assert articles._html_title(page.encode("cp1252")) == "Only & here"


def test_web_page_with_no_text_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.html", b"<html><head><title>T</title></head><body></body></html>")
    with pytest.raises(ArticleError, match=r"empty\.html: no article text"):
        read_article(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", r"empty\.txt is empty"),
        ("blank.txt", b"  \r\n\t\n", r"blank\.txt holds no text"),
        ("bom.txt", codecs.BOM_UTF8, r"bom\.txt holds no text"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", r"image\.txt looks like a binary file"),
        ("controls.txt", bytes(range(1, 32)) * 10, r"controls\.txt looks like a binary file"),
        ("bad16.txt", codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", r"bad16\.txt starts with a UTF-16"),
        ("notes.docx", b"PK\x03\x04", r"notes\.docx: not an article file"),
    ],
)
def test_bad_articles_are_refused_naming_the_file(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(ArticleError, match=message):
        read_article(write(tmp_path, name, data))


def test_article_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_ARTICLE_BYTES >= 20 * 1024 * 1024
    monkeypatch.setattr(articles, "MAX_ARTICLE_BYTES", 1000)
    read_article(write(tmp_path, "ok.txt", b"x" * 1000))
    with pytest.raises(ArticleError, match=r"big\.txt is .* more than the"):
        read_article(write(tmp_path, "big.txt", b"x" * 1001))


def test_a_21_mb_article_is_accepted(tmp_path: Path) -> None:
    line = "Minister Roe said crime fell by 20% — critics disagree. 😀\n"
    count = 21 * 1024 * 1024 // len(line.encode()) + 1
    path = write(tmp_path, "long.txt", (line * count).encode())
    assert path.stat().st_size > 21 * 1024 * 1024
    doc = read_article(path)
    assert len(doc.text) == len(line) * count


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        read_article(tmp_path / "gone.txt")
