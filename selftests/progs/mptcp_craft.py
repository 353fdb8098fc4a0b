#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""mptcp_craft: hand-made MPTCP segments a correct peer never sends.

    mptcp_craft.py SRC DST PORT CASE [COUNT]

Talks to an MPTCP listener at DST:PORT from SRC with scapy (the caller
drops the kernel's own resets to SRC's crafted connections) and checks the
reaction RFC 8684 asks for; the counters are the caller's to check.

  join-no-token   MP_JOIN SYN with a token no connection has: a reset
  join-bad-hmac   a join whose third ACK carries a wrong HMAC: a reset
  add-addr-hmac   ADD_ADDR with a wrong HMAC: dropped, not echoed
  dss-outside     data whose mapping does not cover it: a reset
  malformed       a truncated DSS: ignored; the connection goes on and
                  data with a good mapping after it is DATA_ACKed
  mpc-flag-b      MP_CAPABLE SYN with the extensibility bit B: no
                  MP_CAPABLE in the SYN-ACK (section 3.1)
  mpc-no-crypto   MP_CAPABLE SYN naming no crypto algorithm: the same
  mpc-version-0   MP_CAPABLE SYN of version 0 (RFC 6824): the same
  mpc-ack-missing a third ACK without MP_CAPABLE: plain TCP from there,
                  data ACKed without a DSS
  join-ack-no-mpj a join whose third ACK has no MP_JOIN: a reset
  fastclose-ack   MP_FASTCLOSE on an ACK (section 3.5, the A form): with
                  a wrong key nothing happens, with the right one a reset
  dss-csum-extra  a DSS with a checksum the handshake did not ask for: a
                  reset (section 3.3)
  rm-addr-unknown RM_ADDR for ids never announced: ignored, the
                  connection goes on (section 3.8)
  data-ack-future a Data ACK for data never sent: ignored, the
                  connection goes on
  tcprst-flags    MP_TCPRST with the reserved bits set and an unknown
                  reason on a reset: the reset is taken
  add-addr-storm  COUNT (1000) ADD_ADDRs with valid HMACs, every id and
                  COUNT addresses, at once: the connection goes on
  syn-flood       COUNT (2000) SYNs with MP_CAPABLE and as many with
                  MP_JOIN of random tokens, from random ports, at once;
                  prints how many SYN-ACKs (and cookies) came back

