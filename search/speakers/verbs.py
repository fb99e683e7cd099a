"""Speech verbs in the text, with idioms ("nói chung") and noun uses ("ý kiến chỉ đạo") left out."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import compress, count

from search.speakers.document import Doc, Tok
from search.speakers.lexicon import MANNER_WORDS, NEGATIONS, NOT_AFTER, NOUN_BEFORE, SAYING, VERB_FIRST
from search.speakers.tokens import QUOTES

__all__ = ["had_to", "idiom_at", "manner_at", "manner_before", "saying_at", "speech_verbs", "verb_at"]


def idiom_at(lows: list[str], i: int, n: int) -> bool:
    """Does the word after the verb of n tokens at i make an idiom or a noun of it
    (not_speech_after.txt: "nói chung", "kể từ", "phân tích gia")?"""
    return i + n < len(lows) and lows[i + n] in NOT_AFTER.get(tuple(lows[i : i + n]), ())


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
        idiom = idiom_at(doc.lows, i, n) and not (i + n + 1 < len(toks) and toks[i + n + 1].text == ":")
        shared = verb == ("chia", "sẻ")  # "chia sẻ với người hâm mộ hình ảnh": a picture shared with someone
        if shared and nxt == "với" and set(doc.lows[i + n + 2 : i + n + 5]) & NOT_AFTER[verb]:
            idiom = True
        if idiom and not (shared and _with_words(doc, i + n)):
            continue
        if verb == ("nói",) and nxt == "không" and i + 2 < len(toks) and toks[i + 2].low == "với":
            continue  # "nói không với ma túy"
        found.append((i, n))
    where: dict[str, list[int]] = {w: [] for w in _CONDITIONAL}  # one scan for the four below
    for i in compress(count(), map(_CONDITIONAL.__contains__, doc.lows)):
        where[doc.lows[i]].append(i)
    found.extend(_calling(doc, where["gọi"]))
    found.extend(_asking(doc, where["hỏi"]))
    found.extend(_point_raised(doc, where["đặt"]))
    found.extend(_telling(doc, where["cho"]))
    found.extend(_writing(doc, where["viết"]))
    found.sort()
    return found


# verbs of saying only in some constructions: the first word of each
_CONDITIONAL = frozenset({"gọi", "hỏi", "đặt", "cho", "viết"})


def _calling(doc: Doc, at: list[int]) -> list[tuple[int, int]]:
    """'X gọi Shibam là "Manhattan giữa sa mạc"', 'điều mà X gọi là "đáng xấu hổ"': a name given
    in quotation marks is X's word. Not "được gọi là" (X is named), nor "gọi điện" (a call), nor
    an interviewer's question ("- X từng gọi anh là "...", anh nghĩ sao?")."""
    toks, lows = doc.toks, doc.lows
    found = []
    for i in at:
        if doc.in_quote[i] or (i and lows[i - 1] in {"được", "bị", "thường", "tạm", "hay"}) or _asked(doc, i):
            continue
        end = min(i + 9, len(toks) - 1)
        for k in range(i + 1, end):
            if doc.sent_of[k] != doc.sent_of[i] or toks[k].text in QUOTES or lows[k] in {"điện", ","}:
                break
            if lows[k] == "là" and toks[k + 1].text[0] in QUOTES:
                found.append((i, 1))
                break
    return found


def had_to(lows: list[str], k: int, v: int) -> bool:
    """Is "phải" at token k, before the verb at v, a duty done ("đã phải thừa nhận", "cũng phải
    thú nhận", "phải thốt lên") rather than one to come ("sẽ phải trả lời", "phải báo cáo")?"""
    if {"sẽ", "cần", "còn"} & set(lows[max(0, k - 3) : k]):
        return False
    return lows[k - 1] in _DONE_BEFORE or tuple(lows[v : v + 2]) in _OWNED or lows[v] == "thốt"


# "đã phải", "cũng phải": it was done; what one is made to own or cry out was said
_DONE_BEFORE = frozenset({"đã", "cũng", "vừa", "mới", "đành", "liền", "lại"})
_OWNED = frozenset({("thừa", "nhận"), ("thú", "nhận"), ("khai", "nhận"), ("lên", "tiếng")})


def _writing(doc: Doc, at: list[int]) -> list[tuple[int, int]]:
    """ "Quốc Vượng viết: ...", "Britney viết trên trang cá nhân: ...", "X viết rằng ...", 'Thái Bá
    Sang viết "chỉ cần chất lượng, không cần số lượng"': what was written, given after the verb
    (a place to write in between). Not "bài viết", "được viết", nor a work's title in quotation
    marks ('Friedman viết "thế giới phẳng"': five words at most)."""
    toks, lows = doc.toks, doc.lows
    found = []
    for i in at:
        if doc.in_quote[i] or (i and lows[i - 1] in _NOT_WRITING) or _asked(doc, i):
            continue
        if i + 1 < len(toks) and lows[i + 1] in _WORKS:
            continue  # "viết nên một trang sử", "viết nhạc", "viết phần hậu của album": a work
        for k in range(i + 1, min(i + 10, len(toks))):
            if doc.sent_of[k] != doc.sent_of[i] or toks[k].text in {",", ".", ";"}:
                break
            if toks[k].text == ":" or lows[k] == "rằng":
                found.append((i, 1))
                break
            if toks[k].text in QUOTES:
                close = next((j for j in range(k + 1, min(k + 8, len(toks))) if toks[j].text in QUOTES), None)
                if close is None or close - k > 6:
                    found.append((i, 1))  # a sentence, not a title
                break
    return found


