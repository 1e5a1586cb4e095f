"""The editor's promises about the disk, tested with real processes.

- A process killed (SIGKILL) at any moment of an edit leaves every file of the registry
  either as it was before an edit or as it is after it: complete, valid, nothing lost;
  the temporary files a kill may leave behind do not disturb validation, the next edit
  removes followup's own (and only those), and the lock does not outlive its holder.
  (tests/test_kill.py kills edits after every single write; tests/test_transactions.py
  tests readers against writers.)
- Editors running at the same time (CLI calls and ``followup.edit`` in other processes)
  wait for each other: no assessment is lost, history stays in date order.
- An editor that cannot get the lock in time raises :class:`followup.LockTimeout` (the
  CLI exits 1 without a traceback) and writes nothing.
- A file changed on disk during an edit is not overwritten (:class:`followup.ChangedOnDisk`).
- Mode bits, CRLF line endings and a byte-order mark survive an edit; an exception inside
  the ``with`` block writes nothing.

The child processes import this module (``tests`` is a package) so that the edits they
make and the edits the checks replay are the same code.

Three tests record bugs found while writing these, since fixed: an editor waiting for
the lock did not see a review file added meanwhile; an edit replaced a symbolically
linked review file with a copy; mixed line endings became all CRLF (now refused).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import json
import os
import random
import selectors
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

import followup
from followup.registry import safefile

from .conftest import KAZAKHSTAN, ROOT, TODAY, undeclare_judges

#: One recommendation in each of the four review files of the Kazakhstan registry.
CRASH_RECS = ("kaz-ccpr-1-p26", "kaz-ccpr-2-p50a", "kaz-ccpr-3-counter-terrorism", "iphr-2025-1.1")
STATUSES = (
    "not-implemented",
    "partially-implemented",
    "implemented",
    "regressed",
    "no-information",
)
REC_ID = "kaz-ccpr-2-p50a"
REC_FILE = "ccpr-2016.yaml"
#: Generous bound for a child to start or answer; only to never hang, not a measurement.
HANG_GUARD = 120.0

posix_only = pytest.mark.skipif(
    not hasattr(os, "kill") or not hasattr(signal, "SIGKILL") or sys.platform == "win32",
    reason="needs POSIX processes and SIGKILL",
)


# -- helpers ------------------------------------------------------------------------------


def _copy_registry(tmp_path: Path, name: str = "kazakhstan") -> Path:
    root = tmp_path / name
    shutil.copytree(KAZAKHSTAN, root)
    undeclare_judges(root)  # the tests' editors sign as free-text judges (crash-0, api-1)
    return root


def _registry_files(root: Path) -> list[Path]:
    """The files the registry is made of (temporary and lock files left out)."""
    reviews = sorted(
        p
        for p in (root / "reviews").iterdir()
        if not p.name.startswith(".") and p.suffix in (".yaml", ".yml")
    )
    return [root / "registry.yaml", *reviews]


def _contents(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in _registry_files(root)}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _digests(root: Path) -> dict[str, str]:
    return {name: _digest(data) for name, data in _contents(root).items()}


def _temporary_files(root: Path) -> list[Path]:
    """Files ``write_atomic`` makes (``.NAME.XXXX.tmp``) left in the registry's folders."""
    return sorted(
        p
        for folder in (root, root / "reviews")
        for p in folder.iterdir()
        if p.name.startswith(".") and p.name.endswith(".tmp")
    )


def _child_env() -> dict[str, str]:
    """The environment of a child: this source tree first on the path (``tests`` too)."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), path) if p)}


def _start_child(function: str, *args: str, stderr: IO[Any] | int | None = None) -> Any:
    """Run ``function(*args)`` of this module in a new Python process (stdin, stdout piped)."""
    code = f"import sys; from tests.test_edit_safety import {function}; {function}(*sys.argv[1:])"
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if stderr is None else stderr,
        text=True,
        env=_child_env(),
        cwd=ROOT,
    )


def _read_line(process: subprocess.Popen[str]) -> str:
    """The next line a child prints ("" if it ended); fails the test rather than hang."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(HANG_GUARD):
            process.kill()
            pytest.fail(f"a child process printed nothing for {HANG_GUARD:g} s")
    return process.stdout.readline()


