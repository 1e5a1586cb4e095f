"""The HTML page's markup for every reader: language marks, writing direction, one
drawing of each chart per screen size, tables that read as cards on a phone.

These tests render hand-made documents (no registry, no browser); the page in a real
browser is checked by tests/test_browser.py and tests/test_accessibility.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from matplotlib.figure import Figure, FigureBase

from followup.scorecard.blocks import (
    Cell,
    Chart,
    Document,
    Heading,
    Headline,
    ItemList,
    Link,
    Paragraph,
    Stat,
    Table,
)
from followup.scorecard.html import _css, inline_svg, lang_attributes, render_html

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="100pt" height="50pt">'
    '<defs><clipPath id="clip1"><rect width="1" height="1"/></clipPath></defs>'
    '<g id="figure_1" clip-path="url(#clip1)"><text>x</text></g></svg>'
)
VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "source", "wbr"}


class _Texts(HTMLParser):
    """Each text of a page with the elements around it (innermost last)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[tuple[str, tuple[tuple[str, dict[str, str | None]], ...]]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag not in VOID:
            self.stack.append((tag, found))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append((data.strip(), tuple(self.stack)))

    def language_of(self, text: str) -> tuple[str | None, str | None]:
        """The ``lang`` and ``dir`` in force where ``text`` stands (innermost wins)."""
        (stack,) = [stack for shown, stack in self.texts if shown == text]
        lang = next((a["lang"] for _, a in reversed(stack) if a.get("lang")), None)
        way = next((a["dir"] for _, a in reversed(stack) if a.get("dir")), None)
        return lang, way

    def element_of(self, text: str) -> tuple[str, dict[str, str | None]]:
        (stack,) = [stack for shown, stack in self.texts if shown == text]
        return stack[-1]


def _parse(page: str) -> _Texts:
    parser = _Texts()
    parser.feed(page)
    return parser


def _blank(_target: FigureBase | None = None) -> Figure:
    raise AssertionError("the test passes the SVG; nothing is drawn")


def _document(language: str = "ru") -> Document:
    table = Table(
        caption="Темы",
        header=("Тема", "Оценка", "Доказательства"),
        rows=(
            (
                Cell("Смертная казнь"),
                Cell("0,50"),
                Cell("Доклад", links=(Link("CCPR/C/KAZ/CO/3", "https://example.org/r"),)),
            ),
            (
                Cell("Freedom of assembly", lang="en"),
                Cell("", colour="#2a9d8f"),
                Cell("Shadow report", url="https://example.org/s", lang="en"),
            ),
            (
                Cell("Torture", lang="en", detail="п. 12"),
                Cell("1,00"),
                Cell("Annual report", lang="en", links=(Link("A/HRC/1", None),)),
            ),
        ),
        numeric=(False, True, False),
        widths=(3.0, 1.0, 2.0),
    )
    return Document(
        language=language,
        title="Оценочный лист",
        subtitle="3-й квартал 2025 г.",
        blocks=(
            Paragraph("Вводный абзац.", style="lead"),
            Paragraph("The registry holds this note in English only.", "note", lang="en"),
            Heading("Главное", anchor="summary"),
            Heading("Рекомендации ООН", level=3),
            Headline((Stat("score", "Индекс", "0,30"),)),
            Heading("Рекомендации НПО", level=3),
            Headline((Stat("score", "Индекс", "0,10"),)),
            table,
            Chart("trend", "Индекс во времени", "График: индекс во времени.", _blank),
            Chart("status", "Статус по темам", "График: статус по темам.", _blank),
            ItemList(("Дата обзора", "Paragraph 12 of the review"), langs=(None, "en")),
        ),
        footer="followup",
    )


def _page(document: Document, compact: dict[str, str] | None = None) -> str:
    svgs = {"trend": SVG, "status": SVG}
    return render_html(document, svgs, compact if compact is not None else {})


def test_texts_in_another_language_are_marked() -> None:
    page = _parse(_page(_document("ru")))
    assert page.language_of("Вводный абзац.") == ("ru", "ltr")  # the page's own: <html>
    assert page.language_of("The registry holds this note in English only.")[0] == "en"
    assert page.element_of("The registry holds this note in English only.")[0] == "p"
    assert page.language_of("Freedom of assembly")[0] == "en"  # a row header
    assert page.language_of("Shadow report")[0] == "en"  # a linked text
    assert page.element_of("Shadow report")[0] == "a"
    assert page.language_of("Annual report")[0] == "en"
    # the text's language, not its citations' or its second line's
    assert page.language_of("; A/HRC/1")[0] == "ru"
    assert page.language_of("п. 12")[0] == "ru"
    assert page.language_of("CCPR/C/KAZ/CO/3")[0] == "ru"
    assert page.language_of("Смертная казнь")[0] == "ru"
    assert page.language_of("Paragraph 12 of the review")[0] == "en"
    assert page.element_of("Paragraph 12 of the review")[0] == "span"
    assert page.language_of("Дата обзора")[0] == "ru"


def test_a_part_of_a_paragraph_in_another_language_is_marked() -> None:
    line = Paragraph(
        "Оценивает: followup project (compilers) и ccpr.",
        "note",
        spans=(("followup project (compilers)", "en"),),
    )
    page = _parse(_page(Document("ru", "Карта", "", (line,), "")))
    assert page.language_of("followup project (compilers)")[0] == "en"
    assert page.element_of("followup project (compilers)")[0] == "span"
    assert page.language_of("Оценивает:")[0] == "ru"
    assert page.language_of("и ccpr.")[0] == "ru"


def test_unmarked_document_has_no_lang_but_the_page() -> None:
    plain = Document("en", "Title", "Sub", (Paragraph("Only English."),), "foot")
    page = _page(plain)
    assert page.count(" lang=") == 1 and '<html lang="en" dir="ltr">' in page


def test_arabic_page_runs_right_to_left() -> None:
    page = _page(_document("ar"))
    assert '<html lang="ar" dir="rtl">' in page
    parsed = _parse(page)
    # English inside an Arabic page runs left to right within its own element
    assert parsed.language_of("Freedom of assembly") == ("en", "ltr")
    assert parsed.language_of("Paragraph 12 of the review") == ("en", "ltr")
    assert parsed.language_of("Дата обзора") == ("ar", "rtl")


def test_lang_attributes() -> None:
    assert lang_attributes(None) == ""
    assert lang_attributes("en") == ' lang="en"'
    assert lang_attributes("en", "rtl") == ' lang="en" dir="ltr"'
    assert lang_attributes("ar") == ' lang="ar" dir="rtl"'
    assert lang_attributes("ar", "rtl") == ' lang="ar"'
    assert lang_attributes('x"><b') == ' lang="x&#34;&gt;&lt;b"'  # escaped, never markup


def test_style_sheet_mirrors_for_right_to_left() -> None:
    """No physical left or right in the CSS: logical properties mirror with ``dir``."""
    css = _css()
    physical = re.findall(
        r"(?:margin|padding|border)-(?:left|right)\b|text-align:\s*(?:left|right)"
        r"|\b(?:float|clear):\s*(?:left|right)|(?<![-\w])(?:left|right):",
        css,
    )
    assert physical == []


def test_compact_chart_beside_the_full_one() -> None:
    page = _page(_document(), compact={"trend": SVG})
    trend = page[page.index('id="chart-trend"') : page.index("</figure>")]
    assert '<div class="chart-full"><svg role="img" aria-label="Индекс во времени"' in trend
    assert '<div class="chart-compact"><svg role="img" aria-label="Индекс во времени"' in trend
    assert 'id="c-trend-figure_1"' in trend and 'id="c-trend-compact-figure_1"' in trend
    assert "url(#c-trend-compact-clip1)" in trend
    assert "tabindex" not in trend  # nothing scrolls, so nothing takes focus
    assert '<figcaption id="caption-trend">График: индекс во времени.</figcaption>' in trend
    # a chart without a phone drawing keeps its full one in a named, focusable frame
    status = page[page.index('id="chart-status"') :]
    status = status[: status.index("</figure>")]
    assert (
        '<div class="chart-scroll" role="region" tabindex="0" aria-labelledby="caption-status">'
        in status
    )
    assert '<figcaption id="caption-status">График: статус по темам.</figcaption>' in status
    assert "chart-compact" not in status
    ids = _parse(page).ids
    assert len(ids) == len(set(ids)), "every id on the page is unique"


def test_compact_drawing_is_used_when_the_chart_has_one() -> None:
    def draw(_target: FigureBase | None = None) -> Figure:
        return Figure(figsize=(4, 2))

    compact = Chart("trend", "Trend", "Chart: trend.", draw, draw_compact=draw)
    page = render_html(Document("en", "T", "S", (compact,), "f"))
    assert page.count("<svg ") == 2 and 'class="chart-compact"' in page
    assert 'id="c-trend-compact-figure_1"' in page and 'class="chart-scroll"' not in page
    full_only = Chart("trend", "Trend", "Chart: trend.", draw)
    page = render_html(Document("en", "T", "S", (full_only,), "f"))
    assert page.count("<svg ") == 1 and 'class="chart-scroll"' in page


def test_inlined_svg_ids_are_unique_and_prefixed() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><metadata>rdf</metadata>'
        '<defs><clipPath id="p1"><rect/></clipPath></defs>'
        '<g id="mark" clip-path="url(#p1)"/><g id="mark"/><use href="#p1"/></svg>'
    )
    inlined = inline_svg(svg, "c-trend", 'Trend "by mechanism"')
    assert inlined.startswith('<svg role="img" aria-label="Trend &#34;by mechanism&#34;" ')
    assert re.findall(r'id="([^"]+)"', inlined) == ["c-trend-p1", "c-trend-mark", "c-trend-mark-2"]
    assert 'clip-path="url(#c-trend-p1)"' in inlined and 'href="#c-trend-p1"' in inlined
    assert "metadata" not in inlined


def test_tables_carry_their_labels_for_phone_cards() -> None:
    page = _page(_document())
    cells = re.findall(r'<td role="cell" data-label="([^"]*)" class="([^"]*)">', page)
    assert [label for label, _ in cells] == ["Оценка", "Доказательства"] * 3
    assert [kind for _, kind in cells] == ["num", "text", "num empty", "text", "num", "text"]
    assert page.count('<th scope="row" role="rowheader">') == 3
    assert page.count('<th scope="col" role="columnheader"') == 3
    assert '<table class="cards" role="table">' in page
    # the swatch comes first in reading order and is hidden from assistive technology
    assert '<span class="swatch" style="background:#2a9d8f" aria-hidden="true"></span>' in page


def test_headline_sections_are_named_by_their_heading() -> None:
    page = _page(_document())
    labelled = re.findall(r'<section class="stats" aria-labelledby="([^"]+)">', page)
    assert len(labelled) == 2 and len(set(labelled)) == 2
    for ident in labelled:
        assert re.search(rf'<h3 id="{ident}">Рекомендации (ООН|НПО)</h3>', page)
