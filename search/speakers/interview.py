"""The interviewee of a question-and-answer interview: '- Chị thấy thế nào? - Tôi ...'.

An interview prints each question and each answer after a dash; the person answering is
named in the title ("Đỗ Hải Yến tự tin khi đóng phim của chồng") or, when the title names no
one, in the lead before the first question ("... Dưới đây là cuộc trả lời phỏng vấn của
Hypponen"). Only one person may be named there: with two, who answers is not known.
"""

from __future__ import annotations

from itertools import compress, count

from search.speakers.document import Doc, Event, Mention
from search.speakers.names import resolver

__all__ = ["interviewee"]

_DASHES = frozenset({"-", "–"})
_OPENS = frozenset({".", "!", "?", '"', "”", "»", ":"})
_QUOTE_MARKS = frozenset({"'", '"', "“", "‘", "«"})


def interviewee(doc: Doc) -> list[Event]:
    """One event for the person who answers, at their first mention, or none."""
    toks = doc.toks
    starts = [
        k
        for k in compress(count(), map(_DASHES.__contains__, doc.texts))
        if k == 0 or toks[k - 1].text in _OPENS or "\n" in doc.text[toks[k - 1].end : toks[k].start]
    ]
    # a question ends right before an answer's dash: "...thế nào? - Tôi ..."
    asked = [k for k in starts if k and toks[k - 1].text == "?"]
    if len(asked) < 2 or not any("tôi" in doc.lows[a : a + 40] for a in asked):
        return []
    lead_end = starts[0]
    resolve = resolver(doc)
    lead = [m for m in doc.mentions if m.end <= lead_end and m.valid and not m.in_quote]
    # a title in quotation marks is the interviewee's words: "'Giỗ tổ Hùng Vương là dịp ...'"
    quoted_title = toks[0].text in _QUOTE_MARKS
    lead = [m for m in lead if not (quoted_title and m.sent == 0)]
    for group in ([m for m in lead if m.sent == 0], lead):
        people: dict[tuple[str, ...], Mention] = {}
        for m in group:
            person = resolve(m)
            if person is not None:
                people.setdefault(person, m)
        if len(people) == 1:
            m = next(iter(people.values()))
            return (
                [Event(m, m.start, quoted=True)]
                if (m.strong or m.titled or m.honorific or len(m.tokens) > 1)
                else []
            )
        if people:
            return []
    return []
