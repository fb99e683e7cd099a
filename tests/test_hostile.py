"""Hostile and odd queries (issue 8): a few hundred of them, made from a fixed
seed, thrown at ``/api/search``, ``/`` and ``/export.csv`` (Flask's test
client over the demo index) and at ``vnsearch search``.

Whatever comes in: never a 500, never a traceback; 200, or a 4xx whose
message names the parameter; work bounded by the caps (query length, page
size, page depth, searches per request), whatever the input; and nothing
the user typed reaches the HTML unescaped.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from search.export import BOM
from search.query import MAX_QUERY_CHARS, parse_query
from search.searcher import Searcher
from search.web.guard import METHODS

pytestmark = pytest.mark.engines  # the same hostility for every engine

SEED = 8  # the number: the same queries on every run
N_GENERATED = 240
ROUTES = ("/api/search", "/", "/export.csv")

# --- the queries ------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "' OR 1=1 --",
    '=HYPERLINK("http://x","bấm")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "../../../../etc/passwd",
    "%00%2e%2e%2f",
    "&lt;script&gt;",
]

FIXED = [
    # quotes and parentheses that never close, or close too often
    '"',
    '""',
    '"""',
    '"công an',
    'công an"',
    '"a" "b',
    "((a",
    "a))",
    "(",
    ")",
    "()",
    '("hà nội" OR "(huế)"',
    # operators alone, doubled, misplaced
    "OR",
    "AND",
    "NOT",
    "-",
    "+",
    "--",
    "- - -",
    "OR OR OR",
    "hà nội OR",
    "OR hà nội",
    "AND OR NOT",
    "-hà -nội",
    '-"',
    '-""',
    "+hà +nội",
    "NOT hà nội",
    "!",
    "~",
    "^",
    "|",
    "&&",
    "||",
    # wildcards everywhere
    "*",
    "?",
    "**",
    "??",
    "*?*?",
    "ha*",
    "*noi",
    "h?",
    "c*ng an",
    "công* an?",
    "year:*",
    "speaker:*",
    # filters with empty, odd or absurd values
    "speaker:",
    'speaker:""',
    'speaker:"',
    "speaker: Tô Lâm",
    'speaker:"Tô Lâm',
    "speaker:<b>",
    "speaker:-",
    "speaker:OR",
    "người:",
    "year:",
    "year:99999999999",
    "year:-1",
    "year:0000",
    "year:2021..2019",
    "year:..",
    "year:2019..",
    "year:..2019",
    "year:2019-",
    "year:二〇一九",
    "năm:2020 năm:2021",
    "-year:2020",
    # fields that do not exist
    "foo:bar",
    "title:",
    "title:hà",
    "body:nội",
    "id:demo-001",
    ":",
    "::",
    "a:b:c",
    "http://example.com/a?b=c&d=e",
    # control characters and odd whitespace
    "\x00",
    "hà\x00nội",
    "\x1b[31mđỏ\x1b[0m",
    "\x1b]0;title\x07",
    "\x7f\x80\x9f",
    "\u2028",
    "hà\u2028nội\u2029",
    "\u200b\u200c\u200d\ufeff",
    "\u00adhà\u00ad",
    "\t\x0b\x0c",
    "\r",
    "\n",
    "hà\r\nnội",
    "\x08\x08\x08",
    "\ufffd\ufffd",
    "\U0010ffff",
    "\ue000",
    # other scripts, right-to-left, emoji
    "مرحبا بالعالم",
    "שלום עולם",
    "\u202ehà nội\u202c",
    "\u200fcông an",
    "😀",
    "🇻🇳 Việt Nam",
    "👨‍👩‍👧‍👦",
    "hà 😀 nội",
    "中文 日本語 한국어",
    "Ελληνικά ΣΊΣΥΦΟΣ",
    "İstanbul ǅ ß ẞ ﬁ",
    # Vietnamese the hard way
    "Ha\u0300 Nô\u0323i",  # NFD
    "ha\u0300\u0300\u0300",  # stacked marks
    "\u0300\u0301\u0303",  # marks with nothing to sit on
    "hoà thuỷ uỷ ban",
    "ĐÀ NẴNG",
    "Ðà Nẵng",  # Icelandic eth
    "kĩ thuật kỹ thuật",
    "TP.HCM",
    "COVID-19",
    "1.200.000 đồng",
    # long
    "a" * 10_000,
    "x " * 5_000,
    "tô lâm " * 1_500,
    '"' * 10_000,
    "(" * 5_000,
    "-" * 10_000,
    "OR " * 3_000,
    "*" * 10_000,
    "😀" * 2_500,
    "year:2020 " * 1_000,
    "speaker:a " * 1_000,
    "đ" * 1_001,
    " ".join(f"từ{i}" for i in range(2_000)),
    # the empty query and blanks
    "",
    " ",
    "   \t  ",
    *PAYLOADS,
]

