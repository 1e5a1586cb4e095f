"""``followup links review`` in a real (pseudo-)terminal: single key presses accept,
reject and quit; the decisions and the accepted link are written at once."""

from __future__ import annotations

import datetime as dt
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import followup
from followup.registry.linkfile import read_link_decisions
from followup.registry.yamlio import safe_load

from .conftest import KAZAKHSTAN

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")

PROMPT = b"[a/r/s/q] "
#: Generous: a loaded 2-core machine may take a while to start Python and load.
TIMEOUT = 60.0


def _read_until(fd: int, wanted: bytes, seen: bytearray) -> None:
    """Read the terminal until ``wanted`` has appeared in ``seen`` since it was empty."""
    deadline = time.monotonic() + TIMEOUT
    while wanted not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no {wanted!r} within {TIMEOUT}s; got {bytes(seen)!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        if not chunk:
            raise AssertionError(f"the terminal closed before {wanted!r}; got {bytes(seen)!r}")
        seen.extend(chunk)


def _drain(fd: int, child: subprocess.Popen[bytes], seen: bytearray) -> int:
    """Read what the child still writes until it exits; its exit code."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            seen.extend(chunk)
            if chunk:
                continue
        code = child.poll()
        if code is not None:
            return code
    raise AssertionError(f"the review did not end within {TIMEOUT}s; got {bytes(seen)!r}")


def test_review_in_a_terminal(tmp_path: Path) -> None:
    reg = tmp_path / "kaz"
    shutil.copytree(KAZAKHSTAN, reg)
    master, slave = os.openpty()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "TERM": "dumb"}
    argv = [
        sys.executable, "-m", "followup", "links", "review", str(reg),
        "--from", "kaz-iphr-2025", "--to", "mechanism:CCPR", "--top", "2",
        "--method", "lexical", "--by", "Tester",
    ]  # fmt: skip
    child = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = bytearray()
    try:
        for key in (b"a", b"r", b"q"):
            seen.clear()
            _read_until(master, PROMPT, seen)
            os.write(master, key)  # one key, no Enter: read in raw mode
        seen.clear()
        code = _drain(master, child, seen)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=TIMEOUT)
        os.close(master)
    assert code == 0, bytes(seen)
    assert b"1 accepted, 1 rejected, 0 skipped" in seen
    decisions = read_link_decisions(reg)
    [accepted] = decisions.accepted()
    [rejected] = decisions.rejected()
    for d in (accepted, rejected):
        assert d.by == "Tester"
        assert d.on == dt.date.today()
    # the accepted link is in the source recommendation's own YAML
    review = next(p for p in (reg / "reviews").iterdir() if "iphr" in p.name)
    data = safe_load(review.read_text(encoding="utf-8"))
    [rec] = [r for r in data["recommendations"] if r["id"] == accepted.source]
    assert accepted.target in rec[accepted.kind.value]
    assert rejected.target not in rec.get(rejected.kind.value, [])
    assert followup.validate(reg).ok
