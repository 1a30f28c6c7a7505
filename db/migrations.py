"""Schema, created and upgraded by sqlite-utils Migrations. Never edit a released migration: add one."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from db.claims_schema import create_claim_listing_indexes, create_claim_tables, create_member_index
from factcheck.core.names import holds_hidden, title_cleaned

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
def m007_structure(db: Database) -> None:
    """Attribution (source/cue tags attached to a content tag, quotation), speakers, typed links
    between tags, and discontinuous tags (fragments). Labels gain a role; the source and cue labels are
    added when their names are free (their keys only when free too)."""
    for column in ("fragments", "speaker", "source", "cue", "quotation"):
        db.execute(f"ALTER TABLE annotations ADD COLUMN {column} TEXT")
    db.execute("ALTER TABLE labels ADD COLUMN role TEXT NOT NULL DEFAULT 'content'")
    # Only once labels exist (an upgrade): a new project gets them, with their roles, on creation.
    if db.execute("SELECT count(*) FROM labels").fetchone()[0]:
        names = {r[0] for r in db.execute("SELECT name FROM labels")}
        keys = {r[0] for r in db.execute("SELECT shortcut FROM labels WHERE shortcut != ''")}
        (top,) = db.execute("SELECT coalesce(max(position), -1) FROM labels").fetchone()
        for name, color, key, role in (("source", "#009E73", "4", "source"), ("cue", "#D55E00", "5", "cue")):
            if name in names:
                continue
            top += 1
            db.execute(
                "INSERT INTO labels (name, color, shortcut, position, role) VALUES (?, ?, ?, ?, ?)",
                [name, color, "" if key in keys else key, top, role],
            )
    db.execute(
        """
        CREATE TABLE link_types (
            name TEXT PRIMARY KEY,
            position INTEGER NOT NULL DEFAULT 0,
            symmetric INTEGER NOT NULL DEFAULT 0 CHECK (symmetric IN (0, 1))
        )"""
    )
    db.conn.executemany(
        "INSERT INTO link_types (name, position, symmetric) VALUES (?, ?, ?)",
        [("denies", 0, 0), ("characterizes", 1, 0), ("same_claim", 2, 1)],
    )
    db.execute(
        """
        CREATE TABLE links (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            from_id TEXT NOT NULL,
            to_id TEXT NOT NULL,
            annotator TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_links_document ON links(document_id)")
    db.execute("CREATE INDEX idx_links_from ON links(from_id)")
    db.execute("CREATE INDEX idx_links_to ON links(to_id)")
    db.execute(
        """
        CREATE TABLE speakers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'person',
            description TEXT NOT NULL DEFAULT '',
            same_as TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            merged_into TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_annotations_speaker ON annotations(speaker) WHERE speaker IS NOT NULL")
    db.execute("CREATE INDEX idx_annotations_source ON annotations(source) WHERE source IS NOT NULL")


@migrations()
def m008_claims(db: Database) -> None:
    """Claim cards, their tags, check-worthiness votes, verdicts, the verdict scale and project settings."""
    create_claim_tables(db)


#: The search index's triggers, as m009 makes them (db.files reads a project's triggers against them).
SEARCH_TRIGGERS = (
    "CREATE TRIGGER document_search_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO document_search (document_id, title, text) VALUES (NEW.id, NEW.title, NEW.text); END",
    "CREATE TRIGGER document_search_delete AFTER DELETE ON documents BEGIN "
    "DELETE FROM document_search WHERE document_id = OLD.id; END",
    "CREATE TRIGGER document_search_update AFTER UPDATE OF id, title, text ON documents BEGIN "
    "UPDATE document_search SET document_id = NEW.id, title = NEW.title, text = NEW.text "
    "WHERE document_id = OLD.id; END",
)


@migrations()
def m009_document_search(db: Database) -> None:
    """Full-text search over every document's title and text (FTS5), kept equal to the documents table
    by triggers. The index holds its own copy of the text: an external-content index would follow the
    documents' implicit rowids, which VACUUM may renumber."""
    db.execute(
        "CREATE VIRTUAL TABLE document_search USING fts5("
        "document_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2')"
    )
    for trigger in SEARCH_TRIGGERS:
        db.execute(trigger)
    db.execute("INSERT INTO document_search (document_id, title, text) SELECT id, title, text FROM documents")


@migrations()
def m010_removed_documents(db: Database) -> None:
    """Documents removed from the project, by the sha256 of their text: a merge or an import of a
    teammate's work never brings one back (as a tombstone keeps a deleted tag deleted). Importing the
    article file itself again is asked for by name, and brings it back."""
    db.execute(
        """
        CREATE TABLE removed_documents (
            sha256 TEXT PRIMARY KEY,
            document_id TEXT NOT NULL,
            title TEXT NOT NULL,
            source TEXT NOT NULL,
            removed_by TEXT NOT NULL,
            removed_at TEXT NOT NULL
        )"""
    )


@migrations()
def m011_label_renames(db: Database) -> None:
    """What each renamed label was called before: a teammate's work made before the rename still names
    the old label, and a merge files its tags under the new name."""
    db.execute(
        "CREATE TABLE label_renames (old TEXT PRIMARY KEY, new TEXT NOT NULL, renamed_at TEXT NOT NULL)"
    )


@migrations()
def m012_corrects_link_type(db: Database) -> None:
    """The built-in `corrects` link type (a correction → the tag it corrects), after the others; kept as
    it is when a project made a type of that name already."""
    (top,) = db.execute("SELECT coalesce(max(position), -1) FROM link_types").fetchone()
    db.execute(
        "INSERT OR IGNORE INTO link_types (name, position, symmetric) VALUES ('corrects', ?, 0)", [top + 1]
    )


@migrations()
def m013_claim_indexes(db: Database) -> None:
    """Covering indexes of the card list (db.claim_listing): each table's live rows read in card order
    from the index alone, without a table lookup a row."""
    create_claim_listing_indexes(db)


@migrations()
def m014_link_type_renames(db: Database) -> None:
    """What each renamed link type was called before (as label_renames for labels): a teammate's links
    made before the rename still name the old type, and a merge files them under the new one."""
    db.execute(
        "CREATE TABLE link_type_renames (old TEXT PRIMARY KEY, new TEXT NOT NULL, renamed_at TEXT NOT NULL)"
    )


@migrations()
def m015_claim_member_labels(db: Database) -> None:
    """The card list's tag index with the tag's label: a tag relabelled since is a dormant member."""
    create_member_index(db)


@migrations()
def m016_clean_titles(db: Database) -> None:
    """Titles stored before titles kept no control or format characters, cleaned as an import cleans one
    now (`factcheck.core.names.title_cleaned`): the list, the title bar, the command line and the exports
    show them as they read, and a teammate's copy of the article (its title cleaned as it comes in) finds
    ours by its title. The removed documents' titles too (a merge names them). A teammate's database,
    upgraded in an untrusted copy to be imported (db.teammate), is left so: its titles are cleaned as they
    are stored, and the search index's trigger may not run there."""
    (trusted,) = db.execute("PRAGMA trusted_schema").fetchone()
    if not trusted:
        return
    for table in ("documents", "removed_documents"):
        key = "id" if table == "documents" else "sha256"
        rows = db.execute(f"SELECT {key}, title FROM {table}").fetchall()
        changed = [(title_cleaned(title), k) for k, title in rows if holds_hidden(title)]
        db.conn.executemany(f"UPDATE {table} SET title = ? WHERE {key} = ?", changed)


@migrations()
def m017_curated_marks(db: Database) -> None:
    """The curated marks as the team server shares them: each document's mark or its clearing (curator
    and curated_at NULL: the mark's tombstone), stamped with the change (`updated_at`: the newer change
    wins), so that clearing a mark reaches teammates too. `curated_documents` stays what every reader
    reads; `Store.set_curated` writes both. The marks made before count as changed when they were made."""
    db.execute(
        """
        CREATE TABLE curated_marks (
            document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            curator TEXT,
            curated_at TEXT,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        "INSERT INTO curated_marks (document_id, curator, curated_at, updated_at) "
        "SELECT document_id, curator, curated_at, curated_at FROM curated_documents"
    )


@migrations()
def m018_removed_marks(db: Database) -> None:
    """A removed document's curated mark is cleared for the team too: the stamp of that clearing (NULL:
    it had no mark), kept with the removal, since its `curated_marks` row goes with the document and the
    team server's copy must still be cleared at the next sync."""
    db.execute("ALTER TABLE removed_documents ADD COLUMN mark_cleared_at TEXT")


@migrations()
def m019_mark_senders(db: Database) -> None:
    """Who sent a curated mark to the team server when that login is not its curator (a lead sharing a
    reviewer's marks): the window names them. A pull records it; a change made here clears it."""
    db.execute("ALTER TABLE curated_marks ADD COLUMN sent_by TEXT")


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]
