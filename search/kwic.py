"""Keyword in context (a concordance): every occurrence of a query's words in
the articles it finds, one line each, the match between its left and right
context, sortable by the words around it, paged, and written as CSV.

The matches are the results page's own: the searcher reads the query (its
accents, its words as the archive joins them, a fallback reading when the
words as typed found nothing) and its result carries the units its snippets
mark (``SearchResult.marks``); :func:`search.highlight.highlight_spans` finds them in
the article's title, lead and body. An accented query marks only its accented
forms; an unaccented one marks every form. A title derived from the body is
left out (its lines would repeat the body's).

Context is up to :data:`CONTEXT_CHARS` characters each side, cut back to a
whole word, never across the part (title, lead, body) the match is in. The
work is capped: the first :data:`MAX_ARTICLES` articles of the set and
:data:`MAX_LINES` lines; :attr:`Concordance.cap_message` says when the cap
cut the set, with the set's size.
"""

from __future__ import annotations

import csv
import io
import math
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any
from urllib.parse import quote, urlencode

from search.errors import ConfigError
from search.export import BOM, all_hits, neutralise
from search.searcher import MAX_LIMIT, Searcher, SearchResult
from search.snippets import highlight_spans
from search.vietnamese.text import SYLLABLE_RE, fold

__all__ = ["CONTEXT_CHARS", "CSV_COLUMNS", "MAX_ARTICLES", "MAX_LINES", "PARTS", "SORTS"]
__all__ += ["Concordance", "Line", "concordance", "csv_chunks", "lines_of"]
__all__ += ["page_of", "permalink", "sort_lines", "word_key"]

CONTEXT_CHARS = 60  # each side of the match, cut back to a whole word
MAX_ARTICLES = 1_000
MAX_LINES = 10_000
PARTS = {"title": "Tiêu đề", "lead": "Sapo", "body": "Nội dung"}  # in text order
SORTS = {
    "relevance": "Liên quan",
    "newest": "Mới nhất",
    "oldest": "Cũ nhất",
    "left": "Từ đứng trước",
    "right": "Từ đứng sau",
    "match": "Từ khớp",
}
CSV_COLUMNS = ("id", "date", "source", "title", "left", "match", "right", "path", "part")  # "id": article_id


@dataclass(frozen=True)
class Line:
    """One occurrence: the match, its context, and the article it is in.

    ``left + match + right`` is the text as it stands (runs of white space as
    one space); ``rank`` is the article's place in the set (0 first),
    ``start``/``end`` the match's offsets in its part.
    """

    article_id: str
    date: str | None
    source: str
    title: str
    part: str
    left: str
    match: str
    right: str
    path: str
    rank: int
    start: int
    end: int

    def row(self) -> list[Any]:
        """A CSV row in :data:`CSV_COLUMNS` order, cells a spreadsheet would run neutralised."""
        return [neutralise(cell) for cell in self.cells()]

    def cells(self) -> list[Any]:
        return [getattr(self, name) or "" for name in ("article_id", *CSV_COLUMNS[1:])]

    def as_dict(self) -> dict[str, Any]:
        """The line as JSON: :data:`CSV_COLUMNS`, the article's rank, the match's offset."""
        extra = {"rank": self.rank, "start": self.start, "end": self.end}
        return {**dict(zip(CSV_COLUMNS, self.cells(), strict=True)), **extra}


@dataclass
class Concordance:
    """The lines of a query's result set in text order, and how much of the set was read."""

    query: str
    lines: list[Line]
    total: int  # articles in the set (near-duplicate groups when folded)
    read: int  # articles read for lines
    capped: str | None = None  # None, "articles" or "lines": what stopped the reading
    reading: dict[str, Any] | None = None  # the search's reading (SearchResult.reading)
    folded: bool = False
    max_articles: int = MAX_ARTICLES
    max_lines: int = MAX_LINES
    seconds: float = 0.0
    forms: list[tuple[str, int]] = field(default_factory=list)  # matched forms, most frequent first

    @property
    def articles(self) -> int:
        """Articles with at least one line."""
        return len({line.article_id for line in self.lines})

    @property
    def summary(self) -> str:
        """One sentence: lines, articles, the set; the cap when it cut the set."""
        lines, arts, total = _n(len(self.lines)), _n(self.articles), _n(self.total)
        text = f"{lines} dòng trong {arts} bài; tập kết quả có {total} bài."
        return text + (" " + self.cap_message if self.cap_message else "")

    @property
    def cap_message(self) -> str | None:
        """What the cap left out, in Vietnamese then English; None when every article was read."""
        if self.capped == "lines":
            return (
                f"Giới hạn: dừng ở {_n(self.max_lines)} dòng, sau khi đọc {_n(self.read)} "
                f"trên tổng số {_n(self.total)} bài; thu hẹp tìm kiếm để xem hết. "
                f"(Capped at {self.max_lines:,} lines after {self.read:,} of {self.total:,} articles.)"
            )
        if self.capped == "articles":
            return (
                f"Giới hạn: chỉ đọc {_n(self.read)} bài đầu tiên trên tổng số {_n(self.total)} bài; "
                f"thu hẹp tìm kiếm để xem hết. (Capped: the first {self.read:,} of {self.total:,} articles.)"
            )
        return None

    def head(self) -> dict[str, Any]:
        """The set's facts, for JSON."""
        return {
            "query": self.query,
            "lines": len(self.lines),
            "articles": self.articles,
            "read": self.read,
            "total": self.total,
            "capped": self.capped,
            "cap_message": self.cap_message,
            "folded": self.folded,
            "reading": self.reading,
        }


