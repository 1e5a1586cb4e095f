"""Shared fixtures: the repository root and the Kazakhstan registry."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

import followup

ROOT = Path(__file__).resolve().parent.parent
KAZAKHSTAN = ROOT / "registries" / "kazakhstan"
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="session")
def kazakhstan() -> followup.Registry:
    return followup.load(KAZAKHSTAN)


def require_tool(command: str, package: str) -> str:
    """The path of ``command``; skips the test when it is missing (CI sets
    FOLLOWUP_REQUIRE_TOOLS=1 so that a missing tool fails instead of skipping)."""
    import os
    import shutil

    found = shutil.which(command)
    if found:
        return found
    hint = f"{command} is not installed: apt-get install {package} (Debian) to run this test"
    if os.environ.get("FOLLOWUP_REQUIRE_TOOLS") == "1":
        pytest.fail(hint)
    pytest.skip(hint)


def pytest_configure(config: pytest.Config) -> None:
    """Loads in the tests keep their cache in a directory of their own, not the user's."""
    import os
    import tempfile

    if "FOLLOWUP_CACHE_DIR" not in os.environ:
        os.environ["FOLLOWUP_CACHE_DIR"] = tempfile.mkdtemp(prefix="followup-test-cache-")


def undeclare_judges(root: Path) -> None:
    """Make a copy of a registry an older one, whose ``by:`` is free text: its manifest's
    ``judges:`` block is removed (``by:`` then loads with a notice, not an error)."""
    manifest = root / "registry.yaml"
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("judges:"))
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "#", "\n")),
        len(lines),
    )
    manifest.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


def run(*argv: str) -> tuple[int, str]:
    """Run the command line in this process: its exit code and what it printed."""
    from followup.cli import main

    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def fails(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run a command that must fail with a message (exit 1, no traceback); its stderr."""
    code, _ = run(*argv)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err
    return err
