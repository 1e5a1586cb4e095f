"""Numbers, percentages, dates and durations as each language writes them, from CLDR.

Babel carries the Unicode CLDR data: decimal marks and digit grouping (``12 345,5`` in
Russian, with the no-break space CLDR prescribes), percent signs (``10 %``), date
patterns, month names in the right grammatical form, duration units with their plural
forms. English is written as international English (CLDR ``en_001``: ``7 March 2025``),
the usage of UN documents, rather than the United States' ``March 7, 2025``.

>>> format_number(12345.5, "ru", 1) == "12\\u00a0345,5"
True
>>> from followup.model.dates import PartialDate
>>> format_date(dt.date(2025, 9, 30), "en"), format_date(PartialDate(2025, 5), "en")
('30 September 2025', 'May 2025')
>>> format_duration(8, 2, 0, "en"), format_duration(0, 0, 1, "ru")
('8 years 2 months', '1 день')
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_date
from babel.dates import format_skeleton
from babel.numbers import NumberPattern, parse_pattern
from babel.units import format_unit

from followup.errors import FollowupError
from followup.model.dates import precision_of

__all__ = [
    "cldr_locale",
    "format_count",
    "format_date",
    "format_duration",
    "format_number",
    "format_percent",
    "format_signed",
    "language_name",
    "plural",
    "text_direction",
]

# A language whose CLDR default is not what scorecards should read: English defaults to
# the United States' conventions, UN documents use international English.
_CLDR_NAME = {"en": "en_001"}
# followup's date styles and the CLDR ones they use: "short" is CLDR's medium, with the
# month abbreviated, because an all-digit date reads differently from country to country.
_STYLES = {"long": ("long", "yMMMM"), "short": ("medium", "yMMM")}


@cache
def cldr_locale(language: str) -> Locale:
    """The Babel locale followup formats ``language`` with (``"en"`` is ``en_001``)."""
    tag = language.replace("-", "_")
    try:
        return Locale.parse(_CLDR_NAME.get(tag, tag))
    except (ValueError, UnknownLocaleError) as error:
        raise FollowupError(f"CLDR has no locale {language!r}: {error}") from None


def _exact(value: float, digits: int) -> Decimal:
    """``value`` rounded to ``digits`` decimals as Python rounds floats, never ``-0``."""
    text = f"{value:.{digits}f}"
    number = Decimal(text)
    return abs(number) if number == 0 else number


def _decimal(locale: Locale, pattern: str, digits: int) -> NumberPattern:
    """The locale's ``pattern`` (grouping, signs) with exactly ``digits`` decimals."""
    shaped = copy.copy(parse_pattern(pattern))
    shaped.frac_prec = (digits, digits)
    return shaped


def format_number(value: float, language: str = "en", digits: int = 2) -> str:
    """``value`` with ``digits`` decimals, the language's decimal mark and grouping.

    >>> format_number(0.25, "ru"), format_number(1234.5, "en", 1)
    ('0,25', '1,234.5')
    """
    locale = cldr_locale(language)
    pattern = _decimal(locale, locale.decimal_formats[None].pattern, digits)
    return str(pattern.apply(_exact(value, digits), locale))


def format_count(count: int, language: str = "en") -> str:
    """A whole number as the language groups its digits (``12,345``, ``12 345``)."""
    return format_number(count, language, 0)


def format_signed(value: float, language: str = "en", digits: int = 2) -> str:
    """A change: ``+0.10``, ``−0.05`` (a true minus sign), ``±0.00`` for no change."""
    from babel.numbers import get_plus_sign_symbol

    text = format_number(abs(value), language, digits)
    # the language's sign with its direction marks (CLDR: Arabic puts a left-to-right
    # mark before it, so "+0.17" reads as one unit in a right-to-left line)
    plus = get_plus_sign_symbol(cldr_locale(language))
    if _exact(value, digits) == 0:
        return f"{plus.replace('+', '±')}{text}"
    return f"{plus}{text}" if value > 0 else f"{plus.replace('+', chr(0x2212))}{text}"


def format_percent(share: float, language: str = "en", digits: int = 0) -> str:
    """A share of 1 as the language writes a percentage: ``10%``, ``10 %`` (U+00A0).

    >>> format_percent(0.1, "ru") == "10\\u00a0%", format_percent(0.125, "en", 1)
    (True, '12.5%')
    """
    locale = cldr_locale(language)
    pattern = _decimal(locale, locale.percent_formats[None].pattern, digits)
    return str(pattern.apply(_exact(share * 100, digits) / 100, locale))


def format_date(day: dt.date, language: str = "en", style: str = "long") -> str:
    """``day`` as the language writes it; ``style`` is ``long`` or ``short``.

    A date known only to the month or the year (:class:`followup.model.dates.PartialDate`)
    is written as such ("May 2025", "2017"), never with a made-up day.

    >>> format_date(dt.date(2025, 3, 7), "ru", "short") == "7 мар. 2025\\u202fг."
    True
    """
    if style not in _STYLES:
        raise ValueError(f"date style must be 'long' or 'short', not {style!r}")
    locale = cldr_locale(language)
    full, month = _STYLES[style]
    precision = precision_of(day)
    if precision == "year":
        return format_skeleton("y", day, locale=locale)
    if precision == "month":
        return format_skeleton(month, day, locale=locale)
    return babel_date(day, full, locale=locale)


def _pair_pattern(locale: Locale) -> str:
    """How the language joins two measures ("8 years 2 months"), from CLDR's unit lists."""
    for style in ("unit-narrow", "unit-short", "unit"):
        try:
            patterns = locale.list_patterns[style]
        except KeyError:
            continue
        for key in ("2", "end"):
            try:
                return str(patterns[key])
            except KeyError:
                continue
    return "{0} {1}"


def format_duration(years: int, months: int, days: int, language: str = "en") -> str:
    """A span as a reader counts it: "8 years 2 months" past a month, "40 days" within.

    Each part is CLDR's duration unit in the language, with its plural form.
    """
    locale = cldr_locale(language)

    def unit(count: int, name: str) -> str:
        return str(format_unit(count, f"duration-{name}", "long", locale=locale))

    if years and months:
        return _pair_pattern(locale).format(unit(years, "year"), unit(months, "month"))
    if years or months:
        return unit(years, "year") if years else unit(months, "month")
    return unit(days, "day")


def plural(count: int, language: str = "en") -> str:
    """The CLDR plural category of ``count`` in ``language``: ``zero``, ``one``, ``two``,
    ``few``, ``many`` or ``other``.

    >>> plural(21, "ru"), plural(22, "ru"), plural(25, "ru"), plural(1, "zh")
    ('one', 'few', 'many', 'other')
    """
    return str(cldr_locale(language).plural_form(count))


def text_direction(language: str) -> str:
    """``"rtl"`` for a language written right to left (Arabic, Persian, Hebrew, Urdu),
    ``"ltr"`` otherwise, from CLDR's character order for the language."""
    try:
        order = cldr_locale(language).character_order
    except FollowupError:
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def language_name(code: str, language: str = "en") -> str:
    """The name of language ``code`` as ``language`` writes it, from CLDR
    (``language_name("en", "ru")`` is ``"английский"``); the code itself when unknown."""
    try:
        names = cldr_locale(language).languages
    except FollowupError:
        return code
    return str(names.get(code.replace("-", "_"), code))