def _stop(process: subprocess.Popen[str] | None) -> None:
    if process is not None and process.poll() is None:
        process.kill()
    if process is not None:
        process.wait()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "followup", *args],
        capture_output=True,
        text=True,
        env=_child_env(),
        timeout=HANG_GUARD,
        check=False,
    )


def _error_text(report: followup.Report) -> str:
    return "\n".join(problem.to_text() for problem in report.errors)


def _assessments(root: Path, rec_id: str) -> list[followup.Assessment]:
    registry = followup.load(root, today=TODAY)
    return [
        e for e in registry.recommendations[rec_id].history if isinstance(e, followup.Assessment)
    ]


# -- 1. crash safety ---------------------------------------------------------------------------


def _crash_date(k: int) -> dt.date:
    return dt.date(2025, 9, 1) + dt.timedelta(days=min(k, 400))


def _crash_edit(root: Path, k: int) -> None:
    """Edit number ``k``: an assessment on one recommendation of every review file.

    A function of ``k`` and the files only, so that the checks can replay it."""
    with followup.edit(root, timeout=5, today=TODAY) as ed:  # a stale lock fails fast
        for rec_id in CRASH_RECS:
            ed.assess(
                rec_id,
                status=STATUSES[k % len(STATUSES)],
                on=_crash_date(k),
                by=f"crash-{k}",
                evidence=[f"https://example.org/crash/{k}/{rec_id}"],
                note=f"Edit {k} of the crash test. " * 6,
            )


def _crash_worker(root: str, parent: str, fsync_delay: str) -> None:
    """Child: wait for ``{"k": K, "log": PATH}`` on stdin, then make edits K, K+1, ...
    until killed, logging the files' digests after each; print "ready" after the first.

    ``os.fsync`` is slowed down (a slow disk) so that kills often land while files are
    being written; what the editor does is unchanged.
    """
    real_fsync = os.fsync
    delay = float(fsync_delay)

    def slow_fsync(fd: Any) -> None:
        real_fsync(fd)
        time.sleep(delay)

    os.fsync = slow_fsync
    line = sys.stdin.readline()
    if not line:  # the test is over: a spare worker
        return
    order = json.loads(line)
    k = int(order["k"])
    with Path(order["log"]).open("a", encoding="utf-8") as log:
        for count in range(1000):  # killed long before; stop anyway if the test is gone
            if os.getppid() != int(parent):
                return
            _crash_edit(Path(root), k)
            log.write(json.dumps({"k": k, "digests": _digests(Path(root))}) + "\n")
            log.flush()
            k += 1
            if count == 0:
                print("ready", flush=True)


def _read_log(path: Path) -> list[dict[str, str]]:
    """The digests logged after each committed edit (a line cut by the kill left out)."""
    done = []
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if not line.endswith("\n"):
            break
        done.append(json.loads(line)["digests"])
    return done


def _replay(scratch: Path, before: dict[str, bytes], k0: int, count: int) -> list[dict[str, str]]:
    """The digests after each of edits k0 .. k0+count-1 made, here, on ``before``."""
    shutil.rmtree(scratch, ignore_errors=True)
    for name, data in before.items():
        (scratch / name).parent.mkdir(parents=True, exist_ok=True)
        (scratch / name).write_bytes(data)
    states = []
    for k in range(k0, k0 + count):
        _crash_edit(scratch, k)
        states.append(_digests(scratch))
    return states


