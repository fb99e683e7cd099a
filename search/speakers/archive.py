"""One canonical name per speaker across the archive: the table, its file, its lookups.

Inside one article a short form already joins its full name (:mod:`.names`);
across articles it does not: one archive has "Xuân Tình" in nine articles
and "Lê Xuân Tình" in two others, "Erdogan" and a misspelt "Erdorgan".
:func:`speaker_table` reads the archive's speaker names and their article
counts and maps each variant to the name it stands for, never guessing:

- a short form joins the ONE longer name the archive uses that ends with it
  ("Xuân Tình", "Tình" → "Lê Xuân Tình") or, when that longer name is
  foreign (a word that is no Vietnamese syllable), starts with it ("Moon" →
  "Moon Jae-in"); with two people to choose from ("Hùng": "Nguyễn Văn Hùng",
  "Trần Hùng") it stays as it is. Before a foreign short form go foreign
  words only ("Mourinho" → "José Mourinho"), before a foreign full name only
  in a name the archive uses more ("Tayyip Erdogan" → "Recep Tayyip
  Erdogan"), and a foreign name starts a longer one as one word: on Dân Trí
  the longer names around foreign full names were words the extractor did not
  cut ("Australia Marise Payne", "Âu Andrea Agnelli", "Ngoài Barcelona"),
  each in fewer articles, or two people ("Donald Trump Robert O’Brien",
  "Harsh Vardhan" / "Harsh Vardhan Shringla");
- a name that opens with an initial joins the one name the archive writes it
  out in ("A. Riedl" → "Alfred Riedl");
- a foreign spelling one edit away from a name in at least three times as
  many articles joins it ("Erdorgan" → "Erdogan"); both spellings have six
  letters or more and are no Vietnamese syllable ("Hùng" and "Hưng" are two
  people).

The indexing pipeline counts the index's speakers and writes the table as
``speakers.tsv`` in the index folder (:func:`write_speakers`); the searcher
reads it once (:func:`load_speakers`) and asks the :class:`SpeakerTable`.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from search.speakers.names import INITIAL, one_edit, spells_out, vietnamese

__all__ = ["SPEAKERS_FILE", "Person", "SpeakerTable", "load_speakers", "speaker_table", "write_speakers"]

SPEAKERS_FILE = "speakers.tsv"
HEADER = ("variant", "canonical", "articles")
# A foreign spelling joins a name in at least this many times as many articles.
SPELLING_RATIO = 3
# Only words this long may differ by one edit: shorter ones are too often two names.
SPELLING_MIN_LETTERS = 6

Words = tuple[str, ...]
Count = Callable[[tuple[str, ...]], int]  # articles holding any of these names


def _foreign(word: str) -> bool:
    return not vietnamese(word)


def _letters(word: str) -> int:
    return sum(c.isalpha() for c in word)


def _deletes(word: str) -> set[str]:
    """The word and every form of it with one letter left out: two words one edit
    apart always share one of these (the symmetric-delete index)."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _longer_names(counts: Mapping[Words, int]) -> dict[Words, set[Words]]:
    """For each short form, the longer names it may stand for: those that end with it
    (a foreign one: after foreign words, and a foreign full name only in a name in
    more articles) and, for a foreign longer name, those that start with it (one word)."""
    longer: dict[Words, set[Words]] = defaultdict(set)
    for name, n in counts.items():
        for k in range(1, len(name)):
            short, before = name[-k:], name[:-k]
            if not any(map(_foreign, short)):
                longer[short].add(name)
            elif all(map(_foreign, before)) and (k == 1 or n > counts.get(short, 0)):
                longer[short].add(name)
        if len(name) > 1 and any(map(_foreign, name)):
            longer[name[:1]].add(name)
    return longer


def _transliterated(word: str) -> str:
    """The word with "ks" written "x", as transliterations differ ("Aleksander", "Alexander")."""
    return word.replace("ks", "x")


