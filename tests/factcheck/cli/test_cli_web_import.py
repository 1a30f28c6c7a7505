"""`factcheck import https://…`: a web page among the files, all or nothing, one line when it fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import Store
from factcheck.cli import main
from factcheck.services.importing import import_paths
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
    assert out.splitlines() == [  # in the order typed
        f"{final}: 1 document added.",
        "note.txt: 1 document added.",
        "Total: 2 documents added.",
    ]
    with Store.open(db) as store:
        by_source = {doc.source: doc.title for doc in store.documents()}
    assert by_source[final] == "Minister denies report"
    assert by_source[str(note.absolute())] == "A note."
    code, out, err = run(capsys, db, final, "--add-labels")
    assert (code, out, err) == (0, f"{final}: 1 document already there.\n", "")


def test_files_and_addresses_mixed_are_stored_and_reported_in_the_order_typed(
    web_server: WebServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = web_server.page("/first.html", PAGE)
    second = web_server.page("/second.html", PAGE.replace("Minister denies", "Mayor confirms"))
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Article a.\n", encoding="utf-8")
    b.write_text("Article b.\n", encoding="utf-8")
    db = tmp_path / "p.db"
    code, out, err = run(capsys, db, str(a), first, str(b), second)
    assert (code, err) == (0, "")
    assert [line.split(": ")[0] for line in out.splitlines()] == ["a.txt", first, "b.txt", second, "Total"]
    again = tmp_path / "q.db"
    with Store.open(again) as store:  # the window opens the first of them: the first given
        report = import_paths(store, [second, str(b), first])
        titles = {d.id: d.title for d in store.documents()}
        assert [titles[i] for i in report.document_ids] == ["Mayor confirms report", "Article b.",
                                                            "Minister denies report"]  # fmt: skip


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
