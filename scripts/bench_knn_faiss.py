#!/usr/bin/env python3
"""FAISS side of the k-NN benchmark: IndexFlatIP on the same float32 files knn-bench wrote.

Prints one line per figure (`name value`), like knn-bench. Times are medians over --reps.
"""
import argparse
import statistics
import time

import faiss
import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", required=True, help="raw float32 file, n x d row-major")
    parser.add_argument("--queries", required=True, help="raw float32 file, q x d row-major")
    parser.add_argument("--d", type=int, required=True)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    base = np.fromfile(args.base, dtype=np.float32).reshape(-1, args.d)
    queries = np.fromfile(args.queries, dtype=np.float32).reshape(-1, args.d)
    faiss.omp_set_num_threads(args.threads)
    index = faiss.IndexFlatIP(args.d)
    index.add(base)
    index.search(queries[: min(100, len(queries))], args.k)  # warm up
    times = []
    for _ in range(args.reps):
        start = time.perf_counter()
        index.search(queries, args.k)
        times.append(time.perf_counter() - start)
    t = statistics.median(times)
    flops = 2.0 * base.shape[0] * queries.shape[0] * args.d
    print(f"faiss_qps {queries.shape[0] / t:.1f}")
    print(f"faiss_search_gflops {flops / t / 1e9:.1f}")


if __name__ == "__main__":
    main()
