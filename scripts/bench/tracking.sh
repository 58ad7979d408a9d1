#!/usr/bin/env bash
# Benchmark: log a run with 50 metrics and a 20 MB artifact against the embedded tracking server,
# beside its baselines (50 single-metric calls; a plain local copy of the file). Not a test.
#   scripts/bench/tracking.sh [repetitions]      (default 7; prints medians in ms)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$home"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -pl tracking -am test-compile >&2
mvn -B -q -pl tracking dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$java" -cp "tracking/target/test-classes:tracking/target/classes:common/target/classes:$(cat "$cp_file")" \
  io.trainyard.tracking.bench.TrackingBench "${1:-7}"
