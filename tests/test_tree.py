"""The query tree: plain, immutable nodes that every engine runs."""

from __future__ import annotations

import dataclasses

import pytest

from search.query import DEFAULT_WEIGHTS, build_query, parse_query
from search.query.tree import And, AndMaybe, AndNot, Every, Nothing, Or, Phrase, Term

PHRASE = Phrase("body", ("công", "an"), boost=2.0)
TREE = AndNot(
    AndMaybe(And((Term("body", "giao"), PHRASE)), Or((Term("title", "hà"), Term("title_fold", "ha")))),
    Term("body_fold", "bao"),
)


def test_a_built_query_mentions_the_words_typed():
    tree = build_query(parse_query('giao thông "công an" -bão'), DEFAULT_WEIGHTS)
    text = str(tree)
    assert all(word in text for word in ("giao", "thông", "công an"))
    # an exclusion typed with accents leaves out that word as typed
    assert isinstance(tree, AndNot) and "body:bão" in str(tree.negative)
    unaccented = build_query(parse_query("giao thong -bao"), DEFAULT_WEIGHTS)
    assert "body_fold:bao" in str(unaccented.negative)


def test_equal_trees_are_equal_and_hash_alike_other_boosts_are_not():
    # An engine may cache a query's matches by its tree (Whoosh's reader does):
    # two trees are the same query exactly when they compare equal.
    same = AndNot(
        AndMaybe(
            And((Term("body", "giao"), Phrase("body", ("công", "an"), boost=2.0))),
            Or((Term("title", "hà"), Term("title_fold", "ha"))),
        ),
        Term("body_fold", "bao"),
    )
    assert same == TREE and hash(same) == hash(TREE)
    assert Term("body", "giao", boost=2.0) != Term("body", "giao")
    assert Phrase("body", ("công", "an")) != PHRASE
    assert And((Term("body", "a"), Term("body", "b"))) != And((Term("body", "b"), Term("body", "a")))
    assert Every() == Every() and Nothing() != Every()


def test_nodes_cannot_change_once_built():
    with pytest.raises(dataclasses.FrozenInstanceError):
        PHRASE.boost = 3.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        TREE.positive = Every()  # type: ignore[misc]


def test_defaults_boost_one():
    assert Term("body", "a").boost == 1.0 and Phrase("body", ("a", "b")).boost == 1.0


def test_a_tree_prints_as_readable_query_text():
    assert str(Term("body_fold", "cong")) == "body_fold:cong"
    assert str(PHRASE) == 'body:"công an"'
    assert str(TREE) == (
        '(((body:giao AND body:"công an") ANDMAYBE (title:hà OR title_fold:ha)) ANDNOT body_fold:bao)'
    )
    assert str(Every()) == "<every>" and str(Nothing()) == "<nothing>"


def test_words_read_without_equivalences_do_not_hide_them_later():
    # The searcher asks whether a text is long before building its tree: the
    # plan's memo of its words must not hand that reading to the tree builder.
    from search.query.equivalences import load_groups
    from search.query.plan import plan

    qp = plan('UBND "thành phố"')
    qp.units(qp.parsed.text)  # no equivalence groups
    build_query(qp, DEFAULT_WEIGHTS, groups=load_groups())
    assert qp.matched_units[0].group is not None  # UBND still finds "Ủy ban nhân dân"


def test_matching_drops_only_what_scores_and_keeps_every_condition():
    from search.query.tree import AtLeast, matching

    # The optional side of an AndMaybe goes, at any depth; what must match stays.
    assert matching(TREE) == AndNot(And((Term("body", "giao"), PHRASE)), Term("body_fold", "bao"))
    nested = Or((AndMaybe(Term("body", "a"), Term("body", "b")), AtLeast(2, (Term("lead", "c"), PHRASE))))
    assert matching(nested) == Or((Term("body", "a"), AtLeast(2, (Term("lead", "c"), PHRASE))))
    exclusion = AndNot(Every(), AndMaybe(Term("body", "x"), Term("body", "y")))
    assert matching(exclusion) == AndNot(Every(), Term("body", "x"))
    assert matching(PHRASE) is PHRASE and matching(Nothing()) == Nothing()


def _flat_terms(node) -> list[Term]:
    if isinstance(node, Term):
        return [node] if node.flat else []
    children = getattr(node, "children", None) or [
        getattr(node, name)
        for name in ("required", "optional", "positive", "negative")
        if hasattr(node, name)
    ]
    return [t for c in children for t in _flat_terms(c)]


def test_a_long_text_counts_each_distinct_word_once_wherever_it_stands():
    """Weights.present: one presence clause per distinct word of a long text (a repeated
    word once, a word of two syllables by its pair); a short query has none."""
    long = build_query(parse_query("mưa lớn ở Huế, mưa lớn ở Đà Nẵng, lũ lên nhanh"), DEFAULT_WEIGHTS)
    flat = {(t.field, t.text) for t in _flat_terms(long)}
    assert ("body_fold", "mua") in flat and ("body_fold2", "da_nang") in flat
    assert len([t for t in _flat_terms(long) if t.field == "body_fold" and t.text == "mua"]) == 1
    assert not _flat_terms(build_query(parse_query("mưa lớn ở Huế"), DEFAULT_WEIGHTS))
    off = dataclasses.replace(DEFAULT_WEIGHTS, present=0.0)
    assert not _flat_terms(build_query(parse_query("mưa lớn ở Huế, mưa lớn ở Đà Nẵng, lũ lên nhanh"), off))
