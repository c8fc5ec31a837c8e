"""What one assessment result says about need: the default reading of decisions.md.

An explicit finding on the assessment (need / not a need / unclear) always wins. Without
one, a norm-referenced score is read against its scale's average range, a benchmark tool
by its benchmark, a medical report as an access need (never a skill to build), and a
direct measure against the expectation its summary states. What none of these can read
is "unclear", and becomes a question for the team rather than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

from iepgen.generation.context import AssessmentFacts
from iepgen.generation.decisions.metrics import Metric, extract_metric, fmt
from iepgen.sections.base import friendly_date

# `access`: a medical finding (an audiogram); `context`: a transition interest inventory.
Status = Literal["need", "not_a_need", "unclear", "access", "context"]
Severity = Literal["below_average", "well_below"]

# Norm-referenced bands (mean 100, SD 15): >= 85 average, 70-84 below, < 70 well below.
AVERAGE_STANDARD_SCORE: Final = 85.0
WELL_BELOW_STANDARD_SCORE: Final = 70.0
AVERAGE_PERCENTILE: Final = 16.0
WELL_BELOW_PERCENTILE: Final = 2.0
# Scaled scores (mean 10, SD 3): >= 7 average, 4-6 below, < 4 well below.
AVERAGE_SCALED: Final = 7.0
WELL_BELOW_SCALED: Final = 4.0
# Behavior rating T-scores: >= 70 clinically significant, 60-69 at risk; on adaptive
# scales (e.g. BASC "Adaptability") low is the concern: <= 30 significant, 31-40 at risk.
CLINICAL_T: Final = 70.0
AT_RISK_T: Final = 60.0
ADAPTIVE_SIGNIFICANT_T: Final = 30.0
ADAPTIVE_AT_RISK_T: Final = 40.0

_ADAPTIVE_SCALE: Final = re.compile(
    r"adapt|social skills|leadership|functional communication|daily living|study skills",
    re.IGNORECASE,
)
_MEDICAL: Final = re.compile(
    r"audiogram|audiolog|hearing (?:test|screen|evaluation)|decibel|\bdB\b|ophthalm|"
    r"optometr|visual acuity|eye report|vision report|medical report|physician",
    re.IGNORECASE,
)
_NOT_NEED_TEXT: Final = re.compile(
    r"(?<!not )\b(?:at|above|at or above) (?:the )?benchmark|\bno (?:\w+ )?concerns?\b|"
    r"not an area of need|within normal limits|within the average range|"
    r"(?<!not )\b(?:at|on) grade level|age[- ]appropriate|meets (?:grade-level )?expectations",
    re.IGNORECASE,
)
_NEED_TEXT: Final = re.compile(
    r"\bbelow (?:the )?benchmark|well below|below grade[- ]level|below age[- ]level|"
    r"below expectations|significantly below|intensive (?:support|intervention)",
    re.IGNORECASE,
)
# "(grade-8 norm 150)", "benchmark 90", "expected 100": what a direct measure is read against.
_EXPECTATION: Final = re.compile(
    r"(?:norm|benchmark|expected|expectation|goal for (?:the )?grade|grade[- ]level target)"
    r"\s*(?:is|of|:)?\s*(\d+(?:\.\d+)?)",
    re.IGNORECASE,
)
_BEHAVIOR_RECORD: Final = re.compile(
    r"functional behaviou?r(?:al)? assessment|\bFBA\b|incident|referral|suspension|"
    r"elopement|aggress|office discipline",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reading:
    """One assessment's reading: need or not, why, and how far below expectation."""

    assessment: AssessmentFacts
    status: Status
    basis: str
    reason: str
    severity: Severity | None = None
    metric: Metric | None = None


def _band(value: float, average: float, well_below: float) -> Severity | None:
    if value >= average:
        return None
    return "well_below" if value < well_below else "below_average"


def _score_type(assessment: AssessmentFacts) -> str:
    return (assessment.score_type or "").lower().replace("-", "_").replace(" ", "_")


def _norm_reading(a: AssessmentFacts) -> Reading | None:
    kind = _score_type(a)
    label = f"{a.name} ({friendly_date(a.administered_on)})"
    if a.score is not None and kind in {"standard_score", "ss", "standard"}:
        severity = _band(a.score, AVERAGE_STANDARD_SCORE, WELL_BELOW_STANDARD_SCORE)
        if severity is None:
            return Reading(
                a,
                "not_a_need",
                "norm_score",
                f"A standard score of {fmt(a.score)} on the {label} is within the "
                "average range (85 or above).",
            )
        band = (
            "well below average (under 70)" if severity == "well_below" else "below average (70-84)"
        )
        return Reading(
            a,
            "need",
            "norm_score",
            f"A standard score of {fmt(a.score)} on the {label} is {band}.",
            severity,
        )
    if a.score is not None and kind in {"scaled_score", "scaled"}:
        severity = _band(a.score, AVERAGE_SCALED, WELL_BELOW_SCALED)
        if severity is None:
            return Reading(
                a,
                "not_a_need",
                "norm_score",
                f"A scaled score of {fmt(a.score)} on the {label} is within the "
                "average range (7 or above).",
            )
        return Reading(
            a,
            "need",
            "norm_score",
            f"A scaled score of {fmt(a.score)} on the {label} is below the average range.",
            severity,
        )
    if a.score is not None and kind in {"t_score", "t"}:
        return _t_score_reading(a, label)
    if a.percentile is not None:
        severity = _band(a.percentile, AVERAGE_PERCENTILE, WELL_BELOW_PERCENTILE)
        if severity is None:
            return Reading(
                a,
                "not_a_need",
                "norm_score",
                f"The {label} places the result at percentile {fmt(a.percentile)}, "
                "within the average range (16th percentile or above).",
            )
        return Reading(
            a,
            "need",
            "norm_score",
            f"The {label} places the result at percentile {fmt(a.percentile)}, "
            "below the average range.",
            severity,
        )
    return None


