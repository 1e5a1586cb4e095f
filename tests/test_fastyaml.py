"""Differential tests: the fast YAML path gives exactly the data ruamel.yaml's safe loader gives.

For every input, ``yamlio.parse(text)`` (fast path on) must either equal
``yamlio.safe_load(text)`` (ruamel.yaml, the reference) or both must raise
``ParseFailure``. "Equal" is strict (see :func:`difference`): same types (``1`` is not
``True``, ``1`` is not ``1.0``, a ``date`` is not a ``str``), same key order, NaN equal to
NaN.

Inputs: every YAML file of the registries shipped in ``registries/`` and of
``tests/corpus/`` (globbed when the tests are collected), a generated benchmark registry,
hand-written hostile inputs, and hypothesis: generated documents, arbitrary text and a
registry-shaped document with random edits.

Every divergence these tests found is a case in ``GUARDED``: yaml-rs reads it differently
from ruamel.yaml, so ``fastyaml`` must decline it. The property tests tolerate no
divergence at all.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import followup
from followup.registry import fastyaml, yamlio

ROOT = Path(__file__).resolve().parent.parent
#: Multiplies the number of hypothesis examples (e.g. FOLLOWUP_FASTYAML_SCALE=20 for a hunt).
SCALE = int(os.environ.get("FOLLOWUP_FASTYAML_SCALE", "1"))

pytestmark = pytest.mark.skipif(not fastyaml.available(), reason="yaml-rs is not installed")


# -- comparing --------------------------------------------------------------------------


def first_difference(got: Any, want: Any, where: str = "$") -> tuple[str, Any, Any] | None:
    """The first place where ``got`` and ``want`` differ: (path, got's part, want's part).

    Stricter than ``==``: types must match exactly, mapping keys must come in the same
    order, NaN equals NaN, ``-0.0`` differs from ``0.0``, and date-times and times must
    have the same UTC offset.
    """
    if type(got) is not type(want):
        return where, got, want
    if isinstance(got, dict):
        if len(got) != len(want):
            return where, got, want
        for index, ((k1, v1), (k2, v2)) in enumerate(zip(got.items(), want.items(), strict=True)):
            found = first_difference(k1, k2, f"{where}.<key {index}>") or first_difference(
                v1, v2, f"{where}[{k1!r}]"
            )
            if found:
                return found
        return None
    if isinstance(got, list | tuple):
        if len(got) != len(want):
            return where, got, want
        for index, (a, b) in enumerate(zip(got, want, strict=True)):
            found = first_difference(a, b, f"{where}[{index}]")
            if found:
                return found
        return None
    if isinstance(got, float):
        if math.isnan(got) and math.isnan(want):
            return None
        if got == want and math.copysign(1.0, got) == math.copysign(1.0, want):
            return None
        return where, got, want
    if isinstance(got, dt.datetime | dt.time):
        return None if got == want and got.utcoffset() == want.utcoffset() else (where, got, want)
    return None if got == want else (where, got, want)


def difference(got: Any, want: Any) -> str | None:
    """How ``got`` differs from ``want`` (see :func:`first_difference`), None if it does not."""
    found = first_difference(got, want)
    if found is None:
        return None
    where, a, b = found
    return f"at {where}: fast path {type(a).__name__} {a!r}, ruamel {type(b).__name__} {b!r}"


def test_difference_is_strict() -> None:
    assert difference({"a": [1, 2.0, None]}, {"a": [1, 2.0, None]}) is None
    assert difference(float("nan"), float("nan")) is None
    assert difference(1, True) is not None
    assert difference(True, 1) is not None
    assert difference(1, 1.0) is not None
    assert difference(dt.date(2025, 1, 1), "2025-01-01") is not None
    assert difference(dt.datetime(2025, 1, 1), dt.date(2025, 1, 1)) is not None
    assert difference(0.0, -0.0) is not None
    assert difference({"a": 1, "b": 2}, {"b": 2, "a": 1}) is not None
    assert difference([1], (1,)) is not None
    utc = dt.UTC
    assert difference(dt.datetime(2025, 1, 1, tzinfo=utc), dt.datetime(2025, 1, 1)) is not None


class Outcome(NamedTuple):
    """What the fast path and the reference made of one text."""

    text: str
    fast_answered: bool  # False when fastyaml declined (the reference then reads it)
    got: Any
    got_failure: yamlio.YamlProblem | None
    want: Any
    want_failure: yamlio.YamlProblem | None
    problem: str | None  # how they disagree, None when they agree


def compare(text: str) -> Outcome:
    """Run ``yamlio.parse`` (fast path on) and ``yamlio.safe_load`` on ``text``."""
    fast_answered = fastyaml.parse(text) is not fastyaml.DECLINED
    got: Any = None
    want: Any = None
    got_failure = want_failure = None
    try:
        got = yamlio.parse(text)
    except yamlio.ParseFailure as failure:
        got_failure = failure.problem
    try:
        want = yamlio.safe_load(text)
    except yamlio.ParseFailure as failure:
        want_failure = failure.problem
    problem: str | None
    if got_failure is not None and want_failure is not None:
        problem = None
    elif got_failure is not None:
        problem = f"fast path refused ({got_failure.code}: {got_failure.message}); ruamel: {want!r}"
    elif want_failure is not None:
        problem = (
            f"fast path gave {got!r}; ruamel refused ({want_failure.code}: {want_failure.message})"
        )
    else:
        problem = difference(got, want)
    return Outcome(text, fast_answered, got, got_failure, want, want_failure, problem)


def assert_same(text: str) -> Outcome:
    """Fail unless the fast path and ruamel.yaml agree on ``text``."""
    outcome = compare(text)
    if outcome.problem is not None:
        pytest.fail(f"fast-path divergence on {text[:2000]!r}: {outcome.problem}")
    return outcome


# -- registries and corpus files ----------------------------------------------------------


def _yaml_files() -> list[Path]:
    found: list[Path] = []
    for top in (ROOT / "registries", ROOT / "tests" / "corpus"):
        if top.is_dir():
            found += sorted(p for p in top.rglob("*") if p.suffix in (".yaml", ".yml"))
    return [p for p in found if p.is_file()]


@pytest.mark.parametrize(
    "path", _yaml_files(), ids=lambda p: str(p.relative_to(ROOT)) if isinstance(p, Path) else p
)
def test_registry_and_corpus_files(path: Path) -> None:
    try:
        text = yamlio.decode(path.read_bytes())
    except yamlio.ParseFailure:  # not UTF-8, too large: neither parser sees it
        return
    assert_same(text)


def test_shipped_registry_is_found() -> None:
    assert any(p.name == "registry.yaml" for p in _yaml_files())


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "registries").rglob("*.yaml")),
    ids=lambda p: str(p.relative_to(ROOT)) if isinstance(p, Path) else p,
)
def test_shipped_registry_takes_the_fast_path(path: Path) -> None:
    # hand-written registries are what the fast path is for: it must not decline them
    assert fastyaml.parse(yamlio.decode(path.read_bytes())) is not fastyaml.DECLINED


def _bench_generate() -> Callable[..., Path]:
    """``bench/generate.py``'s ``generate`` (bench/ is not a package: import it by path)."""
    spec = importlib.util.spec_from_file_location("_bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generate: Callable[..., Path] = module.generate
    return generate


@pytest.fixture(scope="module")
def bench_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _bench_generate()(tmp_path_factory.mktemp("bench"), recommendations=200, per_file=60)


def test_generated_registry_is_valid(bench_registry: Path) -> None:
    # the benchmark's registry: no problem at all (not even a warning), either path
    assert followup.validate(bench_registry).problems == ()
    assert followup.validate(bench_registry, fast=False).problems == ()


def test_generated_registry(bench_registry: Path) -> None:
    files = [bench_registry / "registry.yaml", *sorted((bench_registry / "reviews").glob("*"))]
    assert len(files) == 5
    for path in files:
        outcome = assert_same(yamlio.decode(path.read_bytes()))
        # the benchmark measures the fast path: it must not decline registry-shaped files
        assert outcome.fast_answered, f"fast path declined {path.name}"


# -- hostile inputs --------------------------------------------------------------------------

HOSTILE: dict[str, str] = {
    "duplicate key": "a: 1\na: 2\n",
    "duplicate key, quoted and plain": 'a: 1\n"a": 2\n',
    "duplicate key, 1 and true": "1: a\ntrue: b\n",
    "duplicate key, 1 and 1.0": "1: a\n1.0: b\n",
    "duplicate key, ~ and null": "~: 1\nnull: 2\n",
    "duplicate key, 12 and 0o14": "12: a\n0o14: b\n",
    "duplicate key, dates": "2025-06-30: a\n2025-06-30: b\n",
    "duplicate key in flow": "{a: 1, a: 2}",
    "anchor and alias": "a: &x 1\nb: *x\n",
    "anchor only": "a: &x 1\n",
    "alias in flow": "a: &x 1\nb: [*x]\n",
    "self-referencing alias": "a: &a [*a]\n",
    "billion laughs": (
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
            for i in range(8)
        )
    ),
    "python object tag": "a: !!python/object/apply:os.system ['echo hi']\n",
    "python name tag": "!!python/name:os.system\n",
    "str tag": "a: !!str 1\n",
    "custom tag": "a: !custom x\n",
    "local tag on mapping": "!thing\na: 1\n",
    "verbatim tag": "a: !<tag:yaml.org,2002:str> 1\n",
    "yaml 1.1 directive": "%YAML 1.1\n---\na: yes\nb: 0o14\nc: 014\n",
    "tag directive": "%TAG ! tag:example.com,2000:\n---\na: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "two documents, both marked": "--- 1\n--- 2\n",
    "end marker": "a: 1\n...\n",
    "end marker and comment": "a: 1\n... # end\n",
    "end marker then document": "a: 1\n...\n---\nb: 2\n",
    "start marker": "---\na: 1\n",
    "start marker with scalar": "--- |\n  x\n",
    "bell character": "a: \x07\n",
    "escape character": "a: b\x1bc\n",
    "NUL": "a: \x00\n",
    "DEL": "a: \x7f\n",
    "C1 control": "a: \x9b\n",
    "NEL as line break": "a: x\x85b: y\n",
    "line separator": "a: x\u2028b: y\n",
    "paragraph separator": "a: x\u2029b: y\n",
    "U+FFFE": "a: \ufffe\n",
    "escaped control in quotes": 'a: "\\x07\\x00\\x85"\n',
    "unquoted date": "a: 2025-06-30\n",
    "double-quoted date": 'a: "2025-06-30"\n',
    "single-quoted date": "a: '2025-06-30'\n",
    "quoted date key": '"2025-06-30": a\n',
    "quoted date in flow": '[2025-06-30, "2025-06-30"]\n',
    "date with one-digit month": "a: 2025-6-30\n",
    "datetime": "a: 2025-06-30T10:00:00\n",
    "datetime with space": "a: 2025-06-30 10:00:00\n",
    "datetime with zone": "a: 2001-12-14t21:59:43.10-05:00\n",
    "datetime with Z": "a: 2025-06-30T10:00:00Z\n",
    "datetime with short zone": "a: 2001-12-14 21:59:43.10 -5\n",
    "impossible time": "a: 2025-06-30T25:00:00\n",
    "merge key": "a: {x: 1}\nb:\n  <<: {x: 2}\n  y: 3\n",
    "merge key plain": "<<: 1\n",
    "= value": "a: =\n",
    "= in flow": "[=]\n",
    "= inside text": "a: x = y\n",
    "0x1F": "a: 0x1F\n",
    "0X1F": "a: 0X1F\n",
    "-0x1F": "a: -0x1F\n",
    "0x_1F": "a: 0x_1F\n",
    "0o14": "a: 0o14\n",
    "0O14": "a: 0O14\n",
    "-0o14": "a: -0o14\n",
    "014": "a: 014\n",
    "09": "a: 09\n",
    "_1": "a: _1\n",
    "-_1": "a: -_1\n",
    "0b1": "a: 0b1\n",
    "0B1": "a: 0B1\n",
    "1_000": "a: 1_000\n",
    "1_": "a: 1_\n",
    "1_000.5": "a: 1_000.5\n",
    "big integer": "a: 123456789012345678901234567890\n",
    "big hex": "a: 0x123456789abcdef0123\n",
    "1e500": "a: 1e500\n",
    "floats": "[1e3, 1.5e3, .5, -.5, +.5, 1., 0.5e-3, 1.0E+3, .5e+3, -0.0]\n",
    ".inf": "[.inf, -.inf, +.inf, .Inf, .INF]\n",
    ".nan": "[.nan, .NaN, .NAN, +.nan, -.nan]\n",
    "10:00:00": "a: 10:00:00\n",
    "10:00": "a: 10:00\n",
    "190:20:30": "a: 190:20:30\n",
    "-1:30": "a: -1:30\n",
    "sexagesimal in flow": "[10:00:00, 1:20]\n",
    "sexagesimal quoted (declined)": 'a: "2025-06-30T10:00"\n',
    "yes no on off": "[yes, no, on, off, Yes, NO, On, OFF, y, n, Y, N]\n",
    "booleans": "[true, True, TRUE, false, False, FALSE, tRUE, fAlse]\n",
    "nulls": "[~, null, Null, NULL, nULL, '~', '']\n",
    "null value": "a:\nb: ~\n",
    "null item": "- \n- ~\n",
    "null key": "? \n: x\n",
    "empty document": "",
    "only spaces": "   \n",
    "only newlines": "\n\n\n",
    "comment-only document": "# nothing here\n# at all\n",
    "start marker only": "---\n",
    "sequence key": "? [1, 2]\n: x\n",
    "sequence key in flow": "{[a]: b}\n",
    "plain multi-line": "a: b\n  c\n\n  d\n",
    "literal block": "a: |\n  x\n   y\n  z\n",
    "folded block": "a: >\n  x\n   y\n  z\n\n  w\n",
    "keep chomping": "a: |+\n  x\n\n\nb: 1\n",
    "indentation indicator": "a: |2\n   x\n  y\n",
    "block scalar of a number": "a: >-\n  12\n",
    "escapes": 'a: "\\N\\_\\L\\P\\e\\/\\ \\U0001F600\\x41\\t\\u00e9"\n',
    "bad escape": 'a: "\\q"\n',
    "lone surrogate escape": 'a: "\\uD800"\n',
    "single quote escape": "a: 'it''s'\n",
    "comment after value": "a: b # c\n",
    "hash inside value": "a: b#c\n",
    "reserved indicator @": "a: @b\n",
    "reserved indicator `": "a: `b\n",
    "unclosed flow": "a: [b, c\n",
    "unclosed quote": 'a: "b\n',
    "trailing comma in flow": "[a, b, ]\n",
    "flow pair in sequence": "[a: 1, b]\n",
    "compact nested sequences": "- - a\n  - b\n- c\n",
    "CRLF line ends": "a: 1\r\nb: 2\r\n",
    "CR line ends": "a: 1\rb: 2\r",
    "non-ASCII": "ключ: значение\nemoji: 😀\n",
    "tab after colon": "a:\tb\n",
    "tab after a dash": "- a\n-\tb\n",
    "tab indentation": "a:\n\t- b\n",
    "tab in flow": "a: [1,\t2]\n",
    "tab inside value": "a: b\tc\n",
    "tab before comment": "a: b\t# c\n",
    "tab in block scalar, later line": "a: |\n  x\n  \ty\n",
    "deep flow nesting, 300": "[" * 300 + "]" * 300,
    "deep flow nesting, 300, mappings": "{a: " * 300 + "b" + "}" * 300,
    "deep flow nesting, 32": "[" * 32 + "]" * 32,
    "deep block sequences, 12": "- " * 12 + "a\n",
    "deep block sequences, 100": "".join(" " * i + "-\n" for i in range(0, 200, 2)),
    "deep block mappings, 99": "".join(" " * i + "k:\n" for i in range(99)) + " " * 99 + "v\n",
    "deep indentation": " " * 150 + "a: 1\n",
    "very deep flow nesting, 20000": "[" * 20_000 + "]" * 20_000,
}


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile(text: str) -> None:
    assert_same(text)


