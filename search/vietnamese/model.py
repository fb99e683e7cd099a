"""pyvi's CRF model, read from the files pyvi ships into the tables the segmenter scores with.

pyvi 0.1.1 ships ``models/pyvi3.pkl`` (a pickled sklearn_crfsuite CRF whose
CRFsuite model bytes are embedded) and ``models/words.txt`` (its bigrams and
trigrams). We read the CRF weights straight out of those model bytes and the
n-grams into integer keys, without importing scikit-learn, sklearn_crfsuite or
pyvi's tokenizer module: the pickle is read with an unpickler that only lets
``_codecs.encode`` through (to rebuild the model bytes) and stubs every other
class. :func:`load` reads the model lazily, once per process, under a lock;
importing this module is cheap. A failed load raises
:class:`search.errors.ModelError` with what to do about it.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import struct
import threading
from typing import Any

from search.errors import ModelError

_BIAS = "bias"


def _pyvi_models_dir() -> str:
    spec = importlib.util.find_spec("pyvi")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "pyvi is not installed: word segmentation needs its model files; "
            "install it with `pip install pyvi==0.1.1`"
        )
    return os.path.join(list(spec.submodule_search_locations)[0], "models")


class _Stub:
    """Stands in for every class named in the pickle (CRF, FileResource, numpy...)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __setstate__(self, state: Any) -> None:
        if isinstance(state, dict):
            self.__dict__.update(state)


class _ModelUnpickler(pickle.Unpickler):
    """Unpickles pyvi3.pkl without sklearn: only ``_codecs.encode`` is real."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("_codecs", "encode"):
            import _codecs

            return _codecs.encode
        return _Stub


def _find_model_bytes(obj: Any, depth: int = 0) -> bytes | None:
    """The CRFsuite model bytes that sklearn_crfsuite's FileResource embeds."""
    if depth > 6:
        return None
    if isinstance(obj, bytes) and obj[:4] == b"lCRF":
        return obj
    state = getattr(obj, "__dict__", None) if not isinstance(obj, dict) else obj
    if isinstance(state, dict):
        data = state.get("__FILE_RESOURCE_DATA__")
        if isinstance(data, bytes) and data[:4] == b"lCRF":
            return data
        for value in state.values():
            found = _find_model_bytes(value, depth + 1)
            if found is not None:
                return found
    return None


def _cqdb_strings(data: bytes, off: int) -> list[bytes]:
    """All strings of a CQDB chunk (CRFsuite's string<->id table), indexed by id."""
    chunk, _size, _flag, byteorder, bwd_size, bwd_off = struct.unpack_from("<4s5I", data, off)
    if chunk != b"CQDB" or byteorder != 0x62445371 or not bwd_off:
        raise RuntimeError("unexpected CQDB chunk in pyvi's CRF model")
    offsets = struct.unpack_from(f"<{bwd_size}I", data, off + bwd_off)
    out: list[bytes] = []
    for ident, rel in enumerate(offsets):
        if not rel:
            raise RuntimeError("pyvi's CRF model has a hole in its string table")
        rec = off + rel
        rid, ksize = struct.unpack_from("<iI", data, rec)
        if rid != ident:
            raise RuntimeError("pyvi's CRF model string table is inconsistent")
        out.append(data[rec + 8 : rec + 8 + ksize - 1])  # ksize counts the NUL
    return out


