"""What templates show: numbers, dates and highlights the Vietnamese way, charts, facets, pages."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import current_app, url_for
from markupsafe import Markup, escape

from search.citation import apa_segments
from search.no_result_help import Alternative
from search.query import build_query, plan
from search.searcher import Hit, Person, SearchResult, StoredArticle
from search.snippets import highlight_spans
from search.vietnamese.text import fold
from search.web.formats import date_label
from search.web.params import SearchParams
from search.web.timeline import timeline

SORT_LABELS = {"relevance": "Liên quan", "newest": "Mới nhất", "oldest": "Cũ nhất"}


def safe_url(url: str | None) -> str | None:
    """Only http(s) links from the data are ever put in an href."""
    return url if url and re.match(r"^https?://", url, re.I) else None


def highlight(text: str, units: list[tuple[str, ...]], exact: bool) -> Markup:
    """``text`` escaped, with one ``<mark>`` around each of the query's words it holds."""
    out, last = [], 0
    for start, end, _ in highlight_spans(text, units, exact) if units else []:
        out += [escape(text[last:start]), Markup("<mark>"), escape(text[start:end]), Markup("</mark>")]
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def query_units(q: str) -> tuple[list[tuple[str, ...]], bool]:
    """The query's words and phrases, as the searcher highlights them, and whether exactly."""
    qp = plan(q)
    build_query(qp)  # reads the words as the search does
    return qp.highlight_units(), qp.accented


def _facets(result: SearchResult, params: SearchParams, top: int) -> dict[str, Any]:
    """Facet entries with their toggle links, for the sidebar."""
    years = []
    for f in result.facets.get("year", []):
        if f.value is None:
            years.append({"label": "Không rõ năm", "count": f.count, "href": None, "selected": False})
            continue
        selected = params.single_year == f.value
        years.append(
            {
                "label": str(f.value),
                "count": f.count,
                "selected": selected,
                "href": url_for(
                    "web.index", **params.args(year=None if selected else str(f.value), month=None)
                ),
            }
        )
    months = []
    if params.single_year is not None:
        for f in result.facets.get("month", []):
            if not isinstance(f.value, int):
                continue
            selected = params.month == f.value
            months.append(
                {
                    "label": f"Tháng {f.value}",
                    "count": f.count,
                    "selected": selected,
                    "href": url_for("web.index", **params.args(month=None if selected else f.value)),
                }
            )
        months.sort(key=lambda m: int(m["label"].split()[-1]))
    speakers = []
    for f in result.facets.get("speaker", []):
        selected = f.value in params.speakers
        others = [s for s in params.speakers if s != f.value]
        speakers.append(
            {
                "label": f.value,
                "count": f.count,
                "selected": selected,
                "href": url_for(
                    "web.index", **params.args(speaker=others if selected else [*params.speakers, f.value])
                ),
                "profile": url_for("web.person", ten=f.value),
            }
        )
    sources = _value_items(result.facets.get("source", []), params, "source", params.sources)
    sections = _value_items(result.facets.get("section", []), params, "section", params.sections)
    return {
        "years": years,
        "months": months,
        "speakers": speakers[:top],
        "more_speakers": speakers[top:],
        "sources": sources[:top],
        "more_sources": sources[top:],
        "sections": sections[:top],
        "more_sections": sections[top:],
    }


def _value_items(facets: list[Any], params: SearchParams, name: str, chosen: tuple[str, ...]) -> list[dict]:
    """A source's or section's entries: a click adds the value (any of those chosen) or removes it."""
    items = []
    for f in facets:
        selected = f.value in chosen
        others = [v for v in chosen if v != f.value]
        items.append(
            {
                "label": f.value,
                "count": f.count,
                "selected": selected,
                "href": url_for(
                    "web.index", **params.args(**{name: others if selected else [*chosen, f.value]})
                ),
            }
        )
    return items


