#!/usr/bin/env python3
"""One hostile-node case of `squall test`.

    hostile_run.py --code N[,N...] --pattern REGEX --deadline S --max-rss-mb M [--max-journal-mb J]
                   --store DIR -- SQUALL test ARGS... --bin NODE [NODE ARGS]

Runs squall with a marker appended to the node's arguments and passes when squall
  - ends before the deadline (the time limit plus a bounded grace),
  - exits with N (or one of the codes listed) and prints something matching REGEX (which names the node),
  - never held more than M MiB resident (its peak, from getrusage),
  - wrote a messages.jsonl of at most J MiB, when J is given,
  - and left no process behind: nothing whose command line holds the marker survives.
"""
import argparse
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def marked_pids(marker):
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                if marker.encode() in f.read():
                    pids.append(int(entry))
        except OSError:
            pass
    return pids


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", required=True)
    parser.add_argument("--pattern", required=True)
    parser.add_argument("--deadline", type=float, required=True)
    parser.add_argument("--max-rss-mb", type=float, required=True)
    parser.add_argument("--max-journal-mb", type=float)
    parser.add_argument("--store", required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    marker = f"hostile-marker-{os.getpid()}-{int(time.time() * 1e6)}"
    shutil.rmtree(args.store, ignore_errors=True)
    command = command + ["--store", args.store, "--quiet", marker]
    print("running:", " ".join(command), flush=True)

    failures = []
    with tempfile.TemporaryFile() as out:
        start = time.monotonic()
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            proc.wait(timeout=args.deadline)
        except subprocess.TimeoutExpired:
            failures.append(f"squall still running after {args.deadline} s: killed")
            proc.kill()
            proc.wait()
        elapsed = time.monotonic() - start
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    print(text)
    code = proc.returncode
    # This script's only child is squall: the peak of its waited-for children is squall's
    # own (or that of a node it reaped, which is smaller).
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"exit {code} after {elapsed:.1f} s, peak resident {rss_mb:.0f} MiB")
    if code not in [int(c) for c in args.code.split(",")]:
        failures.append(f"expected exit {args.code}, got {code}")
    if not re.search(args.pattern, text, re.DOTALL):
        failures.append(f"output does not match: {args.pattern}")
    if rss_mb > args.max_rss_mb:
        failures.append(f"peak resident {rss_mb:.0f} MiB over {args.max_rss_mb:.0f} MiB")
    if args.max_journal_mb is not None:
        journal = os.path.join(args.store, "latest", "messages.jsonl")
        size_mb = os.path.getsize(journal) / (1 << 20) if os.path.exists(journal) else 0
        print(f"messages.jsonl: {size_mb:.0f} MiB")
        if size_mb > args.max_journal_mb:
            failures.append(f"messages.jsonl is {size_mb:.0f} MiB, over {args.max_journal_mb:.0f} MiB")
    left = marked_pids(marker)
    if left:
        failures.append(f"processes left behind: {left}")
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    shutil.rmtree(args.store, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
