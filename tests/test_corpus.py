"""The corpus of broken registries: exactly what the validator reports for each one.

Every entry of ``tests/corpus/`` (a directory with ``registry.yaml`` and ``reviews/``, or
a single ``.yaml`` file) holds one deliberate problem; :data:`CORPUS_CASES` says which
errors and warnings ``followup.validate`` must report for it: code, file, line and
column. Cases that would put binary, huge or hostile files into the repository (bad
encodings, symbolic links, a FIFO, a 64 MiB file, billion laughs) are built at test
time in ``tmp_path`` (:data:`BUILT_CASES`); nesting 100,000 deep runs in a subprocess,
so a crash of the parser fails one test instead of killing pytest.

Every case runs twice: with the fast parser (``fast=True``, the default) and with
ruamel.yaml only (``fast=False``); both must report the same problems.

Where the loader is known to be wrong, the case states the *correct* expectation and is
marked ``xfail(strict=True)`` with the bug: fixing the bug makes the test pass, which
strict mode reports, so the mark gets removed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import followup

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
DOCS = HERE.parent / "docs" / "registry-format.md"
TODAY = dt.date(2026, 11, 25)
MIB = 1024 * 1024


def _documented_codes() -> dict[str, str]:
    """``code -> severity`` from the table at the end of docs/registry-format.md."""
    section = DOCS.read_text(encoding="utf-8").split("## Error codes", 1)[1]
    rows = re.findall(r"^\|\s*`([a-z0-9-]+)`\s*\|\s*(error|warning|notice)\s*\|", section, re.M)
    return dict(rows)


#: The documented severity of every code (the docs are the reference).
SEVERITY = _documented_codes()

#: One reported problem as compared: (severity, code, file, line, column).
Key = tuple[str, str, str, int | None, int | None]


@dataclass(frozen=True)
class P:
    """An expected problem. ``file`` is relative to the case's directory (a directory
    case) or to the directory holding the case's file (a single-file case)."""

    code: str
    file: str
    line: int | None
    column: int | None

    def key(self) -> Key:
        return (SEVERITY[self.code], self.code, self.file, self.line, self.column)


@dataclass(frozen=True)
class Case:
    """One broken (or control) registry and what validating it must report."""

    name: str
    expect: tuple[P, ...]
    #: Compare notices too (by default only errors and warnings are compared).
    notices: bool = False
    #: Substrings the hint of the (only) expected problem must contain.
    hint: tuple[str, ...] = ()
    #: Substrings of the rendered problem (``Problem.to_text()``: message and hint).
    text: tuple[str, ...] = ()
    #: Other reports that are just as correct (when the docs leave the choice open).
    alternatives: tuple[tuple[P, ...], ...] = ()
    #: A known loader bug: the test is xfail(strict=True) for the read paths in ``bug_on``.
    bug: str | None = None
    bug_on: tuple[bool, ...] = (True, False)
    #: Builds the case in a temporary directory and returns its path (None: in CORPUS).
    build: Callable[[Path], Path] | None = None
    #: Skip the case unless this is true (platform features).
    runs_here: bool = True


def _one(code: str, file: str, line: int | None, column: int | None) -> tuple[P]:
    return (P(code, file, line, column),)


R16 = "reviews/ccpr-2016.yaml"
R25 = "reviews/ccpr-2025.yaml"

