#!/usr/bin/env python3
"""Lookalike baselines with scikit-learn on the same feature encoding as Audience's FeatureEncoder.

The encoding mirrors the Swift one: numbers robust-standardised (median / IQR,
log1p first when skewed and non-negative), categories with 2..30 values one-hot,
booleans 0/1, dates as age in days, a missing indicator for every column with
missing values, activity features (recency, frequency, monetary per type, channel
mix) for the retail data; rows L2-normalised.

The protocol: a random half of the positive class is the source segment, every
other customer is scored, and the AUC measures how well the scores find the
hidden half. Repeated over 20 seeds.

    python3 scripts/lookalike_baselines.py            # credit-g and retail, table on stdout
    python3 scripts/lookalike_baselines.py --seeds 5  # quicker
"""
import argparse
import csv
import datetime as dt
import math
import os
import sys

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.neighbors import NearestNeighbors

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "fixtures")


# MARK: - Encoding

def _skewness(x):
    m = x.mean()
    s = x.std()
    return 0.0 if s == 0 else float(((x - m) ** 3).mean() / s ** 3)


def encode_number(values):
    """Robust standardisation with log1p for skewed non-negative columns; returns (columns, names)."""
    x = np.array([np.nan if v is None else v for v in values], dtype=float)
    present = x[~np.isnan(x)]
    cols, names = [], []
    if len(present) == 0:
        return cols, names
    use_log = present.min() >= 0 and _skewness(present) > 1.0
    if use_log:
        x = np.log1p(x)
        present = np.log1p(present)
    med = float(np.median(present))
    q1, q3 = np.percentile(present, [25, 75])
    scale = float(q3 - q1)
    if scale <= 0:
        scale = float(present.std())
    if scale <= 0:
        scale = 1.0
    z = np.clip((x - med) / scale, -5, 5)
    missing = np.isnan(z)
    z[missing] = 0.0
    cols.append(z)
    names.append("value")
    if missing.any():
        cols.append(missing.astype(float))
        names.append("missing")
    return cols, names


def encode_category(values, max_levels=30):
    levels = sorted({v for v in values if v is not None})
    if len(levels) < 2 or len(levels) > max_levels:
        return [], []
    cols = [np.array([1.0 if v == level else 0.0 for v in values]) for level in levels]
    names = ["= " + level for level in levels]
    if any(v is None for v in values):
        cols.append(np.array([1.0 if v is None else 0.0 for v in values]))
        names.append("missing")
    return cols, names


def assemble(parts):
    cols, names = [], []
    for field, (c, n) in parts:
        cols += c
        names += [f"{field} {x}" for x in n]
    return np.column_stack(cols), names


def l2_normalise(x):
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return x / norms


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def credit_g():
    """(features, names, labels) for credit-g; `class` is left out of the features."""
    rows = read_csv(os.path.join(FIXTURES, "credit-g", "customers.csv"))
    numbers = ["duration", "credit_amount", "installment_commitment", "residence_since", "age",
               "existing_credits", "num_dependents"]
    parts = []
    for name in rows[0].keys():
        if name in ("customer_id", "class"):
            continue
        values = [r[name] if r[name] != "" else None for r in rows]
        if name in numbers:
            parts.append((name, encode_number([None if v is None else float(v) for v in values])))
        else:
            parts.append((name, encode_category(values)))
    x, names = assemble(parts)
    y = np.array([r["class"] == "bad" for r in rows])
    return x, names, y


RETAIL_AS_OF = dt.datetime(2026, 1, 1)
RETAIL_TYPES = ["email_click", "purchase", "return", "visit"]
RETAIL_CHANNELS = ["app", "email", "store", "web"]


def retail():
    """(features, names, personas) for the synthetic retail data, with activity features as of 2026-01-01."""
    rows = read_csv(os.path.join(FIXTURES, "retail", "customers.csv"))
    index = {r["customer_id"]: i for i, r in enumerate(rows)}
    n = len(rows)
    count = {t: np.zeros(n) for t in RETAIL_TYPES}
    amount = {t: np.zeros(n) for t in RETAIL_TYPES}
    last = {t: np.full(n, np.nan) for t in RETAIL_TYPES}
    channels = {c: np.zeros(n) for c in RETAIL_CHANNELS}
    for a in read_csv(os.path.join(FIXTURES, "retail", "activities.csv")):
        i = index[a["customer_id"]]
        t = a["type"]
        count[t][i] += 1
        if a["amount"]:
            amount[t][i] += float(a["amount"])
        days = (RETAIL_AS_OF - dt.datetime.fromisoformat(a["timestamp"])).total_seconds() / 86400
        if np.isnan(last[t][i]) or days < last[t][i]:
            last[t][i] = days
        channels[a["channel"]][i] += 1
    parts = []
    for r in rows[0].keys():
        pass
    parts.append(("age", encode_number([float(r["age"]) for r in rows])))
    parts.append(("annual_income", encode_number([float(r["annual_income"]) if r["annual_income"] else None for r in rows])))
    for name in ("country", "gender", "loyalty_tier"):
        parts.append((name, encode_category([r[name] or None for r in rows])))
    signup = [(RETAIL_AS_OF - dt.datetime.fromisoformat(r["signup_date"])).days for r in rows]
    parts.append(("signup_date", encode_number([float(v) for v in signup])))
    parts.append(("email_opt_in", ([np.array([1.0 if r["email_opt_in"] == "true" else 0.0 for r in rows])], ["true"])))
    total = sum(count.values())
    for t in RETAIL_TYPES:
        parts.append((f"{t} frequency", encode_number(list(count[t]))))
        parts.append((f"{t} recency", encode_number([None if np.isnan(v) else v for v in last[t]])))
        if amount[t].any():
            parts.append((f"{t} monetary", encode_number(list(amount[t]))))
    for c in RETAIL_CHANNELS:
        share = np.where(total > 0, channels[c] / np.maximum(total, 1), 0.0)
        parts.append((f"channel {c} share", ([share], [""])))
    x, names = assemble(parts)
    personas = {r["customer_id"]: r["persona"] for r in read_csv(os.path.join(FIXTURES, "retail", "personas.csv"))}
    labels = np.array([personas[r["customer_id"]] for r in rows])
    return x, names, labels


