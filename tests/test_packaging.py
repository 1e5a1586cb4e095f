"""Packaging promises: a light import, a typed package, a working console script."""

from __future__ import annotations

import subprocess
import sys

import followup

from .conftest import ROOT


def test_import_does_not_load_matplotlib_or_hypothesis() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import followup"],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines()}
    assert "followup" in imported
    assert not {m for m in imported if m.split(".")[0] in {"matplotlib", "hypothesis"}}


def test_public_api_is_declared() -> None:
    for name in followup.__all__:
        assert hasattr(followup, name), name
    assert (ROOT / "followup" / "py.typed").exists()


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "followup", "--version"], capture_output=True, text=True, check=True
    )
    assert followup.__version__ in result.stdout


def test_c_loader_is_installed() -> None:
    from followup.registry.yamlio import c_loader_available

    assert c_loader_available()
