// SPDX-License-Identifier: GPL-2.0
/*
 * load: many MPTCP (or TCP) connections at once, every byte checked.
 *
 * Each connection carries its id and length in an 8-octet header, then
 * BYTES of a pattern that is a function of (id, offset); the server checks
 * them and answers with BYTES of the pattern of the id's complement, which
 * the client checks.  A byte landing on the wrong connection fails as
 * surely as a corrupted one.  One epoll loop per side, no threads.
 *
 *   load -l -a ADDR -p PORT [-6] [-n N]
 *        serve; exit after N clean connections (0: until SIGTERM)
 *   load -c ADDR -p PORT -n N -b BYTES [-6] [-W FILE] [-R SEC]
 *        open N connections at once and run them all; with -W, once all
 *        N have checked their answer, create FILE and hold every
 *        connection open until FILE is removed; with -R, churn for SEC
 *        seconds instead: each finished connection is closed and
 *        replaced at once, N always in flight
 *   -P tcp|mptcp (default mptcp)   -t SEC  give up after SEC (default 120)
 *
 * Prints one line of figures; exits 0 only if every connection completed
 * byte-exact (the server: and none failed).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif

#define HDR_LEN	8

struct conn {
	int fd;
	uint32_t id;
	uint64_t len;		/* payload each way */
	uint64_t sent, rcvd;	/* payload octets, after the header */
	uint8_t hdr[HDR_LEN];
	int hdr_done;		/* header octets sent (client) or read (server) */
	bool answered;		/* client: all of the answer checked */
};

static struct {
	bool listen, ipv6;
	const char *addr, *port, *hold_file;
	int proto, n, timeout, churn;
	uint64_t bytes;
} cfg = { .proto = IPPROTO_MPTCP, .timeout = 120 };

static volatile sig_atomic_t stop;
static int ep;

static uint8_t pattern(uint32_t id, uint64_t off)
{
	uint64_t x = (off + 1) * 0x9e3779b97f4a7c15ull ^ (uint64_t)id << 32 ^ id;

	return (uint8_t)(x >> 56 ^ x >> 23 ^ off);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "load: %s: %s\n", what, strerror(errno));
	exit(1);
}

