#!/usr/bin/env bash
# Benchmark (not a test): bulk scoring speed of `trainyard score --engine spark` vs `--engine onnx`
# on the same bundle and the same Parquet input.
#
# Trains the airline XGBoost model (100 rounds, depth 6, origin/dest one-hot) on 15% of the 1M-row
# airline sample with export.onnx: true, so the other 85% (~850k rows) become the holdout Parquet;
# then scores that holdout with each engine, REPEAT times, and prints rows/s per run.
#
#   scripts/bench/score-engines.sh                      # airline, 1 run per engine
#   REPEAT=3 OUT=/tmp/bench scripts/bench/score-engines.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
out="${OUT:-$repo/out/bench-engines}"
data="${DATA:-$repo/../shared/datasets/airline_1m.csv.gz}"
repeat="${REPEAT:-1}"
mkdir -p "$out"
config="$out/airline.yaml"
cat > "$config" <<YAML
name: airline
data: {path: "$data"}
label: {column: arr_delayed_15min}
features: {categorical: [origin, dest]}
split: {holdout-fraction: 0.85, seed: 42}
cv: {folds: 2}
models:
  - family: xgboost
    params: {num-round: 100, eta: 0.1, max-depth: 6}
output: {dir: "$out/run"}
export: {onnx: true}
YAML
if [[ ! -f "$out/run/model/onnx/model.onnx" ]]; then
  "$repo/scripts/trainyard" train --config "$config" --store "$out/mlruns"
fi
rows=$(ls "$out/run/holdout"/*.parquet | wc -l)
echo "input: $out/run/holdout ($rows Parquet file(s)); cores: $(nproc)"
for i in $(seq "$repeat"); do
  for engine in spark onnx; do
    start=$(date +%s.%N)
    summary=$("$repo/scripts/trainyard" score --model "$out/run/model" --input "$out/run/holdout" \
      --output "$out/scores-$engine" --engine "$engine" --json)
    end=$(date +%s.%N)
    scored=$(sed -E 's/.*"rows":([0-9]+).*/\1/' <<<"$summary")
    job=$(sed -E 's/.*"seconds":([0-9.]+).*/\1/' <<<"$summary")
    awk -v e="$engine" -v n="$scored" -v w="$start" -v x="$end" -v j="$job" 'BEGIN {
      printf "%-6s %d rows: job %.1f s (%.0f rows/s), command %.1f s\n", e, n, j, n / j, x - w }'
  done
done
# the same predictions? (row count, label counts, sorted probabilities)
source "$repo/scripts/bench/spark-java.sh"
spark_java "$repo/scripts/bench/CompareScores.java" "$out/scores-spark" "$out/scores-onnx" 2>/dev/null
