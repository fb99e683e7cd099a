"""Which encoding a file's bytes are in, Vietnamese legacy encodings included.

Archives older than Unicode's spread hold Vietnamese in Windows-1258 (tone
marks as combining characters) or TCVN3 (the "ABC" encoding of the .VnTime
fonts).  Such a file is not valid UTF-8, and decoding it as anything else
gives mojibake that would be indexed silently.  So ``sniff`` looks at the
first bytes of a file and answers with a Python codec name, or with a reason
the file cannot be read that says what to do.

Order of the checks: empty; byte-order mark (UTF-8, UTF-32, UTF-16); a known
binary format by its magic number; NUL bytes (UTF-16 without BOM, else
binary); UTF-8 (a few bad bytes among valid UTF-8 letters stay UTF-8, so the
reader can skip just the lines holding them); then Windows-1258 and TCVN3,
each decoding scored by the share of its accented words that are valid
Vietnamese syllables.  The better one is used only when clearly confident
(at least 5 accented words, 80% of them valid, 25 points ahead of the other:
real Vietnamese scores 99%, the wrong legacy codec 10-25%); Latin-1 French or
German text scores low under both and is reported, not indexed as mojibake.

TCVN3 here is TCVN 5712:1993 VN1, of which VN3 (the .VnTime 8-bit fonts) is
a subset, the same table as glibc's ``iconv -f TCVN5712-1``.  VN3 has no
upper-case letters with tones: documents typed in the .VnTimeH capitals
font come out in lower case, which search does not mind.  Both legacy
codecs may give combining tone marks: text from them must be NFC-normalised
(``NFC_CODECS``).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import NamedTuple

__all__ = [
    "LEGACY",
    "NFC_CODECS",
    "TCVN3",
    "Sniffed",
    "encode_cp1258",
    "is_vietnamese_syllable",
    "sniff",
    "vietnamese_share",
]

TCVN3 = "tcvn3"
NFC_CODECS = frozenset({"cp1258", TCVN3})

# What the user is told about each legacy codec: a name, and the iconv name to convert with.
LEGACY = {
    "cp1258": ("Windows-1258", "CP1258"),
    TCVN3: ("TCVN3 (ABC, .VnTime fonts)", "TCVN5712-1"),
}

# Confidence: at least this many accented words, this share of them valid
# syllables, and this lead over the other legacy codec.
MIN_WORDS = 5
MIN_SHARE = 0.8
MIN_LEAD = 0.25

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (combining)


class Sniffed(NamedTuple):
    """A codec to decode with, or (codec None) the reason the file is not read."""

    codec: str | None
    problem: str = ""


# ---------------------------------------------------------------- TCVN3 codec

# TCVN 5712:1993 (VN1) bytes that differ from Latin-1, as pairs of byte and character.
_TCVN3_PAIRS = (
    "\x01Ú\x02Ụ\x04Ừ\x05Ử\x06Ữ\x11Ứ\x12Ự\x13Ỳ\x14Ỷ\x15Ỹ\x16Ý\x17Ỵ"
    "\x80À\x81Ả\x82Ã\x83Á\x84Ạ\x85Ặ\x86Ậ\x87È\x88Ẻ\x89Ẽ\x8aÉ\x8bẸ\x8cỆ\x8dÌ\x8eỈ\x8fĨ"
    "\x90Í\x91Ị\x92Ò\x93Ỏ\x94Õ\x95Ó\x96Ọ\x97Ộ\x98Ờ\x99Ở\x9aỠ\x9bỚ\x9cỢ\x9dÙ\x9eỦ\x9fŨ"
    "¡Ă¢Â£Ê¤Ô¥Ơ¦Ư§Đ¨ă©âªê«ô¬ơ\xadư®đ¯Ằ"
    "°\u0300±\u0309²\u0303³\u0301´\u0323µà¶ả·ã¸á¹ạºẲ»ằ¼ẳ½ẵ¾ắ¿Ẵ"
    "ÀẮÁẦÂẨÃẪÄẤÅỀÆặÇầÈẩÉẫÊấËậÌèÍỂÎẻÏẽ"
    "ÐéÑẹÒềÓểÔễÕếÖệ×ìØỉÙỄÚẾÛỒÜĩÝíÞịßò"
    "àỔáỏâõãóäọåồæổçỗèốéộêờëởìỡíớîợïù"
    "ðỖñủòũóúôụõừöử÷ữøứùựúỳûỷüỹþỵÿỐ"
)
_TCVN3_DECODING = list(map(chr, range(256)))
for _byte, _char in zip(_TCVN3_PAIRS[0::2], _TCVN3_PAIRS[1::2], strict=True):
    _TCVN3_DECODING[ord(_byte)] = _char
TCVN3_DECODING_TABLE = "".join(_TCVN3_DECODING)
_TCVN3_ENCODING = codecs.charmap_build(TCVN3_DECODING_TABLE)


class _TcvnCodec(codecs.Codec):
    def encode(self, text: str, errors: str = "strict") -> tuple[bytes, int]:
        return codecs.charmap_encode(text, errors, _TCVN3_ENCODING)

    def decode(self, data: bytes, errors: str = "strict") -> tuple[str, int]:  # type: ignore[override]
        return codecs.charmap_decode(data, errors, TCVN3_DECODING_TABLE)


class _TcvnIncrementalEncoder(codecs.IncrementalEncoder):
    def encode(self, text: str, final: bool = False) -> bytes:
        return codecs.charmap_encode(text, self.errors, _TCVN3_ENCODING)[0]


class _TcvnIncrementalDecoder(codecs.IncrementalDecoder):
    def decode(self, data: bytes, final: bool = False) -> str:  # type: ignore[override]
        return codecs.charmap_decode(data, self.errors, TCVN3_DECODING_TABLE)[0]


class _TcvnStreamWriter(_TcvnCodec, codecs.StreamWriter):
    pass


class _TcvnStreamReader(_TcvnCodec, codecs.StreamReader):
    pass


def _search_codec(name: str) -> codecs.CodecInfo | None:
    if name.replace("-", "_") not in (TCVN3, "tcvn_3"):
        return None
    return codecs.CodecInfo(
        name=TCVN3,
        encode=_TcvnCodec().encode,
        decode=_TcvnCodec().decode,
        incrementalencoder=_TcvnIncrementalEncoder,
        incrementaldecoder=_TcvnIncrementalDecoder,
        streamwriter=_TcvnStreamWriter,
        streamreader=_TcvnStreamReader,
    )


codecs.register(_search_codec)  # "tcvn3" for bytes.decode and io.TextIOWrapper


def encode_cp1258(text: str) -> bytes:
    """Vietnamese text as Windows writes it in Windows-1258: a precomposed letter when
    the code page has one ("à"), else the letter without tone plus a combining tone ("ộ" = "ô" + dot).

    The inverse of decoding and NFC-normalising; tests use it to make real files.
    """
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in marks if c not in _TONES))
            out += (base + "".join(c for c in marks if c in _TONES)).encode("cp1258")
    return bytes(out)


# ---------------------------------------------------------------- Vietnamese syllables

_SHAPES = "\u0302\u0306\u031b"  # circumflex, breve, horn
_VOWELS = tuple("aeiouy")
_STOP_TONES = "\u0301\u0323"  # a syllable ending in c, ch, p, t takes sắc or nặng only
_ONSET = "ngh|ng|nh|gh|gi|kh|ph|th|tr|ch|qu|[bcdđghklmnprstvx]"
# Rhymes without tone; after "qu" or "gi" the rhyme is one of the plain ones.
_RHYMES = """
a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu yêm yên yêng yêt yêu
o oc oi om on ong op ot oong ooc ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu y
oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet
uân uâng uât uây uê uêch uênh uy uya uych uyn uynh uyp uyt uyu uyên uyêt uơ ych yn ynh yp yt
""".split()
_SYLLABLE = re.compile(f"(?:{_ONSET})?(?:{'|'.join(sorted(_RHYMES, key=len, reverse=True))})")
_WORD = re.compile(r"[^\W\d_]+")
_ESCAPES = re.compile(r"\\[nrt]")  # "\n" inside JSON strings would glue an n to the next word


def is_vietnamese_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable ("người", "quyết"), False for "été" or "Ä‘".

    Checks the letters (onset + rhyme), at most one tone mark, on a vowel, and
    that a syllable ending in c/ch/p/t has the sắc or nặng tone, which mojibake
    rarely gets right.
    """
    marks = unicodedata.normalize("NFD", word.lower())
    at = [i for i, c in enumerate(marks) if c in _TONES]
    if len(at) > 1 or (at and marks[: at[0]].rstrip(_SHAPES)[-1:] not in _VOWELS):
        return False  # two tones, or a tone on a consonant ("añ")
    bare = unicodedata.normalize("NFC", "".join(c for c in marks if c not in _TONES))
    if not _SYLLABLE.fullmatch(bare):
        return False
    if bare.endswith(("c", "ch", "p", "t")):
        return bool(at) and marks[at[0]] in _STOP_TONES
    return True


