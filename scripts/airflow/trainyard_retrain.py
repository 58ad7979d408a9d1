"""Airflow DAG: nightly retrain -> gated promotion -> bulk scoring with trainyard.

    train    trainyard train   --config CONFIG --set output.dir=OUTPUT/train/<run_id>
    promote  trainyard promote --model MODEL                          exit 5 (a gate refused): SKIPPED
    score    trainyard score   --model MODEL@champion --partition date=<ds> --job-id <run_id>

Each task runs `spark-submit ... trainyard.jar <command> --json` (Variable trainyard_submit, default
`spark-submit`; add --master/--deploy-mode there) and maps trainyard's exit codes (docs: "Exit codes")
to the task's state:

    0        success; the command's one-line --json summary (its last stdout line) is the XCom
    5        promote: SKIPPED (the gate refused; the champion stays); elsewhere FAILED without retry
    2, 3     FAILED without retry (config or data: a retry fails the same way; fix and clear the task)
    4, 1     FAILED and retried (tracking server unreachable; anything else, e.g. a lost executor)

score runs when promote succeeded *or was skipped*: a refused promotion never leaves the day
unscored, it is scored with the champion that is there. When train or promote fails, the run
fails and score waits (clear the failed task, or run score alone: it uses the current champion).

Every command also writes its outcome (exit code, category, summary) to --outcome-file, under the
Variable trainyard_outcomes (a folder the Airflow worker can read). That is how the exit code
reaches Airflow when spark-submit runs the driver on the cluster (--deploy-mode cluster), where
spark-submit's own exit code says only whether the driver finished. trainyard writes a ':' in a
folder name (Airflow's run ids have them) as %3A; so does this DAG when it reads the file back.

Airflow's own run ids (scheduled__2026-11-25T02:00:00+00:00, manual__..., dataset_triggered__...,
asset_triggered__...) are valid trainyard job ids as they are: the same characters as Airflow's
default allowed_run_id_pattern. TRAINYARD_JOB_ID=<run_id> labels every log line and metric.

Re-running a DAG run is safe: a retried train registers its version once (idempotency key),
promote is a compare-and-set, and score replaces its own date partition atomically.

Variables (read through templates at run time, with defaults): trainyard_submit, trainyard_jar,
trainyard_config, trainyard_model, trainyard_input (the folder holding date=YYYY-MM-DD/ inputs),
trainyard_output, trainyard_outcomes; MLFLOW_TRACKING_URI in the worker's environment (or, in
cluster mode, --conf spark.yarn.appMasterEnv.MLFLOW_TRACKING_URI=... in trainyard_submit).
Written for Airflow 2.7+ and 3 (their public SubprocessHook, as BashOperator uses it).
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException, AirflowSkipException
from airflow.models import BaseOperator
from airflow.utils.operator_helpers import context_to_airflow_vars
from airflow.utils.trigger_rule import TriggerRule

try:  # Airflow 3: the standard provider
    from airflow.providers.standard.hooks.subprocess import SubprocessHook
except ImportError:  # Airflow 2
    from airflow.hooks.subprocess import SubprocessHook

USAGE, DATA, GATE_REFUSED = 2, 3, 5
NOT_RETRIED = {USAGE: "config or usage", DATA: "data", GATE_REFUSED: "a promotion gate"}


def written_path(path: str) -> str:
    """The path as trainyard writes it: a ':' in a folder or file name as %3A (scheme and host kept)."""
    head, sep, rest = path.partition("://")
    if not sep:
        return path.replace(":", "%3A")
    host, slash, folders = rest.partition("/")
    return head + sep + host + slash + folders.replace(":", "%3A")


class TrainyardOperator(BaseOperator):
    """Runs one trainyard command through spark-submit, as BashOperator runs a command (Airflow's
    SubprocessHook), and maps its exit code to the task's state (see the module's doc)."""

    template_fields = ("trainyard_command", "submit", "jar", "outcome_dir", "env")
    template_fields_renderers = {"trainyard_command": "bash", "submit": "bash"}
    ui_color = "#e8f0e0"

    def __init__(self, *, trainyard_command: str, skip_on_gate_refusal: bool = False,
                 submit: str = "{{ var.value.get('trainyard_submit', 'spark-submit') }}",
                 jar: str = "{{ var.value.get('trainyard_jar', '/opt/trainyard/trainyard.jar') }}",
                 outcome_dir: str = "{{ var.value.get('trainyard_outcomes', '/tmp/trainyard/outcomes') }}"
                                    "/{{ dag.dag_id }}/{{ run_id }}",
                 env: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        self.trainyard_command = trainyard_command
        self.skip_on_gate_refusal = skip_on_gate_refusal
        self.submit = submit
        self.jar = jar
        self.outcome_dir = outcome_dir
        self.env = env or {}

    def outcome_file(self) -> str:
        return f"{self.outcome_dir}/{self.task_id}.json"

    def bash_command(self) -> str:
        return (f"{self.submit} --class io.trainyard.jobs.Main '{self.jar}' {self.trainyard_command}"
                f" --json --outcome-file '{self.outcome_file()}'")

    def execute(self, context):
        outcome_file = written_path(self.outcome_file())
        if os.path.exists(outcome_file):
            os.remove(outcome_file)  # a retry's outcome is its own
        env = {**os.environ, **self.env, **context_to_airflow_vars(context, in_env_var_format=True)}
        result = SubprocessHook().run_command(command=["bash", "-c", self.bash_command()], env=env)
        outcome = None
        if os.path.exists(outcome_file):
            with open(outcome_file, encoding="utf-8") as f:
                outcome = json.load(f)
        code = outcome["exit_code"] if outcome else result.exit_code
        summary = outcome["summary"] if outcome else _json_line(result.output)
        if code == 0:
            return summary
        error = (summary or {}).get("error") or f"trainyard exited with {code}"
        if code == GATE_REFUSED and self.skip_on_gate_refusal:
            raise AirflowSkipException(f"promotion refused, the champion stays (trainyard exit 5): {error}")
        if code in NOT_RETRIED:
            raise AirflowFailException(f"trainyard exit {code} ({NOT_RETRIED[code]}; not retried): {error}")
        raise AirflowException(f"trainyard exit {code} (retried): {error}")


def _json_line(line: str):
    try:
        value = json.loads(line)
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


default_args = {
    "owner": "data-platform",
    "retries": 2,
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
    job = {"TRAINYARD_JOB_ID": "{{ run_id }}"}

    train = TrainyardOperator(
        task_id="train",
        trainyard_command="train --config '{{ var.value.get('trainyard_config', 'conf/churn.yaml') }}'"
                          " --set 'output.dir={{ var.value.get('trainyard_output', '/tmp/trainyard') }}"
                          "/train/{{ run_id }}'",
        env=job,
    )

    promote = TrainyardOperator(
        task_id="promote",
        trainyard_command="promote --model " + model + " --reason 'airflow {{ dag.dag_id }} {{ run_id }}'",
        skip_on_gate_refusal=True,
        env=job,
    )

    score = TrainyardOperator(
        task_id="score",
        trainyard_command="score --model " + model + "@champion"
                          " --input '{{ var.value.get('trainyard_input', 's3a://lake/customers/') }}date={{ ds }}/'"
                          " --output '{{ var.value.get('trainyard_output', '/tmp/trainyard') }}/scores'"
                          " --partition 'date={{ ds }}' --job-id '{{ run_id }}'",
        trigger_rule=TriggerRule.NONE_FAILED,
        env=job,
    )

    train >> promote >> score
