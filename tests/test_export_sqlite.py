"""followup export --format sqlite: the export's tables with keys, indexes and full-text
search, opened as Datasette opens it (through sqlite-utils)."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest

import followup
from followup.cli import main
from followup.interop.tables import TABLES

sqlite_utils = pytest.importorskip("sqlite_utils")

KAZ = Path(__file__).resolve().parent.parent / "registries" / "kazakhstan"

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
        text: An open recommendation on torture.
        source: {document: CCPR/C/KAZ/CO/2}
      - id: rec-secret
        text: A confidential recommendation on torture.
        source: {document: CCPR/C/KAZ/CO/2}
        confidential: true
"""


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("sqlite") / "kaz.db"
    code, text = _run(
        "export", str(KAZ), "--format", "sqlite", "--as-of", "2025-09-30", "-o", str(target)
    )
    assert code == 0, text
    return target


def test_tables_rows_and_keys(database: Path) -> None:
    kaz = followup.load(KAZ)
    db = sqlite_utils.Database(database)
    for item in TABLES:
        assert db[item.name].exists()
        assert tuple(db[item.name].columns_dict) == item.names
        assert tuple(db[item.name].pks) == tuple(c for c in item.primary_key if c != "registry")
    assert db["recommendations"].count == len(kaz)
    assert db["history"].count == sum(len(r.history) for r in kaz.recommendations.values())
    assert db["reviews"].count == len(kaz.reviews)
    assert db["themes"].count == len(kaz.info.themes)
    fks = {(fk.column, fk.other_table, fk.other_column) for fk in db["history"].foreign_keys}
    assert ("recommendation", "recommendations", "id") in fks
    links = {(fk.column, fk.other_table) for fk in db["recommendations"].foreign_keys}
    assert ("review", "reviews") in links
    with sqlite3.connect(database) as con:
        pairs = con.execute("PRAGMA foreign_key_list(recommendations)").fetchall()
    assert {(p[2], p[3], p[4]) for p in pairs if p[2] == "levels"} == {
        ("levels", "scale", "scale"),
        ("levels", "status", "level"),
    }
    indexed = {tuple(index.columns) for index in db["recommendations"].indexes}
    assert ("review",) in indexed and ("status",) in indexed
    with sqlite3.connect(database) as con:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        meta = dict(con.execute("SELECT key, value FROM _followup").fetchall())
    assert meta["as_of"] == "2025-09-30"
    assert meta["registry"] == "kazakhstan"


def test_values(database: Path) -> None:
    db = sqlite_utils.Database(database)
    row = db["recommendations"].get("kaz-ccpr-2-death-penalty")
    assert row["status"] == "implemented"
    assert row["status_date"] == "2025-09-03"
    assert row["score"] == 1.0
    assert isinstance(json.loads(row["themes"]), list)
    assert row["follow_up"] in (0, 1)


def test_full_text_search(database: Path) -> None:
    db = sqlite_utils.Database(database)
    assert db["recommendations"].detect_fts() == "recommendations_fts"
    found = [row["id"] for row in db["recommendations"].search("torture")]
    assert "kaz-ccpr-2-torture" in found
    for rec_id in found:
        assert "tortur" in db["recommendations"].get(rec_id)["text"].lower()
    assert list(db["recommendations"].search("nosuchwordanywhere")) == []


def test_confidential_left_out(tmp_path: Path) -> None:
    source = tmp_path / "secret.yaml"
    source.write_text(SECRET, encoding="utf-8")
    assert _run("export", str(source), "--format", "sqlite", "-o", str(tmp_path / "p.db"))[0] == 0
    db = sqlite_utils.Database(tmp_path / "p.db")
    assert [r["id"] for r in db["recommendations"].search("torture")] == ["rec-open"]
    argv = ("--format", "sqlite", "--include-confidential", "-o", str(tmp_path / "a.db"))
    assert _run("export", str(source), *argv)[0] == 0
    assert sqlite_utils.Database(tmp_path / "a.db")["recommendations"].count == 2


def test_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("export", str(KAZ), "--format", "sqlite", "-o", "-")[0] != 0
    assert "binary" in capsys.readouterr().err
    victim = tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    (tmp_path / "link.db").symlink_to(victim)
    assert _run("export", str(KAZ), "--format", "sqlite", "-o", str(tmp_path / "link.db"))[0] != 0
    assert "symbolic link" in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "keep"


def test_datasette_answers_a_full_text_query(tmp_path: Path) -> None:
    """The database as Datasette publishes it: its full-text search finds the
    recommendations on torture, and only those."""
    import asyncio

    from datasette.app import Datasette  # type: ignore[import-untyped]

    from followup.interop.export import export

    registry = followup.load(Path(__file__).resolve().parents[1] / "registries" / "kazakhstan")
    database = tmp_path / "kaz.db"
    database.write_bytes(export(registry, "sqlite"))

    async def search(term: str) -> tuple[int, list[dict[str, object]]]:
        app = Datasette(files=[str(database)])
        response = await app.client.get(f"/kaz/recommendations.json?_search={term}&_shape=array")
        return response.status_code, response.json()

    status, rows = asyncio.run(search("torture"))
    assert status == 200 and rows
    wanted = {
        rec.id
        for rec in registry.recommendations.values()
        if "torture" in " ".join(text for _, text in rec.text.items).lower()
    }
    assert {row["id"] for row in rows} >= wanted
    assert asyncio.run(search("zzzznotaword"))[1] == []


def test_a_failed_database_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database is built in a temporary file beside the target: a failure half way
    leaves the old file as it was and nothing else."""
    from followup.interop import _sqlite

    registry = followup.load(Path(__file__).resolve().parents[1] / "registries" / "kazakhstan")
    target = tmp_path / "kaz.db"
    target.write_bytes(b"old")

    def fail(*_args: object) -> None:
        raise MemoryError

    monkeypatch.setattr(_sqlite, "_full_text", fail)
    with pytest.raises(MemoryError):
        _sqlite.write_sqlite(registry, target, dt.date(2025, 9, 30))
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kaz.db"]
