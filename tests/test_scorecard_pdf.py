"""The PDF scorecard typeset by Typst: A4 pages, tagged and accessible (PDF/UA-1),
hyphenated by the language's dictionary, right to left for Arabic, literal text,
links, footers and the same bytes every time.

The structure tree is read back with pikepdf; what a page shows is read with
poppler-utils (``pdftotext``, ``pdftoppm``, ``pdfinfo``), whose tests are skipped
without it (CI sets FOLLOWUP_REQUIRE_TOOLS=1 so that they fail instead).
"""

from __future__ import annotations

import io
import itertools
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf
import pytest
from attrs import frozen
from matplotlib.figure import Figure, FigureBase

import followup
import followup.scorecard
from followup import fonts
from followup.scorecard.blocks import (
    Block,
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
from followup.scorecard.pdf import CONTENT_H, CONTENT_W, document_data, render_pdf, write_pdf

from .conftest import TODAY, require_tool

#: Every character Typst markup gives a meaning to, and lines that would be code.
TYPST_SPECIAL = (
    "#set page(width: 1pt) $x^2$ *bold* _em_ `raw` <label> @ref [a] \\ // comment /* c */ "
    '~ - -- --- ... = heading + item / term: "quote" \')#panic("no")'
)
SWATCH_GREEN = "#1a9850"
BAR_ORANGE = "#d95f02"
LONG_URL = "https://www.ohchr.org/en/treaty-bodies/ccpr/" + "very-long-path-segment/" * 6
CHART_ALT = "Chart: status by theme. Justice 3, Права 5, other 2."


# -- documents ------------------------------------------------------------------------


def _bar_chart(target: FigureBase | None) -> Figure:
    figure: FigureBase = Figure(figsize=(8, 4)) if target is None else target
    axes = figure.add_subplot()
    axes.bar(range(3), [3, 5, 2], color=BAR_ORANGE, edgecolor="black")
    axes.set_xticks(range(3), ["Justice", "Права", "$x$ 5%"])
    axes.set_title("Recommendations by theme (chart)")
    return figure.get_figure(root=True)


def _failing_chart(target: FigureBase | None) -> Figure:
    raise RuntimeError("the chart broke")


STATUSES = ("Not implemented", "Partially", "Implemented", "Not assessed")


def _rows(count: int) -> tuple[tuple[Cell, ...], ...]:
    colours = (SWATCH_GREEN, "#fdae61", "#d73027", "#e8e8e8")
    rows = []
    for n in range(1, count + 1):
        text = (
            f"Recommendation {n}: ensure that every allegation of torture is investigated "
            "promptly, impartially and effectively"
            + (", and that the perpetrators are prosecuted and punished" if n % 3 else "")
        )
        rows.append(
            (
                Cell(text, url=f"https://example.org/rec/{n}", detail=f"para. {n + 10}"),
                Cell(STATUSES[n % 4], colour=colours[n % 4]),
                Cell(f"{n * 7 % 100}", detail="2025"),
                Cell(f"0.{n % 10}5"),
            )
        )
    return tuple(rows)


def _document(
    rows: int = 70, chart: Callable[[FigureBase | None], Figure] | None = _bar_chart
) -> Document:
    blocks: list[Block] = [
        Paragraph("Status of the recommendations made to Kazakhstan by the UN.", "lead"),
        Headline(
            (
                Stat("score", "Compliance score", "0.42", "Mean of 31 assessed"),
                Stat("coverage", "Coverage", "31 of 40", "assessed"),
                Stat("rate", "Implemented or partially", "45%", "of the scored ones"),
                Stat("change", "Change since Q2 2025", "+0.05", "from 0.37"),
                Stat("extra", "Reviews", "4", ""),
            )
        ),
        Heading("How to read this scorecard"),
        Paragraph(f"Special characters stay as they are: {TYPST_SPECIAL}. Long: {LONG_URL}"),
        Paragraph("Кириллица: Рекомендации договорных органов ООН — «Права человека».", "note"),
        Heading("By theme", level=2),
        Heading("Torture and ill-treatment", level=3),
        Table(
            caption="Recommendations on torture, by status",
            header=("Recommendation", "Status", "Age (days)", "Score"),
            rows=_rows(rows),
            numeric=(False, False, True, True),
            widths=(5.0, 2.0, 1.0, 1.0),
        ),
        Heading("Charts", level=2),
    ]
    if chart is not None:
        blocks.append(Chart("status", "Status by theme", CHART_ALT, chart))
    blocks += [
        Heading("Not yet verified", level=3),
        ItemList(("The date of the reply of 12 March 2025 has not been checked.", "Second †")),
    ]
    return Document(
        language="en",
        title="Scorecard: Kazakhstan",
        subtitle="Q3 2025: status as of 30 September 2025",
        blocks=tuple(blocks),
        footer="Source: registry kazakhstan, version 2025-09-30. Data licence: CC BY 4.0.",
    )


HYPHEN_WORDS = {
    # each word, and where a line may break it (the text before the hyphen)
    "государство": {"го", "госу", "государ"},
    "государственных": {"го", "госу", "государ", "государствен"},
    "Kazakhstan": set(),  # a name: never hyphenated
    "Казахстана": set(),
    "transgender": {"trans", "transgen"},
    "implemented": {"im", "imple"},
}
_SENTENCE_RU = (
    "Права трансгендерных людей: государство обязано защищать, а органы государственных "
    "структур Казахстана и государство в целом отчитываются; "
)
_SENTENCE_EN = (
    "The recommendations on transgender people have not been implemented, and Kazakhstan "
    "has implemented none of the transgender protections; "
)


def _narrow_columns(language: str, sentence: str, note: str) -> Document:
    """Text in columns of many widths, so that lines break at many places."""
    widths = (1.0, 1.2, 1.45, 1.7, 2.0, 2.4)
    header = ("Implemented", "Partially implemented", "Not implemented", "Total", "Score", "Δ")
    rows = tuple(
        tuple(Cell(sentence * (1 + (k + n) % 3)) for k in range(len(widths))) for n in range(4)
    )
    return Document(
        language=language,
        title="Hyphenation",
        subtitle="",
        blocks=(
            Paragraph(sentence * 12),
            Paragraph(note, "note", lang="en" if language != "en" else None),
            Table("", header, rows, (False,) * 6, widths),
        ),
        footer="",
    )


def _arabic() -> Document:
    return Document(
        language="ar",
        title="بطاقة الأداء: كازاخستان",
        subtitle="الربع الثالث 2025",
        blocks=(
            Heading("لمحة"),
            Paragraph("نُفذت 12 من أصل 40 توصية قدمتها Human Rights Committee في عام 2025."),
            Paragraph("An English note in an Arabic scorecard.", "note", lang="en"),
            Table(
                caption="حسب الموضوع",
                header=("Alpha", "Beta", "Gamma"),
                rows=((Cell("حرية التعبير"), Cell("Omega", colour=SWATCH_GREEN), Cell("40")),),
                numeric=(False, False, True),
                widths=(3.0, 2.0, 1.0),
            ),
        ),
        footer="المصدر: سجل kazakhstan",
    )


def _chinese() -> Document:
    return Document(
        language="zh",
        title="记分卡：哈萨克斯坦",
        subtitle="",
        blocks=(Paragraph("联合国人权事务委员会就哈萨克斯坦提出的建议及其执行情况。" * 12),),
        footer="来源：登记册 kazakhstan",
    )


@pytest.fixture(scope="module")
def english() -> bytes:
    return render_pdf(_document())


# -- reading PDFs back ----------------------------------------------------------------


def _open(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


@frozen
class Tag:
    """A structure element: its type (``H1``), title, alternative text, language (its
    own or the nearest ancestor's, ``None`` when it is the catalogue's), whether it names
    the one page its content is on, and the types of the elements around it."""

    name: str
    title: str | None
    alt: str | None
    lang: str | None
    one_page: bool
    within: tuple[str, ...]


def _walk(node: object, within: tuple[str, ...], lang: str | None) -> Iterator[Tag]:
    if not isinstance(node, pikepdf.Dictionary):
        return
    if "/S" in node:
        name = str(node.S)[1:]

        def text(key: str) -> str | None:
            return str(node[key]) if key in node else None

        lang = text("/Lang") or lang
        yield Tag(name, text("/T"), text("/Alt"), lang, "/Pg" in node, within)
        within = (*within, name)
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        yield from _walk(kid, within, lang)


def _tags(data: bytes) -> list[Tag]:
    """Every structure element, in document order (read with pikepdf)."""
    with _open(data) as pdf:
        return list(_walk(pdf.Root.StructTreeRoot, (), None))


def _paragraph_langs(data: bytes) -> list[str]:
    """The language of every paragraph, list item and table cell that is not in the
    document's language."""
    with _open(data) as pdf:
        own = str(pdf.Root.Lang)
    return [tag.lang for tag in _tags(data) if tag.name == "P" and tag.lang not in (None, own)]


def _tool(name: str) -> str:
    return require_tool(name, "poppler-utils")


def _require_fonts(language: str) -> None:
    """Skip when the fonts of ``language``'s script are not installed (CI sets
    FOLLOWUP_REQUIRE_TOOLS=1 so that this fails instead)."""
    import os

    try:
        fonts.require(language)
    except fonts.FontMissing as missing:
        if os.environ.get("FOLLOWUP_REQUIRE_TOOLS") == "1":
            pytest.fail(str(missing))
        pytest.skip(str(missing))


def _page_texts(data: bytes, tmp_path: Path, *args: str) -> list[str]:
    """Each page's text in reading order (``pdftotext -raw``), whitespace runs made
    single spaces; as ``pdftotext`` gives it when ``args`` are given."""
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(data)
    out = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", *(args or ["-raw"]), str(pdf), "-"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [" ".join(page.split()) for page in pages] if not args else pages


def _links(data: bytes) -> list[str]:
    with _open(data) as pdf:
        return [
            str(annot.A.URI)
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if annot.get("/Subtype") == "/Link" and "/A" in annot
        ]


def _catalogue_lang(data: bytes) -> str:
    with _open(data) as pdf:
        return str(pdf.Root.Lang)


# -- the pages ------------------------------------------------------------------------


def test_pages_are_a4(english: bytes) -> None:
    with _open(english) as pdf:
        assert len(pdf.pages) >= 3
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
            assert (x0, y0) == (0, 0)
            assert 595 <= x1 < 596 and 841 <= y1 < 842


def test_tagged_with_language_title_and_pdf_ua(english: bytes) -> None:
    with _open(english) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en"
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.docinfo.Title) == "Scorecard: Kazakhstan"
        meta = str(pdf.open_metadata())
        assert "<pdfuaid:part>1</pdfuaid:part>" in meta  # Typst checked PDF/UA-1
        assert "/CreationDate" not in pdf.docinfo and "/ModDate" not in pdf.docinfo


def test_headings_are_h1_h2_h3_and_make_the_outline(english: bytes) -> None:
    headings = [(tag.name, tag.title) for tag in _tags(english) if re.match(r"H\d", tag.name)]
    assert headings == [
        ("H1", "Scorecard: Kazakhstan"),
        ("H2", "How to read this scorecard"),
        ("H2", "By theme"),
        ("H3", "Torture and ill-treatment"),
        ("H2", "Charts"),
        ("H3", "Not yet verified"),
    ]
    with _open(english).open_outline() as outline:
        (title,) = outline.root
        assert title.title == "Scorecard: Kazakhstan"
        assert [item.title for item in title.children] == [
            "How to read this scorecard",
            "By theme",
            "Charts",
        ]
        assert [item.title for item in title.children[1].children] == ["Torture and ill-treatment"]


def test_tables_have_header_cells(english: bytes) -> None:
    tags = _tags(english)
    assert [tag.name for tag in tags].count("Table") == 1
    names = [tag.name for tag in tags if "Table" in tag.within]
    assert names.count("THead") == 1 and names.count("TBody") == 1
    assert names.count("TH") == 4  # once, though the header is repeated on every page
    assert all(tag.within[-2:] == ("THead", "TR") for tag in tags if tag.name == "TH")
    assert names.count("TR") == 71
    assert names.count("TD") == 70 * 4


def test_charts_are_figures_with_alt_text_on_one_page(english: bytes) -> None:
    (figure,) = [tag for tag in _tags(english) if tag.name == "Figure"]
    assert figure.alt == CHART_ALT
    assert figure.one_page  # all its content on one page: a chart never splits
    with _open(english) as pdf:  # vector graphics: no raster image anywhere in the file
        assert all(not page.get_images() for page in pdf.pages)


def test_the_kazakhstan_scorecard_keeps_the_documents_structure(
    kazakhstan: followup.Registry,
) -> None:
    from followup.scorecard.layout import document

    card = followup.scorecard.build(kazakhstan, "2025-Q3", language="ru", today=TODAY)
    doc = document(card)
    tags = _tags(render_pdf(doc))
    headings = [(f"H{b.level}", b.text) for b in doc.blocks if isinstance(b, Heading)]
    assert [(t.name, t.title) for t in tags if re.match(r"H[2-6]$", t.name)] == headings
    assert [t.title for t in tags if t.name == "H1"] == [doc.title]
    charts = [b for b in doc.blocks if isinstance(b, Chart)]
    assert [t.alt for t in tags if t.name == "Figure"] == [c.alt for c in charts]
    assert all(t.one_page for t in tags if t.name == "Figure")
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert [t.name for t in tags].count("Table") == len(tables)
    assert [t.name for t in tags].count("TH") == sum(len(b.header) for b in tables)


def test_pdfinfo_says_tagged(english: bytes, tmp_path: Path) -> None:
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(english)
    info = subprocess.run(
        [_tool("pdfinfo"), str(pdf)], check=True, capture_output=True
    ).stdout.decode("utf-8")
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+Scorecard: Kazakhstan$", info, re.M)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M)


def test_text_in_another_language_carries_its_own() -> None:
    english = "An English text in a Russian scorecard"
    document = Document(
        "ru",
        "Оценочная карта",
        "",
        (
            Paragraph(english, "note", lang="en"),
            Paragraph("Русский текст."),
            ItemList(("Пункт", english), (None, "en")),
            Table(
                "",
                ("Тема", "Всего"),
                ((Cell(english, lang="en"), Cell("1")),),
                (False, True),
                (1.0, 1.0),
            ),
        ),
        "",
    )
    data = render_pdf(document)
    assert _catalogue_lang(data) == "ru"
    assert _paragraph_langs(data) == ["en", "en", "en"]


# -- hyphenation ----------------------------------------------------------------------


def _breaks(data: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    """Every word a line break cut with a hyphen: (the part before, the part after)."""
    lines = "\n".join(_page_texts(data, tmp_path, "-raw")).splitlines()  # as the lines run
    found = []
    for line, following in itertools.pairwise(lines):
        if line.endswith(("\u00ad", "-")) and following.strip():
            before = re.split(r"[\s(«]", line.rstrip("\u00ad-"))[-1]
            after = re.split(r"[\s,;:.)»]", following.strip())[0]
            found.append((before, after))
    return found


@pytest.mark.parametrize(
    ("language", "sentence", "note"),
    [
        ("ru", _SENTENCE_RU, _SENTENCE_EN),
        ("en", _SENTENCE_EN, _SENTENCE_EN),
    ],
)
def test_words_are_hyphenated_by_the_dictionary(
    language: str, sentence: str, note: str, tmp_path: Path
) -> None:
    data = render_pdf(_narrow_columns(language, sentence, note))
    breaks = _breaks(data, tmp_path)
    assert breaks, "nothing was hyphenated: the test proves nothing"
    for before, after in breaks:
        word = before + after
        if word in HYPHEN_WORDS:
            assert before in HYPHEN_WORDS[word], f"{before}-{after}"
    text = " ".join(_page_texts(data, tmp_path))
    assert "государс-" not in text and "государс\u00ad" not in text
    # table headers are never hyphenated, numbers neither
    headers = "Implemented Partially implemented Not implemented Total Score Δ"
    assert headers in text


def test_kazakh_is_not_hyphenated(tmp_path: Path) -> None:
    # Typst has no Kazakh dictionary: no word is cut, none overflows into another
    sentence = "Қазақстан мемлекеттік органдарының ұсыныстарды орындауы туралы есеп; "
    data = render_pdf(_narrow_columns("kk", sentence, sentence))
    assert _catalogue_lang(data) == "kk"
    assert not [b for b in _breaks(data, tmp_path) if re.match(r"[а-яәғқңөұүһі]", b[0], re.I)]


# -- right to left, Chinese -----------------------------------------------------------


def _word_boxes(data: bytes, tmp_path: Path) -> dict[str, float]:
    """Each word's left edge (``pdftotext -bbox``)."""
    html = _page_texts(data, tmp_path, "-bbox")[0]
    found = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', html)
    # pdftotext wraps left-to-right runs of a right-to-left page in bidi controls
    return {re.sub(r"[\u202a-\u202e\s]", "", word): float(x) for x, word in found}


def test_arabic_is_right_to_left_with_mirrored_tables(tmp_path: Path) -> None:
    _require_fonts("ar")
    data = render_pdf(_arabic())
    assert _catalogue_lang(data) == "ar"
    assert _paragraph_langs(data) == ["en"]
    boxes = _word_boxes(data, tmp_path)
    # the first column is on the right
    assert boxes["Alpha"] > boxes["Beta"] > boxes["Gamma"]
    # numbers and Latin names keep their own order inside the Arabic sentence
    text = " ".join(_page_texts(data, tmp_path))
    assert "Human Rights Committee" in text
    assert re.search(r"\b12\b", text) and re.search(r"\b40\b", text)
    assert "2025" in text and "5202" not in text
    # the English note runs left to right, from the left margin, its full stop at its end
    assert "An English note in an Arabic scorecard." in re.sub(r"[\u202a-\u202e]", "", text)
    assert boxes["An"] < 60 < boxes["Alpha"] - 400


def test_chinese_breaks_lines_between_characters(tmp_path: Path) -> None:
    _require_fonts("zh")
    data = render_pdf(_chinese())
    assert _catalogue_lang(data) == "zh"
    with _open(data) as pdf:
        fonts_used = {
            str(font.get("/BaseFont", ""))
            for page in pdf.pages
            for font in page.Resources.Font.values()
        }
    assert any("CJK" in name for name in fonts_used)
    lines = _page_texts(data, tmp_path, "-layout")[0].splitlines()
    body = [line.strip() for line in lines if "联合国" in line or "建议" in line]
    assert len(body) >= 5  # one long sentence, set over several lines


# -- text, links, furniture -----------------------------------------------------------


def test_registry_text_is_never_markup(tmp_path: Path) -> None:
    hostile = TYPST_SPECIAL
    document = Document(
        language="en",
        title=f"T {hostile}",
        subtitle=hostile,
        blocks=(
            Heading(f"H {hostile}"),
            Paragraph(hostile),
            Headline((Stat("score", hostile, "0.5", hostile),)),
            Table(
                hostile,
                ("A", "B"),
                ((Cell(hostile, detail=hostile), Cell("1")),),
                (False, True),
                (3.0, 1.0),
            ),
            ItemList((hostile,)),
        ),
        footer=f"F {hostile}",
    )
    data = render_pdf(document)
    texts = _page_texts(data, tmp_path)
    squeezed = "".join("".join(texts).split()).replace("\u00ad", "")
    target = "".join(hostile.split())
    # title, subtitle, heading, paragraph, label, detail, caption, cell, detail, item, footer
    assert squeezed.count(target) == 11
    with _open(data) as pdf:
        assert str(pdf.docinfo.Title) == f"T {hostile}"
        assert all(page.MediaBox[2] > 500 for page in pdf.pages)  # no "#set page" ran


def test_long_addresses_break_and_nothing_is_lost(english: bytes, tmp_path: Path) -> None:
    text = " ".join(_page_texts(english, tmp_path))
    # broken after slashes or hyphens over four lines, every character kept
    assert LONG_URL in text.replace("/ ", "/").replace("- ", "-")
    assert "Кириллица: Рекомендации договорных органов ООН — «Права человека»." in text
    assert "Second †" in text


def test_footers_headers_and_title(english: bytes, tmp_path: Path) -> None:
    texts = _page_texts(english, tmp_path)
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
        assert "Source: registry kazakhstan" in text
    assert texts[0].startswith("Scorecard: Kazakhstan Q3 2025: status as of")
    for text in texts[1:]:
        assert text.startswith("Scorecard: Kazakhstan")  # the running header
        assert "Q3 2025: status as of" not in text


def test_table_runs_over_pages_with_the_header_repeated(english: bytes, tmp_path: Path) -> None:
    texts = _page_texts(english, tmp_path)
    with_rows = [k for k, text in enumerate(texts) if re.search(r"Recommendation \d+:", text)]
    assert len(with_rows) >= 3
    for k in with_rows:
        assert "Recommendation Status Age (days) Score" in texts[k]
    assert sum(text.count("Recommendations on torture, by status") for text in texts) == 1
    numbers = [int(n) for text in texts for n in re.findall(r"Recommendation (\d+):", text)]
    assert numbers == list(range(1, 71))
    for k in with_rows:  # a row and its detail line stay on one page
        for n in re.findall(r"Recommendation (\d+):", texts[k]):
            assert f"para. {int(n) + 10}" in texts[k]


def test_links_only_to_web_addresses() -> None:
    cells = (Cell("Plain", links=(Link("A", "https://a.org/x"), Link("J", "javascript:alert(1)"))),)
    document = Document("en", "Links", "", (Table("", ("C",), (cells,), (False,), (1.0,)),), "")
    data = render_pdf(document)
    assert _links(data) == ["https://a.org/x"]
    assert b"javascript" not in data.lower()


def test_every_linked_row_has_its_link(english: bytes) -> None:
    assert _links(english) == [f"https://example.org/rec/{n}" for n in range(1, 71)]
    assert [tag.name for tag in _tags(english)].count("Link") == 70


def test_swatches_and_chart_are_drawn(english: bytes, tmp_path: Path) -> None:
    from PIL import Image

    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(english)
    subprocess.run(
        [_tool("pdftoppm"), "-r", "72", "-png", str(pdf), str(tmp_path / "page")], check=True
    )
    colours: set[tuple[int, ...]] = set()
    for png in sorted(tmp_path.glob("page-*.png")):
        with Image.open(png) as image:
            found = image.convert("RGB").getcolors(1 << 24) or []
            colours |= {c for _, c in found if isinstance(c, tuple)}

    def near(colour: str) -> bool:
        target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return any(all(abs(a - b) <= 12 for a, b in zip(c, target, strict=True)) for c in colours)

    assert near(SWATCH_GREEN) and near(BAR_ORANGE)


# -- determinism, fonts, data ---------------------------------------------------------


def test_the_same_document_gives_the_same_bytes(english: bytes) -> None:
    assert render_pdf(_document()) == english


def test_charts_are_laid_out_at_their_size_on_the_page() -> None:
    def tall(target: FigureBase | None) -> Figure:
        figure = Figure(figsize=(10, 12), layout="constrained")
        figure.add_subplot().plot([0, 1], [1, 0])
        return figure

    document = Document("en", "Charts", "", (Chart("trend", "Tall", "A tall chart", tall),), "")
    (chart,) = document_data(document)["blocks"]
    size = re.search(r'<svg[^>]*width="([\d.]+)pt" height="([\d.]+)pt"', chart["svg"])
    assert size is not None
    width, height = (float(v) for v in size.groups())
    assert width == pytest.approx(chart["width"], abs=0.01)  # embedded at 100%: text keeps its size
    assert width == pytest.approx(CONTENT_W, abs=0.01)
    assert height == pytest.approx(0.6 * CONTENT_H, abs=0.01)  # at most 60% of a page


def test_a_missing_font_is_an_error_not_a_substitute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "require", lambda language: ("No Such Sans",))
    monkeypatch.setattr(fonts, "font_files", lambda language: ())
    with pytest.raises(fonts.FontMissing, match="apt-get install fonts-noto-core"):
        render_pdf(_document(rows=1, chart=None))


def test_document_data_is_plain_data() -> None:
    data = document_data(_arabic(), ("Noto Sans Arabic", "Noto Sans"))
    assert data["fonts"] == ["Noto Sans Arabic", "Noto Sans"]
    assert data["dir"] == "rtl" and data["lang"] == {"lang": "ar", "region": None, "dir": "rtl"}
    table = data["blocks"][3]
    assert table["rows"][0][1]["colour"] == SWATCH_GREEN
    assert data["blocks"][2]["lang"] == {"lang": "en", "region": None, "dir": "ltr"}
    assert data["page-label"].count("{page}") == 1


def test_an_empty_document_has_one_page() -> None:
    with _open(render_pdf(Document("en", "", "", (), ""))) as pdf:
        assert len(pdf.pages) == 1


def test_long_text_breaks_across_pages_without_loss(tmp_path: Path) -> None:
    words = " ".join(f"w{n:04d}" for n in range(1500))
    document = Document("en", "Long", "", (Paragraph(words), ItemList((words, "short"))), "")
    texts = _page_texts(render_pdf(document), tmp_path)
    assert len(texts) >= 4
    found = re.findall(r"w(\d{4})", " ".join(texts))
    assert found == [f"{n:04d}" for n in range(1500)] * 2


def test_a_row_taller_than_a_page_breaks() -> None:
    huge = " ".join(["word"] * 4000)
    table = Table(
        "", ("A", "B"), ((Cell(huge), Cell("1")), (Cell("x"), Cell("2"))), (False, True), (3.0, 1.0)
    )
    with _open(render_pdf(Document("en", "Tall", "", (table,), ""))) as pdf:
        assert 2 <= len(pdf.pages) <= 6


#: A word of 6,000 letters (a to z over and over: a letter out of place would show), and
#: an address whose last part runs 200 characters without a slash.
LONG_WORD = "".join(chr(ord("a") + k % 26) for k in range(6000))
LONG_PART_URL = "https://www.example.org/reports/" + "abcdefghij" * 20 + "?page=1"


def _word_positions(data: bytes, tmp_path: Path) -> list[tuple[int, float, float, str]]:
    """Every word the PDF draws: its page, left and right edge, text (``pdftotext -bbox``)."""
    found = []
    html = "".join(_page_texts(data, tmp_path, "-bbox"))
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for x_min, x_max, word in re.findall(
            r'<word xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]*)</word>', page
        ):
            found.append((number, float(x_min), float(x_max), word))
    return found


def test_a_long_word_wraps_within_the_margins_and_keeps_its_letters(tmp_path: Path) -> None:
    """A word longer than a line breaks between its letters, in a paragraph, the title, a
    table's cell and an address, and nothing is added to the text: no hyphen, no
    invisible space (copied or read aloud, the word is the word)."""
    cell_word = LONG_WORD[:400].upper()
    document = Document(
        language="en",
        title=f"Title {LONG_WORD[:300]} end",
        subtitle="",
        blocks=(
            Paragraph(f"Before {LONG_WORD} after, see {LONG_PART_URL} now."),
            Table(
                "Cells",
                ("Text", "Status"),
                ((Cell(f"Cell {cell_word} end"), Cell("Done")),),
                (False, False),
                (3.0, 1.0),
            ),
        ),
        footer="F",
    )
    data = render_pdf(document)
    positions = _word_positions(data, tmp_path)
    left = 18 * 72 / 25.4
    assert len({page for page, *_ in positions}) >= 2  # a header with the title, cut
    for page, x_min, x_max, word in positions:
        assert left - 0.5 <= x_min and x_max <= left + CONTENT_W + 0.5, (page, word[:20])
    # the word runs over many lines, each as wide as the text (not one line off the page)
    lines = [(x_min, x_max) for _, x_min, x_max, word in positions if word in LONG_WORD]
    assert len(lines) >= 40
    assert max(x_max for _, x_max in lines) > left + CONTENT_W - 15
    # the cell's word stays in its column, left of the next one
    status = next(x_min for _, x_min, _, word in positions if word == "Done")
    assert all(x_max < status for _, _, x_max, word in positions if word in cell_word)
    # every letter kept, in order, and nothing added: lines joined, the header (the title
    # cut short) and footer left out, the texts are whole
    pages = ["".join(page.split()) for page in _page_texts(data, tmp_path)]
    assert pages[1].startswith("Title…")
    text = "".join(re.sub(r"^Title…|FPage\d+of\d+$", "", page) for page in pages)
    assert f"Before{LONG_WORD}after,see{LONG_PART_URL}now." in text
    assert f"Title{LONG_WORD[:300]}end" in text
    assert f"Cell{cell_word}end" in text
    assert not re.search("[\u00ad\u200b-\u200d\u2060\ufeff]", text)


def test_a_long_latin_word_keeps_its_order_in_an_arabic_line(tmp_path: Path) -> None:
    _require_fonts("ar")
    word = LONG_WORD[:500]
    document = Document("ar", "بطاقة", "", (Paragraph(f"التوصية {word} نهاية"),), "")
    data = render_pdf(document)
    # its letters in order as the lines are laid out (not only as Typst wrote them)
    laid_out = "".join(_page_texts(data, tmp_path, "-layout"))
    assert re.sub("[^a-z]", "", laid_out) == word
    left = 18 * 72 / 25.4
    for _, x_min, x_max, _ in _word_positions(data, tmp_path):
        assert left - 0.5 <= x_min and x_max <= left + CONTENT_W + 0.5


def test_a_symbol_wider_than_its_column_breaks_within_it(tmp_path: Path) -> None:
    """In a table, a run of 20 characters or more with a figure or sign in it breaks
    between its characters when its column is narrower."""
    symbol = "doc_ccpr_c_kaz_co_2_add_1_para_12"
    text = "A recommendation text that is long enough to take the room it is given here."
    table = Table(
        "T",
        ("Recommendation", "Status", "Evidence", "Next"),
        ((Cell(text), Cell("Implemented"), Cell(symbol), Cell("Soon")),),
        (False, False, False, False),
        (5.0, 2.0, 1.5, 1.5),
    )
    data = render_pdf(Document("en", "T", "", (table,), ""))
    positions = _word_positions(data, tmp_path)
    pieces = [x_max for _, _, x_max, word in positions if len(word) > 3 and word in symbol]
    assert len(pieces) >= 2
    following = next(x_min for _, x_min, _, word in positions if word == "Next")
    assert all(x_max < following for x_max in pieces)
    assert symbol in "".join("".join(_page_texts(data, tmp_path)).split())


def test_shorter_words_break_only_where_the_language_lets_them(tmp_path: Path) -> None:
    """Under 40 characters without a space, slash or hyphen, a word breaks only where the
    dictionary hyphenates it, with a hyphen: never between two letters without one."""
    word = LONG_WORD[:39]
    data = render_pdf(Document("en", "Words", "", (Paragraph(f"{word} " * 60),), ""))
    text = _page_texts(data, tmp_path, "-raw")[0]
    assert "\u00ad\n" in text  # hyphenated somewhere, or the test proves nothing
    words = set(text.replace("\u00ad\n", "").split()) - {"Words", "Page", "1", "of"}
    assert words == {word}


# -- writing --------------------------------------------------------------------------


def test_write_pdf(tmp_path: Path) -> None:
    document = _document(rows=5)
    path = write_pdf(document, tmp_path / "scorecard.pdf")
    assert path == tmp_path / "scorecard.pdf"
    assert path.read_bytes() == render_pdf(document)
    assert [p.name for p in tmp_path.iterdir()] == ["scorecard.pdf"]


def test_a_failing_chart_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="the chart broke"):
        write_pdf(_document(rows=5, chart=_failing_chart), tmp_path / "scorecard.pdf")
    assert list(tmp_path.iterdir()) == []


def test_a_failing_chart_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "scorecard.pdf"
    path.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="the chart broke"):
        write_pdf(_document(rows=5, chart=_failing_chart), path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["scorecard.pdf"]


def test_a_part_of_a_paragraph_in_another_language_is_tagged_with_it() -> None:
    """A judge's English name inside a Russian sentence: the part carries ``en``, the
    paragraph stays Russian."""
    line = "Оценивает: followup project (the registry's compilers)."
    document = Document(
        "ru",
        "Оценочная карта",
        "",
        (Paragraph(line, "note", spans=((line[len("Оценивает: ") : -1], "en"),)),),
        "",
    )
    data = render_pdf(document)
    # Typst marks the part's language on its marked content (PDF 1.7, 14.9.2): the
    # paragraph's structure element stays in the document's language
    with _open(data) as pdf:
        content = b"".join(page.Contents.read_bytes() for page in pdf.pages)
    assert content.count(b"/Lang(en)") == 1
    paragraphs = [tag for tag in _tags(data) if tag.name == "P"]
    assert paragraphs and all(tag.lang in (None, "ru") for tag in paragraphs)
