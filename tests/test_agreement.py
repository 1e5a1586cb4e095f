"""Agreement between judges: the literature's worked example, contested recommendations
across scales, undefined alphas, as-of dates, the CLI and the example registry."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import math
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

import krippendorff
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import followup
from followup.cli import main
from followup.model.judges import Judge, Role
from followup.model.manifest import RegistryInfo
from followup.model.records import Assessment, Evidence, Recommendation, Review, Source
from followup.model.registry import Registry
from followup.model.text import Text
from followup.model.values import Mechanism
from followup.scoring.agreement import (
    DEFAULT_EQUIVALENCES,
    NO_SHARED,
    NO_VARIATION,
    TOO_FEW,
    AgreementNotInstalledError,
    agreement,
)

from .conftest import ROOT

NAN = math.nan
DAY = dt.date(2024, 6, 1)
LATER = dt.date(2030, 1, 1)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section on data
# with missing values (also Content Analysis, 4th ed., 2019, ch. 12): 4 observers,
# 12 units, values 1-5. Published: nominal 0.743, ordinal 0.815, interval 0.849.
# The library's own test suite asserts the ordinal 0.815 on these data (and its
# docstring the nominal 0.743).
LITERATURE = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]


# -- building registries -------------------------------------------------------------------

#: (judge, level, scale or None, date)
Entry = tuple[str, str, str | None, dt.date]


def _registry(
    recs: dict[str, Sequence[Entry]],
    judges: Sequence[str] = ("state", "ngo", "nhri", "committee"),
    equivalences: Mapping[str, Mapping[str, str | None]] | None = None,
    confidential: Sequence[tuple[str, str]] = (),
) -> Registry:
    """A registry with one review whose recommendations have these assessments;
    ``confidential`` names (recommendation, judge) assessments marked confidential."""
    info = RegistryInfo(
        id="test",
        title=Text.plain("Test"),
        version="1",
        states=("KAZ",),
        scales=("implementation", "hrc-follow-up"),
        judges=tuple(Judge(j, Text.plain(j.title()), Role.OTHER) for j in judges),
        equivalences=equivalences or {},
    )
    review = Review(
        id="rev", mechanism=Mechanism.CCPR, state="KAZ", title=Text.plain("R"), date=DAY
    )
    recommendations = {}
    for rec_id, entries in recs.items():
        history = tuple(
            Assessment(
                day,
                level,
                judge,
                scale,
                evidence=(Evidence(document=f"{judge} report on {rec_id}"),),
                confidential=(rec_id, judge) in confidential,
            )
            for judge, level, scale, day in sorted(entries, key=lambda e: e[3])
        )
        recommendations[rec_id] = Recommendation(
            id=rec_id,
            review="rev",
            text=Text.plain(rec_id),
            source=Source("CO"),
            history=history,
        )
    return Registry(info, {"rev": review}, recommendations)


def _literature_registry(tmp_path: Path) -> Registry:
    """The worked example as YAML: four judges, twelve recommendations, a five-level
    scale declared in the manifest, missing judgements left out."""
    manifest = [
        "followup: 1",
        "id: literature",
        "title: Krippendorff (2011) reliability data",
        "version: '1'",
        "states: [KAZ]",
        "judges:",
        *(f"  - {{id: {j}, name: Observer {j.upper()}, role: other}}" for j in "abcd"),
        "default_scale: five",
        "scales:",
        "  - id: five",
        "    label: Five values",
        "    levels:",
        *(f"      - {{id: '{v}', label: v{v}, score: {(v - 1) / 4}}}" for v in range(1, 6)),
    ]
    (tmp_path / "registry.yaml").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    review = [
        "followup: 1",
        "id: rev",
        "mechanism: CCPR",
        "state: KAZ",
        "title: Reliability data",
        "date: 2024-01-01",
        "recommendations:",
    ]
    for unit in range(12):
        review += [f"  - id: u{unit + 1}", "    text: A unit", "    source: {document: D}"]
        values = [(judge, row[unit]) for judge, row in zip("abcd", LITERATURE, strict=True)]
        history = [(j, int(v)) for j, v in values if not math.isnan(v)]
        review.append("    history:")
        review += [f"      - {{date: 2024-06-01, status: '{v}', by: {j}}}" for j, v in history]
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "rev.yaml").write_text("\n".join(review) + "\n", encoding="utf-8")
    return followup.load(tmp_path)


# -- the literature ------------------------------------------------------------------------


def test_library_reproduces_the_published_values() -> None:
    domain = [1, 2, 3, 4, 5]
    levels: tuple[tuple[Literal["nominal", "ordinal", "interval"], float], ...] = (
        ("nominal", 0.743),
        ("ordinal", 0.815),
        ("interval", 0.849),
    )
    for level, published in levels:
        value = krippendorff.alpha(
            reliability_data=LITERATURE, level_of_measurement=level, value_domain=domain
        )
        assert round(value, 3) == published, level


def test_unused_levels_in_the_domain_change_nothing() -> None:
    data = [[3, 2, 0, 2], [1, 2, 1, 2]]
    bare = krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal")
    full = krippendorff.alpha(
        reliability_data=data, level_of_measurement="ordinal", value_domain=[0, 1, 2, 3, 4, 5]
    )
    assert full == pytest.approx(bare)


def test_agreement_reproduces_the_published_ordinal_alpha(tmp_path: Path) -> None:
    registry = _literature_registry(tmp_path)
    report = agreement(registry, DAY)
    assert report.scale == "five"
    assert report.overall.judges == ("a", "b", "c", "d")
    assert report.overall.alpha is not None and round(report.overall.alpha, 3) == 0.815
    # unit 12 was coded by one observer only: it is not pairable
    assert report.overall.units == 11 and len(report.judged) == 11
    assert report.overall.agreed == 8  # units 1, 3, 4, 5, 7, 9, 10, 11
    # every pair's alpha is the library's on the pair's two rows
    assert len(report.pairs) == 6
    for pair in report.pairs:
        rows = [LITERATURE["abcd".index(j)] for j in pair.judges]
        shared = [u for u in range(12) if not any(math.isnan(r[u]) for r in rows)]
        assert pair.units == len(shared)
        assert pair.agreed == sum(rows[0][u] == rows[1][u] for u in shared)
        expected = krippendorff.alpha(
            reliability_data=[[r[u] for u in shared] for r in rows],
            level_of_measurement="ordinal",
            value_domain=[1, 2, 3, 4, 5],
        )
        assert pair.alpha == pytest.approx(expected), pair.judges


# -- contested, across scales --------------------------------------------------------------


def test_contested_across_scales_through_equivalences() -> None:
    registry = _registry(
        {
            "a-vs-partial": [
                ("committee", "A", "hrc-follow-up", DAY),
                ("ngo", "partially-implemented", None, DAY),
            ],
            "b-vs-partial": [
                ("committee", "B", "hrc-follow-up", DAY),
                ("ngo", "partially-implemented", None, DAY),
            ],
            "d-vs-done": [
                ("committee", "D", "hrc-follow-up", DAY),
                ("ngo", "implemented", None, DAY),
            ],
            "e-vs-regressed": [
                ("committee", "E", "hrc-follow-up", DAY),
                ("ngo", "regressed", None, DAY),
            ],
        }
    )
    report = agreement(registry, LATER)
    found = {j.rec_id: j for j in report.judged}
    assert found["a-vs-partial"].contested
    assert not found["b-vs-partial"].contested
    assert not found["e-vs-regressed"].contested
    d = found["d-vs-done"]
    assert not d.contested  # D says nothing about implementation
    grade = d.judgement("committee")
    assert grade is not None and grade.level == "D" and grade.common is None
    assert grade.scale == "hrc-follow-up"
    assert [j.rec_id for j in report.contested] == ["a-vs-partial"]
    assert DEFAULT_EQUIVALENCES["hrc-follow-up"]["D"] is None


def test_registry_equivalences_replace_the_default() -> None:
    recs: dict[str, Sequence[Entry]] = {
        "r": [("committee", "B", "hrc-follow-up", DAY), ("ngo", "implemented", None, DAY)]
    }
    assert agreement(_registry(recs), LATER).judged[0].contested
    lenient = {"hrc-follow-up": {"A": "implemented", "B": "implemented"}}
    report = agreement(_registry(recs, equivalences=lenient), LATER)
    assert not report.judged[0].contested
    # a level the registry's mapping leaves out has no equivalent at all
    recs = {"r": [("committee", "C", "hrc-follow-up", DAY), ("ngo", "implemented", None, DAY)]}
    judged = agreement(_registry(recs, equivalences=lenient), LATER).judged[0]
    assert not judged.contested and judged.judgements[-1].common is None


def test_no_information_has_no_common_level() -> None:
    registry = _registry(
        {"r": [("state", "implemented", None, DAY), ("nhri", "no-information", None, DAY)]}
    )
    report = agreement(registry, LATER)
    assert not report.judged[0].contested
    assert report.judged[0].judgement("nhri") is not None
    assert report.pairs[0].units == 0 and report.pairs[0].reason == NO_SHARED


def test_judges_in_manifest_order_then_undeclared() -> None:
    registry = _registry(
        {
            "r": [
                ("zeta", "implemented", None, DAY),
                ("ngo", "implemented", None, DAY),
                ("alpha", "implemented", None, DAY),
                ("state", "implemented", None, DAY),
            ]
        }
    )
    report = agreement(registry, LATER)
    assert [j.judge for j in report.judged[0].judgements] == ["state", "ngo", "alpha", "zeta"]
    assert report.pairs[0].judges == ("state", "ngo")


# -- alpha: undefined, shared recommendations only -----------------------------------------


def test_undefined_alpha_says_why() -> None:
    one = _registry(
        {"r": [("state", "implemented", None, DAY), ("ngo", "not-implemented", None, DAY)]}
    )
    pair = agreement(one, LATER).pairs[0]
    assert pair.alpha is None and pair.reason == TOO_FEW and pair.units == 1 and pair.agreed == 0
    same = _registry(
        {
            f"r{i}": [("state", "implemented", None, DAY), ("ngo", "implemented", None, DAY)]
            for i in range(3)
        }
    )
    pair = agreement(same, LATER).pairs[0]
    assert pair.alpha is None and pair.reason == NO_VARIATION
    assert pair.units == 3 and pair.agreed == 3
    assert agreement(_registry({}), LATER).pairs == ()


def test_pairs_count_only_shared_recommendations() -> None:
    recs: dict[str, Sequence[Entry]] = {
        "both-1": [("state", "implemented", None, DAY), ("ngo", "not-implemented", None, DAY)],
        "both-2": [
            ("state", "partially-implemented", None, DAY),
            ("ngo", "partially-implemented", None, DAY),
        ],
        "both-3": [("state", "regressed", None, DAY), ("ngo", "not-implemented", None, DAY)],
        "state-only": [("state", "implemented", None, DAY)],
        "ngo-nhri": [("ngo", "implemented", None, DAY), ("nhri", "implemented", None, DAY)],
        "ngo-alone": [("ngo", "regressed", None, DAY)],
    }
    report = agreement(_registry(recs), LATER)
    pairs = {p.judges: p for p in report.pairs}
    assert set(pairs) == {("state", "ngo"), ("ngo", "nhri")}  # state and nhri share none
    assert pairs[("state", "ngo")].units == 3 and pairs[("state", "ngo")].agreed == 1
    expected = krippendorff.alpha(
        reliability_data=[[3, 2, 0], [1, 2, 1]],
        level_of_measurement="ordinal",
        value_domain=[0, 1, 2, 3],
    )
    assert pairs[("state", "ngo")].alpha == pytest.approx(expected)
    assert pairs[("ngo", "nhri")].units == 1 and pairs[("ngo", "nhri")].reason == TOO_FEW
    assert [j.rec_id for j in report.judged] == ["both-1", "both-2", "both-3", "ngo-nhri"]


def test_as_of_sees_only_what_was_known() -> None:
    early, late = dt.date(2023, 3, 1), dt.date(2025, 3, 1)
    registry = _registry(
        {
            "r": [
                ("state", "implemented", None, early),
                ("ngo", "implemented", None, early),
                ("ngo", "not-implemented", None, late),
            ],
            "later-judge": [
                ("state", "implemented", None, early),
                ("nhri", "regressed", None, late),
            ],
        }
    )
    before = agreement(registry, dt.date(2024, 1, 1))
    assert before.as_of == dt.date(2024, 1, 1)
    assert [j.rec_id for j in before.judged] == ["r"] and not before.contested
    after = agreement(registry, late)
    assert [j.rec_id for j in after.contested] == ["r", "later-judge"]
    ngo = after.judged[0].judgement("ngo")
    assert ngo is not None and ngo.level == "not-implemented" and ngo.date == late


def test_unknown_scale_is_an_error_with_a_hint() -> None:
    with pytest.raises(followup.UnknownIdError, match="did you mean"):
        agreement(_registry({}), LATER, scale="implementaton")


def test_common_scale_can_be_chosen() -> None:
    registry = _registry(
        {
            "r": [
                ("committee", "B", "hrc-follow-up", DAY),
                ("ngo", "partially-implemented", None, DAY),
            ]
        }
    )
    report = agreement(registry, LATER, scale="hrc-follow-up")
    assert report.scale == "hrc-follow-up"
    levels = {j.judge: j.common for j in report.judged[0].judgements}
    assert levels == {"committee": "B", "ngo": None}  # no mapping from implementation


_LEVELS = st.sampled_from(
    [
        ("regressed", None),
        ("not-implemented", None),
        ("partially-implemented", None),
        ("implemented", None),
        ("no-information", None),
        ("A", "hrc-follow-up"),
        ("B", "hrc-follow-up"),
        ("C", "hrc-follow-up"),
        ("D", "hrc-follow-up"),
        ("E", "hrc-follow-up"),
    ]
)
_JUDGES = ("state", "ngo", "nhri", "committee")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.dictionaries(st.sampled_from(_JUDGES), _LEVELS, max_size=4), min_size=0, max_size=12
    )
)
def test_alpha_bounds_and_units(recs: list[dict[str, tuple[str, str | None]]]) -> None:
    registry = _registry(
        {
            f"r{i}": [(judge, level, scale, DAY) for judge, (level, scale) in rec.items()]
            for i, rec in enumerate(recs)
        }
    )
    report = agreement(registry, LATER)
    mapping = DEFAULT_EQUIVALENCES["hrc-follow-up"]

    def common(level: str, scale: str | None) -> str | None:
        if scale is not None:
            return mapping[level]
        return None if level == "no-information" else level

    for pair in report.pairs:
        assert pair.alpha is None or -1.0 <= pair.alpha <= 1.0
        assert (pair.alpha is None) == (pair.reason is not None)
        first, second = pair.judges
        shared = [
            r
            for r in recs
            if first in r and second in r and common(*r[first]) and common(*r[second])
        ]
        assert pair.units == len(shared)
        assert pair.agreed == sum(common(*r[first]) == common(*r[second]) for r in shared)
    expected_pairs = {
        (a, b) for r in recs for a, b in itertools.combinations([j for j in _JUDGES if j in r], 2)
    }
    assert {p.judges for p in report.pairs} == expected_pairs
    assert len(report.judged) == sum(len(r) >= 2 for r in recs)


# -- the CLI -------------------------------------------------------------------------------


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


EXAMPLE = ROOT / "examples" / "judges"


def test_cli_text_and_json() -> None:
    code, text = _run("agreement", str(EXAMPLE), "--as-of", "2025-12-31")
    assert code == 0
    assert "on scale 'implementation' (public view)" in text
    assert "11 recommendations judged by two or more judges, 6 contested" in text
    assert "  ngo / committee    alpha 1.00; 3 recommendations, 3 agreed" in text
    assert "    committee  B (partially-implemented)  2024-11-05  Illustrative follow-up" in text
    assert "D (not compared)" in text
    code, text = _run("agreement", str(EXAMPLE), "--as-of", "2025-12-31", "--format", "json")
    data = json.loads(text)
    assert code == 0 and data["view"] == "public view" and data["scale"] == "implementation"
    assert [j["id"] for j in data["judges"]] == ["state", "ngo", "nhri", "committee"]
    pair = next(p for p in data["pairs"] if p["judges"] == ["ngo", "committee"])
    assert pair == {
        "judges": ["ngo", "committee"],
        "units": 3,
        "alpha": 1.0,
        "agreed": 3,
        "reason": None,
    }
    contested = [item["recommendation"] for item in data["judged"] if item["contested"]]
    assert len(contested) == 6 and "ill-defenders" in contested


def test_cli_undefined_alpha_and_confidential(tmp_path: Path) -> None:
    path = tmp_path / "reg.yaml"
    path.write_text(
        "followup: 1\nid: x\ntitle: X\nversion: '1'\nstates: [KAZ]\n"
        "judges:\n  - {id: state, name: State, role: state}\n"
        "  - {id: ngo, name: NGO, role: ngo}\n"
        "reviews:\n  - id: r\n    mechanism: CCPR\n    state: KAZ\n    title: R\n"
        "    date: 2020-01-01\n    recommendations:\n"
        "      - id: a\n        text: T\n        source: {document: D}\n        history:\n"
        "          - {date: 2021-01-01, status: implemented, by: state}\n"
        "          - {date: 2021-02-01, status: not-implemented, by: ngo, confidential: true}\n",
        encoding="utf-8",
    )
    code, text = _run("agreement", str(path), "--as-of", "2022-01-01")
    assert code == 0
    assert "(public view: 1 confidential item left out)" in text
    assert "0 recommendations judged" in text
    code, text = _run("agreement", str(path), "--as-of", "2022-01-01", "--include-confidential")
    assert "(including confidential assessments)" in text
    assert "undefined: fewer than 2 shared recommendations; 1 recommendation, 0 agreed" in text
    assert "    ngo    not-implemented  2021-02-01  no evidence cited" in text


def test_cli_user_mistakes_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _ = _run("agreement", str(EXAMPLE), "--scale", "hrc-folow-up")
    err = capsys.readouterr().err
    assert code == 1 and "did you mean 'hrc-follow-up'?" in err and "Traceback" not in err
    code, _ = _run("agreement", str(tmp_path / "missing"))
    err = capsys.readouterr().err
    assert code == 1 and "internal error" not in err


# -- the example registry ------------------------------------------------------------------


def test_example_registry_is_clean_and_says_it_is_invented() -> None:
    registry, report = followup.check(EXAMPLE)
    assert registry is not None and not report.errors and not report.warnings
    assert "ILLUSTRATIVE DATA, NOT REAL FINDINGS" in str(registry.info.title)
    assert registry.info.description is not None
    assert "ILLUSTRATIVE DATA, NOT REAL FINDINGS" in str(registry.info.description)
    notes = [
        note
        for rec in registry.recommendations.values()
        for entry in rec.history
        for note in (entry.note, *(e.note for e in entry.evidence))
        if note is not None
    ]
    notes += [r.note for r in registry.reviews.values() if r.note is not None]
    assert notes and all("ILLUSTRATIVE DATA, NOT REAL FINDINGS" in str(n) for n in notes)


def test_without_the_agreement_extra_the_message_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = _literature_registry(tmp_path)
    monkeypatch.setitem(sys.modules, "krippendorff", None)  # as if not installed
    with pytest.raises(AgreementNotInstalledError) as raised:
        agreement(registry, DAY)
    assert 'pip install "followup[agreement]"' in str(raised.value)
    assert isinstance(raised.value, followup.FollowupError)
