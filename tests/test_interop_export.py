"""followup export and Registry.to_frame: CSV, JSON, Parquet, history rows, confidentiality."""

from __future__ import annotations

import builtins
import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import followup
from followup.cli import main
from followup.errors import FollowupError, RegistryError
from followup.interop.export import (
    HISTORY_COLUMNS,
    RECOMMENDATION_COLUMNS,
    registry_from_json,
    rows,
    to_json,
)
from followup.model.registry import Registry
from followup.testing import registries

KAZ = Path(__file__).resolve().parent.parent / "registries" / "kazakhstan"
AS_OF = "2025-09-30"

CONFIDENTIAL = """\
followup: 1
id: secret-test
title: Test registry with confidential data
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
          - date: 2020-01-01
            status: not-implemented
            by: NGO-A
            note: A public note.
          - date: 2021-01-01
            status: implemented
            by: NGO-B
            confidential: true
          - date: 2021-06-01
            response: supported
            note: Told us in private.
            confidential: [note]
      - id: rec-secret
        text: A confidential recommendation.
        source: {document: CCPR/C/KAZ/CO/2}
        confidential: true
"""


@pytest.fixture(scope="module")
def kaz() -> Registry:
    return followup.load(KAZ)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.yaml"
    path.write_text(CONFIDENTIAL, encoding="utf-8")
    return path


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_columns_and_values(kaz: Registry) -> None:
    code, text = _run("export", str(KAZ), "--format", "csv", "--as-of", AS_OF, "-o", "-")
    assert code == 0
    table = _csv(text)
    assert list(table[0]) == list(RECOMMENDATION_COLUMNS)
    assert len(table) == len(kaz.recommendations)
    by_id = {row["id"]: row for row in table}
    row = by_id["kaz-ccpr-2-death-penalty"]
    assert row["status"] == "implemented"
    assert row["status_date"] == "2025-09-03"
    assert row["review"] == "kaz-ccpr-2016"
    assert row["mechanism"] == "CCPR"
    assert row["state"] == "KAZ"
    rec = kaz.recommendations["kaz-ccpr-2-death-penalty"]
    assert row["themes"] == "; ".join(rec.themes)
    assert row["text"] == rec.text.pick("en")
    assert row["follow_up"] in ("true", "false")


def test_as_of_changes_status(kaz: Registry) -> None:
    early = {r["id"]: r for r in rows(kaz, as_of=dt.date(2025, 9, 2))}
    late = {r["id"]: r for r in rows(kaz, as_of=dt.date(2025, 9, 30))}
    assert late["kaz-ccpr-2-death-penalty"]["status_date"] == dt.date(2025, 9, 3)
    assert early["kaz-ccpr-2-death-penalty"]["status_date"] != dt.date(2025, 9, 3)


def test_history_rows_one_per_entry(kaz: Registry) -> None:
    code, text = _run("export", str(KAZ), "--format", "csv", "--history", "-o", "-")
    assert code == 0
    table = _csv(text)
    assert list(table[0]) == list(HISTORY_COLUMNS)
    assert len(table) == sum(len(r.history) for r in kaz.recommendations.values())
    assert {row["kind"] for row in table} <= {"response", "assessment"}
    for row in table:
        assert (row["kind"] == "assessment") == bool(row["status"])
        assert (row["kind"] == "response") == bool(row["position"])


def test_confidential_left_out_unless_asked(secret: Path) -> None:
    registry = followup.load(secret)
    public = rows(registry, as_of=dt.date(2025, 1, 1))
    assert [r["id"] for r in public] == ["rec-open"]
    assert public[0]["status"] == "not-implemented"  # the confidential assessment is out
    full = rows(registry, as_of=dt.date(2025, 1, 1), include_confidential=True)
    assert [r["id"] for r in full] == ["rec-open", "rec-secret"]
    assert full[0]["status"] == "implemented"
    history = rows(registry, history=True)
    assert len(history) == 2
    assert [h["note"] for h in history] == ["A public note.", None]
    code, text = _run("export", str(secret), "--format", "json", "-o", "-")
    assert code == 0
    assert "rec-secret" not in text and "private" not in text
    code, text = _run(
        "export", str(secret), "--format", "json", "--include-confidential", "-o", "-"
    )
    assert "rec-secret" in text and "private" in text
    code, text = _run("export", str(secret), "--format", "csv", "--history", "-o", "-")
    assert "NGO-B" not in text and "private" not in text


