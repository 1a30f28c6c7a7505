"""Schema, created and upgraded by sqlite-utils Migrations. Never edit a released migration: add one."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from db.claims_schema import create_claim_tables

#: PRAGMA application_id of a factcheck database ("FCHK"): tells our files from other SQLite files.
APPLICATION_ID = 0x4643484B

migrations = Migrations("factcheck")


@migrations()
def m001_initial(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE labels (
            name TEXT PRIMARY KEY,
            color TEXT NOT NULL,
            shortcut TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            imported_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE annotations (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            label TEXT NOT NULL REFERENCES labels(name) ON UPDATE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            annotator TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            CHECK (start >= 0 AND "end" > start)
        )"""
    )
    db.execute('CREATE INDEX idx_annotations_document_start ON annotations(document_id, start, "end")')
    db.execute("CREATE INDEX idx_annotations_annotator ON annotations(annotator)")
    db.execute("CREATE INDEX idx_annotations_label ON annotations(label)")


@migrations()
def m002_review(db: Database) -> None:
    """Review decisions (accepted/rejected with reviewer, reason, time) and orphaned tags."""
    for column, kind in (
        ("status", "TEXT"),
        ("reviewer", "TEXT"),
        ("reason", "TEXT"),
        ("reviewed_at", "TEXT"),
    ):
        db.execute(f"ALTER TABLE annotations ADD COLUMN {column} {kind}")
    db.execute("ALTER TABLE annotations ADD COLUMN orphaned INTEGER NOT NULL DEFAULT 0")
    db.execute("CREATE INDEX idx_annotations_status ON annotations(status)")


@migrations()
def m003_document_order_index(db: Database) -> None:
    """Tags in text order with the id as tie-break, straight from the index (exports sort no more)."""
    db.execute("DROP INDEX idx_annotations_document_start")
    db.execute('CREATE INDEX idx_annotations_document_start ON annotations(document_id, start, "end", id)')


@migrations()
def m004_sync_tracking(db: Database) -> None:
    """Team-server sync: what was changed here since the last push (the outbox, filled by triggers that
    `db.sync_local` creates only once the project is connected), and the sync state (server, change no)."""
    db.execute(
        """
        CREATE TABLE sync_outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            UNIQUE (kind, key)
        )"""
    )
    db.execute("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


@migrations()
def m005_drop_unused_status_index(db: Database) -> None:
    """No query selects tags by review status, and every insert and bulk rebuild paid for that index."""
    db.execute("DROP INDEX IF EXISTS idx_annotations_status")


@migrations()
def m006_curated_documents(db: Database) -> None:
    """Documents a reviewer marked as curated: who and when. Its own table, so that the documents table
    (read by teammates' copies and merges) keeps its shape; a row goes when its document goes."""
    db.execute(
        """
        CREATE TABLE curated_documents (
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            curator TEXT NOT NULL,
            curated_at TEXT NOT NULL
        )"""
    )


@migrations()
def m008_claims(db: Database) -> None:
    """Claim cards, their tags, check-worthiness votes, verdicts, the verdict scale and project settings."""
    create_claim_tables(db)


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]
