"""Offline draft of services and of the least restrictive environment they imply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from iepgen.generation.applicability import is_preschool
from iepgen.generation.context import GenerationContext
from iepgen.sections import AREA_LABELS, LeastRestrictiveEnvironment, Service, Services

from .facts import categories, first_name
from .goals import drafted_goals
from .notes import team_notes
from .profile import HEARING_CATEGORIES, VISION_CATEGORIES
from .wording import join_words

# A school week of 6.5 hours a day, 5 days: what percent-in-general-education is out of.
SCHOOL_WEEK_MINUTES: Final = 1950
ACADEMIC: Final = ("reading", "writing", "math")
FUNCTIONAL: Final = ("behavior", "social_emotional", "adaptive", "health", "other")
SIGNIFICANT: Final = frozenset({"intellectual_disability", "multiple_disabilities"})
GENERAL_CLASS: Final = "General education classroom"


@dataclass(frozen=True)
class PlannedService:
    category: str
    description: str
    provider_role: str
    frequency: str
    per_week: float
    minutes: int
    location: str
    # A few words for the LRE statement ("speech and language therapy").
    label: str

    @property
    def outside_general_class(self) -> bool:
        """Time the student spends away from the regular class (staff support is not)."""
        if self.category in {"personnel_support", "program_modification", "supplementary_aid"}:
            return False
        return not self.location.startswith(GENERAL_CLASS)

    @property
    def weekly_minutes(self) -> float:
        return self.per_week * self.minutes


def _instruction(context: GenerationContext, areas: set[str]) -> list[PlannedService]:
    name = first_name(context)
    academic = [a for a in ACADEMIC if a in areas]
    functional = [a for a in FUNCTIONAL if a in areas]
    significant = context.student.alternate_assessment or bool(categories(context) & SIGNIFICANT)
    if is_preschool(context.student.grade_level):
        room = "Early childhood classroom"
    else:
        room = "Special education classroom" if significant else "Resource room"
    planned: list[PlannedService] = []
    if academic:
        labels = join_words([AREA_LABELS[a].lower() for a in academic])
        minutes = 60 if significant or len(academic) == 3 else 45
        planned.append(
            PlannedService(
                "special_education",
                f"Specialized instruction in {labels}, in a small group, aimed at {name}'s goals.",
                "Special education teacher",
                "5 times per week",
                5,
                minutes,
                room,
                f"small-group instruction in {labels}",
            )
        )
    if functional:
        labels = join_words([AREA_LABELS[a].lower() for a in functional])
        planned.append(
            PlannedService(
                "special_education",
                f"Direct teaching and practice of {labels} skills, then practice in class.",
                "Special education teacher",
                "3 times per week",
                3,
                30,
                room if significant else f"{GENERAL_CLASS} and other school settings",
                f"teaching of {labels} skills",
            )
        )
    if "vocational" in areas:
        planned.append(
            PlannedService(
                "special_education",
                "Career exploration and work-based learning tied to the transition plan.",
                "Transition coordinator",
                "1 time per week",
                1,
                45,
                "School and community job sites",
                "career exploration and work-based learning",
            )
        )
    return planned


def _related(context: GenerationContext, areas: set[str]) -> list[PlannedService]:
    kinds = categories(context)
    planned: list[PlannedService] = []
    if "communication" in areas or kinds & {"speech_language_impairment"}:
        planned.append(
            PlannedService(
                "related_service",
                "Speech and language therapy on the communication goals.",
                "Speech-language pathologist",
                "2 times per week",
                2,
                30,
                "Therapy room",
                "speech and language therapy",
            )
        )
    if "motor" in areas:
        planned.append(
            PlannedService(
                "related_service",
                "Occupational therapy on fine motor and handwriting skills.",
                "Occupational therapist",
                "1 time per week",
                1,
                30,
                "Therapy room",
                "occupational therapy",
            )
        )
    if "orthopedic_impairment" in kinds:
        planned.append(
            PlannedService(
                "related_service",
                "Physical therapy for safe movement around school.",
                "Physical therapist",
                "1 time per week",
                1,
                30,
                "Therapy room and school hallways",
                "physical therapy",
            )
        )
    if areas & {"social_emotional", "behavior"} and kinds & {"emotional_disturbance", "autism"}:
        planned.append(
            PlannedService(
                "related_service",
                "School counseling on coping and social skills.",
                "School counselor or school psychologist",
                "1 time per week",
                1,
                30,
                "Counseling office",
                "counseling",
            )
        )
    if kinds & HEARING_CATEGORIES:
        planned.append(
            PlannedService(
                "related_service",
                "Support from a teacher of the deaf and hard of hearing, and audiology "
                "checks of listening equipment.",
                "Teacher of the deaf and hard of hearing",
                "2 times per month",
                0.5,
                30,
                GENERAL_CLASS,
                "support for hearing and listening",
            )
        )
    if kinds & VISION_CATEGORIES:
        planned.append(
            PlannedService(
                "related_service",
                "Vision services, including access to materials in the right format.",
                "Teacher of students with visual impairments",
                "2 times per week",
                2,
                30,
                "Resource room",
                "vision services",
            )
        )
        planned.append(
            PlannedService(
                "related_service",
                "Orientation and mobility training for moving safely at school and nearby.",
                "Orientation and mobility specialist",
                "1 time per week",
                1,
                30,
                "School campus and community",
                "orientation and mobility training",
            )
        )
    if "health" in areas:
        planned.append(
            PlannedService(
                "related_service",
                "School health services as set out in the health plan.",
                "School nurse",
                "Daily",
                5,
                15,
                "Nurse's office",
                "health services",
            )
        )
    return planned


def _supports(context: GenerationContext, areas: set[str]) -> list[PlannedService]:
    name = first_name(context)
    planned: list[PlannedService] = []
    if areas & {"behavior", "social_emotional"}:
        planned.append(
            PlannedService(
                "supplementary_aid",
                "Daily check-in and check-out with a trusted adult, with a visual schedule.",
                "Classroom staff",
                "Daily",
                5,
                10,
                GENERAL_CLASS,
                "check-in and check-out",
            )
        )
    if context.student.english_learner:
        planned.append(
            PlannedService(
                "supplementary_aid",
                "English language development support, planned with the EL teacher.",
                "English language development teacher",
                "3 times per week",
                3,
                30,
                GENERAL_CLASS,
                "English language support",
            )
        )
    if context.student.alternate_assessment:
        planned.append(
            PlannedService(
                "program_modification",
                "Grade-level content and assignments modified to alternate standards.",
                "Special and general education teachers",
                "Daily",
                5,
                60,
                GENERAL_CLASS,
                "modified assignments",
            )
        )
    planned.append(
        PlannedService(
            "personnel_support",
            f"Planning time for {name}'s teachers to go over the goals, accommodations and "
            "progress data.",
            "Special education teacher with general education teachers",
            "1 time per month",
            0.25,
            30,
            "School (teacher planning time)",
            "teacher planning time",
        )
    )
    return planned


def planned_services(
    context: GenerationContext, earlier: dict[str, dict[str, Any]]
) -> list[PlannedService]:
    areas = drafted_goals(context, earlier).areas()
    return _instruction(context, areas) + _related(context, areas) + _supports(context, areas)


def services(
    context: GenerationContext, earlier: dict[str, dict[str, Any]], notes: str | None = None
) -> Services:
    return Services(
        services=[
            Service(
                category=item.category,
                description=item.description,
                provider_role=item.provider_role,
                frequency=item.frequency,
                duration_minutes=item.minutes,
                location=item.location,
                start_date=context.iep_year_start,
                end_date=context.iep_year_end,
            )
            for item in planned_services(context, earlier)
        ],
        team_notes=team_notes(context, "services", notes),
    )


def _placement(context: GenerationContext, percent: int) -> str:
    if is_preschool(context.student.grade_level):
        return "Early childhood program with special education services"
    if percent >= 80:
        return "Regular class with special education support (80% or more of the day)"
    if percent >= 40:
        return "Regular class with resource room support (40 to 79% of the day)"
    return "Special education class for most of the day (less than 40% in regular class)"


def least_restrictive_environment(
    context: GenerationContext, earlier: dict[str, dict[str, Any]], notes: str | None = None
) -> LeastRestrictiveEnvironment:
    name = first_name(context)
    outside = [s for s in planned_services(context, earlier) if s.outside_general_class]
    minutes = round(sum(s.weekly_minutes for s in outside))
    percent = max(0, min(100, round(100 * (1 - minutes / SCHOOL_WEEK_MINUTES))))
    if not outside:
        reason = (
            f"{name} will take part fully in the general education class and in all school "
            "activities with classmates without disabilities."
        )
    else:
        what = join_words(list(dict.fromkeys(s.label for s in outside)))
        reason = (
            f"{name} will spend about {minutes} minutes a week out of the general class. "
            f"This time is for {what}. These need a small setting and direct teaching. The "
            f"general class cannot give them. The rest of the day, {name} learns with "
            f"classmates who do not have disabilities. {name} joins them for lunch, recess, "
            "trips and clubs."
        )
    return LeastRestrictiveEnvironment(
        removal_extent_and_reason=reason,
        percent_in_general_education=percent,
        placement=_placement(context, percent),
        team_notes=team_notes(context, "lre", notes),
    )
