"""Translations: the gettext catalogues against the template and CLDR's plural rules, the
lookups' English fallback, and numbers, dates and durations as CLDR writes them."""

from __future__ import annotations

import datetime as dt
import io
import re
import tomllib
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import write_po

import followup
from followup.errors import FollowupError
from followup.i18n import (
    catalogues,
    check_language,
    counted,
    format_count,
    format_date,
    format_duration,
    format_number,
    format_percent,
    format_signed,
    language_name,
    languages,
    message,
    plural,
    plural_index,
    text_direction,
)
from followup.i18n import messages as definitions
from followup.i18n.__main__ import main
from followup.i18n.catalogues import MESSAGES, TEMPLATE, catalogue_path
from followup.i18n.extract import (
    check_catalogue,
    extract_template,
    placeholders,
    read_catalogue,
    write_template,
)
from followup.model.dates import PartialDate

ROOT = Path(followup.__file__).parent.parent
COUNTS = (0, 1, 2, 5, 11, 21, 22, 25, 101)
# every integer a scorecard plausibly counts, and the round millions French and Spanish
# give a form of their own ("1 000 000 de recommandations")
INTEGERS = (*range(0, 1001), 10**6, 2 * 10**6, 10**9)
PLURAL = sorted(key for key, d in MESSAGES.items() if d.plural is not None)
NBSP, NNBSP = "\u00a0", "\u202f"


def _values(key: str) -> dict[str, str]:
    """A value for every placeholder of ``key`` but ``{count}``."""
    definition = MESSAGES[key]
    names = placeholders(definition.text) | placeholders(definition.plural or "")
    return {name: f"<{name}>" for name in names - {"count"}}


def _entries(language: str) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each plural message of ``language``'s catalogue and its forms."""
    for entry in read_catalogue(catalogue_path(language)):
        if entry.id and entry.pluralizable and not entry.fuzzy:
            assert isinstance(entry.string, tuple)
            yield str(entry.context), entry.string


# -- the languages -----------------------------------------------------------------------


def test_the_scorecard_languages_have_catalogues() -> None:
    assert languages()[0] == "en"
    assert set(languages()) >= {"en", "fr", "es", "ru", "ar", "zh", "kk"}
    assert check_language("ru") == "ru"
    with pytest.raises(FollowupError, match=r"'xx'; available: en, ar, es, fr, kk, ru, zh"):
        check_language("xx")
    assert text_direction("ar") == "rtl" and text_direction("ru") == "ltr"
    assert text_direction("xx-unknown") == "ltr"
    assert language_name("en", "ru") == "английский" and language_name("zz", "en") == "zz"


# -- plural forms against CLDR -----------------------------------------------------------


@pytest.mark.parametrize("language", languages())
def test_plural_forms_follow_cldr(language: str) -> None:
    """The msgstr index the runtime picks stands for one CLDR category each, the header has
    as many forms as the language has integer categories, and every translated form is
    the one printed."""
    locale = Locale.parse("en" if language == "en" else language)
    index_of: dict[str, int] = {}
    for n in INTEGERS:
        category, index = locale.plural_form(n), plural_index(n, language)
        assert index_of.setdefault(category, index) == index, (language, n, category)
        assert plural(n, language) == category
    assert len(set(index_of.values())) == len(index_of), f"{language}: {index_of}"
    header = 2 if language == "en" else read_catalogue(catalogue_path(language)).num_plurals
    assert header == len(index_of), f"{language}: nplurals={header}, CLDR {sorted(index_of)}"
    assert sorted(index_of.values()) == list(range(header))
    translated = dict(_entries(language)) if language != "en" else {}
    for key in PLURAL:
        definition = MESSAGES[key]
        assert definition.plural is not None
        english = (definition.text, definition.plural)
        forms = translated.get(key, ())
        rule = language
        if not forms or not all(forms):  # untranslated: the English forms, by English's rule
            forms, rule = english, "en"
        for n in COUNTS:
            expected = forms[plural_index(n, rule)].format(
                count=format_count(n, language), **_values(key)
            )
            assert counted(key, n, language, **_values(key)) == expected, (language, key, n)


def test_russian_and_english_counts_read_right() -> None:
    def recs(n: int, language: str) -> str:
        return counted("counted.recommendations", n, language)

    assert [recs(n, "ru") for n in (1, 2, 5, 21, 11, 22, 101, 0)] == [
        "1 рекомендация",
        "2 рекомендации",
        "5 рекомендаций",
        "21 рекомендация",
        "11 рекомендаций",
        "22 рекомендации",
        "101 рекомендация",
        "0 рекомендаций",
    ]
    assert recs(1, "en") == "1 recommendation" and recs(2, "en") == "2 recommendations"
    assert recs(12345, "ru") == f"12{NBSP}345 рекомендаций"
    assert counted("counted.reviews", 3, "ru") == "3 обзора"
    assert counted("scorecard.rate_detail", 21, "ru", part=4) == "4 из 21 оцененной"
    assert counted("scorecard.rate_detail", 1, "en", part=1) == "1 of the 1 scored"
    intro = counted("scorecard.follow_up_intro", 1, "en", date="30 June 2025")
    assert "within 1 day of 30 June 2025" in intro
    assert "в течение 90 дней после" in counted("scorecard.follow_up_intro", 90, "ru", date="")
    assert "в течение 21 дня после" in counted("scorecard.follow_up_intro", 21, "ru", date="")


