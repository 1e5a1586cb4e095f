"""Translations: the words of scorecards and charts, and how numbers and dates read.

Messages are gettext catalogues, one per language
(``followup/i18n/locale/<language>/LC_MESSAGES/followup.po``), made from the template
``locale/followup.pot`` that ``python -m followup.i18n extract`` writes from the English
source in :mod:`followup.i18n.messages`. Each message is looked up by its key (the
``msgctxt``, such as ``"scorecard.coverage"``); a message that counts something has one
form per plural category of the language, in the order of the catalogue's
``Plural-Forms`` header. A message a language has not translated reads in English.
Numbers, percentages, dates and durations come from CLDR through Babel
(:mod:`followup.i18n.formats`). The translator's workflow is in docs/translation.md.

>>> message("scorecard.coverage", "en", assessed=3, total=4)
'3 of 4 assessed'
>>> counted("counted.recommendations", 5, "ru"), counted("counted.recommendations", 1)
('5 рекомендаций', '1 recommendation')
>>> format_date(dt.date(2025, 9, 30), "ru") == "30 сентября 2025\\u202fг."
True
>>> format_number(0.25, "ru")
'0,25'
"""

from __future__ import annotations

import datetime as dt

from followup.i18n.catalogues import (
    DEFAULT_LANGUAGE,
    check_language,
    counted,
    languages,
    message,
    plural_index,
)
from followup.i18n.formats import (
    format_count,
    format_date,
    format_duration,
    format_number,
    format_percent,
    format_signed,
    language_name,
    plural,
    text_direction,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "check_language",
    "counted",
    "format_count",
    "format_date",
    "format_duration",
    "format_number",
    "format_percent",
    "format_signed",
    "language_name",
    "languages",
    "message",
    "plural",
    "plural_index",
    "text_direction",
]

_ = dt  # for the examples above
