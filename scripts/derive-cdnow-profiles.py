#!/usr/bin/env python3
"""Derive the CDNOW profile table from the CDNOW purchase log.

Reads fixtures/cdnow/purchases.csv (customer_id,date,number_of_cds,dollar_value)
and writes fixtures/cdnow/customers.csv with one row per customer, holding only
what was known at the customer's first purchase day, so that profile
attributes never leak later behaviour:

    customer_id           the CDNOW customer id
    cohort_month          month of the first purchase, YYYY-MM
    first_purchase_date   day of the first purchase, YYYY-MM-DD
    first_purchase_weekday  Monday ... Sunday
    first_purchase_orders number of purchase rows on that day
    first_purchase_cds    CDs bought on that day
    first_purchase_value  dollars spent on that day, two decimals

Rows are sorted by customer id. Standard library only; the output is the same
bytes on every run. Usage (from the repository root):

    python3 scripts/derive-cdnow-profiles.py [purchases.csv [customers.csv]]
"""

import csv
import datetime
import decimal
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_INPUT = os.path.join(ROOT, "fixtures", "cdnow", "purchases.csv")
DEFAULT_OUTPUT = os.path.join(ROOT, "fixtures", "cdnow", "customers.csv")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def derive(input_path, output_path):
    first = {}  # customer_id -> [date, orders, cds, value]
    with open(input_path, newline="") as source:
        reader = csv.DictReader(source)
        expected = ["customer_id", "date", "number_of_cds", "dollar_value"]
        if reader.fieldnames != expected:
            sys.exit(f"{input_path}:1: expected the header {','.join(expected)}, found {','.join(reader.fieldnames or [])}")
        for line, row in enumerate(reader, start=2):
            try:
                customer = int(row["customer_id"])
                date = datetime.date.fromisoformat(row["date"])
                cds = int(row["number_of_cds"])
                value = decimal.Decimal(row["dollar_value"])
            except (ValueError, decimal.InvalidOperation) as error:
                sys.exit(f"{input_path}:{line}: {error}")
            current = first.get(customer)
            if current is None or date < current[0]:
                first[customer] = [date, 1, cds, value]
            elif date == current[0]:
                current[1] += 1
                current[2] += cds
                current[3] += value

    temporary = output_path + ".partial"
    with open(temporary, "w", newline="") as target:
        writer = csv.writer(target, lineterminator="\n")
        writer.writerow([
            "customer_id", "cohort_month", "first_purchase_date", "first_purchase_weekday",
            "first_purchase_orders", "first_purchase_cds", "first_purchase_value",
        ])
        for customer in sorted(first):
            date, orders, cds, value = first[customer]
            writer.writerow([
                customer, date.strftime("%Y-%m"), date.isoformat(), WEEKDAYS[date.weekday()],
                orders, cds, str(value.quantize(decimal.Decimal("0.01"))),
            ])
    os.replace(temporary, output_path)
    return len(first)


def main():
    input_path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_INPUT
    output_path = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUTPUT
    count = derive(input_path, output_path)
    print(f"{output_path}: {count} customers")


if __name__ == "__main__":
    main()
