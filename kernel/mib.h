/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MPTCP counters, exported in /proc/net/netstat as the "MPTcpExt" group.
 *
 * The names are userspace ABI (nstat, upstream selftests, monitoring scripts
 * grep for them), so each one is spelled exactly as upstream Linux spells it.
 * One list drives both the enum and the name table, so they cannot drift.
 */
#ifndef __MPTCP_MIB_H
#define __MPTCP_MIB_H

#include <net/net_namespace.h>
#include <net/snmp.h>

/* X(enum suffix, name shown to userspace) */
#define MPTCP_MIB_LIST(X)						\
	X(MPC_SYN_RX,		"MPCapableSYNRX")			\
	X(MPC_SYN_TX,		"MPCapableSYNTX")			\
	X(MPC_SYNACK_RX,	"MPCapableSYNACKRX")			\
	X(MPC_ACK_RX,		"MPCapableACKRX")			\
	X(MPC_FALLBACK_ACK,	"MPCapableFallbackACK")			\
	X(MPC_FALLBACK_SYNACK,	"MPCapableFallbackSYNACK")		\
	X(MPC_SYN_TX_DROP,	"MPCapableSYNTXDrop")			\
	X(MPC_SYN_TX_DISABLED,	"MPCapableSYNTXDisabled")		\
	X(MPC_ENDP_ATTEMPT,	"MPCapableEndpAttempt")			\
	X(TOKEN_FALLBACK_INIT,	"MPFallbackTokenInit")			\
	X(RETRANS,		"MPTCPRetrans")				\
	X(JOIN_NO_TOKEN,	"MPJoinNoTokenFound")			\
	X(JOIN_SYN_RX,		"MPJoinSynRx")				\
	X(JOIN_SYN_BACKUP_RX,	"MPJoinSynBackupRx")			\
	X(JOIN_SYNACK_RX,	"MPJoinSynAckRx")			\
	X(JOIN_SYNACK_BACKUP_RX, "MPJoinSynAckBackupRx")		\
	X(JOIN_SYNACK_HMAC,	"MPJoinSynAckHMacFailure")		\
	X(JOIN_ACK_RX,		"MPJoinAckRx")				\
	X(JOIN_ACK_HMAC,	"MPJoinAckHMacFailure")			\
	X(JOIN_SYN_TX,		"MPJoinSynTx")				\
	X(JOIN_SYN_TX_CREAT_ERR, "MPJoinSynTxCreatSkErr")		\
	X(JOIN_SYN_TX_BIND_ERR,	"MPJoinSynTxBindErr")			\
	X(JOIN_SYN_TX_CONN_ERR,	"MPJoinSynTxConnectErr")		\
	X(DSS_NO_MATCH,		"DSSNotMatching")			\
	X(DSS_CORRUPT_FALLBACK,	"DSSCorruptionFallback")		\
	X(DSS_CORRUPT_RESET,	"DSSCorruptionReset")			\
	X(INFINITE_MAP_TX,	"InfiniteMapTx")			\
	X(INFINITE_MAP_RX,	"InfiniteMapRx")			\
	X(DSS_TCP_MISMATCH,	"DSSNoMatchTCP")			\
	X(DATA_CSUM_ERR,	"DataCsumErr")				\
	X(OFO_QUEUE_TAIL,	"OFOQueueTail")				\
	X(OFO_QUEUE,		"OFOQueue")				\
	X(OFO_MERGE,		"OFOMerge")				\
	X(NO_DSS_WINDOW,	"NoDSSInWindow")			\
	X(DUP_DATA,		"DuplicateData")			\
	X(ADD_ADDR_RX,		"AddAddr")				\
	X(ADD_ADDR_TX,		"AddAddrTx")				\
	X(ADD_ADDR_TX_DROP,	"AddAddrTxDrop")			\
	X(ECHO_ADD_RX,		"EchoAdd")				\
	X(ECHO_ADD_TX,		"EchoAddTx")				\
	X(ECHO_ADD_TX_DROP,	"EchoAddTxDrop")			\
	X(PORT_ADD_RX,		"PortAdd")				\
	X(ADD_ADDR_DROP,	"AddAddrDrop")				\
	X(JOIN_PORT_SYN_RX,	"MPJoinPortSynRx")			\
	X(JOIN_PORT_SYNACK_RX,	"MPJoinPortSynAckRx")			\
	X(JOIN_PORT_ACK_RX,	"MPJoinPortAckRx")			\
	X(MISMATCH_PORT_SYN_RX,	"MismatchPortSynRx")			\
	X(MISMATCH_PORT_ACK_RX,	"MismatchPortAckRx")			\
	X(RM_ADDR_RX,		"RmAddr")				\
	X(RM_ADDR_DROP,		"RmAddrDrop")				\
	X(RM_ADDR_TX,		"RmAddrTx")				\
	X(RM_ADDR_TX_DROP,	"RmAddrTxDrop")				\
	X(RM_SUBFLOW,		"RmSubflow")				\
	X(MP_PRIO_TX,		"MPPrioTx")				\
	X(MP_PRIO_RX,		"MPPrioRx")				\
	X(MP_FAIL_TX,		"MPFailTx")				\
	X(MP_FAIL_RX,		"MPFailRx")				\
	X(FASTCLOSE_TX,		"MPFastcloseTx")			\
	X(FASTCLOSE_RX,		"MPFastcloseRx")			\
	X(RST_TX,		"MPRstTx")				\
	X(RST_RX,		"MPRstRx")				\
	X(RCV_PRUNED,		"RcvPruned")				\
	X(SUBFLOW_STALE,	"SubflowStale")				\
	X(SUBFLOW_RECOVER,	"SubflowRecover")			\
	X(SND_WND_SHARED,	"SndWndShared")				\
	X(RCV_WND_SHARED,	"RcvWndShared")				\
	X(RCV_WND_CONFLICT_UPD,	"RcvWndConflictUpdate")			\
	X(RCV_WND_CONFLICT,	"RcvWndConflict")			\
	X(CURR_ESTAB,		"MPCurrEstab")				\
	X(BLACKHOLE,		"Blackhole")				\
	X(MPC_DATA_FALLBACK,	"MPCapableDataFallback")		\
	X(MD5SIG_FALLBACK,	"MD5SigFallback")			\
	X(DSS_FALLBACK,		"DssFallback")				\
	X(SIMULT_CONN_FALLBACK,	"SimultConnectFallback")		\
	X(FALLBACK_FAILED,	"FallbackFailed")			\
	/* ours: no upstream equivalent */				\
	X(SCHED_EJECT,		"SchedEjected")				\
	X(PM_EJECT,		"PmEjected")				\
	X(OPT_MALFORMED,	"MalformedOption")

