"""followup export --format parquet -o DIR: a dataset with one fixed schema per table.

Two registries exported separately must read back as one dataset in DuckDB, Polars and
pyarrow with no options, and the assessment in force at each quarter's end, computed in
DuckDB from the history table, must give the scores :func:`followup.score` gives.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import followup
from followup.cli import main
from followup.interop.export import export_dataset
from followup.interop.tables import FORMAT_VERSION, TABLES, schema_markdown
from followup.model.registry import Registry
from followup.testing import registries

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
ds = pytest.importorskip("pyarrow.dataset")
duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")

from followup.interop._parquet import arrow_schema  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
KAZ = ROOT / "registries" / "kazakhstan"
AS_OF = "2025-09-30"
NAMES = [item.name for item in TABLES]

EMPTY = """\
followup: 1
id: empty-test
title: An empty registry
version: "1"
states: [KAZ]
reviews: []
"""

SECRET = """\
followup: 1
id: secret-test
title: Confidential data
version: "1"
states: [KAZ]
reviews:
  - id: kaz-ccpr-2016
    mechanism: CCPR
    state: KAZ
    title: Human Rights Committee
    date: 2016-07-11
    recommendations:
      - id: rec-open
        text: An open recommendation.
        source: {document: CCPR/C/KAZ/CO/2}
        history:
          - {date: 2020-01-01, status: not-implemented, by: NGO-A}
          - {date: 2021-01-01, status: implemented, by: NGO-B, confidential: true}
      - id: rec-secret
        text: A confidential recommendation.
        source: {document: CCPR/C/KAZ/CO/2}
        confidential: true
"""


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def _copy_as_other_state(target: Path) -> Path:
    """registries/kazakhstan under another id and State (UZB)."""
    shutil.copytree(KAZ, target)
    for path in target.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace("KAZ", "UZB")
        if path.name == "registry.yaml":
            text = text.replace("id: kazakhstan\n", "id: second-copy\n", 1)
        path.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """<root>/kaz, <root>/second and <root>/empty: three datasets, exported one by one."""
    root = tmp_path_factory.mktemp("datasets")
    second = _copy_as_other_state(root / "second-src")
    empty = root / "empty.yaml"
    empty.write_text(EMPTY, encoding="utf-8")
    for source, name in ((KAZ, "kaz"), (second, "second"), (empty, "empty")):
        code, text = _run(
            "export", str(source), "--format", "parquet", "--as-of", AS_OF, "-o", str(root / name)
        )
        assert code == 0, text
        assert "5 tables" in text
    return root


def _files(root: Path, table: str) -> list[str]:
    return [str(root / name / f"{table}.parquet") for name in ("kaz", "second", "empty")]


@pytest.mark.parametrize("table", NAMES)
def test_schema_is_fixed(exported: Path, table: str) -> None:
    expected = arrow_schema(table)
    for path in _files(exported, table):
        schema = pq.read_schema(path)
        assert schema.equals(expected, check_metadata=False), path
        meta = schema.metadata
        assert meta[b"followup.export_format"] == FORMAT_VERSION.encode()
        assert meta[b"followup.as_of"] == AS_OF.encode()
        assert meta[b"followup.version"] == followup.__version__.encode()
        assert meta[b"followup.table"] == table.encode()


def test_types_do_not_follow_the_data(exported: Path) -> None:
    schema = pq.read_schema(exported / "empty" / "recommendations.parquet")
    assert schema.field("status_date").type == pa.date32()
    assert schema.field("uhri_id").type == pa.string()
    assert schema.field("sdg_targets").type == pa.list_(pa.string())
    assert pa.types.is_dictionary(schema.field("status").type)
    assert pa.types.is_dictionary(schema.field("mechanism").type)
    assert not schema.field("id").nullable
    history = pq.read_schema(exported / "empty" / "history.parquet")
    assert pa.types.is_dictionary(history.field("position").type)
    assert pq.read_table(exported / "empty" / "history.parquet").num_rows == 0


def test_duckdb_reads_all_as_one(exported: Path) -> None:
    kaz = followup.load(KAZ)
    con = duckdb.connect()
    glob = str(exported / "*" / "recommendations.parquet")
    got = dict(
        con.execute(f"SELECT registry, count(*) FROM read_parquet('{glob}') GROUP BY 1").fetchall()
    )
    assert got == {"kazakhstan": len(kaz), "second-copy": len(kaz)}
    states = con.execute(f"SELECT DISTINCT state FROM read_parquet('{glob}') ORDER BY 1").fetchall()
    assert states == [("KAZ",), ("UZB",)]
    # a join through the registry column: history rows per review title
    joined = con.execute(
        f"""SELECT count(*) FROM read_parquet('{exported}/*/history.parquet') h
        JOIN read_parquet('{exported}/*/reviews.parquet') r
          ON h.registry = r.registry AND h.review = r.id"""
    ).fetchone()
    assert joined is not None
    assert joined[0] == 2 * sum(len(rec.history) for rec in kaz.recommendations.values())


def test_polars_and_pyarrow_read_all_as_one(exported: Path) -> None:
    kaz = followup.load(KAZ)
    for table in NAMES:
        files = _files(exported, table)
        scanned = pl.scan_parquet(str(exported / "*" / f"{table}.parquet")).collect()
        concatenated = pl.concat([pl.read_parquet(f) for f in files])
        dataset = ds.dataset(files).to_table()
        assert scanned.height == concatenated.height == dataset.num_rows
    frame = pl.scan_parquet(str(exported / "*" / "recommendations.parquet")).collect()
    assert frame.filter(pl.col("registry") == "second-copy").height == len(kaz)
    assert frame.schema["as_of"] == pl.Date


def test_values_match_the_registry(exported: Path) -> None:
    kaz = followup.load(KAZ)
    table = pq.read_table(exported / "kaz" / "recommendations.parquet").to_pylist()
    by_id = {row["id"]: row for row in table}
    assert list(by_id) == list(kaz.recommendations)
    row = by_id["kaz-ccpr-2-death-penalty"]
    assert row["status"] == "implemented"
    assert row["status_date"] == dt.date(2025, 9, 3)
    assert row["score"] == 1.0
    assert row["as_of"] == dt.date(2025, 9, 30)
    levels = pq.read_table(exported / "kaz" / "levels.parquet").to_pylist()
    scale = kaz.scales["hrc-follow-up"]
    got = {r["level"]: r["score"] for r in levels if r["scale"] == "hrc-follow-up"}
    assert got == {lv.id: lv.score for lv in scale.levels}


QUARTERLY = """
WITH quarters AS (
    SELECT CAST(q + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) AS day
    FROM range(DATE '{start}', DATE '{end}', INTERVAL 3 MONTH) t(q)
), recs AS (
    SELECT r.registry, r.id, r.scale, q.day
    FROM read_parquet('{root}/*/recommendations.parquet') r CROSS JOIN quarters q
), assessments AS (  -- the last entry of a day is the one in force (history order)
    SELECT registry, recommendation, scale, date, score
    FROM read_parquet('{root}/*/history.parquet')
    WHERE kind = 'assessment'
    QUALIFY row_number() OVER (
        PARTITION BY registry, recommendation, scale, date ORDER BY seq DESC) = 1
)
SELECT recs.registry, recs.day, avg(a.score) AS score
FROM recs ASOF LEFT JOIN assessments a
  ON a.registry = recs.registry AND a.recommendation = recs.id
 AND a.scale = recs.scale AND a.date <= recs.day
