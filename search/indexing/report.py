"""IngestReport: what an ingest did, for the CLI's summary and its --json."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from search.corpus import Skipped

__all__ = ["IngestReport"]


@dataclass
class IngestReport:
    """What an ingest did: the CLI's summary."""

    index_dir: str
    engine: str = "whoosh"
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    # articles indexed whole but for their speakers, which an error kept from being read
    without_speakers: list[Skipped] = field(default_factory=list)
    nbytes: int = 0
    seconds: float = 0.0
    doc_count: int = 0

    @property
    def articles(self) -> int:
        return self.added + self.updated + self.unchanged

    @property
    def incomplete(self) -> bool:
        """Was anything skipped or read only in part? (The CLI then exits 1.)"""
        return bool(self.skipped or self.without_speakers)

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index_dir,
            "engine": self.engine,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": [{"origin": s.origin, "reason": s.reason} for s in self.skipped],
            "without_speakers": [{"origin": s.origin, "reason": s.reason} for s in self.without_speakers],
            "megabytes": round(self.nbytes / 1e6, 3),
            "seconds": round(self.seconds, 3),
            "documents": self.doc_count,
        }
