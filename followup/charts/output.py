"""Writing charts to files and strings, byte for byte the same on every run."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from followup.charts import _metrics
from followup.registry.outputs import write_output

__all__ = ["FORMATS", "fix_layout", "png_bytes", "save", "svg_text"]

#: The file suffixes :func:`save` writes.
FORMATS = (".png", ".svg", ".pdf")

# No dates, no random ids, no dependence on the user's matplotlibrc: the same figure
# gives the same bytes. svg.hashsalt seeds the ids of clip paths and hatches. Without
# hinting, text has the same size in inches at every resolution, so a layout made once
# (see fix_layout) fits PNGs of any dpi as well as SVG and PDF.
_RC: dict[str, Any] = {
    "svg.hashsalt": "followup",
    "svg.fonttype": "path",
    "svg.image_inline": True,
    "pdf.fonttype": 3,
    "pdf.compression": 6,
    "savefig.bbox": "standard",
    "savefig.transparent": False,
    "savefig.facecolor": "auto",
    "savefig.edgecolor": "auto",
    "hatch.linewidth": 0.8,
    "text.hinting": "no_hinting",
    "path.simplify": True,
    "path.simplify_threshold": 0.111111111111,
}
_METADATA: dict[str, dict[str, Any]] = {
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "ModDate": None},
    "png": {"Software": "followup"},
}


@contextmanager
def _settings() -> Iterator[None]:
    with mpl.rc_context(cast("Any", _RC)), _metrics.shared():
        yield


def fix_layout(figure: Figure) -> None:
    """Lay the figure out once and keep that layout (it has no layout engine after).

    Constrained layout refines the positions left by the previous draw, so each save
    would move the axes by a few millionths of a point, and the bytes would depend on
    how often, and in which formats, the figure was drawn before. Laid out once from
    the figure's first state, every later save in any format draws the same positions.
    The layout runs alone, without drawing the figure (a save draws it), and no
    placeholder engine is left, for which ``savefig`` would draw the figure twice.
    """
    engine = figure.get_layout_engine()
    if engine is None or isinstance(engine, PlaceHolderLayoutEngine):
        return
    with _settings():
        if figure.axes:
            engine.execute(figure)  # what the first draw would do first; the save draws
    # no layout engine at all (not "none", which leaves a placeholder): savefig then
    # draws the figure once, not a second time to run a layout that does nothing
    with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        figure.set_layout_engine(None)


def _write(figure: Figure, target: Any, fmt: str, dpi: int) -> None:
    fix_layout(figure)
    with _settings():
        figure.savefig(target, format=fmt, dpi=dpi, metadata=_METADATA[fmt])


def save(figure: Figure, path: str | os.PathLike[str], *, dpi: int = 150) -> Path:
    """Write ``figure`` to ``path`` as PNG, SVG or PDF, chosen by the file's suffix.

    The bytes depend only on the figure (no dates, fixed ids; the layout is fixed at
    the first save, see :func:`fix_layout`, so draw everything before saving), and the
    file appears whole or not at all: it is written to a temporary file in the same
    directory, then moved into place (:func:`followup.registry.outputs.write_output`); a
    symbolic link at ``path`` is refused, never followed.
    ``dpi`` sets the PNG's pixels (``figsize * dpi``) and the resolution of anything
    rasterised in SVG and PDF. Returns the path written.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"cannot save a chart as {target.name!r}: the suffix must be one of "
            f"{', '.join(FORMATS)}"
        )
    buffer = io.BytesIO()
    _write(figure, buffer, suffix[1:], dpi)
    return write_output(target, buffer.getvalue())


def svg_text(figure: Figure) -> str:
    """The figure as SVG markup without the XML prolog and DOCTYPE (to inline in HTML),
    the same bytes :func:`save` writes to a ``.svg`` file from ``<svg`` on."""
    buffer = io.BytesIO()
    _write(figure, buffer, "svg", 150)
    text = buffer.getvalue().decode("utf-8")
    return text[text.index("<svg") :]


def png_bytes(figure: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG bytes (``figsize * dpi`` pixels, no dates in the metadata)."""
    buffer = io.BytesIO()
    _write(figure, buffer, "png", dpi)
    return buffer.getvalue()
