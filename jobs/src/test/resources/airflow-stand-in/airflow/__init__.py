"""Stand-in for the parts of Airflow the trainyard DAG uses (see ../README.md)."""
from airflow.models.dag import DAG  # noqa: F401
