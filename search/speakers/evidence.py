"""Evidence that a capitalised run is, or is not, a person: a brand's shape, glued syllables,
an organisation's noun or office before it, a demonstrative after it, a quotation it speaks, a
title before a single word that speaks."""

from __future__ import annotations

from itertools import compress, count

from search.speakers.document import Doc, Mention, Tok
from search.speakers.lexicon import (
    ADMIN_UNITS,
    ADVERBS,
    CHILD_HONORIFICS,
    CLUB_CUES,
    COUNTRIES,
    ENGLISH_JOINS,
    HONORIFIC_TITLES,
    HONORIFICS,
    KIN_GROUPS,
    KIN_NOUNS,
    KIN_TITLES,
    NAME_PARTICLES,
    ORG_BEFORE,
    ORG_NOUNS,
    ORG_OFFICES,
    PLACES,
    SHORT_ADVERBS,
    SINGLE_BLOCK,
    SURNAMES,
    TEAM_ROLES,
    TITLE_AT,
)
from search.speakers.names import OFFICE_STARTS, vietnamese
from search.speakers.roles import appositive_role, role_noun_at, title_before
from search.speakers.tokens import QUOTES, TITLE_FIRST, after_quotation_mark
from search.speakers.verbs import verb_at

__all__ = [
    "age_after",
    "kin_before",
    "named_after_person",
    "not_a_name",
    "org_office_before",
    "plural_before",
    "quoted_speaker",
    "speaks_alone",
    "speech_follows",
    "verb_after",
    "titled_word_speaks",
]


def age_after(doc: Doc, m: Mention, apart: bool = False) -> bool:
    """An age right after the name: "X, 20 tuổi,", "X (35 tuổi)", "X 41 tuổi": a person's.
    ``apart``: a comma or a bracket must stand between ("Năm 17 tuổi" is a year of one's life,
    "phụ nữ Úc 57 tuổi" a woman's)."""
    window = doc.toks[m.end : m.end + 4]
    for k, t in enumerate(window[:-1]):
        if t.text[0].isdigit() and window[k + 1].low == "tuổi":
            return (k > 0 or not apart) and all(w.text in {",", "("} for w in window[:k])
    return False


def verb_after(doc: Doc, i: int) -> tuple[int, int]:
    """Where the next word after token i stands, adverbs aside, and the length of the speech
    verb there (0 when it is none)."""
    toks = doc.toks
    while i < len(toks) and toks[i].low in ADVERBS and not verb_at(toks, i):
        i += 1
    return i, (verb_at(toks, i) if i < len(toks) else 0)


def speech_follows(doc: Doc, i: int) -> bool:
    """Does a speech verb (or a colon) come right after token i, adverbs aside?"""
    i, n = verb_after(doc, i)
    return i < len(doc.toks) and (doc.toks[i].text == ":" or bool(n))


def _brand(word: str) -> bool:
    """Shaped like a brand, not a name: "TPBank", "LienVietPostBank" ("McGregor", "DiCaprio" are names)."""
    if len(word) >= 3 and word[0].isupper() and word[1].isupper() and any(c.islower() for c in word):
        return True
    inner = lower_run = 0
    for c in word[1:]:
        if c.isupper() and lower_run >= 2:
            inner += 1
        lower_run = lower_run + 1 if c.islower() else 0
    return inner >= 2  # one may be a crawl's glue: "VijayRaghavan"


def _glued(word: str) -> bool:
    """A crawl's glued syllables ("Tùngthị"): no one Vietnamese syllable, yet Vietnamese tone marks."""
    if vietnamese(word) or "-" in word or not any(c in _VI_MARKED for c in word.lower()):
        return False
    low = word.lower()  # two syllables run together; "Rươl", "Kđoh" are names of their own
    return any(vietnamese(low[:k]) and vietnamese(low[k:]) for k in range(2, len(low) - 1))


