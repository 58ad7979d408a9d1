class AirflowException(Exception):
    """A task failure; retried while the task has retries left."""


class AirflowSkipException(AirflowException):
    """The task is marked skipped."""


class AirflowFailException(AirflowException):
    """The task fails without retrying."""
