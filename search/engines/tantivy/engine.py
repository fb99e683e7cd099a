"""The native engine (Tantivy, Rust): for archives of hundreds of thousands
of articles and more. Optional: ``pip install 'vnsearch[fast]'``.

The Vietnamese analysis stays ours: each indexed field receives our tokens
joined by spaces and Tantivy's ``whitespace`` tokenizer (built in, so nothing
has to be registered again after every open) splits them back, keeping our
positions for phrases. Folding, pairs and words are ours; Tantivy's own
lowercasing and ASCII folding are never used. Snippets are ours too, built
from the stored text, so both engines highlight identically.

Scores match the Whoosh engine's: BM25 with the same k1 and b, and each
term's boost multiplied by the ratio of Whoosh's idf to Tantivy's, so that
the same query tree ranks the same way (:func:`_idf_ratio`). Filters are
zero-score clauses; facets are Tantivy terms aggregations over fast fields,
with exact counts (no per-segment truncation).

Tantivy traps handled here: ``search(limit=0)`` panics (we ask for one hit
and keep the count); its query parser is never used; its snippet generator
is not used (it re-tokenizes stored text).
"""

from search.engines.tantivy.index import BATCH_SIZE, NAME, clear, create, exists
from search.engines.tantivy.reader import Reader
from search.engines.tantivy.writer import Sink, WorkerSide

__all__ = ["BATCH_SIZE", "NAME", "Reader", "Sink", "WorkerSide", "clear", "create", "exists"]
