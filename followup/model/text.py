"""Human-written text: one string, or the same text in several languages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from attrs import field, frozen

from followup.model._raw import compact_pickling

__all__ = ["UNSTATED", "Text", "is_language_tag", "pick", "pick_with_language"]

#: The language key of a plain string: "the registry's default language".
UNSTATED = ""

_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


def is_language_tag(value: str) -> bool:
    """True for a lower-case ISO 639 code, optionally with subtags (``en``, ``pt-br``)."""
    return bool(_LANGUAGE_TAG.match(value))


def _check_items(_inst: object, _attr: object, items: tuple[tuple[str, str], ...]) -> None:
    if not items:
        raise ValueError("text must not be empty")
    seen: set[str] = set()
    for language, value in items:
        if language != UNSTATED and not is_language_tag(language):
            raise ValueError(f"{language!r} is not a language tag such as 'en', 'ru' or 'kk'")
        if language in seen:
            raise ValueError(f"language {language!r} given twice")
        seen.add(language)
        if not value.strip():
            raise ValueError("text must not be empty")


@frozen
class Text:
    """Text a person wrote: a plain string, or translations keyed by language tag.

    >>> Text.plain("Abolish the death penalty").pick("ru")
    'Abolish the death penalty'
    >>> Text.of({"en": "Assembly", "ru": "Собрания"}).pick("ru")
    'Собрания'
    """

    items: tuple[tuple[str, str], ...] = field(validator=_check_items)

    @classmethod
    def plain(cls, value: str) -> Text:
        """Text in the registry's default language."""
        return cls(((UNSTATED, value),))

    @classmethod
    def of(cls, translations: Mapping[str, str]) -> Text:
        """Text given as ``{language: text}``."""
        return cls(tuple(translations.items()))

    @property
    def is_plain(self) -> bool:
        """True when the text was written as a plain string."""
        return len(self.items) == 1 and self.items[0][0] == UNSTATED

    @property
    def languages(self) -> tuple[str, ...]:
        """The language keys present (``""`` for a plain string)."""
        return tuple(language for language, _ in self.items)

    def get(self, language: str) -> str | None:
        """The text in exactly ``language``, or None."""
        for key, value in self.items:
            if key == language:
                return value
        return None

    def pick(
        self,
        language: str | None = None,
        fallback: Iterable[str] = ("en",),
        default_language: str = "en",
    ) -> str:
        """The text in ``language``, else in the first available of ``fallback``, else any.

        A plain string counts as ``default_language``. A regional tag falls back to its
        base language (``pt-br`` to ``pt``) before the fallback chain.
        """
        return pick(self, language, fallback, default_language)

    def __str__(self) -> str:
        return self.pick()

    def as_plain(self) -> str | dict[str, str]:
        """The YAML/JSON form: a string when plain, else a ``{language: text}`` dict."""
        if self.is_plain:
            return self.items[0][1]
        return dict(self.items)


compact_pickling(Text)  # the warm-load cache rebuilds it in one call


def pick(
    text: Text | str,
    language: str | None = None,
    fallback: Iterable[str] = ("en",),
    default_language: str = "en",
) -> str:
    """Choose one language of ``text`` with a fallback chain (see :meth:`Text.pick`)."""
    return pick_with_language(text, language, fallback, default_language)[0]


def pick_with_language(
    text: Text | str,
    language: str | None = None,
    fallback: Iterable[str] = ("en",),
    default_language: str = "en",
) -> tuple[str, str]:
    """Like :func:`pick`, with the language of the text chosen: ``(text, language)``.

    A plain string (and a ``str``) is in ``default_language``. A scorecard uses the
    language to mark a text shown in another language than its own.

    >>> pick_with_language(Text.of({"en": "Assembly"}), "ru")
    ('Assembly', 'en')
    """
    if isinstance(text, str):
        return text, default_language
    resolved = {(default_language if key == UNSTATED else key): value for key, value in text.items}
    chain: list[str] = []
    if language:
        chain.append(language)
        if "-" in language:
            chain.append(language.split("-", 1)[0])
    chain.extend(fallback)
    for candidate in chain:
        if candidate in resolved:
            return resolved[candidate], candidate
    first, value = text.items[0]
    return value, default_language if first == UNSTATED else first
