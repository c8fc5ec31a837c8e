"""One goal plan per area of need: one measure from baseline to target to objectives.

The measure is the record's own when it holds one (the baseline is then a number an
assessment states, in that assessment's unit); otherwise the catalogue's measure for the
area, with the baseline to be measured by a date after the meeting and the target stated
relative to it — never invented. Targets follow a stated rule: a published growth rate,
a share of what remains, half a behavior's rate.
"""

from __future__ import annotations

import math
import re
from typing import Any, Final

from iepgen.generation.context import (
    AssessmentFacts,
    GenerationContext,
    GoalOutcome,
    PreviousIEPFacts,
)
from iepgen.generation.decisions.access import Access
from iepgen.generation.decisions.catalogue import (
    Learner,
    Measure,
    TargetRule,
    choose_measure,
    measure_for_metric,
)
from iepgen.generation.decisions.factors import reads_braille
from iepgen.generation.decisions.last_year import (
    last_year_goal,
    outcome_sentence,
    progress_baseline,
)
from iepgen.generation.decisions.metrics import Metric, extract_metric, fmt
from iepgen.generation.decisions.model import AreaDecision, GoalPlan, SectionQuestion
from iepgen.generation.decisions.needs import area_label, previous_goals
from iepgen.generation.decisions.readings import stated_expectation
from iepgen.sections.base import AREA_LABELS
from iepgen.sections.dates import IEPDates
from iepgen.sections.goals import Direction
from iepgen.sections.vocabulary import grade_label

# "on grade-5 passages": the level a baseline was measured at, which the goal keeps.
_LEVEL: Final = re.compile(
    r"\b(grade[- ]\d{1,2}|kindergarten|first[- ]grade|second[- ]grade|third[- ]grade)[- ]"
    r"(?:[a-z]+ ){0,2}(?:passages?|probes?|texts?|materials?|word lists?|words)",
    re.IGNORECASE,
)
PERCENT_GAIN: Final = 25.0
PERCENT_CEILING: Final = 95.0
NORMED_SCORE_TYPES: Final = frozenset(
    {"standard_score", "scaled_score", "t_score", "z_score", "index", "composite"}
)
# The smallest gain a count or part-of-a-whole target adds: one step per objective and one
# for the goal.
MIN_GAIN: Final = 3.0


def measure_phrase(value: float, unit: str, maximum: float | None = None) -> str:
    """`52 words correct per minute`, `35 of 100 functional words`, `45% of ...`."""
    return Metric(value, unit, "", maximum=maximum).phrase()


def learner_of(context: GenerationContext) -> Learner:
    student = context.student
    communication = student.communication
    aac = bool(communication and (communication.aac_device or communication.mode == "aac"))
    speaks = not (
        aac
        or (communication is not None and communication.mode == "signed")
        or (
            communication is not None
            and communication.hears_speech is False
            and communication.mode != "spoken"
        )
    )
    return Learner(
        grade=student.grade_level,
        aac=aac,
        alternate=student.alternate_assessment,
        speaks=speaks,
        reads_print=Access.of(context).reads_print,
    )


def _measured_grade(context: GenerationContext, source: AssessmentFacts | None) -> str:
    """The grade whose growth rate applies: the baseline's passage level, else the student's."""
    if source is not None:
        level = _LEVEL.search(source.summary)
        digits = re.search(r"\d+", level.group(1)) if level else None
        if digits:
            return digits.group(0)
    return context.student.grade_level


def _grade_phrase(context: GenerationContext, source: AssessmentFacts | None) -> str:
    """The level the goal is measured at: the baseline's own level when it states one."""
    if source is not None:
        level = _LEVEL.search(source.summary)
        if level:
            return level.group(1).lower().replace(" ", "-")
    if context.student.alternate_assessment:
        return "instructional-level"
    return grade_label(context.student.grade_level).replace(" ", "-")


_SETTING: Final = re.compile(r"\b(during [a-z][a-z ,-]{3,80}?)(?:[.;]|$)", re.IGNORECASE)


