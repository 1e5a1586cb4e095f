"""The registry lock: exclusive between processes, freed by a crash, kept out of git."""

from __future__ import annotations

import datetime as dt
import os
import selectors
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import filelock
import pytest

import followup
from followup.registry import safefile

from .conftest import KAZAKHSTAN, ROOT

HANG_GUARD = 120.0  # only ever reached by a broken test; never a timing assertion
posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and fork are POSIX's")

_HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from followup.registry import safefile

    with safefile.registry_lock(Path(sys.argv[1]), timeout=120):
        print("locked", flush=True)
        sys.stdin.read()  # hold until stdin closes (or a kill)
    """
)

_COUNTER = textwrap.dedent(
    """
    import sys
    import time
    from pathlib import Path
    from followup.registry import safefile

    root, rounds = Path(sys.argv[1]), int(sys.argv[2])
    counter = root / "counter.txt"
    for _ in range(rounds):
        with safefile.registry_lock(root, timeout=120):
            value = int(counter.read_text())
            time.sleep(0.002)  # widen the window a second holder would hit
            counter.write_text(str(value + 1))  # lost if two held the lock at once
    """
)


def _child(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def _read_line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(HANG_GUARD):
            process.kill()
            pytest.fail(f"a child process printed nothing for {HANG_GUARD:g} s")
    return process.stdout.readline()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "kazakhstan"
    shutil.copytree(KAZAKHSTAN, target)
    return target


@pytest.fixture
def holder(root: Path) -> Iterator[subprocess.Popen[str]]:
    process = _child(_HOLDER, str(root))
    try:
        assert _read_line(process) == "locked\n", process.communicate()[1]
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(HANG_GUARD)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None and not stream.closed:
                stream.close()


def test_another_process_is_excluded_until_released(
    root: Path, holder: subprocess.Popen[str]
) -> None:
    with (
        pytest.raises(followup.LockTimeout, match="another editor"),
        safefile.registry_lock(root, timeout=0.2),
    ):
        pass
    with pytest.raises(followup.LockTimeout), followup.edit(root, timeout=0.2):
        pass
    assert holder.stdin is not None
    holder.stdin.close()  # the holder leaves its with block
    assert holder.wait(HANG_GUARD) == 0
    with safefile.registry_lock(root, timeout=HANG_GUARD):
        pass


@posix_only
def test_a_killed_holder_leaves_no_stuck_lock(root: Path, holder: subprocess.Popen[str]) -> None:
    with pytest.raises(followup.LockTimeout), safefile.registry_lock(root, timeout=0.1):
        pass
    holder.send_signal(signal.SIGKILL)
    assert holder.wait(HANG_GUARD) == -signal.SIGKILL
    assert (root / safefile.LOCK_NAME).exists()  # the file stays; its lock died with it
    with safefile.registry_lock(root, timeout=HANG_GUARD):
        pass
    with followup.edit(root, timeout=HANG_GUARD, today=dt.date(2026, 11, 25)) as ed:
        ed.add_theme(followup.Theme("after-kill", followup.Text.plain("After the kill")))
    assert "after-kill" in followup.load(root, cache=False).themes


def test_processes_never_hold_it_together(root: Path) -> None:
    (root / "counter.txt").write_text("0")
    rounds, count = 40, 3
    children = [_child(_COUNTER, str(root), str(rounds)) for _ in range(count)]
    for child in children:
        _, err = child.communicate(timeout=HANG_GUARD)
        assert child.returncode == 0, err
    assert int((root / "counter.txt").read_text()) == rounds * count


def test_it_is_filelocks_lock(root: Path) -> None:
    """The lock is the one filelock takes: a FileLock on the file waits for an editor."""
    with safefile.registry_lock(root, timeout=HANG_GUARD):
        other = filelock.FileLock(str(root / safefile.LOCK_NAME), timeout=0.1)
        with pytest.raises(filelock.Timeout):
            other.acquire()
    with (
        filelock.FileLock(str(root / safefile.LOCK_NAME), timeout=HANG_GUARD),
        pytest.raises(followup.LockTimeout),
        safefile.registry_lock(root, timeout=0.1),
    ):
        pass


def _git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_an_edit_leaves_only_the_edited_file_in_git_status(root: Path) -> None:
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "registry")
    assert _git(root, "status", "--porcelain") == ""
    registry = followup.load(root, cache=False)
    rec = next(r for r in registry.recommendations.values() if r.review == "kaz-ccpr-2016")
    with followup.edit(root, today=dt.date(2026, 11, 25)) as ed:
        ed.assess(rec.id, status="not-implemented", on=dt.date(2026, 1, 15), by="compilers")
    status = _git(root, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert len(status) == 1 and status[0].startswith(" M reviews/"), status
    assert (root / safefile.LOCK_NAME).is_file()  # the lock is there, ignored by git
    ignored = _git(root, "status", "--porcelain", "--ignored")
    assert f"!! {safefile.LOCK_DIR}/" in ignored


def test_readers_create_nothing_and_the_old_lock_file_goes(root: Path) -> None:
    followup.load(root, cache=False)
    followup.validate(root)
    assert not (root / safefile.LOCK_DIR).exists()
    legacy = root / safefile.LEGACY_LOCK_NAME
    legacy.write_bytes(b"")
    with followup.edit(root, today=dt.date(2026, 11, 25)):
        pass
    assert not legacy.exists()
    assert (root / safefile.LOCK_DIR / ".gitignore").read_text().splitlines()[-1] == "*"
