"""Shared fixtures and hooks: real corpora (skipped when ../shared is
absent), an index over the demo corpus, the web app and its client, and the
engine every index-using test runs against.

Engines: a module marked ``pytestmark = pytest.mark.engines`` runs each of
its tests once per engine (whoosh, tantivy). The session-scoped ``engine``
fixture sets ``$VNSEARCH_ENGINE`` for the whole run of that parameter, so
``ingest()``, ``vnsearch index`` (subprocesses inherit it) and every fixture
that builds an index use that engine without naming it; searching always
uses the engine recorded in the index. ``@pytest.mark.whoosh_only`` keeps a
test about Whoosh's own files to that engine.

Web tests share ``app`` and ``client`` (flaskr's shape); a module changes
the app's settings by overriding ``app_settings``. The plain helpers
(``write_jsonl``, ``index_of``, ``vnsearch``, the ROOT/DEMO/SHARED paths)
are in helpers.py.

Browser tests share ``base_url`` (the app served by waitress), ``browser``
(Debian's Chromium through Playwright), ``errors`` and ``page``; what else
they share is in browsing.py.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from browsing import ARGS, CHROMIUM, new_context
from helpers import DEMO, ENGINES, SHARED


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "engines: run every test of the module once per engine")
    config.addinivalue_line("markers", "whoosh_only: a test about the Whoosh engine's own files")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("whoosh_only"):
        metafunc.parametrize("engine", ["whoosh"], indirect=True, scope="session")
    elif metafunc.definition.get_closest_marker("engines"):
        metafunc.parametrize("engine", ENGINES, indirect=True, scope="session")


@pytest.fixture(scope="session", autouse=True)
def engine(request: pytest.FixtureRequest) -> str:
    """The engine of the indexes this test builds (whoosh unless parametrised)."""
    name = getattr(request, "param", "whoosh")
    if name == "tantivy":
        pytest.importorskip("tantivy", reason="the tantivy extra is missing: pip install 'vnsearch[fast]'")
    before = os.environ.get("VNSEARCH_ENGINE")
    os.environ["VNSEARCH_ENGINE"] = name
    yield name
    if before is None:
        os.environ.pop("VNSEARCH_ENGINE", None)
    else:
        os.environ["VNSEARCH_ENGINE"] = before


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpora is absent (real corpora are optional)")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_corpora: Path) -> Path:
    path = shared_corpora / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/corpora/seeds is absent")
    return path


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Path:
    """An index over the project's demo corpus, built once per engine with two workers."""
    from search.indexing.pipeline import ingest

    path = tmp_path_factory.mktemp(f"demo-index-{engine}")
    report = ingest([DEMO], path, workers=2)
    assert report.added > 0 and not report.skipped, report.skipped
    return path


@pytest.fixture(scope="module")
def app_settings() -> dict:
    """What the shared ``app`` adds to its test configuration. A module that
    needs other settings overrides this fixture (test_hostile.py does)."""
    return {"REFRESH_SECONDS": 0}  # a commit shows up at the next request


@pytest.fixture(scope="module")
def app(demo_index: Path, app_settings: dict):
    """The web app over the demo index, once per module and engine."""
    from search.web import create_app

    return create_app({"TESTING": True, "INDEX": str(demo_index), **app_settings})


@pytest.fixture
def client(app):
    return app.test_client()


# --- browser tests (browsing.py) ---


@pytest.fixture(scope="module")
def base_url(demo_index: Path):
    """The app served by waitress in a thread, on a free port."""
    from waitress import create_server

    from search.web import create_app

    app = create_app({"INDEX": str(demo_index)})
    server = create_server(app, host="127.0.0.1", port=0, threads=4, ident="vnsearch")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    # Closed from the server's own thread, with every open connection, so that its loop ends:
    # closed from here, the loop could be selecting on the sockets as they closed, and die
    # with "Bad file descriptor" (pytest's warning in a clean-clone run).
    server.trigger.pull_trigger(lambda: [d.close() for d in list(server._map.values())])
    thread.join(timeout=5)
    server.task_dispatcher.shutdown()
    assert not thread.is_alive()


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module's tests."""
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def errors() -> list[str]:
    """Console errors and failed requests (a CSP violation shows up here)."""
    return []


@pytest.fixture
def page(browser, errors):
    """A desktop page; the test fails if the page logged an error."""
    context, page = new_context(browser, errors)
    yield page
    context.close()
    assert not errors
