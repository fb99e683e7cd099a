"""What every browser test shares: Debian's Chromium driven by Playwright against the app
served by waitress over the demo index, pages that record console errors and failed requests,
and screenshots copied to /tmp/vnsearch-shots/ for people to look at.

A browser test module starts with ``sync_api = playwright_or_skip()`` (skipped, with the
reason, when Chromium or playwright is missing on a developer's machine; under CI, where
``make test`` installs Chromium, a missing one is an error). The fixtures (``base_url``,
``browser``, ``errors``, ``page``) are in conftest.py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path("/tmp/vnsearch-shots")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# A download the next navigation cuts short (net::ERR_ABORTED) is not a failed request.
DOWNLOADS = ("/export.", ".csv", "/cite.")


def playwright_or_skip() -> Any:
    """``playwright.sync_api``; skips the calling module when Chromium or playwright is missing."""
    if not os.access(CHROMIUM, os.X_OK):
        if os.environ.get("CI"):  # make test installs it: missing in CI is a broken set-up, not a skip
            raise RuntimeError(f"{CHROMIUM} is missing in CI: make browser should have installed it")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium", allow_module_level=True)
    return pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is missing: pip install playwright"
    )


def watch(page: Any, errors: list[str]) -> None:
    """Record the page's console errors, script errors and failed requests in ``errors``."""
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on(
        "requestfailed",
        lambda r: (
            errors.append(f"failed: {r.url} ({r.failure})")
            if not any(d in r.url for d in DOWNLOADS) and "ERR_ABORTED" not in (r.failure or "")
            else None
        ),
    )


def new_context(browser: Any, errors: list[str], viewport: dict = DESKTOP, **options: Any) -> tuple[Any, Any]:
    """A fresh context (downloads allowed) and its watched page, 10 s timeouts."""
    context = browser.new_context(viewport=viewport, accept_downloads=True, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    watch(page, errors)
    return context, page


def shoot(page: Any, tmp_path: Path, name: str) -> None:
    """A full-page screenshot in the test's folder, copied to /tmp/vnsearch-shots/."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / path.name)


def args_of(url: str) -> dict[str, list[str]]:
    """A URL's query parameters."""
    return parse_qs(urlsplit(url).query)
