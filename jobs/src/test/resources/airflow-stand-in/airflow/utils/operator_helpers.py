def context_to_airflow_vars(context, in_env_var_format=False):
    """The task's identity as Airflow exports it to a task's environment (AIRFLOW_CTX_*)."""
    values = {
        "dag_id": context["dag"].dag_id,
        "task_id": context["task"].task_id,
        "logical_date": context["ts"],
        "try_number": str(context.get("try_number", 1)),
        "dag_run_id": context["run_id"],
        "dag_owner": context["task"].owner,
    }
    if in_env_var_format:
        return {"AIRFLOW_CTX_" + key.upper(): value for key, value in values.items()}
    return {"airflow.ctx." + key: value for key, value in values.items()}
