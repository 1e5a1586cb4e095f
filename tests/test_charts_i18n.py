"""Charts in every script: no missing glyph, right-to-left mirroring, compact layouts.

Every chart kind is drawn from the Kazakhstan registry with theme and level labels in
Arabic, Chinese, Kazakh and Russian (the registry has English ones; the translations
below are this test's own), in full size and compact. matplotlib warns "Glyph N ...
missing from font(s)" when a character has no font: any such warning fails the test.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text as TextArtist

import followup
from followup import charts, fonts
from followup.charts import _direction
from followup.model.scales import Scale
from followup.scoring import change, change_dates, deadlines, period_ends, score, series

from .conftest import KAZAKHSTAN
from .test_fonts import need_fonts

DAY = dt.date(2025, 9, 30)
KINDS = ("status", "trend", "heatmap", "transitions", "timeline")
LANGUAGES = ("ar", "zh", "kk", "ru")

THEMES: dict[str, dict[str, str]] = {
    "ar": {
        "accountability": "المساءلة عن أحداث جاناوزن (كانون الأول/ديسمبر 2011) "
        "وكانون الثاني/يناير 2022",
        "torture": "التعذيب وسوء المعاملة",
        "expression": "حرية التعبير ووسائل الإعلام",
        "assembly": "حرية التجمع السلمي",
        "association-participation": "حرية تكوين الجمعيات والمشاركة في الحياة العامة",
        "defenders": "ملاحقة الناشطين والصحفيين والمدافعين عن حقوق الإنسان",
        "death-penalty": "عقوبة الإعدام",
        "counter-extremism": "تشريعات مكافحة الإرهاب و«التطرف»",
        "sogi": "التوجه الجنسي والهوية الجنسانية؛ عدم التمييز",
    },
    "zh": {
        "accountability": "扎瑙津事件（2011年12月）和2022年1月事件的问责",
        "torture": "酷刑和虐待",
        "expression": "言论和媒体自由",
        "assembly": "和平集会自由",
        "association-participation": "结社自由和参与公共生活",
        "defenders": "对活动人士、记者和人权维护者的迫害",
        "death-penalty": "死刑",
        "counter-extremism": "反恐和“极端主义”立法",
        "sogi": "性取向和性别认同；不歧视",
    },
    "kk": {
        "accountability": "Жаңаөзен (2011 жылғы желтоқсан) және 2022 жылғы қаңтар "
        "оқиғалары үшін жауапкершілік",
        "torture": "Азаптау және қатыгездік",
        "expression": "Сөз және бұқаралық ақпарат құралдарының бостандығы",
        "assembly": "Бейбіт жиналыс бостандығы",
        "association-participation": "Бірлестіктер құру бостандығы және қоғамдық өмірге қатысу",
        "defenders": "Белсенділерді, журналистерді және құқық қорғаушыларды қудалау",
        "death-penalty": "Өлім жазасы",
        "counter-extremism": "Терроризмге және «экстремизмге» қарсы заңнама",
        "sogi": "Жыныстық бағдар және гендерлік сәйкестік; кемсітпеу",
    },
}
LEVELS: dict[str, dict[str, str]] = {
    "ar": {
        "regressed": "تراجع",
        "not-implemented": "لم تنفذ",
        "partially-implemented": "نفذت جزئيا",
        "implemented": "نفذت",
        "no-information": "لا توجد معلومات",
    },
    "zh": {
        "regressed": "倒退",
        "not-implemented": "未执行",
        "partially-implemented": "部分执行",
        "implemented": "已执行",
        "no-information": "无信息",
    },
    "kk": {
        "regressed": "Нашарлады",
        "not-implemented": "Орындалмады",
        "partially-implemented": "Ішінара орындалды",
        "implemented": "Орындалды",
        "no-information": "Ақпарат жоқ",
    },
}
TITLES: dict[str, dict[str, str]] = {
    "ar": {
        "status": "حالة التنفيذ حسب الموضوع",
        "trend": "درجة الامتثال عبر الزمن حسب الاستعراض",
        "heatmap": "درجة الامتثال حسب الموضوع والاستعراض",
        "transitions": "ما الذي تغير بين التاريخين",
        "timeline": "إجراءات المتابعة: الفقرات والمواعيد والردود والدرجات",
    },
    "zh": {
        "status": "按主题划分的执行情况",
        "trend": "按审议划分的合规得分变化",
        "heatmap": "按主题和审议划分的合规得分",
        "transitions": "两个日期之间的变化",
        "timeline": "后续程序：段落、截止日期、答复和评分",
    },
    "kk": {
        "status": "Тақырыптар бойынша орындалу күйі",
        "trend": "Шолулар бойынша сәйкестік көрсеткішінің өзгеруі",
        "heatmap": "Тақырыптар мен шолулар бойынша сәйкестік көрсеткіші",
        "transitions": "Екі күн арасындағы өзгерістер",
        "timeline": "Кейінгі рәсім: параграфтар, мерзімдер, жауаптар және бағалар",
    },
    "ru": {
        "status": "Выполнение по темам",
        "trend": "Индекс выполнения во времени по обзорам",
        "heatmap": "Индекс выполнения по темам и обзорам",
        "transitions": "Что изменилось между двумя датами",
        "timeline": "Последующая процедура: пункты, сроки, ответы и оценки",
    },
}


@functools.cache
def _registry() -> followup.Registry:
    return followup.load(KAZAKHSTAN)


def _scale(registry: followup.Registry, language: str) -> Scale:
    """The implementation scale with level labels in ``language`` too."""
    scale = registry.scales["implementation"]
    names = LEVELS.get(language, {})
    levels = tuple(
        attrs.evolve(
            level,
            label=followup.Text.of({**dict(level.label.items), language: names.get(level.id, "")})
            if level.id in names
            else level.label,
        )
        for level in scale.levels
    )
    return attrs.evolve(scale, levels=levels)


def draw(kind: str, language: str, *, compact: bool = False) -> Figure:
    """Chart ``kind`` of the Kazakhstan registry as of 30 September 2025 in ``language``."""
    registry = _registry()
    own = THEMES.get(language, {})
    themes = {t.id: own.get(t.id) or t.label.pick(language) for t in registry.info.themes}
    reviews = {
        rid: f"{review.author or review.mechanism.value} {review.date.year}"
        for rid, review in registry.reviews.items()
    }
    scale = _scale(registry, language)
    title = TITLES.get(language, {}).get(kind)
    changes = change_dates(registry)
    dates = sorted({*period_ends(dt.date(2025, 3, 1), DAY, "month"), *changes})
    if kind == "status":
        return charts.status_distribution(
            score(registry, "theme", as_of=DAY),
            scale,
            labels=themes,
            language=language,
            title=title,
            compact=compact,
        )
    if kind == "trend":
        return charts.score_over_time(
            series(registry, "review", dates=dates),
            labels=reviews,
            marks=[
                (r.date, reviews[r.id]) for r in registry.reviews.values() if r.date >= dates[0]
            ],
            include_overall=True,
            language=language,
            title=title,
            compact=compact,
        )
    if kind == "heatmap":
        return charts.score_heatmap(
            score(registry, ("theme", "review"), as_of=DAY),
            row_labels=themes,
            column_labels=reviews,
            language=language,
            title=title,
            compact=compact,
        )
    if kind == "transitions":
        return charts.transitions(
            change(registry, dates[0], DAY), scale, language=language, title=title, compact=compact
        )
    assert kind == "timeline"
    return charts.follow_up_timeline(
        deadlines(registry, DAY),
        as_of=DAY,
        grade_scale=registry.scales["hrc-follow-up"],
        labels=reviews,
        language=language,
        title=title,
        compact=compact,
    )


def _glyph_warnings(make: Callable[[], Figure], tmp_path: Path) -> list[str]:
    """The "missing from font" warnings drawing ``make()`` as SVG and PNG gives."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = make()
        charts.save(figure, tmp_path / "chart.svg")
        charts.save(figure, tmp_path / "chart.png", dpi=72)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


