"""Text measured once per process while charts are drawn, not once per draw.

matplotlib measures every label anew for each renderer it makes, and a chart makes
several: constrained layout draws the figure to place its axes, a compact chart is laid
out again until its rows fit, and saving draws it once more. A scorecard's ten charts
measured the same few hundred labels thousands of times, and looked up their fonts
(each label a list of families) as often: about a third of an HTML scorecard's time.

Inside :func:`shared`, the sizes of text are kept in one table for every renderer of
the same kind, and the font files of a set of font properties in another (looked up
once for every size, when every font installed is scalable, as TrueType and OpenType
fonts are: matplotlib then scores every size alike). A size
depends only on the text, its font properties, the renderer's kind and resolution and
the settings that change how fonts are read (hinting, kerning, the font families, the
fonts installed), and every one of them is part of the key: the charts come out byte
for byte as without it. Only the two renderers charts are measured with (Agg and SVG)
and plain text (no mathtext, no TeX) go through the tables; anything else is measured
by matplotlib as before. Outside :func:`shared`, matplotlib is left exactly as it was.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.text as mtext
from matplotlib import font_manager
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.font_manager import FontManager, FontProperties

__all__ = ["shared"]

#: Entries kept in each table before it is emptied (a scorecard needs a few thousand).
_LIMIT = 50_000

_RC_FONT = (
    "font.family",
    "font.style",
    "font.variant",
    "font.weight",
    "font.stretch",
    "font.size",
    "font.serif",
    "font.sans-serif",
    "font.cursive",
    "font.fantasy",
    "font.monospace",
)
_RC_TEXT = ("text.hinting", "text.hinting_factor", "text.kerning_factor", "text.antialiased")

_lock = threading.Lock()
_depth = [0]  # how many :func:`shared` blocks are open (in any thread)
_sizes: dict[tuple[Any, ...], tuple[float, float, float]] = {}
_files: dict[tuple[Any, ...], Any] = {}
_original_metrics = mtext._get_text_metrics_with_cache  # type: ignore[attr-defined]
_original_find = FontManager._find_fonts_by_props


_KEYS = (*_RC_FONT, *_RC_TEXT)
_get: Callable[[Any, str], Any] = dict.__getitem__  # rcParams[key] checks each key


def _settings() -> tuple[Any, ...]:
    """What, besides the text and its properties, decides the fonts and sizes found."""
    rc = mpl.rcParams
    values = [_get(rc, key) for key in _KEYS]  # (called for every label: kept lean)
    manager = font_manager.fontManager
    return (
        tuple([tuple(v) if type(v) is list else v for v in values]),
        id(manager),
        len(manager.ttflist),
        os.getenv("MPL_IGNORE_SYSTEM_FONTS"),
    )


def _metrics(renderer: Any, text: str, fontprop: FontProperties, ismath: Any, dpi: float) -> Any:
    inner = renderer
    if type(inner) is MixedModeRenderer:  # how SVG is drawn: the renderer inside measures
        inner = inner._renderer
    kind = type(inner)
    if ismath is not False or (kind is not RendererAgg and kind is not RendererSVG):
        return _original_metrics(renderer, text, fontprop, ismath, dpi)
    key = (kind, text, fontprop.copy(), dpi, getattr(inner, "dpi", None), _settings())
    found = _sizes.get(key)
    if found is None:
        found = renderer.get_text_width_height_descent(text, fontprop, ismath=False)
        if len(_sizes) >= _LIMIT:
            _sizes.clear()
        _sizes[key] = found
    return found


#: The size a font lookup is made at when every font is scalable (see :func:`_find`).
_SIZE = 10.0
_scalable_lists: dict[tuple[int, int], bool] = {}


def _scalable(manager: FontManager) -> bool:
    """True when every TrueType/OpenType font ``manager`` knows is scalable."""
    key = (id(manager), len(manager.ttflist))
    found = _scalable_lists.get(key)
    if found is None:
        found = _scalable_lists[key] = all(e.size == "scalable" for e in manager.ttflist)
    return found


def _find(
    self: FontManager,
    prop: Any,
    fontext: Literal["ttf", "afm"] = "ttf",
    directory: Any = None,
    fallback_to_default: bool = True,
    rebuild_if_missing: bool = True,
) -> Any:
    if not isinstance(prop, FontProperties | str):
        return _original_find(
            self, prop, fontext, directory, fallback_to_default, rebuild_if_missing
        )
    props = prop.copy() if isinstance(prop, FontProperties) else prop
    if isinstance(props, FontProperties) and fontext == "ttf" and _scalable(self):
        # every font matplotlib knows draws at any size (its score of a size is then 0),
        # so a label at 8.5 and one at 10 points find the same files: looked up once
        props.set_size(_SIZE)
        prop = props
    key = (
        id(self),
        props,
        fontext,
        directory,
        fallback_to_default,
        rebuild_if_missing,
        _settings(),
    )
    found = _files.get(key)
    if found is None:
        found = _original_find(
            self, prop, fontext, directory, fallback_to_default, rebuild_if_missing
        )
        if len(_files) >= _LIMIT:
            _files.clear()
        _files[key] = found
    return list(found)


@contextmanager
def shared() -> Iterator[None]:
    """Measure text and find fonts through the shared tables while inside (nestable,
    and safe to enter from several threads: the tables only remember what matplotlib
    would compute again)."""
    with _lock:
        _depth[0] += 1
        if _depth[0] == 1:
            mtext._get_text_metrics_with_cache = _metrics  # type: ignore[attr-defined]
            FontManager._find_fonts_by_props = _find  # type: ignore[method-assign]
    try:
        yield
    finally:
        with _lock:
            _depth[0] -= 1
            if _depth[0] == 0:
                mtext._get_text_metrics_with_cache = _original_metrics  # type: ignore[attr-defined]
                FontManager._find_fonts_by_props = _original_find  # type: ignore[method-assign]
