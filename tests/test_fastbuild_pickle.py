"""Model values pickle compactly (their maker and their fields) and come back identical.

The warm-load cache pickles reviews and recommendations; each model class pickles as
``(followup.model._raw.make_<Class>, field values)``, rebuilt in one call. The values that
come back equal the ones put in, with the same types (dates as precise, enums as enums),
through the cache's restricted unpickler, and copies made by :mod:`copy` are equal too.
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

import followup
from followup.model import _raw
from followup.model.dates import PartialDate
from followup.model.records import (
    Assessment,
    Document,
    Evidence,
    FollowUp,
    Recommendation,
    Response,
    Review,
    Source,
)
from followup.model.text import Text
from followup.model.values import Mechanism, Position
from followup.registry.cache import CacheEntry, RestrictedUnpickler, ReviewCache

from .conftest import KAZAKHSTAN

_REC = Recommendation(
    id="kaz-1",
    review="kaz-ccpr-2016",
    text=Text.of({"en": "Abolish it", "ru": "Отменить"}),
    source=Source("CCPR/C/KAZ/CO/2", paragraph="12", url="https://x.org/a"),
    themes=("death-penalty",),
    weight=2.0,
    confidential=("note",),
    note=Text.plain("private"),
    history=(
        Response(date=PartialDate(2017), response=Position.SUPPORTED),
        Assessment(
            dt.date(2025, 5, 1),
            "B",
            "hrc",
            scale="hrc-follow-up",
            fact_date=PartialDate(2024, 3),
            evidence=(Evidence(url="https://x.org/e", confidential=True),),
        ),
    ),
)
_REVIEW = Review(
    id="kaz-ccpr-2016",
    mechanism=Mechanism.CCPR,
    state="KAZ",
    title=Text.plain("Review"),
    date=dt.date(2016, 7, 1),
    cycle=2,
    documents=(Document("CCPR/C/KAZ/CO/2", date=PartialDate(2016, 8)),),
    follow_up=FollowUp(due=dt.date(2017, 8, 1)),
)


def _restricted(payload: bytes) -> Any:
    return RestrictedUnpickler(payload).load()


@pytest.mark.parametrize("value", [_REC, _REVIEW, _REC.text, _REC.source, _REC.history])
def test_values_come_back_identical(value: Any) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    for back in (_restricted(payload), copy.deepcopy(value), copy.copy(value)):
        assert back == value
        assert repr(back) == repr(value)
        assert hash(back) == hash(value)


def test_pickled_as_maker_and_fields() -> None:
    reduced: Any = _REC.source.__reduce__()
    maker, fields = reduced
    assert maker is _raw.maker(Source)
    assert maker.__qualname__ == "make_Source"
    assert fields == ("CCPR/C/KAZ/CO/2", "12", "https://x.org/a", None)
    assert b"make_Recommendation" in pickle.dumps(_REC)


def test_maker_is_made_once_per_class() -> None:
    assert _raw.maker(Source) is getattr(_raw, "make_Source")  # noqa: B009 (made at import)


def test_cache_entry_round_trip(tmp_path: Path) -> None:
    store = ReviewCache(tmp_path / "cache")
    file = tmp_path / "review.yaml"
    file.write_text("id: x\n", "utf-8")
    entry = CacheEntry("reviews/review.yaml", ((_REVIEW, "r", ()),), ((_REC, "r", (0,)),), ())
    meta = store.fingerprint(file, file.read_bytes())
    store.put(file, entry, meta)
    back = store.get(file, meta)
    assert back == entry
    assert repr(back) == repr(entry)


def test_warm_load_equals_cold(tmp_path: Path) -> None:
    registry = tmp_path / "kazakhstan"
    shutil.copytree(KAZAKHSTAN, registry)
    cache = tmp_path / "cache"
    cold = followup.load(registry, cache=False)
    followup.load(registry, cache=cache)
    warm = followup.load(registry, cache=cache)
    assert warm == cold
    assert repr(warm.recommendations) == repr(cold.recommendations)
    assert repr(warm.reviews) == repr(cold.reviews)