PIECES = [
    "hà",
    "nội",
    "công",
    "an",
    "cong an",
    "ma túy",
    "Tô Lâm",
    "metro",
    "lúa gạo",
    "bão",
    "2014",
    "U23",
    "OR",
    "AND",
    "NOT",
    "-",
    "+",
    "*",
    "?",
    '"',
    "(",
    ")",
    '-"',
    "speaker:",
    'speaker:"',
    "year:",
    "year:2019..2021",
    "year:99999999999",
    "foo:bar",
    "title:",
    "\x00",
    "\x1b",
    "\u2028",
    "\u202e",
    "😀",
    "مرحبا",
    "Ha\u0300",
    "ô\u0323",
    "đ",
    "Đ",
    "&",
    "%",
    "\\",
    "'",
    "<",
    ">",
    *PAYLOADS,
]
JOINERS = [" ", " ", " ", "", "  ", "\t", "\u00a0", "\u3000"]


def hostile_queries(generated: int = N_GENERATED, seed: int = SEED) -> list[str]:
    """The fixed cases, then ``generated`` random mixes of pieces (deterministic)."""
    rng = random.Random(seed)
    out = list(dict.fromkeys(FIXED))
    seen = set(out)
    target = len(out) + generated
    while len(out) < target:
        q = rng.choice(JOINERS).join(rng.choice(PIECES) for _ in range(rng.randint(1, 7)))
        if rng.random() < 0.15:
            q = q * rng.randint(2, 40)
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out


QUERIES = hostile_queries()

# Parameters other than q: each is (query-string dict, names that may be refused).
PARAMS: list[tuple[dict, set[str]]] = [
    ({"page": str(10**9)}, {"page"}),
    ({"page": "9" * 30}, {"page"}),
    ({"page": "9" * 5000}, {"page"}),
    ({"page": "-1"}, {"page"}),
    ({"page": "0"}, {"page"}),
    ({"page": "1e3"}, {"page"}),
    ({"page": "2.5"}, {"page"}),
    ({"page": " 2 "}, set()),
    ({"page": "٣"}, {"page"}),  # an Arabic-Indic three
    ({"page": "<script>alert(1)</script>"}, {"page"}),
    ({"size": "-5"}, {"size"}),
    ({"size": str(10**9)}, set()),  # capped, not refused
    ({"size": "9" * 400}, set()),
    ({"size": "0"}, {"size"}),
    ({"size": "NaN"}, {"size"}),
    ({"size": str(10**9), "page": "102"}, {"page"}),  # 100 a page (the cap): result 10,100
    ({"offset": "-1"}, set()),  # not a parameter of ours: ignored
    ({"offset": str(10**9)}, set()),
    ({"limit": str(10**9)}, set()),
    ({"sort": "bogus"}, {"sort"}),
    ({"sort": "<script>alert(1)</script>"}, {"sort"}),
    ({"sort": "x" * 5000}, {"sort"}),
    ({"sort": ""}, set()),
    ({"year": "99999999999"}, {"year"}),
    ({"year": "2021..2019"}, {"year"}),
    ({"year": "9" * 5000}, {"year"}),
    ({"year": "<img src=x onerror=alert(1)>"}, {"year"}),
    ({"year_from": "0"}, {"year_from"}),
    ({"year_from": "2021", "year_to": "2019"}, {"year_to"}),
    ({"year": "2020", "year_from": "2019"}, {"year"}),
    ({"month": "13", "year": "2020"}, {"month"}),
    ({"month": "9" * 100, "year": "2020"}, {"month"}),
    ({"month": "5"}, {"month"}),
    ({"speaker": ""}, set()),
    ({"speaker": "\x00"}, set()),
    ({"speaker": "<script>alert(1)</script>"}, set()),
    ({"speaker": [f"người {i}" for i in range(25)]}, {"speaker"}),
    ({"speaker": ["Tô Lâm"] * 25}, set()),  # the same name 25 times is one name
    ({"q": "hà nội", "speaker": "x" * 5000}, set()),
    ({"format": "xml"}, set()),
]

