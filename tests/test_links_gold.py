"""The development gold set for suggested links (tests/links) is sound.

The set is a synthetic registry plus JSON Lines files of graded links, one file per
kind of link and language pair (``gold-<kind>-<source lang>-<target lang>.jsonl``).
These tests check the set itself, not any suggester: the registry validates, every
id exists, each pair is of the kind its file names, each side is in the language
its file names, and no pair is listed twice.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

import followup
from followup.model import Mechanism

from .conftest import TODAY

LINKS = Path(__file__).parent / "links"
REGISTRY = LINKS / "registry"
GOLD_NAME = re.compile(r"^gold-(relates_to|reiterates|cluster)-([a-z]{2})-([a-z]{2})\.jsonl$")
GOLD_FILES = sorted(LINKS.glob("gold-*.jsonl"))
EXPECTED_FILES = {
    "gold-relates_to-en-en.jsonl",
    "gold-relates_to-es-en.jsonl",
    "gold-relates_to-en-ru.jsonl",
    "gold-relates_to-en-fr.jsonl",
    "gold-reiterates-en-en.jsonl",
    "gold-cluster-en-en.jsonl",
}
# Sources with at least one link graded 1 or more, per file.
MIN_SOURCES = {"ru": 10, "fr": 10}
MIN_SOURCES_DEFAULT = 20
NOT_UN = {Mechanism.NGO, Mechanism.NHRI}
SYNTHETIC_MARK = "synthetic text written for the link-suggestion test set"


@dataclass(frozen=True)
class Gold:
    """One gold link as read from a file, with its line number."""

    source: str
    target: str
    relevance: int
    line: int


def read_gold(path: Path) -> list[Gold]:
    """The gold links of ``path``; fails the test on a malformed line."""
    links: list[Gold] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        record = json.loads(raw)
        where = f"{path.name}:{number}"
        assert isinstance(record, dict), f"{where}: not a JSON object"
        assert set(record) == {"source", "target", "relevance"}, f"{where}: keys {sorted(record)}"
        relevance = record["relevance"]
        # bool is an int in Python; a grade must be a real 0..3 integer
        assert type(relevance) is int and 0 <= relevance <= 3, f"{where}: relevance {relevance!r}"
        assert isinstance(record["source"], str) and isinstance(record["target"], str), where
        links.append(Gold(record["source"], record["target"], relevance, number))
    return links


def split_name(path: Path) -> tuple[str, str, str]:
    """(kind, source language, target language) from a gold file's name."""
    match = GOLD_NAME.match(path.name)
    assert match, f"{path.name}: name should be gold-<kind>-<lang>-<lang>.jsonl"
    kind, source_language, target_language = match.groups()
    return kind, source_language, target_language


# --- language of a text, by script and by common function words ------------------

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zà-ÿ]", re.IGNORECASE)
_WORD = re.compile(r"[a-zà-ÿ]+")
_FUNCTION_WORDS = {
    "en": {"the", "and", "of", "to", "should", "that", "for", "with", "all", "their"},
    "fr": {"le", "les", "des", "et", "du", "aux", "au", "sur", "pour", "une", "qui", "l", "d"},
    "es": {"el", "los", "las", "y", "del", "por", "para", "una", "con", "que", "al", "su"},
}


def guess_language(text: str) -> str:
    """ru, en, fr or es: a rough guess, good enough for short recommendation texts."""
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic > latin:
        return "ru"
    words = _WORD.findall(text.lower().replace("'", " ").replace("\u2019", " "))
    counts = {
        lang: sum(w in vocabulary for w in words) for lang, vocabulary in _FUNCTION_WORDS.items()
    }
    return max(counts, key=lambda lang: counts[lang])


@pytest.fixture(scope="module")
def registry() -> followup.Registry:
    return followup.load(REGISTRY)


def texts_of(registry: followup.Registry, rec_id: str) -> dict[str, str]:
    """A recommendation's texts by language (a plain string in the registry's language)."""
    default = registry.info.language
    return {
        (language or default): value
        for language, value in registry.recommendation(rec_id).text.items
    }


# --- the registry --------------------------------------------------------------------


def test_registry_validates_with_no_error_or_warning() -> None:
    report = followup.validate(REGISTRY, today=TODAY)
    assert report.errors == (), report.to_text()
    assert report.warnings == (), report.to_text()


def test_registry_is_marked_synthetic_throughout(registry: followup.Registry) -> None:
    assert "SYNTHETIC" in registry.info.title.pick("en")
    for review in registry.reviews.values():
        assert "SYNTHETIC" in review.title.pick("en"), review.id
        assert review.unverified and "Synthetic" in review.unverified, review.id
    for rec in registry.recommendations.values():
        assert rec.unverified == SYNTHETIC_MARK, rec.id


