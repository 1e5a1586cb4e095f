"""validate() never raises anything but FollowupError, whatever the bytes or YAML; hostile
shapes (millions of tiny values, 450,000 keys, a 2 MB line, special files) each get a
located message, with at most MAX_PROBLEMS_PER_FILE problems listed per file."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import followup
from followup.registry import yamlio
from followup.registry.locate import locate_problems
from followup.registry.report import MAX_PROBLEMS_PER_FILE

_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates().map(lambda d: d),
)
_keys = st.sampled_from(
    [
        "followup",
        "id",
        "title",
        "version",
        "states",
        "reviews",
        "recommendations",
        "history",
        "date",
        "status",
        "response",
        "text",
        "source",
        "document",
        "evidence",
        "x",
        "themes",
        "confidential",
        "unverified",
        "mechanism",
        "state",
        "scale",
        "follow_up",
    ]
)
_documents = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=6),
    max_leaves=30,
)


def _check(tmp_path: Path, payload: bytes) -> None:
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "registry.yaml"
    path.write_bytes(payload)
    report = followup.validate(path)  # must not raise
    assert isinstance(report, followup.Report)
    with contextlib.suppress(followup.FollowupError):
        followup.load(path)


@_SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes(tmp_path: Path, payload: bytes) -> None:
    _check(tmp_path, payload)


@_SETTINGS
@given(_documents)
def test_arbitrary_yaml_documents(tmp_path: Path, document: object) -> None:
    import io

    from ruamel.yaml import YAML

    buffer = io.StringIO()
    YAML(typ="safe", pure=True).dump(
        {"followup": 1, "doc": document} if not isinstance(document, dict) else document, buffer
    )
    _check(tmp_path, buffer.getvalue().encode("utf-8"))


# -- hostile shapes: each one a located message, whatever its size --------------------------
# (built here, never stored: see tests/corpus/README.md; bench/locate.py times them large)
CORPUS = Path(__file__).resolve().parent / "corpus"
TODAY = dt.date(2026, 11, 25)
HEAD = (
    "followup: 1\nid: kaz-ccpr-2030\nmechanism: CCPR\nstate: KAZ\n"
    "title: A hostile review\ndate: 2025-07-11\n"
)  # six lines; a shape's own lines start at line 7
HOSTILE = "reviews/zz-hostile.yaml"


def _with_review(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(CORPUS / "ok-directory", root)
    (root / HOSTILE).write_text(text, encoding="utf-8")
    return root


def _refused_at(text: str) -> tuple[int, int]:
    """Where too-many-values must point: the value (line break or comma) counted over
    the limit, found by walking the text (an oracle independent of yamlio's chunks)."""
    limit = yamlio.VALUES_ALLOWED + len(text) // yamlio.BYTES_PER_VALUE
    seen, line, column = 0, 1, 0
    for char in text:
        column += 1
        if char in "\n,":
            seen += 1
            if seen > limit:
                return line, column
        if char == "\n":
            line, column = line + 1, 0
    raise AssertionError("not over the limit")


def _dashes(count: int) -> str:
    return HEAD + "recommendations:\n" + "-\n" * count


def _flow_maps(count: int) -> str:
    return HEAD + "recommendations: [" + ", ".join(["{}"] * count) + "]\n"


def _many_keys(count: int) -> str:
    return HEAD + "".join(f"k{i:07d}: 1\n" for i in range(count))


def _items(count: int) -> str:
    return HEAD + "recommendations:\n" + "- x\n" * count


@dataclass(frozen=True)
class Shape:
    """A hostile review file and the first problem its report must hold."""

    name: str
    text: str
    code: str
    line: int
    column: int
    #: the file has too many problems to list: one too-many-problems must follow them
    capped: bool = False


def _refused(name: str, text: str) -> Shape:
    return Shape(name, text, "too-many-values", *_refused_at(text))


SHAPES = [
    _refused("dashes", _dashes(300_000)),
    _refused("flow-maps", _flow_maps(200_000)),
    _refused("keys-450000", _many_keys(450_000)),
    _refused("items", _items(200_000)),
    # under the values limit: every item is a problem; the first 200 are listed, located
    Shape("dashes-under-limit", _dashes(20_000), "not-a-mapping", 8, 2, capped=True),
    Shape("flow-maps-under-limit", _flow_maps(20_000), "missing-field", 7, 19, capped=True),
    Shape("keys-under-limit", _many_keys(20_000), "unknown-field", 7, 1, capped=True),
    Shape("items-under-limit", _items(20_000), "not-a-mapping", 8, 3, capped=True),
    Shape(
        "long-line",
        HEAD.replace("A hostile review", "x" * 2_000_000) + "bad: 1\n",
        "unknown-field",
        7,
        1,
    ),
    Shape(
        "tiny-flow-mapping",
        "{followup: 1, id: x, mechanism: CCPR, state: KAZ, title: t, date: 2025-07-11, bad: 1}",
        "unknown-field",
        1,
        79,
    ),
]


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "ruamel"])
@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_hostile_shape_is_one_located_report(shape: Shape, fast: bool, tmp_path: Path) -> None:
    root = _with_review(tmp_path, shape.text)
    report = followup.validate(root, fast=fast, today=TODAY)
    mine = [p for p in report.problems if Path(p.file or "").as_posix().endswith(HOSTILE)]
    assert mine, report.to_text()
    first = next(p for p in mine if p.code == shape.code)
    assert (first.line, first.column) == (shape.line, shape.column), first.to_text()
    assert all(p.line is not None for p in mine), report.to_text()
    summaries = [p for p in mine if p.code == "too-many-problems"]
    if shape.capped:
        assert len(summaries) == 1 and len(mine) == MAX_PROBLEMS_PER_FILE + 1
        assert "more" in summaries[0].message and summaries[0].hint
    else:
        assert not summaries and len(mine) <= 2, report.to_text()


