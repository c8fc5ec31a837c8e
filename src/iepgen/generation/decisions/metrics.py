"""Read the measurable number out of an assessment: a goal's baseline must be one the record holds.

A baseline is a number in a unit a goal can be measured in: a rate ("52 words correct per
minute"), a count per period ("6 incidents per week"), a share of intervals or trials
("off task in 45% of intervals"), or a part of a whole ("35 of 100 functional community
words"). Norm-referenced scores (standard scores, percentiles) describe the student but
are not what a goal is measured in, so they never become a goal's measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from iepgen.generation.context import AssessmentFacts

_NUMBER: Final = r"(?<![\d.,])(\d+(?:,\d{3})*(?:\.\d+)?)"
_RATE: Final = re.compile(
    _NUMBER + r"\s+((?:[A-Za-z/-]+\s+){0,5}?per\s+(?:\d+-[A-Za-z]+\s+)?[A-Za-z-]+)"
)
_PART_OF_WHOLE: Final = re.compile(
    _NUMBER + r"\s+(?:out\s+)?of\s+(\d+(?:\.\d+)?)(?![\d.,]\d)((?:\s+[A-Za-z0-9/'-]+){0,5})"
)
# "22 correct word sequences in a 3-minute writing probe": a count of something a goal can
# count, with the sample it was counted in.
_COUNT: Final = re.compile(
    _NUMBER + r"\s+((?:[a-z-]+\s+){0,3}?(?:word sequences|words|digits|letters|sounds|"
    r"problems|steps|messages|requests|initiations|sentences)"
    r"(?:\s+in\s+(?:a|an|one)\s+[\w-]+(?:\s+[a-z-]+){0,3})?)",
    re.IGNORECASE,
)
_PERCENT: Final = re.compile(
    r"((?:[A-Za-z/-]+\s+){0,4}?)" + _NUMBER + r"\s*(?:%|percent)((?:\s+[A-Za-z/-]+){0,5})"
)

# Score types that are norm-referenced: a description, not a goal's measure.
_NORMED: Final = ("standard", "scaled", "t_score", "t score", "percentile", "equivalent", "index")
_UNIT_WORDS: Final = (
    "per_",
    "per ",
    "correct",
    "incident",
    "words",
    "digits",
    "accuracy",
    "percent",
    "initiation",
    "count",
    "minutes",
)
_LOWER_IS_BETTER: Final = (
    "incident",
    "refusal",
    "elopement",
    "tantrum",
    "outburst",
    "error",
    "prompt",
    "absence",
    "tard",
    "shutdown",
    "aggress",
    "off task",
    "off-task",
    "missing",
    "referral",
    "disrupt",
    "leav",
)
# Words that end a part-of-whole's noun phrase ("35 of 100 words read correctly").
_STOP_WORDS: Final = frozenset(
    {
        "on",
        "in",
        "at",
        "with",
        "when",
        "during",
        "read",
        "correctly",
        "and",
        "across",
        "for",
        "by",
        "from",
        "the",
        "a",
        "an",
        "to",
        "was",
        "were",
        "is",
    }
)


# Progress-monitoring shorthand, written out so the unit reads the same everywhere.
_ABBREVIATIONS: Final = (
    (re.compile(r"\b(?:wcpm|WCPM|cwpm|CWPM)\b"), "words correct per minute"),
    (re.compile(r"\b(?:dcpm|DCPM|cdpm|CDPM)\b"), "digits correct per minute"),
)


def expand_abbreviations(text: str) -> str:
    for pattern, words in _ABBREVIATIONS:
        text = pattern.sub(words, text)
    return text


@dataclass(frozen=True)
class Metric:
    """A number from one assessment, in a unit a goal can be measured in."""

    value: float
    unit: str
    source_id: str
    lower_is_better: bool = False
    maximum: float | None = None

    def phrase(self, value: float | None = None) -> str:
        """`52 words correct per minute`, `35 of 100 functional community words`, `45% ...`."""
        number = fmt(self.value if value is None else value)
        if self.maximum is not None:
            return f"{number} of {fmt(self.maximum)} {self.unit}".strip()
        if self.unit.startswith("%"):
            return f"{number}{self.unit}"
        return f"{number} {_singular(self.unit) if number == '1' else _plural(self.unit)}"

    @property
    def is_percent(self) -> bool:
        return self.unit.startswith("%")


def fmt(value: float) -> str:
    """78.0 → '78', 7.5 → '7.5'; never exponent notation (its digits would not match)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _plural(unit: str) -> str:
    """'peer interaction per recess' → 'peer interactions per recess' (the counted noun)."""
    head, sep, tail = unit.partition(" per ")
    if head and sep and not any(word.endswith("s") for word in head.split()):
        return f"{head}s{sep}{tail}"
    return unit


_CLAUSE_WORDS: Final = frozenset({"per", "in", "on", "with", "of", "during", "at", "for"})


