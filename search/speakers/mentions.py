"""Name mentions: which runs of capitalised words are people, and the clause before each name."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from itertools import compress, count

from search.speakers.clause import look_left, office_before
from search.speakers.document import Doc, Mention, Tok
from search.speakers.evidence import (
    age_after,
    described_alone,
    not_a_name,
    org_office_before,
    plural_before,
    quoted_speaker,
    speaks_alone,
    speech_follows,
    team_word_before,
    team_words,
    titled_word_speaks,
)
from search.speakers.lexicon import (
    ADMIN_UNITS,
    AMBIGUOUS_ENDS,
    COUNTRIES,
    GIVEN_NAMES,
    HONORIFICS,
    ORG_BEFORE,
    ORG_FAR,
    ORG_WORDS,
    ORG_WORDS_SKIP,
    PERSON_TITLE_ENDS,
    PLACE_CUES,
    PLACES,
    RUN_HONORIFICS,
    SINGLE_BLOCK,
    STRICT_ORG,
    SURNAMES,
    TITLE_LOWER,
    VIEN_TITLES,
)
from search.speakers.lone import described_speaker, honored_speaks, honored_words, protagonist_speaks
from search.speakers.names import is_place, name_in_run, opens_with_place, strip_places, vietnamese, words_of
from search.speakers.roles import body_before, headed_title, title_before, title_right_before
from search.speakers.runs import country_anh, initials_before
from search.speakers.runs import runs as _runs

__all__ = ["find_mentions"]


_TITLE_PAIR_ENDS = frozenset(t.split()[-1] for t in TITLE_LOWER if len(t.split()) == 2)


def _person_title_before(toks: list[Tok], i: int) -> tuple[bool, bool]:
    """(honorific, person title) for the word(s) right before token i."""
    if i == 0:
        return False, False
    before = toks[i - 1].low
    two = toks[i - 2].low if i >= 2 else ""
    if before in HONORIFICS:
        if i >= 2 and toks[i - 1].cap and toks[i - 2].cap:
            return False, False  # "dịch thuật Đức Anh ¶ Website:": a name's last word, no "anh"
        if before == "anh" and i >= 2 and country_anh([t.text for t in toks[i - 2 : i + 1]], 1):
            return False, False  # "hãng bảo mật Anh Sophos": England
        return True, True
    if before == "chí" and two == "đồng":
        return True, True
    if before in _TITLE_PAIR_ENDS and f"{two} {before}" in TITLE_LOWER:
        return False, True  # "thủ môn X", "trọng tài Y", "nhà báo Z"
    if before == "viên":
        return False, two in VIEN_TITLES
    if headed_title(toks, i):
        return False, True  # "trưởng tàu X", "trưởng thôn Y": a title, not the train or the hamlet
    return False, before in PERSON_TITLE_ENDS and before not in AMBIGUOUS_ENDS


def _place_at(toks: list[Tok], a: int, b: int) -> str:
    """The place a run after "tỉnh", "gần", "CLB" ... names: up to 3 words, a person's name cut off."""
    if toks[a - 1].low == "châu":
        return toks[a].text  # "châu Âu Jean-Claude Juncker": the continent is one word
    words = [t.text for t in toks[a : min(b, a + 3)]]
    for n in range(len(words), 0, -1):
        if " ".join(words[:n]) in PLACES:
            return " ".join(words[:n])
    if office_before(toks, a) and (words[0] in SURNAMES or words[1:2] == ["Thị"] or words[1:2] == ["Văn"]):
        return ""  # "Chủ tịch UBND thành phố Lê Thị Hồng Vân": the office holder, not a place
    # a place named after a person keeps its second word ("đường Lê Hồng Phong", "Nguyễn Văn Cừ")
    for k in range(1 + (words[0] in SURNAMES), len(words)):
        if words[k] in SURNAMES:
            words = words[:k]  # "TP Cần Thơ Lê Thị Hồng Vân", "đường Nguyễn Trãi Lê Văn A"
            break
    return " ".join(words)


