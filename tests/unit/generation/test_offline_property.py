"""Property: for ANY valid record, the offline draft breaks no rule the drafter controls.

What the drafter controls — one measure per goal, supports that serve decided needs and
fit access, dates inside the IEP, no placeholder, no unrecorded fact, no category
reasoning, no invented number — never fails. The only errors a draft may carry are gaps
in the record itself (no data for any goal, no aspirations, an unknown behavior function),
and then only with a question for the team that names the gap.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from iepgen.generation.compliance import check_iep
from iepgen.generation.context import AssessmentFacts, GenerationContext, PreviousIEPFacts
from iepgen.generation.decisions import Decisions, decide
from iepgen.generation.offline import draft_iep
from iepgen.sections.vocabulary import GRADE_LEVELS
from iepgen.students.record_parts import (
    Behavior,
    Communication,
    EnglishLearning,
    ExtendedSchoolYearData,
    PostsecondaryAspirations,
    Vision,
)
from tests.unit.generation.builders import context, student

CATEGORIES = [
    "autism",
    "deaf_blindness",
    "deafness",
    "developmental_delay",
    "emotional_disturbance",
    "hearing_impairment",
    "intellectual_disability",
    "multiple_disabilities",
    "orthopedic_impairment",
    "other_health_impairment",
    "specific_learning_disability",
    "speech_language_impairment",
    "traumatic_brain_injury",
    "visual_impairment",
]
AREAS = [
    "reading",
    "writing",
    "math",
    "communication",
    "behavior",
    "social_emotional",
    "motor",
    "adaptive",
    "vocational",
    "health",
    "other",
]
SCORE_TYPES = [
    None,
    "standard_score",
    "percentile",
    "words_correct_per_minute",
    "incidents_per_week",
    "rubric_score",
    "percent_accuracy",
    "raw_score",
    "t_score",
]
names = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'-", min_size=1, max_size=40
)
words = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFG0123456789.,;:%-/()'", min_size=1, max_size=300
).filter(lambda s: s.strip())
summary_templates = st.sampled_from(
    [
        "{n} words correct per minute on grade-{m} passages.",
        "Averaged {n} incidents per week.",
        "Scored {n} of {m} on the rubric.",
        "Answered {n}% of items correctly; {m} items attempted.",
        "Read 1,{m:03d} words per minute in {n} trials.",
        "Completed {n} out of {m} steps; {text}",
        "{text}",
    ]
)


@st.composite
def summaries(draw: st.DrawFn) -> str:
    template = draw(summary_templates)
    n = draw(st.integers(0, 500) | st.floats(0, 500, allow_nan=False).map(lambda x: round(x, 2)))
    m = draw(st.integers(0, 999))
    return (
        template.format(n=n, m=m, text=draw(words))
        if "{m:03d}" not in template or isinstance(m, int)
        else draw(words)
    )


@st.composite
def assessments(draw: st.DrawFn, index: int) -> AssessmentFacts:
    return AssessmentFacts(
        id=f"a-{index}",
        name=draw(words | st.sampled_from(NAMES))[:200],
        area=draw(st.sampled_from(AREAS)),
        administered_on=draw(st.dates(date(2015, 1, 1), date(2026, 8, 1))),
        score=draw(st.none() | st.floats(-5, 1000, allow_nan=False, allow_infinity=False)),
        score_type=draw(st.sampled_from(SCORE_TYPES)),
        percentile=draw(st.none() | st.floats(0, 100, allow_nan=False)),
        summary=draw(summaries()),
        evaluator=None,
        finding=draw(st.sampled_from([None, None, "need", "not_a_need", "unclear"])),
    )


NAMES = [
    "Functional behavior assessment",
    "Audiological evaluation",
    "Vision report",
    "Assistive technology evaluation",
    "Transition interest inventory",
    "GFTA-3",
    "Sight word probe",
]
texts = st.none() | words
communications = st.builds(
    Communication,
    language=st.sampled_from([None, "American Sign Language", "English", "Spanish"]),
    mode=st.sampled_from([None, "spoken", "signed", "aac", "combined"]),
    uses_interpreter=st.booleans(),
    hears_speech=st.sampled_from([None, True, False]),
    hearing_technology=st.sampled_from([None, "hearing aids", "a cochlear implant"]),
    aac_device=st.sampled_from([None, "a speech-generating device"]),
)


@st.composite
def visions(draw: st.DrawFn) -> Vision:
    functional = draw(st.sampled_from([None, "low_vision", "functionally_blind", "totally_blind"]))
    media = draw(
        st.lists(st.sampled_from(["print", "large_print", "braille", "auditory"]), unique=True)
    )
    codes = (
        draw(st.lists(st.sampled_from(["ueb", "nemeth"]), unique=True))
        if "braille" in media
        else []
    )
    not_appropriate = "braille" not in media and draw(st.booleans())
    return Vision(
        functional_vision=functional,
        learning_media=media,
        braille_codes=codes,
        braille_not_appropriate=not_appropriate,
        learning_media_assessment_on=draw(st.none() | st.just(date(2026, 1, 5))),
    )


behaviors = st.builds(
    Behavior,
    target_behavior=st.sampled_from([None, "leaves the classroom"]),
    hypothesized_function=st.sampled_from([None, "escape", "attention", "tangible", "sensory"]),
    replacement_behavior=st.sampled_from([None, "ask for a break"]),
    behavior_plan_on=st.none() | st.just(date(2026, 1, 10)),
    removals_this_year_days=st.none() | st.integers(0, 15),
)
aspirations = st.builds(
    PostsecondaryAspirations,
    education_training=st.sampled_from([None, "attend a trade school", "culinary arts"]),
    employment=st.sampled_from([None, "work as a mechanic", "retail"]),
    independent_living=st.sampled_from([None, "live with a roommate"]),
)


@st.composite
def previous_ieps(draw: st.DrawFn) -> PreviousIEPFacts:
    goals = [
        {"area": draw(st.sampled_from(AREAS)), "statement": draw(words)}
        for _ in range(draw(st.integers(0, 3)))
    ]
    return PreviousIEPFacts(
        id="iep-prev",
        academic_year="2024-2025",
        status=draw(st.sampled_from(["draft", "final"])),
        sections={"annual_goals": {"goals": goals}},
    )


@st.composite
def generation_contexts(draw: st.DrawFn) -> GenerationContext:
    age_days = draw(st.integers(3 * 365, 22 * 365))
    facts = student(
        id="s-prop",
        first_name=draw(names),
        last_name=draw(names),
        date_of_birth=date(2025, 8, 15) - timedelta(days=age_days),
        grade_level=draw(st.sampled_from(GRADE_LEVELS)),
        school=draw(st.none() | words),
        disability_category=draw(st.sampled_from(CATEGORIES)),
        secondary_disabilities=tuple(
            draw(st.lists(st.sampled_from(CATEGORIES), max_size=3, unique=True))
        ),
        primary_language=draw(st.none() | st.sampled_from(["English", "Spanish", "Somali"])),
        english_learner=draw(st.booleans()),
        alternate_assessment=draw(st.booleans()),
        strengths=draw(st.none() | words),
        interests=draw(st.none() | words),
        parent_concerns=draw(st.none() | words),
        notes=draw(st.none() | words),
        communication=draw(st.none() | communications),
        vision=draw(st.none() | visions()),
        behavior=draw(st.none() | behaviors),
        english_learning=draw(
            st.none() | st.builds(EnglishLearning, proficiency_level=st.sampled_from([None, "2.1"]))
        ),
        postsecondary_aspirations=draw(st.none() | aspirations),
        extended_school_year=draw(
            st.none()
            | st.builds(
                ExtendedSchoolYearData,
                regression_recoupment=st.sampled_from([None, "significant", "not_significant"]),
            )
        ),
        health_plan=draw(st.none() | st.just("Seizure plan on file.")),
        percent_in_general_education=draw(st.none() | st.integers(0, 100)),
        invited_to_meeting_on=draw(st.none() | st.just(date(2025, 7, 1))),
    )
    count = draw(st.integers(0, 6))
    records = tuple(draw(assessments(i)) for i in range(count))
    previous = (draw(previous_ieps()),) if draw(st.booleans()) else ()
    majority = draw(st.sampled_from([18, 18, 19, 21]))
    return context(facts, assessments=records, previous_ieps=previous, age_of_majority=majority)


def _asked(decisions: Decisions, section_type: str) -> bool:
    return any(q.section_type == section_type for q in decisions.questions)


def gap_explains(rule: str, section_type: str, decisions: Decisions) -> bool:
    """Whether an error is a gap in the record that the draft asks the team about."""
    if rule == "goal_for_each_need":
        return not decisions.goals or _asked(decisions, "annual_goals")
    if rule in ("service_complete", "required_section") and section_type == "services":
        return not decisions.services
    if rule == "transition_complete":
        return _asked(decisions, "transition")
    if rule in ("special_factor_response", "braille_provided"):
        return _asked(decisions, "special_factors")
    if rule == "alternate_assessment_justified":
        return _asked(decisions, "accommodations")
    return False


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generation_contexts())
def test_offline_draft_of_any_valid_record_breaks_no_rule_it_controls(
    ctx: GenerationContext,
) -> None:
    decisions = decide(ctx)
    sections = draft_iep(ctx)
    report = check_iep(sections, ctx, decisions)
    unexplained = [
        f
        for f in report.findings
        if f.severity == "error" and not gap_explains(f.rule, f.section_type, decisions)
    ]
    note(f"student: {ctx.student!r}")
    note(f"assessments: {ctx.assessments!r}")
    note(f"sections: { {k: v.render_text() for k, v in sections.items()}!r}")
    assert unexplained == []
    for section_type, content in sections.items():
        assert content.render_text().strip() or section_type == "services"
