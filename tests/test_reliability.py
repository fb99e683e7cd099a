"""Crashes and concurrency, for real, on both engines (issue 8).

Each test runs the real console script on generated Vietnamese articles and
does to it what happens to a real archive server: ``kill -9`` in the middle
of an ingest, two ``vnsearch index`` at once, a read-only index folder, a
full disk (a small tmpfs, or a file-size limit where mounting is not
allowed), and searches through the library, the web app and the CLI while
an ingest commits. After each, the index must open at its last commit, and
running the same command again must leave every article exactly once.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import vnsearch, write_jsonl
from test_ingest_faults import as_a_user, permissions_enforced

from search.engines import open_reader
from search.errors import SearchError
from search.indexing import ingest
from search.indexing.lock import LOCK_FILE
from search.searcher import Searcher

pytestmark = pytest.mark.engines

SENTENCES = (
    "Sáng nay, Ủy ban nhân dân thành phố tổ chức hội nghị tổng kết công tác năm.",
    "Người dân ở các quận huyện được khuyến khích tiêm vắc xin đầy đủ.",
    "Theo ông Nguyễn Văn Quyết, giám đốc Sở Y tế, số ca mắc mới đã giảm mạnh.",
    "Đường phố ngập nước sau trận mưa lớn kéo dài suốt đêm qua.",
    "Giá xăng dầu trong nước tiếp tục tăng theo giá thế giới.",
    "Đội tuyển bóng đá quốc gia chuẩn bị cho trận đấu vòng loại.",
    "Học sinh các trường trung học phổ thông bước vào kỳ thi cuối năm.",
    "Các doanh nghiệp xuất khẩu nông sản gặp khó vì chi phí vận chuyển.",
)
CODES = 880_000  # article n carries the code 880000 + n, a word no other article has
EVERY = "bản tin"  # in every title: its total is the number of articles
LOCKED = "Error: Another process is writing to the index in '{}'. Wait for it to finish, then run this command again.\n"
STILL_THERE = "then run this command again; the index is still at its last commit.\n"


def articles(count: int, start: int = 0, sentences: int = 4) -> list[dict]:
    """Short news articles r00000, r00001...; the same numbers give the same articles."""
    out = []
    for n in range(start, start + count):
        rng = random.Random(n)
        body = " ".join(rng.choice(SENTENCES) for _ in range(sentences))
        out.append(
            {
                "id": f"r{n:05d}",
                "title": f"Bản tin số {n}",
                "date": f"{2010 + n % 15}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "body": f"{body} Mã bài {CODES + n}.",
            }
        )
    return out


def ids_of(records: list[dict]) -> set[str]:
    return {r["id"] for r in records}


# ---------------------------------------------------------------- running the CLI


def command(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("vnsearch")
    return ([str(script)] if script.exists() else [sys.executable, "-m", "search"]) + list(args)


def index_args(index: Path, source: Path, commit_every: int, workers: int = 2) -> list[str]:
    return [
        "index",
        "--index",
        str(index),
        "--commit-every",
        str(commit_every),
        "--workers",
        str(workers),
        "--no-progress",
        str(source),
    ]


@pytest.fixture
def start() -> Iterator[Callable[..., subprocess.Popen]]:
    """Start ``vnsearch ARGS`` in its own process group (so ``kill -9`` reaches
    its workers); whatever is still running at the end of the test is killed."""
    started: list[subprocess.Popen] = []

    def run(*args: str, log: Path) -> subprocess.Popen:
        env = {k: v for k, v in os.environ.items() if k != "VNSEARCH_INDEX"}
        with open(log.with_suffix(".out"), "wb") as out, open(log.with_suffix(".err"), "wb") as err:
            proc = subprocess.Popen(command(*args), stdout=out, stderr=err, env=env, start_new_session=True)
        proc.log = log  # type: ignore[attr-defined]
        started.append(proc)
        return proc

    yield run
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def output(proc: subprocess.Popen) -> tuple[str, str]:
    log: Path = proc.log  # type: ignore[attr-defined]
    return (
        log.with_suffix(".out").read_text(encoding="utf-8"),
        log.with_suffix(".err").read_text(encoding="utf-8"),
    )


def finish(proc: subprocess.Popen, timeout: float = 900) -> tuple[int, str, str]:
    proc.wait(timeout=timeout)
    return (proc.returncode, *output(proc))


# ---------------------------------------------------------------- reading the index


def doc_count(index: Path) -> int:
    reader = open_reader(index)
    try:
        return reader.doc_count
    finally:
        reader.close()


def wait_for_commit(proc: subprocess.Popen, index: Path, timeout: float = 600) -> int:
    """Poll the index until a commit has landed; the count it holds then."""
    deadline = time.monotonic() + timeout
    reader = None
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"vnsearch index ended before its first commit: {output(proc)}"
        try:
            if reader is None:
                reader = open_reader(index)
            reader.refresh()
            if reader.doc_count > 0:
                count = reader.doc_count
                reader.close()
                return count
        except SearchError:
            pass  # the index is not created yet
        time.sleep(0.05)
    raise AssertionError(f"no commit within {timeout} s")


def all_ids(index: Path) -> list[str]:
    """Every article id in the index, in pages of 1,000 (duplicates kept)."""
    ids: list[str] = []
    with Searcher(index) as searcher:
        total = searcher.search("", limit=0).total
        for offset in range(0, total, 1000):
            ids += [h.id for h in searcher.search("", limit=1000, offset=offset, facets=False).hits]
    assert len(ids) == total
    return ids


def assert_holds_exactly(index: Path, records: list[dict]) -> None:
    """Every article once, nothing else."""
    ids = all_ids(index)
    assert len(ids) == len(set(ids)), "an article is in the index twice"
    assert set(ids) == ids_of(records)
    assert doc_count(index) == len(records)


def assert_searchable(index: Path, count: int, numbers: list[int]) -> None:
    """The index opens, holds ``count`` articles, and finds each article of ``numbers`` by its code."""
    with Searcher(index) as searcher:
        assert searcher.search(EVERY, limit=0).total == count
        for n in numbers:
            assert [h.id for h in searcher.search(str(CODES + n)).hits] == [f"r{n:05d}"]


def lock_is_free(path: Path) -> bool:
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def released(path: Path, timeout: float = 30) -> bool:
    """Whether the lock on ``path`` is free within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not lock_is_free(path):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def left_over(index: Path, engine: str) -> list[str]:
    """Files a writer leaves that its index does not list: staging folders,
    segment files never committed, temporary tables of contents."""
    if engine == "whoosh":
        from whoosh import index as whoosh_index

        listed = {s.segment_id() for s in whoosh_index.open_dir(str(index), indexname="vnsearch")._segments()}
        stale = [f".staging/{p.relative_to(index / '.staging')}" for p in (index / ".staging").rglob("*")]
        for path in index.iterdir():
            name = path.name
            if name.startswith("vnsearch_") and "WRITELOCK" not in name and name.split(".")[0] not in listed:
                stale.append(name)
            if name.startswith("_vnsearch_") and not name.endswith(".toc"):
                stale.append(name)
        return sorted(stale)
    folder = index / "tantivy"
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    listed = {s["segment_id"].replace("-", "") for s in meta["segments"]}
    return sorted(
        p.name
        for p in folder.iterdir()
        if not p.name.startswith(".") and p.name != "meta.json" and p.name.split(".")[0] not in listed
    )


