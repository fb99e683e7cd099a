"""The vectors of an index's articles, kept beside the index in ``meaning.npz``.

One file, replaced whole (a reader sees the old vectors or the new ones): PASSAGES float16 rows
per article (the first repeated when the article has only one passage), the article ids, the
fingerprints of the texts the rows were made from, and the model they come from (vectors of
another model are never mixed with this one's).
"""

from __future__ import annotations

import os
import threading
import zipfile
from pathlib import Path

import numpy as np

from search.errors import ConfigError
from search.meaning.model import DIM, LEAD_WORDS, MODEL, PASSAGES

__all__ = ["FILE", "Vectors", "clear", "has_vectors", "save"]

FILE = "meaning.npz"
_MODEL = f"{MODEL}; {DIM} dimensions; {PASSAGES} passages of {LEAD_WORDS} words"
# The vectors read, by file, with the file's size and time: the web server's searchers share
# one copy (150 MB for 84,000 articles) and read it again only when it changed.
_read: dict[Path, tuple[tuple[int, int, int], Vectors | None]] = {}
_read_lock = threading.Lock()


def has_vectors(index_dir: Path) -> bool:
    return (Path(index_dir) / FILE).exists()


def clear(index_dir: Path) -> None:
    (Path(index_dir) / FILE).unlink(missing_ok=True)


class Vectors:
    """Article id → its passages' vectors (unit length), with the fingerprint of the text behind
    them. ``matrix`` is articles × passages × DIM (articles × DIM is read as one passage each)."""

    def __init__(self, ids: list[str], keys: list[str], matrix: np.ndarray) -> None:
        self.ids = ids
        self.keys = keys
        self.matrix = matrix[:, None, :] if matrix.ndim == 2 else matrix
        self.row = {article_id: n for n, article_id in enumerate(ids)}

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def empty(cls) -> Vectors:
        return cls([], [], np.zeros((0, PASSAGES, DIM), np.float16))

    @classmethod
    def load(cls, index_dir: Path) -> Vectors | None:
        """The index's vectors; None when it has none or they are another model's."""
        path = Path(index_dir).resolve() / FILE
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        with _read_lock:
            seen = _read.get(path)
            version = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            if seen is None or seen[0] != version:
                seen = version, cls._read(path)
                _read[path] = seen
            return seen[1]

    @classmethod
    def _read(cls, path: Path) -> Vectors | None:
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["model"]) != _MODEL:
                    return None
                ids, keys, matrix = data["ids"].tolist(), data["keys"].tolist(), data["vectors"]
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise ConfigError(
                f"The meaning vectors in '{path}' cannot be read ({exc}). "
                "Run vnsearch index --meaning again to make them anew."
            ) from exc
        if matrix.shape != (len(ids), PASSAGES, DIM) or len(keys) != len(ids):
            raise ConfigError(
                f"The meaning vectors in '{path}' do not match their article list. "
                "Run vnsearch index --meaning again to make them anew."
            )
        return cls(ids, keys, matrix)

    def closeness(self, ids: list[str], query: np.ndarray) -> list[float | None]:
        """Cosine of each article's closest passage with the query; None for an article without
        a vector."""
        rows = [self.row.get(article_id) for article_id in ids]
        found = [r for r in rows if r is not None]
        if not found:
            return [None] * len(ids)
        values = iter((self.matrix[found].astype(np.float32) @ query).max(axis=1).tolist())
        return [None if r is None else next(values) for r in rows]


def save(index_dir: Path, vectors: Vectors) -> None:
    """Write the vectors to a part file, then put it in place at once."""
    path = Path(index_dir) / FILE
    part = path.with_name(f".{FILE}.part")
    with part.open("wb") as stream:
        np.savez(
            stream,
            model=np.array(_MODEL),
            ids=np.array(vectors.ids, dtype=str),
            keys=np.array(vectors.keys, dtype=str),
            vectors=_passages(vectors.matrix).astype(np.float16),
        )
    os.replace(part, path)


def _passages(matrix: np.ndarray) -> np.ndarray:
    """``matrix`` with PASSAGES rows an article: a missing passage is the article's first."""
    short = PASSAGES - matrix.shape[1]
    return np.concatenate([matrix] + [matrix[:, :1]] * short, axis=1) if short > 0 else matrix
