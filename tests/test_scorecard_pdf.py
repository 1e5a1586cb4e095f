"""The PDF scorecard: A4 pages, the flow layout, plain text, links, footers, determinism.

The checks of what a page shows use poppler-utils (``pdftotext``, ``pdftoppm``,
``pdfinfo``); without them those tests are skipped.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure, FigureBase
from PIL import Image

from followup.scorecard._pdflayout import (
    CONTENT_W,
    ChartOp,
    LineOp,
    Piece,
    TextOp,
    ellipsize,
    paginate,
    text_width,
    wrap_text,
)
from followup.scorecard.blocks import (
    Block,
    Cell,
    Chart,
    Document,
    Heading,
    Headline,
    ItemList,
    Paragraph,
    Stat,
    Table,
)
from followup.scorecard.pdf import render_pdf, write_pdf

from .conftest import require_tool

HOSTILE = "<script>alert(1)</script>"
DOLLARS = "$x$ costs 5$, 5% a_b ^ \\ {braces}"
SWATCH_GREEN = "#1a9850"
BAR_ORANGE = "#d95f02"
LONG_URL = "https://www.ohchr.org/en/treaty-bodies/ccpr/" + "very-long-path-segment/" * 6


# -- documents ------------------------------------------------------------------------


def _bar_chart(
    labels: tuple[str, ...] = ("Justice", "Права", "$x$ 5%"),
) -> Callable[[FigureBase | None], Figure]:
    def draw(target: FigureBase | None) -> Figure:
        figure: FigureBase = Figure(figsize=(8, 4)) if target is None else target
        axes = figure.add_subplot()
        axes.bar(range(len(labels)), [3, 5, 2], color=BAR_ORANGE, edgecolor="black")
        axes.set_xticks(range(len(labels)), labels)
        axes.set_title("Recommendations by theme (chart)")
        return figure.get_figure(root=True)

    return draw


def _failing_chart(target: FigureBase | None) -> Figure:
    raise RuntimeError("the chart broke")


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
                Cell(
                    ["Not implemented", "Partially", "Implemented", "Not assessed"][n % 4],
                    colour=colours[n % 4],
                ),
                Cell(f"{n * 7 % 100}", detail="2025"),
                Cell(f"0.{n % 10}5"),
            )
        )
    return tuple(rows)


def _document(
    rows: int = 70, chart: Callable[[FigureBase | None], Figure] | None = None
) -> Document:
    blocks: list[Block] = [
        Paragraph(
            "Status of the recommendations made to Kazakhstan by the UN treaty bodies and "
            "the Universal Periodic Review, as assessed by the coalition of NGOs.",
            "lead",
        ),
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
        Paragraph(
            "Each recommendation counts at the level of its latest assessment on or before "
            "the date above. Special characters stay as they are: "
            f"{HOSTILE} and {DOLLARS}. A long address breaks by characters: {LONG_URL}"
        ),
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
        blocks.append(Chart("status", "Status by theme", "Chart: status by theme", chart))
    blocks += [
        Heading("Not yet verified", level=3),
        ItemList(
            (
                "The date of the reply of 12 March 2025 has not been checked against its "
                "source yet, and neither has the grade the Committee gave it.",
                f"A second item: {HOSTILE}",
            )
        ),
    ]
    return Document(
        language="en",
        title="Scorecard: Kazakhstan $x$ costs 5$",
        subtitle="Q3 2025: status as of 30 September 2025",
        blocks=tuple(blocks),
        footer="Source: registry kazakhstan, version 2025-09-30. Made with followup 0.1. "
        "Data licence: CC BY 4.0. " + "A long footer wraps onto a second line. " * 3,
    )


def _russian() -> Document:
    return Document(
        language="ru",
        title="Оценочная карта: Казахстан",
        subtitle="III квартал 2025 г.: положение на 30 сентября 2025 г.",
        blocks=(
            Heading("Коротко"),
            Paragraph("Рекомендации договорных органов ООН и их выполнение. " * 8),
            Table(
                caption="По темам",
                header=("Тема", "Всего", "Оценено"),
                rows=tuple(
                    (Cell(f"Пытки и жестокое обращение {n}"), Cell(str(n)), Cell("1"))
                    for n in range(60)
                ),
                numeric=(False, True, True),
                widths=(4.0, 1.0, 1.0),
            ),
        ),
        footer="Источник: реестр kazakhstan, версия 2025-09-30.",
    )


@pytest.fixture(scope="module")
def english() -> bytes:
    return render_pdf(_document(chart=_bar_chart()))


@pytest.fixture(scope="module")
def russian() -> bytes:
    return render_pdf(_russian())


# -- poppler helpers ------------------------------------------------------------------


def _tool(name: str) -> str:
    return require_tool(name, "poppler-utils")  # CI fails instead of skipping


def _page_texts(data: bytes, tmp_path: Path) -> list[str]:
    """Each page's text, whitespace runs made single spaces."""
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(data)
    out = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [" ".join(page.split()) for page in pages]


