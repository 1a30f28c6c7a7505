"""The claim-card tables (migration m008_claims) and their list's indexes (m013_claim_indexes). Released
schema: never edit, add a migration.

verdicts.final is 1 or NULL (not 0): like a tag's review fields, a column only reviewers may set is NULL
until one does, which is what the team server's rules check on insert (db.pg_tables).
"""

from __future__ import annotations

from sqlite_utils import Database

#: The scale every project starts with (also in factcheck.core.claims.DEFAULT_SCALE): name, value, colour.
_DEFAULT_SCALE = (
    ("True", 5, "#009E73"),
    ("Mostly true", 4, "#56B4E9"),
    ("Half true", 3, "#F0E442"),
    ("Mostly false", 2, "#E69F00"),
    ("False", 1, "#D55E00"),
)
#: The default rows' stamp: the same in every project, so that two projects' defaults are equal.
_EPOCH = "2000-01-01T00:00:00.000000Z"


def create_claim_tables(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            speaker TEXT,
            claim_date TEXT,
            appearances TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'new'
                CHECK (status IN ('new', 'checking', 'rated', 'published')),
            annotator TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_claims_speaker ON claims(speaker)")
    db.execute(
        """
        CREATE TABLE claim_tags (
            id TEXT PRIMARY KEY,
            claim_id TEXT NOT NULL REFERENCES claims(id),
            annotation_id TEXT NOT NULL,
            annotator TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_claim_tags_claim ON claim_tags(claim_id)")
    db.execute("CREATE INDEX idx_claim_tags_annotation ON claim_tags(annotation_id)")
    db.execute(
        """
        CREATE TABLE checkworthy (
            id TEXT PRIMARY KEY,
            claim_id TEXT NOT NULL REFERENCES claims(id),
            annotator TEXT NOT NULL,
            value TEXT NOT NULL CHECK (value IN ('yes', 'no', 'unsure')),
            reason TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_checkworthy_claim ON checkworthy(claim_id, annotator)")
    db.execute(
        """
        CREATE TABLE verdict_scale (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL,
            color TEXT NOT NULL,
            position INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.conn.executemany(
        "INSERT INTO verdict_scale (name, value, color, position, updated_at) VALUES (?, ?, ?, ?, ?)",
        [(name, value, color, i, _EPOCH) for i, (name, value, color) in enumerate(_DEFAULT_SCALE)],
    )
    db.execute(
        """
        CREATE TABLE verdicts (
            id TEXT PRIMARY KEY,
            claim_id TEXT NOT NULL REFERENCES claims(id),
            annotator TEXT NOT NULL,
            verdict TEXT NOT NULL REFERENCES verdict_scale(name) ON UPDATE CASCADE,
            explanation TEXT NOT NULL DEFAULT '',
            evidence TEXT NOT NULL DEFAULT '[]',
            final INTEGER CHECK (final = 1),
            review_url TEXT NOT NULL DEFAULT '',
            date_published TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )"""
    )
    db.execute("CREATE INDEX idx_verdicts_claim ON verdicts(claim_id, annotator)")
    db.execute(
        "CREATE TABLE settings "
        "(key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL DEFAULT '')"
    )


def create_claim_listing_indexes(db: Database) -> None:
    """The indexes of migration m013_claim_indexes: of the live rows (partial), the card id, then the
    order the list wants a card's rows in, then the columns it reads, deleted_at too (so that it never
    reads the table)."""
    live = "WHERE deleted_at IS NULL"
    db.execute(
        "CREATE INDEX idx_claim_tags_listing "
        f"ON claim_tags(claim_id, created_at, id, annotation_id, deleted_at) {live}"
    )
    db.execute(f"CREATE INDEX idx_checkworthy_listing ON checkworthy(claim_id, value, deleted_at) {live}")
    db.execute(
        "CREATE INDEX idx_verdicts_listing "
        f"ON verdicts(claim_id, updated_at, id, final, annotator, verdict, deleted_at) {live}"
    )
    # A card's tags count while their tag lives: the list looks each one's document and deletion up in
    # this index (a few pages) rather than in the table, where tags are wide rows (quote and context).
    db.execute("CREATE INDEX idx_annotations_claim_listing ON annotations(id, deleted_at, document_id)")


def create_member_index(db: Database) -> None:
    """The index of migration m015_claim_member_labels: the list's look-up of each tag on a card (is it
    live, in which document) with its label too (a claim tag, or a dormant member relabelled since), from
    the index alone, as m013 made it without the label."""
    db.execute("DROP INDEX IF EXISTS idx_annotations_claim_listing")
    db.execute(
        "CREATE INDEX idx_annotations_claim_listing ON annotations(id, deleted_at, document_id, label)"
    )
