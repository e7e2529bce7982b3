#!/usr/bin/env python3
"""Summarizes one `squall test -w lin-kv` results directory of raft-kv as one JSON object.

    summarize.py RESULTS_DIR NODE_COUNT [key=value ...]   (the key=value pairs are copied in)

Latencies come from history.jsonl: each invoke is paired with the next completion of the same
process; times are ns, reported in ms. An operation counts as answered when it is ok or failed
with a data error (key-does-not-exist, precondition-failed): those went through the same path
(a failed cas is committed through the log like any write). Reads and writes (write and cas) are
reported apart, over all clients and split by where the client sits: client i talks to node
i mod NODE_COUNT, and the leader is the node that the others forward requests to (raft_forward):
the one the latest forward before the operation went to.
Operations invoked before the first ok completion (the cluster electing its first leader) count
for throughput but not for latency ("warm-up").
"""
import bisect
import collections
import json
import re
import subprocess
import sys

DATA_ERRORS = {"key-does-not-exist", "precondition-failed"}


def quantile(xs, p):
    if not xs:
        return None
    return round(xs[min(len(xs) - 1, int(p * len(xs)))], 2)


def dist(xs):
    xs = sorted(xs)
    return {"n": len(xs), "min": quantile(xs, 0), "p10": quantile(xs, 0.1), "p50": quantile(xs, 0.5), "p90": quantile(xs, 0.9),
            "p99": quantile(xs, 0.99), "max": quantile(xs, 1.0)}


def main():
    d, node_count = sys.argv[1], int(sys.argv[2])
    extra = dict(a.split("=", 1) for a in sys.argv[3:])
    r = json.load(open(d + "/results.json"))

    # Who leads, over time: the destination of each forwarded request (grep is much faster than
    # parsing a journal of a million lines here). An operation counts as "at the leader" when its
    # client's node is where the latest forward before its invocation went.
    found = subprocess.run(["grep", "-o", '^{"time":[0-9]*,"type":"send","message":{"id":[0-9]*,"src":"n[0-9]*",'
                            '"dest":"n[0-9]*","body":{"command"', d + "/messages.jsonl"],
                           capture_output=True, text=True).stdout
    timeline = [(int(t), int(n)) for t, n in re.findall(r'"time":(\d+).*"dest":"n(\d+)"', found)]
    timeline.sort()
    forwards = collections.Counter(n for _, n in timeline)
    leader = forwards.most_common(1)[0][0] if forwards else -1
    segments = []  # (node, forwards) runs of consecutive forwards to the same node
    for _, n in timeline:
        if segments and segments[-1][0] == n:
            segments[-1][1] += 1
        else:
            segments.append([n, 1])
    leaders = [n for n, count in segments if count >= 10]
    leader_changes = sum(1 for a, b in zip(leaders, leaders[1:]) if a != b)
    times = [t for t, _ in timeline]

    def leader_at(t):
        i = bisect.bisect_right(times, t)
        return timeline[i - 1][1] if i > 0 else leader

    # Replication batches: entries per AppendEntries the leader sent (the core sends at most 64,
    # with at most 4 unacknowledged per follower).
    entry = re.compile(r'\[\d+,\d+,\d+,"')
    appends = entries = full = 0
    found = subprocess.run(["grep", '"rpc":"append"', d + "/messages.jsonl"], capture_output=True, text=True).stdout
    for line in found.splitlines():
        if '"type":"send"' in line:
            k = len(entry.findall(line))
            appends += 1
            entries += k
            full += k >= 64

    # The fields needed, read with one regular expression (keys are written sorted); a line it
    # does not match is parsed as JSON.
    fast = re.compile(r'^\{(?:"error":(?:\["([^"]*)"|"([^"]*)")[^\n]*?,)?"f":"([^"]*)",(?:"final":\w+,)?'
                      r'"index":\d+,"process":(\d+|"nemesis"),"time":(\d+),"type":"(\w+)"')

    def history():
        with open(d + "/history.jsonl") as f:
            for line in f:
                m = fast.match(line)
                if m:
                    error, error_text, fn, process, time, kind = m.groups()
                    if process == '"nemesis"':
                        continue
                    o = {"process": int(process), "time": int(time), "type": kind, "f": fn,
                         "error": [error] if error is not None else error_text}
                else:
                    o = json.loads(line)
                    if o["process"] == "nemesis":
                        continue
                yield o

    first_ok = next((o["time"] for o in history() if o["type"] == "ok"), 0)  # the history is in time order
    invoked = {}
    lat = collections.defaultdict(list)
    ok = answered = other_errors = info = warmup = 0
    for o in history():
        p = o["process"]
        if o["type"] == "invoke":
            invoked[p] = o
            continue
        start = invoked.pop(p)
        error = o.get("error")
        error_name = error[0] if isinstance(error, list) and error else error
        if o["type"] == "ok":
            ok += 1
        elif o["type"] == "info":
            info += 1
        elif error_name not in DATA_ERRORS:
            other_errors += 1
        if o["type"] == "ok" or (o["type"] == "fail" and error_name in DATA_ERRORS):
            answered += 1
            if start["time"] < first_ok:
                warmup += 1
                continue
            kind = "read" if o["f"] == "read" else "write"
            where = "leader" if p % node_count == leader_at(start["time"]) else "follower"
            ms = (o["time"] - start["time"]) / 1e6
            lat[kind].append(ms)
            lat[kind + "@" + where].append(ms)

    main_s = r["throughput"]["main-phase-s"]
    out = dict(extra)
    out.update({
        "valid": r["valid?"],
        "seed": r.get("seed"),
        "main-phase-s": round(main_s, 3),
        "ok": ok,
        "answered": answered,
        "other-errors": other_errors,
        "info": info,
        "warm-up-excluded": warmup,
        "ok-per-s": round(ok / main_s, 1),
        "answered-per-s": round(answered / main_s, 1),
        "servers-msgs-per-op": round(r["net"]["servers"]["msgs-per-op"], 3),
        "leader": f"n{leader}" if leader >= 0 else None,  # the one most forwarded to
        "nodes-forwarded-to": len(forwards),
        "leader-changes": leader_changes,
        "latency-ms": {k: dist(v) for k, v in sorted(lat.items())},
        "appends": {"count": appends, "entries-per-append": round(entries / appends, 2) if appends else None,
                    "full-fraction": round(full / appends, 3) if appends else None},
    })
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
