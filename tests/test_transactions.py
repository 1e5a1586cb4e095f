"""Edits of several files are one transaction: readers never see half of one, a dead
writer's journal is read through and then finished, the lock file and the journal are
never followed through a link, leftover temporary files are listed and removed.

The reader/writer test runs reader processes that load the registry in a loop while
writer processes alternate two edits of two files each (declare a theme in
``registry.yaml`` and use it in a review file; then stop using it and remove it): with
half an edit visible a load fails with ``unknown-theme``. Every load must be valid.
Set ``FOLLOWUP_HEAVY=1`` for ten times as many loads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import followup
from followup.registry import _consistent, leftovers, safefile, transaction
from followup.registry.cache import ReviewCache
from followup.registry.layout import find_layout

from .conftest import KAZAKHSTAN, ROOT

#: A recommendation per writer, each in another review file.
LANE_RECS = ("kaz-ccpr-1-p26", "kaz-ccpr-3-counter-terrorism")
#: The two larger review files are left out: loads and edits are quicker, so more of
#: them overlap in the same time.
LEFT_OUT = ("ccpr-2016.yaml", "ngo-iphr-2025.yaml")
HEAVY = os.environ.get("FOLLOWUP_HEAVY") == "1"
LOADS_PER_READER = 12_500 if HEAVY else 1_250
#: Generous bound for a child, only so that a test never hangs.
HANG_GUARD = 300.0

posix_only = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL") or sys.platform == "win32", reason="needs POSIX processes"
)


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "kazakhstan"
    shutil.copytree(KAZAKHSTAN, root, ignore=shutil.ignore_patterns(".followup.*", *LEFT_OUT))
    return root


def _env() -> dict[str, str]:
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), path) if p)}


def _start(function: str, *args: str) -> subprocess.Popen[str]:
    code = f"import sys; from tests.test_transactions import {function}; {function}(*sys.argv[1:])"
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=ROOT,
    )


# -- the edits of the writers -----------------------------------------------------------------


def _use_theme(root: Path, lane: int, on: bool) -> None:
    """One edit of two files: declare theme ``rw-<lane>`` and use it (``on``), or stop
    using it and remove it."""
    theme, rec_id = f"rw-{lane}", LANE_RECS[lane]
    with followup.edit(root, timeout=HANG_GUARD) as ed:
        themes = [t for t in ed.registry.recommendations[rec_id].themes if t != theme]
        if on:
            ed.add_theme(followup.Theme(theme, followup.Text.plain(f"Writer {lane}")))
            ed.set(rec_id, "themes", [*themes, theme])
        else:
            ed.set(rec_id, "themes", themes)
            manifest = ed._file(ed._layout.manifest).change()  # no remove_theme: by hand
            manifest["themes"] = [t for t in manifest["themes"] if t.get("id") != theme]


def _old_code() -> None:
    """Make this process write and read as followup did before transactions: files
    replaced one by one (the manifest last), reads without the protocol."""

    def commit(self: transaction.Session, writes: Any) -> None:
        manifest_last = sorted(writes, key=lambda w: w.target.name.startswith("registry."))
        for write in manifest_last:
            safefile.write_atomic(write.target, write.data)

    transaction.Session.commit = commit  # type: ignore[method-assign]
    consistent: Any = _consistent
    consistent.read_consistently = lambda root, attempt, timeout=10.0: attempt(None)


def _writer(root: str, lane: str, stop: str, old: str = "0") -> None:
    """Child: alternate the two edits of ``lane`` until ``stop`` exists; print how many."""
    if old == "1":
        _old_code()
    edits = 0
    while not Path(stop).exists():
        _use_theme(Path(root), int(lane), on=edits % 2 == 0)
        edits += 1
        time.sleep(0.01)  # a breath between edits, for the other writer to get the lock
    print(json.dumps({"edits": edits}), flush=True)


def _reader(root: str, loads: str, cache: str, old: str = "0") -> None:
    """Child: load the registry ``loads`` times; print how many loads were invalid, and
    how many saw each writer's theme."""
    if old == "1":
        _old_code()
    store = ReviewCache(Path(cache))
    load: Any = sys.modules["followup.registry.load"]
    real_check_files = load.check_files
    reads = 0

    def check_files(*args: Any, **kwargs: Any) -> Any:
        nonlocal reads
        reads += 1
        return real_check_files(*args, **kwargs)

    load.check_files = check_files  # counts the reads, retries included
    invalid: list[str] = []
    seen = {"rw-0": 0, "rw-1": 0}
    for _ in range(int(loads)):
        registry, report = followup.check(root, locate="none", cache=store, timeout=HANG_GUARD)
        if registry is None:
            invalid.append(report.errors[0].code if report.errors else "?")
            continue
        for theme in seen:
            seen[theme] += theme in registry.themes
    told = {"loads": int(loads), "reads": reads, "invalid": invalid, "seen": seen}
    print(json.dumps(told), flush=True)