# Raw query strings: invalid UTF-8, encoded surrogates, broken escapes.
RAW = [
    "q=%FF%FE",
    "q=%C3%28",
    "q=%ED%A0%80",  # a UTF-16 surrogate, encoded as UTF-8
    "q=%F4%90%80%80",  # beyond U+10FFFF
    "q=%C0%AF",  # overlong '/'
    "q=h%C3%A0+n%E1%BB%99i%FF",
    "q=%00",
    "q=%1B%5B2J",
    "q=%E2%80%A8",
    "q=%F0%9F%98%80",
    "q=a%",
    "q=%%%",
    "q=%G1%zz",
    "q=+",
    "q",
    "=",
    "&&&",
    "q=a&q=b&q=c",
    "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    "speaker=%FF",
    "year=%FF",
    "sort=%FF",
    "page=%FF",
    "q=" + "%FF" * 3000,
    "q=" + "a" * 20_000,  # over MAX_URL_BYTES: 414
]


# --- checking one response -------------------------------------------------------------


class _Scan(HTMLParser):
    """What a browser would run: scripts, event-handler attributes, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not (attrs.get("src") or "").startswith("/static/"):
            self.problems.append(f"<script> without our src: {attrs}")
        if tag in ("iframe", "object", "embed", "base"):
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and "http-equiv" in attrs:
            self.problems.append("meta http-equiv")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                if re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "data:text")):
                    self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag == "img" and attrs.get("src") == "x":
            self.problems.append("injected <img src=x>")

    handle_startendtag = handle_starttag


def html_problems(page: str) -> list[str]:
    scan = _Scan()
    scan.feed(page)
    scan.close()
    for raw in ("<script>alert", "<img src=x", "<svg onload", "</title><script", "</textarea><script"):
        if raw in page:
            scan.problems.append(f"raw {raw!r} in the page")
    return scan.problems


def response_problems(route: str, response, allowed: set[str] | None = None) -> list[str]:
    """Everything wrong with one answer (an empty list when it is fine)."""
    status = response.status_code
    try:
        body = response.get_data().decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"body is not UTF-8: {exc}"]
    problems = []
    if status >= 500:
        problems.append(f"status {status}")
    elif status not in (200, 400, 414):
        problems.append(f"unexpected status {status}")
    if "Traceback" in body or 'File "/' in body or "werkzeug" in body.lower():
        problems.append("a traceback or server internals in the body")
    if response.mimetype == "text/html":
        problems += html_problems(body)
    if status == 400:
        if response.mimetype == "application/json":
            error = json.loads(body)["error"]
            parameter, message = error.get("parameter"), error["message"]
        else:
            parameter, message = None, body
            found = re.search(r"Parameter &#39;(\w+)&#39;", body)
            parameter = found.group(1) if found else None
        if not parameter or f"'{parameter}'" not in message.replace("&#39;", "'"):
            problems.append(f"400 without the parameter named: {message[:200]!r}")
        elif allowed is not None and parameter not in allowed:
            problems.append(f"parameter {parameter!r} refused, expected one of {sorted(allowed)}")
        if len(message) > 2000:
            problems.append(f"an error message of {len(message)} characters (echoes the input?)")
    if status == 414 and "quá dài" not in body:
        problems.append("414 without a message")
    if status == 200 and route == "/export.csv" and not body.startswith(BOM + "id,"):
        problems.append("CSV export without its header")
    if status == 200 and route == "/api/search":
        data = json.loads(body)
        if len(data["hits"]) > data["limit"] or data["total"] < len(data["hits"]):
            problems.append(f"limit {data['limit']}, {len(data['hits'])} hits of {data['total']}")
    return problems


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app_settings() -> dict:
    """The shared ``app`` (conftest.py), looking for a new commit once a minute:
    hundreds of requests, and the index never changes."""
    return {"REFRESH_SECONDS": 60}


@pytest.fixture(scope="module")
def doc_count(demo_index: Path) -> int:
    with Searcher(demo_index) as s:
        return s.doc_count


@pytest.fixture
def calls(monkeypatch) -> list[dict]:
    """Every Searcher.search call: the work each request asked for."""
    seen: list[dict] = []
    real = Searcher.search

    def spy(self, q, **kwargs):
        seen.append({"q": q, **kwargs})
        return real(self, q, **kwargs)

    monkeypatch.setattr(Searcher, "search", spy)
    return seen


def _work_problems(route: str, app, calls: list[dict], doc_count: int) -> list[str]:
    """Searches per request and results per search stay within the caps."""
    cfg = app.config
    problems = []
    if route == "/export.csv":
        page_size = cfg["EXPORT_PAGE_SIZE"]
        most_calls = 1 + math.ceil(doc_count / page_size)
        most_limit, most_offset = page_size, doc_count + page_size
    else:
        most_calls = 1 if route == "/api/search" else 6  # the page tries up to 5 other searches
        most_limit, most_offset = cfg["API_MAX_SIZE"], cfg["MAX_OFFSET"]
    if len(calls) > most_calls:
        problems.append(f"{len(calls)} searches for one request (at most {most_calls})")
    for call in calls:
        if call.get("limit", 10) > most_limit or call.get("offset", 0) > most_offset:
            problems.append(f"search with limit {call.get('limit')}, offset {call.get('offset')}")
    return problems


# --- the web routes ---------------------------------------------------------------------


def test_there_are_hundreds_of_queries_and_they_are_always_the_same():
    assert len(QUERIES) >= 200 + len(FIXED) // 2
    assert QUERIES == hostile_queries()  # deterministic: the same seed gives the same list
    assert any(len(q) >= 10_000 for q in QUERIES) and "" in QUERIES


def test_the_query_parser_caps_its_work():
    for q in QUERIES:
        pq = parse_query(q)
        used = [pq.text, *pq.phrases, *pq.excluded, *pq.speakers]
        assert sum(len(part) for part in used) <= MAX_QUERY_CHARS, q[:50]
        assert all(isinstance(note, str) for note in pq.notes)
        if len(q) > MAX_QUERY_CHARS:
            assert any(str(MAX_QUERY_CHARS) in note for note in pq.notes)


@pytest.mark.parametrize("route", ROUTES)
def test_hostile_queries(route, app, client, calls, doc_count, record_property):
    failures: dict[str, list[str]] = {}
    statuses: dict[int, int] = {}
    slowest = (0.0, "")
    for q in QUERIES:
        calls.clear()
        started = time.perf_counter()
        response = client.get(route, query_string={"q": q})
        response.get_data()  # an export streams: the work happens here
        elapsed = time.perf_counter() - started
        slowest = max(slowest, (elapsed, q[:40]))
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        problems = response_problems(route, response, allowed=set())
        problems += _work_problems(route, app, calls, doc_count)
        if response.status_code == 200 and calls and calls[0]["q"] != q.strip():
            problems.append("the query reached the searcher changed")
        if problems:
            failures[repr(q[:80])] = problems
    record_property("statuses", statuses)
    record_property("slowest", f"{slowest[0] * 1000:.0f} ms for {slowest[1]!r}")
    print(f"{route}: {len(QUERIES)} queries, statuses {statuses}, slowest {slowest[0] * 1000:.0f} ms")
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)[:5000]
    assert set(statuses) <= {200, 414}
    assert statuses.get(200, 0) >= len(QUERIES) - 10


@pytest.mark.parametrize("route", ROUTES)
def test_hostile_parameters(route, app, client, calls, doc_count):
    failures = {}
    for params, refusable in PARAMS:
        calls.clear()
        response = client.get(route, query_string=params)
        response.get_data()
        problems = response_problems(route, response, allowed=refusable)
        problems += _work_problems(route, app, calls, doc_count)
        expected = 400 if refusable else 200
        if response.status_code != expected:
            problems.append(f"status {response.status_code}, expected {expected}")
        if problems:
            failures[str(params)[:100]] = problems
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)[:5000]


@pytest.mark.parametrize("route", ROUTES)
def test_raw_query_strings_with_invalid_utf8(route, app, client, calls, doc_count):
    failures = {}
    for raw in RAW:
        calls.clear()
        response = client.get(f"{route}?{raw}")
        response.get_data()
        problems = response_problems(route, response)
        problems += _work_problems(route, app, calls, doc_count)
        if problems:
            failures[raw[:60]] = problems
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)[:5000]


def test_sizes_and_pages_are_capped_with_messages_naming_them(app, client):
    data = client.get("/api/search", query_string={"size": str(10**9)}).get_json()
    assert data["limit"] == app.config["API_MAX_SIZE"]
    data = client.get("/api/search", query_string={"size": "9" * 400}).get_json()
    assert data["limit"] == app.config["API_MAX_SIZE"]
    for page in (str(10**9), "9" * 30, "9" * 5000):
        error = client.get("/api/search", query_string={"page": page}).get_json()["error"]
        assert error["parameter"] == "page" and "too deep" in error["message"], error
        assert len(error["message"]) < 300
    error = client.get("/api/search", query_string={"size": "-5"}).get_json()["error"]
    assert error["parameter"] == "size" and "whole number" in error["message"]
    error = client.get("/api/search", query_string={"sort": "x" * 5000}).get_json()["error"]
    assert error["parameter"] == "sort" and len(error["message"]) < 300


def test_a_ten_kilobyte_query_is_read_up_to_the_cap(client):
    data = client.get("/api/search", query_string={"q": "hà nội " * 1_500}).get_json()
    assert "error" in data and data["error"]["status"] == 414  # 27 kB once encoded
    data = client.get("/api/search", query_string={"q": "ha noi " * 1_450}).get_json()
    assert data["total"] > 0
    assert any(str(MAX_QUERY_CHARS) in note for note in parse_query("ha noi " * 1_450).notes)


def test_every_answer_to_a_hostile_request_has_the_security_headers(client):
    for url in ("/?q=%3Cscript%3E", "/api/search?page=0", "/?q=" + "a" * 20_000, "/export.csv?sort=x"):
        response = client.get(url)
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], url
    assert METHODS == ("GET", "HEAD")


# --- the command line -------------------------------------------------------------------


def _cli(*args, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real console script, with bytes arguments allowed (not UTF-8 ones too)."""
    script = Path(sys.executable).with_name("vnsearch")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "search"]
    full_env = {k: v for k, v in os.environ.items() if k != "VNSEARCH_INDEX"}
    full_env.update(env or {})
    return subprocess.run([*cmd, *args], capture_output=True, env=full_env, timeout=600)