def not_a_name(doc: Doc, start: int, end: int, name: tuple[str, ...]) -> bool:
    """Evidence in the text that a run is no person: a brand's shape, glued syllables, an
    organisation's noun opening it ("Kênh Radio Esport"), an English title it continues
    ("Archives of General Psychiatry"), a place in parentheses after a name ("(Hàng Bài, Hoàn
    Kiếm)"), or a demonstrative after it ("võ sư Thái Cực Quyền này")."""
    toks = doc.toks
    if any(_brand(w) or _glued(w) for w in name):
        return True
    first = name[0].lower()
    if name[0] in OFFICE_STARTS and len(name) >= 2 and all(map(vietnamese, name)):
        return True  # "Theo Trưởng Công an huyện ...": an office, the name comes after it
    if first in {"the", "les", "los", "el", "la", "le"} and len(name) >= 2:
        return True  # "The Diplomat", "Le Monde"
    if (
        len(name) >= 2
        and name[0] not in SURNAMES
        and (first in ORG_BEFORE or f"{first} {name[1].lower()}" in ORG_BEFORE)
    ):
        return True  # "Kênh Radio Esport Valencia"
    if start and toks[start - 1].low in ENGLISH_JOINS and toks[start - 1].text.islower():
        return True
    if start and toks[start - 1].text == "(" and start >= 2 and toks[start - 2].cap:
        return True  # "chị Minh Trang (Hàng Bài, Hoàn Kiếm)": an address
    after = toks[end].low if end < len(toks) else ""
    if (
        name[-1] == "Thế"
        and after == "giới"
        and (end + 1 == len(toks) or toks[end + 1].low not in {"thiệu", "hạn"})
    ):
        return True  # "Theo Hội đồng Vàng Thế giới": the world's; not "Đinh Văn Thế giới thiệu"
    if name[0] == "Từ" and len(name) >= 2 and after == "," and _place_or_abroad(name[1:]):
        return True  # "Từ Washington, phát ngôn viên X nói": where from, not the family name Từ
    return after in {"này", "ấy"} and not _honored_anywhere(doc, name)


def _place_or_abroad(words: tuple[str, ...]) -> bool:
    return " ".join(words) in PLACES or words[0] in COUNTRIES or not vietnamese(words[0])


def _honored_anywhere(doc: Doc, name: tuple[str, ...]) -> bool:
    return any(m.tokens == name and m.honorific for m in doc.mentions)


def _lone_shape(doc: Doc, m: Mention, org_words: set[str]) -> bool:
    """Can this foreign single word be a person's name: not a word the article uses for a club,
    a paper or a firm, nor one shaped like a brand ("TPBank"), nor a longer name's end?"""
    word = m.tokens[0]
    if len(word) < 4 or word in org_words or any(c.isupper() or c.isdigit() for c in word[1:]):
        return False
    return not (word in SINGLE_BLOCK or word in PLACES or _name_end(doc, m.first))


def described_alone(doc: Doc, m: Mention, org_words: set[str]) -> bool:
    """A foreign single name that a person's title describes right after it, between commas:
    "Ribachuk, tham mưu trưởng của Yushchenko, thường xuyên gặp ...". What holds for one mention
    holds for the article's others ("Ribachuk lại nhìn nhận ...")."""
    toks = doc.toks
    if m.end + 2 >= len(toks) or toks[m.end].text != "," or toks[m.end + 1].low not in TITLE_FIRST:
        return False
    title = TITLE_AT.match(doc.text, toks[m.end + 1].start)
    if not title or title.group().strip(" .").lower() in HONORIFIC_TITLES:
        return False
    _, stop = appositive_role(doc, m.end, m.sent)
    close = next((k for k in range(m.end + 2, stop) if toks[k].text == ","), None)
    if close is None:
        return False
    # "diễn đàn Chernobyl, tiến sĩ Burton Bennett,": the title is the next person's ("của X" is not)
    if any(p.valid and not p.blocked and m.end < p.start < close for p in doc.mentions):
        return False
    return _lone_shape(doc, m, org_words)


