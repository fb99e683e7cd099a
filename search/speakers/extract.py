"""extract_speakers: from an article's name mentions and speech events to one Speaker per person."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass

from search.speakers.document import Doc, Event, Mention
from search.speakers.events import find_events
from search.speakers.evidence import age_after
from search.speakers.lexicon import (
    COUNTRIES,
    GIVEN_NAMES,
    ORG_ROLE_SUBJECTS,
    PRONOUNS,
    ROLE_NOUN_ENDS,
    TITLE_AT,
)
from search.speakers.mentions import find_mentions
from search.speakers.names import one_edit, resolver, unglued, vietnamese
from search.speakers.roles import better_role, role_noun_at, title_before
from search.speakers.tokens import BOUNDARY, QUOTES, prepare
from search.speakers.verbs import verb_at

__all__ = ["Speaker", "extract_speakers"]


@dataclass(frozen=True)
class Speaker:
    """One person who speaks in an article."""

    name: str  # canonical: NFC, new-style tone marks, capitalised, no title ("Tô Lâm")
    role: str  # title/office as last seen in the article ("Bộ trưởng Bộ Công an"), "" if none
    quote: str  # one sentence where they spoke, as in the (normalised) text
    # every sentence where they spoke, in text order, each once ("what X said" lists them)
    quotes: tuple[str, ...] = ()


def extract_speakers(text: str, title: str = "") -> list[Speaker]:
    """People who speak or are quoted in an article, in order of first speech, one per person.

    Works on raw article text (NFD, old tone marks, ``Ð`` are normalised first);
    the title, when given and not already the body's first line, is read first.
    """
    doc = prepare(text, title)
    if doc is None:
        return []
    find_mentions(doc)
    resolve = resolver(doc)

    # a foreign name needs a title or an honorific somewhere ("HLV Tuchel"): "World Cup nói" is no one
    vouched: set[tuple[str, ...]] = set()
    seen: Counter = Counter()  # mentions of each person
    roles: dict[tuple[str, ...], str] = {}
    for m in doc.mentions:
        person = unglued(resolve(m)) if m.valid else None
        if person is None:
            continue
        seen[person] += 1
        if m.titled or m.appos_role or m.strong or _role_noun_before(doc, m) or person[0] in doc.lone_names:
            vouched.add(person)
        elif age_after(doc, m) or _pronoun_next(doc, m) or _title_then_comma(doc, m):
            vouched.add(person)  # "Learner Tien, 20 tuổi", "Dennis Rodman ... Ông nói thêm"
        if m.role and better_role(m.role, roles.get(person, "")):
            roles[person] = m.role

    order: list[tuple[str, ...]] = []
    quotes: dict[tuple[str, ...], str] = {}
    said: dict[tuple[str, ...], dict[int, str]] = {}  # person → sentence number → its text
    for event in find_events(doc):
        person = unglued(resolve(event.mention))
        if person is None:
            continue
        if (
            not all(map(vietnamese, person))
            and person not in vouched
            and not (event.quoted or event.personal or _pronoun_after_verb(doc, event.pos))
            and not _given_name_speaks(doc, person, event)
        ):
            continue
        # what was said: a pronoun's or a role's own sentence ("Ông cho biết ..."), not the one
        # that named the person before it
        said_in = doc.sent_of[event.pos] if event.personal else event.mention.sent
        sentence = _sentence_text(doc, said_in)
        said.setdefault(person, {})[said_in] = sentence
        if person not in quotes:
            order.append(person)
            quotes[person] = sentence
        elif not any(q in quotes[person] for q in QUOTES) and any(q in sentence for q in QUOTES):
            quotes[person] = sentence  # a direct quotation says more
    same = _near_spellings(order, seen)
    speakers: list[Speaker] = []
    for p in dict.fromkeys(same.get(p, p) for p in order):
        first = next(q for q in order if same.get(q, q) == p)
        spellings = [said[q] for q in order if same.get(q, q) == p]  # a misspelling's sentences too
        numbers = sorted({n for s in spellings for n in s})
        every = tuple(dict.fromkeys(next(s[n] for s in spellings if n in s) for n in numbers))
        role = roles.get(p, "") or roles.get(first, "")
        speakers.append(Speaker(" ".join(p), role, quotes[first], every))
    return speakers


def _near_spellings(people: list[tuple[str, ...]], seen: Counter) -> dict[tuple[str, ...], tuple[str, ...]]:
    """A foreign name one letter away from another of the article, or from the end of a longer
    one ("Erdorgan" and "Recep Tayyip Erdogan"; "Marin Haegele" and "Martin Haegele"), is a
    misspelling: it joins the longer name, or the one the article writes more often, or first."""
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    first = {p: k for k, p in enumerate(seen)}  # a Counter keeps the order names were first seen
    for p in people:
        for q in seen:
            if p == q or len(p) > len(q) or q in out:
                continue
            if len(p) == len(q) and (seen[p], -first[p]) > (seen[q], -first[q]):
                continue  # the spelling written more often, else the one written first
            diff = [(a, b) for a, b in zip(p, q[len(q) - len(p) :], strict=True) if a != b]
            if len(diff) != 1 or min(map(len, diff[0])) < 5:
                continue
            a, b = diff[0]
            if not vietnamese(a) and not vietnamese(b) and one_edit(a, b):
                out[p] = q
                break
    return out


def _given_name_speaks(doc: Doc, person: tuple[str, ...], event: Event) -> bool:
    """A foreign name that starts with a given name ("Bill Gates", "Jonathan Adriel") after
    "Theo", or before its verb with nothing but a dozen lowercase words or commas between
    ("Rajiv Agrawal, công nhân tại một cơ sở hỏa thiêu, nói"): a person speaking."""
    m = event.mention
    if len(person) < 2 or person[0] not in GIVEN_NAMES:
        return False
    if m.theo and event.pos == m.start:
        return True  # "Theo Bill Gates, ..."
    if not 0 <= event.pos - m.end <= 12:
        return False
    before = doc.text[: doc.toks[m.start].start].rstrip().rpartition(" ")[2]
    # a capital before it ends a longer name ("St. Louis Post-Dispatch"); a country does not
    # ("Đại diện thương mại Mỹ Robert Zoellick")
    capital = before[:1].isupper() and before[-1:] not in ",;:)”\"'" and before not in COUNTRIES
    if capital and doc.sent_of[m.start - 1] == m.sent:
        return False
    return not any(t.cap or t.upper or t.text in QUOTES for t in doc.toks[m.end : event.pos])


def _pronoun_next(doc: Doc, m: Mention) -> bool:
    """The next sentence opens with a personal pronoun ("Anh cho biết", "Ông từng ..."), the
    name being its sentence's subject: people are "anh", "ông"; clubs and firms are "họ"."""
    toks = doc.toks
    if m.chain_start != m.title_start or m.blocked:
        return False
    k = bisect_right(doc.sent_of, m.sent)
    return k + 1 < len(toks) and toks[k].low in PRONOUNS and toks[k].text[0].isupper() and not toks[k + 1].cap


