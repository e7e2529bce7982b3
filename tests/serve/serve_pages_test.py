#!/usr/bin/env python3
"""serve_pages_test.py SQUALL STORE: `squall serve` over a store with a valid and an invalid run.

Starts the server on a free port, then checks: the run list names both runs with their
verdicts; each run page shows its verdict, reason and replay command; every link and image on
every page (and on the directory pages they lead to) answers 200; paths that leave the store
(.., encoded .., absolute, a symbolic link pointing out) answer 404; only GET is served.
"""
import http.client
import os
import re
import subprocess
import sys

squall, store = sys.argv[1], sys.argv[2]
subprocess.run(["rm", "-rf", store], check=True)
common = ["--node-count", "3", "--time-limit", "5", "--rate", "10", "--recovery-time", "2", "--quiet", "--store", store]
valid = subprocess.run([squall, "test", "--sim", "--node", "g-counter", "-w", "g-counter", "--seed", "1"] + common,
                       capture_output=True, text=True)
invalid = subprocess.run([squall, "test", "--sim", "--node", "broken-g-counter", "-w", "g-counter", "--seed", "2"] + common,
                         capture_output=True, text=True)
assert valid.returncode == 0, valid.stderr
assert invalid.returncode == 1, invalid.stderr
os.symlink("/etc", os.path.join(store, "escape"))  # a link inside the store pointing out of it

server = subprocess.Popen([squall, "serve", "--store", store, "--port", "0"], stdout=subprocess.PIPE, text=True)
failures = []
try:
    first = server.stdout.readline()
    match = re.search(r"http://([0-9.]+):(\d+)/", first)
    assert match, "no address in: " + first
    host, port = match.group(1), int(match.group(2))

    def get(path, method="GET"):
        conn = http.client.HTTPConnection(host, port, timeout=30)
        conn.request(method, path)  # sent as given: http.client does not normalise ".."
        r = conn.getresponse()
        body = r.read().decode("utf-8", "replace")
        conn.close()
        return r.status, body

    status, index = get("/")
    assert status == 200, status
    runs = re.findall(r'href="(/run/[^"]+)"', index)
    assert len(runs) == 2, runs
    for word in ("g-counter", "broken-g-counter", ">valid<", ">invalid<"):
        if word not in index:
            failures.append("the run list lacks " + word)

    seen = set()
    pending = ["/"] + runs
    while pending:
        page = pending.pop()
        if page in seen:
            continue
        seen.add(page)
        status, body = get(page)
        if status != 200:
            failures.append(f"{page}: {status}")
            continue
        if page.startswith("/run/") or page.endswith("/"):
            for link in re.findall(r'(?:href|src)="(/[^"]*)"', body):
                # Pages and directories are followed; files only fetched.
                if link.startswith("/run/") or link.endswith("/"):
                    pending.append(link)
                elif link not in seen:
                    seen.add(link)
                    s, _ = get(link)
                    if s != 200:
                        failures.append(f"{link} (linked from {page}): {s}")
    for run in runs:
        _, body = get(run)
        if "Replay:" not in body or "squall test --sim" not in body or "--seed" not in body:
            failures.append(run + ": no replay command")
        if "broken-g-counter" in body and "acceptable sums" not in body:
            failures.append(run + ": the invalid run's reason is missing")
        if "timeline.html" not in body or "latency-raw.svg" not in body:
            failures.append(run + ": no timeline or plots")

    for escape in ("/files/../../../etc/passwd", "/files/%2e%2e/%2e%2e/etc/passwd", "/files//etc/passwd",
                   "/files/escape/passwd", "/run/../run", "/files/nope"):
        status, _ = get(escape)
        if status != 404:
            failures.append(f"{escape}: {status}, not 404")
    status, _ = get("/", method="POST")
    if status < 400:
        failures.append(f"POST / answered {status}")
    print(f"{len(seen)} pages and files fetched")
finally:
    server.terminate()
    server.wait(timeout=10)

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
