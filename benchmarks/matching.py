"""Benchmark: the WHOLE result set of short queries against a truth computed apart (issue 15).

    python -m benchmarks matching [--corpora unc,vntc] [--file PATH]... [--docs 10000]
        [--queries 240] [--seed 15] [--engines whoosh,tantivy] [--no-fts5] [--workers 2]
        [--work DIR] [--reuse] [--out FILE] [--json FILE] [--label TEXT]

The top ten can be good while the set a query matches is noise. This measures the set.

**Queries** (fixed seed): 1-3 words drawn from random articles, four kinds —
``word`` (one word of 2+ syllables, "hạn hán"), ``name`` (a run of capitalised
syllables, "Phạm Minh Chính"), ``adjacent`` (2-3 consecutive content words,
"Thủ tướng | Phạm Minh Chính") and ``apart`` (2-3 words of the same article
taken from different sentences). Words are pyvi's (``search.vietnamese.segment``,
used for drawing only), capitalised syllables next to each other joined into one
name. Each query is kept as its list of words (each a list of syllables) and asked
twice: accented as written (lower case; names keep their capitals in half the
queries) and unaccented (every diacritic off, đ→d). A query belongs to the
``tuning`` or the ``held-out`` half by the parity of the sha1 of its lower-cased
accented text, decided before anything is tuned; both forms are in the same half.

**Truth**, computed here without the engine's analysis: an article is relevant
when it holds EACH word of the query as a contiguous run of syllables in its
title, lead or body (a run never crosses from one field into another). Syllables
are runs of letters (``[^\\W\\d_]`` plus combining marks) and runs of digits,
after NFC. Two syllables are consecutive when only spaces or tabs separate them,
or one hyphen with no space ("Jong-un"); any other punctuation, a line break or a
number between them breaks the run. The order of the words and their distance do
not matter. Syllables compare as:

* accented query: case-blind, (letters without the five tone marks, tone mark)
  after NFD — so NFC/NFD and old/new tone placement (hoà/hòa, uỷ/ủy) are equal —
  with ``Ð`` (U+00D0) = ``Đ`` and final ``y`` = ``i`` right after a consonant onset
  (kỹ/kĩ, lý/lí, quý/quí); every other mark counts (dê ≠ dế, ma ≠ mà);
* unaccented query: folded (every mark removed, đ→d, Ð→d), case-blind, the same
  y/i rule.

**Systems**, same articles, same queries: vnsearch on each engine (indexed with
``search.indexing.ingest``, asked through ``search.Searcher.search`` page by page,
1,000 at a time, until ``total``; snippets are not built, nothing else changes;
a query that finds nothing is relaxed by the searcher as a user sees it) and
SQLite FTS5 (``benchmarks/fts5.py``: ``unicode61 remove_diacritics 2``) with its
default AND over the query's words (each quoted, as fts5.py does).

**Scores** per query: precision = |returned ∩ truth| / |returned|, recall =
|returned ∩ truth| / |truth|; precision is 1 when nothing is returned and the
truth is empty, 0 when nothing is returned and the truth is not; recall is 1 for
an empty truth (none should occur: a drawn query's own article always holds it;
their number is reported). Macro averages per form, per half, per kind, and the
median of |returned| / |truth|. Targets: accented P ≥ 0.95 and R ≥ 0.95,
unaccented P ≥ 0.90 and R ≥ 0.95.

Corpora: Dân Trí (UNC, every article, headline = first line of the body) and the
first ``--docs`` VNTC articles, from ../shared/corpora (or ``$VNSEARCH_CORPORA``);
``--file`` names any other file (JSON Lines and the rest of what ``vnsearch index``
reads). Writes the markdown report (``--out``) and every query's counts and a few
wrong ids (``--json``, default ``WORK/matching.json``).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import gzip
import hashlib
import json
import os
import random
import re
import shlex
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from search.corpus import Article, read_paths
from search.vietnamese import segment

from . import fts5, machine
from .paths import SHARED, WHERE

RESULTS_MD = Path(__file__).with_name("results-matching.md")
DEFAULT_WORK = Path(tempfile.gettempdir()) / "vnsearch-matching"
CORPUS_FILES = {"unc": "unc/unc.jsonl.gz", "vntc": "vntc/vntc.jsonl.gz"}
DEFAULT_DOCS = {"unc": None, "vntc": 10000}  # None: every article
DEFAULT_QUERIES = 240
PAGE = 1000  # search.searcher.MAX_LIMIT
KINDS = {"word": 0.25, "name": 0.25, "adjacent": 0.30, "apart": 0.20}
TARGETS = {"acc": (0.95, 0.95), "unacc": (0.90, 0.95)}  # (precision, recall)
SHOW_IDS = 5  # wrong ids kept per query in the JSON
# Checked by name on UNC: words joined by "_" inside, spaces between words.
EXAMPLES = (
    "Tô_Lâm",
    "hạn_hán",
    "Phạm_Minh_Chính",
    "Thủ_tướng Phạm_Minh_Chính",
    "duong_sat cat_linh ha_dong",
    "cong_an ha_noi",
    "Nguyen_Xuan_Phuc",
)


class BenchError(Exception):
    """Something the person running the benchmark must fix; printed as one line."""


# --- syllables and their keys (our own, not the engine's) ----------------------------

TONE_MARKS = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
ONSETS = frozenset("b c ch d đ g gh h k kh l m n ng ngh nh p ph q qu r s t th tr v x".split())
TOKEN_SPLIT = re.compile(r"((?:[^\W\d_]|[\u0300-\u036f])+|\d+)")
JOINER = re.compile(r"[ \t\u00a0\u202f]*|-")  # what may stand between two syllables of a word
BREAK = "|"


def prepare(text: str) -> str:
    """NFC, with the Icelandic eth (often typed for Đ) read as Đ."""
    return unicodedata.normalize("NFC", (text or "").replace("\u00d0", "Đ").replace("\u00f0", "đ"))


def _y_as_i(base: str) -> str:
    """kỹ/kĩ, lý/lí, quý/quí: a final y right after a consonant onset is i."""
    if base.endswith("y") and base[:-1] in ONSETS:
        return base[:-1] + "i"
    return base


@functools.lru_cache(maxsize=200_000)
def accent_key(syllable: str) -> str:
    """The syllable's letters without tone marks, then its tone (0-5): old and new
    tone placement, NFC and NFD give the same key."""
    decomposed = unicodedata.normalize("NFD", prepare(syllable).lower())
    tone = next((TONE_MARKS[c] for c in decomposed if c in TONE_MARKS), "0")
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return _y_as_i(base) + tone


@functools.lru_cache(maxsize=200_000)
def folded_key(syllable: str) -> str:
    """Every mark removed, đ→d, lower case."""
    decomposed = unicodedata.normalize("NFD", prepare(syllable).lower().replace("đ", "d"))
    return _y_as_i("".join(c for c in decomposed if not unicodedata.combining(c)))


def fold_text(text: str) -> str:
    """A query as typed without accents (case kept)."""
    decomposed = unicodedata.normalize("NFD", prepare(text).replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def syllables(text: str) -> list[tuple[str, bool]]:
    """(syllable, joined to the one before) for every syllable of ``text``."""
    pieces = TOKEN_SPLIT.split(prepare(text))  # separator, syllable, separator, ..., separator
    return [
        (pieces[i], i > 1 and (pieces[i - 1] == " " or JOINER.fullmatch(pieces[i - 1]) is not None))
        for i in range(1, len(pieces), 2)
    ]


def marked(parts: Iterable[str]) -> list[str]:
    """The parts' syllables with ``|`` wherever a run breaks (and before each part)."""
    out: list[str] = []
    for part in parts:
        out.append(BREAK)
        for syllable, joined in syllables(part):
            if not joined:
                out.append(BREAK)
            out.append(syllable)
    return out


