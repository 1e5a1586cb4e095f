"""What keeps a scorecard cheap at scale gives the same scorecard.

The PDF template sizes each column by the widest of the distinct words that
``document_data`` lists (instead of measuring every word of every cell); chart labels are
measured once per text, size, weight and fonts; :func:`followup.scorecard.write`
typesets the PDF on a thread while it draws the HTML page's charts. The bytes written
must not change: the timings are in ``bench/scorecard_scale.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib as mpl

import followup
import followup.scorecard
from followup.charts import _style
from followup.scorecard.blocks import SEPARATOR, Cell, Document, Link, Table
from followup.scorecard.layout import document
from followup.scorecard.pdf import document_data, render_pdf

from .conftest import TODAY

_SPACE = re.compile(r"\s+")


def _table() -> Table:
    rows = []
    for n in range(40):
        rows.append(
            (
                Cell(
                    f"Ensure\tthat allegation {n % 7} is  investigated\npromptly",
                    detail=f"para. {n % 5}" if n % 2 else None,
                ),
                Cell("Partially implemented" if n % 3 else "", colour="#fdae61" if n % 2 else None),
                Cell(
                    "",
                    links=(Link("CCPR/C/KAZ/CO/2", f"https://example.org/doc/{n % 4}"),),
                ),
            )
        )
    return Table(
        "Cases", ("Recommendation", "Level", "Evidence"), tuple(rows), (False,) * 3, (3, 1, 2)
    )


def _words(text: str) -> set[str]:
    return {w for w in _SPACE.split(text) if w}


def test_column_words_are_the_distinct_words_of_each_column() -> None:
    table = _table()
    data = document_data(Document("en", "Title", "", (table,), ""), ("DejaVu Sans",))
    [block] = data["blocks"]
    assert len(block["words"]) == len(table.header)
    for k, groups in enumerate(block["words"]):
        expected: dict[str, tuple[set[str], set[str]]] = {}
        for row in table.rows:
            cell = row[k]
            body, detail = expected.setdefault(
                "plain" if cell.colour is None else "swatch", (set(), set())
            )
            body |= _words(SEPARATOR.join(part.text for part in cell.parts()))
            detail |= _words(cell.detail or "")
        assert set(groups) == set(expected)  # a group for each kind of cell the column has
        for name, (body, detail) in expected.items():
            listed = groups[name]
            assert _words(listed["body"]) == body
            assert _words(listed["detail"]) == detail
            # each word once
            assert len(listed["body"].split()) == len(body)


def test_an_empty_table_lists_no_words() -> None:
    table = Table("Nothing", ("A", "B"), (), (False, True), (1, 1))
    data = document_data(Document("en", "Title", "", (table,), ""), ("DejaVu Sans",))
    assert data["blocks"][0]["words"] == [{}, {}]


def test_a_measured_text_is_measured_in_the_current_fonts() -> None:
    _style._measured.cache_clear()
    with mpl.rc_context({"font.family": ["DejaVu Sans"]}):
        sans = _style.text_width("Implementation of recommendations", 10)
        again = _style.text_width("Implementation of recommendations", 10)
    with mpl.rc_context({"font.family": ["DejaVu Sans Mono"]}):
        mono = _style.text_width("Implementation of recommendations", 10)
    assert sans == again
    assert mono != sans  # another font is another entry, never the cached one
    assert _style.text_width("Implementation of recommendations", 20, "bold") > sans
    assert _style._measured.cache_info().hits >= 1


def test_write_gives_the_bytes_each_renderer_gives(
    kazakhstan: followup.Registry, tmp_path: Path
) -> None:
    card = followup.scorecard.build(kazakhstan, "2025-Q3", today=TODAY)
    paths = card.write(tmp_path, ("html", "pdf", "json"))
    assert [p.suffix for p in paths] == [".html", ".pdf", ".json"]
    pdf = (tmp_path / f"{paths[0].stem}.pdf").read_bytes()
    assert pdf == render_pdf(document(card))  # typeset on a thread or not, the same file


def test_builds_that_share_scores_are_the_builds_alone(kazakhstan: followup.Registry) -> None:
    from followup.scorecard.build import shared_scores

    quarters = ("2024-Q4", "2025-Q1", "2025-Q3")
    alone = [
        followup.scorecard.build(kazakhstan, q, today=TODAY, exclude_unverified=x)
        for q in quarters
        for x in (False, True)
    ]
    with shared_scores():
        shared = [
            followup.scorecard.build(kazakhstan, q, today=TODAY, exclude_unverified=x)
            for q in quarters
            for x in (False, True)
        ]
    for one, other in zip(alone, shared, strict=True):
        assert one.to_dict() == other.to_dict()
        assert one.data.trend == other.data.trend
