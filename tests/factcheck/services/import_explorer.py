"""The import explorer: valid files of every importable kind, damaged at random, run through `factcheck
import` (in-process) and through the service the window uses (`import_paths` with a progress callback).

Every case must end in exactly one of two ways, the same way on both paths:
- imported: every stored tag's quote is the text at its offsets, and every tag of the file that was new
  to the project is stored, on the text its quote names (checked for JSON, JSONL and databases); or
- refused: exit status 1 with ONE line on stderr starting "factcheck: " (no traceback), the service
  raising a FactcheckError, and the project byte-for-byte unchanged (a dump of every table).
Anything else (another exception, a hang past HANG_SECONDS, a half import) is a finding.

Run big outside the suite: FACTCHECK_EXPLORE_CASES=2000 FACTCHECK_EXPLORE_SEED=7 uv run pytest -q
tests/factcheck/services/test_import_mutations.py -k explore -p no:randomly -s
"""

from __future__ import annotations

import contextlib
import io
import random
import shutil
import signal
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType

from db import Store
from db.teammate import read_teammate_db
from factcheck.cli import main
from factcheck.core import duplicates
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from factcheck.services.reading import check_bundle, read_bundle
from tests.factcheck.services.formats_helpers import build
from tests.helpers.claims import make_debate
from tests.helpers.dbfiles import content_digest
from tests.helpers.mutations import brat_mutate, mutate, semantic_jsonl
from tests.helpers.structure import seed

HANG_SECONDS = 20
KINDS = ("json", "jsonl", "brat", "ann", "txt", "md", "html", "db")
#: Names a hostile sender may give a file (the suffix is kept).
HOSTILE_STEMS = ("a\nb", "-rf", "--db", "x\x1b[31mred", "\u202egnp", "😀", " lead", "日本語", "a" * 200)

HTML = (
    "<html><head><title>Council vote</title></head><body><article><h1>Council vote</h1>"
    "<p>The council said on Monday that rents fell by 12% 😀 last year.</p>"
    "<p>Critics called the figure “misleading” and said rents rose.</p></article></body></html>"
)
MD = "# Rents\n\nThe council said rents *fell* by 12%.\r\n\r\nCritics said they rose. 😀\n"


@dataclass
class Sources:
    """The valid files, and the project they are imported into (a template copied for each case)."""

    folder: Path
    project: Path
    files: dict[str, Path]
    texts: dict[str, str]  # the articles by sha256


def make_sources(folder: Path) -> Sources:
    """A teammate's realistic project (structure, claim cards, reviews, tombstones, emoji) exported in
    every importable format, and our project holding the same articles with tags of our own."""
    folder.mkdir(parents=True, exist_ok=True)
    teammate = folder / "teammate.db"
    files: dict[str, Path] = {}
    with Store.open(teammate) as store:
        seed(store, "alice")
        build(store)
        make_debate(store)
        docs = store.documents()
        for fmt, name in (("json", "work.json"), ("jsonl", "work.jsonl"), ("brat", "brat")):
            export(store, fmt, folder / name)
            files[fmt] = folder / name
    files["db"] = teammate
    files["ann"] = next(p for p in sorted((folder / "brat").glob("*.ann")) if p.stat().st_size > 200)
    files["txt"] = folder / "article.txt"
    files["txt"].write_text(docs[0].text, encoding="utf-8")
    files["md"] = folder / "rents.md"
    files["md"].write_bytes(MD.encode())
    files["html"] = folder / "vote.html"
    files["html"].write_text(HTML, encoding="utf-8")
    project = folder / "project.db"
    with Store.open(project) as store:
        for doc in docs:
            ours, _ = store.add_document(Document.create(doc.text, title=doc.title, source=doc.source))
            store.add_annotation(new_annotation(ours, 2, 9, "claim", "me", note="ours"))
    return Sources(folder, project, files, {doc.sha256: doc.text for doc in docs})


class Hang(Exception):
    pass


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def copy_project(src: Path, dest: Path) -> Path:
    shutil.copyfile(src, dest)
    return dest


