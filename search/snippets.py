"""Highlighted fragments of stored text, HTML-escaped.

Matches are found by scanning the stored text's syllables with the same
regex the index uses (cheap: no word segmentation), comparing folded forms,
so the highlight covers exactly the letters that matched — also for
unaccented queries and old-style tone marks in the text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from .text import canonical, fold, syllables

__all__ = ["Snippet", "highlight_spans", "make_snippet"]

ELLIPSIS = "…"


@dataclass(frozen=True)
class Snippet:
    """A fragment of text with the matched spans (offsets into ``text``)."""

    text: str
    spans: list[tuple[int, int]]
    prefix: bool  # the fragment starts inside the text
    suffix: bool  # and ends before its end

    @property
    def html(self) -> str:
        """HTML with ``<mark>`` around matches; everything else escaped."""
        out, last = [], 0
        for start, end in self.spans:
            out.append(html.escape(self.text[last:start]))
            out.append("<mark>" + html.escape(self.text[start:end]) + "</mark>")
            last = end
        out.append(html.escape(self.text[last:]))
        body = "".join(out)
        return (ELLIPSIS if self.prefix else "") + body + (ELLIPSIS if self.suffix else "")

    @property
    def plain(self) -> str:
        return (ELLIPSIS if self.prefix else "") + self.text + (ELLIPSIS if self.suffix else "")

    def marked(self, before: str, after: str) -> str:
        """Plain text with each match wrapped in ``before``/``after`` (for terminals)."""
        out, last = [], 0
        for start, end in self.spans:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        out.append(self.text[last:])
        return (ELLIPSIS if self.prefix else "") + "".join(out) + (ELLIPSIS if self.suffix else "")


def highlight_spans(text: str, terms: Iterable[str], exact: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, folded term) of every syllable of ``text`` matching ``terms``.

    Terms match folded ("cong" finds "Công" and "cổng"). With ``exact`` (the
    user typed accents) a term matches only its own accented form, unless the
    text has no such form at all — then it falls back to folded, so a partly
    accented query still shows what matched.
    """
    terms = [t.lower() for t in terms]
    if not terms:
        return []
    syls = syllables(canonical(text))
    folded_terms = {fold(t) for t in terms}
    if exact:
        present = {s.text for s in syls}
        exact_terms = {t for t in terms if t in present}
        folded_terms = {fold(t) for t in terms if t not in present} - {fold(t) for t in exact_terms}
    else:
        exact_terms = set()
    out = []
    for s in syls:
        folded = fold(s.text)
        if s.text in exact_terms or folded in folded_terms:
            out.append((s.start, s.end, folded))
    return out


def _cut_left(text: str, pos: int) -> int:
    """Move ``pos`` left to a word start (never past 0)."""
    space = text.rfind(" ", 0, pos)
    newline = text.rfind("\n", 0, pos)
    return max(space, newline) + 1


def _cut_right(text: str, pos: int) -> int:
    cut = [i for i in (text.find(" ", pos), text.find("\n", pos)) if i != -1]
    return min(cut) if cut else len(text)


def make_snippet(text: str, terms: Iterable[str], max_chars: int = 240, exact: bool = False) -> Snippet:
    """The ``max_chars`` window of ``text`` holding the most distinct terms.

    Without a match, the start of the text. ``exact``: see :func:`highlight_spans`.
    """
    matches = highlight_spans(text, terms, exact)
    if not matches:
        end = len(text) if len(text) <= max_chars else _cut_right(text, max_chars - 20)
        end = min(end, max_chars)
        return Snippet(text[:end].rstrip().replace("\n", " "), [], False, end < len(text))
    best, best_score, j = 0, (-1, 0), 0
    for i, (start, _, _) in enumerate(matches):
        while j < len(matches) and matches[j][1] - start <= max_chars:
            j += 1
        window = matches[i:j]
        score = (len({m[2] for m in window}), len(window))
        if score > best_score:
            best, best_score = i, score
    first = matches[best][0]
    window_end = first + max_chars
    inside = [m for m in matches[best:] if m[1] <= window_end]
    last_end = inside[-1][1]
    slack = max_chars - (last_end - first)
    start = max(0, first - min(slack // 3, 60))
    if start > 0:
        start = _cut_left(text, start) if text[start - 1] not in " \n" else start
        start = min(start, first)
    end = min(len(text), start + max_chars)
    if end < len(text):
        cut = text.rfind(" ", last_end, end)
        end = cut if cut != -1 else max(end, last_end)
    fragment = text[start:end]
    lead = len(fragment) - len(fragment.lstrip())
    fragment = fragment.strip().replace("\n", " ")
    spans = [(s - start - lead, e - start - lead) for s, e, _ in matches if s >= start and e <= end]
    return Snippet(fragment, spans, start > 0, end < len(text))
