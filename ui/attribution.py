"""Attribution from the keyboard: who said a content tag (its source), with which cue, quoted or not.

With a claim, denial or characterization current:
- **S** attaches the nearest source tag of its sentence (tagged with the source key, 4 by default), **C**
  the nearest cue tag (5); pressed again, S and C leave things as they are and say so.
- **Shift+S** / **Shift+C** open a picker of the candidates in the sentence, nearest first (and, when the
  sentence has none, the tags of that role nearby), with "No source" to detach.
- **Q** cycles the quotation: direct → indirect → not recorded.
With a source tag current, **W** names its speaker (a type-ahead completer over the project's speakers; a
new name makes a new speaker, in the same undoable step).

Attribution is part of the content tag, so only its annotator sets it (core.ownership). Every change is
an ``EditAnnotation`` on the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Literal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QWidget

from factcheck.core.model import Annotation, Quotation
from factcheck.core.names import holds_hidden, is_hidden, shown
from factcheck.core.nearby import attribution_candidates, distance, link_candidates
from factcheck.core.speakers import Speaker, name_key, name_problem, new_speaker, resolve
from ui import dialogs
from ui.name_completer import NameCompleter
from ui.picker import Choice, pick
from ui.structure_commands import AssignNewSpeaker, set_attribution, set_speaker
from ui.structure_context import Context
from ui.tag_text import one_line, quotable
from ui.typed_text import TextPrompt

Role = Literal["source", "cue"]
#: Q steps through these, in this order.
QUOTATION_CYCLE: tuple[Quotation | None, ...] = ("direct", "indirect", None)
DETACH = "detach"  # the picker's "No source/cue" choice


def _tr(text: str) -> str:
    return QCoreApplication.translate("Attribution", text)


def _by_role(role: Role, source: str, cue: str) -> str:
    """The sentence for the role: one whole sentence per role, each translated (a translation may
    inflect "source" and "cue" differently)."""
    return source if role == "source" else cue


def quotation_text(value: Quotation | None) -> str:
    if value == "direct":
        return _tr("direct (quoted)")
    if value == "indirect":
        return _tr("indirect (reported)")
    return _tr("not recorded")


class Attribution:
    """The attribution and speaker keys' work; see the module docstring."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        # Set by the window: shows a candidate tag in the article while a picker is open (None: none).
        self.preview: Callable[[str | None], None] = lambda _tag_id: None

    # -- finding -------------------------------------------------------------------------------------
    def content_tag(self) -> Annotation | None:
        tag = self.ctx.current(
            _tr("Make a claim, denial or characterization current first (click it, or Tab to it).")
        )
        if tag is None:
            return None
        if self.ctx.role(tag) != "content":
            self.ctx.status(
                _tr(
                    "“{quote}” is a {label} tag: attribution belongs to a claim, denial or characterization. "
                    "Make one of those current."
                ).format(quote=quotable(tag.quote, 30), label=tag.label)
            )
            return None
        return tag

    def candidates(self, tag: Annotation, role: Role, *, wider: bool = False) -> list[Annotation]:
        """Tags of the role in the tag's sentence, nearest first; ``wider``: nearby ones when the sentence
        has none."""
        layer = self.ctx.open_doc.tags

        def accept(t: Annotation) -> bool:
            return self.ctx.role(t) == role

        found = attribution_candidates(layer, self.ctx.text(), tag, accept)
        if not found and wider:
            found = [t for t in link_candidates(layer, tag, accept) if accept(t)]
        return found

    # -- S, C, Shift+S, Shift+C ----------------------------------------------------------------------
    def attach_nearest(self, role: Role) -> Annotation | None:
        """Attach the nearest tag of the role in the sentence; returns it (None: nothing done)."""
        tag = self.content_tag()
        if tag is None:
            return None
        found = self.candidates(tag, role)
        if not found:
            key = next((lab.shortcut for lab in self.ctx.labels() if lab.role == role and lab.shortcut), "")
            if key:
                message = _by_role(
                    role,
                    _tr(
                        "No source tag in this sentence: tag the source first "
                        "(select the words and press {key})."
                    ),
                    _tr("No cue tag in this sentence: tag the cue first (select the words and press {key})."),
                ).format(key=key)
            else:
                message = _by_role(
                    role,
                    _tr("No source tag in this sentence: tag the source first."),
                    _tr("No cue tag in this sentence: tag the cue first."),
                )
            self.ctx.status(message)
            return None
        nearest = found[0]
        if getattr(tag, role) == nearest.id:
            self.ctx.status(
                _by_role(
                    role,
                    _tr("“{quote}” is already its source; Shift+S chooses another."),
                    _tr("“{quote}” is already its cue; Shift+C chooses another."),
                ).format(quote=quotable(nearest.quote, 30))
            )
            return nearest
        return nearest if self.set(tag, role, nearest) else None

    def choose(self, role: Role) -> Annotation | None:
        """A picker of the candidates (nearest first), with "No source/cue" to detach."""
        tag = self.content_tag()
        if tag is None:
            return None
        found = self.candidates(tag, role, wider=True)
        current_id = getattr(tag, role)
        choices: list[Choice[Annotation | str]] = [
            Choice(self._describe(tag, t, current_id), t, one_line(t.quote, 300)) for t in found
        ]
        if current_id is not None:
            choices.append(Choice(_by_role(role, _tr("No source (detach)"), _tr("No cue (detach)")), DETACH))
        if not choices:
            self.ctx.status(
                _by_role(
                    role,
                    _tr("No source tag near “{quote}”: tag the source first."),
                    _tr("No cue tag near “{quote}”: tag the cue first."),
                ).format(quote=quotable(tag.quote, 30))
            )
            return None
        at = next((i for i, t in enumerate(found) if t.id == current_id), 0)
        chosen = pick(
            self.ctx.parent,
            _by_role(role, _tr("Choose the source"), _tr("Choose the cue")),
            _by_role(
                role,
                _tr("The source of “{quote}”, nearest first:"),
                _tr("The cue of “{quote}”, nearest first:"),
            ).format(quote=quotable(tag.quote, 60)),
            choices,
            current=at,
            previewed=self._preview,
        )
        if chosen is None:
            return None
        if isinstance(chosen, str):
            self.set(tag, role, None)
            return None
        self.set(tag, role, chosen)
        return chosen

    def _preview(self, value: Annotation | str | None) -> None:
        self.preview(value.id if isinstance(value, Annotation) else None)

    def _describe(self, anchor: Annotation, t: Annotation, current_id: str | None) -> str:
        gap = distance(anchor, t)
        if gap == 0:
            where = _tr("overlapping")
        elif t.start < anchor.start:
            where = _tr("{n} characters before").format(n=gap)
        else:
            where = _tr("{n} characters after").format(n=gap)
        mark = _tr("  ✓ current") if t.id == current_id else ""
        speaker = ""
        if t.speaker:
            s = self.speaker(t.speaker)
            speaker = f" — {shown(s.name)}" if s is not None else ""
        return f"“{quotable(t.quote, 50)}”{speaker} · {t.annotator} · {where}{mark}"

    def set(self, tag: Annotation, role: Role, value: Annotation | None) -> bool:
        """Set the tag's source or cue (None: detach), undoably."""
        if not self.ctx.owned(tag, "change the attribution of"):
            return False
        new_id = value.id if value is not None else None
        after = replace(tag, source=new_id) if role == "source" else replace(tag, cue=new_id)
        if after == tag:
            return False
        if value is not None:
            what = _by_role(role, _tr("Source “{quote}”"), _tr("Cue “{quote}”")).format(
                quote=quotable(value.quote, 20)
            )
        else:
            what = _by_role(role, _tr("No source"), _tr("No cue"))
        command = set_attribution(self.ctx.project, tag, after, self.ctx.text(), what)
        if not self.ctx.push(command, _tr("The attribution was not saved")):
            return False
        if value is not None:
            done = _by_role(
                role, _tr("Source attached to “{quote}”."), _tr("Cue attached to “{quote}”.")
            ).format(quote=quotable(tag.quote, 30))
        else:
            done = _by_role(role, _tr("Source detached."), _tr("Cue detached."))
        self.ctx.status(done)
        return True

    # -- Q ---------------------------------------------------------------------------------------------
    def cycle_quotation(self) -> None:
        tag = self.content_tag()
        if tag is None:
            return
        i = QUOTATION_CYCLE.index(tag.quotation) if tag.quotation in QUOTATION_CYCLE else -1
        self.set_quotation(tag, QUOTATION_CYCLE[(i + 1) % len(QUOTATION_CYCLE)])

    def set_quotation(self, tag: Annotation, value: Quotation | None) -> bool:
        if value == tag.quotation or not self.ctx.owned(tag, "change the attribution of"):
            return False
        after = replace(tag, quotation=value)
        command = set_attribution(
            self.ctx.project,
            tag,
            after,
            self.ctx.text(),
            _tr("Quotation {value}").format(value=value) if value else _tr("Quotation unset"),
        )
        if self.ctx.push(command, _tr("The quotation was not saved")):
            self.ctx.status(_tr("Quotation: {value}.").format(value=quotation_text(value)))
            return True
        return False

    # -- W: the speaker of a source tag -----------------------------------------------------------------
    def speaker(self, speaker_id: str | None) -> Speaker | None:
        """The speaker (after merges) a source tag names."""
        if speaker_id is None:
            return None
        speakers = {s.id: s for s in self.ctx.project.speakers()}
        return speakers.get(resolve(speaker_id, speakers))

    def name_speaker(self) -> Speaker | None:
        tag = self.ctx.current(_tr("Make a source tag current first (click it, or Tab to it)."))
        if tag is None:
            return None
        if self.ctx.role(tag) != "source":
            self.ctx.status(
                _tr("“{quote}” is a {label} tag: a speaker is named on a source tag.").format(
                    quote=quotable(tag.quote, 30), label=tag.label
                )
            )
            return None
        if not self.ctx.owned(tag, "name the speaker of"):
            return None
        speakers = self.ctx.project.speakers(include_merged=False)
        current = self.speaker(tag.speaker)
        names = [shown(s.name) for s in speakers]
        name = ask_speaker_name(
            self.ctx.parent, tag.quote, names, shown(current.name) if current else tag.quote
        )
        while name is not None and holds_hidden(name):
            # Asked again with those characters taken out: the user checks the name and presses Enter.
            dialogs.show_error(
                self.ctx.parent,
                _tr("Speaker"),
                _tr("Cannot name the speaker: {why}.").format(why=name_problem(name)),
                what_next=_tr("They were taken out of the name: check it and press Enter."),
            )
            cleaned = "".join(" " if is_hidden(c) else c for c in name)
            name = ask_speaker_name(self.ctx.parent, tag.quote, names, cleaned)
        if name is None:
            return None
        name = " ".join(name.split())
        if not name:
            if tag.speaker is not None:
                self.ctx.push(
                    set_speaker(self.ctx.project, tag, None, self.ctx.text()),
                    _tr("The speaker was not saved"),
                )
            return None
        existing = next((s for s in speakers if name_key(shown(s.name)) == name_key(name)), None)
        if existing is None:
            # A name merged into another speaker is that speaker's ("Tillerson" into "Rex Tillerson"):
            # a new speaker of that name would split what the merge joined.
            everyone = {s.id: s for s in self.ctx.project.speakers()}
            gone = next((s for s in everyone.values() if name_key(shown(s.name)) == name_key(name)), None)
            if gone is not None:
                existing = everyone.get(resolve(gone.id, everyone))
        if existing is not None:
            if tag.speaker == existing.id:
                return existing
            command = set_speaker(self.ctx.project, tag, existing, self.ctx.text())
            return existing if self.ctx.push(command, _tr("The speaker was not saved")) else None
        speaker = new_speaker(name)
        command2 = AssignNewSpeaker(self.ctx.project, speaker, tag, self.ctx.text())
        if self.ctx.push(command2, _tr("The speaker was not saved")):
            self.ctx.status(
                _tr("New speaker {name}: Project › Speakers… adds a description and links.").format(name=name)
            )
            return speaker
        return None


def ask_speaker_name(parent: QWidget, quote: str, names: list[str], initial: str) -> str | None:
    """The speaker's name, typed with a completer over the project's speakers (None: cancelled; Esc
    after typing asks first, as the other prompts do)."""
    label = _tr(
        "Who is “{quote}”? Type a speaker's name (↓ lists matches); a new name adds one. Empty: no speaker."
    ).format(quote=quotable(quote, 60))
    dialog = TextPrompt(parent, _tr("Speaker"), label, " ".join(initial.split()))
    dialog.setObjectName("speakerInput")
    edit = dialog.findChild(QLineEdit)
    if edit is not None:
        edit.setCompleter(NameCompleter(names, dialog))  # "O'B" finds "O’Brien", as names compare
        edit.selectAll()
    ok = dialog.exec()
    value = dialog.textValue()
    dialog.deleteLater()
    return value if ok else None
