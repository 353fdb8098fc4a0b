// SPDX-License-Identifier: GPL-2.0
/*
 * xfer: move a verifiable byte stream over TCP or MPTCP and check it.
 *
 * Every byte is a pure function of (seed, offset), so a receiver verifies
 * what it reads without a copy of what was sent, at any size, in either
 * direction.  The client sends -u bytes and then shuts down its write side;
 * the server sends -d bytes back and does the same.  Each side exits 0 only
 * if it received exactly the byte count it expected, every byte matched and
 * the peer closed cleanly.
 *
 *   xfer -l [-a ADDR] -p PORT [opts]     serve (accepts -C connections)
 *   xfer -c ADDR -p PORT [opts]          connect
 *
 *   -P tcp|mptcp   protocol (default tcp)      -6   IPv6 (default IPv4)
 *   -u BYTES       client -> server             -d BYTES  server -> client
 *   -m block|poll|sendfile
 *                  blocking send-then-receive; non-blocking both ways at
 *                  once under poll() (a side with nothing to send shuts
 *                  its write side at the peer's end of stream, not at
 *                  once); or sending with sendfile() (default block)
 *   -s SEED        pattern seed (default 1)     -t SEC  give up after SEC
 *   -C N           server: serve N connections, one after another
 *   -R SEC         client: retry a refused or unreachable connect for SEC
 *   -r N           request/response instead of streams: the client sends N
 *                  requests, each answered by the server before the next;
 *                  prints transactions per second and the client's median
 *                  and 99th percentile round trip
 *   -z BYTES       request/response: the size of each message (default 1)
 *   -w BYTES       write size per call (default 64 KiB)
 *   -q             print nothing on success
 *   -k             receive by peeking (MSG_PEEK) first, then reading as much
 *   -n             no pattern: send zeros, count what arrives without
 *                  checking it (benchmarks: the stack's cost, not the
 *                  checker's, which under emulation would dominate)
 *   -S NAME        the socket's packet scheduler (SOL_MPTCP MPTCP_SCHEDULER),
 *                  set before connect() or listen(); checked by reading back
 *   -M NAME        the same for its path manager (MPTCP_PATH_MANAGER)
 *   -T NAME        its congestion control (TCP_CONGESTION; on an MPTCP
 *                  socket every subflow's), set and read back the same way
 *   -B BYTES       SO_RCVBUF, set before connect() or listen()
 *   -J N           client: before moving any data, wait until N subflows
 *                  besides the first are established (MPTCP_TCPINFO), so
 *                  that a test of joins does not race the transfer's end
 *   -F sendto|connect|listen
 *                  TCP Fast Open: the client's first write goes with its
 *                  SYN, by sendto(MSG_FASTOPEN) or by TCP_FASTOPEN_CONNECT
 *                  before connect(); the server listens with TCP_FASTOPEN
 *                  (a queue of 16); what the SYN carries depends on the
 *                  cookie cache and net.ipv4.tcp_fastopen
 *
 * BYTES take k/m/g suffixes (powers of 1024).  Unless -q, each side ends
 * with one line: bytes each way, time, Mbit/s, and the longest the reader
 * waited between two arrivals of data (the stall a lost path causes).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#ifndef SOL_MPTCP
#define SOL_MPTCP 284
#endif
#define MPTCP_TCPINFO 2		/* <linux/mptcp.h> */
#define MPTCP_SCHEDULER 100	/* <linux/mptcp_policy.h>, ours */
#define MPTCP_PATH_MANAGER 101

enum io_mode { IO_BLOCK, IO_POLL, IO_SENDFILE };
enum fastopen { FO_NONE, FO_SENDTO, FO_CONNECT, FO_LISTEN };

static struct {
	bool listen, ipv6, quiet, peek, nocheck;
	int proto;
	const char *addr, *port, *sched, *pm, *cc;
	uint64_t up, down, seed;
	enum io_mode mode;
	enum fastopen fastopen;
	unsigned int timeout, conns, retry, rr, joins;
	size_t wsize, msg, rcvbuf;
} cfg = {
	.proto = IPPROTO_TCP, .port = "4242", .seed = 1, .mode = IO_BLOCK,
	.timeout = 60, .conns = 1, .wsize = 64 << 10, .msg = 1,
};

