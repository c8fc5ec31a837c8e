"""The five special factors (34 CFR §300.324(a)(2)), each answered from the record.

A factor applies when the record shows it — a hearing loss, a visual impairment, a
behavior that impedes learning, an English learner, a device — never because of a
category's usual picture. Where it applies, the response is built from what the record
says (the student's language and mode, learning media, the behavior's function); where
the record lacks what the response needs, the gap becomes a question for the team.
"""

from __future__ import annotations

import re
from typing import Final

from iepgen.generation.context import GenerationContext
from iepgen.generation.decisions.access import Access
from iepgen.generation.decisions.model import AreaDecision, FactorDecision, SectionQuestion
from iepgen.generation.decisions.readings import read_assessment
from iepgen.sections.base import friendly_date
from iepgen.sections.special_factors import (
    AssistiveTechnologyPlan,
    BehaviorSupports,
    BrailleProvision,
    CommunicationPlan,
    LanguageNeeds,
)
from iepgen.sections.vocabulary import count_of, join_words
from iepgen.students.record_parts import (
    BRAILLE_CODE_LABELS,
    FUNCTION_LABELS,
    LEARNING_MEDIUM_LABELS,
)

HEARING_CATEGORIES: Final = frozenset({"deafness", "hearing_impairment", "deaf_blindness"})
VISION_CATEGORIES: Final = frozenset({"visual_impairment", "deaf_blindness"})
_HEARING_WORDS: Final = re.compile(r"audiogram|audiolog|hearing|decibel|\bdB\b", re.I)
_VISION_WORDS: Final = re.compile(r"ophthalm|optometr|visual acuity|vision|eye report", re.I)

# Up to this age (at the end of the IEP) a first-then picture board fits; older students
# get the same support as a written checklist.
YOUNG_CHILD_AGE: Final = 10
# Antecedent changes, a replacement serving the same function, and staff responses.
BY_FUNCTION: Final[dict[str, tuple[str, str, str]]] = {
    "escape": (
        "Tasks broken into short parts with a clear end; choices in how to do the work; a "
        "{first_then}; warnings before hard tasks and transitions.",
        "ask for a short break with a break card or a set phrase",
        "Staff honor a break request at once and prompt it before the behavior starts; after "
        "the break the task resumes, so the behavior does not end the work.",
    ),
    "attention": (
        "Scheduled adult check-ins and frequent praise for expected behavior; a seat near "
        "the teacher; a planned way to get help.",
        "ask for attention appropriately (raise a hand, use a help card, ask for a check-in)",
        "Staff give attention for the replacement behavior and keep responses to the target "
        "behavior brief and neutral.",
    ),
    "tangible": (
        "A visual schedule and a timer before preferred items or activities end; a clear "
        "'first work, then choice' plan.",
        "ask for a turn, for more time, or for the item later",
        "Staff give the item or activity after the request when possible, and never after "
        "the target behavior.",
    ),
    "sensory": (
        "Scheduled movement or sensory breaks; sensory tools within reach; a quieter work "
        "space when the room is loud.",
        "ask for a sensory break or use a sensory tool",
        "Staff redirect to the sensory tool or break and praise its use.",
    ),
}


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def is_hearing_finding(text: str) -> bool:
    return bool(_HEARING_WORDS.search(text))


def is_vision_finding(text: str) -> bool:
    return bool(_VISION_WORDS.search(text))


def _hearing_evidence(context: GenerationContext) -> list[str]:
    return [
        a.id
        for a in context.assessments
        if read_assessment(a).status == "access" and _HEARING_WORDS.search(f"{a.name} {a.summary}")
    ]


def _vision_evidence(context: GenerationContext) -> list[str]:
    return [
        a.id
        for a in context.assessments
        if read_assessment(a).status == "access" and _VISION_WORDS.search(f"{a.name} {a.summary}")
    ]


def is_deaf_or_hard_of_hearing(context: GenerationContext) -> bool:
    communication = context.student.communication
    return bool(
        context.student.categories & HEARING_CATEGORIES
        or _hearing_evidence(context)
        or (
            communication is not None
            and (
                communication.hearing_technology
                or communication.mode == "signed"
                or communication.hears_speech is False
                # Interpreting services under IDEA serve Deaf and hard-of-hearing students
                # (34 CFR §300.34(c)(4)).
                or communication.uses_interpreter
            )
        )
    )


