"""Names of States and territories <-> ISO 3166-1 alpha-3 codes.

The names come from pycountry (the ISO 3166-1 short, official and common names of
every State and territory), plus the forms the United Nations, UHRI and UPR Info print
(``"Bolivia (Plurinational State of)"``, ``"Republic of Korea"``, ``"Türkiye"`` and
``"Turkey"``, ``"Holy See"``), a few older or shorter forms found in UN documents, and
ISO's names in the UN's other official languages (Arabic, Chinese, French, Russian,
Spanish; pycountry's translations, where they name one State only).
Inverted ISO names are known too: ``"Korea, Republic of"`` is also
``"Republic of Korea"``.

Names are compared after :func:`normalise`: without case, accents (through anyascii),
punctuation, a leading ``"the"`` or a trailing ``*`` (UHRI marks Kosovo and the State
of Palestine with one). :func:`code_of` raises :class:`UnknownStateError`, naming the
nearest known names, for a name it does not know: a name is never skipped silently.
"""

from __future__ import annotations

import difflib
import functools
import gettext
import re

import pycountry
from anyascii import anyascii

from followup.errors import FollowupError

__all__ = [
    "CODES",
    "MEMBERS",
    "UnknownStateError",
    "code_of",
    "lookup",
    "name_of",
    "names_of",
    "nearest",
    "normalise",
    "printed_names",
]


