"""Where the review cache lives, how it is turned off, and how it is pruned."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import platformdirs
import pytest

import followup
from followup.registry import cache as cache_module
from followup.registry.cache import (
    MAX_AGE_DAYS,
    PRUNE_EVERY,
    ReviewCache,
    default_directory,
    maybe_prune,
    open_cache,
    prune,
)

from .conftest import KAZAKHSTAN

DAY = 86400.0


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    target = tmp_path / "kazakhstan"
    shutil.copytree(KAZAKHSTAN, target)
    return target


@pytest.fixture
def platform_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No FOLLOWUP_CACHE_DIR; platformdirs answers a temporary directory."""
    where = tmp_path / "platform-cache" / "followup"

    def user_cache_dir(appname: str, appauthor: object = None, *_a: object, **_k: object) -> str:
        assert appname == "followup" and appauthor is False
        return str(where)

    monkeypatch.delenv("FOLLOWUP_CACHE_DIR", raising=False)
    monkeypatch.delenv("FOLLOWUP_NO_CACHE", raising=False)
    monkeypatch.setattr(platformdirs, "user_cache_dir", user_cache_dir)
    monkeypatch.setattr(cache_module, "_pruned_at", {})
    return where


def test_platform_directory_is_used(registry: Path, platform_cache: Path) -> None:
    assert default_directory() == platform_cache
    cold = followup.load(registry, cache=False)
    assert not platform_cache.exists()  # cache=False writes nothing
    assert followup.load(registry) == cold
    assert any((platform_cache / "entries").glob("*.bin"))
    assert ReviewCache().get(registry / "reviews" / "ccpr-2016.yaml") is not None


def test_environment_variable_wins(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "chosen"
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(chosen))
    assert default_directory() == chosen
    followup.load(registry)
    assert any((chosen / "entries").glob("*.bin"))


def test_no_cache_environment_writes_nothing(
    registry: Path, platform_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_NO_CACHE", "1")
    assert open_cache() is None
    followup.load(registry)
    assert not platform_cache.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG is Linux's convention")
def test_xdg_cache_home_on_linux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOLLOWUP_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_directory() == tmp_path / "xdg" / "followup"


# -- pruning --------------------------------------------------------------------------


def _entry(folder: Path, n: int, size: int, used: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{n:032x}.bin"
    path.write_bytes(b"x" * size)
    os.utime(path, (used, used))
    return path


def test_prune_by_age(tmp_path: Path) -> None:
    now = time.time()
    old = _entry(tmp_path / "entries", 1, 10, now - (MAX_AGE_DAYS + 1) * DAY)
    recent = _entry(tmp_path / "entries", 2, 10, now - DAY)
    old_fact = _entry(tmp_path / "facts", 3, 10, now - (MAX_AGE_DAYS + 5) * DAY)
    key = tmp_path / "key"
    key.write_bytes(b"k" * 32)
    os.utime(key, (0, 0))
    other = tmp_path / "entries" / "notes.txt"
    other.write_text("mine")
    os.utime(other, (0, 0))
    assert sorted(prune(tmp_path, now=now)) == sorted([old, old_fact])
    assert recent.exists() and key.exists() and other.exists()


def test_prune_by_size_keeps_the_most_recently_used(tmp_path: Path) -> None:
    now = time.time()
    paths = [_entry(tmp_path / "entries", n, 100, now - (10 - n) * 3600) for n in range(10)]
    removed = prune(tmp_path, max_bytes=350, now=now)
    assert sorted(removed) == sorted(paths[:7])  # the seven least recently used
    assert all(p.exists() for p in paths[7:])


def test_prune_spares_writes_in_progress_and_links(tmp_path: Path) -> None:
    now = time.time()
    entries = tmp_path / "entries"
    entry = _entry(entries, 1, 100, now)
    writing = entries / f".{1:032x}.bin.0a1b2c3d.tmp"  # another process is writing it
    writing.write_bytes(b"y" * 1000)
    stale = entries / f".{2:032x}.bin.deadbeef.tmp"  # a writer killed two days ago
    stale.write_bytes(b"z")
    os.utime(stale, (now - 2 * DAY, now - 2 * DAY))
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"keep")
    os.utime(outside, (0, 0))
    link = entries / f"{3:032x}.bin"
    link.symlink_to(outside)
    removed = prune(tmp_path, max_bytes=0, now=now)
    assert sorted(removed) == sorted([entry, stale])
    assert writing.exists() and outside.exists() and link.is_symlink()


def test_prune_runs_at_most_once_a_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "_pruned_at", {})
    now = time.time()
    assert not maybe_prune(tmp_path / "missing", now=now)  # no cache yet
    old = _entry(tmp_path / "entries", 1, 10, now - (MAX_AGE_DAYS + 1) * DAY)
    assert maybe_prune(tmp_path, now=now) and not old.exists()
    old = _entry(tmp_path / "entries", 2, 10, now - (MAX_AGE_DAYS + 1) * DAY)
    assert not maybe_prune(tmp_path, now=now + 60)  # this process, the same day
    monkeypatch.setattr(cache_module, "_pruned_at", {})  # another process, the same day
    assert not maybe_prune(tmp_path, now=now + 3600)
    assert old.exists()
    monkeypatch.setattr(cache_module, "_pruned_at", {})
    assert maybe_prune(tmp_path, now=now + PRUNE_EVERY + 1) and not old.exists()


def test_loads_prune_and_still_match_a_cold_load(registry: Path, platform_cache: Path) -> None:
    followup.load(registry)
    entries = list((platform_cache / "entries").glob("*.bin"))
    assert entries
    long_ago = time.time() - (MAX_AGE_DAYS + 2) * DAY
    for path in entries:
        os.utime(path, (long_ago, long_ago))
    (platform_cache / "pruned").touch()
    os.utime(platform_cache / "pruned", (long_ago, long_ago))
    cache_module._pruned_at.clear()
    warm = followup.load(registry)  # prunes the stale entries first, then writes them again
    assert warm == followup.load(registry, cache=False)
    assert all(p.stat().st_mtime > long_ago + DAY for p in entries)
