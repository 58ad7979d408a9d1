#!/usr/bin/env bash
# Nightly bulk scoring on YARN (example, not run by the tests). The shaded jar carries trainyard,
# XGBoost and ONNX Runtime but not Spark, Scala or Hadoop: the cluster's own Spark 3.5 provides them.
#
#   DATE=2026-11-25 scripts/spark-submit/yarn-score.sh
#
# MLFLOW_TRACKING_URI (and MLFLOW_TRACKING_TOKEN or _USERNAME/_PASSWORD) point at the MLflow server
# that resolves churn@champion; spark.yarn.appMasterEnv.* passes them on in cluster mode.
set -euo pipefail
DATE="${DATE:?set DATE=yyyy-mm-dd}"
JAR="${JAR:-jobs/target/trainyard-0.1.0-SNAPSHOT.jar}"

spark-submit \
  --master yarn --deploy-mode cluster \
  --name "trainyard score churn $DATE" \
  --num-executors 8 --executor-cores 4 --executor-memory 8g --driver-memory 4g \
  --conf spark.yarn.appMasterEnv.MLFLOW_TRACKING_URI="$MLFLOW_TRACKING_URI" \
  --conf spark.yarn.appMasterEnv.MLFLOW_TRACKING_TOKEN="${MLFLOW_TRACKING_TOKEN:-}" \
  --conf spark.sql.shuffle.partitions=200 \
  --class io.trainyard.jobs.Main "$JAR" \
  score --model churn@champion \
        --input "hdfs:///lake/customers/date=$DATE/" \
        --output hdfs:///lake/churn_scores/ --partition "date=$DATE" \
        --on-invalid skip --fail-on-drift 0.25 --json
# exit codes: 0 done, 2 usage/config (or output owned by another job), 3 data (schema, drift beyond
# the bound), 4 tracking server unreachable, 1 other. In cluster mode the --json line is in the
# driver's stdout (yarn logs -applicationId …); use client mode to capture it for Airflow's XCom.
