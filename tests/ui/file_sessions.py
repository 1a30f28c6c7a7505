"""Random window sessions mixing file work with editing (tests/ui/test_window_file_sessions.py): tagging
from the keyboard, undo and redo, File > Import of a teammate's valid export, database or brat folder and
of a damaged one, exports in every format re-imported into a fresh project, another project opened and
this one opened again. The invariants after every step and at the end are in the test module."""

from __future__ import annotations

import contextlib
import csv
import json
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db import Store, attribution, links
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.importing import import_paths
from tests.factcheck.services.import_explorer import damage_database, twins
from tests.helpers.dbfiles import content_digest
from tests.helpers.mutations import brat_mutate, mutate
from tests.ui.session_support import check
from tests.ui.test_window_keyboard_sessions import KEYS
from tests.ui.window_support import finish_operations
from ui.main_window import MainWindow

US, THEM = "alice", "bob"
SECOND = "A second report 😀: the council said rents fell by 12% last year. Critics said they rose.\n"
#: Formats that come back in: what a fresh project holds after importing the export.
IMPORTABLE = ("json", "jsonl", "brat")
FORMATS = (*IMPORTABLE, "w3c", "csv")
#: What a key's deliberate refusal says: bob's tags are his (core.ownership), no second identical tag.
DUPLICATE = "a second identical tag is not made"
DELIBERATE = (DUPLICATE, "Review it instead", "correct it with a tag of your own")


def ours(store: Store, doc: Document) -> None:
    """alice's tags on the article: an attributed claim, a denial linked to it."""

    def tag(words: str, label: str) -> Annotation:
        start = doc.text.index(words)
        return store.add_annotation(new_annotation(doc, start, start + len(words), label, US), doc.text)

    source, cue = tag("Mayor Helena Marsh", "source"), tag("said", "cue")
    claim = tag("ridership had “more than doubled”", "claim")
    attribution.set_attribution(store, claim.id, source=source.id, cue=cue.id, quotation="indirect")
    denial = tag("has never published any number", "denial")
    links.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, US))


def teammate_files(folder: Path, project: Store) -> dict[str, Path]:
    """bob's work: a copy of our project with his tags on our article and a second article of his,
    exported as JSON, JSONL (after the JSON: its lines name the second article) and brat, and his database."""
    folder.mkdir(parents=True)
    bob = folder / "bob.db"
    project.backup(bob)  # a consistent copy (the window's saves may still be in the -wal file)
    with Store.open(bob) as store:
        doc = store.documents()[0]
        theirs = (("Critics called it “a fairy tale”", "characterization"), ("Marsh denied it", "denial"),
                  ("ridership had “more than doubled”", "claim"))  # fmt: skip
        for words, label in theirs:
            start = doc.text.index(words)
            store.add_annotation(new_annotation(doc, start, start + len(words), label, THEM), doc.text)
        second, _ = store.add_document(Document.create(SECOND, title="Rents", source="https://n.example/r"))
        store.add_annotation(new_annotation(second, 20, 48, "claim", THEM), second.text)
        files = {"db": bob}
        for fmt, name in (("json", "bob.json"), ("jsonl", "bob.jsonl"), ("brat", "bob-brat")):
            export(store, fmt, folder / name)
            files[fmt] = folder / name
    files["md"] = folder / "notes.md"
    files["md"].write_text("# Notes\n\nThe mayor said ridership doubled. 😀\n", encoding="utf-8")
    return files


def tag_rows(store: Store, *, brat: bool = False, live: bool = False) -> set[tuple[object, ...]]:
    """Every tag by what an export must carry (brat: no ids, annotators nor tombstones)."""
    sha = {doc.id: doc.sha256 for doc in store.documents()}
    rows: set[tuple[object, ...]] = set()
    for t in store.annotations(include_deleted=not (brat or live)):
        if t.deleted_at is not None and (brat or live):
            continue
        if brat:
            rows.add((sha[t.document_id], t.label, t.start, t.end, t.quote, t.fragments))
        else:
            where = (sha[t.document_id], t.label, t.start, t.end, t.quote, t.fragments, t.note)
            rows.add(
                (t.id, *where, t.annotator, t.deleted_at, t.status, t.reviewer, t.source, t.cue, t.quotation)
            )
    return rows


