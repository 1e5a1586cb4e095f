"""The country names UHRI uses, for the States this importer knows by name.

UHRI's ``Countries`` holds names, not codes. Records of treaty bodies also carry the
State's ISO alpha-3 code in their document symbol (``CCPR/C/KAZ/CO/3``), which is
matched for every State; this table adds matching by name (needed for the UPR and
special procedures, whose symbols carry no code) for the States listed here. A State
missing from it is still matched through treaty-body symbols.
"""

from __future__ import annotations

__all__ = ["NAMES", "names_of", "normalise"]

#: alpha-3 -> names (as in UHRI; compared after :func:`normalise`).
NAMES: dict[str, tuple[str, ...]] = {
    "AFG": ("Afghanistan",),
    "ALB": ("Albania",),
    "DZA": ("Algeria",),
    "ARG": ("Argentina",),
    "ARM": ("Armenia",),
    "AUS": ("Australia",),
    "AUT": ("Austria",),
    "AZE": ("Azerbaijan",),
    "BGD": ("Bangladesh",),
    "BLR": ("Belarus",),
    "BEL": ("Belgium",),
    "BOL": ("Bolivia (Plurinational State of)", "Bolivia"),
    "BIH": ("Bosnia and Herzegovina",),
    "BRA": ("Brazil",),
    "BGR": ("Bulgaria",),
    "KHM": ("Cambodia",),
    "CMR": ("Cameroon",),
    "CAN": ("Canada",),
    "CHL": ("Chile",),
    "CHN": ("China",),
    "COL": ("Colombia",),
    "COD": ("Democratic Republic of the Congo",),
    "CRI": ("Costa Rica",),
    "HRV": ("Croatia",),
    "CUB": ("Cuba",),
    "CZE": ("Czechia", "Czech Republic"),
    "DNK": ("Denmark",),
    "ECU": ("Ecuador",),
    "EGY": ("Egypt",),
    "ERI": ("Eritrea",),
    "ETH": ("Ethiopia",),
    "FIN": ("Finland",),
    "FRA": ("France",),
    "GEO": ("Georgia",),
    "DEU": ("Germany",),
    "GRC": ("Greece",),
    "GTM": ("Guatemala",),
    "HND": ("Honduras",),
    "HUN": ("Hungary",),
    "IND": ("India",),
    "IDN": ("Indonesia",),
    "IRN": ("Iran (Islamic Republic of)", "Iran"),
    "IRQ": ("Iraq",),
    "IRL": ("Ireland",),
    "ISR": ("Israel",),
    "ITA": ("Italy",),
    "JPN": ("Japan",),
    "JOR": ("Jordan",),
    "KAZ": ("Kazakhstan",),
    "KEN": ("Kenya",),
    "XKX": ("Kosovo*", "Kosovo"),
    "KGZ": ("Kyrgyzstan",),
    "LBN": ("Lebanon",),
    "LBY": ("Libya",),
    "MEX": ("Mexico",),
    "MDA": ("Republic of Moldova", "Moldova"),
    "MNG": ("Mongolia",),
    "MAR": ("Morocco",),
    "MMR": ("Myanmar",),
    "NPL": ("Nepal",),
    "NLD": ("Netherlands", "Netherlands (Kingdom of the)"),
    "NZL": ("New Zealand",),
    "NIC": ("Nicaragua",),
    "NGA": ("Nigeria",),
    "NOR": ("Norway",),
    "PAK": ("Pakistan",),
    "PSE": ("State of Palestine*", "State of Palestine"),
    "PER": ("Peru",),
    "PHL": ("Philippines",),
    "POL": ("Poland",),
    "PRT": ("Portugal",),
    "KOR": ("Republic of Korea",),
    "PRK": ("Democratic People's Republic of Korea",),
    "ROU": ("Romania",),
    "RUS": ("Russian Federation",),
    "SAU": ("Saudi Arabia",),
    "SRB": ("Serbia",),
    "ZAF": ("South Africa",),
    "ESP": ("Spain",),
    "LKA": ("Sri Lanka",),
    "SDN": ("Sudan",),
    "SWE": ("Sweden",),
    "CHE": ("Switzerland",),
    "SYR": ("Syrian Arab Republic",),
    "TJK": ("Tajikistan",),
    "THA": ("Thailand",),
    "TUN": ("Tunisia",),
    "TUR": ("Türkiye", "Turkey"),
    "TKM": ("Turkmenistan",),
    "UGA": ("Uganda",),
    "UKR": ("Ukraine",),
    "GBR": ("United Kingdom of Great Britain and Northern Ireland", "United Kingdom"),
    "USA": ("United States of America",),
    "UZB": ("Uzbekistan",),
    "VEN": ("Venezuela (Bolivarian Republic of)", "Venezuela"),
    "VNM": ("Viet Nam",),
    "YEM": ("Yemen",),
    "ZWE": ("Zimbabwe",),
}


def normalise(name: str) -> str:
    """A country name compared without case, prefix, extra spaces or a trailing ``*``."""
    name = " ".join(name.replace("\xa0", " ").split())
    if name.startswith("- "):
        name = name[2:]
    return name.rstrip("*").strip().casefold()


def names_of(state: str) -> frozenset[str]:
    """The normalised UHRI names of ``state`` (empty when the table does not list it)."""
    return frozenset(normalise(n) for n in NAMES.get(state, ()))
