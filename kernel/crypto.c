// SPDX-License-Identifier: GPL-2.0
/*
 * Keys to tokens and initial data sequence numbers (RFC 8684 section 3.1):
 * SHA-256 over the 64-bit key in network byte order; the token is the most
 * significant 32 bits of the digest, the IDSN the least significant 64.
 */
#include <crypto/sha2.h>
#include <kunit/visibility.h>
#include <linux/unaligned.h>

#include "protocol.h"

void mptcp_key_derive(u64 key, u32 *token, u64 *idsn)
{
	u8 digest[SHA256_DIGEST_SIZE];
	__be64 input = cpu_to_be64(key);

	sha256((const u8 *)&input, sizeof(input), digest);
	if (token)
		*token = get_unaligned_be32(digest);
	if (idsn)
		*idsn = get_unaligned_be64(digest + SHA256_DIGEST_SIZE - 8);
}
EXPORT_SYMBOL_IF_KUNIT(mptcp_key_derive);
