"""Your name and your login at a project's first connection to a team server.

The server takes only rows whose owner is the login that sends them: a user who tagged as "Alice Smith"
and connects as `alice` had every earlier tag refused ("it is Alice Smith's tag, not yours (alice)"), for
good. So a first connection asks first (`NameDiffers`), and the user chooses: put that work under the
login (`take_as_login`), or connect and keep it local.
"""

from __future__ import annotations

from db.owners import put_under, rows_under
from db.store import Store
from factcheck.core.errors import FactcheckError
from factcheck.core.model import utc_now


class NameDiffers(FactcheckError):
    """The project holds work under the user's name, and the login differs: asked before syncing."""

    def __init__(self, name: str, login: str, tags: int, rows: int) -> None:
        self.name, self.login, self.tags, self.rows = name, login, tags, rows
        others = rows - tags
        more = f" (and {others} other row{'s' if others != 1 else ''}: links, cards, votes)" if others else ""
        super().__init__(
            f"This project holds {tags} tag{'s' if tags != 1 else ''}{more} under your name {name!r}, but "
            f"you connect as {login}: the team server takes only {login}'s, and would refuse them for good. "
            f"Nothing was synced."
        )


def check_name(store: Store, name: str, login: str) -> None:
    """NameDiffers when name is not the login and owns work here (a first connection's question)."""
    if not name or name == login:
        return
    tags, rows = rows_under(store, name, sample=False)  # (the sample's trial work stays here: not asked)
    if rows:
        raise NameDiffers(name, login, tags, rows)


def take_as_login(store: Store, name: str, login: str) -> int:
    """Put every row name owns or decided here under login, in one transaction; how many. Refused
    (FactcheckError, nothing changed) when login already owns work here: two people's, or one person's
    under two names, would merge into one (two live votes on one card...)."""
    if not name or name == login:
        return 0
    with store.atomic():
        if rows_under(store, login)[1]:
            raise FactcheckError(
                f"This project already holds work under {login}: {name!r}'s cannot be put under {login} too. "
                "Nothing was changed."
            )
        changed = put_under(store, name, login, utc_now())
    return changed
