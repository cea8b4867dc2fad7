#!/usr/bin/env bash
# Create or reuse the Gradio server venvs used by the test-suite:
#   .venvs/gradio-6.31.0  .venvs/gradio-5.50.0  .venvs/gradio-4.44.1
# Idempotent: a stamp file records what was installed; an existing venv with a
# matching stamp is reused without touching the network.
# Usage: tests/servers/setup_venvs.sh [major-version ...]   (default: all three)
# Env: PYTHON (interpreter for the venvs, default python3.11), UV (uv binary, optional)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
UV="${UV:-}"
if [[ -z "$UV" ]]; then
  if [[ -x "$ROOT/.venv/bin/uv" ]]; then UV="$ROOT/.venv/bin/uv"; elif command -v uv >/dev/null 2>&1; then UV="$(command -v uv)"; fi
fi

pins_for() {
  case "$1" in
    6.31.0) echo "gradio==6.31.0 numpy pillow" ;;
    5.50.0) echo "gradio==5.50.0 numpy pillow" ;;
    # plain gradio==4.44.1 pulls huggingface_hub 1.x and fails to import (HfFolder)
    4.44.1) echo "gradio==4.44.1 huggingface_hub==0.25.2 pydantic==2.9.2 fastapi==0.112.2 numpy<2 pillow" ;;
    *) echo "unknown gradio version $1" >&2; return 1 ;;
  esac
}

setup_one() {
  local ver="$1" dir="$ROOT/.venvs/gradio-$1"
  local pins; pins="$(pins_for "$ver")"
  local stamp="$dir/.gshell-stamp"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$pins" && -x "$dir/bin/python" ]]; then
    echo "reuse $dir"; return 0
  fi
  echo "create $dir ($pins)"
  rm -rf "$dir"
  mkdir -p "$ROOT/.venvs"
  if [[ -n "$UV" ]]; then
    "$PY" -m venv --without-pip "$dir"
    # shellcheck disable=SC2086
    "$UV" pip install --quiet --python "$dir/bin/python" $pins
  else
    "$PY" -m venv "$dir"
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check $pins
  fi
  "$dir/bin/python" -c "import gradio, sys; assert gradio.__version__ == '$ver', gradio.__version__"
  echo "$pins" > "$stamp"
}

vers=("$@")
[[ ${#vers[@]} -eq 0 ]] && vers=(6.31.0 5.50.0 4.44.1)
pids=()
for v in "${vers[@]}"; do
  setup_one "$v" &
  pids+=($!)
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
exit $rc
