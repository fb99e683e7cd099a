"""benchmarks/results.md from the figures the stages of ``benchmarks.bench`` collected.

One table, ``figure | whoosh | tantivy | FTS5 | target | ok?``, with the
targets of issue 7, then the details each figure stands on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

ENGINES = ("whoosh", "tantivy")
COLUMNS = ("whoosh", "tantivy", "fts5")

# issue 7's targets: per engine, (limit, "min" or "max")
TARGETS: dict[str, dict[str, tuple[float, str]]] = {
    "segment_ratio": {"whoosh": (3.0, "min"), "tantivy": (3.0, "min")},
    "ingest_mbs": {"whoosh": (0.8, "min"), "tantivy": (2.0, "min")},
    "peak_rss": {"whoosh": (1e9, "max"), "tantivy": (1e9, "max")},
    "p50": {"whoosh": (50.0, "max"), "tantivy": (10.0, "max")},
    "p95": {"whoosh": (150.0, "max"), "tantivy": (30.0, "max")},
    "load_errors": {"whoosh": (0, "max"), "tantivy": (0, "max")},
}


# --- formatting ------------------------------------------------------------------


def num(value: Any, digits: int = 0, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:,.{digits}f}"
    return f"{text} {unit}".rstrip() if unit else text


def ms(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return num(value, 1 if value < 100 else 0, "ms")


def mb(nbytes: Any) -> str:
    return "—" if nbytes is None else num(nbytes / 1e6, 0 if nbytes >= 1e8 else 1, "MB")


def gb_or_mb(nbytes: Any) -> str:
    if nbytes is None:
        return "—"
    return num(nbytes / 1e9, 2, "GB") if nbytes >= 1e9 else mb(nbytes)


def pct(share: Any) -> str:
    return "—" if share is None else f"{100 * share:.0f}%"


def times(ratio: Any) -> str:
    if ratio is None:
        return "—"
    return f"×{ratio:.2f}" if ratio < 10 else f"×{ratio:.1f}" if ratio < 100 else f"×{ratio:,.0f}"


def passes(value: Any, limit: float, how: str) -> bool | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value >= limit if how == "min" else value <= limit


def verdict(checks: dict[str, bool | None]) -> str:
    known = {e: ok for e, ok in checks.items() if ok is not None}
    if not known:
        return ""
    if len(set(known.values())) == 1 and len(known) == len(checks):
        return "✓" if next(iter(known.values())) else "✗"
    return " · ".join(f"{e} {'✓' if ok else '✗'}" for e, ok in known.items())


def target_text(key: str, fmt: Callable[[float], str]) -> str:
    spec = TARGETS[key]
    limits = {fmt(limit) for limit, _ in spec.values()}
    sign = "≥" if next(iter(spec.values()))[1] == "min" else "≤"
    if len(limits) == 1:
        return f"{sign} {limits.pop()}"
    return ", ".join(f"{e} {sign} {fmt(limit)}" for e, (limit, _) in spec.items())


class Table:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def add(
        self,
        figure: str,
        values: dict[str, Any],
        fmt: Callable[[Any], str],
        target: str | None = None,
        check: dict[str, bool | None] | None = None,
    ) -> None:
        cells = [figure] + [fmt(values[c]) if c in values else "" for c in COLUMNS]
        cells += [target or "", verdict(check or {})]
        self.rows.append(cells)

    def section(self, title: str) -> None:
        self.rows.append([f"**{title}**", "", "", "", "", ""])

    def markdown(self) -> list[str]:
        lines = ["| figure | whoosh | tantivy | FTS5 | target | ok? |", "|---|---:|---:|---:|---|---|"]
        return lines + ["| " + " | ".join(r) + " |" for r in self.rows]


def targeted(
    table: Table, figure: str, key: str, values: dict[str, Any], fmt: Callable[[Any], str], tfmt=None
) -> None:
    checks = {e: passes(values.get(e), *TARGETS[key][e]) for e in ENGINES if e in values}
    table.add(figure, values, fmt, target_text(key, tfmt or fmt), checks)


# --- the main table ----------------------------------------------------------------


def _segment_rows(table: Table, seg: dict) -> None:
    table.section("Word segmentation (shared by both engines)")
    both = dict.fromkeys(ENGINES)
    ratio = {e: seg.get("ratio") for e in both}
    targeted(
        table, "speed vs pyvi `ViTokenizer.tokenize`", "segment_ratio", ratio, times, lambda v: f"×{v:g}"
    )
    same = {e: seg.get("identical") for e in both}
    table.add(
        f"identical words to pyvi ({num(seg.get('texts'))} texts)",
        same,
        lambda v: "—" if v is None else "yes" if v else "NO",
        "identical",
        {e: seg.get("identical") for e in both},
    )
    table.add(
        "throughput ours / pyvi",
        {e: (seg.get("ours_mbs"), seg.get("pyvi_mbs")) for e in both},
        lambda v: "—" if v[0] is None else f"{v[0]:.2f} / {v[1]:.2f} MB/s",
    )


def _ingest_rows(table: Table, ingest: dict) -> None:
    if not ingest:
        return
    any_run = next(iter(ingest.values()))
    table.section(
        f"Ingest ({num(any_run.get('documents'))} articles, {mb(any_run.get('text_bytes'))} of text)"
    )
    get = lambda key: {e: r.get(key) for e, r in ingest.items()}  # noqa: E731
    table.add("seconds", get("seconds"), lambda v: num(v, 1, "s"))
    targeted(table, "MB/s of text", "ingest_mbs", get("mbs"), lambda v: num(v, 2), lambda v: f"{v:g}")
    table.add("articles/s", get("articles_per_second"), lambda v: num(v, 0))
    table.add("CPU per article, user + system, whole process tree", get("cpu_ms_per_article"), ms)
    targeted(table, "peak memory, RSS summed over the process tree", "peak_rss", get("peak_rss"), gb_or_mb)
    table.add("peak memory, PSS (shared pages counted once)", get("peak_pss"), gb_or_mb)
    table.add("peak memory, anonymous (allocated, without mapped files)", get("peak_anon"), gb_or_mb)
    table.add("index size on disk", get("index_bytes"), gb_or_mb)
    table.add("index size / text size", get("size_ratio"), lambda v: num(v, 2) + "×" if v else "—")
    if "fts5" in ingest:
        base = ingest["fts5"].get("seconds")
        table.add(
            "ingest time, ours / FTS5",
            {e: r["seconds"] / base for e, r in ingest.items() if e != "fts5" and base and r.get("seconds")},
            times,
        )
    table.add("articles skipped", get("skipped"), lambda v: num(v))


def _profile_rows(table: Table, profile: dict) -> None:
    if not profile:
        return
    first = next(iter(profile.values()))
    table.section(f"Where ingest time goes (one process, {num(first['timed']['articles'])} articles)")
    names = list(first["timed"]["stages"])
    for name in names:
        shares = {e: p["timed"]["stages"].get(name, {}).get("share") for e, p in profile.items()}
        if all((s or 0) < 0.005 for s in shares.values()):
            continue
        table.add(name, shares, pct)


def _query_rows(table: Table, queries: dict, label: str, key: str, targets: bool) -> None:
    runs = {e: q[key] for e, q in queries.items() if key in q}
    if not runs:
        return
    count = next(iter(runs.values())).get("count")
    table.section(f"{label} ({num(count)} queries, end to end, top 10 with snippets and facets)")
    for p in ("p50", "p95", "p99", "max"):
        values = {e: r.get(p) for e, r in runs.items()}
        if targets and p in ("p50", "p95"):
            targeted(table, p, p, values, ms, lambda v: f"{v:g} ms")
        else:
            table.add(p, values, ms)
    base = runs.get("fts5", {})
    for p in ("p50", "p95"):
        if base.get(p):
            table.add(
                f"{p}, ours / FTS5",
                {e: r[p] / base[p] for e, r in runs.items() if e != "fts5" and r.get(p)},
                times,
            )


def _coldstart_rows(table: Table, cold: dict) -> None:
    if not cold:
        return
    table.section("Cold start (fresh process, median of runs)")
    table.add("import", {e: c.get("import") for e, c in cold.items()}, lambda v: num(v, 2, "s"))
    table.add("`Searcher(index)`", {e: c.get("open") for e, c in cold.items()}, lambda v: num(v, 2, "s"))
    table.add("first query", {e: c.get("first_query") for e, c in cold.items()}, lambda v: num(v, 2, "s"))
    table.add(
        "open + first query", {e: c.get("open_and_first") for e, c in cold.items()}, lambda v: num(v, 2, "s")
    )


def _load_rows(table: Table, load: dict) -> None:
    if not load:
        return
    first = next(iter(load.values()))
    table.section(
        f"Load: `vnsearch serve` (waitress, {first.get('server_processes', 1)} process(es)), "
        f"{first['clients']} keep-alive clients, {first.get('duration', first['seconds']):g} s"
    )
    table.add("requests/s", {e: r["requests_per_second"] for e, r in load.items()}, lambda v: num(v, 1))
    table.add("p50", {e: r["latency_ms"].get("p50") for e, r in load.items()}, ms)
    table.add("p99", {e: r["latency_ms"].get("p99") for e, r in load.items()}, ms)
    checks = {e: r["errors"] == 0 and r.get("server_alive", True) for e, r in load.items()}
    table.add(
        "errors (non-200, bad JSON, exceptions)",
        {e: f"{r['errors']} of {r['requests']}" for e, r in load.items()},
        str,
        "0",
        checks,
    )
    table.add("server peak RSS", {e: r.get("server_peak_rss") for e, r in load.items()}, gb_or_mb)


def _relevance_rows(table: Table, rel: dict) -> None:
    if not rel or not rel.get("groups"):
        return
    table.section(
        f"Relevance, MRR@10 accented / unaccented ({rel.get('date', '?')}, `benchmarks/results-relevance.md`)"
    )
    for group in rel["groups"]:
        values = {}
        for column, engine in (("whoosh", "vnsearch"), ("tantivy", "vnsearch-tantivy"), ("fts5", "fts5-or")):
            row = group["rows"].get(engine)
            if row:
                values[column] = (row["MRR@10 acc"], row["MRR@10 unacc"])
        target = group.get("target")
        checks = {}
        if target:
            for column in ENGINES:
                if column in values:
                    acc, unacc = (float(x) for x in values[column])
                    checks[column] = acc >= target[0] and unacc >= target[1]
        table.add(
            f"{group['task']} / {group['corpus']} ({group['docs']} docs)",
            values,
            lambda v: f"{v[0]} / {v[1]}",
            f"≥ {target[0]:.2f} / ≥ {target[1]:.2f}" if target else "",
            checks,
        )


# --- details ---------------------------------------------------------------------


def _profile_details(profile: dict) -> list[str]:
    if not profile:
        return []
    lines = ["## Where ingest time goes", ""]
    lines += [
        "`python -m benchmarks profile`: the real `ingest()` in one process (`workers=1`) on the",
        "first articles of the corpus. Stage times are exclusive (a stage's time leaves out the stages",
        "it calls) and measured without a profiler; with `--workers 2` the worker stages (cleaning to",
        "token encoding, and Whoosh's segment writing) run in parallel while the parent reads and",
        "writes the index.",
        "",
        "| stage | " + " | ".join(f"{e} s | {e} %" for e in profile) + " |",
        "|---|" + "---:|---:|" * len(profile),
    ]
    first = next(iter(profile.values()))
    for name in first["timed"]["stages"]:
        cells = []
        for p in profile.values():
            stage = p["timed"]["stages"].get(name, {})
            cells += [num(stage.get("seconds"), 2), pct(stage.get("share"))]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    totals = []
    for p in profile.values():
        t = p["timed"]
        totals += [num(t["seconds"], 2), f"{t['megabytes'] / t['seconds']:.2f} MB/s"]
    lines += ["| **total** | " + " | ".join(totals) + " |", ""]
    for engine, p in profile.items():
        lines += [
            f"cProfile, {engine}: functions by own time (share of the profiled run, {p['profile']['seconds']:.1f} s)",
            "",
            "| function | calls | own | cumulative |",
            "|---|---:|---:|---:|",
        ]
        for row in p["profile"]["top"]:
            name = row["function"].replace("|", "\\|")
            lines.append(f"| `{name}` | {row['calls']:,} | {pct(row['own'])} | {pct(row['cumulative'])} |")
        lines.append("")
    return lines


def _query_details(results: dict) -> list[str]:
    queries = results.get("queries") or {}
    if not queries:
        return []
    notes = results.get("queryset", {})
    kinds = ", ".join(f"{n} {kind}" for kind, n in (notes.get("kinds") or {}).items())
    lines = ["## Queries", ""]
    lines += [
        f"Built from the corpus file (not an index) with seed {notes.get('seed')}: "
        f"{notes.get('typical')} typical queries ({kinds}; {notes.get('folded')} without accents) "
        f"and {notes.get('long')} long 10-word queries, from {num(notes.get('sampled'))} sampled of "
        f"{num(notes.get('articles'))} articles. Ours: `Searcher(index).search(q, speakers=..., limit=10, "
        "facets=True)` in one process after a warm-up (what the web page and the API run). FTS5: the same "
        "query words as typed, each quoted and **OR**-ed (a phrase stays a phrase; a speaker filter becomes "
        "AND the name as a phrase; FTS5 folds the accents itself but not đ→d), `count(*)` for the total, "
        "top 10 by `bm25` with `snippet()`.",
        "",
        "| engine | queries | p50 | p95 | p99 | max | mean | no hit | long p50 | long p95 | long max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for engine, q in queries.items():
        t, lg = q.get("typical", {}), q.get("long", {})
        lines.append(
            f"| {engine} | {t.get('count')} | {ms(t.get('p50'))} | {ms(t.get('p95'))} | {ms(t.get('p99'))} | "
            f"{ms(t.get('max'))} | {ms(t.get('mean'))} | {q.get('no_hits')} | {ms(lg.get('p50'))} | "
            f"{ms(lg.get('p95'))} | {ms(lg.get('max'))} |"
        )
    kinds = next(iter(queries.values())).get("by_kind", {})
    if kinds:
        lines += ["", "p50 / p95 by kind of query:", "", "| engine | " + " | ".join(kinds) + " |"]
        lines.append("|---|" + "---:|" * len(kinds))
        for engine, q in queries.items():
            cells = [f"{ms(q['by_kind'][k].get('p50'))} / {ms(q['by_kind'][k].get('p95'))}" for k in kinds]
            lines.append(f"| {engine} | " + " | ".join(cells) + " |")
    return lines + [""]


def _load_details(load: dict) -> list[str]:
    if not load:
        return []
    lines = ["## Load", ""]
    for engine, r in load.items():
        text = (
            f"- {engine}: {r['ok']:,} answered in {r['seconds']:.1f} s by {r['clients']} clients "
            f"(server threads: {r.get('server_threads') or 'default'}; started and healthy in "
            f"{r['server_start_seconds']:.1f} s); latency p50 {ms(r['latency_ms'].get('p50'))}, "
            f"p95 {ms(r['latency_ms'].get('p95'))}, p99 {ms(r['latency_ms'].get('p99'))}, "
            f"max {ms(r['latency_ms'].get('max'))}; errors {r['errors']}"
        )
        if r.get("error_messages"):
            text += ": " + "; ".join(f"`{m}`" for m in r["error_messages"])
        lines.append(text)
    return lines + [""]


def _scale_details(scale: dict) -> list[str]:
    if not scale:
        return []
    lines = [
        "## Scale runs",
        "",
        "The corpus indexed more than once under new ids (`#2`, `#3`, ...), each size added to the same",
        "index: *step s* is the command that added the articles since the size before, *total s* the",
        "sum of the steps; query latency on the typical queries at that size.",
        "",
        "| articles | engine | step s | total s | MB/s | peak RSS | index size | p50 | p95 | p99 |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size in sorted(scale, key=int):
        for engine, r in scale[size].items():
            q = r.get("queries", {})
            lines.append(
                f"| {int(size):,} | {engine} | {num(r.get('step_seconds'), 0)} | {num(r.get('total_seconds'), 0)} | "
                f"{num(r.get('mbs'), 2)} | {gb_or_mb(r.get('peak_rss'))} | {gb_or_mb(r.get('index_bytes'))} | "
                f"{ms(q.get('p50'))} | {ms(q.get('p95'))} | {ms(q.get('p99'))} |"
            )
    return lines + [""]


def _relevance_details(rel: dict) -> list[str]:
    if not rel or not rel.get("table"):
        return []
    return [
        "## Relevance",
        "",
        f"From `benchmarks/results-relevance.md` ({rel.get('header', '')}). There `vnsearch` is our engine",
        "on Whoosh (the *whoosh* column above), `vnsearch-tantivy` ours on Tantivy, `fts5-or` the FTS5",
        "column, and `whoosh` plain Whoosh (StandardAnalyzer, no accent folding).",
        "",
        *rel["table"],
        "",
    ]


def _header(results: dict) -> list[str]:
    meta = results.get("meta", {})
    m = meta.get("machine", {})
    packages = ", ".join(f"{k} {v}" for k, v in m.get("packages", {}).items())
    started = meta.get("started_iso", "")
    older = {k: v for k, v in results.get("stamps", {}).items() if started and v < started}
    lines = [
        "# Performance and scale (issue 7)",
        "",
        f"- date: {meta.get('finished') or meta.get('started')} ({num(meta.get('seconds'), 0)} s in all)",
        f"- machine: {m.get('cpu')}, {m.get('cores')} cores ({m.get('physical_cores')} physical), "
        f"{m.get('ram_gb')} GB RAM, {m.get('os')}; load average at the start {m.get('load_average')}",
        f"- Python {m.get('python')}, SQLite {m.get('sqlite')}, vnsearch {m.get('vnsearch')} "
        f"(commit {m.get('commit')}); {packages}",
        f"- corpus: {meta.get('corpus_label')}",
        f"- command: `{meta.get('command')}`",
    ]
    if older:
        kept = ", ".join(f"{k} ({v[:16].replace('T', ' ')})" for k, v in older.items())
        lines.append(f"- figures kept from earlier runs: {kept}")
    return lines + [""]


def render(results: dict) -> str:
    table = Table()
    if results.get("segment"):
        _segment_rows(table, results["segment"])
    _ingest_rows(table, results.get("ingest") or {})
    _profile_rows(table, results.get("profile") or {})
    queries = results.get("queries") or {}
    _query_rows(table, queries, "Typical queries, 1-4 words", "typical", True)
    _query_rows(table, queries, "Long queries, 10 words", "long", False)
    _coldstart_rows(table, results.get("coldstart") or {})
    _load_rows(table, results.get("load") or {})
    _relevance_rows(table, results.get("relevance") or {})
    lines = _header(results)
    lines += [
        "whoosh: our engine on Whoosh (the default); tantivy: our engine on Tantivy (`--engine tantivy`);",
        "FTS5: SQLite FTS5, `unicode61 remove_diacritics 2`, bm25, on the same articles and queries in",
        "the same run. Targets are issue 7's.",
        "",
        *table.markdown(),
        "",
    ]
    lines += _profile_details(results.get("profile") or {})
    lines += _query_details(results)
    lines += _load_details(results.get("load") or {})
    lines += _scale_details(results.get("scale") or {})
    lines += _relevance_details(results.get("relevance") or {})
    return "\n".join(lines).rstrip() + "\n"


# --- reading results-relevance.md ---------------------------------------------------

_TARGET_RE = re.compile(r"^- (\w+) / ([\w+]+):.*our target ≥ ([\d.]+) / ≥ ([\d.]+)")


def read_relevance(path: Path) -> dict:
    """The latest relevance figures, as ``python -m benchmarks relevance`` wrote them."""
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8").splitlines()
    header = next((line for line in text if re.match(r"^\d{4}-\d{2}-\d{2}", line)), "")
    table = [line for line in text if line.startswith("|")]
    targets = {}
    for line in text:
        found = _TARGET_RE.match(line)
        if found:
            targets[(found.group(1), found.group(2))] = (float(found.group(3)), float(found.group(4)))
    if len(table) < 3:
        return {"header": header, "table": table, "groups": []}
    columns = [c.strip() for c in table[0].strip("|").split("|")]
    groups: dict[tuple[str, str], dict] = {}
    for line in table[2:]:
        row = dict(zip(columns, (c.strip() for c in line.strip("|").split("|")), strict=False))
        key = (row.get("task", ""), row.get("corpus", ""))
        group = groups.setdefault(
            key,
            {
                "task": key[0],
                "corpus": key[1],
                "docs": row.get("docs"),
                "rows": {},
                "target": targets.get(key),
            },
        )
        group["rows"][row.get("engine", "")] = row
    date = header.split(" on ")[0] if header else "?"
    return {"header": header.rstrip("."), "date": date, "table": table, "groups": list(groups.values())}
