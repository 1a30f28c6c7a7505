"""File > Team server…: connect the project to a team server, sync now, see what the last sync did.

The dialog only asks and shows: the sync itself runs in the background (`ui.team_sync`), so the window
keeps taking key presses, and the dialog is not modal. A password typed here stays in memory until the
app quits; it is never stored.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from factcheck.services.sync import clean_url
from factcheck.services.sync_status import SyncOutcome
from ui.team_news import TeamNews

PLACEHOLDER = "postgresql://NAME@HOST/DATABASE"


class TeamDialog(QDialog):
    #: (url, password or None): the user asked for a sync now.
    syncRequested = Signal(str, object)

    def __init__(
        self,
        parent: QWidget | None,
        url: str | None,
        outcome: SyncOutcome | None,
        renamed: list[str] | None = None,
        news: TeamNews | None = None,
    ) -> None:
        super().__init__(parent)
        #: The team renames applied since the window opened (shared with ui.team_sync, which adds to it).
        self.renamed = renamed if renamed is not None else []
        #: The last sync that moved something (a sync every few seconds: the one that did scrolls away).
        self.news = news
        self.setWindowTitle("Team server")
        self.setObjectName("teamDialog")
        self.resize(560, 380)
        intro = QLabel(
            "Sync this project with your team's PostgreSQL server: your tags, deletions and review "
            "decisions go up, your teammates' come down, every few seconds and after each change. "
            "Your login name is your annotator name. Without a network you work as usual; your changes "
            "wait and go up later."
        )
        intro.setWordWrap(True)
        self.url = QLineEdit(url or "")
        self.url.setObjectName("teamUrl")
        self.url.setPlaceholderText(PLACEHOLDER)
        self.password = QLineEdit()
        self.password.setObjectName("teamPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("from PGPASSWORD or ~/.pgpass when empty")
        form = QFormLayout()
        form.addRow("Server:", self.url)
        form.addRow("Password:", self.password)
        hint = QLabel("The password is kept in memory until you quit factcheck, never written anywhere.")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self.state = QLabel()
        self.state.setObjectName("teamState")
        self.state.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setObjectName("teamDetails")
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Sync details")
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.sync_button = QPushButton("&Sync now")
        self.sync_button.setObjectName("teamSyncNow")
        self.sync_button.setDefault(True)
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.sync_button.clicked.connect(self._request)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.state)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        if outcome is not None:
            self.show_outcome(outcome)
        else:
            self.state.setText("Not connected yet." if not url else "")

    def _request(self) -> None:
        url = self.url.text().strip()
        if not url.startswith(("postgresql://", "postgres://")):
            self.state.setText(f"Type the server as {PLACEHOLDER}, as your administrator gave it.")
            self.url.setFocus()
            return
        password = self.password.text() or None
        parts = urlsplit(url)
        if parts.password is not None:  # kept in memory as one typed in its box, not shown in clear
            password = password or unquote(parts.password)
            url = clean_url(url)  # (a postgresql URL: checked above)
            self.url.setText(url)
            self.password.setText(password)
        self.sync_button.setEnabled(False)
        self.state.setText("Syncing…")
        self.syncRequested.emit(url, password)

    def show_outcome(self, outcome: SyncOutcome) -> None:
        """What the last sync did (called by the background sync when it ends)."""
        self.sync_button.setEnabled(True)
        if outcome.kind == "password":
            self.state.setText("The server asks for a password: type it above, then Sync now.")
            self.password.setFocus()
        elif outcome.kind == "synced" and outcome.report is not None:
            self.state.setText(outcome.text)
        else:
            self.state.setText(
                f"{outcome.text}. {outcome.detail}".strip(". ") if outcome.detail else outcome.text
            )
        lines: list[str] = []
        if outcome.report is not None:
            lines.append(outcome.report.summary())
            lines.extend(outcome.report.details())
        elif outcome.detail:
            lines.append(outcome.detail)
        news = self.news
        if news is not None and news.detail and outcome.report and news.detail != outcome.report.summary():
            lines.append(f"Last changes ({news.text().split(': ', 1)[0]}): {news.detail}")
        if self.renamed:  # a sync every few seconds: the one that applied a rename scrolls away
            lines.append("Renamed for the team since factcheck started:")
            lines.extend(f"    {line}" for line in self.renamed)
        self.details.setPlainText("\n".join(lines))
