"""Baselines beside Audience's suggested segments on a binary target.

Test and notebook tooling only (never part of the product). Given a customers
table, a binary target and influencing attributes, it produces the top
subgroups of

- Audience (the `suggest-eval measure` JSON: definitions and member ids),
- pysubgroup's beam search with weighted relative accuracy (WRAcc),
- a scikit-learn decision tree (every node a candidate, ranked by WRAcc),

and describes each subgroup the same way: size, share of the target, lift,
WRAcc, a two-sided two-proportion z-test p-value against the rest, and the
redundancy of each method's top five (mean pairwise Jaccard of members).
"""

import json
import math
import os
import subprocess
import sys

import numpy as np
import pandas as pd


def two_proportion_p(successes1, count1, successes2, count2):
    """Two-sided p-value of the pooled two-proportion z-test."""
    if count1 == 0 or count2 == 0:
        return 1.0
    pooled = (successes1 + successes2) / (count1 + count2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / count1 + 1 / count2))
    if se == 0:
        return 1.0
    z = (successes1 / count1 - successes2 / count2) / se
    return math.erfc(abs(z) / math.sqrt(2))


def describe(name, rule, mask, positive):
    """Size, share, lift, WRAcc and p-value of a subgroup given as a boolean mask."""
    mask = np.asarray(mask, dtype=bool)
    n, size = len(mask), int(mask.sum())
    hits = int(positive[mask].sum())
    total = int(positive.sum())
    share = hits / size if size else float("nan")
    base = total / n
    return {
        "method": name,
        "rule": rule,
        "size": size,
        "share": share,
        "lift": share / base if base else float("nan"),
        "wracc": size / n * (share - base),
        "p_value": two_proportion_p(hits, size, total - hits, n - size),
    }


def redundancy(masks):
    """Mean pairwise Jaccard similarity of the members of a list of masks."""
    values = []
    for i in range(len(masks)):
        for j in range(i + 1, len(masks)):
            a, b = np.asarray(masks[i], bool), np.asarray(masks[j], bool)
            union = (a | b).sum()
            values.append((a & b).sum() / union if union else 1.0)
    return float(np.mean(values)) if values else 0.0


def find_suggest_eval(root):
    """The suggest-eval executable: $SUGGEST_EVAL, else the release or debug build."""
    candidates = [os.environ.get("SUGGEST_EVAL"),
                  os.path.join(root, ".build", "release", "suggest-eval"),
                  os.path.join(root, ".build", "debug", "suggest-eval")]
    for path in candidates:
        if path and os.path.exists(path):
            return path
    raise FileNotFoundError("suggest-eval not built: run `swift build --product suggest-eval` or set SUGGEST_EVAL")


def audience(root, source, primary, share_of, influencing, top=5, resamples=20):
    """Runs Audience's measure suggestions; returns (rows, masks) for the top suggestions."""
    df = pd.read_csv(os.path.join(source, "customers.csv"), dtype={"customer_id": str})
    out = subprocess.run(
        [find_suggest_eval(root), "measure", "--source", source, "--primary", primary, "--share-of", share_of,
         "--influencing", ",".join(influencing), "--resamples", str(resamples), "--max", str(top)],
        check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    positive = (df[primary] == share_of).to_numpy()
    rows, masks = [], []
    for suggestion, members in list(zip(result["run"]["suggestions"], result["members"]))[:top]:
        mask = df["customer_id"].isin(set(members)).to_numpy()
        row = describe("Audience", suggestion["definition_text"], mask, positive)
        row["stability"] = suggestion.get("stability")
        row["reported_p_adjusted"] = suggestion["statistics"]["adjusted_p_value"]
        rows.append(row)
        masks.append(mask)
    return rows, masks, result["run"]


def beam_search(df, primary, share_of, influencing, top=5, depth=2, beam_width=20):
    """pysubgroup's beam search with WRAcc; returns (rows, masks)."""
    import pysubgroup as ps
    data = df[influencing + [primary]]
    target = ps.BinaryTarget(primary, share_of)
    space = ps.create_selectors(data, ignore=[primary])
    task = ps.SubgroupDiscoveryTask(data, target, space, result_set_size=top, depth=depth, qf=ps.WRAccQF())
    result = ps.BeamSearch(beam_width=beam_width).execute(task)
    positive = (df[primary] == share_of).to_numpy()
    rows, masks = [], []
    for _, description, *_ in result.results[:top]:
        mask = np.asarray(description.covers(data), dtype=bool)
        rows.append(describe("pysubgroup beam (WRAcc)", str(description), mask, positive))
        masks.append(mask)
    return rows, masks


def sklearn_tree(df, primary, share_of, influencing, top=5, max_depth=4, min_leaf=50):
    """A scikit-learn tree on one-hot attributes; every node is a candidate, top by WRAcc."""
    from sklearn.tree import DecisionTreeClassifier
    x = pd.get_dummies(df[influencing], dummy_na=False).astype(float)
    positive = (df[primary] == share_of).to_numpy()
    tree = DecisionTreeClassifier(max_depth=max_depth, min_samples_leaf=min_leaf, random_state=0).fit(x, positive)
    paths = tree.decision_path(x).toarray().astype(bool)
    t = tree.tree_
    rules = {0: []}
    for node in range(t.node_count):
        if t.children_left[node] >= 0:
            name, threshold = x.columns[t.feature[node]], t.threshold[node]
            rules[t.children_left[node]] = rules[node] + [f"{name} <= {threshold:.4g}"]
            rules[t.children_right[node]] = rules[node] + [f"{name} > {threshold:.4g}"]
    candidates = [describe("scikit-learn tree", " and ".join(rules[node]), paths[:, node], positive)
                  for node in range(1, t.node_count)]
    order = sorted(range(len(candidates)), key=lambda i: -candidates[i]["wracc"])[:top]
    return [candidates[i] for i in order], [paths[:, i + 1] for i in order]


def compare(root, source, primary, share_of, influencing, top=5, resamples=20):
    """The three methods side by side: a table of subgroups and a table of redundancy."""
    df = pd.read_csv(os.path.join(source, "customers.csv"), dtype={"customer_id": str})
    a_rows, a_masks, run = audience(root, source, primary, share_of, influencing, top, resamples)
    b_rows, b_masks = beam_search(df, primary, share_of, influencing, top)
    s_rows, s_masks = sklearn_tree(df, primary, share_of, influencing, top)
    table = pd.DataFrame(a_rows + b_rows + s_rows)
    summary = pd.DataFrame([
        {"method": "Audience", "redundancy": redundancy(a_masks), "mean size": np.mean([r["size"] for r in a_rows])},
        {"method": "pysubgroup beam (WRAcc)", "redundancy": redundancy(b_masks), "mean size": np.mean([r["size"] for r in b_rows])},
        {"method": "scikit-learn tree", "redundancy": redundancy(s_masks), "mean size": np.mean([r["size"] for r in s_rows])},
    ])
    return table, summary, run


if __name__ == "__main__":
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    source = os.path.join(root, "fixtures", "credit-g")
    influencing = ["checking_status", "duration", "credit_history", "purpose", "credit_amount",
                   "savings_status", "employment", "age"]
    table, summary, _ = compare(root, source, "class", "bad", influencing)
    pd.set_option("display.width", 200, "display.max_colwidth", 90)
    print(table)
    print(summary)
    sys.exit(0)
