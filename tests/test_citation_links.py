"""A cell citing several documents links each citation to its own address, in HTML,
Markdown and PDF; a ``javascript:`` address or none at all leaves its citation plain."""

from __future__ import annotations

import re
import zlib

import pytest

from followup.scorecard._pdflayout import text_width
from followup.scorecard._pdfruns import Run, wrap_runs
from followup.scorecard.blocks import Cell, Document, Heading, Link, Table
from followup.scorecard.html import render_html
from followup.scorecard.markdown import render_markdown
from followup.scorecard.pdf import TABLE_SIZE, render_pdf

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


def _annotations(data: bytes) -> list[tuple[str, tuple[float, ...]]]:
    """Every link annotation's URI and rectangle (x0, y0, x1, y1), streams inflated."""
    chunks = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            continue
    found = []
    for chunk in chunks:
        for match in re.finditer(rb"<<[^<>]*?/Subtype /Link[^<>]*?<<[^<>]*?>>[^<>]*?>>", chunk):
            text = match.group(0)
            uri = re.search(rb"/URI \((.*?)\)", text)
            rect = re.search(rb"/Rect \[\s*([^\]]*)\]", text)
            if uri and rect:
                box = tuple(float(v) for v in rect.group(1).split())
                found.append((uri.group(1).decode(), box))
    return found


def test_pdf_has_one_annotation_per_linkable_citation(pdf: bytes) -> None:
    found = _annotations(pdf)
    uris = [uri for uri, _ in found]
    assert sorted(uris) == sorted([CCPR_URL, CERD_URL, "https://example.org/one"])
    assert b"javascript" not in pdf.lower()
    boxes = dict(found)
    ccpr, cerd = boxes[CCPR_URL], boxes[CERD_URL]
    # side by side on one line, each box over its own symbol only
    assert abs(ccpr[1] - cerd[1]) < 1.0
    assert ccpr[2] < cerd[0]
    assert abs((ccpr[2] - ccpr[0]) - text_width(CCPR, TABLE_SIZE)) < 5.0
    assert abs((cerd[2] - cerd[0]) - text_width(CERD, TABLE_SIZE)) < 5.0


def test_pdf_draws_each_citation_as_its_own_text() -> None:
    parts = [(CCPR, CCPR_URL), ("; ", None), (CERD, CERD_URL), ("; ", None), ("a b", None)]
    (line,) = wrap_runs(parts, 400.0, 8.3)
    assert [(run.text, run.url) for run in line] == [
        (CCPR, CCPR_URL),
        ("; ", None),
        (CERD, CERD_URL),
        ("; a b", None),
    ]
    assert line[0].x == 0.0 and line[0].x < line[1].x < line[2].x < line[3].x


def test_a_wrapped_link_keeps_its_url_on_every_line() -> None:
    words = "Concluding observations on the third periodic report"
    lines = wrap_runs([("See ", None), (words, CCPR_URL)], 80.0, 8.3)
    assert len(lines) > 2
    assert lines[0][0] == Run(0.0, "See ", None)  # the space before a link is not linked
    assert lines[0][1].text == "Concluding" and lines[0][1].url == CCPR_URL
    assert all(run.url == CCPR_URL for line in lines[1:] for run in line)
    assert " ".join("".join(r.text for r in line) for line in lines) == f"See {words}"