#: Read by the fast path (not declined), as ruamel.yaml reads them: empty list items
#: ("-" ending its line) and empty flow collections inside a one-line flow collection.
#: Files of millions of these are what hostile input looks like (issue 13); ruamel.yaml
#: needs about 700 bytes per value for them, yaml-rs about 80.
FAST_TOO = {
    "bare dashes": "a:\n-\n-\n- x\n",
    "bare dashes, indented": "a:\n  -\n  -   \n",
    "nested bare dash": "- -\n- - -\n",
    "bare dash at the root": "-\n-\n",
    "empty flow collections": "a: [{}, [], {  }, [ ]]\n",
    "empty mappings in a list": "a: [{},{}]\n",
    "empty mapping as a flow value": "a: {b: {}}\n",
    "list of empty lists": "- [[]]\n- [{}]\n",
    "dash continuing a plain scalar": "a: foo\n  -\n",
}


@pytest.mark.parametrize("text", list(FAST_TOO.values()), ids=list(FAST_TOO))
def test_empty_items_take_the_fast_path(text: str) -> None:
    assert fastyaml.parse(text) is not fastyaml.DECLINED
    assert_same(text)


@pytest.mark.parametrize(
    "text",
    ["a: [{}]x\n", "a: [{b}]\n", "a: [[], [x]]\n", "-  # c\n- -1\n", "a: [{}, ]\n"],
)
def test_other_nested_flows_are_still_declined_or_agree(text: str) -> None:
    assert_same(text)


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbfa: 1",
        b"\xef\xbb\xbfa: 1\nb: [x]\n",
        b"\xef\xbb\xbf",
        b"\xef\xbb\xbf# comment\n",
    ],
)
def test_bom_handled_by_decode(raw: bytes) -> None:
    text = yamlio.decode(raw)
    assert not text.startswith("\ufeff")
    assert_same(text)