static const char *role = "xfer";
/* the client's bytes a Fast Open SYN took, by sendto() (run_client()) */
static uint64_t sent_with_syn;

static void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", role, what, strerror(errno));
	exit(1);
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", role);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* splitmix64: a fast, well-mixed function of the block number. */
static uint64_t pattern_word(uint64_t seed, uint64_t block)
{
	uint64_t z = seed * 0x9e3779b97f4a7c15ULL + block;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void pattern_fill(uint64_t seed, uint64_t off, uint8_t *buf, size_t len)
{
	while (len) {
		uint64_t w = pattern_word(seed, off / 8);
		size_t skip = off % 8, n = 8 - skip;

		if (n > len)
			n = len;
		memcpy(buf, (uint8_t *)&w + skip, n);
		buf += n;
		off += n;
		len -= n;
	}
}

/* Returns the offset of the first mismatch inside buf, or -1. */
static long pattern_check(uint64_t seed, uint64_t off, const uint8_t *buf,
			  size_t len)
{
	uint8_t want[4096];
	size_t done = 0;

	while (done < len) {
		size_t n = len - done < sizeof(want) ? len - done : sizeof(want);
		size_t i;

		pattern_fill(seed, off + done, want, n);
		if (memcmp(want, buf + done, n)) {
			for (i = 0; want[i] == buf[done + i]; i++)
				;
			return done + i;
		}
		done += n;
	}
	return -1;
}

struct stream {
	uint64_t seed;
	uint64_t want;		/* bytes this direction carries */
	uint64_t done;		/* bytes moved so far */
	int memfd;		/* sendfile source, or -1 */
	double last;		/* receiving: when bytes last arrived */
	double gap;		/* receiving: the longest wait between arrivals */
};

/* One step of sending; returns false when the socket would block. */
static bool send_step(int fd, struct stream *tx)
{
	static uint8_t buf[1 << 20];
	size_t n = tx->want - tx->done;
	ssize_t r;

	if (n > cfg.wsize)
		n = cfg.wsize;
	if (n > sizeof(buf))
		n = sizeof(buf);

	if (tx->memfd >= 0) {
		off_t off = tx->done;

		r = sendfile(fd, tx->memfd, &off, n);
	} else {
		if (!cfg.nocheck)
			pattern_fill(tx->seed, tx->done, buf, n);
		r = send(fd, buf, n, MSG_NOSIGNAL);
	}
	if (r < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return false;
		die("send");
	}
	tx->done += r;
	if (tx->done == tx->want && shutdown(fd, SHUT_WR))
		die("shutdown");
	return true;
}

/* -k: look at a random amount with MSG_PEEK first, then read exactly that
 * and check both saw the same bytes (upstream's "saveWithPeek").
 */
static ssize_t recv_peeked(int fd, uint8_t *buf, size_t len)
{
	static uint8_t seen[1 << 18];
	ssize_t p, r;

	p = recv(fd, seen, 1 + random() % (len < sizeof(seen) ? len : sizeof(seen)), MSG_PEEK);
	if (p <= 0)
		return p;
	r = recv(fd, buf, p, 0);
	if (r != p)
		fail("peeked %zd bytes, then read %zd", p, r);
	if (memcmp(seen, buf, r))
		fail("the bytes read differ from those peeked");
	return r;
}

static double now(void);

/* The longest time the application waited for data once the stream had
 * started: what a lost path costs a reader (failover benchmarks).
 */
static void note_arrival(struct stream *rx)
{
	double t = now();

	if (rx->done && t - rx->last > rx->gap)
		rx->gap = t - rx->last;
	rx->last = t;
}

/* One step of receiving; returns false when the socket would block,
 * and sets *eof when the peer has closed its side.
 */
static bool recv_step(int fd, struct stream *rx, bool *eof)
{
	static uint8_t buf[1 << 18];
	ssize_t r;
	long bad;

	r = cfg.peek ? recv_peeked(fd, buf, sizeof(buf)) : recv(fd, buf, sizeof(buf), 0);
	if (r < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return false;
		die("recv");
	}
	if (r == 0) {
		*eof = true;
		if (rx->done != rx->want)
			fail("peer closed after %llu of %llu bytes",
			     (unsigned long long)rx->done,
			     (unsigned long long)rx->want);
		return true;
	}
	if (rx->done + r > rx->want)
		fail("received %llu bytes, more than the %llu expected",
		     (unsigned long long)(rx->done + r),
		     (unsigned long long)rx->want);
	bad = cfg.nocheck ? -1 : pattern_check(rx->seed, rx->done, buf, r);
	if (bad >= 0)
		fail("byte %llu differs from what was sent",
		     (unsigned long long)(rx->done + bad));
	note_arrival(rx);
	rx->done += r;
	return true;
}

static int make_memfd(const struct stream *tx)
{
	static uint8_t buf[1 << 16];
	uint64_t off = 0;
	int fd;

	fd = memfd_create("xfer", 0);
	if (fd < 0)
		die("memfd_create");
	while (off < tx->want) {
		size_t n = tx->want - off < sizeof(buf) ? tx->want - off : sizeof(buf);

		if (!cfg.nocheck)
			pattern_fill(tx->seed, off, buf, n);
		if (write(fd, buf, n) != (ssize_t)n)
			die("memfd write");
		off += n;
	}
	return fd;
}

static void set_nonblock(int fd)
{
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK))
		die("fcntl");
}

