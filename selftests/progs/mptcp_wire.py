#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""mptcp_wire: wire-level scripts for MPTCP, in the spirit of packetdrill.

    mptcp_wire.py [-v] SCRIPT PEER_ADDR KERNEL_ADDR PORT KERNEL_NS

Runs in the peer's namespace, which plays the other end by hand (scapy,
sent at layer 2 so that the namespace's own TCP, whose resets the caller
drops, never interferes); the kernel under test is driven by a small
application in KERNEL_NS (listen, connect, write, read, close).  A script
is a list of lines, one event each:

    [+SECONDS] [FLOW] < FLAGS [LEN] [OPTION [; OPTION]...]   inject a segment
    [+SECONDS] [FLOW] > FLAGS [LEN] [OPTION [; OPTION]...]   expect one
    [+SECONDS] [FLOW] >! FLAGS [LEN] [OPTION...] [within S]  expect none
    app listen [fastopen] | connect [fastopen N] | write N | read N | eof
        | reset | close | shutdown
                         (listen fastopen: with TCP_FASTOPEN; connect
                         fastopen N: sendto(MSG_FASTOPEN) of N octets)
    kernel CMD...        a command in KERNEL_NS (ip mptcp endpoint ..., sysctl)
    flow NAME [peer=ADDR] [port=PORT]   a subflow's own addresses
    set VAR=EXPR

FLAGS: S, S., ., P., F., R (S SYN, . ACK, P PSH, F FIN, R RST; PSH is
never compared, nor the ACK bit of a reset); in an expectation A|B takes
either, * anything.  LEN: payload octets (0 if left out; * in an
expectation: any); the payload is the next octets of a fixed pattern in
each direction, so the application's reads and the peer's are checked byte
for byte.  FLOW: sf1 if left out; a new name on an injected SYN opens a
subflow from a fresh port, on an expected SYN takes the kernel's new one.
TCP sequence and acknowledgment numbers follow by themselves.

