"""The production server: waitress in one process, or in several sharing one listening port.

One Python process runs one query at a time on one core (the GIL), however many
threads waitress gives it. ``processes=N`` binds the port first, then forks
N - 1 more processes before any thread starts; each opens the index itself
(its own files, caches and threads: an open file shared across a fork shares
its read position) and accepts on the same sockets, so the kernel hands each
connection to whichever process is free. A process whose parent is gone stops.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from search.errors import SearchError
from search.forked import close_inherited_locks
from search.meaning.model import warm_up_quietly
from search.meaning.store import has_vectors

__all__ = ["serve"]


def _bound(host: str, port: int) -> list[socket.socket]:
    """Sockets bound to every address of ``host`` (as waitress binds them), not yet listening."""
    sockets = []
    try:
        for family, kind, proto, _, address in socket.getaddrinfo(
            host, port, 0, socket.SOCK_STREAM, 0, socket.AI_PASSIVE
        ):
            sock = socket.socket(family, kind, proto)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sockets.append(sock)
            sock.bind(address)
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def _server(app: Any, threads: int, max_body: int, **where: Any) -> Any:
    from waitress import create_server

    # The app reads no request body: waitress refuses big ones before buffering them.
    return create_server(app, threads=threads, ident="vnsearch", max_request_body_size=max_body, **where)


def _orphaned_exit(parent: int) -> None:
    """Stop this process when the one that started it is gone (killed without a chance to say so)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _stop(*_: Any) -> None:
    raise KeyboardInterrupt


def _warm_up(app: Any) -> None:
    """On an index with vectors of meaning, the sentence model's slow first run (over a second)
    happens now, in the background, not in the first visitor's long query."""
    if has_vectors(app.extensions["vnsearch"].index_dir):
        threading.Thread(target=warm_up_quietly, name="vnsearch-meaning-warm-up", daemon=True).start()


def serve(
    make_app: Callable[[], Any],
    host: str,
    port: int,
    threads: int,
    processes: int = 1,
    echo: Callable[[str], None] = print,
    name: str = "",
) -> None:
    """Serve ``make_app()`` (the index ``name``) until Ctrl+C: on ``host``:``port`` (0: any
    free port), ``threads`` requests at once in each of ``processes`` processes (then
    SIGTERM stops them all too)."""
    app = make_app()
    with app.app_context():
        with app.extensions["vnsearch"].searcher() as searcher:  # fail now if there is no index
            articles = searcher.doc_count
    max_body = app.config["MAX_CONTENT_LENGTH"]
    try:
        if processes == 1:
            server = _server(app, threads, max_body, host=host, port=port)
            listening = getattr(server, "effective_listen", None) or [
                (server.effective_host, server.effective_port)
            ]
        else:
            sockets = _bound(host, port)
            listening = [sock.getsockname()[:2] for sock in sockets]
    except OSError as exc:
        raise SearchError(
            f"Cannot listen on {host}:{port}: {exc.strerror or exc}. Choose another --port or --host."
        ) from exc
    children: list[int] = []
    if processes > 1:
        sys.stdout.flush()  # nothing buffered is written twice
        parent = os.getpid()
        for _ in range(processes - 1):
            pid = os.fork()
            if pid == 0:  # a child: its own app, files and threads; ends with the parent
                # an index lock the parent held at the fork would block this process for ever
                close_inherited_locks(app.extensions["vnsearch"].index_dir)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                threading.Thread(target=_orphaned_exit, args=(parent,), daemon=True).start()
                child = make_app()
                _warm_up(child)
                server = _server(child, threads, max_body, sockets=sockets)
                try:
                    server.run()
                finally:
                    os._exit(0)
            children.append(pid)
        server = _server(app, threads, max_body, sockets=sockets)
        signal.signal(signal.SIGTERM, _stop)  # so that the children stop with it
    _warm_up(app)  # after the forks: a model run before them would hang the children
    echo(f"vnsearch: {articles} articles from {name}" + (f", {processes} processes" if processes > 1 else ""))
    for addr, bound_port, *_ in listening:
        shown = f"[{addr}]" if ":" in addr else addr
        echo(f"Serving on http://{shown}:{bound_port}/ (Ctrl+C to stop)")
    sys.stdout.flush()
    try:
        with contextlib.suppress(KeyboardInterrupt):
            server.run()  # waitress returns on Ctrl+C (or SIGTERM, above) after its threads end
        print("Stopped.", file=sys.stderr)
    finally:
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        server.close()
