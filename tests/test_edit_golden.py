"""Golden files: each kind of edit on a hand-written registry gives exactly the expected bytes.

``tests/golden/registry`` is written the way people write YAML (comments at the ends of
lines and between items, blank lines, both quoting styles, folded and literal blocks,
flow lists and mappings, an unindented sequence). For each edit below,
``tests/golden/expected/<edit>/`` holds every file the edit changes or creates, byte for
byte; every other file must stay as it was. After a deliberate change of output, run
``FOLLOWUP_UPDATE_GOLDEN=1 pytest tests/test_edit_golden.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import followup
from followup.registry.editing import build_recommendation

from .conftest import TODAY

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("FOLLOWUP_UPDATE_GOLDEN") == "1"


def _assess_latest(ed: followup.Editor) -> None:
    ed.assess(
        "p52",
        status="partially-implemented",
        on=dt.date(2026, 3, 2),
        by="IPHR",
        evidence=["https://example.org/2026", "CCPR/C/KAZ/CO/2/Add.1"],
        note="Some fines lifted; the permission regime stays.",
    )


def _assess_between(ed: followup.Editor) -> None:
    ed.assess("p52", status="not-implemented", on=dt.date(2022, 1, 10), by="Committee watcher")


def _respond_first(ed: followup.Editor) -> None:
    ed.respond(
        "p53", position="reply-received", on=dt.date(2017, 7, 20), document="CCPR/C/KAZ/CO/2/Add.1"
    )


def _add_recommendation(ed: followup.Editor) -> None:
    ed.add_recommendation(
        build_recommendation(
            id="p54",
            review="ccpr-2016",
            text="Decriminalise 'spreading false information'.",
            document="CCPR/C/KAZ/CO/2",
            paragraph="54",
            themes=["expression"],
            reiterates=["p53"],
            unverified="paragraph number not checked against CCPR/C/KAZ/CO/2",
        )
    )


def _set_text(ed: followup.Editor) -> None:
    ed.set("p52", "text", "Align the assemblies law with article 21.")


def _set_quoted(ed: followup.Editor) -> None:
    ed.set("p53", "text", "Protect journalists; decriminalise defamation.")


def _set_themes(ed: followup.Editor) -> None:
    ed.set("p52", "themes", ("assembly", "expression"))


def _remove_note(ed: followup.Editor) -> None:
    ed.set("p53", "note", None)


def _link(ed: followup.Editor) -> None:
    ed.link("p53", relates_to=["p52"])
    ed.link("p52", reiterates=["p53"])


def _bump_version(ed: followup.Editor) -> None:
    ed.set_version("2025.10")


def _add_review(ed: followup.Editor) -> None:
    ed.add_review(
        followup.Review(
            id="ccpr-2025",
            mechanism=followup.Mechanism.CCPR,
            state="KAZ",
            title=followup.Text.of({"en": "Third periodic report", "ru": "Третий доклад"}),
            date=dt.date(2025, 7, 11),
            documents=(followup.Document(symbol="CCPR/C/KAZ/CO/3"),),
        )
    )


def _several(ed: followup.Editor) -> None:
    _assess_latest(ed)
    _respond_first(ed)
    _bump_version(ed)


EDITS: dict[str, Callable[[followup.Editor], None]] = {
    "assess-latest": _assess_latest,
    "assess-between": _assess_between,
    "respond-first": _respond_first,
    "add-recommendation": _add_recommendation,
    "set-folded-text": _set_text,
    "set-quoted-text": _set_quoted,
    "set-flow-list": _set_themes,
    "remove-field": _remove_note,
    "link": _link,
    "bump-version": _bump_version,
    "add-review": _add_review,
    "several": _several,
}


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    }


@pytest.mark.parametrize("name", list(EDITS))
def test_golden(name: str, tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    shutil.copytree(GOLDEN / "registry", registry)
    before = _files(registry)
    with followup.edit(registry, today=TODAY) as ed:
        EDITS[name](ed)
    after = _files(registry)
    changed = {path: data for path, data in after.items() if before.get(path) != data}
    expected_dir = GOLDEN / "expected" / name
    if UPDATE:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for path, data in changed.items():
            (expected_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / path).write_bytes(data)
    assert changed == _files(expected_dir)
    assert not followup.validate(registry, today=TODAY).errors


def test_every_edit_has_expected_files() -> None:
    assert sorted(p.name for p in (GOLDEN / "expected").iterdir()) == sorted(EDITS)


def test_golden_registry_is_valid() -> None:
    report = followup.validate(GOLDEN / "registry", today=TODAY)
    assert not report.errors and not report.warnings