# ---------------------------------------------------------------- kill -9


@pytest.mark.slow
def test_kill_9_mid_ingest_keeps_the_last_commit_and_the_rerun_completes(
    tmp_path: Path, engine: str, start
) -> None:
    records = articles(4000)
    source = write_jsonl(tmp_path / "in.jsonl", records)
    index = tmp_path / "ix"
    args = index_args(index, source, commit_every=500)

    proc = start(*args, log=tmp_path / "killed")
    wait_for_commit(proc, index)
    assert proc.poll() is None  # still ingesting: the kill lands mid-ingest
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and its workers
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    # The system releases the locks once the last of the dead processes is gone.
    assert released(index / LOCK_FILE)
    assert released(index / ("vnsearch_WRITELOCK" if engine == "whoosh" else "tantivy/.tantivy-writer.lock"))
    stale = left_over(index, engine)
    print(f"\n{engine}: the killed run left {len(stale)} files the index does not list: {stale[:3]}")

    # The index opens at its last commit: whole batches, some but not all.
    count = doc_count(index)
    assert 0 < count < len(records)
    assert count % 500 == 0
    ids = all_ids(index)
    assert len(set(ids)) == len(ids) == count
    assert set(ids) == ids_of(records[:count])  # whole batches, in the order read
    assert_searchable(index, count, [0, count - 1])

    # The same command again: exit 0, the rest added, nothing twice, nothing missing.
    rerun = vnsearch(*args)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stderr == ""
    assert rerun.stdout.startswith(
        f"Added {len(records) - count}, updated 0, unchanged {count}, skipped 0:"
    ), rerun.stdout
    assert_holds_exactly(index, records)
    assert_searchable(index, len(records), [0, count - 1, count, len(records) - 1])
    assert left_over(index, engine) == []
    assert not (index / ".staging").exists()


