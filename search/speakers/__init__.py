"""Who spoke in an article: people quoted directly or reported, under canonical names.

A speaker facet must not mislead, so the extractor prefers precision. A person
counts only when a name stands in subject position before a speech verb
("Bộ trưởng Tô Lâm yêu cầu", "ông Lộc nói", "Trung tướng Nguyễn Hải Trung -
Giám đốc Công an TP.Hà Nội cho biết"), after "Theo" ("Theo bà Nguyễn Thị Tư,
..."), before a colon that opens a quotation, or as the subject right after an
opening clause such as "Phát biểu tại hội nghị, ...". Text inside quotation
marks never supplies a speaker, photo credits ("Ảnh: CAND") are cut out first,
and a run of capitalised syllables is a person only when it is not a place, an
organisation, a street or a school ("đường Nguyễn Trãi", "Trường THPT Nguyễn
Khuyến", "Bí thư Thành ủy Hà Nội").

Names are canonical: titles, ranks and honorifics are stripped ("Đại tướng Tô
Lâm" → "Tô Lâm"), the text goes through :func:`search.vietnamese.text.normalize`, and a
short form ("ông Trung", "Bộ trưởng Lâm", "Lee") joins the one full name in the
article that ends (or, for a foreign name, starts) with it; a short form two
people share is dropped. A family name from the usual list is a strong clue;
other names need a title or honorific somewhere in the article when they are
foreign ("HLV Tuchel"), and are Vietnamese given names otherwise ("Minh Vương
nói").

Steps: clean the text and cut credits; tokenise with offsets; mark quotations
and sentences; find name mentions in runs of capitalised words and look at the
words before each (title, governing word, "Theo"); find speech events; resolve
short forms; group by person, keeping the last role seen and one sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from search.speakers.lexicon import (
    ABBREVIATIONS,
    ADMIN_UNITS,
    ADVERBS,
    AFFILIATION,
    AMBIGUOUS_ENDS,
    BLOCKERS,
    COUNTRIES,
    FUNCTION_WORDS,
    HONORIFIC_TITLES,
    HONORIFICS,
    MAX_PLACE,
    MIDDLE_MARKERS,
    NEGATIONS,
    NOT_AFTER,
    NOUN_BEFORE,
    OFFICE_WORDS,
    ORG_BEFORE,
    ORG_HEADS,
    ORG_NOUNS,
    ORG_WORDS,
    PERSON_TITLE_ENDS,
    PLACE_CUES,
    PLACES,
    PREPOSITIONS,
    RANKS,
    ROLE_NOUN_ENDS,
    ROLE_STARTS,
    ROLE_STOPS,
    RUN_HONORIFICS,
    SAYING,
    SINGLE_BLOCK,
    STRICT_ORG,
    SURNAMES,
    THEO_PREFIXES,
    THEO_REJECT,
    TIME_WORDS,
    TITLE_AT,
    TITLE_LOWER,
    TITLE_RE,
    TITLE_TOKENS,
    VERB_FIRST,
    VIEN_TITLES,
)
from search.vietnamese.text import cut, normalize

__all__ = ["Speaker", "canonical_name", "extract_speakers"]


@dataclass(frozen=True)
class Speaker:
    """One person who speaks in an article."""

    name: str  # canonical: NFC, new-style tone marks, capitalised, no title ("Tô Lâm")
    role: str  # title/office as last seen in the article ("Bộ trưởng Bộ Công an"), "" if none
    quote: str  # one sentence where they spoke, as in the (normalised) text


# An opening clause whose subject follows the comma: "Phát biểu tại hội nghị, ông X ...".
_OPENER_RE = re.compile(
    r"^(?:cũng |còn |sau đó )?(?:phát biểu|chia sẻ (?:với|tại|về|bên|sau|trước|trong|khi|cùng)|"
    r"trả lời|trao đổi với|thông tin với|nói chuyện với|kết luận (?:hội|buổi|cuộc|phiên)|"
    r"báo cáo (?:tại|với|trước)|giải thích|trình bày|tâm sự|lý giải|nêu ý kiến|góp ý)\b"
)

_QUOTES = '"“”«»'
_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"
_BOUNDARY = set(",;:()[]" + _QUOTES + ".!?…")

# Photo and source credits: "Ảnh: CAND", "(Ảnh: TTXVN phát)", "Nguồn: [Link nguồn]".
# A credit is an agency in capitals ("TTXVN phát") or at most two capitalised words (a pen name
# "Lâm Thỏa"); VnExpress runs the next sentence on after it: "Ảnh: FAT HLV Ishii cho rằng".
_UP = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isalpha() and c.isupper())
_ALLCAPS = (
    rf"(?!(?:HLV|TS|PGS|GS|BS|NSND|NSƯT|CĐV|KTS|UBND|HĐND|TAND|VKSND)\b)[{_UP}][{_UP}0-9&/.\-]+(?![^\W\d_])"
)
_CAPWORD = rf"[{_UP}][^\W\d_]*"
_CREDIT_RE = re.compile(
    r"\(\s*(?:Ảnh|Nguồn|Video|Clip|Đồ họa|Photo)[^()\n]{0,80}\)"
    r"|\b(?:Ảnh|Nguồn|Video|Clip|Đồ họa|Photo)(?: minh họa)?\s*:\s*"
    rf"(?:\[[^\]\n]{{0,40}}\]|@\S+|{_ALLCAPS}(?:\s+{_ALLCAPS})*(?:\s+phát)?|{_CAPWORD}(?:\s+{_CAPWORD})?)"
    r"(?:\s*[.;])?"
)
# A capitalised syllable with a function word glued on by a careless crawl: "Bỉnhcho", "Kiênngày".
_GLUED_RE = re.compile(rf"\b([{_UP}][^\W\d_]*[^\W\d_a-zA-Z][^\W\d_]*?)(cho|nói|ngày|cũng|khẳng|đã|vừa)\b")
_TOKEN_RE = re.compile(r"\d+(?:[.,/:]\d+)*|[^\W\d_]+(?:['’\-][^\W\d_]+)*|\S")
_TOKEN_SPLIT = re.compile(f"({_TOKEN_RE.pattern})")  # split() keeps the tokens
_QUOTE_SCAN = re.compile('[\n"' + _OPEN_QUOTES + _CLOSE_QUOTES + "]")
_STOPS = frozenset(".!?…")
_VI_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?$"
)


def _vietnamese(word: str) -> bool:
    """Could this be one Vietnamese syllable? ("Lâm" yes; "Tuchel", "Park", "Woon-jae" no)."""
    return bool(_VI_SYLLABLE.match(word.lower()))


# ---------------------------------------------------------------------- tokens


class _Tok:
    __slots__ = ("end", "low", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.low = text.lower()

    @property
    def word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def cap(self) -> bool:
        """A name syllable: capital first letter, some lowercase letters ("Lâm", "Hang-seo")."""
        t = self.text
        return t[0].isupper() and any(c.islower() for c in t)

    @property
    def upper(self) -> bool:
        return len(self.text) >= 2 and self.text.isupper()


@dataclass
class _Mention:
    """A name in the text, with what stands before it."""

    first: int  # token index where the run starts (honorifics included)
    start: int  # token index of the name's first syllable
    end: int  # token index after the name
    tokens: tuple[str, ...]
    strong: bool  # starts with a family name
    sent: int
    in_quote: bool
    valid: bool = True  # a person, not a place or organisation
    honorific: bool = False  # "ông", "bà", "anh" ... right before the name
    person_title: bool = False  # an honorific or a person's title right before ("Bộ trưởng Lâm")
    titled: bool = False  # a title somewhere in the clause before the name
    chain_start: int = 0  # token index after the clause boundary before the name
    title_start: int = 0  # token index where the title phrase before the name starts
    governor: str = ""  # the word right before the title phrase
    blocked: bool = False  # that word makes the name an object ("gặp", "với", "của")
    theo: bool = False  # the clause is "Theo <name>, ..."
    role: str = ""
    appos_role: bool = False  # the role comes from an appositive ("X, Giám đốc Y,")


@dataclass
class _Doc:
    text: str
    toks: list[_Tok]
    sent_of: list[int]
    in_quote: list[bool]
    mentions: list[_Mention] = field(default_factory=list)
    titled_words: set[str] = field(default_factory=set)  # single names seen after a title
    by_sent: dict[int, list[_Mention]] = field(default_factory=dict)  # mentions of each sentence

    def in_sentence(self, sent: int) -> list[_Mention]:
        return self.by_sent.get(sent, [])


def _prepare(text: str, title: str) -> _Doc | None:
    body = normalize(text or "")
    head = normalize(title or "")
    full = body if not head or body.startswith(head) else head + "\n\n" + body
    full = _CREDIT_RE.sub("\n", full)
    full = _GLUED_RE.sub(r"\1 \2", full)  # "Nguyễn Tấn Bỉnhcho biết": a crawl lost the space
    pieces, starts, stops = cut(_TOKEN_SPLIT, full)  # [gap, token, ..., gap]
    texts = pieces[1::2]
    if not texts:
        return None
    toks = list(map(_Tok, texts, starts, stops))
    return _Doc(full, toks, _sentences(texts, pieces), _quote_flags(full, starts, stops))


def _quote_flags(text: str, starts: list[int], stops: list[int]) -> list[bool]:
    """True for tokens inside quotation marks (straight quotes paired per paragraph).

    ``starts``/``stops``: the tokens' offsets, in order.
    """
    spans: list[tuple[int, int]] = []
    straight = opened = None  # an unpaired '"', an unclosed curly quote, in this paragraph
    for match in _QUOTE_SCAN.finditer(text):
        c, i = match.group(), match.start()
        if c == "\n":
            straight = opened = None
            continue
        if c == '"':
            if straight is None:
                straight = i
            else:
                spans.append((straight, i))
                straight = None
        elif c in _OPEN_QUOTES:
            opened = i
        elif opened is not None:  # a closing quote
            spans.append((opened, i))
            opened = None
    inside = [False] * len(starts)
    # Token k is inside a span (a, b) when a < its start and its end <= b; starts and
    # ends both increase, so those tokens are one slice.
    for a, b in spans:
        first, last = bisect_right(starts, a), bisect_right(stops, b)
        if last > first:
            inside[first:last] = [True] * (last - first)
    return inside


def _sentences(texts: list[str], pieces: list[str]) -> list[int]:
    """Sentence number of each token: breaks at newlines and at . ! ? … before a capital.

    ``texts``: the tokens; ``pieces``: the text cut as [gap, token, gap, ..., gap].
    """
    n = len(texts)
    bump = [0] * n  # sentences starting at each token
    for i, gap in enumerate(pieces[2:-1:2], 1):  # the gap before token i
        if "\n" in gap:
            bump[i] += 1
    for i in [i for i, t in enumerate(texts) if t in _STOPS]:
        if i + 1 >= n:
            continue
        tok, nxt = texts[i], texts[i + 1]
        prev = texts[i - 1] if i else ""
        if tok == "." and (prev in ABBREVIATIONS or (len(prev) == 1 and prev.isupper())):
            continue
        if not pieces[2 * i + 2] and nxt[0].isalpha():
            continue  # "TP.HCM", "ThS.Bs"
        if nxt[0].isupper() or nxt[0] in _QUOTES or nxt[0].isdigit():
            bump[i + 1] += 1
    return list(accumulate(bump))


def _sentence_punct(doc: _Doc, tok: _Tok) -> bool:
    """ ";", ":", "!", "?" or a full stop that is not inside "TP.HCM"."""
    if tok.text in ";:!?":
        return True
    return tok.text == "." and doc.text[tok.end : tok.end + 1] in {" ", "\n", ""}


# -------------------------------------------------------------------- mentions


def _strip_places(words: list[str], places: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Drop a leading place from a run: "Hà Nội Đinh Tiến Dũng" → "Đinh Tiến Dũng"."""
    while words:
        for n in range(min(MAX_PLACE, len(words) - 1), 0, -1):
            head = " ".join(words[:n])
            if head in PLACES or head in places:
                words = words[n:]
                break
        else:
            rest = words[1:]
            foreign = len(rest) >= 2 and (rest[0] in SURNAMES or not all(map(_vietnamese, rest)))
            if words[0] in COUNTRIES and foreign:
                words = rest  # "Nga Vladimir Putin", "Mỹ Antony Blinken"
                continue
            return words
    return words


