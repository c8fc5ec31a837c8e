"""The section types of an IEP (docs/iep.md) and the built-in `idea-standard` template."""

from __future__ import annotations

from typing import Final, Literal

SectionType = Literal[
    "student_profile",
    "present_levels",
    "special_factors",
    "annual_goals",
    "progress_reporting",
    "services",
    "accommodations",
    "lre",
    "transition",
    "transfer_of_rights",
    "esy",
]

# Document order. Every one is required in a template: transition and transfer of rights
# apply by age, and when they don't the section still says why (docs/iep.md).
SECTION_TYPES: Final[tuple[SectionType, ...]] = (
    "student_profile",
    "present_levels",
    "special_factors",
    "annual_goals",
    "progress_reporting",
    "services",
    "accommodations",
    "lre",
    "transition",
    "transfer_of_rights",
    "esy",
)
REQUIRED_SECTION_TYPES: Final[frozenset[str]] = frozenset(SECTION_TYPES)

IDEA_STANDARD_ID: Final = "idea-standard"

IDEA_STANDARD_SECTIONS: Final[list[dict[str, str]]] = [
    {
        "section_type": "student_profile",
        "title": "Student Profile",
        "instructions": "Summarise who the student is: age, grade, school, disability "
        "categories, language, strengths, interests and the family's concerns, in the "
        "family's own terms where they were given.",
    },
    {
        "section_type": "present_levels",
        "title": "Present Levels of Academic Achievement and Functional Performance",
        "instructions": "For each area of need, state current performance with the data it "
        "rests on (assessment, date, score), strengths and needs, and how the disability "
        "affects involvement and progress in the general education curriculum.",
    },
    {
        "section_type": "special_factors",
        "title": "Consideration of Special Factors",
        "instructions": "Consider each of the five IDEA special factors and answer yes or no "
        "with a response.",
    },
    {
        "section_type": "annual_goals",
        "title": "Measurable Annual Goals",
        "instructions": "At least one measurable goal per area of need, each with condition, "
        "behaviour, criterion, baseline from the data, target, measurement method, "
        "timeframe and at least two short-term objectives.",
    },
    {
        "section_type": "progress_reporting",
        "title": "Progress Reporting",
        "instructions": "How progress toward each goal is measured and when reports go to "
        "the family.",
    },
    {
        "section_type": "services",
        "title": "Special Education and Related Services",
        "instructions": "Each service with category, provider, frequency, duration, "
        "location, start and end dates inside the IEP year.",
    },
    {
        "section_type": "accommodations",
        "title": "Accommodations and Participation in Assessments",
        "instructions": "Classroom accommodations matched to the student's needs; state and "
        "district assessment participation with accommodations, or the justification for "
        "an alternate assessment.",
    },
    {
        "section_type": "lre",
        "title": "Least Restrictive Environment",
        "instructions": "Extent of removal from the regular class and why, percent of the "
        "day in general education, and placement.",
    },
    {
        "section_type": "transition",
        "title": "Postsecondary Transition Plan",
        "instructions": "From age 16: measurable postsecondary goals based on transition "
        "assessments, transition services and course of study, supporting annual goals, "
        "and that the student was invited.",
    },
    {
        "section_type": "transfer_of_rights",
        "title": "Transfer of Rights at Age of Majority",
        "instructions": "From one year before the age of majority: the student has been "
        "informed of the rights that transfer.",
    },
    {
        "section_type": "esy",
        "title": "Extended School Year",
        "instructions": "Whether extended school year services are needed, and why.",
    },
]

IDEA_STANDARD_DESCRIPTION: Final = (
    "Every component IDEA requires (34 CFR §300.320), in the order most state forms use."
)