def test_registry_has_the_planned_shape(registry: followup.Registry) -> None:
    recs = registry.recommendations
    assert 120 <= len(recs) <= 200
    mechanisms = Counter(registry.review(rec.review).mechanism for rec in recs.values())
    assert set(mechanisms) == {Mechanism.CCPR, Mechanism.CAT, Mechanism.UPR, Mechanism.NGO}
    ccpr_cycles = {r.cycle for r in registry.reviews.values() if r.mechanism is Mechanism.CCPR}
    assert ccpr_cycles == {2, 3}
    upr = [rec for rec in recs.values() if registry.review(rec.review).mechanism is Mechanism.UPR]
    assert len(upr) >= 40
    assert len({state for rec in upr for state in rec.recommended_by}) >= 30


def test_registry_records_none_of_the_gold_links(registry: followup.Registry) -> None:
    # The answers live only in the gold files, so a suggester cannot read them back.
    for rec in registry.recommendations.values():
        assert rec.relates_to == () and rec.reiterates == (), rec.id


def test_every_text_is_in_the_language_it_is_tagged_with(registry: followup.Registry) -> None:
    wrong = [
        (rec_id, language, guess_language(text))
        for rec_id in registry.recommendations
        for language, text in texts_of(registry, rec_id).items()
        if guess_language(text) != language
    ]
    assert wrong == []


def test_language_guess_tells_the_four_languages_apart() -> None:
    assert guess_language("The State party should protect journalists.") == "en"
    assert guess_language("Protéger les défenseurs des droits de l'homme.") == "fr"
    assert guess_language("Proteger a los periodistas y a las defensoras.") == "es"
    assert guess_language("Защищать журналистов.") == "ru"


# --- the gold files --------------------------------------------------------------------


def test_all_gold_files_are_present() -> None:
    assert {path.name for path in GOLD_FILES} == EXPECTED_FILES


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_file_is_sound(path: Path, registry: followup.Registry) -> None:
    kind, source_language, target_language = split_name(path)
    links = read_gold(path)
    recs = registry.recommendations

    missing = [(g.line, i) for g in links for i in (g.source, g.target) if i not in recs]
    assert missing == [], f"{path.name}: unknown ids"

    pairs = Counter((g.source, g.target) for g in links)
    assert [p for p, n in pairs.items() if n > 1] == [], f"{path.name}: duplicate pairs"
    assert all(g.source != g.target for g in links), f"{path.name}: a self-link"
    if kind == "cluster":  # a cluster is symmetric: a pair must not appear both ways
        assert all((t, s) not in pairs for s, t in pairs), f"{path.name}: pair listed both ways"

    for g in links:
        where = f"{path.name}:{g.line}"
        source_review = registry.review(recs[g.source].review)
        target_review = registry.review(recs[g.target].review)
        if kind == "relates_to":
            assert source_review.mechanism is Mechanism.NGO, f"{where}: source is not an NGO ask"
            assert target_review.mechanism not in NOT_UN, f"{where}: target is not a UN text"
        elif kind == "reiterates":
            assert source_review.mechanism is target_review.mechanism, where
            assert source_review.mechanism not in NOT_UN, where
            assert target_review.date < source_review.date, f"{where}: target is not earlier"
        else:
            assert source_review.mechanism is not target_review.mechanism, where
            assert {source_review.mechanism, target_review.mechanism}.isdisjoint(NOT_UN), where

        source_texts = texts_of(registry, g.source)
        target_texts = texts_of(registry, g.target)
        assert source_language in source_texts, f"{where}: source has no {source_language} text"
        assert target_language in target_texts, f"{where}: target has no {target_language} text"
        if target_language != source_language:
            # cross-language files: the target has no text in the source's language ...
            assert source_language not in target_texts, f"{where}: target also in {source_language}"
        if target_language != "en":
            # ... and the Russian and French targets have no other text at all
            assert set(target_texts) == {target_language}, f"{where}: target in several languages"

    linked = {g.source for g in links if g.relevance > 0}
    wanted = MIN_SOURCES.get(target_language, MIN_SOURCES_DEFAULT)
    assert len(linked) >= wanted, f"{path.name}: {len(linked)} sources with gold links"
    # graded, not binary: every file uses the top grade and at least one lower one
    grades = {g.relevance for g in links}
    assert 3 in grades and grades & {1, 2}, f"{path.name}: grades {sorted(grades)}"


def test_hard_negatives_are_few_and_never_contradict_a_positive() -> None:
    negatives: set[tuple[str, str]] = set()
    positives: set[tuple[str, str]] = set()
    for path in GOLD_FILES:
        for g in read_gold(path):
            (positives if g.relevance > 0 else negatives).add((g.source, g.target))
    assert negatives, "a few explicit hard negatives are expected"
    assert len(negatives) * 10 < len(positives)
    assert negatives.isdisjoint(positives)
