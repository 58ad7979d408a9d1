"""Tuned single-node XGBoost on the split trainyard used, beside trainyard's holdout score (see quality.sh).

Usage: native_quality.py RUN_DIR   (RUN_DIR holds trainyard's model/ and holdout-csv/ of one use case)

The training rows are the source rows that are not in trainyard's holdout (matched on the id column, or on every
input column and the label); categorical columns are one-hot encoded (categories of the training rows), numbers
stay numbers (empty = missing). Tuning: 3-fold stratified xgb.cv with early stopping (up to 1,000 rounds) over
max_depth x eta x min_child_weight x subsample; the best is refitted on all training rows with its round count
and scored once on the holdout. Prints one JSON line.
"""
import glob, itertools, json, sys
import numpy as np, pandas as pd, xgboost as xgb, yaml
from sklearn.metrics import average_precision_score, f1_score, roc_auc_score

run = sys.argv[1]
signature = json.load(open(f"{run}/model/signature.json"))
metrics = json.load(open(f"{run}/model/metrics.json"))
config = yaml.safe_load(open(f"{run}/model/config.yaml"))
task = signature.get("task", "binary")
label = signature["label"]
ids = [i["name"] for i in signature["inputs"] if i["role"] == "id"]
categorical = [i["name"] for i in signature["inputs"] if i["role"] == "categorical"]
numeric = [i["name"] for i in signature["inputs"] if i["role"] == "numeric"]

source = pd.read_csv(config["data"]["path"], dtype=str, keep_default_na=False)
held = pd.read_csv(glob.glob(f"{run}/holdout-csv/*.csv")[0], dtype=str, keep_default_na=False)
def canonical(frame):
    out = frame[ids + categorical + numeric + [label]].copy()
    for c in numeric:
        out[c] = pd.to_numeric(out[c].replace("", np.nan), errors="coerce").round(9)
    return out
source, held = canonical(source), canonical(held)
key = ids if ids else categorical + numeric + [label]
marked = source.merge(held[key].drop_duplicates().assign(_held=1), on=key, how="left")
train, test = marked[marked._held.isna()].drop(columns="_held"), held

classes = signature.get("classes") or [signature["negative_class"], signature["positive_class"]]
def matrix(frame, columns=None):
    x = pd.get_dummies(frame[categorical + numeric], columns=categorical, dtype=float)
    return x if columns is None else x.reindex(columns=columns, fill_value=0.0)
xtrain = matrix(train); xtest = matrix(test, xtrain.columns)
ytrain = train[label].map({c: i for i, c in enumerate(classes)}).to_numpy()
ytest = test[label].map({c: i for i, c in enumerate(classes)}).to_numpy()
dtrain = xgb.DMatrix(xtrain.to_numpy(), label=ytrain, missing=np.nan)
dtest = xgb.DMatrix(xtest.to_numpy(), missing=np.nan)

binary = task == "binary"
base = {"tree_method": "hist", "nthread": 2, "seed": 42}
base.update({"objective": "binary:logistic", "eval_metric": "auc"} if binary else
            {"objective": "multi:softprob", "num_class": len(classes), "eval_metric": "mlogloss"})
best = None
for depth, eta, child, subsample in itertools.product([2, 3, 4, 6], [0.05, 0.1], [1, 5], [0.8, 1.0]):
    params = dict(base, max_depth=depth, eta=eta, min_child_weight=child, subsample=subsample)
    cv = xgb.cv(params, dtrain, num_boost_round=1000, nfold=3, stratified=True, seed=42, early_stopping_rounds=30)
    column = "test-auc-mean" if binary else "test-mlogloss-mean"
    score = cv[column].iloc[-1] if binary else -cv[column].iloc[-1]
    if best is None or score > best[0]:
        best = (score, params, len(cv))
booster = xgb.train(best[1], dtrain, num_boost_round=best[2])
p = booster.predict(dtest)
holdout = metrics["holdout"]
if binary:
    native = {"auc": roc_auc_score(ytest, p), "pr-auc": average_precision_score(ytest, p)}
    ours = {"auc": holdout["auc"], "pr-auc": holdout["pr-auc"]}
    gap = native["auc"] - ours["auc"]
else:
    native = {"macro-f1": f1_score(ytest, p.argmax(axis=1), average="macro")}
    ours = {"macro-f1": holdout["macro-f1"]}
    gap = native["macro-f1"] - ours["macro-f1"]
tuned = {k: best[1][k] for k in ["max_depth", "eta", "min_child_weight", "subsample"]}
print(json.dumps({"use_case": config["name"], "train_rows": len(train), "holdout_rows": len(test),
                  "trainyard": {"winner": f'{metrics["best"]["family"]} {metrics["best"]["params"]}',
                                **{k: round(v, 4) for k, v in ours.items()}},
                  "native_xgboost": {"version": xgb.__version__, "params": tuned, "rounds": best[2],
                                     **{k: round(float(v), 4) for k, v in native.items()}},
                  "native_minus_trainyard": round(float(gap), 4), "within_0.01": bool(gap <= 0.01)}))
