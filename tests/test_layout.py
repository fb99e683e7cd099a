"""The layout's promises, checked on the source: which package may import which,
no engine loaded by the query side, no module too long to read, a job named at
the top of every module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

PACKAGE = ROOT / "search"
MAX_LINES = 420

# What each part of the package may import from the rest of it (besides itself).
# Data flows one way: read -> analyse -> index -> query -> present.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "config": set(),
    "vietnamese": {"errors"},
    "fields": {"vietnamese"},
    "corpus": {"errors", "vietnamese", "wordlist"},
    "speakers": {"vietnamese", "wordlist"},
    "query": {"errors", "fields", "vietnamese", "wordlist"},
    "engines": {"errors", "fields", "query"},
    "engines.whoosh": {"engines", "errors", "fields", "query", "vietnamese"},
    "engines.tantivy": {"engines", "errors", "fields", "query", "vietnamese"},
    "spelling": {"engines", "vietnamese"},
    "suggest": {"spelling"},
    "highlight": {"vietnamese"},
    "snippets": {"highlight"},
    "indexing": {
        "config",
        "corpus",
        "engines",
        "errors",
        "fields",
        "forked",
        "meaning",  # --rebuild drops the vectors with the rest of the index
        "speakers",
        "suggest",
        "vietnamese",
    },
    "results": {"snippets"},
    # vectors of meaning beside the index: written under the index's lock, read by the searcher
    "meaning": {"engines", "errors", "indexing"},
    "searcher": {
        "config",
        "engines",
        "errors",
        "meaning",
        "query",
        "results",
        "snippets",
        "speakers",
        "suggest",
    },
    "more_like_this": {"searcher", "wordlist"},
    "no_result_help": {"query", "searcher", "vietnamese"},
    "stats": {"engines", "meaning"},
    "export": {"searcher", "vietnamese"},
    "progress": set(),
    "forked": set(),  # what a forked process lets go of: ingest workers and web processes
    "printing": {"errors", "export", "indexing", "searcher"},
    "wordlist": set(),
    # Research views (issue 21): library modules the web and the CLI call.
    "trends": {"errors", "query", "searcher"},
    "kwic": {"errors", "export", "query", "searcher", "snippets", "vietnamese"},
    "quotes": {"errors", "query", "results", "searcher", "snippets", "speakers", "vietnamese"},
    "citation": {"results"},
    # The edges: they call the library and never pick an engine themselves.
    "web": {"__version__", "config", "errors", "export", "more_like_this", "no_result_help", "query"}
    | {"searcher", "snippets", "vietnamese", "trends", "kwic", "quotes", "citation", "results", "forked"}
    | {"meaning"},
    "cli": {"__version__", "config", "corpus", "engines", "errors", "export", "indexing", "progress"}
    | {"printing", "query", "searcher", "stats", "web", "trends", "kwic", "quotes", "citation", "meaning"},
}


def _unit(module: str) -> str:
    parts = module.split(".")
    if len(parts) >= 3 and parts[1] == "engines" and parts[2] in ("whoosh", "tantivy"):
        return f"engines.{parts[2]}"
    return parts[1] if len(parts) > 1 else "search"


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out.append((name, path))
    return out


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import; write search.… in full")
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "search":
            if node.module == "search":
                found |= {f"search.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("search.")}
    return found


@pytest.mark.parametrize("name, path", _modules(), ids=lambda v: v if isinstance(v, str) else "")
def test_each_module_imports_only_what_its_stage_may(name: str, path: Path):
    unit = _unit(name) if "." in name else "search"
    if unit in ("search", "__main__"):
        return
    assert unit in ALLOWED, f"{name}: a new part of the package: say what it may import in ALLOWED"
    wrong = {imp for imp in _imports(path) if _unit(imp) not in ALLOWED[unit] | {unit}}
    assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}, which {unit} may not"


@pytest.mark.parametrize("name, path", _modules(), ids=lambda v: v if isinstance(v, str) else "")
def test_each_module_is_short_and_says_its_job(name: str, path: Path):
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by job"
    tree = ast.parse(text)
    if path.name == "__main__.py":
        return
    doc = ast.get_docstring(tree)
    assert doc and doc.strip(), f"{path.relative_to(ROOT)} has no docstring saying what it is for"


@pytest.mark.parametrize(
    "module", ["search.query", "search.searcher", "search.web", "search.engines.tantivy.engine"]
)
def test_the_query_side_and_the_native_engine_never_load_whoosh(module: str):
    if module.endswith("tantivy.engine"):
        pytest.importorskip("tantivy")
    code = f"import sys, {module}; print('whoosh' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False", f"importing {module} loads Whoosh"
