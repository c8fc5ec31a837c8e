"""Finding identifying strings however they are written: the text folding and the patterns
the pseudonymiser matches with.

Matching runs on a *folded* copy of each text: compatibility-decomposed (NFKD, so "ﬁ",
"½" and full-width letters become plain ones), combining marks dropped (accents fold
away whatever the Unicode form: NFC, NFD or NFKD), case-folded, and every run of spaces,
hyphens, dashes, apostrophes or underscores turned into one space. Every folded character
remembers which original character it came from, so a match maps back to the exact span
of the original text, and folding never "switches off" for some texts: there is no
length condition to fail.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Final

_SEPARATORS: Final = frozenset(
    " \t\n\r\f\v_-'`\u00a0\u2010\u2011\u2012\u2013\u2014\u2015\u2018\u2019\u02bc\u2212\u3000"
)
MONTHS: Final = (
    "january february march april may june july august september october november december"
).split()
# Name parts shorter than this are not replaced on their own ("de", "la", "Li" inside a
# longer name still are, as part of it).
MIN_PART: Final = 3


@dataclass(frozen=True)
class Folded:
    """A folded copy of a text, and for each folded character the original index."""

    text: str
    origin: tuple[int, ...]
    source: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded[start:end], with trailing combining marks included."""
        first = self.origin[start]
        last = self.origin[end - 1] + 1
        while last < len(self.source) and not fold_char(self.source[last]):
            last += 1
        return first, last


def fold_char(char: str) -> str:
    if char in _SEPARATORS or (char.isspace()):
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return kept.casefold()


