"""Services, supports for staff and accommodations: each follows from a decided need or a
special factor the record calls for, and says which (decisions.md "Services").

Minutes and frequencies here are the draft's proposal for the team; what a support is
*for* is never a proposal: a support that serves no decided need is not drafted.
"""

from __future__ import annotations

from typing import Final

from iepgen.generation.applicability import is_preschool
from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions.access import Access
from iepgen.generation.decisions.factors import reads_braille
from iepgen.generation.decisions.model import (
    AccommodationPlan,
    AreaDecision,
    FactorDecision,
    SectionQuestion,
    SupportPlan,
)
from iepgen.sections.base import AREA_LABELS

GENERAL_CLASS: Final = "General education classroom"
ACADEMIC: Final = ("reading", "writing", "math")


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _label(area: str) -> str:
    return AREA_LABELS[area].lower()


class _Builder:
    """Collects the plans for one student, so each rule reads like the decision it is."""

    def __init__(
        self,
        context: GenerationContext,
        areas: list[AreaDecision],
        factors: list[FactorDecision],
        questions: list[SectionQuestion],
    ) -> None:
        self.context = context
        self.student = context.student
        self.name = context.student.first_name
        self.needs = {a.area: a for a in areas if a.status == "need"}
        self.factors = {f.factor: f for f in factors if f.applies}
        self.questions = questions
        self.services: list[SupportPlan] = []
        self.accommodations: list[AccommodationPlan] = []
        communication = self.student.communication
        access = Access.of(context)
        self.signs = access.signs
        self.hears_speech = access.hears_speech
        self.speaks = access.speaks
        self.aac = access.uses_device
        self.alternate = self.student.alternate_assessment
        self.preschool = is_preschool(self.student.grade_level)
        self.language = (
            communication.language
            if communication is not None and communication.language
            else "the student's language"
        )

    # -- services -------------------------------------------------------------------------

    def service(self, **values: object) -> None:
        location = str(values["location"])
        category = str(values["category"])
        outside = category in ("special_education", "related_service") and not location.startswith(
            (GENERAL_CLASS, "Early childhood classroom")
        )
        self.services.append(SupportPlan(**values, outside_general_class=outside))

    def instruction(self) -> None:
        academic = [a for a in ACADEMIC if a in self.needs]
        if reads_braille(self.context):
            # A braille reader's reading and writing are taught in braille, by the teacher
            # of students with visual impairments (see the braille instruction service).
            academic = [a for a in academic if a == "math"]
        if academic:
            severe = any(self.needs[a].severity == "well_below" for a in academic)
            minutes = min(120, (45 if severe or self.alternate else 30) * len(academic))
            if self.preschool:
                room = "Early childhood classroom"
            elif self.alternate:
                room = "Special education classroom"
            else:
                room = "Resource room"
            if "deaf_or_hard_of_hearing" in self.factors and self.signs:
                provider = "Teacher of the Deaf and hard of hearing"
                how = f"in {self.language}, "
            else:
                provider = "Special education teacher"
                how = ""
            self.service(
                category="special_education",
                description=f"Specialized instruction in {_join([_label(a) for a in academic])}, "
                f"{how}in a small group, aimed at {self.name}'s goals.",
                provider_role=provider,
                frequency="5 times per week",
                per_week=5,
                minutes=minutes,
                location=room,
                serves=academic,
                reason=" ".join(self.needs[a].reason for a in academic),
                label=f"small-group instruction in {_join([_label(a) for a in academic])}",
            )
        if "behavior" in self.needs:
            self.service(
                category="special_education",
                description="Direct teaching of the replacement behavior and coping skills, "
                "then practice in class with reminders.",
                provider_role="Special education teacher",
                frequency="3 times per week",
                per_week=3,
                minutes=20,
                location=f"{GENERAL_CLASS} and other school settings",
                serves=["behavior"],
                reason=self.needs["behavior"].reason,
                label="behavior instruction",
            )
        if "social_emotional" in self.needs:
            self.service(
                category="related_service",
                description="Counseling on recognizing feelings, coping and getting along with "
                "peers.",
                provider_role="School counselor",
                frequency="1 time per week",
                per_week=1,
                minutes=30,
                location="Counseling office",
                serves=["social_emotional"],
                reason=self.needs["social_emotional"].reason,
                label="counseling",
            )
        if "adaptive" in self.needs:
            self.service(
                category="special_education",
                description="Teaching of daily living routines with a task analysis, practiced "
                "where the routines happen.",
                provider_role="Special education teacher",
                frequency="5 times per week",
                per_week=5,
                minutes=20,
                location="Special education classroom"
                if self.alternate
                else f"{GENERAL_CLASS} and other school settings",
                serves=["adaptive"],
                reason=self.needs["adaptive"].reason,
                label="daily living instruction",
            )
        if "vocational" in self.needs:
            self.service(
                category="special_education",
                description="Career exploration and work-based learning tied to the "
                "transition plan.",
                provider_role="Transition coordinator",
                frequency="1 time per week",
                per_week=1,
                minutes=45,
                location="School and community job sites",
                serves=["vocational", "transition"]
                if self.context.transition_required
                else ["vocational"],
                reason=self.needs["vocational"].reason,
                label="work-based learning",
            )

    def related(self) -> None:
        if "communication" in self.needs:
            serves = ["communication"] + (["assistive_technology"] if self.aac else [])
            self.service(
                category="related_service",
                description=(
                    "Speech and language therapy on the communication goals, using "
                    f"{self.name}'s device across class routines."
                    if self.aac
                    else "Speech and language therapy on the communication goals."
                ),
                provider_role="Speech-language pathologist",
                frequency="2 times per week",
                per_week=2,
                minutes=30,
                location=f"{GENERAL_CLASS} and therapy room" if self.aac else "Therapy room",
                serves=serves,
                reason=self.needs["communication"].reason,
                label="speech and language therapy",
            )
        if "motor" in self.needs:
            self.service(
                category="related_service",
                description="Occupational therapy on the motor goals.",
                provider_role="Occupational therapist",
                frequency="1 time per week",
                per_week=1,
                minutes=30,
                location="Therapy room",
                serves=["motor"],
                reason=self.needs["motor"].reason,
                label="occupational therapy",
            )
        if self.student.health_plan:
            self.service(
                category="related_service",
                description="School health services as the individual health plan sets out.",
                provider_role="School nurse",
                frequency="Each school day, at the times the health plan sets",
                per_week=5,
                minutes=15,
                location="Nurse's office",
                serves=["health_plan"],
                reason="The record holds an individual health plan.",
                label="school health services",
            )
            self.questions.append(
                SectionQuestion(
                    section_type="services",
                    topic="Health services minutes",
                    question=f"How many minutes of nursing services does {self.name}'s health "
                    "plan call for each day? The draft proposes 15.",
                    reason="Service minutes must match the health plan.",
                )
            )

    def factor_services(self) -> None:
        school_day = min(480, self.context.school_week_minutes // 5)
        communication = self.student.communication
        language = self.language
        if "deaf_or_hard_of_hearing" in self.factors and communication is not None:
            reason = self.factors["deaf_or_hard_of_hearing"].reason
            if communication.uses_interpreter:
                self.service(
                    category="related_service",
                    description=f"Educational interpreting in {language} for all instruction, "
                    "tests and school activities.",
                    provider_role="Educational interpreter",
                    frequency="Every school day, all day",
                    per_week=5,
                    minutes=school_day,
                    location=f"{GENERAL_CLASS} and all school settings",
                    serves=["deaf_hard_of_hearing"],
                    reason=reason,
                    label="interpreting",
                )
            if not (self.signs and any(a in self.needs for a in ACADEMIC)):
                # When academic instruction is already given by the teacher of the Deaf in
                # the student's language, that service is the direct instruction.
                self.service(
                    category="special_education",
                    description=f"Direct instruction in {language} in language and literacy "
                    "from a teacher of the Deaf and hard of hearing.",
                    provider_role="Teacher of the Deaf and hard of hearing",
                    frequency="2 times per week",
                    per_week=2,
                    minutes=30,
                    location="Resource room",
                    serves=["deaf_hard_of_hearing"],
                    reason=reason,
                    label="direct instruction from a teacher of the Deaf",
                )
            if communication.hearing_technology:
                self.service(
                    category="related_service",
                    description="Audiology checks and management of "
                    f"{communication.hearing_technology}.",
                    provider_role="Educational audiologist",
                    frequency="1 time per month",
                    per_week=0.25,
                    minutes=30,
                    location="School",
                    serves=["deaf_hard_of_hearing"],
                    reason=reason,
                    label="audiology",
                )
            helpers = (
                "an interpreter, captions and visual alerts"
                if communication.uses_interpreter
                else f"{communication.hearing_technology or 'hearing technology'}, captions and "
                "visual alerts"
            )
            self.service(
                category="personnel_support",
                description=f"Training for {self.name}'s teachers on communicating directly with "
                f"{self.name} and working with {helpers}.",
                provider_role="Teacher of the Deaf and hard of hearing",
                frequency="2 times per year",
                per_week=0.06,
                minutes=60,
                location="School (staff training)",
                serves=["deaf_hard_of_hearing"],
                reason=reason,
                label="staff training",
            )
        if "blind_or_visually_impaired" in self.factors:
            reason = self.factors["blind_or_visually_impaired"].reason
            if reads_braille(self.context):
                literacy: list[str] = [a for a in ("reading", "writing") if a in self.needs]
                self.service(
                    category="special_education",
                    description="Instruction in reading and writing braille and in braille "
                    "technology"
                    + (f", aimed at {self.name}'s {_join(literacy)} goals." if literacy else "."),
                    provider_role="Teacher of students with visual impairments",
                    frequency="5 times per week",
                    per_week=5,
                    minutes=45,
                    location="Resource room",
                    serves=["braille", "assistive_technology", *literacy],
                    reason=reason,
                    label="braille instruction",
                )
                self.service(
                    category="related_service",
                    description="Orientation and mobility instruction for moving safely and "
                    "independently at school and in the community.",
                    provider_role="Orientation and mobility specialist",
                    frequency="2 times per week",
                    per_week=2,
                    minutes=30,
                    location="School campus and community",
                    serves=["braille"],
                    reason=reason,
                    label="orientation and mobility",
                )
                self.service(
                    category="personnel_support",
                    description="Braille transcription of class materials, tests and tactile "
                    "graphics, ready before they are used.",
                    provider_role="Braille transcriptionist",
                    frequency="Every week",
                    per_week=1,
                    minutes=60,
                    location="School (materials preparation)",
                    serves=["braille"],
                    reason=reason,
                    label="braille transcription",
                )
            else:
                self.service(
                    category="related_service",
                    description="Vision consultation: materials in the student's learning "
                    "media, lighting and seating checked with the teachers.",
                    provider_role="Teacher of students with visual impairments",
                    frequency="1 time per week",
                    per_week=1,
                    minutes=30,
                    location=GENERAL_CLASS,
                    serves=["low_vision"],
                    reason=reason,
                    label="vision consultation",
                )
        if "behavior" in self.factors:
            reason = self.factors["behavior"].reason
            self.service(
                category="supplementary_aid",
                description="Check-in and check-out with a trusted adult each day, with a "
                "daily point sheet on the replacement behavior.",
                provider_role="Classroom staff",
                frequency="Daily",
                per_week=5,
                minutes=10,
                location=GENERAL_CLASS,
                serves=["behavior_plan"],
                reason=reason,
                label="check-in and check-out",
            )
            self.service(
                category="personnel_support",
                description=f"Training for the adults who work with {self.name} on the behavior "
                "plan: the function, the replacement behavior and how to respond.",
                provider_role="School psychologist or behavior specialist",
                frequency="2 times per year",
                per_week=0.06,
                minutes=45,
                location="School (staff training)",
                serves=["behavior_plan"],
                reason=reason,
                label="behavior plan training",
            )
        if "assistive_technology" in self.factors and self.aac:
            self.service(
                category="personnel_support",
                description=f"Training for staff and the family on {self.name}'s speech-generating "
                "device: modeling language on it and keeping it charged and updated.",
                provider_role="Speech-language pathologist",
                frequency="1 time per month",
                per_week=0.25,
                minutes=30,
                location="School and home",
                serves=["assistive_technology"],
                reason=self.factors["assistive_technology"].reason,
                label="device training",
            )
        if self.alternate:
            self.service(
                category="program_modification",
                description="Grade-level content and assignments modified to the alternate "
                "achievement standards.",
                provider_role="Special and general education teachers",
                frequency="Daily",
                per_week=5,
                minutes=60,
                location=GENERAL_CLASS,
                serves=["alternate_standards"],
                reason=f"{self.name} is taught to alternate achievement standards.",
                label="modified assignments",
            )
        if self.needs:
            self.service(
                category="personnel_support",
                description=f"Planning time for {self.name}'s teachers to go over the goals, "
                "accommodations and progress data.",
                provider_role="Special education teacher with general education teachers",
                frequency="1 time per month",
                per_week=0.25,
                minutes=30,
                location="School (teacher planning time)",
                serves=list(self.needs),
                reason="Every decided need is taught across the day.",
                label="teacher planning time",
            )

    # -- accommodations -------------------------------------------------------------------

    def accommodation(self, description: str, setting: str, serves: list[str], reason: str) -> None:
        self.accommodations.append(
            AccommodationPlan(
                description=description,
                setting=setting,
                serves=serves,
                reason=reason,
            )
        )

    def area_accommodations(self) -> None:
        braille = reads_braille(self.context)
        if "reading" in self.needs and not braille:
            reason = self.needs["reading"].reason
            if not self.hears_speech:
                how = f"signed in {self.language}" if self.signs else "given in writing"
                self.accommodation(
                    f"Directions and test items {how}, except on tests of reading, where the "
                    "test allows",
                    "both",
                    ["reading", "deaf_hard_of_hearing"],
                    reason,
                )
            else:
                self.accommodation(
                    "Text-to-speech or an adult reader for long texts, except when reading "
                    "itself is tested",
                    "both",
                    ["reading"],
                    reason,
                )
            self.accommodation(
                "Extended time (1.5 times) on reading-heavy tasks and tests",
                "both",
                ["reading"],
                reason,
            )
        if "writing" in self.needs:
            reason = self.needs["writing"].reason
            tool = (
                "Word prediction or a scribe"
                if (self.signs or self.aac or braille)
                else ("Speech-to-text or a scribe")
            )
            self.accommodation(f"{tool} for long written work", "both", ["writing"], reason)
            if not braille:
                self.accommodation(
                    "Graphic organizers to plan writing", "classroom", ["writing"], reason
                )
        if "math" in self.needs:
            reason = self.needs["math"].reason
            self.accommodation(
                "A calculator when computation is not what is being tested",
                "both",
                ["math"],
                reason,
            )
        if "communication" in self.needs:
            reason = self.needs["communication"].reason
            if self.aac:
                self.accommodation(
                    f"{self.name}'s device within reach at all times, and wait time to answer "
                    "with it",
                    "both",
                    ["communication", "assistive_technology"],
                    reason,
                )
            else:
                self.accommodation(
                    "Directions given in short steps, with a check that they were understood",
                    "both",
                    ["communication"],
                    reason,
                )
        if "behavior" in self.needs:
            reason = self.needs["behavior"].reason
            self.accommodation(
                "Planned breaks, and a break card to ask for one", "both", ["behavior"], reason
            )
            self.accommodation(
                "Testing in a small group, with breaks", "testing", ["behavior"], reason
            )
        if "social_emotional" in self.needs:
            self.accommodation(
                "Access to a calm-down space with an adult's OK",
                "classroom",
                ["social_emotional"],
                self.needs["social_emotional"].reason,
            )
        if "motor" in self.needs:
            self.accommodation(
                "A braillewriter with extension keys, or a keyboard, for written work"
                if braille
                else "Pencil grips, adapted paper or a keyboard for written work",
                "both",
                ["motor"],
                self.needs["motor"].reason,
            )
        if "adaptive" in self.needs:
            self.accommodation(
                "Picture or written checklists for daily routines",
                "classroom",
                ["adaptive"],
                self.needs["adaptive"].reason,
            )
        if "vocational" in self.needs:
            self.accommodation(
                "Written or picture task lists at work-based learning sites",
                "classroom",
                ["vocational"],
                self.needs["vocational"].reason,
            )

    def factor_accommodations(self) -> None:
        communication = self.student.communication
        if "deaf_or_hard_of_hearing" in self.factors and communication is not None:
            reason = self.factors["deaf_or_hard_of_hearing"].reason
            if communication.uses_interpreter:
                self.accommodation(
                    f"An educational interpreter in {self.language} for instruction and tests",
                    "both",
                    ["deaf_hard_of_hearing"],
                    reason,
                )
            self.accommodation(
                "Captions on all videos and audio", "both", ["deaf_hard_of_hearing"], reason
            )
            self.accommodation(
                "Directions also given in writing; seating with a clear view of the teacher"
                + (" and interpreter" if communication.uses_interpreter else ""),
                "both",
                ["deaf_hard_of_hearing"],
                reason,
            )
            self.accommodation(
                "Visual alerts for announcements and alarms",
                "classroom",
                ["deaf_hard_of_hearing"],
                reason,
            )
            if communication.hears_speech and communication.hearing_technology:
                self.accommodation(
                    f"A classroom sound system that works with {communication.hearing_technology}, "
                    "if the audiologist recommends it",
                    "classroom",
                    ["deaf_hard_of_hearing"],
                    reason,
                )
        if "blind_or_visually_impaired" in self.factors:
            reason = self.factors["blind_or_visually_impaired"].reason
            vision = self.student.vision
            if reads_braille(self.context):
                self.accommodation(
                    "All materials and tests in braille, with tactile graphics",
                    "both",
                    ["braille"],
                    reason,
                )
                self.accommodation(
                    "Extended time (2 times) for reading and writing in braille",
                    "both",
                    ["braille"],
                    reason,
                )
                self.accommodation(
                    "A refreshable braille display and screen reader for digital work and tests",
                    "both",
                    ["braille", "assistive_technology"],
                    reason,
                )
            elif vision is not None:
                if "large_print" in vision.learning_media:
                    self.accommodation(
                        "Materials and tests in large print", "both", ["low_vision"], reason
                    )
                if "print" in vision.learning_media or "large_print" in vision.learning_media:
                    self.accommodation(
                        "Magnification and good lighting, with seating the student chooses",
                        "both",
                        ["low_vision"],
                        reason,
                    )
                if "auditory" in vision.learning_media:
                    self.accommodation(
                        "Audio versions of long texts", "both", ["low_vision"], reason
                    )
        home = (self.student.primary_language or "").strip()
        if (
            "limited_english_proficiency" in self.factors
            and not self.signs
            and home
            and home.lower() != "english"
        ):
            self.accommodation(
                f"A word-to-word English-{home} glossary",
                "both",
                ["english_learning"],
                self.factors["limited_english_proficiency"].reason,
            )


def decide_supports(
    context: GenerationContext,
    areas: list[AreaDecision],
    factors: list[FactorDecision],
    questions: list[SectionQuestion],
) -> tuple[list[SupportPlan], list[AccommodationPlan]]:
    builder = _Builder(context, areas, factors, questions)
    builder.instruction()
    builder.related()
    builder.factor_services()
    builder.area_accommodations()
    builder.factor_accommodations()
    return builder.services, builder.accommodations
