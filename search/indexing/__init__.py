"""Indexing articles: the pipeline (workers analyse, one writer files) and the
write lock that keeps a second writer out. Not named ``ingest``: that is the
function ``search`` exports, and a subpackage of that name would shadow it."""

from search.indexing.pipeline import IngestReport, ingest

__all__ = ["IngestReport", "ingest"]
