"""A kill at every write boundary of an edit of several files leaves a registry that is
wholly old or wholly new, never between.

Each case runs in a child process that wraps the functions through which
:mod:`followup.registry.transaction` writes (``_write_temp``, ``_replace``, ``_unlink``,
``_set_generation``: every change to the disk an edit makes goes through one of them)
so that the child kills itself with SIGKILL right after the Nth call. A dry run counts
the calls; then N takes every value from 1 to the count. After each kill:

- a reader (``followup.load``, which writes nothing) sees a valid registry equal to the
  one before the edit or the one after it;
- the next editor finishes or forgets the interrupted edit: the files are then byte for
  byte those before or those after, the same state the reader saw, with no journal and
  no temporary file left;
- and the edit after that succeeds.

The cases: a Python edit that declares a theme in ``registry.yaml`` and uses it in a
review file; ``followup import uhri`` into an existing registry (new review files and
themes); ``followup import table`` into an existing registry.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import followup
from followup.registry import leftovers, transaction
from followup.registry.layout import find_layout

from .conftest import KAZAKHSTAN, ROOT

HERE = Path(__file__).resolve().parent
UHRI_EXPORT = HERE / "interop" / "uhri" / "export.json"
TABLE = HERE / "interop" / "table" / "upr-info-csv.csv"
#: The functions every write of a transaction goes through.
BOUNDARIES = ("_write_temp", "_replace", "_unlink", "_set_generation")
#: Generous bound for a child, only so that a test never hangs.
HANG_GUARD = 120.0

pytestmark = pytest.mark.skipif(
    not hasattr(signal, "SIGKILL") or sys.platform == "win32", reason="needs POSIX SIGKILL"
)


# -- the edits ----------------------------------------------------------------------------


def _python_edit(root: Path) -> None:
    """Declare a theme in the manifest and use it in a review file: one edit."""
    with followup.edit(root) as ed:
        ed.add_theme(followup.Theme("kill-test", followup.Text.plain("Kill test")))
        rec = ed.registry.recommendations["kaz-ccpr-2-p50a"]
        ed.set(rec.id, "themes", [*rec.themes, "kill-test"])


def _cli(argv: list[str]) -> None:
    from followup.cli import main

    out = io.StringIO()
    with contextlib.redirect_stderr(io.StringIO()):
        code = main(argv, out)
    if code != 0:
        raise SystemExit(f"exit {code}: {out.getvalue()}")


def _import_uhri(root: Path) -> None:
    _cli(["import", "uhri", str(UHRI_EXPORT), "--state", "KAZ", "-o", str(root)])


def _import_table(root: Path) -> None:
    _cli(["import", "table", str(TABLE), "--mapping", "upr-info-csv", "-o", str(root)])


def _next_editor(root: Path) -> None:
    """An edit that changes nothing: it finishes an interrupted edit, removes leftovers."""
    with followup.edit(root):
        pass


CASES: dict[str, Callable[[Path], None]] = {
    "next-editor": _next_editor,
    "python-edit": _python_edit,
    "import-uhri": _import_uhri,
    "import-table": _import_table,
}


def _child(case: str, root: str, kill_at: str, count_file: str) -> None:
    """Child: run ``case`` on ``root``, killed right after write number ``kill_at``
    (never if 0); write the number of writes to ``count_file`` if it ends."""
    calls = 0
    target = int(kill_at)

    def wrap(name: str) -> None:
        real = getattr(transaction, name)

        def boundary(*args: object, **kwargs: object) -> object:
            nonlocal calls
            result = real(*args, **kwargs)
            calls += 1
            if calls == target:
                os.kill(os.getpid(), signal.SIGKILL)
            return result

        setattr(transaction, name, boundary)

    for name in BOUNDARIES:
        wrap(name)
    CASES[case](Path(root))
    Path(count_file).write_text(str(calls), encoding="utf-8")


# -- helpers ------------------------------------------------------------------------------


class _Server:
    """A child process that imported followup once and forks a fresh process for each
    run of a case (a Python start per kill would make the test slow)."""

    def __init__(self, tmp_path: Path) -> None:
        path = os.environ.get("PYTHONPATH")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), path) if p)}
        self.errors = tmp_path / "server.err"
        with self.errors.open("w") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "from tests.test_kill import _serve; _serve()"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                env=env,
                cwd=ROOT,
            )

    def run(self, case: str, root: Path, kill_at: int, count_file: Path) -> int:
        """The exit code of ``case`` run on ``root`` with a kill after write ``kill_at``."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps([case, str(root), kill_at, str(count_file)]) + "\n")
        self.process.stdin.flush()
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(HANG_GUARD):
                pytest.fail(f"{case}: no answer for {HANG_GUARD:g} s")
        line = self.process.stdout.readline()
        if not line:
            pytest.fail(f"the child process ended:\n{self.errors.read_text()}")
        code = int(json.loads(line))
        if code not in (0, -signal.SIGKILL):
            pytest.fail(f"{case}, kill at {kill_at}: exit {code}:\n{self.errors.read_text()}")
        return code

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=HANG_GUARD)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()


