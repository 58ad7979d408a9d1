#!/usr/bin/env bash
# Serving benchmark on the churn XGBoost pipeline (the demo's winner: 100 rounds, eta 0.1, depth 3):
#  1. in-process: the serving path (input checks + ONNX Runtime, one thread), p50/p99 for a single
#     instance and for batches of 100, on the real rows of data/samples/mlc_churn.csv;
#  2. HTTP on 127.0.0.1: 'trainyard serve' (the jar alone) under wrk at fixed concurrency levels
#     (closed loop: each connection sends its next request when the answer arrives), one instance per
#     request, then batches of 100: latency percentiles, throughput, errors;
#  3. HTTP at fixed rates (open loop, scripts/bench/LoadClient.java, 8 connections): latency counted
#     from each request's due time, and the highest rate whose p99 stays under 10 ms without errors.
#
#   scripts/bench/serve.sh [BUNDLE]     # default: trains one into out/bench-serve (about a minute)
#
# Environment: BENCH_DURATION (seconds per run, default 10), BENCH_CONCURRENCY (default
# "1 2 4 8 16 32"), BENCH_RATES (requests/s, default "250 500 1000 2000 4000"), BENCH_PORT (default
# 18480), TRAINYARD_JAVA_OPTS (e.g. a GC for the server). Needs Debian's wrk (apt-get install wrk).
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$home"
out="out/bench-serve"
duration="${BENCH_DURATION:-10}"
levels="${BENCH_CONCURRENCY:-1 2 4 8 16 32}"
rates="${BENCH_RATES:-250 500 1000 2000 4000}"
port="${BENCH_PORT:-18480}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mkdir -p "$out"

if ! command -v wrk >/dev/null 2>&1; then
  echo "serve.sh: wrk is not installed; run 'apt-get install wrk' (Debian) and try again" >&2
  exit 2
fi

bundle="${1:-}"
if [[ -z "$bundle" ]]; then
  bundle="$out/train/model"
  if [[ ! -f "$bundle/onnx/model.onnx" ]]; then
    echo "== training the churn XGBoost pipeline into $out/train" >&2
    scripts/trainyard train --config conf/churn.yaml --output "$out/train" --store "$out/mlruns" \
      --set 'models=[{family: xgboost, params: {num-round: 100, eta: 0.1, max-depth: 3}}]' >&2
  fi
fi
scripts/trainyard --version >/dev/null   # builds the jar when the sources changed
if [[ ! -f "$bundle/onnx/model.onnx" ]]; then
  echo "serve.sh: $bundle has no onnx/model.onnx; add it with: scripts/trainyard export --model $bundle" >&2
  exit 2
fi
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"
jar="jobs/target/trainyard-$version.jar"

echo "machine  $(nproc) cores, $(uname -sr), $("$java" -version 2>&1 | head -n 1)"
echo "model    $bundle ($(sed -n 's/.*"family" : "\(.*\)".*/\1/p' "$bundle/bundle.json"))"
echo
echo "== in-process (scripts/bench/ServeLatency.java, 1 thread)"
"$java" -Xmx1g -cp "$jar" scripts/bench/ServeLatency.java "$bundle" data/samples/mlc_churn.csv "$out" 2>/dev/null

echo
echo "== HTTP: scripts/trainyard serve on 127.0.0.1:$port; wrk (2 threads, 1 for one connection) on the same 2 cores,"
echo "   ${duration}s per level, after a warm-up"
scripts/trainyard serve --bundle "$bundle" --port "$port" >"$out/serve.out" 2>"$out/serve.err" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { cat "$out/serve.err" >&2; exit 1; }

cat >"$out/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = io.open(os.getenv("BENCH_BODY"), "r")
wrk.body = file:read("*a")
file:close()
LUA

url="http://127.0.0.1:$port/v1/models/churn/predict"
# one row per run: connections, requests/s, p50, p90, p99, max, non-2xx responses, socket errors
run() {
  local body="$1" connections="$2" seconds="$3" report
  local threads=$((connections < 2 ? 1 : 2))
  report="$(BENCH_BODY="$body" wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$out/post.lua" "$url")"
  awk -v c="$connections" '
    /^ +50%/ {p50=$2} /^ +90%/ {p90=$2} /^ +99%/ {p99=$2}
    /Latency/ && !max {max=$4}
    /Requests\/sec/ {rps=$2}
    /Non-2xx/ {non2xx=$NF}
    /Socket errors/ {sock=$0; sub(/.*Socket errors: /, "", sock)}
    END {printf "  %5d  %10s  %9s  %9s  %9s  %9s  %7s  %s\n", c, rps, p50, p90, p99, max, (non2xx ? non2xx : 0), (sock ? sock : "none")}
  ' <<<"$report"
}
header() {
  printf "  %5s  %10s  %9s  %9s  %9s  %9s  %7s  %s\n" conns "req/s" p50 p90 p99 max non-2xx "socket errors"
}

run "$out/single.json" 4 5 >/dev/null   # warm-up: JIT, ONNX Runtime arenas
echo "-- one instance per request"
header
for c in $levels; do
  run "$out/single.json" "$c" "$duration"
done
echo "-- 100 instances per request"
header
for c in 1 4; do
  run "$out/batch100.json" "$c" "$duration"
done
echo "-- fixed rates, one instance per request (open loop, 8 connections)"
printf "  %7s  %9s  %10s  %10s  %10s  %11s  %6s\n" "rate/s" "done/s" p50 p90 p99 max errors
best=""
for rate in $rates; do
  row="$("$java" -cp "$jar" scripts/bench/LoadClient.java "$url" "$out/single.json" "$rate" "$duration" 8)"
  echo "$row"
  if awk '{exit !($7 < 10 && $NF == 0)}' <<<"$row"; then best="$rate"; fi
done
echo "highest fixed rate with p99 < 10 ms and no errors: ${best:-none of $rates} requests/s"
echo
echo "server metrics: $(curl -s "http://127.0.0.1:$port/metrics" | grep -E '^trainyard_serving_requests_total' | tr '\n' ' ')"