# MARK: - Methods: each takes (X, source mask, target mask) and returns scores for the target rows

def centroid_cosine(x, source, target):
    c = x[source].mean(axis=0)
    c /= np.linalg.norm(c) or 1
    return x[target] @ c


def top10_cosine(x, source, target):
    sims = x[target] @ x[source].T
    k = min(10, sims.shape[1])
    return np.sort(sims, axis=1)[:, -k:].mean(axis=1)


def knn_vote(x, source, target, k=25):
    nn = NearestNeighbors(n_neighbors=k + 1, metric="cosine").fit(x)
    _, idx = nn.kneighbors(x[target])
    rows = np.nonzero(target)[0]
    votes = []
    for r, neighbours in zip(rows, idx):
        neighbours = [j for j in neighbours if j != r][:k]
        votes.append(source[neighbours].mean())
    return np.array(votes)


def logistic(x, source, target):
    train = source | target
    m = LogisticRegression(max_iter=2000).fit(x[train], source[train])
    return m.predict_proba(x[target])[:, 1]


def random_forest(x, source, target, seed=0):
    train = source | target
    m = RandomForestClassifier(n_estimators=300, min_samples_leaf=3, random_state=seed, n_jobs=2)
    m.fit(x[train], source[train])
    return m.predict_proba(x[target])[:, 1]


def audience_method(x, source, target, l2=10 / 3, k=25, blend=0.2):
    """The method Audience implements (see docs/lookalike.md), re-expressed with numpy for comparison.

    A class-weighted logistic regression of the source against the target, on the
    encoding widened by a hinge max(0, x - median) for every column with more than
    two distinct values, blended by rank (weight 1 - blend) with a k-NN vote: the
    share of source members among a customer's k cosine-nearest customers. (The
    Swift model also calibrates the blend; ranks, and so AUCs, do not change.)
    """
    train = source | target
    hinge_columns = [j for j in range(x.shape[1]) if len(np.unique(x[train, j])) > 2]
    knots = np.median(x[train][:, hinge_columns], axis=0)
    design = np.hstack([x, np.maximum(0, x[:, hinge_columns] - knots)])
    weights = np.where(source[train], 0.5 * train.sum() / source.sum(), 0.5 * train.sum() / target.sum())
    model = LogisticRegression(C=1 / l2, max_iter=5000).fit(design[train], source[train], sample_weight=weights)
    linear = model.decision_function(design[target])
    vote = knn_vote(x, source, target, k=k)

    def ranks(v):
        return np.argsort(np.argsort(v, kind="stable"), kind="stable") / max(1, len(v) - 1)
    return (1 - blend) * ranks(linear) + blend * ranks(vote)


METHODS = {
    "centroid cosine": centroid_cosine,
    "top-10 mean cosine": top10_cosine,
    "k-NN vote (k=25)": knn_vote,
    "logistic regression": logistic,
    "random forest": random_forest,
}


def protocol(x, positive, method, seeds=20):
    """AUCs of `method` over `seeds` random halves of the positive rows used as the source."""
    aucs = []
    pos_rows = np.nonzero(positive)[0]
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        chosen = rng.choice(pos_rows, size=len(pos_rows) // 2, replace=False)
        source = np.zeros(len(x), dtype=bool)
        source[chosen] = True
        target = ~source
        scores = method(x, source, target)
        aucs.append(roc_auc_score(positive[target], scores))
    return np.array(aucs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--persona", default="loyal_high_spender")
    parser.add_argument("--experiments", action="store_true", help="also run variants of the Audience method")
    args = parser.parse_args()
    datasets = []
    x, _, y = credit_g()
    datasets.append(("credit-g class=bad", l2_normalise(x), y))
    xr, _, personas = retail()
    datasets.append((f"retail persona={args.persona}", l2_normalise(xr), personas == args.persona))
    methods = dict(METHODS)
    methods["audience (numpy re-expression)"] = audience_method
    if args.experiments:
        methods["audience without the k-NN vote"] = lambda x, s, t: audience_method(x, s, t, blend=0)
        methods["audience with vote weight 0.35"] = lambda x, s, t: audience_method(x, s, t, blend=0.35)
    print("dataset,method,auc_mean,auc_sd")
    for name, data, positive in datasets:
        for label, method in methods.items():
            aucs = protocol(data, positive, method, seeds=args.seeds)
            print(f"{name},{label},{aucs.mean():.4f},{aucs.std(ddof=1):.4f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
