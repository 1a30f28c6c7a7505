"""What a push told, kept until the pull that acts on it commits: a sync cut off between the two loses
nothing.

The push's server transaction commits, and the project then forgets the rows it sent (the outbox). What
the server did with some of them is known only from the push's answer: rows refused, in conflict (the
server kept its own copy at the same stamp), sent with a reviewer's decision, or not applied. The pull
puts the server's copy of those rows over ours, whatever the stamps, and the sync says why. A sync cut off
after the push but before its pull committed (the network lost, the server restarted) would lose that
answer: the next pull would not replace our copy of a conflicting row (the same stamp: ours kept, the
project then holding another copy than the server for good), and the report of it would never be seen.

So the answer is written with the outbox's clearing, in the same project transaction, and the pull's
transaction forgets it: the next sync after a cut-off one adds it to its own push's answer, and acts on
it and says it once. A conflict on a row changed here since (still queued, which this sync sends over
the other copy, where it wins as the newer) is described from the server's copy before the push, and
listed as a held conflict (`sync_held_conflicts`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from db import sync_local
from db.pg_sync import PushResult, Refusal
from db.store import Store

STATE_KEY = "push_unsettled"


def remembered(store: Store) -> PushResult:
    """The answer of a push whose pull never committed (empty when none)."""
    text = sync_local.get_state(store, STATE_KEY)
    if not text:
        return PushResult()
    try:
        value = json.loads(text)
        return PushResult(
            refused=[
                Refusal(str(t), str(k), None if o is None else str(o), str(w))
                for t, k, o, w in value["refused"]
            ],
            conflicts=_lists(value["conflicts"]),
            kept=_lists(value["kept"]),
            outdated={
                str(t): {str(k): [str(c) for c in cols] for k, cols in keys.items()}
                for t, keys in value["outdated"].items()
            },
            unchanged=_lists(value["unchanged"]),
            not_applied={
                str(t): {str(k): None if s is None else str(s) for k, s in keys.items()}
                for t, keys in value["not_applied"].items()
            },
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return PushResult()  # written by this module only; a damaged value is dropped, not fatal


def _lists(value: Mapping[str, Any]) -> dict[str, list[str]]:
    return {str(t): [str(k) for k in keys] for t, keys in value.items()}


def combined(earlier: PushResult, now: PushResult) -> PushResult:
    """now's answer with an earlier cut-off push's added (now's word on a row is the later one)."""
    if not _anything(earlier):
        return now
    out = PushResult(written=now.written, caught_up_to=now.caught_up_to, missing=now.missing)
    fresh = {(r.table, r.key) for r in now.refused}
    out.refused = [*[r for r in earlier.refused if (r.table, r.key) not in fresh], *now.refused]
    for name in ("conflicts", "kept", "unchanged"):
        merged: dict[str, list[str]] = {t: list(keys) for t, keys in getattr(earlier, name).items()}
        for table, keys in getattr(now, name).items():
            merged[table] = list(dict.fromkeys([*merged.get(table, []), *keys]))
        setattr(out, name, merged)
    out.outdated = {t: dict(keys) for t, keys in earlier.outdated.items()}
    for table, cols in now.outdated.items():
        out.outdated.setdefault(table, {}).update(cols)
    out.not_applied = {t: dict(keys) for t, keys in earlier.not_applied.items()}
    for table, statuses in now.not_applied.items():
        out.not_applied.setdefault(table, {}).update(statuses)
    return out


def remember(store: Store, pushed: PushResult) -> None:
    """Keep the push's answer (inside the transaction that clears the outbox)."""
    value = {
        "refused": [[r.table, r.key, r.owner, r.why] for r in pushed.refused],
        "conflicts": pushed.conflicts,
        "kept": pushed.kept,
        "outdated": pushed.outdated,
        "unchanged": pushed.unchanged,
        "not_applied": pushed.not_applied,
    }
    sync_local.set_state(store, {STATE_KEY: json.dumps(value, sort_keys=True) if _anything(pushed) else ""})


def forget(store: Store) -> None:
    """The pull acted on it (inside the pull's transaction), or the project moved to another server."""
    if sync_local.get_state(store, STATE_KEY):
        sync_local.set_state(store, {STATE_KEY: ""})


def _anything(pushed: PushResult) -> bool:
    return bool(
        pushed.refused
        or any(pushed.conflicts.values())
        or any(pushed.kept.values())
        or any(pushed.outdated.values())
        or any(pushed.unchanged.values())
        or any(pushed.not_applied.values())
    )
