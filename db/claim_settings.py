"""Project settings of claim cards: the verdict scale, the publishing organization, speakers' names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from db.store import Store
from factcheck.core.claims import (
    ClaimError,
    Organization,
    ScaleEntry,
    VerdictScale,
    check_color,
    check_scale_name,
    check_text,
    check_url,
)
from factcheck.core.model import utc_now

ORGANIZATION_NAME = "organization_name"
ORGANIZATION_URL = "organization_url"
ORG_KEYS = (ORGANIZATION_NAME, ORGANIZATION_URL)


def scale(store: Store) -> VerdictScale:
    """The project's verdict scale, in its order (best first unless the user ordered it otherwise)."""
    rows = store._db.execute("SELECT name, value, color FROM verdict_scale ORDER BY position, name")
    return VerdictScale(tuple(ScaleEntry(str(n), int(v), str(c)) for n, v, c in rows))


def scale_stamps(store: Store) -> dict[str, str]:
    return {str(n): str(u) for n, u in store._db.execute("SELECT name, updated_at FROM verdict_scale")}


def _check_entries(entries: Sequence[ScaleEntry]) -> VerdictScale:
    for e in entries:
        check_scale_name(e.name)
        check_color(e.color)
        if not isinstance(e.value, int) or isinstance(e.value, bool) or abs(e.value) > 1_000_000:
            raise ClaimError(f"The value of {e.name!r} is not a whole number.")
    if not entries:
        raise ClaimError("A verdict scale has at least one rating.")
    return VerdictScale(tuple(entries))


def _in_use(store: Store) -> set[str]:
    return {str(r[0]) for r in store._db.execute("SELECT DISTINCT verdict FROM verdicts")}


def set_scale(store: Store, entries: Sequence[ScaleEntry], renames: Mapping[str, str] | None = None) -> None:
    """Replace the scale by entries (in this order). renames maps an old name to its new one: verdicts
    follow the rename. A rating that verdicts use cannot go."""
    new = _check_entries(entries)
    renames = dict(renames or {})
    now = utc_now()
    with store.atomic():
        old = scale(store)
        for before, after in renames.items():
            if old.entry(before) is None:
                raise ClaimError(f"There is no rating {before!r} to rename.")
            if after not in new.names:
                raise ClaimError(f"The new name {after!r} of {before!r} is not on the new scale.")
        kept = set(new.names) | set(renames)
        used = sorted(_in_use(store) - kept)
        if used:
            raise ClaimError(f"Verdicts use {', '.join(map(repr, used))}: rename it instead of removing it.")
        for before, after in renames.items():
            if before != after:
                # ON UPDATE CASCADE carries the verdicts along.
                store._db.execute("UPDATE verdict_scale SET name = ? WHERE name = ?", [after, before])
        store._db.execute(
            f"DELETE FROM verdict_scale WHERE name NOT IN ({', '.join('?' for _ in new.names)})",
            list(new.names),
        )
        stored = {e.name: e for e in scale(store).entries}
        positions = {str(n): int(p) for n, p in store._db.execute("SELECT name, position FROM verdict_scale")}
        for i, e in enumerate(new.entries):
            if stored.get(e.name) == e and positions.get(e.name) == i and e.name not in renames.values():
                continue  # unchanged: keeps its stamp, so a merge does not see an edit
            store._db.execute(
                "INSERT INTO verdict_scale (name, value, color, position, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value, color = excluded.color, "
                "position = excluded.position, updated_at = excluded.updated_at",
                [e.name, e.value, e.color, i, now],
            )


def add_scale_entries(store: Store, entries: Iterable[ScaleEntry], stamp: str | None = None) -> list[str]:
    """Add the ratings the scale lacks, after the others (a file's --add-labels); their names."""
    have = set(scale(store).names)
    new = [e for e in entries if e.name not in have]
    _check_entries(new) if new else None
    if not new:
        return []
    with store.atomic():
        (top,) = store._db.execute("SELECT coalesce(max(position), -1) FROM verdict_scale").fetchone()
        store._db.conn.executemany(
            "INSERT OR IGNORE INTO verdict_scale (name, value, color, position, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [(e.name, e.value, e.color, int(top) + 1 + i, stamp or utc_now()) for i, e in enumerate(new)],
        )
    return [e.name for e in new]


