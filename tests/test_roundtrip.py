"""Any valid registry written to YAML and read back is equal to itself."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

import followup
from followup.model.registry import Registry
from followup.registry.dump import dump_files, dump_single
from followup.testing import registries

_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@given(registries())
def test_single_file_round_trip(tmp_path: Path, registry: Registry) -> None:
    path = tmp_path / "registry.yaml"
    path.write_text(dump_single(registry), encoding="utf-8")
    for fast in (True, False):
        assert followup.load(path, fast=fast) == registry


@_SETTINGS
@given(registries())
def test_directory_round_trip(tmp_path: Path, registry: Registry) -> None:
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    for name, text in dump_files(registry).items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    loaded = followup.load(root)
    assert loaded == registry
    report = followup.validate(root)
    assert not report.errors and not report.warnings
