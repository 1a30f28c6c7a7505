"""The version of the sync rules this factcheck applies when it pushes to a team server.

The rules are the services' sync modules (`sync`, `sync_structure`, `sync_claims`, `sync_kept`,
`sync_meanwhile`, `sync_pending`, `team_renames`...): what a push sends or refuses (a speaker's name,
description and same-as checked first), how a pull lands the server's rows. They run in the client, so
two factchecks of different ages on one team would apply different rules to the same rows. Each push
records this version on the server (`db.pg_sync_rules`, the highest any client used); a factcheck whose
version is lower then does not push (it may still pull) and says to update it.

RAISE SYNC_RULES_VERSION WHENEVER A SYNC RULE CHANGES (a row checked, refused, cleaned or mapped
differently on push or pull): an older factcheck then stops sending instead of applying the old rule.
The server's schema version (`db.pg_schema.SCHEMA_VERSION`) is another thing: it moves only when the
server's tables change.
"""

from __future__ import annotations

from typing import Any

from db import pg_sync_rules
from db.pg_sync_rules import NEWER_RULES, SyncRulesNewer

#: 1: speakers' descriptions and same-as addresses checked on push, cleaned on pull
#:    (`factcheck.core.speaker_fields`).
#: (Still 1 with the curated marks' sender and a removal's clearing: the server writes the sender whoever
#: pushes, and an older factcheck only leaves its own removals' marks on the server, as it did: stopping
#: its pushes would change neither.)
SYNC_RULES_VERSION = 1

__all__ = ["NEWER_RULES", "SYNC_RULES_VERSION", "SyncRulesNewer", "server_is_newer"]


def server_is_newer(conn: Any) -> bool:
    """Whether a newer factcheck's rules were recorded on the server: this one must not push."""
    return pg_sync_rules.newer_than(conn, SYNC_RULES_VERSION)
