"""What an index holds: counts per year, source and section, near-duplicates, size on disk, engine,
vectors of meaning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from search.engines import open_reader
from search.engines.base import Filters
from search.meaning.store import Vectors, has_vectors


def index_stats(index_dir: str | Path) -> dict[str, Any]:
    """Article count, years (None = undated), sources, sections, stories (articles with
    near-duplicates counted once), bytes on disk, and the articles that have a vector of meaning
    (None: the index has none)."""
    path = Path(index_dir)
    reader = open_reader(path)
    try:
        years = reader.value_counts("year")
        sources, sections = (
            sorted(
                ((v, c) for v, c in reader.value_counts(field).items() if v), key=lambda vc: (-vc[1], vc[0])
            )
            for field in ("source", "section")
        )
        articles = reader.doc_count
        folded = reader.search(None, Filters(), "newest", 0, 1, False, True) if articles else None
        stories = folded.stories if folded is not None and folded.stories is not None else articles
        engine = reader.name
    finally:
        reader.close()
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return {
        "index": str(path),
        "engine": engine,
        "articles": articles,
        "bytes": size,
        "years": [{"value": y, "count": years[y]} for y in sorted((y for y in years if y), reverse=True)]
        + ([{"value": None, "count": years[None]}] if years.get(None) else []),
        "sources": [{"value": v, "count": c} for v, c in sources],
        "sections": [{"value": v, "count": c} for v, c in sections],
        "stories": stories,
        "meaning": len(vectors) if (vectors := Vectors.load(path)) is not None else None,
        "meaning_stale": vectors is None and has_vectors(path),
    }