@posix_only
def test_killed_editor_leaves_every_file_old_or_new(tmp_path: Path) -> None:
    """Kill an editing process 30 times at random moments; after each kill every file is
    the one before or after an edit, the registry is valid, and editing goes on."""
    root = _copy_registry(tmp_path)
    # what a kill during a write leaves behind: validation and edits must ignore it
    planted = root / "reviews" / f".{REC_FILE}.planted.tmp"
    planted.write_bytes((root / "reviews" / REC_FILE).read_bytes()[:1000])
    rng = random.Random(20261125)
    before = _contents(root)
    names = sorted(before)
    k = 0
    replays = 0
    left_behind: set[str] = set()
    logged: set[str] = set()  # the edits known to be done
    worker = None

    def spawn(index: int) -> subprocess.Popen[str]:
        err = (tmp_path / f"worker-{index}.err").open("w")
        try:
            process: subprocess.Popen[str] = _start_child(
                "_crash_worker", str(root), str(os.getpid()), "0.004", stderr=err
            )
        finally:
            err.close()
        return process

    spare = spawn(0)
    try:
        for index in range(30):
            worker, spare = spare, spawn(index + 1)  # the next one starts meanwhile
            log = tmp_path / f"log-{index}.jsonl"
            assert worker.stdin is not None
            worker.stdin.write(json.dumps({"k": k, "log": str(log)}) + "\n")
            worker.stdin.flush()
            if _read_line(worker) != "ready\n":
                worker.wait()
                error = (tmp_path / f"worker-{index}.err").read_text()
                pytest.fail(f"kill {index}: the editor failed before its first edit:\n{error}")
            time.sleep(rng.uniform(0.0, 0.2))
            worker.send_signal(signal.SIGKILL)
            if worker.wait() != -signal.SIGKILL:
                error = (tmp_path / f"worker-{index}.err").read_text()
                pytest.fail(f"kill {index}: the editor stopped by itself:\n{error}")

            after = _contents(root)
            assert sorted(after) == names, f"kill {index}: the registry's files changed"
            committed = _read_log(log)
            assert committed, f"kill {index}: the first edit was logged before 'ready'"
            now = {name: _digest(data) for name, data in after.items()}
            last = committed[-1]
            if now != last:
                # killed during (or just after) the next edit's writes: each file must be
                # as after the last logged edit, or as after the one in progress
                replays += 1
                states = _replay(tmp_path / "replay", before, k, len(committed) + 1)
                assert states[:-1] == committed, "edits are not deterministic: cannot check"
                for name in names:
                    assert now[name] in (last[name], states[-1][name]), (
                        f"kill {index}: {name} is neither the file before the edit in progress "
                        "nor the one after it"
                    )
            registry, report = followup.check(root, today=TODAY, locate="errors")
            assert registry is not None and not report.errors, (
                f"kill {index}:\n{_error_text(report)}"
            )
            left_behind.update(p.name for p in _temporary_files(root))
            # the next editor first finishes an edit the kill interrupted (its journal):
            # replays start from the files as they are once that is done
            with followup.edit(root, timeout=5, today=TODAY):
                pass
            before = _contents(root)
            logged.update(f"crash-{j}" for j in range(k, k + len(committed)))
            k += len(committed) + 1  # the edit in progress may have reached some files
    finally:
        _stop(worker)
        _stop(spare)

    assert planted.exists()
    report = followup.validate(root, today=TODAY)
    assert not report.errors, _error_text(report)
    # every edit logged as done is in every file, once; the others are edits in progress
    in_progress = {f"crash-{j}" for j in range(k)} - logged
    for rec_id in CRASH_RECS:
        by = [a.by for a in _assessments(root, rec_id) if a.by.startswith("crash-")]
        assert len(by) == len(set(by)), f"{rec_id}: an edit is there twice"
        assert logged <= set(by), f"{rec_id}: lost {sorted(logged - set(by))}"
        assert set(by) <= logged | in_progress
    # the lock is free and the registry still editable, temporary files or not
    with followup.edit(root, timeout=5, today=TODAY) as ed:
        ed.assess(REC_ID, status="implemented", on=dt.date(2026, 11, 1), by="after the kills")
    assert _assessments(root, REC_ID)[-1].by == "after the kills"
    # the editor removed what kills left, not the file named unlike followup's own
    assert _temporary_files(root) == [planted]
    assert not (root / ".followup.journal").exists()
    print(
        f"\ncrash test: {k} edit numbers used, {replays} kills in the middle of writes, "
        f"{len(left_behind) - 1} temporary files left behind by kills"
    )