def _chips(params: SearchParams) -> list[dict[str, str]]:
    chips = []
    if params.years is not None:
        y = params.years
        if params.single_year is not None:
            label = f"Năm {y.start}"
        elif y.start is None:
            label = f"Đến năm {y.end}"
        elif y.end is None:
            label = f"Từ năm {y.start}"
        else:
            label = f"Năm {y.start}–{y.end}"
        chips.append({"label": label, "href": url_for("web.index", **params.args(year=None, month=None))})
    if params.month is not None:
        chips.append(
            {
                "label": f"Tháng {params.month}/{params.single_year}",
                "href": url_for("web.index", **params.args(month=None)),
            }
        )
    for key, label, values in (
        ("speaker", "Người phát biểu", params.speakers),
        ("source", "Nguồn", params.sources),
        ("section", "Chuyên mục", params.sections),
    ):
        for value in values:
            others = [v for v in values if v != value]
            chips.append(
                {"label": f"{label}: {value}", "href": url_for("web.index", **params.args(**{key: others}))}
            )
    if params.date_from or params.date_to:
        chips.append(
            {
                "label": date_label(params.date_from, params.date_to),
                "href": url_for("web.index", **params.args(date_from=None, date_to=None)),
            }
        )
    if params.group is not None:
        chips.append(
            {"label": "Chỉ nhóm bài tương tự", "href": url_for("web.index", **params.args(group=None))}
        )
    if params.fold is False:
        chips.append(
            {"label": "Hiện cả bài trùng lặp", "href": url_for("web.index", **params.args(fold=None))}
        )
    return chips


