#!/usr/bin/env python3
"""Resident memory of one raft-kv process against the number of requests it has answered.

Starts the binary as a single-node cluster, feeds it writes (or reads) on 10 keys through its
stdin, a window of requests in flight at a time, and prints VmRSS at each checkpoint. Not a
ctest (its figures depend on the machine); the memory test in memory_test.cpp is the check.

    tests/raft_kv/measure_rss.py build/bin/raft-kv --requests 200000 --every 50000 [--op read]
"""
import argparse
import json
import os
import subprocess
import sys


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--every", type=int, default=50_000)
    parser.add_argument("--window", type=int, default=100)
    parser.add_argument("--op", choices=["write", "read"], default="write")
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if k != "SQUALL_DATA_DIR"}  # storage in memory
    node = subprocess.Popen([args.binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=env, text=True, bufsize=1)

    # Maelstrom clients are synchronous, so each request in a window comes from its own client.
    def send(body, client="c0"):
        node.stdin.write(json.dumps({"src": client, "dest": "n1", "body": body}) + "\n")

    def receive():
        line = node.stdout.readline()
        if not line:
            sys.exit("raft-kv closed its output")
        return json.loads(line)["body"]

    send({"type": "init", "msg_id": 0, "node_id": "n1", "node_ids": ["n1"]})
    node.stdin.flush()
    receive()
    # One write per key first, one at a time, so reads find something.
    key = 0
    msg_id = 0
    while key < 10:
        msg_id += 1
        send({"type": "write", "msg_id": msg_id, "key": key, "value": 0})
        node.stdin.flush()
        key += receive().get("type") == "write_ok"

    print(f"{'requests':>10} {'rss_mib':>8}")
    print(f"{0:>10} {rss_kib(node.pid) / 1024:>8.1f}", flush=True)
    sent = answered = errors = 0
    first_error = None
    while answered < args.requests:
        while sent < args.requests and sent - answered < args.window:
            msg_id += 1
            key = sent % 10
            body = {"type": args.op, "msg_id": msg_id, "key": key}
            if args.op == "write":
                body["value"] = sent
            send(body, client=f"c{1 + sent % (10 * args.window)}")
            sent += 1
        node.stdin.flush()
        reply = receive()
        answered += 1
        if reply.get("type") == "error":
            errors += 1
            first_error = first_error or reply
        if answered % args.every == 0:
            print(f"{answered:>10} {rss_kib(node.pid) / 1024:>8.1f}", flush=True)
    node.stdin.close()
    node.wait()
    if errors:
        print(f"{errors} requests were answered with an error, the first: {first_error}", file=sys.stderr)


if __name__ == "__main__":
    main()
