import subprocess
from collections import namedtuple

SubprocessResult = namedtuple("SubprocessResult", ["exit_code", "output"])


class SubprocessHook:
    """Runs a command as Airflow's SubprocessHook does: stderr into stdout, every line logged, the
    last line kept as `output`."""

    def run_command(self, command, env=None, output_encoding="utf-8", cwd=None):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        line = ""
        for raw in iter(process.stdout.readline, b""):
            line = raw.decode(output_encoding).rstrip()
            print(line, flush=True)
        process.wait()
        return SubprocessResult(exit_code=process.returncode, output=line)
