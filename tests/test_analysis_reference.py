"""The fast analysis gives exactly what the plain reference (``analysis_reference.py``) gives:
every field kind's terms and offsets, on every shared corpus, the demo corpus and
generated text (issue 19: cheaper analysis, identical output)."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest
from analysis_reference import reference_analysis
from helpers import DEMO
from hypothesis import HealthCheck, given, settings
from test_properties import TEXT

from search.corpus import Article, read_paths
from search.indexing.texts import indexed_texts
from search.vietnamese.analysis import KINDS, Analysis, _analyze, analyze, terms, tokens
from search.vietnamese.text import clean

PER_CORPUS = 150


def _same(text: str) -> None:
    fast = _analyze(text)
    expected = reference_analysis(text)
    for kind in KINDS:
        assert fast.tokens(kind) == expected[kind], (kind, text[:200])
        assert fast.terms(kind) == [t for t, _, _ in expected[kind]], (kind, text[:200])


def _texts(articles: list[Article]) -> list[str]:
    out = []
    for article in articles:
        parts = {name: clean(getattr(article, name)) for name in ("title", "lead", "body")}
        out += [text for text in indexed_texts(parts).values() if text]
    return out


def test_demo_corpus_is_analysed_as_the_reference_does():
    articles = [a for a in read_paths(DEMO) if isinstance(a, Article)]
    assert len(articles) >= 30
    for text in _texts(articles):
        _same(text)


@pytest.mark.parametrize("corpus", ["seeds", "unc", "vnexpress-2025", "news24h-2026", "vntc"])
def test_every_shared_corpus_is_analysed_as_the_reference_does(shared_corpora: Path, corpus: str):
    path = shared_corpora / corpus
    if corpus == "vntc":  # the first articles of each topic are alike: take every 500th
        with gzip.open(path / "vntc.jsonl.gz", "rt", encoding="utf-8") as lines:
            records = [json.loads(line) for line in itertools.islice(lines, 0, None, 500)]
        articles = [Article(id=r["id"], title=r["title"] or "", body=r["body"]) for r in records]
    else:
        articles = [a for a in itertools.islice(read_paths(path), PER_CORPUS) if isinstance(a, Article)]
    assert articles
    for text in _texts(articles[:PER_CORPUS]):
        _same(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_text_is_analysed_as_the_reference_does(text: str):
    _same(text)


def test_hard_cases_are_analysed_as_the_reference_does():
    for text in (
        "",
        "...",
        "TP.HCM, COVID-19 và U23 Việt Nam",
        "Kĩ sư Lí, kỹ thuật\n\nQuí II",
        "tăng\ntỶ",  # pyvi glues the line break to the word: "\\n_tỶ"
        "0\ntỶ",
        "İstanbul ΣΑΣ ﬁ",  # lowercase longer than the letter, final sigma, a ligature
        "ho\u0300a thuy\u0309 Ðà Nẵng",  # NFD marks, old tone placement, Ð for Đ
    ):
        _same(text)


def test_terms_and_tokens_agree_and_the_analysis_compares_by_value():
    text = "Bộ Công an cho biết: giao thông ở TP.HCM đã ổn định."
    first = analyze(text)
    assert isinstance(first, Analysis)
    for kind in KINDS:
        assert terms(text, kind) == [t for t, _, _ in tokens(text, kind)]
        assert getattr(first, kind) == first.tokens(kind)
    assert _analyze(text) == first and _analyze(text + " nữa") != first
