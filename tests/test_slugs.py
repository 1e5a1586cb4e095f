"""Tests of theme-id slugs: transliteration (anyascii), and no two labels on one id."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.interop import table
from followup.interop._theme_ids import label_key, propose
from followup.interop._uhri_text import slug
from followup.model.values import check_id
from followup.registry import yamlio

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Ñandú", "nandu"),
        ("Свобода собраний", "svoboda-sobraniy"),
        ("Права женщин", "prava-zhenshchin"),
        ("妇女权利", "funuquanli"),
        ("Türkiye", "turkiye"),
        ("Women's rights", "women-s-rights"),
        ("CCPR/C/KAZ/CO/3", "ccpr-c-kaz-co-3"),
        ("Straße", "strasse"),
        ("!!!", "x"),
    ],
)
def test_slug_transliterates(label: str, expected: str) -> None:
    assert slug(label) == expected


def test_slug_of_arabic_is_ascii_and_differs() -> None:
    women, children = slug("حقوق المرأة"), slug("حقوق الطفل")
    assert women.isascii() and children.isascii() and women != children
    assert check_id(women) == women


def test_cyrillic_labels_no_longer_merge() -> None:
    assert slug("Свобода собраний") != slug("Права женщин")


HEADER = ["To", "Text", "Response", "Issue", "Session"]


def _plan(
    rows: list[tuple[str, str]], held: Mapping[str, tuple[str, ...]] | None = None
) -> table.Plan:
    mapping = table.parse_mapping(
        {
            "followup-mapping": 1,
            "columns": {"state": "To", "text": "Text", "themes": "Issue", "session": "Session"},
            "separators": {"themes": ";"},
            "review": {"mechanism": "UPR", "id": "{state_lower}-upr"},
            "session_dates": {41: dt.date(2022, 11, 1)},
        }
    )
    cells = [["KAZ", text, "", issue, "41"] for text, issue in rows]
    return table.plan_rows(mapping, HEADER, enumerate(cells, start=2), held)


def test_collision_gets_a_suffix_and_a_notice() -> None:
    found = _plan(
        [
            ("Ensure a.", "Freedom of assembly; Torture"),
            ("Ensure b.", "Freedom-of-assembly; torture;  TORTURE "),
            ("Ensure c.", "freedom of assembly"),
        ]
    )
    assert found.bad == []
    assert found.themes == {
        "freedom-of-assembly": "Freedom of assembly",
        "torture": "Torture",
        "freedom-of-assembly-2": "Freedom-of-assembly",
    }
    recs = list(found.recommendations.values())
    assert [r.themes for r in recs] == [
        ("freedom-of-assembly", "torture"),
        ("freedom-of-assembly-2", "torture"),
        ("freedom-of-assembly",),
    ]
    assert len(found.notices) == 1
    assert "'freedom-of-assembly-2'" in found.notices[0]
    assert "'Freedom of assembly'" in found.notices[0]


def test_themes_of_the_registry_keep_their_ids() -> None:
    held = {"torture": ("Torture and ill-treatment", "Пытки и жестокое обращение")}
    found = _plan(
        [("Ensure a.", "пытки и  жестокое обращение"), ("Ensure b.", "Torture-and-ill-treatment")],
        held,
    )
    recs = list(found.recommendations.values())
    assert recs[0].themes == ("torture",)
    assert found.themes == {"torture-and-ill-treatment": "Torture-and-ill-treatment"}
    found = _plan([("Ensure c.", "Torture")], held)
    assert found.themes == {"torture-2": "Torture"}
    assert "'Torture and ill-treatment'" in found.notices[0]


def test_a_bad_row_leaves_no_theme() -> None:
    found = _plan([("", "Права женщин"), ("Ensure a.", "Права  женщин")])
    assert [b.row for b in found.bad] == [2]
    assert found.themes == {"prava-zhenshchin": "Права  женщин"}
    assert found.notices == []


def test_suffix_keeps_ids_within_100_characters() -> None:
    long = "a" * 120
    proposals = propose([long, long + "!", long + "?"], {}, {})
    ids = [p.id for p in proposals]
    assert ids == ["a" * 100, "a" * 98 + "-2", "a" * 98 + "-3"]
    assert all(check_id(i) == i for i in ids)


_SCRIPTS = st.sampled_from(
    [
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЖЩЫ",  # Cyrillic
        "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",  # Arabic
        "人权妇女儿童自由集会宗教表达酷刑",  # Chinese
        "áàâäãåçéèêëíìîïñóòôöõúùûüýÿßøæœ",  # Latin with accents
        "abcdefghijklmnopqrstuvwxyzABC",
        " -'’.,:()/&!",
    ]
)
_LABEL = _SCRIPTS.flatmap(lambda chars: st.text(alphabet=chars, min_size=1, max_size=30))
_LABELS = st.lists(
    st.lists(_LABEL, min_size=1, max_size=4).map("".join),
    min_size=1,
    max_size=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LABELS)
def test_distinct_labels_get_distinct_valid_ids(labels: list[str]) -> None:
    labels = [label.replace(";", " ") for label in labels if label.strip()]
    rows = [(f"Ensure {i}.", "; ".join(labels[i : i + 3])) for i in range(len(labels))]
    found = _plan(rows)
    assert found.bad == []
    by_key: dict[str, str] = {}
    for key, theme_id in found.theme_keys.items():
        assert check_id(theme_id) == theme_id
        by_key[key] = theme_id
    assert len(set(by_key.values())) == len(by_key)  # distinct labels, distinct ids
    assert set(found.themes) == set(by_key.values())
    for text, cell in rows:
        rec = next(r for r in found.recommendations.values() if r.text.pick() == text)
        wanted = [by_key[label_key(p.strip())] for p in cell.split(";") if p.strip()]
        assert list(rec.themes) == list(dict.fromkeys(wanted))
    again = _plan(rows)  # deterministic
    assert again.themes == found.themes and again.notices == found.notices


# -- the bundled and test registries ------------------------------------------------------


def _labels(theme: Any) -> list[str]:
    label = theme.get("label") if isinstance(theme, dict) else None
    if isinstance(label, str):
        return [label]
    if isinstance(label, dict):
        return [v for v in label.values() if isinstance(v, str)]
    return []


def _registry_files() -> list[Path]:
    out: list[Path] = []
    for base in (ROOT / "registries", ROOT / "tests"):
        out.extend(p for p in sorted(base.rglob("*.yaml")) if "themes:" in p.read_text("utf-8"))
    return out


def test_no_two_labels_in_the_registries_share_a_theme_id() -> None:
    files = _registry_files()
    assert any(p.is_relative_to(ROOT / "registries") for p in files)
    checked = 0
    for path in files:
        try:
            data = yamlio.safe_load(path.read_text("utf-8"))
        except (yamlio.ParseFailure, UnicodeDecodeError, RecursionError):
            continue  # the hostile corpus holds broken files on purpose
        themes = data.get("themes") if isinstance(data, dict) else None
        if not isinstance(themes, list):
            continue
        owners: dict[str, set[str]] = defaultdict(set)  # slug -> label keys
        for theme in themes:
            for label in _labels(theme):
                owners[slug(label)].add(label_key(label))
                checked += 1
        clashes = {s: keys for s, keys in owners.items() if len(keys) > 1}
        assert not clashes, f"{path}: {clashes}"
    assert checked > 20


def test_no_two_uhri_fixture_themes_share_a_theme_id() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for path in sorted((ROOT / "tests" / "interop" / "uhri").glob("*.json")):
        try:
            records = json.loads(path.read_text("utf-8"))
        except ValueError:
            continue
        for record in records if isinstance(records, list) else []:
            for theme in record.get("Themes") or [] if isinstance(record, dict) else []:
                if isinstance(theme, str) and theme.strip(" -"):
                    label = theme.strip().removeprefix("- ").strip()
                    owners[slug(label)].add(label_key(label))
    assert owners
    assert all(len(keys) == 1 for keys in owners.values()), owners
