"""The measures goals are written in: one entry per progress-monitoring measure.

A goal keeps one measure from baseline to target to objectives to progress checks
(decisions.md). Each entry names that measure once — its unit, which way is progress,
the condition and behavior a goal in it describes, and how it is checked — so the
wording of a goal can never drift onto another measure. Written for iepgen; the weekly
growth rates are the "ambitious" rates published for curriculum-based measurement
(Fuchs, Fuchs, Hamlett, Walz & Germann, 1993), the usual basis for CBM goal targets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

Direction = Literal["increase", "decrease"]
TargetRule = Literal["growth", "percent", "half", "gap", "multiple"]

# Grade-band keys: PK, K, 1 … 12 are folded to the nearest band a rate is published for.
ORF_GROWTH: Final[dict[str, float]] = {
    "K": 2.0,
    "1": 3.0,
    "2": 2.0,
    "3": 1.5,
    "4": 1.1,
    "5": 0.8,
    "6": 0.65,
}
COMPUTATION_GROWTH: Final[dict[str, float]] = {
    "1": 0.5,
    "2": 0.5,
    "3": 0.5,
    "4": 1.15,
    "5": 1.2,
    "6": 1.0,
}


@dataclass(frozen=True)
class Measure:
    key: str
    areas: tuple[str, ...]
    unit: str
    direction: Direction
    condition: str  # {grade}: 'grade-4', 'kindergarten'; {language}: the student's language
    behavior: str  # after "{name} will"
    method: str  # how progress is checked, in the goal's unit
    rule: TargetRule
    skill: str  # what the need is, in plain words: "reading fluency (accurate, paced reading)"
    # Words in an assessment's unit, name or summary that make this the goal's measure.
    keywords: tuple[str, ...] = ()
    bands: tuple[str, ...] = ("PK", "K-2", "3-5", "6-8", "9-12")
    growth: dict[str, float] = field(default_factory=dict)
    maximum: float | None = None
    # How many checks in a row show the target reached; empty: follows from `method`.
    consistency: str = ""
    # Only for a student who uses an AAC device / takes alternate assessments.
    needs_aac: bool = False
    alternate_only: bool = False
    # Measured by the student's speech (reading aloud, saying sounds): never for a student
    # who does not use speech (a Deaf signer, an AAC user).
    needs_speech: bool = False
    # Read or written in print (copying from the board): never for a braille reader.
    needs_print: bool = False
    # The behavior for a student who does not speak, where `behavior` says "aloud".
    silent_behavior: str = ""

    def goal_consistency(self) -> str:
        """ "on 3 of 4 weekly checks" only when the checks are weekly: a criterion must count
        the checks the method actually makes."""
        if self.consistency:
            return self.consistency
        method = self.method.lower()
        if "every week" in method:
            return "on 3 of 4 weekly checks"
        if "every month" in method:
            return "on 2 of 3 monthly samples"
        return "on 3 of 4 checks in a row"

    def weekly_growth(self, grade: str) -> float | None:
        if not self.growth:
            return None
        if grade in self.growth:
            return self.growth[grade]
        if grade == "PK":
            return None
        # Past the last published grade, the last rate holds (growth slows, never speeds).
        return list(self.growth.values())[-1]


CATALOGUE: Final[tuple[Measure, ...]] = (
    Measure(
        "letter_names",
        ("reading",),
        "letters named",
        "increase",
        "when shown the 26 upper-case letters in random order",
        "name the letters",
        "Teacher check of all 26 letters, every two weeks",
        "gap",
        "naming letters",
        keywords=("letter", "alphabet"),
        bands=("PK", "K-2"),
        maximum=26,
        consistency="on 2 checks in a row",
    ),
    Measure(
        "oral_reading_fluency",
        ("reading",),
        "words correct per minute",
        "increase",
        "given a {grade} reading passage",
        "read aloud",
        "One-minute oral reading probes at the same level, scored as words correct per "
        "minute, every week",
        "growth",
        "reading fluency: reading text aloud accurately and at a steady pace",
        keywords=(
            "words correct per minute",
            "correct words per minute",
            "oral reading",
            "fluency",
        ),
        bands=("K-2", "3-5", "6-8", "9-12"),
        growth=ORF_GROWTH,
        needs_speech=True,
    ),
    Measure(
        "functional_words",
        ("reading",),
        "functional words",
        "increase",
        "given words from school and community settings (signs, labels, menus)",
        "read functional words aloud or by matching them to their meaning",
        "Check of the functional word list, every two weeks",
        "gap",
        "reading the words needed at school, at work and in the community",
        keywords=("functional", "community word", "survival word"),
        consistency="on 2 checks in a row",
        silent_behavior="identify functional words by selecting them on the device or matching "
        "them to a picture or object",
    ),
    Measure(
        "sight_words",
        ("reading",),
        "sight words read correctly",
        "increase",
        "given a list of {grade} sight words",
        "read the sight words aloud",
        "Check of the sight-word list, every two weeks",
        "gap",
        "reading high-frequency sight words",
        keywords=("sight word", "high-frequency", "high frequency"),
        bands=("K-2", "3-5"),
        consistency="on 2 checks in a row",
        needs_speech=True,
    ),
    Measure(
        "comprehension",
        ("reading",),
        "% of comprehension questions correct",
        "increase",
        "after reading a {grade} passage",
        "answer questions about the passage",
        "Ten-question comprehension checks scored with a key, every two weeks",
        "percent",
        "reading comprehension: answering questions about what was read",
        silent_behavior="answer questions about the passage in {language} or in writing",
        keywords=("comprehension", "main idea", "question", "retell"),
        bands=("3-5", "6-8", "9-12"),
    ),
    Measure(
        "maze",
        ("reading",),
        "% of maze items correct",
        "increase",
        "given a {grade} maze passage",
        "choose the word that makes sense in each maze item",
        "Maze probes at the same level, scored as the share of items correct, every two weeks",
        "percent",
        "reading comprehension (measured with maze passages)",
        keywords=("maze",),
        bands=("3-5", "6-8", "9-12"),
    ),
    Measure(
        "early_writing",
        ("writing",),
        "% of letters formed correctly",
        "increase",
        "when copying letters and short words",
        "copy the letters",
        "Teacher check of 10 copied letters, every two weeks",
        "percent",
        "forming letters when copying",
        keywords=("letter", "copy", "name", "trace", "shape"),
        bands=("PK", "K-2"),
    ),
    Measure(
        "writing_rubric",
        ("writing",),
        "rubric points",
        "increase",
        "given a {grade} writing prompt",
        "write a paragraph scored on the district writing rubric",
        "District writing rubric applied to a writing sample, every month",
        "gap",
        "writing organized paragraphs",
        keywords=("rubric",),
        bands=("3-5", "6-8", "9-12"),
        consistency="on 2 samples in a row",
    ),
    Measure(
        "correct_word_sequences",
        ("writing",),
        "correct word sequences in a 3-minute writing probe",
        "increase",
        "given a {grade} story starter",
        "write a response",
        "Three-minute writing probes scored for correct word sequences, every two weeks",
        "multiple",
        "writing sentences that are correct and connected",
        keywords=("word sequence", "cws", "writing sample", "written expression", "sentence"),
        bands=("K-2", "3-5", "6-8", "9-12"),
    ),
    Measure(
        "computation",
        ("math",),
        "digits correct per minute",
        "increase",
        "given {grade} mixed computation probes",
        "solve computation problems",
        "Timed computation probes scored as digits correct per minute, every week",
        "growth",
        "math computation: accurate, fluent calculation",
        keywords=("digits correct", "correct digits", "computation", "calculation", "fact"),
        bands=("K-2", "3-5", "6-8", "9-12"),
        growth=COMPUTATION_GROWTH,
    ),
    Measure(
        "math_problems",
        ("math",),
        "% of problems solved correctly",
        "increase",
        "given {grade} math problems, including word problems",
        "solve the problems and show the steps",
        "Ten-problem probes scored for accuracy, every two weeks",
        "percent",
        "solving math problems, including word problems",
        keywords=("problem solving", "word problem", "applied", "accuracy", "reasoning"),
    ),
    Measure(
        "money_skills",
        ("math",),
        "% of purchases made with the right amount",
        "increase",
        "during practice and community purchases",
        "pay for items using the next-dollar strategy",
        "Task check of each purchase, three times a week",
        "percent",
        "using money to make purchases",
        keywords=("money", "coin", "purchase", "dollar"),
        alternate_only=True,
    ),
    Measure(
        "speech_sounds",
        ("communication",),
        "% of target sounds correct",
        "increase",
        "in structured speech activities, saying target words",
        "say the target speech sounds correctly in words",
        "Speech-language pathologist's probe of 20 target words, every two weeks",
        "percent",
        "saying speech sounds clearly",
        keywords=(
            "articulation",
            "speech sound",
            "/r/",
            "/s/",
            "/l/",
            "phonolog",
            "intelligib",
            "gfta",
            "sounds",
        ),
        needs_speech=True,
    ),
    Measure(
        "aac_messages",
        ("communication",),
        "independent messages with the device per 30-minute session",
        "increase",
        "during class routines with the speech-generating device within reach",
        "make requests and comments with the device without a prompt",
        "Tally of independent device messages in a 30-minute session, three times a week",
        "multiple",
        "communicating with a speech-generating device",
        keywords=("aac", "device", "speech-generating", "augmentative", "symbol"),
        needs_aac=True,
    ),
    Measure(
        "expressive_language",
        ("communication",),
        "% of opportunities using complete sentences",
        "increase",
        "during structured language activities in {language}",
        "describe, explain and ask questions in complete sentences",
        "Speech-language pathologist's probe of 10 opportunities, every two weeks",
        "percent",
        "expressive language: explaining and asking in complete sentences",
        keywords=("language", "expressive", "receptive", "vocabulary", "sentence"),
        bands=("K-2", "3-5", "6-8", "9-12"),
    ),
    Measure(
        "early_words",
        ("communication",),
        "different words in a 20-minute play session",
        "increase",
        "during a 20-minute play session with an adult",
        "use different words to request, comment and name things",
        "Speech-language pathologist's count of different words in a 20-minute play "
        "session, every two weeks",
        "multiple",
        "using words to request and comment",
        keywords=("different words", "single words", "vocabulary", "expressive", "request"),
        bands=("PK", "K-2"),
    ),
    Measure(
        "off_task_intervals",
        ("behavior",),
        "% of observed intervals off task",
        "decrease",
        "during independent and small-group work in class",
        "stay with the task",
        "Observation: whether the student is on task every 10 seconds for 15 minutes, "
        "three times a week",
        "half",
        "staying with class work",
        keywords=("interval", "off task", "off-task", "on task", "engage"),
        consistency="for 4 weeks in a row",
    ),
    Measure(
        "incidents",
        ("behavior",),
        "incidents per week",
        "decrease",
        "across the school day, with the supports in the behavior plan",
        "use the plan's strategies instead of the target behavior",
        "Daily behavior log of incidents, totaled every week",
        "half",
        "using safe, expected behavior in place of the target behavior",
        keywords=(
            "incident",
            "per week",
            "per day",
            "elopement",
            "refusal",
            "aggress",
            "outburst",
            "referral",
        ),
        consistency="for 4 weeks in a row",
    ),
    Measure(
        "peer_interactions",
        ("social_emotional",),
        "peer interactions started per recess",
        "increase",
        "during recess and other unstructured time",
        "start an interaction with a peer",
        "Observation tally during recess, twice a week",
        "multiple",
        "starting interactions with peers",
        keywords=("peer", "initiat", "interaction", "recess", "play"),
        consistency="on 4 of 5 observations",
    ),
    Measure(
        "coping_strategies",
        ("social_emotional",),
        "% of upsetting situations handled with a coping strategy",
        "increase",
        "when upset or facing a change in routine",
        "use a coping strategy (a break card, deep breaths or asking an adult for help)",
        "Strategy-use log kept by classroom staff, summarized every week",
        "percent",
        "coping when upset",
        keywords=("coping", "anxiety", "emotion", "regulat", "upset", "frustrat"),
        consistency="for 4 weeks in a row",
    ),
    Measure(
        "handwriting",
        ("motor",),
        "% of letters formed and spaced legibly",
        "increase",
        "when copying three sentences from the board or a page",
        "write the sentences legibly",
        "Occupational therapist's check of a copied sample, every two weeks",
        "percent",
        "legible handwriting",
        keywords=("handwriting", "fine motor", "letter formation", "legib", "pencil"),
        needs_print=True,
    ),
    Measure(
        "typing",
        ("motor", "writing", "other"),
        "words per minute",
        "increase",
        "when typing a copied passage with the student's usual technology",
        "type the passage accurately",
        "Two-minute typing probes scored as words per minute, every two weeks",
        "multiple",
        "keyboarding: typing accurately at a useful speed",
        keywords=("typ", "keyboard"),
        bands=("3-5", "6-8", "9-12"),
    ),
    Measure(
        "daily_routine",
        ("adaptive",),
        "% of routine steps done independently",
        "increase",
        "during the arrival, lunch and dismissal routines at school",
        "complete the steps of the routine",
        "Task-analysis data sheet, three times a week",
        "percent",
        "carrying out daily routines independently",
        keywords=("routine", "daily living", "self-care", "independen", "adaptive"),
    ),
    Measure(
        "job_tasks",
        ("vocational",),
        "% of job tasks completed independently",
        "increase",
        "at a school or community work site",
        "complete the assigned job tasks",
        "Job-site task checklist, every week",
        "percent",
        "completing job tasks independently",
        keywords=("job", "work", "task", "vocational"),
        bands=("6-8", "9-12"),
    ),
    Measure(
        "health_routines",
        ("health",),
        "% of health-plan routines done independently",
        "increase",
        "at the times the health plan sets",
        "carry out the health-plan routine",
        "School nurse's log of each routine, every week",
        "percent",
        "carrying out health routines independently",
        keywords=("health", "medication", "glucose", "routine"),
    ),
)


def band_of(grade: str) -> str:
    """PK, K-2, 3-5, 6-8 or 9-12."""
    if grade == "PK":
        return "PK"
    if grade == "K":
        return "K-2"
    number = int(grade)
    if number <= 2:
        return "K-2"
    if number <= 5:
        return "3-5"
    return "6-8" if number <= 8 else "9-12"


@dataclass(frozen=True)
class Learner:
    """What about the student decides which measures fit."""

    grade: str
    aac: bool = False
    alternate: bool = False
    speaks: bool = True
    reads_print: bool = True


def _fits(measure: Measure, area: str, learner: Learner) -> bool:
    if area not in measure.areas or band_of(learner.grade) not in measure.bands:
        return False
    if measure.needs_aac and not learner.aac:
        return False
    if measure.needs_speech and not learner.speaks:
        return False
    if measure.needs_print and not learner.reads_print:
        return False
    return not (measure.alternate_only and not learner.alternate)


def choose_measure(area: str, learner: Learner, text: str) -> Measure | None:
    """The measure whose keywords best match `text`; the area's first fitting one on a tie."""
    candidates = [m for m in CATALOGUE if _fits(m, area, learner)]
    if not candidates:
        return None
    lowered = text.lower()
    scored = [(sum(k in lowered for k in m.keywords), -i, m) for i, m in enumerate(candidates)]
    best = max(scored, key=lambda item: (item[0], item[1]))
    if learner.aac and area == "communication":
        aac_measure = next((m for m in candidates if m.needs_aac), None)
        if aac_measure is not None:
            return aac_measure
    if learner.alternate and best[0] == 0:
        functional = next(
            (m for m in candidates if m.alternate_only or m.key == "functional_words"), None
        )
        if functional is not None:
            return functional
    return best[2]


