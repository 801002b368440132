#!/usr/bin/env python3
"""Segment engine benchmark: Audience's in-process engine against DuckDB, same data, same run.

    bench_engine_duckdb.py ENGINE_BENCH WORKSPACE DATA_DIR [--repeat 5]

WORKSPACE is an ingested Audience workspace made from DATA_DIR (the generator's
customers.csv and activities.csv); DuckDB loads the same CSV files into tables
before any timing and runs with threads=2. Three figures:

  (a) a profile-only segment of three conditions;
  (b) a behavioural segment: purchases' sum and count within 90 days, three
      profile conditions, one OR branch;
  (c) 100 varied definitions, refreshed by Audience as one batch (one scan of
      the activities) and by DuckDB as 100 queries one by one.

Each figure is the median of REPEAT runs after a warm-up; Audience's cases take
turns round by round, so the machine's load falls on them alike. The ratio of
the batch to the behavioural segment is also given in processor time (all
threads), which a busy machine disturbs less than the wall clock. Member counts and
the sums of the member ids must agree exactly; the script fails otherwise.
"""
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time

import duckdb

AS_OF = "2026-01-01T00:00:00"  # on the workspace wall clock (Europe/Berlin), like the CSV timestamps
AS_OF_SQL = "TIMESTAMP '2026-01-01 00:00:00'"
TODAY = (2026, 1, 1)


def days_before(days):
    """The wall-clock instant `days` calendar days before asOf, as a DuckDB literal."""
    import datetime
    start = datetime.datetime(*TODAY) - datetime.timedelta(days=days)
    return f"TIMESTAMP '{start:%Y-%m-%d %H:%M:%S}'"


def months_before(months):
    """The date `months` months before today (today is the 1st, so no clamping)."""
    year, month, _ = TODAY
    index = year * 12 + (month - 1) - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}-01"


def quote(text):
    return "'" + text.replace("'", "''") + "'"


class Aggregate:
    """An activity aggregate in both languages: the text and a per-customer SQL subquery."""

    def __init__(self, function, types, window_days=None, channel=None, field="amount"):
        self.function, self.types, self.window_days, self.channel, self.field = function, types, window_days, channel, field

    def text(self):
        inner = ", ".join(self.types)
        if self.function not in ("count", "days_since_last"):
            inner = f"{self.field} of {inner}"
        if self.channel:
            inner += f' where channel = "{self.channel}"'
        if self.window_days is not None:
            inner += f" within last {self.window_days} days"
        return f"{self.function}({inner})"

    def filter_sql(self):
        parts = ["type IN (" + ", ".join(quote(t) for t in self.types) + ")", f"timestamp <= {AS_OF_SQL}"]
        if self.window_days is not None:
            parts.append(f"timestamp >= {days_before(self.window_days)}")
        if self.channel:
            parts.append(f"channel = {quote(self.channel)}")
        return " AND ".join(parts)

    def value_sql(self):
        return {
            "count": "count(*)",
            "sum": "sum(amount)",
            "avg": "avg(amount)",
            "max": "max(amount)",
            "min": "min(amount)",
            "days_since_last": "date_diff('day', CAST(max(timestamp) AS DATE), DATE '2026-01-01')",
        }[self.function]

    def result_sql(self, alias):
        if self.function == "count":
            return f"coalesce({alias}.v, 0)"
        if self.function == "sum":
            return f"coalesce({alias}.v, 0)"
        return f"{alias}.v"


class Definition:
    """A definition being built: text rules, SQL rules and the aggregates they join."""

    def __init__(self):
        self.aggregates = []
        self.rules = []  # (combine, text, sql)

    def aggregate(self, aggregate):
        self.aggregates.append(aggregate)
        return f"a{len(self.aggregates) - 1}"

    def text(self):
        out = ""
        for combine, text, _ in self.rules:
            out += (f" {combine} " if combine else "") + text
        return out

    def sql(self):
        joins = "".join(
            f" LEFT JOIN (SELECT customer_id, {a.value_sql()} AS v FROM activities WHERE {a.filter_sql()} "
            f"GROUP BY customer_id) a{i} ON a{i}.customer_id = c.customer_id"
            for i, a in enumerate(self.aggregates))
        where = ""
        for combine, _, sql in self.rules:
            member = f"coalesce(({sql}), false)"
            if not combine:
                where = member
            elif combine == "union":
                where = f"({where} OR {member})"
            elif combine == "intersect":
                where = f"({where} AND {member})"
            else:
                where = f"({where} AND NOT {member})"
        return f"SELECT c.customer_id FROM customers c{joins} WHERE {where}"


COUNTRIES = ["DE", "FR", "NL", "AT", "CH", "IT", "ES", "BE", "PL", "SE", "DK", "GB"]
TIERS = ["bronze", "silver", "gold", "platinum"]


