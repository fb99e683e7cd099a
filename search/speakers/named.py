"""Speech named by the words before a name: "(tờ X) dẫn lời ông Y", "Như chính lời ông X: ...",
"lời tâm sự của anh X", "câu nói nổi tiếng của ông X: '...'", "Như bầu Đức nói, ...".
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from search.speakers.document import Doc, Event, Mention
from search.speakers.lexicon import SPEECH_NOUNS
from search.speakers.verbs import verb_at

__all__ = ["named_speech"]


def _speech_noun(doc: Doc, k: int, m: Mention) -> bool:
    """Does what someone said, as a noun, end right before token k ("lời tâm sự", "câu nói"), with
    what they said in the sentence: a quotation, "Đó là ..." after it, a colon or "rằng" after the
    name, or "như lời" itself? "lấy lời khai của X", "sau bài phát biểu của X" report no words."""
    n = next((n for n in (4, 3, 2) if k >= n and tuple(doc.lows[k - n : k]) in SPEECH_NOUNS), 0)
    if not n:
        return False
    if doc.lows[k - n] in {"như", "theo", "chính", "đúng"}:
        return True
    first = bisect_left(doc.sent_of, m.sent)
    last = bisect_right(doc.sent_of, m.sent)
    if sum(doc.in_quote[first:last]) >= 4:  # a quotation, not scare quotes ('"câu lưu" X')
        return True
    if tuple(doc.lows[first : first + 2]) in {("đó", "là"), ("đây", "là"), ("đấy", "là")}:
        return True
    return any(doc.texts[i] == ":" or doc.lows[i] == "rằng" for i in range(m.end, min(m.end + 6, last)))


def _as_said(doc: Doc, m: Mention) -> bool:
    """ "như X nói, ...", "như X từng khẳng định: ...": a verb of saying right after the name
    ("đã", "từng" aside), then a comma or a colon."""
    j = m.end
    while j < len(doc.toks) and doc.lows[j] in {"đã", "từng", "vẫn", "thường", "cũng"}:
        j += 1
    n = verb_at(doc.toks, j) if j < len(doc.toks) else 0
    return bool(n) and j + n < len(doc.toks) and doc.texts[j + n] in {",", ":"}


def named_speech(doc: Doc) -> list[Event]:
    """Speech that a word before the name names: a paper quoting someone ("dẫn lời ông Y"), what
    someone said as a noun of theirs ("lời tâm sự của anh X"), "như X nói, ..."."""
    toks = doc.toks
    events: list[Event] = []
    for m in doc.mentions:
        if not m.valid or m.in_quote:
            continue
        k = m.title_start
        if k >= 2 and toks[k - 1].low == "lời":
            if toks[k - 2].low in {"dẫn", "trích", "đạt"}:  # "dẫn lời", "truyền đạt lời"
                events.append(Event(m, m.start, quoted=True))
            elif toks[k - 2].low in {"như", "chính", "theo"}:  # "Như chính lời ông X: ..."
                events.append(Event(m, m.start))
        elif k >= 2 and toks[k - 1].low == "của" and _speech_noun(doc, k - 1, m):
            events.append(Event(m, m.start))  # "lời tâm sự của anh X", "câu nói nổi tiếng của ông X"
        elif k >= 1 and toks[k - 1].low == "như" and _as_said(doc, m):
            events.append(Event(m, m.start))  # "Như bầu Đức nói, TP HCM nên quên chức vô địch"
        elif k >= 2 and toks[k - 1].low == "như" and toks[k - 2].low == "nói" and _words_follow(doc, m):
            events.append(Event(m, m.start, quoted=True))  # 'nói như HLV X thì: "..."'
    return events


def _words_follow(doc: Doc, m: Mention) -> bool:
    """'nói như HLV X thì: "..."', "hay nói như X là: ...": the words themselves follow the name,
    after a colon or in quotation marks, within three words."""
    end = min(m.end + 4, len(doc.toks))
    return any(doc.texts[i] == ":" or doc.in_quote[i] for i in range(m.end, end))
