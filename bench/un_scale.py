"""The whole index's size: 200,000 recommendations over 190 States and every mechanism.

Usage::

    python bench/un_scale.py [--recommendations N] [--states S] [--per-file F] [--skip-ruamel]
                             [--skip-exports]

Generates (or reuses ``bench/out/un-N/``) a registry shaped like the UN's index and
times, in one run, each phase in a fresh process (so each has its own peak memory):

- ``ruamel``: a bare ruamel.yaml C-safe parse of every file, the parsed data kept as a
  load keeps it, garbage collector running (the baseline, as in ``bench/load.py``);
- ``cold``: ``followup.load`` with an empty cache (the accelerated parser extra on),
  then ``score(by=["theme", "review"])``, then the scorecard of one State (build, HTML
  and PDF), each timed;
- ``warm``: ``followup.load`` again, every file now cached;
- ``orjson.loads`` of the same content as JSON (the warm load's baseline);
- ``parquet``: a (warm) load, then ``export_dataset`` (the Parquet dataset, every table);
- ``sqlite``: a (warm) load, then ``export(registry, "sqlite")`` written to a file;
- ``duckdb``: one query over the Parquet dataset: per State and year, the share of
  recommendations whose assessment in force at the year's end (an ``ASOF JOIN``) is
  implemented or partially implemented, among those assessed.

Targets, as ratios in the same run: cold load + score + one-State scorecard at most 1/5
of the bare ruamel parse; the warm load at most 3x ``orjson.loads``; the Parquet export
at most 1/2 of the cold load; peak memory under 1.5 GiB for every phase. Exit status 1
when one is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

GIB = 1024**3
AS_OF = dt.date(2025, 12, 31)  # the generated history ends before 2026

#: Per State and year: the share of recommendations whose assessment in force at the
#: year's end (on the default scale; of two entries on one day, the later counts) is
#: implemented or partially implemented, among those with an assessment in force.
RATE_BY_YEAR = """
WITH assessments AS (
    SELECT registry, recommendation, scale, date, status
    FROM '{data}/history.parquet' WHERE kind = 'assessment'
    QUALIFY row_number() OVER (
        PARTITION BY registry, recommendation, scale, date ORDER BY seq DESC) = 1
), years AS (
    SELECT unnest(range(year(min(date)), year(max(date)) + 1)) AS year FROM assessments
), recs AS (
    SELECT r.registry, r.state, r.id, r.scale, y.year, make_date(y.year, 12, 31) AS day
    FROM '{data}/recommendations.parquet' r CROSS JOIN years y
)
SELECT recs.state, recs.year, count(a.status) AS assessed,
       count(a.status) FILTER (
           WHERE a.status IN ('implemented', 'partially-implemented')) AS implemented,
       implemented / assessed AS rate
FROM recs ASOF LEFT JOIN assessments a
  ON a.registry = recs.registry AND a.recommendation = recs.id
 AND a.scale = recs.scale AND a.date <= recs.day
