// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_ecf: Earliest Completion First (Lim et al., CoNEXT 2017).  New data
 * goes to the fastest subflow (lowest smoothed RTT) while it has room;
 * when it is busy and only a slower one could send, ECF estimates whether
 * waiting for the fast one still finishes the remaining data sooner, and
 * if so holds the data back (MPTCP_SCHED_WAIT) instead of committing it
 * to the slow path.  Backups only when nothing else is usable.
 *
 * Use it for paths of very different RTT (Wi-Fi + cellular, terrestrial +
 * satellite) carrying finite transfers (web pages, video segments), where
 * the last bytes stuck on the slow path decide the completion time.
 */
#include "mptcp_bpf.h"

char _license[] SEC("license") = "GPL";

struct ecf_state {
	__u8	waiting;	/* the last decision held data back */
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct ecf_state);
} ecf_state SEC(".maps");

/* Waiting for the fast subflow (x_f bytes per rtt_f) finishes the @left
 * bytes sooner than starting on the slow one (x_s per rtt_s), with the
 * paper's hysteresis (beta = 1/4) once waiting.
 */
static __always_inline bool worth_waiting(__u64 left, const struct subflow_tcp *f,
					  const struct subflow_tcp *s, bool waiting)
{
	__u64 x_f = (__u64)f->cwnd * f->mss, x_s = (__u64)s->cwnd * s->mss;
	__u64 delta = f->mdev_us > s->mdev_us ? f->mdev_us : s->mdev_us;
	__u64 rounds = 1 + left / (x_f ? : 1);

	if (rounds * f->srtt_us * 4 >= (4 + waiting) * (s->srtt_us + delta))
		return false;
	return (left / (x_s ? : 1)) * s->srtt_us >= 2 * f->srtt_us + delta;
}

SEC("struct_ops")
int BPF_PROG(ecf_get_send, struct mptcp_sock *msk)
{
	struct subflow_tcp f, s;
	struct rtt_pick p;
	int ret;
	struct ecf_state *st;

	pick_by_rtt(msk, &p);
	if (rtt_pick_settled(&p, &ret))
		return ret;

	st = bpf_sk_storage_get(&ecf_state, msk, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (st && p.avail != p.fast && subflow_tcp_read(p.fast, &f) &&
	    subflow_tcp_read(p.avail, &s) &&
	    worth_waiting(msk->write_seq - msk->snd_nxt, &f, &s, st->waiting)) {
		st->waiting = 1;
		return MPTCP_SCHED_WAIT;
	}
	if (st)
		st->waiting = 0;
	mptcp_subflow_set_scheduled(p.avail, true);
	return 0;
}

SEC("struct_ops")
void BPF_PROG(ecf_release, struct mptcp_sock *msk)
{
	bpf_sk_storage_delete(&ecf_state, msk);
}

SEC(".struct_ops")
struct mptcp_sched_ops ecf = {
	.get_send	= (void *)ecf_get_send,
	.release	= (void *)ecf_release,
	.name		= "bpf_ecf",
};
