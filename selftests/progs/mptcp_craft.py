#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""mptcp_craft: hand-made MPTCP segments a correct peer never sends.

    mptcp_craft.py SRC DST PORT CASE

Talks to an MPTCP listener at DST:PORT from SRC with scapy (the caller
drops the kernel's own resets to SRC's crafted connections) and checks the
reaction RFC 8684 asks for; the counters are the caller's to check.

  join-no-token   MP_JOIN SYN with a token no connection has: a reset
  join-bad-hmac   a join whose third ACK carries a wrong HMAC: a reset
  add-addr-hmac   ADD_ADDR with a wrong HMAC: dropped, not echoed
  dss-outside     data whose mapping does not cover it: a reset
  malformed       a truncated DSS: ignored; the connection goes on and
                  data with a good mapping after it is DATA_ACKed

Prints what it saw; exits 0 when the reaction was the expected one.
"""
import hashlib
import random
import struct
import sys
import threading

from scapy.all import IP, TCP, Raw, AsyncSniffer, conf, send, sr1

conf.verb = 0
MPTCP = 30
SUB_CAPABLE, SUB_JOIN, SUB_DSS, SUB_ADD_ADDR, SUB_TCPRST = 0, 1, 2, 3, 8


def key_hash(key):
    """The token and the IDSN of a key (section 3.1)."""
    d = hashlib.sha256(struct.pack("!Q", key)).digest()
    return struct.unpack("!I", d[:4])[0], struct.unpack("!Q", d[-8:])[0]


def opt(subtype, low, byte3, rest=b""):
    """An MPTCP option: subtype and 4 low bits, a third octet, the rest."""
    return (MPTCP, bytes([subtype << 4 | low, byte3]) + rest)


def mptcp_options(pkt):
    if pkt is None or TCP not in pkt:
        return []
    return [v for k, v in pkt[TCP].options if k == MPTCP and isinstance(v, bytes)]


class Flow:
    """One TCP connection we drive by hand."""

    def __init__(self, src, dst, port):
        self.src, self.dst, self.port = src, dst, port
        self.sport = random.randint(20000, 60000)
        self.seq = random.getrandbits(32)
        self.ack = 0

    def packet(self, flags, options, payload=b""):
        p = IP(src=self.src, dst=self.dst) / TCP(
            sport=self.sport, dport=self.port, seq=self.seq, ack=self.ack,
            flags=flags, window=65535, options=options)
        return p / Raw(payload) if payload else p

    def ask(self, flags, options, payload=b""):
        return sr1(self.packet(flags, options, payload), timeout=3)

    def tell(self, flags, options, payload=b""):
        send(self.packet(flags, options, payload))

    def replies(self, flags, options, payload=b"", wait=1.5):
        """Send, and collect what comes back for a while."""
        ready = threading.Event()
        sniffer = AsyncSniffer(iface=conf.route.route(self.dst)[0],
                               filter=f"tcp and src host {self.dst} and dst port {self.sport}",
                               started_callback=ready.set)
        sniffer.start()
        ready.wait(5)		# the answer may come within microseconds
        self.tell(flags, options, payload)
        sniffer.join(timeout=wait)
        got = sniffer.stop() if sniffer.running else sniffer.results
        return list(got or [])


def mpc_connect(src, dst, port):
    """An MP_CAPABLE handshake (v1, HMAC-SHA256); returns the flow and keys."""
    f = Flow(src, dst, port)
    ckey = random.getrandbits(64)
    synack = f.ask("S", [opt(SUB_CAPABLE, 1, 0x01)])
    mpc = [o for o in mptcp_options(synack) if o[0] >> 4 == SUB_CAPABLE and len(o) == 10]
    if not synack or not mpc:
        sys.exit(f"no MP_CAPABLE SYN-ACK: {synack!r}")
    skey = struct.unpack("!Q", mpc[0][2:10])[0]
    f.seq += 1
    f.ack = synack[TCP].seq + 1
    f.tell("A", [opt(SUB_CAPABLE, 1, 0x01, struct.pack("!QQ", ckey, skey))])
    return f, ckey, skey


def reset_reason(pkts):
    """The MP_TCPRST reason of the first reset among @pkts, or None."""
    for p in pkts:
        if TCP in p and p[TCP].flags & 0x04:
            for o in mptcp_options(p):
                if o[0] >> 4 == SUB_TCPRST:
                    return o[1]
            return -1	# a reset without MP_TCPRST
    return None


def join_syn(src, dst, port, token):
    j = Flow(src, dst, port)
    return j, j.ask("S", [opt(SUB_JOIN, 0, 5, struct.pack("!II", token, random.getrandbits(32)))])


def case_join_no_token(src, dst, port):
    _, reply = join_syn(src, dst, port, random.getrandbits(32))
    reason = reset_reason([reply] if reply else [])
    print(f"join-no-token: reset, MP_TCPRST reason {reason}")
    return reason is not None


def case_join_bad_hmac(src, dst, port):
    _, _, skey = mpc_connect(src, dst, port)
    token, _ = key_hash(skey)
    j, synack = join_syn(src, dst, port, token)
    joined = [o for o in mptcp_options(synack) if o[0] >> 4 == SUB_JOIN]
    if not joined:
        print(f"join-bad-hmac: no MP_JOIN SYN-ACK for a valid token: {synack!r}")
        return False
    j.seq += 1
    j.ack = synack[TCP].seq + 1
    reason = reset_reason(j.replies("A", [opt(SUB_JOIN, 0, 0, bytes(20))]))
    print(f"join-bad-hmac: SYN-ACK for the token, then reset, MP_TCPRST reason {reason}")
    return reason is not None


def case_add_addr_hmac(src, dst, port):
    f, _, _ = mpc_connect(src, dst, port)
    got = f.replies("A", [opt(SUB_ADD_ADDR, 0, 7, bytes([198, 51, 100, 9]) + bytes(8))])
    echoed = any(o[0] >> 4 == SUB_ADD_ADDR for p in got for o in mptcp_options(p))
    print(f"add-addr-hmac: {'echoed' if echoed else 'not echoed'}")
    return not echoed


def dss_map(dsn, ssn, length):
    """A DSS with a 4-octet mapping and no Data ACK."""
    return opt(SUB_DSS, 0, 0x04, struct.pack("!IIH", dsn & 0xffffffff, ssn, length))


def case_dss_outside(src, dst, port):
    f, ckey, _ = mpc_connect(src, dst, port)
    _, idsn = key_hash(ckey)
    # the payload sits at relative subflow sequence 1, the mapping far away
    reason = reset_reason(f.replies("PA", [dss_map(idsn + 1, 100001, 100)], bytes(100)))
    print(f"dss-outside: reset, MP_TCPRST reason {reason}")
    return reason is not None


def data_ack(pkts):
    for p in pkts:
        for o in mptcp_options(p):
            if o[0] >> 4 == SUB_DSS and o[1] & 0x01:
                return struct.unpack("!Q" if o[1] & 0x02 else "!I",
                                     o[2:10] if o[1] & 0x02 else o[2:6])[0]
    return None


def case_malformed(src, dst, port):
    f, ckey, _ = mpc_connect(src, dst, port)
    _, idsn = key_hash(ckey)
    # a DSS that says "Data ACK" with no room for one
    f.tell("A", [(MPTCP, bytes([SUB_DSS << 4, 0x01, 0]))])
    got = f.replies("PA", [dss_map(idsn + 1, 1, 100)], bytes(100))
    ack = data_ack(got)
    want = (idsn + 1 + 100) & 0xffffffffffffffff
    reset = reset_reason(got)
    print(f"malformed: ignored; {'reset' if reset is not None else 'no reset'}, "
          f"then Data ACK {ack:#x} for {want:#x}" if ack is not None else
          f"malformed: no Data ACK after it (reset {reset})")
    return reset is None and ack is not None and ack & 0xffffffff == want & 0xffffffff


CASES = {
    "join-no-token": case_join_no_token,
    "join-bad-hmac": case_join_bad_hmac,
    "add-addr-hmac": case_add_addr_hmac,
    "dss-outside": case_dss_outside,
    "malformed": case_malformed,
}

if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[4] not in CASES:
        sys.exit(f"usage: {sys.argv[0]} SRC DST PORT {'|'.join(CASES)}")
    sys.exit(0 if CASES[sys.argv[4]](sys.argv[1], sys.argv[2], int(sys.argv[3])) else 1)
