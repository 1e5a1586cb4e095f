"""The Kazakhstan registry paraphrases the IPHR submission; it never copies it.

Every string in the registry's YAML files is compared with the text of IPHR's May 2025
submission to the Human Rights Committee: no string may share a run of
``MAX_SHARED_WORDS`` or more consecutive words with it (case-insensitive, punctuation
stripped, whitespace normalised). URLs are left out on both sides (a footnote link
is a citation, not prose), and so are the footnote markers of the submission.

The submission lives outside the repository, in ``shared/reference`` next to it; the
test skips when it is absent (in CI, where FOLLOWUP_REQUIRE_TOOLS=1, it fails).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
KAZAKHSTAN = ROOT / "registries" / "kazakhstan"
_REFERENCE = Path("shared", "reference", "iphr-hrc-submission-kazakhstan-2025.txt")
# shared/ beside the repository (a developer's checkout, CI's clone), or one level up
SUBMISSION = next(
    (
        base / _REFERENCE
        for base in (ROOT.parent, ROOT.parent.parent)
        if (base / _REFERENCE).is_file()
    ),
    ROOT.parent / _REFERENCE,
)

# A run of this many consecutive words in common with the submission is a copy.
MAX_SHARED_WORDS = 9

# Word sequences that may be shared because they are names, not prose: each is quoted
# as a name wherever the registry uses it.
WHITELIST: tuple[str, ...] = (
    # The submission's own title, quoted as its title (review title, document title).
    "Submission to the UN Human Rights Committee: Civic space and fundamental freedoms "
    "in Kazakhstan, May 2025",
)

_URL = re.compile(r"(?:https?://|www\.)\S+")
_FOOTNOTE_MARK = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\$\^\{\d+\}\$")
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of ``text``: URLs and footnote markers removed, casefolded, no punctuation."""
    text = _FOOTNOTE_MARK.sub("", _URL.sub(" ", text))
    return _WORD.findall(text.casefold())


Gram = tuple[str, ...]


def ngrams(tokens: list[str], n: int = MAX_SHARED_WORDS) -> set[Gram]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def shared_runs(tokens: list[str], source: set[Gram], allowed: set[Gram]) -> list[str]:
    """The maximal runs of ``tokens`` made of n-grams found in ``source`` and not allowed."""
    n = MAX_SHARED_WORDS
    hits = [
        i
        for i in range(len(tokens) - n + 1)
        if (gram := tuple(tokens[i : i + n])) in source and gram not in allowed
    ]
    runs: list[tuple[int, int]] = []  # (first n-gram, last n-gram) of each run
    for i in hits:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return [" ".join(tokens[first : last + n]) for first, last in runs]


def strings(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string value under ``node`` with its YAML path (``a.b[2].c``)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path, node


def where(document: object, path: str) -> str:
    """``path``, prefixed with the id of the recommendation it lies in, if any."""
    match = re.match(r"recommendations\[(\d+)\]", path)
    if match and isinstance(document, dict):
        recommendation = document["recommendations"][int(match.group(1))]
        if isinstance(recommendation, dict) and "id" in recommendation:
            return f"{recommendation['id']} ({path})"
    return path


def registry_files() -> list[Path]:
    return [KAZAKHSTAN / "registry.yaml", *sorted((KAZAKHSTAN / "reviews").glob("*.yaml"))]


@pytest.fixture(scope="module")
def submission() -> set[Gram]:
    if not SUBMISSION.is_file():
        hint = (
            f"the IPHR submission is not at {SUBMISSION}: the fidelity check needs "
            "shared/reference/iphr-hrc-submission-kazakhstan-2025.txt next to the repository"
        )
        if os.environ.get("FOLLOWUP_REQUIRE_TOOLS") == "1":  # CI: never skipped
            pytest.fail(hint)
        pytest.skip(hint)
    return ngrams(words(SUBMISSION.read_text(encoding="utf-8")))


def test_words_ignore_case_punctuation_urls_and_footnote_marks() -> None:
    assert words("The Court’s ruling,³ see https://example.org/a-b-c (2025)") == [
        "the", "court", "s", "ruling", "see", "2025",
    ]  # fmt: skip


def test_a_copied_run_is_found_and_a_paraphrase_is_not() -> None:
    source = ngrams(words("one two three four five six seven eight nine ten eleven"))
    copied = words("x One, two three four five six seven eight nine ten y")
    assert shared_runs(copied, source, set()) == [
        "one two three four five six seven eight nine ten"
    ]
    assert shared_runs(words("one two three four five six seven eight x"), source, set()) == []


@pytest.mark.parametrize("path", registry_files(), ids=lambda p: p.name)
def test_no_string_copies_the_submission(path: Path, submission: set[Gram]) -> None:
    allowed = set().union(*(ngrams(words(phrase)) for phrase in WHITELIST))
    document = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    copies = [
        f"{path.relative_to(ROOT)}: {where(document, at)} shares "
        f"{len(run.split())} words with the submission: {run!r}"
        for at, text in strings(document)
        for run in shared_runs(words(text), submission, allowed)
    ]
    assert not copies, "paraphrase these (own words, same scope):\n" + "\n".join(copies)
