"""Services, supports for staff and accommodations: each follows from a decided need or a
special factor the record calls for, and says which (decisions.md "Services").

Minutes and frequencies here are the draft's proposal for the team; what a support is
*for* is never a proposal: a support that serves no decided need is not drafted, and one
that needs data the record lacks (assistive technology without an evaluation) becomes a
question instead.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Final

from iepgen.generation.applicability import is_preschool
from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions.access import Access
from iepgen.generation.decisions.model import (
    AccommodationPlan,
    AreaDecision,
    FactorDecision,
    GoalPlan,
    SectionQuestion,
    SupportPlan,
)
from iepgen.sections.base import AREA_LABELS, friendly_date
from iepgen.sections.vocabulary import join_words

GENERAL_CLASS: Final = "General education classroom"
ACADEMIC: Final = ("reading", "writing", "math")
# Writing measures of transcription (spelling, sentences, letters): tools that take the
# transcription away fit; an organization need (a rubric) needs planning supports instead.
TRANSCRIPTION: Final = frozenset({"correct_word_sequences", "early_writing", "handwriting"})
_RECEPTIVE: Final = re.compile(r"receptive|understand|direction|follow|comprehension", re.I)
_ABACUS: Final = re.compile(r"\babacus\b", re.I)
_DIABETES: Final = re.compile(r"diabet|glucose|insulin", re.I)
# "resource reading 45 minutes daily": a previous IEP's service a transfer keeps.
_PREVIOUS: Final = re.compile(
    r"(\d+)\s*minutes?\s*(daily|a day|per day|each day|weekly|a week|per week)", re.I
)


def _label(area: str) -> str:
    return AREA_LABELS[area].lower()


class _Builder:
    """Collects the plans for one student, so each rule reads like the decision it is."""

    def __init__(
        self,
        context: GenerationContext,
        areas: list[AreaDecision],
        goals: list[GoalPlan],
        factors: list[FactorDecision],
        questions: list[SectionQuestion],
    ) -> None:
        self.context = context
        self.student = context.student
        self.name = context.student.first_name
        self.needs = {a.area: a for a in areas if a.status == "need"}
        self.goals: dict[str, GoalPlan] = {g.area: g for g in goals}
        self.factors = {f.factor: f for f in factors if f.applies}
        self.questions = questions
        self.services: list[SupportPlan] = []
        self.accommodations: list[AccommodationPlan] = []
        communication = self.student.communication
        self.access = Access.of(context)
        self.alternate = self.student.alternate_assessment
        self.preschool = is_preschool(self.student.grade_level)
        self.language = (
            communication.language
            if communication is not None and communication.language
            else "the student's language"
        )

    def ask(self, section_type: str, topic: str, question: str, reason: str) -> None:
        self.questions.append(
            SectionQuestion(
                section_type=section_type, topic=topic, question=question, reason=reason
            )
        )

    def skill(self, area: str) -> str:
        plan = self.goals.get(area)
        return plan.skill if plan else _label(area)

    def summaries(self, area: str) -> str:
        return " ".join(f"{a.name} {a.summary}" for a in self.context.assessments if a.area == area)

    # -- services -------------------------------------------------------------------------

    def service(self, **values: object) -> None:
        location = str(values["location"])
        category = str(values["category"])
        outside = category in ("special_education", "related_service") and not location.startswith(
            (GENERAL_CLASS, "Early childhood classroom")
        )
        self.services.append(SupportPlan(**values, outside_general_class=outside))

    def _room(self) -> str:
        if self.preschool:
            return "Early childhood classroom"
        return "Special education classroom" if self.alternate else "Resource room"

    def instruction(self) -> None:
        academic = [a for a in ACADEMIC if a in self.needs]
        if self.access.reads_braille:
            # A braille reader's reading and writing are taught in braille, by the teacher
            # of students with visual impairments (see the braille instruction service).
            academic = [a for a in academic if a == "math"]
        if academic:
            severe = any(self.needs[a].severity == "well_below" for a in academic)
            minutes = min(120, (45 if severe or self.alternate else 30) * len(academic))
            if "deaf_or_hard_of_hearing" in self.factors and self.access.signs:
                provider = "Teacher of the Deaf and hard of hearing"
                how = f"in {self.language}, "
            else:
                provider = "Special education teacher"
                how = ""
            skills = join_words([self.skill(a) for a in academic])
            self.service(
                category="special_education",
                description=f"Specialized instruction in {skills}, {how}in a small group.",
                provider_role=provider,
                frequency="5 times per week",
                per_week=5,
                minutes=minutes,
                location=self._room(),
                serves=academic,
                reason=" ".join(self.needs[a].reason for a in academic),
                label=f"small-group instruction in {join_words([_label(a) for a in academic])}",
            )
        if "behavior" in self.needs:
            replacement = (
                self.student.behavior.replacement_behavior
                if self.student.behavior and self.student.behavior.replacement_behavior
                else None
            )
            what = (
                f"the replacement behavior ({replacement})"
                if replacement
                else ("the skills in the behavior goal")
            )
            self.service(
                category="special_education",
                description=f"Direct teaching and practice of {what}, then prompts to use it "
                "in class.",
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
                description=f"Counseling on {self.skill('social_emotional')}, practiced where "
                "it is needed.",
                provider_role="School counselor",
                frequency="1 time per week",
                per_week=1,
                minutes=30,
                location="Counseling office and school settings",
                serves=["social_emotional"],
                reason=self.needs["social_emotional"].reason,
                label="counseling",
            )
        for area in ("adaptive", "other", "vocational"):
            if area not in self.needs:
                continue
            location = {
                "adaptive": "Special education classroom"
                if self.alternate
                else f"{GENERAL_CLASS} and other school settings",
                "other": self._room(),
                "vocational": "School and community job sites",
            }[area]
            provider = (
                "Transition coordinator" if area == "vocational" else ("Special education teacher")
            )
            per_week, minutes = (1, 45) if area == "vocational" else (3, 30)
            serves = (
                [area, "transition"]
                if (area == "vocational" and self.context.transition_required)
                else [area]
            )
            self.service(
                category="special_education",
                description=f"Specialized instruction in {self.skill(area)}.",
                provider_role=provider,
                frequency=f"{per_week} time{'s' if per_week > 1 else ''} per week",
                per_week=per_week,
                minutes=minutes,
                location=location,
                serves=serves,
                reason=self.needs[area].reason,
                label=f"instruction in {self.skill(area).split(':')[0]}",
            )

    def related(self) -> None:
        if "communication" in self.needs:
            aac = self.access.uses_device
            serves = ["communication"] + (
                ["assistive_technology"] if aac and "assistive_technology" in self.factors else []
            )
            self.service(
                category="related_service",
                description=f"Speech and language therapy on {self.skill('communication')}"
                + (f", using {self.name}'s device across class routines." if aac else "."),
                provider_role="Speech-language pathologist",
                frequency="2 times per week",
                per_week=2,
                minutes=30,
                location=f"{GENERAL_CLASS} and therapy room" if aac else "Therapy room",
                serves=serves,
                reason=self.needs["communication"].reason,
                label="speech and language therapy",
            )
        if "motor" in self.needs:
            self.service(
                category="related_service",
                description=f"Occupational therapy on {self.skill('motor')}.",
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
                serves=["health_plan", *(["health"] if "health" in self.needs else [])],
                reason="The record holds an individual health plan.",
                label="school health services",
            )
            self.ask(
                "services",
                "Health services minutes",
                f"How many minutes of nursing services does {self.name}'s health plan call for "
                "each day, and where are they given? The draft proposes 15 in the nurse's office.",
                "Service minutes and location must match the health plan.",
            )

        if "health" in self.needs and not self.student.health_plan:
            self.service(
                category="related_service",
                description=f"Instruction from the school nurse in {self.skill('health')}.",
                provider_role="School nurse",
                frequency="1 time per week",
                per_week=1,
                minutes=15,
                location="Nurse's office",
                serves=["health"],
                reason=self.needs["health"].reason,
                label="health instruction",
            )

    def factor_services(self) -> None:
        school_day = min(480, self.context.school_week_minutes // 5)
        communication = self.student.communication
        if "deaf_or_hard_of_hearing" in self.factors and communication is not None:
            reason = self.factors["deaf_or_hard_of_hearing"].reason
            if communication.uses_interpreter:
                self.service(
                    category="related_service",
                    description=f"Educational interpreting in {self.language} for all "
                    "instruction, tests and school activities.",
                    provider_role="Educational interpreter",
                    frequency="Every school day, all day",
                    per_week=5,
                    minutes=school_day,
                    location=f"{GENERAL_CLASS} and all school settings",
                    serves=["deaf_hard_of_hearing"],
                    reason=reason,
                    label="interpreting",
                )
            if self.access.signs and not any(a in self.needs for a in ACADEMIC):
                # With an academic need, the teacher of the Deaf teaches it in the student's
                # language (the instruction service): that is the direct instruction.
                self.service(
                    category="special_education",
                    description=f"Direct instruction in {self.language} in language and "
                    "literacy from a teacher of the Deaf and hard of hearing.",
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
                else f"{communication.hearing_technology or 'hearing technology'} and captions"
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
            self._vision_services()
        if "behavior" in self.factors:
            reason = self.factors["behavior"].reason
            self.service(
                category="supplementary_aid",
                description="A daily check-in and check-out with a trusted adult, with a "
                "point sheet on the replacement behavior.",
                provider_role="Classroom staff",
                # Two short contacts a day (one at each end), not one ten-minute block.
                frequency="2 times per day",
                per_week=10,
                minutes=5,
                location="School (start and end of the day)",
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
        if "assistive_technology" in self.factors and self.access.uses_device:
            self.service(
                category="personnel_support",
                description=f"Training for staff and the family on {self.name}'s "
                "communication device: modeling language on it and keeping it charged and "
                "updated.",
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
                description="Class content and assignments modified to the alternate "
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
        if self.student.health_plan:
            self.service(
                category="personnel_support",
                description=f"Training for the adults who work with {self.name} on the health "
                "plan: what to watch for and what to do.",
                provider_role="School nurse",
                frequency="1 time per year, and when staff change",
                per_week=0.03,
                minutes=30,
                location="School (staff training)",
                serves=["health_plan"],
                reason="The record holds an individual health plan.",
                label="health plan training",
            )

    def _vision_services(self) -> None:
        reason = self.factors["blind_or_visually_impaired"].reason
        vision = self.student.vision
        if self.access.reads_braille:
            literacy: list[str] = [a for a in ("reading", "writing") if a in self.needs]
            self.service(
                category="special_education",
                description="Instruction in reading and writing braille and in braille "
                "technology"
                + (f", aimed at {self.name}'s {join_words(literacy)} goal." if literacy else "."),
                provider_role="Teacher of students with visual impairments",
                frequency="5 times per week",
                per_week=5,
                minutes=45,
                location="Resource room",
                serves=["braille", *literacy],
                reason=reason,
                label="braille instruction",
            )
            self.service(
                category="personnel_support",
                description="Braille transcription of class materials, tests and tactile "
                "graphics, ready before they are used.",
                provider_role="Braille transcriptionist",
                frequency="Every school day, as materials are needed",
                per_week=5,
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
        if vision is not None and vision.orientation_and_mobility:
            self.service(
                category="related_service",
                description="Orientation and mobility instruction for moving safely and "
                "independently at school and in the community "
                f"({vision.orientation_and_mobility}).",
                provider_role="Orientation and mobility specialist",
                frequency="2 times per week",
                per_week=2,
                minutes=30,
                location="School campus and community",
                serves=["braille" if self.access.reads_braille else "low_vision"],
                reason=reason,
                label="orientation and mobility",
            )
            self.ask(
                "special_factors",
                "Orientation and mobility",
                f"Has an orientation and mobility evaluation been done for {self.name}? If not, "
                "ask the parents' consent for one. Set the O&M minutes and goal from it; the "
                "draft proposes 2 sessions a week until then.",
                "The record notes how the student travels but holds no O&M evaluation.",
            )
        elif vision is not None and "blind_or_visually_impaired" in self.factors:
            self.ask(
                "special_factors",
                "Orientation and mobility",
                f"Does {self.name} need orientation and mobility instruction to move safely "
                "around school and the community? If the team is unsure, ask the parents' "
                "consent for an O&M evaluation.",
                "The record says nothing about how the student travels; O&M is part of the "
                "expanded core curriculum for a student with a visual impairment.",
            )

    def transfer_services(self) -> None:
        transfer = self.student.transfer
        if transfer is None or not transfer.previous_services:
            return
        match = _PREVIOUS.search(transfer.previous_services)
        if match is None:
            return
        minutes = int(match.group(1))
        daily = match.group(2).lower() in ("daily", "a day", "per day", "each day")
        resource = "resource" in transfer.previous_services.lower()
        # Comparable services bridge to the new IEP: 30 days for an in-state transfer (the
        # time to hold an IEP meeting, §300.323(c)(1)); 60 days for an out-of-state one, the
        # evaluation timeline of §300.301(c)(1). Projected; the team sets the real date.
        bridge = 30 if transfer.kind == "in_state" else 60
        until = min(self.context.dates.start + timedelta(days=bridge), self.context.dates.end)
        self.service(
            category="special_education",
            description="Services comparable to the previous IEP"
            + ("" if transfer.records_received else ", as the family reports them")
            + f": {transfer.previous_services.rstrip('.')}, until the new IEP (projected "
            f"{friendly_date(until)}; the team sets the date).",
            until=until,
            provider_role="Special education teacher",
            frequency="5 times per week" if daily else "1 time per week",
            per_week=5 if daily else 1,
            minutes=minutes,
            location="Resource room" if resource else GENERAL_CLASS,
            serves=["comparable_services"],
            reason="A transfer student receives services comparable to the previous IEP.",
            label="comparable services",
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
        braille = self.access.reads_braille
        if "reading" in self.needs and not braille:
            reason = self.needs["reading"].reason
            if not self.access.hears_speech:
                how = f"in {self.language}" if self.access.signs else "in writing"
                self.accommodation(
                    f"Directions and test items {how} where the test allows (not reading "
                    "passages on a test of reading)",
                    "both",
                    ["reading", "deaf_hard_of_hearing"],
                    reason,
                )
            else:
                self.accommodation(
                    # Not text-to-speech: a device is assistive technology, which rests on
                    # an AT evaluation (see the special factors' question).
                    "An adult reader or an audio version for long texts, except when reading "
                    "itself is tested",
                    "both",
                    ["reading"],
                    reason,
                )
            if self.alternate:
                # The alternate assessment is given one to one under its own administration
                # rules, paced by the student: a fixed multiple of a time limit means nothing
                # there, so extra time is a classroom accommodation only.
                self.accommodation(
                    "Extra time and breaks on reading-heavy class work",
                    "classroom",
                    ["reading"],
                    reason,
                )
            else:
                self.accommodation(
                    "Extended time (1.5 times) on reading-heavy tasks and tests",
                    "both",
                    ["reading"],
                    reason,
                )
        if "writing" in self.needs:
            self._writing_accommodations(braille)
        if "math" in self.needs:
            self.accommodation(
                "A calculator when computation is not what is being tested",
                "both",
                ["math"],
                self.needs["math"].reason,
            )
        if "communication" in self.needs:
            reason = self.needs["communication"].reason
            if self.access.uses_device:
                self.accommodation(
                    f"{self.name}'s device within reach at all times, and wait time to answer "
                    "with it",
                    "both",
                    ["communication"],
                    reason,
                )
            elif _RECEPTIVE.search(self.summaries("communication")):
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
        plan = self.goals.get("social_emotional")
        if plan is not None and plan.measure_key == "coping_strategies":
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
        if "math" in self.needs or _ABACUS.search(
            " ".join(a.summary for a in self.context.assessments)
        ):
            if braille and _ABACUS.search(" ".join(a.summary for a in self.context.assessments)):
                self.accommodation(
                    "An abacus for math work and tests, as in the evaluation",
                    "both",
                    ["braille"],
                    "The record shows the student computes with an abacus.",
                )

    def _writing_accommodations(self, braille: bool) -> None:
        reason = self.needs["writing"].reason
        plan = self.goals.get("writing")
        if plan is not None and plan.measure_key in TRANSCRIPTION:
            tool = (
                "Speech-to-text or a scribe"
                if self.access.speaks and not braille
                else "Word prediction and spell-check"
            )
            self.accommodation(f"{tool} for long written work", "classroom", ["writing"], reason)
        if not braille:
            self.accommodation(
                "A graphic organizer and a paragraph checklist to plan and check writing",
                "classroom",
                ["writing"],
                reason,
            )

    def factor_accommodations(self) -> None:
        communication = self.student.communication
        technology = self.factors.get("assistive_technology")
        for assessment in self.context.assessments:
            if technology is not None and assessment.id in technology.evidence:
                # The device an AT evaluation names is used in class and on tests, as
                # accommodations, not only listed under the special factor.
                self.accommodation(
                    f"The assistive technology named in the {assessment.name}, in class and on "
                    "tests where the test allows",
                    "both",
                    ["assistive_technology"],
                    technology.reason,
                )
        if "deaf_or_hard_of_hearing" in self.factors and communication is not None:
            reason = self.factors["deaf_or_hard_of_hearing"].reason
            if communication.uses_interpreter:
                self.accommodation(
                    f"An educational interpreter in {self.language} in class and for tests "
                    "(where the test allows)",
                    "both",
                    ["deaf_hard_of_hearing"],
                    reason,
                )
            self.accommodation(
                "Captions on all videos and audio", "both", ["deaf_hard_of_hearing"], reason
            )
            self.accommodation(
                "Seating with a clear view of the teacher"
                + (" and the interpreter" if communication.uses_interpreter else ""),
                "classroom",
                ["deaf_hard_of_hearing"],
                reason,
            )
            if not self.access.hears_speech:
                self.accommodation(
                    "Visual alerts for announcements and alarms",
                    "classroom",
                    ["deaf_hard_of_hearing"],
                    reason,
                )
            if communication.hears_speech and communication.hearing_technology:
                self.ask(
                    "special_factors",
                    "Hearing assistance technology",
                    f"Does {self.name} need hearing assistance technology in class (for example "
                    "a remote microphone system that works with "
                    f"{communication.hearing_technology})? "
                    "Ask the educational audiologist.",
                    "The record lists hearing technology but no audiological recommendation.",
                )
        if "blind_or_visually_impaired" in self.factors:
            self._vision_accommodations()
        if "limited_english_proficiency" in self.factors and not self.access.signs:
            home = (self.student.primary_language or "").strip()
            if home and home.lower() != "english":
                self.accommodation(
                    f"A word-to-word English-{home} glossary (on tests where allowed)",
                    "both",
                    ["english_learning"],
                    self.factors["limited_english_proficiency"].reason,
                )
        if self.student.health_plan:
            plan = self.student.health_plan
            reason = "The record holds an individual health plan."
            if _DIABETES.search(plan):
                self.accommodation(
                    "Snacks, water, restroom breaks and glucose checks whenever needed, "
                    "including during tests",
                    "both",
                    ["health_plan"],
                    reason,
                )
                self.accommodation(
                    "A test paused and finished later when blood sugar is out of range, as the "
                    "health plan sets out",
                    "testing",
                    ["health_plan"],
                    reason,
                )
            else:
                self.accommodation(
                    "Breaks and access to the nurse as the health plan sets out, including "
                    "during tests",
                    "both",
                    ["health_plan"],
                    reason,
                )

    def _vision_accommodations(self) -> None:
        reason = self.factors["blind_or_visually_impaired"].reason
        vision = self.student.vision
        if self.access.reads_braille:
            self.accommodation(
                "All materials and tests in braille, with tactile graphics",
                "both",
                ["braille"],
                reason,
            )
            self.accommodation(
                "Extended time for reading and writing in braille (the team sets how much)",
                "both",
                ["braille"],
                reason,
            )
        elif vision is not None:
            if "large_print" in vision.learning_media:
                self.accommodation(
                    "Materials and tests in large print", "both", ["low_vision"], reason
                )
            if {"print", "large_print"} & set(vision.learning_media):
                self.accommodation(
                    "Good lighting and seating the student chooses, near the board",
                    "classroom",
                    ["low_vision"],
                    reason,
                )
        if vision is not None and "auditory" in vision.learning_media:
            target = "braille" if self.access.reads_braille else "low_vision"
            self.accommodation(
                "Audio versions of long texts, except when reading itself is tested",
                "both",
                [target],
                reason,
            )


def decide_supports(
    context: GenerationContext,
    areas: list[AreaDecision],
    goals: list[GoalPlan],
    factors: list[FactorDecision],
    questions: list[SectionQuestion],
) -> tuple[list[SupportPlan], list[AccommodationPlan]]:
    builder = _Builder(context, areas, goals, factors, questions)
    builder.instruction()
    builder.related()
    builder.factor_services()
    builder.transfer_services()
    builder.area_accommodations()
    builder.factor_accommodations()
    return _speech_only_as_special_education(builder.services), builder.accommodations


def _speech_only_as_special_education(services: list[SupportPlan]) -> list[SupportPlan]:
    """When speech-language therapy is the only instruction, it is the student's special
    education (34 CFR §300.39(a)(2)(i), §300.8(a)(2)(ii)), not a related service beside none."""
    if any(s.category == "special_education" for s in services):
        return services
    return [
        s.model_copy(update={"category": "special_education"})
        if s.provider_role == "Speech-language pathologist" and "communication" in s.serves
        else s
        for s in services
    ]