def _pngs(data: bytes, tmp_path: Path, dpi: int = 50) -> list[Path]:
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        [_tool("pdftoppm"), "-r", str(dpi), "-png", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    return sorted(tmp_path.glob("page-*.png"))


def _media_boxes(data: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    return [(float(w), float(h)) for w, h in boxes]


# -- the pages ------------------------------------------------------------------------


def test_pages_are_a4(english: bytes) -> None:
    assert english.startswith(b"%PDF-")
    boxes = _media_boxes(english)
    assert len(boxes) >= 4
    for width, height in boxes:
        assert 595 <= width < 596
        assert 841 <= height < 842


def test_page_count_and_title_metadata(english: bytes, tmp_path: Path) -> None:
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(english)
    info = subprocess.run(
        [_tool("pdfinfo"), str(pdf)], check=True, capture_output=True
    ).stdout.decode("utf-8")
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    assert pages == len(_media_boxes(english))
    assert re.search(r"^Title:\s+Scorecard: Kazakhstan \$x\$ costs 5\$$", info, re.M)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M)
    assert "CreationDate" not in info


def test_pages_render_non_blank_with_a4_proportions(english: bytes, tmp_path: Path) -> None:
    pngs = _pngs(english, tmp_path)
    assert len(pngs) == len(_media_boxes(english))
    for png in pngs:
        with Image.open(png) as image:
            width, height = image.size
            assert abs(height / width - 297 / 210) < 0.01
            grey = image.convert("L")
            dark = sum(grey.histogram()[:100])
            assert dark > 200, f"{png.name} looks blank"


def _has_colour(png: Path, colour: str, tolerance: int = 12) -> bool:
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    with Image.open(png) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24) or []
    return any(
        isinstance(pixel, tuple)
        and all(abs(a - b) <= tolerance for a, b in zip(pixel, target, strict=True))
        for _, pixel in colours
    )


def test_swatches_and_chart_are_drawn(english: bytes, tmp_path: Path) -> None:
    pngs = _pngs(english, tmp_path, dpi=72)
    assert any(_has_colour(png, SWATCH_GREEN) for png in pngs)
    assert any(_has_colour(png, BAR_ORANGE) for png in pngs)
    # The chart stays vector graphics: no raster image in the file.
    assert b"/Subtype /Image" not in english


def test_footers_say_page_n_of_m(english: bytes, tmp_path: Path) -> None:
    texts = _page_texts(english, tmp_path)
    total = len(texts)
    assert total >= 4
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {total}" in text
        assert "Source: registry kazakhstan" in text
        assert "onto a second line" in text


def test_table_runs_over_three_pages_with_the_header_repeated(
    english: bytes, tmp_path: Path
) -> None:
    texts = _page_texts(english, tmp_path)
    with_rows = [k for k, text in enumerate(texts) if re.search(r"Recommendation \d+:", text)]
    assert len(with_rows) >= 3
    assert with_rows == list(range(with_rows[0], with_rows[-1] + 1))
    for k in with_rows:
        # the header row: "Recommendation" not followed by a number, and the others
        assert re.search(r"Recommendation(?! \d)", texts[k])
        assert all(word in texts[k] for word in ("Status", "Age", "(days)", "Score"))
    # The caption is said once, over the table's start.
    assert sum(text.count("Recommendations on torture, by status") for text in texts) == 1
    # Every row is there, in order, none split between pages.
    numbers = [int(n) for text in texts for n in re.findall(r"Recommendation (\d+):", text)]
    assert numbers == list(range(1, 71))
    for k in with_rows:
        # a row's own text and its detail line stay on one page
        for n in re.findall(r"Recommendation (\d+):", texts[k]):
            assert f"para. {int(n) + 10}" in texts[k]