def test_too_many_problems_counts_what_is_not_listed(tmp_path: Path) -> None:
    root = _with_review(tmp_path, _many_keys(20_000))
    report = followup.validate(root, today=TODAY)
    (summary,) = [p for p in report.problems if p.code == "too-many-problems"]
    assert "19,800 more problems not listed" in summary.message
    assert summary.severity is followup.Severity.ERROR
    # placed where the first problem left out is: the 201st key's value, line 7 + 200
    assert (summary.line, summary.column) == (207, 11)


# -- special files given as a registry -------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
def test_fifo_as_registry_says_it_is_not_a_file(tmp_path: Path) -> None:
    fifo = tmp_path / "registry.yaml"
    os.mkfifo(fifo)  # reading it would block forever
    report = followup.validate(fifo, today=TODAY)
    (problem,) = report.errors
    assert "FIFO" in problem.message and "not a regular file" in problem.message
    assert "no registry.yaml" not in problem.to_text()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_as_registry_says_it_is_not_a_file(tmp_path: Path) -> None:
    report = followup.validate("/dev/zero", today=TODAY)
    (problem,) = report.errors
    assert "device" in problem.message and "not a regular file" in problem.message
    root = tmp_path / "registry"
    (root / "reviews").mkdir(parents=True)
    (root / "registry.yaml").symlink_to("/dev/zero")
    (problem,) = followup.validate(root, today=TODAY).errors
    assert "not a regular file" in problem.message, problem.to_text()
    assert "no registry.yaml" not in problem.to_text()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_locating_never_reads_a_device() -> None:
    """A file swapped for /dev/zero between the check and the locating is not read."""
    problem = followup.Problem(followup.Severity.ERROR, "invalid-type", "x", "f.yaml", path=("a",))
    located = list(
        locate_problems([problem], {"f.yaml": Path("/dev/zero")}, {followup.Severity.ERROR}, {})
    )
    assert located == [problem]