def damaged(sources: Sources, kind: str, rng: random.Random, case: Path) -> tuple[list[Path], str]:
    """The files of one case (the damaged file, sometimes beside a valid one) and how it was damaged."""
    case.mkdir(parents=True)
    original = sources.files[kind]
    how: list[str] = []
    if kind == "brat":
        target = case / "brat"
        shutil.copytree(original, target)
        members = sorted(target.iterdir())
        for _ in range(rng.randint(1, 2)):
            member = rng.choice(members)
            if rng.random() < 0.1:  # a hostile name for the file (and its partner)
                stem = rng.choice(HOSTILE_STEMS)
                for partner in (member.with_suffix(".ann"), member.with_suffix(".txt")):
                    if partner.exists():
                        partner.rename(partner.with_name(stem + partner.suffix))
                how.append(f"{member.name} renamed {stem!r}")
                members = sorted(target.iterdir())
                continue
            if member.suffix == ".ann" and rng.random() < 0.6:
                text = member.with_suffix(".txt").read_text(encoding="utf-8", errors="replace")
                data, did = brat_mutate(member.read_bytes(), text, rng)
            else:
                data, did = mutate(member.read_bytes(), rng, "json" if member.suffix == ".json" else "bytes")
            member.write_bytes(data)
            how.append(f"{member.name}: {did}")
        made = [target]
    elif kind == "ann":
        stem = rng.choice((original.stem,) * 4 + HOSTILE_STEMS)
        ann, txt = case / f"{stem}.ann", case / f"{stem}.txt"
        shutil.copyfile(original, ann)
        shutil.copyfile(original.with_suffix(".txt"), txt)
        member = ann if rng.random() < 0.7 else txt
        if member is ann and rng.random() < 0.6:
            data, did = brat_mutate(ann.read_bytes(), txt.read_text(encoding="utf-8"), rng)
        else:
            data, did = mutate(member.read_bytes(), rng, "bytes")
        member.write_bytes(data)
        how.append(f"{member.name!r}: {did}")
        made = [ann]
    elif kind == "db":
        target = case / rng.choice(["teammate.db", "t.sqlite", "t.factcheck"])
        shutil.copyfile(original, target)
        how.append(damage_database(target, rng))
        made = [target]
    else:
        stem = original.stem if rng.random() < 0.8 else rng.choice(HOSTILE_STEMS)
        target = case / (stem + original.suffix)
        data = original.read_bytes()
        if kind == "jsonl" and rng.random() < 0.4:
            data, did = semantic_jsonl(data, rng, sources.texts)
            how.append(did)
        for _ in range(rng.randint(0 if how else 1, 2)):
            data, did = mutate(data, rng, kind)
            how.append(did)
        target.write_bytes(data)
        made = [target]
    if rng.random() < 0.25:  # all or nothing: a valid file in the same import
        good = rng.choice([sources.files["json"], sources.files["md"]])
        made = [good, *made] if rng.random() < 0.5 else [*made, good]
        how.append(f"with the valid {good.name}")
    return made, "; ".join(how)


DB_DAMAGE = (
    "UPDATE annotations SET start = {v} WHERE rowid = {r}",
    'UPDATE annotations SET "end" = {v} WHERE rowid = {r}',
    "UPDATE annotations SET quote = {v} WHERE rowid = {r}",
    "UPDATE annotations SET label = {v} WHERE rowid = {r}",
    "UPDATE annotations SET fragments = {v} WHERE rowid = {r}",
    "UPDATE annotations SET source = {v} WHERE rowid = {r}",
    "UPDATE annotations SET updated_at = {v} WHERE rowid = {r}",
    "UPDATE annotations SET id = {v} WHERE rowid = {r}",
    "UPDATE documents SET text = {v} WHERE rowid = {r}",
    "UPDATE documents SET sha256 = {v} WHERE rowid = {r}",
    "UPDATE links SET target = {v} WHERE rowid = {r}",
    "UPDATE speakers SET same_as = {v} WHERE rowid = {r}",
    "UPDATE claims SET id = {v} WHERE rowid = {r}",
    "UPDATE claim_tags SET tag_id = {v} WHERE rowid = {r}",
    "UPDATE claims SET appearances = {v} WHERE rowid = {r}",
    "UPDATE verdicts SET evidence = {v} WHERE rowid = {r}",
    "UPDATE settings SET value = {v} WHERE rowid = {r}",
    "UPDATE annotations SET fragments = {v} WHERE fragments IS NOT NULL",
    "UPDATE speakers SET same_as = {v}",
    "UPDATE verdicts SET rating = {v} WHERE rowid = {r}",
    "INSERT INTO annotations SELECT * FROM annotations WHERE rowid = {r}",
    "DELETE FROM documents WHERE rowid = {r}",
    "DELETE FROM labels WHERE rowid = {r}",
)
DB_VALUES = (
    "NULL", "-1", "0", "1e308", "9223372036854775807", "'x'", "''", "X'00ff'", "'[[0,1],[1,0]]'",
    "'[[0,99999]]'", "'[\"a\"]'", "'nope'", "'claim'", "(SELECT id FROM annotations LIMIT 1)",
    "'\U0001f600'", "char(55296)", "0.5", "'" + "[" * 50_000 + "]" * 50_000 + "'", "'[" + "9" * 5000 + "]'",
    "'[[0, " + "9" * 5000 + "]]'", "'[{\"url\": 1}]'", "'[NaN]'", "'[[1e999, 2]]'", "'[[1.5, 2]]'",
    "'[[3, 3]]'", "'[[0, 1], [0, 1]]'", "'[]'", "'{}'",
)  # fmt: skip