# Minimal examples of the divergences these tests found between yaml-rs and ruamel.yaml:
# (id, text, what each makes of it). fastyaml must decline every one of them.
GUARDED: list[tuple[str, str, str]] = [
    # a date- or time-like *string* value that yaml-rs makes a date/datetime/time
    ("folded block date", "a: >-\n  2025-06-30\n", "ruamel str '2025-06-30', fast date"),
    ("literal block date", "a: |-\n  2025-06-30\n", "ruamel str '2025-06-30', fast date"),
    ("escaped quoted date", 'a: "202\\x35-06-30"\n', "ruamel str '2025-06-30', fast date"),
    ("quoted date, escaped break", 'a: "\\\n  2025-06-30"\n', "ruamel str, fast date"),
    ("escaped quoted date key", '"202\\x35-06-30": 1\n', "ruamel str key, fast date key"),
    ("datetime without seconds", "a: 2025-06-30T10:00\n", "ruamel str, fast datetime"),
    ("datetime without seconds, Z", "a: 2025-06-30T10:00Z\n", "ruamel str, fast datetime"),
    ("time with a fraction", "a: 10:00:00.5\n", "ruamel str '10:00:00.5', fast time"),
    ("quoted time", "a: '10:00:00'\n", "ruamel str '10:00:00', fast time"),
    # an impossible date: ruamel refuses the file, yaml-rs reads a string
    ("impossible date", "a: 2025-02-30\n", "ruamel refuses (day out of range), fast str"),
    ("year zero", "a: 0000-01-01\n", "ruamel refuses (year 0 out of range), fast str"),
    # float spellings that YAML 1.2 (and ruamel) read as strings
    ("float .5e3", "a: .5e3\n", "ruamel str '.5e3', fast float 500.0"),
    ("float 1e_3", "a: 1e_3\n", "ruamel str '1e_3', fast float 1000.0"),
    ("infinity, mixed case", "a: .iNF\n", "ruamel str '.iNF', fast float inf"),
    ("NaN, mixed case", "a: .Nan\n", "ruamel str '.Nan', fast float nan"),
    # NEL, LS and PS: line breaks for ruamel (as in YAML 1.1), ordinary characters for yaml-rs
    ("NEL alone", "\x85", "ruamel None (an empty document), fast '\\x85'"),
    ("NEL ends a comment", "# c\x85a: 1\n", "ruamel {'a': 1}, fast None"),
    ("NEL in a value", "a: b\x85\n", "ruamel {'a': 'b'}, fast {'a': 'b\\x85'}"),
    ("LS ends a value", "a: x\u2028\n", "ruamel {'a': 'x'}, fast {'a': 'x\\u2028'}"),
    ("NEL in a quoted value", "a: 'x\x85y'\n", "ruamel 'x y', fast 'x\\x85y'"),
    ("PS alone", "\u2029", "ruamel None, fast '\\u2029'"),
    # what ruamel refuses and yaml-rs reads
    ("NaN keys", ".nan: 1\n.nan: 2\n", "ruamel duplicate-key, fast {nan: 1, nan: 2}"),
    ("tab before the first key", "\ta: 1\n", "ruamel tab-indentation, fast {'a': 1}"),
    (
        "tab opening a block scalar",
        "a: |\n  \tx\n",
        "ruamel's C scanner refuses (tab-indentation), fast {'a': '\\tx\\n'}",
    ),
    (
        "flow nesting 33 deep",
        "[" * 33 + "]" * 33,
        "ruamel too-deep (33 > MAX_DEPTH 32), fast reads it (fastyaml._depth_ok is off by one)",
    ),
    (
        "block nesting 33 deep",
        "".join(" " * i + "k:\n" for i in range(33)) + " " * 33 + "v\n",
        "ruamel too-deep (33 > MAX_DEPTH 32), fast reads it (fastyaml._depth_ok is off by one)",
    ),
    ("mapping as a key", "? {a: 1}\n: x\n", "ruamel yaml-syntax, fast {frozenset(...): 'x'}"),
    ("empty key", ": x\n", "ruamel yaml-syntax, fast {None: 'x'}"),
    ("block indicator in flow", "[>-]\n", "ruamel yaml-syntax, fast ['>-']"),
    ("question mark alone in flow", "[?]\n", "ruamel yaml-syntax, fast ['?']"),
    ("question mark key in flow", "{?: x}\n", "ruamel {None: 'x'}, fast {'?': 'x'}"),
    ("colon opening a flow scalar", "[:0]\n", "ruamel yaml-syntax, fast [':0']"),
    ("question mark ending a flow scalar", "[0?]\n", "ruamel yaml-syntax, fast ['0?']"),
    ("question mark opening a flow scalar", "[?0]\n", "ruamel [{0: None}], fast ['?0']"),
    ("timestamp in flow", "[2025-06-30t10:00:00Z]\n", "ruamel yaml-syntax, fast [datetime]"),
    # a ':' inside a plain scalar in a flow collection (e.g. a URL): ruamel's C scanner
    # refuses it ("found unexpected ':'"), yaml-rs reads it as YAML 1.2 allows
    ("URL in a flow sequence", "a: [https://example.org]\n", "ruamel yaml-syntax, fast read"),
    ("URL in a flow mapping", "{url: https://example.org}\n", "ruamel yaml-syntax, fast read"),
    ("colon in a flow key", "{a:b: c}\n", "ruamel yaml-syntax, fast {'a:b': 'c'}"),
    ("empty value in a flow sequence", "[a:]\n", "ruamel yaml-syntax, fast [{'a': None}]"),
    ("surrogate pair escape", 'a: "\\ud83d\\ude00"\n', "ruamel yaml-syntax, fast '😀'"),
    ("BOM inside the text", "a: 1\n\ufeffb: 2\n", "ruamel yaml-syntax, fast {'\\ufeffb': 2}"),
    # a BOM left after decode() (a file starting with two BOMs)
    ("second BOM", "\ufeffa: 1\n", "ruamel {'a': 1}, fast {'\\ufeffa': 1}"),
    # block scalars: the final line break
    ("empty folded block", "a: >\n", "ruamel '', fast '\\n'"),
    ("empty literal block", "a: |\n\n\n", "ruamel '', fast '\\n'"),
    ("block scalar ending the file", "a: |\n  x", "ruamel 'x', fast 'x\\n' (no final newline)"),
    ("kept block scalar ending the file", "a: |+\n  x", "ruamel 'x', fast 'x\\n'"),
]


