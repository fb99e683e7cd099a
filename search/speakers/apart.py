"""Speakers set apart from their verb: a quotation before the name, a long description after
it, a phrase of time or place between them.

'"...", Tim Hoeffgen, một người bạn của Brown, viết trong một bài đăng', 'Cô X, phụ huynh
của bạn Y - sinh viên K13, ngành QTKD chia sẻ rằng ...' and 'HLV X sau trận đấu nói': the
name and what shows it speaks are too far apart for the subject rules of :mod:`.events`,
which call these.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from search.speakers.document import Doc, Event, Mention, Tok
from search.speakers.lexicon import BLOCKERS, GAP_OPENERS, ORG_BEFORE, PRONOUNS, SAYING, TITLE_AT
from search.speakers.tokens import QUOTES, open_gap, sentence_punct
from search.speakers.verbs import saying_at, verb_at

__all__ = [
    "adverbial_gap",
    "after_quotation",
    "credited_quotation",
    "opener_with_appositive",
    "phrase_after_appositive",
    "quotes_fit",
    "reported_gap",
    "serial_predicate",
]


def opener_with_appositive(doc: Doc, v: int, n: int) -> Mention | None:
    """'Cô X, phụ huynh của bạn Y - sinh viên K13, ngành QTKD chia sẻ rằng ...': a person's name
    opens the sentence, a comma, a description of any length, then a verb of saying that
    introduces what was said (rằng, a colon, a quotation) or is one of saying proper."""
    toks = doc.toks
    s = doc.sent_of[v]
    ms = doc.in_sentence(s)
    if not ms:
        return None
    f = ms[0]
    start = bisect_left(doc.sent_of, s)
    if f.title_start != start or f.end >= v or toks[f.end].text != ",":
        return None
    if not f.valid or f.in_quote or f.blocked or f.theo or not (f.strong or f.honorific or f.titled):
        return None
    after = toks[v + n].text if v + n < len(toks) else ""
    verb = tuple(doc.lows[v : v + n])
    if not (after in {"rằng", ":"} or after[:1] in QUOTES or verb in SAYING or verb[:1] in SAYING):
        return None
    return f if open_gap(doc, f.end, v) else None


def after_quotation(doc: Doc) -> list[Event]:
    """A quotation opens the sentence, then a comma and a person's name: the name is whose
    words they were, whatever the predicate ('"...", Tim Hoeffgen, một người bạn của Brown,
    viết trong một bài đăng'); a name nothing shows is a person's needs a verb of saying."""
    toks = doc.toks
    out: list[Event] = []
    for c in doc.closing_quotes:
        if not 0 < c < len(toks) - 2 or not doc.in_quote[c - 1]:
            continue
        s = doc.sent_of[c]
        start = bisect_left(doc.sent_of, s)
        if not (doc.in_quote[start] or toks[start].text in QUOTES):
            continue  # 'phim "Bố già", Trấn Thành ...': the quotation is inside the sentence
        comma = c + 1 if toks[c + 1].text in {",", "-", "–"} else c if toks[c - 1].text == "," else None
        if comma is None:
            continue
        m = next((m for m in doc.in_sentence(s) if m.start > comma and m.valid and not m.in_quote), None)
        opens = m is not None and (
            m.title_start == comma + 1 or (m.title_start == comma and toks[comma].text in "-–")
        )
        if m is None or not opens or m.blocked or m.theo:
            continue
        if any(t.low in ORG_BEFORE for t in toks[comma + 1 : m.start]):
            continue  # '"...", báo Bưu điện Hoa Nam Buổi sáng dẫn lời ...': a paper's
        if len(m.tokens) == 1 and m.end < len(toks) and toks[m.end].text == ",":
            if any(p.valid and p.first == m.end + 1 for p in doc.in_sentence(s)):
                continue  # '"...", cựu tiền vệ Chelsea, Fabregas chia sẻ': his club, then him
        stop = bisect_right(doc.sent_of, s) - 1
        # '"...", - X, phát ngôn viên của PG nhận xét - "...": the next quotation ends the clause
        stop = next(
            (k - 1 for k in range(m.end, stop) if toks[k].text in QUOTES and toks[k - 1].text in "-–"), stop
        )
        if not open_gap(doc, m.end, stop):
            continue
        said = any(verb_at(toks, k) for k in range(m.end, min(stop, m.end + 30)))
        if m.strong or m.honorific or m.titled or m.appos_role or said:
            out.append(Event(m, m.start, quoted=True))
    return out


def credited_quotation(doc: Doc) -> list[Event]:
    """A quotation, then its speaker in parentheses: '"Có cái gì ở ngoài đường thì xử lý" (Thứ
    trưởng Bộ Công an - Trung tướng Lê Thế Tiệm)'. The name ends the parentheses, and a family
    name, a title or an honorific shows a person ("(Reuters)", "(Theo AFP)" are sources)."""
    toks = doc.toks
    out: list[Event] = []
    for c in doc.closing_quotes:
        stop = c + 1 < len(toks) and toks[c + 1].text == "."  # '"...?".' then the credit
        p = c + 1 + stop
        if p + 2 >= len(toks) or toks[p].text != "(" or not doc.in_quote[c - 1]:
            continue
        close = next((k for k in range(p + 1, min(p + 17, len(toks))) if toks[k].text in "()"), None)
        if close is None or toks[close].text != ")" or doc.lows[p + 1] in {"theo", "tức"}:
            continue
        said = next((k for k in range(c - 1, max(c - 12, 0) - 1, -1) if not doc.in_quote[k]), None)
        if said is not None or not (stop or toks[c - 1].text in ".!?…"):
            continue  # words said run long and end a sentence; "Chiều không em" (Phú Quang) is a song
        m = next((m for m in doc.mentions if m.end == close and m.start > p), None)
        if m is None or not m.valid or m.in_quote or not (m.strong or m.titled or m.honorific):
            continue
        if not any(verb_at(toks, k) for k in range(p + 1, m.start)):
            out.append(Event(m, m.start, quoted=True))
    return out


def quotes_fit(doc: Doc, start: int, gap: list[Tok]) -> bool:
    """May the words ``gap`` (from token ``start`` to the verb) hold what they quote? None at
    all, or a short phrase inside an appositive that opens with a comma and closes before the
    verb ('X, người được mệnh danh là "ông già ozôn", còn cho biết'); not another name's nickname
    after a comma, a new subject ("Bảo Lộc, Lâm Đồng, Bình “kiểm” đã khai")."""
    quoted = [k for k, t in enumerate(gap) if doc.in_quote[start + k] or t.text in QUOTES]
    return not quoted or (
        gap[0].text == ","
        and quoted[-1] - quoted[0] < 8
        and quoted[-1] + 1 < len(gap)
        and not (quoted[0] >= 2 and gap[quoted[0] - 1].cap and gap[quoted[0] - 2].text == ",")
    )


def adverbial_gap(doc: Doc, m: Mention, words: list[Tok], v: int) -> bool:
    """ "HLV X sau trận đấu nói", "HLV Y gần đây cho biết", "Chủ tịch Z một lần nữa nhấn mạnh":
    a person (family name or title), a short phrase of time or place that opens with a word of
    gap_openers.txt and holds no person, no punctuation and no other verb, then a verb of
    saying proper."""
    # "sau khi ôn lại những chặng đường lịch sử vẻ vang của Đảng": a clause of time runs longer
    longest = 14 if [t.low for t in words[:2]] == ["sau", "khi"] else 8
    if not (m.strong or m.titled) or len(words) > longest or words[0].low not in GAP_OPENERS:
        return False
    if not saying_at(doc.lows, v):
        return False
    start = _start(doc, m, words, v)
    end = start + len(words)
    if any(not (t.word or t.text[0].isdigit()) for t in words) or any(
        verb_at(doc.toks, k) for k in range(start, end)
    ):
        return False
    return not any(p.valid and start <= p.start < end for p in doc.in_sentence(m.sent))


def phrase_after_appositive(doc: Doc, m: Mention, segment: list[Tok], v: int) -> bool:
    """ "Tiến sĩ X, tổng giám đốc Công ty Y, trong một phỏng vấn cho biết": the last part of an
    appositive between a name and its verb is a phrase of time or place (:func:`adverbial_gap`),
    the name opening its clause; no pronoun ("sau khi ông tuyên bố") nor "trong đó" in it."""
    if m.governor or m.blocked or m.chain_start != m.title_start:
        return False
    return adverbial_gap(doc, m, segment, v) and not any(t.low in PRONOUNS or t.low == "đó" for t in segment)


def serial_predicate(doc: Doc, m: Mention, words: list[Tok]) -> bool:
    """'HLV X hết lời khen ngợi Tiến Linh, cho rằng ...': a short first predicate, then the verb.

    Only a person (family name or title) and a verb of saying: in "Lúa Xanh phát triển ứng dụng
    giúp nông dân theo dõi thời tiết, dự báo sâu bệnh" the comma lists what an app does.
    """
    if (
        not words
        or words[-1].low not in {",", "và", "nhưng"}
        or len(words) > 15
        or not words[0].text.islower()
    ):
        return False  # "Jurie cầm micro trên tay và nói với khán giả:"
    end = next(k for k in range(m.end, len(doc.toks)) if doc.toks[k] is words[-1])
    if not (m.strong or m.titled) or not saying_at(doc.lows, end + 1):
        return False
    if words[-1].low == "và" and (m.governor or doc.lows[end + 1 : end + 3] == ["chia", "sẻ"]):
        return False  # "gọi anh Thắng vào và nói": the name opens its clause; "và chia sẻ video" shares
    # "HLV X bất ngờ, nhưng khẳng định": a comma may stand before "nhưng"
    lead = words[:-2] if words[-1].low == "nhưng" and words[-2:-1] and words[-2].text == "," else words[:-1]
    if any(sentence_punct(doc, t) or t.text in QUOTES or t.text == "," for t in lead):
        return False
    if words[0].low in BLOCKERS or words[0].low in {"và", "của", "là"}:
        return False
    inside = [p for p in doc.mentions if m.end <= p.start < end and p.valid]
    return all(p.blocked for p in inside)


def _start(doc: Doc, m: Mention, words: list[Tok], v: int) -> int:
    """Where the words between a name and its verb start, as :func:`events._gap_ok` leaves
    them: an aside in parentheses before them and adverbs after them are not theirs."""
    return next(j for j in range(m.end, v) if doc.toks[j] is words[0])


# Not a name's predicate when it opens with these: they make the name their object or open
# another clause ("X và Y", "X của Y", "X là Y", "X cho Y").
_NOT_PREDICATE = frozenset({"và", "của", "là", "cho", "với", "như", "hay", "hoặc"})
# Nowhere in it: the passive ("từng được cư dân nhắc nhở rằng") or another subject ("đến với một
# người luôn nói rằng", "giúp cho tôi ... để nói với các bạn rằng", "Có chuyên gia từng nói rằng").
_OTHER_SUBJECT = frozenset({"được", "bị", "người", "tôi", "họ", "ai", "chúng", "mình", "ta"})


def reported_gap(doc: Doc, m: Mention, words: list[Tok], v: int) -> bool:
    """ "Petrick chủ động thông báo với nhà chức trách rằng ...", "Bằng tổ chức thông báo rằng
    ...": a person (family name, title or honorific), a predicate of a few plain lowercase words
    that name no one, then a verb of saying whose "rằng" says what was said. The complementiser
    vouches that the verb is said by the clause's subject."""
    if not (m.strong or m.titled or m.honorific) or m.blocked or len(words) > 10:
        return False
    if words[0].low in _NOT_PREDICATE or any(not t.text.islower() or not t.word for t in words):
        return False
    if any(t.low in _OTHER_SUBJECT or t.low in PRONOUNS or TITLE_AT.match(doc.text, t.start) for t in words):
        return False
    if m.governor and any(t.low == "và" for t in words):
        return False  # "gọi anh X vào và nói rằng": X is called; those who call speak
    toks = doc.toks
    k = v + verb_at(toks, v)
    if k < len(toks) and toks[k].low == "với":  # "thông báo với nhà chức trách rằng"
        k = next(
            (j for j in range(k + 1, min(k + 8, len(toks))) if toks[j].low == "rằng" or not toks[j].word), k
        )
    if k >= len(toks) or toks[k].low != "rằng":
        return False
    start = _start(doc, m, words, v)  # a verb among the words speaks for itself
    return not any(verb_at(toks, j) for j in range(start, start + len(words)))
