"""Where an index is when nobody says: ``$VNSEARCH_INDEX``, else ``./index``.

The web app's own settings are a table in :mod:`search.web`; the CLI's are its
options. This is the one default both share, and the library's.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["INDEX_ENV", "default_index_dir"]

INDEX_ENV = "VNSEARCH_INDEX"


def default_index_dir() -> Path:
    """``$VNSEARCH_INDEX`` if set, else ``./index``."""
    return Path(os.environ.get(INDEX_ENV) or "index")
