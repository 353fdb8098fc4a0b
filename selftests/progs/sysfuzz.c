// SPDX-License-Identifier: GPL-2.0
/*
 * sysfuzz: random sequences of MPTCP socket calls and mptcp_pm netlink
 * requests, for a while, from a seed.
 *
 *   sysfuzz SEED SECONDS [ADDR...]
 *
 * Keeps a table of sockets and does, at random: socket() (IPv4, IPv6,
 * MPTCP, now and then TCP), bind() and listen() on a few ports of ADDR
 * (127.0.0.1 and ::1 by default), non-blocking connect() to them (now
 * and then with TCP_FASTOPEN_CONNECT), accept(), send()/recv() with random
 * MSG_* flags and sizes, sendto() with an address (half the time with
 * MSG_FASTOPEN), shutdown(),
 * connect(AF_UNSPEC), close(), every SOL_SOCKET/SOL_TCP/SOL_IP/SOL_IPV6/
 * SOL_MPTCP option number with random values and lengths both ways, the
 * queue ioctls, and mptcp_pm generic-netlink requests of every command
 * with random attributes (well-formed ones with random values, and raw
 * garbage).  Errors are the point: every call may fail.  What must not
 * happen is the kernel's business (splats, leaks): the caller checks.
 * Exits 0 after SECONDS, printing how many calls of each kind it made.
 * SYSFUZZ_SKIP=name,... leaves calls out (names as printed), to narrow
 * down what a finding needs.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/mptcp.h>
#include <linux/netlink.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#ifndef SOL_MPTCP
#define SOL_MPTCP 284
#endif

#ifndef MSG_SPLICE_PAGES
#define MSG_SPLICE_PAGES 0x8000000	/* kernel-internal: a user passing it must be ignored */
#endif

#define NSOCKS	48
#define NPORTS	3

static uint64_t rng_state;
static int socks[NSOCKS];
static const char **addrs;
static int naddrs;
static int pm_family = -1, nl = -1;
static unsigned long calls[16];

enum { C_SOCKET, C_BIND, C_CONNECT, C_ACCEPT, C_SEND, C_RECV, C_SHUT, C_CLOSE,
       C_SETOPT, C_GETOPT, C_IOCTL, C_NETLINK, C_MAX };
static const char *call_names[C_MAX] = {
	"socket", "bind/listen", "connect", "accept", "send", "recv", "shutdown",
	"close", "setsockopt", "getsockopt", "ioctl", "netlink",
};

