"""How to cite an archived article: its permalink path, its time, an APA 7 reference, RIS and BibTeX.

Everything is built from a :class:`search.results.StoredArticle` and the
article's permalink (the web knows its host, the CLI does not, so the caller
passes it). Text keeps its Vietnamese letters: RIS and BibTeX are written as
UTF-8, and only the characters each format gives a meaning to are escaped.

Dates: an article's date is stored at its own precision ("2020", "2020-09",
"2020-09-05", "2020-09-05T16:30", wall-clock time in Vietnam).
:func:`article_datetime` reads it as an instant in UTC+7, an article dated
only to a year, month or day at midnight of its first day; an undated
article has no instant (None), and its reference says "n.d." / "không rõ
ngày" as APA asks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

from search.results import StoredArticle

__all__ = [
    "VIETNAM",
    "Segment",
    "apa",
    "apa_segments",
    "article_datetime",
    "article_path",
    "bibtex",
    "bibtex_key",
    "clean_text",
    "reference_url",
    "ris",
]

VIETNAM = timezone(timedelta(hours=7), "ICT")  # the archive's dates are Vietnam's wall-clock time

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?)?)?$")
# Characters XML 1.0 cannot carry (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF),
# and the C1 controls, which are never meant as text in an article.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACE_RE = re.compile(r"\s+")
_MONTHS_EN = ("January February March April May June July August September October November December").split()
_BIB_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
# BibTeX gives these a meaning; in a text field each becomes its LaTeX spelling.
_BIB_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIB_RE = re.compile("|".join(re.escape(c) for c in _BIB_ESCAPES))


def clean_text(text: str | None) -> str:
    """``text`` on one line: control characters dropped, runs of white space one space."""
    return _SPACE_RE.sub(" ", _CONTROL_RE.sub("", text or "")).strip()


def article_path(article_id: str) -> str:
    """The permalink's path, ``/article/<id>``, the id percent-encoded as the site's router reads it."""
    return "/article/" + quote(article_id, safe="/:@!$&'()*+,;=-._~")


def reference_url(article: StoredArticle, permalink: str) -> str:
    """The URL a reference gives: the article's original address when it is a web link, else the permalink."""
    url = clean_text(article.url)
    return url if re.match(r"^https?://\S+$", url, re.I) else permalink


def _authors(text: str) -> list[str]:
    """The names in a byline: "Lê Thu; Trần Bình", "Lê Thu, Trần Bình" or "Lê Thu và Trần Bình"."""
    return [name for name in re.split(r"\s*[;,]\s*|\s+và\s+", clean_text(text)) if name]


def _date_parts(date: str | None) -> tuple[int, ...] | None:
    m = _DATE_RE.match((date or "").strip())
    if not m:
        return None
    return tuple(int(p) for p in m.groups() if p is not None)


def article_datetime(date: str | None) -> datetime | None:
    """The article's time in UTC+7: its first instant when dated to a year, month or day; None if undated."""
    parts = _date_parts(date)
    if parts is None:
        return None
    year, month, day, hour, minute, second = (*parts, *(1, 1, 0, 0, 0)[len(parts) - 1 :])
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=VIETNAM)
    except ValueError:
        return None


# --- APA 7 ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A piece of a formatted reference; ``italic`` for the newspaper's name."""

    text: str
    italic: bool = False