def _n(number: int) -> str:
    """1234 → "1.234", the Vietnamese way."""
    return f"{number:,}".replace(",", ".")


# --- the results page's reading ------------------------------------------


# --- lines -----------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def _left(text: str, start: int, chars: int) -> str:
    lo = max(0, start - chars)
    piece = text[lo:start]
    if lo > 0 and not text[lo - 1].isspace():  # cut inside a word: drop its end
        gap = _SPACE.search(piece)
        piece = piece[gap.end() :] if gap else ""
    return _SPACE.sub(" ", piece).lstrip()


def _right(text: str, end: int, chars: int) -> str:
    hi = min(len(text), end + chars)
    piece = text[end:hi]
    if hi < len(text) and not text[hi].isspace():  # cut inside a word: drop its start
        gaps = list(_SPACE.finditer(piece))
        piece = piece[: gaps[-1].start()] if gaps else ""
    return _SPACE.sub(" ", piece).rstrip()


def lines_of(
    text: str, units: Sequence[Sequence[str]], exact: bool, chars: int = CONTEXT_CHARS
) -> list[tuple[str, str, str, int, int]]:
    """(left, match, right, start, end) of every match in ``text``, in text order."""
    out = []
    for start, end, _ in highlight_spans(text, units, exact) if units and text else []:
        match = _SPACE.sub(" ", text[start:end])
        out.append((_left(text, start, chars), match, _right(text, end, chars), start, end))
    return out


_PATH_SAFE = "/:@!$&'()*+,;=-._~"  # what the router's path converter leaves as it is


def permalink(article_id: str, q: str) -> str:
    """``/article/<id>?q=...``: the article with the query's words marked."""
    return f"/article/{quote(article_id, safe=_PATH_SAFE)}?{urlencode({'q': q})}"


def concordance(
    searcher: Searcher,
    q: str,
    *,
    sort: str = "relevance",
    chars: int = CONTEXT_CHARS,
    max_articles: int = MAX_ARTICLES,
    max_lines: int = MAX_LINES,
    **filters: Any,
) -> Concordance:
    """Every occurrence of ``q``'s words in its result set under ``filters``
    (:meth:`Searcher.search`'s: years, sources, fold, ...), lines in the
    articles' order then text order (title, lead, body).

    Articles are read in ``sort``'s order ("newest"/"oldest" by date, any
    other by relevance), so the cap keeps the first ones of that order.
    """
    started = time.perf_counter()
    if sort not in SORTS:
        raise ConfigError(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}.")
    if max_articles < 1 or max_lines < 1:
        raise ConfigError("The caps on articles and lines must be 1 or more.")
    order = sort if sort in ("newest", "oldest") else "relevance"
    size = min(MAX_LIMIT, max_articles)
    folded = bool(filters.get("fold"))

    def search_page(offset: int, limit: int) -> SearchResult:
        return searcher.search(
            q, limit=limit, offset=offset, facets=False, sort=order, snippets=False, **filters
        )

    first = search_page(0, 0)  # the set's size and reading, no hits yet
    total = first.stories if folded and first.stories is not None else first.total
    result = Concordance(q, [], total, 0, None, first.reading, folded, max_articles, max_lines)
    units, exact = first.marks  # what the results page's snippets mark for this reading
    if not units or not total:
        result.seconds = time.perf_counter() - started
        return result
    for rank, hit in enumerate(islice(all_hits(search_page, size), max_articles)):
        article = searcher.get(hit.id)
        if article is None:  # deleted since the search
            continue
        result.read += 1
        path = permalink(article.id, q)
        texts = {"title": "" if article.title_derived else article.title, "lead": article.lead}
        texts["body"] = article.body
        for part, text in texts.items():
            for left, match, right, start, end in lines_of(text, units, exact, chars):
                if len(result.lines) >= max_lines:
                    result.capped = "lines"
                    break
                fields = (article.id, article.date, article.source, article.title, part)
                result.lines.append(Line(*fields, left, match, right, path, rank, start, end))
            if result.capped:
                break
        if result.capped:
            break
    if not result.capped and total > max_articles:
        result.capped = "articles"
    result.forms = Counter(line.match for line in result.lines).most_common()
    result.forms.sort(key=lambda fc: (-fc[1], word_key(fc[0])))
    result.seconds = time.perf_counter() - started
    return result


