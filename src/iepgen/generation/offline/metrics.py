"""Read the measurable number out of an assessment, and set a goal target from it.

A baseline must be a number the record holds. The drafter looks for one it can set a
target on: a rate or count in the summary ("52 words correct per minute"), a score whose
type is such a unit (`incidents_per_week`), or a part of a whole ("2 of 6"). Norm-
referenced scores (standard scores, percentiles) describe the student but are not what a
goal is measured in, so they are quoted in the baseline and the goal uses its own measure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Final

from iepgen.generation.context import AssessmentFacts

_RATE: Final = re.compile(
    r"(?<![\d.,])(\d+(?:,\d{3})*(?:\.\d+)?)\s+"
    r"((?:[A-Za-z-]+\s+){0,5}?per\s+(?:\d+-[A-Za-z]+\s+)?[A-Za-z-]+)",
)
_PART_OF_WHOLE: Final = re.compile(
    r"(?<![\d.,])(\d+(?:\.\d+)?)\s+(?:out\s+)?of\s+(\d+(?:\.\d+)?)(?![\d.,]\d)"
)
_PERCENT: Final = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)\s*(?:%|percent)\s+([a-z]+)?")

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
)


@dataclass(frozen=True)
class Metric:
    """A number from one assessment, in a unit a goal can be measured in."""

    value: float
    unit: str
    source_id: str
    lower_is_better: bool = False
    maximum: float | None = None

    def phrase(self, value: float | None = None) -> str:
        """`52 words correct per minute`, or `4 of 6` for a part of a whole."""
        number = fmt(self.value if value is None else value)
        if self.maximum is not None:
            return f"{number} of {fmt(self.maximum)} {self.unit}".strip()
        if self.unit.startswith("%"):
            return f"{number}{self.unit}"
        return f"{number} {_plural(self.unit) if number != '1' else self.unit}"

    def target(self) -> float:
        """A year's reachable growth: halve a problem behaviour, close half a gap, +40%."""
        if self.lower_is_better:
            return float(math.floor(self.value / 2))
        if self.maximum is not None:
            return min(
                self.maximum, self.value + max(1.0, math.ceil((self.maximum - self.value) / 2))
            )
        if self.unit.startswith("%") or "percent" in self.unit or "accuracy" in self.unit:
            return min(100.0, max(self.value + 20, 80.0)) if self.value < 95 else 100.0
        return float(max(math.ceil(self.value * 1.4), self.value + 2))

    def steps(self) -> tuple[float, float]:
        """Values about one and two thirds of the way to the target (short-term objectives)."""
        start, end = self.value, self.target()
        span = end - start
        if abs(span) >= 3:
            return float(round(start + span / 3)), float(round(start + 2 * span / 3))
        # Too small a gap to split in three: one step, then the target itself.
        step = 1.0 if span > 0 else -1.0
        return (start + step, end) if abs(span) >= 2 else (start, end)


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


def _lower_is_better(unit: str) -> bool:
    unit = unit.lower()
    return any(word in unit for word in _LOWER_IS_BETTER)


def _unit_from_score_type(score_type: str) -> str | None:
    lowered = score_type.lower()
    if any(word in lowered for word in _NORMED):
        return None
    if not any(word in lowered for word in _UNIT_WORDS):
        return None
    return lowered.replace("_", " ").strip()


def extract_metric(assessment: AssessmentFacts) -> Metric | None:
    """The measurable number an assessment holds, if it holds one."""
    summary = assessment.summary
    rate = _RATE.search(summary)
    if rate:
        unit = " ".join(rate.group(2).split())
        value = float(rate.group(1).replace(",", ""))
        return Metric(value, unit, assessment.id, _lower_is_better(unit))
    if assessment.score is not None and assessment.score_type:
        unit_from_type = _unit_from_score_type(assessment.score_type)
        if unit_from_type:
            return Metric(
                float(assessment.score),
                unit_from_type,
                assessment.id,
                _lower_is_better(unit_from_type),
            )
    part = _PART_OF_WHOLE.search(summary)
    if part and float(part.group(1)) <= float(part.group(2)):
        return Metric(
            float(part.group(1)),
            f"on the {assessment.name}",
            assessment.id,
            maximum=float(part.group(2)),
        )
    percent = _PERCENT.search(summary)
    if percent:
        word = percent.group(2) or ""
        unit = f"% {word}".rstrip() if word in {"accuracy", "correct"} else "% accuracy"
        return Metric(float(percent.group(1)), unit, assessment.id)
    return None