def run_readers_and_writers(
    root: Path, scratch: Path, *, readers: int = 2, writers: int = 2, old: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Readers loading while writers edit; what each reported."""
    stop = scratch / "stop"
    flag = "1" if old else "0"
    cache = scratch / "cache"
    writing = [_start("_writer", str(root), str(lane), str(stop), flag) for lane in range(writers)]
    reading = [
        _start("_reader", str(root), str(LOADS_PER_READER), str(cache), flag)
        for _ in range(readers)
    ]
    outs: list[tuple[str, str, int | None]] = []
    try:
        for process in reading:
            out, err = process.communicate(timeout=HANG_GUARD)
            outs.append((out, err, process.returncode))
    finally:
        stop.touch()
        for process in writing:
            out, err = process.communicate(timeout=HANG_GUARD)
            outs.append((out, err, process.returncode))
    for _, err, code in outs:
        assert code == 0, err
    reports = [json.loads(out) for out, _, _ in outs]
    return reports[:readers], reports[readers:]


@posix_only
def test_readers_never_see_half_an_edit(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    read, written = run_readers_and_writers(root, tmp_path)
    loads = sum(r["loads"] for r in read)
    invalid = [code for r in read for code in r["invalid"]]
    edits = [w["edits"] for w in written]
    reads = sum(r["reads"] for r in read)
    print(f"\n{loads} loads ({reads} reads) by {len(read)} readers, {sum(edits)} edits "
          f"{edits}: {len(invalid)} invalid")  # fmt: skip
    assert invalid == []
    assert sum(edits) >= 20 and all(edits), "writers made too few edits: nothing tested"
    # the readers saw the writers' work: each theme both there and not
    for theme in ("rw-0", "rw-1"):
        there = sum(r["seen"][theme] for r in read)
        assert 0 < there < loads or min(edits) < 4, f"{theme} seen in {there} of {loads}"
    assert not followup.validate(root).errors


# -- a reader and an edit in progress --------------------------------------------------------


@contextlib.contextmanager
def _writing(root: Path) -> Iterator[transaction.Session]:
    """Hold the registry as a writer does while it replaces files."""
    with safefile.registry_lock(root, timeout=HANG_GUARD) as fd:
        held = transaction.Session(root, fd, HANG_GUARD)
        with held.writing():
            yield held


def test_load_times_out_on_an_edit_being_written(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    with _writing(root):
        with pytest.raises(followup.LockTimeout) as caught:
            followup.load(root, cache=False, timeout=0.05)
        message = str(caught.value)
        assert str(root) in message and "edit" in message and "timeout" in message
        with pytest.raises(followup.LockTimeout):
            followup.validate(root, timeout=0.05)
    assert followup.load(root, cache=False, timeout=0.05).themes  # free: loads at once


def test_load_does_not_wait_for_an_editor_that_is_not_writing(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    with followup.edit(root) as ed:  # the lock held, nothing being written
        ed.add_theme(followup.Theme("later", followup.Text.plain("Later")))
        assert "later" not in followup.load(root, cache=False, timeout=0.05).themes
    assert "later" in followup.load(root, cache=False, timeout=0.05).themes


def test_load_waits_for_the_edit_and_sees_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A load that starts while an edit is written returns the edited registry."""
    root = _copy(tmp_path)
    waiting = threading.Event()
    real_pause = _consistent._pause

    def pause(seconds: float) -> None:
        waiting.set()  # the reader found the edit in progress and waits
        real_pause(seconds)

    monkeypatch.setattr(_consistent, "_pause", pause)
    got: list[Any] = []
    reader = threading.Thread(
        target=lambda: got.append(followup.load(root, cache=False, timeout=HANG_GUARD))
    )
    with _writing(root) as held:
        reader.start()
        assert waiting.wait(HANG_GUARD)
        layout, _ = find_layout(root)
        assert layout is not None
        manifest = root / "registry.yaml"
        text = manifest.read_text(encoding="utf-8").replace(
            "\nthemes:\n", "\nthemes:\n  - id: while-waiting\n    label: While waiting\n", 1
        )
        temp = transaction._write_temp(manifest, text.encode("utf-8"))
        transaction._replace(temp, manifest)  # as commit() does, inside the window
        del held
    reader.join(HANG_GUARD)
    assert len(got) == 1 and "while-waiting" in got[0].themes


# -- a dead writer's journal -----------------------------------------------------------------


def _killed_after_journal(root: Path) -> None:
    """Run the two-file edit in a child killed right after the journal is in place."""
    code = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from followup.registry import transaction\n"
        "from tests.test_transactions import _use_theme\n"
        "real = transaction._replace\n"
        "def replace(source, target):\n"
        "    real(source, target)\n"
        "    if target.name == transaction.JOURNAL_NAME:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "transaction._replace = replace\n"
        "_use_theme(Path(sys.argv[1]), 0, on=True)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(root)],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=HANG_GUARD,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert (root / transaction.JOURNAL_NAME).exists()


def _listing(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@posix_only
def test_a_reader_reads_through_a_dead_writers_journal_and_writes_nothing(
    tmp_path: Path,
) -> None:
    root = _copy(tmp_path)
    _killed_after_journal(root)
    on_disk = _listing(root)
    registry = followup.load(root, cache=False)
    assert "rw-0" in registry.themes
    assert "rw-0" in registry.recommendations[LANE_RECS[0]].themes
    report = followup.validate(root)
    assert not report.errors
    codes = [p.code for p in report.notices]
    assert "interrupted-edit" in codes
    assert "leftover-temporary-file" not in codes  # the journal's files are not leftovers
    assert _listing(root) == on_disk  # the reader wrote nothing


@posix_only
def test_the_next_editor_finishes_a_dead_writers_edit(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _killed_after_journal(root)
    with followup.edit(root) as ed:
        assert "rw-0" in ed.registry.themes  # finished before the edit read anything
        ed.set_version("after")
    assert not (root / transaction.JOURNAL_NAME).exists()
    layout, _ = find_layout(root)
    assert layout is not None and leftovers.find(layout) == []
    registry = followup.load(root, cache=False)
    assert "rw-0" in registry.recommendations[LANE_RECS[0]].themes
    assert registry.info.version == "after"


@posix_only
def test_an_interrupted_edit_over_a_changed_file_is_not_finished(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    _killed_after_journal(root)
    manifest = root / "registry.yaml"
    changed = manifest.read_bytes() + b"# changed by hand meanwhile\n"
    manifest.write_bytes(changed)
    with pytest.raises(transaction.InterruptedEdit) as caught, followup.edit(root):
        pass
    assert "registry.yaml changed after an edit" in str(caught.value)
    assert manifest.read_bytes() == changed
    assert (root / transaction.JOURNAL_NAME).exists()


@pytest.mark.parametrize(
    "entry",
    [
        {"target": "../outside.yaml", "temp": ".outside.yaml.abcdefgh.tmp"},
        {"target": "/etc/passwd.yaml", "temp": ".passwd.yaml.abcdefgh.tmp"},
        {"target": "registry.yaml", "temp": "../.registry.yaml.abcdefgh.tmp"},
        {"target": "reviews/x.yaml", "temp": ".other.yaml.abcdefgh.tmp"},
    ],
)
def test_a_journal_naming_files_outside_is_refused(tmp_path: Path, entry: dict[str, str]) -> None:
    root = _copy(tmp_path)
    journal = {"followup-journal": 1, "entries": [{**entry, "old": None, "new": "0" * 40}]}
    (root / transaction.JOURNAL_NAME).write_text(json.dumps(journal), encoding="utf-8")
    before = _listing(tmp_path)
    with pytest.raises(transaction.InterruptedEdit, match=r"outside the registry|not a temporary"):
        followup.load(root, cache=False)
    with pytest.raises(transaction.InterruptedEdit), followup.edit(root):
        pass
    after = _listing(tmp_path)
    after.pop(f"{root.name}/{safefile.LOCK_NAME}", None)
    after.pop(f"{root.name}/{safefile.LOCK_DIR}/.gitignore", None)
    assert after == before


# -- links where followup keeps its own files ------------------------------------------------


@pytest.mark.parametrize("dangling", [True, False])
def test_a_lock_file_that_is_a_link_is_refused(tmp_path: Path, dangling: bool) -> None:
    root = _copy(tmp_path)
    outside = tmp_path / "outside" / "lock"
    outside.parent.mkdir()
    if not dangling:
        outside.write_bytes(b"not followup's\n")
    (root / safefile.LOCK_DIR).mkdir()
    (root / safefile.LOCK_NAME).symlink_to(outside)
    with pytest.raises(safefile.UnsafeFile) as caught, followup.edit(root):
        pass
    message = str(caught.value)
    assert str(root / safefile.LOCK_NAME) in message and "Delete it" in message
    with pytest.raises(safefile.UnsafeFile):
        followup.migrate(root)
    assert outside.exists() != dangling
    if not dangling:
        assert outside.read_bytes() == b"not followup's\n"
    assert followup.load(root, cache=False).themes  # readers never open it
    assert "unsafe-lock-file" in [p.code for p in followup.validate(root).warnings]


def test_a_lock_file_with_another_name_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.write_bytes(b"")
    (root / safefile.LOCK_DIR).mkdir()
    os.link(outside, root / safefile.LOCK_NAME)
    with pytest.raises(safefile.UnsafeFile, match="hard link"), followup.edit(root):
        pass
    assert outside.read_bytes() == b""


@pytest.mark.parametrize("dangling", [True, False])
def test_a_lock_folder_that_is_a_link_is_refused(tmp_path: Path, dangling: bool) -> None:
    root = _copy(tmp_path)
    outside = tmp_path / "outside"
    if not dangling:
        outside.mkdir()
    (root / safefile.LOCK_DIR).symlink_to(outside, target_is_directory=True)
    with (
        pytest.raises(safefile.UnsafeFile, match="lock folder is a symbolic link"),
        followup.edit(root),
    ):
        pass
    assert not dangling or not outside.exists()
    if not dangling:
        assert list(outside.iterdir()) == []  # no lock, no .gitignore written there
    assert followup.load(root, cache=False).themes  # readers never follow it
    assert "unsafe-lock-file" in [p.code for p in followup.validate(root).warnings]


def test_a_journal_that_is_a_link_is_refused(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    (root / transaction.JOURNAL_NAME).symlink_to(tmp_path / "nowhere")
    with pytest.raises(safefile.UnsafeFile, match="Delete it"), followup.edit(root):
        pass
    with pytest.raises(safefile.UnsafeFile):
        followup.load(root, cache=False)
    assert not (tmp_path / "nowhere").exists()


# -- leftovers --------------------------------------------------------------------------------


def test_leftover_temporary_files_are_listed_then_removed(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    reviews = root / "reviews"
    ours = [
        root / ".registry.yaml.k3x9q0ab.tmp",
        root / "..followup.journal.a1b2c3d_.tmp",
        reviews / ".ccpr-2016.yaml.zz99yy88.tmp",
        reviews / ".new-review.yaml.abcdefgh.tmp",  # of a file the edit was creating
    ]
    (tmp_path / "target").write_bytes(b"keep me\n")
    others = [
        root / ".notes.yaml.abcdefgh.tmp",  # not a registry file's name
        root / ".registry.yaml.short.tmp",  # not mkstemp's name
        reviews / ".readme.txt.abcdefgh.tmp",  # not a review file's name
        reviews / ".ccpr-2016.yaml.planted.tmp",
        root / "scorecards" / ".registry.yaml.abcdefgh.tmp",  # not where edits write
    ]
    for path in [*ours, *others]:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"half a file")
    link = reviews / ".linked.yaml.abcdefgh.tmp"
    link.symlink_to(tmp_path / "target")
    folder = reviews / ".folder.yaml.abcdefgh.tmp"
    folder.mkdir()

    report = followup.validate(root)
    listed = sorted(str(p.file) for p in report.notices if p.code == "leftover-temporary-file")
    layout, _ = find_layout(root)
    assert layout is not None
    assert listed == sorted(layout.display(p) for p in ours)
    notice = next(p for p in report.notices if p.code == "leftover-temporary-file")
    assert "interrupted" in notice.message and notice.hint and "delete it" in notice.hint
    assert not report.errors

    with followup.edit(root, today=dt.date(2026, 11, 25)):  # a writer tidies, even with no change
        pass
    assert not any(p.exists() for p in ours)
    assert all(p.exists() for p in others) and link.is_symlink() and folder.is_dir()
    assert (tmp_path / "target").read_bytes() == b"keep me\n"
    codes = [p.code for p in followup.validate(root).notices]
    assert "leftover-temporary-file" not in codes


# -- a reader that may not write ----------------------------------------------------------------


@posix_only
def test_a_reader_that_may_not_write_reads_an_interrupted_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on a read-only disk: every way to change a file raises; the load still sees the
    interrupted edit whole."""
    root = _copy(tmp_path)
    _killed_after_journal(root)
    real_open = os.open
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def read_only_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & writing:
            raise PermissionError(13, "read-only (test)", str(path))
        return real_open(path, flags, *args, **kwargs)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "read-only (test)")

    monkeypatch.setattr(os, "open", read_only_open)
    for name in ("replace", "rename", "unlink", "remove", "pwrite", "ftruncate", "mkdir"):
        monkeypatch.setattr(os, name, refuse)
    registry = followup.load(root, cache=False)
    assert "rw-0" in registry.recommendations[LANE_RECS[0]].themes
    monkeypatch.undo()
    assert (root / transaction.JOURNAL_NAME).exists()


# -- States ---------------------------------------------------------------------------------


def test_add_state_and_a_review_of_it_in_one_edit(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    review = followup.Review(
        id="uzb-ccpr-2025",
        mechanism=followup.Mechanism.CCPR,
        state="UZB",
        title=followup.Text.plain("Human Rights Committee, Uzbekistan"),
        date=dt.date(2025, 3, 1),
    )
    with pytest.raises(followup.RegistryError), followup.edit(root) as ed:
        ed.add_review(review)  # a State the manifest does not declare
    with followup.edit(root) as ed:
        ed.add_state("UZB")
        ed.add_review(review)
    registry = followup.load(root, cache=False)
    assert registry.info.states == ("KAZ", "UZB")
    assert registry.reviews["uzb-ccpr-2025"].state == "UZB"
    for bad, message in [
        ("UZB", "declared already"),
        ("KAZ", "declared already"),
        ("uzb", "use upper case"),
        ("XYZ", "not an ISO 3166-1 alpha-3"),
        (3, "three-letter code"),
    ]:
        with pytest.raises(followup.EditError, match=message), followup.edit(root) as ed:
            ed.add_state(bad)  # type: ignore[arg-type]
    assert followup.load(root, cache=False).info.states == ("KAZ", "UZB")


@posix_only
def test_an_interrupted_edit_through_a_linked_review_file_keeps_the_link(
    tmp_path: Path,
) -> None:
    root = _copy(tmp_path)
    (root / "store").mkdir()
    link = root / "reviews" / "ccpr-2011.yaml"  # holds LANE_RECS[0]
    stored = root / "store" / "ccpr-2011.yaml"
    link.replace(stored)
    link.symlink_to(Path("..") / "store" / "ccpr-2011.yaml")
    _killed_after_journal(root)
    assert "rw-0" in followup.load(root, cache=False).recommendations[LANE_RECS[0]].themes
    with followup.edit(root):
        pass
    assert link.is_symlink() and b"rw-0" in stored.read_bytes()
    assert not (root / transaction.JOURNAL_NAME).exists()
    assert "rw-0" in followup.load(root, cache=False).recommendations[LANE_RECS[0]].themes
