"""Where the benchmarks find the checkout and the shared corpora (one place, not five).

The corpora sit next to the checkout, ``../shared/corpora``, unless
``$VNSEARCH_CORPORA`` names the folder: a git worktree elsewhere, a copy on
a faster disk. Nothing is downloaded; a missing file is reported by the
command that needs it.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = "VNSEARCH_CORPORA"
SHARED = Path(os.environ.get(ENV) or ROOT.parent / "shared" / "corpora")
VNTC = SHARED / "vntc" / "vntc.jsonl.gz"
WHERE = f"the shared corpora folder ../shared/corpora next to the project (or ${ENV})"
