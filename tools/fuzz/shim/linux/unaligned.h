/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's unaligned accessors, through packed structs as the kernel's. */
#ifndef __FUZZ_SHIM_UNALIGNED_H
#define __FUZZ_SHIM_UNALIGNED_H

#include <linux/types.h>

#define __unaligned_t(type)	struct { type x; } __attribute__((__packed__))
#define get_unaligned(ptr)	(((const __unaligned_t(__typeof_unqual__(*(ptr)))*)(const void *)(ptr))->x)
#define put_unaligned(val, ptr)	((void)(((__unaligned_t(__typeof_unqual__(*(ptr)))*)(void *)(ptr))->x = (val)))

static inline u16 get_unaligned_be16(const void *p)
{
	return __builtin_bswap16(get_unaligned((const u16 *)p));
}

static inline u32 get_unaligned_be32(const void *p)
{
	return __builtin_bswap32(get_unaligned((const u32 *)p));
}

static inline u64 get_unaligned_be64(const void *p)
{
	return __builtin_bswap64(get_unaligned((const u64 *)p));
}

static inline void put_unaligned_be16(u16 v, void *p)
{
	put_unaligned(__builtin_bswap16(v), (u16 *)p);
}

static inline void put_unaligned_be32(u32 v, void *p)
{
	put_unaligned(__builtin_bswap32(v), (u32 *)p);
}

static inline void put_unaligned_be64(u64 v, void *p)
{
	put_unaligned(__builtin_bswap64(v), (u64 *)p);
}

#endif