static uint64_t rnd(void)
{
	/* xorshift64*: fast, and a run is its seed */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static unsigned int below(unsigned int n)
{
	return n ? rnd() % n : 0;
}

static int *pick(void)
{
	return &socks[below(NSOCKS)];
}

/* A random "interesting" integer: small, boundary, or anything. */
static int64_t value(void)
{
	static const int64_t edges[] = { 0, 1, -1, 2, 7, 8, 9, 255, 256, 4096, 65535, 65536,
					 INT32_MAX, INT32_MIN, 1 << 20 };

	switch (below(3)) {
	case 0: return edges[below(sizeof(edges) / sizeof(edges[0]))];
	case 1: return below(64);
	default: return (int64_t)rnd();
	}
}

static socklen_t sockaddr_of(int i, struct sockaddr_storage *ss)
{
	const char *a = addrs[i % naddrs];
	uint16_t port = htons(20000 + below(NPORTS));

	memset(ss, 0, sizeof(*ss));
	if (strchr(a, ':')) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = port;
		inet_pton(AF_INET6, a, &s6->sin6_addr);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	s4->sin_family = AF_INET;
	s4->sin_port = port;
	inet_pton(AF_INET, a, &s4->sin_addr);
	return sizeof(*s4);
}

static void do_socket(void)
{
	int *s = pick(), fam = below(2) ? AF_INET : AF_INET6;

	if (*s >= 0)
		close(*s);
	*s = socket(fam, SOCK_STREAM | SOCK_NONBLOCK, below(8) ? IPPROTO_MPTCP : IPPROTO_TCP);
}

static void do_bind(void)
{
	struct sockaddr_storage ss;
	int *s = pick(), one = 1;
	socklen_t len;

	if (*s < 0)
		return;
	len = sockaddr_of(below(naddrs), &ss);
	setsockopt(*s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	bind(*s, (struct sockaddr *)&ss, len);
	if (below(4))
		listen(*s, below(64));
}

static void do_connect(void)
{
	struct sockaddr_storage ss;
	int *s = pick();
	socklen_t len;

	if (*s < 0)
		return;
	if (!below(6)) {	/* disconnect */
		struct sockaddr sa = { .sa_family = AF_UNSPEC };

		connect(*s, &sa, sizeof(sa));
		return;
	}
	len = sockaddr_of(below(naddrs), &ss);
	if (!below(8)) {	/* Fast Open: the SYN waits for the first write */
		int one = 1;

		setsockopt(*s, IPPROTO_TCP, TCP_FASTOPEN_CONNECT, &one, sizeof(one));
	}
	connect(*s, (struct sockaddr *)&ss, below(10) ? len : below(len + 8));
}

static void do_accept(void)
{
	int *s = pick(), fd, *slot;

	if (*s < 0)
		return;
	fd = accept4(*s, NULL, NULL, SOCK_NONBLOCK);
	if (fd < 0)
		return;
	slot = pick();
	if (*slot >= 0)
		close(*slot);
	*slot = fd;
}

static int msg_flags(void)
{
	static const int f[] = { MSG_PEEK, MSG_DONTWAIT, MSG_WAITALL, MSG_OOB, MSG_TRUNC, MSG_MORE,
				 MSG_NOSIGNAL, MSG_ERRQUEUE, MSG_FASTOPEN, MSG_EOR, MSG_CMSG_CLOEXEC,
				 MSG_ZEROCOPY, MSG_SPLICE_PAGES };
	int flags = MSG_DONTWAIT | MSG_NOSIGNAL, n = below(3);

	while (n--)
		flags |= f[below(sizeof(f) / sizeof(f[0]))];
	return flags;	/* never blocks: MSG_DONTWAIT with MSG_WAITALL too */
}

static void do_send(void)
{
	static char buf[256 * 1024];
	int *s = pick();

	size_t n = below(4) ? below(2048) : below(sizeof(buf));

	if (*s < 0)
		return;
	if (!below(4)) {	/* with an address: a connect, Fast Open or not */
		struct sockaddr_storage ss;
		socklen_t len = sockaddr_of(below(naddrs), &ss);

		sendto(*s, buf, n, msg_flags() | (below(2) ? MSG_FASTOPEN : 0),
		       (struct sockaddr *)&ss, len);
		return;
	}
	send(*s, buf, n, msg_flags() | MSG_DONTWAIT);
}

static void do_recv(void)
{
	static char buf[128 * 1024];
	char cbuf[512];
	struct iovec iov = { buf, below(sizeof(buf)) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = cbuf, .msg_controllen = below(sizeof(cbuf)) };
	int *s = pick();

	if (*s < 0)
		return;
	recvmsg(*s, &m, msg_flags() | MSG_DONTWAIT);
}

static void do_shutdown(void)
{
	int *s = pick();

	if (*s >= 0)
		shutdown(*s, below(4));
}

static void do_close(void)
{
	int *s = pick();

	if (*s < 0)
		return;
	if (!below(3)) {	/* an abortive close */
		struct linger l = { 1, 0 };

		setsockopt(*s, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	}
	close(*s);
	*s = -1;
}

static int opt_level(void)
{
	static const int l[] = { SOL_SOCKET, SOL_TCP, SOL_IP, SOL_IPV6, SOL_MPTCP, SOL_MPTCP };

	return l[below(sizeof(l) / sizeof(l[0]))];
}

static void do_setsockopt(void)
{
	unsigned char buf[512];
	int *s = pick(), level = opt_level(), optname;
	int64_t v = value();
	socklen_t len;

	if (*s < 0)
		return;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = below(4) ? 0 : rnd();
	memcpy(buf, &v, sizeof(v));
	if (level == SOL_MPTCP && below(2))	/* a policy name, maybe real */
		snprintf((char *)buf, sizeof(buf), "%s", below(2) ? "default" : "bpf_rr");
	len = below(3) ? sizeof(int) : below(sizeof(buf) + 1);
	optname = below(100);
	if (level == SOL_SOCKET && optname == SO_LINGER) {
		/* a linger time makes close() wait that long, by design */
		struct linger l = { 1, below(2) };

		memcpy(buf, &l, sizeof(l));
	}
	setsockopt(*s, level, optname, buf, len);
}

static void do_getsockopt(void)
{
	unsigned char buf[4096];
	int *s = pick(), level = opt_level();
	socklen_t len;

	if (*s < 0)
		return;
	for (size_t i = 0; i < 64; i++)
		buf[i] = rnd();
	/* MPTCP_FULL_INFO and friends read a header the caller filled */
	len = below(3) ? sizeof(int) : below(sizeof(buf) + 1);
	getsockopt(*s, level, below(100), buf, &len);
}

static void do_ioctl(void)
{
	/* FIONBIO only ever on: a blocking socket would stall the loop */
	static const unsigned long req[] = { FIONREAD, SIOCOUTQ, SIOCOUTQNSD, SIOCATMARK, FIONBIO };
	int *s = pick(), v = 1;

	if (*s >= 0)
		ioctl(*s, req[below(sizeof(req) / sizeof(req[0]))], &v);
}

/* --- mptcp_pm over generic netlink --------------------------------------------- */

struct nlbuf {
	char data[1024];
	int len;
};

static void *nl_put(struct nlbuf *b, uint16_t type, const void *p, int len)
{
	struct nlattr *a = (struct nlattr *)(b->data + b->len);
	int total = NLA_ALIGN(NLA_HDRLEN + len);

	if (b->len + total > (int)sizeof(b->data))
		return NULL;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (p)
		memcpy((char *)a + NLA_HDRLEN, p, len);
	b->len += total;
	return a;
}

static int nl_request(int family, uint8_t cmd, const void *attrs, int alen, char *reply, int rlen)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char a[1024];
	} req = {};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + alen);
	req.n.nlmsg_type = family;
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (below(6) ? 0 : NLM_F_DUMP);
	req.g.cmd = cmd;
	req.g.version = below(4) ? 1 : below(256);
	memcpy(req.a, attrs, alen);
	if (sendto(nl, &req, req.n.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -1;
	return recv(nl, reply, rlen, MSG_DONTWAIT);
}

static void pm_resolve(void)
{
	struct nlbuf b = { .len = 0 };
	char reply[4096];
	int n;

	nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl < 0)
		return;
	nl_put(&b, CTRL_ATTR_FAMILY_NAME, MPTCP_PM_NAME, sizeof(MPTCP_PM_NAME));
	n = nl_request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, b.data, b.len, reply, sizeof(reply));
	for (int tries = 0; n < 0 && errno == EAGAIN && tries < 100; tries++) {
		usleep(1000);
		n = recv(nl, reply, sizeof(reply), MSG_DONTWAIT);
	}
	if (n > 0) {
		struct nlmsghdr *h = (struct nlmsghdr *)reply;
		struct nlattr *a = (struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
		int left = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);

		while (h->nlmsg_type != NLMSG_ERROR && left >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN) {
			if (a->nla_type == CTRL_ATTR_FAMILY_ID)
				pm_family = *(uint16_t *)((char *)a + NLA_HDRLEN);
			left -= NLA_ALIGN(a->nla_len);
			a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
		}
	}
}

