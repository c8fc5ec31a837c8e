"""Reading a progress CSV: each row checked, each rejected row given a reason in words.

Columns (a header row first; names in any case and order):

- `goal`: the goal's number in the IEP (`1`, `Goal 1` or `G1`);
- `date`: the day it was measured, `YYYY-MM-DD` or `M/D/YYYY`;
- `value`: the measurement in the goal's unit, a number (`61`, `61.5`);
- `note`: optional, what the person measuring saw;
- `iep_id`: optional; when given it must be this IEP (a file exported for another
  student's IEP is refused row by row, without saying whether that IEP exists).

Nothing here touches the database: the caller gives the IEP's goals, period and the
points it already holds, and stores the good rows only when the user accepts them.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from iepgen.api.fields import canonical_uuid, printable_text
from iepgen.sections.base import friendly_date

REQUIRED_COLUMNS = ("goal", "date", "value")
OPTIONAL_COLUMNS = ("note", "iep_id")
MAX_ROWS = 20_000
MAX_NOTE = 5000
_GOAL = re.compile(r"^(?:goal\s*|g\s*)?(\d{1,3})$", re.IGNORECASE)
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DECIMAL = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")


@dataclass(frozen=True)
class GoodRow:
    line: int
    goal: int
    measured_on: date
    value: float
    note: str | None


@dataclass(frozen=True)
class Rejection:
    line: int
    reason: str


@dataclass(frozen=True)
class ImportRules:
    """What a row must agree with: this IEP, its goals, its period, today."""

    iep_id: str
    goal_numbers: frozenset[int]
    start: date | None
    end: date | None
    today: date
    # (goal, date, value) already stored: importing the same file twice adds nothing twice.
    existing: frozenset[tuple[int, date, float]] = frozenset()


@dataclass
class ReadFile:
    rows: int = 0
    good: list[GoodRow] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    problem: str | None = None  # the whole file is unreadable: no row is looked at


def read_progress_csv(text: str, rules: ImportRules) -> ReadFile:
    """Every data row of `text`, as good rows and rejected rows with their reasons."""
    result = ReadFile()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        result.problem = f"The file is not readable as CSV ({exc})."
        return result
    if header is None or not any(cell.strip() for cell in header):
        result.problem = "The file is empty: it needs a header row (goal, date, value, note)."
        return result
    columns = [cell.strip().lower() for cell in header]
    result.problem = _column_problem(columns)
    if result.problem:
        return result
    seen: dict[tuple[int, date, float], int] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # a blank line (a spreadsheet's trailing rows) is no row at all
            result.rows += 1
            if result.rows > MAX_ROWS:
                result.problem = (
                    f"The file has more than {MAX_ROWS:,} rows: split it into smaller files."
                )
                result.good.clear()
                result.rejected.clear()
                return result
            _read_row(line, columns, cells, rules, seen, result)
    except csv.Error as exc:
        result.problem = f"Line {reader.line_num} is not readable as CSV ({exc}); nothing was read."
        result.good.clear()
        result.rejected.clear()
    return result


def _column_problem(columns: list[str]) -> str | None:
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    unknown = [c or "(blank)" for c in columns if c not in known]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    problems = []
    if missing:
        problems.append("missing " + _and(missing))
    if unknown:
        problems.append("unknown " + _and(unknown))
    if repeated:
        problems.append("repeated " + _and(repeated))
    if not problems:
        return None
    return (
        f"Wrong columns: {'; '.join(problems)}. The header must name the columns goal, date "
        "and value, and may add note and iep_id."
    )


def _and(names: Iterable[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _read_row(
    line: int,
    columns: list[str],
    cells: list[str],
    rules: ImportRules,
    seen: dict[tuple[int, date, float], int],
    result: ReadFile,
) -> None:
    if len(cells) != len(columns):
        result.rejected.append(
            Rejection(line, f"has {len(cells)} cells; the header has {len(columns)} columns.")
        )
        return
    row = {column: cell.strip() for column, cell in zip(columns, cells, strict=True)}
    # Each cell is parsed once; the reasons are read from what parsing found.
    goal = _goal_number(row["goal"])
    day = parse_day(row["date"])
    value = parse_number(row["value"])
    reasons = [
        reason
        for reason in (
            _iep_reason(row.get("iep_id", ""), rules),
            _goal_reason(row["goal"], goal, rules),
            _date_reason(row["date"], day, rules),
            _value_reason(row["value"], value),
            _note_reason(row.get("note", "")),
        )
        if reason
    ]
    if reasons:
        result.rejected.append(Rejection(line, " ".join(reasons)))
        return
    assert goal is not None and day is not None and value is not None
    key = (goal, day, value)
    if key in rules.existing:
        result.rejected.append(
            Rejection(line, f"Goal {goal} already has the value {value:g} on {day.isoformat()}.")
        )
        return
    if key in seen:
        result.rejected.append(
            Rejection(line, f"Repeats line {seen[key]} (same goal, date and value).")
        )
        return
    seen[key] = line
    note = printable_text(row.get("note", "")).strip() or None
    result.good.append(GoodRow(line, goal, day, value, note))


def _iep_reason(raw: str, rules: ImportRules) -> str | None:
    if not raw or canonical_uuid(raw) == rules.iep_id:
        return None
    return (
        "iep_id is not this IEP: the row belongs to another IEP (or one not on your "
        "caseload). Import it from that IEP's progress page."
    )


def _goal_number(raw: str) -> int | None:
    match = _GOAL.match(raw)
    return int(match.group(1)) if match else None


def _goal_reason(raw: str, number: int | None, rules: ImportRules) -> str | None:
    if not raw:
        return "goal is empty: give the goal's number, e.g. 1."
    if number is None:
        return f"goal '{_short(raw)}' is not a goal number (write 1, Goal 1 or G1)."
    if number not in rules.goal_numbers:
        if not rules.goal_numbers:
            return "goal: this IEP has no annual goals."
        return (
            f"goal {number} is not a goal of this IEP (its goals are numbered 1 to "
            f"{max(rules.goal_numbers)})."
        )
    return None


def parse_day(raw: str) -> date | None:
    """`2025-11-03` or `11/3/2025`; None for anything else."""
    iso = _ISO_DATE.match(raw)
    us = _US_DATE.match(raw) if iso is None else None
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if us:
            return date(int(us.group(3)), int(us.group(1)), int(us.group(2)))
    except ValueError:
        return None  # a month 13 or a February 30
    return None


def period_reason(day: date, start: date | None, end: date | None, today: date) -> str | None:
    """Why a measurement on `day` cannot belong to the IEP, or None when it can."""
    if day > today:
        return f"date {day.isoformat()} is in the future."
    if start is not None and end is not None and not start <= day <= end:
        return (
            f"date {day.isoformat()} is outside this IEP's period "
            f"({friendly_date(start)} to {friendly_date(end)})."
        )
    return None


def _date_reason(raw: str, day: date | None, rules: ImportRules) -> str | None:
    if not raw:
        return "date is empty."
    if day is None:
        return f"date '{_short(raw)}' is not a date (write YYYY-MM-DD or M/D/YYYY)."
    return period_reason(day, rules.start, rules.end, rules.today)


def parse_number(raw: str) -> float | None:
    """A plain decimal such as `61`, `61.5` or `-2`; None for anything else.

    Python's float() also reads `1e5`, `1_000`, `nan`, `inf` and other scripts' digits:
    none of them is how a measurement is written in a progress record.
    """
    if not _DECIMAL.match(raw):
        return None
    number = float(raw)
    return number if math.isfinite(number) else None


def _value_reason(raw: str, number: float | None) -> str | None:
    if not raw:
        return "value is empty."
    if number is None:
        return f"value '{_short(raw)}' is not a number."
    return None


def _note_reason(raw: str) -> str | None:
    if "\x00" in raw:
        return "note holds a NUL character."
    if len(raw) > MAX_NOTE:
        return f"note is longer than {MAX_NOTE} characters."
    return None


def _short(raw: str) -> str:
    """A cell quoted back in a reason, cut short (the reason is shown, never logged)."""
    return raw if len(raw) <= 30 else raw[:27] + "..."
