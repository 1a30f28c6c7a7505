"""The server explorer: a realistic team project on the team server, then random damage written by a
client that bypasses factcheck (plain psycopg, as an annotator's or a reviewer's login), then every
honest project syncs, three rounds. Invariants (a case either passes or shows a finding):

1. No sync raises (in-process); `factcheck sync` (the CLI, for the fresh project) exits 0 with nothing
   on stderr: nothing of an honest project is refused.
2. Every damaged row that landed on the server is, in each project after its first sync, either applied
   (the project's copy is the server's, document ids aside) or named in that sync's details (skipped,
   with its reason).
3. Every project's JSON export imports (`factcheck import`, the file checks) into an empty project whose
   JSON export is the same bytes; so every row a pull applied passes the checks of a file import.
4. bob's own tags (made before the damage and while offline) are all there, their content unchanged.
5. The third round is quiet: nothing sent, nothing received, nothing listed, no project changes; the
   second lists no damaged row again.
6. All honest projects converge: the same JSON export.
7. Each project opens in the window's ProjectModel and lists its documents' tags.
8. The server itself refuses what would poison everyone's sync (`db.pg_value_guards`): after the damage
   no row on it carries a time stamp more than a day ahead of its clock, and no document a sha256 that is
   not its text's.

Run big outside the suite: FACTCHECK_SERVER_SEEDS=0-199 FACTCHECK_SERVER_STEPS=12 uv run pytest -q
tests/factcheck/services/test_server_explorer.py -k explore -p no:randomly -s
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import random
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psycopg import sql

from db import Store, claims, links, pg_value_guards, speakers, sync_local
from db.claims_sync import CLAIM_SYNC_KEYS, rows_by_key
from db.pg_tables import TABLES
from factcheck.cli import main
from factcheck.core.model import Document, canonical_stamp, text_sha256
from factcheck.core.spans import new_annotation
from factcheck.services.exporting import export
from factcheck.services.sync import SyncReport, sync
from tests.factcheck.services.server_damage import Attacker, Write
from tests.factcheck.services.server_team import build
from tests.helpers import dbfiles
from tests.pg import ROLES, Team

HONEST = ("alice", "bob", "rita", "vera")
OWNER_FIELDS = ("id", "label", "start", "end", "quote", "note", "deleted_at", "fragments", "source", "cue")


@dataclass
class Case:
    seed: int
    attacker: str
    writes: list[Write] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)

    def finding(self, text: str) -> None:
        self.findings.append(f"seed {self.seed} ({self.attacker}): {text}")


def _details(report: SyncReport) -> str:
    return "\n".join(report.details())


def _sync(case: Case, store: Store, url: str | None, where: str) -> SyncReport | None:
    try:
        return sync(store, url)
    except Exception:
        case.finding(f"{where}: sync raised\n{traceback.format_exc()}")
        return None


def _local_row(store: Store, table: str, key: str) -> tuple[Any, ...] | None:
    spec = next(s for s in TABLES if s.name == table)
    if table == "annotations":
        rows = sync_local.annotation_rows(store, [key])
    elif table in CLAIM_SYNC_KEYS:
        rows = rows_by_key(store, table, [key])
    elif table == "labels":
        rows = [r for r in sync_local.label_rows(store) if r[0] == key]
    elif table == "documents":
        rows = [(d.id, d.title, d.source, d.text, d.sha256, d.imported_at) for d in store.documents()]
        rows = [r for r in rows if r[4] == key]
    else:
        rows = sync_local.table_rows(store, table, spec.key, spec.names, [key])
    return tuple(rows[0]) if rows else None


def _server_row(team: Team, table: str, key: str) -> tuple[Any, ...] | None:
    spec = next(s for s in TABLES if s.name == table)
    names = ", ".join(f'"{n}"' for n in spec.names)
    with team.server.admin(team.database) as conn:
        row = conn.execute(
            f'SELECT {names} FROM factcheck."{table}" WHERE "{spec.key}" = %s', [key]
        ).fetchone()
    return tuple(row) if row else None


#: Columns each project keeps its own of (where the row sits, its key), or derives itself from the text
#: (a tag's context, recomputed as a file import does): not what the server's row says.
LOCAL = {"document_id", "position", "shortcut", "prefix", "suffix"}


def _same(table: str, ours: tuple[Any, ...], theirs: tuple[Any, ...]) -> bool:
    spec = next(s for s in TABLES if s.name == table)
    if table == "documents":
        return bool(ours[3] == theirs[3])  # the same text (our title and id stay ours)
    if spec.stamp is not None:
        stamp = spec.names.index(spec.stamp)
        with contextlib.suppress(ValueError, TypeError):
            if str(ours[stamp]) > canonical_stamp(str(theirs[stamp])):
                return True  # ours is newer: the newer copy wins (the server's went back in time)
    local = {*LOCAL, spec.stamp}  # the same content under another stamp is no change
    return all(
        _stored(name, a) == _stored(name, b)
        for name, a, b in zip(spec.names, ours, theirs, strict=True)
        if name not in local
    )


def _stored(name: str, value: Any) -> Any:
    """value as a pull stores it: time stamps in the stored form, pieces as parsed (none: no list), an
    empty claim date as none."""
    if isinstance(value, str) and name.endswith("_at"):
        with contextlib.suppress(ValueError):
            return canonical_stamp(value)
    if name == "claim_date" and value == "":
        # A claim card's date reads as check_date reads it (a file import, the card editor): an empty
        # date is no date. Every project stores NULL, so '' on the server is that, not a skipped row.
        return None
    if name == "fragments":
        with contextlib.suppress(ValueError, RecursionError, TypeError):
            return json.loads(value) or None if value is not None else None
    return value


def check_listed(case: Case, team: Team, store: Store, who: str, report: SyncReport) -> None:
    """Invariant 2."""
    details = _details(report)
    for write in case.writes:
        if not write.landed:
            continue
        key = write.key
        if write.table == "documents":
            server = _server_row(team, "documents", key)
            if server is None:
                continue
            key = text_sha256(str(server[3]))
            theirs: tuple[Any, ...] | None = server
        else:
            theirs = _server_row(team, write.table, key)
        ours = _local_row(store, write.table, key)
        if theirs is None:
            continue
        # A name with control characters is listed escaped (repr), never as it is.
        listed = write.key in details or repr(write.key)[1:-1] in details
        listed = listed or (write.table == "documents" and str(theirs[0]) in details)
        if write.table == "verdict_scale" and ours is None:
            continue  # a rating lands with a verdict that uses it (services.merge_claims), not alone
        if ours is not None and _same(write.table, ours, theirs):
            continue
        if not listed:
            case.finding(
                f"{who}: {write.table} {write.key!r} ({write.what}) was neither applied nor listed "
                f"(ours {_short(ours)}, server {_short(theirs)})"
            )


def _short(row: tuple[Any, ...] | None) -> str:
    text = repr(row)
    return text if len(text) < 400 else text[:400] + "…"


def _export(store: Store, path: Path) -> bytes:
    export(store, "json", path)
    return path.read_bytes()


def check_roundtrip(case: Case, store: Store, who: str, folder: Path) -> bytes:
    """Invariant 3; the project's JSON export."""
    out = folder / f"{who}-export.json"
    first = _export(store, out)
    again = Store.open(folder / f"{who}-again.db")
    try:
        again.close()
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(["--db", str(folder / f"{who}-again.db"), "import", "--add-labels", str(out)])
        again = Store.open(folder / f"{who}-again.db")
        if code != 0:
            case.finding(f"{who}: its JSON export does not import: {err.getvalue()[:600]}")
            return first
        second = _export(again, folder / f"{who}-again.json")
        # An empty project starts with the default labels and scale, which the import adds to.
        twins = _twins(store)  # a file import keeps one of identical tags; a pull keeps the server's rows
        if _without(second, twins) != _without(first, twins):
            diff = _diff(first, second)
            case.finding(f"{who}: its JSON export imported into an empty project exports otherwise:\n{diff}")
    finally:
        again.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{folder / f'{who}-again.db'}{suffix}").unlink(missing_ok=True)
    return first


