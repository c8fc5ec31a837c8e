"""Drafting benchmark: the decisions stage, the offline drafter and the checker, per IEP.

    python -m bench.drafting [--rounds 20]

For every student of the fictional corpus (tests/corpus), time deciding, drafting all
eleven sections offline and running the checker, `--rounds` times each, and report the
percentiles beside the targets (a whole offline draft under 1 s, the checker under
100 ms). Pure CPU: no database, no network. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.report import nearest_rank
from rich.console import Console
from rich.table import Table
from tests.corpus.contexts import corpus_context
from tests.corpus.students import ALL_CASES

from iepgen.generation.compliance import check_iep
from iepgen.generation.decisions import decide
from iepgen.generation.offline import draft_iep

DRAFT_TARGET_MS = 1000.0
CHECK_TARGET_MS = 100.0


@dataclass(frozen=True)
class Timing:
    name: str
    samples_ms: list[float]
    target_ms: float | None = None

    def percentile(self, fraction: float) -> float:
        return nearest_rank(self.samples_ms, fraction)

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        return self.percentile(0.95)

    @property
    def worst(self) -> float:
        return max(self.samples_ms)


def _time(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def run(rounds: int = 20) -> list[Timing]:
    decisions, drafts, checks = [], [], []
    contexts = [corpus_context(case) for case in ALL_CASES]
    for _ in range(rounds):
        for context in contexts:
            decisions.append(_time(lambda: decide(context)))  # noqa: B023
            sections = draft_iep(context)
            drafts.append(_time(lambda: draft_iep(context)))  # noqa: B023
            checks.append(_time(lambda: check_iep(sections, context)))  # noqa: B023
    return [
        Timing("decisions stage", decisions),
        Timing("offline draft, all sections (decisions included)", drafts, DRAFT_TARGET_MS),
        Timing("checker, whole IEP (decisions included)", checks, CHECK_TARGET_MS),
    ]


def table(timings: list[Timing], rounds: int) -> Table:
    out = Table(title=f"Drafting: {len(ALL_CASES)} corpus students x {rounds} rounds (ms)")
    for column in ("step", "p50", "p95", "worst", "target", "worst vs target"):
        out.add_column(column, justify="left" if column == "step" else "right")
    for timing in timings:
        target = timing.target_ms
        out.add_row(
            timing.name,
            f"{timing.p50:.2f}",
            f"{timing.p95:.2f}",
            f"{timing.worst:.2f}",
            f"{target:.0f}" if target else "—",
            f"{timing.worst / target:.3f}x" if target else "—",
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    Console(width=120).print(table(run(args.rounds), args.rounds))


if __name__ == "__main__":
    main()
