"""The Frictionless data package beside the CSV and Parquet datasets."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import followup
from followup.errors import FollowupError
from followup.interop.datapackage import (
    CSV_ENCODING,
    DESCRIPTOR,
    export_csv_dataset,
    write_datapackage,
)
from followup.interop.export import export_dataset
from followup.interop.tables import FORMAT_VERSION, TABLES, Table
from followup.model.registry import Registry

frictionless = pytest.importorskip("frictionless")

ROOT = Path(__file__).resolve().parent.parent
KAZ = ROOT / "registries" / "kazakhstan"
AS_OF = dt.date(2025, 9, 30)
CREATED = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
TYPES = {
    "string": "string",
    "enum": "string",
    "date": "date",
    "bool": "boolean",
    "int": "integer",
    "float": "number",
}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return followup.load(KAZ)


@pytest.fixture(scope="module")
def csv_dataset(registry: Registry, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("csv") / "dataset"
    paths = export_csv_dataset(registry, folder, as_of=AS_OF, created=CREATED)
    assert [p.name for p in paths] == [f"{t.name}.csv" for t in TABLES] + [DESCRIPTOR]
    return folder


def _descriptor(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / DESCRIPTOR).read_text("utf-8"))
    return data


def _errors(folder: Path) -> list[tuple[str, str, str]]:
    """(resource, error type, note) of every error frictionless finds in the package."""
    report = frictionless.validate(str(folder / DESCRIPTOR))
    return [
        (task.name, str(error.type), str(error.note))
        for task in report.tasks
        for error in task.errors
    ]


def test_csv_package_validates(csv_dataset: Path) -> None:
    report = frictionless.validate(str(csv_dataset / DESCRIPTOR))
    assert report.valid, report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(TABLES)
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    kaz = followup.load(KAZ)
    assert rows["recommendations"] == len(kaz.recommendations)
    assert rows["reviews"] == len(kaz.reviews)


def _copy(csv_dataset: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(csv_dataset, target)
    return target


def _edit(path: Path, column: str, value: str, row: int = 0) -> None:
    """Set ``column`` of data row ``row`` of a dataset's CSV file to ``value``."""
    with path.open(encoding=CSV_ENCODING, newline="") as handle:
        table = list(csv.reader(handle))
    table[row + 1][table[0].index(column)] = value
    with path.open("w", encoding=CSV_ENCODING, newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(table)


def test_foreign_key_pointing_nowhere_is_invalid(csv_dataset: Path, tmp_path: Path) -> None:
    folder = _copy(csv_dataset, tmp_path)
    _edit(folder / "recommendations.csv", "review", "no-such-review")
    ((table, kind, note),) = _errors(folder)
    assert (table, kind) == ("recommendations", "foreign-key")
    assert "no-such-review" in note


def test_history_of_unknown_recommendation_is_invalid(csv_dataset: Path, tmp_path: Path) -> None:
    folder = _copy(csv_dataset, tmp_path)
    _edit(folder / "history.csv", "recommendation", "no-such-recommendation")
    ((table, kind, note),) = _errors(folder)
    assert (table, kind) == ("history", "foreign-key")
    assert "no-such-recommendation" in note


def test_bad_date_is_invalid(csv_dataset: Path, tmp_path: Path) -> None:
    folder = _copy(csv_dataset, tmp_path)
    _edit(folder / "reviews.csv", "date", "2025-02-30")
    ((table, kind, note),) = _errors(folder)
    assert (table, kind, note) == ("reviews", "type-error", 'type is "date/default"')


def test_partial_date_is_invalid(csv_dataset: Path, tmp_path: Path) -> None:
    folder = _copy(csv_dataset, tmp_path)
    _edit(folder / "reviews.csv", "date", "2025-05")
    ((table, kind, note),) = _errors(folder)
    assert (table, kind, note) == ("reviews", "type-error", 'type is "date/default"')


def test_missing_required_cell_and_repeated_key_are_invalid(
    csv_dataset: Path, tmp_path: Path
) -> None:
    folder = _copy(csv_dataset, tmp_path)
    _edit(folder / "levels.csv", "label", "")
    with (folder / "themes.csv").open(encoding=CSV_ENCODING, newline="") as handle:
        lines = handle.read().split("\r\n")
    (folder / "themes.csv").write_text("\r\n".join([*lines[:2], *lines[1:]]), CSV_ENCODING)
    found = {(table, kind) for table, kind, _note in _errors(folder)}
    assert found == {("levels", "constraint-error"), ("themes", "primary-key")}


def test_partial_dates_are_their_last_day(csv_dataset: Path) -> None:
    with (csv_dataset / "reviews.csv").open(encoding=CSV_ENCODING, newline="") as handle:
        dates = {row["id"]: row["date"] for row in csv.DictReader(handle)}
    assert dates["kaz-iphr-2025"] == "2025-05-31"  # dated 2025-05 in the registry


def _check_schema(resource: dict[str, Any], item: Table, format: str) -> None:
    schema = resource["schema"]
    assert [f["name"] for f in schema["fields"]] == list(item.names)
    assert schema["primaryKey"] == list(item.primary_key)
    assert schema["missingValues"] == [""]
    for field, column in zip(schema["fields"], item.columns, strict=True):
        assert field["description"].startswith(column.description)
        required = field.get("constraints", {}).get("required", False)
        if column.kind == "list":
            if format == "csv":
                assert (field["type"], field["delimiter"], field["itemType"]) == (
                    "list",
                    "; ",
                    "string",
                )
                assert not required  # an empty list is an empty cell
            else:
                assert field["type"] == "array"
                assert required == (not column.nullable)
        else:
            assert field["type"] == TYPES[column.kind]
            assert required == (not column.nullable)
    keys = [
        (tuple(k["fields"]), k["reference"]["resource"], tuple(k["reference"]["fields"]))
        for k in schema.get("foreignKeys", [])
    ]
    expected = [
        (fk.columns, fk.table, fk.references)
        for fk in item.foreign_keys
        if fk.columns != ("registry", "scale", "status")  # partly empty: left out
    ]
    assert keys == expected


def _check_package(descriptor: dict[str, Any], registry: Registry, format: str) -> None:
    assert descriptor["name"] == "kazakhstan"
    assert descriptor["title"] == registry.info.title.pick("en")
    assert descriptor["version"] == registry.info.version == "2025.1"
    assert descriptor["licenses"] == [{"name": "CC-BY-4.0"}]
    assert descriptor["created"] == "2026-01-02T03:04:05Z"
    assert descriptor["followup"] == {
        "version": followup.__version__,
        "export_format": FORMAT_VERSION,
        "as_of": "2025-09-30",
        "registry": "kazakhstan",
    }
    resources = descriptor["resources"]
    assert [r["name"] for r in resources] == [t.name for t in TABLES]
    for resource, item in zip(resources, TABLES, strict=True):
        assert resource["path"] == f"{item.name}.{format}"
        assert resource["format"] == format
        assert resource["description"] == item.description
        assert (resource.get("encoding") == CSV_ENCODING) == (format == "csv")
        _check_schema(resource, item, format)
    assert not frictionless.Package.validate_descriptor(descriptor).errors


def test_csv_descriptor_follows_the_tables(csv_dataset: Path, registry: Registry) -> None:
    _check_package(_descriptor(csv_dataset), registry, "csv")
    foreign = _descriptor(csv_dataset)["resources"][0]["schema"]["foreignKeys"]
    assert foreign == [
        {
            "fields": ["registry", "review"],
            "reference": {"resource": "reviews", "fields": ["registry", "id"]},
        }
    ]


def test_parquet_package(registry: Registry, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    folder = tmp_path / "parquet"
    export_dataset(registry, folder, as_of=AS_OF)
    path = write_datapackage(registry, folder, "parquet", as_of=AS_OF, created=CREATED)
    assert path == folder / DESCRIPTOR
    descriptor = _descriptor(folder)
    _check_package(descriptor, registry, "parquet")
    types = {"string": "string", "bool": "boolean", "int32": "integer", "double": "number"}
    for resource in descriptor["resources"]:
        schema = pq.read_schema(folder / resource["path"])
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == schema.names
        for spec, arrow in zip(fields, schema, strict=True):
            if pa.types.is_list(arrow.type):
                expected = "array"
            elif pa.types.is_dictionary(arrow.type):
                expected = "string"
            elif pa.types.is_date32(arrow.type):
                expected = "date"
            else:
                expected = types[str(arrow.type)]
            assert spec["type"] == expected, spec["name"]
            assert spec.get("constraints", {}).get("required", False) == (not arrow.nullable)


def test_confidential_left_out(tmp_path: Path) -> None:
    source = tmp_path / "secret.yaml"
    source.write_text(
        "followup: 1\nid: secret-test\ntitle: Secret\nversion: '1'\nstates: [KAZ]\n"
        "reviews:\n  - id: kaz-ccpr-2016\n    mechanism: CCPR\n    state: KAZ\n"
        "    title: Committee\n    date: 2016-07-11\n    recommendations:\n"
        "      - id: rec-open\n        text: Open.\n        source: {document: X/1}\n"
        "      - id: rec-secret\n        text: Hidden.\n        source: {document: X/1}\n"
        "        confidential: true\n",
        "utf-8",
    )
    secret = followup.load(source)
    export_csv_dataset(secret, tmp_path / "public", as_of=AS_OF)
    text = (tmp_path / "public" / "recommendations.csv").read_text(CSV_ENCODING)
    assert "rec-open" in text and "rec-secret" not in text
    descriptor = _descriptor(tmp_path / "public")
    assert "licenses" not in descriptor  # the manifest names no licence
    assert frictionless.validate(str(tmp_path / "public" / DESCRIPTOR)).valid
    export_csv_dataset(secret, tmp_path / "all", as_of=AS_OF, include_confidential=True)
    assert "rec-secret" in (tmp_path / "all" / "recommendations.csv").read_text(CSV_ENCODING)


def test_refusals_write_nothing(registry: Registry, tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x", "utf-8")
    with pytest.raises(FollowupError, match="not a directory"):
        export_csv_dataset(registry, a_file, as_of=AS_OF)
    with pytest.raises(FollowupError, match="no directory"):
        export_csv_dataset(registry, tmp_path / "missing" / "dataset", as_of=AS_OF)
    folder = tmp_path / "dataset"
    folder.mkdir()
    (folder / DESCRIPTOR).symlink_to(a_file)
    with pytest.raises(FollowupError, match="symbolic link"):
        export_csv_dataset(registry, folder, as_of=AS_OF)
    assert sorted(p.name for p in folder.iterdir()) == [DESCRIPTOR]  # no CSV written
    assert a_file.read_text("utf-8") == "x"


def test_without_byte_order_mark(registry: Registry, tmp_path: Path) -> None:
    export_csv_dataset(registry, tmp_path / "plain", as_of=AS_OF, bom=False)
    assert (tmp_path / "plain" / "themes.csv").read_bytes().startswith(b"registry,")
    descriptor = _descriptor(tmp_path / "plain")
    assert {r["encoding"] for r in descriptor["resources"]} == {"utf-8"}
    assert frictionless.validate(str(tmp_path / "plain" / DESCRIPTOR)).valid
    with_mark = export_csv_dataset(registry, tmp_path / "mark", as_of=AS_OF)
    assert with_mark[0].read_bytes().startswith("\ufeffregistry,".encode())


def test_cli_writes_the_csv_and_parquet_packages(tmp_path: Path) -> None:
    """`followup export --format csv -o DIR/` writes the CSV dataset and its package
    (which frictionless accepts); the Parquet dataset directory gets its package too."""
    import io

    import frictionless

    from followup.cli import main

    out = io.StringIO()
    folder = tmp_path / "kaz-csv"
    assert main(["export", str(KAZ), "--format", "csv", "-o", f"{folder}/"], out) == 0
    assert "datapackage.json" in out.getvalue()
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([*(f"{t.name}.csv" for t in TABLES), "datapackage.json"])
    assert frictionless.validate(str(folder / "datapackage.json")).valid
    assert main(["export", str(KAZ), "--format", "csv", "--history", "-o", f"{folder}/"]) == 1
    parquet = tmp_path / "kaz-parquet"
    assert main(["export", str(KAZ), "--format", "parquet", "-o", str(parquet)]) == 0
    descriptor = json.loads((parquet / "datapackage.json").read_text(encoding="utf-8"))
    assert sorted(r["path"] for r in descriptor["resources"]) == sorted(
        f"{t.name}.parquet" for t in TABLES
    )
