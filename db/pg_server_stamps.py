"""Which of our rows a push would leave as the server holds them, its stamp not below ours.

A push updates a row only where the server's stamp is below the pushed one (`pg_sync._push_stamped`),
so a row a bypassing client stamped far ahead (or with junk that sorts after any time) takes no write of
ours, and every pull skips it: each project keeps its last good copy. A project about to change such a
row for the team's sake (the twin rule's automatic moves) asks first, so that it keeps the copy every
other project keeps rather than one only it holds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import psycopg
from psycopg import sql

from db.pg_tables import SCHEMA, TABLES

Conn = psycopg.Connection[tuple[Any, ...]]


def kept_by_server(conn: Conn, table: str, stamps: Mapping[str, str]) -> set[str]:
    """The keys of stamps ({key: the stamp we would push} of rows of table) whose server row a push would
    not update: the same comparison as the push's, made by the server (its collation, a NULL stamp)."""
    spec = next(s for s in TABLES if s.name == table)
    if not stamps or spec.stamp is None:
        return set()
    keys = sorted(stamps)
    query = sql.SQL(
        "SELECT i.k FROM unnest(%s::text[], %s::text[]) AS i(k, st) JOIN {t} s ON s.{k} = i.k "
        "WHERE (s.{st} < i.st) IS NOT TRUE"
    ).format(k=sql.Identifier(spec.key), st=sql.Identifier(spec.stamp), t=sql.Identifier(SCHEMA, spec.name))
    with conn.transaction():
        return {str(row[0]) for row in conn.execute(query, [keys, [stamps[k] for k in keys]])}
