/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-ins for the kernel types kernel/wire.c uses. */
#ifndef __FUZZ_SHIM_TYPES_H
#define __FUZZ_SHIM_TYPES_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef uint16_t __be16;
typedef uint32_t __be32;
typedef uint64_t __be64;
typedef uint16_t __sum16;
typedef uint32_t __wsum;

/* The configuration the kernel is built with (tools/config/mptcp.config) */
#define IS_ENABLED(option)	1
#define fallthrough		__attribute__((__fallthrough__))

static inline __wsum csum_unfold(__sum16 n)
{
	return (__wsum)n;
}

#endif