GROUP BY ALL HAVING assessed > 0 ORDER BY ALL
"""


def _peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def phase_ruamel(path: Path) -> dict[str, Any]:
    from ruamel.yaml import YAML

    files = [path / "registry.yaml", *sorted((path / "reviews").glob("*.yaml"))]
    start = time.perf_counter()
    kept = [YAML(typ="safe", pure=False).load(file.read_text("utf-8")) for file in files]
    elapsed = time.perf_counter() - start  # the data is kept, as a load keeps it
    return {"ruamel": elapsed, "files": len(kept), "peak": _peak()}


def phase_cold(path: Path, cache: Path, state: str, out: Path) -> dict[str, Any]:
    import followup
    import followup.scorecard

    figures: dict[str, Any] = {}
    start = time.perf_counter()
    registry = followup.load(path, cache=cache)
    figures["load"] = time.perf_counter() - start
    figures["load_peak"] = _peak()
    figures["recommendations"] = len(registry.recommendations)
    start = time.perf_counter()
    result = followup.score(registry, ["theme", "review"])
    figures["score"] = time.perf_counter() - start
    figures["groups"] = len(result.groups)
    start = time.perf_counter()
    reviews = {k: r for k, r in registry.reviews.items() if r.state == state}
    one = followup.Registry(
        info=registry.info,
        reviews=reviews,
        recommendations={k: r for k, r in registry.recommendations.items() if r.review in reviews},
    )
    card = followup.scorecard.build(one, language="en")
    card.write(out, ["html", "pdf"])
    figures["scorecard"] = time.perf_counter() - start
    figures["state_recommendations"] = len(one.recommendations)
    figures["peak"] = _peak()
    return figures


def phase_warm(path: Path, cache: Path) -> dict[str, Any]:
    import followup

    start = time.perf_counter()
    registry = followup.load(path, cache=cache)
    elapsed = time.perf_counter() - start
    return {"warm": elapsed, "recommendations": len(registry.recommendations), "peak": _peak()}


def phase_json(path: Path) -> dict[str, Any]:
    import gc

    import orjson
    import yaml_rs

    files = [path / "registry.yaml", *sorted((path / "reviews").glob("*.yaml"))]
    content = orjson.dumps([yaml_rs.loads(f.read_text("utf-8")) for f in files]).decode()
    best = float("inf")
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        data = orjson.loads(content)
        best = min(best, time.perf_counter() - start)
        del data
    return {"json": best, "json_mb": len(content) / 1e6, "peak": _peak()}


def phase_parquet(path: Path, cache: Path, out: Path) -> dict[str, Any]:
    import followup
    from followup.interop.export import export_dataset

    start = time.perf_counter()
    registry = followup.load(path, cache=cache)
    figures: dict[str, Any] = {"load": time.perf_counter() - start, "load_peak": _peak()}
    start = time.perf_counter()
    files = export_dataset(registry, out / "dataset", as_of=AS_OF)
    figures["export"] = time.perf_counter() - start
    figures["mb"] = sum(f.stat().st_size for f in files) / 1e6
    figures["peak"] = _peak()
    return figures


def phase_sqlite(path: Path, cache: Path, out: Path) -> dict[str, Any]:
    import followup
    from followup.interop.export import export_sqlite

    start = time.perf_counter()
    registry = followup.load(path, cache=cache)
    figures: dict[str, Any] = {"load": time.perf_counter() - start, "load_peak": _peak()}
    start = time.perf_counter()
    written = export_sqlite(registry, out / "un.db", as_of=AS_OF)  # as the CLI writes it
    figures["export"] = time.perf_counter() - start
    figures["mb"] = written.stat().st_size / 1e6
    figures["peak"] = _peak()
    return figures


def phase_duckdb(out: Path) -> dict[str, Any]:
    import duckdb

    start = time.perf_counter()
    rates = duckdb.connect().execute(RATE_BY_YEAR.format(data=out / "dataset")).fetchall()
    elapsed = time.perf_counter() - start
    states, years = {row[0] for row in rates}, sorted({row[1] for row in rates})
    return {
        "query": elapsed,
        "rows": len(rates),
        "states": len(states),
        "years": f"{years[0]}-{years[-1]}" if years else "",
        "sample": [list(row) for row in rates if row[0] == rates[0][0]][-3:] if rates else [],
        "peak": _peak(),
    }


def _run(name: str, *args: str) -> dict[str, Any]:
    """Run one phase in a fresh Python process; its figures as a dict."""
    result = subprocess.run(
        [sys.executable, __file__, "--phase", name, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def _report_exports(cold: float, exports: dict[str, dict[str, Any]]) -> dict[str, bool]:
    """Print the export phases as a table; their targets as ``{name: met}``."""
    parquet, sqlite, query = exports["parquet"], exports["sqlite"], exports["duckdb"]
    print("| phase | time | peak memory | output |")
    print("| --- | ---: | ---: | ---: |")
    for name, item in (("Parquet dataset", parquet), ("SQLite database", sqlite)):
        print(f"| {name}: warm load | {item['load']:.1f} s | {item['load_peak'] / GIB:.2f} GiB | |")
        print(
            f"| {name}: export | {item['export']:.1f} s = {item['export'] / cold:.3f} of the "
            f"cold load | {item['peak'] / GIB:.2f} GiB | {item['mb']:.0f} MB |"
        )
    print(
        f"| DuckDB rate by State and year | {query['query']:.1f} s | "
        f"{query['peak'] / GIB:.2f} GiB | {query['rows']:,} rows ({query['states']} States, "
        f"{query['years']}) |"
    )
    print(f"  sample (state, year, assessed, implemented, rate): {query['sample']}")
    return {
        "Parquet export <= 1/2 of the cold load": parquet["export"] <= cold / 2,
        "Parquet export peak memory < 1.5 GiB": parquet["peak"] < 1.5 * GIB,
        "SQLite export peak memory < 1.5 GiB": sqlite["peak"] < 1.5 * GIB,
        "DuckDB query peak memory < 1.5 GiB": query["peak"] < 1.5 * GIB,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recommendations", type=int, default=200_000)
    parser.add_argument("--states", type=int, default=190)
    parser.add_argument("--per-file", type=int, default=200)
    parser.add_argument("--state", default="KAZ", help="the State of the scorecard")
    parser.add_argument("--skip-ruamel", action="store_true", help="no baseline (quick run)")
    parser.add_argument("--skip-exports", action="store_true", help="no export phases")
    parser.add_argument("--phase", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        figures = {
            "ruamel": lambda: phase_ruamel(args.path),
            "cold": lambda: phase_cold(args.path, args.cache, args.state, args.out),
            "warm": lambda: phase_warm(args.path, args.cache),
            "json": lambda: phase_json(args.path),
            "parquet": lambda: phase_parquet(args.path, args.cache, args.out),
            "sqlite": lambda: phase_sqlite(args.path, args.cache, args.out),
            "duckdb": lambda: phase_duckdb(args.out),
        }[args.phase]()
        print(json.dumps(figures))
        return 0

    from generate import generate

    path = HERE / "out" / f"un-{args.recommendations}"
    if not (path / "registry.yaml").is_file():
        start = time.perf_counter()
        generate(path, args.recommendations, args.per_file, 0, args.states)
        print(f"generated {path} in {time.perf_counter() - start:.0f} s")
    size = sum(p.stat().st_size for p in path.rglob("*.yaml"))
    files = len(list((path / "reviews").glob("*.yaml")))
    print(
        f"registry: {args.recommendations:,} recommendations, {args.states} States, "
        f"{files} review files, {size / 1e6:.0f} MB of YAML"
    )
    with tempfile.TemporaryDirectory() as scratch:
        cache, out = Path(scratch) / "cache", Path(scratch) / "out"
        where = [
            "--path",
            str(path),
            "--cache",
            str(cache),
            "--out",
            str(out),
            "--state",
            args.state,
        ]
        cold = _run("cold", *where)
        warm = _run("warm", *where)
        base = _run("json", *where)
        ruamel = None if args.skip_ruamel else _run("ruamel", *where)
        exports = None
        if not args.skip_exports:
            out.mkdir(exist_ok=True)
            exports = {name: _run(name, *where) for name in ("parquet", "sqlite", "duckdb")}
    together = cold["load"] + cold["score"] + cold["scorecard"]
    print(
        f"cold load:          {cold['load']:7.1f} s  (peak {cold['load_peak'] / GIB:.2f} GiB "
        f"after the load, {cold['peak'] / GIB:.2f} GiB for load, score and scorecard)"
    )
    print(f"score theme x review: {cold['score']:5.1f} s  ({cold['groups']} groups)")
    print(
        f"one-State scorecard: {cold['scorecard']:6.1f} s  ({args.state}, "
        f"{cold['state_recommendations']} recommendations, HTML and PDF)"
    )
    print(f"warm load:          {warm['warm']:7.1f} s  (peak {warm['peak'] / GIB:.2f} GiB)")
    print(f"orjson.loads:       {base['json']:7.1f} s  ({base['json_mb']:.0f} MB of JSON)")
    checks = {
        "warm load <= 3x orjson.loads": warm["warm"] <= 3 * base["json"],
        "peak memory < 1.5 GiB": max(cold["peak"], warm["peak"]) < 1.5 * GIB,
    }
    print(f"warm / orjson.loads: {warm['warm'] / base['json']:.2f}x (target <= 3x)")
    if ruamel is not None:
        print(f"bare ruamel parse:  {ruamel['ruamel']:7.1f} s")
        ratio = together / ruamel["ruamel"]
        print(
            f"cold load + score + scorecard = {together:.1f} s = {ratio:.3f} of the ruamel "
            "parse (target <= 1/5)"
        )
        checks["cold + score + scorecard <= 1/5 of ruamel"] = ratio <= 1 / 5
    if exports is not None:
        checks.update(_report_exports(cold["load"], exports))
    for name, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
