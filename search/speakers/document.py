"""The records the steps share: a token, a name mention, the article being read, a speech event."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Doc", "Event", "Mention", "Tok"]


class Tok:
    """A token and its offsets in the article's text; ``low`` is the text in lowercase."""

    __slots__ = ("end", "low", "start", "text")

    def __init__(self, text: str, start: int, end: int, low: str) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.low = low

    @property
    def word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def cap(self) -> bool:
        """A name syllable: capital first letter, some lowercase letters ("Lâm", "Hang-seo");
        after a capital, "not all capitals" says "some lowercase" without a Python loop."""
        t = self.text
        return t[0].isupper() and not t.isupper()

    @property
    def upper(self) -> bool:
        return len(self.text) >= 2 and self.text.isupper()


@dataclass
class Mention:
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
    # the clause opens with a longer title the governor belongs to ("Nhà khoa học thần kinh X")
    title_opens: bool = False
    blocked: bool = False  # that word makes the name an object ("gặp", "với", "của")
    theo: bool = False  # the clause is "Theo <name>, ..."
    role: str = ""
    appos_role: bool = False  # the role comes from an appositive ("X, Giám đốc Y,")


@dataclass
class Doc:
    """The article being read: its normalised text, its tokens with their sentence numbers and
    quotation flags, and the mentions found in it."""

    text: str
    toks: list[Tok]
    sent_of: list[int]
    in_quote: list[bool]
    mentions: list[Mention] = field(default_factory=list)
    titled_words: set[str] = field(default_factory=set)  # single names seen after a title
    honored: set[str] = field(default_factory=set)  # single names seen after "ông", "chị" ...
    lone_names: set[str] = field(default_factory=set)  # foreign single names that speak on their own
    # single names after a person's title and before a verb of saying ("Tổng thống Moon cho biết")
    titled_plain: set[str] = field(default_factory=set)
    by_sent: dict[int, list[Mention]] = field(default_factory=dict)  # mentions of each sentence
    closing_quotes: list[int] = field(default_factory=list)  # token index of each closing quotation mark
    # the tokens' text and lowercase text as plain lists, for scans over every token
    texts: list[str] = field(default_factory=list)
    lows: list[str] = field(default_factory=list)

    def in_sentence(self, sent: int) -> list[Mention]:
        return self.by_sent.get(sent, [])


@dataclass
class Event:
    mention: Mention
    pos: int  # token index of the verb (or the name) for ordering
    quoted: bool = False  # attached to a quotation: '"...", X nói' or 'X nói: "..."'
    personal: bool = False  # said by a pronoun or a role ("anh", "siêu sao"): the name is a person's
