#!/usr/bin/env python3
"""End-to-end checks of the node binaries through real pipes, as Maelstrom talks to them.

Each case writes a scripted session to a node's stdin, closes it, and checks every reply
against Maelstrom's schema exactly (the same keys, nothing extra), that stdout carries only
well-formed messages, that problems are logged on stderr, and that the node exits 0 when its
input ends.

usage: session.py BIN_DIR CASE
"""
import json
import subprocess
import sys


def init(node_id="n0", node_ids=None):
    return {"src": "c0", "dest": node_id,
            "body": {"type": "init", "msg_id": 1, "node_id": node_id,
                     "node_ids": node_ids or [node_id]}}


def msg(body, src="c1", dest="n0"):
    return {"src": src, "dest": dest, "body": body}


def run(binary, lines, args=()):
    text = "".join((l if isinstance(l, str) else json.dumps(l)) + "\n" for l in lines)
    proc = subprocess.run([binary, *args], input=text.encode(), capture_output=True, timeout=60)
    if proc.returncode != 0:
        fail(f"{binary} exited with {proc.returncode}; stderr: {proc.stderr.decode()[-2000:]}")
    replies = []
    for line in proc.stdout.decode().splitlines():
        try:
            replies.append(json.loads(line))
        except json.JSONDecodeError:
            fail(f"stdout carried a line that is not JSON: {line!r}")
    for r in replies:
        if set(r) != {"src", "dest", "body"}:
            fail(f"envelope keys {sorted(r)} in {r}")
    return replies, proc.stderr.decode()


def fail(text):
    print("FAIL:", text)
    sys.exit(1)


def expect_body(reply, keys, **values):
    body = reply["body"]
    if set(body) != set(keys):
        fail(f"expected exactly keys {sorted(keys)}, got {sorted(body)} in {body}")
    for k, v in values.items():
        if body[k] != v:
            fail(f"expected {k}={v!r}, got {body[k]!r} in {body}")


def by_reply(replies):
    return {r["body"].get("in_reply_to"): r for r in replies if r["dest"] != "c0"}


def case_echo(bin_dir):
    lines = [init("n1", ["n1"]),
             msg({"type": "echo", "echo": "Please echo 35", "msg_id": 1}, dest="n1") | {"id": 3},
             msg({"type": "echo", "echo": {"nested": [1, -2.5, None, "\u00e9"]}, "msg_id": 2}, dest="n1"),
             "this is not json",
             '{"src":"c1","dest":"n1","body":{"type":"echo","msg_id":3',
             msg({"msg_id": 4}, dest="n1"),
             msg({"type": "no_such_type", "msg_id": 5}, dest="n1")]
    replies, stderr = run(f"{bin_dir}/echo", lines)
    if replies[0] != {"src": "n1", "dest": "c0", "body": {"type": "init_ok", "in_reply_to": 1}}:
        fail(f"init reply {replies[0]}")
    got = by_reply(replies)
    expect_body(got[1], {"type", "echo", "in_reply_to"}, type="echo_ok", echo="Please echo 35")
    expect_body(got[2], {"type", "echo", "in_reply_to"}, echo={"nested": [1, -2.5, None, "\u00e9"]})
    expect_body(got[4], {"type", "code", "text", "in_reply_to"}, type="error", code=12)
    expect_body(got[5], {"type", "code", "text", "in_reply_to"}, type="error", code=10)
    if 3 in got:
        fail("a truncated line with no readable msg_id got a reply")
    if len(replies) != 5:
        fail(f"expected 5 replies, got {len(replies)}")
    for needle in ("this is not json", "unknown message type"):
        if needle not in stderr:
            fail(f"stderr does not mention {needle!r}: {stderr}")


def case_unique_ids(bin_dir):
    lines = [init()] + [msg({"type": "generate", "msg_id": i}) for i in range(1, 1001)]
    replies, _ = run(f"{bin_dir}/unique-ids", lines)
    ids = set()
    for r in replies[1:]:
        expect_body(r, {"type", "id", "in_reply_to"}, type="generate_ok")
        ids.add(json.dumps(r["body"]["id"]))
    if len(ids) != 1000:
        fail(f"{len(ids)} distinct ids out of 1000")
    again, _ = run(f"{bin_dir}/unique-ids", lines)  # the same node, restarted
    if ids & {json.dumps(r["body"]["id"]) for r in again[1:]}:
        fail("a restarted node repeated an id")


def case_broadcast(bin_dir):
    lines = [init(),
             msg({"type": "topology", "topology": {"n0": []}, "msg_id": 1}),
             msg({"type": "broadcast", "message": 7, "msg_id": 2}),
             msg({"type": "broadcast", "message": 3, "msg_id": 3}),
             msg({"type": "broadcast", "message": 7, "msg_id": 4}),
             msg({"type": "read", "msg_id": 5})]
    got = by_reply(run(f"{bin_dir}/broadcast", lines)[0])
    expect_body(got[1], {"type", "in_reply_to"}, type="topology_ok")
    expect_body(got[2], {"type", "in_reply_to"}, type="broadcast_ok")
    expect_body(got[5], {"type", "messages", "in_reply_to"}, type="read_ok", messages=[3, 7])


