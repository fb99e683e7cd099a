"""Run a command and sample the memory of its whole process tree.

Peak RSS is the sum over the process and its children (the ingest forks
worker processes) sampled every 0.2 s; forked workers share pages with their
parent, so the sum overstates what the tree really holds. Peak PSS (each
shared page divided among the processes sharing it) is the honest figure
and is reported next to it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

INTERVAL = 0.2


@dataclass
class Measured:
    returncode: int
    seconds: float
    peak_rss: int  # bytes, summed over the tree
    peak_pss: int  # bytes, summed over the tree
    peak_anon: int  # bytes, summed over the tree: what the processes allocated (see anon_bytes)
    peak_processes: int
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0  # user + system CPU of the whole tree (the processes it waited for)


def anon_bytes(pid: int) -> int:
    """Anonymous memory of a process (what it allocated), from /proc: unlike RSS
    it leaves out the index files an engine maps into memory, which the kernel
    can drop at any time and which grow with the index, not the load."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TreeSampler:
    """Samples a running process tree in a thread until stopped."""

    def __init__(self, pid: int, interval: float = INTERVAL) -> None:
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak_rss = self.peak_pss = self.peak_anon = self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        rss = pss = anon = 0
        for proc in procs:
            try:
                info = proc.memory_full_info()
            except psutil.AccessDenied:
                try:
                    info = proc.memory_info()
                except psutil.Error:
                    continue
            except psutil.Error:
                continue
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
            anon += anon_bytes(proc.pid)
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss)
        self.peak_anon = max(self.peak_anon, anon)
        self.peak_processes = max(self.peak_processes, len(procs))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)


def bench_env() -> dict[str, str]:
    """The environment for the commands we time: no index or engine chosen from outside."""
    env = {k: v for k, v in os.environ.items() if k not in ("VNSEARCH_INDEX", "VNSEARCH_ENGINE")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_measured(cmd: list[str], cwd: Path | None = None) -> Measured:
    """Run ``cmd`` to its end, timing it and sampling its tree's memory."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=bench_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    with TreeSampler(proc.pid) as sampler:
        stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(
        proc.returncode,
        seconds,
        sampler.peak_rss,
        sampler.peak_pss,
        sampler.peak_anon,
        sampler.peak_processes,
        stdout,
        stderr,
        cpu,
    )


def folder_bytes(path: Path) -> int:
    """Bytes of every file under ``path``."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())