def profile_condition(rng):
    kind = rng.randrange(9)
    if kind == 0:
        low = rng.randrange(18, 60)
        high = low + rng.randrange(5, 25)
        return f"age between {low} and {high}", f"c.age BETWEEN {low} AND {high}"
    if kind == 1:
        picked = rng.sample(COUNTRIES, rng.randrange(1, 4))
        return ("country in (" + ", ".join(f'"{c}"' for c in picked) + ")",
                "c.country IN (" + ", ".join(quote(c) for c in picked) + ")")
    if kind == 2:
        country = rng.choice(COUNTRIES)
        return f'country != "{country}"', f"c.country <> {quote(country)}"
    if kind == 3:
        tier = rng.choice(TIERS)
        return f'loyalty_tier = "{tier}"', f"c.loyalty_tier = {quote(tier)}"
    if kind == 4:
        value = rng.choice(["true", "false"])
        return f"email_opt_in is {value}", f"c.email_opt_in = {value}"
    if kind == 5:
        income = rng.randrange(20, 90) * 1000
        return f"annual_income > {income}", f"c.annual_income > {income}"
    if kind == 6:
        return "annual_income is empty", "c.annual_income IS NULL"
    if kind == 7:
        months = rng.choice([3, 6, 12, 24])
        return (f"signup_date within last {months} months",
                f"c.signup_date BETWEEN DATE '{months_before(months)}' AND DATE '2026-01-01'")
    gender = rng.choice(["female", "male", "diverse"])
    return f'gender = "{gender}"', f"c.gender = {quote(gender)}"


def activity_condition(rng, definition):
    kind = rng.randrange(6)
    window = rng.choice([30, 90, 365, None])
    if kind == 0:
        types = rng.choice([["purchase"], ["visit"], ["email_click"], ["return"], ["purchase", "return"]])
        channel = rng.choice([None, None, "web", "app"]) if types == ["purchase"] else None
        a = Aggregate("count", types, window, channel)
        k = rng.randrange(1, 6)
        alias = definition.aggregate(a)
        return f"{a.text()} >= {k}", f"{a.result_sql(alias)} >= {k}"
    if kind == 1:
        a = Aggregate("sum", ["purchase"], window, rng.choice([None, None, "store"]))
        x = rng.randrange(50, 800, 50)
        alias = definition.aggregate(a)
        return f"{a.text()} > {x}", f"{a.result_sql(alias)} > {x}"
    if kind == 2:
        a = Aggregate(rng.choice(["avg", "max"]), ["purchase"], window)
        x = rng.randrange(20, 120, 10)
        alias = definition.aggregate(a)
        return f"{a.text()} >= {x}", f"{a.result_sql(alias)} >= {x}"
    if kind == 3:
        types = rng.choice([["purchase"], ["visit"], ["purchase", "visit", "email_click", "return"]])
        a = Aggregate("days_since_last", types)
        d = rng.choice([7, 30, 60, 120, 365])
        alias = definition.aggregate(a)
        return f"{a.text()} <= {d}", f"{a.result_sql(alias)} <= {d}"
    if kind == 4:
        types = rng.choice([["purchase"], ["visit"], ["email_click"]])
        days = rng.choice([30, 60, 90, 180])
        a = Aggregate("count", types, days)
        alias = definition.aggregate(a)
        return f"did not do {types[0]} within last {days} days", f"{a.result_sql(alias)} = 0"
    # A named measure of the workspace.
    a = Aggregate("sum", ["purchase"], 90)
    x = rng.randrange(50, 500, 50)
    alias = definition.aggregate(a)
    return f"measure spend_90d > {x}", f"{a.result_sql(alias)} > {x}"


def varied_definitions(count, seed=7):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        d = Definition()
        for rule in range(1 if rng.random() < 0.8 else 2):
            parts = [profile_condition(rng) for _ in range(rng.randrange(1, 4))]
            parts += [activity_condition(rng, d) for _ in range(rng.randrange(0, 3) if rule == 0 else 1)]
            if len(parts) >= 3 and rng.random() < 0.4:
                a, b = parts.pop(), parts.pop()
                parts.append((f"({a[0]} or {b[0]})", f"(({a[1]}) OR ({b[1]}))"))
            combine = None if rule == 0 else rng.choice(["union", "intersect", "except"])
            d.rules.append((combine, " and ".join(p[0] for p in parts), " AND ".join(f"({p[1]})" for p in parts)))
        out.append(d)
    return out


def profile_definition():
    d = Definition()
    d.rules.append((None, 'age between 30 and 45 and country in ("DE", "AT", "CH") and email_opt_in is true',
                    "c.age BETWEEN 30 AND 45 AND c.country IN ('DE', 'AT', 'CH') AND c.email_opt_in"))
    return d


