#!/usr/bin/env bash
# Scoring benchmark (not a test): trainyard score vs Spark's plain PipelineModel.transform + Parquet
# write, same model, same input, same JVM (local[2]), on the 1,000,000-row airline set and on it three
# times over (3,000,000 rows), for an XGBoost and a GBT model. Prints rows/s per core and trainyard's
# overhead (verification, typing, audit and drift in the same pass, stamps, atomic publish).
#
#   scripts/bench/score.sh [WORK]     # WORK default: ${TMPDIR:-/tmp}/trainyard-bench (Parquet and models cached there)
#   REPEATS=3 scripts/bench/score.sh  # measured runs per side after the warm-up, the best counts (default 1)
#   CSV=PATH scripts/bench/score.sh   # the airline CSV (default ../shared/datasets/airline_1m.csv.gz beside the checkout)
#
# Needs the built jar and test classes: mvn -B -DskipTests package (done when missing; it compiles the tests too).
# Not "package test-compile" in one invocation: on a fresh clone (Maven 3.8.7) its jobs jar came out unshaded.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-${TMPDIR:-/tmp}/trainyard-bench}"
csv="${CSV:-$home/../shared/datasets/airline_1m.csv.gz}"
export SPARK_LOCAL_IP=127.0.0.1
mkdir -p "$work"

version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$home/pom.xml" | head -n 1)"
jar="$home/jobs/target/trainyard-$version.jar"
if [[ ! -f "$jar" || ! -d "$home/jobs/target/test-classes/io/trainyard/jobs/bench" ]]; then
  (cd "$home" && mvn -B -q -DskipTests package) >&2  # -DskipTests still compiles the test classes (ScoreBench)
fi
source "$home/scripts/bench/spark-java.sh"
bench() {
  SPARK_JAVA_CP_EXTRA="$home/jobs/target/test-classes" spark_java -Xmx6g -Dbench.repeats="${REPEATS:-1}" \
    io.trainyard.jobs.bench.ScoreBench "$@"
}

if [[ ! -d "$work/airline_3m.parquet" ]]; then
  echo "bench: converting $csv to Parquet (once) ..." >&2
  bench prepare "$csv" "$work"
fi

train() {  # name, extra --set args: trains on a 20% slice (200k rows) unless the bundle is there
  local name="$1"; shift
  if [[ ! -f "$work/$name/model/bundle.json" ]]; then
    echo "bench: training $name on $work/airline_train.parquet ..." >&2
    "$home/scripts/trainyard" train --config "$home/conf/airline.yaml" --set "data.path=$work/airline_train.parquet" \
      --set "output.dir=$work/$name" --store "$work/mlruns" "$@" >&2
  fi
}
train xgboost
train gbt --set 'models[0]={family: gbt, params: {max-iter: 20, max-depth: 5}}'

printf 'model\tinput\trows\tplain s\tplain rows/s/core\ttrainyard s\ttrainyard rows/s/core\toverhead\n'
for model in xgboost gbt; do
  for input in airline_1m.parquet airline_3m.parquet; do
    rm -rf "$work/runs" && mkdir -p "$work/runs"
    bench time "$work/$model/model" "$work/$input" "$work/runs" 2> >(grep '^bench:' >&2)
  done
done
rm -rf "$work/runs"
