"""A speaker's role as the article words it: the title before the name or the appositive after it."""

from __future__ import annotations

import re

from search.speakers.document import Doc, Mention, Tok
from search.speakers.lexicon import (
    ADMIN_UNITS,
    BLOCKERS,
    BODY_OFFICE_HEADS,
    COLLECTIVE_OFFICES,
    FUNCTION_WORDS,
    HONORIFIC_TITLES,
    HONORIFICS,
    INSTITUTIONS,
    ORG_BEFORE,
    PREPOSITIONS,
    RANKS,
    ROLE_STARTS,
    ROLE_STOPS,
    ROLE_SUBJECTS_BY_FIRST,
    TITLE_AT,
    TITLE_LOWER,
    TITLE_MODIFIERS,
    TITLE_TOKENS,
)
from search.speakers.tokens import BOUNDARY, QUOTES, sentence_punct
from search.speakers.verbs import idiom_at, verb_at

__all__ = [
    "OFFICE_LINKS",
    "appositive_role",
    "better_role",
    "body_before",
    "headed_title",
    "modifier_ending",
    "role_of",
    "title_before",
    "title_right_before",
]


def headed_title(toks: list[Tok], i: int) -> bool:
    """ "trưởng tàu", "trưởng thôn" right before token i: the head of a train or a hamlet, a title."""
    return i >= 2 and toks[i - 2].low == "trưởng" and toks[i - 1].low not in {"trường", "hiệu"}


def title_before(toks: list[Tok], a: int, b: int) -> bool:
    """A person's title among the last three words before ``b`` (not before ``a``), with no
    function word after it: "chuyên gia kinh tế", "giám đốc" (not "quán quân là câu")."""
    words: list[str] = []
    for t in reversed(toks[max(a, b - 3) : b]):
        if t.low in FUNCTION_WORDS or t.low in BLOCKERS or t.text in BOUNDARY:
            break
        words.insert(0, t.low)
    pairs = {" ".join(words[k : k + 2]) for k in range(len(words) - 1)}
    return any(w in TITLE_TOKENS for w in words) or bool(pairs & TITLE_LOWER)


# words no institution's name holds: after an administrative unit, a full name is its office
# holder's ("Viện Kinh tế TP HCM Nguyễn Thiềng Đức"); a conjunction starts another phrase
_NOT_IN_NAME = ADMIN_UNITS | FUNCTION_WORDS | BLOCKERS | {"và", "là"}
_INSTITUTION_WORDS = frozenset(word for noun in INSTITUTIONS for word in noun.split())


def _collective_before(lows: list[str], a: int) -> bool:
    """A body that speaks as one, then an institution, then the name at token ``a``: "lãnh đạo
    Trường Tiểu học Lương Thế Vinh cho biết", "Theo đại diện Công ty cá sấu Hoa Cà". The name is
    the institution's; no person is named."""
    if _INSTITUTION_WORDS.isdisjoint(lows[max(0, a - 6) : a]):
        return False  # most names: asked first, as it is the cheapest
    for k in range(a - 1, max(0, a - 7), -1):
        if not lows[k].isalnum() or lows[k] in _NOT_IN_NAME:
            return False  # "ban giám đốc BV và gia đình sản phụ X", "Viện Kinh tế TP HCM X"
        if k and f"{lows[k - 1]} {lows[k]}" in INSTITUTIONS:
            k -= 1
        elif lows[k] not in INSTITUTIONS:
            continue
        k -= k > 0 and lows[k - 1] == "của"  # "đại diện của Bệnh viện X"
        return bool(_collective_right_before(lows, k))
    return False


def body_before(lows: list[str], a: int, strong: bool, whole: bool) -> bool:
    """Is the name at token ``a`` a body's that speaks as one, no person's? Right after its
    leadership or staff when it has no family name ("Theo lãnh đạo Bảo Việt VN", "ban huấn luyện
    Hòa Phát khẳng định"; not after "phía": "Về phía Thanh Lam, chị cho biết" is the singer's
    side), or after an institution's noun (:func:`_collective_before`) when ``whole`` (the name
    is its run's, with no honorific)."""
    if not strong and _collective_right_before(lows, a) not in ("", "phía"):
        return True
    return whole and _collective_before(lows, a)


def _collective_right_before(lows: list[str], a: int) -> str:
    """The words for a body that speaks as one ending right before token ``a`` ("ban giám đốc",
    "đại diện"), or "" (none, or one person's office: "Trưởng ban tổ chức")."""
    for n in (1, 2, 3):
        if a >= n and (words := " ".join(lows[a - n : a])) in COLLECTIVE_OFFICES:
            # "Trưởng ban tổ chức X", "người đại diện X": one person's office
            return "" if a > n and lows[a - n - 1] in BODY_OFFICE_HEADS else words
    return ""


def title_right_before(lows: list[str], a: int) -> bool:
    """Do the one or two words right before token ``a`` make a title ("Tổng thống", "Vua")?"""
    before = lows[max(0, a - 2) : a]
    return before[-1] in TITLE_LOWER or " ".join(before) in TITLE_LOWER


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


_HOLDER_AFTER = re.compile(r"(?:^|\s)là(?:\s.*)?$", re.I | re.S)
# the words tying an office described before "là" to its place or body ("nghị sĩ ... tại Nhật
# là X", "người phát ngôn của Microsoft là Y"): they govern the office, not its holder
OFFICE_LINKS = frozenset({"tại", "ở", "của"})
# the role may then start with them ("tại Nhật", "của AS Roma"): left out
_PLACE_FIRST = re.compile(rf"(?:(?:{'|'.join(sorted(OFFICE_LINKS))})\s+)+")