# --- sorting (Vietnamese collation) ----------------------------------------

# Letters a Vietnamese dictionary orders after their base letter: ă â, ê, ô ơ, ư, đ.
_SHAPES = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
# Tones in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


@lru_cache(maxsize=65536)
def word_key(word: str) -> tuple[str, tuple[int, ...], int]:
    """A word's collation key: its folded lowercase letters first (accents
    aside), then its letters' shapes (a < ă < â, d < đ, o < ô < ơ), then its
    tone (ngang, huyền, hỏi, ngã, sắc, nặng). Where the tone mark sits
    ("hoà", "hòa") and case do not count."""
    shapes: list[int] = []
    tone = 0
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in _SHAPES and shapes:
            shapes[-1] = _SHAPES[char]
        elif char in _TONES:
            tone = _TONES[char]
        elif not unicodedata.combining(char):
            shapes.append(1 if char == "đ" else 0)
    return fold(word).lower(), tuple(shapes), tone


def _words_key(text: str, reverse: bool = False) -> tuple[tuple[str, tuple[int, ...], int], ...]:
    words = SYLLABLE_RE.findall(text)
    return tuple(word_key(w) for w in (reversed(words) if reverse else words))


def _date_key(line: Line) -> int:
    """A date as a number (2021-03-05 → 20210305); undated: 0."""
    digits = re.sub(r"\D", "", line.date or "")[:8]
    return int(digits.ljust(8, "0")) if digits else 0


def sort_lines(lines: Sequence[Line], sort: str = "relevance") -> list[Line]:
    """``lines`` in ``sort``'s order (:data:`SORTS`); ties keep the articles' order, then text order.

    "left": by the word before the match, then the one before that, and so
    on; "right": by the words after it; "match": by the matched form, then
    the words after it. Words compare by :func:`word_key`, then as written.
    """
    if sort not in SORTS:
        raise ConfigError(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}.")
    parts = list(PARTS)

    def text_order(line: Line) -> tuple[int, int, int]:
        return line.rank, parts.index(line.part), line.start

    if sort == "relevance":
        return sorted(lines, key=text_order)
    if sort in ("newest", "oldest"):
        sign = -1 if sort == "newest" else 1
        # Undated lines last either way.
        return sorted(lines, key=lambda ln: (_date_key(ln) == 0, sign * _date_key(ln), text_order(ln)))
    if sort == "left":
        return sorted(lines, key=lambda ln: (_words_key(ln.left, True), ln.left[::-1], text_order(ln)))
    if sort == "right":
        return sorted(lines, key=lambda ln: (_words_key(ln.right), ln.right, text_order(ln)))
    return sorted(
        lines, key=lambda ln: (_words_key(ln.match), ln.match, _words_key(ln.right), text_order(ln))
    )


def page_of(lines: Sequence[Line], page: int, size: int) -> tuple[list[Line], int]:
    """The lines of page ``page`` (from 1) of ``size`` lines, and the number of pages (at least 1)."""
    if size < 1:
        raise ConfigError(f"--size must be 1 or more, not {size}.")
    pages = max(1, math.ceil(len(lines) / size))
    if not 1 <= page <= pages:
        raise ConfigError(f"--page must be between 1 and {pages} (the last page), not {page}.")
    return list(lines[(page - 1) * size : page * size]), pages


# --- CSV ---------------------------------------------------------------------


def csv_chunks(result: Concordance, lines: Sequence[Line] | None = None, bom: bool = True) -> Iterator[str]:
    """The CSV text: a first line saying what the set is (and whether the cap
    cut it), then the header (:data:`CSV_COLUMNS`) and a row per line.

    UTF-8 with a byte-order mark and CRLF, as :mod:`search.export` writes.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    if bom:
        buf.write(BOM)
    writer.writerow([f"# vnsearch – ngữ cảnh từ khóa “{result.query}”: {result.summary}"])
    writer.writerow(CSV_COLUMNS)
    for n, line in enumerate(result.lines if lines is None else lines, 1):
        writer.writerow(line.row())
        if n % 500 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()