# -- 2. concurrency ----------------------------------------------------------------------------


def _assess_loop_worker(root: str, lane: str, count: str) -> None:
    """Child: ``count`` separate edits, each an assessment of REC_ID (and one elsewhere)."""
    for j in range(int(count)):
        with followup.edit(root, today=TODAY) as ed:
            on = dt.date(2025, 10, 15) + dt.timedelta(days=j % 4)  # same dates as others'
            ed.assess(REC_ID, status=STATUSES[j % 5], on=on, by=f"api-{lane}-call-{j}")
            ed.assess(CRASH_RECS[3], status=STATUSES[j % 5], on=on, by=f"api-{lane}-call-{j}")
    print("done", flush=True)


@posix_only
def test_concurrent_editors_lose_nothing(tmp_path: Path) -> None:
    """Two lanes of ``followup assess`` calls and one process of ``followup.edit`` calls
    at the same time on one registry: every assessment is there, once, in date order."""
    root = _copy_registry(tmp_path)
    cli_calls, api_calls = 8, 16
    results: list[tuple[str, subprocess.CompletedProcess[str]]] = []
    expected: list[str] = []

    def cli_date(lane: int, j: int) -> dt.date:
        if lane == 0:  # later and later
            return dt.date(2025, 9, 1) + dt.timedelta(days=5 * j)
        return dt.date(2025, 12, 31) - dt.timedelta(days=5 * j)  # earlier and earlier

    def cli_lane(lane: int) -> None:
        for j in range(cli_calls):
            by = f"cli-{lane}-call-{j}"
            result = _cli(
                "assess",
                str(root),
                REC_ID,
                "--status",
                STATUSES[(j + lane) % 5],
                "--on",
                cli_date(lane, j).isoformat(),
                "--by",
                by,
                "--note",
                f"concurrency test, {by}",
            )
            results.append((by, result))

    expected += [f"cli-{lane}-call-{j}" for lane in (0, 1) for j in range(cli_calls)]
    expected += [f"api-2-call-{j}" for j in range(api_calls)]
    original = _assessments(root, REC_ID)

    api = _start_child("_assess_loop_worker", str(root), "2", str(api_calls))
    threads = [threading.Thread(target=cli_lane, args=(lane,)) for lane in (0, 1)]
    try:
        for thread in threads:
            thread.start()
        out, err = api.communicate(timeout=HANG_GUARD)
    finally:
        _stop(api)
        for thread in threads:
            thread.join()
    assert api.returncode == 0, err
    assert out == "done\n"
    assert len(results) == 2 * cli_calls
    for by, result in results:
        assert result.returncode == 0, f"{by}: {result.stderr}"
        assert "added assessment" in result.stdout and by in result.stdout

    history = _assessments(root, REC_ID)
    assert history[: len(original)] == original  # older entries all came before
    added = [a.by for a in history[len(original) :]]
    assert sorted(added) == sorted(expected), "assessments lost or doubled"
    registry = followup.load(root, today=TODAY)
    for rec_id in (REC_ID, CRASH_RECS[3]):
        dates = [e.date for e in registry.recommendations[rec_id].history if e.date is not None]
        assert dates == sorted(dates), f"{rec_id}: history out of date order"
    other = [a.by for a in _assessments(root, CRASH_RECS[3])]
    assert [b for b in other if b.startswith("api-")] == [
        f"api-2-call-{j}" for j in sorted(range(api_calls), key=lambda j: j % 4)
    ]
    # whatever the order they were made in, a lane's assessments are in date order
    for lane in (0, 1):
        mine = [b for b in added if b.startswith(f"cli-{lane}-")]
        order = sorted(range(cli_calls), key=lambda j: cli_date(lane, j))
        assert mine == [f"cli-{lane}-call-{j}" for j in order]
    assert not followup.validate(root, today=TODAY).errors


