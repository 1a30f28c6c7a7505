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

from factcheck.core.links import Link, new_link
from factcheck.core.model import Annotation
from factcheck.core.nearby import distance, expected_target, link_candidates, suggested_link_type
from factcheck.core.ownership import CORRECTS
from ui.picker import Choice, pick
from ui.structure_commands import AddLink, DeleteLink
from ui.structure_context import Context
from ui.tag_text import one_line

#: How many jumps Alt+Left can go back.
BACK_DEPTH = 50


def link_text(link: Link, tag_id: str, other: Annotation | None) -> str:
    """One line for a link seen from the tag ``tag_id``: its direction, type and the other end."""
    quote = f"“{one_line(other.quote, 50)}” ({other.label})" if other is not None else "(a tag not shown)"
    if link.from_id == tag_id:
        return f"→ {link.type} {quote} · {link.annotator}"
    return f"← {link.type} from {quote} · {link.annotator}"


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
        tag = self.ctx.current("Make the tag the link starts from current first (click it, or Tab to it).")
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
        if self.ctx.open_doc.links.between(tag.id, target.id, link_type) is not None:
            self.ctx.status(
                f"“{one_line(tag.quote, 30)}” {link_type} “{one_line(target.quote, 30)}” already."
            )
            return None
        link = new_link(doc.id, link_type, tag.id, target.id, self.ctx.host.annotator)
        if not self.ctx.push(AddLink(self.ctx.project, link, tag, target), "The link was not saved"):
            return None
        self.ctx.status(
            f"Linked: “{one_line(tag.quote, 30)}” {link_type} “{one_line(target.quote, 30)}” (F follows it)."
        )
        return link

    def choose_type(self, tag: Annotation) -> str | None:
        # corrects links are made by corrections alone (they say who may change what: core.ownership)
        types = [t.name for t in self.ctx.project.link_types() if t.name != CORRECTS]
        if not types:
            self.ctx.status("This project has no link types.")
            return None
        suggested = suggested_link_type(tag.label, types)
        choices = [Choice(self._type_text(name), name) for name in types]
        return pick(
            self.ctx.parent,
            "Link type",
            f"Link “{one_line(tag.quote, 60)}” ({tag.label}) to another tag as:",
            choices,
            current=types.index(suggested) if suggested in types else 0,
        )

    @staticmethod
    def _type_text(name: str) -> str:
        target = expected_target(name)
        return f"{name}" + (f"  (to a {target})" if target else "")

    def choose_target(self, tag: Annotation, link_type: str) -> Annotation | None:
        wanted = expected_target(link_type)
        found = link_candidates(self.ctx.open_doc.tags, tag, lambda t: wanted is None or t.label == wanted)
        if not found:
            self.ctx.status("No other tag near this one to link to.")
            return None
        choices = [Choice(self._target_text(tag, t), t, one_line(t.quote, 300)) for t in found]
        chosen = pick(
            self.ctx.parent,
            "Link target",
            f"“{one_line(tag.quote, 50)}” {link_type} which tag? (nearest first)",
            choices,
            previewed=lambda t: self.preview(t.id if t is not None else None),
        )
        return chosen

    def _target_text(self, anchor: Annotation, t: Annotation) -> str:
        gap = distance(anchor, t)
        where = (
            "overlapping" if gap == 0 else f"{gap} chars {'before' if t.start < anchor.start else 'after'}"
        )
        return f"{t.label}: “{one_line(t.quote, 50)}” · {t.annotator} · {where}"

    # -- F, Alt+Left -------------------------------------------------------------------------------------
    def follow(self, link: Link | None = None) -> str | None:
        """Jump to the other end of a link of the current tag; returns the tag jumped to."""
        tag = self.ctx.current()
        if tag is None:
            return None
        if link is None:
            link = self._choose_link(tag, "Follow a link", "Go to the other end of:")
            if link is None:
                return None
        other = self.other_end(link, tag.id)
        if other is None or not self.ctx.open_doc.tags.drawn(other.id):
            self.ctx.status("The other end of this link is not shown (a filter hides it).")
            return None
        self.back_stack = [*self.back_stack, tag.id][-BACK_DEPTH:]
        self.ctx.make_current(other.id)
        self.ctx.status(f"At “{one_line(other.quote, 40)}”: Alt+Left goes back.")
        return other.id

    def back(self) -> str | None:
        tags = self.ctx.open_doc.tags
        while self.back_stack:
            tag_id = self.back_stack.pop()
            if tags.drawn(tag_id):
                self.ctx.make_current(tag_id)
                return tag_id
        self.ctx.status("Nothing to go back to (F follows a link; Alt+Left comes back).")
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
            link = self._choose_link(tag, "Delete a link", "Delete which link?")
            if link is None:
                return False
        if link.annotator != self.ctx.host.annotator:  # a link belongs to its annotator
            self.ctx.status(f"This link belongs to {link.annotator}: only they delete it.")
            return False
        tags = self.ctx.open_doc.tags
        a, b = tags.get(link.from_id), tags.get(link.to_id)
        if a is None or b is None:
            self.ctx.status(
                "An end of this link is not shown (a filter hides it); show it to delete the link."
            )
            return False
        command = DeleteLink(self.ctx.project, link, a, b, self.ctx.host.annotator)
        if self.ctx.push(command, "The link was not deleted"):
            self.ctx.status(f"Link {link.type} deleted (Ctrl+Z brings it back).")
            return True
        return False

    def _choose_link(self, tag: Annotation, title: str, prompt: str) -> Link | None:
        links = self.ctx.open_doc.links.of(tag.id)
        if not links:
            self.ctx.status(f"“{one_line(tag.quote, 30)}” has no link (L makes one).")
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
