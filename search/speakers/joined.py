"""People joined to a speaker in one clause: "X và Y cùng khẳng định", "Theo X và Y, ..."."""

from __future__ import annotations

from search.speakers.document import Doc, Mention
from search.speakers.lexicon import TITLE_TOKENS
from search.speakers.names import vietnamese

__all__ = ["co_subjects", "theo_partners"]


def co_subjects(doc: Doc, m: Mention) -> list[Mention]:
    """'Thượng tướng Tô Lâm và đồng chí Hoàng Trung Hải cùng khẳng định' gives both."""
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
        joined = between[:1] == ["và"] or (
            between[:1] == [","] and current.titled and prev.person_title and listed and person and opens
        )
        if not joined or not all(w in TITLE_TOKENS or w == "đồng" for w in between[1:]):
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
