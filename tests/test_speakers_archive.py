"""search.speakers.archive: one canonical name per speaker across the archive.

The counts are made up for each rule: a name and the number of articles it is in.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.speakers.archive import SPEAKERS_FILE, SpeakerTable, load_speakers, speaker_table, write_speakers

# --- short forms -----------------------------------------------------------------------------------


def test_a_vietnamese_short_form_joins_the_one_full_name_that_ends_with_it():
    table = speaker_table({"Xuân Tình": 9, "Lê Xuân Tình": 2, "Tình": 1})
    assert table == {"Xuân Tình": "Lê Xuân Tình", "Tình": "Lê Xuân Tình"}


def test_a_vietnamese_name_never_joins_a_name_that_only_starts_with_it():
    assert speaker_table({"Nguyễn": 4, "Nguyễn Văn An": 2}) == {}
    assert speaker_table({"Lê Xuân": 4, "Lê Xuân Tình": 2}) == {}


def test_a_foreign_short_form_joins_a_name_that_starts_or_ends_with_it():
    table = speaker_table({"Mourinho": 9, "José Mourinho": 2, "Moon": 3, "Moon Jae-in": 4})
    assert table == {"Mourinho": "José Mourinho", "Moon": "Moon Jae-in"}


def test_an_initial_joins_the_one_name_that_writes_it_out():
    table = speaker_table({"A. Riedl": 5, "Alfred Riedl": 9, "M. Schumacher": 3, "Michael Schumacher": 4})
    assert table == {"A. Riedl": "Alfred Riedl", "M. Schumacher": "Michael Schumacher"}
    # two people it could stand for, or none: it stays as it is
    assert (
        speaker_table({"A. Smith": 2, "Alan Smith": 1, "Adam Smith": 1, "J. Cole": 3, "Ashley Cole": 5}) == {}
    )


@pytest.mark.parametrize(
    "counts",
    [
        {"Hùng": 5, "Nguyễn Văn Hùng": 2, "Trần Hùng": 3},  # two people end with it
        {"Kim": 6, "Kim Jong-un": 9, "Kim Yo-jong": 2},  # two foreign names start with it
        {"Park": 3, "Park Hang-seo": 9, "Ji-sung Park": 4},  # one starts, one ends with it
    ],
    ids=["vietnamese", "foreign", "both-ends"],
)
def test_a_short_form_two_people_share_stays_as_it_is(counts):
    assert speaker_table(counts) == {}


@pytest.mark.parametrize(
    "counts",
    [
        {"Donald Trump": 5, "Donald Trump Robert O’Brien": 1},  # two people run together
        {"Marise Payne": 3, "Australia Marise Payne": 1},  # a country before a full name
        {"Scott Morrison": 1, "Australia Scott Morrison": 1},  # ...in no more articles
        {"Andrea Agnelli": 5, "Âu Andrea Agnelli": 1},  # "châu Âu" cut in two
        {"Barcelona": 1, "Ngoài Barcelona": 1},  # a Vietnamese word before a foreign one
        {"Harsh Vardhan": 1, "Harsh Vardhan Shringla": 5},  # another man
    ],
    ids=[
        "two-people",
        "country",
        "country-as-often",
        "syllable-before-name",
        "syllable-before-word",
        "prefix",
    ],
)
def test_a_foreign_full_name_does_not_join_what_the_extractor_left_around_it(counts):
    # Names as the Dân Trí archive has them.
    assert speaker_table(counts) == {}


def test_a_foreign_word_joins_a_name_with_foreign_words_before_it():
    counts = {"Trump": 1, "Donald Trump": 5, "Solskjaer": 3, "Ole Gunnar Solskjaer": 1}
    assert speaker_table(counts) == {"Trump": "Donald Trump", "Solskjaer": "Ole Gunnar Solskjaer"}


def test_a_foreign_full_name_joins_a_longer_one_the_archive_uses_more():
    assert speaker_table({"De Bruyne": 1, "Kevin De Bruyne": 5}) == {"De Bruyne": "Kevin De Bruyne"}
    assert speaker_table({"Gunnar Solskjaer": 2, "Ole Gunnar Solskjaer": 2}) == {}


def test_a_short_form_of_one_person_under_two_spellings_is_not_ambiguous():
    # "Tình" ends both longer names, and they are one person.
    assert speaker_table({"Tình": 1, "Xuân Tình": 9, "Lê Xuân Tình": 2})["Tình"] == "Lê Xuân Tình"
    # ...while two people behind "Xuân Tình" leave both it and "Tình" alone.
    two = speaker_table({"Tình": 1, "Xuân Tình": 9, "Lê Xuân Tình": 2, "Phạm Xuân Tình": 2})
    assert two == {}


# --- near spellings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    ["Erdorgan", "Edogan", "Erdoagn", "Erdogen"],
    ids=["insertion", "deletion", "transposition", "substitution"],
)
def test_a_foreign_spelling_one_edit_away_joins_the_name_in_three_times_as_many_articles(variant):
    assert speaker_table({"Erdogan": 3, variant: 1}) == {variant: "Erdogan"}


def test_a_near_spelling_needs_three_times_as_many_articles():
    assert speaker_table({"Erdogan": 2, "Erdorgan": 1}) == {}
    assert speaker_table({"Erdogan": 5, "Erdorgan": 2}) == {}
    assert speaker_table({"Erdogan": 6, "Erdorgan": 2}) == {"Erdorgan": "Erdogan"}


def test_a_near_spelling_needs_six_letters_and_one_edit_only():
    assert speaker_table({"Putin": 30, "Putim": 1}) == {}  # five letters
    assert speaker_table({"Erdogan": 30, "Ardogen": 1}) == {}  # two edits


@pytest.mark.parametrize(
    "counts",
    [
        {"Hùng": 30, "Hưng": 1},
        {"Nguyễn Văn Hùng": 30, "Nguyễn Văn Hưng": 1},
        {"Nghiêng": 30, "Nghiênh": 1},  # six letters or more, and Vietnamese syllables
        {"Phạm Minh Chính": 30, "Phạm Minh Chinh": 1},
    ],
    ids=["syllable", "full-name", "long-syllable", "accent"],
)
def test_vietnamese_near_spellings_are_different_people(counts):
    assert speaker_table(counts) == {}


def test_a_transliteration_joins_the_spelling_in_more_articles():
    # "ks" and "x" write the same sound: no threefold margin is asked
    assert speaker_table({"Aleksander Ceferin": 13, "Alexander Ceferin": 5}) == {
        "Alexander Ceferin": "Aleksander Ceferin"
    }
    assert speaker_table({"Aleksei Krasnov": 1, "Alexei Krasnov": 2}) == {"Aleksei Krasnov": "Alexei Krasnov"}
    assert speaker_table({"Aleksander Ceferin": 5, "Alexander Ceferin": 5}) == {}  # a tie: which is it?
    assert speaker_table({"Aleksander Ceferin": 13, "Alexander Ceferon": 5}) == {}  # and another letter


def test_a_near_spelling_within_a_longer_name_changes_only_the_foreign_word():
    counts = {"Recep Tayyip Erdogan": 9, "Recep Tayyip Erdorgan": 2, "Recep Tayip Erdorgan": 1}
    assert speaker_table(counts) == {"Recep Tayyip Erdorgan": "Recep Tayyip Erdogan"}


def test_a_spelling_near_two_names_stays_as_it_is():
    assert speaker_table({"Johnson": 9, "Jonson": 1, "Jonsson": 9}) == {}


# --- chains ----------------------------------------------------------------------------------------


def test_chains_resolve_to_the_final_canonical_name_which_maps_to_nothing():
    counts = {"Recep Tayyip Erdogan": 2, "Erdogan": 9, "Erdorgan": 1, "Tayyip Erdogan": 1}
    table = speaker_table(counts)
    assert table == {
        "Erdogan": "Recep Tayyip Erdogan",
        "Erdorgan": "Recep Tayyip Erdogan",
        "Tayyip Erdogan": "Recep Tayyip Erdogan",
    }
    assert not set(table.values()) & set(table)


def test_a_misspelling_of_a_short_form_two_people_share_stays_with_it():
    counts = {"Johnson": 9, "Jonhson": 1, "Boris Johnson": 3, "Dustin Johnson": 3}
    assert speaker_table(counts) == {"Jonhson": "Johnson"}


def test_names_without_articles_or_words_do_no_harm():
    assert speaker_table({}) == {}
    assert speaker_table({"": 3, "  ": 1, "Erdogan": 0, "Erdorgan": 0}) == {}


# --- the table as the searcher uses it -------------------------------------------------------------

COUNTS = {"Lê Xuân Tình": 2, "Xuân Tình": 9, "Tình": 1, "Erdogan": 9, "Erdorgan": 1, "Trần Hùng": 4}


def test_the_table_answers_canonical_names_variants_and_alternatives():
    table = SpeakerTable.from_counts(COUNTS)
    assert table.canonical("Xuân Tình") == "Lê Xuân Tình"
    assert table.canonical("Lê Xuân Tình") == "Lê Xuân Tình"
    assert table.canonical("Không Ai") == "Không Ai"
    assert table.variants("Tình") == ["Xuân Tình", "Tình"]  # most articles first
    assert table.alternatives("Xuân Tình") == ("Lê Xuân Tình", "Xuân Tình", "Tình")
    assert table.alternatives("Trần Hùng") == ("Trần Hùng",)
    assert table.names(["Xuân Tình", "Erdorgan", "Lê Xuân Tình", "Erdogan"]) == ["Lê Xuân Tình", "Erdogan"]
    assert "Tình" in table and "Không Ai" not in table


def test_merged_counts_add_each_variant_to_its_canonical_name():
    table = SpeakerTable.from_counts(COUNTS)
    merged = table.merge(Counter({"Xuân Tình": 3, "Lê Xuân Tình": 1, "Trần Hùng": 2, "Erdorgan": 1}))
    assert merged == Counter({"Lê Xuân Tình": 4, "Trần Hùng": 2, "Erdogan": 1})


def test_an_article_with_two_names_of_one_person_is_counted_once():
    table = SpeakerTable.from_counts(COUNTS)
    counts = Counter({"Erdogan": 3, "Erdorgan": 1, "Xuân Tình": 2, "Lê Xuân Tình": 1})
    asked: list[tuple[str, ...]] = []

    def anywhere(names: tuple[str, ...]) -> int:
        asked.append(names)
        return {"Erdogan": 9, "Lê Xuân Tình": 11}[names[0]]  # Erdogan: 10 by the table, so one overlap

    merged = table.merge(counts, here=lambda names: 3, anywhere=anywhere)
    assert merged == Counter({"Erdogan": 3, "Lê Xuân Tình": 3})  # Erdogan asked again; 2 + 1 kept
    assert sorted(asked) == [("Erdogan", "Erdorgan"), ("Lê Xuân Tình", "Xuân Tình", "Tình")]
    table.merge(counts, here=lambda names: 3, anywhere=anywhere)
    assert len(asked) == 2  # once per person


def _merge_name_by_name(table: SpeakerTable, counts: Counter, here, anywhere) -> Counter:
    """The merge as first written, one step per name: what the fast one must equal."""
    merged: Counter = Counter()
    sources: Counter = Counter()
    for name, n in counts.items():
        merged[table.canonical(name)] += n
        sources[table.canonical(name)] += 1
    for name in (n for n, k in sources.items() if k > 1 and here is not None):
        names = table.alternatives(name)
        if anywhere(names) != sum(table.counts.get(n, 0) for n in names):
            merged[name] = here(names)
    return merged


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(sorted(COUNTS) + ["Ai Đó", "Người Khác"]), st.integers(0, 9), max_size=12)
)
def test_the_merge_equals_adding_name_by_name(picked: dict[str, int]):
    table = SpeakerTable.from_counts(COUNTS)
    counts = Counter(picked)
    here = lambda names: sum(counts.get(n, 0) for n in names) - 1  # noqa: E731
    anywhere = lambda names: sum(COUNTS.get(n, 0) for n in names) - len(names[0]) % 2  # noqa: E731
    fast = table.merge(counts, here, anywhere)
    assert fast == _merge_name_by_name(table, counts, here, anywhere)
    assert set(fast) == set(_merge_name_by_name(table, counts, here, anywhere))  # no name left at zero
    assert table.merge(counts) == _merge_name_by_name(table, counts, None, None)


def test_a_person_is_counted_under_each_name_and_under_any(tmp_path: Path):
    table = SpeakerTable.from_counts(COUNTS)
    live = {"Lê Xuân Tình": 2, "Xuân Tình": 9, "Tình": 0}

    def count(names: tuple[str, ...]) -> int:
        return sum(live.get(n, 0) for n in names)

    for name in ("Xuân Tình", "Lê Xuân Tình", "Tình"):
        person = table.person(name, count)
        assert person is not None and person.name == "Lê Xuân Tình"
        assert (person.count, person.variants, person.total) == (2, [("Xuân Tình", 9)], 11)  # none in 0
    assert person.as_dict() == {
        "name": "Lê Xuân Tình",
        "count": 2,
        "variants": [{"name": "Xuân Tình", "count": 9}],
        "total": 11,
    }
    assert table.person("Không Ai", count) is None


def test_the_file_holds_every_name_its_canonical_name_and_count(tmp_path: Path):
    write_speakers(tmp_path, COUNTS)
    lines = (tmp_path / SPEAKERS_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "variant\tcanonical\tarticles"
    assert lines[1:4] == ["Erdogan\tErdogan\t9", "Erdorgan\tErdogan\t1", "Lê Xuân Tình\tLê Xuân Tình\t2"]
    assert len(lines) == len(COUNTS) + 1
    loaded = load_speakers(tmp_path)
    assert loaded.counts == COUNTS and loaded.canonical_of == SpeakerTable.from_counts(COUNTS).canonical_of


def test_no_file_or_a_damaged_line_reads_as_what_is_there(tmp_path: Path):
    empty = load_speakers(tmp_path)
    assert not empty and empty.canonical("Xuân Tình") == "Xuân Tình" and empty.variants("Tình") == []
    (tmp_path / SPEAKERS_FILE).write_text(
        "variant\tcanonical\tarticles\nXuân Tình\tLê Xuân Tình\t9\nhỏng\nTình\tLê Xuân Tình\tnhiều\n",
        encoding="utf-8",
    )
    table = load_speakers(tmp_path)
    assert table.counts == {"Xuân Tình": 9} and table.canonical("Xuân Tình") == "Lê Xuân Tình"


def test_a_table_is_read_again_only_when_its_file_changes(tmp_path: Path):
    write_speakers(tmp_path, COUNTS)
    first = load_speakers(tmp_path)
    assert load_speakers(tmp_path, first) is first
    write_speakers(tmp_path, {**COUNTS, "Tình": 5})
    again = load_speakers(tmp_path, first)
    assert again is not first and again.counts["Tình"] == 5
    (tmp_path / SPEAKERS_FILE).unlink()
    assert not load_speakers(tmp_path, again)
