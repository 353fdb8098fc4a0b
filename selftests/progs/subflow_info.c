// SPDX-License-Identifier: GPL-2.0
/*
 * subflow_info -s SRV_NETNS -a ADDR -p PORT -n SUBFLOWS
 *
 * The per-subflow SOL_MPTCP getsockopts, from an application's side: a
 * server in network namespace SRV_NETNS (a child process) takes one MPTCP
 * connection from us and checks every byte; once the connection has
 * SUBFLOWS subflows, MPTCP_TCPINFO, MPTCP_SUBFLOW_ADDRS and
 * MPTCP_FULL_INFO must each report all of them, consistently, and refuse
 * malformed requests with EINVAL; once all is acknowledged, MPTCP_INFO's
 * idle times must grow with the clock.  Prints one "subflow ID LOCAL
 * REMOTE" line per subflow; exits 0 only if everything held.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/mptcp.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#ifndef SOL_MPTCP
#define SOL_MPTCP 284
#endif

#define TOTAL	(4 << 20)
#define MAX_SF	8

static int failures;

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "subflow_info: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	failures++;
}

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + (i >> 11));
}

/* The server: one connection, every byte checked; status 0 if all came. */
static int serve(const char *netns, int port, int ready)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	char path[256], buf[16384];
	size_t got = 0;
	int fd, lfd, c, one = 1;
	ssize_t n;

	snprintf(path, sizeof(path), "/var/run/netns/%s", netns);
	fd = open(path, O_RDONLY);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		die(path);
	lfd = socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP);
	if (lfd < 0)
		die("server socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&a, sizeof(a)) || listen(lfd, 1))
		die("server bind/listen");
	if (write(ready, "x", 1) != 1)
		die("ready");
	c = accept(lfd, NULL, NULL);
	if (c < 0)
		die("accept");
	while ((n = read(c, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			if ((unsigned char)buf[i] != pattern(got + i)) {
				fprintf(stderr, "server: byte %zu differs\n", got + i);
				return 1;
			}
		got += n;
	}
	if (got != TOTAL) {
		fprintf(stderr, "server: %zu bytes, want %d\n", got, TOTAL);
		return 1;
	}
	return 0;
}

static int subflows(int fd)
{
	struct mptcp_info mi;
	socklen_t len = sizeof(mi);

	if (getsockopt(fd, SOL_MPTCP, MPTCP_INFO, &mi, &len))
		die("MPTCP_INFO");
	return mi.mptcpi_subflows + 1;	/* it counts the extra ones */
}

static const char *ep(const struct sockaddr *sa, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s = (const void *)sa;

		inet_ntop(AF_INET, &s->sin_addr, a, sizeof(a));
		snprintf(buf, size, "%s:%u", a, ntohs(s->sin_port));
	} else {
		const struct sockaddr_in6 *s = (const void *)sa;

		inet_ntop(AF_INET6, &s->sin6_addr, a, sizeof(a));
		snprintf(buf, size, "[%s]:%u", a, ntohs(s->sin6_port));
	}
	return buf;
}

/* A header plus room for MAX_SF elements of @elem bytes. */
struct array_req {
	struct mptcp_subflow_data	h;
	unsigned char			data[MAX_SF * sizeof(struct tcp_info)];
};

static int array_get(int fd, int opt, struct array_req *r, unsigned int elem,
		     socklen_t *len)
{
	memset(r, 0, sizeof(*r));
	r->h.size_subflow_data = sizeof(r->h);
	r->h.size_user = elem;
	*len = sizeof(*r);
	return getsockopt(fd, SOL_MPTCP, opt, r, len);
}

static void check_arrays(int fd, int want)
{
	struct mptcp_subflow_addrs *addrs;
	struct mptcp_subflow_info sfi[MAX_SF];
	struct tcp_info ti[MAX_SF];
	struct mptcp_full_info mfi;
	struct array_req r;
	char l[80], rm[80];
	socklen_t len;
	int i;

	/* MPTCP_TCPINFO: every subflow established */
	check(!array_get(fd, MPTCP_TCPINFO, &r, sizeof(struct tcp_info), &len),
	      "MPTCP_TCPINFO: %s", strerror(errno));
	check(r.h.num_subflows == (unsigned int)want, "TCPINFO: %u subflows, want %d",
	      r.h.num_subflows, want);
	check(r.h.size_kernel >= 8 &&
	      r.h.size_user == (r.h.size_kernel < sizeof(struct tcp_info) ?
				r.h.size_kernel : sizeof(struct tcp_info)),
	      "TCPINFO: kernel element %u, user %u", r.h.size_kernel, r.h.size_user);
	check(len == sizeof(r.h) + r.h.num_subflows * r.h.size_user,
	      "TCPINFO: length %u for %u x %u", len, r.h.num_subflows, r.h.size_user);
	for (i = 0; i < (int)r.h.num_subflows && i < MAX_SF; i++) {
		const struct tcp_info *t = (const void *)(r.data + i * r.h.size_user);

		check(t->tcpi_state == 1, "TCPINFO: subflow %d in state %u", i, t->tcpi_state);
	}

	/* a shorter element: the leading part, and the header says so */
	check(!array_get(fd, MPTCP_TCPINFO, &r, 8, &len), "TCPINFO short: %s", strerror(errno));
	check(r.h.size_user == 8 && len == sizeof(r.h) + 8 * r.h.num_subflows,
	      "TCPINFO short: size_user %u, length %u", r.h.size_user, len);

	/* MPTCP_SUBFLOW_ADDRS */
	check(!array_get(fd, MPTCP_SUBFLOW_ADDRS, &r, sizeof(*addrs), &len),
	      "MPTCP_SUBFLOW_ADDRS: %s", strerror(errno));
	check(r.h.num_subflows == (unsigned int)want, "SUBFLOW_ADDRS: %u subflows",
	      r.h.num_subflows);

	/* MPTCP_FULL_INFO: the same subflows, with ids, and MPTCP_INFO */
	memset(&mfi, 0, sizeof(mfi));
	mfi.size_tcpinfo_user = sizeof(ti[0]);
	mfi.size_sfinfo_user = sizeof(sfi[0]);
	mfi.size_arrays_user = MAX_SF;
	mfi.subflow_info = (unsigned long)sfi;
	mfi.tcp_info = (unsigned long)ti;
	len = sizeof(mfi);
	check(!getsockopt(fd, SOL_MPTCP, MPTCP_FULL_INFO, &mfi, &len),
	      "MPTCP_FULL_INFO: %s", strerror(errno));
	check(mfi.num_subflows == (unsigned int)want, "FULL_INFO: %u subflows",
	      mfi.num_subflows);
	check(mfi.mptcp_info.mptcpi_subflows + 1 == want,
	      "FULL_INFO: mptcpi_subflows %u", mfi.mptcp_info.mptcpi_subflows);
	for (i = 0; i < (int)mfi.num_subflows && i < MAX_SF; i++) {
		addrs = (void *)(r.data + i * r.h.size_user);
		check(!memcmp(&sfi[i].addrs, addrs, sizeof(*addrs)),
		      "FULL_INFO: subflow %d's addresses differ from SUBFLOW_ADDRS'", i);
		check(ti[i].tcpi_state == 1, "FULL_INFO: subflow %d in state %u", i,
		      ti[i].tcpi_state);
		printf("subflow %u %s %s\n", sfi[i].id,
		       ep(&sfi[i].addrs.sa_local, l, sizeof(l)),
		       ep(&sfi[i].addrs.sa_remote, rm, sizeof(rm)));
	}

	/* malformed requests */
	memset(&r, 0, sizeof(r));
	r.h.size_subflow_data = 8;
	len = sizeof(r);
	check(getsockopt(fd, SOL_MPTCP, MPTCP_TCPINFO, &r, &len) && errno == EINVAL,
	      "a header of 8 bytes was taken");
	r.h.size_subflow_data = sizeof(r.h);
	r.h.num_subflows = 1;
	check(getsockopt(fd, SOL_MPTCP, MPTCP_SUBFLOW_ADDRS, &r, &len) && errno == EINVAL,
	      "a set num_subflows was taken");
	len = 12;
	check(getsockopt(fd, SOL_MPTCP, MPTCP_TCPINFO, &r, &len) && errno == EINVAL,
	      "a 12-byte buffer was taken");
	memset(&mfi, 0, sizeof(mfi));
	mfi.size_sfinfo_kernel = 1;
	len = sizeof(mfi);
	check(getsockopt(fd, SOL_MPTCP, MPTCP_FULL_INFO, &mfi, &len) && errno == EINVAL,
	      "FULL_INFO with a kernel field set was taken");
}

static void get_info(int fd, struct mptcp_info *mi)
{
	socklen_t len = sizeof(*mi);

	if (getsockopt(fd, SOL_MPTCP, MPTCP_INFO, mi, &len))
		die("MPTCP_INFO");
}

/* Once everything sent is acknowledged and the connection idles, the
 * idle times (last data sent, received, Data ACK taken) must grow with
 * the wall clock, as upstream's diag.sh reads them through ss.
 */
static void check_idle_times(int fd)
{
	struct mptcp_info a, b;
	int i;

	for (i = 0; i < 1000; i++) {
		get_info(fd, &a);
		if (a.mptcpi_bytes_acked == TOTAL)
			break;
		usleep(10000);
	}
	check(a.mptcpi_bytes_acked == TOTAL, "%llu bytes acknowledged, want %d",
	      (unsigned long long)a.mptcpi_bytes_acked, TOTAL);
	usleep(200000);		/* window updates as the server reads */
	get_info(fd, &a);
	usleep(500000);
	get_info(fd, &b);
	printf("idle: last data sent %u ms, received %u ms, Data ACK %u ms\n",
	       b.mptcpi_last_data_sent, b.mptcpi_last_data_recv, b.mptcpi_last_ack_recv);
	check(b.mptcpi_last_data_sent >= a.mptcpi_last_data_sent + 400 &&
	      b.mptcpi_last_data_sent < 600000,
	      "last_data_sent went from %u to %u ms in 500 ms",
	      a.mptcpi_last_data_sent, b.mptcpi_last_data_sent);
	check(b.mptcpi_last_data_recv >= a.mptcpi_last_data_recv + 400 &&
	      b.mptcpi_last_data_recv < 600000,
	      "last_data_recv went from %u to %u ms in 500 ms",
	      a.mptcpi_last_data_recv, b.mptcpi_last_data_recv);
	check(b.mptcpi_last_ack_recv >= a.mptcpi_last_ack_recv + 400 &&
	      b.mptcpi_last_ack_recv < 600000,
	      "last_ack_recv went from %u to %u ms in 500 ms",
	      a.mptcpi_last_ack_recv, b.mptcpi_last_ack_recv);
	/* The client received nothing: its last_data_recv counts from the
	 * connection's start, before the last byte it sent.
	 */
	check(b.mptcpi_last_data_sent < b.mptcpi_last_data_recv,
	      "last data sent %u ms ago, not after the start (%u ms ago)",
	      b.mptcpi_last_data_sent, b.mptcpi_last_data_recv);
}

int main(int argc, char **argv)
{
	const char *netns = NULL, *addr = NULL;
	int port = 0, want = 2, opt, pipefd[2], fd, status;
	struct sockaddr_in a = { .sin_family = AF_INET };
	unsigned char buf[16384];
	struct timespec t0, t;
	bool checked = false;
	size_t sent = 0;
	pid_t child;
	char c;

	while ((opt = getopt(argc, argv, "s:a:p:n:")) != -1) {
		switch (opt) {
		case 's': netns = optarg; break;
		case 'a': addr = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'n': want = atoi(optarg); break;
		default: return 2;
		}
	}
	if (!netns || !addr || !port || want < 1 || want > MAX_SF) {
		fprintf(stderr, "usage: subflow_info -s SRV_NETNS -a ADDR -p PORT -n SUBFLOWS\n");
		return 2;
	}
	if (pipe(pipefd))
		die("pipe");
	child = fork();
	if (child < 0)
		die("fork");
	if (!child)
		exit(serve(netns, port, pipefd[1]));
	if (read(pipefd[0], &c, 1) != 1)
		die("server ready");

	a.sin_port = htons(port);
	inet_pton(AF_INET, addr, &a.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)))
		die("connect");

	/* Send slowly until the subflows are there, check, send the rest. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (sent < TOTAL) {
		size_t n = sizeof(buf), i;

		if (!checked) {
			n = 1024;
			if (subflows(fd) >= want) {
				check_arrays(fd, want);
				checked = true;
			} else {
				clock_gettime(CLOCK_MONOTONIC, &t);
				if (t.tv_sec - t0.tv_sec > 10) {
					check(false, "%d subflows after 10 s, want %d",
					      subflows(fd), want);
					checked = true;
				}
				usleep(10000);
			}
		}
		if (n > TOTAL - sent)
			n = TOTAL - sent;
		for (i = 0; i < n; i++)
			buf[i] = pattern(sent + i);
		if (write(fd, buf, n) != (ssize_t)n)
			die("write");
		sent += n;
	}
	check_idle_times(fd);
	close(fd);
	if (waitpid(child, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		check(false, "the server failed");
	return failures ? 1 : 0;
}