def _singular(unit: str) -> str:
    """'digits correct per minute' → 'digit correct per minute': one of the counted noun
    (the first plural word before the unit's clause), never '1 digits'."""
    words = unit.split()
    for index, word in enumerate(words):
        if word in _CLAUSE_WORDS:
            break
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            words[index] = word[:-1]
            break
    return " ".join(words)


def lower_is_better(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _LOWER_IS_BETTER)


def _unit_from_score_type(score_type: str) -> str | None:
    lowered = score_type.lower()
    if any(word in lowered for word in _NORMED):
        return None
    if not any(word in lowered for word in _UNIT_WORDS):
        return None
    words = lowered.replace("_", " ").strip()
    return "% accuracy" if words in ("percent accuracy", "percent correct") else words


_TRAILING_CORRECT: Final = re.compile(r"\s+correct(?:ly)?$", re.I)
# A speech sound written between slashes: /r/, /s/, /th/, /sh/.
_SPEECH_SOUND: Final = re.compile(r"/[a-zʃʒθðŋ]{1,3}/", re.I)


def _noun_phrase(words: str) -> str:
    """The leading noun phrase of `words`, up to the first word that starts a clause."""
    kept: list[str] = []
    for word in words.split():
        if word.lower() in _STOP_WORDS:
            break
        kept.append(word.strip(",.;:"))
    return " ".join(kept)


def _part_of_whole(assessment: AssessmentFacts, match: re.Match[str]) -> Metric:
    noun = _noun_phrase(match.group(3))
    if noun:
        unit = noun
    elif "rubric" in assessment.name.lower() or "rubric" in assessment.summary.lower():
        unit = "rubric points"
    else:
        unit = f"items on the {assessment.name}"
    return Metric(
        float(match.group(1).replace(",", "")),
        unit,
        assessment.id,
        lower_is_better(unit),
        maximum=float(match.group(2)),
    )


def _percent(assessment: AssessmentFacts, match: re.Match[str]) -> Metric:
    before, after = match.group(1).lower(), match.group(3).lower().strip()
    value = float(match.group(2).replace(",", ""))
    noun = _noun_phrase(after[3:]) if after.startswith("of ") else ""
    if "interval" in after:
        behavior = "off task" if lower_is_better(before + after) else "on task"
        return Metric(
            value, f"% of observed intervals {behavior}", assessment.id, behavior == "off task"
        )
    noun = _TRAILING_CORRECT.sub("", noun)
    sound = _SPEECH_SOUND.search(before + " " + after)
    if sound is not None:
        # The sound is the measure: "% of words with /r/ said correctly", never a bare
        # "% of words correct" that a later probe of other sounds could also fill.
        return Metric(
            value, f"% of {noun or 'words'} with {sound.group(0)} said correctly", assessment.id
        )
    if "accura" in after or not (noun or "correct" in before + after):
        return Metric(value, "% accuracy", assessment.id)
    if "correct" in before + after:
        return Metric(value, f"% of {noun or 'responses'} correct", assessment.id)
    return Metric(value, f"% of {noun}", assessment.id, lower_is_better(before + noun))


def extract_metric(assessment: AssessmentFacts) -> Metric | None:
    """The measurable number an assessment holds, if it holds one (a share must be 0-100)."""
    metric = _extract(assessment)
    if metric is None or metric.value < 0:
        return None  # no count, rate or share is below zero
    if _is_share(metric.unit) and metric.value > 100:
        return None
    return metric


def _is_share(unit: str) -> bool:
    lowered = unit.lower()
    return lowered.startswith("%") or "percent" in lowered or "accuracy" in lowered


def _extract(assessment: AssessmentFacts) -> Metric | None:
    summary = expand_abbreviations(assessment.summary)
    rate = _RATE.search(summary)
    if rate:
        unit = " ".join(rate.group(2).split())
        return Metric(
            float(rate.group(1).replace(",", "")), unit, assessment.id, lower_is_better(unit)
        )
    if assessment.score is not None and assessment.score_type:
        unit_from_type = _unit_from_score_type(assessment.score_type)
        if unit_from_type:
            return Metric(
                float(assessment.score),
                unit_from_type,
                assessment.id,
                lower_is_better(unit_from_type + " " + summary),
            )
    percent = _PERCENT.search(summary)
    part = _PART_OF_WHOLE.search(summary)
    if part and float(part.group(1).replace(",", "")) <= float(part.group(2)):
        if percent is None or part.start() < percent.start():
            return _part_of_whole(assessment, part)
    if percent and float(percent.group(2).replace(",", "")) <= 100:
        return _percent(assessment, percent)
    count = _COUNT.search(summary)
    if count:
        unit = " ".join(_trim_clause(count.group(2)).split())
        return Metric(
            float(count.group(1).replace(",", "")), unit, assessment.id, lower_is_better(unit)
        )
    return None


def _trim_clause(unit: str) -> str:
    """'words in a 3-minute probe, below grade' → cut at the first comma or clause word."""
    return re.split(r"[,;.]| below | above | at | on ", unit, maxsplit=1)[0]
