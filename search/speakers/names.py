"""Person names: the name in a run of capitals, canonical names, short forms joined to full names."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from search.speakers.document import Doc, Mention
from search.speakers.lexicon import (
    COUNTRIES,
    GIVEN_HEADS,
    GIVEN_NAMES,
    HONORIFIC_TITLES,
    MAX_PLACE,
    MIDDLE_MARKERS,
    NAME_PARTICLES,
    ORG_BEFORE,
    ORG_HEADS,
    ORG_WORDS,
    PLACES,
    RUN_HONORIFICS,
    SINGLE_BLOCK,
    SURNAMES,
    TITLE_RE,
)
from search.speakers.tokens import TOKEN_RE
from search.vietnamese.text import fold, has_diacritics, normalize

_VI_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"[aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?$"
)

# a sovereign's or a pope's number after a foreign name ("Elizabeth II", "Benedict XVI",
# "James A. Baker III"); not "I", "V", "X", which are letters and initials too
REGNAL = re.compile(r"X{0,2}(?:II|III|IV|VI|VII|VIII|IX)|X{1,2}[IV]|XX")

# an initial standing for a foreign given name ("A." of "A. Riedl", "Ng." of "Ng. Bee")
INITIAL = re.compile(r"[A-ZĐ][a-z]?\.")

# First syllables of an office ("Giám đốc", "Trưởng Công an"): they end a name, and open none.
OFFICE_STARTS = frozenset({"Giám", "Phó", "Chủ", "Bí", "Trưởng", "Tổng", "Bộ", "Sở", "Thứ"})

__all__ = [
    "INITIAL",
    "OFFICE_STARTS",
    "REGNAL",
    "canonical_name",
    "is_place",
    "main_person",
    "name_in_run",
    "one_edit",
    "opens_with_place",
    "particles_at",
    "resolver",
    "spells_out",
    "strip_places",
    "vietnamese",
]


@lru_cache(maxsize=1 << 16)
def vietnamese(word: str) -> bool:
    """Could this be one Vietnamese syllable? ("Lâm" yes; "Tuchel", "Park", "Woon-jae" no)."""
    return bool(_VI_SYLLABLE.match(word.lower()))


def one_edit(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` one insertion, deletion, substitution or transposition apart?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]  # one letter more in b
    if a[i + 1 :] == b[i + 1 :]:
        return True  # one letter changed
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


def strip_places(
    words: list[str], places: set[str] | frozenset[str] = frozenset(), titled: bool = False
) -> list[str]:
    """Drop a leading place from a run: "Hà Nội Đinh Tiến Dũng" → "Đinh Tiến Dũng". A country
    before one foreign word goes only after a title ("Tổng thống Mỹ Bush"; "Jordan Greenhall")."""
    while words:
        # before a sovereign's number, two words of a name stay ("Paul Johnson III", "Paul" alone)
        regnal = _numbered(words)
        for n in range(min(MAX_PLACE, len(words) - 1 - regnal), 0, -1):
            head = " ".join(words[:n])
            if head in PLACES or (head in places and len(words) - n - regnal > regnal):
                words = words[n:]
                break
        else:
            rest = words[1:]
            foreign = len(rest) >= 2 and (rest[0] in SURNAMES or not all(map(vietnamese, rest)))
            if words[0] in COUNTRIES and (foreign or titled and len(rest) == 1 and not vietnamese(rest[0])):
                words = rest  # "Nga Vladimir Putin", "Mỹ Antony Blinken", "Mỹ Bush"; not "Mỹ Tâm"
                continue
            return words
    return words


def _numbered(words: list[str] | tuple[str, ...]) -> int:
    """1 when a name's last word is a sovereign's number ("Elizabeth II"), else 0."""
    return 1 if words and REGNAL.fullmatch(words[-1]) else 0


def opens_with_place(words: list[str]) -> bool:
    """Does a run open with a place of several words before a name ("Vua Đan Mạch Frederik")?"""
    return any(" ".join(words[:n]) in PLACES for n in range(2, min(MAX_PLACE, len(words) - 1) + 1))


def name_in_run(words: list[str]) -> tuple[int, int, bool] | None:
    """(start, end, strong) of the person name inside a run of capitalised words, or None."""
    n = len(words)
    for i in range(2, n):
        if words[i] in OFFICE_STARTS:
            n = i  # a title after the name: "Nguyễn Văn A Giám đốc ..."
            break
    if n == 0:
        return None
    for i in range(max(0, n - 4), n - 1):
        if words[i] in SURNAMES or (words[i + 1] in MIDDLE_MARKERS and n - i >= 3):
            return i, n, True
    particles = sum(w in NAME_PARTICLES for w in words[:n])  # "Robin van Persie" is three words
    if n - particles <= 4:
        return 0, n, False
    start = n - 2  # "Liên Hợp Quốc Kofi Annan": the name closes the run
    while start > 0 and words[start] in NAME_PARTICLES:
        start -= 1  # "Luiz Inácio Lula da Silva": not "da Silva"
    return start, n, False


_QUARTERS = frozenset({"Tây", "Đông", "Nam", "Bắc"})  # a quarter of a place is a place


def is_place(
    words: tuple[str, ...], place_names: set[str], honorific: bool = False, titled: bool = False
) -> bool:
    """Whether a run names a place or a body, not a person.

    A first word that opens organisations' names ("Trung tâm", "Quân khu") makes the run one,
    unless an honorific says a person is meant: "anh Trung Hiếu", "anh Quân Ngô"; or a person's
    title, before two words whose first is also a given name (given_heads.txt): "tiền vệ Quốc Vượng".
    """
    name = " ".join(words)
    if name in PLACES or name in place_names:
        return True
    rest = " ".join(words[1:])
    if words[0] in _QUARTERS and (rest in PLACES or rest in place_names):
        return True  # "ở phía Tây London", "Đông Timor"
    person = (honorific or (titled and len(words) == 2 and words[0] in GIVEN_HEADS)) and all(
        map(vietnamese, words)
    )
    # "Ban Ki-moon", "Kim Jong-un": a Korean given name after the family name, no "Ban" (board)
    korean = any(_KOREAN_GIVEN.match(w) for w in words[1:])
    if words[0] in ORG_HEADS and not person and not korean and not (len(words) >= 3 and words[0] in SURNAMES):
        return True
    if len(words) >= 3 and " ".join(words[-2:]) in PLACES:
        return True  # "Công ty TNHH Dụ Đức Việt Nam"
    return any(w in ORG_WORDS or "Covid" in w for w in words)


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
        tokens = TOKEN_RE.findall(stripped)
        for k, w in enumerate(tokens):
            capital = (w[0].isupper() and any(c.islower() for c in w)) or (len(w) == 1 and w.isupper())
            if capital or (run and REGNAL.fullmatch(w)):  # "Elizabeth II"
                run.append(w)
                last = run
            elif (
                w in NAME_PARTICLES
                and run
                and (run[-1] in NAME_PARTICLES or particles_at(run[-1], tokens[k : k + 3]))
            ):
                # "Robin van Persie", "Ursula von der Leyen" (its second, once the first joined)
                run.append(w)
            elif w == "." and run and len(run[-1]) == 1:
                run[-1] += "."
            elif w[0].isalpha() or w[0].isdigit():
                run = []
        words = [w for w in last if len(w) > 1]
        lead = 0
        while lead < len(words) - 1 and words[lead] in RUN_HONORIFICS:
            lead += 1
        rest = strip_places(words[lead:])
        found = name_in_run(rest)
        if found is None:
            continue
        s, e, strong = found
        person = tuple(rest[s:e])
        if len(person) == 1 and not strong:
            # "Thành ủy", "Bộ Công an" name bodies; "ông Trung" is a person
            if run is not last or (not titled and person[0] in SINGLE_BLOCK):
                continue
        elif (not strong or len(person) == 2) and is_place(person, set()):
            continue
        return " ".join(person)
    return ""


def words_of(name: tuple[str, ...]) -> int:
    """How many words a name has, its particles aside ("Corriere della Sera" has two)."""
    return sum(w not in NAME_PARTICLES for w in name)


def particles_at(before: str, words: Sequence[str]) -> int:
    """How many lowercase particles (one or two) open ``words`` and join ``before`` to the name
    word after them: "Robin |van| Persie", "Ursula |von der| Leyen", "Von |der| Leyen"; 0 when
    they do not."""
    k = 0
    while k < min(2, len(words) - 1) and words[k] in NAME_PARTICLES and words[k].islower():
        k += 1
    joined = k + (before.lower() in NAME_PARTICLES)  # "Von der": the word before is one too
    return k if k and particle_between(before, words[k], joined) else 0


def particle_between(before: str, after: str, particles: int = 1) -> bool:
    """Can particles stand between these two words of a name ("Erik ten Hag")? One only when
    neither could be a Vietnamese syllable ("Việt Nam do HLV Park" is no name); two ("Ursula
    von der Leyen") are no Vietnamese, and one word may then look like a syllable."""
    if not after[:1].isupper():
        return False
    if particles >= 2:  # "Von der Leyen": the first word a particle too
        return before.lower() in NAME_PARTICLES or not (vietnamese(before) and vietnamese(after))
    return not vietnamese(before) and not vietnamese(after)


_KOREAN_GIVEN = re.compile(r"[A-Z][a-z]+-[a-z]+$")


def unglued(person: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """A foreign name without the capitalised Vietnamese word a run glued before it: "khoa
    Mắt Mark Humayun" is Mark Humayun ("Mắt": eyes, the department); a family name stays."""
    if (
        person is None
        or len(person) < 3
        or person[0] in SURNAMES
        or not has_diacritics(person[0])
        or not vietnamese(person[0])
        or any(map(vietnamese, person[1:]))
    ):
        return person
    return person[1:]


def _one_accent_off(full: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """The same syllables but for one, spelled with other accents ("Thanh" for "Thành")."""
    off = [(a, b) for a, b in zip(full, short, strict=True) if a != b]
    return len(off) == 1 and fold(off[0][0]) == fold(off[0][1])


# Honorifics that go with a family name ("ông Trần", "cụ Võ"); "chị Hoàng" is a given name.
_ELDERS = frozenset({"ông", "bà", "cụ", "ngài"})


def _foreign_tail(words: tuple[str, ...]) -> tuple[str, ...] | None:
    """The foreign name a run ends with: from a known given name on, two to four capitalised
    foreign words, none a country's, a place's or an organisation's ("Tổng thư ký Liên Hiệp Quốc
    Kofi Annan" gives "Kofi Annan"; "Libăng Emile Lahoud" gives "Emile Lahoud")."""
    i = len(words)
    while i > 0 and not vietnamese(words[i - 1]) and words[i - 1][:1].isupper():
        i -= 1
    while i < len(words) and words[i] not in GIVEN_NAMES:
        i += 1
    tail = words[i:]
    if not 2 <= len(tail) <= 4 or any(w in COUNTRIES or w in PLACES or w in ORG_WORDS for w in tail):
        return None
    return tail


def spells_out(initial: str, word: str) -> bool:
    """Is ``word`` a given name written out that the initial stands for ("Alfred" for "A.")?"""
    return word.startswith(initial[:-1]) and not INITIAL.fullmatch(word)


def _spelled_out(words: tuple[str, ...], full: set[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The one full name of the article that a short foreign form writes another way: its
    initial spelled out ("A. Riedl" for "Alfred Riedl"), or its particle capitalised at the start
    ("Van Basten" for "Marco van Basten"); None when there is none, or more than one."""
    n = len(words)
    if INITIAL.fullmatch(words[0]):
        found = {
            f for f in full if len(f) >= n and f[-(n - 1) :] == words[1:] and spells_out(words[0], f[-n])
        }
    elif words[0].lower() in NAME_PARTICLES and words[0][0].isupper():
        low = (words[0].lower(), *words[1:])
        found = {f for f in full if len(f) > n and f[-n:] == low}
    else:
        return None
    return next(iter(found)) if len(found) == 1 else None


def resolver(doc: Doc) -> Callable[[Mention], tuple[str, ...] | None]:
    """Map a mention to its person (a full name), or None when it cannot be trusted."""
    # "cầu X" is a bridge, but "yêu cầu chị Huỳnh Cúc" asks a person: an honorific between says so
    inventory = {
        m.tokens
        for m in doc.mentions
        if m.valid and len(m.tokens) >= 2 and (m.governor not in ORG_BEFORE or m.honorific or m.title_opens)
    }

    # the foreign names the article writes in full, read or not as a person's ("Lleyton Hewitt và
    # David Nalbandian", "Tổng thư ký Liên Hiệp Quốc Kofi Annan"): a run's foreign tail of two
    # words or more, no country, place or organisation's word in it
    foreign_full = {tail for m in doc.mentions if (tail := _foreign_tail(m.tokens))}

    def titled_so(f: tuple[str, ...], title: tuple[str, ...]) -> bool:
        """Is the full name f written somewhere right after this title?"""
        n = len(title)
        return any(
            m.valid and m.tokens == f and m.start >= n and tuple(doc.lows[m.start - n : m.start]) == title
            for m in doc.mentions
        )

    def resolve(m: Mention) -> tuple[str, ...] | None:
        words = m.tokens
        n = len(words)
        if n >= 3 and m.strong:
            return words
        if n >= 2 and (same := _spelled_out(words, inventory | foreign_full)):
            return same
        # a sovereign's number closes a name without being its family name: "Horan", "Lansing Horan IV"
        longer = {f for f in inventory if len(f) > n and f[: len(f) - _numbered(f)][-n:] == words}
        if n == 1:
            longer |= {f for f in inventory if f[0] == words[0] and not vietnamese(f[-1])}
        if n == 1 and not longer and words[0] in doc.titled_plain:
            # "Đạo diễn Vương nói" and "Vương Gia Vệ": a Chinese name is short for its family name
            longer = {f for f in inventory if f[0] == words[0]}
        elif n == 1 and not longer and words[0] in SURNAMES and m.start and doc.lows[m.start - 1] in _ELDERS:
            # "Ông Từ kêu gọi" and "Từ Giả Hoa", "cụ Võ" and "Võ An Ninh": an elder or an official
            # by the family name of the one full name that has it (else the short form, as before)
            family = {f for f in inventory if f[0] == words[0]}
            if len(family) == 1:
                return next(iter(family))
        if not longer and not vietnamese(words[-1]):
            # "Hewitt" is "Lleyton Hewitt" where the article writes him so, though no title says so
            longer = {f for f in foreign_full if len(f) > n and f[-n:] == words}
        # "Son" with "Xuân Son" and "Nguyễn Xuân Son": one person, under the longest name
        longer = {f for f in longer if not any(len(g) > len(f) and g[-len(f) :] == f for g in longer)}
        if len(longer) == 1:
            return next(iter(longer))
        if longer:
            # a short form two people share stands for the one the article titled as it titles
            # this mention ("thủ môn Kahn" is "thủ môn Oliver Kahn", not "Rolf Kahn"), else no one;
            # an honorific alone ("ông", "cô") says too little
            title = tuple(doc.lows[m.title_start : m.start])
            real = title and any(w not in HONORIFIC_TITLES for w in title)
            same = {f for f in longer if titled_so(f, title)} if real else set()
            return next(iter(same)) if len(same) == 1 else None
        if n >= 2:
            # "HLV Thanh Phương" for "Phùng Thành Phương": one syllable's accents slipped
            slipped = {f for f in inventory if len(f) > n and _one_accent_off(f[-n:], words)}
            return next(iter(slipped)) if len(slipped) == 1 else words
        word = words[0]
        if not vietnamese(word) and len(word) >= 3 and (word in doc.titled_words or word in doc.lone_names):
            return words  # "HLV Tuchel", "ông Somyot", '"...", Ronaldinho khẳng định'
        if vietnamese(word) and (word in doc.honored or word in doc.titled_plain):
            return words  # "ông Tuấn", "Tổng thống Moon", and no full name for them in the article
        return None

    return resolve


def main_person(doc: Doc) -> str | None:
    """The last syllable of the person the article is about: named more often than any other
    (at least three times, a lone syllable such as "Khánh" counting for "Lê Văn Khánh"), once
    with a family name, a title or an honorific; None when no one stands out. A pronoun far
    from any name speaks for them ("Siêu sao 41 tuổi cho rằng")."""
    people = {
        m.tokens[-1]
        for m in doc.mentions
        if m.valid and (m.strong or m.titled or m.honorific or m.person_title)
    }
    counts: dict[str, int] = {}
    for m in doc.mentions:
        key = m.tokens[-1]
        if not m.in_quote and (m.valid or (len(m.tokens) == 1 and key in people)):
            counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]):
        return None
    return ranked[0][0] if ranked[0][0] in people else None
