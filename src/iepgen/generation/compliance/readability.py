"""Flesch-Kincaid grade level of plain text.

Written here rather than taken from `textstat`: the formula is three lines, the rule only
warns above grade 10 so a vowel-group syllable count (within about half a grade of a
dictionary count on ordinary prose) is precise enough, and it keeps the checker
deterministic and free of a dictionary dependency.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+")
_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Vowel groups, less a silent final 'e'; a number counts as one (it is read at a glance)."""
    word = word.lower()
    if not word.isalpha():
        return 1
    count = len(_VOWEL_GROUP.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if (
        word.endswith("es")
        and count > 1
        and not word.endswith(("ses", "zes", "ches", "shes", "ges", "ces"))
    ):
        count -= 1
    return max(count, 1)


def flesch_kincaid_grade(text: str) -> float:
    """0.39 * words per sentence + 11.8 * syllables per word - 15.59 (0.0 for empty text)."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]), 1)
    syllable_count = sum(syllables(word) for word in words)
    grade = 0.39 * (len(words) / sentences) + 11.8 * (syllable_count / len(words)) - 15.59
    return round(grade, 1)
