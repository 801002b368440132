#!/usr/bin/env python3
"""scikit-learn + FAISS side of make bench-similar, on the embedding `audience similar --export-embedding` wrote.

The anchor does the same two jobs as Audience's model, on the same encoded matrix:
a class-weighted logistic regression of the source against a sample of the target
(scikit-learn, lbfgs, C = 0.3), and a k-NN vote among a sample of 1,024 customers, half
of them from the source, as Audience draws its neighbour set (FAISS IndexFlatIP, k = 25 +
the customer itself). "train" is one fit; "score"
is predict_proba plus the FAISS search for every target customer. Audience trains
three models (backtest, final, calibration), adds hinge features and ranks, so the
anchor does less work than Audience: a ratio near 1 means Audience is faster per job.

Prints one line per figure (`name value`); times are medians over --reps.
"""
import argparse
import statistics
import time

import faiss
import numpy as np
from sklearn.linear_model import LogisticRegression


def median_time(reps, body):
    times = []
    result = None
    for _ in range(reps):
        start = time.perf_counter()
        result = body()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", required=True, help="folder with embedding.f32, source.u8, shape.txt")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--negatives", type=int, default=50_000)
    parser.add_argument("--reference", type=int, default=1_024)
    parser.add_argument("--k", type=int, default=25)
    args = parser.parse_args()

    rows, columns = (int(v) for v in open(f"{args.dir}/shape.txt").read().split())
    x = np.fromfile(f"{args.dir}/embedding.f32", dtype=np.float32).reshape(rows, columns)
    source = np.fromfile(f"{args.dir}/source.u8", dtype=np.uint8).astype(bool)
    rng = np.random.default_rng(1)
    source_rows = np.flatnonzero(source)
    target_rows = np.flatnonzero(~source)
    negatives = rng.choice(target_rows, size=min(args.negatives, len(target_rows)), replace=False)
    train_rows = np.concatenate([source_rows, negatives])
    labels = np.concatenate([np.ones(len(source_rows)), np.zeros(len(negatives))])
    source_part = min(len(source_rows), max(1, args.reference // 2))
    reference_rows = np.concatenate([
        rng.choice(source_rows, size=source_part, replace=False),
        rng.choice(target_rows, size=min(len(target_rows), args.reference - source_part), replace=False),
    ])
    reference_is_source = source[reference_rows]
    print(f"anchor_rows {rows}")
    print(f"anchor_d {columns}")
    print(f"anchor_source {len(source_rows)}")

    faiss.omp_set_num_threads(args.threads)
    targets = np.ascontiguousarray(x[target_rows])

    def fit():
        model = LogisticRegression(C=0.3, class_weight="balanced", max_iter=300)
        model.fit(x[train_rows], labels)
        return model

    fit_seconds, model = median_time(args.reps, fit)

    index = faiss.IndexFlatIP(columns)
    index.add(np.ascontiguousarray(x[reference_rows]))

    def predict():
        return model.predict_proba(targets)[:, 1]

    def search():
        _, ids = index.search(targets, args.k + 1)
        return reference_is_source[ids[:, : args.k]].mean(axis=1)

    predict_seconds, _ = median_time(args.reps, predict)
    search_seconds, _ = median_time(args.reps, search)
    print(f"sklearn_fit_s {fit_seconds:.3f}")
    print(f"sklearn_predict_s {predict_seconds:.3f}")
    print(f"faiss_search_s {search_seconds:.3f}")
    print(f"anchor_score_s {predict_seconds + search_seconds:.3f}")
    print(f"anchor_total_s {fit_seconds + predict_seconds + search_seconds:.3f}")


if __name__ == "__main__":
    main()