static socklen_t sockaddr_of(struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (cfg.ipv6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons(atoi(cfg.port));
		if (inet_pton(AF_INET6, cfg.addr, &a->sin6_addr) != 1)
			die("bad IPv6 address");
		return sizeof(*a);
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;

	a->sin_family = AF_INET;
	a->sin_port = htons(atoi(cfg.port));
	if (inet_pton(AF_INET, cfg.addr, &a->sin_addr) != 1)
		die("bad IPv4 address");
	return sizeof(*a);
}

static void watch(struct conn *c, uint32_t events, int op)
{
	struct epoll_event ev = { .events = events, .data.ptr = c };

	if (epoll_ctl(ep, op, c->fd, &ev))
		die("epoll_ctl");
}

/* Send what is due; returns false on a hard error. */
static bool pump_out(struct conn *c, uint32_t pat_id)
{
	uint8_t buf[16384];

	while (c->hdr_done < HDR_LEN && pat_id == c->id) {
		ssize_t w = send(c->fd, c->hdr + c->hdr_done, HDR_LEN - c->hdr_done, MSG_NOSIGNAL);

		if (w < 0)
			return errno == EAGAIN;
		c->hdr_done += w;
	}
	while (c->sent < c->len) {
		size_t n = c->len - c->sent < sizeof(buf) ? c->len - c->sent : sizeof(buf);
		ssize_t w;

		for (size_t i = 0; i < n; i++)
			buf[i] = pattern(pat_id, c->sent + i);
		w = send(c->fd, buf, n, MSG_NOSIGNAL);
		if (w < 0)
			return errno == EAGAIN;
		c->sent += w;
	}
	return true;
}

/* Read and check what arrived; -1 error, 0 more to come, 1 peer closed. */
static int pump_in(struct conn *c, uint32_t pat_id, uint64_t want)
{
	uint8_t buf[16384];

	for (;;) {
		ssize_t r = recv(c->fd, buf, sizeof(buf), 0);

		if (r == 0)
			return c->rcvd == want ? 1 : -1;
		if (r < 0)
			return errno == EAGAIN ? 0 : -1;
		if (c->rcvd + r > want) {
			fprintf(stderr, "load: connection %u: %llu octets too many\n", c->id,
				(unsigned long long)(c->rcvd + r - want));
			return -1;
		}
		for (ssize_t i = 0; i < r; i++)
			if (buf[i] != pattern(pat_id, c->rcvd + i)) {
				fprintf(stderr, "load: connection %u: octet %llu differs\n", c->id,
					(unsigned long long)(c->rcvd + i));
				return -1;
			}
		c->rcvd += r;
	}
}

/* --- server ------------------------------------------------------------------ */

static int serve(void)
{
	struct sockaddr_storage ss;
	socklen_t sl = sockaddr_of(&ss);
	long clean = 0, failed = 0;
	struct conn lc = {};
	int one = 1;

	lc.fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK, cfg.proto);
	if (lc.fd < 0)
		die("socket");
	setsockopt(lc.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lc.fd, (struct sockaddr *)&ss, sl) || listen(lc.fd, 4096))
		die("bind/listen");
	watch(&lc, EPOLLIN, EPOLL_CTL_ADD);

	while (!stop && (!cfg.n || clean + failed < cfg.n)) {
		struct epoll_event evs[64];
		int k = epoll_wait(ep, evs, 64, 1000);

		for (int i = 0; i < k; i++) {
			struct conn *c = evs[i].data.ptr;
			int st;

			if (c == &lc) {
				int fd;

				while ((fd = accept4(lc.fd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
					c = calloc(1, sizeof(*c));
					c->fd = fd;
					watch(c, EPOLLIN, EPOLL_CTL_ADD);
				}
				continue;
			}
			while (c->hdr_done < HDR_LEN) {
				ssize_t r = recv(c->fd, c->hdr + c->hdr_done, HDR_LEN - c->hdr_done, 0);

				if (r <= 0) {
					if (r < 0 && errno == EAGAIN)
						goto next;
					goto bad;
				}
				c->hdr_done += r;
				if (c->hdr_done == HDR_LEN) {
					memcpy(&c->id, c->hdr, 4);
					memcpy(&c->len, c->hdr + 4, 4);
					c->len = (uint32_t)c->len;
				}
			}
			st = pump_in(c, c->id, c->len);
			if (st < 0)
				goto bad;
			if (c->rcvd == c->len && c->sent < c->len) {
				if (!pump_out(c, ~c->id))
					goto bad;
				watch(c, c->sent < c->len ? EPOLLIN | EPOLLOUT : EPOLLIN,
				      EPOLL_CTL_MOD);
			}
			if (st == 1) {	/* the client closed after checking */
				clean += c->sent == c->len;
				failed += c->sent != c->len;
				close(c->fd);
				free(c);
			}
			continue;
bad:
			fprintf(stderr, "load: server: connection %u failed after %llu octets\n",
				c->id, (unsigned long long)c->rcvd);
			failed++;
			close(c->fd);
			free(c);
next:;
		}
	}
	printf("load: server: %ld connections byte-exact, %ld failed\n", clean, failed);
	return failed ? 1 : 0;
}

/* --- client ------------------------------------------------------------------ */

static struct conn *open_conn(uint32_t id)
{
	struct sockaddr_storage ss;
	socklen_t sl = sockaddr_of(&ss);
	struct conn *c = calloc(1, sizeof(*c));
	uint32_t len32 = cfg.bytes;

	c->id = id;
	c->len = cfg.bytes;
	memcpy(c->hdr, &id, 4);
	memcpy(c->hdr + 4, &len32, 4);
	c->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK, cfg.proto);
	if (c->fd < 0)
		die("socket");
	if (connect(c->fd, (struct sockaddr *)&ss, sl) && errno != EINPROGRESS)
		die("connect");
	watch(c, EPOLLIN | EPOLLOUT, EPOLL_CTL_ADD);
	return c;
}

