"""Every Python example in the README and docs/, and every script in examples/, runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
_PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCKS = [
    pytest.param(block, id=f"{page.name}-{index}")
    for page in _PAGES
    for index, block in enumerate(_BLOCK.findall(page.read_text(encoding="utf-8")))
]


@pytest.mark.parametrize("code", _BLOCKS)
def test_doc_example_runs(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    exec(compile(code, "<doc>", "exec"), {"__name__": "__doc__"})


@pytest.mark.parametrize("script", sorted((ROOT / "examples").glob("*.py")), ids=lambda p: p.name)
def test_example_runs(script: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_deadlines_example_output() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "deadlines.py"), "--as-of", "2026-11-25"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert "kaz-ccpr-2016: follow-up due 2017-07-11 (due date unverified)" in result.stdout
    assert "kaz-ccpr-2-zhanaozen" in result.stdout