def _recorded_setting(source: AssessmentFacts | None) -> str:
    """ "during independent written work" when the baseline's summary names its setting."""
    if source is None:
        return ""
    found = _SETTING.search(source.summary)
    return found.group(1)[0].lower() + found.group(1)[1:] if found else ""


def _language(context: GenerationContext) -> str:
    communication = context.student.communication
    if communication and communication.language:
        return communication.language
    return context.student.primary_language or "English"


def _metric_for(
    context: GenerationContext, decision: AreaDecision
) -> tuple[Metric, AssessmentFacts] | None:
    """The measurable baseline: from the assessments that show the need, else the area's."""
    cited = [a for a in context.assessments if a.id in decision.evidence]
    others = [a for a in context.assessments if a.area == decision.area and a not in cited]
    for assessment in [*cited, *others]:
        metric = extract_metric(assessment)
        if metric is not None:
            return metric, assessment
    return None


def _refines(catalogue_unit: str, record_unit: str) -> bool:
    """Whether the catalogue's unit names the record's unit more fully (same words and more,
    and the same kind of number: a share stays a share)."""
    if catalogue_unit.startswith("%") != record_unit.startswith("%"):
        return False
    record = set(record_unit.lower().replace("%", "").split()) - {"of"}
    catalogue = set(catalogue_unit.lower().replace("%", "").split())
    return bool(record) and record < catalogue


def _rule(
    direction: Direction,
    measure: Measure | None,
    unit: str,
    maximum: float | None,
    growth: float | None,
) -> TargetRule:
    if direction == "decrease":
        return "half"
    if maximum is not None:
        return "gap"
    if unit.startswith("%"):
        return "percent"
    if growth is not None:
        return "growth"
    return measure.rule if measure is not None and measure.rule in ("multiple",) else "multiple"


def _target(rule: TargetRule, baseline: float, maximum: float | None, gain: float) -> float:
    if rule == "half":
        return float(math.floor(baseline / 2))
    if rule == "gap" and maximum is not None:
        # At least MIN_GAIN more, so the two objectives are real steps between baseline
        # and target.
        return min(maximum, baseline + max(MIN_GAIN, math.ceil((maximum - baseline) / 2)))
    if rule == "percent":
        return (
            100.0 if baseline >= PERCENT_CEILING else min(PERCENT_CEILING, baseline + PERCENT_GAIN)
        )
    if rule == "growth":
        return baseline + gain
    return float(max(math.ceil(baseline * 1.5), baseline + MIN_GAIN))


def _rationale(rule: TargetRule, unit: str, growth: float | None, weeks: int, grade: str) -> str:
    if rule == "half":
        return (
            "Half the baseline: the draft's proposal, which the team sets against the behavior "
            "plan's own data."
        )
    if rule == "gap":
        return f"Half of the {unit} not yet mastered at baseline."
    if rule == "percent":
        return (
            f"{fmt(PERCENT_GAIN)} percentage points above the baseline, up to "
            f"{fmt(PERCENT_CEILING)}%."
        )
    if rule == "growth" and growth is not None:
        covered = grade if grade in ("K", "1", "2", "3", "4", "5", "6") else "6"
        scope = (
            f"for {grade_label(covered)}"
            if covered == grade
            else "for grade 6, the highest grade the rates cover"
        )
        return (
            f"A gain of {fmt(growth)} {unit} each week over {weeks} school weeks: the "
            f"ambitious weekly growth that curriculum-based measurement research "
            f"publishes {scope}."
        )
    return "One and a half times the baseline (at least 3 more)."


def _relative_target(rule: TargetRule, unit: str, gain: float) -> str:
    if rule == "half":
        return f"half the baseline {unit}"
    if rule == "gap":
        return f"the baseline {unit} plus half of those not yet mastered"
    if rule == "percent":
        ceiling = fmt(PERCENT_CEILING)
        return (
            f"{fmt(PERCENT_GAIN)} percentage points above the baseline in {unit} (up to {ceiling}%)"
        )
    if rule == "growth":
        return f"the baseline plus {fmt(gain)} {unit}"
    return f"one and a half times the baseline {unit} (at least 3 more)"


