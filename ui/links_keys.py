"""Links from the keyboard: make, follow (and come back), delete.

With a tag current:
- **L** makes a link from it: a picker of the link types (the likeliest for its label selected: a denial
  *denies*, a characterization *characterizes*, a claim is the *same_claim*), then a picker of the target
  among the tags around it (those of the label the type expects first, nearest first), each shown in the
  article as the selection moves. So the common case is L, Enter, Enter.
- **F** follows a link: jumps to the other end (a picker when the tag has several links);
  **Alt+Left** (or Backspace) goes back to where the jump started.
- **Shift+L** deletes a link of the current tag (a picker when it has several). A link belongs to its
  annotator: only they delete it.
Deleting a tag deletes its links in the same transaction (the store does it; undo restores both).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from factcheck.core.links import Link, new_link
from factcheck.core.model import Annotation
from factcheck.core.nearby import distance, expected_target, link_candidates, suggested_link_type
from factcheck.core.ownership import CORRECTS
from ui.picker import Choice, pick
from ui.structure_commands import AddLink, DeleteLink
from ui.structure_context import Context
from ui.tag_text import one_line, quotable


def _tr(text: str) -> str:
    return QCoreApplication.translate("LinkKeys", text)


#: How many jumps Alt+Left can go back.
BACK_DEPTH = 50


def link_text(link: Link, tag_id: str, other: Annotation | None) -> str:
    """One line for a link seen from the tag ``tag_id``: its direction, type and the other end."""
    if other is not None:
        quote = _tr("“{quote}” ({label})").format(quote=quotable(other.quote, 50), label=other.label)
    else:
        quote = _tr("(a tag not shown)")
    if link.from_id == tag_id:
        return _tr("→ {type} {tag} · {annotator}").format(type=link.type, tag=quote, annotator=link.annotator)
    return _tr("← {type} from {tag} · {annotator}").format(
        type=link.type, tag=quote, annotator=link.annotator
    )


class LinkKeys:
    """The link keys' work; see the module docstring."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.back_stack: list[str] = []
        self.preview: Callable[[str | None], None] = lambda _tag_id: None

    def other_end(self, link: Link, tag_id: str) -> Annotation | None:
        return self.ctx.open_doc.tags.get(link.to_id if link.from_id == tag_id else link.from_id)

    # -- L ---------------------------------------------------------------------------------------------
    def make_link(self, link_type: str | None = None) -> Link | None:
        tag = self.ctx.current(
            _tr("Make the tag the link starts from current first (click it, or Tab to it).")
        )
        doc = self.ctx.open_doc.document
        if tag is None or doc is None:
            return None
        if link_type is None:
            link_type = self.choose_type(tag)
            if link_type is None:
                return None
        target = self.choose_target(tag, link_type)
        if target is None:
            return None
        if self._linked_already(tag.id, target.id, link_type):
            self.ctx.status(
                _tr("“{quote}” {type} “{target}” already.").format(
                    quote=quotable(tag.quote, 30), type=link_type, target=quotable(target.quote, 30)
                )
            )
            return None
        link = new_link(doc.id, link_type, tag.id, target.id, self.ctx.host.annotator)
        if not self.ctx.push(AddLink(self.ctx.project, link, tag, target), _tr("The link was not saved")):
            return None
        self.ctx.status(
            _tr("Linked: “{quote}” {type} “{target}” (F follows it).").format(
                quote=quotable(tag.quote, 30), type=link_type, target=quotable(target.quote, 30)
            )
        )
        return link

    def _linked_already(self, from_id: str, to_id: str, link_type: str) -> bool:
        """A link of this type between the two tags, this way or (a symmetric type: the same link) back."""
        links = self.ctx.open_doc.links
        if links.between(from_id, to_id, link_type) is not None:
            return True
        symmetric = any(t.name == link_type and t.symmetric for t in self.ctx.project.link_types())
        return symmetric and links.between(to_id, from_id, link_type) is not None

    def choose_type(self, tag: Annotation) -> str | None:
        # corrects links are made by corrections alone (they say who may change what: core.ownership)
        types = [t.name for t in self.ctx.project.link_types() if t.name != CORRECTS]
        if not types:
            self.ctx.status(_tr("This project has no link types."))
            return None
        suggested = suggested_link_type(tag.label, types)
        choices = [Choice(self._type_text(name), name) for name in types]
        return pick(
            self.ctx.parent,
            _tr("Link type"),
            _tr("Link “{quote}” ({label}) to another tag as:").format(
                quote=quotable(tag.quote, 60), label=tag.label
            ),
            choices,
            current=types.index(suggested) if suggested in types else 0,
        )

    @staticmethod
    def _type_text(name: str) -> str:
        target = expected_target(name)
        return _tr("{name}  (to a {target})").format(name=name, target=target) if target else name

    def choose_target(self, tag: Annotation, link_type: str) -> Annotation | None:
        wanted = expected_target(link_type)
        found = link_candidates(self.ctx.open_doc.tags, tag, lambda t: wanted is None or t.label == wanted)
        if not found:
            self.ctx.status(_tr("No other tag near this one to link to."))
            return None
        choices = [Choice(self._target_text(tag, t), t, one_line(t.quote, 300)) for t in found]
        chosen = pick(
            self.ctx.parent,
            _tr("Link target"),
            _tr("“{quote}” {type} which tag? (nearest first)").format(
                quote=quotable(tag.quote, 50), type=link_type
            ),
            choices,
            previewed=lambda t: self.preview(t.id if t is not None else None),
        )
        return chosen

    def _target_text(self, anchor: Annotation, t: Annotation) -> str:
        gap = distance(anchor, t)
        if gap == 0:
            where = _tr("overlapping")
        elif t.start < anchor.start:
            where = _tr("{n} chars before").format(n=gap)
        else:
            where = _tr("{n} chars after").format(n=gap)
        return _tr("{label}: “{quote}” · {annotator} · {where}").format(
            label=t.label, quote=quotable(t.quote, 50), annotator=t.annotator, where=where
        )

    # -- F, Alt+Left -------------------------------------------------------------------------------------
    def follow(self, link: Link | None = None) -> str | None:
        """Jump to the other end of a link of the current tag; returns the tag jumped to."""
        tag = self.ctx.current()
        if tag is None:
            return None
        if link is None:
            link = self._choose_link(tag, _tr("Follow a link"), _tr("Go to the other end of:"))
            if link is None:
                return None
        other = self.other_end(link, tag.id)
        if other is None or not self.ctx.open_doc.tags.drawn(other.id):
            self.ctx.status(_tr("The other end of this link is not shown (a filter hides it)."))
            return None
        self.back_stack = [*self.back_stack, tag.id][-BACK_DEPTH:]
        self.ctx.make_current(other.id)
        self.ctx.status(_tr("At “{quote}”: Alt+Left goes back.").format(quote=quotable(other.quote, 40)))
        return other.id

    def back(self) -> str | None:
        tags = self.ctx.open_doc.tags
        while self.back_stack:
            tag_id = self.back_stack.pop()
            if tags.drawn(tag_id):
                self.ctx.make_current(tag_id)
                return tag_id
        self.ctx.status(_tr("Nothing to go back to (F follows a link; Alt+Left comes back)."))
        return None

    def forget(self) -> None:
        """Another document opened: the jumps were in the last one."""
        self.back_stack.clear()

    # -- Shift+L -----------------------------------------------------------------------------------------
    def delete_link(self, link: Link | None = None) -> bool:
        tag = self.ctx.current()
        if tag is None:
            return False
        if link is None:
            link = self._choose_link(tag, _tr("Delete a link"), _tr("Delete which link?"))
            if link is None:
                return False
        if link.annotator != self.ctx.host.annotator:  # a link belongs to its annotator
            self.ctx.status(
                _tr("This link belongs to {annotator}: only they delete it.").format(annotator=link.annotator)
            )
            return False
        tags = self.ctx.open_doc.tags
        a, b = tags.get(link.from_id), tags.get(link.to_id)
        if a is None or b is None:
            self.ctx.status(
                _tr("An end of this link is not shown (a filter hides it); show it to delete the link.")
            )
            return False
        command = DeleteLink(self.ctx.project, link, a, b, self.ctx.host.annotator)
        if self.ctx.push(command, _tr("The link was not deleted")):
            self.ctx.status(_tr("Link {type} deleted (Ctrl+Z brings it back).").format(type=link.type))
            return True
        return False

    def _choose_link(self, tag: Annotation, title: str, prompt: str) -> Link | None:
        links = self.ctx.open_doc.links.of(tag.id)
        if not links:
            self.ctx.status(_tr("“{quote}” has no link (L makes one).").format(quote=quotable(tag.quote, 30)))
            return None
        if len(links) == 1:
            return links[0]
        choices = [Choice(link_text(ln, tag.id, self.other_end(ln, tag.id)), ln) for ln in links]
        return pick(
            self.ctx.parent,
            title,
            prompt,
            choices,
            previewed=lambda ln: self.preview(self._other_id(ln, tag.id)),
        )

    def _other_id(self, link: Link | None, tag_id: str) -> str | None:
        if link is None:
            return None
        return link.to_id if link.from_id == tag_id else link.from_id
