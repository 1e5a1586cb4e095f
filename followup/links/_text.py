"""Text as the lexical method sees it: normalised, cut into words, stemmed per language,
and cut into character n-grams.

Words are stemmed with the Snowball stemmer of the text's language (``torture``,
``tortured`` and ``torturing`` become one stem), after a short list of function words
and boilerplate is dropped (English, French, Spanish, Russian). Character n-grams are
taken from the text transliterated to ASCII (anyascii), so that cognates across
languages (``torture``, ``tortura``; ``Zhanaozen``, ``Жанаозен``) still share some.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

import snowballstemmer
from anyascii import anyascii

__all__ = ["GRAM", "Analysed", "analyse", "language_base", "stemmer_name"]

#: Length of the character n-grams.
GRAM = 4

#: ISO 639-1 codes and the Snowball stemmer each one uses.
_STEMMERS = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}

# Function words, and the boilerplate every recommendation uses ("the State party should
# take measures to ensure"), in the languages the registries use most. BM25's idf
# discounts common words anyway; these lists keep the most frequent out of the index.
_STOP = {
    "en": """a an and any are as at be by for from has have in into is it its of on or
        that the their them these this those to was were which with within all also
        should shall ensure state party take measures""",
    "fr": """au aux avec ce ces dans de des du elle en et il ils la le les leur leurs
        ou par pour qu que qui sa se ses son sur un une être est sont afin veiller
        état partie prendre mesures""",
    "es": """a al con de del el en es esta este estos la las lo los o para por que se
        su sus un una y sea son garantizar estado parte adoptar medidas""",
    "ru": """и в во на с со по к ко о об от до для из за что чтобы как его ее их
        а или не ни также это этой этих тот та те который которые которая быть
        является государство участник принять меры обеспечить""",
}

_WORD = re.compile(r"\w+")


def language_base(language: str) -> str:
    """The base language of a tag (``pt-br`` -> ``pt``)."""
    return language.split("-", 1)[0]


def stemmer_name(language: str) -> str | None:
    """The Snowball stemmer for a language tag, or None when there is none."""
    return _STEMMERS.get(language_base(language))


#: Stems already computed, per stemmer (Snowball in pure Python is slow, and texts of
#: one registry share most of their words); emptied when it grows past ``_MEMO_SIZE``.
_MEMO: dict[str, dict[str, str]] = {}
_MEMO_SIZE = 200_000


def _stems(name: str, words: list[str]) -> list[str]:
    memo = _MEMO.setdefault(name, {})
    missing = [w for w in dict.fromkeys(words) if w not in memo]
    if missing:
        if len(memo) + len(missing) > _MEMO_SIZE:
            memo.clear()
        stemmer = snowballstemmer.stemmer(name)
        memo.update(zip(missing, stemmer.stemWords(missing), strict=True))
    return [memo[w] for w in words]


@lru_cache(maxsize=16)
def _stop_words(language: str) -> frozenset[str]:
    words = _STOP.get(language_base(language), "").split()
    return frozenset(unicodedata.normalize("NFKC", w).casefold() for w in words)


class Analysed:
    """A text cut for matching: stems and character n-grams (cut on first use), each with
    its count."""

    __slots__ = ("_grams", "text", "words")

    def __init__(self, text: str, words: Counter[str]) -> None:
        self.text = text
        self.words = words
        self._grams: Counter[str] | None = None

    @property
    def grams(self) -> Counter[str]:
        """The character n-grams of the text, transliterated to ASCII."""
        if self._grams is None:
            self._grams = _grams(self.text)
        return self._grams


def _words(text: str, language: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    stop = _stop_words(language)
    words = [w for w in _WORD.findall(folded) if w not in stop and (len(w) > 1 or w.isdigit())]
    name = stemmer_name(language)
    if name is None:
        return words
    return _stems(name, words)


def _grams(text: str) -> Counter[str]:
    """The n-grams of each word with a space before and after it (a word shorter than
    the n-gram is one n-gram)."""
    grams: Counter[str] = Counter()
    for word in _WORD.findall(anyascii(unicodedata.normalize("NFKC", text)).lower()):
        padded = f" {word} "
        grams.update(padded[i : i + GRAM] for i in range(max(1, len(padded) - GRAM + 1)))
    return grams


def analyse(text: str, language: str) -> Analysed:
    """``text`` (written in ``language``) as stems and character n-grams."""
    return Analysed(text, Counter(_words(text, language)))
