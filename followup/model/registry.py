"""A loaded registry as one value, with the queries people ask of it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import Any

from attrs import frozen

from followup.errors import FollowupError
from followup.model import _display
from followup.model.dates import DateLike, as_optional_date
from followup.model.manifest import RegistryInfo, Theme
from followup.model.records import Assessment, HistoryEntry, Recommendation, Response, Review
from followup.model.scales import BUILTIN_SCALES, Scale, with_scores
from followup.model.values import Mechanism

__all__ = ["Registry", "UnknownIdError", "suggest"]


def suggest(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The known names closest to ``name`` (for "did you mean ...?" hints)."""
    return difflib.get_close_matches(name, list(known), n=n, cutoff=0.6)


class UnknownIdError(FollowupError, KeyError):
    """An id that the registry does not hold; the message suggests the nearest ids."""

    def __init__(self, kind: str, wanted: str, known: Iterable[str]) -> None:
        near = suggest(wanted, known)
        hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
        self.kind, self.wanted, self.suggestions = kind, wanted, near
        super().__init__(f"no {kind} with id {wanted!r} in this registry{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


@frozen(repr=False)
class Registry:
    """A validated registry: its manifest, reviews and recommendations.

    ``reviews`` and ``recommendations`` map ids to values in file order; treat them as
    read-only (registries change through ``followup.edit``, never by mutation).
    """

    info: RegistryInfo
    reviews: Mapping[str, Review]
    recommendations: Mapping[str, Recommendation]

    def __repr__(self) -> str:
        return _display.registry_repr(self)

    def _repr_html_(self) -> str:
        """Jupyter: the States, reviews with their dates and counts, and totals."""
        return _display.registry_html(self)

    # -- lookups ----------------------------------------------------------------
    def __getitem__(self, rec_id: str) -> Recommendation:
        return self.recommendation(rec_id)

    def __len__(self) -> int:
        return len(self.recommendations)

    def recommendation(self, rec_id: str) -> Recommendation:
        """The recommendation with this id; :class:`UnknownIdError` suggests near ids."""
        try:
            return self.recommendations[rec_id]
        except KeyError:
            raise UnknownIdError("recommendation", rec_id, self.recommendations) from None

    def review(self, review_id: str) -> Review:
        """The review with this id; :class:`UnknownIdError` suggests near ids."""
        try:
            return self.reviews[review_id]
        except KeyError:
            raise UnknownIdError("review", review_id, self.reviews) from None

    def review_of(self, rec: Recommendation | str) -> Review:
        """The review that made a recommendation."""
        rec = self.recommendation(rec) if isinstance(rec, str) else rec
        return self.reviews[rec.review]

    @cached_property
    def themes(self) -> Mapping[str, Theme]:
        """Themes declared in the manifest, by id."""
        return {theme.id: theme for theme in self.info.themes}

    @cached_property
    def scales(self) -> Mapping[str, Scale]:
        """Every scale assessments may use: the built-in ones and the registry's own."""
        scales = dict(BUILTIN_SCALES)
        for scale in self.info.scales:
            if isinstance(scale, Scale):
                scales[scale.id] = scale
        for scale_id, overrides in self.info.scores.items():
            if scale_id in scales:
                scales[scale_id] = with_scores(scales[scale_id], overrides)
        return scales

    def scale_of(self, assessment: Assessment) -> Scale:
        """The scale an assessment's status belongs to (the default scale if it names none)."""
        scale_id = assessment.scale or self.info.default_scale
        try:
            return self.scales[scale_id]
        except KeyError:
            raise UnknownIdError("scale", scale_id, self.scales) from None

    # -- selections ------------------------------------------------------------
    def select(
        self,
        *,
        review: str | None = None,
        theme: str | None = None,
        right: str | None = None,
        mechanism: Mechanism | str | None = None,
        state: str | None = None,
        follow_up: bool | None = None,
    ) -> tuple[Recommendation, ...]:
        """Recommendations matching every criterion given, in registry order.

        ``right`` matches a recommendation's own ``rights`` or those of its themes.
        """
        if review is not None:
            self.review(review)  # unknown review ids are an error, not an empty result
        out = []
        for rec in self.recommendations.values():
            rev = self.reviews[rec.review]
            if review is not None and rec.review != review:
                continue
            if theme is not None and theme not in rec.themes:
                continue
            if right is not None and right not in self.rights_of(rec):
                continue
            if mechanism is not None and rev.mechanism != mechanism:
                continue
            if state is not None and rev.state != state:
                continue
            if follow_up is not None and rec.follow_up != follow_up:
                continue
            out.append(rec)
        return tuple(out)

    def by_review(self, review_id: str) -> tuple[Recommendation, ...]:
        """Recommendations made by one review."""
        return self.select(review=review_id)

    def by_theme(self, theme_id: str) -> tuple[Recommendation, ...]:
        """Recommendations under one theme."""
        return self.select(theme=theme_id)

    def by_right(self, right: str) -> tuple[Recommendation, ...]:
        """Recommendations concerning one right, e.g. ``"ICCPR art. 21"``."""
        return self.select(right=right)

    def by_mechanism(self, mechanism: Mechanism | str) -> tuple[Recommendation, ...]:
        """Recommendations from one mechanism, e.g. ``"CCPR"``."""
        return self.select(mechanism=mechanism)

    def by_state(self, state: str) -> tuple[Recommendation, ...]:
        """Recommendations addressed to one State."""
        return self.select(state=state)

    def under_follow_up(self) -> tuple[Recommendation, ...]:
        """Recommendations selected for a follow-up procedure."""
        return self.select(follow_up=True)

    def rights_of(self, rec: Recommendation) -> tuple[str, ...]:
        """A recommendation's rights: its own, then its themes', without repeats."""
        rights = list(rec.rights)
        for theme_id in rec.themes:
            theme = self.themes.get(theme_id)
            if theme is not None:
                rights.extend(r for r in theme.rights if r not in rights)
        return tuple(dict.fromkeys(rights))

    # -- history ---------------------------------------------------------------
    def history(self, rec_id: str) -> tuple[HistoryEntry, ...]:
        """A recommendation's responses and assessments, oldest first."""
        return self.recommendation(rec_id).history

    def latest_response(self, rec_id: str, as_of: DateLike | None = None) -> Response | None:
        """The State's last response on or before ``as_of`` (a date or an ISO string such
        as ``"2025-06-30"``; None if none)."""
        return self.recommendation(rec_id).latest_response(as_of)

    def latest_assessment(
        self, rec_id: str, as_of: DateLike | None = None, scale: str | None = None
    ) -> Assessment | None:
        """The last assessment on or before ``as_of`` (a date or an ISO string such as
        ``"2025-06-30"``), on ``scale`` if given (None if none)."""
        as_of = as_optional_date(as_of, "as_of")
        found = None
        for entry in self.recommendation(rec_id).assessments:
            if as_of is not None and entry.date > as_of:
                continue
            if scale is not None and (entry.scale or self.info.default_scale) != scale:
                continue
            found = entry
        return found

    def status(
        self, rec_id: str, as_of: DateLike | None = None, scale: str | None = None
    ) -> str | None:
        """The level id of the assessment in force on ``as_of`` (a date or an ISO string
        such as ``"2025-06-30"``); None means *unknown*."""
        latest = self.latest_assessment(rec_id, as_of, scale)
        return None if latest is None else latest.status

    def reiterated_by(self, rec_id: str) -> tuple[Recommendation, ...]:
        """Later recommendations that name this one in ``reiterates``."""
        self.recommendation(rec_id)
        return tuple(r for r in self.recommendations.values() if rec_id in r.reiterates)

    # -- export ----------------------------------------------------------------
    def to_frame(
        self,
        as_of: DateLike | None = None,
        history: bool = False,
        include_confidential: bool = False,
    ) -> Any:
        """The registry as a pandas DataFrame: one row per recommendation (its latest
        response and the assessment in force on ``as_of``, a date or an ISO string), or
        with ``history=True`` one row per history entry; confidential data left out
        unless asked for. The columns are those of ``followup export`` (see
        :func:`followup.interop.export.rows`).

        Needs pandas: ``pip install 'followup[pandas]'``.
        """
        try:
            import pandas as pd
        except ImportError:
            raise FollowupError("to_frame() needs pandas: pip install 'followup[pandas]'") from None
        from followup.interop.export import HISTORY_COLUMNS, RECOMMENDATION_COLUMNS, rows

        day = as_optional_date(as_of, "as_of")
        table = rows(self, as_of=day, history=history, include_confidential=include_confidential)
        columns = HISTORY_COLUMNS if history else RECOMMENDATION_COLUMNS
        return pd.DataFrame(table, columns=list(columns))