/* A random MPTCP_PM_ATTR_ADDR nest: the attributes of an endpoint. */
static void pm_addr_nest(struct nlbuf *b, uint16_t type)
{
	struct nlattr *nest = nl_put(b, type | NLA_F_NESTED, NULL, 0);
	int start = b->len, n = below(7);
	struct in6_addr a6 = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } };

	if (!nest)
		return;
	while (n--) {
		uint32_t v = value();
		uint16_t port = below(2) ? 0 : htons(20000 + below(4));
		uint16_t fam = below(3) ? AF_INET : below(2) ? AF_INET6 : value();
		in_addr_t a4 = htonl(0xc0000200 | below(8));	/* 192.0.2.0-7 */

		switch (below(8)) {
		case 0: nl_put(b, MPTCP_PM_ADDR_ATTR_FAMILY, &fam, 2); break;
		case 1: nl_put(b, MPTCP_PM_ADDR_ATTR_ID, &v, 1); break;
		case 2: nl_put(b, MPTCP_PM_ADDR_ATTR_ADDR4, &a4, below(6) ? 4 : below(8)); break;
		case 3: nl_put(b, MPTCP_PM_ADDR_ATTR_ADDR6, &a6, below(6) ? 16 : below(20)); break;
		case 4: nl_put(b, MPTCP_PM_ADDR_ATTR_PORT, &port, 2); break;
		case 5: v &= 0x3f; nl_put(b, MPTCP_PM_ADDR_ATTR_FLAGS, &v, 4); break;
		case 6: v = below(4); nl_put(b, MPTCP_PM_ADDR_ATTR_IF_IDX, &v, 4); break;
		default: nl_put(b, below(12), &v, below(9)); break;
		}
	}
	nest->nla_len = NLA_HDRLEN + b->len - start;
}

