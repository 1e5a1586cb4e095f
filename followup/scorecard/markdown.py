"""The Markdown scorecard, for a GitHub README, a wiki or a newsletter.

Text from the registry is escaped: Markdown punctuation gets a backslash and ``<``,
``>`` and ``&`` become entities, so a recommendation holding ``<script>`` or ``*`` reads
as written and never turns into markup. Charts are image links to SVG files written
beside the Markdown file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import quote

from followup.scorecard.blocks import (
    SEPARATOR,
    Cell,
    Chart,
    Document,
    Heading,
    Headline,
    ItemList,
    Link,
    Paragraph,
    Table,
    linkable,
)

__all__ = ["escape", "render_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # inline markup anywhere in a line
_BLOCK_START = re.compile(r"^(?:[#+\-=]|\d+[.)])")  # markup only at a line's start


def escape(text: str) -> str:
    """``text`` as literal Markdown: on one line, punctuation escaped, ``<>&`` as entities."""
    text = " ".join(text.split())
    text = _SPECIAL.sub(r"\\\1", text)
    match = _BLOCK_START.match(text)
    if match:  # "1. " or "# " at the start would make a list or a heading
        end = match.end() - 1
        text = f"{text[:end]}\\{text[end:]}"
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _url(url: str) -> str:
    return quote(url, safe=":/?#=&%~+,;@!$'*-._")


def _part(part: Link) -> str:
    text = escape(part.text)
    return f"[{text}]({_url(part.url)})" if part.url is not None and linkable(part.url) else text


def _cell(cell: Cell) -> str:
    text = SEPARATOR.join(_part(part) for part in cell.parts())
    if cell.detail:
        text += f" <br>{escape(cell.detail)}"
    return text


def _table(table: Table, caption: bool) -> list[str]:
    head = "| " + " | ".join(escape(h) for h in table.header) + " |"
    rule = "| " + " | ".join("---:" if n else "---" for n in table.numeric) + " |"
    rows = ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return [*([f"**{escape(table.caption)}**", ""] if caption else []), head, rule, *rows]


def render_markdown(document: Document, images: Mapping[str, str] | None = None) -> str:
    """``document`` as Markdown; ``images`` maps chart kinds to image paths (relative to
    the Markdown file). Charts without an image are left out."""
    lines = [f"# {escape(document.title)}", "", f"*{escape(document.subtitle)}*", ""]
    brand = document.branding
    if brand is not None and brand.organisation:
        lines += [_part(Link(brand.organisation, brand.url)), ""]
    previous = None
    for block in document.blocks:
        heading = previous.text if isinstance(previous, Heading) else None
        previous = block
        if isinstance(block, Heading):
            lines += [f"{'#' * block.level} {escape(block.text)}", ""]
        elif isinstance(block, Paragraph):
            text = escape(block.text)
            lines += [f"*{text}*" if block.style == "note" else text, ""]
        elif isinstance(block, Headline):
            for stat in block.stats:
                detail = f" ({escape(stat.detail)})" if stat.detail else ""
                lines.append(f"- {escape(stat.label)}: **{escape(stat.value)}**{detail}")
            lines.append("")
        elif isinstance(block, Table):
            lines += [*_table(block, caption=block.caption != heading), ""]
        elif isinstance(block, Chart):
            path = (images or {}).get(block.kind)
            if path:
                lines += [f"![{escape(block.alt)}]({_url(path)})", ""]
        elif isinstance(block, ItemList):
            lines += [*(f"- {escape(item)}" for item in block.items), ""]
    lines += ["---", "", escape(document.footer), ""]
    return "\n".join(lines)