Prints what it saw; exits 0 when the reaction was the expected one.
"""
import hashlib
import hmac
import random
import struct
import sys
import threading
import time

from scapy.all import IP, TCP, Raw, AsyncSniffer, conf, send, sr1

conf.verb = 0
MPTCP = 30
SUB_CAPABLE, SUB_JOIN, SUB_DSS, SUB_ADD_ADDR, SUB_RM_ADDR = 0, 1, 2, 3, 4
SUB_FASTCLOSE, SUB_TCPRST = 7, 8


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


def mpc_connect(src, dst, port, ckey=None):
    """An MP_CAPABLE handshake (v1, HMAC-SHA256); returns the flow and keys."""
    f = Flow(src, dst, port)
    ckey = random.getrandbits(64) if ckey is None else ckey
    synack = f.ask("S", [opt(SUB_CAPABLE, 1, 0x01)])
    mpc = [o for o in mptcp_options(synack) if o[0] >> 4 == SUB_CAPABLE and len(o) == 10]
    if not synack or not mpc:
        sys.exit(f"no MP_CAPABLE SYN-ACK: {synack!r}")
    skey = struct.unpack("!Q", mpc[0][2:10])[0]
    f.seq += 1
    f.ack = synack[TCP].seq + 1
    f.tell("A", [opt(SUB_CAPABLE, 1, 0x01, struct.pack("!QQ", ckey, skey))])
    f.skey = skey
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


def mpc_syn_ignored(src, dst, port, byte2, flags, name):
    f = Flow(src, dst, port)
    synack = f.ask("S", [(MPTCP, bytes([byte2, flags]))])
    if synack is None or TCP not in synack or synack[TCP].flags & 0x12 != 0x12:
        print(f"{name}: no SYN-ACK at all: {synack!r}")
        return False
    mpc = [o for o in mptcp_options(synack) if o[0] >> 4 == SUB_CAPABLE]
    print(f"{name}: SYN-ACK {'with' if mpc else 'without'} MP_CAPABLE")
    return not mpc


def case_mpc_flag_b(src, dst, port):
    return mpc_syn_ignored(src, dst, port, SUB_CAPABLE << 4 | 1, 0x41, "mpc-flag-b")


def case_mpc_no_crypto(src, dst, port):
    return mpc_syn_ignored(src, dst, port, SUB_CAPABLE << 4 | 1, 0x00, "mpc-no-crypto")


def case_mpc_version_0(src, dst, port):
    return mpc_syn_ignored(src, dst, port, SUB_CAPABLE << 4 | 0, 0x01, "mpc-version-0")


def case_mpc_ack_missing(src, dst, port):
    f = Flow(src, dst, port)
    synack = f.ask("S", [opt(SUB_CAPABLE, 1, 0x01)])
    if not any(o[0] >> 4 == SUB_CAPABLE for o in mptcp_options(synack)):
        print(f"mpc-ack-missing: no MP_CAPABLE SYN-ACK: {synack!r}")
        return False
    f.seq += 1
    f.ack = synack[TCP].seq + 1
    f.tell("A", [])
    got = f.replies("PA", [], bytes(100))
    acks = [p for p in got if TCP in p and p[TCP].ack == f.seq + 100]
    dss = [o for p in acks for o in mptcp_options(p)]
    print(f"mpc-ack-missing: data {'ACKed' if acks else 'not ACKed'}, "
          f"{len(dss)} MPTCP options on the ACKs")
    return bool(acks) and not dss


def case_join_ack_no_mpj(src, dst, port):
    _, _, skey = mpc_connect(src, dst, port)
    token, _ = key_hash(skey)
    j, synack = join_syn(src, dst, port, token)
    if not any(o[0] >> 4 == SUB_JOIN for o in mptcp_options(synack)):
        print(f"join-ack-no-mpj: no MP_JOIN SYN-ACK for a valid token: {synack!r}")
        return False
    j.seq += 1
    j.ack = synack[TCP].seq + 1
    reason = reset_reason(j.replies("A", []))
    print(f"join-ack-no-mpj: reset, MP_TCPRST reason {reason}")
    return reason is not None


def fastclose(key):
    return opt(SUB_FASTCLOSE, 0, 0, struct.pack("!Q", key))


def case_fastclose_ack(src, dst, port):
    f, _, skey = mpc_connect(src, dst, port)
    wrong = reset_reason(f.replies("A", [fastclose(skey ^ 1)]))
    right = reset_reason(f.replies("A", [fastclose(skey)]))
    print(f"fastclose-ack: wrong key {'reset' if wrong is not None else 'ignored'}, "
          f"right key {'reset' if right is not None else 'ignored'}")
    return wrong is None and right is not None


def still_serves(f, idsn, offset, name, what):
    """Data with a good mapping after the bad option is DATA_ACKed."""
    got = f.replies("PA", [dss_map(idsn + 1 + offset, 1 + offset, 100)], bytes(100))
    ack, reset = data_ack(got), reset_reason(got)
    want = (idsn + 1 + offset + 100) & 0xffffffff
    print(f"{name}: {what}; then {'a reset' if reset is not None else 'no reset'}, "
          f"Data ACK {ack if ack is None else hex(ack)} for {want:#x}")
    f.seq += 100
    return reset is None and ack is not None and ack & 0xffffffff == want


def case_dss_csum_extra(src, dst, port):
    f, ckey, _ = mpc_connect(src, dst, port)
    _, idsn = key_hash(ckey)
    mapping = opt(SUB_DSS, 0, 0x04, struct.pack("!IIHH", (idsn + 1) & 0xffffffff, 1, 100, 0))
    reason = reset_reason(f.replies("PA", [mapping], bytes(100)))
    print(f"dss-csum-extra: reset, MP_TCPRST reason {reason}")
    return reason is not None


def case_rm_addr_unknown(src, dst, port):
    f, ckey, _ = mpc_connect(src, dst, port)
    _, idsn = key_hash(ckey)
    f.tell("A", [opt(SUB_RM_ADDR, 0, 77, bytes([78, 79]))])
    return still_serves(f, idsn, 0, "rm-addr-unknown", "RM_ADDR of ids 77-79")


def case_data_ack_future(src, dst, port):
    f, ckey, _ = mpc_connect(src, dst, port)
    _, idsn = key_hash(ckey)
    f.tell("A", [opt(SUB_DSS, 0, 0x03, struct.pack("!Q", random.getrandbits(63)))])
    return still_serves(f, idsn, 0, "data-ack-future", "a Data ACK far ahead")


def case_tcprst_flags(src, dst, port):
    f, _, _ = mpc_connect(src, dst, port)
    f.tell("R", [opt(SUB_TCPRST, 0x0e, 0xff)])
    got = f.replies("A", [], wait=1.0)
    alive = any(TCP in p and not p[TCP].flags & 0x04 for p in got)
    print(f"tcprst-flags: reset taken, {'the subflow still answers' if alive else 'the subflow is gone'}")
    return not alive


def join_hmac(key_a, key_b, r_a, r_b):
    """The joining side's third-ACK HMAC (section 3.2), truncated to 160 bits."""
    return hmac.new(struct.pack("!QQ", key_a, key_b), struct.pack("!II", r_a, r_b),
                    hashlib.sha256).digest()[:20]


