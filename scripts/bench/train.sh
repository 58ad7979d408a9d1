#!/usr/bin/env bash
# Benchmark (not a test): `trainyard train` on the 1,000,000-row airline set with XGBoost at fixed params
# (100 rounds, depth 6, eta 0.1, hist) and 5-fold CV, beside native single-node XGBoost (Debian's
# python3-xgboost) on the same training rows, the same params, 5 stratified folds, 2 threads, evaluated on
# the same holdout rows. Prints wall times and AUCs; writes everything under $OUT (default /tmp/trainyard-bench).
#
#   scripts/bench/train.sh [path/to/airline_1m.csv.gz]
#   ENCODING=index scripts/bench/train.sh     # origin/dest as categories (XGBoost's categorical splits), both sides
#   NATIVE=dense-one-hot scripts/bench/train.sh   # native gets the one-hot columns as a dense matrix (pandas.get_dummies)
#
# Environment: OUT, TRAINYARD_DRIVER_MEMORY (default here 10g, as every figure in the README was measured),
# THREADS (native nthread, default 2), NATIVE (native's encoding when it differs: dense-one-hot needs ~20 GB), TRAINYARD_CDS=0 (time trainyard
# without the launcher's JVM class archive).
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${1:-$home/../shared/datasets/airline_1m.csv.gz}"
out="${OUT:-/tmp/trainyard-bench}"
threads="${THREADS:-2}"
encoding="${ENCODING:-one-hot}"
export TRAINYARD_DRIVER_MEMORY="${TRAINYARD_DRIVER_MEMORY:-10g}"
[[ -f "$data" ]] || { echo "bench: $data not found; pass the airline_1m.csv.gz path" >&2; exit 2; }
data="$(cd "$(dirname "$data")" && pwd)/$(basename "$data")"
mkdir -p "$out"

python=/usr/bin/python3   # Debian's, where python3-xgboost installs (not a pyenv or venv python)
if ! "$python" -c 'import xgboost, sklearn, pandas' 2>/dev/null; then
  echo "bench: installing Debian's python3-xgboost, python3-sklearn, python3-pandas" >&2
  apt-get install -y -q python3-xgboost python3-sklearn python3-pandas >&2
fi

cat > "$out/airline.yaml" <<YAML
name: airline-bench
data: {path: "$data"}
label: {column: arr_delayed_15min}
features:
  categorical: [origin, dest]
  numeric: [year, month, day_of_month, day_of_week, dep_time, distance]
  categorical-encoding: $encoding
split: {holdout-fraction: 0.2, seed: 42}
cv: {folds: 5, stratified: true}
models:
  - family: xgboost
    params: {num-round: 100, max-depth: 6, eta: 0.1, tree-method: hist}
output: {dir: "$out/trainyard"}
spark: {master: "local[$threads]"}
YAML

# A scheduled job runs with the launcher's JVM class archive, recorded by the first run after a build
# (scripts/trainyard); so does the timed run: when it is missing or stale, the demo records it first.
"$home/scripts/trainyard" --version > /dev/null   # builds the jar when the sources changed
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$home/pom.xml" | head -n 1)"
if [[ "${TRAINYARD_CDS:-1}" != 0 && -z "$(find "$home/jobs/target" -maxdepth 1 -name "trainyard-$version-java*.jsa" \
      -newer "$home/jobs/target/trainyard-$version.jar" -newer "$home/jobs/target/spark-classpath.txt")" ]]; then
  echo "bench: recording the JVM class archive (the demo, once per build) ..." >&2
  rm -rf "$out/warm-up"
  "$home/scripts/trainyard" demo --output "$out/warm-up" --no-progress > /dev/null 2> "$out/warm-up.log" \
    || { echo "bench: the warm-up demo failed; see $out/warm-up.log" >&2; exit 1; }
fi

echo "bench: trainyard train (5-fold CV + refit + holdout) ..." >&2
start=$(date +%s.%N)
"$home/scripts/trainyard" train --config "$out/airline.yaml" --store "$out/mlruns" --json > "$out/trainyard.json" \
  2> "$out/trainyard.log"
end=$(date +%s.%N)
trainyard_wall=$("$python" -c "print(round($end - $start, 1))")

# the holdout rows trainyard wrote (Parquet) as CSV, so native XGBoost is scored on exactly those rows
source "$home/scripts/bench/spark-java.sh"
spark_java "$home/scripts/bench/ParquetToCsv.java" "$out/trainyard/holdout" "$out/holdout-csv" 2> "$out/convert.log"

"$python" "$home/scripts/bench/native_xgboost.py" "$data" "$out" "$threads" "$trainyard_wall" "${NATIVE:-$encoding}"