# Known loader bugs (see each case for the correct expectation). Reasons stay one line:
# pytest prints them in the summary.
#
# An unquoted impossible date (2025-02-30, 2016-13-01, 2016-07-11T25:00:00): with the fast
# path it is an invalid-value, but _locate()'s round-trip re-read of the file fails on the
# same date, so that problem (and every other one in the file) gets no line; with
# fast=False ruamel.yaml's constructor raises and it becomes an unlocated yaml-syntax.
BUG_IMPOSSIBLE_DATE = (
    "loader bug: an impossible date gets no line (fast) or is an unlocated yaml-syntax (ruamel)"
)
# docs: `author` is required for NGO/NHRI reviews; nothing checks it.
BUG_NGO_AUTHOR = "loader bug: an NGO review without `author` loads without any problem"
# yaml-rs returns nested data and parse() never applies MAX_DEPTH to it (safe_load does).
BUG_FAST_DEPTH = (
    "loader bug: fast path skips the MAX_DEPTH check (40 levels: invalid-type, not too-deep)"
)
# `review` is an internal attribute filled in by the loader: a recommendation cannot have
# a `review:` field (unknown-field), yet `confidential: [review]` is accepted.
BUG_CONFIDENTIAL_REVIEW = "loader bug: `confidential: [review]` accepted on a recommendation"
# "-<TAB>id: x": yaml-rs accepts it, ruamel.yaml (the reference) refuses it; the fast path
# must decline such text so both paths agree.
BUG_TAB_AFTER_DASH = "loader bug: fast path accepts a tab after '-' that ruamel.yaml refuses"
# ruamel.yaml's ReaderError (control characters) is not a MarkedYAMLError: no position.
BUG_NUL = "loader bug: a NUL byte gives yaml-syntax with no line or column"
# yamlio.decode() counts columns in bytes (a BOM and multi-byte characters shift them) and
# lines by b"\n" only (a file with \r line breaks is one long line).
BUG_UTF8_POSITION = "loader bug: not-utf8 position counted in bytes / by '\\n' only"
# find_layout(): entry.stat() on a dangling link raises FileNotFoundError; Path.resolve()
# in _inside() raises RuntimeError (OSError on 3.13+) on a loop. Both escape validate().
BUG_LINK_RAISES = "loader bug: validate() raises on a link in reviews/ it cannot follow"

