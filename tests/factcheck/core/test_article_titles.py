"""Titles given to imported articles: the page's title or first heading, a text's first line unless it
is navigation (then the file's name)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.core.articles import looks_like_navigation, read_article

BODY = (
    "<p>Rex Tillerson said on Monday that Russia was not responsible for the attack, a position that "
    "drew criticism from allies and from members of his own party in Congress.</p>"
    "<p>The remarks came after a week of talks in which officials tried to agree on a joint statement, "
    "without success, according to three people familiar with the discussions.</p>"
)


@pytest.mark.parametrize(
    ("line", "nav"),
    [
        ("Home › World › Europe › News", True),
        ("Home World Europe News", True),
        (
            "Home World Europe News G20 Hamburg: Donald Trump and Vladimir Putin Meet Face to Face for...",
            True,
        ),
        ("News | Politics | Europe", True),
        ("Skip to main content", True),
        ("Tillerson Says Russia Was Not Responsible", False),
        ("Home prices rose again in May.", False),
    ],
)
def test_navigation_lines(line: str, nav: bool) -> None:
    assert looks_like_navigation(line) is nav


def test_text_titles(tmp_path: Path) -> None:
    crumbs = tmp_path / "tillerson_russia-2017.txt"
    crumbs.write_text("Home › World › Europe › N\n\nTillerson said...\n", encoding="utf-8")
    assert read_article(crumbs).title == "tillerson russia 2017"
    plain = tmp_path / "a.txt"
    plain.write_text("\n  Tillerson: Russia not responsible  \nBody.\n", encoding="utf-8")
    assert read_article(plain).title == "Tillerson: Russia not responsible"
    saved = tmp_path / "g20.txt"  # a saved page: the breadcrumb runs into a cut-off headline, then it whole
    saved.write_text(
        "Home World Europe News G20 Hamburg: Donald Trump and Vladimir Putin Meet Face to Face for...\n\n"
        "G20 Hamburg: Donald Trump and Vladimir Putin Meet Face to Face for First Time\n\n\n"
        "Presidents Donald Trump and Vladimir Putin have met face to face for the first time.\n",
        encoding="utf-8",
    )
    assert (
        read_article(saved).title
        == "G20 Hamburg: Donald Trump and Vladimir Putin Meet Face to Face for First Time"
    )
    md = tmp_path / "b.md"
    md.write_text("Home > World > Europe\n\n# The real headline\n\nBody.\n", encoding="utf-8")
    assert read_article(md).title == "The real headline"


def test_html_titles(tmp_path: Path) -> None:
    with_title = tmp_path / "t.html"
    with_title.write_text(f"<html><head><title>Page title</title></head><body>{BODY}</body></html>")
    assert read_article(with_title).title == "Page title"
    heading = tmp_path / "h.html"
    heading.write_text(f"<html><body><nav>Home World Europe</nav><h1>The headline</h1>{BODY}</body></html>")
    assert read_article(heading).title == "The headline"
    bare = tmp_path / "state-dept_briefing.html"
    bare.write_text(f"<html><body>{BODY}</body></html>")
    assert read_article(bare).title == "state dept briefing"