_PRUNED = object()
#: What an empty project has before an import: a JSON import adds to it, a pull may have changed it.
STARTS_WITH = ("labels", "verdict_scale")


def _without(export: bytes, keys: set[str]) -> Any:
    """The export (parsed) but what an empty project starts with, and every object naming one of keys
    (in a value, or in a list of them): what projects hold of a damaged row, and of rows that name it,
    may differ."""

    def names(value: Any) -> bool:
        return isinstance(value, str) and value in keys

    def prune(value: Any) -> Any:
        if isinstance(value, dict):
            for v in value.values():
                if names(v) or (isinstance(v, list) and any(map(names, v))):
                    return _PRUNED
            return {k: prune(v) for k, v in value.items() if k not in STARTS_WITH}
        if isinstance(value, list):
            return [p for p in map(prune, value) if p is not _PRUNED]
        return value

    return prune(json.loads(export))


def _twins(store: Store) -> set[str]:
    """Ids of live tags identical to another (one annotator, one document, label, span and pieces)."""
    seen: dict[tuple[Any, ...], list[str]] = {}
    for a in store.annotations():
        seen.setdefault((a.document_id, a.annotator, a.label, a.start, a.end, a.fragments), []).append(a.id)
    return {key for keys in seen.values() if len(keys) > 1 for key in keys}