GROUP BY ALL ORDER BY ALL
"""


def _quarter_scores(root: Path, start: str, end: str) -> dict[tuple[str, dt.date], Any]:
    query = QUARTERLY.format(root=root, start=start, end=end)
    return {(reg, day): value for reg, day, value in duckdb.connect().execute(query).fetchall()}


def test_asof_query_equals_score(exported: Path) -> None:
    """Quarter ends (the first day of the next quarter, less one) from 2010 to 2026."""
    got = _quarter_scores(exported, "2010-01-01", "2027-01-01")
    kaz = followup.load(KAZ)
    days = sorted({day for _reg, day in got})
    assert len(days) == 68
    seen = set()
    for day in days:
        expected = followup.score(kaz, as_of=day).overall.score
        seen.add(expected)
        for reg in ("kazakhstan", "second-copy"):
            value = got[(reg, day)]
            assert value == pytest.approx(expected) if expected is not None else value is None
    assert len(seen) >= 3  # the figures do change over those years


@given(registry=registries())
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_asof_query_equals_score_property(registry: Registry, tmp_path_factory: Any) -> None:
    root = tmp_path_factory.mktemp("prop")
    export_dataset(registry, root / "one", as_of=dt.date(2030, 1, 1), include_confidential=True)
    got = _quarter_scores(root, "1995-01-01", "2031-01-01")
    for (_reg, day), value in got.items():
        expected = followup.score(registry, as_of=day).overall.score
        assert value == pytest.approx(expected) if expected is not None else value is None


def test_confidential_left_out_unless_asked(tmp_path: Path) -> None:
    source = tmp_path / "secret.yaml"
    source.write_text(SECRET, encoding="utf-8")
    assert _run("export", str(source), "--format", "parquet", "-o", str(tmp_path / "pub"))[0] == 0
    recs = pq.read_table(tmp_path / "pub" / "recommendations.parquet").to_pylist()
    history = pq.read_table(tmp_path / "pub" / "history.parquet").to_pylist()
    assert [r["id"] for r in recs] == ["rec-open"]
    assert [h["by"] for h in history] == ["NGO-A"]
    argv = ("--format", "parquet", "--include-confidential", "-o", str(tmp_path / "all"))
    assert _run("export", str(source), *argv)[0] == 0
    assert pq.read_table(tmp_path / "all" / "recommendations.parquet").num_rows == 2


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, text = _run(*argv)
    assert code != 0
    return text + capsys.readouterr().err


def test_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ("export", str(KAZ), "--format", "parquet", "--history", "-o", str(tmp_path))
    assert "--history" in _refused(capsys, *argv)
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    assert "not a directory" in _refused(
        capsys, "export", str(KAZ), "--format", "parquet", "-o", str(afile)
    )
    assert "no directory" in _refused(
        capsys, "export", str(KAZ), "--format", "parquet", "-o", str(tmp_path / "no" / "d")
    )
    # a link in place of one of the files is refused before anything is written
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    (out / "themes.parquet").symlink_to(victim)
    assert "symbolic link" in _refused(
        capsys, "export", str(KAZ), "--format", "parquet", "-o", str(out)
    )
    assert victim.read_text(encoding="utf-8") == "keep"
    assert not (out / "recommendations.parquet").exists()


def test_published_schema_is_current() -> None:
    published = (ROOT / "docs" / "export-schema.md").read_text(encoding="utf-8")
    assert published == schema_markdown(), (
        "docs/export-schema.md is out of date: run "
        "`python -m followup.interop.tables > docs/export-schema.md`"
    )
