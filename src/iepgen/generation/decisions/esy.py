"""Extended school year (34 CFR §300.106): decided on the student's data, never by category.

Significant regression with slow recoupment, or a skill at a critical point that a break
would set back, makes ESY needed; data showing neither makes it not needed; no data
leaves it to the team, with a date by which to decide.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions.model import ESYDecision, GoalPlan, SectionQuestion
from iepgen.sections.base import AREA_LABELS
from iepgen.sections.vocabulary import join_words

# ESY is usually decided in spring, with winter-break data in hand.
DECISION_MONTH_DAY: Final = (4, 15)
MIN_NOTICE: Final = timedelta(days=30)


def decide_by(context: GenerationContext) -> date:
    """The next April 15 inside the IEP (at least a month after the meeting), else a month on."""
    dates = context.dates
    spring = date(dates.start.year, *DECISION_MONTH_DAY)
    if spring < dates.start + MIN_NOTICE:
        spring = date(dates.start.year + 1, *DECISION_MONTH_DAY)
    if dates.contains(spring):
        return spring
    return min(dates.start + MIN_NOTICE, dates.end)


def decide_esy(
    context: GenerationContext, goals: list[GoalPlan], questions: list[SectionQuestion]
) -> ESYDecision:
    name = context.student.first_name
    data = context.student.extended_school_year
    areas = list(dict.fromkeys(g.area for g in goals))
    evidence = ["student.extended_school_year"] if data else []
    summary = f" {data.summary.rstrip('.')}." if data and data.summary else ""
    if data is not None and data.regression_recoupment == "significant":
        return ESYDecision(
            needed=True,
            reason=f"Break data show that {name} loses skills over breaks and takes a long "
            f"time to regain them.{summary}",
            evidence=evidence,
            areas=areas,
        )
    if data is not None and data.emerging_skills:
        return ESYDecision(
            needed=True,
            reason=f"{name} is at a critical point in learning a skill that a long break would "
            f"set back: {data.emerging_skills.rstrip('.')}.{summary}",
            evidence=evidence,
            areas=areas,
        )
    if data is not None and data.regression_recoupment == "not_significant":
        return ESYDecision(
            needed=False,
            # The record's silence on emerging skills is not data that none exist: said as
            # what the record holds, for the team to confirm.
            reason=f"Break data show that {name} regains skills soon after breaks.{summary} "
            "The record names no skill at a critical point; the team confirms both at the "
            "meeting.",
            evidence=evidence,
        )
    when = decide_by(context)
    questions.append(
        SectionQuestion(
            section_type="esy",
            topic="Extended school year",
            question=f"Does {name} need extended school year services? "
            + (
                "Collect progress data before and after the winter break on "
                + join_words([AREA_LABELS[a].lower() for a in areas])
                + " and decide from it."
                if areas
                else "Decide once the goals are set, from progress data before and after a break."
            ),
            reason="The record holds no regression, recoupment or emerging-skill data.",
            decide_by=when,
        )
    )
    return ESYDecision(
        needed=None,
        reason="The record holds no data yet on regression and recoupment over breaks, or on "
        "skills at a critical point; the team decides from that data.",
        decide_by=when,
    )
