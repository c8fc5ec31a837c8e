"""The seed's worker script, kept for its command line; `iepgen worker` is the same thing.

python start_async_worker.py --workers 1 --poll-interval 5
python start_async_worker.py --test      # self-check, exits 0 or 1
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run iepgen queue workers.")
    parser.add_argument("--workers", type=int, default=None, help="worker processes")
    parser.add_argument("--poll-interval", type=float, default=None, help="idle poll seconds")
    parser.add_argument("--concurrency", type=int, default=None, help="jobs at once per process")
    parser.add_argument("--claim-timeout", type=float, default=None, help="lease seconds")
    parser.add_argument("--test", action="store_true", help="run the self-check and exit")
    args = parser.parse_args(argv)

    from iepgen.cli import run_selfcheck_command
    from iepgen.config import get_settings
    from iepgen.worker_app import WorkerOverrides, run_workers

    if args.test:
        return run_selfcheck_command()
    for name in ("workers", "concurrency"):
        if (value := getattr(args, name)) is not None and value < 1:
            parser.error(f"--{name} must be at least 1")
    for name in ("poll_interval", "claim_timeout"):
        if (value := getattr(args, name)) is not None and value <= 0:
            parser.error(f"--{name.replace('_', '-')} must be positive")
    overrides = WorkerOverrides(
        concurrency=args.concurrency,
        poll_interval=args.poll_interval,
        claim_timeout=args.claim_timeout,
    )
    return run_workers(args.workers or get_settings().num_workers, overrides)


if __name__ == "__main__":
    sys.exit(main())