def is_visually_impaired(context: GenerationContext) -> bool:
    vision = context.student.vision
    return bool(
        context.student.categories & VISION_CATEGORIES
        or _vision_evidence(context)
        or (vision is not None and vision.functional_vision not in (None, "sighted"))
        or (vision is not None and "braille" in vision.learning_media)
    )


def reads_braille(context: GenerationContext) -> bool:
    """Braille is the presumption for a blind student unless an evaluation rules it out."""
    return Access.of(context).reads_braille


def _academic_level(context: GenerationContext, areas: list[AreaDecision]) -> str:
    academic = [a for a in areas if a.area in ("reading", "writing", "math")]
    if not academic:
        return (
            f"The record holds no current academic data for {context.student.first_name}; "
            "the team confirms the academic level at the meeting."
        )
    parts = []
    for decision in academic:
        word = {
            "need": "an area of need",
            "not_a_need": "not an area of need",
            "unclear": "not yet decided",
            "no_data": "without data",
        }[decision.status]
        parts.append(f"{decision.area} is {word}")
    return _upper_first("; ".join(parts)) + " (see present levels)."


def _communication_factor(
    context: GenerationContext, areas: list[AreaDecision], questions: list[SectionQuestion]
) -> FactorDecision:
    student = context.student
    name = student.first_name
    evidence = _hearing_evidence(context)
    if not is_deaf_or_hard_of_hearing(context):
        return FactorDecision(
            factor="deaf_or_hard_of_hearing",
            applies=False,
            reason=f"The record shows no hearing loss for {name}.",
        )
    communication = student.communication
    if communication is None or not (communication.language or communication.mode):
        questions.append(
            SectionQuestion(
                section_type="special_factors",
                topic="Language and communication mode",
                question=f"What is {name}'s language and communication mode (e.g. ASL, "
                "spoken English with hearing aids)? Does "
                f"{name} use an interpreter? Record it in the student's communication details.",
                reason="The communication plan for a Deaf or hard-of-hearing student rests "
                "on the student's language and mode (34 CFR §300.324(a)(2)(iv)).",
            )
        )
        return FactorDecision(
            factor="deaf_or_hard_of_hearing",
            applies=True,
            reason=f"{name} is Deaf or hard of hearing, but the record does not give "
            f"{name}'s language and communication mode yet.",
            evidence=[*evidence, "student.disability_category"],
            targets=["deaf_hard_of_hearing"],
        )
    language = communication.language or "the student's language"
    signed = communication.mode == "signed" or (
        communication.language is not None and "sign" in communication.language.lower()
    )
    mode_words = {
        "spoken": "spoken",
        "signed": "signed",
        "aac": "through an AAC device",
        "combined": "signed and spoken",
    }.get(communication.mode or "", "")
    hearing = ""
    if communication.hears_speech is False:
        hearing = f" {name} does not understand speech through hearing."
    elif communication.hearing_technology:
        hearing = f" {name} uses {communication.hearing_technology}."
    range_parts = []
    if communication.uses_interpreter:
        range_parts.append(
            f"an educational interpreter in {language} for all instruction and school activities"
        )
    range_parts.append("captions on all videos and audio")
    range_parts.append(
        "visual alerts (including fire alarms) and seating with a clear view "
        "of the teacher" + (" and the interpreter" if communication.uses_interpreter else "")
    )
    if communication.hearing_technology:
        range_parts.append(f"daily checks that the {communication.hearing_technology} work")
    if signed:
        # Who at school signs is a fact the record does not hold; the plan names the
        # requirement and the team fills in the people and places.
        direct = (
            f"{name} needs daily opportunities to communicate directly in {language} with "
            "peers and staff, not only through an interpreter. The team lists who and where "
            "at the meeting (see the question below)."
        )
        questions.append(
            SectionQuestion(
                section_type="special_factors",
                topic="Direct communication",
                question=f"Which staff and peers at school communicate directly with {name} in "
                f"{language}, and when? If there are few, how will the team create "
                "opportunities (a signing peer group, Deaf mentors, staff sign classes)?",
                reason="The team must consider opportunities for direct communication with "
                "peers and staff in the child's language and mode (34 CFR §300.324(a)(2)(iv)).",
            )
        )
    else:
        direct = (
            f"{name} communicates directly in {language} with peers and staff: seating where "
            f"{name} can see faces, one speaker at a time in discussions, and checks that "
            f"{name} understood."
        )
    if signed:
        questions.append(
            SectionQuestion(
                section_type="special_factors",
                topic=f"{language} proficiency",
                question=f"What is {name}'s current proficiency in {language} (for example from "
                f"an assessment of {language}), and by when will it be measured if no one knows?",
                reason="The communication plan considers the child's language and communication "
                "needs and level (34 CFR §300.324(a)(2)(iv)).",
            )
        )
    if communication.hears_speech is False and not communication.hearing_technology:
        questions.append(
            SectionQuestion(
                section_type="special_factors",
                topic="Hearing technology",
                question=f"Does {name} wear hearing aids or a cochlear implant at school? If so, "
                "who checks them each day, and would hearing assistance technology help? Ask "
                "the educational audiologist.",
                reason="The record names no hearing technology.",
            )
        )
    plan = CommunicationPlan(
        language_and_mode=f"{language}{', ' + mode_words if mode_words else ''}.{hearing}",
        direct_communication=direct,
        direct_instruction=(
            # Proposed, not asserted: who at school is fluent is the team's fact (a question).
            f"Proposed: direct instruction in {language} (see services) from a teacher of the "
            f"Deaf and hard of hearing fluent in {language}; the team names who gives it."
            if signed
            else f"A teacher of the Deaf and hard of hearing works with {name} on language and "
            "listening as the services describe."
        ),
        academic_level=_academic_level(context, areas),
        full_range_of_needs=_upper_first("; ".join(range_parts)) + ".",
    )
    return FactorDecision(
        factor="deaf_or_hard_of_hearing",
        applies=True,
        reason=f"{name} is {'Deaf' if communication.hears_speech is False else 'hard of hearing'}"
        f"; the communication plan follows {name}'s recorded language and mode ({language}).",
        evidence=[*evidence, "student.communication"],
        plan=plan.model_dump(),
        targets=["deaf_hard_of_hearing"],
    )