/* Both directions at once: nothing here may block.  A side with nothing
 * to send but something to receive keeps its write side open until the
 * peer's end of stream, as a request/response server would: a connection
 * half-closed from its first round trip is one upstream MPTCP opens no
 * further subflow for (its msk is in CLOSE_WAIT), and an upload measured
 * that way would say nothing about aggregation.
 */
static void run_poll(int fd, struct stream *tx, struct stream *rx)
{
	bool hold_fin = tx->want == 0 && rx->want > 0;
	bool eof = false;

	set_nonblock(fd);
	if (tx->want == 0 && !hold_fin && shutdown(fd, SHUT_WR))
		die("shutdown");
	while (tx->done < tx->want || !eof) {
		struct pollfd p = { .fd = fd };

		if (tx->done < tx->want)
			p.events |= POLLOUT;
		if (!eof)
			p.events |= POLLIN;
		if (poll(&p, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (p.revents & POLLERR)
			fail("socket error (POLLERR)");
		if (p.revents & (POLLIN | POLLHUP) && !eof)
			while (recv_step(fd, rx, &eof) && !eof)
				;
		if (p.revents & POLLOUT)
			while (tx->done < tx->want && send_step(fd, tx))
				;
	}
	if (hold_fin && shutdown(fd, SHUT_WR))
		die("shutdown");
}

/* Blocking: the client sends first, the server answers after EOF. */
static void run_block(int fd, struct stream *tx, struct stream *rx, bool send_first)
{
	bool eof = false;

	if (send_first) {
		while (tx->done < tx->want)
			send_step(fd, tx);
		if (tx->want == 0 && shutdown(fd, SHUT_WR))
			die("shutdown");
	}
	while (!eof)
		recv_step(fd, rx, &eof);
	if (!send_first) {
		while (tx->done < tx->want)
			send_step(fd, tx);
		if (tx->want == 0 && shutdown(fd, SHUT_WR))
			die("shutdown");
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void serve_one(int fd, bool is_client)
{
	/* The up stream and the down stream use distinct seeds, so a
	 * reflected stream can never pass for the expected one.
	 */
	struct stream up = { .seed = cfg.seed * 2, .want = cfg.up, .memfd = -1,
			     .done = is_client ? sent_with_syn : 0 };
	struct stream down = { .seed = cfg.seed * 2 + 1, .want = cfg.down, .memfd = -1 };
	struct stream *tx = is_client ? &up : &down;
	struct stream *rx = is_client ? &down : &up;
	double t0 = now(), dt;
	char buf[1];

	if (cfg.mode == IO_SENDFILE && tx->want)
		tx->memfd = make_memfd(tx);

	if (cfg.mode == IO_POLL)
		run_poll(fd, tx, rx);
	else
		run_block(fd, tx, rx, is_client);

	dt = now() - t0;

	/* Both halves are shut: a final read must see EOF and nothing else. */
	if (cfg.mode == IO_POLL)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if (recv(fd, buf, 1, 0) != 0)
		fail("data after end of stream");

	if (tx->memfd >= 0)
		close(tx->memfd);
	if (!cfg.quiet)
		printf("%s: sent %llu received %llu bytes in %.3f s (%.1f Mbit/s), longest gap %.0f ms\n",
		       role, (unsigned long long)tx->done,
		       (unsigned long long)rx->done, dt,
		       (tx->done + rx->done) * 8 / 1e6 / (dt > 0 ? dt : 1e-9),
		       rx->gap * 1e3);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Exactly @len bytes into @buf, or fewer at the peer's end of stream. */
static size_t recv_all(int fd, uint8_t *buf, size_t len)
{
	size_t got = 0;
	ssize_t r;

	while (got < len) {
		r = recv(fd, buf + got, len - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("recv");
		if (r == 0)
			break;
		got += r;
	}
	return got;
}

static void send_all(int fd, const uint8_t *buf, size_t len)
{
	ssize_t r;

	while (len) {
		r = send(fd, buf, len, MSG_NOSIGNAL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("send");
		buf += r;
		len -= r;
	}
}

/* Request/response: a message of -z bytes (default 1) each way per
 * transaction, every byte checked; the client also reports the median and
 * 99th percentile round trip.
 */
static void run_rr(int fd, bool is_client)
{
	size_t len = cfg.msg, got;
	double t0 = now(), t, *lat = NULL;
	uint8_t want, *req, *resp;
	unsigned int i;

	req = malloc(len);
	resp = malloc(len);
	if (!req || !resp)
		die("malloc");
	if (is_client && !(lat = calloc(cfg.rr ? cfg.rr : 1, sizeof(*lat))))
		die("calloc");
	for (i = 0; is_client ? i < cfg.rr : 1; i++) {
		pattern_fill(cfg.seed * 2, i, &want, 1);
		t = now();
		if (is_client) {
			size_t skip = i ? 0 : sent_with_syn;	/* -F sendto */

			memset(req, want, len);
			send_all(fd, req + skip, len - skip);
		}
		got = recv_all(fd, resp, len);
		if (is_client)
			lat[i] = now() - t;
		if (got == 0) {
			if (is_client)
				fail("peer closed after %u transactions", i);
			break;
		}
		if (got != len)
			fail("transaction %u: %zu of %zu bytes", i, got, len);
		if (resp[0] != want || memcmp(resp, resp + 1, len - 1))
			fail("transaction %u: wrong bytes", i);
		if (!is_client)
			send_all(fd, resp, len);
	}
	if (is_client && shutdown(fd, SHUT_WR))
		die("shutdown");
	if (is_client && recv(fd, resp, 1, 0) != 0)
		fail("data after end of stream");
	if (!cfg.quiet)
		printf("%s: %u transactions in %.3f s (%.0f/s)\n", role, i,
		       now() - t0, i / (now() - t0));
	if (is_client && !cfg.quiet && i) {
		qsort(lat, i, sizeof(*lat), cmp_double);
		printf("%s: round trip p50 %.0f us p99 %.0f us\n", role,
		       lat[i / 2] * 1e6, lat[(i * 99) / 100] * 1e6);
	}
	free(lat);
	free(req);
	free(resp);
}

static struct addrinfo *resolve(const char *host, bool passive)
{
	struct addrinfo hints = {
		.ai_family = cfg.ipv6 ? AF_INET6 : AF_INET,
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | (passive ? AI_PASSIVE : 0),
	};
	struct addrinfo *res;
	int err;

	err = getaddrinfo(host, cfg.port, &hints, &res);
	if (err)
		fail("bad address %s port %s: %s", host ? host : "*", cfg.port,
		     gai_strerror(err));
	return res;
}

/* Names the socket's scheduler or path manager and reads it back. */
static void set_policy(int fd, int opt, const char *name)
{
	char got[16] = "";
	socklen_t len = sizeof(got);

	if (!name)
		return;
	if (setsockopt(fd, SOL_MPTCP, opt, name, strlen(name)))
		die(opt == MPTCP_SCHEDULER ? "setsockopt(MPTCP_SCHEDULER)" :
					     "setsockopt(MPTCP_PATH_MANAGER)");
	if (getsockopt(fd, SOL_MPTCP, opt, got, &len))
		die("getsockopt(SOL_MPTCP)");
	if (strncmp(got, name, sizeof(got)))
		fail("SOL_MPTCP option %d reads back '%s', not '%s'", opt, got, name);
}

static int open_socket(const struct addrinfo *ai)
{
	int fd = socket(ai->ai_family, SOCK_STREAM, cfg.proto);

	if (fd < 0)
		die(cfg.proto == IPPROTO_MPTCP ? "socket(IPPROTO_MPTCP)" : "socket");
	set_policy(fd, MPTCP_SCHEDULER, cfg.sched);
	set_policy(fd, MPTCP_PATH_MANAGER, cfg.pm);
	if (cfg.rcvbuf) {
		int v = cfg.rcvbuf;

		if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)))
			die("setsockopt(SO_RCVBUF)");
	}
	if (cfg.cc) {
		char got[16] = "";
		socklen_t len = sizeof(got);

		if (setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, cfg.cc, strlen(cfg.cc)))
			die("setsockopt(TCP_CONGESTION)");
		if (getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, got, &len))
			die("getsockopt(TCP_CONGESTION)");
		if (strncmp(got, cfg.cc, sizeof(got)))
			fail("TCP_CONGESTION reads back '%s', not '%s'", got, cfg.cc);
	}
	return fd;
}

static void run_server(void)
{
	struct addrinfo *ai = resolve(cfg.addr, true);
	int one = 1, lfd, fd;
	unsigned int i;

	role = "xfer server";
	lfd = open_socket(ai);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, ai->ai_addr, ai->ai_addrlen))
		die("bind");
	if (cfg.fastopen == FO_LISTEN) {
		int qlen = 16;

		if (setsockopt(lfd, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof(qlen)))
			die("setsockopt(TCP_FASTOPEN)");
	}
	if (listen(lfd, 16))
		die("listen");
	freeaddrinfo(ai);

	for (i = 0; i < cfg.conns; i++) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0)
			die("accept");
		if (cfg.rr)
			run_rr(fd, false);
		else
			serve_one(fd, false);
		close(fd);
	}
	close(lfd);
}

