"""The project's long work as operations for a worker thread (`ui.operations`): an import (a merge, one
transaction), an export, a backup (the backup API) and the Agreement, each reading or writing the
project through the worker's own connection."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from db import Store
from db.checkpoint import checkpoint, checkpoint_later
from factcheck.core.agreement import AgreementRow
from factcheck.core.curation_scores import ScoreRow
from factcheck.core.decision_agreement import DecisionRow
from factcheck.core.report import ImportReport
from factcheck.services.agreement import store_agreement
from factcheck.services.claim_agreement import store_decision_agreement
from factcheck.services.curating import scores_against_curated
from factcheck.services.exporting import export
from factcheck.services.importing import file_name, import_paths
from factcheck.services.structure_agreement import structure_agreement
from factcheck.services.web_pages import looks_like_address, short_address
from ui.operations import Operation, Progress

#: What the agreement dialog shows: the rows (the spans', then the links' and attribution's, as
#: `factcheck agreement` gives them), the documents' titles by id, each annotator's scores against the
#: curated set, and the agreement on claim cards' decisions.
Agreement = tuple[list[AgreementRow], dict[str, str], list[ScoreRow], list[DecisionRow]]


def _name(source: Path | str) -> str:
    """A file's name, or a web address shortened for a progress dialog."""
    return short_address(source) if isinstance(source, str) else file_name(source)  # as the report names it


def import_operation(paths: Iterable[Path | str], annotator: str) -> Operation[ImportReport]:
    """Import articles, teammates' exports and databases, all in one transaction (a merge)."""
    # A web address stays a string: the import downloads it (factcheck.services.web_pages).
    files = [str(p) if isinstance(p, str) and looks_like_address(p) else Path(p) for p in paths]
    noun = _name(files[0]) if len(files) == 1 else f"{len(files)} files"
    doing = f"Downloading {noun}…" if all(isinstance(f, str) for f in files) else f"Importing {noun}…"

    def work(store: Store, progress: Progress) -> ImportReport:
        with checkpoint_later(store):  # run after the window has the report (db.checkpoint)
            return import_paths(store, files, annotator=annotator, progress=progress)

    return Operation("Import", doing, work, writes=True, nothing="nothing was imported", after=checkpoint)


def export_operation(fmt: str, out: Path, filters: Mapping[str, Any]) -> Operation[int]:
    """Export tags (filters: document_id, annotator, label); the result is the number written."""

    def work(store: Store, progress: Progress) -> int:
        return int(export(store, fmt, out, progress=progress, **filters))

    return Operation("Export", f"Exporting to {out.name}…", work, nothing="nothing was written")


def backup_operation(dest: Path) -> Operation[Path]:
    """A consistent copy of the database at dest (the backup API); the result is its path."""

    def work(store: Store, progress: Progress) -> Path:
        return store.backup(dest)

    def discard(written: Path) -> None:
        with contextlib.suppress(OSError):
            written.unlink()

    return Operation("Backup", f"Copying the database to {dest.name}…", work, nothing="no copy was made",
                     discard=discard)  # fmt: skip


def agreement_operation() -> Operation[Agreement]:
    """Agreement between every pair of annotators, the curated scores and the cards' decisions."""

    def work(store: Store, progress: Progress) -> Agreement:
        titles = {s.id: s.title for s in store.document_summaries()}
        return (
            store_agreement(store) + structure_agreement(store),  # spans, then links and attribution
            titles,
            scores_against_curated(store),
            store_decision_agreement(store),
        )

    return Operation("Agreement", "Measuring agreement…", work, nothing="nothing to show",
                     discard=lambda _result: None)  # fmt: skip