def speaks_alone(doc: Doc, m: Mention, org_words: set[str]) -> bool:
    """A foreign single name with its own speech: a quotation closes right before it ('"...",
    Ronaldinho khẳng định') or a speech verb with a colon follows ("Farrell cho biết:"); never a
    word the article uses for a club, a paper or a firm, nor one shaped like a brand ("TPBank")."""
    toks = doc.toks
    if not _lone_shape(doc, m, org_words):
        return False
    k = m.first
    quoted_before = after_quotation_mark(toks, k)
    if not quoted_before and k and toks[k - 1].text == ",":
        # '"...", - cựu tiền vệ Chelsea, Fabregas chia sẻ': a title between the quotation and the name
        j = k - 2
        while j >= max(0, k - 10) and (toks[j].cap or toks[j].text in "-–," or toks[j].text.islower()):
            j -= 1
        quoted_before = j >= 0 and j < k - 2 and toks[j].text in QUOTES
    if quoted_before and speech_follows(doc, m.end):
        return True
    if _titled_appositive_then_speech(doc, m):
        return True  # "Baluja, giám đốc bệnh viện Jaipur Golden, cho hay"
    j = m.end
    while j < len(toks) and toks[j].low in ADVERBS and not verb_at(toks, j):
        j += 1
    n = verb_at(toks, j) if j < len(toks) else 0
    if not n:
        return False
    k = j + n  # "Farrell cho biết:"
    before = toks[m.first - 1] if m.first else None
    if (
        before is None
        or not before.word
        or (before.text.islower() and title_before(toks, max(0, m.first - 4), m.first))
    ):
        # "Kiatisuk viết trên trang cá nhân:": a few plain words may say where, when the name
        # opens its clause or has a title; not "HLV Newcastle và Chelsea tâm sự với vẻ mặt ...:"
        while k < len(toks) and k - j - n < 6 and toks[k].text.islower() and toks[k].word:
            k += 1
    return k + 1 < len(toks) and toks[k].text == ":" and toks[k + 1].text in QUOTES


def _name_end(doc: Doc, k: int) -> bool:
    """Does the word at token k end an organisation's longer name, one an organisation's noun
    opens ("Tờ SMM Sport", "tờ Gazzetta dello Sport")? Not a club before a name ("danh thủ MU
    Neville"), nor an organisation after an office ("Giám đốc kỹ thuật CLB GĐTLA Calisto")."""
    toks, sent = doc.toks, doc.sent_of[k]
    c = k  # where the capitalised words written before the word start
    while c > 0 and doc.sent_of[c - 1] == sent:
        t = toks[c - 1]
        if t.cap or t.upper or (t.low in NAME_PARTICLES and t.text.islower() and c < k and c >= 2):
            c -= 1
        else:
            break
    if c == k:
        return False
    one = toks[c - 1].low if c and doc.sent_of[c - 1] == sent else ""
    two = f"{toks[c - 2].low} {one}" if c >= 2 and one else ""
    if not (toks[c].low in ORG_BEFORE or one in ORG_BEFORE or two in ORG_BEFORE):
        return False
    # "Giám đốc kỹ thuật CLB GĐTLA Calisto": an office of that organisation, then its holder
    lo = max(c - 6, 0)
    return not any(doc.sent_of[p] == sent and TITLE_AT.match(doc.text, toks[p].start) for p in range(lo, c))


def _titled_appositive_then_speech(doc: Doc, m: Mention) -> bool:
    """A person's title opens the appositive after the name and a verb of saying follows its
    closing comma: "Baluja, giám đốc bệnh viện Jaipur Golden, cho hay". A firm's appositive
    opens otherwise ("Samsung, nhà sản xuất điện thoại lớn nhất, cho biết")."""
    toks = doc.toks
    if m.end + 1 >= len(toks) or toks[m.end].text != "," or toks[m.end + 1].low not in TITLE_FIRST:
        return False  # the appositive must open with a title: asked first, as it is cheap
    role, stop = appositive_role(doc, m.end, m.sent)
    if not role or stop >= len(toks) or toks[stop - 1].text != "," or not verb_at(toks, stop):
        return False
    title = TITLE_AT.match(role)  # not role_subjects.txt: a producer ("nhà sản xuất") may be a firm
    return bool(title) and title.group().strip(" .").lower() not in HONORIFIC_TITLES


