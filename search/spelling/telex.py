"""Telex and VNI typed without an input method: ``vieejt`` and ``vie65t`` are ``việt``.

:func:`decode` reads one typed word as Telex (``aa``→â, ``ow``→ơ, ``dd``→đ,
a tone letter s f r x j after the vowel) or VNI (digits 1-9) and puts the tone
on the vowel Vietnamese spelling wants. It only proposes: the archive decides
(a decoded word must be one it holds, and the context must prefer it).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["decode"]

_TELEX_TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_VNI_TONES = {"1": "\u0301", "2": "\u0300", "3": "\u0309", "4": "\u0303", "5": "\u0323"}
_VOWELS = "aăâeêioôơuưy"
_SHAPED = "ăâêôơư"
_TELEX_SHAPES = [("uwow", "ươ"), ("uow", "ươ"), ("uwo", "ươ"), ("aa", "â"), ("aw", "ă"), ("ee", "ê")]
_TELEX_SHAPES += [("oo", "ô"), ("ow", "ơ"), ("uw", "ư"), ("w", "ư")]
_VNI_SHAPES = {"6": {"a": "â", "e": "ê", "o": "ô"}, "7": {"o": "ơ", "u": "ư"}, "8": {"a": "ă"}}
_WORD = re.compile(r"[a-z0-9]+")


def _place_tone(word: str, tone: str) -> str | None:
    """``word`` (shaped letters, no tone) with ``tone`` on the vowel spelling wants."""
    m = re.search(f"[{_VOWELS}]+", word)
    if m is None:
        return None
    start, end = m.span()
    onset = word[:start]
    if (onset == "q" and word[start] == "u") or (onset == "g" and word[start] == "i" and end - start > 1):
        start += 1  # the u of "qu", the i of "gi" belong to the onset
    vowels = word[start:end]
    if re.search(f"[{_VOWELS}]", word[end:]):
        return None  # two vowel groups: not one syllable
    shaped = [i for i, v in enumerate(vowels) if v in _SHAPED]
    if shaped:
        at = shaped[-1]
    elif end < len(word) or len(vowels) == 1:
        at = len(vowels) - 1
    elif len(vowels) == 2:
        at = 0
    else:
        at = 1
    pos = start + at
    return unicodedata.normalize("NFC", word[: pos + 1] + tone + word[pos + 1 :]) if tone else word


def _telex(word: str) -> str | None:
    if any(ch.isdigit() for ch in word):
        return None
    first_vowel = re.search(f"[{_VOWELS}]", word)
    if first_vowel is None:
        return None
    head, tail = word[: first_vowel.start()], word[first_vowel.start() :]
    tone = ""
    kept = []
    for ch in tail:
        if ch in _TELEX_TONES:
            tone = _TELEX_TONES[ch]
        else:
            kept.append(ch)
    tail = "".join(kept)
    if head.startswith("dd"):
        head = "đ" + head[2:]
    for typed, shaped in _TELEX_SHAPES:
        tail = tail.replace(typed, shaped)
    if "w" in head:
        return None
    return _place_tone(head + tail, tone)


def _vni(word: str) -> str | None:
    if not any(ch.isdigit() for ch in word) or not any(ch.isalpha() for ch in word):
        return None
    letters: list[str] = []
    tone = ""
    for ch in word:
        if ch in _VNI_TONES:
            tone = _VNI_TONES[ch]
        elif ch in _VNI_SHAPES:
            for i in range(len(letters) - 1, -1, -1):
                if letters[i] in _VNI_SHAPES[ch]:
                    letters[i] = _VNI_SHAPES[ch][letters[i]]
                    if ch == "7" and i > 0 and letters[i] == "ơ" and letters[i - 1] == "u":
                        letters[i - 1] = "ư"  # "uo7": ươ
                    break
            else:
                return None
        elif ch == "9":
            if "d" not in letters:
                return None
            letters[letters.index("d")] = "đ"
        elif ch.isdigit():
            return None
        else:
            letters.append(ch)
    return _place_tone("".join(letters), tone)


def decode(typed: str) -> str | None:
    """The Vietnamese syllable a lowercase ASCII word spells in Telex or VNI, or None."""
    if not _WORD.fullmatch(typed):
        return None
    decoded = _vni(typed) or _telex(typed)
    return decoded if decoded and decoded != typed else None
