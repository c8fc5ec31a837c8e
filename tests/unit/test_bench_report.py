"""The combined benchmark report: ratios the right way round, every run in the Markdown."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bench.report import BenchmarkRun, Measurement, markdown, write


def test_advantage_reads_the_same_whichever_way_is_better() -> None:
    faster = Measurement("queue", "jobs", 300.0, "jobs/s", "peer", 100.0)
    quicker = Measurement("api", "p50", 2.0, "ms", "bare", 4.0, higher_is_better=False)
    slower = Measurement("api", "p99", 8.0, "ms", "bare", 4.0, higher_is_better=False)
    alone = Measurement("soak", "throughput", 13.0, "jobs/s")
    at_limit = Measurement("providers", "rate", 1.9, "calls/s", "limit", 2.0, matches_baseline=True)
    over_limit = Measurement(
        "providers", "rate", 2.5, "calls/s", "limit", 2.0, matches_baseline=True
    )
    assert at_limit.advantage == 0.95 and over_limit.advantage == 0.8
    assert (faster.ratio, faster.advantage) == (3.0, 3.0)
    assert (quicker.ratio, quicker.advantage) == (0.5, 2.0)
    assert slower.advantage == 0.5
    assert alone.ratio is None and alone.advantage is None


def test_the_report_has_a_row_per_measurement_and_names_failures(tmp_path: Path) -> None:
    runs = [
        BenchmarkRun(
            "queue",
            seconds=12.0,
            measurements=[
                Measurement("queue", "no-op jobs, SQLite", 2500.0, "jobs/s", "huey 1 x 8", 1000.0)
            ],
            notes=["'database is locked' in worker output: 0 times"],
        ),
        BenchmarkRun("api", seconds=1.0, error="RuntimeError: the server did not start"),
    ]
    text = markdown(runs, started=datetime(2026, 11, 28, tzinfo=UTC), chart=None)
    table = [
        line for line in text.splitlines() if line.startswith("| queue") or line.startswith("| api")
    ]
    assert (
        "| queue | no-op jobs, SQLite | 2,500 jobs/s | huey 1 x 8 | 1,000 jobs/s | 2.50x"
        in table[0]
    )
    assert "did not finish" in text and "RuntimeError" in text
    report = write(runs, tmp_path / "out", started=datetime(2026, 11, 28, tzinfo=UTC))
    assert report.read_text().startswith("# iepgen benchmarks")
    png = tmp_path / "out" / "report.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "![iepgen against its baselines](report.png)" in report.read_text()
