#!/usr/bin/env bash
# Nightly bulk scoring on YARN in cluster deploy mode (example, not run by the tests). The shaded jar
# carries trainyard, XGBoost and ONNX Runtime but not Spark, Scala or Hadoop: the cluster's own Spark
# 3.5 provides them.
#
#   DATE=2026-11-25 scripts/spark-submit/yarn-score.sh
#
# MLFLOW_TRACKING_URI (and MLFLOW_TRACKING_TOKEN or _USERNAME/_PASSWORD) point at the MLflow server
# that resolves churn@champion; spark.yarn.appMasterEnv.* passes them on in cluster mode.
#
# In cluster mode the driver runs in YARN's application master: its exit code and its --json line
# stay on the cluster, and YARN knows only SUCCEEDED or FAILED. trainyard therefore never calls
# System.exit there (YARN would mark even a success FAILED and run it again): it returns after a
# success and throws after a failure, and writes how it ended to --outcome-file, which the
# scheduler reads afterwards (below). The scoring run in MLflow carries the same exit code as the
# tag trainyard.exit_code. spark.yarn.maxAppAttempts=1: a second attempt of a job that failed on
# its config (2), its data (3) or a gate (5) fails the same way; retries are the scheduler's call.
set -euo pipefail
DATE="${DATE:?set DATE=yyyy-mm-dd}"
JAR="${JAR:-jobs/target/trainyard-0.1.0-SNAPSHOT.jar}"
OUTCOME="hdfs:///lake/trainyard/outcomes/churn-score-$DATE.json"

spark-submit \
  --master yarn --deploy-mode cluster \
  --name "trainyard score churn $DATE" \
  --num-executors 8 --executor-cores 4 --executor-memory 8g --driver-memory 4g \
  --conf spark.yarn.maxAppAttempts=1 \
  --conf spark.yarn.appMasterEnv.MLFLOW_TRACKING_URI="$MLFLOW_TRACKING_URI" \
  --conf spark.yarn.appMasterEnv.MLFLOW_TRACKING_TOKEN="${MLFLOW_TRACKING_TOKEN:-}" \
  --conf spark.sql.shuffle.partitions=200 \
  --class io.trainyard.jobs.Main "$JAR" \
  score --model churn@champion \
        --input "hdfs:///lake/customers/date=$DATE/" \
        --output hdfs:///lake/churn_scores/ --partition "date=$DATE" \
        --on-invalid skip --fail-on-drift 0.25 \
        --outcome-file "$OUTCOME" || true   # spark-submit's own exit code says only SUCCEEDED or FAILED

# The outcome: {"command":"score","exit_code":0,"category":"ok","status":"ok","job_id":…,"summary":{…}}.
# Exit codes: 0 done, 2 usage/config (or output owned by another job), 3 data (schema, drift beyond
# the bound), 4 tracking server unreachable, 5 gate refused, 1 other.
code="$(hdfs dfs -cat "$OUTCOME" | python3 -c 'import json,sys; print(json.load(sys.stdin)["exit_code"])')"
exit "$code"