/* Established subflows of @fd, from MPTCP_TCPINFO's per-subflow tcp_info
 * (the uapi layout: a struct mptcp_subflow_data header, then the array).
 */
static unsigned int established_subflows(int fd)
{
	struct {
		uint32_t size_subflow_data, num_subflows, size_kernel, size_user;
		struct tcp_info ti[8];
	} d = { .size_subflow_data = 16, .size_user = sizeof(struct tcp_info) };
	socklen_t len = sizeof(d);
	unsigned int i, n = 0;

	if (getsockopt(fd, SOL_MPTCP, MPTCP_TCPINFO, &d, &len) < 0)
		die("getsockopt(MPTCP_TCPINFO)");
	for (i = 0; i < d.num_subflows && i < 8; i++)
		n += d.ti[i].tcpi_state == TCP_ESTABLISHED;
	return n;
}

/* The connect() of -F sendto: the first write, up to -w bytes, in the SYN
 * (as much of it as TCP puts there; the rest follows as usual).
 */
static int fastopen_sendto(int fd, const struct addrinfo *ai)
{
	static uint8_t buf[1 << 16];
	size_t n = cfg.up < cfg.wsize ? cfg.up : cfg.wsize;
	ssize_t r;

	if (cfg.rr)		/* the first request (run_rr()) */
		n = cfg.msg;
	if (n > sizeof(buf))
		n = sizeof(buf);
	if (cfg.rr) {
		uint8_t want;

		pattern_fill(cfg.seed * 2, 0, &want, 1);
		memset(buf, want, n);
	} else {
		pattern_fill(cfg.seed * 2, 0, buf, n);
	}
	r = sendto(fd, buf, n, MSG_FASTOPEN | MSG_NOSIGNAL, ai->ai_addr, ai->ai_addrlen);
	if (r < 0)
		return -1;
	sent_with_syn = r;
	if (!cfg.rr && sent_with_syn == cfg.up && shutdown(fd, SHUT_WR))
		die("shutdown");
	return 0;
}

