"""Property: an edit's check, made from the changed files and the others' kept checks,
says exactly what a full check of the registry it would write says.

Random sequences of edits, valid and not (unknown themes and references, an id used
twice, new reviews and themes, marks, dates after the day of the check), on a copy of
the Kazakhstan registry, each edit on a day of its own: after each, the edit's report
(or the error that refuses it) equals the report of a full check of the same texts;
the edit is written when it is valid, so the next one starts from kept checks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import followup
from followup.errors import RegistryError
from followup.model.manifest import Theme
from followup.model.records import Review
from followup.model.text import Text
from followup.model.values import Mechanism
from followup.registry import _filecheck
from followup.registry.editing import Editor, build_recommendation
from followup.registry.load import check_files
from followup.registry.report import Report

KAZ = Path(__file__).resolve().parent.parent / "registries" / "kazakhstan"
BASE = followup.load(KAZ, cache=False)
RECS = sorted(BASE.recommendations)
THEMES = sorted(BASE.themes)
LEVELS = ["not-implemented", "partially-implemented", "implemented", "no-information"]
_DAYS = st.dates(dt.date(2025, 6, 1), dt.date(2027, 1, 31))
_ON = st.dates(dt.date(2024, 1, 1), dt.date(2025, 5, 31))
_IDS = st.sampled_from([*RECS[:8], "kaz-nowhere-1", "kaz-ccpr-2011"])


class _Abort(Exception):  # noqa: N818 (leaves an edit without writing)
    pass


def _op() -> st.SearchStrategy[tuple[Any, ...]]:
    rec = st.sampled_from(RECS)
    return st.one_of(
        st.tuples(st.just("assess"), rec, st.sampled_from(LEVELS), _ON),
        st.tuples(st.just("respond"), rec, _ON),
        st.tuples(
            st.just("themes"),
            rec,
            st.lists(st.sampled_from([*THEMES[:4], "no-such-theme"]), max_size=3, unique=True),
        ),
        st.tuples(st.just("link"), rec, st.sampled_from(["reiterates", "relates_to"]), _IDS),
        st.tuples(st.just("unverified"), rec, st.sampled_from(["not checked", None])),
        st.tuples(st.just("new-rec"), st.integers(0, 3), st.sampled_from(["", "kaz-ccpr-2016-p8"])),
        st.tuples(st.just("new-review"), st.sampled_from(["kaz-extra-1", "kaz-ccpr-2011"]), _ON),
        st.tuples(st.just("theme"), st.sampled_from(["added-1", "added-2"])),
        st.tuples(st.just("drop-theme"), st.sampled_from(THEMES)),
        st.tuples(st.just("version"), st.sampled_from(["2026.1", "2026.2"])),
    )


def _apply(ed: Editor, op: tuple[Any, ...], step: int) -> None:
    kind = op[0]
    if kind == "assess":
        ed.assess(op[1], status=op[2], on=op[3], by="compilers")
    elif kind == "respond":
        ed.respond(op[1], position="reply-received", on=op[2])
    elif kind == "themes":
        ed.set(op[1], "themes", op[2])
    elif kind == "link":  # by hand: the editor refuses unknown ids before the check
        _, rec = ed._rec_place(op[1])
        rec.setdefault(op[2], []).append(op[3])
    elif kind == "unverified":
        ed.set(op[1], "unverified", op[2])
    elif kind == "new-rec":
        review = sorted(BASE.reviews)[op[1]]
        rec_id = op[2] or f"kaz-new-{step}"
        if rec_id in BASE.recommendations:  # by hand: the editor refuses it at once
            file, path = ed._review_place(review)
            recs = file.change()["recommendations"] if not path else None
            assert recs is not None
            recs.append({"id": rec_id, "text": "A copy.", "source": {"document": "D"}})
        else:
            made = build_recommendation(id=rec_id, review=review, text="New.", document="D")
            ed.add_recommendation(made)
    elif kind == "new-review":
        review = Review(op[1], Mechanism("CCPR"), "KAZ", Text.of({"en": "Added"}), date=op[2])
        ed.add_review(review, file_name=f"added-{step}.yaml")
    elif kind == "drop-theme":  # by hand: the editor has no way to remove a theme
        manifest = ed._file(ed._layout.manifest).change()
        manifest["themes"] = [t for t in manifest["themes"] if t["id"] != op[1]]
    elif kind == "theme":
        ed.add_theme(Theme(id=op[1], label=Text.of({"en": "Added"})))
    else:
        ed.set_version(op[1])


def _full(ed: Editor, day: dt.date) -> Report:
    """A full check of the texts the edit would write (every file read and checked)."""
    touched = [f for f in ed._files.values() if f.touched]
    texts = {f.path: f.new_text()[0] for f in touched}
    layout = ed._layout
    new = tuple(p for p in texts if p not in layout.reviews and p != layout.manifest)
    layout = evolve(layout, reviews=tuple(sorted((*layout.reviews, *new))))
    return check_files(layout, [], texts, today=day, locate="errors")[1]


def _same(a: Report, b: Report) -> None:
    def key(r: Report) -> list[str]:
        return sorted(repr(p) for p in r.problems)

    assert key(a) == key(b)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.tuples(_DAYS, st.lists(_op(), min_size=1, max_size=3)), min_size=1, max_size=4))
def test_incremental_check_equals_full_check(steps: list[tuple[dt.date, list[Any]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kazakhstan"
        shutil.copytree(KAZ, root)
        for step, (day, ops) in enumerate(steps):
            refused = (_Abort, followup.EditError, followup.UnknownIdError)
            with contextlib.suppress(*refused), followup.edit(root, today=day) as ed:
                for op in ops:
                    _apply(ed, op, step)
                try:
                    incremental = ed.verify()
                except RegistryError as exc:
                    _same(exc.report, _full(ed, day))
                    raise _Abort from None
                _same(incremental, _full(ed, day))


def _count_checks(monkeypatch: Any) -> list[str]:
    """The files checked against the manifest from now on (as shown), in order."""
    checked: list[str] = []
    original = _filecheck.FileCheck.run

    def counting(self: Any, shown: str, *args: Any) -> Any:
        checked.append(shown)
        return original(self, shown, *args)

    monkeypatch.setattr(_filecheck.FileCheck, "run", counting)
    return checked


def test_an_edit_checks_only_the_file_it_changes(tmp_path: Path, monkeypatch: Any) -> None:
    root = tmp_path / "kazakhstan"
    shutil.copytree(KAZ, root)
    day = dt.date(2026, 1, 15)
    with followup.edit(root, today=day) as ed:  # the first edit checks every file
        ed.assess(RECS[0], status="implemented", on=dt.date(2025, 1, 1), by="compilers")
    checked = _count_checks(monkeypatch)
    with followup.edit(root, today=day) as ed:
        ed.assess(RECS[-1], status="implemented", on=dt.date(2025, 1, 1), by="compilers")
    file = BASE.recommendations[RECS[-1]].review
    assert len(checked) == 1 and checked[0].endswith(".yaml"), checked
    assert file in Path(checked[0]).read_text(encoding="utf-8")
    # the registry it wrote is the one a full load reads
    assert followup.load(root, cache=False, today=day).status(RECS[-1]) == "implemented"


def test_a_changed_manifest_checks_every_file_again(tmp_path: Path, monkeypatch: Any) -> None:
    root = tmp_path / "kazakhstan"
    shutil.copytree(KAZ, root)
    day = dt.date(2026, 1, 15)
    with followup.edit(root, today=day) as ed:
        ed.set_version("2026.1")
    checked = _count_checks(monkeypatch)
    with followup.edit(root, today=day) as ed:
        ed.set_version("2026.2")  # no file is checked against the version
    assert checked == []
    with followup.edit(root, today=day) as ed:
        ed.add_theme(Theme(id="added", label=Text.of({"en": "Added"})))
    assert len(checked) == 4  # each review file, against the new themes
    with followup.edit(root, today=day) as ed:
        ed.set_version("2026.3")
    assert len(checked) == 4  # and kept for the next edit


def test_a_file_changed_behind_the_edit_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "kazakhstan"
    shutil.copytree(KAZ, root)
    review = BASE.recommendations[RECS[0]].review
    with followup.edit(root, today=dt.date(2026, 1, 15)) as ed:
        path = next(p for p in ed._index.checked if review in p.read_text(encoding="utf-8"))
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        try:
            ed.assess(RECS[0], status="implemented", on=dt.date(2025, 1, 1), by="compilers")
        except followup.EditError as exc:
            assert "changed since the edit read it" in str(exc)
        else:
            raise AssertionError("the changed file was edited")


def test_a_file_changed_in_place_is_read_again(tmp_path: Path, monkeypatch: Any) -> None:
    """A file rewritten to the same size with its modification time set back is not
    taken as unchanged: its status-change time moved."""
    import os

    from followup.registry import _factstore

    monkeypatch.setattr(_factstore, "RACY_NS", 0)  # trust a file's status at once
    root = tmp_path / "kazakhstan"
    shutil.copytree(KAZ, root)
    day = dt.date(2026, 1, 15)
    with followup.edit(root, today=day) as ed:  # every file checked, its status kept
        ed.set_version("2026.1")
    victim = root / "reviews" / "ccpr-2016.yaml"
    text = victim.read_text(encoding="utf-8")
    info = victim.stat()
    assert "themes: [expression]" in text
    wrong = "themes: [" + "x" * len("expression") + "]"  # the same size: an unknown theme
    victim.write_text(text.replace("themes: [expression]", wrong, 1), encoding="utf-8")
    os.utime(victim, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert victim.stat().st_size == info.st_size
    try:
        with followup.edit(root, today=day) as ed:
            ed.set_version("2026.2")
    except RegistryError as exc:
        assert any(p.code == "unknown-theme" for p in exc.report.errors)
    else:
        raise AssertionError("the edit did not see the file's new content")


def test_an_unchanged_file_is_not_read(tmp_path: Path, monkeypatch: Any) -> None:
    from followup.registry import _factstore, reading

    monkeypatch.setattr(_factstore, "RACY_NS", 0)
    root = tmp_path / "kazakhstan"
    shutil.copytree(KAZ, root)
    day = dt.date(2026, 1, 15)
    for version in ("2026.1", "2026.2"):  # the second keeps each file's status
        with followup.edit(root, today=day) as ed:
            ed.set_version(version)
    read: list[str] = []
    original = reading.read_bytes

    def counting(path: Path, *args: Any, **kwargs: Any) -> bytes:
        read.append(Path(path).name)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(reading, "read_bytes", counting)
    with followup.edit(root, today=day) as ed:
        ed.set_version("2026.3")
    assert read == ["registry.yaml", "registry.yaml", "registry.yaml"], read


def test_a_damaged_fact_entry_is_ignored(tmp_path: Path, monkeypatch: Any) -> None:
    """A fact entry whose bytes changed (or that was made with another key) is not
    trusted: the file is checked again, and the edit goes on."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(cache))
    root = tmp_path / "kazakhstan"
    shutil.copytree(KAZ, root)
    day = dt.date(2026, 1, 15)
    with followup.edit(root, today=day) as ed:
        ed.set_version("2026.1")
    entries = sorted((cache / "facts").iterdir())
    assert len(entries) == 4 and all(e.stat().st_mode & 0o777 == 0o600 for e in entries)
    assert (cache / "facts").stat().st_mode & 0o777 == 0o700
    for entry in entries:  # one byte of each payload flipped
        data = bytearray(entry.read_bytes())
        data[-10] ^= 0x01
        entry.write_bytes(bytes(data))
    checked = _count_checks(monkeypatch)
    with followup.edit(root, today=day) as ed:
        ed.set_version("2026.2")
    assert len(checked) == 4
    with followup.edit(root, today=day) as ed:  # the entries made again are used
        ed.set_version("2026.3")
    assert len(checked) == 4
    (cache / "key").replace(tmp_path / "old-key")  # entries made with another key
    with followup.edit(root, today=day) as ed:
        ed.set_version("2026.4")
    assert len(checked) == 8
