"""Lone given names that are people: described between commas before they speak ("Hoa, 25
tuổi, nhân viên văn phòng, cho biết"), the story's person the article keeps naming alone
("Tuấn giải thích: ..."), or named after an honorific elsewhere ("bà Hạnh ... Hạnh cho biết")."""

from __future__ import annotations

from itertools import compress, count

from search.speakers.document import Doc, Mention
from search.speakers.evidence import age_after, speech_follows, verb_after
from search.speakers.lexicon import (
    FUNCTION_WORDS,
    HONORIFICS,
    PRONOUNS,
    ROLE_NOUN_ENDS,
    ROLE_STARTS,
)
from search.speakers.roles import role_noun_at
from search.speakers.tokens import QUOTES, after_quotation_mark

__all__ = ["described_speaker", "honored_speaks", "honored_words", "protagonist_speaks"]


def described_speaker(doc: Doc, m: Mention) -> bool:
    """A lone given name that opens its clause, then who they are between commas, then a verb
    of saying: "Hoa, 25 tuổi, nhân viên văn phòng, cho biết", '"...", Trung, một sinh viên, nói'."""
    toks, k = doc.toks, m.end
    if m.tokens[0].lower() in FUNCTION_WORDS:
        return False  # "Song, một nguồn tin cho biết": "however"
    opens = m.first == 0 or doc.sent_of[m.first - 1] != m.sent or after_quotation_mark(toks, m.first)
    if not opens:
        return False
    for _ in range(2):  # at most two descriptions: an age, then a job
        if k + 2 >= len(toks) or toks[k].text != ",":
            return False
        end = next((j for j in range(k + 1, min(k + 14, len(toks))) if toks[j].text in ",.;:?!"), None)
        if end is None or toks[end].text != "," or doc.sent_of[end] != m.sent:
            return False
        first, second = toks[k + 1], toks[k + 2]
        age = first.text[0].isdigit() and second.low == "tuổi"
        # a word for a person: "nhân viên bưu điện", "một sinh viên", "một DJ"; not "một nguồn tin"
        role = first.low in ROLE_STARTS or any(
            t.low in ROLE_NOUN_ENDS or t.upper or role_noun_at(doc, j)
            for j, t in enumerate(toks[k + 1 : k + 4], k + 1)
        )
        if not (age or role) or first.cap or any(t.text in QUOTES for t in toks[k + 1 : end]):
            return False
        if speech_follows(doc, end + 1):
            return True
        k = end
    return False


def protagonist_speaks(doc: Doc, m: Mention) -> bool:
    """A lone given name the article writes alone three times or more, its story's person
    introduced with no family name ("Tuấn tháo bộ đồ nghề ... Tuấn giải thích: Trúng ổ sắt vụn
    nè"), opening its sentence before a verb of saying and a colon or a quotation."""
    word, toks = m.tokens[0], doc.toks
    low = word.lower()
    if (
        low in FUNCTION_WORDS
        or low in PRONOUNS
        or low in HONORIFICS
        or (m.first and doc.sent_of[m.first - 1] == m.sent)
    ):
        return False
    i, n = verb_after(doc, m.end)
    if not n or i + n >= len(toks) or not (toks[i + n].text == ":" or toks[i + n].text in QUOTES):
        return False
    if low in doc.texts:
        return False  # written in lowercase too: a word ("tôi", "nhóm"), not a name
    alone = [
        k
        for k, t in enumerate(doc.texts[:-1])
        if t == word and not toks[k + 1].cap and not (k and toks[k - 1].cap)  # k = 0: no word before
    ]
    # capitalised inside a sentence at least once: a name, not a sentence's first word ("Ông kể:")
    return len(alone) >= 3 and any(
        k and doc.sent_of[k - 1] == doc.sent_of[k] and doc.texts[k - 1] not in QUOTES + ":" for k in alone
    )


def _opens(doc: Doc, m: Mention) -> bool:
    """Is the honorific before m lowercase, or does it open the sentence?"""
    return doc.toks[m.start - 1].text.islower() or m.first == 0 or doc.sent_of[m.first - 1] != m.sent


def honored_words(doc: Doc, named: bool = False) -> set[str]:
    """Single names the article writes after an honorific ("ông Tuấn"; "Bà Lan nói" when it opens
    a sentence: "Bà Rịa" inside one is a place) or with an age ("Hải, 33 tuổi,"); with ``named``,
    after "tên" too ("nữ tiếp viên 24 tuổi tên Hạnh")."""
    words = {
        m.tokens[0]
        for m in doc.mentions
        if len(m.tokens) == 1 and m.valid and (_opens(doc, m) if m.honorific else age_after(doc, m, True))
    }
    if named:
        texts = doc.texts
        words.update(
            texts[k + 1]
            for k in compress(count(), map("tên".__eq__, doc.lows[:-1]))
            if texts[k + 1][0].isupper()
        )
    return words


def honored_speaks(doc: Doc, m: Mention, honored: set[str]) -> bool:
    """A lone given name that the article shows is a person's elsewhere (``honored``: after an
    honorific, with an age, after "tên"), never written in lowercase, opening its sentence or
    clause before a verb of saying: "Bà Sàng ... Sàng kể", "Hạnh đề nghị:"."""
    word, toks = m.tokens[0], doc.toks
    low = word.lower()
    if word not in honored or low in FUNCTION_WORDS or low in PRONOUNS or low in HONORIFICS:
        return False
    opens = m.first == 0 or doc.sent_of[m.first - 1] != m.sent or toks[m.first - 1].text == ","
    return opens and speech_follows(doc, m.end) and low not in doc.texts  # lowercase too: a word
