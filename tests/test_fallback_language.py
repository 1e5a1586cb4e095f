"""Honest language fallback: a text with no version in the scorecard's language is shown
in its own language, marked with it, said once on the page, and counted by the CLI."""

from __future__ import annotations

import io
from pathlib import Path

import attrs
import pytest

import followup
import followup.scorecard
from followup.cli import main
from followup.model.text import Text, pick_with_language
from followup.scorecard.blocks import Cell, Document, ItemList, Paragraph, Table
from followup.scorecard.languages import ShownTexts, foreign_texts, same_language
from followup.scorecard.layout import document

from .conftest import KAZAKHSTAN, TODAY


def _english_only(registry: followup.Registry, rec_id: str) -> followup.Registry:
    """``registry`` with recommendation ``rec_id``'s text in English alone."""
    rec = registry.recommendations[rec_id]
    english = rec.text.get("en") or rec.text.pick("en")
    recs = {**registry.recommendations, rec_id: attrs.evolve(rec, text=Text.of({"en": english}))}
    return attrs.evolve(registry, recommendations=recs)


def _pieces(doc: Document) -> list[tuple[str, str | None]]:
    """Every text a reader sees in a paragraph, list item or table cell, with its mark."""
    out: list[tuple[str, str | None]] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            out.extend(block.runs())
        elif isinstance(block, ItemList):
            out.extend((item, block.lang_of(i)) for i, item in enumerate(block.items))
        elif isinstance(block, Table):
            out.extend((cell.text, cell.lang) for row in block.rows for cell in row)
    return out


def test_pick_with_language_names_the_language_it_picked() -> None:
    text = Text.of({"en": "Assembly", "ru": "Собрания"})
    assert pick_with_language(text, "ru") == ("Собрания", "ru")
    assert pick_with_language(text, "kk") == ("Assembly", "en")
    assert pick_with_language(Text.plain("Plain"), "ru", default_language="en") == (
        "Plain",
        "en",
    )
    assert pick_with_language(Text.of({"ru": "Только"}), "fr") == ("Только", "ru")
    assert pick_with_language(Text.of({"pt": "Texto"}), "pt-br") == ("Texto", "pt")
    assert pick_with_language("as written", "ru", default_language="kk") == ("as written", "kk")


def test_shown_texts_remembers_only_texts_in_another_language() -> None:
    shown = ShownTexts("ru", "en")
    assert shown(Text.of({"en": "Torture", "ru": "Пытки"})) == "Пытки"
    assert shown(Text.plain("Only English")) == "Only English"
    assert shown(None) is None
    assert shown("a plain mark") == "a plain mark"
    assert shown.foreign == {"Only English": "en", "a plain mark": "en"}
    assert same_language("pt-br", "pt") and not same_language("en", "ru")


def test_a_text_without_a_russian_version_is_marked_english(
    kazakhstan: followup.Registry,
) -> None:
    before = followup.scorecard.build(kazakhstan, "2025-Q3", language="ru", today=TODAY)
    rec_id = before.moved[0].rec_id  # shown in the table of what moved
    registry = _english_only(kazakhstan, rec_id)
    english = registry.recommendations[rec_id].text.pick("en")
    card = followup.scorecard.build(registry, "2025-Q3", language="ru", today=TODAY)
    assert card.lang_of(english) == "en"
    doc = document(card)
    pieces = _pieces(doc)
    shown = [(text, lang) for text, lang in pieces if english in text]
    for text, lang in shown:
        assert lang == "en", f"{text[:60]!r} is shown unmarked"
    counts = foreign_texts(doc)
    assert counts.get("en", 0) >= 1
    notices = [t for t, _ in pieces if "английск" in t]
    assert len(notices) == 1, notices  # said once
    assert str(counts["en"]) in notices[0]


def test_every_registry_text_shown_in_another_language_carries_its_mark(
    kazakhstan: followup.Registry,
) -> None:
    """A scorecard in a language the registry has no texts in (French): every English
    text of the registry that reaches a paragraph, a list item or a cell is marked."""
    if "fr" not in followup.i18n.languages():
        pytest.skip("no French catalogue")
    card = followup.scorecard.build(kazakhstan, "2025-Q3", language="fr", today=TODAY)
    doc = document(card)
    english = {value for value, lang in card.foreign.items() if lang == "en"}
    assert english, "the registry has English texts the French card falls back to"
    unmarked = [
        text
        for text, lang in _pieces(doc)
        if lang != "en" and any(len(s) > 12 and s in text for s in english)
    ]
    assert unmarked == []
    assert sum(foreign_texts(doc).values()) >= len(card.moved)


