"""Errors a user can act on. Their message is shown as is (CLI: one line; GUI: a dialog)."""


class FactcheckError(Exception):
    """Base of every error whose message is meant for the user."""


class InvalidSpan(FactcheckError):
    """A span that is outside the text, empty, or only whitespace."""


class UnknownLabel(FactcheckError):
    """A label that is not in the project's label set."""


class ArticleError(FactcheckError):
    """An article file that cannot be imported (empty, binary, too large, undecodable)."""


class ImportRefused(FactcheckError):
    """An export file that is refused as a whole; nothing of it was stored."""


class FilesLeftOver(FactcheckError):
    """The work is complete and in place, but files it meant to remove are still there (the message names
    them): something to do by hand, not a failure of the work."""


class StructureError(FactcheckError):
    """A link, an attribution, a speaker or a discontinuous tag that breaks the rules of structure."""


class DuplicateTag(FactcheckError):
    """A tag identical to a live one: same document, span (pieces), label and annotator. `existing_id` is
    that tag."""

    def __init__(self, message: str, existing_id: str) -> None:
        super().__init__(message)
        self.existing_id = existing_id
