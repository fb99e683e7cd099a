"""Pronouns and roles that speak for a person named before: "Ông cho biết", '"...", bà nói',
"Theo ông, ...", "Siêu sao 41 tuổi cho rằng"; and which pronouns cannot stand for a name."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import compress, count

from search.speakers.document import Doc, Event, Mention
from search.speakers.lexicon import ADVERBS, HONORIFICS, PRONOUNS, ROLE_SUBJECTS_BY_FIRST, TITLE_AT
from search.speakers.names import main_person
from search.speakers.tokens import QUOTES, TITLE_FIRST, after_quotation_mark, sentence_punct
from search.speakers.verbs import verb_at

__all__ = ["other_sex", "pronoun_events"]

# a literal start ("heo ") lets the search skip ahead; the token scan checks the rest
_THEO_PRONOUN = re.compile(r"heo (?:" + "|".join(map(re.escape, PRONOUNS)) + r"),")
_MALE_HONORIFICS = frozenset({"ông", "anh", "chú", "bác", "cậu", "thầy", "ngài", "bầu", "mr"})
_FEMALE_HONORIFICS = frozenset({"bà", "chị", "cô", "mrs", "ms", "nàng"})


def _role_subject_end(doc: Doc, p: int, mention_at: set[int]) -> int | None:
    """The token after a role noun phrase at p with no name in it ("Tiền vệ sinh năm 1998",
    "HLV người Brazil", "Siêu sao 41 tuổi"), or None; "HLV Park" is a name's title."""
    toks = doc.toks
    e = p
    for role in ROLE_SUBJECTS_BY_FIRST.get(toks[p].low, ()):
        if tuple(doc.lows[p : p + len(role)]) == role:
            e = p + len(role)
            break
    else:
        if toks[p].low not in TITLE_FIRST:
            return None
        match = TITLE_AT.match(doc.text, toks[p].start)
        if not match or toks[p].low in HONORIFICS:
            return None
        while e < len(toks) and toks[e].end <= match.end():
            e += 1
    if e == p:
        return None
    j = e
    while j < len(toks) and j - e < 6 and not verb_at(toks, j):
        t = toks[j]
        if j in mention_at or t.text in QUOTES or sentence_punct(doc, t) or t.text == ",":
            return None
        if t.cap and toks[j - 1].low not in {"người", "gốc"}:
            return None  # a name or a place after the title: "HLV Park", "cầu thủ Hà Nội"
        j += 1
    return j if j < len(toks) and verb_at(toks, j) else None


def _subject_places(doc: Doc, verbs: list[tuple[int, int]]) -> list[int]:
    """Where a pronoun or a role can stand as a speech verb's subject: right before the verb
    (adverbs aside), at its sentence's start, or after a quotation and a comma."""
    toks, sent_of = doc.toks, doc.sent_of
    places = set()
    for v, _ in verbs:
        k = v - 1
        while k >= 0 and toks[k].low in ADVERBS and not verb_at(toks, k):
            k -= 1
        if k >= 0 and toks[k].low in PRONOUNS:
            places.add(k)
        first = bisect_left(sent_of, sent_of[v])
        if v - first <= 10:
            places.add(first)
        for q in range(max(first, v - 10, 2), v):
            if after_quotation_mark(toks, q):
                places.add(q)
    return sorted(places)


def pronoun_events(doc: Doc, found: list[Event], verbs: list[tuple[int, int]]) -> list[Event]:
    """A pronoun in subject position before a speech verb speaks for the person the text is
    about: the last one who spoke in the two sentences before it, else the last one named there
    as a clause's subject, whose honorific agrees ("bà" is no "ông Lộc"). A quotation, a comma or
    the sentence's start before the pronoun puts it in subject position; in a question ("Cô bình
    luận gì?") it is the interviewer's "you"."""
    toks = doc.toks
    out: list[Event] = []
    # "Theo ông, ...": the pronoun after "Theo" that opens a clause is a speaker's too
    theo: set[int] = set()
    if _THEO_PRONOUN.search(doc.text):  # most articles have none: the scan below is skipped
        theo = {
            k + 1
            for k in compress(count(), map("theo".__eq__, doc.lows[:-2]))
            if doc.lows[k + 1] in PRONOUNS
            and doc.texts[k + 2] == ","
            and (_opens_sentence(doc, k) or doc.texts[k - 1] == ",")
        }
    places = sorted(set(_subject_places(doc, verbs)) | theo)
    if not places:
        return out
    spoke = sorted(found, key=lambda e: e.pos)
    valid = [
        m
        for m in doc.mentions
        if m.valid
        and not m.in_quote
        and not m.blocked
        and m.governor == ""
        and m.title_start == m.chain_start
    ]
    mention_at = {m.start for m in doc.mentions if m.valid}
    main = main_person(doc)
    sent_of = doc.sent_of
    for p in places:
        tok = toks[p]
        if doc.in_quote[p] or p + 1 >= len(toks):
            continue
        start = _opens_sentence(doc, p)
        after_quote = after_quotation_mark(toks, p)
        kind = PRONOUNS.get(tok.low)
        if kind is not None:
            if toks[p + 1].cap:
                continue  # "ông Tuấn" is a name's honorific, not a pronoun
            if p in theo:
                j = -1
            elif not (start or after_quote or (p and toks[p - 1].text == "," and not tok.text[0].isupper())):
                continue
            else:
                j = p + 1
        elif start or after_quote:
            j = _role_subject_end(doc, p, mention_at)  # "Siêu sao 41 tuổi cho rằng"
            if j is None:
                continue
            kind = "a"
        else:
            continue
        while 0 <= j < len(toks) and toks[j].low in ADVERBS and not verb_at(toks, j):
            j += 1
        if j >= 0 and (j >= len(toks) or not verb_at(toks, j)):
            continue
        sent = sent_of[p]
        if toks[bisect_right(sent_of, sent) - 1].text == "?":
            continue
        speaker = next((e for e in reversed(spoke) if e.pos < p and e.mention.sent >= sent - 2), None)
        candidates = [speaker.mention] if speaker is not None else reversed(valid)
        if speaker is None and main is not None:
            candidates = [*candidates, *(m for m in reversed(valid) if m.tokens[-1] == main)]
        for m in candidates:
            if m.end > p:
                continue
            if m.sent < sent - 2 and m.tokens[-1] != main:
                continue
            if not (m.strong or m.titled or m.honorific or m.person_title):
                continue  # a name nothing shows is a person's ("Rizal Memorial")
            if _disagrees(doc, m, kind):
                continue
            out.append(Event(m, p, quoted=after_quote, personal=True))
            break
    return out


def _opens_sentence(doc: Doc, k: int) -> bool:
    """Does token k open its sentence?"""
    return k == 0 or doc.sent_of[k - 1] != doc.sent_of[k]


def _disagrees(doc: Doc, m: Mention, kind: str) -> bool:
    """A pronoun of this kind cannot stand for m: "bà" for "ông Lộc", "anh" for "Nguyễn Thị Hồng"."""
    honorific = doc.lows[m.start - 1] if m.start else ""
    if kind == "m":
        return honorific in _FEMALE_HONORIFICS or "Thị" in m.tokens
    return kind == "f" and honorific in _MALE_HONORIFICS


def other_sex(doc: Doc, m: Mention, p: int) -> bool:
    """A pronoun at p that cannot stand for m: "anh" after "Chị Hồng", "bà" after "ông Lộc"."""
    if p + 1 >= len(doc.toks) or doc.toks[p + 1].cap:
        return False
    return _disagrees(doc, m, PRONOUNS.get(doc.lows[p], ""))
