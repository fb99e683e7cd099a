"""read_paths turns real files into Articles and reports every bad item, precisely, as Skipped."""

from __future__ import annotations

import codecs
import gzip
import itertools
import json
import random
import re
import tracemalloc
import unicodedata
from pathlib import Path

import pytest

from search.corpus import (
    Article,
    Skipped,
    content_id,
    decode,
    derive_title,
    parse_field_overrides,
    read_paths,
)
from search.errors import ConfigError
from search.vietnamese.dates import PartialDate

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not present")

SEED = " date 2024-01 Ngày 2/1, Công an TP.Hà Nội tổ chức hội nghị. Đại tướng dự.\n\nĐoạn hai của bài.\n"


def read(*paths: Path | str, fields: dict[str, str] | None = None) -> list[Article | Skipped]:
    return list(read_paths(list(paths), fields))


def articles(items: list) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def skipped(items: list) -> list[tuple[str, str]]:
    return [(item.origin, item.reason) for item in items if isinstance(item, Skipped)]


def jsonl(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# ---------------------------------------------------------------- .txt seed format


def test_seed_file_marker_date_and_derived_title(tmp_path: Path) -> None:
    path = tmp_path / "000_abc.txt"
    path.write_text(SEED, encoding="utf-8")
    [article] = read(path)
    assert article == Article(
        id="000_abc.txt",
        body="Ngày 2/1, Công an TP.Hà Nội tổ chức hội nghị. Đại tướng dự.\n\nĐoạn hai của bài.",
        title="Ngày 2/1, Công an TP.Hà Nội tổ chức hội nghị",
        date=PartialDate(2024, 1),
        origin=str(path),
        title_derived=True,
    )


def test_seed_file_without_marker_has_no_date(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Thượng tướng Tô Lâm dự hội nghị.\n\nĐoạn hai.", encoding="utf-8")
    [article] = read(path)
    assert article.date is None
    assert article.body == "Thượng tướng Tô Lâm dự hội nghị.\n\nĐoạn hai."


def test_seed_file_with_only_a_marker_has_no_body(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(" date 2024-01 \n\n", encoding="utf-8")
    assert skipped(read(path)) == [(str(path), "no body")]


def test_real_seeds_read_with_ids_relative_to_the_folder_given(tmp_path: Path) -> None:
    top = tmp_path / "corpora"
    (top / "seeds").mkdir(parents=True)
    (top / "seeds" / "000_x.txt").write_text(SEED, encoding="utf-8")
    [article] = read(top)
    assert article.id == "seeds/000_x.txt"
    assert article.origin == str(top / "seeds" / "000_x.txt")


# ---------------------------------------------------------------- folders and paths


def test_folder_tree_sorted_hidden_ignored_irrelevant_quiet_unknown_reported(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    (root / "b").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".git").mkdir()
    (root / "b" / "2.txt").write_text("Bài hai.", encoding="utf-8")
    (root / "a" / "1.txt").write_text("Bài một.", encoding="utf-8")
    (root / "0.txt").write_text("Bài không.", encoding="utf-8")
    (root / ".git" / "x.txt").write_text("hidden folder", encoding="utf-8")
    (root / ".hidden.txt").write_text("hidden file", encoding="utf-8")
    (root / "README.md").write_text("# notes", encoding="utf-8")
    (root / "LICENSE").write_text("MIT", encoding="utf-8")
    (root / "a" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (root / "a" / "report.pdf").write_bytes(b"%PDF-1.4")
    (root / "dump.zip").write_bytes(b"PK")
    items = read(root)
    assert [a.id for a in articles(items)] == ["0.txt", "a/1.txt", "b/2.txt"]
    assert skipped(items) == [
        (str(root / "a" / "report.pdf"), "unsupported file type .pdf"),
        (str(root / "dump.zip"), "unsupported file type .zip (only .gz compression is read)"),
    ]


def test_explicit_paths_missing_and_unsupported_are_reported(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# notes", encoding="utf-8")
    good = tmp_path / "ok.txt"
    good.write_text("Bài.", encoding="utf-8")
    items = read(tmp_path / "nope", readme, good)
    assert skipped(items) == [
        (str(tmp_path / "nope"), "no such file or folder"),
        (str(readme), "unsupported file type .md"),
    ]
    assert [a.id for a in articles(items)] == ["ok.txt"]


def test_a_single_path_string_is_one_path(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Bài.", encoding="utf-8")
    assert [a.id for a in read_paths(str(tmp_path / "a.txt"))] == ["a.txt"]


def test_file_that_cannot_be_opened_is_skipped_and_the_rest_read(tmp_path: Path, monkeypatch) -> None:
    locked, good = tmp_path / "1.txt", tmp_path / "2.txt"
    locked.write_text("Bài một.", encoding="utf-8")
    good.write_text("Bài hai.", encoding="utf-8")
    real_open = open

    def fake_open(path, *args, **kwargs):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(decode, "open", fake_open, raising=False)
    items = read(tmp_path)
    assert skipped(items) == [
        (str(locked), "cannot open: permission denied; make it readable (chmod a+r) or leave it out")
    ]
    assert [a.id for a in articles(items)] == ["2.txt"]


# ---------------------------------------------------------------- encodings, binary, empty, gzip


@pytest.mark.parametrize(
    "codec, bom",
    [
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
    ],
)
def test_encodings_with_bom_and_bomless_utf16(tmp_path: Path, codec: str, bom: bytes) -> None:
    text = "Hà Nội mưa to. Đường ngập.\nĐoạn hai."
    (tmp_path / "a.txt").write_bytes(bom + text.encode(codec))
    (tmp_path / "b.jsonl").write_bytes(
        bom + (json.dumps({"id": "x", "body": text}, ensure_ascii=False) + "\n").encode(codec)
    )
    (tmp_path / "c.csv").write_bytes(bom + f'id,body\ny,"{text}"\n'.encode(codec))
    items = read(tmp_path)
    assert skipped(items) == []
    assert [a.body for a in articles(items)] == [text, text, text]
    assert [a.id for a in articles(items)] == ["a.txt", "x", "y"]


def test_binary_and_empty_files(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (tmp_path / "bin.jsonl").write_bytes(b"\x00\x01\x02\x03\xff\xfe\x00\x00")
    (tmp_path / "bin2.txt").write_bytes(b"\x00\x01\x02\xff" * 100)  # NULs in every other byte, yet not UTF-16
    for name in ("empty.txt", "empty.jsonl", "empty.csv", "empty.json"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "blank.jsonl").write_text("\n  \n", encoding="utf-8")
    assert skipped(read(tmp_path)) == [
        (str(tmp_path / "bin.jsonl"), "binary file"),
        (str(tmp_path / "bin.txt"), "binary file (a PNG image)"),
        (str(tmp_path / "bin2.txt"), "binary file"),
        (str(tmp_path / "blank.jsonl"), "empty file"),
        (str(tmp_path / "empty.csv"), "empty file"),
        (str(tmp_path / "empty.json"), "empty file"),
        (str(tmp_path / "empty.jsonl"), "empty file"),
        (str(tmp_path / "empty.txt"), "empty file"),
    ]


def test_undecodable_text_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Dòng một\n".encode() + b"Caf\xe9 hai")
    assert skipped(read(path)) == [(f"{path}:2", "cannot decode as UTF-8/UTF-16")]


def test_gzip_files_of_each_format(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "a.txt.gz", "wt", encoding="utf-8") as f:
        f.write(SEED)
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write('{"id": 1, "body": "Một."}\n{"id": 2, "body": "Hai."}\n')
    with gzip.open(tmp_path / "c.csv.GZ", "wt", encoding="utf-8", newline="") as f:
        f.write("id,content\n3,Ba.\n")
    with gzip.open(tmp_path / "d.json.gz", "wt", encoding="utf-8") as f:
        f.write('[{"id": 4, "text": "Bốn."}]')
    items = read(tmp_path)
    assert skipped(items) == []
    assert [(a.id, a.origin) for a in articles(items)] == [
        ("a.txt.gz", str(tmp_path / "a.txt.gz")),
        ("1", f"{tmp_path / 'b.jsonl.gz'}:1"),
        ("2", f"{tmp_path / 'b.jsonl.gz'}:2"),
        ("3", f"{tmp_path / 'c.csv.GZ'}:2"),
        ("4", f"{tmp_path / 'd.json.gz'}:item 1"),
    ]


def test_corrupt_gzip_reports_the_line_reached_and_keeps_what_was_read(tmp_path: Path) -> None:
    lines = "".join(
        json.dumps({"id": n, "body": f"Bài số {n} " + "chữ " * 50}) + "\n" for n in range(1, 2001)
    )
    data = gzip.compress(lines.encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = read(path)
    [(origin, reason)] = skipped(items)
    read_ok = len(articles(items))
    assert 0 < read_ok < 2000
    assert origin == f"{path}:{read_ok + 1}"
    assert reason == "corrupt gzip data: the file ends too early"


def test_file_named_gz_that_is_not_gzip(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl.gz"
    path.write_text('{"body": "x"}\n', encoding="utf-8")
    [(origin, reason)] = skipped(read(path))
    assert origin == str(path)
    assert reason.startswith("corrupt gzip data: Not a gzipped file")


def test_garbage_of_every_kind_never_raises(tmp_path: Path) -> None:
    rng = random.Random(5)
    pieces = [
        b"{",
        b"}",
        b"[",
        b"]",
        b'"',
        b",",
        b"\n",
        b"\r",
        b"\x00",
        b"\xff",
        b"\xfe",
        b"body",
        b":",
        b"\xef\xbb\xbf",
        b"a",
        " ữ".encode(),
        b"1",
        b"null",
    ]
    for n in range(300):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        suffix = rng.choice([".txt", ".jsonl", ".json", ".csv"])
        if rng.random() < 0.3:
            data = gzip.compress(data)[: rng.randint(0, 80)]
            suffix += ".gz"
        (tmp_path / f"{n:03d}{suffix}").write_bytes(data)
    items = read(tmp_path)
    assert all(isinstance(item, (Article, Skipped)) for item in items)
    assert {item.origin.split(":")[0] for item in items} == {str(p) for p in tmp_path.iterdir()}


# ---------------------------------------------------------------- JSON Lines


def test_jsonl_broken_line_in_the_middle_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        '{"id": "a", "body": "Một."}\n'
        "\n"
        '{"id": "b" "body": "Hai."}\n'
        "[1, 2]\n"
        '{"id": "c", "body": "   "}\n'
        '{"id": "d", "noi_dung": "Bốn."}\n'
        '{"id": "e", "body": "Năm."}\n',
        encoding="utf-8",
    )
    items = read(path)
    assert [a.id for a in articles(items)] == ["a", "e"]
    assert [a.origin for a in articles(items)] == [f"{path}:1", f"{path}:7"]
    assert skipped(items) == [
        (f"{path}:3", "not valid JSON: Expecting ',' delimiter (column 12)"),
        (f"{path}:4", "not a JSON object (got array)"),
        (f"{path}:5", "no body"),
        (f"{path}:6", "no body field (looked for body, content, content.text, text)"),
    ]


def test_jsonl_undecodable_line_is_skipped_alone(tmp_path: Path) -> None:
    path = tmp_path / "a.ndjson"
    path.write_bytes(
        b'{"id": "a", "body": "M\xe1\xbb\x99t."}\n{"id": "b", "body": "Caf\xe9"}\n{"id": "c", "body": "Ba."}\n'
    )
    items = read(path)
    assert [a.body for a in articles(items)] == ["Một.", "Ba."]
    assert skipped(items) == [(f"{path}:2", "cannot decode as UTF-8/UTF-16")]


def test_jsonl_is_streamed_not_loaded_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    record = json.dumps({"body": "chữ " * 2000})
    path.write_text((record + "\n") * 1000, encoding="utf-8")  # about 10 MB
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_paths([path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 1000
    assert peak < 3_000_000


# ---------------------------------------------------------------- size limit, legacy encodings


def test_articles_over_the_size_limit_are_skipped_in_every_format(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(decode, "MAX_ARTICLE_BYTES", 2000)
    monkeypatch.setattr(decode.Lines, "PIECE", 300)  # long lines come in several pieces
    long, fits = "Bài rất dài. " * 200, "Vừa đủ. " * 60  # 2.8 KB and 0.6 KB (two pieces)
    (tmp_path / "a.txt").write_text(long, encoding="utf-8")
    with gzip.open(tmp_path / "b.txt.gz", "wt", encoding="utf-8") as f:
        f.write(long)
    (tmp_path / "c.jsonl").write_text(
        "".join(
            json.dumps({"id": i, "body": b}, ensure_ascii=False) + "\n"
            for i, b in enumerate([fits, long, "Ba."])
        ),
        encoding="utf-8",
    )
    lines = "\n".join(["Dòng ngắn. " * 30] * 10)  # each line fits; the field does not
    (tmp_path / "d.csv").write_text(
        f'id,body\n1,"{lines}"\n2,Hai.\n3,"{long}\n{long}"\n4,Bốn.\n', encoding="utf-8"
    )
    (tmp_path / "e.json").write_text(json.dumps([{"body": long}, {"body": "Một."}]), encoding="utf-8")
    items = read(tmp_path)
    assert [(origin, reason.split(";")[0]) for origin, reason in skipped(items)] == [
        (str(tmp_path / "a.txt"), "too large for one article: 0.0 MB, the limit is 0 MB"),
        (str(tmp_path / "b.txt.gz"), "too large for one article: over the 0 MB limit"),
        (f"{tmp_path / 'c.jsonl'}:2", "too large for one article: 0.0 MB, the limit is 0 MB"),
        (f"{tmp_path / 'd.csv'}:2", "too large for one article: over the 0 MB limit"),
        (f"{tmp_path / 'd.csv'}:13", "too large for one article: 0.0 MB, the limit is 0 MB"),
        (f"{tmp_path / 'e.json'}:item 1", "too large for one article: 0.0 MB, the limit is 0 MB"),
    ]
    assert [a.body for a in articles(items)] == [fits, "Ba.", "Hai.", "Bốn.", "Một."]


def test_legacy_encoded_lines_and_rows_are_nfc(tmp_path: Path) -> None:
    from search.vietnamese.encodings import encode_cp1258

    text = "Người dân Thủ đô ủng hộ đồng bào miền Trung bị lũ lụt, ước tính hơn một tỷ đồng."
    (tmp_path / "a.jsonl").write_bytes(
        encode_cp1258(json.dumps({"id": "w", "body": text}, ensure_ascii=False))
    )
    (tmp_path / "b.csv").write_bytes(f'id,body\nt,"{text.lower()}"\n'.encode("tcvn3"))
    items = read(tmp_path)
    assert skipped(items) == []
    assert [a.body for a in articles(items)] == [text, text.lower()]
    assert all(unicodedata.is_normalized("NFC", a.body) for a in articles(items))


# ---------------------------------------------------------------- records: fields, ids, titles


def test_record_fields_defaults_and_conversions(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "a.jsonl",
        {
            "id": 42,
            "title": "  Tiêu đề  ",
            "date": "Unknown",
            "published_at": "2024-01-02T10:30:00+07:00",
            "content": {"text": "Nội dung."},
            "sapo": "Tóm tắt.",
            "url": "https://x.vn/a",
            "source": {"name": "Dân Trí"},
            "author": "Unknown",
            "tags": "Hà Nội, Thời sự|Giao thông;Hà Nội",
        },
    )
    [article] = read(path)
    assert article == Article(
        id="42",
        body="Nội dung.",
        title="Tiêu đề",
        lead="Tóm tắt.",
        date=PartialDate(2024, 1, 2, 10, 30),
        url="https://x.vn/a",
        source="Dân Trí",
        author="",
        tags=["Hà Nội", "Thời sự", "Giao thông"],
        origin=f"{path}:1",
        title_derived=False,
    )


def test_body_kept_exactly_as_read(tmp_path: Path) -> None:
    body = "  Dòng một.\r\n\r\nDòng hai.  \n"
    [article] = read(jsonl(tmp_path / "a.jsonl", {"title": "T", "body": body}))
    assert article.body == body


def test_field_overrides_nested_and_literal_dotted_keys(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "a.jsonl",
        {
            "article": {"content": {"text": "Thân bài."}, "meta": {"published": "10/9/2025"}},
            "body": "sai",
            "x.y": "đúng",
            "x": {"y": "sai"},
            "kw": ["a", "b"],
        },
    )
    fields = parse_field_overrides(
        ["body=article.content.text", "date=article.meta.published", "title=x.y", "tags=kw"]
    )
    [article] = read(path, fields=fields)
    assert (article.body, article.date, article.title, article.tags) == (
        "Thân bài.",
        PartialDate(2025, 9, 10),
        "đúng",
        ["a", "b"],
    )


def test_override_replaces_the_defaults(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "a.jsonl", {"body": "Thân bài.", "noi_dung": ""})
    assert skipped(read(path, fields={"body": "noi_dung"})) == [(f"{path}:1", "no body")]


def test_body_that_is_not_text_is_reported_not_replaced_by_the_title(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "a.jsonl", {"title": "Tiêu đề", "content": [{"type": "p", "text": "x"}]})
    assert skipped(read(path)) == [
        (f"{path}:1", "body is not text but a list of objects: map the text with body=PATH")
    ]


def test_ids_without_id_are_stable_content_hashes(tmp_path: Path) -> None:
    nfc = "Hà Nội mưa to."
    path = jsonl(
        tmp_path / "a.jsonl",
        {"body": nfc},
        {"body": unicodedata.normalize("NFD", nfc) + "  "},
        {"body": nfc, "url": "https://x.vn/other"},
    )
    first, second = read(path), read(path)
    ids = [a.id for a in articles(first)]
    assert ids == [a.id for a in articles(second)]
    assert re.fullmatch(r"[0-9a-f]{16}", ids[0])
    assert ids[0] == ids[1] == content_id(nfc)
    assert ids[2] != ids[0]  # same body, another article


def test_title_only_record_with_an_empty_body_keeps_its_text(tmp_path: Path) -> None:
    text = "Khối A thi được mấy trường? Thi khối A vào ĐH Bách khoa có được không?"
    path = jsonl(
        tmp_path / "a.jsonl",
        {"id": "v", "title": text, "body": ""},
        {"id": "u", "title": "Unknown", "content": "", "date": "Unknown"},
    )
    items = read(path)
    [article] = articles(items)
    assert (article.body, article.title, article.title_derived) == (text, "Khối A thi được mấy trường?", True)
    assert skipped(items) == [(f"{path}:2", "no body")]


def test_headline_first_line_becomes_the_title_and_stays_in_the_body(tmp_path: Path) -> None:
    body = "Vinamilk lọt Top 1.000 thương hiệu hàng đầu châu Á\nNăm 2020, Vinamilk đã vượt qua các thương hiệu khác."
    [article] = read(jsonl(tmp_path / "a.jsonl", {"title": None, "sapo": None, "body": body}))
    assert (article.title, article.body, article.title_derived) == (
        "Vinamilk lọt Top 1.000 thương hiệu hàng đầu châu Á",
        body,
        True,
    )


@pytest.mark.parametrize(
    "body, title",
    [
        (
            "Chia sẻ với báo chí, GS. TS Võ Tòng Xuân cho biết việc này đáng tiếc. Câu hai.\nĐoạn hai.",
            "Chia sẻ với báo chí, GS. TS Võ Tòng Xuân cho biết việc này đáng tiếc",
        ),
        (
            "Đoàn kiểm tra nhà hàng ở (TP. Nha Trang) hôm qua. Câu hai.",
            "Đoàn kiểm tra nhà hàng ở (TP. Nha Trang) hôm qua",
        ),
        ("Giá 2.000 đồng tăng 3.5 lần? Đúng vậy.", "Giá 2.000 đồng tăng 3.5 lần?"),
        # A photo caption or credit opening the body is passed over (Dân Trí crawls).
        ("Ảnh: Tô Lâm trao cờ cho Công an TP. (Ảnh: TTXVN)\nĐoạn hai.", "Đoạn hai"),
        (
            "Các nhà máy ngừng sản xuất để nhường oxy cứu người tại Ấn Độ(Ảnh: Reuters).\n"
            "Số ca nhiễm Covid-19 ở Ấn Độ tăng mạnh. Câu hai.",
            "Số ca nhiễm Covid-19 ở Ấn Độ tăng mạnh",
        ),
        (
            "Ảnh minh họa một quan tài bằng gỗ. Ảnh: Sohu.\nVi khuẩn có ở khắp nơi. Câu hai.",
            "Vi khuẩn có ở khắp nơi",
        ),
        (
            "Toàn cảnh phiên họp. Ảnh: Tiến Tuấn\nHọp đại hội cổ đông sáng 22/4. Câu hai.",
            "Họp đại hội cổ đông sáng 22/4",
        ),
        ("Ảnh hưởng của bão số 5 rất lớn. Nhiều nhà bị sập.", "Ảnh hưởng của bão số 5 rất lớn"),
        # Never cut inside an abbreviation or after an initial.
        (
            "Ngày 10/4, PGS.TS. Nguyễn Hội Nghĩa trở về. Câu hai.",
            "Ngày 10/4, PGS.TS. Nguyễn Hội Nghĩa trở về",
        ),
        (
            "Đó là trường hợp của bé N.K.H. (5 tuổi, ngụ tại Đồng Nai) vừa nhập viện. Câu hai.",
            "Đó là trường hợp của bé N.K.H. (5 tuổi, ngụ tại Đồng Nai) vừa nhập viện",
        ),
        ("Ông trở về TP.HCM. Khi về, ông sốt.", "Ông trở về TP.HCM"),
        ("Một câu rất dài " + "chữ " * 60 + "kết thúc.", ("Một câu rất dài " + "chữ " * 60).strip()),
    ],
)
def test_derived_title_is_the_first_sentence(body: str, title: str) -> None:
    derived = derive_title(body)
    if len(title) <= 120:
        assert derived == title
    else:
        assert len(derived) <= 120 and derived.endswith("…")
        assert title.startswith(derived[:-1]) and title[len(derived) - 1] == " "


def test_derived_title_of_a_long_headline_like_line_is_cut() -> None:
    line = "tin " * 60
    assert derive_title(line + "\nĐoạn hai.") == derive_title(line)
    assert len(derive_title(line)) <= 120


# ---------------------------------------------------------------- CSV


def test_csv_dotted_headers_ragged_row_and_row_without_body(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "id,title,published_at,source.name,keywords,content.text\n"
        '1,Tiêu đề một,2026-02-03T13:45:00+00:00,24h,a|b,"Dòng một.\nDòng hai, có phẩy."\n'
        "2,Tiêu đề hai,2026-02-03,24h,,Thân bài,thừa\n"
        "3,,2026-02-03,24h,,\n"
        "\n"
        "4,Tiêu đề bốn,,24h,,Thân bài bốn.\n",
        encoding="utf-8",
    )
    items = read(path)
    assert skipped(items) == [(f"{path}:4", "row has 7 fields, header has 6"), (f"{path}:5", "no body")]
    one, four = articles(items)
    assert (one.id, one.title, one.source, one.tags, one.date, one.body, one.origin) == (
        "1",
        "Tiêu đề một",
        "24h",
        ["a", "b"],
        PartialDate(2026, 2, 3, 13, 45),
        "Dòng một.\nDòng hai, có phẩy.",
        f"{path}:2",
    )
    assert (four.id, four.origin, four.date) == ("4", f"{path}:7", None)


def test_csv_without_a_body_column_is_reported_once(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("id,tieu_de,noi_dung\n1,a,b\n2,c,d\n", encoding="utf-8")
    assert skipped(read(path)) == [
        (
            f"{path}:1",
            "no body column: header has id, tieu_de, noi_dung; "
            "looked for body, content, content.text, text (map another with body=NAME)",
        )
    ]
    [article] = read(path, fields={"body": "noi_dung"})[:1]
    assert article.body == "b"


def test_csv_huge_field(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    big = "chữ " * 100_000
    path.write_text(f'id,body\n1,"{big}"\n', encoding="utf-8")
    [article] = read(path)
    assert article.body == big


# ---------------------------------------------------------------- JSON documents


def test_json_array_with_a_non_object_item(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps([{"title": "A", "content": "Một."}, "rác", {"title": "C", "content": "Ba."}]),
        encoding="utf-8",
    )
    items = read(path)
    assert [(a.title, a.origin) for a in articles(items)] == [
        ("A", f"{path}:item 1"),
        ("C", f"{path}:item 3"),
    ]
    assert skipped(items) == [(f"{path}:item 2", "not a JSON object (got string)")]


def test_json_single_object_and_wrappers(tmp_path: Path) -> None:
    (tmp_path / "1.json").write_text(json.dumps({"id": "one", "body": "Một."}), encoding="utf-8")
    (tmp_path / "2.json").write_text(
        json.dumps({"total": 1, "articles": [{"id": "two", "body": "Hai."}]}), encoding="utf-8"
    )
    (tmp_path / "3.json").write_text(
        json.dumps({"data": {"items": [{"id": "three", "body": "Ba."}]}}), encoding="utf-8"
    )
    (tmp_path / "4.json").write_text(
        json.dumps({"page": 2, "bai_viet": [{"id": "four", "body": "Bốn."}]}), encoding="utf-8"
    )
    items = read(tmp_path)
    assert skipped(items) == []
    assert [(a.id, a.origin) for a in articles(items)] == [
        ("one", str(tmp_path / "1.json")),
        ("two", f"{tmp_path / '2.json'}:item 1"),
        ("three", f"{tmp_path / '3.json'}:item 1"),
        ("four", f"{tmp_path / '4.json'}:item 1"),
    ]


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[\n  {"body": "Một."},\n  {"body": "Hai." "x": 1}\n]', encoding="utf-8")
    assert skipped(read(path)) == [(f"{path}:3", "not valid JSON: Expecting ',' delimiter (column 19)")]


def test_json_lines_saved_as_json_are_read_as_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"id": "a", "body": "Một."}\n{"id": "b", "body": "Hai."}\n', encoding="utf-8")
    assert [(a.id, a.origin) for a in read(path)] == [("a", f"{path}:1"), ("b", f"{path}:2")]


# ---------------------------------------------------------------- field specs


def test_parse_field_overrides() -> None:
    assert parse_field_overrides(["body=content.text", " Date = meta.published "]) == {
        "body": "content.text",
        "date": "meta.published",
    }


@pytest.mark.parametrize("spec", ["body", "body=", "=x", "boby=content", "titel=x"])
def test_bad_field_spec_names_the_spec_and_the_accepted_names(spec: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_field_overrides([spec])
    assert repr(spec) in str(error.value)
    assert "id, title, date, body, lead, url, source, section, author, tags" in str(error.value)


def test_field_mapped_twice_is_an_error() -> None:
    with pytest.raises(ConfigError, match="already mapped"):
        parse_field_overrides(["body=a", "body=b"])


def test_read_paths_rejects_unknown_field_at_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        read_paths([tmp_path], {"boby": "x"})


# ---------------------------------------------------------------- the real corpora


def first(path: Path, n: int) -> list[Article | Skipped]:
    return list(itertools.islice(read_paths([path]), n))


@needs_corpora
def test_real_seeds() -> None:
    items = read(CORPORA / "seeds")
    assert len(articles(items)) == 5 and skipped(items) == []
    assert sum(a.date is not None for a in articles(items)) == 4
    assert all(
        a.id.endswith(".txt") and a.title_derived and not a.body.startswith(" date") for a in articles(items)
    )


@needs_corpora
def test_real_vntc_first_records() -> None:
    items = first(CORPORA / "vntc", 2000)
    assert skipped(items) == []
    assert all(a.body.strip() and a.title and a.source and a.id.endswith(".txt") for a in articles(items))


@needs_corpora
def test_real_unc_first_records() -> None:
    items = first(CORPORA / "unc", 500)
    assert skipped(items) == [] and len(items) == 500
    assert all(
        a.date and a.date.day and a.url.startswith("https://dantri") and a.title for a in articles(items)
    )
    assert items[0].title == "Vinamilk lọt Top 1.000 thương hiệu hàng đầu châu Á"


@needs_corpora
def test_real_vnexpress_first_file() -> None:
    items = read(sorted((CORPORA / "vnexpress-2025").glob("*.json"))[0])
    good = articles(items)
    assert len(good) > 400
    assert all(reason == "no body" for _, reason in skipped(items))
    assert sum(a.date is not None for a in good) == len(good)
    assert good[0].date == PartialDate(2025, 9, 10, 16, 30) and good[0].tags == ["Ý kiến", "Thời sự"]
    assert len({a.id for a in good}) == len(good)


@needs_corpora
def test_real_news24h_first_rows() -> None:
    items = first(CORPORA / "news24h-2026", 300)
    assert skipped(items) == []
    assert all(a.date and a.date.hour is not None and a.source == "24h" and a.tags for a in articles(items))
    assert items[0].origin.endswith(".csv:2")


def test_html_entities_are_decoded_at_ingest_ids_unchanged(tmp_path: Path) -> None:
    raw = "Cụ thể, lúc&nbsp11h hôm nay, giá vàng SJC tăng&#8230; Bộ KH&CN &amp; Sở NN&PTNT họp.\nĐoạn hai."
    record = {"title": None, "body": raw, "sapo": "Giá &quot;nóng&quot;", "tags": ["vàng&amp;nbsp;SJC"]}
    [article] = read(jsonl(tmp_path / "a.jsonl", record))
    assert article.body == raw.replace("&nbsp", "\xa0").replace("&#8230;", "…").replace("&amp;", "&")
    assert article.title.startswith("Cụ thể, lúc 11h hôm nay")  # spaces tidied in a title
    assert "KH&CN" in article.body and "NN&PTNT" in article.body  # abbreviations, not entities
    assert article.lead == 'Giá "nóng"'
    assert article.tags == ["vàng\xa0SJC"]  # escaped twice by the crawl
    assert article.id == content_id(raw)  # the id is the raw text's: re-ingesting finds the same article


def test_html_entities_in_a_txt_file_and_its_derived_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "Mưa lớn &amp; lũ quét ở miền Trung\nNgười dân &quot;sơ tán&quot; trong đêm.", encoding="utf-8"
    )
    [article] = read(path)
    assert article.title == "Mưa lớn & lũ quét ở miền Trung"
    assert article.body.endswith('Người dân "sơ tán" trong đêm.')