def _shape(unit: str, maximum: float | None) -> str:
    if maximum is not None:
        return "part"
    if unit.startswith("%"):
        return "percent"
    return "rate" if " per " in f" {unit} " else "count"


def measure_for_metric(
    area: str, unit: str, maximum: float | None, text: str, learner: Learner
) -> Measure | None:
    """The catalogue measure a metric from the record belongs to: the same shape (a share,
    a part of a whole, a rate, a count), best keyword match on the unit, then on `text`."""
    shape = _shape(unit, maximum)
    same_shape = [
        m
        for m in CATALOGUE
        if (area in m.areas and _shape(m.unit, m.maximum) == shape)
        or (area in m.areas and shape == "part" and m.rule == "gap")
    ]
    # A measure the student cannot take (reading aloud for a student who does not speak)
    # is never used, even when the record's unit matches it.
    fitting = [m for m in same_shape if _fits(m, area, learner)]
    lowered_unit, lowered_text = unit.lower(), text.lower()

    def score(measure: Measure) -> tuple[int, int]:
        return (
            sum(k in lowered_unit for k in measure.keywords),
            sum(k in lowered_text for k in measure.keywords),
        )

    if not fitting:
        return None
    best = max(fitting, key=score)
    return best if score(best) != (0, 0) else None
