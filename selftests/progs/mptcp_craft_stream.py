#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""mptcp_craft_stream: hand-made data-level input, checked byte for byte.

    CRAFT_RX=DIR mptcp_craft_stream.py SRC DST PORT CASE

Like mptcp_craft.py, but against a listener that records what each
connection delivers to the application (lib.sh's craft_listener PORT DIR):
every case says what the application must have read, and the recording
must be exactly that -- a broken mapping, a duplicate, a wrapped or a
far-away DSN may cost a reset, never a wrong byte.

  dss-remap         a mapping changed halfway (same SSN, other DSN): a
                    reset; the application has the first half only
  dss-dup-dsn       two SSN ranges mapped to the same DSNs: the first
                    copy is delivered, the second dropped (section 3.3.1)
  dss-long-map      one mapping over three segments, the later two with a
                    Data ACK only: all delivered in order
  dss-infinite-join an infinite mapping (length 0) on a joined subflow: a
                    reset of that subflow; the first subflow goes on
  dsn-out-of-window a mapping far beyond the window offered: dropped, not
                    Data ACKed (section 3.8); what follows in order is
  dsn-wrap32        32-bit DSNs across the 2^32 wrap (a key whose IDSN
                    sits just below it), then a stale one from before the
                    wrap: the wrap taken once, the stale one a duplicate
  mpc-data-dup      the data-carrying third ACK sent twice: delivered once
  add-addr-id-reuse an announced id announced again for another address:
                    echoed, ignored (section 3.4.1)
  add-addr-id0      id 0 for an address that is not the initial one:
                    ignored; id 0 for the initial address with a port: not
  mp-fail-nocsum    MP_FAIL, naming an absurd DSN, on a connection without
                    checksums, twice: one answer, one fallback, no loop;
                    the data after it delivered as plain TCP
"""
import os
import struct
import sys
import time

from scapy.all import TCP

from mptcp_craft import (SUB_ADD_ADDR, SUB_DSS, SUB_JOIN, Flow, add_addr_hmac,
                         join_hmac, key_hash, mpc_connect, mptcp_options, opt,
                         reset_reason)

SUB_FAIL = 6
# A client key whose IDSN's low 32 bits are 0xffffff0f: its stream crosses
# the 32-bit wrap 240 bytes in (found by brute force: SHA-256, section 3.1).
WRAP_KEY = 0x5eed000000f74b73


def dss(dsn, ssn, length, dsn64=False):
    """A DSS with a mapping only: 4- or 8-octet DSN (flags M, m)."""
    if dsn64:
        return opt(SUB_DSS, 0, 0x0c, struct.pack("!QIH", dsn & (2**64 - 1), ssn, length))
    return opt(SUB_DSS, 0, 0x04, struct.pack("!IIH", dsn & 0xffffffff, ssn, length))


def dss_ack_only(ack):
    return opt(SUB_DSS, 0, 0x03, struct.pack("!Q", ack & (2**64 - 1)))


def last_data_ack(pkts):
    """The last 64-bit Data ACK among @pkts (ours always sends 64 bits)."""
    ack = None
    for p in pkts:
        for o in mptcp_options(p):
            if o[0] >> 4 == SUB_DSS and o[1] & 0x03 == 0x03:
                ack = struct.unpack("!Q", o[2:10])[0]
    return ack


def push(f, options, payload, wait=1.0):
    """Send @payload at the flow's next subflow sequence number."""
    got = f.replies("PA", options, payload, wait=wait)
    f.seq = (f.seq + len(payload)) & 0xffffffff
    return got


def delivered(f, want, wait=4.0):
    """What the application read on @f's connection, once it has @want
    bytes or @wait seconds passed (a few more to see nothing extra)."""
    path = f"{os.environ['CRAFT_RX']}/{f.sport}"
    end = time.time() + wait
    data = b""
    while time.time() < end:
        data = open(path, "rb").read() if os.path.exists(path) else b""
        if len(data) >= want:
            time.sleep(0.3)
            return open(path, "rb").read()
        time.sleep(0.1)
    return data


def verdict(name, f, want, ok, what):
    got = delivered(f, len(want))
    exact = got == want
    print(f"{name}: {what}; application read {len(got)} of {len(want)} bytes"
          f"{', byte-exact' if exact else ', NOT the bytes sent'}")
    return ok and exact


def case_dss_remap(src, dst, port):
    f, ckey, _ = mpc_connect(src, dst, port)
    _, idsn = key_hash(ckey)
    push(f, [dss(idsn + 1, 1, 200)], b"a" * 100)
    reason = reset_reason(push(f, [dss(idsn + 1001, 1, 200)], b"b" * 100))
    return verdict("dss-remap", f, b"a" * 100, reason is not None,
                   f"reset, MP_TCPRST reason {reason}")


def case_dss_dup_dsn(src, dst, port):
    f, ckey, _ = mpc_connect(src, dst, port)
    _, idsn = key_hash(ckey)
    push(f, [dss(idsn + 1, 1, 100)], b"a" * 100)
    push(f, [dss(idsn + 1, 101, 100)], b"b" * 100)
    got = push(f, [dss(idsn + 101, 201, 100)], b"c" * 100)
    ack, reset = last_data_ack(got), reset_reason(got)
    return verdict("dss-dup-dsn", f, b"a" * 100 + b"c" * 100,
                   reset is None and ack == idsn + 201,
                   f"{'a reset' if reset is not None else 'no reset'}, "
                   f"Data ACK +{ack - idsn if ack else None} (want +201)")


def case_dss_long_map(src, dst, port):
    f, ckey, skey = mpc_connect(src, dst, port)
    _, idsn = key_hash(ckey)
    _, sidsn = key_hash(skey)
    push(f, [dss(idsn + 1, 1, 300)], b"a" * 100)
    push(f, [dss_ack_only(sidsn + 1)], b"b" * 100)
    got = push(f, [dss_ack_only(sidsn + 1)], b"c" * 100)
    ack, reset = last_data_ack(got), reset_reason(got)
    return verdict("dss-long-map", f, b"a" * 100 + b"b" * 100 + b"c" * 100,
                   reset is None and ack == idsn + 301,
                   f"{'a reset' if reset is not None else 'no reset'}, "
                   f"Data ACK +{ack - idsn if ack else None} (want +301)")


def join(src, dst, port, ckey, skey):
    """A join with the right HMAC; returns the flow, or None."""
    token, _ = key_hash(skey)
    j = Flow(src, dst, port)
    nonce = 0x1234abcd
    synack = j.ask("S", [opt(SUB_JOIN, 0, 1, struct.pack("!II", token, nonce))])
    mpj = [o for o in mptcp_options(synack) if o[0] >> 4 == SUB_JOIN and len(o) == 14]
    if not mpj:
        print(f"no MP_JOIN SYN-ACK: {synack!r}")
        return None
    snonce = struct.unpack("!I", mpj[0][10:14])[0]
    j.seq += 1
    j.ack = synack[TCP].seq + 1
    j.tell("A", [opt(SUB_JOIN, 0, 0, join_hmac(ckey, skey, nonce, snonce))])
    time.sleep(0.3)
    return j


def case_dss_infinite_join(src, dst, port):
    f, ckey, skey = mpc_connect(src, dst, port)
    _, idsn = key_hash(ckey)
    _, sidsn = key_hash(skey)
    push(f, [dss(idsn + 1, 1, 100)], b"a" * 100)
    j = join(src, dst, port, ckey, skey)
    if not j:
        return False
    reason = reset_reason(push(j, [dss(idsn + 101, 1, 0)], b"x" * 100))
    got = push(f, [dss(idsn + 101, 101, 100)], b"b" * 100)
    ack = last_data_ack(got)
    return verdict("dss-infinite-join", f, b"a" * 100 + b"b" * 100,
                   reason is not None and ack == idsn + 201,
                   f"the join reset (MP_TCPRST reason {reason}), the first subflow's "
                   f"Data ACK +{ack - idsn if ack else None} (want +201)")


def case_dsn_out_of_window(src, dst, port):
    f, ckey, _ = mpc_connect(src, dst, port)
    _, idsn = key_hash(ckey)
    far = push(f, [dss(idsn + 1 + (1 << 30), 1, 100, dsn64=True)], b"z" * 100)
    got = push(f, [dss(idsn + 1, 101, 100, dsn64=True)], b"a" * 100)
    far_ack, ack = last_data_ack(far), last_data_ack(got)
    return verdict("dsn-out-of-window", f, b"a" * 100,
                   far_ack in (None, idsn + 1) and ack == idsn + 101,
                   f"Data ACK after the far one +{far_ack - idsn if far_ack else None}, "
                   f"after the good one +{ack - idsn if ack else None} (want +1, +101)")


def case_dsn_wrap32(src, dst, port):
    f, ckey, _ = mpc_connect(src, dst, port, WRAP_KEY)
    _, idsn = key_hash(ckey)
    for i, c in enumerate(b"abc"):		# the second one crosses the wrap
        push(f, [dss(idsn + 1 + 200 * i, 1 + 200 * i, 200)], bytes([c]) * 200)
    push(f, [dss(idsn + 101, 601, 100)], b"d" * 100)	# stale: before the wrap
    got = push(f, [dss(idsn + 601, 701, 100)], b"e" * 100)
    ack = last_data_ack(got)
    return verdict("dsn-wrap32", f, b"a" * 200 + b"b" * 200 + b"c" * 200 + b"e" * 100,
                   ack == idsn + 701,
                   f"IDSN {idsn:#x}: Data ACK {ack if ack is None else hex(ack)} "
                   f"(want {idsn + 701:#x})")


def case_mpc_data_dup(src, dst, port):
    f, ckey, skey = mpc_connect(src, dst, port)
    _, idsn = key_hash(ckey)
    third = opt(0, 1, 0x01, struct.pack("!QQH", ckey, skey, 100))
    f.tell("PA", [third], b"a" * 100)
    f.tell("PA", [third], b"a" * 100)
    f.seq += 100
    got = push(f, [dss(idsn + 101, 101, 100)], b"b" * 100)
    ack = last_data_ack(got)
    return verdict("mpc-data-dup", f, b"a" * 100 + b"b" * 100, ack == idsn + 201,
                   f"Data ACK +{ack - idsn if ack else None} (want +201)")


def announce(f, ckey, skey, aid, addr, port=0):
    rest = addr + (struct.pack("!H", port) if port else b"")
    mac = add_addr_hmac(ckey, skey, aid, addr, port)
    return f.replies("A", [opt(SUB_ADD_ADDR, 0, aid, rest + mac)])


def echoes(pkts):
    return sum(1 for p in pkts for o in mptcp_options(p)
               if o[0] >> 4 == SUB_ADD_ADDR and o[0] & 0x01)


def two_announcements(name, src, dst, port, first, second):
    """Announce (id, address[, port]) @first then @second; both must be
    echoed and the connection go on.  Whether each was taken is the
    caller's to check (AddAddr, AddAddrDrop)."""
    f, ckey, skey = mpc_connect(src, dst, port)
    _, idsn = key_hash(ckey)
    n = sum(echoes(announce(f, ckey, skey, *a)) for a in (first, second))
    got = push(f, [dss(idsn + 1, 1, 100)], b"a" * 100)
    return verdict(name, f, b"a" * 100, n == 2 and last_data_ack(got) == idsn + 101,
                   f"{n} of 2 announcements echoed")


def case_add_addr_id_reuse(src, dst, port):
    return two_announcements("add-addr-id-reuse", src, dst, port,
                             (9, bytes([198, 51, 100, 9])), (9, bytes([198, 51, 100, 10])))


def case_add_addr_id0(src, dst, port):
    initial = bytes(int(b) for b in src.split("."))
    return two_announcements("add-addr-id0", src, dst, port,
                             (0, bytes([198, 51, 100, 9])), (0, initial, 9999))


def case_mp_fail_nocsum(src, dst, port):
    f, ckey, skey = mpc_connect(src, dst, port)
    _, idsn = key_hash(ckey)
    _, sidsn = key_hash(skey)
    push(f, [dss(idsn + 1, 1, 100)], b"a" * 100)
    fail = opt(SUB_FAIL, 0, 0, struct.pack("!Q", 0xdead0000beef0000))
    answers = 0
    for _ in range(2):
        got = f.replies("A", [dss_ack_only(sidsn + 1), fail])
        answers += sum(1 for p in got for o in mptcp_options(p) if o[0] >> 4 == SUB_FAIL)
    push(f, [], b"b" * 100)			# plain TCP now, no option at all
    got = push(f, [], b"c" * 100)
    reset = reset_reason(got)
    return verdict("mp-fail-nocsum", f, b"a" * 100 + b"b" * 100 + b"c" * 100,
                   answers == 1 and reset is None,
                   f"{answers} MP_FAIL answer(s) to 2 (want 1), "
                   f"{'a reset' if reset is not None else 'no reset'}")


CASES = {
    "dss-remap": case_dss_remap,
    "dss-dup-dsn": case_dss_dup_dsn,
    "dss-long-map": case_dss_long_map,
    "dss-infinite-join": case_dss_infinite_join,
    "dsn-out-of-window": case_dsn_out_of_window,
    "dsn-wrap32": case_dsn_wrap32,
    "mpc-data-dup": case_mpc_data_dup,
    "add-addr-id-reuse": case_add_addr_id_reuse,
    "add-addr-id0": case_add_addr_id0,
    "mp-fail-nocsum": case_mp_fail_nocsum,
}

if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[4] not in CASES or "CRAFT_RX" not in os.environ:
        sys.exit(f"usage: CRAFT_RX=DIR {sys.argv[0]} SRC DST PORT {'|'.join(CASES)}")
    sys.exit(0 if CASES[sys.argv[4]](sys.argv[1], sys.argv[2], int(sys.argv[3])) else 1)