def keyed(tokens: list[str], key) -> str:
    """Marked syllables as keys, space-separated and padded with spaces: a word is there
    when `` k1 k2 `` is."""
    return " " + " ".join(t if t == BREAK else key(t) for t in tokens) + " "


def needles(words: Sequence[Sequence[str]], key) -> list[str]:
    return [" " + " ".join(key(s) for s in word) + " " for word in words]


def holds(doc: str, word_needles: Sequence[str]) -> bool:
    return all(n in doc for n in word_needles)


# --- queries -----------------------------------------------------------------------


@dataclass
class MatchQuery:
    words: list[list[str]]  # as typed in the accented form
    kind: str  # word | name | adjacent | apart | example
    source: str = ""  # the article it was drawn from

    @property
    def text(self) -> str:
        return " ".join(" ".join(w) for w in self.words)

    @property
    def folded(self) -> str:
        return fold_text(self.text)

    @property
    def accented(self) -> bool:
        return self.folded != self.text

    @property
    def half(self) -> str:
        digest = hashlib.sha1(prepare(self.text).lower().encode("utf-8")).digest()
        return "tuning" if digest[-1] % 2 == 0 else "held-out"

    def forms(self) -> list[tuple[str, str]]:
        """(form, query text): both for a drawn query, its own for a named example."""
        if self.kind == "example":
            return [("acc" if self.accented else "unacc", self.text)]
        return [("acc", self.text), ("unacc", self.folded)]


