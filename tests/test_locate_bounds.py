"""Locating problems stays within a multiple of the file's size, and finds what the
round-trip loader found.

The memory bound is checked for real: each shape is validated in a child process whose
address space is limited (``RLIMIT_AS``) to what it had after ``import followup``, plus
a fixed allowance, plus 20 times the hostile file's size; going over raises MemoryError
there and fails the test. No time is asserted (``bench/locate.py`` measures time
against a clean load of the same size).
"""

from __future__ import annotations

import importlib
import inspect
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from followup.registry.locate import find_positions, locate_problems
from followup.registry.report import (
    MAX_PROBLEMS_PER_FILE,
    Problem,
    ProblemBudget,
    Severity,
    cap_problems,
)

CORPUS = Path(__file__).resolve().parent / "corpus"
MIB = 1024 * 1024
HOSTILE = "reviews/zz-hostile.yaml"
HEAD = (
    "followup: 1\nid: kaz-ccpr-2030\nmechanism: CCPR\nstate: KAZ\n"
    "title: A hostile review\ndate: 2025-07-11\n"
)
#: room for what any validation allocates whatever the size (parser tables, model classes)
ALLOWANCE = 64 * MIB
#: 17 bytes per value: the densest files yamlio reads whole (16 is the limit)
WIDE = 17

_CHILD = r"""
import datetime, json, resource, sys
import followup
def vm_size():
    with open("/proc/self/status") as lines:
        for line in lines:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
limit = vm_size() + int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
try:
    report = followup.validate(sys.argv[1], fast=sys.argv[3] == "fast",
                               today=datetime.date(2026, 11, 25))
except MemoryError:
    print(json.dumps({"memory_error": True}))
    sys.exit(3)
mine = [p for p in report.problems if (p.file or "").endswith("zz-hostile.yaml")]
print(json.dumps({
    "codes": sorted({p.code for p in mine}),
    "first": [[p.code, p.line, p.column] for p in mine][:1],
    "unlocated": sum(p.line is None for p in mine),
    "count": len(mine),
}))
"""