@pytest.mark.parametrize("text", [pytest.param(text, id=name) for name, text, _ in GUARDED])
def test_guarded_divergence(text: str) -> None:
    assert fastyaml.parse(text) is fastyaml.DECLINED
    assert_same(text)


def test_second_bom_reaches_the_parser() -> None:
    # decode() drops one BOM: a file starting with two hands the parser the second
    assert yamlio.decode(b"\xef\xbb\xbf\xef\xbb\xbfa: 1\n") == "\ufeffa: 1\n"


# -- hypothesis: generated documents -------------------------------------------------------

#: Characters plain scalars are made of: heavy in what YAML gives a meaning to.
PLAIN_ALPHABET = ":-?[]{},#&*!|>'\"%@`0123456789._exobtTZ +\n\t~lnu"

#: Scalars where YAML resolvers and parsers are known to differ.
TRICKY = (
    "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "false", "FALSE",
    "yes", "no", "on", "off", "y", "n", "Y", "=", "<<", "-", "?", ":", "", " ", "#", "|", ">",
    "0", "-0", "+0", "00", "012", "09", "0x1F", "0x1f", "0X1F", "-0x1F", "0x_1F", "0o14",
    "0O14", "0b1", "0B1", "-0b1", "_1", "1_", "1_000", "1__0", "+1",
    "123456789012345678901234567890", "1.", ".5", "-.5", "+.5", "1e3", "1E3", ".5e3", ".5e+3",
    "1e_3", "1.5e3", "0.5e-3", "1e500", "1_000.5", "._5", ".inf", "-.inf", "+.inf", ".Inf",
    ".nan", ".NaN", "+.nan", "10:00", "10:00:00", "1:20", "190:20:30", "10:00:00.5", "-1:30",
    "2025-06-30", "2025-6-30", "2025-02-30", "2025-13-01", "0000-01-01", "2025-06-30T10:00",
    "2025-06-30T10:00:00", "2025-06-30 10:00:00", "2025-06-30t10:00:00Z",
    "2001-12-14 21:59:43.10 -5", "2025-06-30T10:00+01:00", "a: b", "a #b", "a#b", "- a",
    "[a]", "{a: b}", "&a", "*a", "!a", "!!str", "%a", "@a", "`a", "'a'", '"a"', "a'b",
    "\\", "\\n", "é", "😀", "\u00a0", "\x85", "\u2028", "\ufeff", "\t", "a\tb",
    "CCPR/C/KAZ/CO/2", "https://example.org/a?b=c#d", "kaz-ccpr-2-p50", "ICCPR art. 21",
)  # fmt: skip