STOP = frozenset(
    "của và là các những được có cho với này đó khi đã sẽ đang thì mà nên như từ theo trong ngoài "
    "trên dưới người một hai không cũng còn rất nhiều vào ra lên về đến tại để bị do vì nếu hay "
    "hoặc nhưng ông bà anh chị em họ tôi chúng nó mình sau trước năm ngày tháng lại vẫn đều chỉ".split()
)
SENTENCE = re.compile(r"(?<=[.!?…;:])\s+|\n+")


@dataclass
class Unit:
    """A word of a sentence, as the query drawer sees it."""

    syllables: list[str]
    name: bool
    content: bool
    joined: bool  # to the unit before it (only a space between)


def _capital(syllable: str) -> bool:
    return syllable[0].isupper() and not (len(syllable) > 1 and syllable.isupper())


def units(sentence: str) -> list[Unit]:
    """pyvi's words of ``sentence``, capitalised words next to each other joined into one name."""
    out: list[Unit] = []
    end = None
    for w in segment.words(sentence):
        parts = w.text.split("_")
        letters = all(re.fullmatch(r"[^\W\d_]+", p) for p in parts)
        joined = end is not None and sentence[end : w.start] == " "
        end = w.end
        if not letters:
            out.append(Unit(parts, False, False, joined))
            continue
        name = all(_capital(p) for p in parts)
        if name and out and out[-1].name and joined:
            out[-1].syllables += parts
            continue
        content = all(len(p) >= 2 for p in parts) and not (len(parts) == 1 and parts[0].lower() in STOP)
        out.append(Unit(parts, name, content, joined))
    for u in out:
        u.name = u.name and len(u.syllables) >= 2
    return out


def _cased(unit: Unit, keep_capitals: bool) -> list[str]:
    return list(unit.syllables) if unit.name and keep_capitals else [s.lower() for s in unit.syllables]


def _sentences(article: Article, rng: random.Random, least: int = 4) -> list[list[Unit]]:
    found = [s for s in SENTENCE.split(prepare(article.body)) if len(s.split()) >= least]
    rng.shuffle(found)
    return [units(s) for s in found[:6]]


def draw_one(article: Article, kind: str, rng: random.Random) -> MatchQuery | None:
    """A query of ``kind`` from ``article``, or None when it has none."""
    keep = rng.random() < 0.5
    sentences = _sentences(article, rng)
    long_ones = [[u for u in s if u.content and len(u.syllables) >= 2] for s in sentences]
    if kind == "word":
        pool = [u for s in long_ones for u in s if not u.name]
        return MatchQuery([_cased(rng.choice(pool), keep)], kind, article.id) if pool else None
    if kind == "name":
        pool = [u for s in long_ones for u in s if u.name]
        return MatchQuery([_cased(rng.choice(pool), keep)], kind, article.id) if pool else None
    if kind == "adjacent":
        n = rng.choice([2, 3])
        spans = []
        for s in sentences:
            for i in range(len(s) - n + 1):
                span = s[i : i + n]
                if all(u.content for u in span) and all(u.joined for u in span[1:]):
                    if any(len(u.syllables) >= 2 for u in span):
                        spans.append(span)
        return MatchQuery([_cased(u, keep) for u in rng.choice(spans)], kind, article.id) if spans else None
    # apart: one word from each of 2-3 sentences
    n = rng.choice([2, 3])
    pools = [s for s in long_ones if s]
    if len(pools) < n:
        return None
    words: list[list[str]] = []
    for pool in rng.sample(pools, n):
        word = _cased(rng.choice(pool), keep)
        if all(prepare(" ".join(word)).lower() != prepare(" ".join(w)).lower() for w in words):
            words.append(word)
    return MatchQuery(words, kind, article.id) if len(words) >= 2 else None


