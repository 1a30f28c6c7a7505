"""Random keyboard sessions over the claims pane, the review dock, links and speakers (seeded, so a failure
replays): the actions a fact-checker does from the keyboard, modal dialogs answered at random, and the
invariants checked after every step (tests/ui/test_window_card_sessions.py)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from db import Store, attribution, claim_members, links
from db import claims as claims_db
from db import speakers as speakers_db
from factcheck.core.card_members import live_member
from factcheck.core.links import new_link
from factcheck.core.model import Annotation, Document
from factcheck.core.spans import new_annotation
from factcheck.core.speakers import Speaker
from ui.main_window import MainWindow

K, M = Qt.Key, Qt.KeyboardModifier
CTRL, SHIFT, ALT, NONE = M.ControlModifier, M.ShiftModifier, M.AltModifier, M.NoModifier

TEXT = (
    "😀 Mayor Helena Marsh said on Tuesday that ridership had “more than doubled” since fares were cut.\n"
    "A spokesperson 👩‍👩‍👧 said the agency “has never published any number […] to support it”.\n\n"
    "Critics called it “a fairy tale”, she said… Marsh denied it. Crime fell by 20% last year, Marsh said.\n"
)
FOLLOW_UP = (
    "Follow-up: Marsh repeated that ridership had more than doubled. The agency said it has no such data.\n"
)
#: What the random answers type into a dialog's box: claims, names, dates, addresses, nonsense.
TYPED = ("Ridership doubled", "Helena Marsh", "Jane Roe", "2026-03-01", "not a date", "a reason",
         "https://example.org/r Report", "ftp://nope", "  ", "é 😀 text", "2026-02-30")  # fmt: skip
US, THEM = "alice", "bob"


def two_annotators(store: Store, doc: Document) -> None:
    """alice's and bob's tags on the same article (bob's overlap and differ: disagreements to review), an
    attribution with a speaker, links, a card of each with votes and verdicts."""
    store_speaker = Speaker("sp-marsh", "Helena Marsh", "person", "", (), "2026-01-01", "2026-01-01")
    speakers_db.add_speaker(store, store_speaker)

    def tag(words: str, label: str, who: str = US, nth: int = 0) -> Annotation:
        start = -1
        for _ in range(nth + 1):
            start = doc.text.index(words, start + 1)
        return store.add_annotation(new_annotation(doc, start, start + len(words), label, who), doc.text)

    source, cue = tag("Mayor Helena Marsh", "source"), tag("said", "cue")
    attribution.set_speaker(store, source.id, "sp-marsh", by=US)
    claim = tag("ridership had “more than doubled”", "claim")
    attribution.set_attribution(store, claim.id, source=source.id, cue=cue.id, quotation="indirect")
    denial = tag("has never published any number", "denial")
    links.add_link(store, new_link(doc.id, "denies", denial.id, claim.id, US))
    crime = tag("Crime fell by 20% last year", "claim")
    theirs = tag("ridership had “more than doubled”", "claim", THEM)
    tag("Critics called it “a fairy tale”", "characterization", THEM)
    tag("has never published any number […] to support it", "denial", THEM)
    tag("Crime fell by 20%", "claim", THEM)
    tag("Marsh denied it", "denial", THEM)
    ours, _ = claims_db.create_card(store, [claim.id], US, text="Ridership more than doubled.")
    claims_db.attach_tag(store, ours.id, theirs.id, THEM)
    # A follow-up article: the same claim said again there, on the same card, and bob's denial of it.
    later, _ = store.add_document(Document.create(FOLLOW_UP, title="Follow-up", source="https://n.example/2"))
    again_at = FOLLOW_UP.index("ridership had more than doubled")
    again = store.add_annotation(new_annotation(later, again_at, again_at + 31, "claim", US), later.text)
    no_data_at = FOLLOW_UP.index("has no such data")
    no_data = store.add_annotation(
        new_annotation(later, no_data_at, no_data_at + 16, "denial", THEM), later.text
    )
    links.add_link(store, new_link(later.id, "denies", no_data.id, again.id, THEM))
    claims_db.attach_tag(store, ours.id, again.id, US)
    claims_db.vote(store, ours.id, THEM, "yes", "a number")
    claims_db.give_verdict(store, ours.id, THEM, "Mostly true", "bob's reading")
    claims_db.create_card(store, [theirs.id], THEM, text="Ridership doubled since fares were cut.")
    claims_db.create_card(store, [crime.id], US, text="Crime fell by 20% last year.")


@dataclass
class Responder:
    """Answers every modal dialog that opens while armed, at random: a few keys or typed words, then OK,
    Cancel, Escape, Enter or another button. A dialog still open after some rounds is cancelled."""

    rng: random.Random
    qtbot: QtBot
    armed: bool = False
    log: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    _busy: set[int] = field(default_factory=set)

    _running: bool = True

    def __post_init__(self) -> None:
        QTimer.singleShot(5, lambda: self._tick())

    def stop(self) -> None:
        self._running = False

    def _tick(self) -> None:
        # A new single-shot timer each tick, armed before answering: Qt does not fire a timer again while
        # its slot runs, and an answer may open a box of its own (Esc on typed text asks first), whose
        # nested loop the next tick answers. A lambda, not the bound method: PySide keeps a weak reference
        # for each single shot at a method of a plain object, 200 a second over a long session.
        if not self._running:
            return
        QTimer.singleShot(5, lambda: self._tick())
        self._poll()

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not self.armed or not isinstance(dialog, QDialog) or not dialog.isVisible():
            return
        if not dialog.isActiveWindow():
            dialog.activateWindow()
            return
        if id(dialog) in self._busy:  # being answered (a nested loop runs): only a dialog it opened
            return
        self._busy.add(id(dialog))
        try:
            self._answer(dialog)
        except Exception as exc:  # raised in a Qt slot it would abort: the test sees it in the log
            self.errors.append(repr(exc))
            if isValid(dialog) and dialog.isVisible():
                dialog.reject()
        finally:
            self._busy.discard(id(dialog))

    def _answer(self, dialog: QDialog) -> None:
        rounds = int(dialog.property("sessionRounds") or 0) + 1  # on the dialog: ids of closed ones recur
        dialog.setProperty("sessionRounds", rounds)
        name = f"{type(dialog).__name__} {dialog.windowTitle()!r}"
        if rounds > 3:
            self.log.append(f"{name}: still open, rejected")
            dialog.reject()
            return
        rng = self.rng
        for _ in range(rng.randrange(3)):
            focus = QApplication.focusWidget() or dialog
            what = rng.random()
            if what < 0.4:
                text = rng.choice(TYPED)
                self.log.append(f"{name}: typed {text!r} in {type(focus).__name__}")
                if rng.random() < 0.5:
                    self.qtbot.keyClick(focus, K.Key_A, CTRL)
                for char in text:  # a key may close the dialog or move the focus (a space on a button)
                    typing = QApplication.focusWidget()
                    if typing is None or not isValid(dialog) or not dialog.isVisible():
                        return
                    if char.isascii():
                        self.qtbot.keyClicks(typing, char)
                    elif isinstance(typing, QLineEdit):  # QTest types Latin-1 only: as an input method would
                        typing.insert(char)
                    elif isinstance(typing, QPlainTextEdit):
                        typing.insertPlainText(char)
            elif what < 0.6:
                self.qtbot.keyClick(focus, K.Key_Tab)
                self.log.append(f"{name}: Tab")
            elif what < 0.8:
                self.qtbot.keyClick(focus, K.Key_Down)
                self.log.append(f"{name}: Down in {type(focus).__name__}")
            else:
                combos = [c for c in dialog.findChildren(QComboBox) if c.isVisible() and c.count()]
                if combos:
                    combo = rng.choice(combos)
                    combo.setCurrentIndex(rng.randrange(combo.count()))
                    self.log.append(f"{name}: chose {combo.currentText()!r}")
            if not isValid(dialog) or not dialog.isVisible():
                return
        buttons = [b for b in dialog.findChildren(QAbstractButton) if b.isVisible() and b.isEnabled()]
        buttons = [b for b in buttons if _in_button_row(b)]
        end = rng.random()
        focus = QApplication.focusWidget() or dialog
        if end < 0.25:
            self.log.append(f"{name}: Escape")
            self.qtbot.keyClick(focus, K.Key_Escape)
        elif end < 0.5:
            self.log.append(f"{name}: Enter in {type(focus).__name__}")
            self.qtbot.keyClick(focus, K.Key_Return)
        elif buttons:
            button = rng.choice(buttons)
            self.log.append(f"{name}: clicked {button.text()!r}")
            button.click()
        else:
            self.log.append(f"{name}: Escape")
            self.qtbot.keyClick(focus, K.Key_Escape)


def _in_button_row(button: QAbstractButton) -> bool:
    parent = button.parentWidget()
    return isinstance(parent, QDialogButtonBox) or isinstance(button.window(), QMessageBox)


# -- invariants -------------------------------------------------------------------------------------------
def live_cards(store: Store) -> dict[str, tuple[object, ...]]:
    return {
        c.id: (c.text, c.speaker, c.claim_date, tuple(c.appearances), c.status, c.annotator)
        for c in claims_db.cards(store)
    }


def snapshot(window: MainWindow) -> dict[str, object]:
    """What undo must bring back: the tags (shape, decision), links, cards, their tags, votes, verdicts,
    speakers. Times and row ids of versions left out."""
    store = window.project.store
    tags = {
        t.id: (
            t.label,
            t.start,
            t.end,
            t.fragments,
            t.source,
            t.cue,
            t.quotation,
            t.note,
            t.annotator,
            t.status,
            t.reviewer,
            t.reason,
            t.speaker,
        )
        for t in store.annotations()
        if t.deleted_at is None
    }
    return {
        "tags": tags,
        "links": sorted((x.type, x.from_id, x.to_id, x.annotator) for x in links.links(store)),
        "cards": live_cards(store),
        "card tags": sorted((t.claim_id, t.annotation_id, t.annotator) for t in claims_db.claim_tags(store)),
        "votes": sorted((v.claim_id, v.annotator, v.value, v.reason) for v in claims_db.votes(store)),
        "verdicts": sorted(
            (
                v.claim_id,
                v.annotator,
                v.final,
                v.verdict,
                v.explanation,
                tuple(v.evidence),
                v.review_url,
                v.date_published or "",
            )
            for v in claims_db.verdicts(store)
        ),
        "speakers": sorted(
            (s.id, s.name, s.kind, s.description, tuple(s.same_as), s.merged_into)
            for s in speakers_db.speakers(store)
        ),
    }


def check(window: MainWindow, step: str) -> None:
    """The store, the OpenDocument and every view listing tags, cards or disagreements agree."""
    store = window.project.store
    assert window.current_document_id() is not None, (step, "the window closed its document")
    doc = window.project.document(window.current_document_id() or "")
    stored = store.annotations(doc.id)
    for tag in stored:
        assert doc.text[tag.start : tag.end] == tag.quote, (step, tag)
        assert all(0 <= s < e <= len(doc.text) for s, e in tag.fragments), (step, tag)
    live = {tag.id: tag for tag in stored if tag.deleted_at is None}
    assert dict(window.open_doc.tags.by_id) == live, step
    assert window.table.proxy.rowCount() == len(live), step
    # Cards: the store, the claims model and the pane's list.
    cards = live_cards(store)
    claims = window.claims.model
    claims.reload_if_changed()
    if claims.loaded():
        assert sorted(claims.card_ids()) == sorted(cards), step
        for card_id, (text, _speaker, _date, _urls, status, annotator) in cards.items():
            row = claims.row(card_id)
            assert row is not None and (row.text, row.status, row.annotator) == (text, status, annotator), (
                step,
                row,
                cards[card_id],
            )
            # The list counts the card's live claim tags (a deleted one stays on the card, shown as
            # deleted; one relabelled since stays as a dormant member).
            roles = claim_members.label_roles(store)
            tag_ids = [
                t for t in claims_db.tag_ids(store, card_id) if live_member(store.annotation(t), roles)
            ]
            assert row.tag_count == len(tag_ids), (step, row, tag_ids)
    pane = window.claims.pane
    if pane.model.active:
        shown = {pane.model.card_id(r) for r in range(pane.model.rowCount())}
        assert shown <= set(cards), step
        if not _filtered(window):
            assert shown == set(cards), step
        opened = pane.card.detail
        if opened is not None:
            assert opened.card.id in cards, (step, "a deleted card stays open")
            on_card = {t.annotation_id for t in opened.tags if t.relation == "claim"}
            assert on_card == set(claims_db.tag_ids(store, opened.card.id)), step
            assert opened.row.status == cards[opened.card.id][4], step
            for shown_tag in opened.tags:
                gone = not _live(store, shown_tag.annotation_id)
                assert (shown_tag.annotation is None) == gone, (step, shown_tag)
    # Every card's tags exist (a deleted tag stays shown as deleted).
    for link in claims_db.claim_tags(store):
        assert store.annotation(link.annotation_id) is not None, (step, link)
    # The review panel lists this document's disagreements over its live tags.
    panel = window.review.panel
    if window.review.dock.isVisible():
        for item in panel.disagreements():
            assert all(a in live for a in item.annotation_ids), (step, item)
        current = panel.current_annotation()
        if current is not None:
            assert live.get(current.id) == current, (step, "the review acts on a stale tag")
        for tag_model in panel.tag_models:
            assert all(live.get(t.id) == t for t in tag_model.tags()), (step, "a stale tag in review")
    # The review's list of cards whose verdicts differ, and the Speakers dialog, list what is stored.
    disputed = window.claims.disputed.model
    shown_disputed = {disputed.card_id(r) for r in range(disputed.rowCount())}
    assert shown_disputed <= set(cards), (step, "a deleted card listed as disputed")
    speakers_dialog = window.structure.speakers_dialog
    if speakers_dialog is not None and speakers_dialog.isVisible():
        model = speakers_dialog.model
        listed = {model.speaker(r).id for r in range(model.rowCount())}
        assert listed == {s.id for s in window.project.speakers()}, step


def _live(store: Store, annotation_id: str) -> bool:
    ann = store.annotation(annotation_id)
    return ann is not None and ann.deleted_at is None


def _filtered(window: MainWindow) -> bool:
    pane = window.claims.pane
    combos = (pane.document_filter, pane.speaker_filter, pane.status_filter, pane.verdict_filter,
              pane.worthy_filter)  # fmt: skip
    return bool(pane.search.text()) or any(c.currentIndex() > 0 for c in combos)


# -- actions ----------------------------------------------------------------------------------------------
Action = Callable[[MainWindow, QtBot, random.Random], str]


Target = Callable[[MainWindow], QWidget | None]


def _keys_on(target_of: Target, key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE, name: str = "") -> Action:
    def act(window: MainWindow, qtbot: QtBot, _rng: random.Random) -> str:
        target = target_of(window)
        if target is None or not target.isVisible():
            return f"({name or key.name}: not shown)"
        activate(qtbot, target)
        qtbot.keyClick(target, key, modifiers)
        return name or f"{key.name} {modifiers}"

    return act


def activate(qtbot: QtBot, target: QWidget) -> None:
    """Focus on target, its window active (offscreen, a closed dialog leaves no window active)."""
    top = target.window()
    if not top.isActiveWindow():
        top.activateWindow()
        qtbot.waitUntil(top.isActiveWindow, timeout=1000)
    target.setFocus()


def _view(window: MainWindow) -> QWidget:
    return window.view


def _cards(window: MainWindow) -> QWidget:
    return window.claims.pane.view


def _card_tags(window: MainWindow) -> QWidget:
    return window.claims.pane.card.tags_view


def _review(window: MainWindow) -> QWidget:
    return window.review.panel.list_view


def _speakers(window: MainWindow) -> QWidget | None:
    dialog = window.structure.speakers_dialog
    return dialog.table if dialog is not None else None  # (Ctrl+N in the window: a new database)


def select_span(window: MainWindow, _qtbot: QtBot, rng: random.Random) -> str:
    text = window.open_doc.text
    a = rng.randrange(len(text) - 1)
    b = min(len(text), a + rng.randrange(1, 40))
    activate(_qtbot, window.view)
    window.view.select_span(a, b)
    return f"select {a}-{b}"


def current_tag(window: MainWindow, _qtbot: QtBot, rng: random.Random) -> str:
    """Make a tag current as a click would (often a claim tag: the card keys need one)."""
    # Ordered by what they are, not by their ids (new at random each run): a seed replays the same session.
    tags = sorted(window.open_doc.tags.by_id.values(), key=lambda t: (t.start, t.end, t.annotator, t.label))
    claims = [t for t in tags if t.label == "claim"]
    pool = claims if claims and rng.random() < 0.6 else tags
    if not pool:
        return "(no tag to make current)"
    tag = rng.choice(pool)
    activate(_qtbot, window.view)
    window.view.set_current(tag.id)
    window.view.currentAnnotationChanged.emit(tag.id)
    return f"current {tag.annotator}'s {tag.label} {tag.start}-{tag.end}"


def toggle_dock(which: str) -> Action:
    def act(window: MainWindow, _qtbot: QtBot, _rng: random.Random) -> str:
        dock = window.claims.dock if which == "claims" else window.review.dock
        dock.setVisible(not dock.isVisible())
        QApplication.processEvents()
        return f"{which} dock {'shown' if dock.isVisible() else 'hidden'}"

    return act


def open_speakers(window: MainWindow, _qtbot: QtBot, _rng: random.Random) -> str:
    window.structure.show_speakers()
    return "Project › Speakers…"


def close_speakers(window: MainWindow, _qtbot: QtBot, _rng: random.Random) -> str:
    dialog = window.structure.speakers_dialog
    if dialog is not None and dialog.isVisible():
        dialog.reject()
    window.activateWindow()
    return "close Speakers"


def row_move(widget: Callable[[MainWindow], QWidget | None]) -> Action:
    def act(window: MainWindow, qtbot: QtBot, rng: random.Random) -> str:
        target = widget(window)
        if target is None or not target.isVisible():
            return "(list not shown)"
        activate(qtbot, target)
        key = rng.choice([K.Key_Down, K.Key_Up, K.Key_Home, K.Key_End])
        qtbot.keyClick(target, key)
        return f"{key.name} in {target.objectName() or type(target).__name__}"

    return act


def filter_cards(window: MainWindow, qtbot: QtBot, rng: random.Random) -> str:
    """Type in the Claims pane's search box, or choose in one of its filters (often: back to Any)."""
    pane = window.claims.pane
    if not pane.isVisible():
        return "(claims filters: not shown)"
    combos = [pane.document_filter, pane.speaker_filter, pane.status_filter, pane.verdict_filter,
              pane.worthy_filter, pane.sort_box]  # fmt: skip
    if rng.random() < 0.3:
        activate(qtbot, pane.search)
        qtbot.keyClick(pane.search, K.Key_A, CTRL)
        words = rng.choice(["", "ridership", "crime", "zzz"])
        if words:
            qtbot.keyClicks(pane.search, words)
        else:
            qtbot.keyClick(pane.search, K.Key_Backspace)
        qtbot.wait(200)  # the filter waits for a pause in the typing
        return f"search cards {words!r}"
    combo = rng.choice(combos)
    index = 0 if rng.random() < 0.5 else rng.randrange(combo.count())
    activate(qtbot, combo)
    combo.setCurrentIndex(index)
    return f"{combo.objectName()}: {combo.currentText()!r}"


def switch_document(window: MainWindow, qtbot: QtBot, rng: random.Random) -> str:
    """Up or Down in the document list, then Enter: the other article opens."""
    view = window.doc_list.view
    activate(qtbot, view)
    qtbot.keyClick(view, rng.choice([K.Key_Up, K.Key_Down]))
    qtbot.keyClick(view, K.Key_Return)
    return f"document {window.open_doc.document.title if window.open_doc.document else None!r}"


ACTIONS: list[tuple[str, Action, int]] = [  # (name, action, weight)
    ("select", select_span, 6),
    ("document", switch_document, 4),
    ("current", current_tag, 10),
    ("label claim", _keys_on(_view, K.Key_1), 3),
    ("label other", _keys_on(_view, K.Key_2), 2),
    ("label denial", _keys_on(_view, K.Key_3), 1),
    ("tab", _keys_on(_view, K.Key_Tab), 3),
    ("delete tag", _keys_on(_view, K.Key_Delete), 2),
    ("undo", _keys_on(_view, K.Key_Z, CTRL), 5),
    ("redo", _keys_on(_view, K.Key_Z, CTRL | SHIFT), 3),
    ("edit tag", _keys_on(_view, K.Key_E, NONE, "E on the article"), 1),
    ("make card", _keys_on(_view, K.Key_K, NONE, "K"), 6),
    ("add to card", _keys_on(_view, K.Key_K, SHIFT, "Shift+K"), 4),
    ("link", _keys_on(_view, K.Key_L, NONE, "L"), 3),
    ("follow", _keys_on(_view, K.Key_F, NONE, "F"), 2),
    ("back", _keys_on(_view, K.Key_Left, ALT, "Alt+Left"), 1),
    ("unlink", _keys_on(_view, K.Key_L, SHIFT, "Shift+L"), 2),
    ("correction jump", _keys_on(_view, K.Key_J, NONE, "J"), 1),
    ("speaker", _keys_on(_view, K.Key_W, NONE, "W"), 1),
    ("go to cards", _keys_on(_view, K.Key_C, CTRL | SHIFT, "Ctrl+Shift+C"), 2),
    ("claims dock", toggle_dock("claims"), 1),
    ("card row", row_move(_cards), 4),
    ("filter cards", filter_cards, 2),
    ("make card in table", _keys_on(lambda w: w.table.view, K.Key_K, NONE, "K in the tag table"), 1),
    ("card edit", _keys_on(_cards, K.Key_E, NONE, "E on a card"), 3),
    ("vote yes", _keys_on(_cards, K.Key_Y, NONE, "Y"), 2),
    ("vote no", _keys_on(_cards, K.Key_N, NONE, "N on a card"), 2),
    ("vote unsure", _keys_on(_cards, K.Key_U, NONE, "U"), 1),
    ("verdict", _keys_on(_cards, K.Key_V, NONE, "V"), 4),
    ("final", _keys_on(_cards, K.Key_F, NONE, "F on a card"), 3),
    ("status on", _keys_on(_cards, K.Key_S, NONE, "S on a card"), 4),
    ("status back", _keys_on(_cards, K.Key_S, SHIFT, "Shift+S on a card"), 2),
    ("delete card", _keys_on(_cards, K.Key_Delete, NONE, "Delete on a card"), 1),
    ("card undo", _keys_on(_cards, K.Key_Z, CTRL, "Ctrl+Z in the pane"), 2),
    ("to tags", _keys_on(_cards, K.Key_Return, NONE, "Enter on a card"), 2),
    ("tag row", row_move(_card_tags), 2),
    ("take tag off", _keys_on(_card_tags, K.Key_Delete, NONE, "Delete on a card's tag"), 2),
    ("jump to tag", _keys_on(_card_tags, K.Key_Return, NONE, "Enter on a card's tag"), 1),
    ("review dock", toggle_dock("review"), 2),
    ("review next", _keys_on(_review, K.Key_N, NONE, "N in review"), 4),
    ("review previous", _keys_on(_review, K.Key_P, NONE, "P in review"), 2),
    ("accept", _keys_on(_review, K.Key_A, NONE, "A in review"), 4),
    ("reject", _keys_on(_review, K.Key_R, NONE, "R in review"), 3),
    ("review edit", _keys_on(_review, K.Key_E, NONE, "E in review"), 2),
    ("accept on article", _keys_on(_view, K.Key_A, NONE, "A on the article"), 1),
    ("review row", row_move(_review), 2),
    ("speakers", open_speakers, 1),
    ("speaker add", _keys_on(_speakers, K.Key_N, CTRL, "Ctrl+N in Speakers"), 1),
    ("speaker edit", _keys_on(_speakers, K.Key_F2, NONE, "F2 in Speakers"), 1),
    ("speaker merge", _keys_on(_speakers, K.Key_M, CTRL, "Ctrl+M in Speakers"), 1),
    ("speaker row", row_move(_speakers), 1),
    ("speakers close", close_speakers, 1),
]


def random_action(rng: random.Random) -> tuple[str, Action]:
    names = [(n, a) for n, a, _w in ACTIONS]
    weights = [w for _n, _a, w in ACTIONS]
    return rng.choices(names, weights)[0]


@dataclass
class Session:
    window: MainWindow
    qtbot: QtBot
    dialogs: list[tuple[str, str]]
    rng: random.Random
    steps: list[str] = field(default_factory=list)
    boxes: list[tuple[str, str, str]] = field(default_factory=list)  # (step, kind, text)

    def __post_init__(self) -> None:
        self.responder = Responder(random.Random(self.rng.random()), self.qtbot)

    def step(self) -> str:
        _name, action = random_action(self.rng)
        seen = len(self.dialogs)
        self.responder.armed = True
        before = len(self.responder.log)
        try:
            said = action(self.window, self.qtbot, self.rng)
        finally:
            self.responder.armed = False
        QApplication.processEvents()
        answers = self.responder.log[before:]
        assert not self.responder.errors, (self.responder.errors, answers)
        text = said + (f" [{'; '.join(answers)}]" if answers else "")
        self.steps.append(text)
        for kind, box in self.dialogs[seen:]:
            self.boxes.append((text, kind, box))
        return text

    def recent(self, n: int = 8) -> str:
        return "\n  ".join(self.steps[-n:])
