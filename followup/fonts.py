"""Which fonts draw each language's script, and a clear error when they are missing.

Charts (matplotlib) and the PDF scorecard need fonts that hold every letter of the
scorecard's language; a missing one shows empty boxes ("tofu") instead of words. This
module maps a language to its script and the script to font families, in priority order:

- Latin and Cyrillic (en, fr, es, ru, kk with ә ғ қ ң ө ұ ү һ і, and any language not
  listed): Noto Sans (Debian ``fonts-noto-core``), then DejaVu Sans, which matplotlib
  ships, so charts always have a font for these;
- Arabic (ar): Noto Sans Arabic or Noto Naskh Arabic (``fonts-noto-core``), then Noto Sans
  for Latin letters;
- Han, simplified (zh): Noto Sans CJK SC or Noto Sans SC (``fonts-noto-cjk``), then
  Noto Sans.

:func:`families` names the families; :func:`require` also checks that one of the
script's own families is installed and raises :class:`FontMissing` (saying which package
to install) when none is; :func:`font_files` gives their files. Fonts are never
downloaded at run time: they come from the system's packages.

>>> families("kk")
('Noto Sans', 'DejaVu Sans')
>>> families("zh")[0]
'Noto Sans CJK SC'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from attrs import frozen

from followup.errors import FollowupError

__all__ = [
    "SCRIPTS",
    "FontMissing",
    "Script",
    "clear_cache",
    "families",
    "font_files",
    "require",
    "script_of",
]


@frozen
class Script:
    """A writing system and the fonts that draw it.

    ``families`` are used in this order (a glyph missing from one is taken from the
    next); at least one of ``own`` must be installed for the script to show.
    ``debian`` is the package that brings ``own``; ``homebrew`` the casks that do on
    macOS.
    """

    name: str
    families: tuple[str, ...]
    own: tuple[str, ...]
    debian: str
    homebrew: tuple[str, ...]


#: The scripts followup knows, by key.
SCRIPTS: dict[str, Script] = {
    "latin-cyrillic": Script(
        name="Latin and Cyrillic",
        families=("Noto Sans", "DejaVu Sans"),
        own=("Noto Sans", "DejaVu Sans"),
        debian="fonts-noto-core",
        homebrew=("font-noto-sans",),
    ),
    "arabic": Script(
        name="Arabic",
        families=("Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans", "DejaVu Sans"),
        own=("Noto Sans Arabic", "Noto Naskh Arabic"),
        debian="fonts-noto-core",
        homebrew=("font-noto-sans-arabic", "font-noto-sans"),
    ),
    "han-simplified": Script(
        name="Han (simplified Chinese)",
        families=("Noto Sans CJK SC", "Noto Sans SC", "Noto Sans", "DejaVu Sans"),
        own=("Noto Sans CJK SC", "Noto Sans SC"),
        debian="fonts-noto-cjk",
        homebrew=("font-noto-sans-cjk-sc", "font-noto-sans"),
    ),
}

#: The script of each language (by its primary subtag); others are Latin and Cyrillic.
LANGUAGE_SCRIPTS: dict[str, str] = {
    "en": "latin-cyrillic",
    "fr": "latin-cyrillic",
    "es": "latin-cyrillic",
    "ru": "latin-cyrillic",
    "kk": "latin-cyrillic",
    "ar": "arabic",
    "zh": "han-simplified",
}
_DEFAULT_SCRIPT = "latin-cyrillic"


class FontMissing(FollowupError):  # noqa: N818 - the name the renderers import
    """No installed font draws the script of ``language``.

    The message names the language, the script, the families looked for and how to
    install them (the Debian package; Homebrew; Windows).
    """

    def __init__(self, language: str, script: Script) -> None:
        self.language = language
        self.script = script
        looked = ", ".join(script.own)
        casks = " ".join(script.homebrew)
        super().__init__(
            f"no font for the {script.name} script of {_language_name(language)} "
            f"({language!r}): none of the font families {looked} is installed, so its "
            "text would show as empty boxes. Install them:\n"
            f"  Debian or Ubuntu: apt-get install {script.debian}\n"
            f"  macOS with Homebrew: brew install --cask {casks}\n"
            f"  Windows: install the {script.own[0]} font files (right-click, "
            "'Install for all users')\n"
            "followup never downloads fonts; run it again once they are installed."
        )


def _language_name(language: str) -> str:
    """The language's name in English (``Arabic``), or its tag when Babel does not know it."""
    try:
        from babel import Locale

        name = Locale.parse(language.replace("-", "_")).get_display_name("en")
    except (ValueError, LookupError, ImportError):
        return language
    return name or language


def script_of(language: str) -> Script:
    """The script ``language`` is written in (by its primary subtag: ``zh-Hans`` is
    ``zh``); Latin and Cyrillic for a language not in :data:`LANGUAGE_SCRIPTS`."""
    primary = language.replace("_", "-").split("-", 1)[0].lower()
    return SCRIPTS[LANGUAGE_SCRIPTS.get(primary, _DEFAULT_SCRIPT)]


def families(language: str) -> tuple[str, ...]:
    """The font families for ``language``, in priority order, installed or not."""
    return script_of(language).families


def require(language: str) -> tuple[str, ...]:
    """The installed families of :func:`families` for ``language``, in the same order.

    Raises :class:`FontMissing` when none of the script's own families is installed
    (checked through matplotlib's font list once per script and process; a miss first
    looks again at the system's font folders, for fonts installed after matplotlib
    made its cache).
    """
    script = script_of(language)
    found = _resolve(script)
    if found is None:
        raise FontMissing(language, script)
    return found


def font_files(language: str) -> tuple[Path, ...]:
    """The files of the families :func:`require` gives for ``language`` (every weight
    and style matplotlib knows of them), sorted, without repeats."""
    _need_matplotlib()
    from matplotlib import font_manager

    wanted = {name.casefold() for name in require(language)}
    files = {
        Path(entry.fname)
        for entry in font_manager.fontManager.ttflist
        if entry.name.casefold() in wanted
    }
    return tuple(sorted(files))


def clear_cache() -> None:
    """Forget which fonts were found (to look again after installing some)."""
    _resolve.cache_clear()


@cache
def _resolve(script: Script) -> tuple[str, ...] | None:
    """The installed families of ``script`` in order, or None when none of its own is."""
    names = _installed_names()
    if not any(family.casefold() in names for family in script.own):
        names = _installed_names(rescan=True)
        if not any(family.casefold() in names for family in script.own):
            return None
    return tuple(family for family in script.families if family.casefold() in names)


def _installed_names(*, rescan: bool = False) -> frozenset[str]:
    """The (casefolded) family names in matplotlib's font list; with ``rescan``, font
    files in the system's folders that the list does not hold yet are added first."""
    _need_matplotlib()
    from matplotlib import font_manager

    manager = font_manager.fontManager
    if rescan:
        known = {entry.fname for entry in manager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known and Path(path).suffix.lower() in {".ttf", ".otf", ".ttc"}:
                try:
                    manager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue  # a file FreeType cannot read is no font for us
    return frozenset(entry.name.casefold() for entry in manager.ttflist)


def _need_matplotlib() -> None:
    """Fonts are found through matplotlib's font list: without matplotlib (a core
    install), a clear error names the extra that brings it."""
    from followup.charts._missing import need_charts

    need_charts("the charts and the HTML and PDF scorecards")