def article_parts(article: Article) -> list[str]:
    return [article.title or "", article.lead or "", article.body or ""]


def draw(articles: Sequence[Article], count: int, seed: int) -> list[MatchQuery]:
    """``count`` distinct queries, kinds in the proportions of KINDS; the same for the same
    articles and seed. Each is checked to hold in its own article (a non-empty truth)."""
    rng = random.Random(seed)
    kinds = list(KINDS)
    plan = [kinds[i] for i, k in enumerate(kinds) for _ in range(round(count * KINDS[k]))]
    plan = (plan + kinds * count)[:count]
    rng.shuffle(plan)
    usable = [a for a in articles if len((a.body or "").split()) >= 30]
    if not usable:
        raise BenchError("No article of 30 words or more to draw queries from.")
    queries: list[MatchQuery] = []
    seen: set[str] = set()
    for kind in plan:
        for _ in range(50):
            article = rng.choice(usable)
            q = draw_one(article, kind, rng)
            if q is None or q.text.lower() in seen:
                continue
            if not holds(keyed(marked(article_parts(article)), accent_key), needles(q.words, accent_key)):
                continue
            seen.add(q.text.lower())
            queries.append(q)
            break
    return queries


def example_queries() -> list[MatchQuery]:
    return [MatchQuery([w.split("_") for w in text.split()], "example") for text in EXAMPLES]


# --- truth -------------------------------------------------------------------------


def truth(articles: Iterable[Article], asked: Sequence[tuple[str, list[list[str]]]]) -> list[set[str]]:
    """For each (form, words), the ids of the articles holding every word. One pass over the
    articles; a syllable index over the asked keys picks the candidates to check."""
    keys = {"acc": accent_key, "unacc": folded_key}
    wanted = [(form, needles(words, keys[form])) for form, words in asked]
    need: dict[str, dict[str, list[int]]] = {"acc": defaultdict(list), "unacc": defaultdict(list)}
    distinct: list[int] = []
    for i, (form, word_needles) in enumerate(wanted):
        syls = {k for n in word_needles for k in n.split()}
        distinct.append(len(syls))
        for k in syls:
            need[form][k].append(i)
    found: list[set[str]] = [set() for _ in wanted]
    for article in articles:
        tokens = marked(article_parts(article))
        for form, key in keys.items():
            doc = keyed(tokens, key)
            hits: Counter = Counter()
            for k in set(doc.split()) & need[form].keys():
                hits.update(need[form][k])
            for i, n in hits.items():
                if n == distinct[i] and holds(doc, wanted[i][1]):
                    found[i].add(article.id)
    return found


# --- systems -----------------------------------------------------------------------


class VnsearchSystem:
    """vnsearch on one engine: the whole set through ``Searcher.search``, page by page."""

    def __init__(self, engine: str, index_dir: Path) -> None:
        self.name = f"vnsearch-{engine}"
        self.engine = engine
        self.index_dir = index_dir
        self.searcher = None
        self.mismatches = 0  # queries whose pages did not add up to the total

    def build(self, docs_file: Path, workers: int, reuse: bool) -> float | None:
        """Seconds to index ``docs_file``; None when ``reuse`` found the index built."""
        from search.indexing import ingest

        if reuse and (self.index_dir / "vnsearch.json").is_file():
            return None
        started = time.perf_counter()
        ingest([docs_file], self.index_dir, rebuild=True, engine=self.engine, workers=workers)
        return time.perf_counter() - started

    def open(self) -> None:
        from search.searcher import Searcher

        class IdSearcher(Searcher):
            def _hit(self, key, *_):  # the id only: no stored text, no snippet
                return self.reader.stored(key)["id"]

        self.searcher = IdSearcher(self.index_dir)

    def ids(self, query: str) -> set[str]:
        found: list[str] = []
        offset, total = 0, 0
        while True:
            result = self.searcher.search(query, limit=PAGE, offset=offset, facets=False)
            total = result.total
            found += result.hits
            offset += PAGE
            if offset >= total or not result.hits:
                break
        ids = set(found)
        if len(ids) != total:
            self.mismatches += 1
        return ids

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()


