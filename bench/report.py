"""The combined benchmark report: one row per measurement, each beside the baseline it was
measured against in the same run, as a Markdown table and a PNG chart.
"""

from __future__ import annotations

import math
import platform
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table


@dataclass(frozen=True)
class Measurement:
    """One number a benchmark measured, and (when it has one) its baseline from the same run."""

    benchmark: str
    measure: str
    value: float
    unit: str
    baseline: str = ""
    baseline_value: float | None = None
    higher_is_better: bool = True
    # True when matching the baseline is the best possible (a rate held to a provider's limit).
    matches_baseline: bool = False

    @property
    def ratio(self) -> float | None:
        """iepgen / baseline."""
        if self.baseline_value is None or not self.baseline_value or math.isnan(self.value):
            return None
        return self.value / self.baseline_value

    @property
    def advantage(self) -> float | None:
        """How many times better than the baseline (> 1: better), whichever way is better.

        For a measurement that should match its baseline, 1.0 is the best there is.
        """
        ratio = self.ratio
        if ratio is None or ratio == 0:
            return None
        if self.matches_baseline:
            return min(ratio, 1 / ratio)
        return ratio if self.higher_is_better else 1 / ratio


@dataclass
class BenchmarkRun:
    """What one benchmark produced: its measurements, how long it took, or why it failed."""

    name: str
    seconds: float = 0.0
    measurements: list[Measurement] = field(default_factory=list)
    error: str | None = None
    notes: list[str] = field(default_factory=list)


def nearest_rank(values: list[float], fraction: float) -> float:
    """The sample at `fraction` of the way through the sorted samples (0.95: the p95)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _number(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _versus(measurement: Measurement) -> str:
    advantage, ratio = measurement.advantage, measurement.ratio
    if advantage is None or ratio is None:
        return "—"
    if measurement.matches_baseline:
        return f"{ratio:.2f}x (1.00 is ideal)"
    direction = "higher" if measurement.higher_is_better else "lower"
    if advantage >= 1:
        return f"{ratio:.2f}x ({advantage:.2f}x better; {direction} wins)"
    return f"{ratio:.2f}x ({1 / advantage:.2f}x worse; {direction} wins)"


def rows(runs: list[BenchmarkRun]) -> list[list[str]]:
    """The report's table body: benchmark, measure, iepgen, baseline, baseline value, ratio."""
    body = []
    for run in runs:
        if run.error is not None:
            body.append([run.name, "did not finish", run.error, "—", "—", "—"])
        for m in run.measurements:
            body.append(
                [
                    m.benchmark,
                    m.measure,
                    f"{_number(m.value)} {m.unit}",
                    m.baseline or "—",
                    f"{_number(m.baseline_value)} {m.unit}"
                    if m.baseline_value is not None
                    else "—",
                    _versus(m),
                ]
            )
    return body


HEADER = [
    "benchmark",
    "measure",
    "iepgen",
    "baseline (same run)",
    "baseline value",
    "iepgen / baseline",
]


def markdown(runs: list[BenchmarkRun], *, started: datetime, chart: str | None) -> str:
    """The whole report as Markdown."""
    lines = [
        "# iepgen benchmarks",
        "",
        f"Run {started.astimezone(UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this host'} "
        f"({_cores()} cores, Python {platform.python_version()}). Every ratio compares "
        "numbers measured in this same run; nothing here is a pass/fail threshold.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join("---" for _ in HEADER) + "|",
    ]
    lines += [
        "| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows(runs)
    ]
    lines += ["", "| benchmark | wall time | notes |", "|---|---|---|"]
    for run in runs:
        notes = "; ".join(run.notes) if run.notes else ""
        lines.append(f"| {run.name} | {run.seconds:.0f} s | {notes.replace('|', '/')} |")
    if chart:
        lines += ["", f"![iepgen against its baselines]({chart})"]
    return "\n".join(lines) + "\n"


def _cores() -> int:
    import os

    return os.cpu_count() or 0


def console_table(runs: list[BenchmarkRun]) -> Table:
    table = Table(title="All benchmarks (ratios measured in this run)")
    for column in HEADER:
        table.add_column(column, justify="left" if column in HEADER[:2] else "right")
    for row in rows(runs):
        table.add_row(*row)
    return table


def chart(runs: list[BenchmarkRun], path: Path) -> bool:
    """A bar per measurement that has a baseline: how many times better iepgen is (log scale)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    compared = [m for run in runs for m in run.measurements if m.advantage is not None]
    if not compared:
        return False
    labels = [f"{m.benchmark}: {m.measure}" for m in compared]
    values = [m.advantage or 1.0 for m in compared]
    colours = [
        "#2e7d32" if value >= (0.9 if m.matches_baseline else 1.0) else "#c62828"
        for m, value in zip(compared, values, strict=True)
    ]
    figure, axis = plt.subplots(figsize=(10, 0.45 * len(compared) + 1.6))
    axis.barh(range(len(compared)), values, color=colours)
    axis.set_yticks(range(len(compared)), labels, fontsize=8)
    axis.invert_yaxis()
    axis.set_xscale("log")
    axis.axvline(1.0, color="black", linewidth=1)
    axis.set_xlabel(
        "times better than the baseline measured in the same run (log scale; > 1 is better)"
    )
    axis.set_title("iepgen against its baselines")
    for index, value in enumerate(values):
        axis.text(value, index, f" {value:.2f}x", va="center", fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return True


def write(runs: list[BenchmarkRun], directory: Path, *, started: datetime) -> Path:
    """Write report.md (and report.png) into `directory`; returns the Markdown's path."""
    directory.mkdir(parents=True, exist_ok=True)
    has_chart = chart(runs, directory / "report.png")
    report = directory / "report.md"
    report.write_text(markdown(runs, started=started, chart="report.png" if has_chart else None))
    return report


def print_summary(runs: list[BenchmarkRun]) -> None:
    Console(width=160).print(console_table(runs))
