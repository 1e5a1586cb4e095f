"""Fonts per script: the families chosen, the error naming the package, the real fonts.

Tests that need the fonts installed skip when they are missing, saying which Debian
package to install, unless FOLLOWUP_REQUIRE_TOOLS=1 (as in CI), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from followup import fonts
from followup.errors import FollowupError


def need_fonts(language: str) -> tuple[str, ...]:
    """The families for ``language``; skips the test when its script has no font
    installed (fails instead under FOLLOWUP_REQUIRE_TOOLS=1), naming the package."""
    try:
        return fonts.require(language)
    except fonts.FontMissing as error:
        hint = f"{error} (needed to run this test)"
        if os.environ.get("FOLLOWUP_REQUIRE_TOOLS") == "1":
            pytest.fail(hint)
        pytest.skip(hint)


@pytest.fixture
def fresh() -> Iterator[None]:
    """Forget what was found before and after the test (it may fake the font list)."""
    fonts.clear_cache()
    yield
    fonts.clear_cache()


def _fake_fonts(monkeypatch: pytest.MonkeyPatch, *names: str) -> list[bool]:
    """Make the font list hold only ``names``; returns the rescans asked for."""
    rescans: list[bool] = []

    def installed(*, rescan: bool = False) -> frozenset[str]:
        rescans.append(rescan)
        return frozenset(name.casefold() for name in names)

    monkeypatch.setattr(fonts, "_installed_names", installed)
    return rescans


# -- the table --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "fr", "es", "ru", "kk", "kk-Cyrl", "xx", "de"])
def test_latin_and_cyrillic_languages(language: str) -> None:
    assert fonts.families(language) == ("Noto Sans", "DejaVu Sans")
    assert fonts.script_of(language).debian == "fonts-noto-core"


def test_arabic_and_chinese() -> None:
    arabic = fonts.families("ar")
    assert arabic[:2] == ("Noto Sans Arabic", "Noto Naskh Arabic")
    assert "Noto Sans" in arabic  # Latin letters and digits inside Arabic labels
    for tag in ("zh", "zh-Hans", "zh_CN", "ZH"):
        assert fonts.families(tag)[0] == "Noto Sans CJK SC"
    assert fonts.script_of("zh").debian == "fonts-noto-cjk"
    assert fonts.script_of("ar").debian == "fonts-noto-core"


# -- missing fonts -----------------------------------------------------------------------------


def test_missing_chinese_font_names_the_package(
    monkeypatch: pytest.MonkeyPatch, fresh: None
) -> None:
    rescans = _fake_fonts(monkeypatch, "Noto Sans", "DejaVu Sans")
    with pytest.raises(fonts.FontMissing) as caught:
        fonts.require("zh")
    text = str(caught.value)
    assert "apt-get install fonts-noto-cjk" in text
    assert "Noto Sans CJK SC" in text and "'zh'" in text and "Chinese" in text
    assert "Han" in text and "brew install --cask font-noto-sans-cjk-sc" in text
    assert "Windows" in text and "never downloads" in text
    assert isinstance(caught.value, FollowupError)
    assert caught.value.language == "zh"
    assert rescans == [False, True]  # looked again at the system's folders first
    # Latin and Cyrillic still draw
    assert fonts.require("kk") == ("Noto Sans", "DejaVu Sans")


def test_missing_arabic_font_names_the_package(
    monkeypatch: pytest.MonkeyPatch, fresh: None
) -> None:
    _fake_fonts(monkeypatch, "DejaVu Sans")
    with pytest.raises(fonts.FontMissing, match="apt-get install fonts-noto-core") as caught:
        fonts.require("ar")
    assert "Arabic" in str(caught.value) and "Noto Sans Arabic" in str(caught.value)
    # without Noto Sans, Latin and Cyrillic fall back to matplotlib's DejaVu Sans
    assert fonts.require("ru") == ("DejaVu Sans",)


def test_no_latin_font_at_all(monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    _fake_fonts(monkeypatch)
    with pytest.raises(fonts.FontMissing, match="fonts-noto-core") as caught:
        fonts.require("kk")
    assert "Latin and Cyrillic" in str(caught.value) and "Kazakh" in str(caught.value)


def test_only_installed_families_are_given(monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    _fake_fonts(monkeypatch, "Noto Naskh Arabic", "DejaVu Sans")
    assert fonts.require("ar") == ("Noto Naskh Arabic", "DejaVu Sans")


def test_answers_are_cached(monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    rescans = _fake_fonts(monkeypatch, "Noto Sans", "Noto Sans CJK SC")
    fonts.require("zh")
    fonts.require("zh-Hans")
    assert rescans == [False]


def test_fonts_installed_after_matplotlib_made_its_list_are_found(
    monkeypatch: pytest.MonkeyPatch, fresh: None
) -> None:
    """A font list made before fonts-noto-core was installed lacks Noto Sans Arabic:
    the rescan adds the files from the system's folders."""
    need_fonts("ar")
    manager = font_manager.fontManager
    stale = [entry for entry in manager.ttflist if "arabic" not in entry.name.casefold()]
    monkeypatch.setattr(manager, "ttflist", stale)
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]
    fonts.clear_cache()
    try:
        assert fonts._installed_names().isdisjoint({"noto sans arabic", "noto naskh arabic"})
        assert "Noto Sans Arabic" in fonts.require("ar")
        assert any("arabic" in entry.name.casefold() for entry in manager.ttflist)
    finally:
        monkeypatch.undo()
        manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


def test_need_fonts_skips_or_fails(monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    _fake_fonts(monkeypatch, "DejaVu Sans")
    monkeypatch.delenv("FOLLOWUP_REQUIRE_TOOLS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="fonts-noto-cjk"):
        need_fonts("zh")
    monkeypatch.setenv("FOLLOWUP_REQUIRE_TOOLS", "1")
    with pytest.raises(pytest.fail.Exception, match="fonts-noto-cjk"):
        need_fonts("zh")


# -- the fonts of this machine -----------------------------------------------------------------

# every letter a script's labels need: Kazakh's own Cyrillic letters, Arabic with its
# digits and punctuation, common Chinese characters and full-width punctuation
SAMPLES = {
    "kk": "ӘәҒғҚқҢңӨөҰұҮүҺһІі Қазақстан",
    "ru": "Выполнение ЁёЙй «»—№",
    "ar": "حرية التعبير ٠١٢٣٤٥٦٧٨٩ ، ؛ ؟ ٪",
    "zh": "按主题划分的执行情况，言论自由（媒体）。所有建议：已评估",
}


def _has_glyph(path: str, char: str) -> bool:
    font = FT2Font(path)
    faces = [font] + [FT2Font(path, face_index=i) for i in range(1, font.num_faces)]
    return any(face.get_char_index(ord(char)) for face in faces)


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_every_letter_has_a_font(language: str) -> None:
    families = need_fonts(language)
    files = [
        font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        for family in families
    ]
    for char in SAMPLES[language].replace(" ", ""):
        assert any(_has_glyph(path, char) for path in files), (language, char, files)


@pytest.mark.parametrize("language", ["ar", "zh", "ru", "kk"])
def test_own_family_installed_here(language: str) -> None:
    families = need_fonts(language)
    assert families[0] == fonts.families(language)[0]
    files = fonts.font_files(language)
    assert files and all(path.is_file() for path in files)
    assert any(path.suffix.lower() in (".ttf", ".otf", ".ttc") for path in files)
