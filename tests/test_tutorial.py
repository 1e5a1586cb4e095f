"""docs/tutorial.md runs as written: its ``sh`` blocks, one command a line, from an empty
folder to a scorecard, so the page and the commands cannot drift apart."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import pytest

from followup.cli import main

from .conftest import ROOT

TUTORIAL = ROOT / "docs" / "tutorial.md"
_SH = re.compile(r"```sh\n(.*?)```", re.DOTALL)
RECS = ["kgz-ccpr-3-example-1", "kgz-ccpr-3-example-2", "kgz-ccpr-3-example-3"]


def commands(text: str) -> list[list[str]]:
    """The commands of the page's ``sh`` blocks (lines ending in ``\\`` continued)."""
    found = []
    for block in _SH.findall(text):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                found.append(shlex.split(line))
    return found


def test_the_page_has_the_steps() -> None:
    run = [argv[1] for argv in commands(TUTORIAL.read_text(encoding="utf-8"))]
    assert run[0] == "init" and run[1] == "add-review"
    assert run.count("add-recommendation") == 3 and run.count("assess") == 3
    assert run[-2:] == ["validate", "scorecard"]


def test_tutorial_runs_from_an_empty_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("matplotlib")
    monkeypatch.chdir(tmp_path)
    said = {}
    for argv in commands(TUTORIAL.read_text(encoding="utf-8")):
        assert argv[0] == "followup", argv
        out = io.StringIO()
        code = main(argv[1:], out=out)
        assert code == 0, (argv, out.getvalue())
        said[" ".join(argv[1:3])] = out.getvalue()
    listed = said["info kyrgyzstan"]  # the last `info --ids`: every one assessed
    for rec in RECS:
        assert rec in listed
    assert "partially-implemented, on 2025-06 by compilers" in listed
    assert "not assessed" not in listed
    assert "0 errors, 0 warnings" in said["validate kyrgyzstan"]
    cards = tmp_path / "scorecards"
    html = cards / "kyrgyzstan-2025-Q2-en.html"
    markdown = cards / "kyrgyzstan-2025-Q2-en.md"
    assert html.is_file() and markdown.is_file()
    for page in (html, markdown):
        text = page.read_text(encoding="utf-8")
        for rec in RECS:
            assert rec in text, (page.name, rec)
    assert "Partially implemented" in markdown.read_text(encoding="utf-8")
