#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""mptcp_craft_server: a hand-made MPTCP server for our client.

    mptcp_craft_server.py ADDR PORT CLIENT_NS CLIENT_ADDR

Runs in the server's namespace (the caller drops that kernel's resets from
PORT).  Starts an MPTCP client in CLIENT_NS that connects to ADDR:PORT and
holds the connection, answers its MP_CAPABLE handshake by hand, shows it
our key was received (a Data ACK), and then answers the joins the
client's path manager opens (RFC 8684 section 3.2): the first with a
SYN-ACK whose MP_JOIN carries a wrong HMAC (row 10: "MUST close the
subflow with a RST"), the second with a SYN-ACK without MP_JOIN at all
(row 12: the same).  Exits 0 when the handshake went through and each
join was reset with an MP_TCPRST.
"""
import queue
import random
import struct
import subprocess
import sys
import time

from scapy.all import IP, TCP, AsyncSniffer, conf, send

from mptcp_craft import SUB_CAPABLE, SUB_DSS, SUB_JOIN, key_hash, mptcp_options, opt

conf.verb = 0
SUB_TCPRST = 8

CLIENT = """
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
s.settimeout(10)
s.connect((sys.argv[1], int(sys.argv[2])))
time.sleep(12)
"""


def mptcp_sub(pkt, subtype):
    return [o for o in mptcp_options(pkt) if o[0] >> 4 == subtype]


def main(addr, port, client_ns, client_addr):
    events = queue.Queue()
    sniffer = AsyncSniffer(iface=conf.route.route(client_addr)[0],
                           filter=f"tcp and dst host {addr} and dst port {port}",
                           prn=events.put, store=False)
    sniffer.start()
    time.sleep(1.0)
    client = subprocess.Popen(["ip", "netns", "exec", client_ns, sys.executable, "-c",
                               CLIENT, addr, str(port)])

    def reply(p, flags, seq, options, ack=None):
        send(IP(src=addr, dst=p[IP].src) /
             TCP(sport=port, dport=p[TCP].sport, seq=seq,
                 ack=p[TCP].seq + 1 if ack is None else ack, flags=flags,
                 window=65535, options=options))

    skey = random.getrandbits(64)
    iss = random.getrandbits(32)
    ckey = None
    answers = ["bad-hmac", "no-mp-join"]
    joins = {}			# client port -> what it was answered
    resets = {}			# client port -> MP_TCPRST reason (-1: none)
    deadline = time.time() + 20
    while time.time() < deadline and len(resets) < 2:
        try:
            p = events.get(timeout=0.5)
        except queue.Empty:
            continue
        flags = p[TCP].flags
        if flags & 0x02 and mptcp_sub(p, SUB_CAPABLE):
            reply(p, "SA", iss, [opt(SUB_CAPABLE, 1, 0x01, struct.pack("!Q", skey))])
        elif flags & 0x02 and mptcp_sub(p, SUB_JOIN) and p[TCP].sport not in joins:
            if not answers:
                continue
            how = answers.pop(0)
            nonce = mptcp_sub(p, SUB_JOIN)[0][6:10]
            joins[p[TCP].sport] = how
            if how == "bad-hmac":
                reply(p, "SA", random.getrandbits(32), [opt(SUB_JOIN, 0, 0, bytes(8) + nonce)])
            else:
                reply(p, "SA", random.getrandbits(32), [])
        elif flags & 0x04 and p[TCP].sport in joins:
            rst = mptcp_sub(p, SUB_TCPRST)
            resets[p[TCP].sport] = rst[0][1] if rst else -1
        elif ckey is None and mptcp_sub(p, SUB_CAPABLE):
            mpc = mptcp_sub(p, SUB_CAPABLE)[0]
            if len(mpc) < 18:
                continue
            ckey = struct.unpack("!Q", mpc[2:10])[0]
            _, cidsn = key_hash(ckey)
            # our first DSS: the client knows we have its key, and its
            # path manager may open subflows
            reply(p, "A", iss + 1, [opt(SUB_DSS, 0, 0x03, struct.pack("!Q", cidsn + 1))],
                  ack=p[TCP].seq)
    sniffer.stop()
    client.kill()
    for sport, how in joins.items():
        reason = resets.get(sport)
        print(f"join from port {sport} answered {how}: "
              + ("no reset" if reason is None else
                 "a reset without MP_TCPRST" if reason < 0 else f"reset, MP_TCPRST reason {reason}"))
    if ckey is None:
        print("the client never completed the MP_CAPABLE handshake")
    return (ckey is not None and len(joins) == 2 and
            all(resets.get(s, -1) >= 0 for s in joins))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(f"usage: {sys.argv[0]} ADDR PORT CLIENT_NS CLIENT_ADDR")
    sys.exit(0 if main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]) else 1)
