#!/usr/bin/env python3
"""One row of results/raft-txn/results.md from a squall run directory: committed transactions
per simulated second, aborts (error 30), latency of committed transactions, the verdict.

usage: summarize.py CC CLIENTS SECONDS RUN_DIR"""
import json
import sys

cc, clients, seconds, run = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
invoked = {}
latencies = []
aborted = 0
with open(f"{run}/history.jsonl") as f:
    for line in f:
        op = json.loads(line)
        if op["type"] == "invoke":
            invoked[op["process"]] = op["time"]
        elif op["process"] in invoked:
            start = invoked.pop(op["process"])
            if op["type"] == "ok":
                latencies.append((op["time"] - start) / 1e6)
            elif op["type"] == "fail" and op.get("error", [None])[0] in (30, "txn-conflict"):
                aborted += 1
results = json.load(open(f"{run}/results.json"))
latencies.sort()


def quantile(q):
    return latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")


committed = len(latencies)
rate = aborted / (committed + aborted) if committed + aborted else 0.0
print(f"| {cc} | {clients} | {committed / seconds:,.0f} | {aborted:,} | {rate:.1%} | "
      f"{quantile(0.5):.1f} | {quantile(0.99):.1f} | {results['valid?']} |")
