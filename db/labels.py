"""Changing the project's labels: add, rename, recolour, set a key, reorder, remove.

Each change is one transaction. A rename changes the label of every tag that has it, whoever's it is
(the annotations' foreign key cascades): labels are the project's scheme, not any annotator's. The old
name is remembered (`label_renames`), so that a teammate's work made before the rename merges under the
new name instead of being refused. A label
still on tags is removed only when asked with `force`, and its tags (tombstones included) go with it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from db import renames
from db.errors import StoreError
from db.scheme_names import check_scheme_name
from db.store import Store
from factcheck.core.model import Label

_COLOR = re.compile(r"#[0-9a-fA-F]{6}\Z")
#: Colours for labels added without one (Okabe-Ito first, after the three of the default labels).
PALETTE = ("#009E73", "#F0E442", "#0072B2", "#D55E00", "#999999", "#882255", "#44AA99", "#117733")
#: Keys a label may have: one digit (letters are the review keys and the window's own shortcuts).
_KEY = re.compile(r"[0-9]\Z")


def _refresh(store: Store) -> None:
    store._label_cache = None


def check_name(name: str) -> str:
    return check_scheme_name(name, "label")


def check_color(color: str) -> str:
    if not _COLOR.match(color):
        raise StoreError(f"{color!r} is not a colour; write it as #rrggbb (e.g. #0072B2).")
    return color.upper()


def check_key(store: Store, key: str, name: str) -> str:
    """A free key for label name ('' for none); raises when another label has it."""
    if not key:
        return ""
    if not _KEY.match(key):
        raise StoreError(f"{key!r} cannot be a label key; use one digit (0-9), or none.")
    taken = next((lab.name for lab in store.labels() if lab.shortcut.lower() == key.lower()), None)
    if taken is not None and taken != name:
        raise StoreError(f"The key {key} is the label {taken!r}'s; choose another or change that one first.")
    return key


def valid_color(color: str) -> bool:
    return bool(_COLOR.match(color))


def valid_key(key: str) -> bool:
    """key can be a label's key (one digit), or is none ('')."""
    return not key or bool(_KEY.match(key))


def key_is_free(store: Store, key: str) -> bool:
    return bool(_KEY.match(key)) and all(lab.shortcut.lower() != key.lower() for lab in store.labels())


def _require(store: Store, name: str) -> Label:
    found = next((lab for lab in store.labels() if lab.name == name), None)
    if found is None:
        names = ", ".join(lab.name for lab in store.labels()) or "none"
        raise StoreError(f"There is no label {name!r} in this project (its labels: {names}).")
    return found


def free_color(store: Store) -> str:
    """A colour of PALETTE no label has, else the one fewest labels have (the first of those): once the
    palette ran out, every new label took the same colour."""
    used = Counter(lab.color.upper() for lab in store.labels())
    return min(PALETTE, key=lambda c: used[c.upper()])


def free_key(store: Store) -> str:
    used = {lab.shortcut for lab in store.labels()}
    return next((k for k in "123456789" if k not in used), "")


def _taken(store: Store, name: str, but: str | None = None) -> str | None:
    """The label named name but for case (other than but), as the project spells it."""
    wanted = name.lower()
    return next((lab.name for lab in store.labels() if lab.name.lower() == wanted and lab.name != but), None)


def _case(taken: str, name: str) -> str:
    """What the message adds when the name typed differs from the label's in case only."""
    return f" ({name!r} differs from it only in case: the same name)" if taken != name else ""


def add_label(store: Store, name: str, color: str = "", key: str | None = None) -> Label:
    """Add a label after the others. color '' takes a free one of PALETTE; key None the next free digit."""
    name = check_name(name)
    with store.atomic():
        if (taken := _taken(store, name)) is not None:
            raise StoreError(f"The project has a label {taken!r} already{_case(taken, name)}.")
        color = check_color(color) if color else free_color(store)
        key = free_key(store) if key is None else check_key(store, key, name)
        (top,) = store._db.execute("SELECT coalesce(max(position), -1) FROM labels").fetchone()
        renames.forget_alias(store, "label_renames", name)  # a label of its own again
        store._db.execute(
            "INSERT INTO labels (name, color, shortcut, position) VALUES (?, ?, ?, ?)",
            [name, color, key, top + 1],
        )
        _refresh(store)
    return Label(name, color, key)


