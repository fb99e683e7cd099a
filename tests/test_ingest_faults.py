"""`vnsearch index` on an archive holding every fault real archives have (issue 8).

The files are made here, for real: random bytes, a PNG named .jsonl, an empty
file, 50 MB files, UTF-16 without BOM, Windows-1258 and TCVN3, Latin-1, a
broken JSON line, ragged CSV rows, and a file and a folder nobody may read.
The real console script indexes the folder; the summary must name each bad
item with its reason, the exit code must be 1, and every good article in the
same files must be found by `vnsearch search`.
"""

from __future__ import annotations

import ctypes
import json
import os
import random
import stat
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import vnsearch

from search.corpus import Article, Skipped, read_paths
from search.vietnamese.encodings import encode_cp1258

SENTENCES = (
    "Sáng nay, Ủy ban nhân dân thành phố tổ chức hội nghị tổng kết công tác năm.",
    "Người dân ở các quận huyện được khuyến khích tiêm vắc xin đầy đủ.",
    "Theo ông Nguyễn Văn Quyết, giám đốc Sở Y tế, số ca mắc mới đã giảm mạnh.",
    "Đường phố ngập nước sau trận mưa lớn kéo dài suốt đêm qua.",
    "Nhiều xe máy chết máy giữa đường, người đi làm phải dắt bộ.",
    "Giá xăng dầu trong nước tiếp tục tăng theo giá thế giới.",
    "Đội tuyển bóng đá quốc gia chuẩn bị cho trận đấu vòng loại.",
    "Học sinh các trường trung học phổ thông bước vào kỳ thi cuối năm.",
    "Cơ quan công an đang điều tra làm rõ nguyên nhân vụ việc.",
    "Các doanh nghiệp xuất khẩu nông sản gặp khó vì chi phí vận chuyển.",
)
# Text a TCVN3 (VN3) file can hold: no capital letter carries a tone.
VN3_SENTENCES = (
    "Hôm qua, người dân Hà Nội đón đợt không khí lạnh đầu mùa.",
    "Nhiệt độ thấp nhất ở vùng núi phía bắc xuống dưới mười độ.",
    "Các trường học cho học sinh nghỉ khi trời rét đậm rét hại.",
    "Bà con nông dân che chắn chuồng trại để giữ ấm cho gia súc.",
)
LIMIT_REASON = "the limit is 5 MB; split it into articles (one .txt file or one JSON Lines line each)"
CODES = 740_000  # article n carries the code 740000 + n, a word no other article has

_rng = random.Random(8)


def body(n: int, sentences: tuple[str, ...] = SENTENCES, first: str = "") -> str:
    """Article n: a headline, a few sentences and its code."""
    picked = " ".join(_rng.choice(sentences) for _ in range(4))
    headline = first or f"Bản tin số {n} trong ngày"
    return f"{headline}\n{picked} Mã bài {CODES + n}."


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def png() -> bytes:
    """A real 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def write_50mb_txt(path: Path) -> int:
    """One 50 MB "article" (a dump nobody split); returns its size."""
    block = (" ".join(SENTENCES) + "\n").encode("utf-8")
    with path.open("wb") as out:
        for _ in range(50_000_000 // len(block) + 1):
            out.write(block)
    return path.stat().st_size


def giant_line(**fields: str) -> str:
    """A JSON Lines line of over 50 MB: one record whose body is a whole dump."""
    block = " ".join(SENTENCES) + " "
    text = block * (50_000_000 // len(block.encode("utf-8")) + 1)
    return json.dumps({**fields, "body": text}, ensure_ascii=False) + "\n"


def too_large(nbytes: int) -> str:
    return f"too large for one article: {nbytes / 1e6:.1f} MB, {LIMIT_REASON}"


# ---------------------------------------------------------------- permissions, even for root

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _drop_permission_bypass() -> None:
    """In the child before exec: give up root's power to read files whatever their mode.

    Root keeps everything else (its own files, the index folder); only
    chmod 000 now means what it means for everyone else.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def as_a_user(*args: str) -> subprocess.CompletedProcess:
    """Run vnsearch as the real CLI, for root without the permission bypass."""
    if os.geteuid() != 0:
        return vnsearch(*args)
    script = Path(sys.executable).with_name("vnsearch")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "search"]
    env = {k: v for k, v in os.environ.items() if k != "VNSEARCH_INDEX"}
    return subprocess.run(
        cmd + list(args),
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=600,
        preexec_fn=_drop_permission_bypass,
    )


