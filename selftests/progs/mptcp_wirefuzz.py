#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""mptcp_wirefuzz: mutated MPTCP traffic against a listener, for a while.

    mptcp_wirefuzz.py SRC DST PORT SECONDS SEED

Drives MPTCP connections by hand with scapy (mptcp_craft's helpers; the
caller drops the kernel's own resets from SRC to PORT): real MP_CAPABLE
handshakes with the right keys, joins with the right and with wrong HMACs,
then segments whose MPTCP options are mutated -- well-formed options with
random values (DSS mappings overlapping, backwards or far away, DATA_FIN
anywhere, Data ACKs anywhere, ADD_ADDR/RM_ADDR/MP_PRIO storms, MP_FAIL,
MP_FASTCLOSE with wrong keys, MP_TCPRST on non-resets), options of random
subtype and length, random flags and payload lengths.  A connection the
listener resets is replaced by a new one.  Everything is derived from
SEED, so a run can be replayed.

The oracle is the caller's: the kernel log, the transfers run beside it,
the listener serving afterwards.  Prints what it sent and what came back;
exits 0 unless the listener stopped answering handshakes altogether.
"""
import random
import struct
import sys
import time

from scapy.all import TCP, conf

import mptcp_craft as mc

conf.verb = 0


class Fuzzer:
    def __init__(self, src, dst, port, rng):
        self.src, self.dst, self.port, self.rng = src, dst, port, rng
        self.sock = conf.L3socket()
        self.stats = {"segments": 0, "connections": 0, "fastopen": 0, "joins": 0,
                      "joins_bad_hmac": 0, "resets_seen": 0, "handshake_failures": 0}

    def send(self, flow, flags, options, payload=b""):
        self.sock.send(flow.packet(flags, options, payload))
        self.stats["segments"] += 1

    def connect(self):
        """A real MP_CAPABLE handshake; None when the listener did not answer."""
        try:
            f, ckey, skey = mc.mpc_connect(self.src, self.dst, self.port)
        except SystemExit:
            self.stats["handshake_failures"] += 1
            return None
        self.stats["connections"] += 1
        _, f.idsn = mc.key_hash(ckey)
        f.ckey, f.skey, f.dsn = ckey, skey, 1
        return f

    def connect_fastopen(self):
        """A Fast Open SYN with data (the listener wants no cookie), then a
        third ACK with the right keys, a wrong one, a DSS instead of the
        keys, or no MPTCP option at all; None when nothing answered."""
        rng = self.rng
        f = mc.Flow(self.src, self.dst, self.port)
        ckey = rng.getrandbits(64)
        data = bytes(rng.randrange(256) for _ in range(rng.choice([1, 100, 1000])))
        synack = f.ask("S", [mc.opt(mc.SUB_CAPABLE, 1, 0x01), (34, b"")], data)
        mpc = [o for o in mc.mptcp_options(synack) if o[0] >> 4 == mc.SUB_CAPABLE and len(o) == 10]
        if not synack or not mpc:
            self.stats["handshake_failures"] += 1
            return None
        skey = struct.unpack("!Q", mpc[0][2:10])[0]
        taken = (synack[TCP].ack - f.seq - 1) & 0xffffffff
        f.seq = (f.seq + 1 + (taken if taken == len(data) else 0)) & 0xffffffff
        f.ack = synack[TCP].seq + 1
        third = rng.choice(["keys", "keys", "wrong", "dss", "none"])
        if third == "keys":
            opts = [mc.opt(mc.SUB_CAPABLE, 1, 0x01, struct.pack("!QQ", ckey, skey))]
        elif third == "wrong":
            opts = [mc.opt(mc.SUB_CAPABLE, 1, 0x01, struct.pack("!QQ", ckey, skey ^ 1))]
        elif third == "dss":
            opts = [mc.opt(mc.SUB_DSS, 0, 0x03, struct.pack("!Q", rng.getrandbits(64)))]
        else:
            opts = []
        self.send(f, "A", opts)
        self.stats["fastopen"] += 1
        _, f.idsn = mc.key_hash(ckey)
        f.ckey, f.skey, f.dsn = ckey, skey, 1
        return f

    def join(self, f):
        """A join to @f's connection, its third ACK right or wrong."""
        token, _ = mc.key_hash(f.skey)
        nonce = self.rng.getrandbits(32)
        j = mc.Flow(self.src, self.dst, self.port)
        synack = j.ask("S", [mc.opt(mc.SUB_JOIN, 0, 1, struct.pack("!II", token, nonce))])
        mpj = [o for o in mc.mptcp_options(synack) if o[0] >> 4 == mc.SUB_JOIN and len(o) == 14]
        if not mpj:
            return
        snonce = struct.unpack("!I", mpj[0][10:14])[0]
        j.seq += 1
        j.ack = synack[TCP].seq + 1
        good = self.rng.random() < 0.5
        mac = mc.join_hmac(f.ckey, f.skey, nonce, snonce)
        if not good:
            mac = bytes(b ^ 0xff for b in mac[:4]) + mac[4:]
        self.send(j, "A", [mc.opt(mc.SUB_JOIN, 0, 0, mac)])
        self.stats["joins" if good else "joins_bad_hmac"] += 1

    def random_option(self, f, payload_len):
        r, rng = self.rng.random(), self.rng
        u32, u64 = rng.getrandbits(32), rng.getrandbits(64)
        if r < 0.30:	# a mapping: right, overlapping, backwards or far
            dsn = (f.idsn + f.dsn + rng.choice([0, 0, -1000, 1000, u32])) & 0xffffffff
            ssn = rng.choice([f.dsn, f.dsn, 0, u32 & 0xffff])
            length = rng.choice([payload_len, payload_len, 0, 1, u32 & 0xffff])
            flags = 0x04 | rng.choice([0, 0x01, 0x10, 0x11])
            ack = struct.pack("!I", u32) if flags & 0x01 else b""
            return mc.opt(mc.SUB_DSS, 0, flags, ack + struct.pack("!IIH", dsn, ssn, length))
        if r < 0.40:	# a Data ACK anywhere, 4 or 8 octets
            if rng.random() < 0.5:
                return mc.opt(mc.SUB_DSS, 0, 0x01, struct.pack("!I", u32))
            return mc.opt(mc.SUB_DSS, 0, 0x03, struct.pack("!Q", u64))
        if r < 0.50:	# ADD_ADDR, echo or not, maybe a port, random HMAC
            body = bytes([198, 51, 100, rng.randrange(256)])
            if rng.random() < 0.3:
                body += struct.pack("!H", rng.randrange(65536))
            echo = rng.random() < 0.5
            return mc.opt(mc.SUB_ADD_ADDR, int(echo), rng.randrange(256),
                          body + (b"" if echo else struct.pack("!Q", u64)))
        if r < 0.58:	# RM_ADDR lists
            ids = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9)))
            return (mc.MPTCP, bytes([mc.SUB_RM_ADDR << 4]) + ids)
        if r < 0.63:	# MP_PRIO, both forms
            return (mc.MPTCP, bytes([5 << 4 | rng.randrange(2)]) +
                    (bytes([rng.randrange(256)]) if rng.random() < 0.5 else b""))
        if r < 0.68:	# MP_FAIL at any DSN
            return mc.opt(6, 0, 0, struct.pack("!Q", u64))
        if r < 0.72:	# MP_FASTCLOSE with a wrong key
            return mc.opt(mc.SUB_FASTCLOSE, 0, 0, struct.pack("!Q", f.skey ^ (u64 | 1)))
        if r < 0.76:	# MP_TCPRST on a segment that is no reset
            return mc.opt(mc.SUB_TCPRST, rng.randrange(16), rng.randrange(256))
        if r < 0.80:	# MP_CAPABLE and MP_JOIN where they do not belong
            sub = rng.choice([mc.SUB_CAPABLE, mc.SUB_JOIN])
            return (mc.MPTCP, bytes([sub << 4 | 1, 0x01]) +
                    bytes(rng.randrange(256) for _ in range(rng.choice([0, 8, 10, 16, 18, 20]))))
        # anything: a random subtype, flags and length
        n = rng.randrange(0, 37)
        return (mc.MPTCP, bytes(rng.randrange(256) for _ in range(n)))

    def mutate(self, f):
        rng = self.rng
        payload = bytes(rng.randrange(256) for _ in range(rng.choice([0, 0, 1, 100, 500, 1200])))
        opts = [self.random_option(f, len(payload)) for _ in range(rng.choice([1, 1, 2]))]
        size = sum(2 + len(v) for _, v in opts)
        if size > 40:
            opts = opts[:1]
            if 2 + len(opts[0][1]) > 40:
                opts = [(mc.MPTCP, opts[0][1][:38])]
        flags = rng.choice(["A", "A", "PA", "PA", "FA", "UA", "A"])
        if rng.random() < 0.8:	# in sequence, and the stream moves on
            self.send(f, flags, opts, payload)
            f.seq = (f.seq + len(payload) + (1 if "F" in flags else 0)) & 0xffffffff
            f.dsn += len(payload)
            return
        # now and then out of sequence: old, far ahead, anywhere
        seq = f.seq
        f.seq = (seq + rng.choice([-2000, -1, 70000, rng.getrandbits(32)])) & 0xffffffff
        self.send(f, flags, opts, payload)
        f.seq = seq

    def run(self, seconds):
        end = time.monotonic() + seconds
        f = None
        while time.monotonic() < end:
            if f is None or self.rng.random() < 0.05:
                f = self.connect_fastopen() if self.rng.random() < 0.3 else self.connect()
                if f is None:
                    if self.stats["handshake_failures"] > 5 and not self.stats["connections"]:
                        return False
                    continue
            if self.rng.random() < 0.03:
                self.join(f)
                continue
            for _ in range(8):
                self.mutate(f)
            # did the listener give up on this one?  One good byte per
            # burst asks; a reset may carry no MP_TCPRST (TCP's own).
            got = f.replies("PA", [mc.dss_map(f.idsn + f.dsn, f.dsn, 1)], b"?", wait=0.2)
            f.seq, f.dsn = (f.seq + 1) & 0xffffffff, f.dsn + 1
            if any(TCP in p and p[TCP].flags & 0x04 for p in got):
                self.stats["resets_seen"] += 1
                f = None
        return True


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(f"usage: {sys.argv[0]} SRC DST PORT SECONDS SEED")
    src, dst, port, secs, seed = sys.argv[1:]
    fz = Fuzzer(src, dst, int(port), random.Random(int(seed)))
    mc.random.seed(int(seed))
    ok = fz.run(float(secs))
    print("wirefuzz: seed %s: %s" % (seed, ", ".join(f"{k} {v}" for k, v in fz.stats.items())))
    sys.exit(0 if ok else 1)
