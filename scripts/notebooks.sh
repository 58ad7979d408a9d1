#!/usr/bin/env bash
# Executes the notebooks in notebooks/ headless against the demo's outputs, with Debian's Jupyter
# (apt-get install jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib).
#   scripts/notebooks.sh [demo-output-dir]     (default out/demo; runs the demo first when it is missing)
# Executed copies land in <demo-output-dir>/notebooks/. CI runs this after the tests.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"
out="${1:-out/demo}"
# Debian's Python, which has the Jupyter packages (another python3 may come first on the PATH)
export PATH="/usr/bin:$PATH"
command -v jupyter-nbconvert >/dev/null || {
  echo "notebooks.sh: jupyter-nbconvert missing; apt-get install jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib" >&2
  exit 2
}

if [[ ! -f "$out/model/bundle.json" || ! -d "$out/scores" ]]; then
  scripts/trainyard demo --output "$out" --no-progress
fi
scripts/trainyard sample --input "$out/scores" --rows 1000 --output "$out/scores-sample.csv" --no-progress

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
scripts/trainyard tracking-server --port "$port" --store "$out/mlruns" > "$out/tracking-server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$out/tracking-server.log" >&2; exit 1; }
  sleep 0.5
done

export TRAINYARD_TRACKING_URI="http://127.0.0.1:$port" TRAINYARD_MODEL=churn
[[ "$out" = /* ]] && sample="$out/scores-sample.csv" || sample="$home/$out/scores-sample.csv"   # absolute or relative
export TRAINYARD_SCORES_SAMPLE="$sample"
jupyter-nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 \
  --output-dir "$out/notebooks" notebooks/*.ipynb
echo "notebooks.sh: executed $(ls notebooks/*.ipynb | wc -l) notebooks into $out/notebooks" >&2