Options (fields left out are not compared; in an injection they default):
    mpc [key=K] [keys=K1,K2] [dlen=N] [csum=auto|X] [flags=F] [ver=V]
    join [token=T] [nonce=N] [id=I] [backup] [hmac=auto|X]
    dss [ack=A|noack] [dsn=D ssn=S len=L] [fin] [csum=auto|X]
    add_addr id=I addr=A [port=P] [echo] [hmac=auto|X]
    rm_addr ids=I[,I...]     prio [backup]     fail dsn=D
    fastclose key=K          tcprst [reason=R] [transient]
    tfo [cookie=HEX]         (TCP Fast Open, RFC 7413; injected only)
    nomptcp                  (no MPTCP option at all)
    raw HEX                  (an option's octets after kind and length)

Values: numbers, $VAR, $VAR+N, $VAR-N, * (anything).  An expected field
naming an unset variable sets it.  ckey (the peer's key, random unless
set) and skey/kkey (the kernel's, learned) define ctoken, cidsn, ktoken,
kidsn.  hmac=auto / csum=auto compute the right value (RFC 8684 sections
3.2, 3.4.1, 3.3.1); in an expectation they check it.

Exits 0 when every expectation was met, 1 with the failing line otherwise.
"""
import hashlib
import hmac as hmaclib
import os
import random
import re
import shlex
import struct
import subprocess
import sys
import threading
import time

import ipaddress
import logging

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)	# IPv6 ND chatter
from scapy.all import IP, TCP, AsyncSniffer, Ether, IPv6, Raw, conf, sendp

conf.verb = 0
MPTCP = 30
SUBTYPES = {"mpc": 0, "join": 1, "dss": 2, "add_addr": 3, "rm_addr": 4,
            "prio": 5, "fail": 6, "fastclose": 7, "tcprst": 8}
NAMES = {v: k for k, v in SUBTYPES.items()}
SCALE = float(os.environ.get("SCALE", "1"))
M64 = (1 << 64) - 1


def pattern(offset, n):
    return bytes((offset + i) % 251 for i in range(n))


def sha(key):
    return hashlib.sha256(struct.pack("!Q", key)).digest()


def token_of(key):
    return struct.unpack("!I", sha(key)[:4])[0]


def idsn_of(key):
    return struct.unpack("!Q", sha(key)[-8:])[0]


def hmac256(k1, k2, msg):
    return hmaclib.new(struct.pack("!QQ", k1, k2), msg, hashlib.sha256).digest()


def csum16(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


def dss_csum(dsn, ssn, dlen, payload):
    """The DSS checksum (section 3.3.1): pseudo-header and payload."""
    return ~csum16(struct.pack("!QIHH", dsn & M64, ssn, dlen, 0) + payload) & 0xffff


class ScriptError(Exception):
    pass


class Flow:
    def __init__(self, name, peer, port, kaddr, kport):
        self.name, self.peer, self.kaddr = name, peer, kaddr
        self.port, self.kport = port, kport		# port: the peer's
        self.isn = random.getrandbits(32)
        self.snd_nxt = self.isn
        self.kisn = None
        self.rcv_nxt = 0
        self.bound = False
        self.nonce = None


class App:
    """The kernel's side: a small MPTCP application in KERNEL_NS."""

    CODE = r"""
import socket, sys, time
s = c = None
out = 0
def pat(o, n): return bytes((o + i) % 251 for i in range(n))
inn = 0
for line in sys.stdin:
    cmd = line.split()
    try:
        if cmd[0] == "listen":
            s = socket.socket(socket.AF_INET6 if ":" in cmd[1] else socket.AF_INET,
                              socket.SOCK_STREAM, 262)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if cmd[4:] == ["fastopen"]:
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_FASTOPEN, 16)
            s.bind((cmd[1], int(cmd[2]))); s.listen(8); s.settimeout(float(cmd[3]))
            r = "ok"
        elif cmd[0] == "accept":
            c, _ = s.accept(); c.settimeout(float(cmd[1])); r = "ok"
        elif cmd[0] == "connect":
            c = socket.socket(socket.AF_INET6 if ":" in cmd[1] else socket.AF_INET,
                              socket.SOCK_STREAM, 262)
            c.settimeout(float(cmd[3]))
            if cmd[4:5] == ["fastopen"]:	# the first N octets with the SYN
                n = int(cmd[5])
                c.sendto(pat(out, n), 0x20000000, (cmd[1], int(cmd[2]))); out += n
            else:
                c.connect((cmd[1], int(cmd[2])))
            r = "ok"
        elif cmd[0] == "write":
            n = int(cmd[1]); c.sendall(pat(out, n)); out += n; r = "ok"
        elif cmd[0] == "read":
            n = int(cmd[1]); got = b""
            while len(got) < n:
                b = c.recv(n - len(got))
                if not b: break
                got += b
            r = "ok" if got == pat(inn, n) else f"got {len(got)} octets, not the {n} sent"
            inn += len(got)
        elif cmd[0] == "eof":
            b = c.recv(1); r = "ok" if b == b"" else f"data, not EOF: {b!r}"
        elif cmd[0] == "reset":
            try:
                b = c.recv(1); r = f"no reset: {b!r}"
            except ConnectionResetError:
                r = "ok"
        elif cmd[0] == "shutdown":
            c.shutdown(socket.SHUT_WR); r = "ok"
        elif cmd[0] == "close":
            c.close(); r = "ok"
        else:
            r = "unknown command"
    except Exception as e:
        r = f"{type(e).__name__}: {e}"
    print(r, flush=True)
"""

    def __init__(self, ns):
        self.p = subprocess.Popen(["ip", "netns", "exec", ns, sys.executable, "-c", self.CODE],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.pending = []

    def send(self, cmd, wait=True):
        self.p.stdin.write(cmd + "\n")
        self.p.stdin.flush()
        if not wait:
            self.pending.append(cmd)
            return None
        return self.answer(cmd)

    def answer(self, cmd):
        r = self.p.stdout.readline().strip()
        if r != "ok":
            raise ScriptError(f"app {cmd}: {r or 'no answer'}")
        return r

    def settle(self):
        while self.pending:
            self.answer(self.pending.pop(0))

    def stop(self):
        try:
            self.p.stdin.close()
        except OSError:
            pass
        self.p.kill()


class Runner:
    def __init__(self, path, peer, kaddr, port, ns, verbose):
        self.path, self.peer, self.kaddr, self.port = path, peer, kaddr, port
        self.verbose = verbose
        self.vars = {}
        self.setvar("ckey", random.getrandbits(64))
        self.flows = {}
        self.out_off = 0		# pattern octets the peer injected
        self.in_off = 0			# pattern octets the kernel sent
        self.csum = False
        self.seen = []
        self.lock = threading.Condition()
        self.iface = (conf.route6.route(kaddr)[0] if ":" in kaddr else
                      conf.route.route(kaddr)[0])
        self.ns = ns
        self.app = App(ns)
        # the kernel may send from any of its addresses: everything that
        # is not ours (capture() drops the peer's own segments)
        self.sniffer = AsyncSniffer(iface=self.iface, prn=self.capture, store=False,
                                    filter="tcp")
        self.sniffer.start()
        time.sleep(0.5)

    # --- values ------------------------------------------------------
    def setvar(self, name, value):
        self.vars[name] = value
        if name.endswith("key"):
            p = name[:-3]
            self.vars[p + "token"] = token_of(value)
            self.vars[p + "idsn"] = idsn_of(value)
        if name == "skey":
            self.setvar("kkey", value)

    def value(self, text):
        """A number, or None for * / an unset variable (bound later)."""
        if text == "*":
            return None
        m = re.fullmatch(r"\$(\w+)(?:([+-])(\w+))?", text)
        if not m:
            return int(text, 0)
        if m.group(1) not in self.vars:
            return None
        v = self.vars[m.group(1)]
        if m.group(2):
            d = int(m.group(3), 0)
            v = v + d if m.group(2) == "+" else v - d
        return v & M64

    def bind(self, text, got, bits):
        """Compare an expected field with what came; bind $VAR if unset."""
        if text == "*":
            return True
        m = re.fullmatch(r"\$(\w+)", text)
        if m and m.group(1) not in self.vars:
            self.setvar(m.group(1), got)
            return True
        want = self.value(text)
        if want is None:
            raise ScriptError(f"{text}: not set")
        mask = (1 << bits) - 1
        return (want & mask) == (got & mask)

    # --- capture -----------------------------------------------------
    def capture(self, pkt):
        l3 = pkt.getlayer(IP) or pkt.getlayer(IPv6)
        if TCP in pkt and l3 and l3.src != self.peer and \
                all(l3.src != f.peer for f in list(self.flows.values())):
            if self.verbose:
                t = pkt[TCP]
                print(f"    got {t.flags} seq {t.seq} ack {t.ack} len {len(bytes(t.payload))}"
                      f" {[o for o in t.options if o[0] == MPTCP]}", flush=True)
            with self.lock:
                self.seen.append(pkt)
                self.lock.notify_all()

    # --- options: build ----------------------------------------------
    def build_opt(self, flow, name, f, payload, dlen_default, flags):
        def val(key, default=None):
            return self.value(f[key]) if key in f else default

        if name == "raw":
            b = bytes.fromhex(f["_"])
            return (MPTCP, b)
        if name == "tfo":
            return (34, bytes.fromhex(f.get("cookie", "")))
        st = SUBTYPES[name]
        if name == "mpc":
            ver = val("ver", 1)
            flags = val("flags", 0x81 if self.csum else 0x01)
            b = bytes([st << 4 | ver, flags])
            if "key" in f:
                b += struct.pack("!Q", val("key"))
            if "keys" in f:
                k1, k2 = f["keys"].split(",")
                b += struct.pack("!QQ", self.value(k1), self.value(k2))
            if "dlen" in f:
                dl = val("dlen", dlen_default)
                b += struct.pack("!H", dl)
                if "csum" in f:
                    c = (dss_csum(self.vars["cidsn"] + 1, 1, dl, payload)
                         if f["csum"] == "auto" else val("csum"))
                    b += struct.pack("!H", c)
            return (MPTCP, b)
        if name == "join":
            backup = 1 if "backup" in f else 0
            if flow.nonce is None:
                flow.nonce = val("nonce", random.getrandbits(32))
            if "token" in f:		# SYN
                return (MPTCP, bytes([st << 4 | backup, val("id", 0)]) +
                        struct.pack("!II", val("token"), flow.nonce))
            if "S" in flags:		# SYN-ACK: our truncated HMAC, our nonce
                if f.get("hmac", "auto") == "auto":
                    mac = hmac256(self.vars["ckey"], self.vars["kkey"],
                                  struct.pack("!II", flow.nonce, flow.knonce))[:8]
                else:
                    mac = struct.pack("!Q", val("hmac"))
                return (MPTCP, bytes([st << 4 | backup, val("id", 0)]) + mac +
                        struct.pack("!I", flow.nonce))
            if f.get("hmac", "auto") == "auto":	# third ACK: our HMAC, 160 bits
                mac = hmac256(self.vars["ckey"], self.vars["kkey"],
                              struct.pack("!II", flow.nonce, flow.knonce))[:20]
            else:
                mac = struct.pack("!Q", val("hmac", 0)).rjust(20, b"\0")
            return (MPTCP, bytes([st << 4, 0]) + mac)
        if name == "dss":
            flags, body = 0, b""
            if "ack" in f:
                flags |= 0x03
                body += struct.pack("!Q", val("ack"))
            if "dsn" in f:
                flags |= 0x0c
                dl = val("len", dlen_default)
                body += struct.pack("!QIH", val("dsn"), val("ssn", 0), dl)
                if self.csum or "csum" in f:
                    c = (dss_csum(val("dsn"), val("ssn", 0), dl, payload)
                         if f.get("csum", "auto") == "auto" else val("csum"))
                    body += struct.pack("!H", c)
            if "fin" in f:
                flags |= 0x10
            return (MPTCP, bytes([st << 4, flags]) + body)
        if name == "add_addr":
            aid = val("id", 1)
            addr = ipaddress.ip_address(f["addr"]).packed
            port = val("port", 0)
            b = bytes([st << 4 | (1 if "echo" in f else 0), aid]) + addr
            if port:
                b += struct.pack("!H", port)
            if "echo" not in f:
                if f.get("hmac", "auto") == "auto":
                    mac = hmac256(self.vars["ckey"], self.vars["kkey"],
                                  bytes([aid]) + addr + struct.pack("!H", port))[-8:]
                else:
                    mac = struct.pack("!Q", val("hmac"))
                b += mac
            return (MPTCP, b)
        if name == "rm_addr":
            return (MPTCP, bytes([st << 4]) + bytes(int(x, 0) for x in f["ids"].split(",")))
        if name == "prio":
            return (MPTCP, bytes([st << 4 | (1 if "backup" in f else 0)]))
        if name == "fail":
            return (MPTCP, bytes([st << 4, 0]) + struct.pack("!Q", val("dsn")))
        if name == "fastclose":
            return (MPTCP, bytes([st << 4, 0]) + struct.pack("!Q", val("key")))
        if name == "tcprst":
            return (MPTCP, bytes([st << 4 | (1 if "transient" in f else 0), val("reason", 0)]))
        raise ScriptError(f"unknown option {name}")

    # --- options: match ----------------------------------------------
    def match_opt(self, flow, name, f, pkt):
        """Whether @pkt carries option @name with fields @f; '' or why not."""
        opts = [v for k, v in pkt[TCP].options if k == MPTCP and isinstance(v, bytes)]
        if name == "nomptcp":
            return "" if not opts else f"MPTCP options {[o.hex() for o in opts]}"
        if name == "raw":
            want = bytes.fromhex(f["_"])
            return "" if want in opts else "no such option"
        st = SUBTYPES[name]
        cands = [o for o in opts if o and o[0] >> 4 == st]
        if not cands:
            return f"no {name}"
        why = ""
        for o in cands:
            why = self.match_one(flow, name, f, o, pkt)
            if not why:
                return ""
        return why

    def match_one(self, flow, name, f, o, pkt):
        payload = bytes(pkt[TCP].payload)

        def check(key, got, bits):
            if key in f and f[key] not in ("auto", "ok") and not self.bind(f[key], got, bits):
                return f"{name} {key}={got:#x}, want {f[key]}"
            return ""

        if name == "mpc":
            why = check("ver", o[0] & 0xf, 8) or check("flags", o[1], 8)
            if why:
                return why
            rest = o[2:]
            if "key" in f:
                if len(rest) != 8:
                    return f"mpc of {len(o) + 2} octets, want one key"
                return check("key", struct.unpack("!Q", rest)[0], 64)
            if "keys" in f:
                if len(rest) < 16:
                    return f"mpc of {len(o) + 2} octets, want two keys"
                k1, k2 = f["keys"].split(",")
                a, b = struct.unpack("!QQ", rest[:16])
                if not (self.bind(k1, a, 64) and self.bind(k2, b, 64)):
                    return f"mpc keys {a:#x},{b:#x}, want {f['keys']}"
                if "dlen" in f:
                    if len(rest) < 18:
                        return "mpc without data-level length"
                    dl = struct.unpack("!H", rest[16:18])[0]
                    if check("dlen", dl, 16):
                        return check("dlen", dl, 16)
                    if f.get("csum") == "ok":
                        if len(rest) < 20:
                            return "mpc without checksum"
                        c = struct.unpack("!H", rest[18:20])[0]
                        want = dss_csum(self.vars["kidsn"] + 1, 1, dl, payload)
                        if c != want:
                            return f"mpc checksum {c:#x}, want {want:#x}"
                return ""
            if len(rest):
                return f"mpc of {len(o) + 2} octets, want none of the key forms"
            return ""
        if name == "join":
            if "backup" in f and not o[0] & 1:
                return "join without the B bit"
            if len(o) == 10:		# SYN: id, token, nonce
                aid, tok, nonce = struct.unpack("!BII", o[1:10])
                flow.knonce = nonce
                return check("id", aid, 8) or check("token", tok, 32) or check("nonce", nonce, 32)
            if len(o) == 14:		# SYN-ACK: id, truncated HMAC, nonce
                aid = o[1]
                mac, nonce = struct.unpack("!QI", o[2:14])
                flow.knonce = nonce
                if f.get("hmac") in ("auto", "ok"):
                    want = hmac256(self.vars["kkey"], self.vars["ckey"],
                                   struct.pack("!II", nonce, flow.nonce))[:8]
                    if struct.pack("!Q", mac) != want:
                        return f"join SYN-ACK HMAC {mac:#x}, want {want.hex()}"
                return check("id", aid, 8) or check("nonce", nonce, 32) or check("hmac", mac, 64)
            if len(o) == 22:		# third ACK: 160-bit HMAC
                if f.get("hmac") in ("auto", "ok"):
                    want = hmac256(self.vars["kkey"], self.vars["ckey"],
                                   struct.pack("!II", flow.knonce, flow.nonce))[:20]
                    if o[2:22] != want:
                        return "join ACK HMAC wrong"
                return ""
            return f"join of {len(o) + 2} octets"
        if name == "dss":
            flags, rest = o[1], o[2:]
            if "fin" in f and not flags & 0x10:
                return "dss without DATA_FIN"
            if "noack" in f and flags & 0x01:
                return "dss with a Data ACK"
            if "ack" in f:
                if not flags & 0x01:
                    return "dss without a Data ACK"
                n = 8 if flags & 0x02 else 4
                why = check("ack", int.from_bytes(rest[:n], "big"), n * 8)
                if why:
                    return why
            if flags & 0x01:
                rest = rest[8 if flags & 0x02 else 4:]
            if "dsn" in f:
                if not flags & 0x04:
                    return "dss without a mapping"
                n = 8 if flags & 0x08 else 4
                dsn = int.from_bytes(rest[:n], "big")
                ssn, dl = struct.unpack("!IH", rest[n:n + 6])
                why = check("dsn", dsn, n * 8) or check("ssn", ssn, 32) or check("len", dl, 16)
                if why:
                    return why
                if f.get("csum") == "ok":
                    if len(rest) < n + 8:
                        return "dss without checksum"
                    c = struct.unpack("!H", rest[n + 6:n + 8])[0]
                    full = self.value(f["dsn"]) if n == 4 else dsn
                    want = dss_csum(full, ssn, dl, payload)
                    if c != want:
                        return f"dss checksum {c:#x}, want {want:#x}"
            return ""
        if name == "add_addr":
            echo = bool(o[0] & 1)
            if ("echo" in f) != echo:
                return "add_addr echo flag differs"
            # the option's length tells the family: 8/10 (+8 HMAC) for
            # IPv4, 20/22 (+8) for IPv6, with the echo's 2 octets counted
            alen = 16 if len(o) + 2 in (20, 22, 28, 30) else 4
            aid, raw = o[1], bytes(o[2:2 + alen])
            addr = str(ipaddress.ip_address(raw))
            if "addr" in f and ipaddress.ip_address(f["addr"]) != ipaddress.ip_address(addr):
                return f"add_addr {addr}, want {f['addr']}"
            why = check("id", aid, 8)
            if why:
                return why
            tail = o[2 + alen:]
            port = 0
            if len(tail) in (2, 10):
                port = struct.unpack("!H", tail[:2])[0]
                tail = tail[2:]
            why = check("port", port, 16)
            if why:
                return why
            if f.get("hmac") in ("auto", "ok"):
                want = hmac256(self.vars["kkey"], self.vars["ckey"],
                               bytes([aid]) + raw + struct.pack("!H", port))[-8:]
                if tail != want:
                    return f"add_addr HMAC {tail.hex()}, want {want.hex()}"
            return ""
        if name == "rm_addr":
            ids = ",".join(str(x) for x in o[1:])
            return "" if "ids" not in f or f["ids"] == ids else f"rm_addr ids {ids}"
        if name == "prio":
            return "" if ("backup" in f) == bool(o[0] & 1) else "prio backup bit differs"
        if name == "fail":
            return check("dsn", struct.unpack("!Q", o[2:10])[0], 64)
        if name == "fastclose":
            return check("key", struct.unpack("!Q", o[2:10])[0], 64)
        if name == "tcprst":
            if "transient" in f and not o[0] & 1:
                return "tcprst without the T bit"
            return check("reason", o[1], 8)
        return f"cannot match {name}"

    # --- lines ---------------------------------------------------------
    def parse_opts(self, words):
        opts, cur = [], None
        for w in words:
            if w == ";":
                cur = None
                continue
            if cur is None:
                cur = (w, {})
                opts.append(cur)
            elif cur[0] == "raw":
                cur[1]["_"] = w
            elif "=" in w:
                k, v = w.split("=", 1)
                cur[1][k] = v
            else:
                cur[1][w] = True
        return opts

    def flow(self, name):
        if name not in self.flows:
            self.flows[name] = Flow(name, self.peer, random.randint(20000, 60000),
                                    self.kaddr, self.port)
        return self.flows[name]

    def inject(self, flow, flags, length, opts):
        payload = pattern(self.out_off, length)
        tflags = flags.replace(".", "A")
        options = [self.build_opt(flow, n, f, payload, length, tflags) for n, f in opts]
        flow.bound = True	# a flow the peer starts has its ports from the start
        ack = flow.rcv_nxt if "A" in tflags else 0
        l3 = IPv6 if ":" in flow.kaddr else IP
        p = (Ether() / l3(src=flow.peer, dst=flow.kaddr) /
             TCP(sport=flow.port, dport=flow.kport, seq=flow.snd_nxt, ack=ack,
                 flags=tflags, window=65535, options=options))
        if length:
            p = p / Raw(payload)
        if self.verbose:
            t = p[TCP]
            print(f"    sent {t.flags} seq {t.seq} ack {t.ack} len {length} {options}", flush=True)
        sendp(p, iface=self.iface)
        flow.snd_nxt = (flow.snd_nxt + length + ("S" in tflags) + ("F" in tflags)) & 0xffffffff
        self.out_off += length

    def matches(self, flow, flags, length, opts, pkt):
        t = pkt[TCP]
        if flow.bound and (t.sport != flow.kport or t.dport != flow.port):
            return "another flow"
        if not flow.bound and any(f.bound and t.dport == f.port and t.sport == f.kport
                                  for f in self.flows.values()):
            return "another flow"
        got = set(str(t.flags).replace("P", "").replace("E", "").replace("C", ""))
        ok = False
        for alt in flags.split("|"):	# F.|R: either
            want = set(alt.replace(".", "A").replace("P", "")) if alt != "*" else set(got)
            g = set(got)
            if "R" in want:		# a reset may carry an ACK or not
                want.discard("A")
                g.discard("A")
            ok = ok or want == g
        if not ok:
            return f"flags {t.flags}, want {flags}"
        n = len(bytes(t.payload))
        if length is not None and n != length:
            return f"{n} octets of payload, want {length}"
        for name, f in opts:
            why = self.match_opt(flow, name, f, pkt)
            if why:
                return why
        return ""

    def take(self, flow, pkt):
        t = pkt[TCP]
        if not flow.bound:	# the kernel opened it: its addresses and ports
            flow.kport, flow.port, flow.bound = t.sport, t.dport, True
            l3 = pkt.getlayer(IP) or pkt.getlayer(IPv6)
            flow.kaddr, flow.peer = l3.src, l3.dst
        n = len(bytes(t.payload))
        end = (t.seq + n + ("S" in str(t.flags)) + ("F" in str(t.flags))) & 0xffffffff
        if "S" in str(t.flags):
            flow.kisn = t.seq
            flow.rcv_nxt = end
        elif ((end - flow.rcv_nxt) & 0xffffffff) < 1 << 31:
            flow.rcv_nxt = end
        if n and bytes(t.payload) == pattern(self.in_off, n):
            self.in_off += n
        elif n:
            raise ScriptError(f"payload of {n} octets is not the application's next")

    def expect(self, flow, flags, length, opts, none, within):
        deadline = time.time() + within * SCALE
        with self.lock:
            while True:
                whys = []
                for i, pkt in enumerate(self.seen):
                    why = self.matches(flow, flags, length, opts, pkt)
                    if not why:
                        del self.seen[:i + 1]
                        if none:
                            raise ScriptError(f"it came: {pkt.summary()}")
                        self.take(flow, pkt)
                        return
                    whys.append(f"{pkt.summary()}: {why}")
                left = deadline - time.time()
                if left <= 0:
                    if none:
                        return
                    raise ScriptError("nothing matched within %.1f s; seen: %s" %
                                      (within * SCALE, "; ".join(whys[-4:]) or "nothing"))
                self.lock.wait(min(left, 0.1))

    def tcp_line(self, words):
        fname = "sf1"
        if words[0] not in ("<", ">", ">!"):
            fname, words = words[0], words[1:]
        flow = self.flow(fname)
        direction, flags, words = words[0], words[1], words[2:]
        length = 0
        if words and re.fullmatch(r"\d+|\*", words[0]):
            length = None if words[0] == "*" else int(words[0])
            words = words[1:]
        within = 2.0 if direction == ">!" else 5.0
        if "within" in words:
            i = words.index("within")
            within = float(words[i + 1])
            words = words[:i] + words[i + 2:]
        opts = self.parse_opts(words)
        if direction == "<":
            self.inject(flow, flags, length or 0, opts)
        else:
            self.expect(flow, flags, length, opts, direction == ">!", within)

    def app_line(self, words):
        t = 30 * SCALE
        cmd = words[0]
        if cmd == "listen":
            self.app.send(f"listen {self.kaddr} {self.port} {t} {' '.join(words[1:])}")
            self.app.send(f"accept {t}", wait=False)
        elif cmd == "connect":
            self.app.send(f"connect {self.peer} {self.port} {t} {' '.join(words[1:])}",
                          wait=False)
        elif cmd in ("write", "read"):
            self.app.settle()
            self.app.send(f"{cmd} {words[1]}", wait=cmd == "write")
        elif cmd in ("eof", "reset", "close", "shutdown"):
            self.app.settle()
            self.app.send(cmd, wait=cmd in ("close", "shutdown"))
        elif cmd == "settle":
            self.app.settle()
        else:
            raise ScriptError(f"unknown app command {cmd}")

    def run(self):
        for no, line in enumerate(open(self.path), 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            words = shlex.split(line)
            try:
                if words[0].startswith("+"):
                    time.sleep(float(words[0][1:]) * SCALE)
                    words = words[1:]
                if self.verbose:
                    print(f"{no}: {' '.join(words)}", flush=True)
                if words[0] == "app":
                    self.app_line(words[1:])
                elif words[0] == "kernel":
                    r = subprocess.run(["ip", "netns", "exec", self.ns] + words[1:],
                                       capture_output=True, text=True)
                    if r.returncode:
                        raise ScriptError(f"status {r.returncode}: {r.stderr.strip()}")
                elif words[0] == "flow":
                    fl = self.flow(words[1])
                    for w in words[2:]:
                        k, v = w.split("=")
                        if k == "peer":
                            fl.peer = v
                        elif k == "port":
                            fl.kport = int(v)
                elif words[0] == "set":
                    k, v = words[1].split("=", 1)
                    if k == "csum":
                        self.csum = v == "1"
                    else:
                        self.setvar(k, self.value(v))
                else:
                    self.tcp_line(words)
            except (ScriptError, KeyError, ValueError, IndexError) as e:
                print(f"{os.path.basename(self.path)}:{no}: {line}\n  {type(e).__name__}: {e}")
                return False
        try:
            self.app.settle()
        except ScriptError as e:
            print(f"{os.path.basename(self.path)}: at the end: {e}")
            return False
        return True


def main(argv):
    verbose = argv[:1] == ["-v"]
    if verbose:
        argv = argv[1:]
    if len(argv) != 5:
        sys.exit(__doc__)
    script, peer, kaddr, port, ns = argv
    r = Runner(script, peer, kaddr, int(port), ns, verbose)
    try:
        ok = r.run()
    finally:
        r.sniffer.stop()
        r.app.stop()
    print(f"{os.path.basename(script)}: {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
