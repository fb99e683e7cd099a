"""``python -m search ...`` is the same as ``vnsearch ...``."""

from .cli import entry_point

entry_point()
