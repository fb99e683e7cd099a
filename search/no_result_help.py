"""Other searches to offer when one finds nothing: the query with or without accents, each filter left out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from search.query import DateRange, YearRange
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
    sources: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    dates: DateRange | None = None


def no_result_help(
    searcher: Searcher,
    q: str,
    *,
    years: YearRange | None = None,
    month: int | None = None,
    speakers: Iterable[str] = (),
    sources: Iterable[str] = (),
    sections: Iterable[str] = (),
    dates: DateRange | None = None,
    sort: str = "relevance",
    suggestion: str | None = None,
    **_: object,
) -> list[Alternative]:
    """Searches to try instead of one that found nothing.

    The query without its accents, or with the accents of ``suggestion`` (the
    failed search's did-you-mean), is always offered; the search without its
    year filter (and month), the day range, then without each speaker, source
    and section in turn, only when it finds something (other filters are kept). At most :data:`MAX_SEARCHES` are tried, in that order.
    """
    speakers, sources, sections = tuple(speakers), tuple(sources), tuple(sections)
    asked = Alternative("", q, years, month, speakers, 0, sources, sections, dates)
    options: list[tuple[Alternative, bool]] = []  # (alternative with no total yet, always offered)
    if q:
        if has_diacritics(q):
            options.append((replace(asked, label="Tìm không dấu", q=fold(q)), True))
        elif suggestion and suggestion != q:
            options.append((replace(asked, label="Tìm có dấu", q=suggestion), True))
    if years is not None:
        options.append((replace(asked, label="Bỏ lọc năm", years=None, month=None), False))
    if dates is not None:
        options.append((replace(asked, label="Bỏ lọc ngày", dates=None), False))
    for field, label, values in (
        ("speakers", "người phát biểu", speakers),
        ("sources", "nguồn", sources),
        ("sections", "chuyên mục", sections),
    ):
        for name in values:
            others = tuple(s for s in values if s != name)
            options.append((replace(asked, label=f"Bỏ lọc {label} {name}", **{field: others}), False))
    out = []
    for option, always in options[:MAX_SEARCHES]:
        total = searcher.search(
            option.q,
            limit=0,
            facets=False,
            years=option.years,
            month=option.month,
            speakers=list(option.speakers),
            sources=list(option.sources),
            sections=list(option.sections),
            dates=option.dates,
            sort=sort,
        ).total
        if total or always:
            out.append(replace(option, total=total))
    return out
