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