def _spellings(counts: Mapping[Words, int]) -> dict[Words, set[Words]]:
    """For each name, the names it may be a misspelling of: the same words but one, that one a
    foreign word one edit away, in ``SPELLING_RATIO`` times as many articles; or the same word
    transliterated another way ("Aleksander Ceferin", "Alexander Ceferin"), in more articles."""
    buckets: dict[tuple[int, Words, Words, str], set[Words]] = defaultdict(set)
    spots: list[tuple[Words, int]] = []
    for name in counts:
        for i, word in enumerate(name):
            if _letters(word) >= SPELLING_MIN_LETTERS and _foreign(word):
                spots.append((name, i))
                for key in _deletes(_transliterated(word)):
                    buckets[(i, name[:i], name[i + 1 :], key)].add(name)
    found: dict[Words, set[Words]] = defaultdict(set)
    for name, i in spots:
        word, before, after = _transliterated(name[i]), name[:i], name[i + 1 :]
        for key in _deletes(word):
            for other in buckets[(i, before, after, key)]:
                theirs = _transliterated(other[i])
                same = other[i] != name[i] and theirs == word
                ratio = 1 if same else SPELLING_RATIO
                more = counts[other] >= ratio * counts[name] and counts[other] > counts[name]
                if more and (same or one_edit(word, theirs)):
                    found[name].add(other)
    return found


def _spelled_out(counts: Mapping[Words, int]) -> dict[Words, set[Words]]:
    """For each name that opens with an initial ("A. Riedl"), the names it may stand for:
    the same words after it, an unabbreviated first word with its letters ("Alfred Riedl")."""
    by_rest: dict[Words, set[Words]] = defaultdict(set)
    for name in counts:
        if len(name) >= 2:
            by_rest[name[1:]].add(name)
    return {
        name: {other for other in by_rest.get(name[1:], ()) if spells_out(name[0], other[0])}
        for name in counts
        if len(name) >= 2 and INITIAL.fullmatch(name[0])
    }


def speaker_table(counts: Mapping[str, int]) -> dict[str, str]:
    """Each variant among the archive's speaker names → its canonical name.

    ``counts``: every speaker name the archive holds and the number of articles
    it is in. Chains resolve to their end ("Erdorgan" → "Erdogan" → "Recep
    Tayyip Erdogan"); a canonical name is not a key, nor is a name that could
    be either of two people.
    """
    words = {tuple(name.split()): max(0, int(n)) for name, n in counts.items() if name.split()}
    longer = _longer_names(words)
    misspelt = _spellings(words)
    initials = _spelled_out(words)
    canonical: dict[Words, Words] = {}
    # Longer names first (a short form goes to a longer name's own canonical
    # name), then by count (a misspelling goes to a name in more articles).
    for name in sorted(words, key=lambda w: (-len(w), -words[w], w)):
        targets = {canonical[other] for other in longer.get(name, ())}
        targets |= {canonical[other] for other in misspelt.get(name, ()) if other in canonical}
        targets |= {canonical[other] for other in initials.get(name, ()) if other in canonical}
        canonical[name] = targets.pop() if len(targets) == 1 else name
    return {" ".join(n): " ".join(c) for n, c in sorted(canonical.items()) if c != n}


