"""The language of every text a scorecard shows, so that none is shown unmarked.

A registry text may have no version in the scorecard's language: a Russian scorecard
then shows the English text. :class:`ShownTexts` picks each text and remembers the ones
shown in another language; renderers mark those (``lang`` in HTML, the structure tag's
language in the PDF), the page says once that such texts are there, and
:func:`foreign_texts` counts them for the command line's notice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import overload

from followup.i18n import counted, language_name
from followup.model.text import Text, pick_with_language
from followup.scorecard.blocks import Block, Document, ItemList, Paragraph, Table

__all__ = ["ShownTexts", "fallback_notice", "foreign_texts", "same_language"]


def same_language(a: str, b: str) -> bool:
    """True when tags ``a`` and ``b`` name one language (``pt-br`` and ``pt`` do)."""
    return a.split("-", 1)[0].lower() == b.split("-", 1)[0].lower()


class ShownTexts:
    """Picks registry texts in ``language`` (plain strings are in ``default``) and keeps,
    for each text shown in another language, that language."""

    def __init__(self, language: str, default: str) -> None:
        self.language = language
        self.default = default
        self._foreign: dict[str, str] = {}

    @overload
    def __call__(self, text: Text | str) -> str: ...

    @overload
    def __call__(self, text: None) -> None: ...

    def __call__(self, text: Text | str | None) -> str | None:
        """``text`` in the scorecard's language when it has a version in it, else in the
        first of the fallback chain (remembered as shown in that language)."""
        if text is None:
            return None
        value, language = pick_with_language(text, self.language, default_language=self.default)
        if not same_language(language, self.language):
            self._foreign.setdefault(value, language)
        return value

    @property
    def foreign(self) -> Mapping[str, str]:
        """Each text shown in another language than the scorecard's, with its language."""
        return dict(self._foreign)


def foreign_texts(document: Document) -> dict[str, int]:
    """How many distinct texts ``document`` shows in each other language (``{"en": 12}``),
    counted from the marks its blocks carry."""
    title = Paragraph(document.title, spans=document.title_spans)
    return _count(document.language, (title, *document.blocks))


def fallback_notice(language: str, blocks: Sequence[Block]) -> Paragraph | None:
    """The note saying, once, that some texts have no version in ``language`` and are
    shown in another (which, and how many); ``None`` when every text is in ``language``."""
    counts = _count(language, blocks)
    if not counts:
        return None
    names = ", ".join(language_name(other, language) for other in counts)
    total = sum(counts.values())
    return Paragraph(counted("counted.fallback_notice", total, language, languages=names), "note")


def _count(language: str, blocks: Sequence[Block]) -> dict[str, int]:
    seen: dict[str, set[str]] = {}

    def note(text: str, lang: str | None) -> None:
        if lang and text and not same_language(lang, language):
            seen.setdefault(lang, set()).add(text)

    for block in blocks:
        if isinstance(block, Paragraph):
            for text, lang in block.runs():
                note(text, lang)
        elif isinstance(block, ItemList):
            for index, item in enumerate(block.items):
                note(item, block.lang_of(index))
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    note(cell.text, cell.lang)
    return {lang: len(texts) for lang, texts in sorted(seen.items())}