def _name_in_run(words: list[str]) -> tuple[int, int, bool] | None:
    """(start, end, strong) of the person name inside a run of capitalised words, or None."""
    n = len(words)
    for i in range(2, n):
        if words[i] in {"Giám", "Phó", "Chủ", "Bí", "Trưởng", "Tổng", "Bộ", "Sở", "Thứ"}:
            n = i  # a title after the name: "Nguyễn Văn A Giám đốc ..."
            break
    if n == 0:
        return None
    for i in range(max(0, n - 4), n - 1):
        if words[i] in SURNAMES or (words[i + 1] in MIDDLE_MARKERS and n - i >= 3):
            return i, n, True
    if n <= 4:
        return 0, n, False
    return n - 2, n, False  # "Liên Hợp Quốc Kofi Annan": the name closes the run


def _is_place(words: tuple[str, ...], place_names: set[str]) -> bool:
    name = " ".join(words)
    if name in PLACES or name in place_names:
        return True
    if words[0] in ORG_HEADS and not (len(words) >= 3 and words[0] in SURNAMES):
        return True
    if len(words) >= 3 and " ".join(words[-2:]) in PLACES:
        return True  # "Công ty TNHH Dụ Đức Việt Nam"
    return any(w in ORG_WORDS or "Covid" in w for w in words)