def vietnamese_share(text: str) -> tuple[int, int]:
    """(valid, total) over the words with non-ASCII letters: how Vietnamese the accents look."""
    words = [w for w in _WORD.findall(unicodedata.normalize("NFC", text)) if not w.isascii()]
    return sum(1 for w in words if is_vietnamese_syllable(w)), len(words)


# ---------------------------------------------------------------- sniffing

_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document: extract its text first"),
    (b"PK\x03\x04", "a ZIP archive or Office document: extract or save as text first"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Excel document: save it as text first"),
    (b"\x1f\x8b", "gzip data: name the file with a .gz ending to have it read"),
    (b"7z\xbc\xaf", "a 7-Zip archive: extract it first"),
    (b"Rar!", "a RAR archive: extract it first"),
    (b"SQLite format 3\x00", "an SQLite database: export it to CSV or JSON Lines"),
    (b"\x7fELF", "a program"),
)


def sniff(head: bytes, complete: bool = True) -> Sniffed:
    """The codec for a file whose first bytes are ``head`` (all of it when ``complete``)."""
    if not head:
        return Sniffed(None, "empty file")
    if head.startswith(codecs.BOM_UTF8):
        return Sniffed("utf-8-sig")
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return Sniffed("utf-32")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Sniffed("utf-16")
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return Sniffed(None, f"binary file ({kind})")
    if b"\0" in head:
        return Sniffed(_bomless_utf16(head) or None, "binary file")
    try:
        head.decode("utf-8")
        return Sniffed("utf-8")
    except UnicodeDecodeError as exc:
        if not complete and exc.reason == "unexpected end of data":
            return Sniffed("utf-8")  # the head ends inside a letter
    decoded = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode(head, complete)
    bad = sum(1 for ch in decoded if "\udc80" <= ch <= "\udcff")
    if sum(1 for ch in decoded if "\x80" <= ch < "\ud800" or ch > "\udfff") >= bad:
        return Sniffed("utf-8")  # UTF-8 with a few bad bytes: the reader names their lines
    return _legacy(head)