class Fts5System:
    """SQLite FTS5, ``unicode61 remove_diacritics 2``: every word of the query, AND-ed."""

    name = "fts5-and"

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.db = None
        self.mismatches = 0

    def build(self, docs_file: Path, workers: int, reuse: bool) -> float | None:
        if reuse and self.db_path.is_file():
            return None
        started = time.perf_counter()
        fts5.build(self.db_path, [docs_file])
        return time.perf_counter() - started

    def open(self) -> None:
        self.db = fts5.Fts5Searcher(self.db_path).db

    def ids(self, query: str) -> set[str]:
        expression = fts5.and_expression(query)
        if not expression:
            return set()
        return {row[0] for row in self.db.execute("SELECT id FROM docs WHERE docs MATCH ?", (expression,))}

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


# --- scores ------------------------------------------------------------------------


def precision(returned: set, relevant: set) -> float:
    if not returned:
        return 1.0 if not relevant else 0.0
    return len(returned & relevant) / len(returned)


def recall(returned: set, relevant: set) -> float:
    return len(returned & relevant) / len(relevant) if relevant else 1.0


@dataclass
class Answer:
    """One system's answer to one form of one query."""

    returned: int
    correct: int
    truth: int
    precision: float
    recall: float
    seconds: float
    extra: list[str] = field(default_factory=list)  # some returned ids not in the truth
    missed: list[str] = field(default_factory=list)  # some truth ids not returned

    @property
    def ratio(self) -> float | None:
        return self.returned / self.truth if self.truth else None


def answer(returned: set[str], relevant: set[str], seconds: float) -> Answer:
    return Answer(
        len(returned),
        len(returned & relevant),
        len(relevant),
        precision(returned, relevant),
        recall(returned, relevant),
        round(seconds, 4),
        sorted(returned - relevant)[:SHOW_IDS],
        sorted(relevant - returned)[:SHOW_IDS],
    )


@dataclass
class Summary:
    queries: int
    precision: float
    recall: float
    ratio: float | None


def summarise(answers: Sequence[Answer]) -> Summary | None:
    if not answers:
        return None
    ratios = [a.ratio for a in answers if a.ratio is not None]
    return Summary(
        len(answers),
        statistics.fmean(a.precision for a in answers),
        statistics.fmean(a.recall for a in answers),
        statistics.median(ratios) if ratios else None,
    )


# --- one corpus --------------------------------------------------------------------


@dataclass
class CorpusRun:
    name: str
    docs: int
    queries: list[MatchQuery]
    systems: list[str]
    # per query, per form: truth size and each system's answer
    results: list[dict] = field(default_factory=list)
    build_seconds: dict[str, float | None] = field(default_factory=dict)  # None: reused
    search_seconds: dict[str, float] = field(default_factory=dict)
    mismatches: dict[str, int] = field(default_factory=dict)
    empty_truth: int = 0
    seconds: float = 0.0

    def answers(
        self, system: str, form: str, half: str | None = None, kind: str | None = None
    ) -> list[Answer]:
        out = []
        for r in self.results:
            if r["form"] != form or (half and r["half"] != half) or (kind and r["kind"] != kind):
                continue
            if r["kind"] == "example" and kind != "example":
                continue
            out.append(r["answers"][system])
        return out