def put_scale_rows(store: Store, rows: Iterable[tuple[str, int, str, int, str]]) -> None:
    """Write (name, value, color, position, updated_at) rows as given (merges: newer wins, checked there)."""
    with store.atomic():
        store._db.conn.executemany(
            "INSERT INTO verdict_scale (name, value, color, position, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value, color = excluded.color, "
            "position = excluded.position, updated_at = excluded.updated_at",
            list(rows),
        )


# -- settings --------------------------------------------------------------------------------------


def settings(store: Store) -> dict[str, tuple[str, str]]:
    """key -> (value, updated_at)."""
    return {
        str(k): (str(v), str(u))
        for k, v, u in store._db.execute("SELECT key, value, updated_at FROM settings")
    }


def put_settings(store: Store, values: Mapping[str, tuple[str, str]]) -> None:
    with store.atomic():
        store._db.conn.executemany(
            "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE "
            "SET value = excluded.value, updated_at = excluded.updated_at",
            [(k, v, u) for k, (v, u) in values.items()],
        )


def organization(store: Store) -> Organization:
    values = settings(store)
    return Organization(values.get(ORGANIZATION_NAME, ("", ""))[0], values.get(ORGANIZATION_URL, ("", ""))[0])


def set_organization(store: Store, org: Organization) -> Organization:
    """The publisher of the project's reviews (name and home page URL)."""
    name = check_text(org.name.strip(), "organization name")
    url = check_url(org.url, "organization URL") if org.url.strip() else ""
    now = utc_now()
    put_settings(store, {ORGANIZATION_NAME: (name, now), ORGANIZATION_URL: (url, now)})
    return Organization(name, url)


# -- speakers (their table comes with the structure of tags; until then ids are shown as they are) ---


@dataclass(frozen=True)
class SpeakerRef:
    id: str
    name: str
    kind: str  # "person" | "organization"
    same_as: tuple[str, ...] = ()


def speakers(store: Store) -> dict[str, SpeakerRef]:
    """Every speaker id -> the speaker it resolves to (merged speakers followed); {} without the table."""
    import json

    exists = store._db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'speakers'"
    ).fetchone()
    if not exists:
        return {}
    columns = {str(r[1]) for r in store._db.execute("PRAGMA table_info(speakers)")}
    merged = "merged_into" if "merged_into" in columns else "NULL"
    same_as = "same_as" if "same_as" in columns else "'[]'"
    kind = "kind" if "kind" in columns else "'person'"
    raw: dict[str, tuple[SpeakerRef, str | None]] = {}
    for sid, name, k, same, into in store._db.execute(
        f"SELECT id, name, {kind}, {same_as}, {merged} FROM speakers"
    ):
        try:
            links = tuple(str(u) for u in json.loads(same or "[]"))
        except (ValueError, TypeError):
            links = ()
        raw[str(sid)] = (SpeakerRef(str(sid), str(name), str(k or "person"), links), into)
    resolved: dict[str, SpeakerRef] = {}
    for sid in raw:
        seen, current = {sid}, sid
        while (into := raw[current][1]) and into in raw and into not in seen:
            seen.add(into)
            current = into
        resolved[sid] = raw[current][0]
    return resolved


def known_speakers(store: Store) -> list[tuple[str, str]]:
    """(id, its own name) of every speaker the project ever had, deleted and merged ones too, and of each
    card's speaker id without such a row (named by its id, as the cards show it): what a filter may name
    without being a typo."""
    has_table = store._db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'speakers'"
    ).fetchone()
    named = store._db.execute("SELECT id, name FROM speakers") if has_table else ()
    rows = [(str(i), str(n)) for i, n in named]
    ids = {i for i, _ in rows}
    cards = store._db.execute("SELECT DISTINCT speaker FROM claims WHERE speaker <> ''")
    return rows + [(str(i), str(i)) for (i,) in cards if str(i) not in ids]


def speaker_name(store: Store, speaker_id: str | None, known: Mapping[str, SpeakerRef] | None = None) -> str:
    """The speaker's name (the id itself when no speaker of that id is known; "" for None)."""
    if not speaker_id:
        return ""
    ref = (known if known is not None else speakers(store)).get(speaker_id)
    return ref.name if ref is not None else speaker_id