def org_office_before(toks: list[Tok], i: int) -> bool:
    """ "Chủ tịch Vingroup", "CEO TPBank", "người phát ngôn Microsoft": an office whose
    organisation may follow it (one to four words)."""
    return _phrase_before(toks, i, ORG_OFFICES)


def _phrase_before(toks: list[Tok], i: int, phrases: frozenset[tuple[str, ...]]) -> bool:
    return any(i >= n and tuple(t.low for t in toks[i - n : i]) in phrases for n in (1, 2, 3, 4))


def team_word_before(toks: list[Tok], i: int, teams: set[str]) -> bool:
    """ "HLV Viettel", "đội trưởng Liverpool" where the article also writes "CLB Viettel" or
    "trận Liverpool ...": a place in a team, then the team."""
    return toks[i].text in teams and _phrase_before(toks, i, TEAM_ROLES)


def team_words(doc: Doc) -> set[str]:
    """Capitalised words the article names as a team: "CLB Viettel", "đội Liverpool", "khoác áo
    Chelsea", "tại Chelsea", "gia nhập Real", or a side of a score ("Chelsea 2-1 Arsenal",
    "Lazio 3 - 0 Roma"). A place in a team "of" a word ("HLV của Chelsea") makes it a team
    unless the article writes it as a person's (:func:`_people`: "Claudio Ranieri");
    not "ghế HLV của Ranieri" (his post) nor "trợ lý của Mourinho" (his assistant)."""
    toks, texts = doc.toks, doc.texts
    people = _people(doc)
    named = {
        texts[k]
        for k in compress(count(1), map(_CLUB_LAST.__contains__, doc.lows[:-1]))
        if (toks[k].cap or toks[k].upper) and _phrase_before(toks, k, CLUB_CUES)
    }
    lows = doc.lows
    for m in doc.mentions:  # the article's one-word names: "HLV của Chelsea"
        k = m.start - 1
        if len(m.tokens) == 1 and k >= 1 and lows[k] == "của" and m.tokens[0] not in people:
            if _phrase_before(toks, k, _PLAYING_ROLES) and (k < 2 or lows[k - 2] != "ghế"):
                named.add(m.tokens[0])
    for k in compress(count(), map(_DASHES.__contains__, texts)):
        if 2 <= k < len(texts) - 2 and texts[k - 1].isdigit() and texts[k + 1].isdigit():
            named.update(texts[j] for j in (k - 2, k + 2) if toks[j].cap or toks[j].upper)
    return named


_DASHES = frozenset("-–")
# a team's places that no person has: "HLV của Chelsea"; not "trợ lý của Mourinho"
_PLAYING_ROLES = TEAM_ROLES - {("trợ", "lý"), ("chủ", "tịch")}
_CLUB_LAST = frozenset(p[-1] for p in CLUB_CUES)


def plural_before(toks: list[Tok], i: int) -> bool:
    """ "Các cầu thủ Chelsea", "những CĐV X": people of a club or a country, not a person's title."""
    return any(toks[k].low in {"các", "những", "nhiều", "mọi", "hai", "ba"} for k in range(max(0, i - 3), i))


_VI_MARKED = frozenset("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ") - frozenset(
    "àáèéìíòóùúýãõâêô"
)


def quoted_speaker(doc: Doc, m: Mention) -> bool:
    """'"...", Công Minh nói': right after a quotation and its comma, then a verb of saying, a
    name stands where a speaker does, whatever its first word opens elsewhere ("Công ty")."""
    after_quote = after_quotation_mark(doc.toks, m.first)
    return after_quote and all(map(vietnamese, m.tokens)) and speech_follows(doc, m.end)