def _vision_factor(context: GenerationContext, questions: list[SectionQuestion]) -> FactorDecision:
    student = context.student
    name = student.first_name
    if not is_visually_impaired(context):
        return FactorDecision(
            factor="blind_or_visually_impaired",
            applies=False,
            reason=f"The record shows no visual impairment for {name}.",
        )
    vision = student.vision
    evidence = [
        *_vision_evidence(context),
        "student.vision" if vision else "student.disability_category",
    ]
    if vision is None or not (vision.learning_media or vision.functional_vision):
        questions.append(
            SectionQuestion(
                section_type="special_factors",
                topic="Learning media",
                question=f"What are {name}'s learning media (braille, large print, print, "
                "auditory), and when was the learning media assessment? Record them in the "
                "student's vision details.",
                reason="IDEA requires instruction in braille unless an evaluation of reading "
                "and writing media finds it not appropriate (34 CFR §300.324(a)(2)(iii)).",
            )
        )
        return FactorDecision(
            factor="blind_or_visually_impaired",
            applies=True,
            reason=f"{name} has a visual impairment; the record does not yet give the learning "
            "media the braille decision rests on.",
            evidence=evidence,
            targets=["braille", "low_vision"],
        )
    media = [LEARNING_MEDIUM_LABELS[m] for m in vision.learning_media] or ["not recorded"]
    assessed = (
        f" (learning media assessment, {friendly_date(vision.learning_media_assessment_on)})"
        if vision.learning_media_assessment_on
        else ""
    )
    travel = vision.orientation_and_mobility
    if reads_braille(context):
        codes = [BRAILLE_CODE_LABELS[c] for c in vision.braille_codes] or [
            BRAILLE_CODE_LABELS["ueb"]
        ]
        math = "nemeth" in vision.braille_codes
        plan = BrailleProvision(
            learning_media=f"{_upper_first(', '.join(media))}{assessed}.",
            braille_instruction=f"Direct instruction in reading and writing braille, in "
            f"{' and '.join(codes)}, by a teacher of students with visual impairments "
            "(see services)."
            + ("" if math else " The team decides when Nemeth Code instruction for math begins."),
            materials="Every print material in braille, ready when classmates get print; "
            "tactile graphics for diagrams, maps and graphs; tests in braille.",
            expanded_core=(
                f"Orientation and mobility instruction ({travel})"
                if travel
                else "Orientation and mobility as an orientation and mobility evaluation finds"
            )
            + "; the braille technology named under assistive technology, taught directly.",
        )
        if not vision.learning_media_assessment_on:
            questions.append(
                SectionQuestion(
                    section_type="special_factors",
                    topic="Learning media assessment",
                    question=f"When was {name}'s learning media assessment? Record its date, "
                    "or plan one this year.",
                    reason="The braille decision rests on an evaluation of reading and "
                    "writing media, including future needs.",
                )
            )
        targets = ["braille", "assistive_technology"]
        reason = f"{name} reads braille; instruction in braille and its use is provided."
    elif vision.braille_not_appropriate:
        plan = BrailleProvision(
            learning_media=f"{_upper_first(', '.join(media))}{assessed}.",
            braille_instruction="The team's evaluation of reading and writing skills, needs "
            "and media, including future needs, found braille instruction not appropriate "
            f"for {name} at this time.",
            materials="Materials in the recorded learning media: " + ", ".join(media) + ".",
            expanded_core=f"Orientation and mobility: {travel}." if travel else "",
        )
        targets = ["low_vision"]
        reason = f"{name} reads print; the evaluation found braille not appropriate."
    else:
        questions.append(
            SectionQuestion(
                section_type="special_factors",
                topic="Braille",
                question=f"Has an evaluation of {name}'s reading and writing media (including "
                "future needs) found braille instruction not appropriate? If not, the IEP "
                "must provide for braille instruction.",
                reason="IDEA presumes braille instruction for a student who is blind or "
                "visually impaired unless an evaluation finds it not appropriate.",
            )
        )
        return FactorDecision(
            factor="blind_or_visually_impaired",
            applies=True,
            reason=f"{name} reads {', '.join(media)}; the record does not say whether an "
            "evaluation found braille not appropriate.",
            evidence=evidence,
            targets=["low_vision"],
        )
    return FactorDecision(
        factor="blind_or_visually_impaired",
        applies=True,
        reason=reason,
        evidence=evidence,
        plan=plan.model_dump(),
        targets=targets,
    )


