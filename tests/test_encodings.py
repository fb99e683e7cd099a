"""Encoding detection: UTF-16 without BOM, Windows-1258, TCVN3, and what must not pass for them."""

from __future__ import annotations

import codecs
import random
import shutil
import subprocess
import unicodedata

import pytest

from search.vietnamese.encodings import (
    TCVN3_DECODING_TABLE,
    encode_cp1258,
    is_vietnamese_syllable,
    sniff,
    vietnamese_share,
)

VIETNAMESE = (
    "Sáng nay, Ủy ban nhân dân thành phố Hà Nội tổ chức hội nghị tổng kết công tác phòng chống "
    "dịch bệnh. Người dân ở các quận huyện được khuyến khích tiêm vắc xin đầy đủ. Theo ông Nguyễn "
    "Văn Quyết, giám đốc Sở Y tế, số ca mắc mới đã giảm mạnh trong tuần qua. Đường phố ngập nước "
    "sau trận mưa lớn kéo dài suốt đêm, nhiều xe máy chết máy giữa đường, khuỷu tay ướt sũng."
)
FRENCH = (
    "L'été dernier, nous sommes allés à la mer. Le déjeuner était très bon et après, nous avons "
    "visité le musée. Où êtes-vous né? Ça c'est déjà la première génération française."
)
GERMAN = "Für die Schönheit der Straße über dem Fluß gibt es keine Größe. Müller äußert sich nächste Woche."
SPANISH = "El año pasado, mi mamá está aquí también. ¿Qué pasó? Sí, él comió más y después se fue."


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------- TCVN3 table


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv is not installed")
def test_tcvn3_table_is_glibc_tcvn5712_1() -> None:
    probe = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=b"a", capture_output=True)
    if probe.returncode:
        pytest.skip("this iconv has no TCVN5712-1")
    data = bytes(range(1, 256))
    # One byte per line: glibc composes a letter with a following tone mark.
    out = subprocess.run(
        ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"],
        input=b"\n".join(bytes([b]) for b in data if b != 0x0A),
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    assert out.split("\n") == [TCVN3_DECODING_TABLE[b] for b in data if b != 0x0A]


def test_tcvn3_round_trips_vietnamese_and_uses_the_vn3_bytes() -> None:
    text = VIETNAMESE.lower() + " Ă Â Ê Ô Ơ Ư Đ"
    data = text.encode("tcvn3")
    assert all(b < 0x80 or b >= 0xA1 for b in data)  # VN3: no capitals with tones
    assert data.decode("tcvn3") == text
    assert "Hµ Néi".encode("latin-1").decode("tcvn3") == "Hà Nội"  # as .VnTime fonts show it


def test_cp1258_encoder_writes_combining_tones_and_decodes_back_after_nfc() -> None:
    data = encode_cp1258("Người")
    assert data == b"Ng\xfd\xf5\xcci"  # ư, ơ, combining grave, i
    assert nfc(encode_cp1258(VIETNAMESE).decode("cp1258")) == VIETNAMESE


# ---------------------------------------------------------------- syllables


@pytest.mark.parametrize(
    "word", ["người", "quyết", "nghiêng", "giữa", "khuỷu", "hoặc", "đường", "Ủy", "xoong", "quỳnh", "à"]
)
def test_vietnamese_syllables(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["été", "über", "mầt", "hòà", "français", "Ã¡", "añ", "bát1"])
def test_not_vietnamese_syllables(word: str) -> None:
    assert not is_vietnamese_syllable(word)


def test_share_counts_only_accented_words() -> None:
    assert vietnamese_share("Hà Nội is a city") == (2, 2)
    assert vietnamese_share("no accents here") == (0, 0)


# ---------------------------------------------------------------- sniff


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec: str) -> None:
    assert sniff(VIETNAMESE.encode(codec)).codec == codec


def test_utf8_and_boms() -> None:
    assert sniff(VIETNAMESE.encode()).codec == "utf-8"
    assert sniff(codecs.BOM_UTF8 + VIETNAMESE.encode()).codec == "utf-8-sig"
    assert sniff(VIETNAMESE.encode("utf-16")).codec == "utf-16"
    assert sniff(VIETNAMESE.encode("utf-32")).codec == "utf-32"


def test_utf8_cut_inside_a_letter_is_still_utf8() -> None:
    data = VIETNAMESE.encode()
    cut = data.index("ố".encode()) + 1
    assert sniff(data[:cut], complete=False).codec == "utf-8"


def test_utf8_with_a_few_bad_bytes_stays_utf8_so_only_their_lines_are_lost() -> None:
    assert sniff(VIETNAMESE.encode() + b"\nCaf\xe9\n").codec == "utf-8"


def test_windows_1258_is_detected() -> None:
    found = sniff(encode_cp1258(VIETNAMESE))
    assert found.codec == "cp1258"
    assert nfc(encode_cp1258(VIETNAMESE).decode(found.codec)) == VIETNAMESE


@pytest.mark.parametrize("text", [VIETNAMESE, VIETNAMESE.lower()])
def test_tcvn3_is_detected(text: str) -> None:
    found = sniff(text.encode("tcvn3"))
    assert found.codec == "tcvn3"
    assert nfc(text.encode("tcvn3").decode(found.codec)) == text


def test_ascii_with_windows_quotes_reads_as_1258() -> None:
    assert sniff(b"He said \x93yes\x94 \x96 then left.").codec == "cp1258"


@pytest.mark.parametrize("text", [FRENCH, GERMAN, SPANISH])
def test_latin1_is_not_taken_for_vietnamese(text: str) -> None:
    found = sniff(text.encode("latin-1"))
    assert found.codec is None
    assert found.problem == (
        "not UTF-8, UTF-16, Windows-1258 or TCVN3 Vietnamese text: convert it to UTF-8 "
        "(iconv -f ENCODING -t UTF-8, e.g. LATIN1 or VISCII; UniKey for VNI) and index it again"
    )


def test_too_short_to_be_sure_names_the_likely_encoding() -> None:
    assert sniff(encode_cp1258("Hà Nội mưa")).problem == (
        "not UTF-8: looks like Windows-1258, but it has only 3 accented words, too few to be sure; "
        "convert it to UTF-8 (e.g. iconv -f CP1258 -t UTF-8) and index it again"
    )
    found = sniff("trời mưa".encode("tcvn3"))
    assert found.codec is None and "TCVN3" in found.problem and "iconv -f TCVN5712-1" in found.problem


def test_mixed_legacy_text_is_reported_not_guessed() -> None:
    half = encode_cp1258(VIETNAMESE[:150]) + FRENCH.encode("latin-1") + GERMAN.encode("latin-1")
    found = sniff(half)
    assert found.codec is None
    assert found.problem.startswith("not UTF-8: looks like Windows-1258, but only ")


@pytest.mark.parametrize("seed", range(5))
def test_random_binary_is_binary(seed: int) -> None:
    data = random.Random(seed).randbytes(8192)
    assert sniff(data) == (None, "binary file")
    assert sniff(data.replace(b"\0", b"")) == (None, "binary file")  # no NUL to give it away


def test_known_binary_formats_are_named() -> None:
    assert sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").problem == "binary file (a PNG image)"
    assert sniff(b"%PDF-1.7\n").problem == "binary file (a PDF document: extract its text first)"
    assert sniff(b"\x1f\x8b\x08\0").problem.startswith("binary file (gzip data")


def test_empty() -> None:
    assert sniff(b"") == (None, "empty file")
