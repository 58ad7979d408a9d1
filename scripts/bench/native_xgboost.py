"""Native single-node XGBoost on trainyard's training rows and holdout (see train.sh); prints and writes bench.json.

Usage: native_xgboost.py DATA OUT THREADS TRAINYARD_WALL_SECONDS [ENCODING]

ENCODING one-hot (default): origin/dest one-hot as a sparse CSR matrix; index: pandas categories with
XGBoost's own categorical splits (enable_categorical), as trainyard's categorical-encoding: index;
dense-one-hot: the same one-hot columns as a dense matrix, zeros as values (what pandas.get_dummies
gives a Python user; the issue's reference measurement).
"""
import json, sys, time
import numpy as np, pandas as pd, xgboost as xgb
from scipy import sparse
from sklearn.metrics import roc_auc_score
data, out, threads, wall = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
encoding = sys.argv[5] if len(sys.argv) > 5 else "one-hot"
started = time.time()
summary = json.load(open(f"{out}/trainyard.json"))
metrics = json.load(open(f"{out}/trainyard/model/metrics.json"))
cols = ["year", "month", "day_of_month", "day_of_week", "dep_time", "distance", "origin", "dest"]
frame = pd.read_csv(data)
read_seconds = time.time() - started
import glob
held = pd.read_csv(glob.glob(f"{out}/holdout-csv/*.csv")[0])[cols + ["arr_delayed_15min"]]
key = cols + ["arr_delayed_15min"]
for c in ["year", "month", "day_of_month", "day_of_week", "dep_time", "distance", "arr_delayed_15min"]:
    frame[c] = frame[c].astype(float); held[c] = held[c].astype(float)
marked = frame.merge(held.drop_duplicates().assign(_held=1), on=key, how="left")
train, test = marked[marked._held.isna()], marked[marked._held == 1]
numeric = ["year", "month", "day_of_month", "day_of_week", "dep_time", "distance"]
vocabulary = {c: {v: i for i, v in enumerate(sorted(train[c].astype(str).unique()))} for c in ["origin", "dest"]}
def matrix(df):
    # one-hot origin/dest as a sparse CSR matrix, as a Python user would build it (and as Spark's
    # OneHotEncoder emits sparse vectors): a dense float matrix of 463 columns is 3 GB per copy in a
    # DMatrix and xgb.cv copies it per fold. Numeric values are stored explicitly (zeros included,
    # NaN = missing); categories unseen in training rows are all-zero.
    n = len(df)
    rows = [np.repeat(np.arange(n), len(numeric))]
    cols = [np.tile(np.arange(len(numeric)), n)]
    vals = [df[numeric].to_numpy(dtype=np.float32).ravel()]
    base = len(numeric)
    for c in ["origin", "dest"]:
        index = df[c].astype(str).map(vocabulary[c]).to_numpy(dtype=np.float64)
        known = ~np.isnan(index)
        rows.append(np.arange(n)[known]); cols.append(base + index[known].astype(np.int64))
        vals.append(np.ones(known.sum(), dtype=np.float32))
        base += len(vocabulary[c])
    return sparse.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                             shape=(n, base)).tocsr()
def categories(df):
    # origin/dest as pandas categories over the training vocabulary (unseen ones become missing)
    x = df[numeric + ["origin", "dest"]].copy()
    for c in ["origin", "dest"]:
        x[c] = pd.Categorical(x[c].astype(str), categories=list(vocabulary[c]))
    return x
t = time.time()
if encoding == "index":
    xtrain, xtest = categories(train), categories(test)
else:
    xtrain, xtest = matrix(train), matrix(test)
    if encoding == "dense-one-hot":
        xtrain, xtest = xtrain.toarray(), xtest.toarray()
rows = len(frame)
del frame, marked
params = {"objective": "binary:logistic", "max_depth": 6, "eta": 0.1, "tree_method": "hist",
          "nthread": threads, "eval_metric": "auc", "seed": 42}
columns = xtrain.shape[1]
dtrain = xgb.DMatrix(xtrain, label=train.arr_delayed_15min.values, nthread=threads, enable_categorical=True)
prep_seconds = read_seconds + time.time() - t
del xtrain
t = time.time(); cv = xgb.cv(params, dtrain, num_boost_round=100, nfold=5, stratified=True, seed=42)
cv_seconds = time.time() - t
t = time.time(); booster = xgb.train(params, dtrain, num_boost_round=100); fit_seconds = time.time() - t
auc = roc_auc_score(test.arr_delayed_15min.values, booster.predict(xgb.DMatrix(xtest, enable_categorical=True)))
result = {
    "encoding": encoding, "rows": rows, "train_rows": len(train), "holdout_rows": len(test), "columns": columns,
    "trainyard": {"wall_s": wall, "phases_s": metrics["seconds"], "cv_auc": metrics["best"]["mean"],
                  "holdout_auc": metrics["holdout"]["auc"]},
    "native_xgboost": {"version": xgb.__version__, "threads": threads, "prep_s": round(prep_seconds, 1),
                       "cv_s": round(cv_seconds, 1),
                       "fit_s": round(fit_seconds, 1), "cv_auc": round(float(cv["test-auc-mean"].iloc[-1]), 4),
                       "holdout_auc": round(float(auc), 4)},
}
ty = metrics["seconds"]
result["ratio_cv_plus_fit"] = round((ty["cv"] + ty["refit"]) / (cv_seconds + fit_seconds), 2)
# the whole trainyard job (JVM start, load, CV, refit, holdout metrics and plots, drift profile, ONNX export with
# parity, tracking) against native's read + matrix + CV + fit
result["ratio_wall"] = round(wall / (prep_seconds + cv_seconds + fit_seconds), 2)
json.dump(result, open(f"{out}/bench.json", "w"), indent=2)
print(json.dumps(result, indent=2))
