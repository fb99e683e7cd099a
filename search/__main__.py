"""``python -m search ...`` is the same as ``vnsearch ...``."""

from search.cli import entry_point

entry_point()