def _org_before(toks: list[Tok], i: int, strong: bool) -> bool:
    """Is the name at token i a street, school, club or place ("đường Nguyễn Trãi")?

    After an administrative unit a full name is the office holder's:
    "Chủ tịch UBND thành phố Chu Ngọc Anh".
    """
    one = toks[i - 1].low if i else ""
    if one == "chuyên":
        if _specialised_school(toks, i):
            return True
    elif one[:1].isdigit() and i >= 2:
        if _house_number(toks, i - 1):
            return True  # "nhà 88/78 Nguyễn Thị Minh Khai", "căn nhà 157-159 X", "tại 86 Lý Thường Kiệt"
        if not strong and one.isdigit():
            i -= 1  # a unit's number: "đồn biên phòng 485 Tén Tằn", "Trung đoàn 52 Tây Sơn"
            one = toks[i - 1].low
    two = f"{toks[i - 2].low} {one}" if i >= 2 else ""
    if one not in ORG_BEFORE and two not in ORG_BEFORE:
        return False  # most names: asked first, as it is the cheapest
    if two in TITLE_LOWER or headed_title(toks, i):
        return False  # "nhà báo Pedrerol" is a journalist, "báo Tuổi Trẻ" a paper
    return not (strong and (one in ADMIN_UNITS or two in ADMIN_UNITS) and office_before(toks, i))


def _specialised_school(toks: list[Tok], i: int) -> bool:
    """ "Trường THPT chuyên Lê Hồng Phong": a school word, "chuyên", then the name at token i."""
    return i >= 2 and toks[i - 1].low == "chuyên" and toks[i - 2].low in STRICT_ORG


_HOUSE_NUMBER = re.compile(r"\d+(?:/\d+)+")  # "88/78", "60/310"
_AT_HOUSE = frozenset({"nhà", "ở", "tại", "chỉ"})  # "căn nhà 163 X", "ở 25 X", "địa chỉ 7 X"


def _house_number(toks: list[Tok], k: int) -> bool:
    """Is the number at token k an address's, so that the name after it is a street? A house's
    number after the words that give an address ("nhà ở 88/78 X", "căn nhà 157-159 X", "tại 86
    X", "số 60/310 X"); not a grade ("thương binh 3/4 X"), a date ("hôm 27-2 X"), a score or a
    shirt's number ("số 10 Công Phượng")."""
    first = k
    if k >= 3 and toks[k].text.isdigit() and toks[k - 1].text in {"-", "–"} and toks[k - 2].text.isdigit():
        first = k - 2  # "157-159": the range's first number
    before = toks[first - 1].low
    shaped = first != k or bool(_HOUSE_NUMBER.fullmatch(toks[k].text))  # a range or "88/78"
    if before in _AT_HOUSE:
        return shaped or toks[k].text.isdigit()
    return before == "số" and shaped


_NOT_DESCRIBING = frozenset(
    {"của", "do", "mà", "nơi", "là", "tên", "và", "với", "cho", "thì", "có", "được", "bị", "đã"}
    | {"này", "đó", "ấy", "kia", "nọ"}  # "Giám đốc của hãng này Tom Li": the firm named before
)


_FAR_FIRST = frozenset(p.split()[0] for p in ORG_FAR)


def _org_far(toks: list[Tok], i: int, far: list[int], most: int = 5) -> bool:
    """A firm's or a place's noun, then one to ``most`` lowercase words that say what it sells
    or does, then the name: "Công ty vàng bạc Bảo Tín Minh Châu", "doanh nghiệp cà phê Thu Hà".
    ``far``: where the article has a first word of such a noun, ascending."""
    if bisect_left(far, i - most - 2) == bisect_left(far, i - 1):
        return False  # none of them in the words before
    k = i - 1
    while k > 0 and i - k <= most and toks[k].text.isalpha() and toks[k].text.islower():
        if toks[k].low in _NOT_DESCRIBING or toks[k].low in HONORIFICS:
            return False
        if toks[k - 1].low in ORG_FAR or (k >= 2 and f"{toks[k - 2].low} {toks[k - 1].low}" in ORG_FAR):
            return True
        k -= 1
    return False


def _place_cue(toks: list[Tok], i: int) -> int:
    """How many words right before token i say a place follows: 2 ("thủ đô"), 1 ("tỉnh"), or 0.
    A two-word cue wins over an office before it ("Thủ đô Phnom Penh")."""
    if i >= 2 and f"{toks[i - 2].low} {toks[i - 1].low}" in PLACE_CUES:
        return 2
    return 1 if i and toks[i - 1].low in PLACE_CUES else 0