def damage_database(path: Path, rng: random.Random) -> str:
    """A teammate's database damaged in its rows (SQL) or in its bytes."""
    if rng.random() < 0.3:
        data, did = mutate(path.read_bytes(), rng, "bytes")
        path.write_bytes(data)
        return did
    done = []
    conn = sqlite3.connect(path)
    try:
        for _ in range(rng.randint(1, 3)):
            sql = rng.choice(DB_DAMAGE).format(v=rng.choice(DB_VALUES), r=rng.randint(1, 6))
            try:
                with conn:
                    conn.execute(sql)
                done.append(sql)
            except sqlite3.Error as exc:
                done.append(f"({sql}: {exc})")
    finally:
        conn.close()
    return "; ".join(done)


@dataclass
class Outcome:
    ok: bool
    detail: str
    rows: frozenset[tuple[object, ...]] = frozenset()


def stored_rows(path: Path) -> frozenset[tuple[object, ...]]:
    """The tags, by what they are rather than their ids: a brat import or a new article draws new ids."""
    conn = sqlite3.connect(path)
    try:
        return frozenset(
            conn.execute(
                'SELECT d.sha256, a.label, a.start, a."end", a.quote, a.deleted_at IS NULL, a.fragments, '
                "a.orphaned, a.annotator FROM annotations a JOIN documents d ON d.id = a.document_id"
            ).fetchall()
        )
    finally:
        conn.close()