CORPUS_CASES: tuple[Case, ...] = (
    # -- controls: these load -----------------------------------------------------------
    Case("ok-directory", ()),
    Case("ok-single-file.yaml", ()),
    Case("utf8-bom", ()),  # registry.yaml and the review start with a UTF-8 BOM
    # -- whole files --------------------------------------------------------------------
    Case("empty-file.yaml", _one("empty-file", "empty-file.yaml", 1, 1)),
    Case("comment-only.yaml", _one("empty-file", "comment-only.yaml", 1, 1)),
    Case("file-is-list.yaml", _one("not-a-mapping", "file-is-list.yaml", 1, 1)),
    Case("file-is-scalar.yaml", _one("not-a-mapping", "file-is-scalar.yaml", 1, 1)),
    Case("yaml-syntax.yaml", _one("yaml-syntax", "yaml-syntax.yaml", 6, 7)),
    Case("tab-indentation.yaml", _one("tab-indentation", "tab-indentation.yaml", 8, 1)),
    Case(
        "tab-after-dash",  # "  -<TAB>id: ..." (ruamel.yaml, the reference, refuses it)
        _one("yaml-syntax", R16, 8, 4),
        alternatives=(_one("tab-indentation", R16, 8, 1), _one("tab-indentation", R16, 8, 4)),
    ),
    Case("multiple-documents.yaml", _one("multiple-documents", "multiple-documents.yaml", 28, 1)),
    Case(
        "duplicate-key.yaml",
        _one("duplicate-key", "duplicate-key.yaml", 5, 1),
        text=("'title'",),
    ),
    Case("anchor-alias.yaml", _one("yaml-alias", "anchor-alias.yaml", 16, 17)),
    Case("tag-python-object.yaml", _one("yaml-tag", "tag-python-object.yaml", 3, 8)),
    Case("tag-custom.yaml", _one("yaml-tag", "tag-custom.yaml", 27, 17), text=("!org",)),
    Case(
        "nesting-too-deep.yaml",  # 40 nested flow lists, well within what parsers survive
        _one("too-deep", "nesting-too-deep.yaml", 6, 45),
    ),
    # -- format version -----------------------------------------------------------------
    Case(
        "missing-format-version.yaml",
        _one("missing-format-version", "missing-format-version.yaml", 1, 1),
    ),
    Case(
        "format-version-2.yaml",
        _one("unsupported-format-version", "format-version-2.yaml", 1, 11),
        text=("upgrade followup",),
    ),
    Case(
        "review-format-version-2",
        _one("unsupported-format-version", R16, 1, 11),
        text=("upgrade followup",),
    ),
    Case(
        "format-version-quoted.yaml",
        _one("invalid-format-version", "format-version-quoted.yaml", 1, 11),
    ),
    Case(
        "format-version-float.yaml",
        _one("invalid-format-version", "format-version-float.yaml", 1, 11),
    ),
    Case("review-missing-format-version", _one("missing-format-version", R16, 1, 1)),
    # -- manifest -----------------------------------------------------------------------
    Case(
        "version-not-string.yaml",
        _one("version-not-string", "version-not-string.yaml", 4, 10),
        hint=("quote it",),
    ),
    Case("reviews-key-in-directory", _one("unknown-field", "registry.yaml", 9, 1)),
    Case("reviews-not-a-list.yaml", _one("invalid-type", "reviews-not-a-list.yaml", 10, 3)),
    Case(
        "state-code-unknown.yaml",
        _one("invalid-value", "state-code-unknown.yaml", 5, 9),
        text=("XYZ",),
    ),
    Case(
        "manifest-missing-title.yaml",
        _one("missing-field", "manifest-missing-title.yaml", 1, 1),
        text=("title",),
    ),
    Case(
        "unknown-default-scale.yaml",
        _one("unknown-scale", "unknown-default-scale.yaml", 6, 16),
        hint=("'implementation'",),
    ),
    Case("duplicate-theme-id.yaml", _one("duplicate-id", "duplicate-theme-id.yaml", 9, 9)),
    Case("language-tag.yaml", _one("invalid-value", "language-tag.yaml", 6, 11)),
    Case("no-reviews", _one("no-reviews", "registry.yaml", 1, 1)),
    # -- reviews ------------------------------------------------------------------------
    Case("duplicate-review-id", _one("duplicate-id", R25, 2, 5), hint=(R16,)),
    Case("review-bad-id", _one("invalid-value", R16, 2, 5), text=("'Kaz CCPR'",)),
    Case("review-state-lower-case", _one("invalid-value", R16, 4, 8), text=("upper case",)),
    Case("review-state-not-in-manifest", _one("unknown-state", R16, 4, 8)),
    Case("review-title-number", _one("invalid-type", R16, 5, 8)),
    Case("review-unknown-mechanism", _one("invalid-value", R16, 3, 12)),
    Case("review-unknown-field", _one("unknown-field", R16, 7, 1), hint=("`session`",)),
    Case("review-missing-date", _one("missing-field", R16, 1, 1), text=("'date'",)),
    Case(
        "review-date-time",
        _one("invalid-type", R16, 6, 7),
        hint=("write the date only: 2016-07-11",),
    ),
    Case(
        "review-impossible-date",
        _one("invalid-value", R16, 6, 7),
    ),
    Case("review-document-bad-url", _one("invalid-value", R16, 9, 10)),
    Case(
        "ngo-review-without-author",
        _one("missing-field", "reviews/ngo-iphr-2025.yaml", 1, 1),
        text=("author",),
    ),
    # -- recommendations ----------------------------------------------------------------
    Case("duplicate-recommendation-id", _one("duplicate-id", R25, 8, 9), hint=(R16,)),
    Case("unknown-field-typo", _one("unknown-field", R16, 14, 5), hint=("follow_up",)),
    Case("review-key-in-recommendation", _one("unknown-field", R16, 9, 5)),
    Case("missing-required-field", _one("missing-field", R16, 8, 5), text=("'text'",)),
    Case("list-given-as-string", _one("invalid-type", R16, 13, 13)),
    Case("recommendation-not-a-mapping", _one("not-a-mapping", R16, 23, 5)),
    Case("unknown-theme", _one("unknown-theme", R16, 13, 14), hint=("'assembly'",)),
    Case("unknown-reiterates", _one("unknown-reference", R25, 13, 18), hint=("'kaz-ccpr-2-p52'",)),
    Case("self-reference", _one("self-reference", R25, 13, 34)),
    Case("paragraph-float", _one("invalid-type", R16, 12, 18), hint=("quote it",)),
    Case("weight-zero", _one("invalid-value", R16, 14, 13)),
    Case("source-missing-document", _one("missing-field", R16, 11, 7), text=("'document'",)),
    Case(
        "confidential-unknown-field", _one("unknown-confidential-field", R16, 15, 19), text=("nme",)
    ),
    Case(
        "confidential-names-review",
        _one("unknown-confidential-field", R16, 14, 19),
    ),
    # -- history ------------------------------------------------------------------------
    Case("history-order", _one("history-order", R16, 17, 15)),
    Case("date-before-review", _one("date-before-review", R16, 15, 15)),
    Case("future-date", _one("future-date", R16, 17, 15)),
    Case(
        "history-date-time",
        _one("invalid-type", R16, 15, 15),
        hint=("write the date only: 2017-01-10",),
    ),
    Case("history-impossible-date", _one("invalid-value", R16, 17, 15)),
    Case("history-quoted-impossible-date", _one("invalid-value", R16, 17, 15)),
    Case("unknown-scale", _one("unknown-scale", R16, 20, 16), hint=("'hrc-follow-up'",)),
    Case("unknown-level", _one("unknown-level", R16, 18, 17), text=("'done'",)),
    Case("history-response-and-status", _one("invalid-value", R16, 15, 9)),
    Case("history-neither-response-nor-status", _one("missing-field", R16, 15, 9)),
    Case("unknown-response", _one("invalid-value", R16, 16, 19), hint=("'supported'",)),
    Case("assessment-missing-by", _one("missing-field", R16, 17, 9), text=("'by'",)),
    Case("history-entry-not-a-mapping", _one("not-a-mapping", R16, 15, 9)),
    Case("evidence-without-url-or-document", _one("missing-field", R16, 21, 13)),
    Case("evidence-bad-url", _one("invalid-value", R16, 21, 18)),
    Case("unverified-notice", _one("unverified", R16, 20, 21), notices=True),
    # -- layout -------------------------------------------------------------------------
    Case("subdirectory-in-reviews", _one("unsafe-path", "reviews/old", None, None)),
)