def _cli_problems(proc: subprocess.CompletedProcess) -> list[str]:
    problems = []
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode not in (0, 2):
        problems.append(f"exit {proc.returncode}: {stderr[-300:]}")
    if "Traceback" in stderr or "unexpected" in stderr:
        problems.append(f"a traceback or an unexpected error: {stderr[-300:]}")
    if proc.returncode == 2 and not stderr.startswith("Error: "):
        problems.append(f"exit 2 without a one-line error: {stderr[:200]!r}")
    try:
        proc.stdout.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"output is not UTF-8: {exc}")
    return problems


def _one_per_line(queries: list[str]) -> list[str]:
    """The queries a --queries file can hold: no line breaks inside."""
    return [q for q in queries if "\n" not in q and "\r" not in q]


def test_cli_batch_of_hostile_queries_as_jsonl(demo_index: Path, tmp_path: Path):
    lines = _one_per_line(QUERIES)
    path = tmp_path / "queries.txt"
    path.write_text("".join(q + "\n" for q in lines), encoding="utf-8")
    proc = _cli("search", "--index", str(demo_index), "--format", "jsonl", "--queries", str(path))
    assert not _cli_problems(proc), _cli_problems(proc)
    assert proc.returncode == 0
    out = proc.stdout.decode("utf-8").split("\n")
    assert out[-1] == ""
    results = [json.loads(line) for line in out[:-1]]
    assert [r["query"] for r in results] == lines
    for r in results:
        assert len(r["hits"]) <= r["limit"] == 10 and r["total"] >= len(r["hits"])


