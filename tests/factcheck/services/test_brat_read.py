"""Reading .ann lines against their .txt: offsets in code points, CRLF and BOM shifted, bad lines refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factcheck.core.errors import ImportRefused
from factcheck.services.formats.brat_read import read_ann, read_bytes, stored_text

TEXT = "Lavrov 🇷🇺 said Trump accepted it.\nTillerson said it was “robust”.\n"


def _span(text: str, quote: str, after: int = 0) -> tuple[int, int]:
    start = text.index(quote, after)
    return start, start + len(quote)


def test_every_line_type_is_read() -> None:
    s1, e1 = _span(TEXT, "Lavrov")
    s2, e2 = _span(TEXT, "said")
    s3, e3 = _span(TEXT, "Trump accepted it")
    s4, e4 = _span(TEXT, "Tillerson")
    ann = (
        f"T1\tsource {s1} {e1}\tLavrov\n"
        f"T2\tcue {s2} {e2}\tsaid\n"
        f"T3\tclaim {s3} {s3 + 5};{s3 + 15} {e3}\tTrump it\n"
        f"T4\tAttribution {s2} {e2}\tsaid\n"
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
        f"T5\tsource {s4} {e4}\tTillerson\n"
        "R1\tdenies Arg1:T5 Arg2:T3\n"
        "A1\tQuotation E1 indirect\n"
        "A2\tNegated T3\n"
        "N1\tReference T1 Wikidata:Q182788\tSergei Lavrov\n"
        "#1\tAnnotatorNotes T3\ta note\twith a tab\n"
    )
    out = read_ann("a.ann", TEXT, ann)
    assert out.entities["T3"].pieces == ((s3, s3 + 5), (s3 + 15, e3))
    assert out.entities["T1"].pieces == ((s1, e1),)
    event = out.events["E1"]
    assert (event.type, event.trigger) == ("Attribution", "T4")
    assert event.args == (("Source", "T1"), ("Cue", "T2"), ("Content", "T3"))
    assert [(r.type, r.arg1, r.arg2) for r in out.relations] == [("denies", "T5", "T3")]
    assert [(a.name, a.target, a.value) for a in out.attributes] == [
        ("Quotation", "E1", "indirect"),
        ("Negated", "T3", None),
    ]
    norm = out.normalizations[0]
    assert (norm.target, norm.db, norm.key, norm.text) == ("T1", "Wikidata", "Q182788", "Sergei Lavrov")
    assert [(n.target, n.text) for n in out.notes] == [("T3", "a note\twith a tab")]


def test_offsets_are_code_points_an_emoji_counts_as_one() -> None:
    text = "😀 x 🇫🇷 Paris"
    start = text.index("Paris")
    assert start == 7  # 😀, space, x, space, two regional indicators, space
    out = read_ann("a.ann", text, f"T1\tclaim {start} {start + 5}\tParis\n")
    assert out.entities["T1"].pieces == ((start, start + 5),)


def test_crlf_and_bom_are_counted_by_brat_and_shifted_onto_the_stored_text() -> None:
    raw = "\ufeffFirst line.\r\nSecond line, second claim.\r\nThird."
    stored = stored_text(raw)
    assert stored == "First line.\nSecond line, second claim.\nThird."
    s, e = _span(raw, "second claim")
    t, f = _span(raw, "Third")
    a, b = _span(raw, "line.\r\nSecond")
    out = read_ann(
        "a.ann",
        raw,
        f"T1\tclaim {s} {e}\tsecond claim\nT2\tclaim {t} {f}\tThird\n"
        f"T3\tclaim {a} {a + 5};{b - 6} {b}\tline. Second\n",
    )
    assert stored[slice(*out.entities["T1"].pieces[0])] == "second claim"
    assert stored[slice(*out.entities["T2"].pieces[0])] == "Third"
    # Two pieces separated only by a line break are one continuous span.
    assert out.entities["T3"].pieces == (_span(stored, "line.\nSecond"),)


def test_pieces_across_other_text_stay_discontinuous_and_are_sorted() -> None:
    text = "The economy, he said, is booming."
    out = read_ann("a.ann", text, "T1\tclaim 22 32;0 11\tis booming The economy\n")
    assert out.entities["T1"].pieces == ((0, 11), (22, 32))


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("T1\tclaim 0 99\tx", "ends past the text"),
        ("T1\tclaim 5 5\t", "empty or reversed"),
        ("T1\tclaim 6 2\tx", "empty or reversed"),
        ("T1\tclaim a b\tx", "'start end' pairs"),
        ("T1\tclaim 0 5\tHellx", "is not the text at 0 5"),
        ("T1\tclaim 0 5;3 8\tHello lo, w", "overlap"),
        ("T1\tclaim 6 7\t ", "only whitespace"),
        ("T1 claim 0 5", "not a brat annotation line"),
        ("X1\tclaim 0 5\tHello", "not a brat annotation line"),
        ("R1\tdenies Arg1:T9 Arg2:T1", "T9 is not defined"),
        ("R1\tdenies Arg1:T1", "two arguments"),
        ("E1\tAttribution:T1 Content:E2", "E2 is not defined"),
        ("A1\tQuotation", "attribute line"),
        ("N1\tReference T1 Q42\tx", "normalization line"),
        ("#1\tAnnotatorNotes\tx", "note line"),
        ("*\tEquiv T1 T1", "equivalence"),
    ],
)
def test_bad_lines_are_refused_naming_file_and_line(line: str, problem: str) -> None:
    text = "Hello, world"
    ann = "T1\tclaim 0 5\tHello\n\n" + line + "\n" if not line.startswith("T1") else "\n\n" + line + "\n"
    with pytest.raises(ImportRefused, match=r"a\.ann, line 3") as err:
        read_ann("a.ann", text, ann)
    assert problem in str(err.value)
    assert "nothing was imported" in str(err.value)


def test_an_id_used_twice_is_refused() -> None:
    with pytest.raises(ImportRefused, match="line 2: T1 is used twice"):
        read_ann("a.ann", "Hello", "T1\tclaim 0 5\tHello\nT1\tclaim 0 5\tHello\n")


def test_a_fifo_or_a_huge_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "a.ann"
    os.mkfifo(fifo)
    with pytest.raises(ImportRefused, match="not a regular file"):
        read_bytes(fifo)
    huge = tmp_path / "b.txt"
    with huge.open("wb") as fh:
        fh.truncate(51 * 1024 * 1024)  # sparse: takes no room
    with pytest.raises(ImportRefused, match="MB"):
        read_bytes(huge)