def rename_label(store: Store, old: str, new: str) -> int:
    """Rename a label; every tag with it follows. The number of tags (tombstones included) renamed."""
    new = check_name(new)
    with store.atomic():
        _require(store, old)
        if new != old and (taken := _taken(store, new, but=old)) is not None:
            raise StoreError(
                f"The project has a label {taken!r} already{_case(taken, new)}; choose another name."
            )
        (n,) = store._db.execute("SELECT count(*) FROM annotations WHERE label = ?", [old]).fetchone()
        store._db.execute("UPDATE labels SET name = ? WHERE name = ?", [new, old])
        renames.remember(store, "label_renames", old, new)  # for merges of work made before
        _refresh(store)
    return int(n)


def renamed_labels(store: Store) -> dict[str, str]:
    """Former label names -> the current name (for merging work made before a rename)."""
    return renames.renames(store, "label_renames")


def set_color(store: Store, name: str, color: str) -> None:
    color = check_color(color)
    with store.atomic():
        _require(store, name)
        store._db.execute("UPDATE labels SET color = ? WHERE name = ?", [color, name])
        _refresh(store)


def set_key(store: Store, name: str, key: str) -> None:
    with store.atomic():
        _require(store, name)
        key = check_key(store, key, name)
        store._db.execute("UPDATE labels SET shortcut = ? WHERE name = ?", [key, name])
        _refresh(store)


def reorder(store: Store, names: Sequence[str]) -> None:
    """Put the labels in this order (every label, each once)."""
    with store.atomic():
        ours = [lab.name for lab in store.labels()]
        if sorted(names) != sorted(ours):
            raise StoreError("The new order must list every label of the project once.")
        store._db.conn.executemany(
            "UPDATE labels SET position = ? WHERE name = ?", [(i, n) for i, n in enumerate(names)]
        )
        _refresh(store)


def usage(store: Store) -> dict[str, tuple[int, int]]:
    """Per label: (live tags, tags in all, tombstones included)."""
    counts = {lab.name: (0, 0) for lab in store.labels()}
    for label, live, total in store._db.execute(
        "SELECT label, sum(deleted_at IS NULL), count(*) FROM annotations GROUP BY label"
    ):
        counts[label] = (int(live), int(total))
    return counts


def label_reach(store: Store, name: str) -> tuple[int, int]:
    """What else loses a tag when the label's tags go: (live links from or to one of them, live cards with
    one of them as a member)."""
    tags = "SELECT id FROM annotations WHERE label = ?"
    links = store._db.execute(
        f"SELECT count(*) FROM links WHERE deleted_at IS NULL AND (from_id IN ({tags}) OR to_id IN ({tags}))",
        [name, name],
    ).fetchone()
    cards = store._db.execute(
        "SELECT count(DISTINCT t.claim_id) FROM claim_tags t JOIN claims c ON c.id = t.claim_id "
        f"WHERE t.deleted_at IS NULL AND c.deleted_at IS NULL AND t.annotation_id IN ({tags})",
        [name],
    ).fetchone()
    return int(links[0]), int(cards[0])


def remove_label(store: Store, name: str, *, force: bool = False) -> int:
    """Remove a label. Refused while tags have it, unless force: then those tags go too (their count is
    returned). The last content label is never removed: a project needs one to tag claims with."""
    with store.atomic():
        _require(store, name)
        labels = store.labels()
        role = next(lab.role for lab in labels if lab.name == name)
        if role == "content" and [lab.role for lab in labels].count("content") == 1:
            raise StoreError(
                f"{name!r} is the project's only label for content (claims and the like); add another "
                "before removing it."
            )
        live, total = usage(store).get(name, (0, 0))
        if total and not force:
            raise StoreError(
                f"{live} tag{'s' if live != 1 else ''} (and {total - live} deleted) have the label {name!r}; "
                "removing it removes them. Confirm to do so."
            )
        store._db.execute("DELETE FROM annotations WHERE label = ?", [name])
        store._db.execute("DELETE FROM labels WHERE name = ?", [name])
        renames.forget_target(store, "label_renames", name)
        _refresh(store)
    return int(total)