def _relative_steps(rule: TargetRule, unit: str, gain: float) -> list[str]:
    """The two objectives of a goal whose baseline is still to be measured, as numbers
    relative to it (a third and two thirds of the way), so each stays measurable."""
    if rule == "percent":
        return [
            f"{fmt(round(PERCENT_GAIN * step / 3))} percentage points above the baseline in {unit}"
            for step in (1, 2)
        ]
    if rule == "growth":
        return [f"the baseline plus {fmt(round(gain * step / 3))} {unit}" for step in (1, 2)]
    if rule == "half":
        return [f"five sixths of the baseline {unit}", f"two thirds of the baseline {unit}"]
    if rule == "gap":
        return [
            f"the baseline {unit} plus a sixth of those not yet mastered",
            f"the baseline {unit} plus a third of those not yet mastered",
        ]
    return [
        f"one and a sixth times the baseline {unit}",
        f"one and a third times the baseline {unit}",
    ]


def _steps(baseline: float, target: float) -> tuple[float, float]:
    span = target - baseline
    if abs(span) >= 3:
        return float(round(baseline + span / 3)), float(round(baseline + 2 * span / 3))
    step = 1.0 if span > 0 else -1.0
    return (baseline + step, target) if abs(span) >= 2 else (baseline, target)


def _criterion(direction: Direction, what: str, consistency: str) -> str:
    lead = "with no more than" if direction == "decrease" else "reaching"
    return f"{lead} {what} {consistency}".strip()


