"""python -m benchmarks COMMAND [OPTIONS]: one entry for every measurement.

Each command is a module of this package with a ``main(argv) -> int``; it is
imported only when asked for, so a command's start-up (the segmentation
benchmark times its own imports) carries no other command's imports.
``python -m benchmarks COMMAND --help`` lists a command's options.
"""

from __future__ import annotations

import importlib
import sys

PROG = "python -m benchmarks"

# command: (module, what it measures)
COMMANDS: dict[str, tuple[str, str]] = {
    "bench": ("bench", "issue 7: both engines and SQLite FTS5, every stage -> results.md (make bench)"),
    "relevance": ("relevance", "MRR@10 on real headlines and questions -> results-relevance.md"),
    "matching": ("matching", "issue 15: precision and recall of the whole result set -> results-matching.md"),
    "scale": ("scale", "the engine at 84k-1M articles, VNTC repeated under new ids -> results-scale.md"),
    "segment": ("segment", "our word segmentation against pyvi's: speed, identical output"),
    "speakers": ("speakers", "speaker extraction: precision and recall on the labelled articles"),
    "profile": ("profile_ingest", "where ingest time goes, stage by stage (JSON)"),
    "coldstart": ("coldstart", "a fresh process: import, open an index, first query (JSON)"),
    "fts5": ("fts5", "index articles into the SQLite FTS5 baseline (JSON summary)"),
    "accents": (
        "accents",
        "issue 15: accents restored on real headlines, ours and pyvi's -> results-accents.md",
    ),
    "tune": ("tune", "ranking weights tried on a dataset the relevance command wrote"),
    "duplicates": ("duplicates", "issue 20: near-duplicate groups on labelled pairs and per corpus"),
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"usage: {PROG} COMMAND [OPTIONS]", "", __doc__.splitlines()[0], "", "commands:"]
    lines += [f"  {name.ljust(width)}  {about}" for name, (_, about) in COMMANDS.items()]
    lines += ["", f"{PROG} COMMAND --help lists a command's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(usage(), file=sys.stdout if argv else sys.stderr)
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"{PROG}: no command {name!r}; choose from {', '.join(COMMANDS)}.", file=sys.stderr)
        return 2
    module = importlib.import_module(f"benchmarks.{COMMANDS[name][0]}")
    return module.main(rest)


if __name__ == "__main__":
    sys.exit(main())
