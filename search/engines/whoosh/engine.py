"""The Whoosh engine (the default): pure Python, for small and medium archives.

Reading scores every match (whoosh3's top-k shortcut returns wrong results
for nested OR queries, see :meth:`Reader._matches`) and filters, sorts and
counts facets in Python over per-document columns (:mod:`search.engines.whoosh.doctable`).

Writing: each worker writes the articles of one batch into a complete
Whoosh segment in its own staging folder (inside the index folder, so a
rename moves it); the parent moves the finished segment files in and lists
them in the next commit. Whoosh's own multi-process writer does the same but
can drop a crashed worker's documents silently; here every segment's
document count is checked, and so is the index's after each commit.
"""

from search.engines.whoosh.index import BATCH_SIZE, NAME, clear, create, exists
from search.engines.whoosh.reader import Reader
from search.engines.whoosh.writer import Sink, WorkerSide

__all__ = ["BATCH_SIZE", "NAME", "Reader", "Sink", "WorkerSide", "clear", "create", "exists"]