STYLES = ("plain", "plain", "plain", "single", "double", "double-escaped", "block")
BLOCK_HEADERS = ("|", "|-", "|+", ">", ">-", ">+", "|2", ">1-", "|-  # c")


class Scalar(NamedTuple):
    value: str
    style: str
    header: str  # block scalar header, when style is "block"
    comment: bool  # a trailing "# comment"


class Seq(NamedTuple):
    items: list[Any]
    flow: bool


class Map(NamedTuple):
    pairs: list[tuple[Scalar, Any]]
    flow: bool
    indent: int  # extra indentation of a block collection under a key (0 or 2)


scalar_values = st.one_of(
    st.sampled_from(TRICKY),
    st.text(PLAIN_ALPHABET, max_size=12),
    st.lists(st.sampled_from(TRICKY), min_size=1, max_size=3).map(" ".join),
    st.integers().map(str),
    st.floats().map(repr),
    st.dates().map(dt.date.isoformat),
    st.text(max_size=6),
)
scalars = st.builds(
    Scalar,
    scalar_values,
    st.sampled_from(STYLES),
    st.sampled_from(BLOCK_HEADERS),
    st.integers(0, 4).map(lambda n: n == 0),
)


def _nodes(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.builds(Seq, st.lists(children, max_size=4), st.booleans()),
        st.builds(
            Map,
            st.lists(st.tuples(scalars, children), max_size=4),
            st.booleans(),
            st.sampled_from((0, 2)),
        ),
    )


