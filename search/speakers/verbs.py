"""Speech verbs in the text, with idioms ("nói chung") and noun uses ("ý kiến chỉ đạo") left out."""

from __future__ import annotations

from itertools import compress, count

from search.speakers.document import Doc, Tok
from search.speakers.lexicon import MANNER_WORDS, NEGATIONS, NOT_AFTER, NOUN_BEFORE, SAYING, VERB_FIRST
from search.speakers.tokens import QUOTES

__all__ = ["manner_at", "manner_before", "saying_at", "speech_verbs", "verb_at"]


def verb_at(toks: list[Tok], i: int) -> int:
    """Length in tokens of the speech verb starting at token i, or 0."""
    candidates = VERB_FIRST.get(toks[i].low)
    if candidates is None:
        return 0
    for verb in candidates:  # the first word is the token's own: only the others are compared
        n = len(verb)
        if n == 1:
            return 1
        if i + n <= len(toks) and all(toks[i + k].low == verb[k] for k in range(1, n)):
            return n
    return 0


# The lengths of manner_words.txt's phrases, longest first.
_MANNER_SIZES = sorted({len(p) for p in MANNER_WORDS}, reverse=True)


def _manner(words: list[Tok], n: int) -> bool:
    return (
        len(words) == n
        and tuple(t.low for t in words) in MANNER_WORDS
        and all(t.text.islower() for t in words)
    )


def manner_at(toks: list[Tok], i: int) -> int:
    """Length in tokens of the manner phrase of manner_words.txt, in lowercase, starting at token
    i ("ông bất ngờ tuyên bố"), or 0: how someone says it, between the speaker and the verb."""
    return next((n for n in _MANNER_SIZES if _manner(toks[i : i + n], n)), 0)


def manner_before(toks: list[Tok], i: int) -> int:
    """Length in tokens of the manner phrase ending right before token i ("X đặc biệt nhấn
    mạnh"), or 0."""
    return next((n for n in _MANNER_SIZES if i >= n and _manner(toks[i - n : i], n)), 0)


def saying_at(lows: list[str], i: int) -> bool:
    """Does a verb of saying proper (saying_verbs.txt: "nói", "cho biết") start at token i?"""
    return tuple(lows[i : i + 2]) in SAYING or tuple(lows[i : i + 1]) in SAYING


def speech_verbs(doc: Doc) -> list[tuple[int, int]]:
    """(token index, length) of every speech verb outside quotations, idioms left out."""
    toks = doc.toks
    found = []
    for i in compress(count(), map(VERB_FIRST.__contains__, doc.lows)):
        n = verb_at(toks, i)
        if not n or doc.in_quote[i]:
            continue
        if toks[i].text[0].isupper() and (
            (i and doc.sent_of[i - 1] == doc.sent_of[i] and toks[i - 1].word)
            or (i + 1 < len(toks) and toks[i + 1].cap and doc.sent_of[i + 1] == doc.sent_of[i])
        ):
            continue  # a capital inside a sentence or before a name is a name's: "Hứa Tấn Hanh", not "hứa"
        prev = toks[i - 1].text if i else ""
        nxt = toks[i + n].low if i + n < len(toks) else ""
        verb = tuple(doc.lows[i : i + n])
        # "lời khen ngợi" is a noun, but "hết lời khen ngợi" says how one praises (manner_words.txt)
        if (prev in NOUN_BEFORE and not manner_before(toks, i)) or prev in NEGATIONS or nxt == "của":
            continue
        # "Everton đáp trả", but "Mary Pierce thì đáp trả: ..." answers
        idiom = nxt in NOT_AFTER.get(verb, ()) and not (i + n + 1 < len(toks) and toks[i + n + 1].text == ":")
        shared = verb == ("chia", "sẻ")  # "chia sẻ với người hâm mộ hình ảnh": a picture shared with someone
        if shared and nxt == "với" and set(doc.lows[i + n + 2 : i + n + 5]) & NOT_AFTER[verb]:
            idiom = True
        if idiom and not (shared and _with_words(doc, i + n)):
            continue
        if verb == ("nói",) and nxt == "không" and i + 2 < len(toks) and toks[i + 2].low == "với":
            continue  # "nói không với ma túy"
        found.append((i, n))
    return found


def _with_words(doc: Doc, i: int) -> bool:
    """Words come with what is shared: "chia sẻ ảnh ... kèm lời chúc", "... kèm caption: '...'"."""
    end = min(i + 30, len(doc.toks))
    return any(
        doc.sent_of[k] == doc.sent_of[i]
        and (doc.lows[k] in {"kèm", "caption", "viết"} or doc.texts[k] in QUOTES)
        for k in range(i, end)
    )