static void run_client(void)
{
	struct addrinfo *ai = resolve(cfg.addr, false);
	double give_up = now() + cfg.retry;
	int fd;

	role = "xfer client";
	for (;;) {
		fd = open_socket(ai);
		if (cfg.fastopen == FO_CONNECT) {
			int one = 1;

			if (setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &one, sizeof(one)))
				die("setsockopt(TCP_FASTOPEN_CONNECT)");
		}
		if (cfg.fastopen == FO_SENDTO) {
			if (!fastopen_sendto(fd, ai))
				break;
		} else if (!connect(fd, ai->ai_addr, ai->ai_addrlen)) {
			break;
		}
		/* A peer that is not up yet is worth waiting for; any
		 * other failure is the test's answer.
		 */
		if ((errno != ECONNREFUSED && errno != ENETUNREACH &&
		     errno != EHOSTUNREACH) || now() >= give_up)
			die("connect");
		close(fd);
		usleep(200 * 1000);
	}
	freeaddrinfo(ai);
	while (cfg.joins && established_subflows(fd) < cfg.joins + 1)
		usleep(10 * 1000);	/* bounded by -t */
	if (cfg.rr)
		run_rr(fd, true);
	else
		serve_one(fd, true);
	close(fd);
}

static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);

	switch (*end) {
	case 'g': case 'G': v <<= 10; /* fall through */
	case 'm': case 'M': v <<= 10; /* fall through */
	case 'k': case 'K': v <<= 10; end++; break;
	}
	if (*end || end == s)
		fail("bad size '%s'", s);
	return v;
}

