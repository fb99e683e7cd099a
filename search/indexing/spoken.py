"""An article's speakers as the index stores them, read so that no article can stop an ingest.

The speaker extractor is rules over real text; an article that trips a defect in them (a case
no rule foresaw) must cost that article its speakers, not the hours of an ingest around it.
The article is indexed whole without them, and the ingest's summary names it with the error,
for the defect to be reported and fixed.
"""

from __future__ import annotations

import traceback
from dataclasses import asdict
from typing import Any

from search.speakers import extract_speakers

__all__ = ["speaker_values"]


def speaker_values(body: str, title: str) -> tuple[dict[str, Any], str]:
    """The index's speaker fields of an article, and "" — or no fields and what went wrong."""
    try:
        spoke = extract_speakers(body, title)
    except Exception as exc:  # noqa: BLE001 - any defect of the rules: see the module's docstring
        return {}, _problem(exc)
    if not spoke:
        return {}, ""
    return {
        "speakers": [s.name for s in spoke],
        "speaker_info": [{**asdict(s), "quotes": list(s.quotes)} for s in spoke],
    }, ""


def _problem(exc: Exception) -> str:
    """What failed and where: the innermost line of vnsearch's code, for the report."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = ""
    if frames:
        path = frames[-1].filename.replace("\\", "/")
        head, found, tail = path.rpartition("/search/")
        where = f" at {'search/' + tail if found else path}:{frames[-1].lineno}"
    message = str(exc) or "no message"
    return (
        f"indexed without its speakers: the speaker extractor failed ({type(exc).__name__}{where}: "
        f"{message}). Please report it with this article; the rest of the article is searchable."
    )
