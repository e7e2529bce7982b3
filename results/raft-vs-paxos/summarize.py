#!/usr/bin/env python3
"""Tables for results/raft-vs-paxos/run.

  summarize.py latency HISTORY.jsonl     latency quantiles (ms) of ok operations, as JSON
  summarize.py report RUNS SECONDS       results.md from run's raw outputs
  summarize.py cdf RUNS                  downtime.dat: each node's sorted downtimes against the fraction of seeds
"""
import json
import os
import re
import sys

NODES = ["raft-kv", "multi-paxos-kv"]
CLIENTS = [10, 100, 1000]


def quantile(values, q):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def latency(path):
    open_ops = {}
    lat = []
    for line in open(path):
        op = json.loads(line)
        if op["type"] == "invoke":
            open_ops[op["process"]] = op["time"]
        elif op["process"] in open_ops:
            start = open_ops.pop(op["process"])
            if op["type"] == "ok":
                lat.append((op["time"] - start) / 1e6)
    print(json.dumps({"ok": len(lat), "p50": quantile(lat, 0.5), "p90": quantile(lat, 0.9),
                      "p99": quantile(lat, 0.99)}))


def last_line(path, pattern):
    found = None
    for line in open(path):
        if re.search(pattern, line):
            found = line.strip()
    return found


def report(runs, seconds):
    out = []
    w = out.append
    w("# Raft against Multi-Paxos on one harness")
    w("")
    w(f"Produced by `results/raft-vs-paxos/run {seconds}` (raw outputs in `runs/`). Simulated, virtual")
    w("time: lin-kv, 5 nodes, node-to-node latency 5 ms one way (client hops none), reads through the log on")
    w("both nodes, both at the same timing defaults. `README.md` discusses the numbers.")
    w("")
    w(f"## 1. Throughput, latency, messages ({seconds} s, closed-loop clients, no faults, seed 1)")
    w("")
    w("| clients | node | ok ops/s | servers' msgs per op | latency p50 | p90 | p99 (ms) | valid |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- |")
    ratios = []
    for clients in CLIENTS:
        row = {}
        for node in NODES:
            r = json.load(open(os.path.join(runs, f"throughput-{node}-{clients}.json")))
            lat = json.load(open(os.path.join(runs, f"latency-{node}-{clients}.json")))
            ok = r["stats"]["ok-count"]
            rate = ok / r["throughput"]["main-phase-s"]
            mpo = r["net"]["servers"]["msgs-per-op"]
            row[node] = (rate, mpo, lat["p50"])
            w(f"| {clients} | {node} | {rate:,.0f} | {mpo:.2f} | {lat['p50']:.1f} | {lat['p90']:.1f} | "
              f"{lat['p99']:.1f} | {r['valid?']} |")
        ratios.append((clients, row["multi-paxos-kv"][0] / row["raft-kv"][0],
                       row["multi-paxos-kv"][1] / row["raft-kv"][1], row["multi-paxos-kv"][2] / row["raft-kv"][2]))
    w("")
    w("Multi-Paxos / Raft, side by side from the same run:")
    w("")
    w("| clients | throughput | msgs per op | p50 latency |")
    w("| --- | --- | --- | --- |")
    for clients, t, m, l in ratios:
        w(f"| {clients} | {t:.2f}x | {m:.2f}x | {l:.2f}x |")
    w("")
    w("The floor: client hops have no latency in the bench, so an operation takes one replication")
    w("round trip (10 ms) at the leader and a forward round trip more (20 ms) through a follower;")
    w("clients pick nodes evenly, so the median sits at the follower floor, 20 ms.")
    w("")
    w("## 2. Downtime after the leader's machine crash (200 seeds each)")
    w("")
    w("From the kill to the first write_ok for a write sent after it (a write every 5 ms through the")
    w("surviving nodes; 1 ms resolution):")
    w("")
    w("| node | seeds | min | p10 | p50 | p90 | p99 | max (ms) |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for node in NODES:
        line = last_line(os.path.join(runs, f"leader-kill-{node}.txt"), "downtime ms")
        m = re.search(r"(\d+) seeds, (\d+) without a write; downtime ms min (\S+) p10 (\S+) p50 (\S+) p90 (\S+) "
                      r"p99 (\S+) max (\S+)", line)
        seeds, never = m.group(1), m.group(2)
        w(f"| {node} | {seeds} ({never} without a write) | " + " | ".join(m.group(i) for i in range(3, 9)) + " |")
    w("")
    w("The distribution as CDFs: `downtime.svg`; seeds per 50 ms bucket of downtime:")
    w("")
    buckets = [(lo, lo + 50) for lo in range(300, 800, 50)] + [(800, 10**9)]
    counts = {}
    for node in NODES:
        values = [float(m.group(1)) for m in (re.match(r"seed \d+: (\d+) ms", l)
                                              for l in open(os.path.join(runs, f"leader-kill-{node}.txt"))) if m]
        counts[node] = [sum(1 for v in values if lo <= v < hi) for lo, hi in buckets]
    w("| downtime (ms) | " + " | ".join(NODES) + " |")
    w("| --- | --- | --- |")
    for k, (lo, hi) in enumerate(buckets):
        label = f"{lo}-{hi}" if hi < 10**9 else f">= {lo}"
        w(f"| {label} | " + " | ".join(str(counts[n][k]) for n in NODES) + " |")
    w("")
    w("## 3. Catch-up after a partition heals (100 seeds each)")
    w("")
    w("One follower cut off for 3 s while about 600 writes go through the others; from the heal to")
    w("the moment it has applied everything the leader had chosen then:")
    w("")
    w("| node | result |")
    w("| --- | --- |")
    for node in NODES:
        w(f"| {node} | {last_line(os.path.join(runs, f'catchup-{node}.txt'), 'catch-up')} |")
    w("")
    w("## 4. multi-paxos-kv under every fault (200 seeds)")
    w("")
    w("`squall sweep --sim --node multi-paxos-kv -w lin-kv --node-count 5 --concurrency 10 --rate 100")
    w("--latency 5 --time-limit 30 --nemesis partition,kill,pause --nemesis-interval 1.5 --lose-unsynced")
    w("--seeds 1..200`:")
    w("")
    w("    " + (last_line(os.path.join(runs, "sweep-multi-paxos-kv.txt"), r"valid, .* invalid") or "NO RESULT"))
    w("")
    print("\n".join(out))


def downtimes(runs, node):
    return sorted(float(m.group(1)) for m in (re.match(r"seed \d+: (\d+) ms", line)
                                              for line in open(os.path.join(runs, f"leader-kill-{node}.txt"))) if m)


def cdf(runs):
    columns = [downtimes(runs, node) for node in NODES]
    print("# fraction " + " ".join(NODES) + " (downtime ms after a leader kill, sorted)")
    for k in range(max(len(c) for c in columns)):
        cells = [f"{c[k]:.0f}" if k < len(c) else "NaN" for c in columns]
        print(f"{(k + 1) / len(columns[0]):.4f} " + " ".join(cells))


if __name__ == "__main__":
    if sys.argv[1] == "latency":
        latency(sys.argv[2])
    elif sys.argv[1] == "cdf":
        cdf(sys.argv[2])
    elif sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
