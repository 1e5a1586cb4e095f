"""What a scorecard's formats share, made once per scorecard: its document and charts.

A :class:`~followup.scorecard.card.Scorecard` holds a :class:`Drawn` (outside its
equality and its repr). The first format that needs the document
(:func:`followup.scorecard.layout.document`) or a chart makes it and keeps it there;
the HTML page, the Markdown's SVG files, :meth:`Scorecard.charts` and the notebook view
take the same SVG text, and a second ``render`` of the card draws nothing again. The PDF
lays its charts out at the size of the A4 page, not at their natural size, so it draws
them at that size once and keeps the Typst input (charts included) as well.

Charts need matplotlib (the ``charts`` extra): without it, asking for one raises
:class:`followup.charts.ChartsNotInstalledError`; the document itself does not need it.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from followup.scorecard.blocks import Chart, Document

if TYPE_CHECKING:
    from followup.scorecard.card import Scorecard

__all__ = ["Drawn", "compact_svgs", "document_of", "pdf_data", "svgs"]


class Drawn:
    """The document, chart SVGs and PDF input of one scorecard, each made when first
    asked for (under a lock: two threads rendering one card draw each chart once)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.document: Document | None = None
        self.svgs: dict[str, str] | None = None
        self.compact: dict[str, str] | None = None
        self.pdf: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (Drawn, ())  # a copy or a pickle starts empty (a lock does not pickle)


def _drawn(card: Scorecard) -> Drawn:
    drawn: Drawn = card._drawn
    return drawn


def document_of(card: Scorecard) -> Document:
    """The card's :class:`Document` (made once)."""
    drawn = _drawn(card)
    with drawn.lock:
        if drawn.document is None:
            from followup.scorecard.layout import document

            drawn.document = document(card)
        return drawn.document


def _charts(doc: Document) -> list[Chart]:
    return [block for block in doc.blocks if isinstance(block, Chart)]


def svgs(card: Scorecard) -> dict[str, str]:
    """Each chart of the card as SVG text at its natural size, by kind (drawn once)."""
    drawn = _drawn(card)
    with drawn.lock:
        if drawn.svgs is None:
            from followup.charts._missing import need_charts

            need_charts("the charts of the HTML scorecard")
            from followup.charts import svg_text

            drawn.svgs = {c.kind: svg_text(c.draw(None)) for c in _charts(document_of(card))}
        return dict(drawn.svgs)


def compact_svgs(card: Scorecard) -> dict[str, str]:
    """The SVG text of each chart's drawing for phones, by kind (for the charts that
    have one; drawn once)."""
    drawn = _drawn(card)
    with drawn.lock:
        if drawn.compact is None:
            from followup.charts._missing import need_charts

            need_charts("the charts of the HTML scorecard")
            from followup.scorecard.html import compact_svg

            found = {c.kind: compact_svg(c) for c in _charts(document_of(card))}
            drawn.compact = {kind: svg for kind, svg in found.items() if svg is not None}
        return dict(drawn.compact)


def pdf_data(card: Scorecard) -> str:
    """What Typst typesets for the card's PDF (:func:`followup.scorecard.pdf.pdf_inputs`:
    the document as JSON, charts drawn at the page's size), made once."""
    drawn = _drawn(card)
    with drawn.lock:
        if drawn.pdf is None:
            from followup.charts._missing import need_charts

            need_charts("the PDF scorecard")
            from followup.scorecard.pdf import pdf_inputs

            drawn.pdf = pdf_inputs(document_of(card))
        return drawn.pdf