static void on_alarm(int sig)
{
	static const char msg[] = "xfer: timed out\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(2);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: xfer -l [-a ADDR] -p PORT [opts] | xfer -c ADDR -p PORT [opts]\n"
		"  -P tcp|mptcp -6 -u BYTES -d BYTES -m block|poll|sendfile\n"
		"  -s SEED -t SEC -C N -R SEC -r N -z BYTES -w BYTES -q -k -n -S SCHED -M PM -J N\n"
		"  -F sendto|connect|listen\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "la:c:p:P:6u:d:m:s:t:C:R:r:w:z:qknS:M:T:J:B:F:")) != -1) {
		switch (c) {
		case 'l': cfg.listen = true; break;
		case 'a': cfg.addr = optarg; break;
		case 'c': cfg.addr = optarg; break;
		case 'p': cfg.port = optarg; break;
		case '6': cfg.ipv6 = true; break;
		case 'u': cfg.up = parse_size(optarg); break;
		case 'd': cfg.down = parse_size(optarg); break;
		case 's': cfg.seed = strtoull(optarg, NULL, 0); break;
		case 't': cfg.timeout = atoi(optarg); break;
		case 'C': cfg.conns = atoi(optarg); break;
		case 'R': cfg.retry = atoi(optarg); break;
		case 'r': cfg.rr = atoi(optarg); break;
		case 'w': cfg.wsize = parse_size(optarg); break;
		case 'z': cfg.msg = parse_size(optarg); break;
		case 'q': cfg.quiet = true; break;
		case 'k': cfg.peek = true; break;
		case 'n': cfg.nocheck = true; break;
		case 'S': cfg.sched = optarg; break;
		case 'T': cfg.cc = optarg; break;
		case 'M': cfg.pm = optarg; break;
		case 'J': cfg.joins = atoi(optarg); break;
		case 'F':
			cfg.fastopen = !strcmp(optarg, "sendto") ? FO_SENDTO :
				       !strcmp(optarg, "connect") ? FO_CONNECT :
				       !strcmp(optarg, "listen") ? FO_LISTEN : FO_NONE;
			if (cfg.fastopen == FO_NONE)
				usage();
			break;
		case 'B': cfg.rcvbuf = parse_size(optarg); break;
		case 'P':
			if (!strcmp(optarg, "tcp"))
				cfg.proto = IPPROTO_TCP;
			else if (!strcmp(optarg, "mptcp"))
				cfg.proto = IPPROTO_MPTCP;
			else
				usage();
			break;
		case 'm':
			if (!strcmp(optarg, "block"))
				cfg.mode = IO_BLOCK;
			else if (!strcmp(optarg, "poll"))
				cfg.mode = IO_POLL;
			else if (!strcmp(optarg, "sendfile"))
				cfg.mode = IO_SENDFILE;
			else
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind != argc || (!cfg.listen && !cfg.addr) || !cfg.wsize || !cfg.msg)
		usage();

	signal(SIGALRM, on_alarm);
	alarm(cfg.timeout);
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (cfg.listen)
		run_server();
	else
		run_client();
	return 0;
}
