"""What the app remembers between runs (QSettings): the annotator, recent databases, window layout.

Stored as an INI file in the user's config folder, so tests can point the whole thing to a temporary
folder with `QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, tmp)`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "factcheck"
APPLICATION = "factcheck"
MAX_RECENT = 8


class Settings:
    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.q = qsettings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
        )

    def _str(self, key: str, default: str = "") -> str:
        value = self.q.value(key, default)
        return str(value) if value is not None else default

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # -- the annotator ------------------------------------------------------------------------------
    @property
    def annotator(self) -> str:
        return self._str("annotator").strip()

    @annotator.setter
    def annotator(self, name: str) -> None:
        self.q.setValue("annotator", name.strip())

    # -- databases ----------------------------------------------------------------------------------
    def recent_databases(self) -> list[str]:
        return self._list("recent_databases")

    def add_recent_database(self, path: Path | str) -> None:
        path = str(Path(path).resolve())
        recent = [p for p in self.recent_databases() if p != path]
        self.q.setValue("recent_databases", [path, *recent][:MAX_RECENT])

    def remove_recent_database(self, path: str) -> None:
        self.q.setValue("recent_databases", [p for p in self.recent_databases() if p != path])

    def last_document(self, db_path: Path | str | None) -> str:
        return self._str(f"last_document/{_key(db_path)}")

    def set_last_document(self, db_path: Path | str | None, document_id: str) -> None:
        self.q.setValue(f"last_document/{_key(db_path)}", document_id)

    # -- the window ---------------------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def splitter_state(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    def columns_state(self) -> QByteArray | None:
        """The tag table's header (column widths, order, sort)."""
        return self._bytes("window/tag_columns")

    def hidden_panes(self) -> list[str]:
        return self._list("window/hidden_panes")

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.q.setValue("window/geometry", geometry)
        self.q.setValue("window/state", state)

    def save_layout(self, splitter: QByteArray, columns: QByteArray, hidden_panes: list[str]) -> None:
        self.q.setValue("window/splitter", splitter)
        self.q.setValue("window/tag_columns", columns)
        self.q.setValue("window/hidden_panes", hidden_panes)

    def _list(self, key: str) -> list[str]:
        value = self.q.value(key, [])
        if isinstance(value, str):  # QSettings returns a lone string for a one-element list
            value = [value]
        return [str(v) for v in value if v] if isinstance(value, list) else []

    @property
    def zoom(self) -> int:
        value = self.q.value("view/zoom", 100)
        # QSettings hands back an int, or a string from an INI file; anything else is a damaged setting.
        if not isinstance(value, (int, float, str)):
            return 100
        try:
            return int(value)
        except ValueError:
            return 100

    @zoom.setter
    def zoom(self, value: int) -> None:
        self.q.setValue("view/zoom", int(value))

    @property
    def theme(self) -> str:
        """ "system", "light" or "dark"."""
        return self._str("view/theme", "system")

    @theme.setter
    def theme(self, value: str) -> None:
        self.q.setValue("view/theme", value)

    def sync(self) -> None:
        self.q.sync()


def _key(db_path: Path | str | None) -> str:
    # QSettings keys treat "/" as a group separator; a hex digest of the path keeps one key per database.
    text = str(Path(db_path).resolve()) if db_path else ":default:"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
