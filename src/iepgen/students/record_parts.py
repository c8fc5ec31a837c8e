"""The structured parts of a student's record that IEP decisions rest on (all optional).

Each part answers a question the IEP team must consider (34 CFR §300.324(a)(2)): how the
student communicates, which learning media a student with a visual impairment reads, what
a behavior looks like and why it happens, where an English learner stands, where a
transfer student comes from. A part left out means "not recorded", never "no": the
decisions stage turns a missing answer it needs into a question for the team.

The same models validate the API bodies, are stored as JSON on the student row, and are
read back by the generation context, so a field means the same thing everywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from iepgen.api.fields import IsoDate, OptionalLongText, OptionalShortText, StrictBool, today_utc

CommunicationMode = Literal["spoken", "signed", "aac", "combined"]
FunctionalVision = Literal["sighted", "low_vision", "functionally_blind", "totally_blind"]
LearningMedium = Literal["print", "large_print", "braille", "auditory", "tactile_graphics"]
BrailleCode = Literal["ueb", "nemeth"]
BehaviorFunction = Literal["escape", "attention", "tangible", "sensory"]
TransferKind = Literal["in_state", "out_of_state"]
Regression = Literal["significant", "not_significant"]
Finding = Literal["need", "not_a_need", "unclear"]


def _not_future(value: date) -> date:
    if value > today_utc():
        raise ValueError("must not be in the future")
    return value


# Every date in these parts records something that has happened.
PastDate = Annotated[IsoDate, AfterValidator(_not_future)]

LEARNING_MEDIUM_LABELS: Final[dict[str, str]] = {
    "print": "regular print",
    "large_print": "large print",
    "braille": "braille",
    "auditory": "auditory (listening)",
    "tactile_graphics": "tactile graphics",
}
BRAILLE_CODE_LABELS: Final[dict[str, str]] = {
    "ueb": "Unified English Braille (UEB)",
    "nemeth": "the Nemeth Code for math",
}
FUNCTION_LABELS: Final[dict[str, str]] = {
    "escape": "to escape or avoid a task or setting",
    "attention": "to get attention from adults or peers",
    "tangible": "to get or keep an item or activity",
    "sensory": "for the sensory input it gives",
}


class RecordPart(BaseModel):
    """Strict like every request body: a typo in a field name is refused, not ignored."""

    model_config = ConfigDict(extra="forbid")

    def is_empty(self) -> bool:
        return not any(value not in (None, "", [], False) for value in self.model_dump().values())


class Communication(RecordPart):
    language: OptionalShortText = Field(
        default=None, description="The student's language, e.g. 'American Sign Language'."
    )
    mode: CommunicationMode | None = Field(
        default=None, description="How the student communicates: spoken, signed, aac, combined."
    )
    uses_interpreter: StrictBool = Field(
        default=False, description="The student uses an educational interpreter."
    )
    hears_speech: StrictBool | None = Field(
        default=None,
        description="Whether the student understands speech through hearing "
        "(with hearing technology if used); null when not recorded.",
    )
    hearing_technology: OptionalShortText = Field(
        default=None, description="e.g. 'bilateral cochlear implants', 'hearing aids'."
    )
    aac_device: OptionalShortText = Field(
        default=None, description="e.g. 'speech-generating device (tablet with symbol app)'."
    )
    notes: OptionalLongText = None


class Vision(RecordPart):
    functional_vision: FunctionalVision | None = None
    learning_media: Annotated[list[LearningMedium], Field(max_length=5)] = Field(
        default_factory=list,
        description="What the student reads and writes with, from the learning media assessment.",
    )
    braille_codes: Annotated[list[BrailleCode], Field(max_length=2)] = Field(default_factory=list)
    learning_media_assessment_on: PastDate | None = None
    braille_not_appropriate: StrictBool = Field(
        default=False,
        description="An evaluation of reading and writing skills, needs and media found "
        "braille instruction not appropriate (34 CFR §300.324(a)(2)(iii)).",
    )
    orientation_and_mobility: OptionalLongText = Field(
        default=None, description="How the student travels, e.g. 'uses a long cane'."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Vision:
        if self.functional_vision == "sighted" and (
            "braille" in self.learning_media or self.braille_codes
        ):
            raise ValueError(
                "records braille for a student whose functional vision is 'sighted'; "
                "correct the functional vision or the learning media"
            )
        if self.braille_codes and "braille" not in self.learning_media:
            raise ValueError("lists braille codes but braille is not among the learning media")
        if self.braille_not_appropriate and "braille" in self.learning_media:
            raise ValueError(
                "says braille is not appropriate but lists braille as a learning medium"
            )
        return self


class Behavior(RecordPart):
    target_behavior: OptionalShortText = Field(
        default=None, description="What the behavior looks like, e.g. 'leaves the classroom'."
    )
    antecedents: OptionalLongText = Field(default=None, description="When it tends to happen.")
    hypothesized_function: BehaviorFunction | None = Field(
        default=None, description="Why it happens, from the FBA: escape, attention, ..."
    )
    replacement_behavior: OptionalShortText = Field(
        default=None, description="What the student will do instead, e.g. 'ask for a break'."
    )
    functional_behavior_assessment_on: PastDate | None = None
    behavior_plan_on: PastDate | None = Field(
        default=None, description="Date of the current behavior intervention plan."
    )
    removals_this_year_days: Annotated[int, Field(ge=0, le=365)] | None = Field(
        default=None, description="School days of suspension or removal this school year."
    )


class EnglishLearning(RecordPart):
    proficiency_level: OptionalShortText = Field(
        default=None, description="e.g. 'WIDA composite 2.1 (emerging)'."
    )
    proficiency_test: OptionalShortText = Field(
        default=None, description="e.g. 'WIDA ACCESS for ELLs'."
    )
    tested_on: PastDate | None = None
    el_services: OptionalLongText = Field(
        default=None, description="English language development the student receives now."
    )


class Transfer(RecordPart):
    kind: TransferKind
    previous_district: OptionalShortText = None
    previous_iep_on: PastDate | None = Field(default=None, description="Date of the prior IEP.")
    previous_services: OptionalLongText = Field(
        default=None, description="The services the prior IEP provided, as its records show."
    )
    records_received: StrictBool = False
    records_requested_on: PastDate | None = None
    enrolled_on: PastDate | None = None


class PostsecondaryAspirations(RecordPart):
    """What the student wants after high school, in their words, per IDEA's three domains."""

    education_training: OptionalLongText = None
    employment: OptionalLongText = None
    independent_living: OptionalLongText = None
    course_of_study: OptionalLongText = Field(
        default=None,
        description="The courses the team has planned toward these goals and the diploma or "
        "credential they lead to.",
    )


class ExtendedSchoolYearData(RecordPart):
    regression_recoupment: Regression | None = Field(
        default=None,
        description="What break data show: significant regression with slow recoupment, or not.",
    )
    emerging_skills: OptionalLongText = Field(
        default=None, description="A skill at a critical point that a break would set back."
    )
    summary: OptionalLongText = Field(default=None, description="The data, in brief.")


class Subscore(RecordPart):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    score: Annotated[float, Field(ge=-1_000_000, le=1_000_000, allow_inf_nan=False)] | None = None
    score_type: OptionalShortText = None
    percentile: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = None
