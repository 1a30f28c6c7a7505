"""A brat export into a folder holding an older export leaves exactly the new export there: the older
pairs it does not write again go, once it is complete; other brat files it would replace refuse it; a
hostile side file never makes it write or delete outside the folder."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from db import Store
from db.documents import remove_document, rename_document
from factcheck.core.errors import FactcheckError, FilesLeftOver
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services import exporting
from factcheck.services.exporting import export
from factcheck.services.formats import brat
from factcheck.services.formats.brat_folder import BratFolderRefused
from factcheck.services.formats.brat_names import ANN_SHA256, DOCUMENTS_FILE, MAX_DOCUMENTS_BYTES
from factcheck.services.importing import import_paths

TEXTS = {
    "Alpha": "Alpha says crime fell by 20%.\n",
    "Beta": "Beta denies that crime fell.\n",
    "Gamma": "Gamma calls the claim misleading.\n",
}


def _project(store: Store) -> dict[str, Document]:
    docs: dict[str, Document] = {}
    for title, text in TEXTS.items():
        doc, _ = store.add_document(Document.create(text, title=title))
        store.add_annotation(new_annotation(doc, 0, 5, "claim", "ana"))
        docs[title] = doc
    return docs


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under root (links not followed): a file's sha256, 'folder', or 'link -> target'; the
    project's database aside (reading it touches its shared-memory file)."""
    out: dict[str, str] = {}
    for p in sorted(root.rglob("*")):
        if p.name.startswith("project.db"):
            continue
        key = str(p.relative_to(root))
        if p.is_symlink():
            out[key] = f"link -> {os.readlink(p)}"
        elif p.is_dir():
            out[key] = "folder"
        else:
            out[key] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def brat_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".ann")}


def side(folder: Path) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((folder / DOCUMENTS_FILE).read_text(encoding="utf-8"))
    return body


def no_partials(root: Path) -> bool:
    return not [p for p in root.rglob("*") if p.name.endswith(".partial")]


def test_a_renamed_and_a_removed_article_leave_no_stale_pair(store: Store, tmp_path: Path) -> None:
    docs = _project(store)
    folder = tmp_path / "brat"
    export(store, "brat", folder)
    assert set(brat_files(folder)) == {f"{t}.{s}" for t in TEXTS for s in ("txt", "ann")}
    rename_document(store, docs["Beta"].id, "Beta renamed")
    remove_document(store, docs["Gamma"].id, "ana")
    (folder / "notes.md").write_text("my notes", encoding="utf-8")  # the user's: stays
    export(store, "brat", folder)
    export(store, "brat", tmp_path / "fresh")
    assert brat_files(folder) == brat_files(tmp_path / "fresh")
    assert set(brat_files(folder)) == {"Alpha.txt", "Alpha.ann", "Beta renamed.txt", "Beta renamed.ann"}
    assert side(folder) == side(tmp_path / "fresh")
    assert (folder / "notes.md").read_text(encoding="utf-8") == "my notes"
    # Importing the folder into a new project brings back exactly the current articles.
    with Store.open(tmp_path / "other.db") as other:
        import_paths(other, [folder], annotator="ana")
        assert sorted((d.id, d.title) for d in other.documents()) == sorted(
            (d.id, d.title) for d in store.documents()
        )


