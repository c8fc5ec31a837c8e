"""Property: for ANY valid student, the offline draft has no compliance error."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iepgen.generation.compliance import check_iep
from iepgen.generation.context import AssessmentFacts, GenerationContext, PreviousIEPFacts
from iepgen.generation.offline import draft_iep
from iepgen.sections.vocabulary import GRADE_LEVELS
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
        name=draw(words)[:200],
        area=draw(st.sampled_from(AREAS)),
        administered_on=draw(st.dates(date(2015, 1, 1), date(2026, 8, 1))),
        score=draw(st.none() | st.floats(-5, 1000, allow_nan=False, allow_infinity=False)),
        score_type=draw(st.sampled_from(SCORE_TYPES)),
        percentile=draw(st.none() | st.floats(0, 100, allow_nan=False)),
        summary=draw(summaries()),
        evaluator=None,
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
    )
    count = draw(st.integers(0, 6))
    records = tuple(draw(assessments(i)) for i in range(count))
    previous = (draw(previous_ieps()),) if draw(st.booleans()) else ()
    majority = draw(st.sampled_from([18, 18, 19, 21]))
    return context(facts, assessments=records, previous_ieps=previous, age_of_majority=majority)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generation_contexts())
def test_offline_draft_of_any_valid_student_has_no_error(ctx: GenerationContext) -> None:
    sections = draft_iep(ctx)
    report = check_iep(sections, ctx)
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors == []
    for content in sections.values():
        assert content.render_text().strip()