trees = st.recursive(scalars, _nodes, max_leaves=16)

_DQ_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _double(value: str, escape_all: bool) -> str:
    out = []
    for char in value:
        if escape_all and char.isascii():
            out.append(f"\\x{ord(char):02x}")
        elif escape_all:
            out.append(f"\\U{ord(char):08x}")
        elif char in _DQ_ESCAPES:
            out.append(_DQ_ESCAPES[char])
        elif ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def render_scalar(node: Scalar, indent: int, flow: bool) -> str:
    """One scalar as YAML text (a block scalar runs over the following lines)."""
    style = node.style
    if style == "block" and flow:
        style = "double"
    comment = " # c" if node.comment and style != "block" else ""
    if style == "plain":
        return node.value + comment
    if style == "single":
        return "'" + node.value.replace("'", "''") + "'" + comment
    if style in ("double", "double-escaped"):
        return _double(node.value, style == "double-escaped") + comment
    pad = " " * (indent + 2)
    body = "".join(f"{pad}{line}\n" if line else "\n" for line in node.value.split("\n"))
    return node.header + "\n" + body.rstrip("\n")


def render_flow(node: Any) -> str:
    if isinstance(node, Scalar):
        return render_scalar(node._replace(comment=False), 0, flow=True)
    if isinstance(node, Seq):
        return "[" + ", ".join(render_flow(item) for item in node.items) + "]"
    return "{" + ", ".join(f"{render_flow(k)}: {render_flow(v)}" for k, v in node.pairs) + "}"


