"""Random damage a client that bypasses factcheck writes on the team server: plain psycopg, as one login
(an annotator or a reviewer), into every synced table. Only what the server lets through lands; each
write is its own savepoint, so a refusal (a CHECK, a policy, a guard trigger) undoes that write alone.

Each damage is a `Write`: the table, the key of the row written, and what was done (for the findings).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from db.pg_tables import SCHEMA, TABLES, TableSpec
from factcheck.core.model import utc_now

SPECS = {spec.name: spec for spec in TABLES}

JUNK_TEXT = (
    "",
    " ",
    "\t\n",
    "a\x1b[31mred",
    "\u202eevil",
    "x\u200by",
    "\ufeffbom",
    "\uffff\ufffe",
    "\U0010ffff",
    "\ufffd",
    "a\nb\r\nc",
    "\x7f\x01",
    "🙂🙂🙂",
    "\u00a0",
    "null",
    "{}",
    "Claim",
    "CLAIM",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
)
JUNK_STAMP = (
    "x",
    "",
    "2026-13-45T00:00:00.000000Z",
    "9999-12-31T23:59:59.999999Z",
    "2999-01-01T00:00:00.000000Z",
    "0001-01-01T00:00:00.000000Z",
    "2026-11-29 10:00:00",
    "2026-11-29T10:00:00+05:00",
    "now",
    "2026-11-29T10:00:00.000000Z\n",
    "2026-02-31T10:00:00.000000Z",
    "2026-11-29T24:00:00.000000Z",
)
DEEP = "[" * 3000 + "]" * 3000
JUNK_JSON = ("[", "{}", "null", "1e999", '"x"', '["a"]', "[[1,2],[0,1]]", "[[0,1e3]]", DEEP, "[[-1,2]]", "[]")
JUNK_INT = (-1, 0, 1, 2**31 - 1, -(2**31), 5, 10**6)
HUGE = "x" * (3 * 1024 * 1024)

STAMPS = {
    "created_at",
    "updated_at",
    "deleted_at",
    "reviewed_at",
    "imported_at",
    "claim_date",
    "date_published",
}
JSONS = {"fragments", "same_as", "appearances", "evidence"}
POINTERS = {"source", "cue", "speaker", "from_id", "to_id", "merged_into", "claim_id", "annotation_id"}


@dataclass
class Write:
    table: str
    key: str
    what: str
    landed: bool = False
    why: str = ""


@dataclass
class Server:
    """The server's rows at the start of the damage (per table, as dicts), for picking targets."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def read(cls, conn: psycopg.Connection[Any]) -> Server:
        rows: dict[str, list[dict[str, Any]]] = {}
        for spec in TABLES:
            cur = conn.execute(
                sql.SQL("SELECT {} FROM {}.{} ORDER BY 1").format(
                    sql.SQL(", ").join(map(sql.Identifier, spec.names)),
                    sql.Identifier(SCHEMA),
                    sql.Identifier(spec.name),
                )
            )
            rows[spec.name] = [dict(zip(spec.names, r, strict=True)) for r in cur]
        return cls(rows)

    def ids(self, table: str) -> list[str]:
        key = SPECS[table].key
        return [str(r[key]) for r in self.rows[table]]