def plan_goal(
    context: GenerationContext,
    decision: AreaDecision,
    dates: IEPDates,
    questions: list[SectionQuestion],
) -> GoalPlan | None:
    """The goal plan for an area of need, or None (and a question) when none can be set."""
    learner = learner_of(context)
    found = _metric_for(context, decision)
    evidence_text = " ".join(
        f"{a.name} {a.score_type or ''} {a.summary}"
        for a in context.assessments
        if a.area == decision.area
    )
    metric, source = found if found else (None, None)
    last_year = last_year_goal(context, decision.area)
    measured = progress_baseline(*last_year) if last_year else None
    if measured is not None and (
        source is None or measured[1].administered_on >= source.administered_on
    ):
        # Last year's progress data are the newest measurement on the goal's own measure.
        metric, source = measured
    # A baseline in the record keeps its own measure: when no catalogue measure shares its
    # unit, the goal is written on the record's instrument rather than on another measure
    # (a goal in "letters named" from a baseline in "words correct per minute" is not
    # measurable against its baseline).
    measure = (
        measure_for_metric(decision.area, metric.unit, metric.maximum, evidence_text, learner)
        if metric is not None
        else choose_measure(decision.area, learner, evidence_text)
    )
    if metric is not None and measure is not None and _refines(measure.unit, metric.unit):
        # "% of opportunities" in the record is the catalogue's "% of opportunities using
        # complete sentences": the same measure, named in full.
        metric = Metric(
            metric.value, measure.unit, metric.source_id, metric.lower_is_better, metric.maximum
        )
    name = context.student.first_name
    if measure is None and metric is None:
        questions.append(
            SectionQuestion(
                section_type="annual_goals",
                topic=f"{AREA_LABELS[decision.area]} goal",
                question=f"What skill and measure should {name}'s {area_label(decision.area)} "
                "goal target? The record names the need but no measurable skill.",
                reason="A goal needs one measure from baseline to target.",
            )
        )
        return None
    unit = metric.unit if metric is not None else (measure.unit if measure else "")
    maximum = metric.maximum if metric is not None else (measure.maximum if measure else None)
    if metric is not None:
        direction: Direction = "decrease" if metric.lower_is_better else "increase"
    else:
        direction = measure.direction if measure else "increase"
    weeks = dates.school_weeks
    measured_grade = _measured_grade(context, source)
    growth = measure.weekly_growth(measured_grade) if measure else None
    braille = reads_braille(context) and decision.area in ("reading", "writing")
    if braille:
        # Print growth norms do not describe braille reading; a stated benchmark does.
        growth = None
    rule = _rule(direction, measure, unit, maximum, growth)
    expected = stated_expectation(source) if (braille and source is not None) else None
    gain = float(round((growth or 0) * weeks))
    consistency = measure.goal_consistency() if measure else "on 3 of 4 checks in a row"
    condition = (
        measure.condition.format(grade=_grade_phrase(context, source), language=_language(context))
        if measure
        else f"during {area_label(decision.area)} activities in class"
    )
    behavior = (
        measure.behavior
        if measure
        else (
            f"complete the {area_label(decision.area)} tasks measured by the {source.name}"
            if source
            else f"complete {area_label(decision.area)} tasks"
        )
    )
    sound = re.search(r"/[^/\s]{1,3}/", unit)
    if measure is not None and measure.key == "speech_sounds" and sound is not None:
        behavior = f"say {sound.group(0)} correctly in words"
    if measure is not None and measure.silent_behavior and not learner.speaks:
        behavior = measure.silent_behavior.format(language=_language(context))
    recorded = _recorded_setting(source)
    if recorded and measure is not None and measure.condition.startswith("during "):
        # The setting the baseline was measured in is the goal's setting: a goal measured
        # somewhere else is not measured against its baseline.
        condition = recorded
    method = (
        measure.method
        if measure
        else f"The {source.name if source else 'same measure'}, repeated every month"
    )
    objective_dates = list(dates.objective_dates(2))
    rationale = _rationale(rule, unit, growth, weeks, measured_grade)
    if braille and condition.startswith("given a") and "reading passage" in condition:
        condition = condition.replace("reading passage", "braille (UEB) reading passage")
    if metric is not None and source is not None:
        baseline = metric.value
        target = _target(rule, baseline, maximum, gain)
        stated = stated_expectation(source)
        if expected is not None and expected > baseline and direction == "increase":
            target = baseline + math.ceil((expected - baseline) / 2)
            rationale = (
                f"Half of the gap between the baseline and the benchmark the assessment "
                f"states ({fmt(expected)}); print growth rates do not describe braille reading."
            )
        elif (
            rule == "multiple"
            and stated is not None
            and direction == "increase"
            and baseline + math.ceil((stated - baseline) / 2) > target
        ):
            # With no published growth rate, the expectation the record states sets the pace.
            target = baseline + math.ceil((stated - baseline) / 2)
            rationale = (
                f"Half of the gap between the baseline and the expectation the assessment "
                f"states ({fmt(stated)})."
            )
        first, second = _steps(baseline, target)
        target_text = measure_phrase(target, unit, maximum)
        plan_values: tuple[float | None, float | None, float | None, float | None] = (
            baseline,
            target,
            first,
            second,
        )
        criteria = [
            _criterion(direction, measure_phrase(v, unit, maximum), "") for v in (first, second)
        ]
        baseline_source, baseline_date, baseline_due = source.id, source.administered_on, None
        source_name: str | None = source.name
        # A standardized test's summary gives a number in the goal's unit, but the goal is
        # checked on its own probe: the first probe confirms it. A probe (CBM) with a
        # percentile is already the goal's instrument.
        kind = (source.score_type or "").lower().replace("-", "_").replace(" ", "_")
        normed = source.score is not None and kind in NORMED_SCORE_TYPES
        confirm_by = dates.baseline_due if normed else None
    else:
        target_text = _relative_target(rule, unit, gain)
        plan_values = (None, None, None, None)
        criteria = [_criterion(direction, step, "") for step in _relative_steps(rule, unit, gain)]
        baseline_source, baseline_date, baseline_due = None, None, dates.baseline_due
        source_name = None
        confirm_by = None
    carried = previous_goals(context, decision.area) if decision.basis == "previous_iep" else []
    evidence = list(dict.fromkeys([*([source.id] if source else []), *decision.evidence]))
    evidence = [e for e in evidence if e != "student.behavior"]
    return GoalPlan(
        area=decision.area,
        measure_key=measure.key if measure else None,
        skill=measure.skill if measure else f"{area_label(decision.area)} skills",
        unit=unit,
        direction=direction,
        baseline_value=plan_values[0],
        target_value=plan_values[1],
        maximum=maximum,
        baseline_source=baseline_source,
        baseline_source_name=source_name,
        baseline_date=baseline_date,
        baseline_due=baseline_due,
        baseline_confirm_by=confirm_by,
        evidence=evidence,
        condition=condition,
        behavior=behavior,
        criterion=_criterion(direction, target_text, consistency),
        target_text=target_text,
        rationale=rationale,
        method=method,
        objective_values=[plan_values[2], plan_values[3]],
        objective_criteria=criteria,
        objective_dates=objective_dates,
        goal_date=dates.end,
        carried_from_iep=carried[0][0].id if carried else None,
        carried_statement=str(carried[0][1].get("statement", "")) if carried else None,
        progress_note=_progress_note(carried, last_year),
        last_year=outcome_sentence(*last_year) if last_year else "",
        last_year_has_data=bool(last_year and last_year[1].points),
    )