def _t_score_reading(a: AssessmentFacts, label: str) -> Reading:
    assert a.score is not None
    score = fmt(a.score)
    adaptive = bool(_ADAPTIVE_SCALE.search(a.name) or _ADAPTIVE_SCALE.search(a.summary))
    if adaptive:
        if a.score <= ADAPTIVE_SIGNIFICANT_T:
            return Reading(
                a,
                "need",
                "norm_score",
                f"A T-score of {score} on the {label} is in the clinically "
                "significant range for an adaptive scale (30 or below).",
                "well_below",
            )
        if a.score <= ADAPTIVE_AT_RISK_T:
            return Reading(
                a,
                "unclear",
                "norm_score",
                f"A T-score of {score} on the {label} is in the at-risk range "
                "(31-40) for an adaptive scale.",
            )
        return Reading(
            a,
            "not_a_need",
            "norm_score",
            f"A T-score of {score} on the {label} is in the typical range.",
        )
    if a.score >= CLINICAL_T:
        return Reading(
            a,
            "need",
            "norm_score",
            f"A T-score of {score} on the {label} is in the clinically significant "
            "range (70 or above).",
            "well_below",
        )
    if a.score >= AT_RISK_T:
        return Reading(
            a,
            "unclear",
            "norm_score",
            f"A T-score of {score} on the {label} is in the at-risk range (60-69).",
        )
    return Reading(
        a,
        "not_a_need",
        "norm_score",
        f"A T-score of {score} on the {label} is in the typical range.",
    )


def _expectation_reading(a: AssessmentFacts, metric: Metric) -> Reading | None:
    match = _EXPECTATION.search(a.summary)
    if match is None:
        return None
    expected = float(match.group(1))
    below = metric.value > expected if metric.lower_is_better else metric.value < expected
    phrase = metric.phrase()
    if below:
        return Reading(
            a,
            "need",
            "direct_measure",
            f"{a.name}: {phrase}, against an expected {fmt(expected)}.",
            "below_average",
            metric,
        )
    return Reading(
        a,
        "not_a_need",
        "direct_measure",
        f"{a.name}: {phrase}, meeting the expected {fmt(expected)}.",
        metric=metric,
    )


def stated_expectation(a: AssessmentFacts) -> float | None:
    """The expectation an assessment's summary states ('benchmark 90'), if any."""
    match = _EXPECTATION.search(a.summary)
    return float(match.group(1)) if match else None


def read_assessment(a: AssessmentFacts) -> Reading:
    """The reading of one assessment, most explicit source first."""
    metric = extract_metric(a)
    if a.finding in ("need", "not_a_need", "unclear"):
        words = {
            "need": "an area of need",
            "not_a_need": "not an area of need",
            "unclear": "not yet clear",
        }[a.finding]
        finding: Status = a.finding  # type: ignore[assignment]
        return Reading(
            a,
            finding,
            "team_finding",
            f"The team recorded the {a.name} ({friendly_date(a.administered_on)}) as {words}.",
            metric=metric,
        )
    if a.area == "health" or _MEDICAL.search(a.name):
        if _MEDICAL.search(f"{a.name} {a.summary}"):
            return Reading(
                a,
                "access",
                "medical",
                f"The {a.name} is a medical finding: it shapes access and "
                "accommodations, not a skill to teach.",
                metric=metric,
            )
    if a.area == "vocational" and a.score is None and a.percentile is None:
        return Reading(
            a,
            "context",
            "transition_assessment",
            f"The {a.name} describes interests and preferences for transition planning.",
            metric=metric,
        )
    normed = _norm_reading(a)
    if normed is not None:
        return Reading(
            normed.assessment, normed.status, normed.basis, normed.reason, normed.severity, metric
        )
    if _NOT_NEED_TEXT.search(a.summary):
        return Reading(
            a,
            "not_a_need",
            "statement",
            f"The {a.name} summary states a result at or above expectation.",
            metric=metric,
        )
    if _NEED_TEXT.search(a.summary):
        return Reading(
            a,
            "need",
            "statement",
            f"The {a.name} summary states a result below expectation.",
            "below_average",
            metric,
        )
    if metric is not None:
        expected = _expectation_reading(a, metric)
        if expected is not None:
            return expected
        if a.area == "behavior" and (metric.lower_is_better or _BEHAVIOR_RECORD.search(a.name)):
            return Reading(
                a,
                "need",
                "behavior_record",
                f"The {a.name} records the behavior: {metric.phrase()}.",
                metric=metric,
            )
    if a.area == "behavior" and _BEHAVIOR_RECORD.search(f"{a.name} {a.summary}"):
        return Reading(
            a,
            "need",
            "behavior_record",
            f"The {a.name} documents behavior that gets in the way of learning.",
            metric=metric,
        )
    return Reading(
        a,
        "unclear",
        "no_comparison",
        f"The {a.name} gives no comparison with what is expected at this age or "
        "grade, and no finding was recorded.",
        metric=metric,
    )
