"""Exporting a project: read one consistent snapshot of the store and hand its records to a format writer.

`export(store, fmt, out, *, document_id, annotator, label, progress)` is the one entry point of the
command line and the window.
"""

from __future__ import annotations

from factcheck.services.formats import export, selection

__all__ = ["export", "selection"]