def test_text_is_literal(english: bytes, tmp_path: Path) -> None:
    text = " ".join(_page_texts(english, tmp_path))
    assert HOSTILE in text
    assert DOLLARS in text
    assert "Scorecard: Kazakhstan $x$ costs 5$" in text
    assert "$x$ 5%" in text  # a tick label of the chart
    assert "Кириллица: Рекомендации договорных органов ООН — «Права человека»." in text
    # the long address is broken by characters, every character kept (pdftotext joins a
    # line ending in "-" to the next without it)
    assert LONG_URL.replace("-", "") in text.replace(" ", "").replace("-", "")


def test_title_and_subtitle_on_the_first_page_only(english: bytes, tmp_path: Path) -> None:
    texts = _page_texts(english, tmp_path)
    assert texts[0].startswith("Scorecard: Kazakhstan $x$ costs 5$ Q3 2025: status as of")
    assert all("Q3 2025: status as of" not in text for text in texts[1:])


def test_links(english: bytes) -> None:
    for n in (1, 35, 70):
        assert f"/URI (https://example.org/rec/{n})".encode() in english
    assert english.count(b"/Subtype /Link") >= 70


def test_russian(russian: bytes, tmp_path: Path) -> None:
    texts = _page_texts(russian, tmp_path)
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Стр. {number} из {len(texts)}" in text
        assert "Источник: реестр kazakhstan" in text
    assert texts[0].startswith("Оценочная карта: Казахстан")
    assert "Тема Всего Оценено" in texts[1]
    assert "Пытки и жестокое обращение 59" in texts[-1]


def test_the_same_document_gives_the_same_bytes(english: bytes) -> None:
    again = render_pdf(_document(chart=_bar_chart()))
    assert again == english
    assert b"CreationDate" not in english


def test_an_empty_document_has_one_page() -> None:
    data = render_pdf(Document("en", "", "", (), ""))
    assert len(_media_boxes(data)) == 1


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


# -- wrapping and pagination ----------------------------------------------------------


def _letters(lines: list[str]) -> str:
    """The text without its spaces and hyphens (wrapping adds hyphens, drops spaces)."""
    return "".join(lines).replace(" ", "").replace("-", "")


@pytest.mark.parametrize("width", [20.0, 60.0, 150.0, CONTENT_W])
@pytest.mark.parametrize("bold", [False, True])
def test_wrapped_lines_fit(width: float, bold: bool) -> None:
    text = (
        "Ensure that every allegation of torture is investigated promptly, impartially "
        f"and effectively; see {LONG_URL} and Рекомендации договорных органов ООН "
        "(CCPR/C/KAZ/CO/2, para. 12) WWWWWWWWWWWWWWWWWWWWWWWWWWWW."
    )
    for size in (7.0, 9.5, 14.0):
        lines = wrap_text(text, width, size, bold)
        assert lines
        for line in lines:
            assert text_width(line, size, bold) <= width or len(line) == 1
        assert _letters(lines) == _letters([text])


def test_wrapping_is_greedy_and_keeps_newlines() -> None:
    size = 9.0
    width = text_width("alpha beta gamma", size) + 0.01
    assert wrap_text("alpha beta gamma delta", width, size) == ["alpha beta gamma", "delta"]
    assert wrap_text("one\ntwo", 500.0, size) == ["one", "two"]
    assert wrap_text("", 100.0, size) == [""]
    # a no-break space holds "10 %" together
    narrow = text_width("10\u00a0%", size) + 0.01
    assert wrap_text("10\u00a0% of all", narrow, size)[0] == "10\u00a0%"


def test_long_words_break_after_a_slash() -> None:
    size = 8.0
    lines = wrap_text(LONG_URL, 120.0, size)
    assert len(lines) > 2
    assert all(line.endswith(("/", "-")) for line in lines[:-1])


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("abcdefghij WXYZ/-.$_%Жжщ\u00a0")), max_size=120),
    width=st.floats(min_value=5.0, max_value=300.0),
)
def test_wrapped_lines_fit_property(text: str, width: float) -> None:
    lines = wrap_text(text, width, 9.0)
    for line in lines:
        assert text_width(line, 9.0) <= width or len(line) == 1
    assert _letters(lines) == _letters([text])


def test_ellipsize() -> None:
    text = "Scorecard: a registry with a very long name indeed " * 4
    short = ellipsize(text, 100.0, 7.0)
    assert short.endswith("…")
    assert text_width(short, 7.0) <= 100.0
    assert ellipsize("short", 100.0, 7.0) == "short"


