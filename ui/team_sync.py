"""The window's background sync with the team server.

Every few seconds, and shortly after each save, a sync runs as a background operation (`ui.operations`):
on a worker thread with its own SQLite connection, never on the GUI thread, so a key press is never kept
waiting by the network. It has its own `Operations` runner, one sync at a time, so it neither blocks nor
is blocked by the user's imports and exports; it only skips its turn while one of those holds the write
lock. What the pull wrote reaches the views the way another program's writes do
(`ProjectModel.reload_if_changed`).

The status bar says how it went ("Synced 12:03 · 4 teammates", "Offline: 12 changes waiting"). A
password typed in File > Team server… is kept here, in memory, for the next syncs; it is never stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from factcheck.services.sync import Canceller
from factcheck.services.sync_status import SyncOutcome, sync_store
from ui import deferred, dialogs, team_rename
from ui.operations import Operation, Operations
from ui.status_items import ElidingLabel
from ui.team_dialog import TeamDialog
from ui.team_news import TeamNews


def _tr(text: str) -> str:
    return QCoreApplication.translate("TeamSync", text)


if TYPE_CHECKING:
    from ui.main_window import MainWindow

#: A sync this often while the window is open (the server answers "nothing new" in a few ms).
SYNC_INTERVAL_MS = 5000
#: And this long after a save (a burst of key presses makes one sync).
AFTER_SAVE_MS = 700
FAILED = "Team server: sync failed (File > Team server…)"


class TeamSync(QObject):
    #: Every sync's outcome (SyncOutcome), on the GUI thread.
    outcomeReady = Signal(object)

    def __init__(self, window: MainWindow, interval_ms: int = SYNC_INTERVAL_MS) -> None:
        super().__init__(window)
        self.window = window
        self.runner = Operations(self)
        self._canceller: Canceller | None = None
        self.password: str | None = None
        self.last: SyncOutcome | None = None
        self.dialog: TeamDialog | None = None
        #: The team renames the syncs applied since the window opened (File > Team server… lists them).
        self.renamed: list[str] = []
        #: The last sync that sent or received something, said after the status (ui.team_news).
        self.news = TeamNews()
        self._again = False
        self._pending: tuple[str | None, str | None] = (None, None)
        self._connecting: str | None = None  # the URL of the last sync that connected the project
        self._renaming = False  # it puts your earlier work under the login
        self._closed = False  # the window closed: its project may be closed too, nothing more to start
        self.label = ElidingLabel()
        self.label.setObjectName("teamStatus")
        self.label.setContentsMargins(6, 0, 6, 0)
        window.statusBar().addPermanentWidget(self.news)
        window.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.request)
        self._soon = QTimer(self, singleShot=True, interval=AFTER_SAVE_MS)
        self._soon.timeout.connect(self.request)
        window.project.saved.connect(self._after_save)
        self._after_operation: tuple[str | None, str | None] | None = None  # a sync asked for meanwhile
        window.project.operations.changed.connect(self._operation_changed)
        window.project.storeReplaced.connect(self.project_changed)
        self.project_changed()

    # -- state -----------------------------------------------------------------------------------
    def connected(self) -> bool:
        project = self.window.project
        return project.path is not None and project.server_url() is not None

    def project_changed(self) -> None:
        """Another project was opened (or the window starts): its server, its login as annotator (or, not
        synced, your own name again)."""
        self.last = None
        self.news.forget()
        if self.connected():
            self._use_role()
            self.label.setText(_tr("Team server: connecting…"))
            self.timer.start()
            deferred.soon(self, self.request)  # never after the window is gone
        else:
            self.timer.stop()
            self.label.setText("")
            own = self.window.own_annotator  # a synced project's login stays with it ("": asked at a tag)
            if own != self.window.annotator:
                self.window.use_annotator(own)

    def _use_role(self) -> None:
        role = self.window.project.sync_role()
        if role and role != self.window.annotator:
            self.window.use_annotator(role)

    def keep_login(self) -> None:
        """After Edit › Your name…: in a synced project the tags go on carrying the login (the server
        takes only its rows, and would refuse the others for good); the name typed stays remembered as
        yours, for other projects and the command line. Said in the status bar."""
        role = self.window.project.sync_role() if self.connected() else None
        if role and role != self.window.annotator:
            self.window.use_annotator(role)
            self.window.statusBar().showMessage(
                _tr(
                    "Your name is remembered. In this project, synced with the team server, your tags carry "
                    "your login, {login}."
                ).format(login=role),
                10000,
            )

    def _operation_changed(self) -> None:
        if self._after_operation is not None and not self.window.project.operations.writing():
            url, password = self._after_operation
            self._after_operation = None
            deferred.soon(self, lambda: self.request(url, password))

    def _after_save(self) -> None:
        if not self._closed and self.connected():
            self._soon.start()

    # -- running ---------------------------------------------------------------------------------
    def running(self) -> bool:
        return self.runner.current() is not None

    def request(
        self, url: str | None = None, password: str | None = None, as_login: bool | None = None
    ) -> bool:
        """Start a sync now (connecting to url when given), or once the running one has ended; True when
        one started. as_login: a first connection's answer about the work under your name (else asked)."""
        if self._closed or self.window.project.path is None or (url is None and not self.connected()):
            return False  # (a project in memory would sync inline, on the GUI thread: never)
        if password is not None:
            self.password = password
        if self.running():
            self._again = True  # our own sync is running: once more when it ends
            self._pending = (url, password) if url is not None else self._pending
            return False
        operations = self.window.project.operations
        if operations.writing():  # an import holds the write lock: the sync runs once it ended (a first
            if url is not None or self._after_operation is None:  # connection has no tick to come back)
                self._after_operation = (url, password)
            job = operations.current()
            if self.dialog is not None and url is not None and job is not None:
                self.dialog.state.setText(
                    _tr("Waiting for {what} to finish; the sync starts then.").format(
                        what=job.operation.title
                    )
                )
            return False
        secret, canceller = self.password, Canceller()
        name = self.window.annotator if url is not None else ""  # a first connection's: yours, not a login
        self._connecting, self._renaming = url, bool(as_login)
        op: Operation[SyncOutcome] = Operation(
            _tr("Team sync"),
            _tr("Syncing with the team server…"),
            lambda connection, _progress: sync_store(
                connection, url=url, password=secret, canceller=canceller, name=name, as_login=as_login
            ),
        )
        job = self.window.project.start_on(self.runner, op)
        self._canceller = canceller
        job.succeeded.connect(self._done)
        job.failed.connect(lambda message: self._done(SyncOutcome("error", _tr(FAILED), detail=message)))
        return True

    def _done(self, outcome: Any) -> None:
        assert isinstance(outcome, SyncOutcome)
        self._canceller = None
        self.last = outcome
        self.news.heard(outcome)
        self.label.setText(outcome.text)
        if outcome.kind == "names" and self._connecting is not None:
            asked = self._connecting  # asked once the outcome is shown, outside this slot
            deferred.soon(self, lambda: self._ask_names(asked, outcome))
        if outcome.kind == "synced":
            if self._renaming:  # your earlier work, now under the login: the views show it so
                self._renaming = False
                self.window.project.reload_if_changed()
            self._use_role()
            if not self.timer.isActive() and not self._closed:  # (a sync joined as the window closes)
                self.timer.start()
        if outcome.changed_project:
            self.window.project.reload_if_changed()
        team_rename.after_sync(self.window, outcome)  # the scheme renamed for the team: reload, no undo
        # The items grew (this status, the news; the counts once the views reloaded): the bar's message,
        # if one shows, gets its room back.
        room = self.window.status_items.room
        room.refit()
        deferred.soon(self, room.refit, 300)
        self.outcomeReady.emit(outcome)
        if self._again:
            self._again = False
            url, password = self._pending
            self._pending = (None, None)
            deferred.soon(self, lambda: self.request(url, password))

    def _ask_names(self, url: str, outcome: SyncOutcome) -> None:
        choice = dialogs.ask_name_or_login(self.window, outcome.detail, outcome.login)
        if choice is not None:
            self.request(url, self.password, as_login=choice)

    def finished(self, outcome: SyncOutcome) -> None:
        """A sync run by another operation (a team rename) ended: as if it were ours."""
        self._done(outcome)

    def open_dialog(self) -> TeamDialog:
        """File > Team server…: not modal, the window stays usable."""
        if self.dialog is None:
            self.dialog = TeamDialog(
                self.window, self.window.project.server_url(), self.last, self.renamed, self.news
            )
            self.dialog.syncRequested.connect(lambda url, pw: self.request(url, pw))
            self.outcomeReady.connect(self.dialog.show_outcome)
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def shutdown(self) -> None:
        """Before the window closes: no sync left running. One waiting on the server is cancelled (the
        server rolls back; the project keeps its changes for the next sync)."""
        self._closed = True
        self.timer.stop()
        self._soon.stop()
        self._again = False
        if self._canceller is not None:
            self._canceller.cancel()
        self.runner.shutdown()
