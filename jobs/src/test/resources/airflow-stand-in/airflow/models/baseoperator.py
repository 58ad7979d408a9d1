from airflow.models.dag import DAG
from airflow.utils.trigger_rule import TriggerRule


class BaseOperator:
    """The operator attributes Airflow's scheduler reads; default_args fill what the task leaves out."""

    template_fields = ()
    template_fields_renderers = {}

    def __init__(self, *, task_id, retries=None, retry_delay=None, trigger_rule=TriggerRule.ALL_SUCCESS,
                 owner=None, dag=None, do_xcom_push=True, **kwargs):
        self.dag = dag or DAG.current
        defaults = self.dag.default_args if self.dag else {}
        self.task_id = task_id
        self.retries = retries if retries is not None else defaults.get("retries", 0)
        self.retry_delay = retry_delay if retry_delay is not None else defaults.get("retry_delay")
        self.owner = owner or defaults.get("owner", "airflow")
        self.trigger_rule = str(trigger_rule)
        self.do_xcom_push = do_xcom_push
        self.upstream_task_ids = set()
        self.downstream_task_ids = set()
        if kwargs:
            raise TypeError(f"Invalid arguments were passed to {type(self).__name__} (task_id: {task_id}): {kwargs}")
        if self.dag is not None:
            self.dag.tasks.append(self)

    def __rshift__(self, other):
        self.downstream_task_ids.add(other.task_id)
        other.upstream_task_ids.add(self.task_id)
        return other

    def execute(self, context):
        raise NotImplementedError