class UnknownStateError(FollowupError, LookupError):
    """A State name (or code) that is not known; the message names the nearest ones."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name, self.suggestions = name, suggestions
        near = f"; nearest known names: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"unknown State {name!r}{near}")


#: The 193 member States of the United Nations (pycountry has no membership flag).
MEMBERS = frozenset(
    """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH
    BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP
    CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU
    GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ
    KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS
    MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN
    PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC
    SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN
    TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
    """.split()  # noqa: SIM905
)

#: The names the UN uses (and UHRI and UPR Info print), where ISO's short name differs.
_UN_NAMES: dict[str, str] = {
    "BOL": "Bolivia (Plurinational State of)",
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia (Federated States of)",
    "GBR": "United Kingdom of Great Britain and Northern Ireland",
    "IRN": "Iran (Islamic Republic of)",
    "KOR": "Republic of Korea",
    "MDA": "Republic of Moldova",
    "NLD": "Netherlands (Kingdom of the)",
    "PRK": "Democratic People's Republic of Korea",
    "PSE": "State of Palestine",
    "TZA": "United Republic of Tanzania",
    "USA": "United States of America",
    "VAT": "Holy See",
    "VEN": "Venezuela (Bolivarian Republic of)",
    "XKX": "Kosovo",
}

#: Other forms met in UN and NGO documents (older names, English short forms).
_OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "BHS": ("The Bahamas",),
    "CIV": ("Ivory Coast",),
    "COD": ("Congo (Democratic Republic of the)", "DR Congo", "Zaire"),
    "COG": ("Republic of the Congo", "Congo (Republic of the)"),
    "CPV": ("Cape Verde",),
    "CZE": ("Czech Republic",),
    "FSM": ("Micronesia",),
    "GBR": ("United Kingdom", "UK", "Great Britain"),
    "GMB": ("The Gambia",),
    "LBY": ("Libyan Arab Jamahiriya",),
    "MKD": ("The former Yugoslav Republic of Macedonia", "Macedonia"),
    "MMR": ("Burma",),
    "NLD": ("Netherlands", "Holland"),
    "PRK": ("North Korea",),
    "PSE": ("Palestine", "Occupied Palestinian Territory"),
    "RUS": ("Russia",),
    "SWZ": ("Swaziland",),
    "TLS": ("East Timor",),
    "TUR": ("Turkey",),
    "USA": ("United States", "USA", "US"),
    "VAT": ("Vatican", "Vatican City"),
}

#: Languages whose ISO names (pycountry's translations) are known too: the UN's other
#: five official languages.
_LANGUAGES = ("ar", "es", "fr", "ru", "zh_CN")

_NOT_WORD = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=4096)
def normalise(name: str) -> str:
    """A name as compared: ASCII (``"Türkiye"`` -> ``"turkiye"``), lower case, words
    separated by one space, ``&`` as ``and``, ``St`` as ``saint``, no leading ``the``."""
    text = anyascii(name).casefold().replace("&", " and ")
    words = _NOT_WORD.sub(" ", text).split()
    words = ["saint" if w == "st" else w for w in words]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _inverted(name: str) -> str | None:
    """``"Korea, Republic of"`` -> ``"Republic of Korea"``."""
    head, sep, tail = name.partition(", ")
    return f"{tail} {head}" if sep and "," not in tail else None


@functools.cache
def _tables() -> tuple[dict[str, str], dict[str, tuple[str, ...]], dict[str, str]]:
    """(normalised name -> code, code -> names as printed, code -> display name)."""
    strong: dict[str, str] = {}
    weak: dict[str, set[str]] = {}
    printed: dict[str, list[str]] = {}

    def add(code: str, name: str) -> None:
        key = normalise(name)
        if not key:
            return
        held = strong.setdefault(key, code)
        if held != code:
            raise AssertionError(f"State name {name!r} is both {held} and {code}")
        if name not in printed.setdefault(code, []):
            printed[code].append(name)

    display: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        display[code] = _UN_NAMES.get(code, country.name)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if isinstance(value, str):
                add(code, value)
                if (flipped := _inverted(value)) is not None:
                    add(code, flipped)
                head = re.split(r", | \(", value)[0]
                weak.setdefault(normalise(head), set()).add(code)
    display["XKX"] = _UN_NAMES["XKX"]
    for code, name in _UN_NAMES.items():
        add(code, name)
    for code, names in _OTHER_NAMES.items():
        for name in names:
            add(code, name)
    for key, more in _translated().items():
        weak.setdefault(key, set()).update(more)
    for key, codes in weak.items():
        if len(codes) == 1 and key not in strong:
            strong[key] = next(iter(codes))
    return strong, {c: tuple(n) for c, n in printed.items()}, display


def _translated() -> dict[str, set[str]]:
    """Normalised names in :data:`_LANGUAGES` -> codes (ambiguous ones are dropped)."""
    out: dict[str, set[str]] = {}
    for language in _LANGUAGES:
        try:
            catalogue = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[language]
            )
        except OSError:  # a pycountry without that translation
            continue
        for country in pycountry.countries:
            for attr in ("name", "official_name"):
                value = getattr(country, attr, None)
                if not isinstance(value, str) or catalogue.gettext(value) == value:
                    continue
                local = catalogue.gettext(value)
                for form in (local, _inverted(local)):
                    if form:
                        out.setdefault(normalise(form), set()).add(country.alpha_3)
    return out


#: Every code with a name: ISO 3166-1 alpha-3 codes, plus XKX (Kosovo).
CODES = frozenset(_tables()[2])


def lookup(name: str) -> str | None:
    """The alpha-3 code of a State or territory named ``name`` (or given by its
    code, any case), or None when the name is not known."""
    text = name.strip()
    if text.upper() in CODES and len(text) == 3:
        return text.upper()
    return _tables()[0].get(normalise(text))


def nearest(name: str, n: int = 3) -> list[str]:
    """Up to ``n`` known names closest to ``name`` (as printed, best first)."""
    keys = difflib.get_close_matches(normalise(name), _tables()[0], n=n * 3, cutoff=0.6)
    out: list[str] = []
    for key in keys:
        shown = name_of(_tables()[0][key])
        if shown not in out:
            out.append(shown)
    return out[:n]


def code_of(name: str) -> str:
    """The alpha-3 code of the State or territory named ``name``; :class:`UnknownStateError`
    (naming the nearest known names) when it is not known."""
    code = lookup(name)
    if code is None:
        raise UnknownStateError(name, nearest(name))
    return code


def name_of(code: str) -> str:
    """The name to show for ``code``: the UN's form for members and observers
    (``"Republic of Korea"``), ISO's short name for other territories."""
    try:
        return _tables()[2][code]
    except KeyError:
        raise UnknownStateError(code, nearest(code)) from None


def names_of(code: str) -> frozenset[str]:
    """Every known name of ``code``, normalised (empty for an unknown code)."""
    return frozenset(k for k, c in _tables()[0].items() if c == code)


def printed_names(code: str) -> tuple[str, ...]:
    """The names of ``code`` as written (UN, ISO and other forms; empty when unknown)."""
    return _tables()[1].get(code, ())
