"""Native single-node XGBoost on trainyard's training rows and holdout (see train.sh); prints and writes bench.json.

Usage: native_xgboost.py DATA OUT THREADS TRAINYARD_WALL_SECONDS
"""
import json, sys, time
import numpy as np, pandas as pd, xgboost as xgb
from sklearn.metrics import roc_auc_score
data, out, threads, wall = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
summary = json.load(open(f"{out}/trainyard.json"))
metrics = json.load(open(f"{out}/trainyard/model/metrics.json"))
cols = ["year", "month", "day_of_month", "day_of_week", "dep_time", "distance", "origin", "dest"]
frame = pd.read_csv(data)
import glob
held = pd.read_csv(glob.glob(f"{out}/holdout-csv/*.csv")[0])[cols + ["arr_delayed_15min"]]
key = cols + ["arr_delayed_15min"]
for c in ["year", "month", "day_of_month", "day_of_week", "dep_time", "distance", "arr_delayed_15min"]:
    frame[c] = frame[c].astype(float); held[c] = held[c].astype(float)
marked = frame.merge(held.drop_duplicates().assign(_held=1), on=key, how="left")
train, test = marked[marked._held.isna()], marked[marked._held == 1]
def matrix(df, categories=None):
    # float32 one-hot: 800k x 463 doubles would need 3 GB per copy
    x = pd.get_dummies(df[cols], columns=["origin", "dest"], dtype=np.float32).astype(np.float32)
    if categories is not None:
        x = x.reindex(columns=categories, fill_value=0.0)
    return x
xtrain = matrix(train); xtest = matrix(test, xtrain.columns)
del frame, marked
params = {"objective": "binary:logistic", "max_depth": 6, "eta": 0.1, "tree_method": "hist",
          "nthread": threads, "eval_metric": "auc", "seed": 42}
columns = xtrain.shape[1]
dtrain = xgb.DMatrix(xtrain.to_numpy(), label=train.arr_delayed_15min.values, nthread=threads)
del xtrain
t = time.time(); cv = xgb.cv(params, dtrain, num_boost_round=100, nfold=5, stratified=True, seed=42)
cv_seconds = time.time() - t
t = time.time(); booster = xgb.train(params, dtrain, num_boost_round=100); fit_seconds = time.time() - t
auc = roc_auc_score(test.arr_delayed_15min.values, booster.predict(xgb.DMatrix(xtest.to_numpy())))
result = {
    "rows": len(frame), "train_rows": len(train), "holdout_rows": len(test), "columns": columns,
    "trainyard": {"wall_s": wall, "phases_s": metrics["seconds"], "cv_auc": metrics["best"]["mean"],
                  "holdout_auc": metrics["holdout"]["auc"]},
    "native_xgboost": {"version": xgb.__version__, "threads": threads, "cv_s": round(cv_seconds, 1),
                       "fit_s": round(fit_seconds, 1), "cv_auc": round(float(cv["test-auc-mean"].iloc[-1]), 4),
                       "holdout_auc": round(float(auc), 4)},
}
ty = metrics["seconds"]
result["ratio_cv_plus_fit"] = round((ty["cv"] + ty["refit"]) / (cv_seconds + fit_seconds), 2)
json.dump(result, open(f"{out}/bench.json", "w"), indent=2)
print(json.dumps(result, indent=2))