def test_another_projects_export_is_replaced_whole(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    with Store.open(tmp_path / "theirs.db") as theirs:
        doc, _ = theirs.add_document(Document.create("Their only article.\n", title="Theirs"))
        theirs.add_annotation(new_annotation(doc, 0, 5, "claim", "bo"))
        export(theirs, "brat", folder)
    assert "Theirs.txt" in brat_files(folder)
    _project(store)
    export(store, "brat", folder)
    export(store, "brat", tmp_path / "fresh")
    assert brat_files(folder) == brat_files(tmp_path / "fresh")
    assert side(folder) == side(tmp_path / "fresh")


def test_a_selection_exported_over_the_whole_project_leaves_only_the_selection(
    store: Store, tmp_path: Path
) -> None:
    docs = _project(store)
    folder = tmp_path / "brat"
    export(store, "brat", folder)
    export(store, "brat", folder, document_id=docs["Beta"].id)
    assert set(brat_files(folder)) == {"Beta.txt", "Beta.ann"}
    assert list(side(folder)["documents"]) == ["Beta"]


def test_files_of_other_tools_stay_when_no_name_clashes(store: Store, tmp_path: Path) -> None:
    _project(store)
    folder = tmp_path / "collection"
    (folder / "sub").mkdir(parents=True)
    (folder / "theirs.txt").write_text("Another tool's text.", encoding="utf-8")
    (folder / "theirs.ann").write_text("T1\tclaim 0 7\tAnother\n", encoding="utf-8")
    (folder / "sub" / "Alpha.txt").write_text("In a sub-folder: never written.", encoding="utf-8")
    (folder / "annotation.conf").write_text("[entities]\nmine\n", encoding="utf-8")
    mine = {k: v for k, v in snapshot(folder).items()}
    export(store, "brat", folder)
    after = snapshot(folder)
    assert {k: after[k] for k in mine} == mine  # the collection's own files, its configuration too
    assert {"Alpha.txt", "Beta.ann", DOCUMENTS_FILE} <= set(after)
    assert list(side(folder)["documents"]) == sorted(TEXTS)  # only factcheck's pairs are listed
    export(store, "brat", folder)  # again: they still stay
    assert {k: snapshot(folder)[k] for k in mine} == mine


@pytest.mark.parametrize("name", ["Beta.txt", "Beta.ann", "beta.TXT", "BETA.ann"])
def test_brat_files_factcheck_did_not_write_are_never_replaced(
    store: Store, tmp_path: Path, name: str
) -> None:
    _project(store)
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / name).write_text("Another tool's file of the same name.", encoding="utf-8")
    before = snapshot(tmp_path)
    with pytest.raises(BratFolderRefused) as refused:
        export(store, "brat", folder)
    message = str(refused.value)
    assert name in message and "would replace them" in message and "Choose an empty folder" in message
    assert "\n" not in message
    assert snapshot(tmp_path) == before and no_partials(tmp_path)


def test_an_export_without_a_side_file_is_not_factchecks(store: Store, tmp_path: Path) -> None:
    """Pairs of the same names but no side file saying factcheck wrote them: refused, not replaced."""
    _project(store)
    folder = tmp_path / "brat"
    export(store, "brat", folder)
    (folder / DOCUMENTS_FILE).unlink()
    before = snapshot(tmp_path)
    with pytest.raises(BratFolderRefused, match=r"Alpha\.ann, Alpha\.txt, Beta\.ann and 3 more"):
        export(store, "brat", folder)
    assert snapshot(tmp_path) == before