def _language_factor(
    context: GenerationContext, areas: list[AreaDecision], questions: list[SectionQuestion]
) -> FactorDecision:
    student = context.student
    name = student.first_name
    if not student.english_learner:
        return FactorDecision(
            factor="limited_english_proficiency",
            applies=False,
            reason=f"{name} is not recorded as an English learner.",
        )
    learning = student.english_learning
    home = student.primary_language or "the home language"
    _ask_how_language_was_ruled_out(context, areas, questions)
    family_language = student.document_language or student.primary_language
    if learning is None or not learning.proficiency_level:
        questions.append(
            SectionQuestion(
                section_type="special_factors",
                topic="English proficiency",
                question=f"What is {name}'s current English proficiency level, and from which "
                "test and date? Record it in the student's English learning details.",
                reason="The IEP considers an English learner's language needs as they relate "
                "to the IEP (34 CFR §300.324(a)(2)(ii)).",
            )
        )
    if learning is None or not learning.el_services:
        questions.append(
            SectionQuestion(
                section_type="special_factors",
                topic="English language services",
                question=f"Which English language development services does {name} receive "
                "now, how often and from whom?",
                reason="EL services continue alongside special education.",
            )
        )
    proficiency = (
        f"{learning.proficiency_level}"
        + (f" on the {learning.proficiency_test}" if learning.proficiency_test else "")
        + (f" ({friendly_date(learning.tested_on)})" if learning.tested_on else "")
        if learning is not None and learning.proficiency_level
        else ""
    )
    services = learning.el_services if learning is not None and learning.el_services else ""
    test = (
        learning.proficiency_test
        if learning and learning.proficiency_test
        else "the state's English language proficiency test"
    )
    signing = student.communication is not None and student.communication.mode == "signed"
    testing = f"{name} takes {test} each year, with the accommodations in this IEP that the "
    testing += "test allows."
    if signing:
        testing += " The team decides, under the state's rules, how the listening and speaking "
        testing += f"domains are given or exempted for {name}."
        questions.append(
            SectionQuestion(
                section_type="accommodations",
                topic="English proficiency test domains",
                question=f"How will {name} take the listening and speaking domains of {test}: "
                "with accommodations, or exempted under the state's rules for Deaf students?",
                reason=f"{name} communicates in a signed language.",
            )
        )
    plan = LanguageNeeds(
        proficiency=proficiency,
        language_services=(
            f"{services.rstrip('.')}. English language development continues alongside "
            "special education, planned with the EL teacher."
            if services
            else ""
        ),
        english_proficiency_testing=testing,
        family_communication=(
            # Offered from now on, not stated as done: the record does not say a translated
            # IEP or an interpreter has been arranged (34 CFR §300.322(e)).
            f"Notices, reports and this IEP will be offered in {family_language}, and a "
            f"{family_language} interpreter will be provided at meetings."
            if family_language and family_language.lower() != "english"
            else f"Notices and meetings in the family's language ({home})."
        ),
    )
    return FactorDecision(
        factor="limited_english_proficiency",
        applies=True,
        reason=f"{name} is an English learner; the home language is {home}.",
        evidence=["student.english_learner"] + (["student.english_learning"] if learning else []),
        plan=plan.model_dump(),
        targets=["english_learning"],
    )


