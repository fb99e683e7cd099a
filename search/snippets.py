"""Highlighted fragments of stored text: the fragments keep their match spans,
and HTML, terminal colour and plain text are rendered from the same object.

What is marked, and where, is :mod:`search.highlight`'s job.

A snippet is up to three fragments around the best matches: the first holds
the most distinct units, the next ones the units the first missed.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from search.highlight import Span, Unit, highlight_spans

__all__ = ["Fragment", "Snippet", "Unit", "highlight_spans", "make_snippet"]

ELLIPSIS = "…"
WINDOW = 100  # characters a match window spans when choosing fragments


@dataclass(frozen=True)
class Fragment:
    """A piece of the text, ``text == source[start:end]`` (line breaks as spaces),
    with matched spans as offsets into ``text``."""

    text: str
    spans: list[tuple[int, int]]
    start: int
    end: int

    def _join(self, escape, before: str, after: str) -> str:
        out, last = [], 0
        for a, b in self.spans:
            out += [escape(self.text[last:a]), before, escape(self.text[a:b]), after]
            last = b
        out.append(escape(self.text[last:]))
        return "".join(out)

    @property
    def matches(self) -> list[str]:
        return [self.text[a:b] for a, b in self.spans]


@dataclass(frozen=True)
class Snippet:
    """Fragments in text order, and the length of the text they come from."""

    fragments: list[Fragment]
    length: int

    def _render(self, escape, before: str, after: str) -> str:
        out = []
        for n, frag in enumerate(self.fragments):
            if frag.start > 0 or n:
                out.append(ELLIPSIS if not out else f" {ELLIPSIS} ")
            out.append(frag._join(escape, before, after))
        if self.fragments and self.fragments[-1].end < self.length:
            out.append(ELLIPSIS)
        return "".join(out)

    @classmethod
    def of_text(cls, text: str) -> Snippet:
        """A snippet that is ``text`` whole, with nothing marked."""
        return cls([Fragment(text, [], 0, len(text))], len(text)) if text else cls([], 0)

    @property
    def html(self) -> str:
        """HTML with ``<mark>`` around matches; everything else escaped."""
        return self._render(html.escape, "<mark>", "</mark>")

    @property
    def plain(self) -> str:
        return self._render(str, "", "")

    def marked(self, before: str, after: str) -> str:
        """Plain text with ``before``/``after`` around matches (terminal colour, ``[brackets]``)."""
        return self._render(str, before, after)

    @property
    def matches(self) -> list[str]:
        """The matched pieces of text, in order (for tests and tooltips)."""
        return [m for frag in self.fragments for m in frag.matches]


MAX_WINDOW_MATCHES = 120


def _cut_left(text: str, pos: int) -> int:
    """Move ``pos`` left to a word start (never past 0)."""
    if pos <= 0:
        return 0
    if text[pos - 1] in " \n":
        return pos
    return max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos)) + 1


def _cut_right(text: str, pos: int, not_before: int) -> int:
    """Move ``pos`` left to a word end, but not before ``not_before``."""
    if pos >= len(text):
        return len(text)
    cut = max(text.rfind(" ", not_before, pos + 1), text.rfind("\n", not_before, pos + 1))
    return cut if cut > not_before else max(pos, not_before)


def _fragment(text: str, start: int, end: int, matches: list[Span]) -> Fragment:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    start += lead
    end = start + len(piece)
    spans = [(a - start, b - start) for a, b, _ in matches if a >= start and b <= end]
    return Fragment(piece.replace("\n", " "), spans, start, end)


def _choose_windows(matches: list[Span], count: int) -> list[list[Span]]:
    """Up to ``count`` non-overlapping windows of matches, greedily by units not yet shown."""
    # Each window once: the matches ending within WINDOW characters of one's start
    # (at least that one: a quoted phrase may be longer than WINDOW), and their units.
    windows = []
    j = 0
    for i, (start, _, _) in enumerate(matches):
        j = max(j, i + 1)
        while j < len(matches) and matches[j][1] - start <= WINDOW:
            j += 1
        window = matches[i:j]
        windows.append((window[0][0], window[-1][1], {m[2] for m in window}, window))
    covered: set[str] = set()
    chosen: list[list[Span]] = []
    taken: list[tuple[int, int]] = []
    for _ in range(count):
        best, best_score = None, (0, 0)
        for lo, hi, keys, window in windows:
            if any(lo < t_hi + 20 and hi > t_lo - 20 for t_lo, t_hi in taken):
                continue
            score = (len(keys - covered), len(window))
            if score > best_score and (score[0] > 0 or not chosen):
                best, best_score = window, score
        if best is None:
            break
        chosen.append(best)
        taken.append((best[0][0], best[-1][1]))
        covered |= {m[2] for m in best}
    return sorted(chosen, key=lambda w: w[0][0])


def make_snippet(
    text: str,
    units: Iterable[Unit],
    exact: bool = False,
    max_chars: int = 300,
    max_fragments: int = 3,
) -> Snippet:
    """Up to ``max_fragments`` fragments (``max_chars`` in all) around the
    matches of the most distinct units; without a match, the start of the text.

    ``units`` and ``exact``: see :func:`highlight_spans`.
    """
    matches = highlight_spans(text, units, exact)
    if not matches:
        end = _cut_right(text, max_chars, max_chars // 2)
        return Snippet([_fragment(text, 0, min(end, max_chars), [])], len(text))
    # Windows are chosen among the first matches: enough to cover every
    # query word in practice, and bounded work on a long article full of a
    # common syllable (choosing is quadratic in the matches of a window).
    windows = _choose_windows(matches[:MAX_WINDOW_MATCHES], max_fragments)
    budget = max_chars // len(windows)
    fragments = []
    floor = 0
    for window in windows:
        lo, hi = window[0][0], window[-1][1]
        slack = max(0, budget - (hi - lo))
        start = _cut_left(text, max(floor, lo - min(slack // 3, 60)))
        start = min(start, lo)
        end = _cut_right(text, min(len(text), start + max(budget, hi - start)), hi)
        fragments.append(_fragment(text, start, end, matches))
        floor = end
    return Snippet(fragments, len(text))