# ---------------------------------------------------------------- two writers


@pytest.mark.slow
def test_a_second_writer_is_refused_while_the_first_completes(tmp_path: Path, start) -> None:
    records = articles(3000)
    others = articles(100, start=10_000)
    index = tmp_path / "ix"
    first = start(
        *index_args(index, write_jsonl(tmp_path / "in.jsonl", records), 500), log=tmp_path / "first"
    )
    wait_for_commit(first, index)

    second_args = index_args(index, write_jsonl(tmp_path / "others.jsonl", others), 500)
    second = vnsearch(*second_args)
    assert first.poll() is None  # the first was writing all along
    assert second.returncode == 2
    assert second.stderr == LOCKED.format(index)  # one line, no traceback
    assert second.stdout == ""

    code, out, err = finish(first)
    assert code == 0, err
    assert out.startswith(f"Added {len(records)}, updated 0, unchanged 0, skipped 0:")
    assert_holds_exactly(index, records)  # nothing of the refused run got in

    # What the message says to do works.
    again = vnsearch(*second_args)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"Added {len(others)}, updated 0, unchanged 0, skipped 0:")
    assert_holds_exactly(index, records + others)


@pytest.mark.slow
def test_two_writers_started_together_one_writes_the_other_is_refused(tmp_path: Path, start) -> None:
    records = articles(1500)
    index = tmp_path / "ix"  # not there yet: both race to create it
    args = index_args(index, write_jsonl(tmp_path / "in.jsonl", records), 500)
    procs = [start(*args, log=tmp_path / name) for name in ("a", "b")]

    while all(p.poll() is None for p in procs):
        time.sleep(0.05)
    loser = next(p for p in procs if p.poll() is not None)
    winner = next(p for p in procs if p is not loser)
    assert winner.poll() is None  # the refused one did not wait for the other to finish
    code, out, err = finish(loser)
    assert (code, out, err) == (2, "", LOCKED.format(index))

    code, out, err = finish(winner)
    assert code == 0, err
    assert out.startswith(f"Added {len(records)}, updated 0, unchanged 0, skipped 0:")
    assert_holds_exactly(index, records)


# ---------------------------------------------------------------- read-only folder


