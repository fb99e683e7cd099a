"""The project's exceptions: one family, each message tells the user what to do."""

from __future__ import annotations


class SearchError(Exception):
    """Base of every error this package raises on purpose.

    The CLI prints ``str(error)`` on one line and exits with ``exit_code``;
    the web app shows it as a page or a JSON error. Never a traceback.
    """

    exit_code = 2


class ConfigError(SearchError):
    """A setting, option or parameter has a value we cannot use."""


class IndexNotFound(SearchError):
    """The index folder does not exist or holds no index."""


class IndexLocked(SearchError):
    """Another process is writing to the index."""

    @classmethod
    def at(cls, folder: object) -> IndexLocked:
        """The one message for every writer that finds the index taken."""
        return cls(
            f"Another process is writing to the index in '{folder}'. "
            "Wait for it to finish, then run this command again."
        )


class IndexWriteError(SearchError):
    """The index cannot be written: no space left, a read-only or forbidden folder.

    The index stays at its last commit; the message says what to free or fix.
    """


class QueryError(SearchError):
    """The user's query cannot be understood."""


class InputError(SearchError):
    """An input file or record cannot be read (named with file and line)."""


class ModelError(SearchError):
    """A model cannot be loaded: pyvi's word segmentation, or the sentence model of
    ``vnsearch index --meaning``."""
