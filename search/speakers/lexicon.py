"""The word lists (data/*.txt, read at import) and the patterns built from them."""

from __future__ import annotations

import re
from pathlib import Path

from search.vietnamese.text import iy_canonical, iy_with_i
from search.wordlist import read_entries

_DATA = Path(__file__).with_name("data")


def _entries(name: str) -> list[str]:
    """data/NAME.txt in file order: one entry a line, ``#`` comments and blank lines skipped.

    Each file's header says what the list is for. Some lists extend others below
    (``TITLE_TOKENS`` adds the person-title endings and honorifics), so a word is written once.
    """
    return read_entries(_DATA / f"{name}.txt")


def _set(name: str) -> frozenset[str]:
    return frozenset(_entries(name))


def _split(name: str) -> list[tuple[str, ...]]:
    """Multi-word entries as tuples of words: "cho biết" → ("cho", "biết")."""
    return [tuple(entry.split()) for entry in _entries(name)]


def _by_first_word(verbs: list[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    first: dict[str, list[tuple[str, ...]]] = {}
    for verb in verbs:
        first.setdefault(verb[0], []).append(verb)
    return first


def _idioms(name: str) -> dict[tuple[str, ...], frozenset[str]]:
    """A verb → the next words that make it an idiom; each entry is the verb and one word."""
    idioms: dict[tuple[str, ...], set[str]] = {}
    for *verb, after in _split(name):
        idioms.setdefault(tuple(verb), set()).add(after)
    return {verb: frozenset(after) for verb, after in idioms.items()}


# ----------------------------------------------------------- names and titles

SURNAMES = _set("surnames")
GIVEN_NAMES = _set("given_names")
MIDDLE_MARKERS = _set("middle_names")
# Longest first, so "Bác sĩ" wins over "Bác" (a stable sort: ties keep the file's order).
TITLES = sorted(_entries("titles"), key=len, reverse=True)
# a modifier after a title keeps it the name's ("Thủ tướng lâm thời Iraq Iyad Allawi"); longest first
TITLE_MODIFIERS = sorted(_split("title_modifiers"), key=len, reverse=True)
_MODIFIERS = "|".join(re.escape(" ".join(m)) for m in TITLE_MODIFIERS)
_TITLE_ALT = "|".join(re.escape(t) for t in TITLES)
_TITLE = r"(?:" + _TITLE_ALT + r")(?:\s(?:" + _MODIFIERS + r"))?(?![^\W_])"
TITLE_AT = re.compile(_TITLE + r"[ .]?", re.I)
TITLE_RE = re.compile(r"^(?:" + _TITLE + r"[\s.]*)+", re.I)
TITLE_LOWER = frozenset(t.lower() for t in TITLES)
HONORIFICS = _set("honorifics")
KIN_NOUNS = _split("kin_nouns")
KIN_GROUPS = _split("kin_groups")
KIN_TITLES = frozenset(_split("kin_titles"))
CHILD_HONORIFICS = _set("child_honorifics")
HONORIFIC_TITLES = HONORIFICS | _set("honorific_titles")
RANKS = _set("ranks")
RUN_HONORIFICS = _set("run_honorifics")
RUN_OPENERS = _set("run_openers")
TOPIC_OPENERS = _set("topic_openers")
CLAUSE_CONJUNCTIONS = _set("clause_conjunctions")
PERSON_TITLE_ENDS = _set("person_title_ends")
AMBIGUOUS_ENDS = _set("ambiguous_title_ends")
VIEN_TITLES = _set("vien_titles")
TITLE_TOKENS = PERSON_TITLE_ENDS | HONORIFICS | _set("title_tokens")
ROLE_NOUN_ENDS = PERSON_TITLE_ENDS | _set("role_noun_ends")
ROLE_STARTS = _set("role_starts")
ROLE_STOPS = _set("role_stops")

# ----------------------------------------------------- places, organisations


def _both_iy(entries: frozenset[str]) -> frozenset[str]:
    """Each entry in both i/y spellings ("Thụy Sĩ" and "Thụy Sỹ", "Mỹ" and "Mĩ"): the crawl has both."""
    out = set(entries)
    for entry in entries:
        words = entry.split()
        for spell in (iy_canonical, iy_with_i):
            respelled = [spell(w.lower()) for w in words]
            out.add(
                " ".join(
                    r.capitalize() if w[:1].isupper() else r for w, r in zip(words, respelled, strict=True)
                )
            )
    return frozenset(out)


PLACES = _both_iy(_set("places"))
MAX_PLACE = max(len(p.split()) for p in PLACES)
COUNTRIES = _both_iy(_set("countries"))
ORG_HEADS = _set("org_heads")
GIVEN_HEADS = _set("given_heads")
ORG_WORDS = _set("org_words")
SINGLE_BLOCK = ORG_HEADS | COUNTRIES | _set("single_block")
PLACE_CUES = _set("place_cues")
ORG_BEFORE = _set("org_before")
ENGLISH_JOINS = _set("english_joins")
ORG_OFFICES = frozenset(_split("org_offices"))
ROLE_SUBJECTS = _split("role_subjects")
ROLE_SUBJECTS_BY_FIRST = _by_first_word(sorted(ROLE_SUBJECTS, key=len, reverse=True))  # longest first
ORG_ROLE_SUBJECTS = frozenset(_split("org_role_subjects"))
PRONOUNS = dict(tuple(entry.split()) for entry in _entries("pronouns"))  # "ông" -> "m"
ADMIN_UNITS = _set("admin_units")
STRICT_ORG = _set("strict_org")
ORG_FAR = _set("org_far")
COLLECTIVE_OFFICES = _set("collective_offices")
BODY_OFFICE_HEADS = _set("body_office_heads")
INSTITUTIONS = _set("institutions")
ORG_NOUNS = _set("org_nouns")
ORG_WORDS_SKIP = _set("org_words_skip")
NOUN_PAIRS = _set("noun_pairs")

# -------------------------------------------------- the words around a name

AFFILIATION = _set("affiliation")
PREPOSITIONS = AFFILIATION | _set("prepositions")
TIME_WORDS = _set("time_words")
BLOCKERS = _set("blockers")
FUNCTION_WORDS = _set("function_words")
OFFICE_WORDS = _set("office_words")
THEO_CONNECTIVES = _set("theo_connectives")
ADVERBS = _set("adverbs")
SHORT_ADVERBS = _set("short_adverbs")
TEAM_ROLES = frozenset(_split("team_roles"))
CLUB_CUES = frozenset(_split("club_cues"))
PASSIVE_NOT_SPEECH = frozenset(_split("passive_not_speech"))
MANNER_WORDS = frozenset(_split("manner_words"))
THEO_PREFIXES = tuple(_entries("theo_prefixes"))
THEO_REJECT = _set("theo_reject")
THEO_NOUNS = _split("theo_nouns")
NAME_PARTICLES = _set("name_particles")
NAME_ARTICLES = tuple(_entries("name_articles"))
THEO_NOUN_REJECTS = _set("theo_noun_rejects")
ABBREVIATIONS = _set("abbreviations")

# --------------------------------------------------------------- speech verbs

SAYING = frozenset(_split("saying_verbs"))
SPEECH_NOUNS = frozenset(_split("speech_nouns"))
GAP_OPENERS = _set("gap_openers")
# Longest first (a stable sort: ties keep the file's order).
VERBS = sorted(_split("speech_verbs"), key=len, reverse=True)
# First syllable → the verbs starting with it, longest first.
VERB_FIRST = _by_first_word(VERBS)
NOUN_BEFORE = _set("noun_before")
NEGATIONS = _set("negations")
NOT_AFTER = _idioms("not_speech_after")  # "nói chung", "kể từ"