_NOT_WRITING = frozenset(
    {"bài", "được", "bị", "cách", "chữ", "lối", "việc", "đang", "giấy", "bút", "tự", "người", "gia"}
)
# what is written when it is a work, not words: "viết nhạc", "viết lời", "viết sách"
_WORKS = frozenset(
    {"nên", "lời", "nhạc", "phần", "bản", "sách", "cuốn", "ca", "kịch", "tiểu", "truyện", "thơ", "tay"}
)


def _point_raised(doc: Doc, at: list[int]) -> list[tuple[int, int]]:
    """ "ĐB X đặt vấn đề: ...", "Ông Y đặt vấn đề, ...", "đặt vấn đề rằng / nên / về ...": a point
    raised. Not "đặt vấn đề nhờ / mua / với bà Z" (a favour asked, an offer made)."""
    lows = doc.lows
    return [
        (i, 3)
        for i in at
        if i + 3 < len(lows)
        and lows[i + 1] == "vấn"
        and lows[i + 2] == "đề"
        and lows[i + 3] in {":", ",", "rằng", "là", "nên", "về"}
        and not doc.in_quote[i]
        and not (i and lows[i - 1] in {"được", "bị", "nghe", "việc"})
    ]


def _asking(doc: Doc, at: list[int]) -> list[tuple[int, int]]:
    """ "Yanukovich hỏi Kuchma rằng ...", "X hỏi: ...", 'X hỏi "..."': a question put, its words
    right after the verb or its object (four words at most). Not "được hỏi" (X is asked), "câu
    hỏi", "học hỏi", "tự hỏi" (wondering), "hỏi thăm", "hỏi mua", nor an interviewer's question."""
    toks, lows = doc.toks, doc.lows
    found = []
    for i in at:
        if doc.in_quote[i] or (
            i and lows[i - 1] in {"được", "bị", "câu", "lời", "chất", "đòi", "tra", "học", "tự", "thăm"}
        ):
            continue
        if i + 1 >= len(toks) or lows[i + 1] in {"thăm", "han", "mua", "vợ", "chồng", "cưới", "đường"}:
            continue
        if toks[i + 1].text == ",":
            words = True  # "ĐB X hỏi, liệu ..."
        else:
            end = min(i + 6, len(toks))
            words = any(
                doc.sent_of[k] == doc.sent_of[i]
                and (lows[k] == "rằng" or toks[k].text == ":" or toks[k].text in QUOTES)
                for k in range(i + 1, end)
            )
        if words and not _asked(doc, i):
            found.append((i, 1))
    return found


def _telling(doc: Doc, at: list[int]) -> list[tuple[int, int]]:
    """ "X cho phóng viên biết", "X cho VnExpress biết": "cho biết" with who was told inside it
    (one to four words, no punctuation). Not "để cho ai biết" (so that someone knows), "không
    cho ai biết", "cho dù vẫn biết" (even though)."""
    toks, lows = doc.toks, doc.lows
    found = []
    for i in at:
        if (
            i + 2 >= len(lows)
            or lows[i + 1] in _NOT_TOLD_AFTER
            or doc.in_quote[i]
            or (i and lows[i - 1] in _NOT_TOLD)
        ):
            continue
        for k in range(i + 2, min(i + 6, len(toks))):
            if not toks[k - 1].word or doc.sent_of[k] != doc.sent_of[i]:
                break
            if lows[k] == "biết" and lows[k - 1] != "quen":  # "cho những người tôi quen biết"
                found.append((i, k - i + 1))
                break
    return found


_NOT_TOLD = frozenset({"để", "không", "chưa", "chẳng", "được", "đừng", "chớ", "nhằm", "phải"})
# "cho biết" itself; "cho dù vẫn biết" (even though), "cho nên", "cho đến"
_NOT_TOLD_AFTER = frozenset({"biết", "dù", "nên", "đến", "tới", "rằng", "là", "hay"})


def _asked(doc: Doc, i: int) -> bool:
    """Is token i inside an interviewer's question: a sentence that opens with a dash and ends
    with a question mark?"""
    sent = doc.sent_of[i]
    first, last = bisect_left(doc.sent_of, sent), bisect_right(doc.sent_of, sent) - 1
    return doc.texts[first] in {"-", "–"} and doc.texts[last] == "?"


def _with_words(doc: Doc, i: int) -> bool:
    """Words come with what is shared: "chia sẻ ảnh ... kèm lời chúc", "... kèm caption: '...'"."""
    end = min(i + 30, len(doc.toks))
    return any(
        doc.sent_of[k] == doc.sent_of[i]
        and (doc.lows[k] in {"kèm", "caption", "viết"} or doc.texts[k] in QUOTES)
        for k in range(i, end)
    )