def _title_end(doc: _Doc, i: int) -> int:
    """Index of the first token after a title starting at token i ("Phó Bí thư", "HLV"), or i."""
    toks = doc.toks
    match = TITLE_AT.match(doc.text, toks[i].start)
    if not match:
        return i
    j = i
    while j < len(toks) and toks[j].end <= match.end():
        j += 1
    return j


def _runs(doc: _Doc) -> list[tuple[int, int, bool]]:
    """Runs of adjacent capitalised words, titles at their start left out.

    The flag says a title stood right before the run ("Thủ môn Lee Woon-jae").
    """
    toks = doc.toks
    runs = []
    i = 0
    after_title = -1
    # only a token with a capital first letter can start a run
    capitals = [k for k, t in enumerate(toks) if t.text[0].isupper()]
    at = 0
    while i < len(toks):
        at = bisect_left(capitals, i, at)
        if at == len(capitals):
            break
        i = capitals[at]
        if not (toks[i].word and toks[i].cap):
            i += 1
            continue
        j = _title_end(doc, i)
        if j > i and (j - i > 1 or toks[i].text not in RUN_HONORIFICS):
            i = after_title = j  # "Phó Bí thư Thành ủy": the title is no name
            continue
        j = i + 1
        while (
            j < len(toks)
            and toks[j].cap
            and toks[j].start == toks[j - 1].end + 1
            and doc.sent_of[j] == doc.sent_of[i]
            and toks[j].text not in {"Ông", "Bà"}
        ):
            j += 1
        runs.append((i, j, i == after_title))
        i = j
    return runs


def _person_title_before(toks: list[_Tok], i: int) -> tuple[bool, bool]:
    """(honorific, person title) for the word(s) right before token i."""
    if i == 0:
        return False, False
    before = toks[i - 1].low
    two = toks[i - 2].low if i >= 2 else ""
    if before in HONORIFICS or (before == "chí" and two == "đồng"):
        return True, True
    if f"{two} {before}" in TITLE_LOWER:
        return False, True  # "thủ môn X", "trọng tài Y", "nhà báo Z"
    if before == "viên":
        return False, two in VIEN_TITLES
    return False, before in PERSON_TITLE_ENDS and before not in AMBIGUOUS_ENDS


def _place_at(toks: list[_Tok], a: int, b: int) -> str:
    """The place a run after "tỉnh", "gần", "CLB" ... names: up to 3 words, a person's name cut off."""
    words = [t.text for t in toks[a : min(b, a + 3)]]
    for n in range(len(words), 0, -1):
        if " ".join(words[:n]) in PLACES:
            return " ".join(words[:n])
    if _office_before(toks, a) and (words[0] in SURNAMES or words[1:2] == ["Thị"] or words[1:2] == ["Văn"]):
        return ""  # "Chủ tịch UBND thành phố Lê Thị Hồng Vân": the office holder, not a place
    for k in range(1, len(words)):
        if words[k] in SURNAMES:
            words = words[:k]  # "TP Cần Thơ Lê Thị Hồng Vân"
            break
    return " ".join(words)