class Model:
    """CRF weights and pyvi's n-gram sets, in the shapes the scorer wants."""

    def __init__(self, models_dir: str) -> None:
        import numpy as np

        self.np = np
        with open(os.path.join(models_dir, "pyvi3.pkl"), "rb") as fin:
            obj = _ModelUnpickler(fin).load()
        data = _find_model_bytes(obj)
        if data is None:
            raise RuntimeError("no CRFsuite model found inside pyvi3.pkl")
        self._parse_crf(data)
        self._load_ngrams(os.path.join(models_dir, "words.txt"))

    # -- CRF -------------------------------------------------------------
    def _parse_crf(self, data: bytes) -> None:
        np = self.np
        (
            magic,
            _size,
            mtype,
            _ver,
            _nf,
            n_labels,
            n_attrs,
            off_feat,
            off_labels,
            off_attrs,
            _off_lref,
            _off_aref,
        ) = struct.unpack_from("<4sI4s9I", data, 0)
        if magic != b"lCRF" or mtype != b"FOMC":
            raise RuntimeError("pyvi3.pkl does not hold a CRFsuite CRF1d model")
        labels = [s.decode("utf-8") for s in _cqdb_strings(data, off_labels)]
        if len(labels) != n_labels or sorted(labels) != ["B_W", "I_W"]:
            raise RuntimeError(f"unexpected labels in pyvi's model: {labels!r}")
        attrs = [s.decode("utf-8", "surrogateescape") for s in _cqdb_strings(data, off_attrs)]
        if len(attrs) != n_attrs:
            raise RuntimeError("pyvi's CRF model attribute count does not match")
        chunk, _csize, n_feat = struct.unpack_from("<4sII", data, off_feat)
        if chunk != b"FEAT":
            raise RuntimeError("pyvi's CRF model has no FEAT chunk")
        feats = np.frombuffer(
            data,
            dtype=np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")]),
            count=n_feat,
            offset=off_feat + 12,
        )
        # The label id is the column; label 0 wins ties in Viterbi, as in CRFsuite.
        self.i_w = labels.index("I_W")
        state = feats[feats["type"] == 0]
        weights = np.zeros((n_attrs, 2), dtype=np.float64)
        weights[state["src"].astype(np.intp), state["dst"].astype(np.intp)] = state["w"]
        trans = np.zeros((2, 2), dtype=np.float64)
        tr = feats[feats["type"] == 1]
        trans[tr["src"].astype(np.intp), tr["dst"].astype(np.intp)] = tr["w"]
        self.trans = tuple(tuple(float(x) for x in row) for row in trans)

        wl = weights.tolist()
        by_name = {name: (w[0], w[1]) for name, w in zip(attrs, wl, strict=True)}
        self.attr_weights = by_name  # attribute string -> (w_label0, w_label1)
        zero = (0.0, 0.0)
        # Scalar attributes (value 1.0 when True/1.0; a False adds nothing).
        self.w_bias = by_name.get(_BIAS)
        self.w_isupper = by_name.get("word.isupper()")
        self.w_istitle = by_name.get("word.istitle()")
        self.w_isdigit = by_name.get("word.isdigit()")
        self.w_m1_istitle = by_name.get("-1:word.istitle()", zero)
        self.w_m1_isupper = by_name.get("-1:word.isupper()", zero)
        self.w_m1_bigram = by_name.get("-1:word.bi_gram()", zero)
        self.w_m2_trigram = by_name.get("-2:word.tri_gram()", zero)
        self.w_p1_istitle = by_name.get("+1:word.istitle()", zero)
        self.w_p1_isupper = by_name.get("+1:word.isupper()", zero)
        self.w_p1_bigram = by_name.get("+1:word.bi_gram()", zero)
        self.w_p2_trigram = by_name.get("+2:word.tri_gram()", zero)
        self.seps = np.array([" ", "_"], dtype=object)  # separator by join flag
        # String attributes "key:value", keyed by value.
        self.w_lower: dict[str, tuple[float, float]] = {}
        self.w_m1_lower: dict[str, tuple[float, float]] = {}
        self.w_p1_lower: dict[str, tuple[float, float]] = {}
        for name, w in by_name.items():
            if name.startswith("word.lower():"):
                self.w_lower[name[13:]] = w
            elif name.startswith("-1:word.lower():"):
                self.w_m1_lower[name[16:]] = w
            elif name.startswith("+1:word.lower():"):
                self.w_p1_lower[name[16:]] = w

    # -- n-grams ------------------------------------------------------------
    def _load_ngrams(self, path: str) -> None:
        np = self.np
        # pyvi: codecs.open(..., 'r', 'utf-8').read().split('\n') -- no newline
        # translation -- and a line is a bigram/trigram when split(' ') gives 2/3.
        with open(path, "rb") as fin:
            lines = fin.read().decode("utf-8").split("\n")
        bigrams = []
        trigrams = []
        for line in lines:
            parts = line.split(" ")
            if len(parts) == 2:
                bigrams.append(parts)
            elif len(parts) == 3:
                trigrams.append(parts)
        # Every n-gram component gets a small id; a token's lowercased form
        # either has one (it may start an n-gram) or cannot be part of any.
        # Token strings never contain ' ', so "a b" == lower(t1) + ' ' + lower(t2)
        # exactly when (a, b) == (lower(t1), lower(t2)).
        vocab: dict[str, int] = {}
        for parts in bigrams + trigrams:
            for p in parts:
                if p not in vocab:
                    vocab[p] = len(vocab)
        self.vocab = vocab
        v = self.V = max(len(vocab), 1)
        self.bigram_keys = np.unique(np.array([vocab[a] * v + vocab[b] for a, b in bigrams], dtype=np.int64))
        self.trigram_keys = np.unique(
            np.array([(vocab[a] * v + vocab[b]) * v + vocab[c] for a, b, c in trigrams], dtype=np.int64)
        )
        self.bigram_set = frozenset(vocab[a] * v + vocab[b] for a, b in bigrams)
        self.trigram_set = frozenset((vocab[a] * v + vocab[b]) * v + vocab[c] for a, b, c in trigrams)


_lock = threading.Lock()
_model: Model | None = None


def load() -> Model:
    """pyvi's model, read on the first call and kept for the process. Thread-safe."""
    global _model
    model = _model
    if model is not None:
        return model
    with _lock:
        if _model is None:
            models = _pyvi_models_dir()
            try:
                _model = Model(models)
            except Exception as exc:  # any failure here means an unusable install
                raise ModelError(
                    f"cannot load pyvi's word-segmentation model from {models}: {exc}; "
                    "reinstall it with `pip install --force-reinstall pyvi==0.1.1`"
                ) from exc
        return _model
