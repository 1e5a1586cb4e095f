"""The warm-load cache: a cached load always equals a cold one, whatever happened to the
files or to the cache in between, and a cache entry is never trusted blindly."""

from __future__ import annotations

import os
import pickle
import random
import shutil
import stat
from pathlib import Path

import pytest

import followup
from followup.registry.cache import ReviewCache

from .conftest import KAZAKHSTAN


def _outcome(path: Path, cache: Path | bool) -> object:
    """The registry, or the error report's text, of a load."""
    try:
        return followup.load(path, cache=cache, today=None)
    except followup.RegistryError as exc:
        return exc.report.to_text()


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    target = tmp_path / "kazakhstan"
    shutil.copytree(KAZAKHSTAN, target)
    return target


def test_warm_load_equals_cold_and_hits(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = followup.load(registry, cache=False)
    first = followup.load(registry, cache=cache)
    store = ReviewCache(cache)
    files = sorted((registry / "reviews").glob("*.yaml"))
    assert all(store.get(f) is not None for f in files)
    assert followup.load(registry, cache=cache) == cold == first
    assert (cache / "key").stat().st_mode & 0o777 == 0o600
    assert not any(registry.rglob("*.bin"))  # nothing written inside the registry


def test_edited_file_is_read_again(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    followup.load(registry, cache=cache)
    review = registry / "reviews" / "ccpr-2016.yaml"
    text = review.read_text("utf-8")
    review.write_text(text.replace("Human Rights Committee", "Human  Rights  Committee", 1))
    warm = followup.load(registry, cache=cache)
    assert warm == followup.load(registry, cache=False)
    assert "Human  Rights  Committee" in str(warm.reviews["kaz-ccpr-2016"].title)


def test_same_size_same_mtime_other_content_is_caught(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    followup.load(registry, cache=cache)
    review = registry / "reviews" / "ccpr-2025.yaml"
    before = review.stat()
    text = review.read_text("utf-8")
    changed = text.replace("date: 2025-07-11", "date: 2025-07-12", 1)
    assert len(changed) == len(text) and changed != text
    review.write_text(changed)
    os.utime(review, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime
    warm = followup.load(registry, cache=cache)
    assert str(warm.reviews["kaz-ccpr-2025"].date) == "2025-07-12"


def test_truncated_file_gives_the_cold_errors(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    followup.load(registry, cache=cache)
    review = registry / "reviews" / "ngo-iphr-2025.yaml"
    data = review.read_bytes()
    review.write_bytes(data[: len(data) // 2] + b"\n  - [unclosed\n")
    assert _outcome(registry, cache) == _outcome(registry, False)
    assert isinstance(_outcome(registry, cache), str)


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage", "other-file"])
def test_damaged_entry_is_ignored(registry: Path, tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    cold = followup.load(registry, cache=False)
    followup.load(registry, cache=cache)
    store = ReviewCache(cache)
    one = (registry / "reviews" / "ccpr-2016.yaml").resolve()
    two = (registry / "reviews" / "ccpr-2011.yaml").resolve()
    entry = store._entry_path(one)
    raw = entry.read_bytes()
    if damage == "flip":
        entry.write_bytes(raw[:-100] + bytes([raw[-100] ^ 0xFF]) + raw[-99:])
    elif damage == "truncate":
        entry.write_bytes(raw[: len(raw) // 3])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "garbage":
        entry.write_bytes(os.urandom(len(raw)))
    else:  # another file's entry (valid, signed) put in this file's place
        shutil.copy(store._entry_path(two), entry)
    assert store.get(one) is None
    assert followup.load(registry, cache=cache) == cold
    assert store.get(one) is not None  # rebuilt


def test_foreign_key_and_hostile_pickle_are_refused(registry: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    followup.load(registry, cache=cache)
    store = ReviewCache(cache)
    one = (registry / "reviews" / "ccpr-2016.yaml").resolve()
    good = store.get(one)
    assert good is not None
    # an entry signed with someone else's key
    other = ReviewCache(tmp_path / "elsewhere")
    other.put(one, good)
    shutil.copy(other._entry_path(one), store._entry_path(one))
    assert store.get(one) is None
    # an entry signed with our key whose payload would run code when unpickled
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    raw = store._entry_path(one)
    followup.load(registry, cache=cache)  # a good entry again
    data = raw.read_bytes()
    end = data.index(b"\n", len(b"followup-cache 1\n"))
    meta = data[len(b"followup-cache 1\n") : end]
    payload = pickle.dumps(Evil())
    raw.write_bytes(data[: end + 1] + store._mac(meta, memoryview(payload)) + payload)
    assert store.get(one) is None
    assert not marker.exists()
    assert followup.load(registry, cache=cache) == followup.load(registry, cache=False)


def test_unwritable_cache_still_loads(registry: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert followup.load(registry, cache=blocker / "cache") == followup.load(registry, cache=False)


def test_no_cache_by_environment(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(tmp_path / "env-cache"))
    monkeypatch.setenv("FOLLOWUP_NO_CACHE", "1")
    followup.load(registry)
    assert not (tmp_path / "env-cache").exists()
    monkeypatch.delenv("FOLLOWUP_NO_CACHE")
    followup.load(registry)
    assert any((tmp_path / "env-cache" / "entries").iterdir())


def test_random_edits_touches_and_damage_always_match_a_cold_load(
    registry: Path, tmp_path: Path
) -> None:
    rng = random.Random(7)
    cache = tmp_path / "cache"
    files = sorted((registry / "reviews").glob("*.yaml"))
    originals = {f: f.read_bytes() for f in files}
    store = ReviewCache(cache)
    for _step in range(40):
        target = rng.choice(files)
        action = rng.choice(["edit", "touch", "truncate", "restore", "damage", "delete-entry"])
        if action == "edit":
            data = target.read_bytes()
            target.write_bytes(data.replace(b"paraphrase", b"summary", 1) + b"\n# edited\n")
        elif action == "touch":
            os.utime(target)
        elif action == "truncate":
            data = target.read_bytes()
            target.write_bytes(data[: rng.randrange(1, len(data))])
        elif action == "restore":
            target.write_bytes(originals[target])
        elif action == "damage":
            entry = store._entry_path(target.resolve())
            if entry.exists():
                raw = bytearray(entry.read_bytes())
                raw[rng.randrange(len(raw))] ^= 0x5A
                entry.write_bytes(bytes(raw))
        else:
            store._entry_path(target.resolve()).unlink(missing_ok=True)
        assert _outcome(registry, cache) == _outcome(registry, False), action


def test_entries_are_private_to_the_user(registry: Path, tmp_path: Path) -> None:
    """Entries hold registry text, confidential fields included: 0600 files in a 0700
    directory, whatever the umask, and never written through a link."""
    cache = tmp_path / "cache"
    old = os.umask(0o022)
    try:
        (cache / "entries").mkdir(parents=True, mode=0o755)
        (cache / "entries").chmod(0o755)  # as an older followup (or a user) left it
        followup.load(registry, cache=cache)
    finally:
        os.umask(old)
    entries = cache / "entries"
    assert stat.S_IMODE(entries.stat().st_mode) == 0o700
    files = list(entries.iterdir())
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    fresh = tmp_path / "fresh-cache"
    followup.load(registry, cache=fresh)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
    # a link planted where an entry goes is neither followed nor trusted
    store = ReviewCache(cache)
    one = (registry / "reviews" / "ccpr-2016.yaml").resolve()
    entry = store._entry_path(one)
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    entry.unlink()
    entry.symlink_to(victim)
    assert followup.load(registry, cache=cache) == followup.load(registry, cache=False)
    assert victim.read_bytes() == b"precious"
