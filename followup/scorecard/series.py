"""A series of scorecards, one per period, and an index page that links them.

Periods are independent, so a series renders them on worker processes (two on a 2-core
machine): the figures are the same whichever process draws them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

from attrs import frozen

from followup.i18n import format_date, format_number, format_percent, format_signed, message
from followup.model.linkdecision import LinkDecisions
from followup.model.registry import Registry
from followup.registry.outputs import check_output, write_output
from followup.scorecard.build import HORIZON_DAYS, build, shared_scores
from followup.scorecard.period import Period
from followup.scorecard.render import FORMATS, check_formats, default_stem, write
from followup.scoring.status import LATEST, Policy

__all__ = ["ScopeEntry", "SeriesEntry", "render_index", "write_series"]


@frozen
class ScopeEntry:
    """One headline scope's figures in a period (see :class:`ScopeFigures`)."""

    key: str
    label: str
    score: float | None
    coverage: float | None
    change: float | None


@frozen
class SeriesEntry:
    """One period of a series: its scorecard's headline and the files written.

    ``score``, ``coverage`` and ``change`` are those of all recommendations together;
    ``scopes`` holds each headline scope's (UN mechanisms, NGOs' own), which the index
    page shows.
    """

    period: Period
    language: str
    as_of: dt.date
    score: float | None
    coverage: float | None
    change: float | None
    stem: str  # the files' name without suffix
    files: tuple[Path, ...]
    scopes: tuple[ScopeEntry, ...] = ()


@frozen
class _Job:
    registry: Registry
    period: Period
    directory: Path
    formats: tuple[str, ...]
    language: str | None
    today: dt.date | None
    scale: str | None
    policy: Policy
    horizon_days: int
    exclude_unverified: bool
    links: LinkDecisions | None = None


def _render(job: _Job) -> SeriesEntry:
    card = build(
        job.registry,
        job.period,
        language=job.language,
        today=job.today,
        scale=job.scale,
        policy=job.policy,
        horizon_days=job.horizon_days,
        exclude_unverified=job.exclude_unverified,
        links=job.links,
    )
    files = write(card, job.directory, job.formats)
    return SeriesEntry(
        period=job.period,
        language=card.language,
        as_of=card.as_of,
        score=card.headline.score,
        coverage=card.headline.coverage,
        change=card.change,
        stem=default_stem(card),
        files=tuple(files),
        scopes=tuple(
            ScopeEntry(s.key, s.label, s.figures.score, s.figures.coverage, s.change)
            for s in card.scopes
        ),
    )


def write_series(
    registry: Registry,
    periods: Sequence[Period],
    directory: Path,
    formats: Sequence[str] = ("html", "pdf"),
    *,
    language: str | None = None,
    today: dt.date | None = None,
    progress: Callable[[int, int, Period], None] | None = None,
    scale: str | None = None,
    policy: Policy = LATEST,
    horizon_days: int = HORIZON_DAYS,
    exclude_unverified: bool = False,
    workers: int = 1,
    links: LinkDecisions | None = None,
) -> tuple[tuple[SeriesEntry, ...], Path]:
    """Write one scorecard per period into ``directory`` and ``index.html`` (named
    ``index-<language>.html`` for a language other than the registry's) linking them.

    ``progress(done, total, period)`` is called as periods finish; ``workers`` is the
    number of processes to render on (default 1: this process; 0: one per core). The
    other options are those of :func:`followup.scorecard.build`. Returns the entries,
    in period order, and the index's path.
    """
    wanted = check_formats(list(formats))
    chosen = tuple(periods)
    if not chosen:
        raise ValueError("a series needs at least one period")
    jobs = [
        _Job(
            registry,
            p,
            directory,
            wanted,
            language,
            today,
            scale,
            policy,
            horizon_days,
            exclude_unverified,
            links,
        )
        for p in chosen
    ]
    lang = language or registry.info.language
    index_name = "index.html" if lang == registry.info.language else f"index-{lang}.html"
    _refuse_links(directory, index_name, [f"{registry.info.id}-{p}-{lang}" for p in chosen])
    count = min(workers or os.cpu_count() or 1, len(jobs))
    done: dict[Period, SeriesEntry] = {}
    if count <= 1 or len(jobs) == 1:
        with shared_scores():  # the periods' scores at the dates they have in common
            for job in jobs:
                done[job.period] = _render(job)
                if progress is not None:
                    progress(len(done), len(jobs), job.period)
    else:
        directory.mkdir(parents=True, exist_ok=True)
        with ProcessPoolExecutor(max_workers=count, mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(_render, job): job.period for job in jobs}
            for future in as_completed(futures):
                done[futures[future]] = future.result()
                if progress is not None:
                    progress(len(done), len(jobs), futures[future])
    entries = tuple(done[p] for p in chosen)
    lang = entries[0].language
    name = "index.html" if lang == registry.info.language else f"index-{lang}.html"
    index = directory / name
    write_output(index, render_index(registry, entries, wanted).encode("utf-8"))
    return entries, index


def _refuse_links(directory: Path, index: str, stems: Sequence[str]) -> None:
    """Refuse, before any period is written, a symbolic link in ``directory`` named as a
    file of the series would be."""
    check_output(directory / index)
    try:
        entries = list(directory.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        named = any(entry.name.startswith((f"{stem}.", f"{stem}-")) for stem in stems)
        if named and entry.is_symlink():
            check_output(entry)  # raises UnsafeOutput, naming the link


def render_index(registry: Registry, entries: Sequence[SeriesEntry], formats: Sequence[str]) -> str:
    """The index page of a series: one row per period with its figures and links."""
    from markupsafe import Markup

    from followup import __version__
    from followup.scorecard.html import _css, _environment

    language = entries[0].language
    title = registry.info.title.pick(language, default_language=registry.info.language)
    scopes = [(s.key, s.label) for s in entries[0].scopes]
    rows = [
        {
            "period": entry.period.label(language),
            "as_of": format_date(entry.as_of, language, "short"),
            "figures": [
                (
                    format_number(s.score, language)
                    if s.score is not None
                    else message("scorecard.no_score", language),
                    format_percent(s.coverage, language) if s.coverage is not None else "–",
                    format_signed(s.change, language) if s.change is not None else "–",
                )
                for s in entry.scopes
            ],
            "links": [(f, f"{entry.stem}{FORMATS[f]}") for f in formats],
            "main": f"{entry.stem}{FORMATS[formats[0]]}",
        }
        for entry in entries
    ]
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            language=language,
            title=message("scorecard.series_title", language, registry=title),
            intro=message(
                "scorecard.series_intro",
                language,
                first=entries[0].period.label(language),
                last=entries[-1].period.label(language),
            ),
            header={
                "period": message("scorecard.period", language),
                "as_of": message("scorecard.date", language),
                "formats": message("scorecard.formats", language),
            },
            # each scope's score, coverage and change, headed by the scope's name
            scopes=[
                (
                    label,
                    message("scorecard.score", language),
                    message("scorecard.coverage_label", language),
                    message("scorecard.change_short", language),
                )
                for _key, label in scopes
            ],
            rows=rows,
            css=Markup(_css()),
            footer=message(
                "scorecard.source",
                language,
                registry=registry.info.id,
                version=registry.info.version,
                followup=__version__,
            ),
            version=__version__,
        )
    )