def _piece(height: float, label: str, *, keep: bool = False, space: float = 0.0) -> Piece:
    return Piece(height, (TextOp(0.0, height, label, 9.0),), space, keep)


def _labels(pages: list[list[object]]) -> list[list[str]]:
    out = []
    for page in pages:
        labels = []
        for placed in page:
            op = placed.piece.ops[0]  # type: ignore[attr-defined]
            labels.append(op.text if isinstance(op, TextOp) else "rule")
        out.append(labels)
    return out


def test_a_heading_moves_to_the_next_page_with_what_follows() -> None:
    pieces = [
        _piece(80.0, "text"),
        _piece(15.0, "heading", keep=True, space=10.0),
        _piece(30.0, "paragraph", space=5.0),
    ]
    pages = paginate(pieces, 0.0, 0.0, 100.0)
    assert _labels(pages) == [["text"], ["heading", "paragraph"]]  # type: ignore[arg-type]
    # space before is dropped at the top of a page
    assert pages[1][0].y == 0.0


def test_a_table_row_moves_with_its_repeated_header() -> None:
    header = Piece(10.0, (LineOp(0.0, 0.0, 1.0, 0.0, "#000000", 1.0),))
    rows = [evolve_repeat(_piece(30.0, f"row {n}"), header) for n in range(5)]
    pages = paginate([evolve_keep(header), *rows], 0.0, 0.0, 100.0)
    assert _labels(pages) == [  # type: ignore[arg-type]
        ["rule", "row 0", "row 1", "row 2"],
        ["rule", "row 3", "row 4"],
    ]


def evolve_repeat(piece: Piece, header: Piece) -> Piece:
    return Piece(piece.height, piece.ops, piece.space_before, piece.keep_with_next, header)


def evolve_keep(piece: Piece) -> Piece:
    return Piece(piece.height, piece.ops, piece.space_before, True, piece.repeat)


def test_pieces_taller_than_a_page_are_clipped_not_looped() -> None:
    pieces = [_piece(50.0, "a"), _piece(500.0, "giant"), _piece(20.0, "b")]
    pages = paginate(pieces, 0.0, 0.0, 100.0)
    assert len(pages) == 3
    assert pages[1][0].piece.height == 100.0
    # a group kept together but taller than a page is broken, not looped over
    chained = [_piece(60.0, f"k{n}", keep=True) for n in range(5)]
    assert len(paginate(chained, 0.0, 0.0, 100.0)) == 5


def test_charts_shrink_a_little_rather_than_move_on() -> None:
    chart = Chart("status", "t", "a", _bar_chart())
    piece = Piece(50.0, (ChartOp(10.0, 0.0, 100.0, 50.0, chart),), min_height=37.5)
    pages = paginate([_piece(60.0, "text"), piece], 0.0, 0.0, 100.0)
    assert len(pages) == 1
    shrunk = pages[0][1].piece
    assert shrunk.height == pytest.approx(40.0)
    op = shrunk.ops[0]
    assert isinstance(op, ChartOp)
    assert (op.x, op.width, op.height) == pytest.approx((20.0, 80.0, 40.0))  # centred
    # more than it can give: the chart moves to the next page whole
    pages = paginate([_piece(70.0, "text"), piece], 0.0, 0.0, 100.0)
    assert len(pages) == 2
    assert pages[1][0].piece.height == 50.0


def test_long_text_breaks_across_pages_without_loss(tmp_path: Path) -> None:
    words = " ".join(f"w{n:04d}" for n in range(1500))
    document = Document(
        "en",
        "Long",
        "",
        (Paragraph(words), ItemList((words, "short item"))),
        "",
    )
    texts = _page_texts(render_pdf(document), tmp_path)
    assert len(texts) >= 4
    found = re.findall(r"w(\d{4})", " ".join(texts))
    assert found == [f"{n:04d}" for n in range(1500)] * 2


def test_a_table_row_taller_than_a_page_is_clipped() -> None:
    huge = " ".join(["word"] * 4000)
    table = Table(
        "", ("A", "B"), ((Cell(huge), Cell("1")), (Cell("x"), Cell("2"))), (False, True), (3.0, 1.0)
    )
    data = render_pdf(Document("en", "Clipped", "", (table,), ""))
    assert 1 <= len(_media_boxes(data)) <= 3