def test_parquet_same_rows(kaz: Registry, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    target = tmp_path / "out.parquet"
    code, _ = _run("export", str(KAZ), "--format", "parquet", "--as-of", AS_OF, "-o", str(target))
    assert code == 0
    frame = pd.read_parquet(target)
    assert list(frame.columns) == list(RECOMMENDATION_COLUMNS)
    expected = rows(kaz, as_of=dt.date(2025, 9, 30))
    assert list(frame["id"]) == [r["id"] for r in expected]
    assert [list(v) for v in frame["themes"]] == [r["themes"] for r in expected]
    got = frame.set_index("id").loc["kaz-ccpr-2-death-penalty"]
    assert got["status"] == "implemented"
    assert got["status_date"] == dt.date(2025, 9, 3)


def test_parquet_to_stdout_refused() -> None:
    code, text = _run("export", str(KAZ), "--format", "parquet", "-o", "-")
    assert code != 0
    assert "Parquet is binary" in text or code == 1


def test_parquet_missing_extra(kaz: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def fake(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyarrow":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)
    from followup.interop.export import export

    with pytest.raises(FollowupError, match=r"followup\[parquet\]"):
        export(kaz, "parquet")


def test_json_file_and_round_trip(kaz: Registry, tmp_path: Path) -> None:
    target = tmp_path / "kaz.json"
    code, _ = _run(
        "export", str(KAZ), "--format", "json", "--include-confidential", "-o", str(target)
    )
    assert code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["id"] == "kazakhstan"
    assert registry_from_json(data) == kaz
    assert registry_from_json(target.read_text(encoding="utf-8")) == kaz


def test_json_refuses_history_flag() -> None:
    code, text = _run("export", str(KAZ), "--format", "json", "--history", "-o", "-")
    assert code != 0
    assert "Traceback" not in text


def test_registry_from_json_validates(kaz: Registry) -> None:
    data = json.loads(to_json(kaz))
    data["reviews"][0]["recommendations"][0]["themes"] = ["no-such-theme"]
    with pytest.raises(RegistryError, match="unknown-theme"):
        registry_from_json(data)
    with pytest.raises(FollowupError):
        registry_from_json("{not json")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries())
def test_json_round_trip_property(registry: Registry) -> None:
    text = to_json(registry, include_confidential=True)
    assert registry_from_json(json.loads(text)) == registry


def test_to_frame(kaz: Registry) -> None:
    pytest.importorskip("pandas")
    frame = kaz.to_frame(as_of=dt.date(2025, 9, 30))
    assert list(frame.columns) == list(RECOMMENDATION_COLUMNS)
    assert len(frame) == len(kaz)
    assert frame.set_index("id").loc["kaz-ccpr-2-death-penalty", "status"] == "implemented"
    history = kaz.to_frame(history=True)
    assert len(history) == sum(len(r.history) for r in kaz.recommendations.values())


def test_to_frame_without_pandas(kaz: Registry, monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def fake(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake)
    with pytest.raises(FollowupError, match=r"followup\[pandas\]"):
        kaz.to_frame()


def test_csv_file_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    code, _ = _run("export", str(KAZ), "--format", "csv", "-o", str(target))
    assert code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfid,review,")  # a BOM for spreadsheets
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_bad_registry_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    code, text = _run("export", str(tmp_path / "nowhere"), "--format", "csv", "-o", "-")
    assert code != 0
    assert "Traceback" not in text


def test_import_followup_stays_light() -> None:
    code = (
        "import sys, followup, followup.interop.export; "
        "print(any(m.split('.')[0] in ('pandas', 'pyarrow') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
