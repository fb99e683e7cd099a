"""Name mentions: which runs of capitalised words are people, and the clause before each name."""

from __future__ import annotations

from collections import Counter

from search.speakers.document import Doc, Mention, Tok
from search.speakers.evidence import (
    described_speaker,
    kin_before,
    named_after_person,
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
    BLOCKERS,
    CLAUSE_CONJUNCTIONS,
    COUNTRIES,
    FUNCTION_WORDS,
    HONORIFICS,
    NOUN_PAIRS,
    OFFICE_WORDS,
    ORG_BEFORE,
    ORG_NOUNS,
    ORG_WORDS,
    ORG_WORDS_SKIP,
    PERSON_TITLE_ENDS,
    PLACE_CUES,
    PLACES,
    ROLE_STARTS,
    RUN_HONORIFICS,
    SINGLE_BLOCK,
    STRICT_ORG,
    SURNAMES,
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
from search.speakers.names import is_place, name_in_run, strip_places, vietnamese, words_of
from search.speakers.roles import headed_title, role_of, title_before
from search.speakers.runs import initials_before
from search.speakers.runs import runs as _runs
from search.speakers.tokens import BOUNDARY
from search.speakers.verbs import verb_at

__all__ = ["find_mentions"]


_TITLE_PAIR_ENDS = frozenset(t.split()[-1] for t in TITLE_LOWER if len(t.split()) == 2)


def _person_title_before(toks: list[Tok], i: int) -> tuple[bool, bool]:
    """(honorific, person title) for the word(s) right before token i."""
    if i == 0:
        return False, False
    before = toks[i - 1].low
    two = toks[i - 2].low if i >= 2 else ""
    if before in HONORIFICS or (before == "chí" and two == "đồng"):
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
    if _office_before(toks, a) and (words[0] in SURNAMES or words[1:2] == ["Thị"] or words[1:2] == ["Văn"]):
        return ""  # "Chủ tịch UBND thành phố Lê Thị Hồng Vân": the office holder, not a place
    for k in range(1, len(words)):
        if words[k] in SURNAMES:
            words = words[:k]  # "TP Cần Thơ Lê Thị Hồng Vân"
            break
    return " ".join(words)


def _org_before(toks: list[Tok], i: int, strong: bool) -> bool:
    """Is the name at token i a street, school, club or place ("đường Nguyễn Trãi")?

    After an administrative unit a full name is the office holder's:
    "Chủ tịch UBND thành phố Chu Ngọc Anh".
    """
    one = toks[i - 1].low if i else ""
    two = f"{toks[i - 2].low} {one}" if i >= 2 else ""
    if one not in ORG_BEFORE and two not in ORG_BEFORE:
        return False  # most names: asked first, as it is the cheapest
    if two in TITLE_LOWER or headed_title(toks, i):
        return False  # "nhà báo Pedrerol" is a journalist, "báo Tuổi Trẻ" a paper
    return not (strong and (one in ADMIN_UNITS or two in ADMIN_UNITS) and _office_before(toks, i))


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
    one = toks[i - 1].low if i else ""
    two = f"{toks[i - 2].low} {one}" if i >= 2 else ""
    return one in STRICT_ORG or two in STRICT_ORG


def _office_before(toks: list[Tok], i: int, span: int = 6) -> bool:
    """A person's title a few words before token i, in the same clause ("Chủ tịch UBND xã ...")."""
    for k in range(i - 1, max(0, i - span) - 1, -1):
        t = toks[k]
        if t.text in BOUNDARY:
            return False
        if t.low in PERSON_TITLE_ENDS or (t.low == "viên" and k and toks[k - 1].low in VIEN_TITLES):
            return True
    return False


def find_mentions(doc: Doc) -> None:
    toks = doc.toks
    runs = _runs(doc)
    place_names = {
        _place_at(toks, a, b)
        for a, b, _ in runs
        if (cue := _place_cue(toks, a))
        and (cue == 2 or toks[a - 1].low == "châu" or not _office_before(toks, a))
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
        lead = 0
        while lead < len(words) - 1 and words[lead] in RUN_HONORIFICS:
            lead += 1
        if " ".join(words[lead:]) in PLACES:
            continue  # "Bồ Đào Nha", whatever family name it starts with
        # "Tổng thống Mỹ Bush": a title before the country the run opens with is the name's
        country_titled = False
        if not lead and a > 0 and words[0] in COUNTRIES:  # rare: the words before are read only then
            before = doc.lows[max(0, a - 2) : a]  # "Bộ trưởng Quốc phòng Mỹ Rumsfeld"; not "báo Israel X"
            titled = title_before(toks, 0, a) and before[-1] not in ORG_BEFORE
            country_titled = titled or before[-1] in TITLE_LOWER or " ".join(before) in TITLE_LOWER
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
        name = tuple(rest[s:e])
        start, end = offset + s, offset + e
        if start == a:
            start, name = initials_before(doc, start, name)
        given = None  # "Lee" of "ông Lee R. Raymond": a mention of its own, now in the longer name
        while doc.mentions and doc.mentions[-1].start >= start:
            given = doc.mentions.pop()
        m = Mention(min(a, start), start, end, name, strong, doc.sent_of[start], doc.in_quote[start])
        if lead and start == offset:
            m.honorific = m.person_title = True
        elif start == a:
            m.honorific, m.person_title = _person_title_before(toks, start)
            m.person_title = m.person_title or after_title
        elif start == offset and country_titled and rest == strip_places(words, place_names, True):
            m.person_title = True
        elif given is not None and given.start == start:
            m.first, m.honorific, m.person_title = given.first, given.honorific, given.person_title
        # "Chủ tịch CLB Phan Quốc Bảo" holds an office; "Trường THPT Nguyễn Khuyến" is a school
        # "Chủ tịch CLB Phan Quốc Bảo" holds an office; "CLB Sông Lam", "Trường THPT Mạc Đĩnh Chi" do not
        # "Vụ trưởng Vụ Đại học và Sau đại học Bành Tiến Long": an office holder after the office's
        # name; "Hiệu trưởng Trường THPT Nguyễn Thị Minh Khai" stays a school
        person_like = strong or not all(map(vietnamese, name))  # "Phát ngôn viên quân đội Azem B. Agouna"
        office = (
            person_like
            and words_of(name) >= 3
            and not _strict_org_before(toks, a)
            and _office_before(toks, a, 10)
        )
        office = office or (start > a and _office_before(toks, a))  # "Tham mưu trưởng Hải quân Indonesia X"
        account = a >= 2 and toks[a - 2].low == "tài" and toks[a - 1].low == "khoản" and 2 <= len(name) <= 3
        account = account and all(map(vietnamese, name))  # "tài khoản Minh Nhật bình luận": a reader
        if not m.person_title and not office and not account and _org_before(toks, a, strong):
            m.valid = False
        elif not strong and doc.lows[max(0, a - 2) : a] == ["lãnh", "đạo"] and all(map(vietnamese, name)):
            m.valid = False  # "Theo lãnh đạo Bảo Việt VN": the firm's leadership, no person named
        elif len(name) == 1 and not strong:
            m.valid = m.honorific  # other single words are settled below
        elif (not strong or words_of(name) == 2) and is_place(
            name, place_names, m.honorific or quoted_speaker(doc, m)
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
    titled_words = {
        m.tokens[0]
        for m in doc.mentions
        if len(m.tokens) == 1
        and m.person_title
        and (m.honorific or not (org_office_before(toks, m.start) or plural_before(toks, m.start)))
    }
    teams = team_words(toks) if titled_words else set()
    titled_words -= {
        m.tokens[0]
        for m in doc.mentions
        if len(m.tokens) == 1 and not m.honorific and team_word_before(toks, m.start, teams)
    }
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
            if not m.valid and described_speaker(doc, m):
                m.valid = True  # "Hoa, 25 tuổi, nhân viên văn phòng, cho biết"
                described.add(word)
        else:
            m.valid = short_form or word in titled_words
            if not m.valid:
                if org_words is None:
                    org_words = _org_words(toks, runs)
                if speaks_alone(doc, m, org_words):
                    m.valid = True  # '"...", Ronaldinho khẳng định', "Farrell cho biết:"
                    doc.lone_names.add(word)
    doc.titled_words = titled_words
    # what the text shows of one name holds for all its mentions: "Thái Cực Quyền này" anywhere
    not_names = {m.tokens for m in doc.mentions if m.valid and not_a_name(doc, m.start, m.end, m.tokens)}
    for m in doc.mentions:
        if m.valid and m.tokens in not_names:
            m.valid = False
    # "ông Tuấn", "Bà Lan nói" open a sentence; "Bà Rịa" inside one is a place
    doc.honored = {
        m.tokens[0]
        for m in doc.mentions
        if len(m.tokens) == 1
        and m.honorific
        and m.valid
        and (toks[m.start - 1].text.islower() or m.first == 0 or doc.sent_of[m.first - 1] != m.sent)
    } | described
    prev = None
    for m in doc.mentions:
        if m.valid:  # what _look_left finds is only read for valid mentions
            _look_left(doc, m, prev)
            prev = m
        doc.by_sent.setdefault(m.sent, []).append(m)


def _org_words(toks: list[Tok], runs: list[tuple[int, int, bool]]) -> set[str]:
    """Words that name a club, a paper or a firm somewhere in the article: "CLB X", "tờ Marca";
    not "về Michelle", "gia đình Michelle" (org_words_skip.txt)."""
    return {
        toks[a].text
        for a, _, _ in runs
        if _org_before(toks, a, False)
        and not _person_title_before(toks, a)[1]
        and toks[a - 1].low not in ORG_WORDS_SKIP
        and not (a >= 2 and f"{toks[a - 2].low} {toks[a - 1].low}" in ORG_WORDS_SKIP)
    }


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


def _look_left(doc: Doc, m: Mention, prev: Mention | None) -> None:
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
    while k > i:
        t = toks[k - 1]
        if t.low in BLOCKERS and k - 2 >= i and toks[k - 2].low in ORG_NOUNS:
            k -= 1  # "Ban kỷ luật": a noun, not "kỷ luật ông X"
            continue
        if (
            k - 2 >= i
            and f"{toks[k - 2].low} {t.low}" in NOUN_PAIRS
            and (
                (k == m.first and _office_before(toks, k, 10))
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
        in_name = t.text.islower() and k - 2 >= i and toks[k - 2].cap
        if in_name and FUNCTION_WORDS.isdisjoint((t.low, toks[k - 2].low)):
            k -= 1  # a lowercase syllable of a Title Case name, even a blocker's: "Ủy ban Bầu cử"
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
        if t.low in {"tại", "ở"} and k == m.first < m.start and _office_before(toks, k - 1):
            k -= 1  # "Đại sứ Mỹ tại Việt Nam X": the post's place (off the name's run), not "tại X"
            continue
        if (
            t.low == "là"
            and all(toks[j].low in HONORIFICS for j in range(k, m.first))
            and _office_before(toks, k - 1, 10)
        ):
            k -= 1  # "Riêng trưởng Công an quận thời kỳ đó là ông X thì cho biết": who held it
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
    if chain[:1] == ["theo"] or chain[:2] in (["cũng", "theo"], ["còn", "theo"]):
        rest = chain[chain.index("theo") + 1 :]
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
        m.theo = not any(w in THEO_REJECT or w in BLOCKERS for w in before_title)
        m.blocked = m.blocked and not m.theo
        chain = rest
    pairs = {" ".join(chain[k : k + n]) for n in (2, 3) for k in range(len(chain) - n + 1)}
    if m.honorific or m.person_title or any(w in TITLE_TOKENS for w in chain) or pairs & TITLE_LOWER:
        m.titled = True  # "Phát ngôn viên quân đội X"
    m.role, m.appos_role = role_of(doc, m)
    if kin_before(doc, m):
        m.blocked, m.theo = True, False  # "Mẹ cháu X nói", "Theo gia đình anh X,": the relative speaks