# -- cases built at test time --------------------------------------------------------------
def _copy(name: str, tmp_path: Path) -> Path:
    """A copy of a corpus case in tmp_path (to add links and odd bytes to)."""
    source = CORPUS / name
    target = tmp_path / name
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copyfile(source, target)
    return target


def _single(name: str, tmp_path: Path, old: bytes, new: bytes) -> Path:
    """The single-file control with ``old`` replaced by ``new`` (raw bytes)."""
    raw = (CORPUS / "ok-single-file.yaml").read_bytes()
    assert raw.count(old) == 1, old
    path = tmp_path / name
    path.write_bytes(raw.replace(old, new))
    return path


def _latin1(tmp_path: Path) -> Path:
    return _single("latin-1.yaml", tmp_path, b"title: A corpus case", b"title: A caf\xe9 corpus")


def _latin1_after_cyrillic(tmp_path: Path) -> Path:
    # "title: Комитет " is 15 characters but 22 bytes: the bad byte is in column 16.
    new = "title: Комитет ".encode() + b"\xe9"
    return _single("latin-1-after-cyrillic.yaml", tmp_path, b"title: A corpus case", new)


def _latin1_cr(tmp_path: Path) -> Path:
    """Old Mac line breaks (a lone \\r, which YAML accepts) and a latin-1 byte on line 27."""
    path = _single("latin-1-cr.yaml", tmp_path, b"by: IPHR\n", b"by: IPHR \xe9\n")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    return path


def _cp1251_review(tmp_path: Path) -> Path:
    root = _copy("ok-directory", tmp_path)
    review = root / R25  # the review nothing else refers to
    raw = review.read_bytes()
    title = b"title: Human Rights Committee, third periodic report"
    assert raw.count(title) == 1
    review.write_bytes(raw.replace(title, "title: Комитет по правам человека".encode("cp1251")))
    return root


def _utf16(tmp_path: Path) -> Path:
    path = tmp_path / "utf-16.yaml"
    path.write_bytes((CORPUS / "ok-single-file.yaml").read_text("utf-8").encode("utf-16"))
    return path


def _nul_byte(tmp_path: Path) -> Path:
    return _single("nul-byte.yaml", tmp_path, b"title: A corpus case", b"title: A corpus\x00case")


def _billion_laughs(tmp_path: Path) -> Path:
    lines = [
        "followup: 1",
        "id: lol",
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ]
    for previous, current in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{current}: &{current} [{','.join(['*' + previous] * 9)}]")
    path = tmp_path / "billion-laughs.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _self_alias(tmp_path: Path) -> Path:
    path = tmp_path / "self-alias.yaml"
    path.write_text("followup: 1\nid: corpus-case\nself: &a [*a]\n", encoding="utf-8")
    return path


