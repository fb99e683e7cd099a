"""search.vietnamese.segment reproduces pyvi's ViTokenizer.tokenize exactly, with offsets.

pyvi (the reference) is installed with the project; every comparison below runs
it on the same input. Tests on real text skip when ../shared/corpora is absent;
the VNTC sample is marked ``slow``.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import pickle
import random
import re
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest

from search.vietnamese import features, model, segment
from search.vietnamese.segment import Word, tokenize, words

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
DEMO = ROOT / "demo"

# pyvi's own token regex (ViTokenizer.sylabelize), used with finditer to get the
# match spans the offsets must agree with.
PYVI_TOKEN_RE = re.compile(
    "("
    + "|".join(
        [
            r"[A-ZĐ]+\.",
            r"Tp\.",
            r"Mr\.",
            r"Mrs\.",
            r"Ms\.",
            r"Dr\.",
            r"ThS\.",
            r"==>",
            r"->",
            r"\.\.\.",
            r">>",
            "\n",
            r"\w+://[^\s]+",
            r"([a-zA-Z0-9_.+-]+@([a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+)",
            r"\d+([\.,_]\d+)+",
            r"[^\w\s]",
            r"\w+",
        ]
    )
    + ")"
)

EDGE_CASES = [
    "",
    " ",
    "   \t  ",
    "\n",
    "\n\n\n",
    "\r\n",
    "a\rb",
    "\u00a0\u2003",
    ".",
    "...",
    "!?!",
    "\"'()[]{}",
    "-- -- --",
    "==> -> >> ...",
    "a",
    "A",
    "1",
    "1.200,5",
    "giá 1.200,5 đồng, tăng 12,5% so với 2.000.000",
    "TP.HCM",
    "Tp.HCM và TP. Hồ Chí Minh",
    "Mr.Bean, Mrs.Smith, Ms.Lan, Dr.Phan, ThS.Nguyễn",
    "COVID-19",
    "SARS-CoV-2 và COVID-19 năm 2020",
    "ĐT. Đ. VN. UBND.",
    "liên hệ nguyen.van.a@gmail.com hoặc a_b+c@mail.vn.",
    "x@y.z.",
    "a@b",
    "mailto:ban.doc@vnexpress.net",
    "xem https://vnexpress.net/thoi-su?id=1&x=2 và http://a.b/c.",
    "abc:// và ://",
    "ftp://x\x00y z",
    'Ông A nói: "..."',
    'Ông Nguyễn Văn A nói: "Chúng tôi sẽ làm rõ".',
    "Bộ Công an cho biết",
    "Bộ_Công_an",
    "a_b c_d _ __ _e_",
    "snake_case_name và 1_000_000",
    "Hà Nội\nThành phố Hồ Chí Minh\n\nĐà Nẵng",
    "Hà\n\na",  # pyvi glues "\n" to a word: "Hà_\n \n a"
    "a\nthành \n",
    "Dòng một.\r\nDòng hai.",
    "😀😀 👍🏽 tuyệt vời 🇻🇳",
    "Привет мир và Ελλάδα, ΟΔΟΣ ΟΔΟΣ, Σ σ ς",
    "中文 日本語 한국어 và tiếng Việt",
    "İstanbul ﬁ ß ǅ ǈ Ⅻ ² ١٢٣.٤٥",
    "\x00",
    "a\x00b",
    "\x1c\x1d\x1e\x1f\x85",
    "word.lower() bias",
    "HÀ NỘI - THÀNH PHỐ HỒ CHÍ MINH",
    "hà nội Hà Nội HÀ NỘI hÀ nỘi",
    "người người nhà nhà",
    # NFD input: tokenize normalises it (words() refuses it)
    unicodedata.normalize("NFD", "Thủ tướng Chính phủ phát biểu tại Hà Nội"),
    # old-style tone marks
    "hoà bình, thuỷ lợi, uỷ ban, khoẻ mạnh",
]


def corpora() -> Path:
    """../shared/corpora next to the project, or skip the test."""
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is absent (real corpora are optional)")
    return CORPORA


@pytest.fixture(scope="module")
def pyvi_tokenize():
    from pyvi import ViTokenizer

    return ViTokenizer.tokenize


def seed_texts() -> list[tuple[str, str]]:
    folder = corpora() / "seeds"
    files = sorted(folder.glob("*.txt"))
    if not files:
        pytest.skip("../shared/corpora/seeds holds no .txt files")
    return [(f.name, f.read_text(encoding="utf-8")) for f in files]


def check_words(text: str, expected: str) -> None:
    """words(text) against pyvi's output and against pyvi's regex match spans."""
    ws = words(text)
    spans = [(m.start(), m.end(), m.group()) for m in PYVI_TOKEN_RE.finditer(text)]
    if not spans:
        assert ws == []
        return
    assert " ".join(w.text for w in ws) == expected
    k = 0
    for w in ws:
        assert isinstance(w, Word)
        assert w.syllables >= 1
        group = spans[k : k + w.syllables]
        k += w.syllables
        assert len(group) == w.syllables
        assert w.start == group[0][0] and w.end == group[-1][1], (w, group)
        assert "_".join(tok for _, _, tok in group) == w.text
        # the text between the syllables is what pyvi skipped: whitespace
        for (_, end, _), (start, _, _) in zip(group, group[1:], strict=False):
            assert text[end:start].isspace() or end == start
    assert k == len(spans)


# --------------------------------------------------------------------------
# Hand-written edge cases
# --------------------------------------------------------------------------
@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases_identical_to_pyvi(text, pyvi_tokenize):
    assert tokenize(text) == pyvi_tokenize(text)


@pytest.mark.parametrize("text", [t for t in EDGE_CASES if unicodedata.is_normalized("NFC", t)])
def test_edge_cases_words(text, pyvi_tokenize):
    check_words(text, pyvi_tokenize(text))


def test_no_tokens_returns_input_unchanged(pyvi_tokenize):
    for text in ["", " ", "\t\r ", "\u00a0", "\u2028"]:
        assert tokenize(text) == text
        assert tokenize(text) == pyvi_tokenize(text)
        assert words(text) == []


def test_known_segmentations():
    # Pins a few outputs so a broken reference setup cannot make everything pass.
    assert tokenize("Thủ tướng Chính phủ phát biểu tại Hà Nội") == (
        "Thủ_tướng Chính_phủ phát_biểu tại Hà_Nội"
    )
    assert tokenize("người dân thành phố Hồ Chí Minh") == "người dân thành_phố Hồ_Chí_Minh"
    assert tokenize('Ông A nói: "..."') == 'Ông A nói : " ... "'
    assert tokenize("TP.HCM") == "TP. HCM"
    assert tokenize("COVID-19") == "COVID - 19"
    assert tokenize("Tp.HCM Mr.X Mrs.Y ThS.Z Dr.W") == "Tp. HCM Mr. X Mrs. Y ThS. Z Dr._W"
    assert tokenize("\n\n") == "\n \n"
    assert tokenize("Hà\n\na") == "Hà_\n \n a"
    assert words("Hà\n\na") == [Word("Hà_\n", 0, 3, 2), Word("\n", 3, 4, 1), Word("a", 4, 5, 1)]
    assert tokenize("\r\n") == "\n"
    assert tokenize("a\rb") == "a b"
    ws = words("Hà Nội, thành phố Hồ Chí Minh")
    assert ws == [
        Word("Hà_Nội", 0, 6, 2),
        Word(",", 6, 7, 1),
        Word("thành_phố", 8, 17, 2),
        Word("Hồ_Chí_Minh", 18, 29, 3),
    ]


def test_random_mixtures_identical(pyvi_tokenize):
    rng = random.Random(20240601)
    pieces = [
        "người",
        "dân",
        "Hà",
        "Nội",
        "thành",
        "phố",
        "Bộ",
        "Công",
        "an",
        "Việt",
        "Nam",
        "kinh",
        "tế",
        "xã",
        "hội",
        "bóng",
        "đá",
        "học",
        "sinh",
        "của",
        "và",
        "được",
        " ",
        " ",
        "  ",
        "\n",
        ", ",
        ". ",
        ": ",
        '"',
        "(",
        ")",
        "-",
        "_",
        "...",
        "==>",
        "->",
        ">>",
        "1.200,5",
        "12",
        "2024",
        "TP.",
        "HCM",
        "Tp.",
        "Mr.",
        "Dr.",
        "ThS.",
        "UBND.",
        "a@b.c",
        "http://x.vn/a?b=1",
        "://",
        "@",
        "😀",
        "Σ",
        "ΟΔΟΣ",
        "İ",
        "\x00",
        "\u00a0",
        "²",
        "ǅ",
    ]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        expected = pyvi_tokenize(text)
        assert tokenize(text) == expected, text
        check_words(text, expected)


def test_lone_surrogate_is_an_error(pyvi_tokenize):
    # pyvi fails inside python-crfsuite (UTF-8 encoding); we raise UnicodeEncodeError.
    with pytest.raises((SystemError, UnicodeError)):
        pyvi_tokenize("a \ud800 b")
    with pytest.raises(UnicodeEncodeError):
        tokenize("a \ud800 b")
    with pytest.raises(UnicodeEncodeError):
        words("\udcff")
    assert tokenize("Hà Nội") == "Hà_Nội"  # nothing left half-cached


# --------------------------------------------------------------------------
# words(): NFC only, shape of Word
# --------------------------------------------------------------------------
def test_words_rejects_non_nfc():
    nfd = unicodedata.normalize("NFD", "Thủ tướng phát biểu tại Hà Nội")
    assert not unicodedata.is_normalized("NFC", nfd)
    with pytest.raises(ValueError, match="NFC"):
        words(nfd)
    with pytest.raises(ValueError, match="NFC"):
        words("e\u0301")
    # tokenize() accepts it (pyvi normalises)
    assert tokenize(nfd) == tokenize(unicodedata.normalize("NFC", nfd))


def test_word_is_a_picklable_named_record():
    w = words("Ở Hồ Chí Minh")[1]
    assert (w.text, w.start, w.end, w.syllables) == ("Hồ_Chí_Minh", 2, 13, 3)
    assert pickle.loads(pickle.dumps(w)) == w
    assert pickle.loads(pickle.dumps(words("Hà Nội, 2024"))) == words("Hà Nội, 2024")
    with pytest.raises(AttributeError):
        w.text = "x"  # type: ignore[misc]


def test_offsets_index_the_callers_string():
    text = '  Ông   Nguyễn Văn A\tnói:\n\n"Bộ Công an   sẽ vào cuộc" (ngày 1.2.2024)  '
    ws = words(text)
    assert sum(w.syllables for w in ws) == len(PYVI_TOKEN_RE.findall(text))
    for w in ws:
        fragment = text[w.start : w.end]
        if w.text == "\n":
            assert fragment == "\n"
        else:
            assert re.sub(r"\s+", "_", fragment) == w.text, w
    by_text = {w.text: (w.start, w.end) for w in ws}
    assert by_text["Ông"] == (2, 5)
    assert by_text["1.2.2024"] == (text.index("1.2.2024"), text.index("1.2.2024") + 8)
    assert by_text[":"] == (text.index(":"), text.index(":") + 1)
    assert ws[-1].text == ")" and ws[-1].end == len(text) - 2


# --------------------------------------------------------------------------
# Internals: Viterbi tie rule, both scoring paths, cache reset, threads
# --------------------------------------------------------------------------
def reference_viterbi(state: list[list[float]], trans: list[list[float]]) -> list[int]:
    """crf1dc_viterbi, transcribed loop for loop (any number of labels)."""
    T, L = len(state), len(trans)
    score = [list(state[0])]
    back = [[0] * L for _ in range(T)]
    for t in range(1, T):
        cur = []
        for j in range(L):
            best = -sys.float_info.max
            for i in range(L):
                s = score[t - 1][i] + trans[i][j]
                if best < s:
                    best = s
                    back[t][j] = i
            cur.append(best + state[t][j])
        score.append(cur)
    labels = [0] * T
    best = -sys.float_info.max
    for i in range(L):
        if best < score[T - 1][i]:
            best = score[T - 1][i]
            labels[T - 1] = i
    for t in range(T - 1, 0, -1):
        labels[t - 1] = back[t][labels[t]]
    return labels


def test_viterbi_matches_crfsuite_including_ties():
    rng = random.Random(7)
    model_trans = model.load().trans
    transes = [model_trans, ((0.0, 0.0), (0.0, 0.0)), ((1.0, -1.0), (0.5, 0.5)), ((0.1, 0.2), (0.3, 0.1))]
    for trial in range(3000):
        trans = transes[trial % len(transes)]
        n = rng.randint(1, 25)
        if trial % 2:  # few distinct values: many exact ties
            vals = [0.0, 0.5, -0.5, 1.0, 0.25]
            s0 = [rng.choice(vals) for _ in range(n)]
            s1 = [rng.choice(vals) for _ in range(n)]
        else:
            s0 = [rng.gauss(0, 2) for _ in range(n)]
            s1 = [rng.gauss(0, 2) for _ in range(n)]
        expected = reference_viterbi([[a, b] for a, b in zip(s0, s1, strict=True)], [list(r) for r in trans])
        assert list(segment._viterbi(s0, s1, trans)) == expected


@pytest.mark.parametrize("small", [0, 10**9], ids=["numpy-path", "python-path"])
def test_both_scoring_paths_identical(small, monkeypatch, pyvi_tokenize):
    monkeypatch.setattr(segment, "_SMALL", small)
    texts = [t for t in EDGE_CASES if t.strip()]
    if CORPORA.is_dir():
        texts += [t for _, t in seed_texts()]
    for text in texts:
        expected = pyvi_tokenize(text)
        assert tokenize(text) == expected
        if unicodedata.is_normalized("NFC", text):
            check_words(text, expected)


def test_token_cache_reset_keeps_results(monkeypatch, pyvi_tokenize):
    monkeypatch.setattr(features, "_CACHE_LIMIT", 5)
    monkeypatch.setattr(features, "_cache", features.TokenCache(model.load()))
    texts = EDGE_CASES + ["Bộ Công an cho biết người dân " * 20]
    for text in texts * 2:
        assert tokenize(text) == pyvi_tokenize(text)
    assert features._cache.size < 1000


def test_threads_share_the_model_safely(monkeypatch, pyvi_tokenize):
    monkeypatch.setattr(features, "_cache", features.TokenCache(model.load()))  # cold cache
    texts = [t for t in EDGE_CASES if t.strip()] + ["Bộ Công an cho biết người dân " * 30]
    if CORPORA.is_dir():
        texts += [t for _, t in seed_texts()]
    expected = [pyvi_tokenize(t) for t in texts]
    errors: list[BaseException] = []
    results: dict[int, list[str]] = {}

    def run(k: int) -> None:
        try:
            order = list(range(len(texts)))
            random.Random(k).shuffle(order)
            out = [""] * len(texts)
            for i in order:
                out[i] = tokenize(texts[i])
            results[k] = out
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for out in results.values():
        assert out == expected


def test_import_is_lazy_and_never_imports_sklearn():
    code = (
        "import sys\n"
        "import search.vietnamese.features as f\n"
        "import search.vietnamese.model as m\n"
        "import search.vietnamese.segment as s\n"
        "assert m._model is None and f._cache is None, 'model loaded at import'\n"
        "assert s.tokenize('phát biểu tại Hà Nội') == 'phát_biểu tại Hà_Nội'\n"
        "bad = [m for m in ('sklearn', 'sklearn_crfsuite', 'pycrfsuite', 'pyvi.ViTokenizer') "
        "if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


# --------------------------------------------------------------------------
# Real text
# --------------------------------------------------------------------------
def test_seeds_identical_to_pyvi(pyvi_tokenize):
    for name, text in seed_texts():
        assert tokenize(text) == pyvi_tokenize(text), name
        nfc = unicodedata.normalize("NFC", text)
        assert tokenize(nfc) == pyvi_tokenize(nfc), name


def test_seeds_word_offsets(pyvi_tokenize):
    for name, text in seed_texts():
        text = unicodedata.normalize("NFC", text)
        ws = words(text)
        assert ws, name
        assert " ".join(w.text for w in ws) == pyvi_tokenize(text), name
        for w in ws:
            fragment = text[w.start : w.end]
            if w.text == "\n":
                assert fragment == "\n"
            elif "\n" not in w.text and w.text.count("_") == w.syllables - 1:
                # syllables separated by whitespace in the text, '_' in the word
                assert fragment.split() == w.text.split("_"), (name, w)
        check_words(text, pyvi_tokenize(text))
        assert sum(w.syllables for w in ws) == len(PYVI_TOKEN_RE.findall(text))


def vntc_articles(limit: int):
    path = corpora() / "vntc" / "vntc.jsonl.gz"
    if not path.is_file():
        pytest.skip("../shared/corpora/vntc/vntc.jsonl.gz is absent")
    with gzip.open(path, "rt", encoding="utf-8") as fin:
        for line in itertools.islice(fin, limit):
            record = json.loads(line)
            yield record.get("id"), record.get("title") or "", record.get("body") or ""


@pytest.mark.slow
def test_vntc_sample_identical_to_pyvi(pyvi_tokenize):
    checked = 0
    nfd_seen = 0
    for ident, title, body in vntc_articles(2500):
        for raw in (title, body):
            if not raw:
                continue
            nfd_seen += not unicodedata.is_normalized("NFC", raw)
            expected = pyvi_tokenize(raw)  # pyvi NFC-normalises itself
            assert tokenize(raw) == expected, ident
            nfc = unicodedata.normalize("NFC", raw)
            ws = words(nfc)
            assert " ".join(w.text for w in ws) == expected, ident
            checked += 1
    assert checked > 2000
    assert nfd_seen  # the sample does include non-NFC text


def demo_texts() -> list[str]:
    assert DEMO.is_dir(), "demo/ is tracked in git: it must be there"
    texts: list[str] = []

    def collect(value) -> None:
        if isinstance(value, str):
            if value.strip():
                texts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    for path in sorted(DEMO.rglob("*")):
        if not path.is_file():
            continue
        suffix = path.suffix.lower()
        try:
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if suffix == ".txt":
            collect(raw)
        elif suffix == ".jsonl":
            for line in raw.splitlines():
                try:
                    collect(json.loads(line))
                except json.JSONDecodeError:
                    continue
        elif suffix == ".csv":
            try:
                for row in csv.reader(io.StringIO(raw)):
                    collect(row)
            except csv.Error:
                continue
    assert len(texts) >= 40, f"demo/ should hold the 40 demo articles' text, found {len(texts)} texts"
    return texts


def test_demo_corpus_identical_to_pyvi(pyvi_tokenize):
    for text in demo_texts():
        expected = pyvi_tokenize(text)
        assert tokenize(text) == expected, text[:80]
        nfc = unicodedata.normalize("NFC", text)
        check_words(nfc, pyvi_tokenize(nfc))
