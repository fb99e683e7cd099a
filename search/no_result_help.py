"""Other searches to offer when one finds nothing: the query with or without accents, each filter left out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from search.query import YearRange
from search.searcher import Searcher
from search.vietnamese.text import fold, has_diacritics

__all__ = ["MAX_SEARCHES", "Alternative", "no_result_help"]

MAX_SEARCHES = 5  # each alternative costs a search: a page with many filters stays quick


@dataclass(frozen=True)
class Alternative:
    """Another search: what it asks for, a label saying how it differs, and how many it finds."""

    label: str
    q: str
    years: YearRange | None
    month: int | None
    speakers: tuple[str, ...]
    total: int


def no_result_help(
    searcher: Searcher,
    q: str,
    *,
    years: YearRange | None = None,
    month: int | None = None,
    speakers: Iterable[str] = (),
    sort: str = "relevance",
    suggestion: str | None = None,
) -> list[Alternative]:
    """Searches to try instead of one that found nothing.

    The query without its accents, or with the accents of ``suggestion`` (the
    failed search's did-you-mean), is always offered; the search without its
    year filter (and month), then without each speaker in turn, only when it
    finds something. At most :data:`MAX_SEARCHES` are tried, in that order.
    """
    speakers = tuple(speakers)
    options: list[tuple[Alternative, bool]] = []  # (alternative with no total yet, always offered)
    if q:
        if has_diacritics(q):
            options.append((Alternative("Tìm không dấu", fold(q), years, month, speakers, 0), True))
        elif suggestion and suggestion != q:
            options.append((Alternative("Tìm có dấu", suggestion, years, month, speakers, 0), True))
    if years is not None:
        options.append((Alternative("Bỏ lọc năm", q, None, None, speakers, 0), False))
    for name in speakers:
        others = tuple(s for s in speakers if s != name)
        options.append((Alternative(f"Bỏ lọc người phát biểu {name}", q, years, month, others, 0), False))
    out = []
    for option, always in options[:MAX_SEARCHES]:
        total = searcher.search(
            option.q,
            limit=0,
            facets=False,
            years=option.years,
            month=option.month,
            speakers=list(option.speakers),
            sort=sort,
        ).total
        if total or always:
            out.append(replace(option, total=total))
    return out
