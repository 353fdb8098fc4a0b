#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""dss-timeline.py PCAP [T0] [FROM_MS TO_MS [BIN_MS]]

What an MPTCP receiver saw, path by path, in time bins: for each source
address, the segments and payload bytes that arrived and the data-level
sequence range they carried (each segment's DSN from its DSS mapping:
mapping DSN + its subflow offset), and the highest Data ACK the receiver
sent.  Capture at the receiver with a snapshot that keeps the TCP options
(tcpdump -s 96 -w PCAP, from before the handshakes: the ISNs come from the
SYNs).  DSNs are printed relative to the first one seen; T0 (seconds since
the epoch, e.g. `date +%s.%N` when a link was cut) is the time origin.

Written to find where the failover wait goes (Documentation/performance.md,
"a timeline"): a Data ACK standing still while a path keeps carrying data
is a hole on another path.
"""
import collections
import sys

from scapy.all import IP, TCP, PcapReader


def dss_of(opts):
    """(data_ack, dsn, ssn, data_len) of the DSS option in raw TCP options."""
    i = 0
    while i < len(opts):
        kind = opts[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        if i + 1 >= len(opts) or opts[i + 1] < 2:
            break
        length = opts[i + 1]
        if kind == 30 and length >= 4 and opts[i + 2] >> 4 == 2:
            flags, j = opts[i + 3], i + 4
            ack = dsn = ssn = dlen = None
            if flags & 0x01:
                w = 8 if flags & 0x02 else 4
                ack, j = int.from_bytes(opts[j:j + w], 'big'), j + w
            if flags & 0x04:
                w = 8 if flags & 0x08 else 4
                dsn, j = int.from_bytes(opts[j:j + w], 'big'), j + w
                ssn = int.from_bytes(opts[j:j + 4], 'big')
                dlen = int.from_bytes(opts[j + 4:j + 6], 'big')
            return ack, dsn, ssn, dlen
        i += length
    return None


def main():
    pcap = sys.argv[1]
    t0 = float(sys.argv[2]) if len(sys.argv) > 2 else None
    lo, hi = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (-10**9, 10**9)
    width = int(sys.argv[5]) if len(sys.argv) > 5 else 25
    isn, rows, base, senders = {}, [], None, []
    for p in PcapReader(pcap):
        if IP not in p or TCP not in p:
            continue
        ip, tcp = p[IP], p[TCP]
        raw = bytes(tcp)
        off = (raw[12] >> 4) * 4
        plen = ip.len - ip.ihl * 4 - off
        key = (ip.src, tcp.sport, ip.dst, tcp.dport)
        if t0 is None:
            t0 = float(p.time)
        if tcp.flags & 0x02:
            isn[key] = tcp.seq
        dss = dss_of(raw[20:off])
        if not dss:
            continue
        ack, dsn, ssn, _ = dss
        if plen > 0 and dsn is not None and key in isn:
            d = dsn + (((tcp.seq - isn[key]) & 0xffffffff) - ssn)
            base = d if base is None else base
            if ip.src not in senders:
                senders.append(ip.src)
            rows.append((float(p.time), ip.src, d - base, plen))
        elif plen == 0 and ack is not None and base is not None:
            rows.append((float(p.time), None, ack - base, 0))
    bins = collections.OrderedDict()
    for t, who, d, plen in rows:
        ms = int((t - t0) * 1000)
        if not lo <= ms <= hi:
            continue
        b = bins.setdefault(ms // width * width, {})
        if who is None:
            b['ack'] = max(b.get('ack', d), d)
            continue
        s = b.setdefault(who, [0, 0, d, d + plen])
        s[0] += 1
        s[1] += plen
        s[2], s[3] = min(s[2], d), max(s[3], d + plen)
    for ms, b in bins.items():
        line = '%6d ms' % ms
        for who in senders:
            if who in b:
                n, nbytes, first, last = b[who]
                line += ' | %-15s %3d seg %7d B dsn %9d-%9d' % (who, n, nbytes, first, last)
            else:
                line += ' | %-15s %43s' % (who, '')
        if 'ack' in b:
            line += ' | data ack %9d' % b['ack']
        print(line)


if __name__ == '__main__':
    main()