def case_counters(bin_dir):
    for name, deltas in (("g-counter", [1, 4, 0]), ("pn-counter", [1, -4, 2])):
        lines = [init()] + [msg({"type": "add", "delta": d, "msg_id": i + 1}) for i, d in enumerate(deltas)]
        lines.append(msg({"type": "read", "msg_id": 99}))
        got = by_reply(run(f"{bin_dir}/{name}", lines)[0])
        for i in range(1, len(deltas) + 1):
            expect_body(got[i], {"type", "in_reply_to"}, type="add_ok")
        expect_body(got[99], {"type", "value", "in_reply_to"}, type="read_ok", value=sum(deltas))


def case_sets(bin_dir):
    lines = [init(), msg({"type": "add", "element": 2, "msg_id": 1}),
             msg({"type": "add", "element": 1, "msg_id": 2}), msg({"type": "read", "msg_id": 3})]
    got = by_reply(run(f"{bin_dir}/g-set", lines)[0])
    expect_body(got[1], {"type", "in_reply_to"}, type="add_ok")
    expect_body(got[3], {"type", "value", "in_reply_to"}, type="read_ok", value=[1, 2])
    lines = lines[:3] + [msg({"type": "remove", "element": 2, "msg_id": 4}), msg({"type": "read", "msg_id": 5})]
    got = by_reply(run(f"{bin_dir}/or-set", lines)[0])
    expect_body(got[4], {"type", "in_reply_to"}, type="remove_ok")
    expect_body(got[5], {"type", "value", "in_reply_to"}, type="read_ok", value=[1])


def case_bad_input(bin_dir):
    """No input crashes a node: every binary survives a barrage of bad lines and still serves."""
    bad = ["", "{", "}", "null", "[]", '"str"', "1e999", '{"src":"c1"}', '{"src":"c1","dest":"n0","body":5}',
           '{"src":"c1","dest":"n0","body":{"type":null,"msg_id":1}}',
           '{"src":"c1","dest":"n0","body":{"type":"read","msg_id":"x"}}',
           '{"src":"c1","dest":"n0","body":{"type":"add","msg_id":2}}',
           '{"src":"c1","dest":"n0","body":{"type":"add","delta":"x","element":{"a":[1]},"msg_id":3}}',
           '{"src":"c1","dest":"n0","body":{"type":"broadcast","msg_id":4}}',
           '{"src":"c1","dest":"n0","body":{"type":"topology","topology":[],"msg_id":5}}',
           '{"src":"c1","dest":"n0","body":{"type":"echo","msg_id":6}}',
           '{"src":"c1","dest":"n0","body":{"type":"crdt_merge","state":[1,{"x":2}],"msg_id":7}}',
           '{"src":"c1","dest":"n0","body":{"type":"gossip","messages":"x","msg_id":8}}',
           '{"src":"c1","dest":"n0","body":{"type":"init","msg_id":9}}',
           "\x00\x01\x02", "\"\\ud800\"", "x" * 100000,
           '{"src":"c1","dest":"n0","body":{"type":"add","msg_id":10,"element":' + "[" * 1000 + "]" * 1000 + "}}",
           '{"src":"c1","dest":"n0","body":{"type":"add","msg_id":11,"element":' + "[" * 100000 + "]" * 100000 + "}}"]
    for name in ("echo", "unique-ids", "broadcast", "g-set", "g-counter", "pn-counter", "or-set"):
        lines = [init()] + bad + [msg({"type": "read", "msg_id": 100}), msg({"type": "generate", "msg_id": 101})]
        replies, _ = run(f"{bin_dir}/{name}", lines)  # exits 0, stdout well-formed
        got = by_reply(replies)
        if 100 not in got and 101 not in got:
            fail(f"{name} stopped answering after bad input")


def case_readme_example(bin_dir):
    lines = [init(), msg({"type": "add", "delta": 5, "msg_id": 1}), msg({"type": "add", "delta": -2, "msg_id": 2}),
             msg({"type": "read", "msg_id": 3})]
    got = by_reply(run(f"{bin_dir}/readme-example", lines)[0])
    expect_body(got[1], {"type", "in_reply_to"}, type="add_ok")
    expect_body(got[3], {"type", "value", "in_reply_to"}, type="read_ok", value=3)


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in CASES:
        print(__doc__)
        sys.exit(2)
    CASES[sys.argv[2]](sys.argv[1])
    print("ok:", sys.argv[2])
