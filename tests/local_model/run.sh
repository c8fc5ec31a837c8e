#!/usr/bin/env bash
# `make test-llm-local`: iepgen against a real model on this machine.
#
# Installs llama-cpp-python's OpenAI-compatible server and SmolLM2-135M-Instruct (install.sh,
# built once and kept in the project's venv), starts the server on 127.0.0.1 with a free
# port (server.py) and runs tests/local_model/check_local_model.py against it:
# `iepgen llm check` and a whole IEP job.
set -euo pipefail

VENV=${VENV:-.venv}
export VENV
bash "$(dirname "$0")/install.sh"
"$VENV/bin/python" -m tests.local_model.server \
    "$VENV/bin/pytest" tests/local_model/check_local_model.py -p no:cacheprovider \
    -o timeout=7500 -v "$@"