def fold(text: str) -> Folded:
    """The folded copy of `text` (see the module docstring)."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char)
        for piece in folded:
            if piece == " " and out and out[-1] == " ":
                continue  # a run of separators is one space
            out.append(piece)
            origin.append(index)
    return Folded("".join(out), tuple(origin), text)


def fold_term(text: str) -> str:
    return fold(text).text.strip()


def name_pattern(name: str) -> str | None:
    """A name, its parts joined by a space or nothing ("Garcia-Lopez", "GarciaLopez")."""
    parts = fold_term(name).split()
    if not parts:
        return None
    return " ?".join(re.escape(part) for part in parts)


def name_parts(name: str) -> list[str]:
    """The folded parts of a name long enough to be replaced on their own."""
    return [part for part in fold_term(name).split() if len(part) >= MIN_PART]


def date_patterns(born: date) -> list[str]:
    """A date as US school records write it: 4/17/11, 04.17.2011, 2011/04/17, April 17th,
    2011, 17 Apr 2011, ... (folded text: hyphens are already spaces)."""
    month_name = MONTHS[born.month - 1]
    names = [month_name, month_name[:3] + r"\.?"]
    if month_name == "september":
        names.append(r"sept\.?")
    month_word = "(?:" + "|".join(names) + ")"
    m = rf"0?{born.month}"
    d = rf"0?{born.day}"
    ordinal = rf"{d}(?:st|nd|rd|th)?"
    year = rf"(?:{born.year}|{born.year % 100:02d})"
    full_year = str(born.year)
    sep = r"(?: ?[/.,] ?| )"
    return [
        rf"{m}{sep}{d}{sep}{year}",  # 4/17/11, 04.17.2011, 04 17 2011
        rf"{d}{sep}{m}{sep}{year}",  # 17/4/2011, 17.04.11
        rf"{full_year}{sep}{m}{sep}{d}",  # 2011/04/17, 2011 04 17
        rf"{month_word} ?{ordinal},? (?:of )?{year}",  # April 17th, 2011
        rf"{ordinal} (?:of )?{month_word},? {year}",  # 17th of April 2011
        rf"{month_word} {full_year}",  # April 2011 (a birth month and year)
    ]


def number_patterns(number: str) -> list[str]:
    """A student number with or without its prefix and separators: S-10442, S10442, #10442,
    no. 10442; the digits alone when there are four or more."""
    folded = fold_term(number)
    digits = "".join(re.findall(r"\d+", folded))
    patterns = [re.escape(folded).replace(r"\ ", " ?")]
    if len(digits) >= 4:
        prefix = re.sub(r"[^a-z]", "", folded.split(digits[:1], 1)[0]) if digits else ""
        lead = f"(?:{re.escape(prefix)} ?)?" if prefix else ""
        patterns.append(rf"(?:#|no\.? ?|number ?|id ?)?{lead}{digits}")
    return patterns


# Words that say what kind of school a name is; each with the short forms people write.
SCHOOL_KINDS: Final[dict[str, tuple[str, ...]]] = {
    "junior high school": ("jhs", "j h s", "junior high", "jr high", "jr\\. high"),
    "middle school": ("ms", "m s", "middle"),
    "high school": ("hs", "h s", "high"),
    "elementary school": ("es", "e s", "elementary", "elem"),
    "primary school": ("ps", "primary"),
    "intermediate school": ("is", "intermediate"),
    "academy": ("acad",),
    "school": ("sch",),
}


def school_patterns(school: str) -> list[str]:
    """The school's name, and its distinctive part with any kind word or abbreviation
    ("Lincoln MS", "Lincoln Middle", "Lincoln"), when that part is distinctive enough."""
    folded = fold_term(school).replace(".", "")
    patterns = [re.escape(folded).replace(r"\ ", " ?")]
    for kind, short_forms in SCHOOL_KINDS.items():
        if folded.endswith(" " + kind):
            core = folded[: -len(kind) - 1].strip()
            if len(core.replace(" ", "")) >= 4:
                kinds = "|".join([re.escape(kind), *short_forms])
                core_pattern = re.escape(core).replace(r"\ ", " ?")
                patterns.append(rf"{core_pattern}(?: (?:{kinds})\.?)?")
            break
    return patterns


PHONE: Final = re.compile(
    r"(?<![\w+])(?:\+?1[ .]?)?(?:\(\d{3}\) ?|\d{3}[ .])?\d{3}[ .]\d{4}(?![\w])"
)
EMAIL: Final = re.compile(r"(?<![\w.+])[\w.+]+@[\w]+(?:\.[\w]+)+")
_STREET_WORDS: Final = (
    "street avenue road boulevard lane drive court place terrace circle parkway highway trail"
)
# Abbreviations that are also words or titles ("Dr Okafor", "St Louis") count only at the
# end of the address, not when a word follows.
_STREET_ABBREVIATIONS: Final = "st ave rd blvd ln dr ct pl ter cir pkwy hwy trl"
ADDRESS: Final = re.compile(
    r"(?<![\w])\d{1,6}(?: [nsew]\.?)? (?:[a-z][\w.]* ){1,3}(?:(?:"
    + "|".join(_STREET_WORDS.split())
    + r")\b|(?:"
    + "|".join(_STREET_ABBREVIATIONS.split())
    + r")\b(?!\.? (?!apt|apartment|unit|suite|ste)[a-z]{2,}))"
    + r"\.?(?:,? (?:apt|apartment|unit|suite|ste|#) ?\.? ?\w+)?"
)

# Words after which a capitalised word is a person's name: family, honorifics, nicknames.
_CUES: Final = (
    "brother|sister|sibling|twin|half brother|half sister|stepbrother|stepsister|"
    "mom|mother|mum|dad|father|stepmom|stepmother|stepdad|stepfather|parent|guardian|"
    "grandma|grandmother|grandpa|grandfather|grandparent|aunt|uncle|cousin|foster parent|"
    "mr|mrs|ms|miss|mx|dr|"
    "goes by|nicknamed|nickname|known as|called|prefers to be called|named"
)
PERSON_CUE: Final = re.compile(
    rf"(?i:\b(?:{_CUES}))\.?(?:'s)?,? [\"\u201c'\u2018(]?"
    r"(?P<name>[^\W\d_][\w'\u2019]*(?: [^\W\d_][\w'\u2019]*)?)"
)
_NOT_NAMES: Final = frozenset(
    "the a an and or but is was has had who will would said says reports reported at in on "
    "to of for with about her his their our my your this that school home class team".split()
)


def cued_names(text: str) -> list[str]:
    """Names that follow a cue ("her brother Diego", "goes by Mimi", "Dr. Okafor")."""
    found: list[str] = []
    for match in PERSON_CUE.finditer(text):
        tokens: list[str] = []
        for token in match.group("name").split():
            if not token[:1].isupper() or token.casefold() in _NOT_NAMES:
                break
            tokens.append(token.rstrip("'\u2019"))
        if tokens and len("".join(tokens)) >= MIN_PART:
            found.append(" ".join(tokens))
    return found


# Words of a role or title, not of a name, in an evaluator field ("Dr. Lena Okafor, School
# psychologist" names Lena Okafor; "Reading specialist" names nobody).
_ROLE_WORDS: Final = frozenset(
    "dr mr mrs ms mx miss school district psychologist psychology speech language "
    "pathologist slp reading specialist teacher special education general occupational "
    "physical therapist therapy counselor nurse social worker behavior analyst bcba "
    "audiologist evaluator team interpreter coordinator consultant intervention "
    "interventionist ot pt phd edd ma med ms ccc lcsw licensed certified the of and".split()
)


def evaluator_names(evaluator: str) -> list[str]:
    """Personal names in an evaluator field: capitalised words that are not role words."""
    names: list[str] = []
    for chunk in re.split(r"[,;/()]| - ", evaluator):
        tokens = [t.strip(".") for t in chunk.split()]
        name = [t for t in tokens if t[:1].isupper() and t.casefold() not in _ROLE_WORDS]
        if name and len("".join(name)) >= MIN_PART and len(name) <= 4:
            names.append(" ".join(name))
    return names


def alternation(patterns: Iterable[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)
