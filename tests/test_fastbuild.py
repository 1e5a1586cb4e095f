"""The fast build gives exactly the converter's model values, and declines everything else.

A differential property test: random recommendations and reviews, valid and invalid
(wrong types, bad ids, dates, text, URLs, unknown keys, confidential names, history
entries), are built both by the fast build (:mod:`followup.registry._fastbuild`) and by
the cattrs converter alone. Where the fast build makes a value, the converter makes an
equal one (same types: compared by ``repr`` too) whose validators pass; where it
declines, :func:`followup.registry.convert.structure` reports the converter's problems.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.model.records import Recommendation, Review
from followup.registry import _fastbuild, convert, yamlio
from followup.registry.report import Problem

EXAMPLES = 2000 if os.environ.get("FOLLOWUP_HEAVY") == "1" else 300
ROOT = Path(__file__).resolve().parent.parent

_ids = st.sampled_from(["kaz-1", "a", "x.y_z", "Bad", "a--b", "", "-a", "a" * 101, "ok-2"])
_words = st.sampled_from(["x", "Some text", " ", "", "\n", "2025", "ünïcode", "a\u2028"])
_strings = st.one_of(_words, st.sampled_from([3, None, True, 1.5]))
_urls = st.sampled_from(
    ["https://x.org/a", "HTTP://A.B", "ftp://x", "http://", "https://a b", 5, None, ""]
)
_dates = st.sampled_from(
    [
        dt.date(2025, 1, 2),
        2017,
        999,
        10000,
        "2025-05",
        "2025-13",
        "2025-02-30",
        "2025-05-01",
        "2017",
        "2025-05\n",
        dt.datetime(2025, 1, 2, 3, 4),
        "x",
        True,
        None,
        2025.5,
    ]
)
_texts = st.one_of(
    _words,
    st.sampled_from(
        [
            {"en": "a", "ru": "б"},
            {"EN": "a"},
            {"": "a"},
            {},
            {"en": ""},
            {"en": 3},
            {3: "a"},
            {"pt-br": "x", "en": "y"},
            5,
            None,
            ["a"],
        ]
    ),
)
_paragraphs = st.sampled_from(["1", 1, 0, 1.5, None, True, "", " ", "95.10", -3])
_id_lists = st.sampled_from([["a", "b"], ["a", "a"], ["A"], [], "a", None, [1], ["kaz-1"]])
_str_lists = st.sampled_from([["x", "y"], [" "], [], "x", None, [1], ["ICCPR art. 21"]])
_weights = st.sampled_from([1, 2.5, 0, -1, float("nan"), float("inf"), True, "1", None, 0.5])
_bools = st.sampled_from([True, False, 1, None, "yes"])
_marks = st.sampled_from(
    [True, False, ["note"], ["review"], ["confidential"], ["bogus"], [1], [], "x", None, 0]
)
_extra: st.SearchStrategy[dict[str, Any]] = st.sampled_from(
    [{}, {}, {}, {"bogus": 1}, {"Note": "x"}]
)


def _maybe(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


def _merged(*parts: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.tuples(*parts).map(lambda ds: {k: v for d in ds for k, v in d.items()})


_evidence_maps = _merged(
    _maybe(url=_urls, document=_strings, date=_dates, title=_texts, note=_texts),
    _maybe(unverified=_strings, confidential=_marks),
    _extra,
)
_evidence = st.one_of(
    _evidence_maps,
    st.sampled_from(["https://x.org/e", "doc-1", " ", "http://", "https://a b", 5, None]),
)
_evidence_lists = st.one_of(st.lists(_evidence, max_size=3), st.sampled_from([None, "x"]))
_common = _maybe(evidence=_evidence_lists, note=_texts, unverified=_strings, confidential=_marks)
_responses = _merged(
    _maybe(
        date=_dates,
        response=st.sampled_from(["supported", "noted", "no-reply", "bogus", None, 1]),
        by=_strings,
        document=_strings,
        url=_urls,
    ),
    _common,
    _extra,
)
_assessments = _merged(
    _maybe(
        date=_dates,
        status=st.sampled_from(["implemented", "B", "bad id!", "", None, 3]),
        by=_strings,
        scale=st.one_of(_ids, st.none()),
        fact_date=_dates,
    ),
    _common,
    _extra,
)
_entries = st.one_of(
    _responses.map(lambda d: {"response": "supported", **d}),
    _assessments.map(lambda d: {"date": dt.date(2025, 1, 1), "status": "B", "by": "x", **d}),
    _responses,
    _assessments,
    _merged(_responses, _assessments),
    st.sampled_from(["x", None, 3]),
)
_sources = st.one_of(
    _merged(
        st.fixed_dictionaries({"document": _strings}),
        _maybe(paragraph=_paragraphs, url=_urls, unverified=_strings),
        _extra,
    ),
    _maybe(paragraph=_paragraphs),
    st.sampled_from(["CCPR/C/KAZ/CO/1", None]),
)
_recommendations = _merged(
    _maybe(id=_ids, review=_ids, text=_texts, source=_sources),
    _maybe(paragraph=_paragraphs, themes=_id_lists, rights=_str_lists, sdg_targets=_str_lists),
    _maybe(follow_up=_bools, weight=_weights, recommended_by=_str_lists, uhri_id=_strings),
    _maybe(affected_persons=_str_lists, reiterates=_id_lists, relates_to=_id_lists),
    _maybe(note=_texts, unverified=_strings, confidential=_marks),
    _maybe(history=st.one_of(st.lists(_entries, max_size=4), st.sampled_from([None, {}]))),
    _extra,
)
# mostly well-formed: the required fields valid, the rest random
_likely_recommendations = _recommendations.map(
    lambda d: {
        "id": "kaz-1",
        "review": "kaz-ccpr-3",
        "text": "Abolish it.",
        "source": {"document": "CCPR/C/KAZ/CO/3"},
        **d,
    }
)
_documents = _merged(
    _maybe(symbol=_strings, kind=_strings, date=_dates, url=_urls, title=_texts), _extra
)
_follow_ups = st.one_of(
    _merged(_maybe(due=_dates, note=_texts, unverified=_strings), _extra),
    st.sampled_from([None, "x"]),
)
_reviews = _merged(
    _maybe(
        id=_ids,
        mechanism=st.sampled_from(["CCPR", "UPR", "ccpr", "XYZ", None, 1]),
        state=st.sampled_from(["KAZ", "kaz", "XXX", "XKX", None]),
        title=_texts,
        date=_dates,
    ),
    _maybe(author=_strings, cycle=st.sampled_from([1, 3, 0, -1, True, "2", None, 2.0])),
    _maybe(session=_strings, note=_texts, unverified=_strings, follow_up=_follow_ups),
    _maybe(documents=st.one_of(st.lists(_documents, max_size=3), st.sampled_from([None, "x"]))),
    _extra,
)
_likely_reviews = _reviews.map(
    lambda d: {
        "id": "kaz-ccpr-3",
        "mechanism": "CCPR",
        "state": "KAZ",
        "title": "Review",
        "date": dt.date(2016, 7, 1),
        **d,
    }
)


def _problems(data: Any, cls: type) -> list[Problem] | Any:
    """The converter's value for ``data``, or its problems (the fast build left out)."""
    try:
        return convert.converter.structure(data, cls)
    except Exception as exc:
        return convert.problems_from(exc, "f.yaml", ("x",), cls)


