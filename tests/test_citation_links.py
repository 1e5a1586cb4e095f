"""A cell citing several documents links each citation to its own address, in HTML,
Markdown and PDF; a ``javascript:`` address or none at all leaves its citation plain."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest

from followup.scorecard.blocks import Cell, Document, Heading, Link, Table
from followup.scorecard.html import render_html
from followup.scorecard.markdown import render_markdown
from followup.scorecard.pdf import render_pdf

CCPR = "CCPR/C/KAZ/CO/3"
CERD = "CERD/C/KAZ/CO/8-10"
CCPR_URL = "https://docs.un.org/en/CCPR/C/KAZ/CO/3"
CERD_URL = "https://docs.un.org/en/CERD/C/KAZ/CO/8-10"
EVIL = "Hostile note"
EVIL_URL = "javascript:alert(1)"
PLAIN = "NGO letter (no address)"

LINKS = (Link(CCPR, CCPR_URL), Link(CERD, CERD_URL), Link(EVIL, EVIL_URL), Link(PLAIN))


def _document() -> Document:
    table = Table(
        caption="What moved",
        header=("Recommendation", "Evidence"),
        rows=(
            (Cell("Adopt a law against torture", detail="R-1"), Cell(links=LINKS)),
            (Cell("Single link", url="https://example.org/one"), Cell("No evidence")),
        ),
        numeric=(False, False),
        widths=(2.0, 3.0),
    )
    return Document(
        language="en",
        title="Citations",
        subtitle="One link per citation",
        blocks=(Heading("What moved"), table),
        footer="Test document.",
    )


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(_document())


def test_cell_parts() -> None:
    parts = Cell(links=LINKS).parts()
    assert parts == (Link(CCPR, CCPR_URL), Link(CERD, CERD_URL), Link(EVIL), Link(PLAIN))
    assert Cell(links=LINKS).shown == f"{CCPR}; {CERD}; {EVIL}; {PLAIN}"
    assert Cell("See", links=(Link(CCPR, CCPR_URL),)).shown == f"See; {CCPR}"
    assert Cell("x", url="https://a.org").parts() == (Link("x", "https://a.org"),)
    assert Cell("x", url=EVIL_URL).parts() == (Link("x"),)
    assert Cell("").parts() == (Link(""),)


def test_html_has_one_anchor_per_linkable_citation() -> None:
    html = render_html(_document())
    row = html[html.index("Adopt a law") : html.index("Single link")]
    anchors = re.findall(r'<a href="([^"]*)">([^<]*)</a>', row)
    assert anchors == [(CCPR_URL, CCPR), (CERD_URL, CERD)]
    assert f"{CERD}</a>; {EVIL}; {PLAIN}" in row
    assert "javascript" not in html.lower()
    assert '<a href="https://example.org/one">Single link</a>' in html


def test_markdown_has_one_link_per_linkable_citation() -> None:
    markdown = render_markdown(_document())
    row = next(line for line in markdown.splitlines() if "Adopt a law" in line)
    links = re.findall(r"\[([^\]]*)\]\(([^)]*)\)", row)
    assert links == [(CCPR, CCPR_URL), (CERD, CERD_URL)]
    assert f"[{CCPR}]({CCPR_URL}); [{CERD}]({CERD_URL}); {EVIL}; {PLAIN} |" in row
    assert "javascript" not in markdown.lower()
    assert "[Single link](https://example.org/one)" in markdown


def _annotations(data: bytes) -> list[tuple[str, tuple[float, ...], set[float]]]:
    """Every link annotation: its URI, its rectangle (x0, y0, x1, y1) and the bottoms
    of the lines it covers (from its QuadPoints), read with pikepdf."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                if annot.get("/Subtype") != "/Link" or "/A" not in annot:
                    continue
                quads = [float(v) for v in annot.get("/QuadPoints", [])]
                lines = {round(min(quads[k + 1 : k + 8 : 2]), 1) for k in range(0, len(quads), 8)}
                box = tuple(float(v) for v in annot.Rect)
                found.append((str(annot.A.URI), box, lines))
    return found


def test_pdf_has_one_annotation_per_linkable_citation(pdf: bytes) -> None:
    found = _annotations(pdf)
    uris = [uri for uri, _, _ in found]
    assert sorted(uris) == sorted([CCPR_URL, CERD_URL, "https://example.org/one"])
    assert b"javascript" not in pdf.lower()
    boxes = {uri: box for uri, box, _ in found}
    ccpr, cerd = boxes[CCPR_URL], boxes[CERD_URL]
    # side by side on one line, each box over its own symbol only: "; " between them
    assert abs(ccpr[1] - cerd[1]) < 1.0
    assert ccpr[2] < cerd[0] < ccpr[2] + 10
    ratio = (cerd[2] - cerd[0]) / (ccpr[2] - ccpr[0])
    assert ratio == pytest.approx(len(CERD) / len(CCPR), rel=0.25)


def test_a_wrapped_link_keeps_its_url_on_every_line() -> None:
    words = "Concluding observations on the third periodic report of Kazakhstan"
    table = Table(
        caption="",
        header=("Evidence", "Note"),
        rows=((Cell("See", links=(Link(words, CCPR_URL),)), Cell("x")),),
        numeric=(False, False),
        widths=(1.0, 5.0),
    )
    data = render_pdf(Document("en", "Wrapped", "", (table,), ""))
    ((uri, box, lines),) = _annotations(data)
    assert uri == CCPR_URL
    assert len(lines) >= 3  # one link over every line its words are set on
    assert box[2] - box[0] < 110  # within its narrow column