def _speech_follows(doc: _Doc, i: int) -> bool:
    """Does a speech verb (or a colon) come right after token i, adverbs aside?"""
    toks = doc.toks
    while i < len(toks) and toks[i].low in ADVERBS and not _verb_at(toks, i):
        i += 1
    return i < len(toks) and (toks[i].text == ":" or bool(_verb_at(toks, i)))


def _role_noun_before(doc: _Doc, m: _Mention) -> bool:
    """A word for a person right before the name: "cảnh sát X", "phóng viên Y", "CĐV Z"."""
    k = m.first
    return k > 0 and (doc.toks[k - 1].low in ROLE_NOUN_ENDS or doc.toks[k - 1].upper)


def _org_before(toks: list[_Tok], i: int, strong: bool) -> bool:
    """Is the name at token i a street, school, club or place ("đường Nguyễn Trãi")?

    After an administrative unit a full name is the office holder's:
    "Chủ tịch UBND thành phố Chu Ngọc Anh".
    """
    one = toks[i - 1].low if i else ""
    two = f"{toks[i - 2].low} {one}" if i >= 2 else ""
    if two in TITLE_LOWER:
        return False  # "nhà báo Pedrerol" is a journalist, "báo Tuổi Trẻ" a paper
    if strong and (one in ADMIN_UNITS or two in ADMIN_UNITS) and _office_before(toks, i):
        return False
    return one in ORG_BEFORE or two in ORG_BEFORE


def _strict_org_before(toks: list[_Tok], i: int) -> bool:
    """A school, street, venue or work right before token i: never an office holder."""
    one = toks[i - 1].low if i else ""
    two = f"{toks[i - 2].low} {one}" if i >= 2 else ""
    return one in STRICT_ORG or two in STRICT_ORG


def _office_before(toks: list[_Tok], i: int, span: int = 6) -> bool:
    """A person's title a few words before token i, in the same clause ("Chủ tịch UBND xã ...")."""
    for k in range(i - 1, max(0, i - span) - 1, -1):
        t = toks[k]
        if t.text in _BOUNDARY:
            return False
        if t.low in PERSON_TITLE_ENDS or (t.low == "viên" and k and toks[k - 1].low in VIEN_TITLES):
            return True
    return False


def _find_mentions(doc: _Doc) -> None:
    toks = doc.toks
    runs = _runs(doc)
    place_names = {
        _place_at(toks, a, b)
        for a, b, _ in runs
        if a and toks[a - 1].low in PLACE_CUES and not _office_before(toks, a)
    } - {""}
    # words seen as a run of their own, never as a person: "Tottenham" makes "Tottenham Daniel Levy"
    # a club and a man; "Park" in "ông Park" is a person, so "Park Choong Kyun" stays whole
    alone: set[str] = set()
    named: set[str] = set()
    for a, b, after_title in runs:
        run = " ".join(t.text for t in toks[a:b])
        if after_title or _person_title_before(toks, a)[1] or toks[a].text in RUN_HONORIFICS:
            named.add(run.split()[-1] if toks[a].text in RUN_HONORIFICS else run)
        elif b - a <= 2 and toks[a].text not in SURNAMES:
            alone.add(run)
    alone -= named
    for a, b, after_title in runs:
        words = [t.text for t in toks[a:b]]
        lead = 0
        while lead < len(words) - 1 and words[lead] in RUN_HONORIFICS:
            lead += 1
        if " ".join(words[lead:]) in PLACES:
            continue  # "Bồ Đào Nha", whatever family name it starts with
        rest = _strip_places(words[lead:], place_names | (alone if b - a - lead >= 3 else set()))
        offset = a + len(words) - len(rest)
        found = _name_in_run(rest)
        if found is None:
            continue
        s, e, strong = found
        name = tuple(rest[s:e])
        start, end = offset + s, offset + e
        if start == a and a >= 2 and toks[a - 1].text == "." and len(toks[a - 2].text) == 1:
            spaced = a < 3 or toks[a - 3].end < toks[a - 2].start  # not the end of "T&T."
            if spaced and toks[a - 2].text.isupper() and toks[a - 1].start == toks[a - 2].end:
                name = (toks[a - 2].text + ".",) + name  # "K. VijayRaghavan"
                start = a - 2
        m = _Mention(min(a, start), start, end, name, strong, doc.sent_of[start], doc.in_quote[start])
        if lead and start == offset:
            m.honorific = m.person_title = True
        elif start == a:
            m.honorific, m.person_title = _person_title_before(toks, start)
            m.person_title = m.person_title or after_title
        # "Chủ tịch CLB Phan Quốc Bảo" holds an office; "Trường THPT Nguyễn Khuyến" is a school
        # "Chủ tịch CLB Phan Quốc Bảo" holds an office; "CLB Sông Lam", "Trường THPT Mạc Đĩnh Chi" do not
        # "Vụ trưởng Vụ Đại học và Sau đại học Bành Tiến Long": an office holder after the office's
        # name; "Hiệu trưởng Trường THPT Nguyễn Thị Minh Khai" stays a school
        person_like = strong or not all(map(_vietnamese, name))  # "Phát ngôn viên quân đội Azem B. Agouna"
        office = (
            person_like and len(name) >= 3 and not _strict_org_before(toks, a) and _office_before(toks, a, 10)
        )
        office = office or (start > a and _office_before(toks, a))  # "Tham mưu trưởng Hải quân Indonesia X"
        if not m.person_title and not office and _org_before(toks, a, strong):
            m.valid = False
        elif len(name) == 1 and not strong:
            m.valid = m.honorific  # other single words are settled below
        elif (not strong or len(name) == 2) and _is_place(name, place_names):
            m.valid = False
        elif " ".join(name) in PLACES:
            m.valid = False
        doc.mentions.append(m)
    # A single word is a person after an honorific ("ông Trung"), or when it can be the short
    # form of a full name in the article: "Bộ trưởng Lâm" (Tô Lâm), "Lee cho biết" (Lee Woon-jae),
    # or a foreign name after a title ("HLV Tuchel"); "Giám đốc Điều hành" is no one.
    full = [m.tokens for m in doc.mentions if m.valid and len(m.tokens) >= 2]
    last_words = {f[-1] for f in full}
    first_words = {f[0] for f in full if not all(map(_vietnamese, f))}
    titled_words = {m.tokens[0] for m in doc.mentions if len(m.tokens) == 1 and m.person_title}
    for m in doc.mentions:
        if m.valid or len(m.tokens) != 1 or m.strong or _org_before(toks, m.start, False):
            continue
        word = m.tokens[0]
        if word in SINGLE_BLOCK:
            continue
        short_form = word in last_words or word in first_words
        if _vietnamese(word):
            # "Nhơn đáp" in a court report is Nguyễn Văn Nhơn; "Chuyển sang chuyện..." is a verb
            m.valid = short_form and (m.person_title or _speech_follows(doc, m.end))
        else:
            m.valid = short_form or word in titled_words
    doc.titled_words = titled_words
    prev = None
    for m in doc.mentions:
        if m.valid:  # what _look_left finds is only read for valid mentions
            _look_left(doc, m, prev)
            prev = m
        doc.by_sent.setdefault(m.sent, []).append(m)


