"""Prints, as JSON, the trainyard command lines a DAG file uses (every `trainyard_args=[...]` list),
for jobs' AirflowDagTest, which checks each command and flag against the CLI. Needs only Python 3:
the DAG is parsed, not imported, so Airflow need not be installed."""
import ast
import json
import sys


def text(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return text(node.left) + text(node.right)
    return "<expr>"


tree = ast.parse(open(sys.argv[1], encoding="utf-8").read(), sys.argv[1])
commands = []
for call in ast.walk(tree):
    if isinstance(call, ast.Call):
        for keyword in call.keywords:
            if keyword.arg == "trainyard_args" and isinstance(keyword.value, ast.List):
                commands.append([text(element) for element in keyword.value.elts])
print(json.dumps(commands))