@pytest.mark.parametrize("fmt", ["csv", "text"])
def test_cli_batch_of_hostile_queries_as_csv_and_text(demo_index: Path, tmp_path: Path, fmt: str):
    lines = _one_per_line(QUERIES)[::3]
    path = tmp_path / "queries.txt"
    path.write_text("".join(q + "\n" for q in lines), encoding="utf-8")
    proc = _cli("search", "--index", str(demo_index), "--format", fmt, "--queries", str(path))
    assert not _cli_problems(proc), _cli_problems(proc)
    out = proc.stdout.decode("utf-8")
    if fmt == "csv":
        for line in out.split("\r\n")[1:]:
            assert not line.startswith(("=", "+", "-", "@")), line  # the query column is neutralised
    else:
        assert out.count(" results for ") == len(lines)
        assert "\x1b" not in out  # not a terminal: no colours, and no escape codes from the query


ARGV_QUERIES = [
    b"\xff\xfe",  # not UTF-8
    b"h\xc3\xa0 n\xe1\xbb\x99i\xff",
    b"<script>alert(1)</script>",
    b'"><img src=x onerror=alert(1)>',
    "\x1b[31mđỏ\x1b[0m".encode(),
    b"speaker: year:99999999999 foo:bar",
    ("ha noi " * 1_500).encode(),
    b'"(( OR - * ?',
    "\u202eمرحبا 😀".encode(),
]


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_cli_hostile_query_arguments(demo_index: Path, fmt: str):
    failures = {}
    for query in ARGV_QUERIES:
        # strict: an output that cannot be encoded would fail, not slip through escaped
        proc = _cli(
            "search",
            "--index",
            str(demo_index),
            "--format",
            fmt,
            query,
            env={"PYTHONIOENCODING": "utf-8:strict"},
        )
        problems = _cli_problems(proc) + ([] if proc.returncode == 0 else ["refused"])
        if fmt == "json" and proc.returncode == 0:
            data = json.loads(proc.stdout)
            if data["query"] != query.decode("utf-8", "replace"):
                problems.append(f"query read as {data['query'][:40]!r}")
        if problems:
            failures[repr(query[:40])] = problems
    assert not failures, failures


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--limit", "-5"], "--limit"),
        (["--limit", str(10**9)], "--limit"),
        (["--offset", "-1"], "--offset"),
        (["--offset", "9" * 30], "--offset"),
        (["--sort", "bogus"], "--sort"),
        (["--year", "99999999999"], "year"),
        (["--year", "2021..2019"], "year"),
        (["--format", "xml"], "--format"),
    ],
)
def test_cli_bad_options_are_one_line_naming_the_option(demo_index: Path, args, option):
    proc = _cli("search", "--index", str(demo_index), *args, "ha noi")
    assert not _cli_problems(proc), _cli_problems(proc)
    stderr = proc.stderr.decode()
    assert proc.returncode == 2 and option in stderr and stderr.count("\n") == 1, stderr