def test_a_scorecard_in_the_registry_language_has_no_notice(
    kazakhstan: followup.Registry,
) -> None:
    card = followup.scorecard.build(kazakhstan, "2025-Q3", language="en", today=TODAY)
    doc = document(card)
    assert foreign_texts(doc) == {}
    assert all(lang is None for _, lang in _pieces(doc))


def test_the_command_line_counts_the_texts_shown_in_another_language(tmp_path: Path) -> None:
    registry = followup.load(KAZAKHSTAN)
    card = followup.scorecard.build(registry, "2025-Q3", language="ru", today=TODAY)
    expected = sum(foreign_texts(document(card)).values())
    out = io.StringIO()
    code = main(
        [
            "scorecard",
            str(KAZAKHSTAN),
            "--period",
            "2025-Q3",
            "--language",
            "ru",
            "--format",
            "json",
            "-o",
            str(tmp_path),
        ],
        out,
    )
    assert code == 0
    notices = [line for line in out.getvalue().splitlines() if line.startswith("notice:")]
    if expected == 0:
        assert notices == []
    else:
        assert len(notices) == 1 and f"notice: {expected} text" in notices[0]
        assert "English" in notices[0] and "'ru:'" in notices[0]


def test_a_paragraph_marks_each_part_in_another_language() -> None:
    para = Paragraph(
        "Оценивает: Comité, followup project и ccpr.", spans=(("followup project", "en"),)
    )
    assert para.runs() == (
        ("Оценивает: Comité, ", None),
        ("followup project", "en"),
        (" и ccpr.", None),
    )
    assert "".join(text for text, _ in para.runs()) == para.text
    whole = Paragraph("Only English", lang="en")
    assert whole.runs() == (("Only English", "en"),)
    twice = Paragraph("a X b X", spans=(("X", "en"),))
    assert [lang for _, lang in twice.runs()] == [None, "en", None, "en"]
    doc = Document("ru", "t", "s", (para, whole), "f")
    assert foreign_texts(doc) == {"en": 2}


def test_a_cell_keeps_its_language() -> None:
    cell = Cell("Torture", lang="en")
    assert cell.lang == "en"
    with pytest.raises(ValueError):
        ItemList(("a", "b"), ("en",))
    assert ItemList(("a", "b")).lang_of(1) is None


def test_a_title_without_a_version_keeps_its_language(kazakhstan: followup.Registry) -> None:
    """The registry has no Arabic title: the Arabic scorecard's heading holds the English
    title marked English (HTML span, PDF marked content), and the count includes it."""
    from followup.scorecard.html import render_html
    from followup.scorecard.pdf import render_pdf

    card = followup.scorecard.build(kazakhstan, "2025-Q3", language="ar", today=TODAY)
    english = kazakhstan.info.title.pick("en")
    doc = document(card)
    assert doc.title_spans == ((english, "en"),)
    assert english in doc.title and ("en", "ltr") != ("ar", "rtl")
    page = render_html(attrs.evolve(doc, blocks=()))
    assert f'<span lang="en" dir="ltr">{english}</span></h1>' in page.replace("&#39;", "'")
    plain = Document("ar", doc.title, "", (), "", title_spans=doc.title_spans)
    import pikepdf

    def marked(document: Document) -> int:
        with pikepdf.open(io.BytesIO(render_pdf(document))) as pdf:
            content = b"".join(page.Contents.read_bytes() for page in pdf.pages)
        return content.count(b"/Lang(en)")

    assert marked(plain) >= 1  # Typst marks each run of the title it sets
    assert marked(attrs.evolve(plain, title_spans=())) == 0
    russian = document(followup.scorecard.build(kazakhstan, "2025-Q3", language="ru", today=TODAY))
    assert russian.title_spans == ()  # the registry has a Russian title
