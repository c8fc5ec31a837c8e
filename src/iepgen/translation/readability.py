"""How hard a Spanish text is to read: the Fernández-Huerta formula.

Why this one: it is Flesch's Reading Ease refitted to Spanish (Fernández Huerta, "Medidas
sencillas de lecturabilidad", Consigna 214, 1959), the same family as the Flesch-Kincaid
grade the English summary is held to, and its published scale ties scores to school
grades: 60-70 is "normal", 7th-8th grade. So "Spanish at or above 60" asks of the Spanish
summary what "grade 8 or below" asks of the English one. INFLESZ (Barrio-Cantalejo et al.,
2008) grades the Szigriszt-Pazos index instead and is used mostly for health leaflets;
it would give the same verdict on our short, plain sentences.

The formula is widely printed with a mistake (sentences per 100 words where words per
sentence belongs, which makes shorter sentences score *harder*); this is the corrected
form (G. Law, LINGUIST List 22.2332, 2011):

    L = 206.84 - 0.60 * (syllables per 100 words) - 1.02 * (words per sentence)
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from .localize import UNTRANSLATED

PLAIN_SPANISH: Final = 60.0  # "normal", 7th-8th grade, on Fernández Huerta's scale

_WORD = re.compile(r"[a-záéíóúüñ]+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\n]+")
_STRONG: Final = set("aeoáéíóú")  # an accented i or u breaks a diphthong (hiatus)
_VOWELS: Final = set("aeiouáéíóúü")


def spanish_syllables(word: str) -> int:
    """Syllables of a Spanish word: vowel groups, split at strong-strong pairs (hiatus).

    Spanish spelling is regular enough that this matches dictionary syllabification for
    nearly every word: "le-er" (two strong vowels), "pa-ís" (accented weak vowel),
    "cie-lo" and "a-gua" (diphthongs), "que" and "gui" (silent u counted with its vowel).
    """
    letters = word.lower()
    count = 0
    previous = ""
    for index, letter in enumerate(letters):
        if letter not in _VOWELS:
            previous = ""
            continue
        if (
            letter == "u"
            and index > 0
            and letters[index - 1] in "qg"
            and index + 1 < len(letters)
            and letters[index + 1] in "eéií"
        ):
            continue  # "que", "gui": the u is silent
        if not previous or (previous in _STRONG and letter in _STRONG):
            count += 1
        previous = letter
    return max(count, 1)


def fernandez_huerta(text: str) -> float:
    """The Fernández-Huerta readability of `text`: higher is easier (0-100 for prose).

    English the document could not translate (marked «...» (en inglés, sin traducir)) is
    left out: it is not Spanish and is not what the translation asks a family to read.
    """
    spanish = UNTRANSLATED.sub(" ", unicodedata.normalize("NFC", text))
    words = _WORD.findall(spanish)
    if not words:
        return 100.0
    sentences = max(1, len([s for s in _SENTENCE_END.split(spanish) if _WORD.search(s)]))
    syllables = sum(spanish_syllables(word) for word in words)
    per_100_words = 100 * syllables / len(words)
    words_per_sentence = len(words) / sentences
    return 206.84 - 0.60 * per_100_words - 1.02 * words_per_sentence