def test_cli_odd_but_harmless_options(demo_index: Path):
    """A blank --speaker or --year is left out (as on the web), a deep --offset is just empty."""
    base = json.loads(_cli("search", "--index", str(demo_index), "--format", "json", "ha noi").stdout)
    for args in (["--speaker", ""], ["--speaker", "  "], ["--year", ""]):
        proc = _cli("search", "--index", str(demo_index), "--format", "json", *args, "ha noi")
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["total"] == base["total"] > 0, args
    proc = _cli("search", "--index", str(demo_index), "--format", "json", "--offset", str(10**9), "ha noi")
    data = json.loads(proc.stdout)
    assert proc.returncode == 0 and data["hits"] == [] and data["total"] == base["total"]


def test_cli_queries_file_that_is_not_utf8_is_named_with_its_line(demo_index: Path, tmp_path: Path):
    path = tmp_path / "queries.txt"
    path.write_bytes("hà nội\n".encode() + b"ok\n\xff\xfe bad\n")
    proc = _cli("search", "--index", str(demo_index), "--format", "jsonl", "--queries", str(path))
    stderr = proc.stderr.decode()
    assert proc.returncode == 2 and "line 3 is not UTF-8" in stderr and str(path) in stderr, stderr
    assert "Traceback" not in stderr
    # A byte-order mark and CRLF line ends are fine.
    path.write_bytes(BOM.encode() + "hà nội\r\n=cmd\r\n".encode())
    proc = _cli("search", "--index", str(demo_index), "--format", "jsonl", "--queries", str(path))
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["query"] for line in proc.stdout.decode().splitlines()] == ["hà nội", "=cmd"]