def test_a_failed_export_leaves_the_older_one_whole(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _project(store)
    folder = tmp_path / "brat"
    export(store, "brat", folder)
    remove_document(store, docs["Gamma"].id, "ana")  # the next export would remove its pair
    before = snapshot(tmp_path)
    calls = 0
    real = brat.ann_lines

    def failing(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(brat, "ann_lines", failing)
    with pytest.raises(FactcheckError, match="No space left on device"):
        export(store, "brat", folder)
    assert snapshot(tmp_path) == before and no_partials(tmp_path)
    monkeypatch.undo()
    export(store, "brat", folder)
    assert set(brat_files(folder)) == {"Alpha.txt", "Alpha.ann", "Beta.txt", "Beta.ann"}


def test_a_refused_move_removes_nothing_either(store: Store, tmp_path: Path) -> None:
    docs = _project(store)
    folder = tmp_path / "brat"
    export(store, "brat", folder)
    remove_document(store, docs["Gamma"].id, "ana")
    (folder / "Beta.ann").unlink()
    (folder / "Beta.ann").mkdir()  # a folder where a file must go: the move is refused
    before = snapshot(tmp_path)
    with pytest.raises(FactcheckError, match=r"Beta\.ann in it is a folder"):
        export(store, "brat", folder)
    assert snapshot(tmp_path) == before  # Gamma's pair is still there


def test_a_stale_pair_that_cannot_be_removed_is_named_once_the_export_is_in_place(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = _project(store)
    folder = tmp_path / "brat"
    export(store, "brat", folder)
    remove_document(store, docs["Gamma"].id, "ana")
    real = Path.unlink

    def unlink(path: Path, missing_ok: bool = False) -> None:
        if path.parent == folder and path.name == "Gamma.ann":
            raise PermissionError(13, "Permission denied", str(path))
        real(path, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(FilesLeftOver, match=r"is complete, but .*: Gamma\.ann \(Permission denied\)"):
        export(store, "brat", folder)
    monkeypatch.undo()
    export(store, "brat", tmp_path / "fresh")
    assert side(folder) == side(tmp_path / "fresh") and no_partials(tmp_path)
    assert set(brat_files(folder)) == set(brat_files(tmp_path / "fresh")) | {"Gamma.ann"}


def test_a_stale_pair_edited_since_is_refused_not_deleted(store: Store, tmp_path: Path) -> None:
    docs = _project(store)
    folder = tmp_path / "brat"
    export(store, "brat", folder)
    with (folder / "Gamma.ann").open("a", encoding="utf-8") as fh:
        fh.write("#9\tAnnotatorNotes T1\tadded in brat\n")
    remove_document(store, docs["Gamma"].id, "ana")
    before = snapshot(tmp_path)
    with pytest.raises(BratFolderRefused, match=r"changed since \(Gamma\.ann: edited in brat or by hand\?\)"):
        export(store, "brat", folder)
    assert snapshot(tmp_path) == before


def test_an_edited_ann_of_an_article_exported_again_is_replaced(store: Store, tmp_path: Path) -> None:
    """As before (the window's question says the earlier export is replaced): brat edits of an article
    exported again are not kept."""
    _project(store)
    folder = tmp_path / "brat"
    export(store, "brat", folder)
    written = (folder / "Beta.ann").read_bytes()
    (folder / "Beta.ann").write_text("T1\tclaim 0 4\tBeta\n", encoding="utf-8")
    export(store, "brat", folder)
    assert (folder / "Beta.ann").read_bytes() == written


def test_a_changed_text_of_a_stale_pair_is_refused(store: Store, tmp_path: Path) -> None:
    docs = _project(store)
    folder = tmp_path / "brat"
    export(store, "brat", folder)
    (folder / "Gamma.txt").write_text("Someone rewrote this text.\n", encoding="utf-8")
    remove_document(store, docs["Gamma"].id, "ana")
    before = snapshot(tmp_path)
    with pytest.raises(BratFolderRefused, match=r"changed since \(Gamma\.txt: "):
        export(store, "brat", folder)
    assert snapshot(tmp_path) == before


def test_an_older_side_file_without_ann_digests_still_lets_stale_pairs_go(
    store: Store, tmp_path: Path
) -> None:
    docs = _project(store)
    folder = tmp_path / "brat"
    export(store, "brat", folder)
    body = side(folder)
    for entry in body["documents"].values():
        del entry[ANN_SHA256]
    (folder / DOCUMENTS_FILE).write_text(json.dumps(body), encoding="utf-8")
    remove_document(store, docs["Gamma"].id, "ana")
    export(store, "brat", folder)
    assert set(brat_files(folder)) == {"Alpha.txt", "Alpha.ann", "Beta.txt", "Beta.ann"}


def test_a_rename_in_case_only_keeps_the_new_pair(store: Store, tmp_path: Path) -> None:
    docs = _project(store)
    folder = tmp_path / "brat"
    export(store, "brat", folder)
    rename_document(store, docs["Beta"].id, "BETA")
    export(store, "brat", folder)
    assert set(brat_files(folder)) == {
        "Alpha.txt",
        "Alpha.ann",
        "BETA.txt",
        "BETA.ann",
        "Gamma.txt",
        "Gamma.ann",
    }
    assert (folder / "BETA.txt").read_text(encoding="utf-8") == TEXTS["Beta"]


def test_the_curated_export_also_replaces_an_older_one(store: Store, tmp_path: Path) -> None:
    docs = _project(store)
    folder = tmp_path / "brat"
    export(store, "brat", folder)
    remove_document(store, docs["Alpha"].id, "ana")
    export(store, "brat", folder, curated=True)
    assert set(brat_files(folder)) == {"Beta.txt", "Beta.ann", "Gamma.txt", "Gamma.ann"}


# -- hostile side files ----------------------------------------------------------------------------


def _listing(entries: dict[str, Any]) -> str:
    return json.dumps({"format": "factcheck brat documents", "version": 1, "documents": entries})


def _entry(text: str) -> dict[str, str]:
    return {"id": "x", "title": "x", "source": "", "sha256": hashlib.sha256(text.encode()).hexdigest(),
            "imported_at": "2024-01-01T00:00:00.000000Z"}  # fmt: skip


VICTIM = "Precious text outside the folder.\n"


def _hostile(kind: str, folder: Path, outside: Path) -> str:
    """Make folder's side file hostile in this way; the words the refusal must hold."""
    victim = outside / "victim"
    side_file = folder / DOCUMENTS_FILE
    if kind in ("dot-dot", "absolute", "backslash", "nul", "hidden"):
        stem = {
            "dot-dot": "../outside/victim",
            "absolute": str(victim),
            "backslash": "..\\outside\\victim",
            "nul": "victim\x00",
            "hidden": ".victim",
        }[kind]
        side_file.write_text(_listing({stem: _entry(VICTIM)}), encoding="utf-8")
        return "names a file outside the folder"
    if kind == "symlink":
        (outside / "list.json").write_text(_listing({"Alpha": _entry(TEXTS["Alpha"])}), encoding="utf-8")
        side_file.symlink_to(outside / "list.json")
        return "is a link"
    if kind == "huge":
        with side_file.open("wb") as fh:  # sparse: no disk used
            fh.truncate(MAX_DOCUMENTS_BYTES + 1)
        return "too large"
    if kind == "not json":
        side_file.write_bytes(b"\x00\xff garbage")
        return "not JSON"
    if kind == "deep":
        side_file.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
        return "not JSON"
    if kind == "a folder":
        side_file.mkdir()
        return "not a regular file"
    if kind == "wrong format":
        side_file.write_text(json.dumps({"format": "something else", "documents": {}}), encoding="utf-8")
        return "not the list of files of a factcheck export"
    if kind == "bad entry":
        side_file.write_text(_listing({"Alpha": {"sha256": 7}}), encoding="utf-8")
        return "has no sha256"
    raise AssertionError(kind)


HOSTILE = [
    "dot-dot", "absolute", "backslash", "nul", "hidden", "symlink", "huge", "not json", "deep",
    "a folder", "wrong format", "bad entry",
]  # fmt: skip


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_side_file_refuses_the_export_and_touches_nothing(
    store: Store, tmp_path: Path, kind: str
) -> None:
    _project(store)
    outside = tmp_path / "outside"
    outside.mkdir()
    for suffix in (".txt", ".ann"):
        (outside / f"victim{suffix}").write_text(VICTIM, encoding="utf-8")
    folder = tmp_path / "brat"
    folder.mkdir()
    words = _hostile(kind, folder, outside)
    before = snapshot(tmp_path)
    with pytest.raises(BratFolderRefused) as refused:
        export(store, "brat", folder)
    message = str(refused.value)
    assert words in message and "Choose an empty folder" in message and "\n" not in message
    assert snapshot(tmp_path) == before and no_partials(tmp_path)


def test_a_listed_text_that_is_a_link_is_never_followed_nor_removed(store: Store, tmp_path: Path) -> None:
    """The side file lists Gamma, and Gamma.txt is a link to a file outside holding Gamma's very text."""
    docs = _project(store)
    folder = tmp_path / "brat"
    export(store, "brat", folder)
    outside = tmp_path / "outside.txt"
    outside.write_text(TEXTS["Gamma"], encoding="utf-8")
    (folder / "Gamma.txt").unlink()
    (folder / "Gamma.txt").symlink_to(outside)
    remove_document(store, docs["Gamma"].id, "ana")
    before = snapshot(tmp_path)
    with pytest.raises(BratFolderRefused, match=r"Gamma\.txt"):
        export(store, "brat", folder)
    assert snapshot(tmp_path) == before
    assert outside.read_text(encoding="utf-8") == TEXTS["Gamma"]


def test_the_folder_is_checked_before_the_exports_work(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An untrusted side file is refused before a single row is read (a long export is not wasted)."""
    _project(store)
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / DOCUMENTS_FILE).write_text("{", encoding="utf-8")

    def never(*args: object, **kwargs: object) -> int:
        raise AssertionError("the export started")

    monkeypatch.setattr(exporting, "_brat", never)
    with pytest.raises(BratFolderRefused, match="not JSON"):
        export(store, "brat", folder)


def test_a_listed_text_written_again_replaces_the_link_not_its_target(store: Store, tmp_path: Path) -> None:
    _project(store)
    folder = tmp_path / "brat"
    export(store, "brat", folder)
    outside = tmp_path / "outside.txt"
    outside.write_text("Not the article: a file of the user's.\n", encoding="utf-8")
    (folder / "Beta.txt").unlink()
    (folder / "Beta.txt").symlink_to(outside)
    export(store, "brat", folder)
    assert not (folder / "Beta.txt").is_symlink()
    assert (folder / "Beta.txt").read_text(encoding="utf-8") == TEXTS["Beta"]
    assert outside.read_text(encoding="utf-8") == "Not the article: a file of the user's.\n"
