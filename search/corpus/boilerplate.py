"""Text a crawl left in an article that is not the article's: links to other articles and
the site's own notices. Removed as an article is read, so that it is neither indexed,
matched, shown nor read for speakers.

Links to other articles carry those articles' headlines. Left in, a search for a headline
ranks the article that links to it above the article itself, and every query matches
articles through their neighbours' headlines. Three forms are removed:

- a link as VnExpress pages of 2004-2006 print them, one a line, the headline with its date
  glued on: "Gà ảo sẽ tái xuất giang hồ(04/02/2004)", or the day and month alone after four
  words or more ("... thừa nhận cá độ ở SEA Games 23(12/01)"; 838 lines in 162 VNTC
  articles). A run of such lines goes, wherever it
  stands, with the "Xem tiếp" line that may close it (``data/more_links.txt``). A date after
  a space is text ("Lượt về vòng 22 (29/1/2006)") and stays. In VNTC, 4,488 of its 60,983
  VnExpress articles hold 22,794 such lines; no other shared corpus has one;
- a link in brackets within the text: "(Xem thêm: Vì sao tuyển Việt Nam ...)";
- a site's notice, as listed in ``data/boilerplate.txt``, wherever it stands.

A body that would be left with no text is kept as it was: nothing is lost that was all
there was.
"""

from __future__ import annotations

import re
from pathlib import Path

from search.wordlist import read_entries

__all__ = ["strip_boilerplate"]

_DATA = Path(__file__).with_name("data")
_MORE = sorted(read_entries(_DATA / "more_links.txt"))
_NOTICES = read_entries(_DATA / "boilerplate.txt")
_NOTICE = re.compile("|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in _NOTICES))
# The date glued to a headline's last character: "giang hồ(04/02/2004)", or without its year
# after a headline of four words or more: "Hữu Thắng và Xuân Vinh thừa nhận cá độ(12/01)" (not
# a fixture list's "Thứ năm(11/08)").
_GLUED_DATE = re.compile(r"[^\s(]\(\d{1,2}/\d{1,2}(?:/\d{4})?\)[ \t]*$", re.MULTILINE)
_LINK_LINE = re.compile(
    r"[^\n]{2,300}[^\s(]\(\d{1,2}/\d{1,2}/\d{4}\)|(?:\S+ ){3,60}[^\n]*[^\s(]\(\d{1,2}/\d{1,2}\)"
)
_MORE_IN_BRACKETS = re.compile(
    r"[ \t]*\(\s*(?:" + "|".join(map(re.escape, _MORE)) + r")\s*:[^()\n]{1,300}\)", re.IGNORECASE
)
# Cheap tests first (``in`` runs in C): most bodies hold none of these, and each regex
# would otherwise be tried at every character of every body.
_NOTICE_STARTS = tuple({phrase.split()[0] for phrase in _NOTICES})
_MORE_TAILS = tuple(label[1:] for label in _MORE)  # "em tiếp": either case of the first letter


def strip_boilerplate(body: str) -> str:
    """``body`` without links to other articles and without the sites' notices."""
    text = body
    if any(start in text for start in _NOTICE_STARTS):
        text = _NOTICE.sub(" ", text)
    if (")\n" in text or text.rstrip().endswith(")")) and _GLUED_DATE.search(text):
        text = _drop_link_lines(text)
    if any(tail in text for tail in _MORE_TAILS):
        text = _MORE_IN_BRACKETS.sub("", text)
    if text is body:
        return body
    return text if text.strip() else body


def _drop_link_lines(text: str) -> str:
    kept: list[str] = []
    after_links = False
    for line in text.split("\n"):
        stripped = line.strip()
        if _LINK_LINE.fullmatch(stripped) or (after_links and stripped in _MORE):
            after_links = True
            continue
        if stripped:
            after_links = False
        kept.append(line)
    return "\n".join(kept)
