"""Speech events: a name before a speech verb or a quotation, "Theo X, ...", "Phát biểu ..., X ..."."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import compress, count

from search.speakers.apart import (
    adverbial_gap,
    after_quotation,
    credited_quotation,
    opener_with_appositive,
    phrase_after_appositive,
    quotes_fit,
    reported_gap,
    serial_predicate,
)
from search.speakers.document import Doc, Event, Mention
from search.speakers.interview import interviewee
from search.speakers.joined import co_subjects, listed_people, theo_partners
from search.speakers.lexicon import (
    ADMIN_UNITS,
    ADVERBS,
    AFFILIATION,
    BLOCKERS,
    HONORIFICS,
    NOUN_PAIRS,
    ORG_BEFORE,
    PASSIVE_NOT_SPEECH,
    PREPOSITIONS,
    ROLE_STARTS,
    TIME_WORDS,
    TITLE_AT,
    TITLE_TOKENS,
)
from search.speakers.named import named_speech
from search.speakers.pronouns import other_sex, pronoun_events
from search.speakers.roles import title_before
from search.speakers.tokens import QUOTES, open_gap, sentence_punct
from search.speakers.verbs import had_to, manner_before, speech_verbs, verb_at

__all__ = ["Event", "find_events"]

# An opening clause whose subject follows the comma: "Phát biểu tại hội nghị, ông X ...".
_OPENER_LEADS = ("cũng", "còn", "sau đó")
_OPENERS = (
    "phát biểu",
    "chia sẻ (?:với|tại|về|bên|sau|trước|trong|khi|cùng)",
    "trả lời",
    "trao đổi với",
    "thông tin với",
    "nói chuyện với",
    "kết luận (?:hội|buổi|cuộc|phiên)",
    "báo cáo (?:tại|với|trước)",
    "giải thích",
    "trình bày",
    "tâm sự",
    "lý giải",
    "nêu ý kiến",
    "góp ý",
)
_OPENER_RE = re.compile(r"^(?:(?:" + "|".join(_OPENER_LEADS) + r") )?(?:" + "|".join(_OPENERS) + r")\b")
# The first words the openers can have: a sentence opening with another word opens with none.
_OPENER_FIRST = frozenset(p.split()[0] for p in _OPENER_LEADS + _OPENERS)


def _gap_ok(doc: Doc, m: Mention, v: int, relaxed: bool = False) -> bool:
    """Can the words between the name and the verb belong to the subject?"""
    if relaxed:
        return open_gap(doc, m.end, v)
    gap = doc.toks[m.end : v]
    if not quotes_fit(doc, m.end, gap):
        return False
    words = list(gap)
    digit = False  # the word just taken off was a number: "25-4" is a date, "quận 3 -" no
    while words:
        manner = manner_before(words, len(words))  # "Ông X đặc biệt nhấn mạnh", "HLV Y cay đắng thừa nhận"
        if manner:
            del words[-manner:]
            digit = False
            continue
        if not (
            words[-1].low in ADVERBS
            or (words[-1].low == "phải" and had_to(doc.lows, m.end + len(words) - 1, v))
            or words[-1].low in TIME_WORDS
            or words[-1].text[0].isdigit()
            or (digit and words[-1].text in {"-", "/"} and len(words) > 1 and words[-2].text[0].isdigit())
        ):
            break
        # "Lạc Ngọc Thành ngày 16/4 tuyên bố", "Rice hôm 25-4 đã bày tỏ"
        digit = words.pop().text[0].isdigit()
    if (
        words
        and words[-1].text == ","
        and len(gap) > len(words)
        and gap[len(words)].low == "khi"
        and m.governor
    ):
        return False  # "HLV Ogura tự tin khắc chế tiền đạo Xuân Son, khi nhấn mạnh": Ogura stresses
    if words and words[0].text == "(":
        close = next((k for k, t in enumerate(words) if t.text == ")"), None)
        if close is None:
            return False
        words = words[close + 1 :]
    if not words:
        return True
    came = len(words) > 2 and words[0].low == "đến" and words[1].low == "từ"  # "X đến từ ĐH Y"
    if words[0].low in AFFILIATION or came:
        # "HLV Trương Việt Hoàng của Viettel cho rằng", "cảnh sát X thuộc phòng cảnh sát
        # Brookfield, Wisconsin cho hay": a few words, only names after a comma
        rest = words[1 + came :]
        if not 0 < len(rest) <= 10 or any(t.low in BLOCKERS and t.low not in AFFILIATION for t in rest):
            return False
        comma = next((k for k, t in enumerate(rest) if t.text == ","), None)
        return comma is None or all(t.cap or t.upper or t.text == "," for t in rest[comma:])
    if words[0].text not in {",", "-", "–"}:
        return (
            serial_predicate(doc, m, words)
            or adverbial_gap(doc, m, words, v)
            or reported_gap(doc, m, words, v)
        )
    if len(words) > 60 or any(sentence_punct(doc, t) for t in words):
        return False
    if len(words) == 1 and words[0].text == "," and m.governor not in {"", "tên"}:
        # "tìm đến hai chị họ là X và Y, nói muốn đi làm": the clause's subject says it; not
        # "Tác giả kịch bản, nhà thơ Đoàn Tuấn, cho biết" (a title before the name)
        if not title_before(doc.toks, m.chain_start, m.start):
            return False
    if words[-1].text in {",", "-", "–", ")"}:
        return True
    # an appositive that runs into the verb ends in a role ("..., Phó Giám đốc Công an thành
    # phố") or a phrase of time or place ("..., trong một phỏng vấn cho biết")
    cut = max(k for k, t in enumerate(words) if t.text in {",", "-", "–"})
    segment = words[cut + 1 :]
    if phrase_after_appositive(doc, m, segment, v):
        return True
    first = segment[0]
    if cut == 0 and len(segment) == 1 and first.upper:
        return False  # "Còn Nguyễn Văn Thành, HĐXX cho rằng": another subject, a body, speaks
    if (
        first.low in ADMIN_UNITS
        and (m.strong or m.honorific or m.titled)
        and not m.blocked
        and len(segment) > 1
        and all(t.cap or t.upper for t in segment[1:])
    ):
        return True  # "ông X – Chủ tịch Hội Nông dân xã Hợp Minh, tỉnh Nghệ An cho biết": the role's place
    if not (first.cap or first.upper or first.low in ROLE_STARTS):
        return False
    pairs = {f"{a.low} {b.low}" for a, b in zip(segment, segment[1:], strict=False)} & NOUN_PAIRS
    nouns = {w for p in pairs for w in p.split()}  # "nhà tư vấn": "vấn" governs no one there
    if not any(t.low in BLOCKERS and t.low not in PREPOSITIONS and t.low not in nouns for t in segment):
        return True
    # "ông X, giám đốc bán hàng của Pepsi giải thích": a title opens it, and its blockers ("bán")
    # govern no person
    lo, hi = segment[0].start, segment[-1].end
    people = any(p.valid and lo <= doc.toks[p.start].start < hi for p in doc.in_sentence(m.sent))
    return bool(TITLE_AT.match(doc.text, first.start)) and not people


def _subject(doc: Doc, v: int) -> Mention | None:
    """The name that is the subject of the verb at token v, if any.

    The last valid name before v in the sentence, passing over names that are
    objects or affiliations inside an appositive ("Bà X, chủ nhà hàng tại chợ
    Dinh Cậu, chia sẻ", "Ông X, Tổng giám đốc Lúa Xanh, cho biết").
    """
    before = [m for m in doc.in_sentence(doc.sent_of[v]) if m.end <= v and m.valid and not m.in_quote]
    for k in range(len(before) - 1, -1, -1):
        m = before[k]
        if (
            (m.blocked and not _agent(doc, m, v))
            or _in_parens(doc, m)
            or any(_appositive_of(doc, p, m) for p in before[:k])
        ):
            continue  # "X, người đứng đầu ... của Greater China tại hãng luật Hogan Lovells, nói"
        return m
    return None


_DETERMINERS = frozenset({"một", "các", "những", "hai", "ba", "người"})


def _agent(doc: Doc, m: Mention, v: int) -> bool:
    """Does m do the verb at v though a word before it governs it: the passive ("được Tiến sĩ X
    nhấn mạnh", "bị ông Y tố cáo"), or a description it completes ("Cố vấn của ông Arafat là X
    cho biết", "một công nhân tên là Y nói")? The verb right after the name (adverbs aside)."""
    if m.governor not in {"được", "bị", "là"} or any(doc.lows[k] not in ADVERBS for k in range(m.end, v)):
        return False
    if m.governor == "là":
        # the description's head noun, its first word: "Công ty tên là Hoa Sen" is a firm, "chủ
        # nhà hàng tên là X" a person
        k = m.title_start - 1
        while k > 0 and m.title_start - k < 10 and doc.sent_of[k - 1] == m.sent and doc.toks[k - 1].word:
            k -= 1
        while k < m.title_start and doc.lows[k] in _DETERMINERS:
            k += 1
        return not ({doc.lows[k], " ".join(doc.lows[k : k + 2])} & ORG_BEFORE)
    return not any(tuple(doc.lows[v : v + len(p)]) == p for p in PASSIVE_NOT_SPEECH)  # "được X đánh giá cao"


def _in_parens(doc: Doc, m: Mention) -> bool:
    """Inside parentheses: "Ông Tuấn (khách mua đào Thất Thốn) chia sẻ" - an aside, no subject."""
    toks = doc.toks
    k = m.first - 1
    while k >= 0 and doc.sent_of[k] == m.sent and m.first - k <= 20:
        if toks[k].text == ")":
            return False
        if toks[k].text == "(":
            return True
        k -= 1
    return False


def _appositive_of(doc: Doc, p: Mention, m: Mention) -> bool:
    """Does m stand in p's appositive as part of a role ("X, Tổng giám đốc Lúa Xanh")?"""
    toks = doc.toks
    if p.blocked or p.end >= m.first or toks[p.end].text not in {",", "-", "–"}:
        return False
    if p in listed_people(doc, m):
        return False  # "X, Y và Z cho rằng": a list of people, not X described
    between = toks[p.end + 1 : m.first]
    if not between or len(between) > 40 or any(sentence_punct(doc, t) or t.text in QUOTES for t in between):
        return False
    if any(t.low == "nhưng" for t in between):
        return False  # "Dù vắng X, Y - Z nhưng HLV W vẫn tuyên bố": a new clause, not Y described
    if _titled_clause(doc, p, m):
        return False  # "Tại đám tang chị My, trong lúc ..., Chủ tịch xã X cho biết": X's own clause
    # "X, ông Y" lists two people; "X, chú của huyền thoại Y" says who X is
    honorifics = [k for k, t in enumerate(between) if t.low in HONORIFICS]
    related = all(any(t.low == "của" for t in between[k + 1 : k + 3]) for k in honorifics)  # "chú ruột của"
    return not m.honorific and related


# words of org_before.txt that open a firm's or a body's name; an administrative unit's office
# is a person's ("Chủ tịch UBND xã Hòa Trị X")
_FIRM_WORDS = ORG_BEFORE - ADMIN_UNITS


def _titled_clause(doc: Doc, p: Mention, m: Mention) -> bool:
    """Do a person's title and full name open a clause of their own after p's ("..., trong lúc
    công an đang làm việc, Chủ tịch UBND xã Hòa Trị Dương Công Toản cho biết")? Not a firm named
    after someone ("Giám đốc Cty TNHH Lê Quang Lộc"), nor a list of people ("Bộ trưởng A, Bộ
    trưởng B")."""
    comma = m.title_start - 1  # the title follows a comma after p's
    if not (m.titled and m.strong and p.end < comma < m.start - 2 and doc.texts[comma] == ","):
        return False
    words = doc.lows[m.title_start : m.start]
    pairs = {" ".join(words[k : k + 2]) for k in range(len(words) - 1)}
    if (set(words) | pairs) & _FIRM_WORDS:
        return False
    return not any(o.valid and p.end < o.start < m.title_start for o in doc.in_sentence(m.sent))


def _office_of_next(doc: Doc, m: Mention) -> bool:
    """Is m the body in the title of the name right after it ("đội trưởng Liverpool, Steven
    Gerrard", "Chủ tịch Valencia, Anil Murthy")?"""
    if m.title_start == m.start or m.honorific or m.end + 1 >= len(doc.toks) or doc.texts[m.end] != ",":
        return False
    return any(p.valid and p.first == m.end + 1 and not p.honorific for p in doc.in_sentence(m.sent))


def _bare_colon(doc: Doc, m: Mention, i: int) -> bool:
    """Does the person m open the sentence, with at most six plain lowercase words, a comma or
    an aside in parentheses between it and the colon at i, and do five words or more of the same
    sentence follow the colon, without the person's name?"""
    if not m.valid or m.in_quote or m.blocked or m.theo or m.governor:
        return False
    if not (m.honorific or m.titled or (m.strong and len(m.tokens) >= 2)):
        return False
    if m.title_start != bisect_left(doc.sent_of, m.sent):
        return False
    toks = doc.toks
    words = [t for t in toks[m.end : i] if t.word]
    if len(words) > 6 or any(not t.text.islower() for t in words):
        return False
    if any(t.text in QUOTES or sentence_punct(doc, t) for t in toks[m.end : i]):
        return False
    if any(toks[k].text[0].isdigit() and toks[k - 1].low in TIME_WORDS for k in range(m.end, i)):
        return False  # "Hạn Thái Tuế năm 2026: ...": a date makes it a heading
    if not words and not (m.title_start and toks[m.title_start - 1].text in {"-", "–"}):
        return False  # "Từ Huy: ..." is a headline's; "- Thái Hòa: ..." an interview's answer
    # what follows says something, not a heading's line ("Vụ X mất tiền: Bị đơn kháng cáo") nor
    # a story about the person ("X thích ăn đồ lạ: Tuy mới 17 tuổi nhưng X đã ...")
    said = toks[i + 1 : i + 41]
    if sum(t.word and doc.sent_of[i + 1 + k] == m.sent for k, t in enumerate(said[:8])) < 5:
        return False
    return m.tokens[-1] not in {t.text for t in said}


def find_events(doc: Doc) -> list[Event]:
    toks = doc.toks
    events: list[Event] = []

    # 1. <name> ... <speech verb>
    verbs = speech_verbs(doc)
    for v, n in verbs:
        m = _subject(doc, v)
        if m is None or m.theo or not _gap_ok(doc, m, v):
            m = opener_with_appositive(doc, v, n)
            if m is not None:
                events.append(Event(m, v))
            continue
        verb = tuple(doc.lows[v : v + n])
        if verb == ("chỉ", "đạo") and re.search(r"HLV|huấn luyện viên|trợ lý", m.role, re.I):
            continue  # a coach directing play
        # '"...", X nói' or 'X cho biết: "..."': the verb's quotation
        quoted = any(t.text in QUOTES for t in toks[max(0, m.chain_start - 3) : m.chain_start]) or (
            doc.texts[v + n : v + n + 1] == [":"]
            and toks[v + n + 1 : v + n + 2]
            and toks[v + n + 1].text[0] in QUOTES
        )
        events.append(Event(m, v, quoted))
        events.extend(Event(p, v) for p in co_subjects(doc, m))
    # 2a. "Trần Minh Phi: Phải bình tĩnh ...", "Bầu Đức: ...": a headline's or an interview's
    # speaker, a name (its title before it) that opens the sentence, then a colon
    for m in doc.mentions:
        if not m.valid or m.in_quote or m.end >= len(toks) or toks[m.end].text != ":":
            continue
        opens = (m.chain_start == m.title_start or m.title_opens) and (
            m.chain_start == 0 or doc.sent_of[m.chain_start - 1] != m.sent
        )
        said = m.end + 1 < len(toks) and (toks[m.end + 1].word or toks[m.end + 1].text in QUOTES + "‘'")
        quote = said and toks[m.end + 1].text in QUOTES + "‘'"  # "Đức Huy: 'Tôi như chú mèo ...'"
        person = (
            m.titled
            or m.honorific
            or (
                ((m.strong and len(m.tokens) >= 3) or (quote and len(m.tokens) >= 2))
                and m.first == m.chain_start
            )
        )
        if opens and person and said:  # "Công ty TNHH Dương Nhật: ..." is a firm's line
            events.append(Event(m, m.end, quoted=True))
    # 2. <name> ...: "<quotation>": the first name in subject position speaks
    every_colon = [i for i in compress(count(), map(":".__eq__, doc.texts[:-1])) if not doc.in_quote[i]]
    colons = [i for i in every_colon if toks[i + 1].text[0] in QUOTES]  # a colon that opens a quotation
    for i in colons:
        for m in doc.in_sentence(doc.sent_of[i]):
            if m.end > i or not m.valid or m.in_quote or m.blocked or m.theo:
                continue
            verb = max((k for k in range(m.end, i) if verb_at(toks, k)), default=None)
            others = verb is not None and any(
                p.valid and not p.blocked and m.end <= p.start < verb for p in doc.in_sentence(m.sent)
            )
            if others:
                break  # "Man City và Chelsea ... và Chủ tịch UEFA X phát biểu:": the verb's own subject speaks
            if any(doc.texts[k] == "," and other_sex(doc, m, k + 1) for k in range(m.end, i - 1)):
                break  # "Chị Hồng nổi cơn ghen, anh xoa dịu: ...": a new clause, another person
            if m.governor == "" and _office_of_next(doc, m):
                continue  # "đội trưởng Liverpool, Steven Gerrard, thì ...:": Gerrard's office
            if (m.governor == "" or m.title_opens) and _gap_ok(doc, m, i, relaxed=True):
                events.append(Event(m, i, quoted=True))
                break
    # 2b. "Chị X ở phường 9 than thở: Nói hoài ...": a person opens the sentence, a few plain words,
    # a colon and what was said, its quotation marks lost
    for i in every_colon:
        if not toks[i + 1].cap or toks[i + 1].text[0] in QUOTES:
            continue
        first = next((m for m in doc.in_sentence(doc.sent_of[i]) if m.end <= i), None)
        if first is None or not _bare_colon(doc, first, i):
            continue
        events.append(Event(first, i))
    # 3. Theo <name>, ...
    for m in doc.mentions:
        if not (m.theo and m.valid and not m.in_quote):
            continue
        j = m.end
        while (
            j < len(toks)
            and doc.sent_of[j] == m.sent
            and j - m.end < 25
            and toks[j].text not in ",;:."
            and toks[j].low != "thì"
        ):
            j += 1
        if j < len(toks) and (toks[j].text in {",", ":"} or toks[j].low == "thì"):
            events.append(Event(m, m.start))  # "Theo X, ...", "Theo bà X - PGĐ ... thì: ..."
            events.extend(Event(p, p.start) for p in theo_partners(doc, m, j))
    # 4. Phát biểu tại hội nghị, <name> ...
    sent_of = doc.sent_of
    first_of = {s: bisect_left(sent_of, s) for s in range(sent_of[-1] + 1)} if sent_of else {}
    texts, n = doc.texts, len(toks)
    for s, i in first_of.items():
        if doc.lows[i] not in _OPENER_FIRST:
            continue
        j = i
        while j < n and sent_of[j] == s and texts[j] != "," and j - i < 16:
            j += 1
        if j >= n or texts[j] != ",":
            continue
        if not _OPENER_RE.match(" ".join(doc.lows[i:j])):
            continue
        for m in doc.in_sentence(s):
            if m.first > j and m.valid and not m.in_quote and not m.blocked:
                # the name opens the clause after the opener, titles aside ("..., Bộ trưởng, Chủ nhiệm
                # Văn phòng Chính phủ X"), not "..., VFF sẽ ..., từ đó ... chọn người kế vị Miura"
                lead = toks[j + 1 : m.chain_start - 1]
                titles = all(t.cap or t.upper or t.low in TITLE_TOKENS or t.text == "," for t in lead)
                opens = titles or (m.governor == "" and m.title_start == m.chain_start)
                # "Trả lời về trường hợp ..., ông X, vẫn được tin dùng, ông Y nói:": Y's verb
                later = next((v for v, _ in verbs if v > m.end and sent_of[v] == s), None)
                other = _subject(doc, later) if later is not None else None
                taken = other not in (None, m) and not other.theo and _gap_ok(doc, other, later)
                if not m.theo and toks[m.chain_start - 1].text == "," and opens and not taken:
                    events.append(Event(m, m.start))
                break
    # 5. (tờ X) dẫn lời ông Y, "lời tâm sự của anh X", "như X nói"
    events.extend(named_speech(doc))
    # 6. '"...", X, <who X is>, <any predicate>': the name right after a quotation that opens the sentence
    events.extend(after_quotation(doc))
    events.extend(credited_quotation(doc))  # '"..." (Bộ trưởng X)'
    events.extend(interviewee(doc))  # '- Chị thấy thế nào? - Tôi ...'
    # 7. Ông cho biết / '"...", bà nói': a pronoun for the person named just before
    events.extend(pronoun_events(doc, events, verbs, colons))
    events.sort(key=lambda e: e.pos)
    return events