def test_every_counting_message_is_a_plural_message() -> None:
    """A number shown next to a noun goes through a plural message: no English text
    says "{count} things" outside one, and every plural message has ``{count}``."""
    for key, definition in MESSAGES.items():
        if definition.plural is None:
            assert "count" not in placeholders(definition.text), key
        else:
            assert "count" in placeholders(definition.text) & placeholders(definition.plural)


# -- the catalogues against the template -------------------------------------------------


def test_the_template_is_extracted_from_the_messages() -> None:
    """``python -m followup.i18n extract`` was run after the last change to messages.py."""

    def entries(catalog: Catalog) -> list[tuple[object, ...]]:
        return [(m.context, m.id, sorted(m.flags), m.auto_comments) for m in catalog if m.id]

    assert entries(read_catalogue(TEMPLATE)) == entries(extract_template())
    assert len(MESSAGES) == len(extract_template()) == len(definitions.DEFINITIONS)
    assert not write_template()  # an unchanged template is left as it is


def test_extract_writes_a_template_pybabel_reads(tmp_path: Path) -> None:
    target = tmp_path / "followup.pot"
    assert write_template(target) and not write_template(target)
    assert target.read_bytes().split(b"\n\n", 1)[1] == TEMPLATE.read_bytes().split(b"\n\n", 1)[1]
    assert read_catalogue(target).get("{count} review", "counted.reviews") is not None


@pytest.mark.parametrize("language", languages()[1:])
def test_catalogue_is_complete_and_compiles(language: str) -> None:
    path = catalogue_path(language)
    problems = check_catalogue(path)
    assert not problems, "\n".join(map(str, problems))
    catalog = read_catalogue(path)
    assert (catalog.num_plurals, catalog.plural_expr) == tuple(get_plural(language))
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    assert buffer.getvalue()[:4] == b"\xde\x12\x04\x95"  # a GNU .mo file


def test_the_check_names_file_key_and_line(tmp_path: Path) -> None:
    text = catalogue_path("ru").read_text("utf-8")
    broken = text.replace("оценено {assessed} из {total}", "оценено {assessed} из {всего}")
    assert broken != text
    path = tmp_path / "followup.po"
    path.write_text(broken, "utf-8")
    said = [str(p) for p in check_catalogue(path)]
    line = broken.splitlines().index('msgctxt "scorecard.coverage"') + 2  # the msgid
    assert any(
        s.startswith(f"{path}:{line}: scorecard.coverage: placeholders ['assessed', 'всего']")
        for s in said
    ), said
    path.write_text(text.replace('msgstr[2] "{count} обзоров"\n', ""), "utf-8")
    said = [str(p) for p in check_catalogue(path)]
    assert any("counted.reviews: msgstr[2] empty" in s for s in said), said
    path.write_text(text.replace('msgstr[2] "{count} обзоров"', 'msgstr[2] "x"\nmsgstr[3] ""'))
    (unreadable,) = check_catalogue(path)
    assert str(unreadable).startswith(f"{path}:") and "num_plurals" in str(unreadable)
    path.write_text(text.replace("n % 100 != 11 ? 0", "n % 100 != 12 ? 0"), "utf-8")
    assert any("Plural-Forms" in str(p) for p in check_catalogue(path))


def test_check_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^ru: (\d+) of \1 messages translated$", out, re.M), out


