"""Load: the production server under concurrent clients.

Starts ``vnsearch serve --index DIR --host 127.0.0.1 --port 0`` (waitress) as a
subprocess, reads the port it chose, waits for ``/healthz``, then runs N client
threads, each with its own keep-alive ``http.client`` connection, sending
``/api/search`` requests from the query set (each client starts at another
place in the list) until the time is up. Every response must be a 200 with a
JSON object that has ``hits``; anything else, or an exception, is an error.
The server's memory (its process tree) is sampled throughout.
"""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from .monitor import TreeSampler, bench_env
from .percentiles import summary_ms
from .queryset import Query

HOST = "127.0.0.1"
START_TIMEOUT = 300.0  # opening a large Whoosh index takes a while
REQUEST_TIMEOUT = 120.0


class LoadError(Exception):
    """The server did not start or answer; the message says what it printed."""


@dataclass
class Client:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    messages: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.errors += 1
        if len(self.messages) < 5:
            self.messages.append(message)


class Server:
    """``vnsearch serve`` on a free port, stopped (by its own pid) on exit."""

    def __init__(
        self, command: list[str], index_dir: Path, log: Path, threads: int | None = None, processes: int = 1
    ) -> None:
        self.cmd = [*command, "serve", "--index", str(index_dir), "--host", HOST, "--port", "0"]
        if threads:
            self.cmd += ["--threads", str(threads)]
        if processes > 1:
            self.cmd += ["--processes", str(processes)]
        self.log = log
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.started = 0.0

    def __enter__(self) -> Server:
        started = time.perf_counter()
        self._stderr = self.log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            self.cmd,
            env=bench_env(),
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
        )
        self.port = self._read_port()
        self._wait_healthy(started)
        self.started = time.perf_counter() - started
        return self

    def _read_port(self) -> int:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            found = re.search(r"Serving on http://[^:]+:(\d+)/", line)
            if found:
                # keep the pipe drained so that the server never blocks on its output
                threading.Thread(target=self.proc.stdout.read, daemon=True).start()
                return int(found.group(1))
        raise LoadError(f"the server exited ({self.proc.wait()}): see {self.log}")

    def _wait_healthy(self, started: float) -> None:
        while time.perf_counter() - started < START_TIMEOUT:
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=10)
                conn.request("GET", "/healthz")
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status == 200:
                    return
            except OSError:
                pass
            if self.proc is not None and self.proc.poll() is not None:
                raise LoadError(f"the server exited ({self.proc.returncode}): see {self.log}")
            time.sleep(0.2)
        raise LoadError(f"no answer from /healthz within {START_TIMEOUT:.0f} s")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._stderr.close()


def path_of(query: Query) -> str:
    return "/api/search?" + urlencode(query.api_params())


def _client(port: int, paths: list[str], start: int, deadline: float | None, out: Client) -> None:
    """Send requests until ``deadline`` (None: each path once), on one keep-alive connection."""
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    i = start
    while time.perf_counter() < deadline if deadline is not None else i < start + len(paths):
        path = paths[i % len(paths)]
        i += 1
        began = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            elapsed = time.perf_counter() - began
            if response.status != 200:
                out.error(f"HTTP {response.status} for {path}: {body[:200]!r}")
                continue
            if "hits" not in json.loads(body):
                out.error(f"no hits in the answer to {path}")
                continue
            out.latencies.append(elapsed)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            out.error(f"{type(exc).__name__}: {exc} for {path}")
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    conn.close()


def run_load(
    command: list[str],
    index_dir: Path,
    queries: list[Query],
    seconds: float,
    clients: int,
    log: Path,
    threads: int | None = None,
    warmup: int = 10,
    processes: int = 1,
) -> dict:
    """Requests/s, latency and errors of ``clients`` threads for ``seconds``."""
    paths = [path_of(q) for q in queries]
    with Server(command, index_dir, log, threads, processes) as server:
        assert server.proc is not None
        with TreeSampler(server.proc.pid) as sampler:
            warm = Client()  # a few requests one by one, not timed; their errors count
            _client(server.port, paths[:warmup], 0, None, warm)
            results = [Client() for _ in range(clients)]
            step = max(1, len(paths) // clients)
            began = time.perf_counter()
            deadline = began + seconds
            workers = [
                threading.Thread(target=_client, args=(server.port, paths, n * step, deadline, results[n]))
                for n in range(clients)
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
            elapsed = time.perf_counter() - began
        alive = server.proc.poll() is None
        startup = server.started
    latencies = [x for r in results for x in r.latencies]
    errors = sum(r.errors for r in (warm, *results))
    return {
        "clients": clients,
        "duration": seconds,
        "server_threads": threads,
        "server_processes": processes,
        "seconds": elapsed,
        "requests": len(latencies) + errors,
        "ok": len(latencies),
        "errors": errors,
        "error_messages": [m for r in (warm, *results) for m in r.messages][:5],
        "requests_per_second": len(latencies) / elapsed if elapsed else 0.0,
        "latency_ms": summary_ms(latencies),
        "server_start_seconds": startup,
        "server_peak_rss": sampler.peak_rss,
        "server_peak_pss": sampler.peak_pss,
        "server_tree_processes": sampler.peak_processes,
        "server_alive": alive,
    }