def _strict_org_before(toks: list[Tok], i: int) -> bool:
    """A school, street, venue or work right before token i: never an office holder."""
    if headed_title(toks, i):
        return False
    if _specialised_school(toks, i):
        return True  # "Hiệu trưởng Trường THPT chuyên Lê Hồng Phong": the school, not its head
    one = toks[i - 1].low if i else ""
    two = f"{toks[i - 2].low} {one}" if i >= 2 else ""
    return one in STRICT_ORG or two in STRICT_ORG


def find_mentions(doc: Doc) -> None:
    toks = doc.toks
    runs = _runs(doc)
    far = list(compress(count(), map(_FAR_FIRST.__contains__, doc.lows)))  # "công" of "công ty", ascending
    place_names = {
        _place_at(toks, a, b)
        for a, b, _ in runs
        if (cue := _place_cue(toks, a))
        and (cue == 2 or toks[a - 1].low == "châu" or not office_before(toks, a))
    } - {""}
    # words seen as a run of their own, never as a person: "Tottenham" makes "Tottenham Daniel Levy"
    # a club and a man; "Park" in "ông Park" is a person, so "Park Choong Kyun" stays whole
    alone: set[str] = set()
    named: set[str] = set()
    for a, b, after_title in runs:
        run = " ".join(doc.texts[a:b])
        if after_title or _person_title_before(toks, a)[1] or toks[a].text in RUN_HONORIFICS:
            named.add(run.split()[-1] if toks[a].text in RUN_HONORIFICS else run)
        elif b - a <= 2 and toks[a].text not in SURNAMES:
            alone.add(run)
    alone -= named
    # a run written again and again is one name, though its first word is also seen alone:
    # "Pushpika De Silva" (three times) and "Pushpika"; "Tottenham Daniel Levy" is written once
    again = Counter(" ".join(doc.texts[a:b]) for a, b, _ in runs if b - a >= 3)
    written: set[str] | None = None  # runs as written, gathered the first time a firm's word asks
    for a, b, after_title in runs:
        words = doc.texts[a:b]
        # "hãng bảo mật Anh Sophos": England, no "anh" before one foreign word (before a longer
        # name, "Anh" stays the honorific it may be: "đội trưởng tuyển Anh David Beckham")
        country = b - a == 2 and country_anh(doc.texts, a)
        lead = int(country)
        while not country and lead < len(words) - 1 and words[lead] in RUN_HONORIFICS:
            lead += 1
        if " ".join(words[lead:]) in PLACES and not (lead and b - a == lead + 1 and vietnamese(words[-1])):
            continue  # "Bồ Đào Nha", whatever family name it starts with; "chị Huế" is a woman
        # "Tổng thống Mỹ Bush": a title before the country the run opens with is the name's
        country_titled = False
        if (country or not lead) and a > 0 and words[0] in COUNTRIES:
            # "Bộ trưởng Quốc phòng Mỹ Rumsfeld"; not "báo Israel X"
            titled = title_before(toks, 0, a) and doc.lows[a - 1] not in ORG_BEFORE
            country_titled = titled or title_right_before(doc.lows, a)
        elif not lead and a > 0 and title_right_before(doc.lows, a) and opens_with_place(words):
            # "Vua Thụy Điển Gustav"; not "tạp chí New York Times", nor an office whose
            # organisation the place opens ("Giám đốc Hà Nội Aptech")
            country_titled = not org_office_before(toks, a)
        rest = strip_places(
            words[lead:],
            place_names | (alone if b - a - lead >= 3 and again[" ".join(words)] < 2 else set()),
            country_titled,
        )
        offset = a + len(words) - len(rest)
        found = name_in_run(rest)
        if found is None:
            continue
        org = -1
        if len(rest) >= 3 and not ORG_WORDS.isdisjoint(rest):
            org = max((i for i in range(len(rest) - 2) if rest[i] in ORG_WORDS), default=-1)
        if org >= found[0]:
            if written is None:
                written = {" ".join(doc.texts[a:b]) for a, b, _ in runs if b - a >= 2}
            if " ".join(rest[org + 1 :]) in written:
                found = (org + 1, len(rest), found[2])  # "Amazon Web Services Matt Garman", "Matt Garman nói"
        s, e, strong = found
        name = tuple(w for k, w in enumerate(rest[s:e], s) if len(w) > 1 or k in (s, e - 1))  # "James M Tour"
        start, end = offset + s, offset + e
        if start == a:
            start, name = initials_before(doc, start, name)
        given = None  # "Lee" of "ông Lee R. Raymond": a mention of its own, now in the longer name
        while doc.mentions and doc.mentions[-1].start >= start:
            given = doc.mentions.pop()
        m = Mention(min(a, start), start, end, name, strong, doc.sent_of[start], doc.in_quote[start])
        if lead and not country and start == offset:
            m.honorific = m.person_title = True
        elif start == a:
            # an honorific that ends the sentence before is not this name's ("... thay đổi em" / "Em tin")
            if not start or doc.sent_of[start - 1] == doc.sent_of[start]:
                m.honorific, m.person_title = _person_title_before(toks, start)
            # "Hiệu trưởng Trường THPT chuyên Lê Hồng Phong": the title's school, not its holder
            m.person_title = m.person_title or (after_title and not _strict_org_before(toks, start))
        elif start == offset and country_titled and rest == strip_places(words, place_names, True):
            m.person_title = True
        elif given is not None and given.start == start:
            m.first, m.honorific, m.person_title = given.first, given.honorific, given.person_title
        # "Chủ tịch CLB Phan Quốc Bảo" holds an office; "CLB Sông Lam", "Trường THPT Mạc Đĩnh Chi" do not
        # "Vụ trưởng Vụ Đại học và Sau đại học Bành Tiến Long": an office holder after the office's
        # name; "Hiệu trưởng Trường THPT Nguyễn Thị Minh Khai" stays a school
        person_like = strong or not all(map(vietnamese, name))  # "Phát ngôn viên quân đội Azem B. Agouna"
        office = (
            person_like
            and words_of(name) >= 3
            and not _strict_org_before(toks, a)
            and office_before(toks, a, 10)
        )
        office = office or (start > a and office_before(toks, a))  # "Tham mưu trưởng Hải quân Indonesia X"
        account = a >= 2 and toks[a - 2].low == "tài" and toks[a - 1].low == "khoản" and 2 <= len(name) <= 3
        account = account and all(map(vietnamese, name))  # "tài khoản Minh Nhật bình luận": a reader
        if (
            not m.person_title
            and not office
            and not account
            and (
                _org_before(toks, a, strong)
                or (
                    far
                    and not strong
                    # "Chủ cửa hàng hoa Mohammad Siddique" is a person: a given name opens his name
                    and name[0] not in GIVEN_NAMES
                    and _org_far(toks, a, far)
                    # the firm's name itself, its country aside ("Công ty dầu Pháp Elf Aquitaine"),
                    # not a person written after it ("hãng hàng không Nga Aeroflot Evgeny Igranov")
                    and all(w in COUNTRIES for w in doc.texts[a:start])
                )
            )
        ):
            m.valid = False
        elif all(map(vietnamese, name)) and body_before(doc.lows, a, strong, start == a and not m.honorific):
            m.valid = False  # "Theo lãnh đạo Bảo Việt VN", "lãnh đạo Trường Tiểu học Lương Thế Vinh": a body
        elif len(name) == 1 and not strong:
            m.valid = m.honorific or age_after(doc, m, True)  # "Hải, 33 tuổi,"; others are settled below
        elif (not strong or words_of(name) == 2) and is_place(
            name,
            place_names,
            m.honorific or quoted_speaker(doc, m) or age_after(doc, m, True),
            m.person_title,
        ):
            m.valid = False
        elif " ".join(name) in PLACES:
            m.valid = False
        doc.mentions.append(m)
    # A single word is a person after an honorific ("ông Trung"), or when it can be the short
    # form of a full name in the article: "Bộ trưởng Lâm" (Tô Lâm), "Lee cho biết" (Lee Woon-jae),
    # or a foreign name after a title ("HLV Tuchel"); "Giám đốc Điều hành" is no one.
    full = [m.tokens for m in doc.mentions if m.valid and len(m.tokens) >= 2]
    last_words = {f[-1] for f in full}
    first_words = {f[0] for f in full if not all(map(vietnamese, f))}
    org_words: set[str] | None = None  # counted when a lone foreign name first needs it
    described: set[str] = set()  # lone given names described as people before they speak
    described_abroad: set[str] = set()  # lone foreign names a person's title describes
    titled_words = {
        m.tokens[0]
        for m in doc.mentions
        if len(m.tokens) == 1
        and m.person_title
        and (m.honorific or not (org_office_before(toks, m.start) or plural_before(toks, m.start)))
    }
    teams: set[str] | None = None  # counted when a titled word or a lone foreign name needs it
    if titled_words:
        teams = team_words(doc)
        titled_words -= {
            m.tokens[0]
            for m in doc.mentions
            if len(m.tokens) == 1 and not m.honorific and team_word_before(toks, m.start, teams)
        }
    honored = honored_words(doc, named=True)  # "bà Hạnh" somewhere: "Hạnh cho biết" is her
    for m in doc.mentions:
        if m.valid or len(m.tokens) != 1 or m.strong or _org_before(toks, m.start, False):
            continue
        word = m.tokens[0]
        if vietnamese(word) and titled_word_speaks(doc, m):
            m.valid = True  # "Tổng thống Moon cho biết", "bác sĩ Thành nói", "TS Bắc cho biết"
            doc.titled_plain.add(word)
            continue
        if word in SINGLE_BLOCK:
            continue
        short_form = word in last_words or word in first_words
        if vietnamese(word):
            # "Nhơn đáp" in a court report is Nguyễn Văn Nhơn; "Chuyển sang chuyện..." is a verb
            after_theo = m.start > 0 and toks[m.start - 1].low in {"theo", "lời"}  # "Theo lời Hường,"
            m.valid = short_form and (m.person_title or after_theo or speech_follows(doc, m.end))
            if not m.valid and (
                described_speaker(doc, m) or protagonist_speaks(doc, m) or honored_speaks(doc, m, honored)
            ):
                m.valid = True  # "Hoa, 25 tuổi, nhân viên văn phòng, cho biết"
                described.add(word)
        else:
            m.valid = short_form or word in titled_words
            if not m.valid:
                if org_words is None:
                    teams = team_words(doc) if teams is None else teams
                    org_words = _org_words(toks, runs, far) | teams
                if speaks_alone(doc, m, org_words):
                    m.valid = True  # '"...", Ronaldinho khẳng định', "Farrell cho biết:"
                    doc.lone_names.add(word)
                elif described_alone(doc, m, org_words):
                    m.valid = True  # "Ribachuk, tham mưu trưởng của Yushchenko, ..."
                    doc.lone_names.add(word)
                    described_abroad.add(word)
    for m in doc.mentions if described_abroad else ():  # the word again: "Ribachuk lại nhìn nhận"
        if not m.valid and len(m.tokens) == 1 and m.tokens[0] in described_abroad:
            m.valid = not _org_before(toks, m.start, False)
    doc.titled_words = titled_words
    # what the text shows of one name holds for all its mentions: "Thái Cực Quyền này" anywhere
    not_names = {m.tokens for m in doc.mentions if m.valid and not_a_name(doc, m.start, m.end, m.tokens)}
    for m in doc.mentions:
        if m.valid and m.tokens in not_names:
            m.valid = False
    doc.honored = honored_words(doc) | described
    prev = None
    for m in doc.mentions:
        if m.valid:  # what look_left finds is only read for valid mentions
            look_left(doc, m, prev)
            prev = m
        doc.by_sent.setdefault(m.sent, []).append(m)


def _org_words(toks: list[Tok], runs: list[tuple[int, int, bool]], far: list[int]) -> set[str]:
    """Words that name a club, a paper or a firm somewhere in the article: "CLB X", "tờ Marca",
    "hãng nghiên cứu Gartner"; not "về Michelle", "gia đình Michelle" (org_words_skip.txt)."""
    return {
        toks[a].text
        for a, _, _ in runs
        if (
            _org_before(toks, a, False)
            and not _person_title_before(toks, a)[1]
            and toks[a - 1].low not in ORG_WORDS_SKIP
            and not (a >= 2 and f"{toks[a - 2].low} {toks[a - 1].low}" in ORG_WORDS_SKIP)
        )
        # two words at most: "hãng bảo mật Sophos"; not "trong quán bar lôi kéo Lisa" (a verb)
        or (far and _org_far(toks, a, far, 2))
    }