def _look_left(doc: _Doc, m: _Mention, prev: _Mention | None) -> None:
    """The clause before the name: its title phrase, the word governing it, "Theo"."""
    toks = doc.toks
    i = m.first
    while i > 0 and m.first - i < 20:
        t = toks[i - 1]
        if doc.sent_of[i - 1] != m.sent or t.text in _BOUNDARY or (prev is not None and i - 1 < prev.end):
            break
        i -= 1
    m.chain_start = i
    k = m.first
    while k > i:
        t = toks[k - 1]
        if t.low in BLOCKERS and k - 2 >= i and toks[k - 2].low in ORG_NOUNS:
            k -= 1  # "Ban kỷ luật": a noun, not "kỷ luật ông X"
            continue
        if t.low in BLOCKERS or t.low in FUNCTION_WORDS:
            break
        if t.cap or t.upper or t.low in TITLE_TOKENS or t.low in OFFICE_WORDS or t.text in "-–&/.":
            k -= 1
        elif t.low == "và" and toks[k].cap:
            k -= 1  # "Bộ Giáo dục và Đào tạo"
        elif f"{t.low} {toks[k].low}" in TITLE_LOWER:
            k -= 1  # "tiền vệ", "bác sĩ", "nhà báo"
        elif t.text.islower() and k - 2 >= i and (toks[k - 2].cap or toks[k - 2].upper):
            k -= 1  # a lowercase syllable of a Title Case name: "Phó Phát ngôn viên"
        else:
            break
    m.title_start = k
    m.governor = toks[k - 1].low if k > i else ""
    m.blocked = m.governor in BLOCKERS
    chain = [t.low for t in toks[i : m.first]]
    if chain[:1] == ["theo"] or chain[:2] in (["cũng", "theo"], ["còn", "theo"]):
        rest = chain[chain.index("theo") + 1 :]
        joined = " ".join(rest)
        for prefix in THEO_PREFIXES:
            if joined.startswith(prefix):
                rest = rest[len(prefix.split()) :]
                m.titled = True
                break
        m.theo = not any(w in THEO_REJECT or w in BLOCKERS for w in rest)
        m.blocked = m.blocked and not m.theo
        chain = rest
    pairs = {" ".join(chain[k : k + n]) for n in (2, 3) for k in range(len(chain) - n + 1)}
    if m.honorific or m.person_title or any(w in TITLE_TOKENS for w in chain) or pairs & TITLE_LOWER:
        m.titled = True  # "Phát ngôn viên quân đội X"
    m.role, m.appos_role = _role(doc, m)


def _strip_honorifics(text: str) -> tuple[str, bool]:
    """Remove leading honorifics ("ông", "đồng chí"); True when only ranks are left too."""
    while True:
        match = TITLE_AT.match(text)
        if not match or match.group().strip(" .").lower() not in HONORIFIC_TITLES:
            break
        text = text[match.end() :].lstrip()
    words = text.lower().split()
    rank_only = len(words) == 2 and words[1] in RANKS
    return text.strip(" ,-–"), rank_only


