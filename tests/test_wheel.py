"""The package as users get it: the sdist and the wheel built from it, installed
with the ``fast`` extra into a fresh venv outside the checkout, and the
installed ``vnsearch`` run from an empty folder — index the demo corpus on both
engines, search, ``stats --json``, serve, and fetch the page, its stylesheet,
its script and ``/api/search``.

The editable install of ``make run`` reads the checkout, so it cannot notice a
subpackage or a data file that packaging forgot; this does. It needs the
package registry (or pip's cache) for the dependencies, like any user.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import urllib.request
import zipfile
from pathlib import Path

import pytest
from helpers import DEMO, ROOT, served

pytestmark = pytest.mark.slow

# What the installed program reads, as the checkout holds it: the package's
# modules and data, and the site's templates and static files.
TRACKED = ("search", "templates", "static")


def _tracked_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", *TRACKED], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    if not out:  # not a git checkout (an unpacked sdist): every file under those folders
        out = [str(p.relative_to(ROOT)) for name in TRACKED for p in (ROOT / name).rglob("*") if p.is_file()]
    return sorted(p for p in out if "__pycache__" not in p)


def _installed_name(path: str) -> str:
    """Where a checkout file lands in the wheel: templates/ and static/ go inside the package."""
    return path if path.startswith("search/") else f"search/{path}"


def _env(venv: Path) -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH, no index chosen, the venv first on PATH."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VNSEARCH_INDEX", "VNSEARCH_ENGINE"}
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 900) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise AssertionError(
            f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        )
    return proc


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist, and the wheel built from it (``python -m build`` does both)."""
    out = tmp_path_factory.mktemp("dist")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    _run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], cwd=out, env=env)
    [sdist] = out.glob("vnsearch-*.tar.gz")
    [wheel] = out.glob("vnsearch-*.whl")
    return {"sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="module")
def venv(dist: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv, outside the checkout, with the wheel and its ``fast`` and ``meaning`` extras."""
    venv = tmp_path_factory.mktemp("user") / "venv"
    home = venv.parent
    _run([sys.executable, "-m", "venv", str(venv)], cwd=home, env=_env(venv))
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    _run(pip + [f"vnsearch[fast,meaning] @ {dist['wheel'].as_uri()}"], cwd=home, env=_env(venv))
    return venv


def test_wheel_holds_every_module_template_static_and_data_file(dist: dict[str, Path]):
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
    missing = [path for path in _tracked_files() if _installed_name(path) not in names]
    assert not missing, f"the wheel lacks {missing}: fix [options] in setup.cfg"
    assert any(n.endswith("entry_points.txt") for n in names)


def test_sdist_holds_every_file_the_wheel_is_built_from(dist: dict[str, Path]):
    with tarfile.open(dist["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    wanted = _tracked_files() + ["setup.cfg", "pyproject.toml", "README.md"]
    missing = [path for path in wanted if path not in names]
    assert not missing, f"the sdist lacks {missing}: fix MANIFEST.in or setup.cfg"


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_installed_vnsearch_indexes_searches_and_reports(venv: Path, engine: str, tmp_path: Path):
    env = _env(venv)
    vnsearch = str(venv / "bin" / "vnsearch")
    where = _run([str(venv / "bin" / "python"), "-c", "import search; print(search.__file__)"], tmp_path, env)
    assert Path(where.stdout.strip()).is_relative_to(venv), (
        f"imported {where.stdout} instead of the installed package"
    )

    proc = _run(
        [vnsearch, "index", "--index", "ix", "--engine", engine, "--workers", "2", str(DEMO)], tmp_path, env
    )
    assert re.search(r"Added \d+, updated 0, unchanged 0, skipped 0", proc.stdout), proc.stdout

    proc = _run([vnsearch, "search", "--index", "ix", "--format", "json", "cong an ha noi"], tmp_path, env)
    result = json.loads(proc.stdout)
    assert result["total"] > 0 and result["hits"][0]["title"]

    stats = json.loads(_run([vnsearch, "stats", "--index", "ix", "--json"], tmp_path, env).stdout)
    assert stats["engine"] == engine and stats["articles"] == 41


def test_installed_vnsearch_ranks_on_meaning_with_its_extra(venv: Path, tmp_path: Path):
    env = _env(venv)
    vnsearch = str(venv / "bin" / "vnsearch")
    proc = _run([vnsearch, "index", "--index", "ix", "--meaning", "--no-progress", str(DEMO)], tmp_path, env)
    assert "Meaning: 41 articles embedded, 0 kept, 0 dropped" in proc.stdout, proc.stdout
    assert (tmp_path / "ix" / "meaning.npz").is_file()
    proc = _run(
        [vnsearch, "search", "--index", "ix", "--format", "json", "người dân miền Trung chống lũ thế nào"],
        tmp_path,
        env,
    )
    assert json.loads(proc.stdout)["total"] > 0


def _serving(venv: Path, index: Path, cwd: Path):
    cmd = [str(venv / "bin" / "vnsearch"), "serve", "--index", str(index), "--port", "0"]
    return served(cmd, cwd=cwd, env=_env(venv), seconds=60)


def _get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers.get_content_type(), response.read().decode("utf-8")


def test_installed_vnsearch_serves_the_site_its_assets_and_the_api(venv: Path, tmp_path: Path):
    env = _env(venv)
    _run(
        [str(venv / "bin" / "vnsearch"), "index", "--index", "ix", "--workers", "1", str(DEMO)], tmp_path, env
    )
    with _serving(venv, tmp_path / "ix", tmp_path) as url:
        assert url, "vnsearch serve printed no address within 60 s"
        status, kind, page = _get(url + "?q=ha+noi")
        assert (status, kind) == (200, "text/html") and 'lang="vi"' in page and "kết quả" in page
        stylesheets = re.findall(r'<link[^>]+href="([^"]+\.css[^"]*)"', page)
        scripts = re.findall(r'<script[^>]+src="([^"]+\.js[^"]*)"', page)
        assert stylesheets and scripts, "the page links no stylesheet or script"
        for asset, wanted in [(stylesheets[0], "text/css"), (scripts[0], "text/javascript")]:
            status, kind, text = _get(url + asset.lstrip("/"))
            assert status == 200 and kind == wanted and len(text) > 200, asset
        status, kind, body = _get(url + "api/search?q=ha+noi")
        data = json.loads(body)
        assert kind == "application/json" and data["total"] > 0 and data["hits"][0]["title"]
