"""Clean an article (credits cut) and cut it into tokens with offsets, sentences and quotations."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, compress, count, repeat
from operator import contains

from search.speakers.document import Doc, Tok
from search.speakers.lexicon import ABBREVIATIONS, TITLES
from search.vietnamese.markup import strip_markup
from search.vietnamese.text import cut, decode_entities, normalize

__all__ = [
    "BOUNDARY",
    "INITIALS",
    "QUOTES",
    "TITLE_FIRST",
    "TOKEN_RE",
    "after_quotation_mark",
    "open_gap",
    "prepare",
    "sentence_punct",
]

QUOTES = '"“”«»'
_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"
BOUNDARY = set(",;:()[]" + QUOTES + ".!?…")

# Photo and source credits: "Ảnh: CAND", "(Ảnh: TTXVN phát)", "Nguồn: [Link nguồn]".
# A credit is an agency in capitals ("TTXVN phát") or at most two capitalised words (a pen name
# "Lâm Thỏa"); VnExpress runs the next sentence on after it: "Ảnh: FAT HLV Ishii cho rằng".
# the letters a name's initial is written with ("George W. Bush", "Nguyễn Đ."); "Á" of "châu Á."
# and "Ý" of "nước Ý." are words that end a sentence
INITIALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐ")
_UP = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isalpha() and c.isupper())
_ALLCAPS = (
    rf"(?!(?:HLV|TS|PGS|GS|BS|NSND|NSƯT|CĐV|KTS|UBND|HĐND|TAND|VKSND)\b)[{_UP}][{_UP}0-9&/.\-]+(?![^\W\d_])"
)
_CAPWORD = rf"[{_UP}][^\W\d_]*"
_CREDIT_RE = re.compile(
    r"\(\s*(?:Ảnh|Nguồn|Video|Clip|Đồ họa|Photo)[^()\n]{0,80}\)"
    r"|\b(?:Ảnh|Nguồn|Video|Clip|Đồ họa|Photo)(?: minh họa)?\s*:\s*"
    rf"(?:\[[^\]\n]{{0,40}}\]|@\S+|{_ALLCAPS}(?:\s+{_ALLCAPS})*(?:\s+phát)?|{_CAPWORD}(?:\s+{_CAPWORD})?)"
    r"(?:\s*[.;])?"
)
# A capitalised syllable with a function word glued on by a careless crawl: "Bỉnhcho", "Kiênngày".
_GLUED_RE = re.compile(rf"\b([{_UP}][^\W\d_]*[^\W\d_a-zA-Z][^\W\d_]*?)(cho|nói|ngày|cũng|khẳng|đã|vừa)\b")
# Emoji and pictographs that open a live blog's items ("⚽ HLV X:", "🔥 Đội trưởng Y:"): a new line.
_BULLET_RE = re.compile("[\u2600-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff]")
TOKEN_RE = re.compile(r"\d+(?:[.,/:]\d+)*|[^\W\d_]+(?:['’\-][^\W\d_]+)*|\S")
_TOKEN_SPLIT = re.compile(f"({TOKEN_RE.pattern})")  # split() keeps the tokens
# The first word of every title, as the text is cut into words: a title can start nowhere else.
TITLE_FIRST = frozenset(TOKEN_RE.match(t).group().lower() for t in TITLES)  # type: ignore[union-attr]
_QUOTE_SCAN = re.compile('[\n"' + _OPEN_QUOTES + _CLOSE_QUOTES + "]")
_STOPS = frozenset(".!?…")


def prepare(text: str, title: str) -> Doc | None:
    """The article as a Doc, the title first unless the body opens with it; None when it has no token.

    Text given as a crawl stored it reads as the indexer reads it: HTML tags out, entities
    decoded ("&quot;" is a quotation mark). The reader has done both to an indexed article."""
    body = normalize(_as_text(text or ""))
    head = normalize(_as_text(title or ""))
    full = body if not head or body.startswith(head) else head + "\n\n" + body
    full = _CREDIT_RE.sub("\n", full)
    full = _GLUED_RE.sub(r"\1 \2", full)  # "Nguyễn Tấn Bỉnhcho biết": a crawl lost the space
    full = _BULLET_RE.sub("\n", full)  # "... kết thúc. 🔥 Đội trưởng X: '...'": a live blog's bullet
    pieces, starts, stops = cut(_TOKEN_SPLIT, full)  # [gap, token, ..., gap]
    texts = pieces[1::2]
    if not texts:
        return None
    lows = list(map(str.lower, texts))
    toks = list(map(Tok, texts, starts, stops, lows))
    inside, closing = _quote_flags(full, starts, stops)
    return Doc(full, toks, _sentences(texts, pieces), inside, closing_quotes=closing, texts=texts, lows=lows)


def _as_text(text: str) -> str:
    return decode_entities(strip_markup(text)) if "<" in text or "&" in text else text


def _quote_flags(text: str, starts: list[int], stops: list[int]) -> tuple[list[bool], list[int]]:
    """True for tokens inside quotation marks (straight quotes paired per paragraph), and the
    token index of each closing quotation mark.

    ``starts``/``stops``: the tokens' offsets, in order.
    """
    spans: list[tuple[int, int]] = []
    straight = opened = None  # an unpaired '"', an unclosed curly quote, in this paragraph
    for match in _QUOTE_SCAN.finditer(text):
        c, i = match.group(), match.start()
        if c == "\n":
            straight = opened = None
            continue
        if c == '"':
            # which way it faces: after a space (or at the start) it opens, after a word it closes;
            # an opening quote while one is open means the first was never closed (a crawl lost it)
            before = text[i - 1] if i else " "
            opens = before.isspace() or before in "([{-–:"
            if not opens and straight is None and opened is not None:
                spans.append((opened, i))  # '“Nó cho phép ...", X nói': crawled text mixes the marks
                opened = None
            elif opens or straight is None:
                straight = i if opens else None
            else:
                spans.append((straight, i))
                straight = None
        elif c in _OPEN_QUOTES:
            opened = i
        elif opened is not None:  # a closing quote
            spans.append((opened, i))
            opened = None
        elif straight is not None:  # '"Đó là cuộc chiến”'
            spans.append((straight, i))
            straight = None
    inside = [False] * len(starts)
    # Token k is inside a span (a, b) when a < its start and its end <= b; starts and
    # ends both increase, so those tokens are one slice.
    for a, b in spans:
        first, last = bisect_right(starts, a), bisect_right(stops, b)
        if last > first:
            inside[first:last] = [True] * (last - first)
    return inside, [bisect_left(starts, b) for _, b in spans]


def _sentences(texts: list[str], pieces: list[str]) -> list[int]:
    """Sentence number of each token: breaks at newlines and at . ! ? … before a capital.

    ``texts``: the tokens; ``pieces``: the text cut as [gap, token, gap, ..., gap].
    """
    n = len(texts)
    bump = [0] * n  # sentences starting at each token
    for i in compress(count(1), map(contains, pieces[2:-1:2], repeat("\n"))):  # the gap before token i
        bump[i] += 1
    for i in compress(count(), map(_STOPS.__contains__, texts)):
        if i + 1 >= n:
            continue
        tok, nxt = texts[i], texts[i + 1]
        prev = texts[i - 1] if i else ""
        if tok == "." and (prev in ABBREVIATIONS or prev in INITIALS):
            continue
        if not pieces[2 * i + 2] and nxt[0].isalpha():
            continue  # "TP.HCM", "ThS.Bs"
        if nxt[0].isupper() or nxt[0] in QUOTES or nxt[0].isdigit():
            bump[i + 1] += 1
    return list(accumulate(bump))


def sentence_punct(doc: Doc, tok: Tok) -> bool:
    """ ";", ":", "!", "?" or a full stop that is not inside "TP.HCM"."""
    if tok.text in ";:!?":
        return True
    return tok.text == "." and doc.text[tok.end : tok.end + 1] in {" ", "\n", ""}


def after_quotation_mark(toks: list[Tok], i: int) -> bool:
    """Does token i follow a quotation mark and a comma or a dash ('"...", X', '"..." - X')?"""
    return i >= 2 and toks[i - 1].text in {",", "-", "–"} and toks[i - 2].text in QUOTES


def open_gap(doc: Doc, start: int, stop: int) -> bool:
    """Tokens [start, stop) a clause may span: at most 40, no quotation, no sentence punctuation."""
    gap = doc.toks[start:stop]
    return len(gap) <= 40 and not any(
        doc.in_quote[start + k] or t.text in QUOTES or sentence_punct(doc, t) for k, t in enumerate(gap)
    )
