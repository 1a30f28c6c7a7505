"""`factcheck import https://…`: a web page among the files, all or nothing, one line when it fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from tests.helpers.web_server import WebServer

PAGE = """<html><head><title>Minister denies report</title></head><body><article>
<h1>Minister denies report</h1>
<p>The minister said on Monday that crime fell by twenty percent in the capital over the last year.</p>
<p>Critics called the claim misleading, pointing to the police's own figures for the same period.</p>
</article></body></html>"""


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), "import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_address_and_a_file_are_imported_together(
    web_server: WebServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    final = web_server.page("/world/minister.html", PAGE)
    short = web_server.redirect("/go", "/world/minister.html")
    note = tmp_path / "note.txt"
    note.write_text("A note.\n", encoding="utf-8")
    db = tmp_path / "p.db"
    code, out, err = run(capsys, db, short, str(note))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "note.txt: 1 document added.",
        f"{final}: 1 document added.",
        "Total: 2 documents added.",
    ]
    with Store.open(db) as store:
        by_source = {doc.source: doc.title for doc in store.documents()}
    assert by_source[final] == "Minister denies report"
    assert by_source[str(note.absolute())] == "A note."
    code, out, err = run(capsys, db, final, "--add-labels")
    assert (code, out, err) == (0, f"{final}: 1 document already there.\n", "")


@pytest.mark.parametrize(
    ("route", "needle"),
    [
        ("/missing", "404 Not Found"),
        ("/paper.pdf", "is not a web page but application/pdf"),
        ("/ftp", "redirects to ftp://127.0.0.1/a.html, not a web address"),
    ],
)
def test_a_failing_address_is_one_line_and_nothing_is_imported(
    web_server: WebServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], route: str, needle: str
) -> None:
    web_server.page("/paper.pdf", b"%PDF-1.7", content_type="application/pdf")
    web_server.redirect("/ftp", "ftp://127.0.0.1/a.html")
    note = tmp_path / "note.txt"
    note.write_text("A note.\n", encoding="utf-8")
    db = tmp_path / "p.db"
    code, out, err = run(capsys, db, str(note), web_server.url(route))
    assert (code, out) == (1, "")
    assert err.startswith("factcheck: ") and needle in err
    assert "Ctrl+S" in err or "import that" in err  # what to do
    assert err.count("\n") == 1  # one line, no traceback
    with Store.open(db) as store:
        assert store.documents() == []


def test_another_scheme_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, tmp_path / "p.db", "ftp://example.org/story.html")
    assert (code, out) == (1, "")
    assert err == (
        "factcheck: ftp://example.org/story.html is not a web address; factcheck opens http:// and "
        "https:// addresses. Check the address, or import the file itself.\n"
    )
