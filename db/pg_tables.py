"""What the team server shares, declared once per table: columns, key, owner column, who may write what.

Everything on the PostgreSQL side (tables, row-level-security policies, guard triggers, the push and
pull queries) is generated from these specs, so a new kind of row (links, speakers, claim cards,
verdicts) joins the sync by adding one `TableSpec` here, and the same local table in a migration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db.annotation_rows import ANNOTATION_COLUMNS
from db.claim_rows import CHECKWORTHY_COLUMNS, CLAIM_COLUMNS, CLAIM_TAG_COLUMNS, VERDICT_COLUMNS
from factcheck.core.ownership import CARD_WORKFLOW_FIELDS

SCHEMA = "factcheck"
ANNOTATOR_ROLE = "factcheck_annotator"
REVIEWER_ROLE = "factcheck_reviewer"


@dataclass(frozen=True)
class TableSpec:
    """One shared table. Columns are (name, PostgreSQL type) in the local table's order."""

    name: str
    columns: tuple[tuple[str, str], ...]
    key: str
    #: Column naming the role that wrote the row: only that role inserts and changes it. None: anyone
    #: in the annotator group may insert.
    owner: str | None = None
    #: Never change once the row exists (the key, the owner and the like).
    immutable: tuple[str, ...] = ()
    #: Only members of the reviewer group may set or change these (on anyone's row).
    reviewer_only: tuple[str, ...] = ()
    #: The owner or a member of the reviewer group may change these (a card's status: the workflow rule,
    #: factcheck.core.ownership.status_refusal, whose verdict conditions the clients check).
    owner_or_reviewer: tuple[str, ...] = ()
    #: The newer value of this column wins (client time, as in a file merge). None: rows are insert-only.
    stamp: str | None = None
    #: Extra table constraints, e.g. UNIQUE (sha256).
    constraints: tuple[str, ...] = ()
    #: Columns only the server writes (its trigger, whatever a client sends): never pushed, pulled after
    #: the others (NULL from a server prepared before they existed).
    server_set: tuple[tuple[str, str], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    @property
    def types(self) -> tuple[str, ...]:
        """The bare PostgreSQL types (for binary COPY), without NOT NULL and defaults."""
        return tuple(kind.split()[0] for _, kind in self.columns)

    @property
    def mutable(self) -> tuple[str, ...]:
        """Columns an update may write: everything but the key and the immutable ones."""
        fixed = {self.key, *self.immutable}
        return tuple(n for n in self.names if n not in fixed)

    @property
    def owner_columns(self) -> tuple[str, ...]:
        """What only the owner may change: the content (not the review part, not the stamp)."""
        shared = {*self.reviewer_only, *self.owner_or_reviewer, self.stamp}
        return tuple(n for n in self.mutable if n not in shared)

    @property
    def reviewers_update(self) -> bool:
        """Whether a reviewer may update another's row (some of its columns)."""
        return bool(self.reviewer_only or self.owner_or_reviewer)


_ANNOTATION_TYPES = {
    "id": "text NOT NULL",
    "document_id": "text NOT NULL",
    "label": "text NOT NULL",
    "start": "integer NOT NULL",
    "end": "integer NOT NULL",
    "quote": "text NOT NULL",
    "prefix": "text NOT NULL",
    "suffix": "text NOT NULL",
    "annotator": "text NOT NULL",
    "note": "text NOT NULL",
    "created_at": "text NOT NULL",
    "updated_at": "text NOT NULL",
    "deleted_at": "text",
    "status": "text",
    "reviewer": "text",
    "reason": "text",
    "reviewed_at": "text",
    "orphaned": "integer NOT NULL",
    # structure: discontinuous pieces (JSON text), speaker of a source tag, attribution
    "fragments": "text",
    "speaker": "text",
    "source": "text",
    "cue": "text",
    "quotation": "text",
}

LABELS = TableSpec(
    name="labels",
    columns=(
        ("name", "text NOT NULL"),
        ("color", "text NOT NULL"),
        ("shortcut", "text NOT NULL"),
        ("position", "integer NOT NULL"),
        ("role", "text NOT NULL DEFAULT 'content'"),
    ),
    key="name",
)

DOCUMENTS = TableSpec(
    name="documents",
    columns=(
        ("id", "text NOT NULL"),
        ("title", "text NOT NULL"),
        ("source", "text NOT NULL"),
        ("text", "text NOT NULL"),
        ("sha256", "text NOT NULL"),
        ("imported_at", "text NOT NULL"),
    ),
    key="id",
    constraints=("UNIQUE (sha256)",),
)

ANNOTATIONS = TableSpec(
    name="annotations",
    columns=tuple((name, _ANNOTATION_TYPES[name]) for name in ANNOTATION_COLUMNS),
    key="id",
    owner="annotator",
    immutable=("document_id", "annotator", "created_at"),
    reviewer_only=("status", "reviewer", "reason", "reviewed_at"),
    stamp="updated_at",
    constraints=(
        'CHECK (start >= 0 AND "end" > start)',
        "CHECK (orphaned IN (0, 1))",
        "CHECK (quotation IS NULL OR quotation IN ('direct', 'indirect'))",
    ),
)

# -- structure: links between tags, link types, speakers ----------------------------------

LINK_TYPES = TableSpec(
    name="link_types",
    columns=(("name", "text NOT NULL"), ("position", "integer NOT NULL"), ("symmetric", "integer NOT NULL")),
    key="name",
    constraints=('CHECK ("symmetric" IN (0, 1))',),
)

LINKS = TableSpec(
    name="links",
    columns=(
        ("id", "text NOT NULL"),
        ("document_id", "text NOT NULL"),
        ("type", "text NOT NULL"),
        ("from_id", "text NOT NULL"),
        ("to_id", "text NOT NULL"),
        ("annotator", "text NOT NULL"),
        ("created_at", "text NOT NULL"),
        ("updated_at", "text NOT NULL"),
        ("deleted_at", "text"),
    ),
    key="id",
    owner="annotator",
    # A link is its two ends and its type: a different link is a new one (as a tag is its document).
    immutable=("document_id", "from_id", "to_id", "annotator", "created_at"),
    stamp="updated_at",
)

SPEAKERS = TableSpec(
    name="speakers",
    columns=(
        ("id", "text NOT NULL"),
        ("name", "text NOT NULL"),
        ("kind", "text NOT NULL"),
        ("description", "text NOT NULL"),
        ("same_as", "text NOT NULL"),
        ("created_at", "text NOT NULL"),
        ("updated_at", "text NOT NULL"),
        ("deleted_at", "text"),
        ("merged_into", "text"),
    ),
    key="id",
    immutable=("created_at",),
    stamp="updated_at",
    constraints=("CHECK (kind IN ('person', 'organization'))",),
)

STRUCTURE_TABLES: tuple[TableSpec, ...] = (LINK_TYPES, SPEAKERS, LINKS)

# -- end of structure -------------------------------------------------------------------------------


# -- claim cards (columns: db.claim_rows; a card's fields belong to its maker, its status to its maker or
# a reviewer, a vote or verdict to its annotator; only reviewers set `final`, NULL until one does) ---
_CLAIM_TYPES = {
    "id": "text NOT NULL", "claim_id": "text NOT NULL", "annotation_id": "text NOT NULL",
    "text": "text NOT NULL", "speaker": "text", "claim_date": "text", "appearances": "text NOT NULL",
    "status": "text NOT NULL", "annotator": "text NOT NULL", "value": "text NOT NULL",
    "reason": "text NOT NULL", "verdict": "text NOT NULL", "explanation": "text NOT NULL",
    "evidence": "text NOT NULL", "final": "integer", "review_url": "text NOT NULL",
    "date_published": "text", "created_at": "text NOT NULL", "updated_at": "text NOT NULL",
    "deleted_at": "text",
}  # fmt: skip


def _owned(name: str, columns: tuple[str, ...], **extra: Any) -> TableSpec:
    return TableSpec(
        name=name,
        columns=tuple((c, _CLAIM_TYPES[c]) for c in columns),
        key="id",
        owner="annotator",
        immutable=tuple(c for c in ("claim_id", "annotation_id", "annotator", "created_at") if c in columns),
        stamp="updated_at",
        **extra,
    )


CLAIMS = _owned(
    "claims",
    CLAIM_COLUMNS,
    owner_or_reviewer=tuple(sorted(CARD_WORKFLOW_FIELDS)),
    constraints=("CHECK (status IN ('new', 'checking', 'rated', 'published'))",),
)
CLAIM_TAGS = _owned("claim_tags", CLAIM_TAG_COLUMNS)
CHECKWORTHY = _owned(
    "checkworthy", CHECKWORTHY_COLUMNS, constraints=("CHECK (value IN ('yes', 'no', 'unsure'))",)
)
VERDICTS = _owned("verdicts", VERDICT_COLUMNS, reviewer_only=("final",), constraints=("CHECK (final = 1)",))
VERDICT_SCALE = TableSpec(
    name="verdict_scale",
    columns=(
        ("name", "text NOT NULL"),
        ("value", "integer NOT NULL"),
        ("color", "text NOT NULL"),
        ("position", "integer NOT NULL"),
        ("updated_at", "text NOT NULL"),
    ),
    key="name",
    stamp="updated_at",
)
SETTINGS = TableSpec(
    name="settings",
    columns=(("key", "text NOT NULL"), ("value", "text NOT NULL"), ("updated_at", "text NOT NULL")),
    key="key",
    stamp="updated_at",
)
CLAIM_TABLES: tuple[TableSpec, ...] = (VERDICT_SCALE, SETTINGS, CLAIMS, CLAIM_TAGS, CHECKWORTHY, VERDICTS)


# -- curated marks: a document's mark (curator, curated_at) or its clearing (both NULL), the newer change
# winning. Anyone in the annotator group may mark or clear (the window's rule: Review > Mark as curated
# asks for a name, not a role); a mark names who set it, and the server records which login sent each
# change (`sent_by`, its own: `db.pg_curated_rules`). Added without a schema version: older clients neither
# read nor write it and keep syncing the rest; a client finds whether the server has it (`optional`).
CURATED_MARKS = TableSpec(
    name="curated_marks",
    columns=(
        ("document_id", "text NOT NULL"),
        ("curator", "text"),
        ("curated_at", "text"),
        ("updated_at", "text NOT NULL"),
    ),
    key="document_id",
    stamp="updated_at",
    constraints=("CHECK ((curator IS NULL) = (curated_at IS NULL))",),
    server_set=(("sent_by", "text"),),
)
#: Tables a server prepared by an older factcheck (of the same schema version) may lack until its
#: administrator runs `factcheck server init` again: a client syncs them only where they exist.
OPTIONAL_TABLES: tuple[TableSpec, ...] = (CURATED_MARKS,)


#: In dependency order: labels and documents before the tags that name them; speakers before the cards.
TABLES: tuple[TableSpec, ...] = (
    LABELS, DOCUMENTS, ANNOTATIONS, *STRUCTURE_TABLES, *CLAIM_TABLES, *OPTIONAL_TABLES
)  # fmt: skip