def _role(doc: _Doc, m: _Mention) -> tuple[str, bool]:
    """The office in the title phrase before the name, else the appositive after it."""
    toks = doc.toks
    pre = doc.text[toks[m.title_start].start : toks[m.start].start] if m.start > m.title_start else ""
    pre, rank_only = _strip_honorifics(pre.strip())
    if pre and not rank_only:
        return _tidy_role(pre), False
    if m.end < len(toks) and toks[m.end].text in {",", "-", "–"}:
        stop = m.end + 1
        while stop < len(toks) and doc.sent_of[stop] == m.sent and stop - m.end < 40:
            t = toks[stop]
            if _sentence_punct(doc, t) or t.text in "()" or t.text in _QUOTES:
                break
            if t.low in ROLE_STOPS or _verb_at(toks, stop):
                break
            if (
                t.low in {"chủ", "đồng"}
                and toks[stop + 1 : stop + 2]
                and toks[stop + 1].low in {"trì", "chủ"}
            ):
                break  # "..., Bí thư Thành ủy Hà Nội đồng chủ trì Hội nghị"
            if t.low in HONORIFICS or (
                t.low == "đồng" and toks[stop + 1 : stop + 2] and toks[stop + 1].low == "chí"
            ):
                break  # "Thượng tướng Tô Lâm, đồng chí Hoàng Trung Hải": the next person, not a role
            stop += 1
        segment = doc.text[toks[m.end + 1].start : toks[stop - 1].end] if stop > m.end + 1 else ""
        parts = [p.strip(" -–") for p in re.split(r",|\s[-–]\s", segment)]
        titled = [p for p in parts if p and (TITLE_AT.match(p) or p.split()[0].lower() in ROLE_STARTS)]
        if titled:
            return _tidy_role(titled[-1]), True
    return _tidy_role(pre), False


def _tidy_role(role: str) -> str:
    role = role.strip(" ,-–")
    return role if len(role.split()) <= 14 else ""


# ---------------------------------------------------------------------- events


def _verb_at(toks: list[_Tok], i: int) -> int:
    """Length in tokens of the speech verb starting at token i, or 0."""
    candidates = VERB_FIRST.get(toks[i].low)
    if candidates is None:
        return 0
    for verb in candidates:
        n = len(verb)
        if i + n <= len(toks) and all(toks[i + k].low == verb[k] for k in range(n)):
            return n
    return 0


def _speech_verbs(doc: _Doc) -> list[tuple[int, int]]:
    """(token index, length) of every speech verb outside quotations, idioms left out."""
    toks = doc.toks
    found = []
    for i in [i for i, t in enumerate(toks) if t.low in VERB_FIRST]:
        n = _verb_at(toks, i)
        if not n or doc.in_quote[i]:
            continue
        prev = toks[i - 1].text if i else ""
        nxt = toks[i + n].low if i + n < len(toks) else ""
        verb = tuple(t.low for t in toks[i : i + n])
        if prev in NOUN_BEFORE or prev in NEGATIONS or nxt == "của" or nxt in NOT_AFTER.get(verb, ()):
            continue
        if verb == ("nói",) and nxt == "không" and i + 2 < len(toks) and toks[i + 2].low == "với":
            continue  # "nói không với ma túy"
        found.append((i, n))
    return found


def _gap_ok(doc: _Doc, m: _Mention, v: int, relaxed: bool = False) -> bool:
    """Can the words between the name and the verb belong to the subject?"""
    gap = doc.toks[m.end : v]
    if any(doc.in_quote[m.end + k] or t.text in _QUOTES for k, t in enumerate(gap)):
        return False
    if relaxed:
        return len(gap) <= 40 and not any(_sentence_punct(doc, t) for t in gap)
    words = list(gap)
    while words and (words[-1].low in ADVERBS or words[-1].low in TIME_WORDS or words[-1].text[0].isdigit()):
        words.pop()  # "Lạc Ngọc Thành ngày 16/4 tuyên bố"
    if words and words[0].text == "(":
        close = next((k for k, t in enumerate(words) if t.text == ")"), None)
        if close is None:
            return False
        words = words[close + 1 :]
    if not words:
        return True
    if words[0].low in AFFILIATION:
        # "HLV Trương Việt Hoàng của Viettel cho rằng", "cảnh sát X thuộc phòng cảnh sát
        # Brookfield, Wisconsin cho hay": a few words, only names after a comma
        rest = words[1:]
        if not 0 < len(rest) <= 10 or any(t.low in BLOCKERS and t.low not in AFFILIATION for t in rest):
            return False
        comma = next((k for k, t in enumerate(rest) if t.text == ","), None)
        return comma is None or all(t.cap or t.upper or t.text == "," for t in rest[comma:])
    if words[0].text not in {",", "-", "–"}:
        return _serial_predicate(doc, m, words)
    if len(words) > 60 or any(_sentence_punct(doc, t) for t in words):
        return False
    if words[-1].text in {",", "-", "–", ")"}:
        return True
    # an appositive that runs into the verb must end in a role: "..., Phó Giám đốc Công an thành phố"
    cut = max(k for k, t in enumerate(words) if t.text in {",", "-", "–"})
    segment = words[cut + 1 :]
    first = segment[0]
    return (first.cap or first.upper or first.low in ROLE_STARTS) and not any(
        t.low in BLOCKERS and t.low not in PREPOSITIONS for t in segment
    )


def _serial_predicate(doc: _Doc, m: _Mention, words: list[_Tok]) -> bool:
    """'HLV X hết lời khen ngợi Tiến Linh, cho rằng ...': a short first predicate, then the verb.

    Only a person (family name or title) and a verb of saying: in "Lúa Xanh phát triển ứng dụng
    giúp nông dân theo dõi thời tiết, dự báo sâu bệnh" the comma lists what an app does.
    """
    if not words or words[-1].text != "," or len(words) > 15 or not words[0].text.islower():
        return False
    end = next(k for k in range(m.end, len(doc.toks)) if doc.toks[k] is words[-1])
    saying = tuple(t.low for t in doc.toks[end + 1 : end + 3])
    if not (m.strong or m.titled) or saying[:2] not in SAYING and saying[:1] not in SAYING:
        return False
    if any(_sentence_punct(doc, t) or t.text in _QUOTES or t.text == "," for t in words[:-1]):
        return False
    if words[0].low in BLOCKERS or words[0].low in {"và", "của", "là"}:
        return False
    inside = [p for p in doc.mentions if m.end <= p.start < end and p.valid]
    return all(p.blocked for p in inside)