def _diff(first: bytes, second: bytes) -> str:
    lines = difflib.unified_diff(first.decode().splitlines(True), second.decode().splitlines(True), n=0)
    return "".join(lines)[:1500]


Tables = dict[str, set[tuple[Any, ...]]]


def _tables(store: Store) -> Tables:
    """Every synced row of the project (documents by their text), without the columns each project
    keeps its own of."""
    out: Tables = {}
    path = store.path
    assert path is not None
    for spec in TABLES:
        if spec.name == "documents":
            out["documents"] = {(d.sha256, d.text) for d in store.documents()}
            continue
        if spec.name == "labels":
            rows = sync_local.label_rows(store)
        elif spec.name in CLAIM_SYNC_KEYS:
            keys = [str(r[0]) for r in dbfiles.query(path, f'SELECT "{spec.key}" FROM {spec.name}')]
            rows = rows_by_key(store, spec.name, keys)
        else:
            keys = [str(r[0]) for r in dbfiles.query(path, f'SELECT "{spec.key}" FROM {spec.name}')]
            if spec.name == "annotations":
                rows = sync_local.annotation_rows(store, keys)
            else:
                rows = sync_local.table_rows(store, spec.name, spec.key, spec.names, keys)
        keep = [i for i, name in enumerate(spec.names) if name not in LOCAL]
        out[spec.name] = {tuple(row[i] for i in keep) for row in rows}
    return out


def _names_one(row: tuple[Any, ...], keys: set[str]) -> bool:
    return any(isinstance(v, str) and (v in keys or any(k in v for k in keys if len(k) > 8)) for v in row)


def _closure(damaged: set[str], tables: Any) -> set[str]:
    """The damaged keys and the keys of every row that names one, until none is added."""
    apart = set(damaged)
    rows = [row for t in tables for table_rows in t.values() for row in table_rows]
    while True:
        more = {str(row[0]) for row in rows if str(row[0]) not in apart and _names_one(row, apart)}
        if not more:
            return apart
        apart |= more


def _apart(tables: Tables, apart: set[str]) -> set[tuple[Any, ...]]:
    return {(name, *row) for name, rows in tables.items() for row in rows if not _names_one(row, apart)}


def _owner_state(store: Store, who: str) -> dict[str, tuple[Any, ...]]:
    return {
        a.id: tuple(getattr(a, f) for f in OWNER_FIELDS)
        for a in store.annotations(include_deleted=True)
        if a.annotator == who
    }


def _counts(store: Store) -> tuple[int, ...]:
    return (
        len(store.annotations(include_deleted=True)),
        len(store.documents()),
        len(store.labels()),
        len(links.links(store, include_deleted=True)),
        len(speakers.speakers(store, include_deleted=True)),
        len(claims.cards(store, include_deleted=True)),
        len(claims.verdicts(store, include_deleted=True)),
    )