_SHORT_WORDS: Final = frozenset({"without", "during", "other", "their", "about", "after"})


def _ask_for_a_count_of_the_target(
    context: GenerationContext, target: str, questions: list[SectionQuestion]
) -> None:
    """The behavior plan targets one behavior; when the behavior data measure something else
    (off-task intervals for a student who leaves the room), nothing shows how often the
    target happens, and no goal can reduce it: the team is asked to count it."""
    words = {
        word[:5]
        for word in re.findall(r"[a-z]+", target.lower())
        if len(word) > 4 and word not in _SHORT_WORDS
    }
    data = " ".join(
        a.summary.lower() for a in context.assessments if a.area in {"behavior", "social_emotional"}
    )
    if not words or any(stem in data for stem in words):
        return
    name = context.student.first_name
    questions.append(
        SectionQuestion(
            section_type="annual_goals",
            topic="How often the target behavior happens",
            question=f"{name} {target.rstrip('.')}: how often does this happen now? Count it "
            "(times a week, from incident or classroom records) so a goal can set how far it "
            "should fall.",
            reason="The behavior plan's target behavior is not what the behavior data measure; "
            "a behavior that impedes learning needs a baseline of its own (34 CFR "
            "§300.324(a)(2)(i), §300.320(a)(2)).",
            decide_by=context.dates.baseline_due,
        )
    )


