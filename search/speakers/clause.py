"""The clause before a name: where it starts, the title phrase before the name, the word that
governs it ("gặp ông X", "của X"), and whether it is "Theo X, ...".

:func:`look_left` fills these in on a valid mention once the article's mentions are known
(:mod:`.mentions`); the speech rules of :mod:`.events` read them.
"""

from __future__ import annotations

from search.speakers.document import Doc, Mention, Tok
from search.speakers.evidence import kin_before, named_after_person
from search.speakers.lexicon import (
    BLOCKERS,
    CLAUSE_CONJUNCTIONS,
    FUNCTION_WORDS,
    HONORIFICS,
    NOUN_PAIRS,
    OFFICE_WORDS,
    ORG_NOUNS,
    PERSON_TITLE_ENDS,
    ROLE_STARTS,
    THEO_CONNECTIVES,
    THEO_NOUN_REJECTS,
    THEO_NOUNS,
    THEO_PREFIXES,
    THEO_REJECT,
    TITLE_AT,
    TITLE_LOWER,
    TITLE_TOKENS,
    TOPIC_OPENERS,
    VIEN_TITLES,
)
from search.speakers.roles import OFFICE_LINKS, modifier_ending, role_of, title_before
from search.speakers.tokens import BOUNDARY
from search.speakers.verbs import verb_at

__all__ = ["look_left", "office_before"]


def office_before(toks: list[Tok], i: int, span: int = 6) -> bool:
    """A person's title a few words before token i, in the same clause ("Chủ tịch UBND xã ...")."""
    for k in range(i - 1, max(0, i - span) - 1, -1):
        t = toks[k]
        if t.text in BOUNDARY:
            return False
        if t.low in PERSON_TITLE_ENDS or (t.low == "viên" and k and toks[k - 1].low in VIEN_TITLES):
            return True
    return False


def _title_opens(doc: Doc, i: int, k: int) -> bool:
    """Do tokens [i, k) before a title phrase belong to it, a title opening the clause ("Nhà khoa
    học thần kinh", "Chủ tịch Liên đoàn Thể thao Khối thịnh vượng chung")? The clause opens at
    i (its sentence's start or after a comma) with a capitalised title and has words only: no
    function word, no verb of saying, no word that governs a person (a noun pair aside)."""
    toks = doc.toks
    if k - i > 12 or not (toks[i].cap or toks[i].upper):
        return False
    if toks[i].low in HONORIFICS or toks[i].low == "một":
        return False  # "Anh tự nhận thấy ... của Penelope", "Một phụ huynh ... trường X": no title
    if not (TITLE_AT.match(doc.text, toks[i].start) or toks[i].low in ROLE_STARTS):
        return False
    if i > 0 and doc.sent_of[i - 1] == doc.sent_of[i] and toks[i - 1].text != ",":
        return False
    for j in range(i, k):
        t = toks[j]
        if not t.text[0].isalnum() or t.low in FUNCTION_WORDS or t.low == "của" or verb_at(toks, j):
            return False
        if t.low in BLOCKERS:
            pairs = {f"{toks[j - 1].low} {t.low}" if j > i else "", f"{t.low} {toks[j + 1].low}"}
            if not pairs & (NOUN_PAIRS | TITLE_LOWER):
                return False
    return True


def _theo_at(chain: list[str]) -> int:
    """Where "theo" opens the clause ``chain`` (lowercased words), after a connective and
    "cũng" at most ("Theo", "Cũng theo", "Nhưng theo", "Tuy nhiên cũng theo"); else -1."""
    for k, word in enumerate(chain[:5]):
        if word == "theo":
            head = chain[: k - 1] if k and chain[k - 1] == "cũng" else chain[:k]
            return k if not head or " ".join(head) in THEO_CONNECTIVES else -1
    return -1


def _capitals(toks: list[Tok], i: int, k: int) -> bool:
    """Is every token of [i, k) capitalised or in capitals ("LHQ", "Hà Nội")?"""
    return all(toks[j].cap or toks[j].upper for j in range(i, k))