def _progress_note(
    carried: list[tuple[PreviousIEPFacts, dict[str, Any]]],
    last_year: tuple[PreviousIEPFacts, GoalOutcome] | None,
) -> str:
    """Last year's data when there are any, else the note the earlier goal carried."""
    if last_year is not None and last_year[1].points:
        return outcome_sentence(*last_year)
    return str(carried[0][1].get("progress_note") or "") if carried else ""


REPLACEMENT_UNIT: Final = "% of opportunities the replacement behavior is used"
# Mastery of a newly taught replacement behavior, and the objectives on the way to it.
REPLACEMENT_MASTERY: Final = 80.0
REPLACEMENT_STEPS: Final = (40.0, 60.0)


def plan_replacement_goal(
    context: GenerationContext, decision: AreaDecision, dates: IEPDates
) -> GoalPlan | None:
    """A second behavior goal on the replacement behavior the behavior plan teaches.

    A goal on off-task time alone does not measure the behavior the plan targets or the
    one it teaches; when the record names both, this goal counts how often the replacement
    is used where the target behavior would occur. The record holds no count of it, so the
    baseline is measured first (never invented).
    """
    record = context.student.behavior
    if record is None or not (record.replacement_behavior and record.target_behavior):
        return None
    when = record.antecedents.rstrip(".") if record.antecedents else ""
    condition = f"when {when}" if when else "when the target behavior would otherwise occur"
    replacement = record.replacement_behavior.rstrip(".")
    target = record.target_behavior.rstrip(".")
    evidence = [e for e in decision.evidence if e != "student.behavior"]
    mastery = fmt(REPLACEMENT_MASTERY)
    return GoalPlan(
        area="behavior",
        measure_key="replacement_behavior",
        skill=f"using the replacement behavior ({replacement})",
        unit=REPLACEMENT_UNIT,
        direction="increase",
        baseline_value=None,
        target_value=REPLACEMENT_MASTERY,
        baseline_due=dates.baseline_due,
        evidence=evidence,
        condition=condition,
        behavior=f"{replacement} instead of the target behavior ({target})",
        criterion=f"using it in {mastery}% of opportunities for 4 weeks in a row",
        target_text=f"{mastery}{REPLACEMENT_UNIT}",
        # A behavior the plan newly teaches starts near zero: a gain over that baseline
        # would set a trivial target, so the goal is the usual mastery level for a taught
        # behavior, which the team checks against the measured baseline.
        rationale=f"{mastery}% of opportunities, the usual mastery level for a newly taught "
        "behavior; the team checks it against the baseline once it is measured.",
        method="Behavior data sheet: class staff record each opportunity and whether the "
        "replacement behavior was used, summarized every week",
        objective_values=list(REPLACEMENT_STEPS),
        objective_criteria=[
            _criterion("increase", f"{fmt(step)}{REPLACEMENT_UNIT}", "")
            for step in REPLACEMENT_STEPS
        ],
        objective_dates=list(dates.objective_dates(2)),
        goal_date=dates.end,
    )