def write_docs(source: Path, target: Path, docs: int | None) -> Path:
    """The first ``docs`` records of a JSON Lines file (gzip or not) as one file every system reads."""
    opener = gzip.open if source.suffix == ".gz" else open
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with opener(source, "rt", encoding="utf-8") as fin, target.open("w", encoding="utf-8") as fout:
        for line in fin:
            if not line.strip():
                continue
            fout.write(line if line.endswith("\n") else line + "\n")
            written += 1
            if docs is not None and written >= docs:
                break
    return target


def read_articles(path: Path) -> list[Article]:
    """Articles as every system gets them (the ingest's reader); the last of a repeated id wins."""
    by_id = {item.id: item for item in read_paths([path]) if isinstance(item, Article)}
    return list(by_id.values())


def make_systems(engines: Sequence[str], with_fts5: bool, folder: Path) -> list:
    systems: list = [VnsearchSystem(e, folder / f"index-{e}") for e in engines]
    if with_fts5:
        systems.append(Fts5System(folder / "fts5.sqlite"))
    return systems


def run_corpus(name: str, source: Path, docs: int | None, args: argparse.Namespace, log=print) -> CorpusRun:
    started = time.perf_counter()
    folder = args.work / (name if docs is None else f"{name}-{docs}")
    docs_file = folder / "docs.jsonl"
    if not (args.reuse and docs_file.is_file()):
        write_docs(source, docs_file, docs)
    articles = read_articles(docs_file)
    queries = draw(articles, args.queries, args.seed)
    if name == "unc":
        queries += example_queries()
    asked = [(q, form, text) for q in queries for form, text in q.forms()]
    log(f"{name}: {len(articles)} articles, {len(queries)} queries ({len(asked)} asked)")
    t = time.perf_counter()
    relevant = truth(articles, [(form, q.words) for q, form, _ in asked])
    log(f"  truth: {time.perf_counter() - t:.1f} s")
    systems = make_systems(args.engines, args.fts5, folder)
    run = CorpusRun(name, len(articles), queries, [s.name for s in systems])
    run.empty_truth = sum(
        1 for (q, _, _), r in zip(asked, relevant, strict=True) if not r and q.kind != "example"
    )
    run.results = [
        {"query": text, "form": form, "kind": q.kind, "half": q.half, "words": q.words,
         "source": q.source, "truth": len(rel), "answers": {}}
        for (q, form, text), rel in zip(asked, relevant, strict=True)
    ]  # fmt: skip
    for system in systems:
        built = system.build(docs_file, args.workers, args.reuse)
        run.build_seconds[system.name] = None if built is None else round(built, 1)
        log(f"  {system.name}: " + ("index reused" if built is None else f"built in {built:.0f} s"))
        system.open()
        t = time.perf_counter()
        try:
            for row, (_, _, text), rel in zip(run.results, asked, relevant, strict=True):
                q_started = time.perf_counter()
                returned = system.ids(text)
                row["answers"][system.name] = answer(returned, rel, time.perf_counter() - q_started)
        finally:
            system.close()
        run.search_seconds[system.name] = round(time.perf_counter() - t, 1)
        run.mismatches[system.name] = system.mismatches
        log(f"  {system.name}: searched in {run.search_seconds[system.name]:.0f} s")
    run.seconds = time.perf_counter() - started
    return run


# --- report ------------------------------------------------------------------------


