"""A title for an untitled article, from its body: a headline line or the first sentence;
and a lead for an article without one: its opening paragraph.

Titles: a given title is kept.  Otherwise the title comes from the body and
``title_derived`` is True: the body's first line when it looks like a
headline (one short line, at most 200 chars, with no sentence break inside and
no final period, followed by more text, as in the Dân Trí dumps), else the
first sentence cut to at most 120 chars at a word boundary with "…".  The body
is never changed, so a headline taken from it stays in it; ``title_derived``
tells consumers that the title repeats the start of the body.
"""

from __future__ import annotations

import re
from pathlib import Path

from search.wordlist import read_entries

TITLE_MAX = 120
HEADLINE_MAX = 200

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+[\"'“‘(\[]*(\w)")
_INNER_BREAK = re.compile(r"(?<!\.)[.!?]\s")
# The token a full stop ends: "TP.", "PGS.TS.", "N.V.K.", "(ThS."
_LAST_TOKEN = re.compile(r"(?:^|[\s(])([^\s(]+)\.$")
_TITLE_ABBREVIATIONS = Path(__file__).with_name("data") / "title_abbreviations.txt"
# A photo caption or credit line that opens many crawled bodies:
# "... tại Ấn Độ (Ảnh: Reuters).", "(Ảnh minh họa)", "Ảnh: Tiến Tuấn", "Nguồn: AP",
# "Ảnh minh họa đĩa bay ...".
_CAPTION = re.compile(
    r"(?:\(\s*(?:Ảnh|Hình|Hình ảnh|Video|Clip|Đồ họa|Đồ hoạ|Nguồn|Photo)\b[^()]*\)"
    r"|(?:^|\s)(?:Ảnh|Nguồn|Photo)\s*:\s*[^.:]{1,60})\s*\.?$"
    r"|^(?:Ảnh|Hình)\s+minh\s+(?:họa|hoạ)\b",
    re.IGNORECASE,
)


_ABBREVIATIONS = frozenset(read_entries(_TITLE_ABBREVIATIONS))


def derive_title(body: str) -> str:
    """A title for an untitled article: its headline line if it has one, else its first sentence.

    Photo captions and credits that open a crawled body are passed over: the
    article starts after them.
    """
    lines = _opening_lines(body)
    if not lines:
        return ""
    first = lines[0]
    if len(lines) > 1 and _is_headline(first):
        return first
    return _shorten(_first_sentence(first))


def derive_lead(body: str) -> str:
    """The opening paragraph of a body that has more than one, photo captions passed over;
    "" otherwise. A news article says what it is about there: the index counts it again as
    the article's lead when the article came without one."""
    lines = _opening_lines(body)
    return lines[0] if len(lines) > 1 else ""


def _opening_lines(body: str) -> list[str]:
    """The body's non-empty lines from where the article starts: the photo captions and
    credits a crawled body opens with are passed over (the last line always stays)."""
    lines = [line.strip() for line in body.strip().split("\n") if line.strip()]
    while len(lines) > 1 and is_caption(lines[0]):
        lines.pop(0)
    return lines


def is_caption(line: str) -> bool:
    """A photo caption or a credit: "... (Ảnh: Reuters).", "Ảnh: Tiến Tuấn"."""
    return bool(_CAPTION.search(line))


def _is_headline(line: str) -> bool:
    return (
        0 < len(line) <= HEADLINE_MAX
        and not _INNER_BREAK.search(line)
        and (line.endswith("...") or line[-1] not in ".:;,")
    )


def _first_sentence(paragraph: str) -> str:
    """Text up to the first sentence end, not fooled by "TP. HCM", "PGS.TS. Nguyễn", "N.V.K. (2 tuổi)" or "2.000"."""
    for match in _SENTENCE_END.finditer(paragraph):
        starts_sentence = match.group(1).isupper() or match.group(1).isdigit()
        after_abbreviation = match.group().startswith(".") and _ends_with_abbreviation(
            paragraph[: match.start() + 1]
        )
        if starts_sentence and not after_abbreviation:
            return _drop_period(paragraph[: match.start() + len(match.group().split()[0])])
    return _drop_period(paragraph)


def _ends_with_abbreviation(text: str) -> bool:
    """Does ``text`` end with a full stop that belongs to an abbreviation?

    "TP.", "UBND.", "GS. TS.": one to four capitals or a listed title alone.
    "PGS.TS.", "N.V.K.": dotted parts ending in an initial or a listed title.
    "TP.HCM." may end a sentence: a place, not a title before a name.
    """
    match = _LAST_TOKEN.search(text)
    if not match:
        return False
    parts = match.group(1).split(".")
    last = parts[-1]
    if len(parts) == 1:
        return last in _ABBREVIATIONS or (last.isupper() and last.isalpha() and len(last) <= 4)
    return (len(last) == 1 and last.isupper()) or last in _ABBREVIATIONS


def _drop_period(sentence: str) -> str:
    """Titles end without a full stop; "?", "!" and "…" stay."""
    sentence = sentence.rstrip()
    return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence


def _shorten(text: str) -> str:
    """At most TITLE_MAX chars, cut at a word boundary with "…"."""
    text = " ".join(text.split())
    if len(text) <= TITLE_MAX:
        return text
    cut = text[: TITLE_MAX - 1]
    space = cut.rfind(" ")
    if space > TITLE_MAX // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
