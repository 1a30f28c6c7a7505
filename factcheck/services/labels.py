"""The project's labels, changed with what the rest of the project needs: a project synced with a team
server shares its labels with the team, so its labels are not renamed or removed here (the server keeps
the old name and sends it back with the next sync, with the team's tags that have it; the server refuses
a change of other annotators' tags). Also: the labels a file
to import uses, to add the missing ones first (`factcheck import --add-labels`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from db import labels as db_labels
from db.store import Store
from factcheck.core.errors import FactcheckError
from factcheck.core.inputs import MAX_DATABASE_BYTES, MAX_EXPORT_BYTES, check_input_file
from factcheck.core.model import Label
from factcheck.services.formats.jsonl_format import MAX_LINE_BYTES
from factcheck.services.importing import BUNDLE_SUFFIXES, DATABASE_SUFFIXES
from factcheck.services.shared_scheme import refuse_if_shared

#: What the refusal of an import with labels the project lacks adds: how to add them.
HOW_TO_ADD = "Add them first (Project > Labels…, or: factcheck labels add NAME), or import with --add-labels."


def _refuse_if_shared(store: Store, name: str, doing: str) -> None:
    live, _ = db_labels.usage(store).get(name, (0, 0))
    rows = f"{live} tag{'s' if live != 1 else ''}" if live else ""
    may = "you may add a new label, or change colours, keys and the order here"
    refuse_if_shared(store, "labels", name, doing, rows, may)


def rename_label(store: Store, old: str, new: str) -> int:
    """Rename a label (every tag with it follows); the number of tags renamed."""
    _refuse_if_shared(store, old, "renaming")
    return db_labels.rename_label(store, old, new)


def remove_label(store: Store, name: str, *, force: bool = False) -> int:
    """Remove a label (and, with force, the tags that have it); the number of tags removed."""
    _refuse_if_shared(store, name, "removing")
    return db_labels.remove_label(store, name, force=force)


def file_labels(path: Path) -> list[Label]:
    """The labels an export or a teammate's database uses (with their colours and keys when it says
    them); [] for an article."""
    suffix = path.suffix.lower()
    if suffix not in BUNDLE_SUFFIXES + DATABASE_SUFFIXES:
        return []
    # A regular file of a size an import takes, or the import's own refusal (never read a device).
    check_input_file(path, MAX_EXPORT_BYTES if suffix in BUNDLE_SUFFIXES else MAX_DATABASE_BYTES)
    if suffix in DATABASE_SUFFIXES:
        from db.teammate import read_teammate_db

        bundle = read_teammate_db(path)
        used = {a.label for _, anns in bundle.documents for a in anns}
        return [lab for lab in bundle.labels if lab.name in used] + [
            Label(n, "") for n in sorted(used - {lab.name for lab in bundle.labels})
        ]
    if suffix == ".json":
        return _json_labels(path)
    if suffix in BUNDLE_SUFFIXES:
        return [Label(name, "") for name in _jsonl_labels(path)]
    return []


def _json_labels(path: Path) -> list[Label]:
    from factcheck.services.reading import read_export

    with read_export(path) as export:
        return list(export.labels)


def _jsonl_labels(path: Path) -> list[str]:
    names: dict[str, None] = {}
    try:
        with path.open("rb") as fh:
            # A line at most as long as the import reads (a file with no line breaks is not held whole).
            while line := fh.readline(MAX_LINE_BYTES + 1):
                if len(line) > MAX_LINE_BYTES or b'"label"' not in line:
                    continue
                try:
                    obj = json.loads(line)
                except (ValueError, RecursionError):
                    continue  # the import itself says what is wrong with the line
                label = obj.get("label") if isinstance(obj, dict) else None
                if isinstance(label, str) and label.strip():
                    names[label] = None
    except OSError as exc:
        raise FactcheckError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    return list(names)


def missing_labels(store: Store, paths: Iterable[Path]) -> list[Label]:
    """The labels the files use that the project lacks (each once, in the files' order)."""
    ours = {lab.name for lab in store.labels()} | set(db_labels.renamed_labels(store))
    missing: dict[str, Label] = {}
    for path in paths:
        for lab in file_labels(path):
            if lab.name not in ours and lab.name not in missing:
                missing[lab.name] = lab
    return list(missing.values())


def add_missing(store: Store, labels: Iterable[Label]) -> list[Label]:
    """Add these labels (inside the caller's transaction), with their colours where given and keys where
    free; the labels as added."""
    added = []
    for lab in labels:
        color = lab.color if lab.color and db_labels.valid_color(lab.color) else ""
        key = lab.shortcut if lab.shortcut and db_labels.key_is_free(store, lab.shortcut) else None
        added.append(db_labels.add_label(store, lab.name, color, key))
    return added
