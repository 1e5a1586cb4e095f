"""The JSON Schema of registry files (followup.interop.schema).

Files are read to plain data the way the loader reads them (``yamlio.decode`` then
``yamlio.parse``). YAML has dates, JSON has none: a date becomes its ISO text (a
date-time its ISO date-time, which the schema's date pattern refuses, as the loader
does), which is what an editor's YAML language server sees too. The validator checks
``format: date`` (jsonschema's own checker, ``datetime.date.fromisoformat``).

Regenerate the committed copies with ``followup schema -o docs/registry.schema.json``
and ``followup schema -o followup/interop/registry-1.schema.json``, or run this module
with ``FOLLOWUP_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import datetime as dt
import inspect
import io
import json
import os
import re
import typing
from pathlib import Path
from typing import Any

import attrs
import jsonschema  # type: ignore[import-untyped,unused-ignore]
import pytest
from hypothesis import HealthCheck, given, settings

import followup
from followup.cli import main
from followup.interop import schema as sch
from followup.registry import convert, yamlio
from followup.registry.dump import dump_files, to_plain
from followup.testing import registries

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
COPIES = (ROOT / "docs" / "registry.schema.json", sch.PACKAGED)
UPDATE = os.environ.get("FOLLOWUP_UPDATE_GOLDEN") == "1"

SCHEMA = sch.schema()
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def as_json(data: Any) -> Any:
    """Plain YAML data as JSON would hold it (dates as ISO text)."""
    if isinstance(data, dict):
        return {key: as_json(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [as_json(item) for item in data]
    if isinstance(data, dt.date):  # dt.datetime too: "2025-01-01T10:00:00"
        return data.isoformat()
    return data


def read(path: Path) -> Any:
    return as_json(yamlio.parse(yamlio.decode(path.read_bytes())))


def errors(data: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(data)]


def registry_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return [root / "registry.yaml", *sorted((root / "reviews").glob("*.yaml"))]


# -- the schema itself ----------------------------------------------------------------------
def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == "https://followup.example/schema/registry-1.json"


@pytest.mark.parametrize("path", COPIES, ids=lambda p: p.name)
def test_committed_copies_equal_a_fresh_generation(path: Path) -> None:
    fresh = sch.schema_text()
    if UPDATE:
        path.write_text(fresh, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == fresh, (
        f"{path} is stale: run `followup schema -o {path}` or FOLLOWUP_UPDATE_GOLDEN=1 pytest"
    )


def test_every_object_forbids_unknown_keys() -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, node.get("title")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(SCHEMA)


def test_every_field_has_a_description() -> None:
    for cls in sch.CLASSES:
        names = {a.name for a in attrs.fields(cls)} - sch.HIDDEN_FIELDS.get(cls, frozenset())
        assert set(sch.DESCRIPTIONS[cls.__name__]) == names, cls.__name__
    assert set(sch.DESCRIPTIONS) == {cls.__name__ for cls in sch.CLASSES}
    for name in ("manifestFile", "reviewFile", "singleFile", *[c.__name__ for c in sch.CLASSES]):
        if name == "RegistryInfo":
            continue
        for key, prop in SCHEMA["$defs"][name]["properties"].items():
            assert prop.get("description"), f"{name}.{key}"


def _converter_hook_types() -> set[object]:
    """Every type (or hook factory) the converter registers a structure hook of its own for."""
    dispatch = convert.converter._structure_func
    found: set[object] = set()
    for typ, hook in dispatch._single_dispatch.registry.items():
        if getattr(hook, "__module__", None) == convert.__name__:
            found.add(typ)
    found.update(dispatch._direct_dispatch)
    found.update(convert.converter._union_struct_registry)
    for predicate, _hook, _is_factory, _takes_self in dispatch._function_dispatch._handler_pairs:
        if getattr(predicate, "__module__", None) == convert.__name__:
            found.add(predicate.__name__)
    return found


def test_the_generator_knows_every_converter_hook() -> None:
    hooked = _converter_hook_types()
    assert {str, dt.date, "_is_variadic_tuple"} <= hooked  # the inspection works
    unknown = [t for t in hooked if t not in sch.TYPE_HOOKS]
    assert not unknown, f"converter hooks without a schema counterpart: {unknown}"
    # hooks chosen by field name inside the class hooks
    names = set(re.findall(r'attribute\.name == "(\w+)"', inspect.getsource(convert._class_hook)))
    assert names == set(sch.FIELD_HOOKS)


def test_the_generator_knows_every_field_validator() -> None:
    for cls in sch.CLASSES:
        for attribute in attrs.fields(cls):
            name = sch.validator_name(attribute)
            assert name is None or name in sch.VALIDATORS, f"{cls.__name__}.{attribute.name}"


def test_every_field_type_has_a_schema() -> None:
    for cls in sch.CLASSES:
        for name, hint in typing.get_type_hints(cls).items():
            if name not in sch.FIELD_HOOKS:
                sch._type(sch._optional_inner(hint) or hint)


# -- files that must validate ---------------------------------------------------------------
BUNDLED = sorted(p for p in (ROOT / "registries").iterdir() if p.is_dir())
GOLDEN = ROOT / "tests" / "golden" / "registry"
GOOD_FILES = [
    f
    for root in [*BUNDLED, GOLDEN, CORPUS / "ok-directory", CORPUS / "utf8-bom"]
    for f in registry_files(root)
] + [CORPUS / "ok-single-file.yaml"]


@pytest.mark.parametrize("path", GOOD_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_registry_files_validate(path: Path) -> None:
    assert errors(read(path)) == []


def test_the_modeline_points_at_the_schema() -> None:
    for root in BUNDLED:
        for path in registry_files(root):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
            assert match, path
            assert (path.parent / match.group(1)).resolve() == COPIES[0], path


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries())
def test_generated_registries_validate(registry: followup.Registry) -> None:
    assert errors(as_json(to_plain(registry))) == []
    for name, text in dump_files(registry).items():
        assert errors(as_json(yamlio.parse(text))) == [], name


# -- files the validator rejects for their shape ----------------------------------------
#: Corpus entries the loader rejects for a reason the schema can see in one file.
SHAPE_CASES = [
    "assessment-missing-by",
    "confidential-unknown-field",
    "evidence-bad-url",
    "evidence-without-url-or-document",
    "format-version-2.yaml",
    "format-version-quoted.yaml",
    "history-date-time",
    "history-neither-response-nor-status",
    "history-quoted-impossible-date",
    "history-response-and-status",
    "language-tag.yaml",
    "list-given-as-string",
    "manifest-missing-title.yaml",
    "missing-format-version.yaml",
    "missing-required-field",
    "paragraph-float",
    "recommendation-not-a-mapping",
    "review-bad-id",
    "review-date-time",
    "review-document-bad-url",
    "review-format-version-2",
    "review-key-in-recommendation",
    "review-missing-date",
    "review-missing-format-version",
    "review-state-lower-case",
    "review-title-number",
    "review-unknown-field",
    "review-unknown-mechanism",
    "source-missing-document",
    "state-code-unknown.yaml",
    "unknown-field-typo",
    "version-not-string.yaml",
    "weight-zero",
]


@pytest.mark.parametrize("case", SHAPE_CASES)
def test_shape_errors_are_schema_errors(case: str) -> None:
    report = followup.validate(CORPUS / case)
    assert report.errors, case  # the loader refuses it ...
    rejected = [p.name for p in registry_files(CORPUS / case) if errors(read(p))]
    assert rejected, f"{case}: the schema accepts every file"  # ... and so does the schema


#: Corpus entries the schema cannot see: the file alone is valid, what is wrong lies
#: outside it (the layout) or in a difference JSON does not have (1.0 versus 1).
SCHEMA_BLIND = {
    "reviews-key-in-directory": "a manifest with reviews: is a valid single-file registry",
    "format-version-float.yaml": "followup: 1.0 -- JSON Schema's integer includes 1.0",
}


@pytest.mark.parametrize("case", sorted(SCHEMA_BLIND))
def test_known_blind_spots(case: str) -> None:
    assert followup.validate(CORPUS / case).errors
    assert not any(errors(read(p)) for p in registry_files(CORPUS / case)), SCHEMA_BLIND[case]


def test_a_review_file_is_not_a_manifest() -> None:
    review = read(CORPUS / "ok-directory" / "reviews" / "ccpr-2016.yaml")
    manifest = read(CORPUS / "ok-directory" / "registry.yaml")
    assert errors({**manifest, "mechanism": "CCPR"})
    assert errors({**review, "reviews": []})
    assert errors({**manifest, "reviews": [{**review, "followup": 1}]})  # not in a list


# -- the command --------------------------------------------------------------------------------
def test_cli_prints_the_schema() -> None:
    out = io.StringIO()
    assert main(["schema"], out) == 0
    assert json.loads(out.getvalue()) == json.loads(json.dumps(SCHEMA))


def test_cli_writes_the_schema(tmp_path: Path) -> None:
    target = tmp_path / "registry.schema.json"
    assert main(["schema", "-o", str(target)], io.StringIO()) == 0
    assert target.read_text(encoding="utf-8") == sch.schema_text()
