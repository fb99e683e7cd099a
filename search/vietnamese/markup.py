"""HTML a crawl left in an article: its tags taken out, its text kept, its blocks kept as lines.

Some crawls store a page's HTML, not its text. Seven VNTC articles (Người Lao Động, 2004-2006)
hold ``<P>``, ``<TABLE>`` and ``<IMG>`` tags in their titles and bodies; left in, the tags are
indexed as words ("p", "td", "table"), shown in snippets and read as names by the speaker step.

Only the tags of HTML's own elements are taken out (``<p class=title>``, ``</TD>``, ``<br/>``),
so that text written with angle brackets ("<3", "a < b > c", "<Nhật ký>") stays as written.
Blocks (paragraphs, cells, list items, line breaks) become line breaks; inline tags (links,
bold, fonts) leave their text as it was. Scripts, styles and comments go with their content. A
list item that is only a link is a link to another article, the headline of another story: it
goes, as links do in :mod:`search.corpus.boilerplate`.

Run before entities are decoded, so that "&lt;p&gt;" written on purpose stays text. The corpus
reader runs it on what it reads; the speaker step on text given to it as a crawl stored it.
"""

from __future__ import annotations

import re

__all__ = ["has_markup", "split_title", "strip_markup"]

_BLOCK = (
    "address article aside blockquote body br caption center dd div dl dt figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section table tbody td tfoot th "
    "thead title tr ul"
).split()
_INLINE = (
    "a abbr b big cite code del dfn em font i img input ins kbd label mark q s samp small span "
    "strike strong sub sup tt u var wbr"
).split()
_NAMES = "|".join(sorted(_BLOCK + _INLINE, key=len, reverse=True))
_TAG = re.compile(rf"<(/?)({_NAMES})(?=[\s/>])[^<>]*>", re.IGNORECASE)
_DROPPED = re.compile(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
# A list item that is a link and nothing else (a date may follow it): another article's headline.
_LINK_ITEM = re.compile(
    r"<li\b[^>]*>\s*(?:<(?!/?a\b)[^<>]*>\s*)*"  # the item, and tags before its link
    r"<a\b[^>]*>(?:[^<]|<(?!/?a\b)[^<>]*>)*</a>"  # the link: its text, and tags inside it
    r"(?:\s|<[^<>]*>|\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\))*"  # tags and a date after it
    r"(?=<li\b|</ul|</ol|$)",
    re.IGNORECASE,
)
_BLOCK_SET = frozenset(_BLOCK)
_NBSP = re.compile(r"&(?:nbsp|#160|#xa0);?", re.IGNORECASE)  # a space for layout, not text


def has_markup(text: str) -> bool:
    """Whether ``text`` holds a tag of an HTML element."""
    return "<" in text and _TAG.search(text) is not None


def _tag(match: re.Match[str]) -> str:
    return "\n" if match.group(2).lower() in _BLOCK_SET else ""


def strip_markup(text: str) -> str:
    """``text`` without HTML tags, one line a block; text without a tag is returned as it is.

    >>> strip_markup("<P>Một <b>hai</b> ba.<P>Bốn</P>")
    'Một hai ba.\\nBốn'
    """
    if not has_markup(text):
        return text
    text = _DROPPED.sub("", text)
    text = _LINK_ITEM.sub("", text)
    lines = (line.strip() for line in _NBSP.sub(" ", _TAG.sub(_tag, text)).split("\n"))
    return "\n".join(line for line in lines if line)


def split_title(title: str) -> tuple[str, str]:
    """A title read from HTML: its first line, and what the page put after it in the title field.

    ``<p class=title>Tiêu đề</p><p class=ngay>26-04-2006 00:54:42 GMT +7</p><P><STRONG>Sapo``
    gives ("Tiêu đề", "26-04-2006 00:54:42 GMT +7\\nSapo"). A title without markup is returned
    whole, with nothing after it.
    """
    if not has_markup(title):
        return title, ""
    head, _, rest = strip_markup(title).partition("\n")
    return head, rest