def mount(*args: str) -> bool:
    """``mount ARGS``; False where this process may not mount (not root, a container)."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def mounts() -> Iterator[list[Path]]:
    """Mount points to unmount at the end of the test, last first."""
    points: list[Path] = []
    yield points
    for point in reversed(points):
        subprocess.run(["umount", str(point)], capture_output=True)


@pytest.mark.parametrize("how", ["chmod 555", "read-only mount"])
def test_a_read_only_index_folder_is_named_and_left_as_it_was(
    tmp_path: Path, engine: str, how: str, mounts: list[Path]
) -> None:
    records, more = articles(300), articles(300, start=300)
    index = tmp_path / "ix"
    ingest([write_jsonl(tmp_path / "in.jsonl", records)], index, workers=1)
    args = index_args(index, write_jsonl(tmp_path / "all.jsonl", records + more), 100)

    if how == "chmod 555":
        if not permissions_enforced(tmp_path):
            pytest.skip("cannot take root's permission bypass away here (no CAP_SETPCAP)")
        index.chmod(0o555)
        try:
            refused = as_a_user(*args)  # root without CAP_DAC_OVERRIDE: the mode counts
            searched = as_a_user("search", "--index", str(index), "--format", "json", EVERY)
        finally:
            index.chmod(0o755)
        reason = "Permission denied"
    else:
        if not mount("--bind", str(index), str(index)):
            pytest.skip("mount is not permitted here")
        mounts.append(index)
        assert mount("-o", "remount,bind,ro", str(index))
        refused = vnsearch(*args)
        searched = vnsearch("search", "--index", str(index), "--format", "json", EVERY)
        reason = "Read-only file system"

    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        f"Error: Cannot write the index in '{index}': {reason}. "
        f"Make the folder writable or choose another with --index, {STILL_THERE}"
    )
    if engine == "tantivy" and how == "read-only mount":
        # Tantivy locks its table of contents even to read: said, never "rebuild".
        assert searched.returncode == 2
        assert searched.stderr == (
            f"Error: Cannot open the index in '{index}': the tantivy engine writes a lock file even "
            f"to read, and '{index / 'tantivy'}' is read-only (Read-only file system). "
            "Make it writable, or copy the index to a writable folder.\n"
        )
    else:
        assert searched.returncode == 0, searched.stderr
        assert json.loads(searched.stdout)["total"] == len(records)

    if mounts:
        subprocess.run(["umount", str(mounts.pop())], check=True)
    assert_holds_exactly(index, records)
    rerun = vnsearch(*args)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(f"Added {len(more)}, updated 0, unchanged {len(records)}, skipped 0:")
    assert_holds_exactly(index, records + more)


# ---------------------------------------------------------------- disk full


def used_bytes(folder: Path) -> int:
    st = os.statvfs(folder)
    return (st.f_blocks - st.f_bfree) * st.f_frsize


def largest_file(folder: Path) -> int:
    return max(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def file_size_limit(nbytes: int) -> Callable[[], None]:
    """In the child before exec: writes past ``nbytes`` fail with EFBIG (SIGXFSZ ignored, not fatal)."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, nbytes))

    return limit


