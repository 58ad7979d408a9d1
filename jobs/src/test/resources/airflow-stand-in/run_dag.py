"""Runs one DAG run of a DAG file the way Airflow's task runner would, one task after the other:

    python3 run_dag.py DAG_FILE RUN_JSON

RUN_JSON: {"run_id": ..., "ds": "2026-11-25", "ts": "2026-11-25T02:00:00+00:00", "variables": {...},
"tasks": ["train", "promote", "score"], "env": {...} added to the process environment, "dry": true to
render only}. Each task's template fields are rendered with Jinja2 and
Airflow's context, then `execute` runs; prints one JSON line per task on stdout, prefixed TASK: its
state (success, skipped, failed, up_for_retry), XCom, message, the rendered command, its trigger
rule and retries.
"""
import copy
import importlib.util
import json
import os
import sys
import traceback

import jinja2

from airflow.exceptions import AirflowException, AirflowFailException, AirflowSkipException


class Variables:
    def __init__(self, values):
        self.values = values

    def get(self, key, default=None):
        return self.values.get(key, default)


def render(value, context, env):
    if isinstance(value, str):
        return env.from_string(value).render(**context)
    if isinstance(value, dict):
        return {k: render(v, context, env) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(render(v, context, env) for v in value)
    return value


def main():
    dag_file, run = sys.argv[1], json.loads(open(sys.argv[2], encoding="utf-8").read())
    os.environ.update(run.get("env", {}))
    spec = importlib.util.spec_from_file_location("dag_under_test", dag_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    dag = module.dag
    tasks = {task.task_id: task for task in dag.tasks}
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)  # Airflow's default template_undefined
    for task_id in run["tasks"]:
        task = copy.copy(tasks[task_id])
        context = {"ds": run["ds"], "ds_nodash": run["ds"].replace("-", ""), "ts": run["ts"], "run_id": run["run_id"],
                   "dag": dag, "task": task, "var": {"value": Variables(run.get("variables", {}))},
                   "try_number": 1}
        for field in task.template_fields:
            setattr(task, field, render(getattr(task, field), context, env))
        record = {"task_id": task_id, "trigger_rule": task.trigger_rule, "retries": task.retries,
                  "upstream": sorted(task.upstream_task_ids)}
        if hasattr(task, "bash_command"):
            record["command"] = task.bash_command()
        if run.get("dry"):
            print("TASK: " + json.dumps(record), flush=True)
            continue
        try:
            record["xcom"] = task.execute(context)
            record["state"] = "success"
        except AirflowSkipException as e:
            record["state"], record["message"] = "skipped", str(e)
        except AirflowFailException as e:
            record["state"], record["message"] = "failed", str(e)
        except AirflowException as e:
            record["state"] = "up_for_retry" if task.retries > 0 else "failed"
            record["message"] = str(e)
        except Exception as e:  # a bug in the DAG itself
            record["state"], record["message"] = "error", traceback.format_exc()
        print("TASK: " + json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