def _pronoun_after_verb(doc: Doc, v: int) -> bool:
    """What the speaker said opens with a personal pronoun for the speaker: "Pitt khẳng định, anh
    thuộc tuýp người quen chịu cực", "X cho biết ông sẽ ..." (a firm says "họ", "hãng")."""
    toks = doc.toks
    k = v + verb_at(toks, v)
    while k < len(toks) and k - v < 5 and toks[k].low in {",", "rằng", "là", ":"}:
        k += 1
    if _personal_at(doc, k, v):
        return True
    # "Arar cho biết, trong 10 tháng ngồi tù, anh bị đánh đập": a short phrase set off by
    # commas, then the pronoun; no name, no quotation on the way
    if k > v + 1 and toks[k - 1].text == ",":
        for j in range(k, min(k + 10, len(toks) - 1)):
            t = toks[j]
            if t.cap or t.upper or t.text in QUOTES or doc.sent_of[j] != doc.sent_of[v]:
                return False
            if t.text == ",":
                return _personal_at(doc, j + 1, v)
    return False


def _personal_at(doc: Doc, k: int, v: int) -> bool:
    """A personal pronoun at k, in v's sentence, as a subject (no name after it)."""
    toks = doc.toks
    return (
        k + 1 < len(toks)
        and doc.sent_of[k] == doc.sent_of[v]
        and toks[k].low in PRONOUNS
        and not toks[k + 1].cap
        and not toks[k + 1].upper
    )


def _title_then_comma(doc: Doc, m: Mention) -> bool:
    """A title, its organisation, a comma, the name: "Chủ tịch Valencia, Anil Murthy", "chủ tịch
    của UFC, Dana White" (an office is a person's)."""
    toks = doc.toks
    comma = m.first - 1
    if comma < 1 or toks[comma].text != ",":
        return False
    lo = comma
    while lo > 0 and comma - lo < 8 and toks[lo - 1].text not in BOUNDARY and doc.sent_of[lo - 1] == m.sent:
        lo -= 1
    near = max(lo, comma - 5)
    of = next((k for k in range(comma - 1, near - 1, -1) if toks[k].low == "của"), comma)
    # "Giám đốc điều hành VeriSign, Stratton Sclavos", "Chủ tịch Phòng thương mại Quito, Blasco
    # Penaherrera": the title opens the phrase, farther back
    return title_before(toks, near, of) or any(
        TITLE_AT.match(doc.text, toks[k].start) for k in range(lo, near + 1)
    )


def _role_noun_before(doc: Doc, m: Mention) -> bool:
    """A word for a person right before the name: "cảnh sát X", "phóng viên Y", "CĐV Z";
    or a role of role_subjects.txt with a few lowercase words after it: "ngôi sao bóng rổ X"."""
    k = m.first
    if k > 0 and (doc.toks[k - 1].low in ROLE_NOUN_ENDS or doc.toks[k - 1].upper):
        return True
    toks = doc.toks
    for p in range(k - 1, max(k - 6, 0) - 1, -1):
        t = toks[p]
        opens = p == 0 or doc.sent_of[p - 1] != doc.sent_of[p]  # a sentence's first word has a capital
        if (t.cap and not opens) or not t.low.isalpha() or doc.sent_of[p] != m.sent:
            return False
        size = role_noun_at(doc, p)
        if size and k - 3 <= p + size <= k and tuple(doc.lows[p : p + size]) not in ORG_ROLE_SUBJECTS:
            return True
    return False


def _sentence_text(doc: Doc, sent: int) -> str:
    first = bisect_left(doc.sent_of, sent)
    last = bisect_right(doc.sent_of, sent) - 1
    return doc.text[doc.toks[first].start : doc.toks[last].end].strip()