def permissions_enforced(tmp: Path) -> bool:
    """Whether a mode-000 file is unreadable to the processes ``as_a_user`` starts."""
    probe = tmp / "probe"
    probe.write_text("x")
    probe.chmod(0)
    code = f"open({str(probe)!r}).read()"
    preexec: Callable[[], None] | None = _drop_permission_bypass if os.geteuid() == 0 else None
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, preexec_fn=preexec)
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        probe.unlink()
    return proc.returncode != 0 and b"PermissionError" in proc.stderr


# ---------------------------------------------------------------- the archive


class Archive:
    """A folder of good and bad files; what the summary must say and what search must find."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bad: dict[str, str] = {}  # origin -> reason
        self.good: dict[int, tuple[str, str]] = {}  # n -> (id, text its title starts with)
        self.locked: list[Path] = []

    def file(self, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
        return path

    def skip(self, path: Path, reason: str, line: int | None = None) -> None:
        self.bad[f"{path}:{line}" if line else str(path)] = reason

    def expect(self, n: int, article_id: str, title: str = "") -> None:
        self.good[n] = (article_id, title or f"Bản tin số {n} trong ngày")


def build(root: Path, locked: bool) -> Archive:
    a = Archive(root)

    a.file("good.txt", body(1))
    a.expect(1, "good.txt")

    # Binary data, one named .txt and one a PNG named .jsonl.
    a.skip(a.file("binary/x.txt", random.Random(1).randbytes(65536)), "binary file")
    a.skip(a.file("binary/photo.jsonl", png()), "binary file (a PNG image)")
    a.skip(a.file("empty.txt", b""), "empty file")

    # 50 MB: one .txt "article", and one line of a JSON Lines file between two good ones.
    huge = a.root / "huge" / "dump.txt"
    huge.parent.mkdir()
    a.skip(huge, too_large(write_50mb_txt(huge)))
    giant = giant_line(id="giant")
    a.file(
        "huge/lines.jsonl",
        jsonl({"id": "before-giant", "body": body(2)})
        + giant
        + jsonl({"id": "after-giant", "body": body(3)}),
    )
    a.skip(a.root / "huge/lines.jsonl", too_large(len(giant.encode())), line=2)
    a.expect(2, "before-giant")
    a.expect(3, "after-giant")

    # UTF-16 without BOM, in each streamed format.
    a.file("utf16/le.txt", body(4), "utf-16-le")
    a.expect(4, "utf16/le.txt")
    a.file(
        "utf16/be.jsonl", jsonl({"id": "be-1", "body": body(5)}, {"id": "be-2", "body": body(6)}), "utf-16-be"
    )
    a.expect(5, "be-1")
    a.expect(6, "be-2")
    rows = "id,title,body\r\n" + "".join(f'le-{n},Tin {n},"{body(n)}"\r\n' for n in (7, 8))
    a.file("utf16/le.csv", rows, "utf-16-le")
    a.expect(7, "le-7", "Tin 7")
    a.expect(8, "le-8", "Tin 8")

    # Windows-1258 (combining tones) and TCVN3 (ABC), each as .txt and streamed.
    a.file("legacy/1258.txt", encode_cp1258(body(9, first="Người dân Thủ đô đón Tết")))
    a.expect(9, "legacy/1258.txt", "Người dân Thủ đô đón Tết")
    csv_1258 = "id,title,body\r\n" + f'w-10,Ủy ban họp bàn,"{body(10)}"\r\n'
    a.file("legacy/1258.csv", encode_cp1258(csv_1258))
    a.expect(10, "w-10", "Ủy ban họp bàn")
    a.file("legacy/abc.txt", body(11, VN3_SENTENCES, "Đà Nẵng đón khách du lịch"), "tcvn3")
    a.expect(11, "legacy/abc.txt", "Đà Nẵng đón khách du lịch")
    records = (
        {"id": "abc-12", "title": "Miền núi rét đậm", "body": body(12, VN3_SENTENCES)},
        {"id": "abc-13", "title": "Rét hại ở vùng cao", "body": body(13, VN3_SENTENCES)},
    )
    abc = a.file("legacy/abc.jsonl", jsonl(*records), "tcvn3")
    assert all(b < 0x80 or b >= 0xA1 for b in abc.read_bytes())  # only bytes VN3 fonts have
    a.expect(12, "abc-12", "Miền núi rét đậm")
    a.expect(13, "abc-13", "Rét hại ở vùng cao")
    a.skip(
        a.file("legacy/short.txt", encode_cp1258("Hà Nội mưa")),
        "not UTF-8: looks like Windows-1258, but it has only 3 accented words, too few to be sure; "
        "convert it to UTF-8 (e.g. iconv -f CP1258 -t UTF-8) and index it again",
    )
    french = "L'été dernier, nous sommes allés à la mer. Le déjeuner était très bon, après le musée."
    a.skip(
        a.file("legacy/latin1.txt", french, "latin-1"),
        "not UTF-8, UTF-16, Windows-1258 or TCVN3 Vietnamese text: convert it to UTF-8 "
        "(iconv -f ENCODING -t UTF-8, e.g. LATIN1 or VISCII; UniKey for VNI) and index it again",
    )

    # One broken line in the middle of JSON Lines.
    lines = [jsonl({"id": f"line-{n}", "body": body(n)}) for n in (14, 15)]
    lines += ['{"id": "line-broken", "body": "Bài bị cắt giữa chừ\n']
    lines += [jsonl({"id": f"line-{n}", "body": body(n)}) for n in (16, 17)]
    a.skip(
        a.file("broken.jsonl", "".join(lines)),
        "not valid JSON: Unterminated string starting at (column 31)",
        line=3,
    )
    for n in (14, 15, 16, 17):
        a.expect(n, f"line-{n}")

    # CSV rows with more and with fewer cells than the header.
    csv_text = (
        "id,title,body\n"
        f'row-18,Tin 18,"{body(18)}"\n'
        "row-x,Tin thừa,Thân bài,một ô thừa\n"
        "row-y,Tin thiếu\n"
        f'row-19,Tin 19,"{body(19)}"\n'
    )
    path = a.file("ragged.csv", csv_text)
    line_of = {row: csv_text[: csv_text.index(row)].count("\n") + 1 for row in ("row-x", "row-y")}
    a.skip(path, "row has 4 fields, header has 3", line=line_of["row-x"])
    a.skip(path, "row has 2 fields, header has 3", line=line_of["row-y"])
    a.expect(18, "row-18", "Tin 18")
    a.expect(19, "row-19", "Tin 19")

    if locked:
        secret = a.file("locked.txt", body(90))
        closed = a.file("closed/inside.txt", body(91)).parent
        for path in (secret, closed):
            path.chmod(0)
            a.locked.append(path)
        a.skip(secret, "cannot open: permission denied; make it readable (chmod a+r) or leave it out")
        a.skip(closed, "cannot open folder: permission denied; make it readable (chmod a+rx) or leave it out")
    return a


def summary_skips(stdout: str) -> dict[str, str]:
    """The "Skipped:" lines of the index summary as origin -> reason."""
    lines = stdout.splitlines()
    if "Skipped:" not in lines:
        return {}
    listed = {}
    for line in lines[lines.index("Skipped:") + 1 :]:
        if not line.startswith("  "):
            break
        origin, _, reason = line.strip().partition(": ")
        listed[origin] = reason
    return listed


def search_each(index: Path, numbers: list[int], tmp: Path) -> dict[int, list[dict]]:
    """The hits for the code of each article, in one `vnsearch search --queries` run."""
    queries = tmp / "queries.txt"
    queries.write_text("".join(f"{CODES + n}\n" for n in numbers), encoding="utf-8")
    proc = vnsearch("search", "--index", str(index), "--format", "jsonl", "--queries", str(queries))
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    return {n: r["hits"] for n, r in zip(numbers, results, strict=True)}


# ---------------------------------------------------------------- tests


def test_index_an_archive_with_every_fault(tmp_path: Path) -> None:
    locked = permissions_enforced(tmp_path)
    archive = build(tmp_path / "archive", locked)
    try:
        proc = as_a_user("index", "--index", str(tmp_path / "ix"), "--workers", "1", str(archive.root))
    finally:
        for path in archive.locked:
            path.chmod(stat.S_IRWXU)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert summary_skips(proc.stdout) == archive.bad
    assert f"Added {len(archive.good)}, " in proc.stdout
    assert f"skipped {len(archive.bad)}:" in proc.stdout

    numbers = sorted(archive.good)
    hits = search_each(tmp_path / "ix", numbers, tmp_path)
    for n in numbers:
        article_id, title = archive.good[n]
        assert [h["id"] for h in hits[n]] == [article_id], n
        assert hits[n][0]["title"].startswith(title), hits[n][0]["title"]  # decoded right, NFC


def test_unreadable_file_and_folder_are_named_even_when_run_as_root(tmp_path: Path) -> None:
    if not permissions_enforced(tmp_path):
        pytest.skip("cannot make a file unreadable here (root without CAP_SETPCAP)")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(body(1), encoding="utf-8")
    secret = folder / "b.txt"
    secret.write_text(body(2), encoding="utf-8")
    secret.chmod(0)
    try:
        proc = as_a_user("index", "--index", str(tmp_path / "ix"), "--workers", "1", str(folder))
    finally:
        secret.chmod(stat.S_IRWXU)
    assert proc.returncode == 1, proc.stderr
    assert summary_skips(proc.stdout) == {
        str(secret): "cannot open: permission denied; make it readable (chmod a+r) or leave it out"
    }
    assert "Added 1, " in proc.stdout


def test_a_file_deleted_after_the_folder_was_listed_is_named_and_the_rest_read(tmp_path: Path) -> None:
    for name in ("1.txt", "2.txt", "3.txt"):
        (tmp_path / name).write_text(body(int(name[0])), encoding="utf-8")
    (tmp_path / "4.jsonl").write_text(jsonl(*({"id": f"r{n}", "body": body(n)} for n in range(5))))
    items = read_paths(tmp_path)
    first = next(items)  # the folder is listed now
    assert isinstance(first, Article) and first.id == "1.txt"
    (tmp_path / "2.txt").unlink()
    rest = []
    for item in items:
        rest.append(item)
        if isinstance(item, Article) and item.id == "r0":
            (tmp_path / "4.jsonl").unlink()  # deleted while being read: the open file reads on
    assert [(i.origin, i.reason) for i in rest if isinstance(i, Skipped)] == [
        (str(tmp_path / "2.txt"), "cannot open: no longer there (moved or deleted while indexing)")
    ]
    assert [i.id for i in rest if isinstance(i, Article)] == ["3.txt", "r0", "r1", "r2", "r3", "r4"]


def _peak_rss_reading(folder: Path) -> tuple[int, int]:
    """(articles, peak RSS in bytes) of a fresh process that reads ``folder`` with read_paths.

    VmHWM, not ru_maxrss: the latter starts at the parent's peak, as it was at fork.
    """
    code = (
        "import re, sys\n"
        "from search.corpus import Article, read_paths\n"
        "n = sum(isinstance(i, Article) for i in read_paths(sys.argv[1]))\n"
        "status = open('/proc/self/status').read()\n"
        "print(n, int(re.search(r'VmHWM:\\s*(\\d+) kB', status).group(1)) * 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True, check=True
    )
    count, peak = out.stdout.split()
    return int(count), int(peak)


def write_50mb_jsonl(path: Path) -> list[int]:
    """About 50 MB of good articles, one per line; returns their numbers."""
    numbers = []
    with path.open("w", encoding="utf-8") as out:
        n = 1000
        while out.tell() < 50_000_000:
            text = body(n) + " " + " ".join(_rng.choice(SENTENCES) for _ in range(30))
            out.write(json.dumps({"id": f"a{n}", "body": text}, ensure_ascii=False) + "\n")
            numbers.append(n)
            n += 1
    return numbers


def test_50mb_files_are_read_with_bounded_memory(tmp_path: Path) -> None:
    small, big = tmp_path / "small", tmp_path / "big"
    small.mkdir()
    big.mkdir()
    (small / "a.jsonl").write_text(jsonl({"id": "1", "body": body(1)}), encoding="utf-8")
    numbers = write_50mb_jsonl(big / "articles.jsonl")
    write_50mb_txt(big / "dump.txt")
    (big / "one-line.jsonl").write_text(giant_line(), encoding="utf-8")
    assert sum(p.stat().st_size for p in big.iterdir()) > 150_000_000

    _, baseline = _peak_rss_reading(small)
    count, peak = _peak_rss_reading(big)
    assert count == len(numbers)
    # Reading whole files would take 50 MB of bytes and more of text for each.
    assert peak - baseline < 25_000_000, f"{(peak - baseline) / 1e6:.1f} MB more than for one small file"


@pytest.mark.slow
def test_a_50mb_jsonl_is_indexed_whole(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    numbers = write_50mb_jsonl(folder / "articles.jsonl")
    (folder / "bad.txt").write_bytes(random.Random(2).randbytes(4096))
    proc = vnsearch("index", "--index", str(tmp_path / "ix"), str(folder))
    assert proc.returncode == 1, proc.stderr
    assert summary_skips(proc.stdout) == {str(folder / "bad.txt"): "binary file"}
    assert f"Added {len(numbers)}, " in proc.stdout
    sample = [numbers[0], numbers[len(numbers) // 2], numbers[-1]]
    hits = search_each(tmp_path / "ix", sample, tmp_path)
    assert {n: [h["id"] for h in hits[n]] for n in sample} == {n: [f"a{n}"] for n in sample}
