"""Services over the store: formats, merging, importing, exporting.

They sit above `db/` and the core, below the command line and the window.
"""
