"""The label catalogue: the words of scorecards and charts, and how dates and numbers read.

Each language is one TOML file beside this module (``en.toml``, ``ru.toml``): a
``[format]`` table (decimal mark, percent sign, month names, date patterns) and tables of
messages. Adding a language is adding a file: copy ``en.toml`` to ``kk.toml``, translate
the values and keep the keys and the ``{placeholders}``; the tests check that every
shipped language has every English key with the same placeholders. A key missing from a
language falls back to English, so a partial translation still renders.

>>> message("scorecard.coverage", "en", assessed=3, total=4)
'3 of 4 assessed'
>>> format_date(dt.date(2025, 9, 30), "ru")
'30 сентября 2025 г.'
>>> format_number(0.25, "ru")
'0,25'
"""

from __future__ import annotations

import datetime as dt
import string
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from followup.errors import FollowupError
from followup.model.dates import precision_of

__all__ = [
    "DEFAULT_LANGUAGE",
    "catalogue",
    "counted",
    "format_date",
    "format_duration",
    "format_number",
    "format_percent",
    "format_signed",
    "languages",
    "message",
    "language_name",
    "plural",
    "text_direction",
]

DEFAULT_LANGUAGE = "en"
_HERE = Path(__file__).parent


def languages() -> tuple[str, ...]:
    """The languages with a catalogue, English first."""
    found = sorted(p.stem for p in _HERE.glob("*.toml"))
    return (DEFAULT_LANGUAGE, *(tag for tag in found if tag != DEFAULT_LANGUAGE))


def _flatten(table: Mapping[str, object], prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


@cache
def catalogue(language: str) -> Mapping[str, object]:
    """Every key of ``language`` (dotted: ``"scorecard.title"``), English filling gaps."""
    path = _HERE / f"{language}.toml"
    if not path.is_file():
        raise FollowupError(
            f"no label catalogue for language {language!r}; "
            f"available: {', '.join(languages())} (add followup/i18n/{language}.toml)"
        )
    with path.open("rb") as handle:
        own = _flatten(tomllib.load(handle))
    if language == DEFAULT_LANGUAGE:
        return own
    return {**catalogue(DEFAULT_LANGUAGE), **own}


def placeholders(template: str) -> frozenset[str]:
    """The ``{names}`` a message expects."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def message(key: str, language: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The message ``key`` in ``language`` with ``{placeholders}`` filled from ``values``."""
    template = catalogue(language).get(key)
    if not isinstance(template, str):
        raise KeyError(f"no message {key!r} in the label catalogue")
    return template.format(**values) if values else template


def _format(language: str) -> Mapping[str, object]:
    table = catalogue(language)
    return {k.removeprefix("format."): v for k, v in table.items() if k.startswith("format.")}


def format_number(value: float, language: str = DEFAULT_LANGUAGE, digits: int = 2) -> str:
    """``value`` with ``digits`` decimals and the language's decimal mark (``0.25``, ``0,25``)."""
    text = f"{value:.{digits}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    mark = str(_format(language)["decimal"])
    return text.replace(".", mark)


def format_signed(value: float, language: str = DEFAULT_LANGUAGE, digits: int = 2) -> str:
    """A change: ``+0.10``, ``−0.05`` (a true minus sign), ``±0.00`` for no change."""
    text = format_number(abs(value), language, digits)
    if float(f"{value:.{digits}f}") == 0:
        return f"±{text}"
    return f"+{text}" if value > 0 else f"\u2212{text}"


def format_percent(share: float, language: str = DEFAULT_LANGUAGE, digits: int = 0) -> str:
    """A share of 1 as a percentage: ``10%`` in English, ``10 %`` in Russian."""
    number = format_number(share * 100, language, digits)
    return str(_format(language)["percent"]).format(number=number)


def format_date(day: dt.date, language: str = DEFAULT_LANGUAGE, style: str = "long") -> str:
    """``day`` as the language writes it; ``style`` is ``long`` or ``short``.

    A date known only to the month or the year (:class:`followup.model.dates.PartialDate`)
    is written as such ("May 2025", "2017"), never with a made-up day.
    """
    fmt = _format(language)
    precision = precision_of(day)
    if precision == "year":
        return str(day.year)
    pattern = str(fmt[f"month_{style}" if precision == "month" else f"date_{style}"])
    months = fmt["months"]
    months_of = fmt.get("months_genitive", months)
    short = fmt.get("months_short", months)
    assert isinstance(months, list) and isinstance(months_of, list) and isinstance(short, list)
    return pattern.format(
        day=day.day,
        dd=f"{day.day:02d}",
        mm=f"{day.month:02d}",
        month=months[day.month - 1],
        month_of=months_of[day.month - 1],
        mon=short[day.month - 1],
        year=day.year,
    )


def plural(count: int, language: str = DEFAULT_LANGUAGE) -> str:
    """The CLDR plural category of ``count`` for English and Russian (``one``, ``few``,
    ``many``, ``other``); other languages use English's rule until they ship their own."""
    if language == "ru":
        if count % 10 == 1 and count % 100 != 11:
            return "one"
        if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
            return "few"
        return "many"
    return "one" if count == 1 else "other"


def counted(key: str, count: int, language: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """``count`` with the form of message ``key`` its plural category asks for
    (``key.one``, ``key.few``, ``key.many``, ``key.other``; ``other`` as the fallback)."""
    table = catalogue(language)
    form = table.get(f"{key}.{plural(count, language)}", table.get(f"{key}.other"))
    if not isinstance(form, str):
        raise KeyError(f"no message {key!r} in the label catalogue")
    return form.format(count=count, **values)


def format_duration(years: int, months: int, days: int, language: str = DEFAULT_LANGUAGE) -> str:
    """A span as a reader counts it: "8 years 2 months" past a year, "40 days" within."""
    if years or months:
        parts = [counted("duration.years", years, language)] if years else []
        if months:
            parts.append(counted("duration.months", months, language))
        return " ".join(parts)
    return counted("duration.days", days, language)


def text_direction(language: str) -> str:
    """``"rtl"`` for a language written right to left (Arabic, Persian, Hebrew, Urdu),
    ``"ltr"`` otherwise, from CLDR's character order for the language."""
    from babel import Locale, UnknownLocaleError

    try:
        order = Locale.parse(language.replace("-", "_")).character_order
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def language_name(code: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The name of language ``code`` as ``language`` writes it, from CLDR
    (``language_name("en", "ru")`` is ``"английский"``); the code itself when unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        names = Locale.parse(language.replace("-", "_")).languages
    except (ValueError, UnknownLocaleError):
        return code
    return str(names.get(code.replace("-", "_"), code))