def test_the_wheel_carries_the_catalogues() -> None:
    """pyproject's package data takes the template and every catalogue."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["followup"]
    package = Path(followup.__file__).parent
    files = [TEMPLATE, *(catalogue_path(lang) for lang in languages()[1:])]
    for path in files:
        relative = path.relative_to(package).as_posix()
        assert any(fnmatch(relative, pattern) for pattern in patterns), relative


# -- lookups -------------------------------------------------------------------------------


def test_every_key_the_code_names_is_defined() -> None:
    """Keys written out at call sites exist, as a message or as a counted one."""
    call = re.compile(r"\b(message|counted)\(\s*\"([a-z_-]+\.[a-z0-9_.-]+)\"")
    for source in (ROOT / "followup").rglob("*.py"):
        for kind, key in call.findall(source.read_text("utf-8")):
            assert key in MESSAGES, f"{source}: {key}"
            assert (MESSAGES[key].plural is not None) == (kind == "counted"), f"{source}: {key}"


def test_lookups() -> None:
    assert message("scorecard.coverage", "ru", assessed=1, total=2) == "оценено 1 из 2"
    assert message("scorecard.unverified_mark", "en") == "†"
    with pytest.raises(KeyError, match="no message"):
        message("no.such.key", "en")
    with pytest.raises(KeyError, match="counted"):
        message("counted.reviews", "en")
    with pytest.raises(KeyError, match="message"):
        counted("scorecard.title", 1, "en")


def _write_po(
    folder: Path, language: str, entries: list[tuple[str, str | tuple[str, ...]]]
) -> None:
    catalog = Catalog(locale=language, fuzzy=False)
    for key, string in entries:
        definition = MESSAGES[key]
        msgid = (definition.text, definition.plural) if definition.plural else definition.text
        catalog.add(msgid, string, context=key)
    (folder / language / "LC_MESSAGES").mkdir(parents=True)
    with (folder / language / "LC_MESSAGES" / "followup.po").open("wb") as handle:
        write_po(handle, catalog)


def test_an_incomplete_translation_reads_in_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty msgstr, a plural message missing a form, a fuzzy entry: English, whole."""
    _write_po(
        tmp_path,
        "uk",
        [
            ("scorecard.total", "Усього"),
            ("scorecard.theme", ""),
            ("counted.reviews", ("{count} огляд", "", "")),
            ("counted.assessments", ("{count} оцінка", "{count} оцінки", "{count} оцінок")),
        ],
    )
    monkeypatch.setattr(catalogues, "LOCALE_DIR", tmp_path)
    catalogues.translations.cache_clear()
    try:
        assert "uk" in languages()
        assert message("scorecard.total", "uk") == "Усього"
        assert message("scorecard.theme", "uk") == "Theme"
        assert counted("counted.reviews", 21, "uk") == "21 reviews"
        assert counted("counted.reviews", 1, "uk") == "1 review"
        assert counted("counted.assessments", 21, "uk") == "21 оцінка"
        assert counted("counted.assessments", 12, "uk") == "12 оцінок"
    finally:
        catalogues.translations.cache_clear()


# -- numbers, dates, durations -------------------------------------------------------------


def test_numbers_and_percentages_as_cldr_writes_them() -> None:
    assert format_number(12345.5, "ru", 1) == f"12{NBSP}345,5"
    assert format_number(12345.5, "en", 1) == "12,345.5"
    assert format_number(12345.5, "fr", 1) == f"12{NNBSP}345,5"
    assert format_number(0.125, "ru", 3) == "0,125"
    assert format_number(-0.001, "en") == "0.00"  # no negative zero
    assert format_number(0.125, "en") == "0.12"  # rounds as Python rounds the float
    assert format_percent(0.1, "ru") == f"10{NBSP}%"
    assert format_percent(0.5, "en") == "50%" and format_percent(0.1, "fr") == f"10{NBSP}%"
    assert format_percent(0.125, "ru", 1) == f"12,5{NBSP}%"
    assert format_signed(0.04, "en") == "+0.04"
    assert format_signed(-0.04, "ru") == "\u22120,04"
    assert format_signed(-0.001, "en") == "±0.00" and format_signed(0, "ru") == "±0,00"
    assert format_count(12345, "es") == "12.345" and format_count(12345, "ar") == "12,345"


def test_dates_as_cldr_writes_them() -> None:
    day = dt.date(2025, 3, 7)
    assert format_date(day, "en") == "7 March 2025"
    assert format_date(day, "en", "short") == "7 Mar 2025"
    assert format_date(day, "ru") == f"7 марта 2025{NNBSP}г."
    assert format_date(day, "ru", "short") == f"7 мар. 2025{NNBSP}г."
    assert format_date(day, "fr") == "7 mars 2025"
    assert format_date(day, "es") == "7 de marzo de 2025"
    assert format_date(day, "ar") == "7 مارس 2025"
    assert format_date(day, "zh") == "2025年3月7日"
    assert format_date(day, "kk") == f"2025{NNBSP}ж. 7 наурыз"
    with pytest.raises(ValueError, match="style"):
        format_date(day, "en", "full")


def test_a_partial_date_is_written_as_known() -> None:
    may, year = PartialDate(2025, 5), PartialDate(2017)
    assert format_date(may, "en") == "May 2025" and format_date(may, "en", "short") == "May 2025"
    assert format_date(may, "ru") == f"май 2025{NNBSP}г."
    assert format_date(may, "fr") == "mai 2025"
    assert format_date(may, "zh") == "2025年5月"
    assert format_date(may, "ar") == "مايو 2025"
    assert format_date(year, "en") == "2017" and format_date(year, "ru", "short") == "2017"
    assert format_date(year, "zh") == "2017年"


def test_durations_in_cldr_units() -> None:
    assert format_duration(8, 2, 0, "en") == "8 years 2 months"
    assert format_duration(1, 0, 0, "en") == "1 year"
    assert format_duration(0, 0, 1, "en") == "1 day"
    assert format_duration(0, 0, 40, "en") == "40 days"
    assert format_duration(8, 2, 0, "ru") == "8 лет 2 месяца"
    assert format_duration(0, 0, 21, "ru") == "21 день"
    assert format_duration(0, 0, 5, "ru") == "5 дней"
    assert format_duration(0, 1, 0, "ru") == "1 месяц"
    assert format_duration(8, 2, 0, "zh") == "8年2个月"
    assert format_duration(0, 0, 3, "fr") == f"3{NBSP}jours"