def stored_ids(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM annotations")}
    finally:
        conn.close()


def consistent(path: Path) -> list[str]:
    """What is wrong in the project: a tag whose quote is not the text at its offsets, a piece outside."""
    wrong = []
    with Store.open(path, create=False) as store:
        texts = {doc.id: doc.text for doc in store.documents()}
        for tag in store.annotations(include_deleted=True):
            text = texts.get(tag.document_id)
            if text is None:
                wrong.append(f"tag {tag.id} on no document")
                continue
            if tag.orphaned:
                continue
            if text[tag.start : tag.end] != tag.quote or not 0 <= tag.start < tag.end <= len(text):
                wrong.append(f"tag {tag.id} {tag.start}-{tag.end} quotes {tag.quote!r:.40}")
            if any(not (0 <= s < e <= len(text)) for s, e in tag.fragments):
                wrong.append(f"tag {tag.id} pieces {tag.fragments}")
        wrong += [f"tags {a} and {b} are identical" for a, b in twins(store)]
    return wrong


def twins(store: Store) -> list[tuple[str, str]]:
    """Pairs of live tags identical to each other (core.duplicates: no path is to make one)."""
    shapes: dict[object, str] = {}
    found = []
    for tag in store.annotations():
        twin = shapes.setdefault(duplicates.shape(tag), tag.id)
        if twin != tag.id:
            found.append((twin, tag.id))
    return found


def expected_tags(files: list[Path], project: Path) -> list[tuple[Annotation, str]] | None:
    """The tags of the JSON, JSONL and database files with the sha256 of their document's text (None
    when a file kind is not checked this way: brat and articles)."""
    found: list[tuple[Annotation, str]] = []
    with Store.open(project, create=False) as store:
        known = {doc.id: doc.sha256 for doc in store.documents()}
        for path in files:
            suffix = path.suffix.lower()
            if suffix in (".json", ".jsonl"):
                bundle = read_bundle(path, store)
            elif suffix in (".db", ".sqlite", ".factcheck"):
                bundle = check_bundle(read_teammate_db(path))
            elif suffix in (".md", ".txt", ".html"):
                continue
            else:
                return None
            for doc, anns in bundle.documents:
                sha = doc.sha256 or known.get(doc.id, "")
                found += [(ann, sha) for ann in anns]
    # One id in two files, with two contents: the first stored wins, the other is a conflict.
    shapes: dict[str, set[tuple[object, ...]]] = {}
    for ann, sha in found:
        shapes.setdefault(ann.id, set()).add((sha, ann.start, ann.end, ann.quote))
    return [(ann, sha) for ann, sha in found if len(shapes[ann.id]) == 1]


def check_complete(files: list[Path], before: Path, after: Path) -> list[str]:
    """Every tag of the files that was new to the project is stored on the text its quote names."""
    try:
        wanted = expected_tags(files, before)
    except FactcheckError as exc:
        return [f"imported, but reading the files alone refuses them: {exc}"]
    if wanted is None:
        return []
    had = stored_ids(before)
    wrong = []
    with Store.open(after, create=False) as store:
        by_sha = {doc.sha256: doc for doc in store.documents()}
        for ann, sha in wanted:
            if ann.id in had:
                continue
            stored = store.annotation(ann.id)
            doc = by_sha.get(sha)
            if stored is None and not (ann.deleted or _here_under_another_id(store, ann, doc)):
                wrong.append(f"tag {ann.id} of the file is missing")
                continue
            if stored is None:
                continue
            if doc is None or stored.document_id != doc.id:
                continue  # re-anchored onto another version of the article: checked by consistent()
            if not stored.orphaned and doc.text[stored.start : stored.end] != ann.quote:
                wrong.append(f"tag {ann.id} stored at {stored.start}-{stored.end}, not on {ann.quote!r:.40}")
    return wrong


def _here_under_another_id(store: Store, ann: Annotation, doc: Document | None) -> bool:
    """Whether a live tag identical to ann (core.duplicates) is stored under another id: a merge reads a
    tag of the file identical to one here as that one (services.merge_twins). On another version of its
    article (doc None): one of the same label, annotator and quote."""
    if doc is not None:
        key = duplicates.shape(replace(ann, document_id=doc.id))
        return any(duplicates.shape(t) == key for t in store.annotations(doc.id))
    return any(
        (t.label, t.annotator, t.quote) == (ann.label, ann.annotator, ann.quote) for t in store.annotations()
    )


def via_cli(project: Path, files: list[Path]) -> Outcome:
    before = content_digest(project)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            with deadline(HANG_SECONDS):
                code = main(["--db", str(project), "--annotator", "bea", "import", *map(str, files)])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    message = err.getvalue()
    if code == 0:
        return Outcome(True, out.getvalue(), stored_rows(project))
    problems = []
    if code != 1:
        problems.append(f"exit status {code}")
    if not message.startswith("factcheck: ") or message.count("\n") != 1 or "Traceback" in message:
        problems.append(f"not one line: {message!r:.300}")
    if content_digest(project) != before:
        problems.append("refused, but the project changed")
    if problems:
        raise AssertionError("; ".join(problems))
    return Outcome(False, message.strip())


def via_service(project: Path, files: list[Path]) -> Outcome:
    before = content_digest(project)
    calls: list[tuple[int, int]] = []
    with Store.open(project) as store:
        try:
            with deadline(HANG_SECONDS):
                import_paths(store, files, annotator="bea", progress=lambda d, t: calls.append((d, t)))
        except FactcheckError as exc:
            refused = str(exc)
        else:
            refused = ""
    if refused:
        if content_digest(project) != before:
            raise AssertionError("refused, but the project changed")
        # A name with a line break in it is the sender's (the window escapes it: ui.dialogs.escaped).
        bare = refused.strip()
        for path in files:
            bare = bare.replace(str(path.parent), "").replace(path.stem, "")
        for stem in HOSTILE_STEMS:  # a file inside a damaged brat folder may carry one too
            bare = bare.replace(stem, "")
        if "\n" in bare:
            raise AssertionError(f"a refusal of several lines: {refused!r:.300}")
        return Outcome(False, refused)
    if any(done > total for done, total in calls):
        raise AssertionError(f"progress past its total: {calls[-3:]}")
    return Outcome(True, "", stored_rows(project))


def run_case(sources: Sources, rng: random.Random, case: Path) -> str:
    """One damaged import through both paths; returns 'imported' or 'refused'; AssertionError (or any
    other exception) is a finding."""
    kind = rng.choice(KINDS)
    files, how = damaged(sources, kind, rng, case)
    label = f"{kind}: {how}"
    cli_project = copy_project(sources.project, case / "cli.db")
    service_project = copy_project(sources.project, case / "service.db")
    try:
        cli = via_cli(cli_project, files)
        service = via_service(service_project, files)
        if cli.ok != service.ok:
            raise AssertionError(
                f"the CLI {'imported' if cli.ok else 'refused'}, the window's service not: "
                f"{cli.detail or service.detail}"
            )
        if cli.ok:
            wrong = consistent(cli_project) + check_complete(files, sources.project, cli_project)
            if wrong:
                raise AssertionError("; ".join(wrong[:3]))
            if cli.rows != service.rows:
                raise AssertionError("the CLI and the service stored different tags")
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise AssertionError(f"{label}: {type(exc).__name__}: {exc}") from exc
    shutil.rmtree(case, ignore_errors=True)
    return "imported" if cli.ok else "refused"