def behavioural_definition():
    total = Aggregate("sum", ["purchase"], 90)
    count = Aggregate("count", ["purchase"], 90)
    # One subquery computes both aggregates, as a person would write it.
    text = ('age >= 25 and loyalty_tier in ("gold", "platinum") and country != "GB" and '
            f"({total.text()} > 200 or {count.text()} >= 3)")
    sql = "c.age >= 25 AND c.loyalty_tier IN ('gold', 'platinum') AND c.country <> 'GB' AND (coalesce(p.s, 0) > 200 OR coalesce(p.n, 0) >= 3)"
    query = ("SELECT c.customer_id FROM customers c LEFT JOIN (SELECT customer_id, sum(amount) AS s, count(*) AS n "
             f"FROM activities WHERE type = 'purchase' AND timestamp >= {days_before(90)} AND timestamp <= {AS_OF_SQL} "
             f"GROUP BY customer_id) p ON p.customer_id = c.customer_id WHERE {sql}")
    return text, query


def run_duckdb(con, queries, repeat):
    """Runs the queries one by one, `repeat` rounds after a warm-up; returns per-round times, counts, id sums."""
    counts, sums, rounds = [], [], []
    for round_index in range(repeat + 1):
        start = time.perf_counter()
        results = [con.execute(q).fetchnumpy()["customer_id"] for q in queries]
        elapsed = time.perf_counter() - start
        if round_index > 0:
            rounds.append(elapsed)
        counts = [len(r) for r in results]
        sums = [int(r.sum()) for r in results]
    return rounds, counts, sums


def main():
    args = sys.argv[1:]
    if len(args) < 3:
        sys.exit("usage: bench_engine_duckdb.py ENGINE_BENCH WORKSPACE DATA_DIR [--repeat N]")
    engine_bench, workspace, data = args[:3]
    repeat = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 5

    profile = profile_definition()
    behaviour_text, behaviour_sql = behavioural_definition()
    batch = varied_definitions(100)
    cases = {"cases": [
        {"name": "profile", "definitions": [profile.text()]},
        {"name": "behavioural", "definitions": [behaviour_text]},
        {"name": "batch", "definitions": [d.text() for d in batch]},
    ]}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(cases, f)
        cases_path = f.name

    print(f"engine: {engine_bench} on {workspace}, asOf {AS_OF} (workspace zone), median of {repeat}")
    output = subprocess.run([engine_bench, "--workspace", workspace, "--cases", cases_path, "--as-of", AS_OF,
                             "--repeat", str(repeat)], check=True, capture_output=True, text=True).stdout
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    print(f"snapshot open: {lines[0]['snapshotOpenSeconds'] * 1000:.1f} ms (not in the figures below)")
    engine = {line["name"]: line for line in lines[1:]}

    con = duckdb.connect()
    con.execute("SET threads = 2")
    start = time.perf_counter()
    con.execute(f"CREATE TABLE customers AS SELECT * FROM read_csv_auto('{data}/customers.csv')")
    con.execute(f"CREATE TABLE activities AS SELECT * FROM read_csv_auto('{data}/activities.csv')")
    print(f"duckdb: tables loaded in {time.perf_counter() - start:.1f} s (not in the figures), threads=2")

    failures = 0
    figures = {}
    for name, queries in [("profile", [profile.sql()]), ("behavioural", [behaviour_sql]),
                          ("batch", [d.sql() for d in batch])]:
        rounds, counts, sums = run_duckdb(con, queries, repeat)
        ours = engine[name]
        duck = statistics.median(rounds)
        figures[name] = (ours["medianSeconds"], duck)
        match = counts == ours["counts"] and sums == ours["idSums"]
        if not match:
            failures += 1
            bad = [i for i in range(len(counts)) if (counts[i], sums[i]) != (ours["counts"][i], ours["idSums"][i])]
            for i in bad[:5]:
                print(f"  MISMATCH {name}[{i}]: audience {ours['counts'][i]} duckdb {counts[i]}\n"
                      f"    {cases['cases'][[c['name'] for c in cases['cases']].index(name)]['definitions'][i]}")
        members = sum(counts)
        print(f"{name:12s} audience {ours['medianSeconds'] * 1000:8.1f} ms   duckdb {duck * 1000:8.1f} ms   "
              f"ratio {ours['medianSeconds'] / duck:5.2f}x   members {members:,} ({'match' if match else 'DIFFER'}, "
              f"{len(queries)} definition{'s' if len(queries) > 1 else ''})")
    single = figures["behavioural"][0]
    print(f"batch of 100 / one behavioural segment (audience): {figures['batch'][0] / single:.1f}x (target <= 10x)")
    cpu = {name: engine[name]["medianCPUSeconds"] for name in ("behavioural", "batch")}
    print(f"  the same in processor time of all threads: batch {cpu['batch'] * 1000:.1f} ms / behavioural "
          f"{cpu['behavioural'] * 1000:.1f} ms = {cpu['batch'] / cpu['behavioural']:.1f}x")
    print(f"targets: profile <= 1.0x duckdb: {figures['profile'][0] <= figures['profile'][1]}; "
          f"behavioural <= 1.5x duckdb: {figures['behavioural'][0] <= 1.5 * figures['behavioural'][1]}; "
          f"batch <= 10x behavioural: {figures['batch'][0] <= 10 * single}")
    if failures:
        sys.exit(f"bench-engine: {failures} figure(s) with members that differ from DuckDB's")


if __name__ == "__main__":
    main()