def add_addr_hmac(key1, key2, aid, addr, port=0):
    """The truncated HMAC of an ADD_ADDR (section 3.4.1): id, address, port."""
    msg = bytes([aid]) + addr + struct.pack("!H", port)
    return hmac.new(struct.pack("!QQ", key1, key2), msg, hashlib.sha256).digest()[-8:]


def case_add_addr_storm(src, dst, port, count=1000):
    f, ckey, _ = mpc_connect(src, dst, port)
    _, idsn = key_hash(ckey)
    skey = f.skey
    sock = conf.L3socket()
    for i in range(count):
        addr = bytes([203, 0, 113 + (i >> 8) % 2, i & 0xff])
        mac = add_addr_hmac(ckey, skey, i & 0xff, addr)
        sock.send(f.packet("A", [opt(SUB_ADD_ADDR, 0, i & 0xff, addr + mac)]))
    return still_serves(f, idsn, 0, "add-addr-storm", f"{count} ADD_ADDRs with good HMACs")


def case_syn_flood(src, dst, port, count=2000):
    sock = conf.L3socket()
    replies = []
    sniffer = AsyncSniffer(iface=conf.route.route(dst)[0],
                           filter=f"tcp and src host {dst} and src port {port}",
                           prn=lambda p: replies.append(p[TCP].flags), store=False)
    sniffer.start()
    time.sleep(0.5)
    for i in range(count):
        for syn in (opt(SUB_CAPABLE, 1, 0x01),
                    opt(SUB_JOIN, 0, 1, struct.pack("!II", random.getrandbits(32),
                                                    random.getrandbits(32)))):
            p = IP(src=src, dst=dst) / TCP(sport=random.randint(1024, 65535), dport=port,
                                           seq=random.getrandbits(32), flags="S",
                                           window=65535, options=[syn])
            sock.send(p)
    time.sleep(1.5)
    sniffer.stop()
    synacks = sum(1 for fl in replies if fl & 0x12 == 0x12)
    resets = sum(1 for fl in replies if fl & 0x04)
    print(f"syn-flood: {2 * count} SYNs sent, {synacks} SYN-ACKs and {resets} resets back")
    return True


CASES = {
    "join-no-token": case_join_no_token,
    "join-bad-hmac": case_join_bad_hmac,
    "add-addr-hmac": case_add_addr_hmac,
    "dss-outside": case_dss_outside,
    "malformed": case_malformed,
    "mpc-flag-b": case_mpc_flag_b,
    "mpc-no-crypto": case_mpc_no_crypto,
    "mpc-version-0": case_mpc_version_0,
    "mpc-ack-missing": case_mpc_ack_missing,
    "join-ack-no-mpj": case_join_ack_no_mpj,
    "fastclose-ack": case_fastclose_ack,
    "dss-csum-extra": case_dss_csum_extra,
    "rm-addr-unknown": case_rm_addr_unknown,
    "data-ack-future": case_data_ack_future,
    "tcprst-flags": case_tcprst_flags,
    "add-addr-storm": case_add_addr_storm,
    "syn-flood": case_syn_flood,
}

if __name__ == "__main__":
    if len(sys.argv) not in (5, 6) or sys.argv[4] not in CASES:
        sys.exit(f"usage: {sys.argv[0]} SRC DST PORT {'|'.join(CASES)} [COUNT]")
    extra = [int(sys.argv[5])] if len(sys.argv) == 6 else []
    sys.exit(0 if CASES[sys.argv[4]](sys.argv[1], sys.argv[2], int(sys.argv[3]), *extra) else 1)
