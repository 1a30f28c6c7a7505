"""The rules of speakers' descriptions and same-as addresses (factcheck.core.speaker_fields): prose may
hold line breaks, tabs and the marks right-to-left scripts need, never what hides or reorders text; a
same-as entry is one absolute http(s) address, no other scheme, no credentials, no white space."""

from __future__ import annotations

import pytest

from factcheck.core.speaker_fields import (
    MAX_DESCRIPTION,
    MAX_SAME_AS,
    MAX_URL,
    cleaned_description,
    description_problem,
    field_problem,
    good_urls,
    same_as_problem,
    shown_description,
    shown_url,
    speaker_field_refusal,
    url_problem,
)

GOOD_DESCRIPTIONS = [
    "",
    "US Secretary of State 2017–2018.\nBefore: ExxonMobil.",
    "Tab\tseparated",
    "وزير الخارجية\u200f (2017)",  # a right-to-left mark
    "می\u200cخواهم",  # the zero-width non-joiner spells the word
    "Bundes\u00adaußenminister",  # a soft hyphen
    "👩\u200d🔬 scientist",
]
BAD_DESCRIPTIONS = [
    "Rex\x1b[31m red",
    "paid by \u202eSU",  # a right-to-left override disguises what follows
    "a\u2066b\u2069",  # isolates
    "zero\u200bwidth",
    "carriage\rreturn",
    "line\u2028separator",
    "tag \U000e0041 characters",  # invisible ASCII "smuggled" as tag characters
    "x" * (MAX_DESCRIPTION + 1),
]


@pytest.mark.parametrize("text", GOOD_DESCRIPTIONS)
def test_a_description_of_prose_passes(text: str) -> None:
    assert description_problem(text) is None
    assert shown_description(text) == text and cleaned_description(text) == text


@pytest.mark.parametrize("text", BAD_DESCRIPTIONS)
def test_a_description_that_hides_text_is_refused_and_shown_escaped(text: str) -> None:
    assert description_problem(text) is not None
    if len(text) <= MAX_DESCRIPTION:
        assert "\\" in shown_description(text)
        assert description_problem(shown_description(text)) is None
    assert description_problem(cleaned_description(text)) is None
    assert description_problem(12) is not None


GOOD_URLS = [
    "https://www.wikidata.org/wiki/Q58574",
    "http://example.org",
    "HTTPS://EN.WIKIPEDIA.ORG/wiki/Rex_Tillerson",
    "https://de.wikipedia.org/wiki/Heiko_Maas_(Politiker)?a=1#Leben",
    "https://fr.wikipedia.org/wiki/Élisabeth_Borne",
    "https://[2001:db8::1]:8080/x",
]
BAD_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "ftp://example.org/x",
    "www.wikidata.org/wiki/Q1",
    "//www.wikidata.org/wiki/Q1",
    "https://",
    "https:///path",
    "https://www.wikidata.org/wiki/Q1 extra",
    "https://www.wiki\u202edata.org",
    "https://www.wikidata.org/\nwiki",
    "https://www.wikidata.org@evil.example/",
    "https://user:pw@example.org/",
    "https://example.org:99999/",
    "https://[::1/",
    "https://" + "a" * MAX_URL,
    "",
    "  ",
]


@pytest.mark.parametrize("url", GOOD_URLS)
def test_a_web_address_passes(url: str) -> None:
    assert url_problem(url) is None and same_as_problem([url]) is None and good_urls([url]) == (url,)


@pytest.mark.parametrize("url", BAD_URLS)
def test_anything_else_is_refused_saying_why(url: str) -> None:
    problem = url_problem(url)
    assert problem is not None
    assert same_as_problem(["https://example.org", url]) == problem and good_urls([url]) == ()
    assert "\u202e" not in problem and "\n" not in problem and len(problem) < 300
    assert "\u202e" not in shown_url(url) and "\n" not in shown_url(url)


def test_same_as_is_unique_and_short() -> None:
    url = "https://www.wikidata.org/wiki/Q1"
    assert "listed twice" in (same_as_problem([url, url]) or "")
    many = [f"https://example.org/{i}" for i in range(MAX_SAME_AS + 1)]
    assert "at most" in (same_as_problem(many) or "")
    assert good_urls([url, "javascript:x", url, 3]) == (url,)
    assert url_problem(3) is not None


def test_a_refusal_names_the_speaker_and_the_field() -> None:
    assert speaker_field_refusal("sp-1", "Rex", "fine", ["https://example.org"]) is None
    said = speaker_field_refusal("sp-1", "Rex\u202eT", "fine", ["javascript:alert(1)"])
    assert said is not None and "“Rex\\u202eT” (sp-1)" in said and "its same_as" in said
    assert "javascript:alert(1)" in said and "Project › Speakers" in said
    assert field_problem("a\x1bb", ["javascript:x"]) == ("description", description_problem("a\x1bb"))
