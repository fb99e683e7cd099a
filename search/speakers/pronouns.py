"""Pronouns and roles that speak for a person named before: "Ông cho biết", '"...", bà nói',
"Theo ông, ...", "Siêu sao 41 tuổi cho rằng"; and which pronouns cannot stand for a name."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import compress, count, repeat

from search.speakers.document import Doc, Event, Mention
from search.speakers.lexicon import (
    ADVERBS,
    HONORIFICS,
    PRONOUNS,
    ROLE_SUBJECTS_BY_FIRST,
    TITLE_AT,
)
from search.speakers.names import main_person, vietnamese
from search.speakers.roles import modifier_ending
from search.speakers.tokens import QUOTES, TITLE_FIRST, after_quotation_mark, sentence_punct
from search.speakers.verbs import manner_at, manner_before, verb_at

__all__ = ["other_sex", "pronoun_events"]

# a literal start ("heo ") lets the search skip ahead; the token scan checks the rest
_THEO_PRONOUN = re.compile(r"heo (?:" + "|".join(map(re.escape, PRONOUNS)) + r"),")
_MALE_HONORIFICS = frozenset({"ông", "anh", "chú", "bác", "cậu", "thầy", "ngài", "bầu", "mr"})
_FEMALE_HONORIFICS = frozenset({"bà", "chị", "cô", "mrs", "ms", "nàng"})
# a modal or a negation after a role makes it anyone in that role ("Trọng tài phải đánh giá")
_REPORTERS = frozenset({("phóng", "viên"), ("nhà", "báo"), ("ký", "giả"), ("biên", "tập", "viên")})
# "phát ngôn viên của X", "em gái của X", "cho X", "với X": the person spoken of, not who speaks
_OWNERS = frozenset({"của", "cho", "với"})
_GENERIC = frozenset({"phải", "cần", "nên", "không", "chưa", "chẳng", "thể", "thường"})


def _role_subject(doc: Doc, p: int, mention_at: set[int]) -> tuple[tuple[str, ...], int] | None:
    """The role noun of a role noun phrase at p with no name in it ("tiền vệ" of "Tiền vệ sinh
    năm 1998", "hlv" of "HLV người Brazil") and the token after the phrase, or None; "HLV Park"
    is a name's title."""
    toks = doc.toks
    e = p
    if noun := _role_noun_at(doc, p):
        e = p + len(noun)
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
    origin = False
    while j < len(toks) and j - e < 6 and not verb_at(toks, j):
        t = toks[j]
        if j in mention_at or t.text in QUOTES or sentence_punct(doc, t) or t.text == ",":
            return None
        if t.cap and not origin:
            return None  # a name or a place after the title: "HLV Park", "cầu thủ Hà Nội"
        # "người Hàn Quốc", "gốc Việt": a country after these is where the person is from
        origin = t.low in {"người", "gốc"} or (origin and t.cap)
        j += 1
    if j >= len(toks) or not verb_at(toks, j) or (j > e and toks[j - 1].low in _GENERIC):
        return None  # "Trọng tài phải đánh giá ...": any referee, no one in particular
    role = tuple(doc.lows[p:e])
    n = modifier_ending(role)  # "Tổng thống sắp mãn nhiệm" is the one titled "Tổng thống"
    return (role[:-n] if 0 < n < len(role) else role), j


def _role_noun_at(doc: Doc, q: int) -> tuple[str, ...] | None:
    """The role noun of role_subjects.txt that starts at token q ("tiền vệ", "siêu sao"), or None."""
    return next(
        (r for r in ROLE_SUBJECTS_BY_FIRST.get(doc.lows[q], ()) if tuple(doc.lows[q : q + len(r)]) == r), None
    )


def _titled_as(doc: Doc, role: tuple[str, ...], p: int) -> Mention | None:
    """The one person named before p with this role as their title ("Tiền vệ Nguyễn Hoàng Đức"
    for "tiền vệ sinh năm 1998", "Trọng tài chính Kim Woo-sung" for "trọng tài người Hàn Quốc"),
    or None when no one is, or anyone else in the article is titled so."""
    n = len(role)
    lows = doc.lows
    # the lone words a person bears: the first or last of a longer name ("Wong" of "Wong
    # Kar-wai"), or one after an honorific
    surnames = {
        w
        for m in doc.mentions
        if m.valid and (len(m.tokens) >= 2 or m.honorific)
        for w in (m.tokens[0], m.tokens[-1])
    }
    people: dict[str, Mention] = {}
    others: set[str] = set()  # titled so with more words between: "Hoa hậu Mỹ Latin Laura Zuniga"
    for m in doc.mentions:  # the whole article: one titled so after p makes "the" role ambiguous too
        if not m.valid or m.in_quote:
            continue
        q = m.title_start
        if q >= m.start or tuple(lows[q : q + n]) != role:
            q = m.chain_start
            if q >= m.start or tuple(lows[q : q + n]) != role:
                continue
        if q and lows[q - 1] == "của":
            continue  # "bạn trai của hoa hậu là X": someone else's role
        if any(map(verb_at, repeat(doc.toks), range(q + n, m.start))):
            continue  # a clause that opens with the role and speaks of a name: "trọng tài ... cho
            # rằng bóng chạm tay Xuân Son" is no "trọng tài Xuân Son" (nor the role resolved itself)
        # the role opens the title phrase ("Phó Thủ tướng X" is no "thủ tướng"), at most one plain
        # word after it ("Trọng tài chính X"; not "phát ngôn viên của X", "Hiệu trưởng Trường X")
        between = doc.toks[q + n : m.start]
        # "người mẫu Playboy", "phóng viên VnExpress": a lone foreign word no one bears is no one
        # the role can stand for (yet it makes the role ambiguous)
        borne = len(m.tokens) > 1 or vietnamese(m.tokens[0]) or m.tokens[0] in surnames
        if (
            borne
            and m.end <= p
            and len(between) <= 1
            and not any(t.cap or t.upper or t.low in {"của", "là"} for t in between)
        ):
            people.setdefault(m.tokens[-1], m)
        else:
            others.add(m.tokens[-1])
    return next(iter(people.values())) if len(people) == 1 and not others - set(people) else None


def _subject_places(doc: Doc, verbs: list[tuple[int, int]]) -> list[int]:
    """Where a pronoun or a role can stand as a speech verb's subject: right before the verb
    (adverbs aside), at its sentence's start, or after a quotation and a comma."""
    toks, sent_of = doc.toks, doc.sent_of
    places = set()
    for v, _ in verbs:
        k = v - 1
        while k >= 0:
            if toks[k].low in ADVERBS and not verb_at(toks, k):
                k -= 1
            elif manner := manner_before(toks, k + 1):
                k -= manner  # "anh vui mừng cho biết"
            else:
                break
        if k >= 0 and toks[k].low in PRONOUNS:
            places.add(k)
        first = bisect_left(sent_of, sent_of[v])
        if v - first <= 10:
            places.add(first)
        for q in range(max(first, v - 10, 2), v):
            if after_quotation_mark(toks, q):
                places.add(q)
            elif (
                toks[q - 1].text == ","
                and not toks[q].text[0].isupper()
                and (q - first <= 5 or (toks[q].low not in PRONOUNS and _role_noun_at(doc, q)))
            ):
                places.add(q)  # "Sau trận, tiền vệ sinh năm 1998 tiếc nuối": only a role may stand here
    return sorted(places)


def pronoun_events(
    doc: Doc, found: list[Event], verbs: list[tuple[int, int]], colons: list[int]
) -> list[Event]:
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
    # a colon that opens a quotation stands for a verb too: "Hỏi về nguyên nhân, chị ngậm ngùi: '...'"
    places = sorted(set(_subject_places(doc, verbs + [(i, 1) for i in colons])) | theo)
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
    lasts = {m.tokens[-1] for m in doc.mentions if m.valid and len(m.tokens) >= 2}
    # the surnames of foreign names of two words or more: "Tien" stands for "Learner Tien"
    foreign = {
        m.tokens[-1]
        for m in doc.mentions
        if m.valid and len(m.tokens) >= 2 and not any(map(vietnamese, m.tokens))
    }
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
            if j < len(toks) and doc.lows[j] in {"ta", "ấy"}:
                j += 1  # "Ông ta nói", "cô ấy cho biết"
        else:
            role = _role_subject(doc, p, mention_at)  # "Siêu sao 41 tuổi cho rằng"
            if role is None:
                continue
            j = role[1]
            kind = "a"
            # the one person the article titled so ("Tiền vệ Nguyễn Hoàng Đức") is who the role
            # stands for, however far back; after an opener, only they can be
            same = _titled_as(doc, role[0], p)
            if same is None and (not (start or after_quote) or role[0] in _REPORTERS):
                continue  # a reporter the article does not name is rarely whom it is about
        while 0 <= j < len(toks):
            if toks[j].low in ADVERBS and not verb_at(toks, j):
                j += 1
            elif manner := manner_at(toks, j):
                j += manner  # "ông bất ngờ tuyên bố"
            else:
                break
        if j >= 0 and (j >= len(toks) or not verb_at(toks, j)) and not (kind != "a" and _colon_quote(doc, j)):
            continue
        sent = sent_of[p]
        if toks[bisect_right(sent_of, sent) - 1].text == "?":
            continue
        if kind == "a" and same is not None:
            out.append(Event(same, p, quoted=after_quote, personal=True))
            continue
        # '"... ? ... .", anh nói': the sentences inside the quotation are the speaker's own, so
        # who spoke last counts from where the quotation opens
        top = _quotation_start(doc, p - 2) if after_quote else sent
        speaker = next((e for e in reversed(spoke) if e.pos < p and e.mention.sent >= top - 2), None)
        candidates = [speaker.mention] if speaker is not None else reversed(valid)
        if speaker is None and main is not None:
            candidates = [*candidates, *(m for m in reversed(valid) if m.tokens[-1] == main)]
        # the one person named in the two sentences before, by a foreign name of two words or
        # more or its surname ('Paris Hilton ... "...", cô nói'; 'Vladimir Smicer ... Smicer ...
        # "...", anh nói'): nothing else there the pronoun could stand for
        near = {
            m.tokens[-1]
            for s in range(top - 2, sent + 1)
            for m in doc.in_sentence(s)
            if m.end <= p and not m.in_quote and (m.valid or m.tokens[-1] in lasts)
        }
        lone = near.pop() if len(near) == 1 else None
        if lone not in foreign:
            lone = None
        for m in candidates:
            if m.end > p:
                continue
            if m.sent < top - 2 and m.tokens[-1] != main:
                continue
            if m.sent < sent - 2 and m.tokens[-1] != main and not _plain_subject(doc, m):
                break  # past the two sentences, only a sentence's plain subject speaks again
            if not (m.strong or m.titled or m.honorific or m.person_title or m.tokens[-1] == lone):
                continue  # a name nothing shows is a person's ("Rizal Memorial")
            if _disagrees(doc, m, kind):
                continue
            out.append(Event(m, p, quoted=after_quote, personal=True))
            break
        else:
            if speaker is None and start and kind != "a" and (only := _only_person_before(doc, sent)):
                if not _disagrees(doc, only, kind):
                    # "... phải kể đến người mẫu Tống Bạch Thủy. Cô cho biết": the one person the
                    # sentence before names, though as an object, is whom this pronoun means
                    out.append(Event(only, p, quoted=after_quote, personal=True))
    return out


def _only_person_before(doc: Doc, sent: int) -> Mention | None:
    """The one person the sentence before names outside a quotation, shown as one by a title or
    an honorific, when no other name is there and no pronoun stands for someone else; else None."""
    if sent == 0:
        return None
    names = [m for m in doc.in_sentence(sent - 1) if m.valid and not m.in_quote]
    people = [m for m in names if m.titled or m.honorific or m.person_title]
    if len(people) != 1 or len({m.tokens[-1] for m in names}) != 1 or people[0].governor in _OWNERS:
        return None
    # a pronoun there already stands for someone else ("cô có thể lấy Kevin Federline. Cô thừa nhận")
    first, last = bisect_left(doc.sent_of, sent - 1), bisect_left(doc.sent_of, sent)
    toks = doc.toks
    if any(toks[k].low in PRONOUNS and not toks[k + 1].cap for k in range(first, last - 1)):
        return None
    return people[0]


def _plain_subject(doc: Doc, m: Mention) -> bool:
    """Is m its sentence's subject: at its start, or after a comma that closes an opening
    phrase with no name, pronoun or verb of saying in it ("Dù gia nhập cuộc đua, HLV X ...")?"""
    first = bisect_left(doc.sent_of, m.sent)
    k = m.title_start
    if k == first:
        return True
    if doc.texts[k - 1] != ",":
        return False
    names = any(p.valid and p.start < k for p in doc.in_sentence(m.sent))
    said = any(doc.lows[j] in PRONOUNS or verb_at(doc.toks, j) for j in range(first, k))
    return not names and not said


def _quotation_start(doc: Doc, close: int) -> int:
    """The sentence where the quotation that the mark at token ``close`` closes opens."""
    k = close - 1
    while k >= 0 and doc.in_quote[k]:
        k -= 1
    return doc.sent_of[max(k, 0)] if k < close - 1 else doc.sent_of[close]


def _colon_quote(doc: Doc, j: int) -> bool:
    """A few plain words from j, then a colon and a quotation: "chị ngậm ngùi: '...'"."""
    for k in range(j, min(j + 4, len(doc.toks) - 1)):
        t = doc.toks[k]
        if t.text == ":":
            return k > j and doc.texts[k + 1][0] in QUOTES
        if not t.word or t.cap or t.upper:
            return False
    return False


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
