"""The languages a family may ask for, by the names records use ("Spanish", "español", "es").

A record's `document_language` (else `primary_language`) is free text: this reads it as a
language the build knows, or keeps it as an unknown language by its own name, so a
document can still say honestly that it could not be produced in it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47 primary tag ("es"); "und" for a language the build does not know
    english_name: str
    native_name: str
    right_to_left: bool = False

    @property
    def is_english(self) -> bool:
        return self.code == "en"


ENGLISH: Final = Language("en", "English", "English")
SPANISH: Final = Language("es", "Spanish", "español")

# The languages most often spoken by US English learners' families (the Department of
# Education's EL fact sheets list Spanish, Arabic, Chinese, Vietnamese, Portuguese, Somali,
# Russian, Haitian Creole, Hmong, Ukrainian and others), with the names records use.
KNOWN: Final[tuple[Language, ...]] = (
    ENGLISH,
    SPANISH,
    Language("ar", "Arabic", "العربية", right_to_left=True),
    Language("zh", "Chinese", "中文"),
    Language("vi", "Vietnamese", "Tiếng Việt"),
    Language("pt", "Portuguese", "português"),
    Language("so", "Somali", "Soomaali"),
    Language("ru", "Russian", "русский"),
    Language("ht", "Haitian Creole", "Kreyòl ayisyen"),
    Language("hmn", "Hmong", "Hmoob"),
    Language("uk", "Ukrainian", "українська"),
    Language("tl", "Tagalog", "Tagalog"),
    Language("ko", "Korean", "한국어"),
    Language("fr", "French", "français"),
    Language("ja", "Japanese", "日本語"),
    Language("ps", "Pashto", "پښتو", right_to_left=True),
    Language("prs", "Dari", "دری", right_to_left=True),
    Language("fa", "Persian", "فارسی", right_to_left=True),
    Language("ur", "Urdu", "اردو", right_to_left=True),
    Language("he", "Hebrew", "עברית", right_to_left=True),
    Language("ne", "Nepali", "नेपाली"),
    Language("bn", "Bengali", "বাংলা"),
    Language("pa", "Punjabi", "ਪੰਜਾਬੀ"),
    Language("hi", "Hindi", "हिन्दी"),
    Language("am", "Amharic", "አማርኛ"),
    Language("ti", "Tigrinya", "ትግርኛ"),
    Language("sw", "Swahili", "Kiswahili"),
    Language("my", "Burmese", "မြန်မာ"),
    Language("kar", "Karen", "Karen"),
    Language("pl", "Polish", "polski"),
)

# Other names records use for the same languages.
_ALIASES: Final[dict[str, str]] = {
    "espanol": "es",
    "castellano": "es",
    "spanish (latin america)": "es",
    "mandarin": "zh",
    "cantonese": "zh",
    "chinese (mandarin)": "zh",
    "chinese (cantonese)": "zh",
    "farsi": "fa",
    "haitian": "ht",
    "kreyol": "ht",
    "creole": "ht",
    "filipino": "tl",
    "portugues": "pt",
    "brazilian portuguese": "pt",
}


def _fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.strip().casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


_BY_NAME: Final[dict[str, Language]] = {}
for _language in KNOWN:
    for _name in (_language.code, _language.english_name, _language.native_name):
        _BY_NAME[_fold(_name)] = _language
for _alias, _code in _ALIASES.items():
    _BY_NAME[_alias] = next(language for language in KNOWN if language.code == _code)


def resolve(name: str | None) -> Language:
    """The language a record names; English when it names none."""
    if name is None or not name.strip():
        return ENGLISH
    folded = _fold(name)
    known = _BY_NAME.get(folded) or _BY_NAME.get(folded.split("-")[0].split("_")[0])
    if known is not None:
        return known
    cleaned = " ".join(name.split())[:64]
    return Language("und", cleaned, cleaned)


def family_language(document_language: str | None, primary_language: str | None) -> Language:
    """The language family documents are written in: the record's document language, else
    the student's primary language, else English."""
    return resolve(document_language or primary_language)