def _huge(tmp_path: Path) -> Path:
    """A valid start, then one comment line running past 64 MiB (a sparse file)."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as out:
        out.write(b"followup: 1\n# ")
        out.seek(64 * MIB)
        out.write(b"x\n")
    return path


def _review_outside(tmp_path: Path) -> Path:
    """A valid review file outside the registry, for links to point at."""
    outside = tmp_path / "elsewhere.yaml"
    text = (CORPUS / "ok-directory" / R25).read_text("utf-8")
    outside.write_text(
        text.replace("kaz-ccpr-2025", "kaz-ccpr-2011").replace("3-p40", "1-p20"), "utf-8"
    )
    return outside


def _link_outside(tmp_path: Path) -> Path:
    root = _copy("ok-directory", tmp_path)
    (root / "reviews" / "zz-outside.yaml").symlink_to(_review_outside(tmp_path))
    return root


def _reviews_dir_outside(tmp_path: Path) -> Path:
    root = _copy("ok-directory", tmp_path)
    shutil.move(root / "reviews", tmp_path / "reviews-elsewhere")
    (root / "reviews").symlink_to(tmp_path / "reviews-elsewhere", target_is_directory=True)
    return root


def _manifest_outside(tmp_path: Path) -> Path:
    root = _copy("ok-directory", tmp_path)
    shutil.move(root / "registry.yaml", tmp_path / "manifest-elsewhere.yaml")
    (root / "registry.yaml").symlink_to(tmp_path / "manifest-elsewhere.yaml")
    return root


def _link_dangling(tmp_path: Path) -> Path:
    root = _copy("ok-directory", tmp_path)
    (root / "reviews" / "zz-dangling.yaml").symlink_to("ccpr-2011.yaml")  # no such file
    return root


def _link_loop(tmp_path: Path) -> Path:
    root = _copy("ok-directory", tmp_path)
    (root / "reviews" / "zz-a.yaml").symlink_to("zz-b.yaml")
    (root / "reviews" / "zz-b.yaml").symlink_to("zz-a.yaml")
    return root


def _fifo(tmp_path: Path) -> Path:
    root = _copy("ok-directory", tmp_path)
    os.mkfifo(root / "reviews" / "zz-fifo.yaml")  # reading it would block forever
    return root


def _leftover(tmp_path: Path) -> Path:
    """What a kill in the middle of an edit leaves: followup's own temporary file."""
    root = _copy("ok-directory", tmp_path)
    whole = (root / R16).read_bytes()
    (root / "reviews" / ".ccpr-2016.yaml.k1ll3d0x.tmp").write_bytes(whole[: len(whole) // 2])
    return root


def _lock_link(tmp_path: Path) -> Path:
    """A lock file that is a link: an edit would create or lock a file elsewhere."""
    root = _copy("ok-directory", tmp_path)
    (root / ".followup").mkdir()
    (root / ".followup" / "lock").symlink_to(tmp_path / "elsewhere.lock")  # dangling
    return root


def _missing(tmp_path: Path) -> Path:
    return tmp_path / "no-such-registry.yaml"


def _no_manifest(tmp_path: Path) -> Path:
    root = _copy("ok-directory", tmp_path)
    (root / "registry.yaml").unlink()
    return root


#: A review file of ``-`` lines, over the values allowed (yamlio.VALUES_ALLOWED etc.)
_DASH_LINES = 60_000
#: Unknown keys in one review: more problems than a file lists (MAX_PROBLEMS_PER_FILE)
_BAD_KEYS = 250


def _with_hostile_review(tmp_path: Path, text: str) -> Path:
    root = _copy("ok-directory", tmp_path)
    (root / "reviews" / "zz-hostile.yaml").write_text(text, encoding="utf-8")
    return root


_HOSTILE_HEAD = "followup: 1\nid: kaz-ccpr-2030\nmechanism: CCPR\nstate: KAZ\ntitle: T\n"


def _too_many_values(tmp_path: Path) -> Path:
    return _with_hostile_review(tmp_path, _HOSTILE_HEAD + "x:\n" + "-\n" * _DASH_LINES)


def _too_many_problems(tmp_path: Path) -> Path:
    keys = "".join(f"k{i:03d}: 1\n" for i in range(_BAD_KEYS))
    return _with_hostile_review(tmp_path, _HOSTILE_HEAD + "date: 2025-07-11\n" + keys)


def _values_limit() -> int:
    text_length = len(_HOSTILE_HEAD) + 3 + 2 * _DASH_LINES
    return 50_000 + text_length // 16  # yamlio.VALUES_ALLOWED, yamlio.BYTES_PER_VALUE


_HOSTILE = "reviews/zz-hostile.yaml"
# The limits' own cases (issue 13), taken in once docs/registry-format.md lists the codes.
LIMIT_CASES: tuple[Case, ...] = tuple(
    case
    for case in (
        Case(
            "too-many-values",
            # the value over the limit is the line break ending line `limit + 1`, after "-"
            _one("too-many-values", _HOSTILE, _values_limit() + 1, 2),
            build=_too_many_values,
        ),
        Case(
            "too-many-problems",
            (
                *(P("unknown-field", _HOSTILE, 7 + i, 1) for i in range(200)),
                P("too-many-problems", _HOSTILE, 207, 7),
            ),
            build=_too_many_problems,
        ),
    )
    if all(p.code in SEVERITY for p in case.expect)
)


def _can_symlink() -> bool:
    return sys.platform != "win32"


BUILT_CASES: tuple[Case, ...] = (
    Case("latin-1", _one("not-utf8", "latin-1.yaml", 3, 13), text=("0xe9",), build=_latin1),
    Case(
        "latin-1-after-cyrillic",
        _one("not-utf8", "latin-1-after-cyrillic.yaml", 3, 16),
        build=_latin1_after_cyrillic,
    ),
    Case(
        "latin-1-cr-line-breaks",
        _one("not-utf8", "latin-1-cr.yaml", 27, 22),
        build=_latin1_cr,
    ),
    Case("cp1251-review", _one("not-utf8", R25, 5, 8), build=_cp1251_review),
    Case("utf-16", _one("not-utf8", "utf-16.yaml", 1, 1), build=_utf16),
    Case(
        "nul-byte",
        _one("yaml-syntax", "nul-byte.yaml", 3, 16),
        build=_nul_byte,
    ),
    Case("billion-laughs", _one("yaml-alias", "billion-laughs.yaml", 3, 4), build=_billion_laughs),
    Case("self-alias", _one("yaml-alias", "self-alias.yaml", 3, 7), build=_self_alias),
    Case("huge", _one("file-too-large", "huge.yaml", None, None), build=_huge),
    Case(
        "link-outside",
        _one("unsafe-path", "reviews/zz-outside.yaml", None, None),
        build=_link_outside,
        runs_here=_can_symlink(),
    ),
    Case(
        "reviews-dir-outside",
        _one("unsafe-path", "reviews", None, None),
        build=_reviews_dir_outside,
        runs_here=_can_symlink(),
    ),
    Case(
        "manifest-outside",
        _one("unsafe-path", "registry.yaml", None, None),
        build=_manifest_outside,
        runs_here=_can_symlink(),
    ),
    Case(
        "link-dangling",
        _one("unsafe-path", "reviews/zz-dangling.yaml", None, None),
        alternatives=(_one("not-found", "reviews/zz-dangling.yaml", None, None),),
        build=_link_dangling,
        runs_here=_can_symlink(),
    ),
    Case(
        "link-loop",
        (
            P("unsafe-path", "reviews/zz-a.yaml", None, None),
            P("unsafe-path", "reviews/zz-b.yaml", None, None),
        ),
        alternatives=(
            (
                P("not-found", "reviews/zz-a.yaml", None, None),
                P("not-found", "reviews/zz-b.yaml", None, None),
            ),
        ),
        build=_link_loop,
        runs_here=_can_symlink(),
    ),
    Case(
        "fifo",
        _one("unsafe-path", "reviews/zz-fifo.yaml", None, None),
        build=_fifo,
        runs_here=hasattr(os, "mkfifo"),
    ),
    Case(
        "leftover-temporary-file",
        (
            P("leftover-temporary-file", "reviews/.ccpr-2016.yaml.k1ll3d0x.tmp", None, None),
            P("undeclared-judge", R16, 19, 13),  # the control's own notice
        ),
        notices=True,
        build=_leftover,
    ),
    Case(
        "unsafe-lock-file",
        _one("unsafe-lock-file", ".followup/lock", None, None),
        build=_lock_link,
        runs_here=_can_symlink(),
    ),
    Case("not-found", _one("not-found", "no-such-registry.yaml", None, None), build=_missing),
    Case("no-manifest", _one("not-found", ".", None, None), build=_no_manifest),
)

ALL_CASES = CORPUS_CASES + BUILT_CASES + LIMIT_CASES


# -- checking ------------------------------------------------------------------------------
def _relative(file: str | None, root: Path) -> str:
    """A problem's file relative to the case root (``file`` is relative to the cwd)."""
    assert file is not None
    # relpath, not resolve(): a link must keep its own name (relpath works from the cwd)
    return Path(os.path.relpath(file, root)).as_posix()


def _keys(problems: tuple[followup.Problem, ...], root: Path, notices: bool) -> list[Key]:
    return sorted(
        (
            (str(p.severity), p.code, _relative(p.file, root), p.line, p.column)
            for p in problems
            if notices or p.severity is not followup.Severity.NOTICE
        ),
        key=repr,
    )


def _expected(expect: tuple[P, ...]) -> list[Key]:
    return sorted((p.key() for p in expect), key=repr)


def _params(cases: tuple[Case, ...]) -> list[object]:
    params: list[object] = []
    for case in cases:
        for fast in (True, False):
            marks: list[pytest.MarkDecorator] = []
            if not case.runs_here:
                marks.append(pytest.mark.skip(reason="needs symbolic links / mkfifo"))
            if case.bug is not None and fast in case.bug_on:
                marks.append(pytest.mark.xfail(reason=case.bug, strict=True))
            params.append(
                pytest.param(
                    case, fast, id=f"{case.name}-{'fast' if fast else 'ruamel'}", marks=marks
                )
            )
    return params


def _path_of(case: Case, tmp_path: Path) -> Path:
    return CORPUS / case.name if case.build is None else case.build(tmp_path)


def _root_of(path: Path) -> Path:
    return path if path.is_dir() else path.parent


@pytest.mark.parametrize(("case", "fast"), _params(ALL_CASES))
def test_validate_reports_exactly(case: Case, fast: bool, tmp_path: Path) -> None:
    path = _path_of(case, tmp_path)
    root = _root_of(path)
    report = followup.validate(path, fast=fast, today=TODAY)
    observed = _keys(report.problems, root, case.notices)
    wanted = [_expected(case.expect), *(_expected(alt) for alt in case.alternatives)]
    assert observed in wanted, "\n" + report.to_text()

    if case.hint or case.text:
        assert len(case.expect) == 1
        (problem,) = [
            p
            for p in report.problems
            if p.code == case.expect[0].code and p.line == case.expect[0].line
        ]
        for piece in case.hint:
            assert piece in (problem.hint or ""), problem.to_text()
        for piece in case.text:
            assert piece in problem.to_text(), problem.to_text()


@pytest.mark.parametrize(("case", "fast"), _params(ALL_CASES))
def test_load_fails_on_errors_only(case: Case, fast: bool, tmp_path: Path) -> None:
    path = _path_of(case, tmp_path)
    root = _root_of(path)
    errors = tuple(p for p in case.expect if SEVERITY[p.code] == "error")
    if not errors:
        registry = followup.load(path, fast=fast, today=TODAY)
        assert isinstance(registry, followup.Registry)
        return
    with pytest.raises(followup.RegistryError) as raised:
        followup.load(path, fast=fast, today=TODAY)
    observed = _keys(raised.value.report.errors, root, notices=False)
    alternatives = (
        tuple(p for p in alt if SEVERITY[p.code] == "error") for alt in case.alternatives
    )
    assert observed in [_expected(errors), *(_expected(alt) for alt in alternatives)]
    # the exception's text is the compiler-style report: it names every error's code
    # (a long report is shortened to its first errors and "... and N more")
    for problem in errors if len(errors) <= 20 else errors[:1]:
        assert f"error[{problem.code}]" in str(raised.value)


# -- hostile nesting, in a subprocess ------------------------------------------------------
_CHILD = """
import datetime, json, sys
import followup
today = datetime.date(2026, 11, 25)
report = followup.validate(sys.argv[1], fast=sys.argv[2] == "fast", today=today)
print(json.dumps([[str(p.severity), p.code, p.line, p.column] for p in report.problems]))
"""


@dataclass(frozen=True)
class Deep:
    """A file nested far too deep, and where too-deep must be reported."""

    name: str
    text: str
    line: int
    column: int
    bug: str | None = None
    bug_on: tuple[bool, ...] = ()


DEEP_CASES = (
    # 32 levels are allowed; the root mapping is one, so the 32nd bracket is one too many.
    Deep("flow-100000", "followup: 1\nid: deep\nx: " + "[" * 100_000 + "]" * 100_000 + "\n", 3, 35),
    Deep("block-50000", "followup: 1\nid: deep\nx:\n" + "- " * 50_000 + "x\n", 4, 63),
    Deep(
        "flow-mappings-100000",
        "followup: 1\nx: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n",
        2,
        128,
    ),
    # "\r" line breaks: fastyaml's line-based guards once missed these, and yaml-rs crashed.
    Deep(
        "block-50000-cr-line-breaks", "followup: 1\rid: deep\rx:\r" + "- " * 50_000 + "x\r", 4, 63
    ),
    Deep(
        "block-50000-explicit-key",  # "? x" then ": - - - ...": the value of an explicit key
        "followup: 1\n? x\n: " + "- " * 50_000 + "x\n",
        3,
        65,
        # fastyaml's deep-nesting guard, ^(?:[ ]*[-?][ ]+){12}, only looks for '-' and '?'
        # at the start of a line; a line starting with ':' is not declined and yaml-rs
        # overflows its stack.
    ),
)


def _deep_params() -> list[object]:
    params: list[object] = []
    for deep in DEEP_CASES:
        for fast in (True, False):
            marks = []
            if deep.bug is not None and fast in deep.bug_on:
                marks.append(pytest.mark.xfail(reason=deep.bug, strict=True))
            params.append(
                pytest.param(
                    deep, fast, id=f"{deep.name}-{'fast' if fast else 'ruamel'}", marks=marks
                )
            )
    return params


@pytest.mark.parametrize(("deep", "fast"), _deep_params())
def test_deep_nesting_is_refused_without_crashing(deep: Deep, fast: bool, tmp_path: Path) -> None:
    path = tmp_path / f"{deep.name}.yaml"
    path.write_bytes(deep.text.encode("utf-8"))
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), "fast" if fast else "ruamel"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, (
        f"validate() died (return code {done.returncode}): {done.stderr[-2000:]}"
    )
    problems = [tuple(p) for p in json.loads(done.stdout)]
    assert problems == [("error", "too-deep", deep.line, deep.column)]


# -- hints that must suggest what the author meant ----------------------------------------
# The "quote it" hint must show the number as the author wrote it ("2025.10"), not as
# YAML read it (2025.1): suggesting "2025.1" would repeat the very mistake it explains.
@pytest.mark.parametrize(
    ("name", "code", "wanted"),
    [
        ("version-not-string.yaml", "version-not-string", '"2025.10"'),
        ("paragraph-float", "invalid-type", '"95.10"'),
    ],
)
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "ruamel"])
def test_quote_hint_keeps_the_written_digits(name: str, code: str, wanted: str, fast: bool) -> None:
    report = followup.validate(CORPUS / name, fast=fast, today=TODAY)
    (problem,) = [p for p in report.problems if p.code == code]
    hint = problem.hint or ""
    assert wanted in hint
    assert '95.1"' not in hint and '"2025.1"' not in hint


