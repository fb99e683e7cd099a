"""The free text of a query read as Vietnamese words: which syllables stand together.

A multi-syllable word ("giao thông", "Phạm Minh Chính") means its syllables
side by side; each syllable alone is usually something else ("thông" in
"thông tin"). So the query's syllables are grouped into :class:`Unit` s, each
matched as a phrase.

Two adjacent syllables are bound into one unit when pyvi reads them as one
word in any reading of the query: as typed, in Title Case (people type names
in lowercase: "tô lâm" is two words to pyvi, "Tô Lâm" one name) and, for a
query typed without accents, the same two readings of its restored spelling
(pyvi reads unaccented text poorly). A stretch spelling one variant of an
equivalence group ("UBND", "vắc xin") is a unit of its own, matched as any of
the group's variants.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from search.query.equivalences import Group, find_groups
from search.vietnamese.analysis import Analysis, Tok
from search.vietnamese.text import SYLLABLE_RE, fold, has_diacritics

__all__ = ["Unit", "read_units", "title_case"]


@dataclass(frozen=True)
class Unit:
    """Syllables that must stand together: a word, a name, or a group's variant."""

    syllables: tuple[str, ...]  # accented index terms (``syl``), in order
    folded: tuple[str, ...]  # the same, every diacritic removed (``fold``)
    group: Group | None = None  # an equivalence group: any of its variants matches
    typed: tuple[str, ...] = ()  # the folded keys as typed (a group's short variants need them)
    shown: str = ""  # the syllables as the user typed them

    @property
    def text(self) -> str:
        return self.shown or " ".join(self.syllables)


def title_case(text: str) -> str:
    """Every space-separated part with its first letter upper-cased (same length)."""
    return " ".join(part[:1].upper() + part[1:] for part in text.split(" "))


def _bound_pairs(analysis: Analysis) -> set[int]:
    """Indexes ``i`` of syllables that pyvi puts in the same word as syllable ``i + 1``."""
    words = analysis.word
    bound: set[int] = set()
    w = 0
    owner: list[int] = []
    for _term, start, end in analysis.syl:
        while w < len(words) and words[w][2] <= start:
            w += 1
        inside = w < len(words) and words[w][1] <= start and end <= words[w][2]
        owner.append(w if inside else -1 - len(owner))
    for i in range(len(owner) - 1):
        if owner[i] >= 0 and owner[i] == owner[i + 1]:
            bound.add(i)
    return bound


def _runs(bound: set[int]) -> list[list[int]]:
    """Bound pair indexes grouped by word: consecutive indexes are one word."""
    runs: list[list[int]] = []
    for i in sorted(bound):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def read_units(
    analysis_of: Callable[[str], Analysis],
    text: str,
    syllables: list[Tok],
    restored: str | None = None,
    groups: tuple[Group, ...] = (),
    limit: int = 32,
    known_pairs: Collection[str] | None = None,
    titled: bool = True,
) -> list[Unit]:
    """``text``'s syllables (``syllables``: its ``syl`` tokens, at most ``limit``) as units.

    ``analysis_of``: the analysis of a text (a plan's memo); ``restored``: the
    accented reading of an unaccented ``text``, used only when it has as many
    syllables. ``known_pairs``: syllable pairs seen inside a word of the
    archive (``search.spelling.wordpairs``); when given, a text without
    accents binds those (and names, see below) rather than what pyvi reads —
    its restored spelling may be wrong ("báo lữ" for "bão lũ"), and a wrong
    binding loses articles. What was typed with accents binds as pyvi reads
    it: a name the archive has never seen is still one name.
    ``titled=False``: no Title Case reading (a long text has its own capitals).
    """
    syls = [t[0] for t in syllables][:limit]
    if not syls:
        return []
    n = len(syls)
    # pyvi reads text without accents poorly ("Vi Pham_Giao_Thong"): its
    # restored spelling is read instead when there is one.
    reading = restored if restored and restored != text else text
    folded = [fold(s) for s in syls]

    def pairs(of: str) -> set[int]:
        analysis = analysis_of(of)
        same = len(analysis.syl) >= n and [fold(t[0]) for t in analysis.syl[:n]] == folded
        return {i for i in _bound_pairs(analysis) if i < n - 1} if same else set()

    typed = [(fold(m.group().lower()), m.group()) for m in SYLLABLE_RE.finditer(text)][:limit]
    if len(typed) != n:  # the analysis cut the text differently (never seen): show the terms
        typed = [(fold(s), s) for s in syls]

    unaccented = known_pairs is not None and not has_diacritics(text)
    spelled = [t[0].lower() for t in analysis_of(reading).syl] if unaccented and reading != text else []
    if len(spelled) != n:
        spelled = []

    def known(i: int) -> bool:
        """Is the pair at ``i`` inside a word of the archive, as the restored spelling writes it if any?"""
        of = spelled or folded
        return known_pairs is not None and f"{of[i]}_{of[i + 1]}" in known_pairs

    bound = pairs(reading)
    if unaccented:
        # Without accents pyvi's reading is unreliable, and so may be the restored
        # spelling ("báo lữ" for "bão lũ"): a pair binds when the archive has it
        # inside a word, when it is typed in capitals (a name pyvi sees), or
        # inside a name of the restored Title Case with one such pair.
        capital = [t[1][:1].isupper() for t in typed]
        bound = {i for i in range(n - 1) if known(i)}
        bound |= {i for i in pairs(text) if capital[i] and capital[i + 1]}
        if titled:  # a name pyvi sees in the restored Title Case, one of its pairs known
            bound |= {i for run in _runs(pairs(title_case(reading))) if any(map(known, run)) for i in run}
    elif titled:
        # In Title Case pyvi sees names: "Tô_Lâm" — but also "Giao_Thông_Sao_Hỏa"
        # and "Mục_Tiêu_Lớn". It may join two lone syllables; a word to
        # anything only where the archive has that pair inside a word.
        in_words = bound | {i + 1 for i in bound}
        bound |= {
            i for i in pairs(title_case(reading)) if not (i in in_words or i + 1 in in_words) or known(i)
        }
    spans = {start: (end, group) for start, end, group in find_groups(typed, groups)}
    units: list[Unit] = []
    i = 0
    while i < n:
        if i in spans:
            end, group = spans[i]
            keys = tuple(t[0] for t in typed[i:end])
        else:
            end, group, keys = i + 1, None, ()
            while end < n and (end - 1) in bound and end not in spans:
                end += 1
        part = tuple(syls[i:end])
        shown = " ".join(t[1] for t in typed[i:end])
        units.append(Unit(part, tuple(fold(s) for s in part), group, keys, shown))
        i = end
    return units