def _pages(params: SearchParams, total: int, max_offset: int) -> dict[str, Any] | None:
    last = max(1, min(math.ceil(total / params.size), max_offset // params.size + 1))
    if last <= 1 and params.page == 1:
        return None
    page = params.page
    shown = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    items: list[dict[str, Any] | None] = []
    for n, p in enumerate(shown):
        if n and p - shown[n - 1] > 1:
            items.append(None)  # a gap: …
        items.append({"n": p, "href": url_for("web.index", **params.args(page=p)), "current": p == page})
    return {
        "items": items,
        "page": page,
        "last": last,
        "prev": url_for("web.index", **params.args(page=page - 1)) if page > 1 else None,
        "next": url_for("web.index", **params.args(page=page + 1)) if page < last else None,
    }


def _help_options(alternatives: list[Alternative], params: SearchParams) -> list[dict[str, Any]]:
    """The other searches :func:`search.no_result_help.no_result_help` found, as links."""
    out = []
    for alt in alternatives:
        other = replace(
            params,
            q=alt.q,
            years=alt.years,
            month=alt.month,
            speakers=alt.speakers,
            sources=alt.sources,
            sections=alt.sections,
            date_from=alt.dates.start if alt.dates else None,
            date_to=alt.dates.end if alt.dates else None,
            page=1,
        )
        out.append(
            {"label": alt.label, "q": alt.q, "count": alt.total, "href": url_for("web.index", **other.args())}
        )
    return out


def static_url(filename: str) -> str:
    """A static file's URL with its modification time, so browsers may cache it."""
    folder = current_app.static_folder or ""
    try:
        version = int((Path(folder) / filename).stat().st_mtime)
    except OSError:
        version = 0
    return url_for("static", filename=filename, v=version)


def _quoted(units: list[str]) -> str:
    return ", ".join(f"“{u}”" for u in units[:8]) + (", …" if len(units) > 8 else "")


def reading_label(result: SearchResult, params: SearchParams) -> dict[str, Any] | None:
    """How the set of results was chosen, in words, and a link to the other accent reading."""
    reading = result.reading
    if not reading or not result.total:
        return None
    units = reading["units"]
    if reading["words"] == "enough":
        text = (
            f"Các bài chứa đủ nhiều từ của câu tìm: {reading['needed']} trên {reading['count']} "
            "(từ nhiều âm tiết tính là hai)."
        )
    elif reading["words"] == "any":
        text = f"Các bài chứa ít nhất một trong các từ {_quoted(units)}."
    elif len(units) == 1:
        text = f"Các bài chứa {_quoted(units)}"
    else:
        text = f"Các bài chứa đủ {len(units)} từ {_quoted(units)}"
    link = None
    if reading["words"] != "enough" and reading["words"] != "any":
        if reading["accents"] == "exact":
            text += ", đúng dấu đã gõ."
            folded = fold(params.q)
            if folded != params.q:
                link = {
                    "label": f"Tìm cả các cách viết dấu khác: “{folded}”",
                    "href": url_for("web.index", **params.args(q=folded)),
                }
        else:
            text += ", với mọi cách viết dấu."
    return {"text": text, "link": link}


def search_page(
    params: SearchParams,
    result: SearchResult,
    doc_count: int,
    alternatives: list[Alternative],
    speaker_top: int,
    max_offset: int,
) -> dict[str, Any]:
    """What ``index.html`` shows for one search."""
    help_options = _help_options(alternatives, params)
    overview = not params.q and not params.has_filters and params.page == 1 and params.sort == "relevance"
    years = [f.value for f in result.facets.get("year", []) if f.value is not None]
    return dict(
        params=params,
        result=result,
        overview=overview,
        doc_count=doc_count,
        first_year=min(years) if years else None,
        last_year=max(years) if years else None,
        undated=sum(f.count for f in result.facets.get("year", []) if f.value is None),
        facets=_facets(result, params, speaker_top),
        chips=_chips(params),
        clear_all=url_for(
            "web.index",
            **params.args(
                year=None,
                month=None,
                speaker=None,
                source=None,
                section=None,
                date_from=None,
                date_to=None,
                group=None,
            ),
        ),
        similar_links={
            hit.id: url_for("web.index", **params.args(group=hit.group))
            for hit in result.hits
            if hit.similar and hit.group
        },
        pages=_pages(params, result.total, max_offset),
        chart=timeline(result, params),
        reading=reading_label(result, params),
        help_options=help_options,
        sorts=[
            (key, label, url_for("web.index", **params.args(sort=key)), key == params.sort)
            for key, label in SORT_LABELS.items()
        ],
        research_args=params.args(page=None, size=None),  # the same query and filters, for the research views
        exports={
            fmt: url_for(f"web.export_{fmt}", **params.args(page=None, size=None)) for fmt in ("csv", "json")
        },
    )


def article_page(doc: StoredArticle, q: str, similar: list[Hit]) -> dict[str, Any]:
    """What ``article.html`` shows: the stored article, ``q``'s words marked, its similar articles."""
    units, exact = query_units(q) if q else ([], False)
    paragraphs = [highlight(p.strip(), units, exact) for p in doc.body.split("\n") if p.strip()]
    permalink = url_for("web.article", article_id=doc.id, _external=True)  # issue 21: citations
    return dict(
        doc=doc,
        q=q,
        permalink=permalink,
        citation=apa_segments(doc, permalink),
        cite_links={fmt: url_for(f"cite.{fmt}", article_id=doc.id) for fmt in ("ris", "bib")},
        title=highlight(doc.title, units, exact),
        lead=highlight(doc.lead, units, exact) if doc.lead else None,
        paragraphs=paragraphs,
        speakers=[
            {
                "name": s,
                "role": doc.roles.get(s),
                "href": url_for("web.index", speaker=s),
                "profile": url_for("web.person", ten=s),
            }
            for s in doc.speakers
        ],
        tags=doc.tags,
        source_url=safe_url(doc.url),
        similar=similar,
    )


def person_page(person: Person, asked: str) -> dict[str, Any]:
    """What ``person.html`` shows: the person's names with their articles, and the search for them."""
    return dict(
        person=person,
        asked=asked if asked != person.name else None,
        search_href=url_for("web.index", speaker=person.name),
    )