def _subject(doc: _Doc, v: int) -> _Mention | None:
    """The name that is the subject of the verb at token v, if any.

    The last valid name before v in the sentence, passing over names that are
    objects or affiliations inside an appositive ("Bà X, chủ nhà hàng tại chợ
    Dinh Cậu, chia sẻ", "Ông X, Tổng giám đốc Lúa Xanh, cho biết").
    """
    before = [m for m in doc.in_sentence(doc.sent_of[v]) if m.end <= v and m.valid and not m.in_quote]
    for k in range(len(before) - 1, -1, -1):
        m = before[k]
        if m.blocked or (k and _appositive_of(doc, before[k - 1], m)):
            continue
        return m
    return None


def _appositive_of(doc: _Doc, p: _Mention, m: _Mention) -> bool:
    """Does m stand in p's appositive as part of a role ("X, Tổng giám đốc Lúa Xanh")?"""
    toks = doc.toks
    if p.blocked or p.end >= m.first or toks[p.end].text not in {",", "-", "–"}:
        return False
    between = toks[p.end + 1 : m.first]
    if not between or len(between) > 40 or any(_sentence_punct(doc, t) or t.text in _QUOTES for t in between):
        return False
    return not m.honorific and not any(t.low in HONORIFICS for t in between)


def _co_subjects(doc: _Doc, m: _Mention) -> list[_Mention]:
    """'Thượng tướng Tô Lâm và đồng chí Hoàng Trung Hải cùng khẳng định' gives both."""
    out = []
    current = m
    while True:
        prev = None
        for p in doc.in_sentence(current.sent):
            if p.end <= current.first and p.valid and not p.in_quote:
                prev = p
        if prev is None or prev.blocked:
            return out
        between = [t.low for t in doc.toks[prev.end : current.first]]
        joined = between[:1] == ["và"] or (between[:1] == [","] and current.titled and prev.person_title)
        if not joined or not all(w in TITLE_TOKENS or w == "đồng" for w in between[1:]):
            return out
        out.append(prev)
        current = prev


@dataclass
class _Event:
    mention: _Mention
    pos: int  # token index of the verb (or the name) for ordering
    quoted: bool = False  # attached to a quotation: '"...", X nói' or 'X nói: "..."'


def _events(doc: _Doc) -> list[_Event]:
    toks = doc.toks
    events: list[_Event] = []

    # 1. <name> ... <speech verb>
    for v, n in _speech_verbs(doc):
        m = _subject(doc, v)
        if m is None or m.theo or not _gap_ok(doc, m, v):
            continue
        verb = tuple(t.low for t in toks[v : v + n])
        if verb == ("chỉ", "đạo") and re.search(r"HLV|huấn luyện viên|trợ lý", m.role, re.I):
            continue  # a coach directing play
        quoted = any(t.text in _QUOTES for t in toks[max(0, m.chain_start - 3) : m.chain_start])
        events.append(_Event(m, v, quoted))
        events.extend(_Event(p, v) for p in _co_subjects(doc, m))
    # 2. <name> ...: "<quotation>": the first name in subject position speaks
    for i, tok in enumerate(toks[:-1]):
        if tok.text == ":" and toks[i + 1].text[0] in _QUOTES and not doc.in_quote[i]:
            for m in doc.in_sentence(doc.sent_of[i]):
                if m.end > i or not m.valid or m.in_quote or m.blocked or m.theo:
                    continue
                if m.governor == "" and _gap_ok(doc, m, i, relaxed=True):
                    events.append(_Event(m, i, quoted=True))
                    break
    # 3. Theo <name>, ...
    for m in doc.mentions:
        if not (m.theo and m.valid and not m.in_quote):
            continue
        j = m.end
        while j < len(toks) and doc.sent_of[j] == m.sent and j - m.end < 25 and toks[j].text not in ",;:.":
            j += 1
        if j < len(toks) and toks[j].text == ",":
            events.append(_Event(m, m.start))
    # 4. Phát biểu tại hội nghị, <name> ...
    first_of: dict[int, int] = {}
    for i, s in enumerate(doc.sent_of):
        first_of.setdefault(s, i)
    for s, i in first_of.items():
        j = i
        while j < len(toks) and doc.sent_of[j] == s and toks[j].text != "," and j - i < 16:
            j += 1
        if j >= len(toks) or toks[j].text != ",":
            continue
        if not _OPENER_RE.match(" ".join(t.low for t in toks[i:j])):
            continue
        for m in doc.in_sentence(s):
            if m.first > j and m.valid and not m.in_quote and not m.blocked:
                if not m.theo and toks[m.chain_start - 1].text == ",":
                    events.append(_Event(m, m.start))
                break
    # 5. (tờ X) dẫn lời ông Y: a paper quoting someone
    for m in doc.mentions:
        k = m.title_start
        if m.valid and not m.in_quote and k >= 2 and toks[k - 1].low == "lời":
            if toks[k - 2].low in {"dẫn", "trích", "đạt"}:  # "dẫn lời", "truyền đạt lời"
                events.append(_Event(m, m.start, quoted=True))
    events.sort(key=lambda e: e.pos)
    return events


