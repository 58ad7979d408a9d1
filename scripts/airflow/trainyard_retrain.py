"""Airflow DAG: nightly retrain -> gated promotion -> bulk scoring with trainyard.

    train    trainyard train   --config conf/churn.yaml             (a new version, alias 'challenger')
    promote  trainyard promote --model churn                        (exit 5: a gate refused -> task SKIPPED)
    score    trainyard score   --model churn@champion --partition date={{ ds }}   (skipped after a refusal)

Every task runs the trainyard jar through Spark's own spark-submit (SparkSubmitOperator), so it runs
wherever the connection `spark_default` points (YARN, Kubernetes, standalone, local). Exit codes are
trainyard's contract (README "Exit codes"): 0 done, 2 usage/config, 3 data, 4 tracking server
unreachable, 5 promotion refused by a gate, 1 other. A refused promotion is a normal outcome, not a
failure: the promote task is marked skipped, and so is the scoring that depends on it (the champion
stays and yesterday's scores stay published). Every command prints a one-line --json summary, which
the task returns, so it lands in XCom ("return_value").

Re-running a DAG run is safe: train makes a new version (idempotent registration), promote is a
compare-and-set, and score replaces its own date partition atomically and never duplicates rows.

Settings (Airflow Variables, read through templates at run time, with defaults): trainyard_jar,
trainyard_config, trainyard_model, trainyard_input (the folder holding date=YYYY-MM-DD/ inputs),
trainyard_output, and MLFLOW_TRACKING_URI in the worker's
environment (or spark-submit's --conf spark.yarn.appMasterEnv.MLFLOW_TRACKING_URI=...).
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowSkipException
from airflow.providers.apache.spark.hooks.spark_submit import SparkSubmitHook
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

GATE_REFUSED = 5
MAIN_CLASS = "io.trainyard.jobs.Main"


class _SummaryHook(SparkSubmitHook):
    """SparkSubmitHook that remembers trainyard's one-line --json summary from the driver's output."""

    summary: dict | None = None

    def _process_spark_submit_log(self, itr):
        def tee(lines):
            for line in lines:
                text = line.strip() if isinstance(line, str) else line.decode("utf-8", "replace").strip()
                if text.startswith('{"command"'):
                    try:
                        self.summary = json.loads(text)
                    except ValueError:
                        pass
                yield line

        return super()._process_spark_submit_log(tee(itr))


class TrainyardOperator(SparkSubmitOperator):
    """Runs `trainyard <args>` with spark-submit; exit 5 skips (when allowed), the summary goes to XCom."""

    def __init__(self, *, trainyard_args: list[str], skip_on_gate_refusal: bool = False, **kwargs):
        super().__init__(
            application="{{ var.value.get('trainyard_jar', '/opt/trainyard/trainyard.jar') }}",
            java_class=MAIN_CLASS,
            application_args=[*trainyard_args, "--json"],
            **kwargs,
        )
        self.skip_on_gate_refusal = skip_on_gate_refusal

    def _get_hook(self):
        # the provider builds its hook with version-dependent arguments; keep them, change only the class
        hook = super()._get_hook()
        hook.__class__ = _SummaryHook
        return hook

    def execute(self, context):
        try:
            super().execute(context)
        except AirflowException as error:
            match = re.search(r"Error code is: (\d+)", str(error))
            if self.skip_on_gate_refusal and match and int(match.group(1)) == GATE_REFUSED:
                raise AirflowSkipException("promotion refused by a gate (trainyard exit 5); the champion stays")
            raise
        return getattr(self._hook, "summary", None)


default_args = {
    "owner": "data-platform",
    "retries": 1,
    "retry_delay": timedelta(minutes=10),
}

with DAG(
    dag_id="trainyard_retrain",
    description="Retrain, promote behind gates, and score with trainyard",
    schedule="0 2 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["trainyard", "ml"],
) as dag:
    model = "{{ var.value.get('trainyard_model', 'churn') }}"

    train = TrainyardOperator(
        task_id="train",
        trainyard_args=[
            "train",
            "--config", "{{ var.value.get('trainyard_config', 'conf/churn.yaml') }}",
            "--set", "output.dir=/tmp/trainyard/{{ run_id }}",
        ],
    )

    promote = TrainyardOperator(
        task_id="promote",
        trainyard_args=["promote", "--model", model, "--reason", "airflow {{ dag.dag_id }} {{ ds }}"],
        skip_on_gate_refusal=True,
        retries=0,  # a refusal is an answer, not a transient failure
    )

    score = TrainyardOperator(
        task_id="score",
        trainyard_args=[
            "score",
            "--model", model + "@champion",
            "--input", "{{ var.value.get('trainyard_input', 's3a://lake/customers/') }}date={{ ds }}/",
            "--output", "{{ var.value.get('trainyard_output', 's3a://lake/churn_scores/') }}",
            "--partition", "date={{ ds }}",
            "--job-id", "{{ run_id }}",
        ],
    )

    train >> promote >> score
