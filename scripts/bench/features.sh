#!/usr/bin/env bash
# Feature store benchmark (not a test): the 1,000,000-row airline set as a feature set keyed by row
# number (row_id 1..1,000,000, added here: the data has no id), built into the offline table, then
#  1. materialized into a redis-server of our own (loopback, nothing persisted): entities/s into Redis,
#     twice (the second run rewrites the same keys: idempotent), and Redis's memory for them;
#  2. `features check` on 1,000 sampled entities;
#  3. online lookup latency, the serving adapter's path (one MGET per request + JSON parsing),
#     p50/p99 for batches of 1 and 100 random entities (scripts/bench/FeatureLookup.java).
#
#   scripts/bench/features.sh [path/to/airline_1m.csv.gz]
#
# Environment: OUT (default /tmp/trainyard-bench-features), TRAINYARD_DRIVER_MEMORY (default here 4g).
# Needs Debian's redis-server (apt-get install redis-server); the system service is never used.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
data="${1:-$home/../shared/datasets/airline_1m.csv.gz}"
out="${OUT:-/tmp/trainyard-bench-features}"
export TRAINYARD_DRIVER_MEMORY="${TRAINYARD_DRIVER_MEMORY:-4g}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[[ -f "$data" ]] || { echo "bench: $data not found; pass the airline_1m.csv.gz path" >&2; exit 2; }
[[ -x /usr/bin/redis-server ]] || { echo "bench: redis-server is not installed; apt-get install redis-server" >&2; exit 2; }
mkdir -p "$out"
cd "$home"

if [[ ! -f "$out/airline_rows.csv" ]]; then
  echo "== adding row_id (the row number) to $data" >&2
  zcat "$data" | awk 'NR == 1 { print "row_id," $0; next } { print NR - 1 "," $0 }' >"$out/airline_rows.csv"
fi
entities=$(($(wc -l <"$out/airline_rows.csv") - 1))

cat >"$out/features.yaml" <<YAML
name: airline-features
data: {path: "$out/airline_rows.csv"}
label: {column: arr_delayed_15min}
models: [{family: logistic-regression}]
feature-sets:
  - name: airline
    entity: [row_id]
    source: {path: "$out/airline_rows.csv"}
    exclude: [arr_delayed_15min]
    ttl: 3650d
    offline: "$out/table"
YAML

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$out/redis.log" 2>&1 &
redis=$!
trap 'kill "$redis" 2>/dev/null || true; wait "$redis" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done

scripts/trainyard --version >/dev/null   # builds the jar when the sources changed
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"
jar="jobs/target/trainyard-$version.jar"
echo "machine  $(nproc) cores, $(uname -sr), $("$java" -version 2>&1 | head -n 1), $(redis-server --version | cut -d' ' -f1-3)"
echo "data     $data: $entities rows, entity row_id"
echo

start=$(date +%s.%N)
scripts/trainyard features build --config "$out/features.yaml" --as-of "$(date -u +%F)" --no-progress 2>"$out/build.err" \
  | sed 's/^/  /'
echo "  build wall time $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)") s (JVM start included)"
echo
echo "== materialize into redis-server on 127.0.0.1:$port (batches of 1,000, pipelined, from the executors)"
for run in first again; do
  start=$(date +%s.%N)
  scripts/trainyard features materialize --config "$out/features.yaml" --redis "127.0.0.1:$port" --no-progress \
    2>"$out/materialize-$run.err" | sed "s/^/  [$run] /"
  echo "  [$run] wall time $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)") s (JVM start and the table read included)"
done
echo "  redis    $(redis-cli -p "$port" dbsize) keys, $(redis-cli -p "$port" info memory | sed -n 's/^used_memory_human:\(.*\)\r$/\1/p') used"
echo
echo "== features check (1,000 sampled entities, offline vs online)"
scripts/trainyard features check --config "$out/features.yaml" --redis "127.0.0.1:$port" --no-progress \
  2>"$out/check.err" | sed 's/^/  /'
echo
echo "== online lookup (one MGET round trip per request, JSON parsed), random entities, 1 connection"
"$java" -cp "$jar" scripts/bench/FeatureLookup.java "127.0.0.1:$port" airline "$entities" 2>/dev/null
