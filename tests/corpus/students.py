"""Fictional students who each test a decision an IEP draft must get right.

Every record is written as the API takes it (`POST /students`, `POST .../assessments`),
so the same cases drive unit tests of the decisions, API tests and the benchmarks. The
IEPs are drafted for a meeting on 30 November 2026 (academic year 2026-2027).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

MEETING: Final = date(2026, 11, 30)
ACADEMIC_YEAR: Final = "2026-2027"


@dataclass(frozen=True)
class Case:
    key: str
    what: str
    student: dict[str, Any]
    assessments: list[dict[str, Any]] = field(default_factory=list)
    previous_goals: list[dict[str, Any]] = field(default_factory=list)


def _student(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "school": "Juniper Ridge School",
        "primary_language": "English",
        "parent_guardian_names": ["Sam Okafor-Reyes"],
        "last_evaluation_on": "2025-10-01",
    }
    base.update(values)
    return base


DEAF_ASL_EL = Case(
    "deaf_asl_el",
    "A Deaf ASL user who is also an English learner",
    _student(
        first_name="Ximena",
        last_name="Arroyave",
        date_of_birth="2016-03-09",
        grade_level="5",
        disability_category="deafness",
        primary_language="Spanish",
        english_learner=True,
        parent_guardian_names=["Lucía Arroyave"],
        document_language="Spanish",
        strengths="Expressive storyteller in ASL; strong visual memory.",
        parent_concerns="Wants her to read and write English well and to have Deaf friends.",
        communication={
            "language": "American Sign Language",
            "mode": "signed",
            "uses_interpreter": True,
            "hears_speech": False,
        },
        english_learning={
            "proficiency_level": "WIDA composite 2.1 (emerging)",
            "proficiency_test": "WIDA ACCESS for ELLs",
            "tested_on": "2026-02-12",
            "el_services": "English language development, 30 minutes daily",
        },
        percent_in_general_education=80,
    ),
    [
        {
            "name": "Audiological evaluation",
            "area": "health",
            "administered_on": "2026-09-02",
            "summary": "Profound bilateral sensorineural hearing loss; no functional access to "
            "speech with hearing aids.",
            "evaluator": "Educational audiologist",
        },
        {
            "name": "Woodcock-Johnson IV Passage Comprehension",
            "area": "reading",
            "administered_on": "2026-09-20",
            "score": 76,
            "score_type": "standard_score",
            "percentile": 5,
            "summary": "Answered 55% of comprehension questions correctly on "
            "grade-3 passages presented in print.",
            "evaluator": "School psychologist",
        },
        {
            "name": "KeyMath-3",
            "area": "math",
            "administered_on": "2026-09-21",
            "score": 98,
            "score_type": "standard_score",
            "percentile": 45,
            "summary": "Computation and problem solving in the average range.",
            "evaluator": "School psychologist",
        },
    ],
)

BLIND_BRAILLE = Case(
    "blind_braille",
    "A blind braille reader",
    _student(
        first_name="Tobias",
        last_name="Lindqvist",
        date_of_birth="2017-06-14",
        grade_level="4",
        disability_category="visual_impairment",
        strengths="Curious; excellent listening comprehension; plays piano.",
        parent_concerns="Wants him to keep up with braille and get around school on his own.",
        vision={
            "functional_vision": "totally_blind",
            "learning_media": ["braille", "auditory"],
            "braille_codes": ["ueb", "nemeth"],
            "learning_media_assessment_on": "2026-09-10",
            "orientation_and_mobility": "uses a long cane",
        },
    ),
    [
        {
            "name": "Braille reading fluency probe",
            "area": "reading",
            "administered_on": "2026-09-15",
            "summary": "Read 38 words correct per minute in "
            "grade-4 UEB passages (grade-4 benchmark 90).",
            "evaluator": "TVI",
        },
        {
            "name": "KeyMath-3",
            "area": "math",
            "administered_on": "2026-09-16",
            "score": 95,
            "score_type": "standard_score",
            "percentile": 37,
            "summary": "Math reasoning in the average range using Nemeth and an abacus.",
            "evaluator": "School psychologist",
        },
    ],
)

ED_WITH_FBA = Case(
    "ed_with_fba",
    "A 13-year-old with emotional disturbance and a functional behavior assessment",
    _student(
        first_name="Dashiell",
        last_name="Pruitt",
        date_of_birth="2013-05-02",
        grade_level="7",
        disability_category="emotional_disturbance",
        strengths="Kind to younger students; strong in science labs.",
        parent_concerns="Leaves class when work gets hard; suspended twice this fall.",
        behavior={
            "target_behavior": "leaves the classroom without permission",
            "antecedents": "he is asked to start a written task",
            "hypothesized_function": "escape",
            "replacement_behavior": "ask for a break with a break card",
            "functional_behavior_assessment_on": "2026-10-05",
            "behavior_plan_on": "2026-10-20",
            "removals_this_year_days": 4,
        },
        percent_in_general_education=85,
    ),
    [
        {
            "name": "Functional behavior assessment observation",
            "area": "behavior",
            "administered_on": "2026-10-05",
            "summary": "Off-task in 45% of intervals during independent written work.",
            "evaluator": "School psychologist",
        },
        {
            "name": "BASC-3 Teacher Rating Scales, Externalizing Problems",
            "area": "behavior",
            "administered_on": "2026-10-01",
            "score": 74,
            "score_type": "t_score",
            "summary": "Clinically significant externalizing problems.",
            "evaluator": "School psychologist",
        },
        {
            "name": "MAP Growth Math",
            "area": "math",
            "administered_on": "2026-09-12",
            "percentile": 55,
            "summary": "RIT 224, 55th percentile.",
            "evaluator": "Teacher",
        },
    ],
)

ALTERNATE_AAC = Case(
    "alternate_aac",
    "A 16-year-old on alternate standards who uses a speech-generating device",
    _student(
        first_name="Imani",
        last_name="Castellanos",
        date_of_birth="2010-02-11",
        grade_level="10",
        disability_category="intellectual_disability",
        secondary_disabilities=["speech_language_impairment"],
        alternate_assessment=True,
        strengths="Loves music and helping in the school store; recognizes many logos.",
        interests="Music, animals, the school store",
        parent_concerns="Wants her to communicate with new people and to work after school.",
        communication={
            "mode": "aac",
            "aac_device": "a speech-generating device (tablet with a symbol-based app)",
            "hears_speech": True,
        },
        postsecondary_aspirations={
            "education_training": "attend the community college's program for students with "
            "intellectual disabilities",
            "employment": "work in a grocery store, stocking shelves",
            "independent_living": "live in a supported apartment with a roommate",
            "course_of_study": "Courses aligned to the alternate achievement standards, with "
            "community-based instruction and a school work placement each year, toward the "
            "state's alternate diploma",
        },
        invited_to_meeting_on="2026-11-02",
        percent_in_general_education=35,
    ),
    [
        {
            "name": "Functional reading checklist",
            "area": "reading",
            "administered_on": "2026-09-18",
            "summary": "Read 35 of 100 functional community words correctly.",
            "evaluator": "Special education teacher",
            "finding": "need",
        },
        {
            "name": "Vineland-3 Adaptive Behavior Composite",
            "area": "adaptive",
            "administered_on": "2026-09-25",
            "score": 52,
            "score_type": "standard_score",
            "percentile": 0.1,
            "summary": "Adaptive skills well below age expectations.",
            "evaluator": "School psychologist",
        },
        {
            "name": "Device communication sample",
            "area": "communication",
            "administered_on": "2026-10-02",
            "summary": "Made 5 independent messages per 30-minute session with the device.",
            "evaluator": "Speech-language pathologist",
            "finding": "need",
        },
        {
            "name": "Transition interest inventory",
            "area": "vocational",
            "administered_on": "2026-10-10",
            "summary": "Prefers hands-on work with routines; enjoys stocking and sorting.",
            "evaluator": "Transition coordinator",
        },
    ],
)

SPEECH_SOUNDS_ONLY = Case(
    "speech_sounds_only",
    "A 7-year-old whose only need is speech sounds",
    _student(
        first_name="Wren",
        last_name="Halvorsen",
        date_of_birth="2019-04-20",
        grade_level="2",
        disability_category="speech_language_impairment",
        parent_concerns="Other children do not always understand her.",
    ),
    [
        {
            "name": "GFTA-3",
            "area": "communication",
            "administered_on": "2026-09-08",
            "score": 72,
            "score_type": "standard_score",
            "percentile": 3,
            "summary": "Produced /r/ correctly in 40% of words.",
            "evaluator": "SLP",
        },
        {
            "name": "DIBELS 8 Oral Reading Fluency",
            "area": "reading",
            "administered_on": "2026-09-10",
            "percentile": 58,
            "summary": "62 words correct per minute, 58th percentile, at benchmark, no reading "
            "concerns.",
            "evaluator": "Teacher",
        },
        {
            "name": "i-Ready Math",
            "area": "math",
            "administered_on": "2026-09-12",
            "percentile": 68,
            "summary": "On grade level.",
            "evaluator": "Teacher",
            "finding": "not_a_need",
        },
    ],
)

TRANSFER_NO_SCORES = Case(
    "transfer_no_scores",
    "A 14-year-old out-of-state transfer with no scores yet",
    _student(
        first_name="Anouk",
        last_name="Ferreira-Baptiste",
        date_of_birth="2012-01-30",
        grade_level="9",
        disability_category="specific_learning_disability",
        parent_concerns="Just moved; wants the same help she had before.",
        transfer={
            "kind": "out_of_state",
            "previous_district": "a district in Oregon",
            "previous_iep_on": "2026-04-15",
            "previous_services": "resource reading 45 minutes daily",
            "records_received": False,
            "records_requested_on": "2026-11-10",
            "enrolled_on": "2026-11-09",
        },
        last_evaluation_on=None,
    ),
)

PRESCHOOLER = Case(
    "preschooler",
    "A 4-year-old in preschool",
    _student(
        first_name="Ori",
        last_name="Bellweather",
        date_of_birth="2022-06-03",
        grade_level="PK",
        disability_category="developmental_delay",
        strengths="Loves songs; imitates gestures.",
        parent_concerns="Uses few words; gets frustrated when not understood.",
    ),
    [
        {
            "name": "Preschool Language Scale-5",
            "area": "communication",
            "administered_on": "2026-09-04",
            "score": 68,
            "score_type": "standard_score",
            "percentile": 2,
            "summary": "Expressive communication well below age level; used 20 "
            "different words in a 20-minute play session.",
            "evaluator": "SLP",
        },
        {
            "name": "Peabody Developmental Motor Scales-2",
            "area": "motor",
            "administered_on": "2026-09-04",
            "score": 94,
            "score_type": "standard_score",
            "percentile": 34,
            "summary": "Motor skills in the average range.",
            "evaluator": "Occupational therapist",
        },
    ],
)

BENCHMARK_READER = Case(
    "benchmark_reader",
    "Reading at benchmark and math marked not a need; only writing is a need",
    _student(
        first_name="Callum",
        last_name="Oduya",
        date_of_birth="2015-08-22",
        grade_level="6",
        disability_category="specific_learning_disability",
    ),
    [
        {
            "name": "Acadience Reading",
            "area": "reading",
            "administered_on": "2026-09-15",
            "percentile": 58,
            "summary": "62 words correct per minute, 58th percentile, at "
            "benchmark, no reading concerns.",
            "evaluator": "Teacher",
        },
        {
            "name": "Star Math",
            "area": "math",
            "administered_on": "2026-09-16",
            "percentile": 68,
            "summary": "Scaled score 812.",
            "evaluator": "Teacher",
            "finding": "not_a_need",
        },
        {
            "name": "District writing rubric",
            "area": "writing",
            "administered_on": "2026-09-20",
            "summary": "Scored 2 of 6 on the district writing rubric; paragraphs lack topic "
            "sentences.",
            "evaluator": "Special education teacher",
            "finding": "need",
        },
    ],
)

LOW_VISION_PRINT = Case(
    "low_vision_print",
    "A low-vision print reader for whom braille was found not appropriate",
    _student(
        first_name="Priya",
        last_name="Venkataraman",
        date_of_birth="2014-11-07",
        grade_level="7",
        disability_category="visual_impairment",
        vision={
            "functional_vision": "low_vision",
            "learning_media": ["large_print"],
            "learning_media_assessment_on": "2026-09-03",
            "braille_not_appropriate": True,
        },
    ),
    [
        {
            "name": "Reading fluency probe (large print)",
            "area": "reading",
            "administered_on": "2026-09-12",
            "percentile": 40,
            "summary": "Reads 18-point print at grade level.",
            "evaluator": "TVI",
        },
        {
            "name": "Assistive technology evaluation",
            "area": "other",
            "administered_on": "2026-09-19",
            "summary": "Typed 12 words per minute with screen "
            "magnification (expected 30 for grade 7).",
            "evaluator": "AT specialist",
        },
    ],
)

HARD_OF_HEARING_SPOKEN = Case(
    "hard_of_hearing_spoken",
    "A hard-of-hearing student who uses spoken English with hearing aids",
    _student(
        first_name="Mateus",
        last_name="Oyelaran",
        date_of_birth="2017-12-01",
        grade_level="3",
        disability_category="hearing_impairment",
        communication={
            "language": "English",
            "mode": "spoken",
            "hears_speech": True,
            "hearing_technology": "bilateral hearing aids",
        },
    ),
    [
        {
            "name": "CELF-5 Core Language",
            "area": "communication",
            "administered_on": "2026-09-09",
            "score": 79,
            "score_type": "standard_score",
            "percentile": 8,
            "summary": "Used complete sentences in 40% of opportunities.",
            "evaluator": "SLP",
        },
    ],
)

AUTISM_NO_BEHAVIOR_DATA = Case(
    "autism_no_behavior_data",
    "A student with autism, social data and no behavior data",
    _student(
        first_name="Linus",
        last_name="Achterberg",
        date_of_birth="2017-03-15",
        grade_level="3",
        disability_category="autism",
        strengths="Excellent memory for maps and trains.",
    ),
    [
        {
            "name": "Social skills observation",
            "area": "social_emotional",
            "administered_on": "2026-10-01",
            "summary": "Initiated 1 peer interaction per 20-minute recess across 5 observations.",
            "evaluator": "School counselor",
            "finding": "need",
        },
        {
            "name": "CELF-5 Core Language",
            "area": "communication",
            "administered_on": "2026-09-09",
            "score": 92,
            "score_type": "standard_score",
            "percentile": 30,
            "summary": "Language in the average range.",
            "evaluator": "SLP",
        },
    ],
)

CARRIED_GOAL = Case(
    "carried_goal",
    "A goal carried from last year with no new data",
    _student(
        first_name="Esme",
        last_name="Dvořáková",
        date_of_birth="2015-02-02",
        grade_level="6",
        disability_category="specific_learning_disability",
    ),
    previous_goals=[
        {
            "area": "math",
            "statement": "By June 1, 2026, given grade-5 computation probes, "
            "Esme will solve computation problems reaching 30 digits correct per minute.",
        },
    ],
)

TRANSITION_NO_ASPIRATIONS = Case(
    "transition_no_aspirations",
    "A 17-year-old with no aspirations, invitation or notice of rights recorded",
    _student(
        first_name="Rhys",
        last_name="Abernathy-Kwan",
        date_of_birth="2009-08-19",
        grade_level="11",
        disability_category="other_health_impairment",
        parent_concerns="Missing assignments; worried about after graduation.",
    ),
    [
        {
            "name": "Curriculum-based measurement, math computation",
            "area": "math",
            "administered_on": "2026-09-14",
            "percentile": 12,
            "summary": "14 digits correct per minute on grade-9 computation probes.",
            "evaluator": "Math teacher",
        },
    ],
)

ESY_REGRESSION = Case(
    "esy_regression",
    "Break data showing significant regression",
    _student(
        first_name="Nadia",
        last_name="Sørensen",
        date_of_birth="2018-09-30",
        grade_level="2",
        disability_category="autism",
        extended_school_year={
            "regression_recoupment": "significant",
            "summary": "Lost 40% of sight words over winter break; took 7 weeks to regain them.",
        },
    ),
    [
        {
            "name": "Sight word probe",
            "area": "reading",
            "administered_on": "2026-09-20",
            "summary": "Read 20 of 50 grade-1 sight words.",
            "evaluator": "Teacher",
            "finding": "need",
        },
    ],
)

HEALTH_PLAN = Case(
    "health_plan",
    "A student with diabetes and a health plan, whose only academic need is writing",
    _student(
        first_name="Kofi",
        last_name="Brennan-Asante",
        date_of_birth="2014-04-04",
        grade_level="7",
        disability_category="other_health_impairment",
        health_plan="Type 1 diabetes: glucose checks before lunch and as needed; insulin pump.",
    ),
    [
        {
            "name": "Endocrinology report",
            "area": "health",
            "administered_on": "2026-08-30",
            "summary": "Type 1 diabetes managed with an insulin pump; physician's orders on file.",
            "evaluator": "Physician",
        },
        {
            "name": "Writing sample (CBM)",
            "area": "writing",
            "administered_on": "2026-09-18",
            "summary": "Wrote 22 correct word sequences in a 3-minute writing probe, below grade "
            "level.",
            "evaluator": "Teacher",
        },
    ],
)

UNCLEAR_FINDING = Case(
    "unclear_finding",
    "An observation the team marked unclear",
    _student(
        first_name="Greta",
        last_name="Nakashima-Holt",
        date_of_birth="2016-07-07",
        grade_level="4",
        disability_category="other_health_impairment",
    ),
    [
        {
            "name": "Classroom observation",
            "area": "behavior",
            "administered_on": "2026-10-02",
            "summary": "Needed 3 reminders per lesson to return to work.",
            "evaluator": "Teacher",
            "finding": "unclear",
        },
        {
            "name": "Woodcock-Johnson IV Math Calculation",
            "area": "math",
            "administered_on": "2026-09-20",
            "score": 74,
            "score_type": "standard_score",
            "percentile": 4,
            "summary": "Calculation below average; 12 digits correct per "
            "minute on grade-3 computation probes.",
            "evaluator": "School psychologist",
        },
    ],
)

RIGHTS_INFORMED = Case(
    "rights_informed",
    "A 17-year-old informed of the transfer of rights, with aspirations recorded",
    _student(
        first_name="Beatriz",
        last_name="Quintanilla",
        date_of_birth="2009-12-12",
        grade_level="12",
        disability_category="specific_learning_disability",
        postsecondary_aspirations={
            "education_training": "complete a certified nursing assistant program at the "
            "community college",
            "employment": "work as a certified nursing assistant in a hospital",
            "course_of_study": "Standard diploma courses with the health sciences career pathway "
            "(medical terminology in grade 11, the CNA course in grade 12)",
        },
        invited_to_meeting_on="2026-11-03",
        transfer_of_rights_informed_on="2026-11-16",
        student_input="I want to be a nurse and I need help with writing papers.",
    ),
    [
        {
            "name": "Woodcock-Johnson IV Written Expression",
            "area": "writing",
            "administered_on": "2026-09-22",
            "score": 77,
            "score_type": "standard_score",
            "percentile": 6,
            "summary": "Scored 2 of 6 on the district writing rubric.",
            "evaluator": "School psychologist",
        },
        {
            "name": "Career interest inventory",
            "area": "vocational",
            "administered_on": "2026-10-04",
            "summary": "Strongest interest in health care and helping people.",
            "evaluator": "Transition coordinator",
        },
    ],
)

EL_SLD = Case(
    "el_sld",
    "An English learner with a reading and writing disability",
    _student(
        first_name="Maya",
        last_name="Lopez-Okonkwo",
        date_of_birth="2013-04-17",
        grade_level="8",
        disability_category="specific_learning_disability",
        primary_language="Spanish",
        english_learner=True,
        document_language="Spanish",
        english_learning={
            "proficiency_level": "WIDA composite 3.2 (developing)",
            "proficiency_test": "WIDA ACCESS for ELLs",
            "tested_on": "2026-02-10",
            "el_services": "English language development, 45 minutes daily",
        },
        extended_school_year={
            "regression_recoupment": "not_significant",
            "summary": "Fluency returned to its December level within 2 weeks after winter break.",
        },
    ),
    [
        {
            "name": "Woodcock-Johnson IV Tests of Achievement",
            "area": "reading",
            "administered_on": "2026-09-15",
            "score": 78,
            "score_type": "standard_score",
            "percentile": 7,
            "summary": "Reading fluency 52 words correct per minute on grade-5 "
            "passages (grade-8 norm 150).",
            "evaluator": "School psychologist",
        },
    ],
)

GRADUATING_SENIOR = Case(
    "graduating_senior",
    "A senior on track for a regular diploma, with no course of study recorded",
    _student(
        first_name="Marisol",
        last_name="Tennant-Obi",
        date_of_birth="2008-10-02",
        grade_level="12",
        disability_category="specific_learning_disability",
        parent_concerns="She needs to keep up with reading for her college classes.",
        postsecondary_aspirations={
            "education_training": "earn an associate degree in early childhood education",
            "employment": "work as a preschool teacher's assistant",
        },
        invited_to_meeting_on="2026-11-04",
        transfer_of_rights_informed_on="2025-09-20",
        percent_in_general_education=90,
    ),
    [
        {
            "name": "Curriculum-based measurement, reading comprehension (maze)",
            "area": "reading",
            "administered_on": "2026-10-06",
            "percentile": 14,
            "summary": "55% of maze items correct on grade-12 passages (benchmark 80%).",
            "evaluator": "Special education teacher",
        },
    ],
)

NO_DATA_CONTINUING = Case(
    "no_data_continuing",
    "An annual review with no data at all and no family concerns recorded",
    _student(
        first_name="Tobiah",
        last_name="Lindqvist-Mensah",
        date_of_birth="2016-05-11",
        grade_level="4",
        disability_category="other_health_impairment",
        percent_in_general_education=85,
    ),
)

UNMAPPED_CONCERN = Case(
    "unmapped_concern",
    "A family concern the record has no area for",
    _student(
        first_name="Wren",
        last_name="Achterberg",
        date_of_birth="2017-03-08",
        grade_level="3",
        disability_category="speech_language_impairment",
        parent_concerns="The bus ride is long and she arrives at school exhausted.",
        percent_in_general_education=95,
    ),
    [
        {
            "name": "Goldman-Fristoe Test of Articulation 3",
            "area": "communication",
            "administered_on": "2026-10-14",
            "score": 74,
            "score_type": "standard_score",
            "percentile": 4,
            "summary": "Produces /r/ correctly in 30% of words in structured tasks.",
            "evaluator": "Speech-language pathologist",
        },
    ],
)

ALL_CASES: Final[tuple[Case, ...]] = (
    DEAF_ASL_EL,
    BLIND_BRAILLE,
    ED_WITH_FBA,
    ALTERNATE_AAC,
    SPEECH_SOUNDS_ONLY,
    TRANSFER_NO_SCORES,
    PRESCHOOLER,
    BENCHMARK_READER,
    LOW_VISION_PRINT,
    HARD_OF_HEARING_SPOKEN,
    AUTISM_NO_BEHAVIOR_DATA,
    CARRIED_GOAL,
    TRANSITION_NO_ASPIRATIONS,
    ESY_REGRESSION,
    HEALTH_PLAN,
    UNCLEAR_FINDING,
    RIGHTS_INFORMED,
    EL_SLD,
    GRADUATING_SENIOR,
    NO_DATA_CONTINUING,
    UNMAPPED_CONCERN,
)
CASES: Final[dict[str, Case]] = {case.key: case for case in ALL_CASES}