def _dashes(size: int) -> str:
    head = HEAD + "recommendations:\n"
    return head + ("-" + " " * (WIDE - 2) + "\n") * ((size - len(head)) // WIDE)


def _dense_dashes(size: int) -> str:
    head = HEAD + "recommendations:\n"
    return head + "-\n" * ((size - len(head)) // 2)


def _flow_maps(size: int) -> str:
    head = HEAD + "recommendations: ["
    return head + ", ".join(["{}" + " " * (WIDE - 4)] * ((size - len(head)) // WIDE)) + "]\n"


def _keys(size: int) -> str:
    return HEAD + "".join(f"k{i:012d}: 1\n" for i in range(size // WIDE))


def _items(size: int) -> str:
    head = HEAD + "recommendations:\n"
    return head + ("- " + "x" * (WIDE - 3) + "\n") * ((size - len(head)) // WIDE)


def _long_line(size: int) -> str:
    return HEAD.replace("A hostile review", "x" * (size - len(HEAD))) + "bad: 1\n"


def _budgeted() -> bool:
    """True when the loader stops making problems for a file at the limit."""
    module = importlib.import_module("followup.registry.load")
    return "ProblemBudget" in inspect.getsource(module)


_NEEDS_BUDGET = pytest.mark.skipif(
    not _budgeted(), reason="needs load.py to count problems with ProblemBudget (issue 13)"
)

CASES = [
    pytest.param(_dashes, 2 * MIB, "not-a-mapping", (8, 2), id="dashes-2MiB"),
    pytest.param(_dense_dashes, 2 * MIB, "too-many-values", None, id="dense-dashes-2MiB"),
    pytest.param(_keys, 2 * MIB, "unknown-field", (7, 1), id="keys-2MiB"),
    pytest.param(_items, 2 * MIB, "not-a-mapping", (8, 3), id="items-2MiB"),
    pytest.param(_long_line, 2 * MIB, "unknown-field", (7, 1), id="long-line-2MiB"),
    pytest.param(
        _flow_maps, 1 * MIB, "missing-field", (7, 19), id="flow-maps-1MiB", marks=_NEEDS_BUDGET
    ),
]


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "ruamel"])
@pytest.mark.parametrize(("build", "size", "code", "where"), CASES)
def test_located_report_fits_in_twenty_times_the_file(
    build: object, size: int, code: str, where: tuple[int, int] | None, fast: bool, tmp_path: Path
) -> None:
    assert callable(build)
    if not fast and build in (_flow_maps, _dashes, _items, _keys):
        # ruamel.yaml's safe loader keeps a node (about 700 bytes) per value: the
        # clean load of such a file already takes more than 20x (docs/performance.md)
        pytest.skip("ruamel.yaml's own memory per value is over the bound for dense files")
    root = tmp_path / "registry"
    shutil.copytree(CORPUS / "ok-directory", root)
    text = build(size)
    (root / HOSTILE).write_text(text, encoding="utf-8")
    budget = ALLOWANCE + 20 * len(text)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(root), str(budget), "fast" if fast else "ruamel"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr[-2000:])
    got = json.loads(done.stdout)
    assert code in got["codes"], got
    assert got["unlocated"] == 0, got
    assert got["count"] <= MAX_PROBLEMS_PER_FILE + 1, got
    if where is not None:
        assert got["first"] == [[code, *where]], got


# -- the locator finds what the round-trip loader found ------------------------------------
def test_keys_of_every_type_are_found() -> None:
    text = "a: 1\n2016: x\ntrue: 1\n'3': 1\n~: 2\n3: 4\nnested:\n  - {b: [1, 2]}\n"
    root = find_positions(text, [("a",), (2016,), (True,), ("3",), (None,), (3,)])
    keys = {part: child.key for part, child in root.children.items()}
    assert root.children["a"].value == (1, 4, "1")
    assert keys["a"] == (1, 1, "a")
    assert keys[2016] == (2, 1, "2016")
    assert keys[True] == (3, 1, "true")
    assert keys["3"] == (4, 1, None)  # the quoted '3', not the plain 3 below
    assert keys[None] == (5, 1, "~")
    assert keys[3] == (6, 1, "3")
    deep = find_positions(text, [("nested", 0, "b", 1)])
    item = deep.children["nested"].children[0].children["b"].children[1]
    assert item.value == (8, 13, "2")


def _problem(
    path: tuple[str | int, ...], code: str = "invalid-type", hint: str | None = None
) -> Problem:
    return Problem(Severity.ERROR, code, "x", "f.yaml", path=path, hint=hint)


def test_paths_beyond_the_document_stop_at_the_deepest_node(tmp_path: Path) -> None:
    file = tmp_path / "f.yaml"
    file.write_text("a:\n  b: 1\nc: [x]\n", encoding="utf-8")
    problems = [
        _problem(("a", "b", "deeper")),  # b is a scalar: its own place
        _problem(("a", "missing")),  # the mapping a
        _problem(("nowhere",)),  # the document
        _problem(("c", 5)),  # no such item: the list
        _problem(("a", "b"), code="unknown-field"),  # the key itself
    ]
    located = list(locate_problems(problems, {"f.yaml": file}, {Severity.ERROR}, {}))
    assert [(p.line, p.column) for p in located] == [(2, 6), (2, 3), (1, 1), (3, 4), (2, 3)]


def test_quote_hint_shows_the_number_as_written(tmp_path: Path) -> None:
    file = tmp_path / "f.yaml"
    file.write_text("version: 2025.10\n", encoding="utf-8")
    problem = _problem(("version",), hint='quote it: "2025.1"')
    (located,) = locate_problems([problem], {"f.yaml": file}, {Severity.ERROR}, {})
    assert located.hint == 'quote it: "2025.10"'


def test_text_given_is_used_instead_of_the_file(tmp_path: Path) -> None:
    file = tmp_path / "f.yaml"  # never written: the editor's text is used
    (located,) = locate_problems(
        [_problem(("b",))], {"f.yaml": file}, {Severity.ERROR}, {file: "a: 1\nb: 2\n"}
    )
    assert (located.line, located.column) == (2, 4)


# -- the problem cap -------------------------------------------------------------------------
def test_cap_keeps_the_first_of_each_file_and_merges_summaries() -> None:
    many = [_problem(("k", i)) for i in range(MAX_PROBLEMS_PER_FILE + 50)]
    other = Problem(Severity.WARNING, "w", "y", "g.yaml")
    budget = ProblemBudget()
    kept = [p for p in many if budget.take(p)]
    budget.skip("f.yaml", 1000, ("k", 999))
    capped = cap_problems([*kept, *budget.summaries(), other, *many[:5]])
    mine = [p for p in capped if p.file == "f.yaml"]
    (summary,) = [p for p in mine if p.code == "too-many-problems"]
    assert len(mine) == MAX_PROBLEMS_PER_FILE + 1
    assert "55 more problems not listed" in summary.message  # 50 + the 5 over the cap
    assert "1,000 more items not checked" in summary.message
    assert other in capped