class Attacker:
    """One login's random writes. `role`: the login; `reviewer`: a member of the reviewer group."""

    def __init__(self, conn: psycopg.Connection[Any], role: str, reviewer: bool, rng: random.Random) -> None:
        self.conn = conn
        self.role = role
        self.reviewer = reviewer
        self.rng = rng
        self.server = Server.read(conn)
        self.writes: list[Write] = []
        self._n = 0

    # -- values --------------------------------------------------------------------------------------
    def new_id(self) -> str:
        self._n += 1
        return self.rng.choice(
            (f"evil-{self._n}", f"EVIL-{self._n} ", f"evil\u202e{self._n}", f"e{self._n}🙂")
        )

    def pointer(self, row: dict[str, Any], spec: TableSpec) -> str | None:
        tags = self.server.rows["annotations"]
        choices: list[Callable[[], str | None]] = [
            lambda: "missing-" + str(self.rng.randrange(100)),
            lambda: str(row[spec.key]),  # itself
            lambda: "",
            lambda: None,
            lambda: str(self.rng.choice(tags)["id"]) if tags else None,  # maybe another document's
            lambda: (
                str(self.rng.choice([t for t in tags if t["deleted_at"]] or tags)["id"]) if tags else None
            ),
            lambda: self.rng.choice(self.server.ids("speakers") or ["none"]),
            lambda: self.rng.choice(self.server.ids("claims") or ["none"]),
        ]
        return self.rng.choice(choices)()

    def junk(self, spec: TableSpec, column: str, row: dict[str, Any]) -> Any:
        kind = dict(spec.columns)[column].split()[0]
        r = self.rng
        if kind == "integer":
            return r.choice((*JUNK_INT, (row.get(column) or 0) + r.choice((-1, 1))))
        if column in STAMPS:
            return r.choice((*JUNK_STAMP, None))
        if column in JSONS:
            return r.choice((*JUNK_JSON, None, json.dumps(["a" * 10] * 3), json.dumps({"a": 1})))
        if column in POINTERS:
            return self.pointer(row, spec)
        if r.random() < 0.03:
            return HUGE
        return r.choice((*JUNK_TEXT, None, str(row.get(column) or "") + r.choice(JUNK_TEXT)))

    # -- writes --------------------------------------------------------------------------------------
    def run(self, steps: int) -> list[Write]:
        ops = [self.insert_junk, self.update_junk, self.special]
        for _ in range(steps):
            self.rng.choice(ops)()
        return self.writes

    def _mine(self, spec: TableSpec) -> list[dict[str, Any]]:
        rows = self.server.rows[spec.name]
        if spec.owner is None:
            return rows
        return [r for r in rows if r[spec.owner] == self.role]

    def _template(self, spec: TableSpec) -> dict[str, Any] | None:
        rows = self._mine(spec) or self.server.rows[spec.name]
        if not rows:
            return None
        row = dict(self.rng.choice(rows))
        row[spec.key] = self.new_id() if spec.key != "sha256" else row[spec.key]
        if spec.owner:
            row[spec.owner] = self.role
        return row

    def _columns(self, spec: TableSpec) -> list[str]:
        mutable = [c for c in spec.names if c != spec.key]
        return self.rng.sample(mutable, k=min(len(mutable), self.rng.choice((1, 1, 2, 3))))

    def insert_junk(self, spec: TableSpec | None = None) -> None:
        spec = spec or self.rng.choice(TABLES)
        row = self._template(spec)
        if row is None:
            return
        columns = self._columns(spec)
        for c in columns:
            row[c] = self.junk(spec, c, row)
        if spec.name == "documents" and "text" in columns:
            row["sha256"] = self.rng.choice((row["sha256"], "0" * 64, "not a hash", str(row["text"])[:64]))
        self.insert(spec, row, f"insert with junk {columns}")

    def update_junk(self) -> None:
        spec = self.rng.choice([s for s in TABLES if s.stamp is not None])
        rows = self.server.rows[spec.name]
        if self.reviewer and spec.reviewer_only and self.rng.random() < 0.5:
            columns = [self.rng.choice(spec.reviewer_only)]
        else:
            rows = self._mine(spec)
            columns = [c for c in self._columns(spec) if c not in spec.immutable]
        if not rows or not columns:
            return
        row = dict(self.rng.choice(rows))
        for c in columns:
            row[c] = self.junk(spec, c, row)
        stamp = str(spec.stamp)
        if stamp not in columns:
            row[stamp] = self.rng.choice((utc_now(), utc_now(), *JUNK_STAMP))
        self.update(spec, row, [*columns, stamp], f"update with junk {columns}")

    def special(self) -> None:
        self.rng.choice(
            (
                self.twin_tag,
                self.shifted_tag,
                self.bad_pieces,
                self.speaker_cycle,
                self.case_label,
                self.foreign_sha,
                self.huge_document,
                self.link_to_itself,
                self.future_stamp,
                self.bad_review,
            )
        )()

    def _tag(self) -> dict[str, Any] | None:
        return self._template(SPECS["annotations"])

    def twin_tag(self) -> None:
        row = self._tag()
        if row:
            self.insert(SPECS["annotations"], row, "a tag identical to another under a new id")

    def shifted_tag(self) -> None:
        row = self._tag()
        if row:
            shift = self.rng.choice((-1, 1, 1000))
            row["start"] += shift
            row["end"] += shift
            self.insert(SPECS["annotations"], row, f"a tag shifted by {shift}, its quote as it was")

    def bad_pieces(self) -> None:
        row = self._tag()
        if row:
            s, e = int(row["start"]), int(row["end"])
            row["fragments"] = json.dumps(
                self.rng.choice(([[s, e], [s, e]], [[e - 1, e], [s, s + 1]], [[s, e], [e + 500, e + 501]],
                                 [[s, s]], [[s, e - 1]], [[s, e, 3]], [["a", "b"]], [[True, e]]))
            )  # fmt: skip
            self.insert(SPECS["annotations"], row, f"pieces {row['fragments']}")

    def speaker_cycle(self) -> None:
        spec = SPECS["speakers"]
        a, b = self._template(spec), self._template(spec)
        if a and b:
            a["merged_into"], b["merged_into"] = b["id"], a["id"]
            a["updated_at"] = b["updated_at"] = utc_now()
            self.insert(spec, a, "speakers merged into each other")
            self.insert(spec, b, "speakers merged into each other")

    def case_label(self) -> None:
        spec = self.rng.choice((SPECS["labels"], SPECS["link_types"]))
        rows = self.server.rows[spec.name]
        if rows:
            row = dict(self.rng.choice(rows))
            row["name"] = self.rng.choice(
                (str(row["name"]).upper(), f" {row['name']}", f"{row['name']}\u200b")
            )
            if "shortcut" in row:
                row["shortcut"] = self.rng.choice(("", "9", row["shortcut"]))
            self.insert(spec, row, "a name another has, but for case or spaces")

    def foreign_sha(self) -> None:
        docs = self.server.rows["documents"]
        if docs:
            row = dict(self.rng.choice(docs))
            row["id"] = self.new_id()
            row["text"] = self.rng.choice(("another text", str(row["text"]) + " more", str(row["text"])[:-1]))
            row["sha256"] = self.rng.choice(("f" * 64, "F" * 64, "abc"))
            self.insert(SPECS["documents"], row, "a document whose sha256 is not its text's")

    def huge_document(self) -> None:
        from factcheck.core.model import text_sha256

        text = ("A huge text. " * 300_000)[: self.rng.choice((2, 4)) * 1024 * 1024]
        row = {"id": self.new_id(), "title": "huge", "source": "", "text": text, "sha256": text_sha256(text),
               "imported_at": utc_now()}  # fmt: skip
        self.insert(SPECS["documents"], row, "a document of several MB")

    def link_to_itself(self) -> None:
        row = self._template(SPECS["links"])
        if row:
            row["to_id"] = row["from_id"]
            self.insert(SPECS["links"], row, "a link of a tag to itself")

    def future_stamp(self) -> None:
        spec = self.rng.choice([s for s in TABLES if s.stamp is not None])
        rows = self._mine(spec)
        if rows:
            row = dict(self.rng.choice(rows))
            row[str(spec.stamp)] = "2999-01-01T00:00:00.000000Z"
            self.update(spec, row, [str(spec.stamp)], "a stamp far in the future")

    def bad_review(self) -> None:
        if not self.reviewer:
            return
        rows = self.server.rows["annotations"]
        if rows:
            row = dict(self.rng.choice(rows))
            row["status"] = self.rng.choice(("maybe", "Accepted", "", "accepted", None))
            row["reviewer"] = self.rng.choice((self.role, None, "", "\u202erita"))
            row["reviewed_at"] = self.rng.choice((utc_now(), "x", None))
            row["updated_at"] = utc_now()
            self.update(SPECS["annotations"], row, ["status", "reviewer", "reviewed_at", "updated_at"],
                        "a review decision not as factcheck writes it")  # fmt: skip

    def insert(self, spec: TableSpec, row: dict[str, Any], what: str) -> None:
        names = spec.names
        query = sql.SQL("INSERT INTO {}.{} ({}) VALUES ({})").format(
            sql.Identifier(SCHEMA),
            sql.Identifier(spec.name),
            sql.SQL(", ").join(map(sql.Identifier, names)),
            sql.SQL(", ").join(sql.Placeholder() for _ in names),
        )
        self._write(spec, row, query, [row[n] for n in names], what)

    def update(self, spec: TableSpec, row: dict[str, Any], columns: list[str], what: str) -> None:
        columns = list(dict.fromkeys(c for c in columns if c is not None))
        query = sql.SQL("UPDATE {}.{} SET {} WHERE {} = %s").format(
            sql.Identifier(SCHEMA),
            sql.Identifier(spec.name),
            sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(c)) for c in columns),
            sql.Identifier(spec.key),
        )
        self._write(spec, row, query, [*(row[c] for c in columns), row[spec.key]], what)

    def _write(
        self, spec: TableSpec, row: dict[str, Any], query: sql.Composed, params: list[Any], what: str
    ) -> None:
        write = Write(spec.name, str(row[spec.key]), what)
        try:
            with self.conn.transaction():
                cur = self.conn.execute(query, params)
                write.landed = cur.rowcount > 0
        except (psycopg.Error, ValueError, UnicodeError) as exc:  # the server (or the driver) said no
            write.why = str(exc).splitlines()[0][:200]
        self.writes.append(write)