def _num(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _mark(value: float | None, target: float) -> str:
    return _num(value) + ("" if value is None or value >= target else " ✗")


def table(run: CorpusRun, half: str | None) -> list[str]:
    lines = [
        "| system | acc P | acc R | unacc P | unacc R | median returned/truth acc / unacc | queries |",
        "|---|---|---|---|---|---|---|",
    ]
    for system in run.systems:
        acc = summarise(run.answers(system, "acc", half))
        unacc = summarise(run.answers(system, "unacc", half))
        if acc is None or unacc is None:
            continue
        lines.append(
            f"| {system} | {_mark(acc.precision, TARGETS['acc'][0])} | {_mark(acc.recall, TARGETS['acc'][1])} "
            f"| {_mark(unacc.precision, TARGETS['unacc'][0])} | {_mark(unacc.recall, TARGETS['unacc'][1])} "
            f"| {_num(acc.ratio, 2)} / {_num(unacc.ratio, 2)} | {acc.queries} |"
        )
    lines.append(
        f"| *target* | ≥ {TARGETS['acc'][0]} | ≥ {TARGETS['acc'][1]} | ≥ {TARGETS['unacc'][0]} "
        f"| ≥ {TARGETS['unacc'][1]} | 1.00 | |"
    )
    return lines


def kind_table(run: CorpusRun) -> list[str]:
    lines = [
        "| system | kind | queries | acc P | acc R | unacc P | unacc R |",
        "|---|---|---|---|---|---|---|",
    ]
    for system in run.systems:
        for kind in KINDS:
            acc = summarise(run.answers(system, "acc", kind=kind))
            unacc = summarise(run.answers(system, "unacc", kind=kind))
            if acc is None or unacc is None:
                continue
            lines.append(
                f"| {system} | {kind} | {acc.queries} | {_num(acc.precision)} | {_num(acc.recall)} "
                f"| {_num(unacc.precision)} | {_num(unacc.recall)} |"
            )
    return lines


def example_table(run: CorpusRun) -> list[str]:
    rows = [r for r in run.results if r["kind"] == "example"]
    if not rows:
        return []
    head = "| query | truth | " + " | ".join(f"{s} returned (correct)" for s in run.systems) + " |"
    lines = [head, "|---|---|" + "---|" * len(run.systems)]
    for r in rows:
        cells = [f"{r['answers'][s].returned} ({r['answers'][s].correct})" for s in run.systems]
        lines.append(f"| `{r['query']}` | {r['truth']} | " + " | ".join(cells) + " |")
    return lines


def _built(seconds: float | None) -> str:
    return "index reused (--reuse)" if seconds is None else f"build {seconds:.0f} s"


def kinds_count(run: CorpusRun) -> str:
    counts = Counter(q.kind for q in run.queries if q.kind != "example")
    halves = Counter(q.half for q in run.queries if q.kind != "example")
    return (
        ", ".join(f"{k} {counts[k]}" for k in KINDS)
        + f"; tuning {halves['tuning']}, held-out {halves['held-out']}"
    )


def report(
    runs: Sequence[CorpusRun], argv: Sequence[str], seconds: float, label: str, json_path: Path
) -> str:
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    title = "# Matching benchmark: the whole result set" + (f" — {label}" if label else "")
    lines = [
        title,
        "",
        f"{now}, commit {machine.git_commit()}, on {machine.cpu_model()} ({os.cpu_count()} cores); "
        f"{seconds:.0f} s in all.",
        f"Command: `python -m benchmarks matching {shlex.join(argv)}`".rstrip(),
        f"Per-query results: `{json_path}`.",
        "",
        "Macro-averaged precision (P) and recall (R) of the whole set a query returns, against the",
        "articles that hold every query word as a contiguous run of syllables (accented: tone and",
        "marks exact up to NFC/NFD, old/new tone placement, Ð, case, y/i; unaccented: folded).",
        "✗ = below the target. See the docstring of `benchmarks/matching.py` for every convention.",
    ]
    for run in runs:
        lines += ["", f"## {run.name}: {run.docs:,} articles, {len([q for q in run.queries if q.kind != 'example'])} "
                  f"queries × 2 forms", "", f"Kinds: {kinds_count(run)}."]  # fmt: skip
        if run.empty_truth:
            lines.append(f"Drawn queries with an empty truth (there should be none): {run.empty_truth}.")
        for half, heading in (
            (None, "All queries"),
            ("tuning", "Tuning half"),
            ("held-out", "Held-out half"),
        ):
            lines += ["", f"### {heading}", "", *table(run, half)]
        lines += ["", "### By kind (all queries)", "", *kind_table(run)]
        examples = example_table(run)
        if examples:
            lines += [
                "",
                "### Named examples: articles returned (of them correct) against the truth",
                "",
                *examples,
            ]
        timing = "; ".join(
            f"{s} "
            + _built(run.build_seconds[s])
            + f", search {run.search_seconds[s]:.0f} s"
            + (f", {run.mismatches[s]} queries whose pages missed the total" if run.mismatches[s] else "")
            for s in run.systems
        )
        lines += ["", f"Time: {run.seconds:.0f} s ({timing})."]
    return "\n".join(lines) + "\n"


def dump(runs: Sequence[CorpusRun], path: Path, args: argparse.Namespace) -> None:
    data = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": machine.git_commit(),
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "corpora": [
            {
                "name": run.name,
                "docs": run.docs,
                "build_seconds": run.build_seconds,
                "search_seconds": run.search_seconds,
                "results": [
                    {**r, "answers": {s: dataclasses.asdict(a) for s, a in r["answers"].items()}}
                    for r in run.results
                ],
            }
            for run in runs
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


def print_tables(runs: Sequence[CorpusRun]) -> None:
    for run in runs:
        print(f"\n{run.name} ({run.docs:,} articles)")
        for half, heading in ((None, "all"), ("tuning", "tuning"), ("held-out", "held-out")):
            print(f"-- {heading}")
            for line in table(run, half):
                if not line.startswith("|---"):
                    print("  " + "  ".join(c.strip().ljust(9) for c in line.strip("|").split("|")))


# --- command -----------------------------------------------------------------------


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    first = __doc__.splitlines()[0]
    parser = argparse.ArgumentParser(prog="python -m benchmarks matching", description=first)
    parser.add_argument(
        "--corpora", default="unc,vntc", help="shared corpora to run: unc, vntc (default both)"
    )
    parser.add_argument(
        "--file", type=Path, action="append", default=[], help="another corpus file (instead)"
    )
    parser.add_argument(
        "--docs", type=int, default=DEFAULT_DOCS["vntc"], help="first N VNTC articles (84132: all)"
    )
    parser.add_argument("--queries", type=int, default=DEFAULT_QUERIES, help="drawn queries per corpus")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--engines", default="whoosh,tantivy", help="vnsearch engines, comma-separated ('' none)"
    )
    parser.add_argument("--no-fts5", dest="fts5", action="store_false", help="leave out SQLite FTS5")
    parser.add_argument("--workers", type=int, default=2, help="ingest workers")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="folder for documents and indexes")
    parser.add_argument("--reuse", action="store_true", help="keep documents and indexes already in --work")
    parser.add_argument("--out", type=Path, default=RESULTS_MD, help="markdown report")
    parser.add_argument("--json", type=Path, help="per-query results (default WORK/matching.json)")
    parser.add_argument("--label", default="", help="said in the report's title, e.g. 'before issue 15'")
    args = parser.parse_args(argv)
    args.engines = [e for e in args.engines.split(",") if e]
    for engine in args.engines:
        if engine not in ("whoosh", "tantivy"):
            parser.error(f"--engines: no engine {engine!r}; choose from whoosh, tantivy")
    return args