# -- the corpus itself ---------------------------------------------------------------------
def test_every_corpus_entry_has_a_case() -> None:
    entries = {p.name for p in CORPUS.iterdir() if p.name != "README.md"}
    names = [case.name for case in CORPUS_CASES]
    assert len(names) == len(set(names))
    assert entries == set(names)
    assert len(ALL_CASES) == len({case.name for case in ALL_CASES})


def test_every_documented_code_is_covered() -> None:
    covered = {p.code for case in ALL_CASES for p in case.expect}
    assert SEVERITY, "no error codes found in docs/registry-format.md"
    assert set(SEVERITY) <= covered, sorted(set(SEVERITY) - covered)
    assert covered <= set(SEVERITY), sorted(covered - set(SEVERITY))


def test_corpus_bytes_are_intact() -> None:
    """Files whose point is their exact bytes (editors like to "fix" these)."""
    bom = b"\xef\xbb\xbf"
    assert (CORPUS / "utf8-bom" / "registry.yaml").read_bytes().startswith(bom + b"followup: 1")
    assert (CORPUS / "utf8-bom" / R16).read_bytes().startswith(bom + b"followup: 1")
    assert b"\n\tlabel:" in (CORPUS / "tab-indentation.yaml").read_bytes()
    assert b"\n  -\tid:" in (CORPUS / "tab-after-dash" / R16).read_bytes()
    assert (CORPUS / "empty-file.yaml").read_bytes() == b""
    lines = (CORPUS / "comment-only.yaml").read_text("utf-8").splitlines()
    assert lines and all(line.startswith("#") for line in lines)
    for path in CORPUS.rglob("*.yaml"):
        raw = path.read_bytes()
        raw.decode("utf-8")  # binary cases are built at test time, never stored
        assert b"\r" not in raw, path