def modifier_ending(words: list[str] | tuple[str, ...]) -> int:
    """The length of the title modifier ("lâm thời", "sắp mãn nhiệm") the lowercase ``words``
    end with, the longest one; 0 when they end with none."""
    return next((len(m) for m in TITLE_MODIFIERS if tuple(words[-len(m) :]) == m), 0)


def role_of(doc: Doc, m: Mention) -> tuple[str, bool]:
    """The office in the title phrase before the name, else the appositive after it."""
    toks = doc.toks
    # another person's name inside the phrase ends it: "Wenger và Sir Alex Ferguson" gives "Sir"
    begin = max(
        [m.title_start]
        + [
            p.end
            for p in doc.in_sentence(m.sent)
            if p is not m and p.valid and m.title_start < p.end <= m.start
        ]
    )
    while begin < m.start and doc.lows[begin] in {"và", "lẫn", ",", "cả"}:
        begin += 1
    pre = doc.text[toks[begin].start : toks[m.start].start] if m.start > begin else ""
    pre = pre.strip(" ,-–")  # '"..." - ông X nói': no role "ông"
    # "Giám đốc Sở (lúc đó) là ông X": the office stands before "là", the holder after it
    pre = _HOLDER_AFTER.sub("", pre)
    if lead := _PLACE_FIRST.match(pre):
        pre = pre[lead.end() :]  # "(Chủ tịch hiện) tại của AS Roma là X": the office's body
    pre, rank_only = _strip_honorifics(pre.strip())
    if pre and not rank_only:
        return _tidy_role(pre), False
    role, _ = appositive_role(doc, m.end, m.sent)
    if role:
        return _tidy_role(role), True
    return _tidy_role(pre), False


def appositive_role(doc: Doc, end: int, sent: int) -> tuple[str, int]:
    """The role in an appositive that opens at token ``end`` ("X, Giám đốc Y,", "X - chủ quán"),
    untidied, and the token the appositive stops at (a verb, a stop word, punctuation); ("", end)
    when there is none."""
    toks = doc.toks
    if end >= len(toks) or toks[end].text not in {",", "-", "–"}:
        return "", end
    stop = end + 1
    while stop < len(toks) and doc.sent_of[stop] == sent and stop - end < 40:
        t = toks[stop]
        if sentence_punct(doc, t) or t.text in "()" or t.text in QUOTES:
            break
        n = verb_at(toks, stop)
        if (t.low in ROLE_STOPS or (n and not idiom_at(doc.lows, stop, n))) and not TITLE_AT.match(
            doc.text, t.start
        ):
            break  # not a title that opens with such a word ("tham mưu trưởng"), nor a noun ("phân tích gia")
        if (t.low == "chủ" and doc.lows[stop + 1 : stop + 2] == ["trì"]) or (
            t.low == "đồng" and doc.lows[stop + 1 : stop + 3] == ["chủ", "trì"]
        ):
            break  # "..., Bí thư Thành ủy Hà Nội đồng chủ trì Hội nghị"; "đồng chủ tịch" is a title
        if (t.low in HONORIFICS and not role_noun_at(doc, stop)) or (
            t.low == "đồng" and toks[stop + 1 : stop + 2] and toks[stop + 1].low == "chí"
        ):
            break  # "Thượng tướng Tô Lâm, đồng chí Hoàng Trung Hải": the next person, not a role
        stop += 1
    segment = doc.text[toks[end + 1].start : toks[stop - 1].end] if stop > end + 1 else ""
    parts = [p.strip(" -–") for p in re.split(r",|\s[-–]\s", segment)]
    titled = [
        p
        for p in parts
        if p and (TITLE_AT.match(p) or p.split()[0].lower() in ROLE_STARTS) and not _org_after_one(p)
    ]
    return (titled[-1], stop) if titled else ("", end)


def _org_after_one(part: str) -> bool:
    """ "một trang web thông tin", "một tờ báo": a body is described, not a person's role."""
    words = part.lower().split()
    if words[0] != "một":
        return False
    if words[1:3] in (["trong", "những"], ["trong", "các"], ["trong", "số"]):
        words = words[2:]  # "một trong những hãng ..."
    head = {" ".join(words[1:2]), " ".join(words[1:3])}
    return bool(head & ORG_BEFORE) and not head & PREPOSITIONS


def role_noun_at(doc: Doc, p: int) -> int:
    """The length of the word for a person of role_subjects.txt at token ``p`` ("cô gái",
    "ngôi sao", "cựu ngôi sao": "cựu" and "nữ"/"nam" may stand before one), else 0."""
    lows = doc.lows
    for start in (p, p + 1) if lows[p] in _ROLE_MODIFIERS else (p,):
        for role in ROLE_SUBJECTS_BY_FIRST.get(lows[start] if start < len(lows) else "", ()):
            if tuple(lows[start : start + len(role)]) == role:
                return start + len(role) - p
    return 0


_ROLE_MODIFIERS = frozenset({"cựu", "nữ", "nam"})


def _tidy_role(role: str) -> str:
    role = role.strip(" ,-–")
    return role if len(role.split()) <= 14 else ""


def better_role(new: str, old: str) -> bool:
    """The role as last seen, unless it says less: "Bộ trưởng" after "Bộ trưởng Bộ Công an",
    or a bare rank ("Trung tướng") after an office."""
    if not old:
        return True
    if old.lower().startswith(new.lower()):
        return False
    words = new.lower().split()
    return not (len(words) == 2 and words[1] in RANKS)