@dataclass
class FileSession:
    window: MainWindow
    qtbot: QtBot
    dialogs: list[tuple[str, str]]
    rng: random.Random
    folder: Path
    project: Path
    files: dict[str, Path]
    steps: list[str] = field(default_factory=list)
    #: Tags an import added or changed (brat's are the importer's): no undo step of alice's.
    imported_ids: set[str] = field(default_factory=set)
    refused_keys: list[str] = field(default_factory=list)
    #: The last import's files.
    last_import: list[Path] = field(default_factory=list)
    #: Boxes the steps showed that they were expected to show (a damaged file's refusal).
    expected_boxes: int = 0
    imports: int = 0
    refusals: int = 0
    round_trips: int = 0
    switches: int = 0
    _n: int = 0

    def _path(self, name: str) -> Path:
        self._n += 1
        return self.folder / f"{self._n}-{name}"

    def step(self) -> str:
        roll = self.rng.random()
        action: Callable[[], str]
        if roll < 0.55:
            action = self.key
        elif roll < 0.65:
            action = self.import_valid
        elif roll < 0.78:
            action = self.import_damaged
        elif roll < 0.93:
            action = self.export_round_trip
        else:
            action = self.switch_project
        did = action()
        QApplication.processEvents()
        self.steps.append(did)
        check(self.window, self.recent())
        self.check_documents()
        return did

    def recent(self, n: int = 8) -> str:
        return " / ".join(self.steps[-n:])

    def check_documents(self) -> None:
        store = self.window.project.store
        assert self.window.doc_list.model.rowCount() == len(store.documents()), self.recent()
        # No path makes a second live tag identical to one (core.duplicates), an import neither: a file's
        # tag identical to one here under another id is read as that one (services.merge_twins).
        found = twins(store)
        assert not found, (f"identical tags {sorted(found)[:2]}", self.recent())

    def undo_refused_for_an_imported_tag(self, said: str) -> bool:
        """Whether said is the store refusing an undo of alice's that would make a second identical tag
        of one an import brought: she deleted or changed her tag, then a file brought one as hers was
        (brat's tags are the importer's; a teammate's copy of hers), a tag of its own as nothing here was
        identical to it then."""
        found = re.search(r"(\S+) already tagged “.*” \((\d+)–(\d+)\) as (.+); " + DUPLICATE, said, re.S)
        if found is None:
            return False
        who, start, end, label = found[1], int(found[2]), int(found[3]), found[4]
        return any(
            (t.annotator, t.start, t.end, t.label) == (who, start, end, label) and t.id in self.imported_ids
            for t in self.window.project.store.annotations()
        )

    # -- editing -----------------------------------------------------------------------------------
    def key(self) -> str:
        window = self.window
        text = window.project.document(window.current_document_id() or "").text
        if self.rng.random() < 0.35:
            a = self.rng.randrange(len(text) - 1)
            b = min(len(text), a + self.rng.randrange(1, 40))
            window.view.select_span(a, b)
            return f"select {a}-{b}"
        key, modifiers = self.rng.choice(KEYS)
        shown = len(self.dialogs)
        self.qtbot.keyClick(window.view, key, modifiers)
        did = f"{key.name} {modifiers}"
        for kind, text in self.dialogs[shown:]:
            # A refusal the rules make on purpose (bob's tag is his, an identical tag is not made twice).
            deliberate = any(d in text for d in DELIBERATE)
            assert kind in ("critical", "warning", "information") and deliberate, (kind, text, self.recent())
            self.expected_boxes += 1
            self.refused_keys.append(text)
        return did

    # -- files -------------------------------------------------------------------------------------
    def _import(self, paths: list[Path]) -> bool:
        """File > Import of paths; True if it went through (False: refused, and the project unchanged)."""
        before, shown = content_digest(self.project), len(self.dialogs)
        rows = self._tag_versions()
        self.last_import = paths
        stack = self.window.undo_stack
        steps = (stack.count(), stack.index())
        job = self.window.import_files([str(p) for p in paths], report=False)
        assert job is not None, self.recent()
        finish_operations(self.qtbot, self.window)
        QApplication.processEvents()
        # An import is no undoable step (docs/importing.md), and leaves alice's steps undoable.
        assert (stack.count(), stack.index()) == steps, self.recent()
        said = self.dialogs[shown:]
        if said:
            assert len(said) == 1 and said[0][0] in ("critical", "warning"), (said, self.recent())
            # A hostile file name cannot forge lines or turn text around in the box (ui.dialogs.escaped).
            assert not set(said[0][1]) & {"\x1b", "\u202e"}, said
            assert content_digest(self.project) == before, ("refused, but the project changed", said)
            self.expected_boxes += 1
            return False
        changed = self._tag_versions() - rows
        self.imported_ids |= {tag_id for tag_id, _ in changed}
        return True

    def _tag_versions(self) -> set[tuple[str, str]]:
        return {(t.id, t.updated_at) for t in self.window.project.store.annotations(include_deleted=True)}

    def import_valid(self) -> str:
        kind = self.rng.choice(["json", "jsonl", "db", "brat", "md"])
        paths = [self.files[kind]]
        if kind == "jsonl":
            paths.insert(0, self.files["json"])  # its lines name bob's second article: it comes first
        ok = self._import(paths)
        assert ok, (f"bob's valid {kind} refused: {self.dialogs[-1]}", self.recent())
        self.imports += 1
        return f"import bob's {kind}"

    def import_damaged(self) -> str:
        kind = self.rng.choice(["json", "jsonl", "md", "brat", "db"])
        original = self.files[kind]
        stem = self.rng.choice([original.stem] * 4 + ["a\nb", "x\x1b[31mred", "\u202egnp"])
        damaged = self._path(stem + original.suffix)
        if kind == "brat":
            shutil.copytree(original, damaged)
            ann = self.rng.choice(sorted(damaged.glob("*.ann")))
            if self.rng.random() < 0.6:
                text = ann.with_suffix(".txt").read_text(encoding="utf-8")
                data, how = brat_mutate(ann.read_bytes(), text, self.rng)
            else:
                data, how = mutate(ann.read_bytes(), self.rng, "bytes")
            ann.write_bytes(data)
        elif kind == "db":
            shutil.copyfile(original, damaged)
            how = damage_database(damaged, self.rng)
        else:
            data, how = mutate(original.read_bytes(), self.rng, kind)
            damaged.write_bytes(data)
        paths = [damaged]
        if kind == "jsonl":
            paths.insert(0, self.files["json"])
        ok = self._import(paths)
        self.imports += ok
        self.refusals += not ok
        return f"import damaged {kind} ({how[:60]}): {'imported' if ok else 'refused'}"

    def export_round_trip(self) -> str:
        fmt = self.rng.choice(FORMATS)
        out = self._path("export" if fmt == "brat" else f"export.{fmt if fmt != 'w3c' else 'json'}")
        shown = len(self.dialogs)
        job = self.window.project.export(fmt, out)
        finish_operations(self.qtbot, self.window)
        assert self.dialogs[shown:] == [], (self.dialogs[shown:], self.recent())
        assert job.result is not None, (fmt, job.outcome, self.recent())
        store = self.window.project.store
        if fmt == "w3c":
            items = json.loads(out.read_text(encoding="utf-8"))
            assert isinstance(items, dict | list), self.recent()
        elif fmt == "csv":
            with out.open(encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.reader(fh))
            assert len(rows) - 1 == len(tag_rows(store, live=True)), (fmt, len(rows), self.recent())
        else:
            self.re_import(fmt, out, store)
        self.round_trips += 1
        return f"export {fmt}"

    def re_import(self, fmt: str, out: Path, store: Store) -> None:
        """The export into a fresh project holds what this one does (JSON: everything; JSONL: the live
        tags; brat: the live tags' spans and labels)."""
        fresh = self._path("fresh.db")
        with Store.open(fresh) as other:
            if fmt == "jsonl":  # JSONL carries no articles: the fresh project has them first
                for doc in store.documents():
                    other.add_document(Document.create(doc.text, title=doc.title, source=doc.source))
            import_paths(other, [out], annotator="carol")
            if fmt == "json":
                assert tag_rows(other) == tag_rows(store), (fmt, self.recent())
            elif fmt == "jsonl":
                assert tag_rows(other, live=True) == tag_rows(store, live=True), (fmt, self.recent())
            else:
                assert tag_rows(other, brat=True) == tag_rows(store, brat=True), (fmt, self.recent())
        with contextlib.suppress(OSError):
            fresh.unlink()

    def switch_project(self) -> str:
        other = self._path("other.db")
        assert self.window.open_database(other), self.recent()
        QApplication.processEvents()
        assert self.window.project.store.path == other
        assert self.window.open_database(self.project), self.recent()
        QApplication.processEvents()
        if self.window.current_document_id() is None:  # an empty project opens nothing: ours has articles
            raise AssertionError(("no document open after switching back", self.recent()))
        self.switches += 1
        return "open another project and back"
