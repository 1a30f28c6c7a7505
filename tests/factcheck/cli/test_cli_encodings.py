"""An output whose encoding lacks a character (LC_ALL=C without Python's UTF-8 mode, an ASCII or Latin-1
PYTHONIOENCODING): listings and tables show it as an escape instead of stopping with a traceback, and
data (JSON, CSV) is UTF-8 whatever the locale, as the exports and the files of --out are."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from db import Store, claims
from factcheck.cli import main
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from tests.helpers.claims import make_debate

TITLE = "Débat « ville » 😀"
SPEAKER = "Zoë Ünal"
ANNOTATOR = "josé"

#: Each a locale whose standard output cannot hold TITLE.
NARROW = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "C without UTF-8 mode": {"LC_ALL": "C", "PYTHONUTF8": "0"},
}


@pytest.fixture
def project(db_path: Path) -> Path:
    with Store.open(db_path) as store:
        debate = make_debate(store)
        claims.update_card(store, debate.cards[0].id, "alice", text="Le chômage a baissé à 3,5 %")
        doc, _ = store.add_document(Document.create("Le ministre a dit « ça ».", title=TITLE + " 2"))
        store.add_annotation(new_annotation(doc, 0, 11, "claim", ANNOTATOR))
        store.add_annotation(new_annotation(doc, 0, 11, "claim", "zoë"))
    assert main(["--db", str(db_path), "rename", debate.doc.id, TITLE]) == 0
    assert main(["--db", str(db_path), "speakers", "rename", "Ben Jones", SPEAKER]) == 0
    return db_path


def factcheck(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL")}
    return subprocess.run(
        [sys.executable, "-m", "factcheck", "--db", str(project), *args],
        capture_output=True,
        env={**environ, **env},
        check=False,
    )


@pytest.mark.parametrize("env", NARROW.values(), ids=NARROW.keys())
@pytest.mark.parametrize(
    "verb",
    [["list"], ["agreement"], ["claims"], ["speakers"], ["speakers", "show", "sp-jones"], ["labels", "list"]],
    ids=" ".join,
)
def test_listings_show_what_the_terminal_cannot_as_escapes(
    project: Path, env: dict[str, str], verb: list[str]
) -> None:
    done = factcheck(project, env, *verb)
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"Traceback" not in done.stdout


@pytest.mark.parametrize("env", NARROW.values(), ids=NARROW.keys())
def test_a_listing_names_the_titles_in_escapes(project: Path, env: dict[str, str]) -> None:
    shown = factcheck(project, env, "list").stdout.decode("latin-1")
    assert "\\U0001f600" in shown  # no terminal encoding but UTF-8's holds it


@pytest.mark.parametrize("env", NARROW.values(), ids=NARROW.keys())
@pytest.mark.parametrize(
    ("verb", "expected"),
    [
        (["agreement", "--format", "json"], ANNOTATOR),
        (["list", "--json"], TITLE),
        (["claims", "--format", "json"], "Le chômage a baissé à 3,5 %"),
        (["speakers", "--format", "json"], SPEAKER),
        (["speakers", "--format", "json", "show", "sp-jones"], SPEAKER),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_json_on_standard_output_is_utf8(
    project: Path, env: dict[str, str], verb: list[str], expected: str
) -> None:
    done = factcheck(project, env, *verb)
    assert (done.returncode, done.stderr) == (0, b"")
    assert expected in json.dumps(json.loads(done.stdout.decode("utf-8")), ensure_ascii=False)


@pytest.mark.parametrize("env", NARROW.values(), ids=NARROW.keys())
@pytest.mark.parametrize(
    ("verb", "expected"),
    [
        (["agreement", "--format", "csv"], ANNOTATOR),
        (["claims", "--format", "csv"], "Le chômage a baissé à 3,5 %"),
        (["export", "--format", "csv"], TITLE),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_csv_on_standard_output_is_utf8(
    project: Path, env: dict[str, str], verb: list[str], expected: str
) -> None:
    done = factcheck(project, env, *verb)
    assert (done.returncode, done.stderr) == (0, b"")
    text = done.stdout.decode("utf-8")
    assert any(expected in cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row)


@pytest.mark.parametrize(
    "verb", [["rename", "{doc}", "Titré"], ["labels", "add", "étiquette"]], ids=lambda v: " ".join(v[:2])
)
def test_an_argument_the_locale_cannot_read_is_refused_in_one_line(project: Path, verb: list[str]) -> None:
    """Typed in UTF-8, read in an ASCII locale: Python keeps the bytes as lone surrogates, which SQLite
    refused with a traceback."""
    with Store.open(project) as store:
        doc = store.documents()[0]
    args = [arg.format(doc=doc.id) for arg in verb]
    done = factcheck(project, NARROW["C without UTF-8 mode"], *args)
    assert done.returncode == 1
    err = done.stderr.decode("ascii")
    assert err.startswith("factcheck: An argument holds characters that this locale") and err.count("\n") == 1
    with Store.open(project) as store:
        assert store.document(doc.id).title == doc.title
        assert "étiquette" not in {lab.name for lab in store.labels()}
