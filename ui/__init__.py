"""Everything PySide6: the desktop window on top of factcheck/ and db/."""
