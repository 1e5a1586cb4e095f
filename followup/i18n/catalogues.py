"""The gettext catalogues: finding a language's translations and looking messages up.

Each language is one file, ``locale/<language>/LC_MESSAGES/followup.po``. It is read on
first use and compiled in memory (Babel writes the ``.mo`` bytes, the standard library's
:class:`gettext.GNUTranslations` reads them), once per process. There is no build step:
the ``.po`` files in the package are what runs, from a checkout, an editable install or a
wheel alike. A message that is untranslated, partly translated (a plural message missing
a form) or marked fuzzy reads in English, the language of the ``msgid``.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from followup.errors import FollowupError
from followup.i18n.formats import format_count
from followup.i18n.messages import DEFINITIONS, Definition

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LOCALE_DIR",
    "MESSAGES",
    "TEMPLATE",
    "catalogue_path",
    "check_language",
    "counted",
    "languages",
    "message",
    "plural_index",
    "translations",
]

DEFAULT_LANGUAGE = "en"
DOMAIN = "followup"
LOCALE_DIR = Path(__file__).with_name("locale")
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
MESSAGES: dict[str, Definition] = {d.key: d for d in DEFINITIONS}


def catalogue_path(language: str) -> Path:
    """Where ``language``'s catalogue is (or would be)."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> tuple[str, ...]:
    """The languages scorecards can be written in: English (the messages' own language)
    first, then every language with a catalogue, in alphabetical order."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (DEFAULT_LANGUAGE, *(tag for tag in found if tag != DEFAULT_LANGUAGE))


def check_language(language: str) -> str:
    """``language`` if it has a catalogue; else a :class:`FollowupError` naming those
    that do and how to add one."""
    if language not in languages():
        raise FollowupError(
            f"no translation for language {language!r}; available: {', '.join(languages())} "
            f"(add {catalogue_path(language).relative_to(LOCALE_DIR.parent.parent.parent)}; "
            "see docs/translation.md)"
        )
    return language


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled translations of ``language`` (English: none, the text is the msgid)."""
    check_language(language)
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    with catalogue_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=None, abort_invalid=True)
    for entry in list(catalog):
        forms = entry.string if isinstance(entry.string, (list, tuple)) else (entry.string,)
        if entry.id and (entry.fuzzy or not all(forms)):
            catalog.delete(entry.id, entry.context)  # falls back to English as a whole
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _definition(key: str, counts: bool) -> Definition:
    definition = MESSAGES.get(key)
    if definition is None:
        raise KeyError(f"no message {key!r} in followup/i18n/messages.py")
    if (definition.plural is not None) != counts:
        use = "counted(key, count, ...)" if definition.plural else "message(key, ...)"
        raise KeyError(f"message {key!r} is read with {use}")
    return definition


def message(key: str, language: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The message ``key`` in ``language`` with ``{placeholders}`` filled from ``values``.

    >>> message("scorecard.coverage", "en", assessed=3, total=4)
    '3 of 4 assessed'
    """
    text = translations(language).pgettext(key, _definition(key, counts=False).text)
    return text.format(**values) if values else text


def counted(key: str, count: int, language: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The form of message ``key`` that ``count`` takes in ``language``, with ``{count}``
    written in the language's digits and the other placeholders from ``values``.

    >>> counted("counted.recommendations", 21, "ru"), counted("counted.reviews", 1)
    ('21 рекомендация', '1 review')
    """
    definition = _definition(key, counts=True)
    assert definition.plural is not None
    text = translations(language).npgettext(key, definition.text, definition.plural, count)
    return text.format(count=format_count(count, language), **values)


def plural_index(count: int, language: str = DEFAULT_LANGUAGE) -> int:
    """Which ``msgstr[i]`` of a plural message ``count`` reads in ``language``: the
    catalogue's ``Plural-Forms`` expression, as gettext evaluates it."""
    found = translations(language)
    if isinstance(found, gettext.GNUTranslations):
        return int(found.plural(count))  # type: ignore[attr-defined]
    return 0 if count == 1 else 1