# ------------------------------------------------------------------ resolution


def _resolver(doc: _Doc) -> Callable[[_Mention], tuple[str, ...] | None]:
    """Map a mention to its person (a full name), or None when it cannot be trusted."""
    inventory = {
        m.tokens for m in doc.mentions if m.valid and len(m.tokens) >= 2 and m.governor not in ORG_BEFORE
    }

    def resolve(m: _Mention) -> tuple[str, ...] | None:
        words = m.tokens
        n = len(words)
        if n >= 3 and m.strong:
            return words
        longer = {f for f in inventory if len(f) > n and f[-n:] == words}
        if n == 1:
            longer |= {f for f in inventory if f[0] == words[0] and not _vietnamese(f[-1])}
        if len(longer) == 1:
            return next(iter(longer))
        if longer:
            return None  # a short form two people share
        if n >= 2:
            return words
        if not _vietnamese(words[0]) and len(words[0]) >= 3 and words[0] in doc.titled_words:
            return words  # "HLV Tuchel", "ông Somyot"
        return None

    return resolve


# ------------------------------------------------------------------------- API


def extract_speakers(text: str, title: str = "") -> list[Speaker]:
    """People who speak or are quoted in an article, in order of first speech, one per person.

    Works on raw article text (NFD, old tone marks, ``Ð`` are normalised first);
    the title, when given and not already the body's first line, is read first.
    """
    doc = _prepare(text, title)
    if doc is None:
        return []
    _find_mentions(doc)
    resolve = _resolver(doc)

    # a foreign name needs a title or an honorific somewhere ("HLV Tuchel"): "World Cup nói" is no one
    vouched: set[tuple[str, ...]] = set()
    roles: dict[tuple[str, ...], str] = {}
    for m in doc.mentions:
        person = resolve(m) if m.valid else None
        if person is None:
            continue
        if m.titled or m.appos_role or m.strong or _role_noun_before(doc, m):
            vouched.add(person)
        if m.role and _better_role(m.role, roles.get(person, "")):
            roles[person] = m.role

    order: list[tuple[str, ...]] = []
    quotes: dict[tuple[str, ...], str] = {}
    for event in _events(doc):
        person = resolve(event.mention)
        if person is None:
            continue
        if not all(map(_vietnamese, person)) and person not in vouched and not event.quoted:
            continue
        sentence = _sentence_text(doc, event.mention.sent)
        if person not in quotes:
            order.append(person)
            quotes[person] = sentence
        elif not any(q in quotes[person] for q in _QUOTES) and any(q in sentence for q in _QUOTES):
            quotes[person] = sentence  # a direct quotation says more
    return [Speaker(" ".join(p), roles.get(p, ""), quotes[p]) for p in order]


def _better_role(new: str, old: str) -> bool:
    """The role as last seen, unless it says less: "Bộ trưởng" after "Bộ trưởng Bộ Công an",
    or a bare rank ("Trung tướng") after an office."""
    if not old:
        return True
    if old.lower().startswith(new.lower()):
        return False
    words = new.lower().split()
    return not (len(words) == 2 and words[1] in RANKS)


def _sentence_text(doc: _Doc, sent: int) -> str:
    first = bisect_left(doc.sent_of, sent)
    last = bisect_right(doc.sent_of, sent) - 1
    return doc.text[doc.toks[first].start : doc.toks[last].end].strip()


def canonical_name(name: str) -> str:
    """The person without titles: "Đại tướng Tô Lâm" → "Tô Lâm"; "" when no name is left.

    Strips leading titles, ranks, offices and honorifics and the organisation
    an office names ("Bộ trưởng Bộ Công an Tô Lâm" → "Tô Lâm"), cuts an
    appositive after a comma or dash, normalises with :func:`search.vietnamese.text.normalize`
    and capitalises names typed all lower or all upper. A short form stays
    short ("ông Trung" → "Trung"): joining it to a full name needs the article.
    """
    text = " ".join(normalize(name or "").split())
    if " " in text and (text == text.lower() or text == text.upper()):
        text = " ".join(w[:1].upper() + w[1:].lower() for w in text.split())
    for part in re.split(r"\s*[,;()]\s*|\s+[-–]\s+", text):
        stripped = TITLE_RE.sub("", part.strip()).strip()
        titled = stripped != part.strip()
        run: list[str] = []
        last: list[str] = []
        for w in _TOKEN_RE.findall(stripped):
            if (w[0].isupper() and any(c.islower() for c in w)) or (len(w) == 1 and w.isupper()):
                run.append(w)
                last = run
            elif w == "." and run and len(run[-1]) == 1:
                run[-1] += "."
            elif w[0].isalpha() or w[0].isdigit():
                run = []
        words = [w for w in last if len(w) > 1]
        lead = 0
        while lead < len(words) - 1 and words[lead] in RUN_HONORIFICS:
            lead += 1
        rest = _strip_places(words[lead:])
        found = _name_in_run(rest)
        if found is None:
            continue
        s, e, strong = found
        person = tuple(rest[s:e])
        if len(person) == 1 and not strong:
            # "Thành ủy", "Bộ Công an" name bodies; "ông Trung" is a person
            if run is not last or (not titled and person[0] in SINGLE_BLOCK):
                continue
        elif (not strong or len(person) == 2) and _is_place(person, set()):
            continue
        return " ".join(person)
    return ""
