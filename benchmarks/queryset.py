"""Typical queries built from the corpus file, so every engine gets the same ones.

Read from the articles as the ingest reads them (``search.corpus.read_paths``),
never from an index: Whoosh, Tantivy and SQLite FTS5 answer the same list.
With a fixed seed:

* typical queries: a span of 1-4 pyvi words (``search.vietnamese.segment.words``, so they
  read like what people type) from a random article, lower-cased; half of them
  with every accent removed (``search.vietnamese.text.fold``); about 10% as a
  "quoted phrase" (2-4 words), about 10% with a speaker filter (words from
  an article in which ``search.speakers.extract_speakers`` finds speakers, and
  one of them as the filter, as one types after choosing a name in the speaker
  facet), about 5% with a year filter when the articles carry dates (VNTC has
  none);
* long queries: 10 consecutive words, the same folding rule, reported apart.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from search.corpus import Article, read_paths
from search.speakers import extract_speakers
from search.vietnamese import segment
from search.vietnamese.text import clean, fold, normalize

VERSION = 2  # of the recipe: a stored query set built by another recipe is built again
SPEAKER_SHARE, PHRASE_SHARE, YEAR_SHARE = 0.10, 0.10, 0.05
LONG_WORDS = 10
MIN_WORDS = 20  # articles shorter than this give no query
SPEAKER_SAMPLE = 300  # articles whose speakers are extracted


@dataclass
class Query:
    q: str
    kind: str  # words | phrase | speaker | year | long
    folded: bool = False
    speakers: list[str] = field(default_factory=list)
    year: int | None = None

    def search_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``Searcher.search`` besides the text."""
        from search.query import YearRange

        kwargs: dict[str, Any] = {"speakers": list(self.speakers)}
        if self.year is not None:
            kwargs["years"] = YearRange(self.year, self.year)
        return kwargs

    def api_params(self) -> list[tuple[str, str]]:
        """The query string of ``/api/search`` for this query."""
        params = [("q", self.q), ("size", "10")]
        params += [("speaker", s) for s in self.speakers]
        if self.year is not None:
            params.append(("year", str(self.year)))
        return params


@dataclass
class QuerySet:
    typical: list[Query]
    long: list[Query]
    notes: dict[str, Any] = field(default_factory=dict)

    def save(self, path: Path) -> None:
        data = {"typical": [asdict(q) for q in self.typical], "long": [asdict(q) for q in self.long]}
        data["notes"] = self.notes
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> QuerySet:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            [Query(**q) for q in data["typical"]], [Query(**q) for q in data["long"]], data.get("notes", {})
        )


def stored(
    folder: Path,
    source: Path,
    count: int,
    long: int,
    seed: int,
    docs: int | None = None,
    log: Callable[[str], None] | None = None,
) -> tuple[QuerySet, Path]:
    """The query set of ``source`` kept in ``folder``: built once per recipe (the source,
    ``docs``, the counts, the seed and :data:`VERSION`), read back afterwards; and its file."""
    key = f"{source.resolve()}|{docs}|{count}|{long}|{seed}|{VERSION}"
    path = folder / f"queries-{hashlib.sha1(key.encode()).hexdigest()[:10]}.json"
    if path.is_file():
        return QuerySet.load(path), path
    if log is not None:
        log(f"building {count} + {long} queries from {source} (seed {seed}) ...")
    qs = build(source, None, count, long, seed)
    qs.save(path)
    return qs, path


def reservoir(items, k: int, rng: random.Random) -> tuple[list, int]:
    """``k`` items chosen uniformly from an iterable of unknown length (one pass), and its length."""
    chosen: list = []
    n = 0
    for n, item in enumerate(items, 1):
        if len(chosen) < k:
            chosen.append(item)
        else:
            j = rng.randrange(n)
            if j < k:
                chosen[j] = item
    return chosen, n


def articles(path: Path, docs: int | None):
    count = 0
    for item in read_paths([path]):
        if isinstance(item, Article):
            yield item
            count += 1
            if docs is not None and count >= docs:
                return


def query_words(article: Article) -> list[str]:
    """The article's pyvi words as one would type them (syllables spaced, punctuation left out)."""
    words = segment.words(normalize(article.body))
    return [w.text.replace("_", " ") for w in words if any(c.isalpha() for c in w.text)]


def article_speakers(article: Article) -> list[str]:
    """The speakers the index stores for this article (same cleaning as the ingest)."""
    return [s.name for s in extract_speakers(clean(article.body), clean(article.title))]


def build(path: Path, docs: int | None, count: int, long: int, seed: int) -> QuerySet:
    rng = random.Random(seed)
    wanted = count + long
    sample, total = reservoir(articles(path, docs), 3 * wanted + 50, rng)
    rng.shuffle(sample)
    years_seen = [a.date.year for a in sample if a.date and a.date.year]
    quoted: list[tuple[Article, list[str]]] = []  # articles with speakers, for speaker queries
    common: Counter = Counter()
    for article in sample[:SPEAKER_SAMPLE]:
        names = article_speakers(article)
        common.update(names)
        if names and len(query_words(article)) >= MIN_WORDS:
            quoted.append((article, names))

    typical: list[Query] = []
    longer: list[Query] = []
    for article in sample:
        if len(typical) >= count and len(longer) >= long:
            break
        words = query_words(article)
        if len(words) < MIN_WORDS:
            continue
        if len(longer) < long:
            start = rng.randrange(len(words) - LONG_WORDS)
            text = " ".join(words[start : start + LONG_WORDS]).lower()
            folded = rng.random() < 0.5
            longer.append(Query(fold(text) if folded else text, "long", folded))
        if len(typical) >= count:
            continue
        n = rng.choice([1, 2, 2, 3, 3, 4])
        folded = rng.random() < 0.5
        special = rng.random()
        kind = "words"
        if special < PHRASE_SHARE:
            kind, n = "phrase", max(n, 2)
        elif special < PHRASE_SHARE + SPEAKER_SHARE and quoted:
            kind = "speaker"
            article, names = rng.choice(quoted)
            words = query_words(article)
        elif special < PHRASE_SHARE + SPEAKER_SHARE + YEAR_SHARE and article.date and article.date.year:
            kind = "year"
        start = rng.randrange(len(words) - n)
        text = " ".join(words[start : start + n]).lower()
        text = fold(text) if folded else text
        query = Query(f'"{text}"' if kind == "phrase" else text, kind, folded)
        if kind == "speaker":
            query.speakers = [rng.choice(names)]
        elif kind == "year":
            query.year = article.date.year
        typical.append(query)
    notes = {
        "articles": total,
        "sampled": len(sample),
        "seed": seed,
        "dated articles in sample": len(years_seen),
        "kinds": dict(Counter(q.kind for q in typical)),
        "folded": sum(q.folded for q in typical),
        "speakers found": len(common),
        "articles with speakers": len(quoted),
    }
    return QuerySet(typical, longer, notes)
