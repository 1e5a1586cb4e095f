"""Tests of State names <-> codes (followup.interop.states) and their use by importers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from followup.errors import FollowupError
from followup.interop import states, table, uhri
from followup.interop._table_mapping import MappingError, parse_mapping
from followup.model.values import ISO_ALPHA3, check_state

#: The forms UHRI and UPR Info print, with the State each names.
PRINTED = {
    "Bolivia (Plurinational State of)": "BOL",
    "Republic of Korea": "KOR",
    "Türkiye": "TUR",
    "Turkey": "TUR",
    "Venezuela (Bolivarian Republic of)": "VEN",
    "Iran (Islamic Republic of)": "IRN",
    "United Republic of Tanzania": "TZA",
    "State of Palestine": "PSE",
    "State of Palestine*": "PSE",
    "Democratic People's Republic of Korea": "PRK",
    "Lao People's Democratic Republic": "LAO",
    "Russian Federation": "RUS",
    "Republic of Moldova": "MDA",
    "Moldova": "MDA",
    "Côte d'Ivoire": "CIV",
    "Viet Nam": "VNM",
    "Syrian Arab Republic": "SYR",
    "Micronesia (Federated States of)": "FSM",
    "Netherlands (Kingdom of the)": "NLD",
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "United States of America": "USA",
    "Holy See": "VAT",
    "Kosovo*": "XKX",
    "Democratic Republic of the Congo": "COD",
    "Congo": "COG",
    "Czechia": "CZE",
    "Eswatini": "SWZ",
    "North Macedonia": "MKD",
    "Cabo Verde": "CPV",
    "Brazil": "BRA",
}

#: The names the shipped UPR Info mappings listed before every State was known.
LEGACY = {
    "Afghanistan": "AFG",
    "Armenia": "ARM",
    "Azerbaijan": "AZE",
    "Belarus": "BLR",
    "China": "CHN",
    "Georgia": "GEO",
    "India": "IND",
    "Iran (Islamic Republic of)": "IRN",
    "Kazakhstan": "KAZ",
    "Kyrgyzstan": "KGZ",
    "Mongolia": "MNG",
    "Pakistan": "PAK",
    "Russian Federation": "RUS",
    "Tajikistan": "TJK",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "Turkmenistan": "TKM",
    "Ukraine": "UKR",
    "Uzbekistan": "UZB",
    "Republic of Moldova": "MDA",
    "Moldova": "MDA",
}


def test_members_are_193_valid_codes() -> None:
    assert len(states.MEMBERS) == 193
    for code in states.MEMBERS:
        assert check_state(code) == code
        assert code in states.CODES


def test_every_accepted_code_has_a_name_that_resolves() -> None:
    assert ISO_ALPHA3 == states.CODES  # the model accepts exactly the codes named here
    for code in sorted(ISO_ALPHA3):
        name = states.name_of(code)
        assert name
        assert states.code_of(name) == code, name
        assert states.code_of(code.lower()) == code
        for printed in states.printed_names(code):
            assert states.code_of(printed) == code, printed


@pytest.mark.parametrize(("name", "code"), sorted({**PRINTED, **LEGACY}.items()))
def test_printed_forms_resolve(name: str, code: str) -> None:
    assert states.code_of(name) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("BOLIVIA (PLURINATIONAL STATE OF)", "BOL"),
        ("turkiye", "TUR"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("  viet   nam ", "VNM"),
        ("Korea, Republic of", "KOR"),
        ("- Kazakhstan", "KAZ"),
        ("Bosnia & Herzegovina", "BIH"),
        ("St. Lucia", "LCA"),
        ("The Gambia", "GMB"),
        ("Gambia", "GMB"),
    ],
)
def test_matching_ignores_case_accents_and_punctuation(name: str, code: str) -> None:
    assert states.code_of(name) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Казахстан", "KAZ"),
        ("Республика Корея", "KOR"),
        ("Corée, République de", "KOR"),
        ("Alemania", "DEU"),
        ("哈萨克斯坦", "KAZ"),
        ("كازاخستان", "KAZ"),
    ],
)
def test_names_in_the_other_un_languages(name: str, code: str) -> None:
    assert states.code_of(name) == code


def test_unknown_name_names_the_nearest() -> None:
    with pytest.raises(states.UnknownStateError, match=r"'Brazill'.*nearest.*Brazil"):
        states.code_of("Brazill")
    with pytest.raises(FollowupError, match="Kazakhstan"):
        states.code_of("Kazakstan")
    assert states.lookup("Korea") is None  # two Koreas: no guess
    assert "Republic of Korea" in states.nearest("Korea, Rep.")
    with pytest.raises(states.UnknownStateError):
        states.name_of("ZZZ")


def test_shipped_mappings_names_resolve() -> None:
    for name in table.SHIPPED:
        mapping = table.load_mapping(name)
        for state_name, code in mapping.states.items():
            assert states.code_of(state_name) == code
    for state_name, code in LEGACY.items():
        assert states.code_of(state_name) == code


def test_mapping_states_must_be_codes() -> None:
    data = {
        "followup-mapping": 1,
        "columns": {"text": 1, "state": 2},
        "states": {"Ruritania": "RU"},
    }
    with pytest.raises(MappingError, match=r"states\.Ruritania.*alpha-3"):
        parse_mapping(data)
    data["states"] = {"Ruritania": "RUS"}
    assert parse_mapping(data).states == {"Ruritania": "RUS"}


HEADER = ["To", "To-Rgrp", "To-Org", "Text", "From", "From-Rgrp", "From-Org", "Response"]
HEADER += ["Action", "Issue", "Session"]


def _row(state: str, text: str) -> list[str]:
    return [state, "", "", text, "Norway", "", "", "Accepted", "", "Torture", "41"]


def test_upr_info_rows_of_all_193_members_resolve(tmp_path: Path) -> None:
    mapping = table.load_mapping("upr-info-csv")
    rows = [_row(states.name_of(c), f"Ratify OP-CAT ({c}).") for c in sorted(states.MEMBERS)]
    rows += [_row(c.lower(), f"Ratify ICPPED ({c}).") for c in sorted(states.MEMBERS)]
    found = table.plan(mapping, HEADER, rows)
    assert found.bad == []
    assert sorted(found.states) == sorted(states.MEMBERS)
    outcome = table.apply(found, tmp_path / "upr")
    assert outcome.reviews_added == 193
    assert outcome.recommendations_added == 2 * 193


def test_upr_info_unknown_state_is_a_bad_row_naming_the_nearest() -> None:
    mapping = table.load_mapping("upr-info-csv")
    found = table.plan(mapping, HEADER, [_row("Brazill", "x."), _row("Brazil", "y.")])
    assert [b.row for b in found.bad] == [2]
    assert "nearest known names: Brazil" in found.bad[0].problem
    assert "states:" in found.bad[0].problem
    assert found.states == ["BRA"]


def _upr_record(n: int, countries: list[str]) -> dict[str, object]:
    return {
        "AnnotationId": f"11111111-aaaa-4000-8000-{n:012d}",
        "AnnotationType": "- Recommendations",
        "Body": "- UPR",
        "Countries": countries,
        "Symbol": "A/HRC/57/12",
        "PublicationDate": "2024-07-10T00:00:00",
        "Text": f"120.{n} Ensure the independence of the judiciary (Chile);",
        "Themes": [],
        "AffectedPersons": [],
        "Sdgs": [],
        "UprCycle": 4,
        "UprSession": ["- 46th session"],
        "UprPositions": ["- Supported"],
        "UprRecommendingCountry": [],
        "UprRecommendingRegions": [],
    }


def test_uhri_matches_by_any_name_and_reports_unknown_names(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    records = [
        _upr_record(1, ["Bolivia (Plurinational State of)"]),
        _upr_record(2, ["- BOLIVIA (PLURINATIONAL STATE OF)"]),
        _upr_record(3, ["Ruritania"]),
        _upr_record(4, ["Ruritania", "Brazil"]),
        _upr_record(5, ["Brazill"]),
    ]
    export.write_text(json.dumps(records), encoding="utf-8")
    result = uhri.import_uhri(export, state="BOL", output=tmp_path / "bol", dry_run=True)
    assert len(result.added) == 2
    assert result.skipped["other States"] == 3
    assert result.unknown_countries == {"Ruritania": 2, "Brazill": 1}
    summary = result.summary()
    assert "'Ruritania' in 2 record(s)" in summary
    assert "'Brazill' in 1 record(s); nearest: Brazil" in summary
