"""Ingesting with Tantivy's own threads beside ours.

- The writer indexes on a thread of its own. When that thread fails while
  writing a segment (a full disk, a file too large), the next document gets
  only "An index writer was killed"; the ingest must still say what happened
  and what to do, as it does when the same failure comes at a commit.
- A reader reloads on a thread of its own, holding the index's meta lock
  (an ``flock``) meanwhile. Workers forked at that moment inherit the locked
  file; they must not wait on it for ever.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("tantivy", reason="the tantivy extra is missing: pip install 'vnsearch[fast]'")


@pytest.fixture
def small_index(tmp_path: Path) -> tuple[Path, Path, list[dict]]:
    """A Tantivy index of 20 short articles: its folder, its source file, its records."""
    from search.indexing import ingest

    records = [{"id": f"b{n}", "title": f"Bản tin số {n}", "body": "Giá xăng dầu tăng."} for n in range(20)]
    source = tmp_path / "base.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    index = tmp_path / "ix"
    ingest([source], index, engine="tantivy", workers=1)
    return index, source, records


def start(code: str, *args: str) -> subprocess.Popen:
    """``python -c code args`` in a session of its own (to kill it with what it forked)."""
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


# In a child: the file size limit is the process's. Documents go one at a
# time with a pause, so the writer's thread writes its store while they come
# and fails before any commit is asked for.
CHILD = r"""
import json, random, resource, signal, sys, time
from pathlib import Path
from search.engines import write_failure
from search.engines.base import Doc
from search.engines.tantivy.writer import Sink

index, limit = Path(sys.argv[1]), int(sys.argv[2])
sink = Sink(index, commit_every=1_000_000)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
rng = random.Random(7)
for n in range(5000):
    # Random syllables: the store compresses them little, so it grows fast.
    text = " ".join("".join(rng.choice("abcdeghiklmnopqrstuvxy") for _ in range(5)) for _ in range(300))
    doc = Doc(values={"id": f"new{n}", "fingerprint": f"f{n}", "title": text}, tokens={"body": text}, texts={"body": text})
    try:
        sink.add([doc], 1)
    except Exception as exc:
        failure = write_failure(index, exc)
        print(json.dumps({"at": n, "error": str(exc), "failure": str(failure) if failure else None}))
        break
    time.sleep(0.003)
else:
    print(json.dumps({"at": None}))
"""


def test_a_thread_that_fails_between_commits_is_told_by_its_cause(
    small_index: tuple[Path, Path, list],
) -> None:
    from search.searcher import Searcher

    index, source, records = small_index

    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(index), str(300_000)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    told = json.loads(proc.stdout)
    # It failed while adding: the case the commit's own error does not cover.
    assert told["at"] is not None and told["at"] > 0, told
    assert told["failure"] == (
        f"A file of the index in '{index}' would be larger than this system allows "
        "(File too large): raise the limit (ulimit -f) or use another disk, "
        "then run this command again; the index is still at its last commit."
    ), told["error"]
    # Asking the thread why committed nothing.
    with Searcher(index) as searcher:
        assert searcher.search("", limit=0).total == len(records)


# In a child: the meta lock held, as Tantivy's reader thread holds it while it
# reloads, when the workers are forked; let go two seconds later.
FORK_CHILD = r"""
import fcntl, multiprocessing, os, sys, threading
from pathlib import Path
from search.corpus import Article, read_paths
from search.indexing import pipeline

index, source = Path(sys.argv[1]), Path(sys.argv[2])
batch = [a for a in read_paths([source]) if isinstance(a, Article)]
held = os.open(index / "tantivy" / ".tantivy-meta.lock", os.O_RDWR)
fcntl.flock(held, fcntl.LOCK_EX)
threading.Timer(2.0, os.close, (held,)).start()
counter = multiprocessing.Array("q", 2)
results = list(pipeline._results([batch[:10], batch[10:]], str(index), "tantivy", 2, counter))
print(sum(len(r.items) for r in results))
"""


def test_workers_forked_while_a_reader_holds_the_meta_lock_do_not_wait_for_ever(
    small_index: tuple[Path, Path, list],
) -> None:
    index, source, records = small_index

    proc = start(FORK_CHILD, str(index), str(source))
    try:
        out, err = proc.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the workers too
        proc.communicate()
        pytest.fail("the workers waited for ever on the meta lock they inherited")
    assert proc.returncode == 0, err
    assert out.split() == [str(len(records))]  # every article went through a worker


# In a child: the web server with two processes, the meta lock held at the fork.
SERVE_CHILD = r"""
import fcntl, os, sys, threading
from pathlib import Path
from search.web import create_app
from search.web.server import serve

index = Path(sys.argv[1])
real_fork = os.fork


def fork():
    held = os.open(index / "tantivy" / ".tantivy-meta.lock", os.O_RDWR)
    fcntl.flock(held, fcntl.LOCK_EX)
    threading.Timer(1.0, os.close, (held,)).start()
    return real_fork()


os.fork = fork
serve(lambda: create_app({"INDEX": str(index)}), "127.0.0.1", 0, threads=2, processes=2)
"""


def test_a_web_process_forked_while_a_reader_holds_the_meta_lock_answers(
    small_index: tuple[Path, Path, list],
) -> None:
    import re
    import urllib.request

    index, source, records = small_index

    proc = start(SERVE_CHILD, str(index))
    try:
        port = None
        for line in proc.stdout:
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if found:
                port = int(found.group(1))
                break
        assert port, proc.stderr.read()
        # The two processes take connections from one socket: with twenty, both answer some.
        for n in range(20):
            url = f"http://127.0.0.1:{port}/api/search?q=xang+dau&n={n}"
            with urllib.request.urlopen(url, timeout=30) as response:
                assert json.loads(response.read())["total"] == len(records)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
