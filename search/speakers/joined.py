"""People joined to a speaker in one clause: "X và Y cùng khẳng định", "X, Y và Z đều cho rằng",
"Theo X và Y, ..."."""

from __future__ import annotations

from search.speakers.document import Doc, Mention
from search.speakers.lexicon import TITLE_TOKENS
from search.speakers.names import vietnamese

__all__ = ["co_subjects", "listed_people", "theo_partners"]


def _person(m: Mention) -> bool:
    """A list's member must look like a person's name on its own: a family name, an honorific
    or a title before it, and two words or more ("Mesut Özil", not "Chelsea")."""
    return (
        m.valid and not m.in_quote and not m.blocked and len(m.tokens) >= 2 and (m.strong or m.person_title)
    )


def listed_people(doc: Doc, m: Mention) -> list[Mention]:
    """The people listed before m as one subject, "A, B và m" ("Mesut Özil, Arsène Wenger và
    Sir Alex Ferguson cũng đồng loạt lên án"), nearest first; empty unless "và" stands right
    before m, every member before it follows a comma, and each is a person's name
    (:func:`_person`). Lists of one name and "và" are :func:`co_subjects`' own."""
    if not _person(m):
        return []
    out: list[Mention] = []
    current, joiner = m, "và"
    for p in reversed([p for p in doc.in_sentence(m.sent) if p.end <= m.first]):
        between = doc.lows[p.end : current.first]  # a title may follow the joiner: ", HLV X"
        if between[:1] != [joiner] or not all(w in TITLE_TOKENS for w in between[1:]) or not _person(p):
            break
        out.append(p)
        current, joiner = p, ","
    return out if len(out) >= 2 else []


def co_subjects(doc: Doc, m: Mention) -> list[Mention]:
    """'Thượng tướng Tô Lâm và đồng chí Hoàng Trung Hải cùng khẳng định' gives both; a list
    'X, Y và Z đều cho rằng' gives all three."""
    if many := listed_people(doc, m):
        return many
    out = []
    current = m
    while True:
        prev = None
        for p in doc.in_sentence(current.sent):
            if p.end <= current.first and p.valid and not p.in_quote:
                prev = p
        if prev is None or prev.blocked:
            return out
        between = doc.lows[prev.end : current.first]
        # "cựu tiền vệ Chelsea, Fabregas chia sẻ": a single word before the comma is his club
        listed = len(prev.tokens) >= 2 or prev.honorific or all(map(vietnamese, prev.tokens))
        # "Chủ tịch Exxon Mobil, ông Lee Raymond, cho biết": after a comma, a run that is only
        # a title's (no family name, no honorific) names the office the next person holds
        person = prev.strong or prev.honorific
        # and it opens its clause: in "màn ra mắt của tiền đạo X, ông Kim cho biết" X is no subject
        opens = all(
            w == "cả" for w in doc.lows[prev.chain_start : prev.title_start]
        )  # "cả anh Linh, chị Phượng"
        # "cả X lẫn Y": the second person's title phrase may follow "lẫn" ("lẫn diễn viên Y")
        both = (
            doc.lows[prev.end : current.title_start] == ["lẫn"]
            and opens
            and doc.lows[prev.chain_start] == "cả"
        )
        joined = between[:1] == ["và"] or (
            between[:1] == [","] and current.titled and prev.person_title and listed and person and opens
        )
        if not both and (not joined or not all(w in TITLE_TOKENS or w == "đồng" for w in between[1:])):
            return out
        out.append(prev)
        current = prev


def theo_partners(doc: Doc, m: Mention, stop: int) -> list[Mention]:
    """ "Theo bác sĩ X và bác sĩ Y, ...": the people joined to the first by "và" before the
    clause's comma speak with it."""
    out: list[Mention] = []
    last = m
    for p in doc.in_sentence(m.sent):
        if p.start < last.end or p.start >= stop or not p.valid or p.in_quote:
            continue
        if doc.lows[last.end : p.title_start] != ["và"]:
            break
        out.append(p)
        last = p
    return out