def _behavior_factor(
    context: GenerationContext, areas: list[AreaDecision], questions: list[SectionQuestion]
) -> FactorDecision:
    student = context.student
    name = student.first_name
    area = next((a for a in areas if a.area == "behavior" and a.status == "need"), None)
    record = student.behavior
    removals = (record.removals_this_year_days or 0) if record else 0
    unclear = next((a for a in areas if a.area == "behavior" and a.status == "unclear"), None)
    if area is None and not removals and unclear is not None:
        return FactorDecision(
            factor="behavior",
            applies=False,
            reason=f"Pending the team's finding: the behavior data for {name} are unclear (see "
            "the question in present levels). If the team finds that behavior gets in the way "
            "of learning, it adds positive behavior supports.",
            evidence=unclear.evidence,
        )
    if area is None and not removals:
        return FactorDecision(
            factor="behavior",
            applies=False,
            reason=f"The record shows no behavior that gets in the way of {name}'s learning or "
            "that of others (no behavior assessment, plan, incident data or removals).",
        )
    evidence = [e for e in (area.evidence if area else []) if e != "student.behavior"]
    if record is not None:
        evidence.append("student.behavior")
    function = record.hypothesized_function if record else None
    if function is None:
        questions.append(
            SectionQuestion(
                section_type="special_factors",
                topic="Function of the behavior",
                question=f"What does the functional behavior assessment find the behavior does "
                f"for {name} (escape, attention, getting an item, sensory)? Record it in the "
                "student's behavior details so the supports can match it.",
                reason="Positive behavior supports are built on the behavior's function.",
            )
        )
    target = (
        record.target_behavior
        if record and record.target_behavior
        else "The behavior the assessment describes (see present levels)"
    )
    if record is not None and record.target_behavior and area is not None:
        _ask_for_a_count_of_the_target(context, record.target_behavior, questions)
    antecedents, replacement_default, responses = BY_FUNCTION.get(
        function or "",
        (
            "Clear routines, a visual schedule, warnings before changes and praise for expected "
            "behavior, until the function is known.",
            "",
            "Staff respond calmly and consistently, as the behavior plan sets out.",
        ),
    )
    # A picture board suits a young child; an older student gets a written checklist.
    antecedents = antecedents.replace(
        "{first_then}",
        "first-then board"
        if context.age_at_end <= YOUNG_CHILD_AGE
        else "written task checklist showing what comes first and what comes next",
    )
    if record is not None and record.antecedents:
        antecedents = (
            f"When {record.antecedents.rstrip('.')}: {antecedents[0].lower()}{antecedents[1:]}"
        )
    replacement = record.replacement_behavior if record and record.replacement_behavior else ""
    if not replacement:
        if replacement_default:
            replacement = f"Proposed: {name} learns to {replacement_default}"
            questions.append(
                SectionQuestion(
                    section_type="special_factors",
                    topic="Replacement behavior",
                    question=f"Does the team agree that {name} will learn to "
                    f"{replacement_default}? Record the replacement behavior.",
                    reason="A replacement behavior must serve the same function as the "
                    "behavior it replaces.",
                )
            )

    plan_text = ""
    if record is not None and record.behavior_plan_on:
        plan_text = (
            "The behavior intervention plan dated "
            f"{friendly_date(record.behavior_plan_on)} stays in effect; the team reviews it "
            "with this IEP."
        )
    elif area is not None:
        questions.append(
            SectionQuestion(
                section_type="special_factors",
                topic="Behavior intervention plan",
                question=f"Does {name} have a behavior intervention plan? If so, record its "
                "date; if not, does the team need to write one?",
                reason="The record shows behavior that impedes learning but no plan.",
            )
        )
    removal_text = ""
    if record is not None and record.removals_this_year_days is not None:
        removal_text = (
            f"{count_of(record.removals_this_year_days, 'school day')} of removal this school year."
        )
        if record.removals_this_year_days >= 10:
            removal_text += (
                " More than 10 days of removal is a change of placement: a manifestation "
                "determination review is required before any further removal."
            )
    plan = BehaviorSupports(
        target_behavior=target,
        hypothesized_function=(
            f"The functional behavior assessment suggests the behavior occurs "
            f"{FUNCTION_LABELS[function]}."
            if function
            else ""
        ),
        antecedent_strategies=antecedents,
        replacement_behavior=replacement,
        staff_responses=responses,
        behavior_plan=plan_text,
        removals=removal_text,
    )
    return FactorDecision(
        factor="behavior",
        applies=True,
        reason=area.reason
        if area
        else f"{name} was removed from class {count_of(removals, 'day')} this year.",
        evidence=list(dict.fromkeys(evidence)),
        plan=plan.model_dump(),
        targets=["behavior_plan", "behavior"],
    )


def _technology_examples(context: GenerationContext) -> str:
    """Examples the student could use: no text-to-speech for a student who does not hear."""
    access = Access.of(context)
    if not access.hears_speech:
        return "for example captioned or signed versions of texts, or word prediction"
    if not access.speaks:
        return "for example text-to-speech or word prediction"
    return "for example text-to-speech, word prediction or speech-to-text"


