"""Branding: who publishes a scorecard, with their name, logo, colour and own CSS.

A :class:`Branding` given to :func:`followup.scorecard.build` (or set on a card with
``attrs.evolve(card, branding=...)``) puts the organisation's logo and name, linked to
its site, at the top of the HTML page and the PDF, and its name under the Markdown's
title and in the JSON (``publisher``); its colour replaces the accent of the HTML page
(the rule under the title, links, headline boxes) and of the PDF (headings, rules, table
heads); ``css`` is added to the HTML page's style sheet after the page's own rules, so
it can override any of them. Without branding nothing changes, byte for byte.

Every value is checked when the branding is made: the colour must be ``#rrggbb`` and
dark enough for links on white (a contrast of at least 4.5 to 1, as WCAG asks of text),
the address http(s), the logo a PNG, JPEG or SVG image of at most 1 MiB (with an
organisation name, which is its alternative text). The PDF shows an SVG logo; a PNG or
JPEG logo is shown in the HTML page only.
"""

from __future__ import annotations

import base64
import os
import re

from attrs import field, frozen

from followup.errors import FollowupError
from followup.scorecard.blocks import linkable

__all__ = ["LOGO_LIMIT", "Branding", "BrandingError", "contrast"]

#: The largest logo accepted, in bytes.
LOGO_LIMIT = 1024 * 1024

#: The largest style sheet accepted, in characters.
CSS_LIMIT = 256 * 1024

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_SVG = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]", re.S)


class BrandingError(FollowupError):
    """A branding value that cannot be used (the message says which and why)."""


def contrast(colour: str, background: str = "#ffffff") -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""

    def luminance(value: str) -> float:
        channels = [int(value[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(colour), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _colour(_instance: object, _attribute: object, value: str | None) -> None:
    if value is None:
        return
    if not _COLOUR.match(value):
        raise BrandingError(f"branding colour {value!r} is not a colour: write it #rrggbb")
    ratio = contrast(value)
    if ratio < 4.5:
        raise BrandingError(
            f"branding colour {value} has a contrast of {ratio:.1f}:1 on white; links and "
            "headings need at least 4.5:1 (WCAG): choose a darker shade"
        )


def _url(_instance: object, _attribute: object, value: str | None) -> None:
    if value is not None and not linkable(value):
        raise BrandingError(f"branding url {value!r} must be an http:// or https:// address")


def _text(_instance: object, attribute: object, value: str | None) -> None:
    if value is not None and not value.strip():
        raise BrandingError(f"branding {getattr(attribute, 'name', '')} is empty")


def _css(_instance: object, _attribute: object, value: str | None) -> None:
    if value is not None and len(value) > CSS_LIMIT:
        raise BrandingError(f"branding css is longer than {CSS_LIMIT:,} characters")


def logo_type(data: bytes) -> str:
    """The media type of a logo's bytes (PNG, JPEG or SVG), or :class:`BrandingError`."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if _SVG.match(data[:4096].lstrip(b"\xef\xbb\xbf")):
        return "image/svg+xml"
    raise BrandingError("the branding logo must be a PNG, JPEG or SVG image")


def _logo(instance: Branding, _attribute: object, value: bytes | None) -> None:
    if value is None:
        return
    if len(value) > LOGO_LIMIT:
        raise BrandingError(f"the branding logo is larger than {LOGO_LIMIT:,} bytes")
    logo_type(value)
    if instance.organisation is None:
        raise BrandingError("a branding logo needs an organisation (its alternative text)")


@frozen
class Branding:
    """Who publishes a scorecard: ``organisation`` (its name), ``url`` (its site),
    ``logo`` (PNG, JPEG or SVG bytes; see :meth:`with_logo`), ``colour`` (the accent,
    ``#rrggbb``) and ``css`` (rules added to the HTML page's style sheet)."""

    organisation: str | None = field(default=None, validator=_text)
    url: str | None = field(default=None, validator=_url)
    colour: str | None = field(default=None, validator=_colour)
    css: str | None = field(default=None, validator=_css)
    logo: bytes | None = field(default=None, validator=_logo, repr=False)

    def with_logo(self, path: str | os.PathLike[str]) -> Branding:
        """This branding with the logo read from the file at ``path`` (at most 1 MiB)."""
        from attrs import evolve

        from followup.registry.reading import read_bounded

        return evolve(self, logo=read_bounded(path, LOGO_LIMIT, what="logo"))

    def logo_uri(self) -> str | None:
        """The logo as a ``data:`` URI for an ``<img>`` (None without a logo)."""
        if self.logo is None:
            return None
        encoded = base64.b64encode(self.logo).decode("ascii")
        return f"data:{logo_type(self.logo)};base64,{encoded}"

    def svg_logo(self) -> str | None:
        """The logo's text when it is an SVG image (what the PDF can show), else None."""
        if self.logo is None or logo_type(self.logo) != "image/svg+xml":
            return None
        try:
            return self.logo.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None

    def style(self) -> str:
        """The CSS the branding adds to the HTML page: its colour and its own rules
        (a ``</`` inside them cannot close the page's ``<style>``)."""
        rules = [
            ".brand { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem .8rem;"
            " margin: 0 0 .6rem; font-weight: 700; color: var(--ink); }",
            ".brand img { max-height: 3rem; max-width: 14rem; width: auto; height: auto; }",
            ".brand a { color: inherit; text-decoration: none; }",
        ]
        if self.colour is not None:
            rules.append(f":root {{ --accent: {self.colour}; }}")
        if self.css:
            rules.append(self.css.replace("</", "<\\/"))
        return "\n".join(rules) + "\n"