#define MPTCP_MIB_ENUM(id, name)	MPTCP_MIB_##id,
enum mptcp_mib_field {
	MPTCP_MIB_LIST(MPTCP_MIB_ENUM)
	MPTCP_MIB_MAX
};
#undef MPTCP_MIB_ENUM

/* Referenced by struct netns_mib; the percpu block itself is allocated when
 * the namespace comes up (ctrl.c) and freed by ipv4_mib_exit_net().
 */
struct mptcp_mib {
	unsigned long mibs[MPTCP_MIB_MAX];
};

extern const char * const mptcp_mib_names[MPTCP_MIB_MAX];

int mptcp_mib_alloc(struct net *net);

static inline void mptcp_mib_inc(const struct net *net, enum mptcp_mib_field f)
{
	if (likely(net->mib.mptcp_statistics))
		SNMP_INC_STATS(net->mib.mptcp_statistics, f);
}

static inline void __mptcp_mib_inc(const struct net *net, enum mptcp_mib_field f)
{
	if (likely(net->mib.mptcp_statistics))
		__SNMP_INC_STATS(net->mib.mptcp_statistics, f);
}

static inline void __mptcp_mib_add(const struct net *net, enum mptcp_mib_field f,
				   int n)
{
	if (likely(net->mib.mptcp_statistics))
		__SNMP_ADD_STATS(net->mib.mptcp_statistics, f, n);
}

static inline void mptcp_mib_dec(const struct net *net, enum mptcp_mib_field f)
{
	if (likely(net->mib.mptcp_statistics))
		SNMP_DEC_STATS(net->mib.mptcp_statistics, f);
}

#endif /* __MPTCP_MIB_H */
