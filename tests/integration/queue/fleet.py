"""Worker subprocesses for the multi-process tests: start, signal, kill, collect output."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]


def subprocess_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GEMINI_", "OPENAI_"))}
    env.update(
        DATABASE_URL=database_url,
        ENVIRONMENT="test",
        LLM_PROVIDER="offline",
        NO_PROXY="127.0.0.1,localhost",
        PYTHONPATH=str(REPO_ROOT),
    )
    return env


@dataclass
class Fleet:
    """Recording workers (see recording_worker.py) writing to one record file."""

    database_url: str
    directory: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def record(self) -> Path:
        return self.directory / "executions.txt"

    def start(self, **options: object) -> subprocess.Popen[bytes]:
        index = len(self.processes)
        command = [
            sys.executable,
            "-m",
            "tests.integration.queue.recording_worker",
            "--database-url",
            self.database_url,
            "--record",
            str(self.record),
        ]
        for name, value in options.items():
            command += [f"--{name.replace('_', '-')}", str(value)]
        with open(self.directory / f"worker-{index}.log", "wb") as log:
            process = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                env=subprocess_env(self.database_url),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(process)
        return process

    def signal_all(self, signum: int = signal.SIGTERM) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signum)

    def wait_all(self, timeout: float = 30.0) -> list[int]:
        deadline = time.monotonic() + timeout
        codes = []
        for process in self.processes:
            codes.append(process.wait(timeout=max(0.1, deadline - time.monotonic())))
        return codes

    def kill_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()

    def output(self) -> str:
        return "\n".join(
            path.read_text(errors="replace") for path in sorted(self.directory.glob("worker-*.log"))
        )

    def executions(self) -> Counter[str]:
        if not self.record.exists():
            return Counter()
        lines = self.record.read_text().splitlines()
        return Counter(line.split()[0] for line in lines if line)


def spawn(command: list[str], database_url: str, **env: str) -> subprocess.Popen[bytes]:
    """Start a command against `database_url`, output captured in one pipe."""
    return subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=subprocess_env(database_url) | env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