def _cli_sync(case: Case, path: Path, who: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--db", str(path), "sync"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except Exception:
            case.finding(f"{who}: `factcheck sync` raised\n{traceback.format_exc()}")
            return
    if code != 0 or err.getvalue():
        case.finding(f"{who}: `factcheck sync` exited {code}: {err.getvalue()[:500]!r}")


def check_model(case: Case, path: Path, who: str) -> None:
    """Invariant 7 (needs a QApplication)."""
    from ui.project import ProjectModel

    try:
        model = ProjectModel.open(path)
    except Exception:
        case.finding(f"{who}: ProjectModel does not open it\n{traceback.format_exc(limit=3)}")
        return
    try:
        for doc in model.store.documents():
            model.store.annotations(doc.id)
    finally:
        model.close()


def check_server_values(case: Case, team: Team) -> None:
    """Invariant 8: whatever landed, the server holds no stamp far ahead and no forged sha256."""
    with team.server.admin(team.database) as conn:
        for spec in TABLES:
            for column in pg_value_guards.stamp_columns(spec):
                query = sql.SQL('SELECT {k} FROM {t} WHERE {c} COLLATE "C" > {h}').format(
                    k=sql.Identifier(spec.key),
                    t=sql.Identifier("factcheck", spec.name),
                    c=sql.Identifier(column),
                    h=pg_value_guards.HORIZON,
                )
                ahead = [str(r[0]) for r in conn.execute(query)]
                if ahead:
                    case.finding(f"the server took {spec.name} {ahead[:3]} with {column} far ahead")
        for id, sha256, text in conn.execute("SELECT id, sha256, text FROM factcheck.documents"):
            if sha256 != text_sha256(str(text)):
                case.finding(f"the server took document {id} under a sha256 not its text's")


def run_case(team: Team, folder: Path, seed: int, steps: int, *, model: bool = True) -> Case:
    rng = random.Random(seed)
    attacker = rng.choice(("alice", "rita"))
    case = Case(seed, attacker)
    made = build(team, folder)
    stores = made.stores
    try:
        # bob works offline meanwhile: a tag of his, a note changed; vera starts a fresh project.
        bob = stores["bob"]
        doc = next(d for d in bob.documents() if "mayor" in d.text)
        start = doc.text.index("police numbers")
        bob.add_annotation(new_annotation(doc, start, start + 14, "claim", "bob"), doc.text)
        bobs_before = _owner_state(bob, "bob")
        with team.connect(attacker) as conn:
            case.writes = Attacker(conn, attacker, ROLES[attacker], rng).run(steps)
        check_server_values(case, team)
        stores["vera"] = Store.open(folder / "vera.db")
        stores["vera"].add_document(Document.create("Vera’s own\u00a0article 😀.", title="v", source="v"))
        reports: dict[str, list[SyncReport | None]] = {who: [] for who in HONEST}
        for round_no in range(3):
            for who in HONEST:
                url = team.url(who) if who == "vera" and round_no == 0 else None
                if who == "vera" and round_no == 1:
                    stores["vera"].close()
                    _cli_sync(case, folder / "vera.db", who)
                    stores["vera"] = Store.open(folder / "vera.db")
                    reports[who].append(None)
                    continue
                before = _counts(stores[who]) if round_no == 2 else None
                report = _sync(case, stores[who], url, f"{who} round {round_no + 1}")
                reports[who].append(report)
                if report is None:
                    continue
                if round_no == 0:
                    check_listed(case, team, stores[who], who, report)
                elif round_no == 1:
                    again = [w.key for w in case.writes if w.landed and w.key in _details(report)]
                    if again:
                        case.finding(f"{who}: round 2 lists damaged rows again: {again[:5]}")
                else:
                    quiet = not report.details() and not any(report.pushed.values())
                    quiet = quiet and not report.pulled.changed and _counts(stores[who]) == before
                    if not quiet:
                        case.finding(
                            f"{who}: round 3 is not quiet: {report.summary()} {_details(report)[:500]}"
                        )
        if case.findings:
            return case
        after = _owner_state(stores["bob"], "bob")
        for key, content in bobs_before.items():
            if after.get(key) != content:
                case.finding(f"bob's tag {key} changed: {content} -> {after.get(key)}")
        exports = {who: check_roundtrip(case, stores[who], who, folder) for who in HONEST}
        # The projects that held the same rows before the damage skip the same rows of it: the same
        # export, byte for byte. The fresh one lacks the last good copy of each damaged row (and of rows
        # that name one): the same rows but those.
        old = ("alice", "bob", "rita")
        differ = [who for who in old if exports[who] != exports["bob"]]
        if differ:
            diff = _diff(exports["bob"], exports[differ[0]])
            case.finding(f"the honest projects do not converge: {differ} differ from bob's:\n{diff}")
        damaged = {w.key for w in case.writes if w.landed}
        tables = {who: _tables(stores[who]) for who in ("bob", "vera")}
        apart = _closure(damaged, tables.values())
        bob_rows, vera_rows = (_apart(tables[who], apart) for who in ("bob", "vera"))
        if bob_rows != vera_rows:
            writes = "\n".join(f"  {w.table} {w.key!r}: {w.what}" for w in case.writes if w.landed)
            only = sorted(bob_rows ^ vera_rows, key=repr)[:6]
            first = reports["vera"][0]
            said = _details(first)[:3000] if first else ""
            case.finding(
                f"the fresh project does not converge with bob's, after\n{writes}\nrows in one only: "
                f"{_short(tuple(only))}\nvera's first sync said:\n{said}"
            )
        if model:
            for who in HONEST:
                check_model(case, folder / f"{who}.db", who)
    finally:
        for store in stores.values():
            with contextlib.suppress(Exception):
                store.close()
    return case
