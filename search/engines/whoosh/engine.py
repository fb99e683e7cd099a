"""The Whoosh engine (the default): pure Python, for small and medium archives.

Reading runs the query tree term at a time with numpy over whole posting
lists (:mod:`search.engines.whoosh.evaluate`, :mod:`search.engines.whoosh.postings`):
every match is scored, with Whoosh's own BM25F, as the facets need every
match and whoosh3's top-k shortcut is wrong for nested ORs. Filters, sorts
and facet counts are array operations over per-document columns
(:mod:`search.engines.whoosh.doctable`). Posting blocks are raw arrays
(:mod:`search.engines.whoosh.codec`), read without unpickling.

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