def _assistive_technology_factor(
    context: GenerationContext, areas: list[AreaDecision], questions: list[SectionQuestion]
) -> FactorDecision:
    student = context.student
    name = student.first_name
    communication = student.communication
    devices: list[str] = []
    training: list[str] = []
    evidence: list[str] = []
    if communication is not None and (communication.aac_device or communication.mode == "aac"):
        devices.append(
            communication.aac_device
            or "the augmentative and alternative communication (AAC) system the student uses"
        )
        training.append(
            f"The speech-language pathologist teaches {name} to use the device across the day "
            "and trains classroom staff and the family. Proposed for the team to decide: the "
            "device goes home each day (34 CFR §300.105(b)) and its vocabulary is updated as "
            "needs change"
        )
        evidence.append("student.communication")
    if reads_braille(context):
        # Every braille reader writes braille with something; which device is the team's
        # finding (a braillewriter for a young reader, a notetaker or display later).
        devices.append(
            "the braille writing tools the team names at the meeting (a braillewriter, "
            "refreshable braille display or notetaker)"
        )
        training.append(
            "The teacher of students with visual impairments teaches their use and trains "
            "staff to prepare accessible files"
        )
        evidence.append("student.vision")
        questions.append(
            SectionQuestion(
                section_type="special_factors",
                topic="Braille technology",
                question=f"Which braille technology does {name} use or need now (braillewriter, "
                "refreshable braille display, notetaker, screen reader)? Has an assistive "
                "technology evaluation been done?",
                reason="The record names braille as the reading medium but no device.",
            )
        )
    for assessment in context.assessments:
        if re.search(r"assistive technology", assessment.name, re.I):
            devices.append(
                f"the technology named in the {assessment.name} "
                f"({friendly_date(assessment.administered_on)})"
            )
            training.append(
                f"The evaluator or the special education teacher teaches {name} to use it, "
                "and each teacher learns how it is used in their class"
            )
            evidence.append(assessment.id)
    needs = {a.area for a in areas if a.status == "need"} & {"reading", "writing", "math"}
    if not devices and needs:
        # A need in reading or writing is a reason to consider assistive technology, not
        # evidence of which device helps: that is what an AT evaluation finds.
        questions.append(
            SectionQuestion(
                section_type="special_factors",
                topic="Assistive technology",
                question=f"Would assistive technology help {name} with "
                f"{join_words(sorted(needs))} ({_technology_examples(context)})? "
                "Does the team want an assistive technology evaluation? Record any device "
                f"{name} already uses.",
                reason="The team must consider whether the student needs assistive technology "
                "(34 CFR §300.324(a)(2)(v)); the record holds no AT evaluation or device.",
            )
        )
        return FactorDecision(
            factor="assistive_technology",
            applies=False,
            reason=f"The record holds no assistive technology evaluation or device for {name}. "
            f"The team considers at the meeting whether technology would help with "
            f"{join_words(sorted(needs))}, and whether to evaluate.",
        )
    if not devices:
        return FactorDecision(
            factor="assistive_technology",
            applies=False,
            reason=f"No need for assistive technology appears in {name}'s record; the team "
            "reviews this if needs change.",
        )
    plan = AssistiveTechnologyPlan(
        devices=_upper_first("; ".join(devices)) + ".",
        services_and_training=". ".join(training) + ".",
    )
    return FactorDecision(
        factor="assistive_technology",
        applies=True,
        reason=f"{name}'s decided needs and record call for assistive technology.",
        evidence=evidence,
        plan=plan.model_dump(),
        targets=["assistive_technology"],
    )


def _ask_how_language_was_ruled_out(
    context: GenerationContext, areas: list[AreaDecision], questions: list[SectionQuestion]
) -> None:
    """A literacy need of an English learner rests on data that separate the disability from
    learning English (34 CFR §300.306(b)(1)(iii)): an English reading score alone does not.
    Unless an assessment of the need speaks of the home language, the team is asked."""
    literacy = [a for a in areas if a.status == "need" and a.area in {"reading", "writing"}]
    if not literacy:
        return
    student = context.student
    home = (student.primary_language or "").strip()
    summaries = " ".join(
        a.summary for a in context.assessments if a.area in {area.area for area in literacy}
    ).lower()
    if home and home.lower() != "english" and home.lower() in summaries:
        return
    in_home = f"in {home}" if home and home.lower() != "english" else "in the home language"
    questions.append(
        SectionQuestion(
            section_type="present_levels",
            topic="Learning English and the literacy need",
            question=f"Which data show that {student.first_name}'s "
            f"{join_words([a.area for a in literacy])} difficulty is not mainly due to learning "
            f"English? For example, literacy {in_home}, or growth compared with English "
            "learners at the same proficiency level. Record it with the present levels.",
            reason="A disability is not found where limited English proficiency is the "
            "determinant factor (34 CFR §300.306(b)(1)(iii)); the record's English scores "
            "alone do not separate the two.",
        )
    )


def decide_factors(
    context: GenerationContext, areas: list[AreaDecision], questions: list[SectionQuestion]
) -> list[FactorDecision]:
    """The five factors in the order of the regulation."""
    return [
        _behavior_factor(context, areas, questions),
        _language_factor(context, areas, questions),
        _vision_factor(context, questions),
        _communication_factor(context, areas, questions),
        _assistive_technology_factor(context, areas, questions),
    ]
