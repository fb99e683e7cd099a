"""What an index holds: counts per year and source, size on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh import query as wq
from whoosh import sorting

from .indexer import open_index
from .schema import year_or_none


def index_stats(index_dir: str | Path) -> dict[str, Any]:
    """Article count, years (None = undated), sources and bytes on disk."""
    path = Path(index_dir)
    ix = open_index(path)
    with ix.searcher() as searcher:
        results = searcher.search(
            wq.Every(),
            limit=1,
            groupedby={"year": sorting.FieldFacet("year"), "source": sorting.FieldFacet("source")},
            maptype=sorting.Count,
        )
        years: dict[Any, int] = {}
        for value, count in results.groups("year").items():
            key = year_or_none(value)
            years[key] = years.get(key, 0) + count
        sources = sorted(
            ((v, c) for v, c in results.groups("source").items() if v),
            key=lambda vc: (-vc[1], vc[0]),
        )
        articles = searcher.doc_count()
    size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
    return {
        "index": str(path),
        "articles": articles,
        "bytes": size,
        "years": [{"value": y, "count": years[y]} for y in sorted((y for y in years if y), reverse=True)]
        + ([{"value": None, "count": years[None]}] if None in years else []),
        "sources": [{"value": v, "count": c} for v, c in sources],
    }