def _is_block(node: Any) -> bool:
    return (
        isinstance(node, Seq | Map)
        and not node.flow
        and bool(node.items if isinstance(node, Seq) else node.pairs)
    )


def render_block(node: Any, indent: int) -> str:
    """``node`` in block style at ``indent`` (flow inside flow collections)."""
    pad = " " * indent
    if isinstance(node, Scalar):
        return pad + render_scalar(node, indent, flow=False)
    if not _is_block(node):
        return pad + render_flow(node)
    lines: list[str] = []
    if isinstance(node, Seq):
        for item in node.items:
            if _is_block(item):
                inner = render_block(item, indent + 2)
                lines.append(pad + "- " + inner[indent + 2 :])
            else:
                lines.append(pad + "- " + render_block(item, indent + 2)[indent + 2 :])
        return "\n".join(lines)
    assert isinstance(node, Map)
    for key, value in node.pairs:
        key_text = render_flow(key)
        if _is_block(value):
            extra = value.indent if isinstance(value, Map) else value_indent(value)
            lines.append(f"{pad}{key_text}:\n" + render_block(value, indent + extra))
        else:
            lines.append(f"{pad}{key_text}: " + render_block(value, indent)[indent:])
    return "\n".join(lines)


def value_indent(node: Seq) -> int:
    """A block sequence under a key: indented by 2, or not (both are valid YAML)."""
    return 2 if len(node.items) % 2 else 0