def _bomless_utf16(head: bytes) -> str:
    """UTF-16 without BOM shows NULs in every other byte (ASCII letters, digits, spaces).

    The guess is confirmed by decoding: binary data with the same NUL pattern
    decodes to control characters, not text.
    """
    even, odd = head[0::2], head[1::2]
    for codec, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) > 0.3 * len(zeros) and others.count(0) <= 0.02 * len(others):
            if _looks_like_text(head[: len(head) // 2 * 2].decode(codec, errors="replace")):
                return codec
    return ""


def _looks_like_text(sample: str) -> bool:
    """Almost no control characters or undecodable units: text, not data."""
    bad = sum(
        1
        for ch in sample
        if ch == "\ufffd"
        or (unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\t\n\r\f\x1a")
    )
    return bad <= 0.01 * len(sample)


def _legacy(head: bytes) -> Sniffed:
    """Windows-1258 or TCVN3 when the decoded words are clearly Vietnamese, else why not."""
    scores: dict[str, tuple[int, int]] = {}
    for codec in LEGACY:
        text = unicodedata.normalize("NFC", head.decode(codec, errors="replace"))
        if not _looks_like_text(text):
            continue
        if codec == "cp1258" and not any(ch.isalpha() for ch in text if not ch.isascii()):
            return Sniffed(codec)  # ASCII with Windows quotes and dashes: the same in 1252 and 1258
        scores[codec] = vietnamese_share(_ESCAPES.sub(" ", text))
    if not scores:
        return Sniffed(None, "binary file")
    share = {codec: valid / total if total else 0.0 for codec, (valid, total) in scores.items()}
    best = max(share, key=lambda codec: share[codec])
    valid, total = scores[best]
    label, iconv = LEGACY[best]
    convert = f"convert it to UTF-8 (e.g. iconv -f {iconv} -t UTF-8) and index it again"
    runner_up = max((s for codec, s in share.items() if codec != best), default=0.0)
    if share[best] < 0.5:
        return Sniffed(
            None,
            "not UTF-8, UTF-16, Windows-1258 or TCVN3 Vietnamese text: convert it to UTF-8 "
            "(iconv -f ENCODING -t UTF-8, e.g. LATIN1 or VISCII; UniKey for VNI) and index it again",
        )
    if total < MIN_WORDS:
        return Sniffed(
            None,
            f"not UTF-8: looks like {label}, but it has only {total} accented words, too few to be "
            f"sure; {convert}",
        )
    if share[best] < MIN_SHARE or share[best] - runner_up < MIN_LEAD:
        return Sniffed(
            None,
            f"not UTF-8: looks like {label}, but only {valid} of {total} accented words are "
            f"Vietnamese syllables; {convert}",
        )
    return Sniffed(best)
