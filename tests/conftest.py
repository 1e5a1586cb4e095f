"""Shared fixtures: the repository root and the Kazakhstan registry."""

from __future__ import annotations

import datetime as dt
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