@st.composite
def documents(draw: st.DrawFn) -> str:
    tree = draw(trees)
    text = (
        render_flow(tree)
        if draw(st.booleans()) and not isinstance(tree, Scalar)
        else (render_block(tree, 0))
    )
    if draw(st.booleans()):
        text += "\n"
    if draw(st.integers(0, 5)) == 0:
        text = "---\n" + text
    return text


# -- hypothesis: the property ------------------------------------------------------------------


def check_property(text: str) -> None:
    outcome = compare(text)
    event("fast path answered" if outcome.fast_answered else "fast path declined")
    if outcome.problem is not None:
        pytest.fail(f"fast-path divergence on {text!r}: {outcome.problem}")


@settings(max_examples=2000 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents(text: str) -> None:
    check_property(text)


@settings(max_examples=1500 * SCALE, deadline=None)
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    check_property(text)


#: A registry-shaped document that the mutation test edits at random places.
REGISTRY = """\
followup: 1
id: example
title: A small example registry
version: "2025.1"
states: [KAZ]
themes:
  - id: assembly
    label: Freedom of peaceful assembly
    rights: ["ICCPR art. 21"]
reviews:
  - id: kaz-ccpr-2016
    mechanism: CCPR
    date: 2016-07-11
    documents:
      - symbol: CCPR/C/KAZ/CO/2
        date: 2016-08-09
    follow_up:
      due: 2017-07-11
      unverified: "deadline recalled, not read in CCPR/C/KAZ/CO/2"
    recommendations:
      - id: kaz-ccpr-2-p52
        paragraph: 52
        text: >-
          Bring the law and practice on assemblies
          into line with article 21.
        source: {document: CCPR/C/KAZ/CO/2, paragraph: "52"}
        themes: [assembly]
        history:
          - date: 2025-05-01
            status: not-implemented
            evidence:
              - url: https://example.org/report
                note: 'Court ruling: refusals.'
"""


@st.composite
def mutated_registries(draw: st.DrawFn) -> str:
    """REGISTRY with one to three random edits (an insertion replacing 0-3 characters)."""
    text = REGISTRY
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        insert = draw(
            st.one_of(
                st.sampled_from(TRICKY),
                st.text(PLAIN_ALPHABET, min_size=1, max_size=3),
                st.sampled_from(("\n", "\n  ", "  ", "- ", ": ", "? ", "#", '"', "'", "|", ">-")),
            )
        )
        text = text[:at] + insert + text[at + draw(st.integers(0, 3)) :]
    return text


@settings(max_examples=1200 * SCALE, deadline=None)
@given(mutated_registries())
def test_mutated_registries(text: str) -> None:
    check_property(text)


@pytest.mark.parametrize(
    "text",
    [
        "date: 2025-05\n",
        "date: 2017\n",
        "- date: 2025-12\n  status: x\n",
        "date: 2025-13\n",
        "date: 0000-05\n",
        "date: 2025-5\n",
        'date: "2025-05"\n',
    ],
)
def test_dates_known_to_the_month_or_year(text: str) -> None:
    # a month is text to both parsers (the converter reads it as a PartialDate); the
    # well-formed ones take the fast path, whatever the fast path answers agrees
    outcome = assert_same(text)
    if text in ("date: 2025-05\n", "date: 2017\n", "- date: 2025-12\n  status: x\n"):
        assert outcome.fast_answered


# The guards search a text that ends with a line break without copying it, its first
# line apart: what they decline on a later line they must decline on the first too.
FIRST_LINE_DECLINED = [
    "&a x",
    "*a",
    "!t x",
    "--- x",
    "...",
    "%YAML 1.2\n---",
    "? a",
    ": x",
    "- : x",
    "10:00",
    "- 2025-02-30",
    "'2025-06-30': x",
    "a: 2025-02-30",
    "a: [https://example.org]",
    "a: |2\n   x",
    "- - - - - - - - x",
]


@pytest.mark.parametrize("line", FIRST_LINE_DECLINED)
@pytest.mark.parametrize("after", ["\n", "\nb: 1\n", ""])
def test_first_line_is_guarded_as_the_others(line: str, after: str) -> None:
    for text in (line + after, "a: 1\n" + line + after):
        if text.startswith("a: 1\n") and line.startswith(("%", "- ", "10:")):
            assert_same(text)  # a directive or item after a mapping: ruamel decides
            continue
        assert fastyaml.parse(text) is fastyaml.DECLINED, text
        assert_same(text)


@pytest.mark.parametrize("text", ["a: 1\n", "- 1\n- b\n", "a: >-\n  x\nb: [c, d]\n", "k: a&b\n"])
def test_first_line_plain_takes_the_fast_path(text: str) -> None:
    assert assert_same(text).fast_answered