def _deep_validate(value: Any) -> None:
    if attrs.has(type(value)):
        attrs.validate(value)
        for field in attrs.fields(type(value)):
            _deep_validate(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            _deep_validate(item)


def _same_as_converter(data: Any, cls: type) -> bool:
    """Assert the fast build agrees with the converter; True when it built the value."""
    fast = _fastbuild.build(data, cls)
    reference = _problems(data, cls)
    if fast is not None:
        assert isinstance(reference, cls), (
            f"fast build accepted what the converter refuses: {reference}"
        )
        assert fast == reference
        assert repr(fast) == repr(reference)
        _deep_validate(fast)
        return True
    try:
        public = convert.structure(data, cls)
    except Exception as exc:
        public = convert.problems_from(exc, "f.yaml", ("x",), cls)
    assert public == reference
    assert repr(public) == repr(reference)
    return False


_SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@_SETTINGS
@given(st.one_of(_recommendations, _likely_recommendations))
def test_recommendations_as_the_converter_makes_them(data: dict[str, Any]) -> None:
    _same_as_converter(data, Recommendation)


@_SETTINGS
@given(st.one_of(_reviews, _likely_reviews))
def test_reviews_as_the_converter_makes_them(data: dict[str, Any]) -> None:
    _same_as_converter(data, Review)


def test_other_classes_go_to_the_converter() -> None:
    from followup.model.manifest import RegistryInfo

    assert _fastbuild.build({"name": "x"}, RegistryInfo) is None


def _files() -> list[Path]:
    found = sorted((ROOT / "registries").rglob("*.yaml"))
    found += sorted((ROOT / "tests" / "corpus").rglob("*.yaml"))
    return found


def _items(data: Any) -> list[tuple[Any, type]]:
    """The reviews and recommendations of one file's plain data, as the loader passes them."""
    reviews = data.get("reviews") if isinstance(data.get("reviews"), list) else [data]
    out: list[tuple[Any, type]] = []
    for review in reviews:
        if not isinstance(review, dict) or "mechanism" not in review:
            continue
        fields = {k: v for k, v in review.items() if k not in ("followup", "recommendations")}
        out.append((fields, Review))
        recs = review.get("recommendations")
        for rec in recs if isinstance(recs, list) else []:
            if isinstance(rec, dict):
                owner = review.get("id") if isinstance(review.get("id"), str) else "unknown"
                out.append(({**rec, "review": owner}, Recommendation))
    return out


def test_bundled_and_corpus_files_agree() -> None:
    """Every review and recommendation of the bundled registries and the corpus: the
    fast build agrees with the converter, and builds the valid ones of the bundled
    registries (the common shape is not left to the slow path)."""
    built = 0
    for path in _files():
        try:
            data = yamlio.parse(path.read_text("utf-8"))
        except Exception:
            continue
        if not isinstance(data, dict):
            continue
        for item, cls in _items(data):
            built += _same_as_converter(item, cls)
    assert built > 50


@pytest.mark.parametrize(
    "data",
    [
        {"id": "kaz-1", "review": "r", "text": "t", "source": {"document": "d"}},
        {
            "id": "kaz-1",
            "review": "r",
            "text": {"en": "t", "ru": "т"},
            "source": {"document": "d", "paragraph": 12},
            "paragraph": 12,
            "themes": ["a", "b"],
            "weight": 2,
            "confidential": ["note"],
            "history": [
                {"date": 2017, "response": "supported", "evidence": ["https://x.org", "doc"]},
                {"date": "2025-05", "status": "B", "by": "x", "scale": "hrc-follow-up"},
            ],
        },
    ],
)
def test_the_common_shapes_are_built_fast(data: dict[str, Any]) -> None:
    assert _same_as_converter(data, Recommendation)