@pytest.mark.slow
@pytest.mark.parametrize("how", ["tmpfs", "file size limit"])
def test_a_full_disk_stops_the_ingest_at_its_last_commit(
    tmp_path: Path, engine: str, how: str, mounts: list[Path]
) -> None:
    base = articles(500)
    source = tmp_path / "all.jsonl"
    if how == "tmpfs":
        disk = tmp_path / "disk"
        disk.mkdir()
        if not mount("-t", "tmpfs", "-o", "size=64m", "tmpfs", str(disk)):
            pytest.skip("mount is not permitted here")
        mounts.append(disk)
        index = disk / "ix"
        ingest([write_jsonl(tmp_path / "base.jsonl", base)], index, workers=1)
        # Room for one more commit of 500 articles, not two.
        room = -(-int(used_bytes(disk) * 2.5) // 4096) * 4096
        assert mount("-o", f"remount,size={room}", str(disk))
        records = base + articles(1000, start=500)
        args = index_args(index, write_jsonl(source, records), 500, workers=1)
        proc = subprocess.run(command(*args), capture_output=True, text=True, timeout=900)
        message = f"Error: No space left to write the index in '{index}': free some space, {STILL_THERE}"
    else:
        index = tmp_path / "ix"
        ingest([write_jsonl(tmp_path / "base.jsonl", base)], index, workers=1)
        # Longer articles: a batch of them needs files larger than the limit.
        records = base + articles(500, start=500, sentences=48)
        args = index_args(index, write_jsonl(source, records), 500, workers=2)
        limit = file_size_limit(int(1.5 * largest_file(index)))
        proc = subprocess.run(command(*args), capture_output=True, text=True, timeout=900, preexec_fn=limit)
        message = (
            f"Error: A file of the index in '{index}' would be larger than this system allows "
            f"(File too large): raise the limit (ulimit -f) or use another disk, {STILL_THERE}"
        )

    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == message  # one line, no traceback
    count = doc_count(index)
    print(f"\n{engine}, {how}: the failed run stopped at {count} articles")
    assert count % 500 == 0 and len(base) <= count < len(records)
    if how == "tmpfs":
        assert count > len(base)  # a commit landed before the disk filled, and stayed
    ids = all_ids(index)
    assert len(set(ids)) == len(ids) == count
    assert set(ids) == ids_of(records[:count])
    assert_searchable(index, count, [0, count - 1])

    # Free some space (or lift the limit), run the same command again.
    if how == "tmpfs":
        assert mount("-o", "remount,size=64m", str(index.parent))
    rerun = vnsearch(*args)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.startswith(
        f"Added {len(records) - count}, updated 0, unchanged {count}, skipped 0:"
    ), rerun.stdout
    assert_holds_exactly(index, records)
    assert left_over(index, engine) == []


def test_the_failure_messages_name_the_system_error(tmp_path: Path) -> None:
    from search.engines import write_failure

    for code, prefix in (
        (errno.ENOSPC, "No space left"),
        (errno.EDQUOT, "No space left"),
        (errno.EFBIG, "A file of the index"),
        (errno.EROFS, "Cannot write the index in"),
        (errno.EACCES, "Cannot write the index in"),
    ):
        failure = write_failure(tmp_path, OSError(code, os.strerror(code)))
        assert failure is not None and str(failure).startswith(prefix), code
        assert str(failure).endswith(STILL_THERE.rstrip("\n"))
    # Tantivy's errors are ValueErrors naming the system error in Rust's words.
    rust = ValueError("An IO error occurred: 'No space left on device (os error 28)'")
    assert str(write_failure(tmp_path, rust)).startswith("No space left")
    rust = ValueError(
        'Failed to acquire Lockfile: IoError(Os { code: 13, kind: PermissionDenied, message: "x" })'
    )
    assert "Permission denied" in str(write_failure(tmp_path, rust))
    assert write_failure(tmp_path, ValueError("Schema error")) is None
    assert write_failure(tmp_path, OSError(errno.EIO, "I/O error")) is None


# ---------------------------------------------------------------- searching during an ingest


@pytest.mark.slow
def test_searching_while_an_ingest_commits_sees_whole_commits(tmp_path: Path, engine: str, start) -> None:
    from search.web import create_app

    records = articles(3000)
    index = tmp_path / "ix"
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    ingest([empty], index, workers=1)  # an index with no article yet
    commits = set(range(0, len(records) + 1, 200))  # every state an ingest committing every 200 shows

    searcher = Searcher(index)
    client = create_app({"TESTING": True, "INDEX": str(index), "REFRESH_SECONDS": 0}).test_client()
    seen: dict[str, list[int]] = {"library": [], "web": [], "cli": []}
    proc = start(
        *index_args(index, write_jsonl(tmp_path / "in.jsonl", records), 200), log=tmp_path / "ingest"
    )
    next_cli = 0.0
    while proc.poll() is None:
        searcher.refresh()
        result = searcher.search(EVERY, limit=5)
        assert result.total == searcher.search("", limit=0).total  # one state per searcher
        assert {h.id for h in result.hits} <= ids_of(records)
        seen["library"].append(result.total)

        response = client.get("/api/search", query_string={"q": EVERY, "size": 5})
        assert response.status_code == 200, response.get_data(as_text=True)
        seen["web"].append(response.get_json()["total"])

        if time.monotonic() > next_cli:
            found = vnsearch("search", "--index", str(index), "--format", "json", "--limit", "3", EVERY)
            assert found.returncode == 0, found.stderr
            seen["cli"].append(json.loads(found.stdout)["total"])
            next_cli = time.monotonic() + 2
        time.sleep(0.05)
    code, _, err = finish(proc)
    assert code == 0, err

    for channel, totals in seen.items():
        assert set(totals) <= commits, (channel, sorted(set(totals) - commits))
        assert totals == sorted(totals), f"{channel}: a total went down during pure additions"
    between = {t for t in seen["library"] + seen["web"] if 0 < t < len(records)}
    print(f"\n{engine}: {len(seen['library'])} searches saw {len(between)} commits in between")
    assert len(between) >= 2  # the searches did overlap the commits

    searcher.refresh()
    assert searcher.search(EVERY, limit=0).total == len(records)
    assert client.get("/api/search", query_string={"q": EVERY}).get_json()["total"] == len(records)
    searcher.close()
    assert_holds_exactly(index, records)