def _title_modifier(doc: Doc, i: int, k: int) -> int:
    """The length of a title's modifier ending right before token k ("lâm thời" of "Thủ tướng
    lâm thời Iraq X"), when a title ends before it; else 0."""
    n = modifier_ending(doc.lows[i:k])
    j = k - n  # where the modifier starts
    if not n or j - 1 < i:
        return 0
    last, pair = doc.lows[j - 1], " ".join(doc.lows[max(i, j - 2) : j])
    return n if last in TITLE_TOKENS or pair in TITLE_LOWER else 0


def look_left(doc: Doc, m: Mention, prev: Mention | None) -> None:
    """The clause before the name: its title phrase, the word governing it, "Theo"."""
    toks = doc.toks
    i = m.first
    while i > 0 and m.first - i < 20:
        t = toks[i - 1]
        if doc.sent_of[i - 1] != m.sent or (prev is not None and i - 1 < prev.end):
            break
        if t.text in BOUNDARY and not (t.text == "," and i >= 2 and toks[i - 2].upper and toks[i].upper):
            break  # "Theo PGS, TS Phạm Thế Anh": a comma between degrees is inside the title
        if t.text == "Theo" and i - 1 < m.first:
            i -= 1
            break  # a clause starts at "Theo", even after a crawl's run-on boilerplate
        i -= 1
    m.chain_start = i
    k = m.first
    described = False  # passed "là" after an office: "Một nghị sĩ có ảnh hưởng tại Nhật là X"
    while k > i:
        t = toks[k - 1]
        if described and t.low in OFFICE_LINKS:
            k -= 1  # the office's place or body, not the name's governor
            continue
        if t.text in "-–" and k < m.start and all(w in HONORIFICS for w in doc.lows[k : m.start]):
            k -= 1  # "Đại sứ Việt Nam tại Hà Lan - bà X": the office described before the dash
            described = True
            continue
        if t.low in BLOCKERS and k - 2 >= i and toks[k - 2].low in ORG_NOUNS:
            k -= 1  # "Ban kỷ luật": a noun, not "kỷ luật ông X"
            continue
        if (
            k - 2 >= i
            and f"{toks[k - 2].low} {t.low}" in NOUN_PAIRS
            and (
                (k == m.first and office_before(toks, k, 10))
                or (k - 3 >= i and toks[k - 3].low in TITLE_TOKENS)
            )
        ):
            # a noun, not a blocker governing X: "Chủ tịch Liên đoàn bóng đá thế giới X" (not
            # "giới thiệu X"), "nhà tư vấn tâm lý X" (a trade, not "vấn")
            k -= 2
            continue
        if k - 2 >= i and f"{toks[k - 2].low} {t.low}" in TITLE_LOWER:
            k -= 2  # "chủ nhiệm": an office, though "nhiệm" alone blocks ("bổ nhiệm X")
            continue
        if k - 3 >= i and " ".join(doc.lows[k - 3 : k]) in TITLE_LOWER:
            k -= 3  # "Chánh công tố": a title of three, though "tố" alone blocks
            continue
        if modifier := _title_modifier(doc, i, k):
            k -= modifier  # "Thủ tướng lâm thời Iraq X": the title's, not a break in it
            continue
        in_name = t.text.islower() and k - 2 >= i and toks[k - 2].cap
        if in_name and FUNCTION_WORDS.isdisjoint((t.low, toks[k - 2].low)):
            k -= 1  # a lowercase syllable of a Title Case name, even a blocker's: "Ủy ban Bầu cử"
            described = described or t.low == "là"  # "Một nghị sĩ ... tại Nhật là X": who X is
            continue
        if (
            t.low == "của"
            and k < m.start
            and (toks[k].cap or toks[k].upper)
            and (
                title_before(toks, i, k - 1)
                # "Người phát ngôn của Hải quân Indonesia X"; not "... của Tổng thống X", whose office
                # is the name's own: the one before "của" is someone else
                or (k - 1 > i and _title_opens(doc, i, k - 1) and not TITLE_AT.match(doc.text, toks[k].start))
            )
        ):
            k -= 1  # "chuyên gia kinh tế của ADB Ifzal Ali": whose expert, not "của X"
            continue
        if (
            t.low in {"tại", "ở"}
            and (
                k == m.first < m.start or (m.first == m.start and k < m.first and _capitals(toks, k, m.first))
            )
            and office_before(toks, k - 1)
        ):
            # "Đại sứ Mỹ tại Việt Nam X", "Đại sứ Mỹ tại LHQ John Bolton": the post's place (off the
            # name's run, or an abbreviation before it), not "tại X"
            k -= 1
            continue
        if (
            t.low == "là"
            and all(toks[j].low in HONORIFICS for j in range(k, m.first))
            and office_before(toks, k - 1, 10)
        ):
            k -= 1  # "Riêng trưởng Công an quận thời kỳ đó là ông X thì cho biết": who held it
            described = True
            continue
        if t.low == "là" and k - 3 >= i and toks[k - 2].low == "tên" and named_after_person(doc, k - 2):
            k -= 1  # "một người tên là X nói": X's name, not "X là ..."
            continue
        if t.low in BLOCKERS or t.low in FUNCTION_WORDS:
            break
        if t.cap or t.upper or t.low in TITLE_TOKENS or t.low in OFFICE_WORDS or t.text in "-–&/.":
            k -= 1
        elif t.low == "và" and toks[k].cap:
            k -= 1  # "Bộ Giáo dục và Đào tạo"
        elif t.low == "châu" and toks[k].cap:
            k -= 1  # "Chủ tịch Ủy ban châu Âu"
        elif f"{t.low} {toks[k].low}" in TITLE_LOWER:
            k -= 1  # "tiền vệ", "bác sĩ", "nhà báo"
        elif t.text.islower() and k - 2 >= i and (toks[k - 2].cap or toks[k - 2].upper):
            k -= 1  # a lowercase syllable of a Title Case name: "Phó Phát ngôn viên"
        else:
            break
    # "Đại biểu Quốc hội khóa XIV Bùi Sỹ Lợi": "khóa" governs no one, the title opens the clause
    m.title_opens = k > i and _title_opens(doc, i, k)
    m.title_start = k
    m.governor = toks[k - 1].low if k > i else ""
    if m.governor in TOPIC_OPENERS and (k == 1 or doc.sent_of[k - 2] != doc.sent_of[k - 1]):
        m.governor = ""  # "Còn ông X cho biết": the sentence's topic, not an object
    elif m.governor in CLAUSE_CONJUNCTIONS:
        m.governor = ""  # "..., khi chủ tịch CLB X khẳng định": the clause's subject
    m.blocked = m.governor in BLOCKERS
    chain = doc.lows[i : m.first]
    if (at := _theo_at(chain)) >= 0:
        rest = chain[at + 1 :]
        joined = " ".join(rest)
        # "Theo một báo cáo mới nhất của Mark Gurman", "Theo lời kể của anh X": a noun of saying
        # before the last "của" (tried first: the prefix "lời" would leave "kể của" as a blocker)
        of = len(rest) - 1 - rest[::-1].index("của") if "của" in rest else -1
        head = rest[:of]
        said = any(head[k : k + len(n)] == list(n) for n in THEO_NOUNS for k in range(len(head)))
        if of >= 0 and said and not THEO_NOUN_REJECTS.intersection(head):
            rest = rest[of + 1 :]
            m.titled = True
        else:
            for prefix in THEO_PREFIXES:
                if joined.startswith(prefix):
                    rest = rest[len(prefix.split()) :]
                    m.titled = True
                    break
        # the title phrase before the name is no reason to doubt it: "Theo Chủ tịch Ủy ban Bầu cử X"
        titled_part = max(0, m.first - m.title_start)
        before_title = rest[: len(rest) - titled_part] if titled_part else rest
        # a lowercase word of theo_reject.txt right after "Theo" counts even when the walk took it
        # into the title ("Theo chân Samsung")
        rejected = bool(rest) and rest[0] in THEO_REJECT and doc.texts[i + at + 1].islower()
        m.theo = not rejected and not any(w in THEO_REJECT or w in BLOCKERS for w in before_title)
        m.blocked = m.blocked and not m.theo
        chain = rest
    pairs = {" ".join(chain[k : k + n]) for n in (2, 3) for k in range(len(chain) - n + 1)}
    if m.honorific or m.person_title or any(w in TITLE_TOKENS for w in chain) or pairs & TITLE_LOWER:
        m.titled = True  # "Phát ngôn viên quân đội X"
    m.role, m.appos_role = role_of(doc, m)
    if kin_before(doc, m):
        m.blocked, m.theo = True, False  # "Mẹ cháu X nói", "Theo gia đình anh X,": the relative speaks
