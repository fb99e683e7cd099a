"""Runs of adjacent capitalised words, the candidates for names (a title at a run's start is left
out), and the initials before a name."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import compress, count
from operator import and_, itemgetter, not_

from search.speakers.document import Doc
from search.speakers.lexicon import (
    COUNTRIES,
    GIVEN_NAMES,
    NAME_ARTICLES,
    NAME_PARTICLES,
    PLACES,
    RUN_HONORIFICS,
    RUN_OPENERS,
    SURNAMES,
    TITLE_AT,
)
from search.speakers.names import REGNAL, particles_at, vietnamese
from search.speakers.tokens import INITIALS, TITLE_FIRST

__all__ = ["country_anh", "initials_before", "runs"]


_ARTICLES = tuple(f"{a}-" for a in NAME_ARTICLES)  # "al-", "el-": looked for in the text first
_ARABIC_ARTICLE = re.compile("(?:" + "|".join(NAME_ARTICLES) + ")-[A-Z]")


def _title_end(doc: Doc, i: int) -> int:
    """Index of the first token after a title starting at token i ("Phó Bí thư", "HLV"), or i."""
    if doc.lows[i] not in TITLE_FIRST:
        return i  # no title starts with this word
    toks = doc.toks
    match = TITLE_AT.match(doc.text, toks[i].start)
    if not match:
        return i
    j = i
    while j < len(toks) and toks[j].end <= match.end():
        j += 1
    return j


def country_anh(texts: list[str], i: int) -> bool:
    """ "hãng bảo mật Anh Sophos": "Anh" with a capital inside a sentence, after a lowercase word
    and before a foreign one, is England; the honorific "anh" is written in lowercase there."""
    return (
        texts[i] == "Anh"
        and 0 < i < len(texts) - 1
        and texts[i - 1].isalpha()
        and texts[i - 1].islower()
        and texts[i + 1][:1].isupper()
        and not vietnamese(texts[i + 1])
    )


def runs(doc: Doc) -> list[tuple[int, int, bool]]:
    """Runs of adjacent capitalised words, titles at their start left out.

    The flag says a title stood right before the run ("Thủ môn Lee Woon-jae").
    """
    toks, texts, sent_of = doc.toks, doc.texts, doc.sent_of
    n = len(toks)
    runs = []
    i = 0
    after_title = -1
    # only a token with a capital first letter can start a run; the name syllables among them
    first_up = list(map(str.isupper, map(itemgetter(0), texts)))
    caps = list(map(and_, first_up, map(not_, map(str.isupper, texts))))  # Tok.cap of every token
    if any(article in doc.text for article in _ARTICLES):  # rare: the tokens are read only then
        for k in [k for k, t in enumerate(texts) if "-" in t and _ARABIC_ARTICLE.match(t)]:
            first_up[k] = caps[k] = True  # "Diaa al-Saadi": a name's syllable, though lowercase
    capitals = list(compress(count(), first_up))
    at = 0
    while i < n:
        at = bisect_left(capitals, i, at)
        if at == len(capitals):
            break
        i = capitals[at]
        if not (caps[i] and texts[i][0].isalpha()):
            i += 1
            continue
        if _opener(doc, i):
            i += 1  # "Còn Thorne Lay", "Theo Trưởng Công an ...": the sentence's first word
            continue
        j = _title_end(doc, i)
        if j > i and (j - i > 1 or texts[i] not in RUN_HONORIFICS):
            i = after_title = j  # "Phó Bí thư Thành ủy": the title is no name
            continue
        if texts[i] in RUN_HONORIFICS and i + 1 < n and caps[i + 1] and (k := _title_end(doc, i + 1)) > i + 1:
            if k - i > 2 or not vietnamese(texts[i + 1]):  # not "Ông Nguyên" (a name, or "former")
                i = after_title = k  # "Ông Datuk Christopher Raj": a title after the honorific
                continue
        j = i + 1
        while j < n and toks[j].start == toks[j - 1].end + 1 and sent_of[j] == sent_of[i]:
            if caps[j] and (texts[j] not in {"Ông", "Bà"} or " ".join(texts[i : j + 2]) in PLACES):
                j += 1  # "Hai Bà Trưng" is a district, "Bà" no woman's honorific there
            elif k := _particles(doc, caps, j):
                j += k + 1  # "Erik ten Hag", "Ursula von der Leyen": the particles and the next word
            elif _bare_initial(doc, caps, j):
                j += 2  # "James M Tour": a given name's middle initial, written without its dot
            elif REGNAL.fullmatch(texts[j]) and not vietnamese(texts[j - 1]):
                j += 1  # "Elizabeth II", "Benedict XVI": a sovereign's number closes the name
                break
            else:
                break
        runs.append((i, j, i == after_title))
        i = j
    return runs


def _particles(doc: Doc, caps: list[bool], j: int) -> int:
    """How many lowercase particles stand at token j between two words of a foreign name
    (:func:`search.speakers.names.particles_at`), the words spaced once, in one sentence."""
    if doc.lows[j] not in NAME_PARTICLES:
        return 0  # nearly every run ends so: asked first, as it is cheap
    toks, texts = doc.toks, doc.texts
    end = j
    while (
        end < min(j + 3, len(toks))
        and toks[end].start == toks[end - 1].end + 1
        and doc.sent_of[end] == doc.sent_of[j]
    ):
        end += 1
    k = particles_at(texts[j - 1], texts[j:end])
    return k if k and caps[j + k] else 0


def _bare_initial(doc: Doc, caps: list[bool], j: int) -> bool:
    """Is token j a lone capital letter between a known given name and a foreign word, the three
    spaced once ("James M Tour", "George W Bush")?"""
    texts, toks = doc.texts, doc.toks
    return (
        len(texts[j]) == 1
        and texts[j].isupper()
        and j + 1 < len(toks)
        and caps[j + 1]
        and texts[j - 1] in GIVEN_NAMES
        and toks[j + 1].start == toks[j].end + 1
        and doc.sent_of[j + 1] == doc.sent_of[j]
        and not vietnamese(texts[j + 1])
    )


def _opener(doc: Doc, i: int) -> bool:
    """A capitalised opener ("Còn", "Dù", "Nếu", "Theo") before another capitalised word of its
    sentence; a family name stays ("Từ Hiểu Đông")."""
    toks = doc.toks
    if toks[i].low not in RUN_OPENERS or i + 1 >= len(toks):
        return False
    nxt = toks[i + 1]
    if not nxt.cap or nxt.start != toks[i].end + 1 or doc.sent_of[i + 1] != doc.sent_of[i]:
        return False
    return toks[i].text not in SURNAMES


def initials_before(doc: Doc, start: int, name: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    """Initials before a name, and the given name before them: "K. VijayRaghavan", "K.H. Kim",
    "George W. Bush", "Tracey J. Woodruff" (not the end of "T&T.")."""
    toks = doc.toks
    k = start
    initials: list[str] = []
    while k >= 2 and toks[k - 1].text == "." and toks[k - 2].text in INITIALS:
        if toks[k - 1].start != toks[k - 2].end or doc.sent_of[k - 2] != doc.sent_of[start]:
            break
        if k >= 3 and toks[k - 3].end == toks[k - 2].start and toks[k - 3].text != ".":
            break  # "mạng 5G. Thôi Quốc Bảo": the letter ends a word, it is no initial
        initials.insert(0, toks[k - 2].text + ".")
        k -= 2
        if k and toks[k - 1].text == "&":
            return start, name  # "T&T."
    if not initials:
        return start, name
    given = toks[k - 1] if k else None  # "George" of "George W. Bush", spaced from the initials
    if (
        given is not None
        and given.cap
        and given.word
        and given.end < toks[k].start
        and doc.sent_of[k - 1] == doc.sent_of[start]
        and given.text not in RUN_HONORIFICS
        and given.low not in RUN_OPENERS
        and given.text not in COUNTRIES  # "Tổng thống Pháp J. Chirac"
        and not TITLE_AT.match(doc.text, given.start)
    ):
        k -= 1
        initials.insert(0, given.text)
    return k, tuple(initials) + name