def corpora(args: argparse.Namespace) -> list[tuple[str, Path, int | None]]:
    if args.file:
        return [(p.name.split(".")[0], p, None) for p in args.file]
    out = []
    for name in [c for c in args.corpora.split(",") if c]:
        if name not in CORPUS_FILES:
            raise BenchError(f"--corpora: no corpus {name!r}; choose from {', '.join(CORPUS_FILES)}.")
        path = SHARED / CORPUS_FILES[name]
        if not path.is_file():
            raise BenchError(f"{path} is missing: this command reads {WHERE}.")
        out.append((name, path, args.docs if name == "vntc" else DEFAULT_DOCS[name]))
    return out


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    started = time.perf_counter()
    try:
        todo = corpora(args)
        if not args.reuse and args.work.exists():
            for name, _, docs in todo:
                shutil.rmtree(args.work / (name if docs is None else f"{name}-{docs}"), ignore_errors=True)
        runs = [run_corpus(name, path, docs, args) for name, path, docs in todo]
    except BenchError as exc:
        print(f"python -m benchmarks matching: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    json_path = args.json or args.work / "matching.json"
    dump(runs, json_path, args)
    args.out.write_text(report(runs, argv, seconds, args.label, json_path), encoding="utf-8")
    print_tables(runs)
    print(f"\n{seconds:.0f} s; report {args.out}, per-query results {json_path}")
    return 0
