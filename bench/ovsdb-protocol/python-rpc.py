# python-ovs JSON-RPC client doing the same work as the Node benchmark: N serial single-op
# transacts, then N pipelined ones (all sent, then all replies read). Prints "serial_s pipelined_s".
# Run with Debian's /usr/bin/python3 (python3-openvswitch).
import sys
import time

import ovs.jsonrpc
import ovs.stream
from ovs.jsonrpc import Message

remote, n, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
err, stream = ovs.stream.Stream.open_block(ovs.stream.Stream.open(remote))
if err:
    sys.exit("cannot connect to %s: %s" % (remote, err))
conn = ovs.jsonrpc.Connection(stream)


def request(tag, i):
    op = {"op": "insert", "table": "Address_Set", "row": {"name": "%s-%s-%d" % (prefix, tag, i)}}
    return Message.create_request("transact", ["OVN_Northbound", op])


t0 = time.perf_counter()
for i in range(n):
    err, reply = conn.transact_block(request("s", i))
    if err or reply.error or "error" in reply.result[0]:
        sys.exit("serial transact failed: %s %s" % (err, reply))
serial = time.perf_counter() - t0

msgs = [request("p", i) for i in range(n)]
t0 = time.perf_counter()
for m in msgs:
    conn.send(m)
got = 0
while got < n:
    err, msg = conn.recv_block()
    if err:
        sys.exit("recv failed: %s" % err)
    if msg.type == Message.T_REPLY:
        got += 1
    elif msg.type == Message.T_REQUEST and msg.method == "echo":
        conn.send(Message.create_reply(msg.params, msg.id))
pipelined = time.perf_counter() - t0
print(serial, pipelined)
