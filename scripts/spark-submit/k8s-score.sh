#!/usr/bin/env bash
# Bulk scoring on Kubernetes (example, not run by the tests). Build an image FROM the official
# apache/spark:3.5.x-scala2.12-java17 image with the shaded jar, and, since this example reads and
# writes s3a:// paths, the S3 connector, which the official image does not ship: hadoop-aws of the
# image's Hadoop version (3.3.4 for Spark 3.5) and the AWS SDK bundle it was built against
# (aws-java-sdk-bundle 1.12.262), both from Maven Central, into Spark's jars folder:
#
#   FROM apache/spark:3.5.3-scala2.12-java17-ubuntu
#   ADD --chown=spark https://repo1.maven.org/maven2/org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar /opt/spark/jars/
#   ADD --chown=spark https://repo1.maven.org/maven2/com/amazonaws/aws-java-sdk-bundle/1.12.262/aws-java-sdk-bundle-1.12.262.jar /opt/spark/jars/
#   COPY jobs/target/trainyard-0.1.0-SNAPSHOT.jar /opt/trainyard/trainyard.jar
#
# Without the connector the job stops at once with one line (exit 2) naming the package to add.
#
#   DATE=2026-11-25 IMAGE=registry.example.com/trainyard:0.1.0 K8S=https://k8s.example.com:6443 \
#     scripts/spark-submit/k8s-score.sh
#
# XGBoost needs libgomp1 in the image (present in the Ubuntu-based Spark images). The S3 credentials
# come from the pod's service account (IRSA) or a secret mounted as environment variables.
#
# On Kubernetes the driver pod runs spark-submit in client mode inside the pod, so trainyard exits
# with its own code there: the driver pod ends Completed (0) or Error with trainyard's exit code
# (kubectl get pod trainyard-score-churn-$DATE-driver -o jsonpath='{.status.containerStatuses[0].state.terminated.exitCode}').
# The same outcome, with the --json summary, goes to --outcome-file for the scheduler.
set -euo pipefail
DATE="${DATE:?set DATE=yyyy-mm-dd}"
IMAGE="${IMAGE:?set IMAGE=the image with the trainyard jar}"
K8S="${K8S:?set K8S=https://<api-server>:<port>}"

spark-submit \
  --master "k8s://$K8S" --deploy-mode cluster \
  --name "trainyard-score-churn-$DATE" \
  --conf spark.kubernetes.container.image="$IMAGE" \
  --conf spark.kubernetes.namespace=ml \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName=spark \
  --conf spark.kubernetes.driver.pod.name="trainyard-score-churn-$DATE-driver" \
  --conf spark.executor.instances=8 --conf spark.executor.cores=4 --conf spark.executor.memory=8g \
  --conf spark.kubernetes.driverEnv.MLFLOW_TRACKING_URI="$MLFLOW_TRACKING_URI" \
  --conf spark.hadoop.fs.s3a.aws.credentials.provider=com.amazonaws.auth.WebIdentityTokenCredentialsProvider \
  --class io.trainyard.jobs.Main local:///opt/trainyard/trainyard.jar \
  score --model churn@champion \
        --input "s3a://lake/customers/date=$DATE/" \
        --output s3a://lake/churn_scores/ --partition "date=$DATE" \
        --fail-on-drift 0.25 --outcome-file "s3a://lake/trainyard/outcomes/churn-score-$DATE.json"
# Caveat: on S3 (s3a) a folder rename is a copy then a delete, not atomic, so a reader listing the
# partition while it is published may see part of it; the staging and re-run guarantees hold, the
# instant swap does not. Where readers must never see a partial partition, publish to HDFS (or any
# file system with atomic rename) or have readers wait for _trainyard.json.