def _serve() -> None:
    """Child: for each request on stdin, fork a process that runs :func:`_child`; print
    how it ended (its exit code, or minus the signal that killed it)."""
    import followup.cli
    import followup.interop.table
    import followup.interop.uhri  # noqa: F401 (imported once, before the forks)

    for line in sys.stdin:
        case, root, kill_at, count_file = json.loads(line)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the forked process
            code = 3
            try:
                _child(case, root, str(kill_at), count_file)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        print(json.dumps(os.waitstatus_to_exitcode(status)), flush=True)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[_Server]:
    started = _Server(tmp_path)
    try:
        yield started
    finally:
        started.close()


def _files(root: Path) -> dict[str, bytes]:
    """The registry's own files (the lock file, journal and temporary files left out)."""
    layout, _ = find_layout(root)
    assert layout is not None
    return {str(p.relative_to(root)): p.read_bytes() for p in (layout.manifest, *layout.reviews)}


def _load(root: Path) -> followup.Registry:
    registry, report = followup.check(root, locate="none")
    assert registry is not None, "\n".join(p.to_text() for p in report.errors)
    return registry


def _tidy(root: Path) -> list[str]:
    """What followup keeps beside the files that should not be there after an edit."""
    layout, _ = find_layout(root)
    assert layout is not None
    left = [p.name for p in leftovers.find(layout)]
    if (root / transaction.JOURNAL_NAME).exists():
        left.append(transaction.JOURNAL_NAME)
    return left


def _stamps(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` with its size and modification time."""
    return {
        str(p.relative_to(root)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in root.rglob("*")
    }


def _kill_everywhere(
    case: str, tmp_path: Path, server: _Server, pristine: Path | None = None
) -> tuple[int, list[str]]:
    """Kill ``case`` after each of its writes; the number of kills and what each left."""
    if pristine is None:
        pristine = tmp_path / "pristine"
        shutil.copytree(KAZAKHSTAN, pristine, ignore=shutil.ignore_patterns(".followup.*"))
    old_files, old = _files(pristine), _load(pristine)

    done = tmp_path / "done"
    shutil.copytree(pristine, done)
    count_file = tmp_path / "count"
    assert server.run(case, done, 0, count_file) == 0
    writes = int(count_file.read_text(encoding="utf-8"))
    new_files, new = _files(done), _load(done)
    assert new_files != old_files, f"{case}: the edit changed nothing"
    assert writes >= 4, f"{case}: {writes} writes: not one transaction of several files?"

    seen = []
    for kill_at in range(1, writes + 1):
        root = tmp_path / f"killed-{kill_at}"
        shutil.copytree(pristine, root)
        code = server.run(case, root, kill_at, tmp_path / f"count-{kill_at}")
        assert code == -signal.SIGKILL, f"{case}: not killed at write {kill_at}"
        where = f"{case}, killed after write {kill_at} of {writes}"

        before = _stamps(root)
        read = _load(root)  # a reader: writes nothing, sees old or new
        assert read in (old, new), f"{where}: a reader saw neither the old nor the new registry"
        assert _stamps(root) == before, f"{where}: the reader wrote"

        with followup.edit(root):  # the next editor: finishes or forgets the edit
            pass
        files = _files(root)
        assert files in (old_files, new_files), f"{where}: files neither old nor new"
        assert files == (new_files if read == new else old_files), (
            f"{where}: the reader saw another state than the next editor made"
        )
        assert _tidy(root) == [], f"{where}: left behind {_tidy(root)}"

        with followup.edit(root) as ed:  # and editing goes on
            ed.add_theme(followup.Theme("after-kill", followup.Text.plain("After the kill")))
        assert "after-kill" in ed.registry.themes
        seen.append("new" if read == new else "old")
    return writes, seen


# -- the tests ----------------------------------------------------------------------------


def test_python_edit_killed_at_every_write(tmp_path: Path, server: _Server) -> None:
    writes, seen = _kill_everywhere("python-edit", tmp_path, server)
    assert "old" in seen and "new" in seen  # kills before and after the decision
    print(f"\npython edit: {writes} kill points, states {seen}")


def test_import_uhri_killed_at_every_write(tmp_path: Path, server: _Server) -> None:
    writes, seen = _kill_everywhere("import-uhri", tmp_path, server)
    assert "old" in seen and "new" in seen
    print(f"\nimport uhri: {writes} kill points, states {seen}")


def test_import_table_killed_at_every_write(tmp_path: Path, server: _Server) -> None:
    writes, seen = _kill_everywhere("import-table", tmp_path, server)
    assert "old" in seen and "new" in seen
    print(f"\nimport table: {writes} kill points, states {seen}")


def test_next_editor_killed_at_every_write_while_finishing(tmp_path: Path, server: _Server) -> None:
    """The Python edit killed once its journal is written and one file replaced; then
    the editor that finishes it killed at each of its own writes."""
    interrupted = tmp_path / "interrupted"
    shutil.copytree(KAZAKHSTAN, interrupted, ignore=shutil.ignore_patterns(".followup.*"))
    old_files = _files(interrupted)
    # the writes: 2 temporary files, generation, journal's file, journal, replace...
    code = server.run("python-edit", interrupted, 6, tmp_path / "count")
    assert code == -signal.SIGKILL
    assert (interrupted / transaction.JOURNAL_NAME).exists()
    assert _files(interrupted) != old_files  # half replaced: only the journal makes it whole
    writes, seen = _kill_everywhere("next-editor", tmp_path, server, pristine=interrupted)
    assert seen == ["new"] * writes  # a reader sees the edit whole before, during, after
    print(f"\nfinishing an interrupted edit: {writes} kill points, states {seen}")
