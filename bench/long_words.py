"""Long words wrap in linear time in every renderer (issue 13).

Usage::

    python bench/long_words.py [--lengths 10000 20000] [--formats html md pdf]
                               [--repeat K] [--json OUT]

A registry text can hold a "word" of any length (a URL, a run of one letter, a
string in a script without spaces): a line breaker that tries every split of it is
quadratic, and the old PDF renderer took 58 s on a 10,000-character word. This script
puts one word of each length (default 10,000 and 20,000 characters) into the
Kazakhstan registry, in memory: the registry's title, a review's title, a theme's
label and a recommendation's text, then times building the 2025-Q3 scorecard and
rendering it in each format (HTML, Markdown with its SVG charts, PDF by Typst); and
:func:`followup.charts._style.wrap` and ``wrap_to`` (the chart label breakers) on the
word alone.

Each time is the best of K runs (default 2: the machine is noisy). The figure is the
ratio of the time the word adds (over the registry without it, timed in the same run)
at the longer length to the time it adds at the shorter: linear work gives about the
ratio of the lengths (2 for 20,000 against 10,000), quadratic work its square (4). The
script exits with status 1 when a ratio exceeds 1.5 times the length ratio (3 for the
defaults); an addition under 20 ms counts as none.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import followup  # noqa: E402
from followup.model.text import Text  # noqa: E402


def with_word(registry: followup.Registry, word: str) -> followup.Registry:
    """``registry`` with ``word`` in its title, a review's title, a theme's label and a
    recommendation's text (each keeps its own text around the word)."""
    if not word:
        return registry

    def longer(text: Text) -> Text:
        return Text.of({lang: f"{value} {word} end" for lang, value in text.items})

    info = registry.info
    themes = (attrs.evolve(info.themes[0], label=longer(info.themes[0].label)), *info.themes[1:])
    info = attrs.evolve(info, title=longer(info.title), themes=themes)
    review_id = next(iter(registry.reviews))
    reviews = dict(registry.reviews)
    reviews[review_id] = attrs.evolve(reviews[review_id], title=longer(reviews[review_id].title))
    recs = dict(registry.recommendations)
    rec_id = next(r.id for r in recs.values() if r.review == review_id)
    recs[rec_id] = attrs.evolve(recs[rec_id], text=longer(recs[rec_id].text))
    return followup.Registry(info=info, reviews=reviews, recommendations=recs)


def _timed(work: Callable[[], Any]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def measure(registry: followup.Registry, formats: list[str]) -> dict[str, float]:
    """Seconds to build the 2025-Q3 scorecard and render it in each format."""
    from followup.charts import svg_text
    from followup.scorecard import build, document
    from followup.scorecard.blocks import Chart
    from followup.scorecard.html import render_html
    from followup.scorecard.markdown import render_markdown

    times: dict[str, float] = {}
    start = time.perf_counter()
    card = build(registry, "2025-Q3", today=None)
    doc = document(card)
    times["build"] = time.perf_counter() - start
    svgs: dict[str, str] = {}

    def charts() -> None:
        for block in doc.blocks:
            if isinstance(block, Chart):
                svgs[block.kind] = svg_text(block.draw(None))

    times["charts"] = _timed(charts)
    if "html" in formats:
        times["html"] = _timed(lambda: render_html(doc, svgs))
    if "md" in formats:
        times["md"] = _timed(lambda: render_markdown(doc, {k: f"{k}.svg" for k in svgs}))
    if "pdf" in formats:
        from followup.scorecard.pdf import render_pdf

        times["pdf"] = _timed(lambda: render_pdf(doc))
    return times


def measure_wrap(word: str) -> dict[str, float]:
    """Seconds the chart label breakers take on ``word`` with text around it."""
    from followup.charts import _style, _wrap

    text = f"A label with {word} inside"
    times = {"wrap": _timed(lambda: _wrap.wrap(text, 30))}
    with _style.style("en"):
        times["wrap_to"] = _timed(lambda: _style.wrap_to(text, 200.0, 8.5))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs=2, default=[10_000, 20_000])
    parser.add_argument("--formats", nargs="+", default=["html", "md", "pdf"])
    parser.add_argument("--repeat", type=int, default=2, help="best of K runs (2)")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    args = parser.parse_args(argv)
    # matplotlib warns that a 10,000-character label leaves no room for the axes: it does
    warnings.simplefilter("ignore", UserWarning)
    registry = followup.load(ROOT / "registries" / "kazakhstan")
    results: dict[int, dict[str, float]] = {}
    for length in (0, *args.lengths):
        word = "x" * length
        runs = []
        for _ in range(max(1, args.repeat)):
            figures = measure(with_word(registry, word), args.formats)
            figures.update(measure_wrap(word))
            runs.append(figures)
        figures = {key: min(run[key] for run in runs) for key in runs[0]}
        results[length] = figures
        shown = ", ".join(f"{k} {v:.3f} s" for k, v in figures.items())
        print(f"{length:>7} characters: {shown}")
    short, long = args.lengths
    limit = 1.5 * long / short
    failed = False
    ratios: dict[str, float] = {}
    for key in results[short]:
        base = max(results[short][key] - results[0][key], 0.0)
        grown = max(results[long][key] - results[0][key], 0.0)
        # below 20 ms of extra time the ratio is noise: the word costs nothing to speak of
        ratio = grown / base if base > 0.02 else 0.0
        ratios[key] = ratio
        verdict = "ok" if ratio <= limit else "OVER"
        failed |= ratio > limit
        extra = f"{base:.3f} s -> {grown:.3f} s"
        print(f"{key:>8}: extra time for the word {extra}, ratio {ratio:.2f} ({verdict})")
    if args.json:
        args.json.write_text(
            json.dumps({"seconds": results, "ratios": ratios, "limit": limit}, indent=2) + "\n",
            encoding="utf-8",
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
