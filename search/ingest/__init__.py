"""Reading articles into an index: the pipeline (workers analyse, one writer
files) and the write lock that keeps a second writer out."""

from search.ingest.pipeline import IngestReport, ingest

__all__ = ["IngestReport", "ingest"]