static int client(void)
{
	double start = now(), t_all = 0, end = start + cfg.churn;
	long done = 0, failed = 0, in_flight = 0;
	uint32_t next_id = 0;
	struct conn **held = calloc(cfg.n, sizeof(*held));
	int nheld = 0;

	for (; next_id < (uint32_t)cfg.n; next_id++, in_flight++)
		open_conn(next_id);

	while (in_flight && !stop) {
		struct epoll_event evs[64];
		int k = epoll_wait(ep, evs, 64, 1000);

		if (now() - start > cfg.timeout) {
			fprintf(stderr, "load: timed out with %ld connections unfinished\n", in_flight);
			return 1;
		}
		for (int i = 0; i < k; i++) {
			struct conn *c = evs[i].data.ptr;
			int st;

			if (evs[i].events & EPOLLERR) {
				int err = 0;
				socklen_t el = sizeof(err);

				getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
				errno = err;
				fprintf(stderr, "load: connection %u: %s\n", c->id, strerror(err));
				goto bad;
			}
			if (!pump_out(c, c->id))
				goto bad;
			if (c->sent == c->len && c->hdr_done == HDR_LEN)
				watch(c, EPOLLIN, EPOLL_CTL_MOD);
			st = pump_in(c, ~c->id, c->len);
			if (st < 0 || (st == 1 && c->rcvd != c->len))
				goto bad;
			if (c->rcvd < c->len)
				continue;
			/* checked: hold it, or close it (and replace it) */
			done++;
			in_flight--;
			if (cfg.hold_file) {
				epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
				held[nheld++] = c;
				continue;
			}
			close(c->fd);
			free(c);
			if (cfg.churn && now() < end) {
				open_conn(next_id++);
				in_flight++;
			}
			continue;
bad:
			fprintf(stderr, "load: connection %u failed (sent %llu, checked %llu of %llu)\n",
				c->id, (unsigned long long)c->sent, (unsigned long long)c->rcvd,
				(unsigned long long)c->len);
			failed++;
			in_flight--;
			close(c->fd);
			free(c);
		}
	}
	t_all = now() - start;
	if (failed || done < cfg.n) {
		fprintf(stderr, "load: %ld byte-exact, %ld failed\n", done, failed);
		return 1;
	}
	printf("load: client: %ld connections byte-exact in %.2f s (%.0f/s), %llu octets each way each\n",
	       done, t_all, done / t_all, (unsigned long long)cfg.bytes);
	fflush(stdout);
	if (cfg.hold_file) {
		int fd = open(cfg.hold_file, O_CREAT | O_WRONLY, 0644);

		if (fd < 0)
			die("hold file");
		close(fd);
		while (!access(cfg.hold_file, F_OK) && !stop && now() - start < cfg.timeout)
			usleep(50000);
		for (int i = 0; i < nheld; i++)
			close(held[i]->fd);
	}
	return 0;
}

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	struct rlimit rl;
	int c;

	while ((c = getopt(argc, argv, "la:c:p:6n:b:W:R:P:t:")) != -1) {
		switch (c) {
		case 'l': cfg.listen = true; break;
		case 'a': case 'c': cfg.addr = optarg; break;
		case 'p': cfg.port = optarg; break;
		case '6': cfg.ipv6 = true; break;
		case 'n': cfg.n = atoi(optarg); break;
		case 'b': cfg.bytes = strtoull(optarg, NULL, 0); break;
		case 'W': cfg.hold_file = optarg; break;
		case 'R': cfg.churn = atoi(optarg); break;
		case 't': cfg.timeout = atoi(optarg); break;
		case 'P':
			if (!strcmp(optarg, "tcp"))
				cfg.proto = IPPROTO_TCP;
			else if (strcmp(optarg, "mptcp"))
				goto usage;
			break;
		default:
			goto usage;
		}
	}
	if (!cfg.addr || !cfg.port || (!cfg.listen && (cfg.n <= 0 || cfg.bytes > UINT32_MAX)))
		goto usage;
	/* several thousand sockets: more than the default 1024 descriptors */
	if (getrlimit(RLIMIT_NOFILE, &rl))
		die("getrlimit");
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		die("setrlimit");
	if (rl.rlim_cur < (rlim_t)cfg.n + 16) {
		fprintf(stderr, "load: %d connections need more descriptors than the %llu allowed\n",
			cfg.n, (unsigned long long)rl.rlim_cur);
		return 1;
	}
	signal(SIGTERM, on_term);
	ep = epoll_create1(0);
	if (ep < 0)
		die("epoll_create1");
	return cfg.listen ? serve() : client();
usage:
	fprintf(stderr, "usage: load -l -a ADDR -p PORT [-6] [-n N] [-P tcp|mptcp]\n"
			"       load -c ADDR -p PORT -n N -b BYTES [-6] [-W FILE] [-R SEC] [-P tcp|mptcp] [-t SEC]\n");
	return 2;
}