@pytest.mark.parametrize("compact", [False, True], ids=["full", "compact"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_glyph_missing(language: str, kind: str, compact: bool, tmp_path: Path) -> None:
    need_fonts(language)
    missing = _glyph_warnings(lambda: draw(kind, language, compact=compact), tmp_path)
    assert not missing, missing


def test_missing_glyphs_are_caught(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The check above can fail: Chinese in a font list without a CJK font warns."""
    monkeypatch.setattr("followup.charts._style.require", lambda language: ("DejaVu Sans",))
    missing = _glyph_warnings(lambda: draw("status", "zh"), tmp_path)
    assert missing and "DejaVu Sans" in missing[0]


def test_every_text_of_a_chart_uses_the_language_fonts() -> None:
    need_fonts("zh")
    figure = draw("heatmap", "zh")
    families = fonts.require("zh")
    for text in figure.findobj(TextArtist):
        content = text.get_text()
        if not content:
            continue
        used = tuple(text.get_fontfamily())
        if content.isascii() and used != families:
            # counts, scores and grade letters: Latin fonts, whose boxes fit their line
            assert used == fonts.require("en"), content
        else:
            assert used == families, content
    assert any(not t.get_text().isascii() for t in figure.findobj(TextArtist))


# -- right to left -----------------------------------------------------------------------------


def _axes(figure: Figure) -> Axes:
    return figure.axes[0]


def _texts(figure: Figure) -> list[str]:
    figure.draw_without_rendering()
    return [t.get_text() for t in figure.findobj(TextArtist) if t.get_text() and t.get_visible()]


@pytest.mark.parametrize("compact", [False, True], ids=["full", "compact"])
@pytest.mark.parametrize("kind", KINDS)
def test_arabic_text_reads_right_to_left(kind: str, compact: bool) -> None:
    need_fonts("ar")
    lines = [
        line for text in _texts(draw(kind, "ar", compact=compact)) for line in text.split("\n")
    ]
    arabic = [line for line in lines if re.search("[\u0600-\u06ff]", line)]
    assert arabic
    for line in arabic:
        assert line.startswith(_direction.RLM), repr(line)
    assert not any(_direction.RLM in t for t in _texts(draw(kind, "en", compact=compact)))


@pytest.mark.parametrize("compact", [False, True], ids=["full", "compact"])
def test_arabic_status_grows_from_the_right(compact: bool) -> None:
    need_fonts("ar")
    ax = _axes(draw("status", "ar", compact=compact))
    assert ax.get_xlim() == (1.0, 0.0)
    english = _axes(draw("status", "en", compact=compact))
    assert english.get_xlim() == (0.0, 1.0)
    if not compact:
        assert ax.yaxis.get_ticks_position() == "right"
        assert english.yaxis.get_ticks_position() == "left"


def test_an_english_label_in_an_arabic_chart_keeps_latin_line_spacing() -> None:
    """A theme the registry names only in English, in an Arabic status chart: its label
    is set in the Latin fonts (the Arabic font's tall lines made wrapped labels overlap
    the next row); a label in Arabic keeps the Arabic fonts."""
    need_fonts("ar")
    registry = _registry()
    labels = {t.id: t.label.pick("en") for t in registry.info.themes}
    first = registry.info.themes[0].id
    labels[first] = "المساءلة"
    fig = charts.status_distribution(
        score(registry, "theme", as_of=DAY), _scale(registry, "ar"), labels=labels, language="ar"
    )
    ticks = {t.get_text(): t.get_fontfamily() for t in _axes(fig).get_yticklabels()}
    latin = list(fonts.require("en"))
    english = [text for text in ticks if text.isascii() and text]
    assert english and all(ticks[text] == latin for text in english)
    arabic = [text for text in ticks if "المساءلة" in text]
    assert arabic and all(ticks[text] != latin for text in arabic)


def test_arabic_transitions_mirrored_and_time_not() -> None:
    need_fonts("ar")
    matrix = _axes(draw("transitions", "ar"))
    low, high = matrix.get_xlim()
    assert low > high  # the first level's column stands on the right
    assert matrix.yaxis.get_ticks_position() == "right"
    for kind in ("trend", "timeline"):
        low, high = _axes(draw(kind, "ar")).get_xlim()
        assert low < high  # time runs left to right
    timeline = _axes(draw("timeline", "ar"))
    assert timeline.yaxis.get_ticks_position() == "right"


def _keys_right_of_text(figure: Figure) -> list[bool]:
    """For each legend entry with text: whether its key stands right of its text."""
    figure.draw_without_rendering()
    renderer = figure._get_renderer()  # type: ignore[attr-defined]
    sides = []
    for legend in figure.legends:
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            if handle is None or not text.get_text():
                continue
            key, words = handle.get_window_extent(renderer), text.get_window_extent(renderer)
            assert key.x1 <= words.x0 + 1 or key.x0 >= words.x1 - 1
            sides.append(key.x0 >= words.x1 - 1)
    return sides


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "heatmap"])  # a colour bar
def test_arabic_legend_keys_stand_right_of_their_text(kind: str) -> None:
    need_fonts("ar")
    arabic = _keys_right_of_text(draw(kind, "ar"))
    assert arabic and all(arabic)
    english = _keys_right_of_text(draw(kind, "en"))
    assert english and not any(english)


def test_mark() -> None:
    rlm = _direction.RLM
    assert _direction.mark("CCPR 2016") == "CCPR 2016"  # no right-to-left letter
    assert _direction.mark("CCPR 2016، الفقرة 12") == rlm + "CCPR 2016، الفقرة 12"
    assert _direction.mark("حرية\nCCPR\n\nالتعبير") == f"{rlm}حرية\nCCPR\n\n{rlm}التعبير"
    assert _direction.mark(rlm + "حرية") == rlm + "حرية"  # once


def test_legend_order_reverses_columns() -> None:
    handles = [Patch(label=name) for name in "abcde"]
    names = list("abcde")
    assert _direction.legend_order(handles, names, 3, right_to_left=False) == (handles, names)
    shown, labels = _direction.legend_order(handles, names, 3, right_to_left=True)
    # matplotlib fills columns from the left: [e, _], [c, d], [a, b]; a stands top right
    assert labels == ["e", "", "c", "d", "a", "b"]
    assert [h.get_label() for h in shown[2:]] == ["c", "d", "a", "b"]
    assert shown[0] is handles[4]
