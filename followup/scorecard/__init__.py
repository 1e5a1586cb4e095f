"""Periodic scorecards: a :class:`Scorecard` value and its HTML, PDF, Markdown and JSON.

>>> import followup, followup.scorecard
>>> card = followup.scorecard.build(followup.load("registries/kazakhstan"), "2025-Q3")
>>> card.headline.total, card.headline.assessed
(29, 21)

``build`` computes what a scorecard says (from the registry's public view: confidential
fields never reach it); :meth:`Scorecard.render` gives it as HTML, Markdown or JSON
text or PDF bytes in memory, :meth:`Scorecard.write` writes the files. For a series of
periods with an index page, see :func:`write_series`.
"""

from followup.scorecard.blocks import Document
from followup.scorecard.branding import Branding, BrandingError
from followup.scorecard.build import build, latest_period
from followup.scorecard.card import (
    DeadlineRow,
    EvidenceRef,
    Figures,
    FollowUpRow,
    LevelInfo,
    Movement,
    Row,
    ScopeFigures,
    Scorecard,
)
from followup.scorecard.layout import document
from followup.scorecard.period import Period, PeriodError, periods
from followup.scorecard.render import FORMATS, render, render_json, scorecard_data, write
from followup.scorecard.series import SeriesEntry, write_series

__all__ = [
    "FORMATS",
    "Branding",
    "BrandingError",
    "DeadlineRow",
    "Document",
    "EvidenceRef",
    "Figures",
    "FollowUpRow",
    "LevelInfo",
    "Movement",
    "Period",
    "PeriodError",
    "Row",
    "ScopeFigures",
    "Scorecard",
    "SeriesEntry",
    "build",
    "document",
    "latest_period",
    "periods",
    "render",
    "render_json",
    "scorecard_data",
    "write",
    "write_series",
]
