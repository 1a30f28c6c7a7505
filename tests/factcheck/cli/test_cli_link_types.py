"""`factcheck link-types list|add|rename|remove`."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from db import Store, sync_local
from db import links as db_links
from factcheck.cli import main
from factcheck.core.links import new_link
from factcheck.core.model import Document
from factcheck.core.spans import new_annotation
from factcheck.services.sync import STATE_URL


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _one_denial(store: Store, document: Document) -> str:
    claim = store.add_annotation(new_annotation(document, 0, 8, "claim", "ana"))
    denial = store.add_annotation(new_annotation(document, 9, 17, "denial", "ana"))
    return db_links.add_link(store, new_link(document.id, "denies", denial.id, claim.id, "ana")).id


def test_list_add_rename_remove(
    db_path: Path, store: Store, document: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    link_id = _one_denial(store, document)
    store.close()
    code, out, _ = run(capsys, db_path, "link-types", "list")
    assert code == 0
    assert out.splitlines() == [
        "denies  directed  1 link", "characterizes  directed  0 links", "same_claim  symmetric  0 links",
        "corrects  directed  0 links",
    ]  # fmt: skip
    code, out, _ = run(capsys, db_path, "link-types", "add", "supports", "--symmetric")
    assert code == 0 and out == "Added the link type 'supports' (symmetric).\n"
    code, out, _ = run(capsys, db_path, "link-types", "rename", "denies", "refutes")
    assert code == 0 and out == "Renamed the link type 'denies' to 'refutes' (1 link).\n"
    code, _, err = run(capsys, db_path, "link-types", "remove", "refutes")
    assert code == 1 and "--yes" in err and "1 link has" in err and err.count("\n") == 1
    code, out, _ = run(capsys, db_path, "link-types", "remove", "refutes", "--yes")
    assert code == 0 and out == "Removed the link type 'refutes' and deleted its 1 link.\n"
    with Store.open(db_path) as again:
        assert [t.name for t in db_links.link_types(again)] == [
            "characterizes", "same_claim", "corrects", "supports"
        ]  # fmt: skip
        tomb = db_links.link(again, link_id)
        assert tomb is not None and tomb.deleted and tomb.type == "refutes"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("add", "Denies"), "already"),
        (("add", "a\x07b"), "control characters"),
        (("add", "   "), "needs a name"),
        (("rename", "corrects", "fixes"), "built in"),
        (("remove", "corrects", "--yes"), "built in"),
        (("rename", "nope", "x"), "no link type 'nope'"),
        (("rename", "denies", "SAME_CLAIM"), "already"),
    ],
)
def test_refusals_are_one_line(
    db_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], says: str
) -> None:
    code, out, err = run(capsys, db_path, "link-types", *args)
    assert code == 1 and out == ""
    assert err.startswith("factcheck: ") and says in err and err.count("\n") == 1 and "Traceback" not in err
    with Store.open(db_path) as again:
        assert [t.name for t in db_links.link_types(again)] == [
            "denies", "characterizes", "same_claim", "corrects"
        ]  # fmt: skip


def test_a_synced_project_refuses_rename_and_remove(
    db_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    with store.atomic():
        sync_local.set_state(store, {STATE_URL: "postgresql://team.example/factcheck"})
    store.close()
    for args in (("rename", "denies", "refutes"), ("remove", "characterizes")):
        code, _, err = run(capsys, db_path, "link-types", *args)
        assert code == 1 and "team server" in err and err.count("\n") == 1
    code, _, _ = run(capsys, db_path, "link-types", "add", "supports")
    assert code == 0


def test_rename_then_import_of_an_older_export_keeps_the_new_name(
    tmp_path: Path, db_path: Path, store: Store, document: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    ours = db_links.link(store, _one_denial(store, document))
    assert ours is not None
    with Store.open(tmp_path / "ben.db") as ben:  # ben's copy, made and exported before the rename
        ben.add_document(document)
        for tag in store.annotations():
            ben.put_annotation(tag)
        db_links.put_links(ben, [ours])
        bens = db_links.add_link(ben, new_link(document.id, "denies", ours.to_id, ours.from_id, "ben")).id
    store.close()
    code, _, err = run(
        capsys, tmp_path / "ben.db", "export", "--format", "json", "--out", str(tmp_path / "b.json")
    )
    assert code == 0, err
    code, out, _ = run(capsys, db_path, "link-types", "rename", "denies", "rebuts")
    assert code == 0 and out == "Renamed the link type 'denies' to 'rebuts' (1 link).\n"
    for source in ("b.json", "ben.db"):
        code, _, err = run(capsys, db_path, "import", str(tmp_path / source))
        assert code == 0 and "Traceback" not in err, err
        code, out, _ = run(capsys, db_path, "link-types", "list")
        assert out.splitlines() == [
            "rebuts  directed  2 links", "characterizes  directed  0 links", "same_claim  symmetric  0 links",
            "corrects  directed  0 links",
        ]  # fmt: skip
    with Store.open(db_path) as again:
        assert {lk.id: lk.type for lk in db_links.links(again)} == {ours.id: "rebuts", bens: "rebuts"}
        mine = db_links.link(again, ours.id)
        assert mine is not None and mine == replace(ours, type="rebuts", updated_at=mine.updated_at)
        assert mine.updated_at > ours.updated_at  # stamped by the rename: ben's older copy lost