def _sentence(text: str) -> str:
    """``text`` ended by a full stop, unless it already ends with one (or ? !)."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def _apa_date(date: str | None, language: str) -> str:
    parts = _date_parts(date)
    if parts is None:
        return "(n.d.)" if language == "en" else "(không rõ ngày)"
    year, month, day = (*parts[:3], None, None)[:3]
    if month is None:
        return f"({year})"
    if language == "en":
        return f"({year}, {_MONTHS_EN[month - 1]}{f' {day}' if day else ''})"
    return f"({year}, {f'ngày {day} ' if day else ''}tháng {month})"


def apa_segments(article: StoredArticle, permalink: str, language: str = "vi") -> list[Segment]:
    """An APA 7 reference to a newspaper article, in pieces (the newspaper's name in italics).

    ``Author. (2020, ngày 5 tháng 9). Title. Newspaper. URL``; with no
    author the title takes the author's place: ``Title. (Date). Newspaper.
    URL``. Names and titles are kept as printed (Vietnamese names in their
    own order, diacritics kept); a title the archive derived from the body
    is a description in square brackets, as APA writes untitled works.
    ``language``: "vi" dates as "ngày 5 tháng 9", "en" as "September 5".
    """
    if language not in ("vi", "en"):
        raise ValueError(f"language must be 'vi' or 'en', not {language!r}")
    title = clean_text(article.title) or clean_text(article.id)
    if article.title_derived:
        title = f"[{title.rstrip('.…')}…]"
    author, source = clean_text(article.author), clean_text(article.source)
    date = _apa_date(article.date, language)
    out = [
        Segment(
            f"{_sentence(author)} {date}. {_sentence(title)}" if author else f"{_sentence(title)} {date}."
        )
    ]
    if source:
        out += [Segment(" "), Segment(source, italic=True), Segment(".")]
    out.append(Segment(" " + reference_url(article, permalink)))
    return out


def apa(article: StoredArticle, permalink: str, language: str = "vi") -> str:
    """The APA 7 reference as plain text (see :func:`apa_segments`)."""
    return "".join(s.text for s in apa_segments(article, permalink, language))


# --- RIS -----------------------------------------------------------------------------------------


def ris(article: StoredArticle, permalink: str) -> str:
    """The article as one RIS record (``TY  - NEWS``), CRLF line ends, ready for Zotero, EndNote, Mendeley.

    ``UR`` is the original address when there is one, else the permalink;
    the permalink is always in ``N1`` (the archived copy), the id in ``ID``.
    """
    lines: list[tuple[str, str]] = [("TY", "NEWS"), ("ID", clean_text(article.id))]
    lines.append(("TI", clean_text(article.title) or clean_text(article.id)))
    lines += [("AU", name) for name in _authors(article.author)]
    parts = _date_parts(article.date)
    if parts is not None:
        lines.append(("PY", f"{parts[0]:04d}"))
        month, day = (f"{p:02d}" for p in (*parts[1:3], 0, 0)[:2])
        lines.append(("DA", f"{parts[0]:04d}/{month.strip('0') and month}/{day.strip('0') and day}/"))
    for tag, value in (("T2", article.source), ("SE", article.section), ("AB", article.lead)):
        if clean_text(value):
            lines.append((tag, clean_text(value)))
    lines += [("KW", clean_text(t)) for t in article.tags if clean_text(t)]
    lines += [("UR", reference_url(article, permalink)), ("LA", "vi"), ("DB", "vnsearch")]
    lines.append(("N1", f"Bản lưu trong kho vnsearch: {permalink}"))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines) + "ER  - \r\n"


# --- BibTeX --------------------------------------------------------------------------------------


def _bib_text(text: str) -> str:
    return _BIB_RE.sub(lambda m: _BIB_ESCAPES[m.group()], clean_text(text))


def _bib_url(url: str) -> str:
    """A URL safe inside braces: the characters BibTeX or LaTeX would read percent-encoded."""
    return re.sub(r"[{}\\\s\"]", lambda m: f"%{ord(m.group()):02X}", url)


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFD", clean_text(text).replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in folded if not unicodedata.combining(c)).lower())


def bibtex_key(article: StoredArticle) -> str:
    """``songhan2012haivan``: the source's (or author's) words, the year, the title's first two syllables, in ASCII."""
    who = _ascii_word(
        " ".join(w for w in re.sub(r"\(.*?\)", "", article.source).split() if w.lower() != "báo")
    )
    who = who or next((_ascii_word(a) for a in _authors(article.author)), "") or "vnsearch"
    parts = _date_parts(article.date)
    words = [_ascii_word(w) for w in clean_text(article.title).split()]
    first = "".join([w for w in words if w][:2]) or _ascii_word(article.id)  # two syllables: a word, often
    return f"{who[:16]}{parts[0] if parts else 'nd'}{first[:12]}"


def bibtex(article: StoredArticle, permalink: str) -> str:
    """The article as one BibTeX entry: ``@article`` (journal = the newspaper) or ``@misc`` without a source.

    UTF-8 text with BibTeX's special characters escaped; the title in double
    braces so styles keep its capitals; each author's name in braces (a
    Vietnamese name is written family name first and must not be reordered).
    """
    fields: list[tuple[str, str]] = []
    fields.append(("title", "{" + _bib_text(article.title or article.id) + "}"))
    authors = _authors(article.author)
    if authors:
        fields.append(("author", " and ".join("{" + _bib_text(a) + "}" for a in authors)))
    source = clean_text(article.source)
    if source:
        fields.append(("journal", _bib_text(source)))
    parts = _date_parts(article.date)
    if parts is not None:
        fields.append(("date", "-".join(f"{p:02d}" for p in parts[:3])))
        fields.append(("year", f"{parts[0]:04d}"))
    url = reference_url(article, permalink)
    fields.append(("url", _bib_url(url)))
    if url != permalink:
        fields.append(("note", "Bản lưu trong kho vnsearch: \\url{" + _bib_url(permalink) + "}"))
    if article.tags:
        fields.append(("keywords", ", ".join(_bib_text(t) for t in article.tags if clean_text(t))))
    fields += [("langid", "vietnamese"), ("language", "Vietnamese")]
    month = f",\n  month = {_BIB_MONTHS[parts[1] - 1]}" if parts is not None and len(parts) > 1 else ""
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    kind = "article" if source else "misc"
    return f"@{kind}{{{bibtex_key(article)},\n{body}{month}\n}}\n"
