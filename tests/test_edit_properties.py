"""Property: edits made through ``followup.edit`` give the registry the same edits give in memory.

A random sequence of valid edits (assessments, responses, field changes, links, new
recommendations, version bumps) is applied twice: through the editor to a copy of the
hand-written golden registry, and to the loaded model with ``attrs.evolve``. The loaded
result must equal the model, the files must validate without errors, and lines the
edits had no reason to touch (the comments) must all still be there.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import followup
from followup.model.records import Assessment, Evidence, Recommendation, Response
from followup.registry.editing import build_recommendation
from followup.testing import dates, urls

from .conftest import TODAY

GOLDEN = Path(__file__).resolve().parent / "golden" / "registry"
BASE = followup.load(GOLDEN, today=TODAY)
REVIEW_DATE = dt.date(2016, 7, 11)
LEVELS = ["not-implemented", "partially-implemented", "implemented", "regressed"]
POSITIONS = ["reply-received", "no-reply"]

# Text people write: letters, digits, punctuation YAML gives a meaning to, Cyrillic.
_CHARS = st.sampled_from(list("abcXYZ019 .,;:!?#&*'\"-[]{}|>%@`~ёжЮ«»—\\"))
_WORDS = st.text(_CHARS, min_size=1, max_size=40).filter(lambda s: s.strip() != "")
_DATES = dates(REVIEW_DATE, TODAY)


def _ops() -> st.SearchStrategy[tuple[Any, ...]]:
    rec = st.sampled_from(["p52", "p53"])
    return st.one_of(
        st.tuples(
            st.just("assess"),
            rec,
            st.sampled_from(LEVELS),
            _DATES,
            st.sampled_from(["IPHR", "Committee", "An NGO: Kazakh branch"]),
            st.lists(urls(), max_size=2),
            st.none() | _WORDS,
        ),
        st.tuples(st.just("respond"), rec, st.sampled_from(POSITIONS), _DATES),
        st.tuples(st.just("note"), rec, st.none() | _WORDS),
        st.tuples(st.just("text"), rec, _WORDS),
        st.tuples(
            st.just("themes"),
            rec,
            st.lists(st.sampled_from(["assembly", "expression"]), unique=True, max_size=2),
        ),
        st.tuples(st.just("link"), rec),
        st.tuples(st.just("version"), st.from_regex(r"20[0-9]{2}\.[0-9]{1,2}", fullmatch=True)),
        st.tuples(st.just("add"), st.integers(60, 99), _WORDS),
    )


def _in_order(history: tuple[Any, ...], entry: Any) -> tuple[Any, ...]:
    at = len(history)
    while at > 0 and history[at - 1].date > entry.date:
        at -= 1
    return (*history[:at], entry, *history[at:])


def _apply(ed: followup.Editor, model: dict[str, Recommendation], op: tuple[Any, ...]) -> None:
    """One edit through the editor and the same change to ``model`` (by hand)."""
    kind = op[0]
    if kind == "assess":
        _, rid, status, on, by, evidence, note = op
        ed.assess(rid, status=status, on=on, by=by, evidence=evidence, note=note)
        entry = Assessment(
            date=on,
            status=status,
            by=by,
            evidence=tuple(Evidence(url=u) for u in evidence),
            note=None if note is None else followup.Text.plain(note),
        )
        model[rid] = attrs.evolve(model[rid], history=_in_order(model[rid].history, entry))
    elif kind == "respond":
        _, rid, position, on = op
        ed.respond(rid, position=position, on=on)
        response = Response(date=on, response=followup.Position(position))
        model[rid] = attrs.evolve(model[rid], history=_in_order(model[rid].history, response))
    elif kind == "note":
        _, rid, note = op
        ed.set(rid, "note", note)
        value = None if note is None else followup.Text.plain(note)
        model[rid] = attrs.evolve(model[rid], note=value)
    elif kind == "text":
        _, rid, text = op
        ed.set(rid, "text", text)
        model[rid] = attrs.evolve(model[rid], text=followup.Text.plain(text))
    elif kind == "themes":
        _, rid, themes = op
        ed.set(rid, "themes", tuple(themes))
        model[rid] = attrs.evolve(model[rid], themes=tuple(themes))
    elif kind == "link":
        rid = op[1]
        other = "p53" if rid == "p52" else "p52"
        ed.link(rid, relates_to=[other])
        if other not in model[rid].relates_to:
            model[rid] = attrs.evolve(model[rid], relates_to=(*model[rid].relates_to, other))
    elif kind == "add":
        _, number, text = op
        rid = f"p{number}"
        if rid in model:
            return
        rec = build_recommendation(
            id=rid, review="ccpr-2016", text=text, document="CCPR/C/KAZ/CO/2", paragraph=str(number)
        )
        ed.add_recommendation(rec)
        model[rid] = rec


@settings(
    max_examples=60 * int(os.environ.get("FOLLOWUP_EDIT_SCALE", "1")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(_ops(), min_size=1, max_size=6), st.integers(1, 3))
# found by this test: a block list whose every item is replaced in one edit (the text
# editor had no item left to insert after)
@example(
    ops=[
        ("respond", "p52", "reply-received", dt.date(2016, 7, 11)),
        ("themes", "p53", ["assembly", "expression"]),
        ("themes", "p53", ["expression"]),
    ],
    batches=2,
)
def test_edits_match_the_model(ops: list[tuple[Any, ...]], batches: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "registry"
        shutil.copytree(GOLDEN, path)
        model = dict(BASE.recommendations)
        version = BASE.info.version
        # the operations in ``batches`` separate edits (each one read, checked and written)
        size = -(-len(ops) // batches)
        for start in range(0, len(ops), size):
            with followup.edit(path, today=TODAY) as ed:
                for op in ops[start : start + size]:
                    if op[0] == "version":
                        ed.set_version(op[1])
                        version = op[1]
                    else:
                        _apply(ed, model, op)
        loaded = followup.load(path, today=TODAY)
        assert loaded.info == attrs.evolve(BASE.info, version=version)
        assert loaded.reviews == BASE.reviews
        assert loaded.recommendations == model
        # every comment of the hand-written files is still there, unless its value went
        text = (path / "reviews" / "ccpr-2016.yaml").read_text(encoding="utf-8")
        for comment in ("# -- the review", "# the review's date", "# Assembly: the one", "# as of"):
            assert comment in text
