#!/usr/bin/env python3
"""Writes a list-append (or, with --rw-register, an rw-register) history.jsonl like
Maelstrom's txn-list-append / txn-rw-register workloads, for timing the transactional checker.

    generate_list_append.py --txns N [--seed S] [--concurrency 10] [--key-count 10]
                            [--max-writes-per-key 16] [--max-txn-length 4]
                            [--stale-reads P] [--rw-register] > history.jsonl

A simulated store runs each transaction atomically at its completion, so the history is
strict serializable. `concurrency` processes each keep one transaction open; at every step a
random process either invokes or completes, so transactions overlap. Transactions have 1 to
max-txn-length micro-operations (reads or appends, half each) over `key-count` active keys;
a key retires after max-writes-per-key appends and the next fresh key takes its place, as
Elle's generator does (keys here are uniform over the active ones, not exponential). About
5% of transactions fail (no effect) and 1% crash (info: applied or not, at random).
With --stale-reads P, a read of a key the transaction has
not yet appended to returns, with probability P, a strict prefix of the key's list
(a stale read), which makes the history invalid: it times the search for cycles.
"""
import argparse
import json
import random
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--txns", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--concurrency", type=int, default=10)
    p.add_argument("--key-count", type=int, default=10)
    p.add_argument("--max-writes-per-key", type=int, default=16)
    p.add_argument("--max-txn-length", type=int, default=4)
    p.add_argument("--stale-reads", type=float, default=0.0)
    p.add_argument("--rw-register", action="store_true")
    a = p.parse_args()
    rng = random.Random(a.seed)
    store = {}
    writes = {}
    active = list(range(a.key_count))
    next_key = a.key_count
    next_value = 1
    open_txn = {}  # process -> invoked micro-ops
    process_of = list(range(a.concurrency))  # a crashed process is replaced by a new number
    next_process = a.concurrency
    index = 0
    invoked = 0
    out = sys.stdout
    write = out.write

    def emit(process, type_, value):
        nonlocal index
        write(json.dumps({"index": index, "time": index * 1000, "process": process, "type": type_,
                          "f": "txn", "value": value}, separators=(",", ":")))
        write("\n")
        index += 1

    while invoked < a.txns or open_txn:
        slot = rng.randrange(a.concurrency)
        process = process_of[slot]
        if process not in open_txn:
            if invoked >= a.txns:
                continue
            txn = []
            for _ in range(rng.randint(1, a.max_txn_length)):
                k = rng.choice(active)
                if rng.random() < 0.5:
                    txn.append(["r", k, None])
                else:
                    txn.append(["w" if a.rw_register else "append", k, next_value])
                    next_value += 1
                    writes[k] = writes.get(k, 0) + 1
                    if writes[k] >= a.max_writes_per_key:
                        active[active.index(k)] = next_key
                        next_key += 1
            open_txn[process] = txn
            invoked += 1
            emit(process, "invoke", txn)
            continue
        txn = open_txn.pop(process)
        roll = rng.random()
        if roll < 0.05:
            emit(process, "fail", txn)
            continue
        applied = roll >= 0.06 or rng.random() < 0.5
        done = []
        written = set()
        for f, k, v in txn:
            if f == "r":
                history_of_k = store.get(k, [])
                seen = len(history_of_k)
                if seen and k not in written and a.stale_reads and rng.random() < a.stale_reads:
                    seen = rng.randrange(seen)
                if a.rw_register:
                    done.append(["r", k, history_of_k[seen - 1] if seen else None])
                else:
                    done.append(["r", k, history_of_k[:seen] if seen else None])
            else:
                written.add(k)
                if applied:
                    store.setdefault(k, []).append(v)
                done.append([f, k, v])
        if roll < 0.06:
            emit(process, "info", txn)
            process_of[slot] = next_process
            next_process += 1
        else:
            emit(process, "ok", done)


if __name__ == "__main__":
    main()