def titled_word_speaks(doc: Doc, m: Mention) -> bool:
    """ "Tổng thống Moon cho biết", "bác sĩ Thành nói", "BS Minh cũng khuyến cáo": a person's
    title in the same sentence, one word shaped like a syllable, then a verb of saying (a short
    adverb between at most): a person the article may name no more fully. Not a word that names
    a body, a unit or a country on its own ("Chủ tịch Hội", "Giám đốc Sở", "Chủ tịch Xã",
    "Thủ tướng Anh nói"), one shaped like an acronym ("Tổng thư ký BoI"), nor an organisation's
    office ("Chủ tịch Vingroup")."""
    toks = doc.toks
    word = m.tokens[0]
    low = word.lower()
    if not m.person_title or not word[1:].islower() or org_office_before(toks, m.start):
        return False
    if word in COUNTRIES or word in PLACES or low in ORG_NOUNS or low in ADMIN_UNITS:
        return False
    if m.start == 0 or doc.sent_of[m.start - 1] != m.sent:
        return False  # "... phụ huynh. ¶ Xin cho biết": the title closed the sentence before
    before = toks[m.start - 1]
    if before.cap and not before.upper and m.title_start != m.start - 1:
        return False  # "Nhà văn Nguyên Ngọc": "Nguyên" is no title here but the name's first word
    j = m.end + (m.end < len(toks) and toks[m.end].low in SHORT_ADVERBS)
    return j < len(toks) and bool(verb_at(toks, j))


_KIN_ENDING: dict[str, list[tuple[tuple[str, ...], bool]]] = {}  # last word → (phrase, needs a link)
for _kin, _needs in [(g, False) for g in KIN_GROUPS] + [(n, n in KIN_TITLES) for n in KIN_NOUNS]:
    _KIN_ENDING.setdefault(_kin[-1], []).append((_kin, _needs))


def kin_before(doc: Doc, m: Mention) -> bool:
    """A relative of the name is the subject: "Mẹ cháu Phan Tấn Tài nói", "Chồng bà X nói rằng",
    "Cha của em X tâm sự", "Gia đình cháu X cho biết", "Bạn bè X tiết lộ". Not "Ông bố Nguyễn Văn
    Hùng cho biết" (an honorific before the relative: the father is the name), "Vợ chồng bà X cho
    biết" (the couple) nor "Cha Thomas Reese" (a priest: nothing between; "Vợ Whelan" is the wife)."""
    lows = doc.lows
    k = m.start
    linked = False
    if k > 0 and (lows[k - 1] in HONORIFICS or lows[k - 1] in CHILD_HONORIFICS):
        k -= 1
        linked = True
    if k > 0 and lows[k - 1] == "của":
        k -= 1
        linked = True
    for kin, needs_link in _KIN_ENDING.get(lows[k - 1], ()) if k > 0 else ():
        n = len(kin)
        if k - n < 0 or tuple(lows[k - n : k]) != kin or (needs_link and not linked):
            continue
        if doc.sent_of[k - n] != m.sent:
            continue
        before = lows[k - n - 1] if k - n - 1 >= 0 and doc.sent_of[k - n - 1] == m.sent else ""
        # "ông bố X" is the father himself; "vợ chồng anh X" is X and his wife
        return not (before in HONORIFICS or (before, kin) == ("vợ", ("chồng",)))
    return False


def named_after_person(doc: Doc, k: int) -> bool:
    """A word for a person ends right before token k ("tên" in "một người tên là X", "cô gái
    tên là Y"): "người", an honorific, or a role of role_subjects.txt ("người đàn ông")."""
    if doc.lows[k - 1] == "người" or doc.lows[k - 1] in HONORIFICS:
        return True
    return any(role_noun_at(doc, p) == k - p for p in range(max(0, k - 3), k))


def _people(doc: Doc) -> set[str]:
    """Words the article writes as a person's, whether the name speaks or not: the first and
    last words of longer names ("Claudio Ranieri"), a word after an honorific."""
    people = {w for m in doc.mentions if len(m.tokens) >= 2 for w in (m.tokens[0], m.tokens[-1])}
    return people | {m.tokens[0] for m in doc.mentions if m.honorific}