def test_editor_waiting_for_the_lock_sees_files_added_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editor B waits for the lock while editor A adds a review file; B then adds a
    review with the same id: B must see A's file and refuse, not write a duplicate."""
    root = _copy_registry(tmp_path)
    real_lock = safefile.registry_lock
    b_waits = threading.Event()

    @contextlib.contextmanager
    def signalling_lock(directory: Path, timeout: float = 10.0) -> Iterator[int]:
        if threading.current_thread().name == "editor B":
            b_waits.set()  # B has looked at the registry and now waits for the lock
        with real_lock(directory, timeout) as fd:
            yield fd

    monkeypatch.setattr(safefile, "registry_lock", signalling_lock)
    review = followup.Review(
        id="kaz-cat-2025",
        mechanism=followup.Mechanism.CAT,
        state="KAZ",
        title=followup.Text.plain("Committee against Torture, concurrency test"),
        date=dt.date(2025, 11, 1),
    )
    b_raised: list[BaseException] = []

    def editor_b() -> None:
        try:
            with followup.edit(root, timeout=HANG_GUARD, today=TODAY) as ed:
                ed.add_review(review, file_name="cat-2025-b.yaml")
        except followup.FollowupError as exc:
            b_raised.append(exc)

    b = threading.Thread(target=editor_b, name="editor B")
    with followup.edit(root, today=TODAY) as ed:  # editor A
        ed.add_review(review, file_name="cat-2025-a.yaml")
        b.start()
        assert b_waits.wait(HANG_GUARD)
    b.join(HANG_GUARD)
    report = followup.validate(root, today=TODAY)
    assert not report.errors, _error_text(report)  # fails: review id used twice
    assert len(b_raised) == 1
    assert not (root / "reviews" / "cat-2025-b.yaml").exists()


# -- 3. lock timeout ---------------------------------------------------------------------------


def _hold_lock_worker(root: str) -> None:
    """Child: hold the registry's lock until stdin closes."""
    with safefile.registry_lock(Path(root), timeout=HANG_GUARD):
        print("locked", flush=True)
        sys.stdin.read()


