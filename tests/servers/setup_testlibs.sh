#!/usr/bin/env bash
# Create or reuse what some tests need beside the server venvs, in .testlibs/ (gitignored):
#   .testlibs/node/node_modules/@gradio/client   npm ci of tests/js/package{,-lock}.json (the
#                                                pinned @gradio/client that runs gshell's JavaScript
#                                                rendering: tests/teach/test_javascript_form.py)
#   .testlibs/plot-<gradio version>/             plotting libraries for the conformance app's Plot
#                                                endpoints, added to the server's sys.path after its
#                                                venv (tests/servers/host.py), so the server venvs
#                                                themselves never change
# Idempotent: a stamp file records what was installed; a matching stamp touches nothing.
# Needs node and npm (>= 7, for lockfile v3) and the npm registry the first time; uv (or pip) and
# PyPI for the plotting libraries.
# Usage: tests/servers/setup_testlibs.sh [node] [plots]   (default: both)
# Env: UV (uv binary, optional), PYTHON (for pip when there is no uv)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LIBS="$ROOT/.testlibs"
UV="${UV:-}"
if [[ -z "$UV" && -x "$ROOT/.venv/bin/uv" ]]; then UV="$ROOT/.venv/bin/uv"; fi

# plotting libraries per server venv, installed without their dependencies (numpy, pillow,
# packaging and python-dateutil come with gradio); the 4.x venv has matplotlib already
plot_pins() {
  local mpl="matplotlib==3.11.2 contourpy==1.3.3 cycler==0.12.1 fonttools==4.68.0 kiwisolver==1.5.1 pyparsing==3.3.3"
  local plotly="plotly==7.1.0 narwhals==2.29.0"
  case "$1" in
    6.31.0|5.50.0) echo "$mpl $plotly" ;;
    4.44.1) echo "$plotly" ;;
    *) echo "unknown gradio version $1" >&2; return 1 ;;
  esac
}

setup_node() {
  local dir="$LIBS/node" stamp="$LIBS/node/.gshell-stamp" want
  want="$(cat "$ROOT/tests/js/package.json" "$ROOT/tests/js/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -f "$dir/node_modules/@gradio/client/package.json" ]]; then
    echo "reuse $dir"; return 0
  fi
  if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "setup_testlibs: node and npm are needed for the JavaScript rendering tests" >&2; return 1
  fi
  echo "create $dir (@gradio/client, tests/js/package-lock.json)"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$ROOT/tests/js/package.json" "$ROOT/tests/js/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
  echo "$want" > "$stamp"
}

setup_plots() {
  local ver="$1" dir="$LIBS/plot-$1" py="$ROOT/.venvs/gradio-$1/bin/python" pins
  pins="$(plot_pins "$ver")"
  local stamp="$dir/.gshell-stamp"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$pins" ]]; then
    echo "reuse $dir"; return 0
  fi
  echo "create $dir ($pins)"
  rm -rf "$dir"
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  if [[ -n "$UV" ]]; then
    "$UV" pip install --quiet --python "$py" --target "$dir" --no-deps $pins
  else
    "$py" -m pip install --quiet --disable-pip-version-check --target "$dir" --no-deps $pins
  fi
  echo "$pins" > "$stamp"
}

what=("$@")
[[ ${#what[@]} -eq 0 ]] && what=(node plots)
rc=0
for w in "${what[@]}"; do
  case "$w" in
    node) setup_node || rc=1 ;;
    plots) for v in 6.31.0 5.50.0 4.44.1; do setup_plots "$v" || rc=1; done ;;
    *) echo "unknown part $w (node, plots)" >&2; rc=1 ;;
  esac
done
exit $rc
