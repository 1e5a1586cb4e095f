"""The translator's tools: extract the template, check the catalogues.

``python -m followup.i18n extract`` reads :mod:`followup.i18n.messages` with Babel's Python
extractor and writes ``locale/followup.pot``; ``pybabel update`` then merges the template
into every language's ``followup.po`` and ``python -m followup.i18n check`` (or ``pybabel
compile --statistics``) checks them. The template is rewritten only when its messages
changed, so running ``extract`` on an unchanged tree leaves every file as it was.
"""

from __future__ import annotations

import io
import string
from collections.abc import Iterator
from pathlib import Path

from attrs import frozen
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po, write_po

from followup import __version__
from followup.i18n.catalogues import TEMPLATE, catalogue_path, languages

__all__ = [
    "Problem",
    "Statistics",
    "catalogue_paths",
    "check_catalogue",
    "extract_template",
    "placeholders",
    "read_catalogue",
    "statistics",
    "write_template",
]

SOURCE = Path(__file__).with_name("messages.py")
# pgettext(key, text) and npgettext(key, singular, plural): Babel's default keywords too,
# so ``pybabel extract followup/i18n/messages.py`` finds the same messages.
KEYWORDS = {"pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}
COMMENT_TAG = "TRANSLATORS:"
HEADER = """\
# Translations of followup's scorecards and charts.
# This file is distributed under the same license as the followup project."""


def extract_template() -> Catalog:
    """The template as :mod:`followup.i18n.messages` defines it (not yet written)."""
    template = Catalog(
        project="followup",
        version=__version__,
        header_comment=HEADER,
        copyright_holder="followup contributors",
        charset="utf-8",
        fuzzy=False,
    )
    found = extract_from_file(
        "python",
        str(SOURCE),
        keywords=KEYWORDS,
        comment_tags=(COMMENT_TAG,),
        strip_comment_tags=True,
    )
    for _lineno, text, comments, context in found:
        template.add(text, context=context, auto_comments=comments)
    return template


def read_catalogue(path: Path) -> Catalog:
    """A ``.po`` or ``.pot`` file as a Babel catalogue."""
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def _entries(catalog: Catalog) -> list[tuple[object, ...]]:
    return [
        (m.context, m.id, tuple(sorted(m.flags)), tuple(m.auto_comments)) for m in catalog if m.id
    ]


def write_template(path: Path = TEMPLATE) -> bool:
    """Write the template to ``path`` unless it already holds the same messages.

    Returns whether the file was written. Keeping an unchanged file keeps its creation
    date, which ``pybabel update`` copies into every catalogue.
    """
    template = extract_template()
    if path.is_file() and _entries(read_catalogue(path)) == _entries(template):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, template, omit_header=False, no_location=True)
    path.write_bytes(buffer.getvalue())
    return True


def placeholders(text: str) -> frozenset[str]:
    """The ``{names}`` a message expects."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


@frozen
class Problem:
    """Something wrong with one entry of a catalogue, said so a translator can find it."""

    path: Path
    line: int
    key: str | None
    text: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.key}: {self.text}" if self.key else f"{where}: {self.text}"


def _forms(message: Message) -> tuple[str, ...]:
    if isinstance(message.string, (list, tuple)):
        return tuple(message.string)
    return (message.string or "",)


def _ids(message: Message) -> tuple[str, ...]:
    return tuple(message.id) if isinstance(message.id, (list, tuple)) else (message.id,)


def check_catalogue(path: Path, template: Catalog | None = None) -> list[Problem]:
    """What is wrong in the catalogue at ``path`` against the template.

    A problem is a message of the template missing from the catalogue (run ``pybabel
    update``) or one the template lacks; a ``Plural-Forms`` header other than the one
    ``pybabel init`` writes for the language (CLDR's rule); a plural message with some
    forms left empty; a broken format string; a translation whose placeholders differ
    from the English ones (a plural form may leave out ``{count}`` where the language says
    the number in the word, as Arabic's dual does); a catalogue that does not compile.
    """
    template = template or read_catalogue(TEMPLATE)
    try:
        catalog = read_catalogue(path)
    except PoFileError as error:
        return [Problem(path, error.lineno, None, f"unreadable: {error}")]
    problems: list[Problem] = []
    rule = get_plural(str(catalog.locale)) if catalog.locale else None
    if rule is None or (catalog.num_plurals, catalog.plural_expr) != tuple(rule):
        expected_rule = f"nplurals={rule[0]}; plural={rule[1]};" if rule else "a Language header"
        problems.append(
            Problem(path, 1, None, f"Plural-Forms is {catalog.plural_forms!r}, not {expected_rule}")
        )
    for entry in template:
        if entry.id and catalog.get(entry.id, entry.context) is None:
            problems.append(Problem(path, 0, entry.context, "missing; run pybabel update"))
    for message in catalog:
        if not message.id:
            continue
        if template.get(message.id, message.context) is None:
            problems.append(
                Problem(path, message.lineno or 0, message.context, "not in the template")
            )
        line, key = message.lineno or 0, message.context
        expected = placeholders(_ids(message)[-1])
        forms = _forms(message)
        if any(forms) and not all(forms):  # Babel reads a missing msgstr[i] as empty
            empty = ", ".join(f"msgstr[{i}]" for i, form in enumerate(forms) if not form)
            text = f"{empty} empty, so the whole message reads in English"
            problems.append(Problem(path, line, key, text))
        for form in forms:
            if not form:
                continue
            try:
                got = placeholders(form)
            except ValueError as error:
                problems.append(Problem(path, line, key, f"not a format string: {error}"))
                continue
            # a form may say the number in its word ("توصيتان", two recommendations)
            if got != expected and not (message.pluralizable and got == expected - {"count"}):
                problems.append(
                    Problem(
                        path,
                        line,
                        key,
                        f"placeholders {sorted(got)} differ from the English {sorted(expected)}",
                    )
                )
    try:
        write_mo(io.BytesIO(), catalog)
    except Exception as error:  # any failure to compile is the finding
        problems.append(Problem(path, 0, None, f"does not compile: {error}"))
    return problems


@frozen
class Statistics:
    """How much of one catalogue is translated."""

    language: str
    translated: int
    fuzzy: int
    total: int


def statistics(language: str) -> Statistics:
    """Counts of translated, fuzzy and all messages of ``language``'s catalogue."""
    catalog = read_catalogue(catalogue_path(language))
    messages = [m for m in catalog if m.id]
    done = [m for m in messages if all(_forms(m)) and not m.fuzzy]
    fuzzy = [m for m in messages if m.fuzzy]
    return Statistics(language, len(done), len(fuzzy), len(messages))


def catalogue_paths() -> Iterator[tuple[str, Path]]:
    """Each language with a catalogue and the path of its ``.po`` file."""
    for language in languages():
        path = catalogue_path(language)
        if path.is_file():
            yield language, path