@pytest.fixture(params=["this process", "another process"])
def locked_registry(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A registry whose lock someone holds for the duration of the test."""
    root = _copy_registry(tmp_path)
    if request.param == "this process":
        with safefile.registry_lock(root, timeout=5):
            yield root
        return
    if sys.platform == "win32":  # pragma: no cover
        pytest.skip("needs POSIX processes")
    holder = _start_child("_hold_lock_worker", str(root))
    try:
        assert _read_line(holder) == "locked\n", holder.communicate()[1]
        yield root
        assert holder.stdin is not None
        holder.stdin.close()
        assert holder.wait(timeout=HANG_GUARD) == 0
    finally:
        _stop(holder)


def test_edit_times_out_on_a_held_lock(locked_registry: Path) -> None:
    root = locked_registry
    snapshot = _contents(root)
    entered = False
    with (
        pytest.raises(followup.LockTimeout) as caught,
        followup.edit(root, timeout=0.2, today=TODAY) as ed,
    ):
        entered = True
        ed.assess(REC_ID, status="implemented", on=dt.date(2025, 10, 1), by="too early")
    assert isinstance(caught.value, followup.FollowupError)
    assert str(root) in str(caught.value)
    assert "lock" in str(caught.value)
    assert not entered
    assert _contents(root) == snapshot
    assert _temporary_files(root) == []


def test_cli_times_out_on_a_held_lock(locked_registry: Path) -> None:
    root = locked_registry
    snapshot = _contents(root)
    result = _cli(
        "assess",
        str(root),
        REC_ID,
        "--status",
        "implemented",
        "--on",
        "2025-10-01",
        "--by",
        "too early",
        "--timeout",
        "0.2",
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("followup: ")
    assert str(root) in result.stderr and "lock" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert _contents(root) == snapshot
    assert _temporary_files(root) == []


def test_lock_is_free_again_after_a_timeout(tmp_path: Path) -> None:
    root = _copy_registry(tmp_path)
    with (
        safefile.registry_lock(root, timeout=5),
        pytest.raises(followup.LockTimeout),
        followup.edit(root, timeout=0.05, today=TODAY),
    ):
        pass
    with followup.edit(root, timeout=5, today=TODAY) as ed:
        ed.assess(REC_ID, status="implemented", on=dt.date(2025, 10, 1), by="afterwards")
    assert _assessments(root, REC_ID)[-1].by == "afterwards"


# -- 4. changed on disk -------------------------------------------------------------------------


@pytest.mark.parametrize("hand_edit", ["append a comment", "delete the file"])
def test_file_changed_during_the_edit_is_not_overwritten(tmp_path: Path, hand_edit: str) -> None:
    root = _copy_registry(tmp_path)
    target = root / "reviews" / REC_FILE
    other = root / "reviews" / "ccpr-2011.yaml"  # touched too, and written before the target
    other_before = other.read_bytes()
    by_hand: bytes | None = None
    with pytest.raises(followup.ChangedOnDisk) as caught, followup.edit(root, today=TODAY) as ed:
        ed.assess("kaz-ccpr-1-p26", status="implemented", on=dt.date(2025, 10, 1), by="x")
        ed.assess(REC_ID, status="implemented", on=dt.date(2025, 10, 1), by="must-not-land")
        if hand_edit == "delete the file":
            target.unlink()
        else:
            with target.open("a", encoding="utf-8") as handle:
                handle.write("# edited by hand\n")
            by_hand = target.read_bytes()
    assert isinstance(caught.value, followup.EditError)
    assert REC_FILE in str(caught.value)
    if by_hand is None:
        assert not target.exists()
    else:
        assert target.read_bytes() == by_hand
        assert by_hand.endswith(b"# edited by hand\n")
        assert b"must-not-land" not in by_hand
    assert other.read_bytes() == other_before  # nothing written, in any file
    assert _temporary_files(root) == []
    if by_hand is not None:  # the edit made again keeps the hand edit
        with followup.edit(root, today=TODAY) as ed:
            ed.assess(REC_ID, status="implemented", on=dt.date(2025, 10, 1), by="second try")
        assert target.read_bytes().endswith(b"# edited by hand\n")
        assert _assessments(root, REC_ID)[-1].by == "second try"


def test_same_bytes_rewritten_is_no_change(tmp_path: Path) -> None:
    """Only the bytes count: a file saved again unchanged does not stop the edit."""
    root = _copy_registry(tmp_path)
    target = root / "reviews" / REC_FILE
    with followup.edit(root, today=TODAY) as ed:
        ed.assess(REC_ID, status="implemented", on=dt.date(2025, 10, 1), by="saved again")
        target.write_bytes(target.read_bytes())
    assert _assessments(root, REC_ID)[-1].by == "saved again"


# -- 5. mode bits, exceptions, line endings ---------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX mode bits")
@pytest.mark.parametrize("mode", [0o640, 0o604, 0o755, 0o444])
def test_edit_keeps_mode_bits(tmp_path: Path, mode: int) -> None:
    root = _copy_registry(tmp_path)
    target = root / "reviews" / REC_FILE
    target.chmod(mode)
    old = target.read_bytes()
    with followup.edit(root, today=TODAY) as ed:
        ed.assess(REC_ID, status="implemented", on=dt.date(2025, 10, 1), by="mode keeper")
    assert target.read_bytes() != old
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert _temporary_files(root) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX mode bits")
def test_write_atomic_keeps_mode_and_leaves_nothing_on_failure(tmp_path: Path) -> None:
    path = tmp_path / "file.yaml"
    path.write_bytes(b"old\n")
    path.chmod(0o751)
    safefile.write_atomic(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o751
    with pytest.raises(TypeError):
        safefile.write_atomic(path, "not bytes")  # type: ignore[arg-type]
    assert path.read_bytes() == b"new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.yaml"]


class _DeliberateError(Exception):
    pass


def test_exception_inside_the_block_writes_nothing(tmp_path: Path) -> None:
    root = _copy_registry(tmp_path)
    snapshot = _contents(root)
    mtimes = {p: p.stat().st_mtime_ns for p in _registry_files(root)}
    with pytest.raises(_DeliberateError), followup.edit(root, today=TODAY) as ed:
        ed.assess(REC_ID, status="implemented", on=dt.date(2025, 10, 1), by="never")
        ed.assess("iphr-2025-1.1", status="regressed", on=dt.date(2025, 10, 1), by="never")
        ed.set_version("2099.1")
        ed.check()  # the edit is good: only the exception stops it
        raise _DeliberateError
    assert _contents(root) == snapshot
    assert {p: p.stat().st_mtime_ns for p in _registry_files(root)} == mtimes
    assert _temporary_files(root) == []
    with followup.edit(root, timeout=0.5, today=TODAY):  # and the lock is free
        pass


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\r\n")


@pytest.mark.parametrize("bom", [False, True], ids=["crlf", "crlf+bom"])
def test_crlf_file_stays_crlf(tmp_path: Path, bom: bool) -> None:
    root = _copy_registry(tmp_path)
    target = root / "reviews" / REC_FILE
    lf = target.read_bytes()
    assert b"\r" not in lf
    crlf = (b"\xef\xbb\xbf" if bom else b"") + lf.replace(b"\n", b"\r\n")
    target.write_bytes(crlf)
    with followup.edit(root, today=TODAY) as ed:
        ed.assess(
            REC_ID,
            status="implemented",
            on=dt.date(2025, 10, 1),
            by="crlf keeper",
            note="A note long enough to be folded over more than one line, " * 3,
        )
        ed.respond("kaz-ccpr-2-p52", position="noted", on=dt.date(2025, 10, 2))
    new = target.read_bytes()
    assert new.count(b"\xef\xbb\xbf") == int(bom)
    assert new.startswith(b"\xef\xbb\xbf") == bom
    assert b"\n" not in new.replace(b"\r\n", b""), "a line ends with a lone LF"
    assert b"\r" not in new.replace(b"\r\n", b""), "a lone CR"
    old_lines, new_lines = _lines(crlf), _lines(new)
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    inserted: list[bytes] = []
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        assert tag in ("equal", "insert"), f"{tag}: lines other than new ones changed"
        if tag == "insert":
            inserted += new_lines[j1:j2]
    assert len(old_lines) + len(inserted) == len(new_lines)
    added = b"\n".join(inserted).decode("utf-8")
    assert "crlf keeper" in added and "noted" in added
    registry = followup.load(root, today=TODAY)
    assert registry.recommendations[REC_ID].history[-1].by == "crlf keeper"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX symbolic links")
def test_edit_through_a_symbolic_link_keeps_the_link(tmp_path: Path) -> None:
    root = _copy_registry(tmp_path)
    (root / "store").mkdir()
    link = root / "reviews" / REC_FILE
    target = root / "store" / REC_FILE
    link.replace(target)
    link.symlink_to(Path("..") / "store" / REC_FILE)
    assert not followup.validate(root, today=TODAY).errors  # a link inside the registry is fine
    old = target.read_bytes()
    try:
        with followup.edit(root, today=TODAY) as ed:
            ed.assess(REC_ID, status="implemented", on=dt.date(2025, 10, 1), by="via the link")
    except followup.EditError:  # refusing the edit would be fine too, if nothing changed
        assert link.is_symlink() and target.read_bytes() == old
        return
    assert link.is_symlink(), "the link was replaced by a copy"
    assert b"via the link" in target.read_bytes()


def test_mixed_line_endings_are_refused(tmp_path: Path) -> None:
    root = _copy_registry(tmp_path)
    target = root / "reviews" / REC_FILE
    lines = target.read_bytes().split(b"\n")
    # the first 50 lines end in CRLF (as a Windows editor might have left them), not the rest
    mixed = b"\n".join(line + b"\r" if i < 50 else line for i, line in enumerate(lines))
    target.write_bytes(mixed)
    # no single line ending to write new lines with: the edit is refused, nothing written
    with (
        pytest.raises(followup.EditError, match="mixes CRLF and LF"),
        followup.edit(root, today=TODAY) as ed,
    ):
        ed.assess(REC_ID, status="implemented", on=dt.date(2025, 10, 1), by="mixed endings")
    assert target.read_bytes() == mixed
