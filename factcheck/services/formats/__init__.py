"""The file formats: one module per format (CSV, JSON, JSONL, W3C Web Annotation, brat).

Writers take records and a file; readers take a file and give records. The store is read and written by
the services above: `factcheck.services.exporting` (exports) and `factcheck.services.reading` (our own
JSON and JSONL exports read back). See docs/formats.md.
"""

from __future__ import annotations

FORMATS = ("csv", "json", "jsonl", "w3c", "brat")

#: The usual file name ending of each format ("" for brat: a folder).
EXTENSIONS = {"csv": ".csv", "json": ".json", "jsonl": ".jsonl", "w3c": ".jsonld", "brat": ""}

# Claim cards: one object or row per card (factcheck.services.exporting_claims), not per tag.
CLAIM_FORMATS = ("claimreview", "claims-csv")
EXTENSIONS.update({"claimreview": ".json", "claims-csv": ".csv"})

#: One-line descriptions (CLI help, file dialogs).
DESCRIPTIONS = {
    "csv": "CSV for spreadsheets, one row per tag",
    "json": "factcheck JSON project: lossless, for teammates and backups",
    "jsonl": "JSON Lines, one tag per line, for pandas and pipelines",
    "w3c": "W3C Web Annotation JSON-LD collection",
    "brat": "brat standoff folder (.txt and .ann per article)",
    "claimreview": "schema.org ClaimReview JSON array, one review per claim card with a final verdict",
    "claims-csv": "CSV for spreadsheets, one row per claim card (votes, verdicts, final verdict)",
}

__all__ = ["CLAIM_FORMATS", "DESCRIPTIONS", "EXTENSIONS", "FORMATS"]
