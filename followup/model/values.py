"""Checks for what a single value can get wrong: ids, State codes, URLs, dates, text.

Each ``check_*`` function raises ``ValueError`` with a message a registry author can act
on; the model's validators and the registry converter share them, so a value is judged
the same way whether it comes from Python or from YAML.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Any

__all__ = [
    "ISO_ALPHA3",
    "Mechanism",
    "Position",
    "check_colour",
    "check_date",
    "check_id",
    "check_nonempty",
    "check_score",
    "check_state",
    "check_url",
]

_ID = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_DOUBLE = re.compile(r"[._-]{2}")


class Mechanism(StrEnum):
    """Who issues recommendations."""

    CCPR = "CCPR"
    CAT = "CAT"
    CEDAW = "CEDAW"
    CESCR = "CESCR"
    CRC = "CRC"
    CERD = "CERD"
    CRPD = "CRPD"
    CED = "CED"
    CMW = "CMW"
    SPT = "SPT"
    UPR = "UPR"
    SP = "SP"
    NGO = "NGO"
    NHRI = "NHRI"

    @property
    def is_treaty_body(self) -> bool:
        """True for the committees that monitor a treaty (CCPR ... CMW, SPT)."""
        return self not in {Mechanism.UPR, Mechanism.SP, Mechanism.NGO, Mechanism.NHRI}


class Position(StrEnum):
    """What a State said about a recommendation."""

    SUPPORTED = "supported"
    PARTIALLY_SUPPORTED = "partially-supported"
    NOTED = "noted"
    REPLY_RECEIVED = "reply-received"
    NO_REPLY = "no-reply"


def check_id(value: str) -> str:
    """An id: lower-case letters, digits and ``.-_`` inside, 1 to 100 characters."""
    if not _ID.match(value) or _DOUBLE.search(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lower-case letters, digits, and single "
            "'-', '.' or '_' between them (e.g. 'kaz-ccpr-3-p42'), at most 100 characters"
        )
    return value


# ISO 3166-1 alpha-3 codes (officially assigned), plus the user-assigned XKX (Kosovo).
ISO_ALPHA3 = frozenset(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR
    BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG
    COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH
    FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
    HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM
    KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL
    MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
    NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU
    SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA
    TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB
    VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE XKX
    """.split()  # noqa: SIM905
)


def check_state(value: str) -> str:
    """An ISO 3166-1 alpha-3 State code in upper case (``KAZ``)."""
    if value not in ISO_ALPHA3:
        hint = " (use upper case)" if value.upper() in ISO_ALPHA3 else ""
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-3 State code{hint}, e.g. 'KAZ'")
    return value


#: http or https (any case), '://', a host part, then anything but white space.
_URL = re.compile(r"(?i:https?)://[^/?#\s]+(?:[/?#]\S*)?")


def check_url(value: str) -> str:
    """An absolute http(s) URL with a host and no spaces."""
    if not _URL.fullmatch(value):
        raise ValueError(f"{value!r} is not an absolute http:// or https:// URL")
    return value


def check_nonempty(value: str) -> str:
    """A string with something other than white space in it."""
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def check_score(value: float) -> float:
    """A score between 0 and 1 inclusive."""
    if not 0.0 <= value <= 1.0 or value != value:  # noqa: PLR0124 (NaN check)
        raise ValueError(f"score {value!r} is outside 0..1")
    return value


def check_colour(value: str) -> str:
    """A ``#rrggbb`` colour."""
    if not _COLOUR.match(value):
        raise ValueError(f"{value!r} is not a colour of the form '#1f77b4'")
    return value


def check_date(value: Any) -> date:
    """A calendar date (not a date-time)."""
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise ValueError(f"{value!r} is not a date")
    return value