@dataclass
class Person:
    """One speaker across the archive: the canonical name and its articles, the other
    names the person is written under with theirs, and the articles under any name."""

    name: str
    count: int
    variants: list[tuple[str, int]]
    total: int

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of ``/api/speaker``."""
        return {
            "name": self.name,
            "count": self.count,
            "variants": [{"name": name, "count": count} for name, count in self.variants],
            "total": self.total,
        }


class SpeakerTable:
    """The archive's speaker names: each name's canonical name and article count.

    An empty table (an index counted before the table existed) leaves every
    name as it is.
    """

    def __init__(
        self,
        counts: Mapping[str, int] | None = None,
        canonical_of: Mapping[str, str] | None = None,
        key: Any = None,
    ) -> None:
        self.key = key  # the version of the file it was read from
        self.counts = dict(counts or {})
        self.canonical_of = dict(canonical_of or {})  # variant → canonical; a canonical name is no key
        groups: dict[str, list[str]] = defaultdict(list)
        for variant, canonical in self.canonical_of.items():
            groups[canonical].append(variant)
        self._overlaps: dict[str, bool] = {}  # canonical name → does an article hold two of its names?
        self._variants = {
            c: sorted(vs, key=lambda v: (-self.counts.get(v, 0), v)) for c, vs in groups.items()
        }

    @classmethod
    def from_counts(cls, counts: Mapping[str, int]) -> SpeakerTable:
        return cls({n: int(c) for n, c in counts.items() if n.strip()}, speaker_table(counts))

    def __bool__(self) -> bool:
        return bool(self.counts)

    def __contains__(self, name: object) -> bool:
        return name in self.counts

    def canonical(self, name: str) -> str:
        """The canonical name of ``name`` (``name`` itself when it is one, or unknown)."""
        return self.canonical_of.get(name, name)

    def variants(self, name: str) -> list[str]:
        """The other names of ``name``'s person, most articles first."""
        return list(self._variants.get(self.canonical(name), ()))

    def alternatives(self, name: str) -> tuple[str, ...]:
        """Every name an article may hold ``name``'s person under: the canonical name first."""
        return (self.canonical(name), *self.variants(name))

    def names(self, names: Iterable[str]) -> list[str]:
        """Canonical names, each once, in the order first met."""
        return list(dict.fromkeys(self.canonical(n) for n in names))

    def person(self, name: str, count: Count) -> Person | None:
        """The person behind ``name`` (any of its names), counted by ``count(names)``:
        the articles holding any of ``names``. None when no article names them."""
        names = self.alternatives(name)
        total = count(names)
        if not total:
            return None
        each = {n: count((n,)) for n in names}
        variants = sorted(
            ((n, c) for n, c in each.items() if c and n != names[0]), key=lambda nc: (-nc[1], nc[0])
        )
        return Person(names[0], each[names[0]], variants, total)

    def merge(
        self, counts: Mapping[str, int], here: Count | None = None, anywhere: Count | None = None
    ) -> Counter:
        """Counts per canonical name, its variants' counts added in.

        An article holding two names of one person would count twice in that
        sum: where ``anywhere(names)`` (articles holding any of ``names`` in the
        whole archive, asked once per person) says some article does, the count
        is ``here(names)`` instead (the articles counted holding any of them).
        """
        # A common word's matches name thousands of people, few of them variants:
        # copy the counts whole and move only the variants (no Python step per name).
        merged = Counter(counts)
        sources: Counter = Counter()  # canonical name → how many of the names counted are its variants
        moved = {n for n in counts.keys() & self.canonical_of.keys() if self.canonical_of[n] != n}
        for name in moved:
            canonical = self.canonical_of[name]
            merged[name] -= counts[name]
            merged[canonical] += counts[name]
            sources[canonical] += 1
        for name in moved:
            if name not in sources:  # no variant's canonical name either
                del merged[name]
        if here is None or anywhere is None:
            return merged
        for name in (n for n, k in sources.items() if k + (n in counts and n not in moved) > 1):
            names = self.alternatives(name)
            if name not in self._overlaps:
                self._overlaps[name] = anywhere(names) != sum(self.counts.get(n, 0) for n in names)
            if self._overlaps[name]:
                merged[name] = here(names)
        return merged


def write_speakers(folder: Path, counts: Mapping[str, int]) -> SpeakerTable:
    """Write ``speakers.tsv`` in the index ``folder`` from the archive's counts.

    One line per name: the name, its canonical name (itself for a canonical
    name), its article count; a header line first. Written whole, then moved
    into place: a searcher never reads half a table.
    """
    table = SpeakerTable.from_counts(counts)
    canonical = table.canonical
    rows = sorted(table.counts.items(), key=lambda nc: (canonical(nc[0]), nc[0] != canonical(nc[0]), -nc[1]))
    path = Path(folder) / SPEAKERS_FILE
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(HEADER) + "\n")
        for name, n in rows:
            out.write(f"{name}\t{table.canonical(name)}\t{n}\n")
    os.replace(tmp, path)
    return table


def load_speakers(folder: Path, loaded: SpeakerTable | None = None) -> SpeakerTable:
    """The table in ``folder``'s ``speakers.tsv`` (empty when there is none), or
    ``loaded`` when it was read from the file as it is now.

    A line that does not read (a hand edit) is passed over.
    """
    counts: dict[str, int] = {}
    canonical_of: dict[str, str] = {}
    path = Path(folder) / SPEAKERS_FILE
    try:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if loaded is not None and loaded.key == key:
            return loaded
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return loaded if loaded is not None and loaded.key is None else SpeakerTable()
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or tuple(parts) == HEADER or not parts[0].strip():
            continue
        name, canonical, n = parts
        try:
            counts[name] = int(n)
        except ValueError:
            continue
        if canonical and canonical != name:
            canonical_of[name] = canonical
    return SpeakerTable(counts, canonical_of, key)