static void do_netlink(void)
{
	struct nlbuf b = { .len = 0 };
	char reply[8192];
	int n = below(5);

	if (pm_family < 0)
		return;
	while (n--) {
		uint32_t v = value();

		switch (below(7)) {
		case 0: pm_addr_nest(&b, MPTCP_PM_ATTR_ADDR); break;
		case 1: pm_addr_nest(&b, MPTCP_PM_ATTR_ADDR_REMOTE); break;
		case 2: v = below(10); nl_put(&b, MPTCP_PM_ATTR_RCV_ADD_ADDRS, &v, 4); break;
		case 3: v = below(10); nl_put(&b, MPTCP_PM_ATTR_SUBFLOWS, &v, 4); break;
		case 4: nl_put(&b, MPTCP_PM_ATTR_TOKEN, &v, 4); break;
		case 5: v = below(3); nl_put(&b, MPTCP_PM_ATTR_LOC_ID, &v, 1); break;
		default: nl_put(&b, below(10), &v, below(9)); break;
		}
	}
	/* flush rarely: it undoes what the other requests built */
	n = below(20);
	nl_request(pm_family, n == MPTCP_PM_CMD_FLUSH_ADDRS && below(4) ? MPTCP_PM_CMD_ADD_ADDR : n,
		   b.data, b.len, reply, sizeof(reply));
	while (recv(nl, reply, sizeof(reply), MSG_DONTWAIT) > 0)
		;	/* dumps answer in parts */
}

int main(int argc, char **argv)
{
	static const char *defaults[] = { "127.0.0.1", "::1" };
	void (*ops[C_MAX])(void) = {
		do_socket, do_bind, do_connect, do_accept, do_send, do_recv, do_shutdown,
		do_close, do_setsockopt, do_getsockopt, do_ioctl, do_netlink,
	};
	/* how often each call is made, out of the sum */
	int weight[C_MAX] = { 8, 6, 8, 8, 10, 10, 3, 4, 12, 12, 3, 6 };
	const char *skip = getenv("SYSFUZZ_SKIP");
	struct timespec t0, t;
	unsigned long total = 0;
	int sum = 0;
	double secs;

	if (argc < 3) {
		fprintf(stderr, "usage: sysfuzz SEED SECONDS [ADDR...]\n");
		return 2;
	}
	rng_state = strtoull(argv[1], NULL, 0) * 2654435761u + 0x9e3779b97f4a7c15ull;
	secs = atof(argv[2]);
	addrs = argc > 3 ? (const char **)argv + 3 : defaults;
	naddrs = argc > 3 ? argc - 3 : 2;
	for (int i = 0; i < NSOCKS; i++)
		socks[i] = -1;
	for (int c = 0; c < C_MAX; c++) {
		if (skip && strstr(skip, call_names[c]))
			weight[c] = 0;
		sum += weight[c];
	}
	signal(SIGPIPE, SIG_IGN);
	pm_resolve();
	if (pm_family < 0)
		fprintf(stderr, "sysfuzz: no mptcp_pm family: netlink requests skipped\n");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int w = below(sum), c = 0;

		if ((total & 255) == 0) {
			clock_gettime(CLOCK_MONOTONIC, &t);
			if (t.tv_sec - t0.tv_sec + (t.tv_nsec - t0.tv_nsec) / 1e9 >= secs)
				break;
		}
		while (c < C_MAX - 1 && w >= weight[c])
			w -= weight[c++];
		ops[c]();
		calls[c]++;
		total++;
	}
	printf("sysfuzz: seed %s: %lu calls:", argv[1], total);
	for (int c = 0; c < C_MAX; c++)
		printf(" %s %lu", call_names[c], calls[c]);
	printf("\n");
	return 0;	/* sockets left open on purpose: the caller may tear the netns down */
}
