"""`python -m bench` (`make bench`): every benchmark in one run, one report.

    python -m bench [--only queue,api] [--quick] [--out bench-results]

Runs generation, queue, api, providers and soak in turn (each prints its own table as it
goes), then prints the combined table and writes `bench-results/report.md` with every
measurement beside the baseline measured in the same run, and `bench-results/report.png`.
A benchmark that fails is reported as such; the others still run.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.report import print_summary, write
from bench.suites import SUITES, Sizes, run_suite


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", default=",".join(SUITES), help=f"comma-separated subset of: {', '.join(SUITES)}"
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the runner")
    parser.add_argument("--out", type=Path, default=Path("bench-results"), help="report folder")
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in SUITES]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(SUITES)}")

    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    from iepgen.logging import configure_logging

    configure_logging("WARNING")
    sizes = Sizes.quick() if args.quick else Sizes()
    started = datetime.now(UTC)
    runs = []
    for name in chosen:
        print(f"\n=== {name} ===", flush=True)
        runs.append(run_suite(name, sizes))
        if runs[-1].error:
            print(f"{name} did not finish: {runs[-1].error}", file=sys.stderr)
    print()
    print_summary(runs)
    report = write(runs, args.out, started=started)
    print(f"\nReport: {report} (chart: {report.with_suffix('.png')})")
    return 1 if any(run.error for run in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
