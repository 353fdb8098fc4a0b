// SPDX-License-Identifier: GPL-2.0
/*
 * Keys to tokens and initial data sequence numbers (RFC 8684 section 3.1):
 * SHA-256 over the 64-bit key in network byte order; the token is the most
 * significant 32 bits of the digest, the IDSN the least significant 64.
 * And the HMAC-SHA256 that authenticates a join (section 3.2).
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

/**
 * mptcp_join_hmac - HMAC-SHA256 of a join handshake (RFC 2104, section 3.2)
 * @key1: the sender's key, first half of the HMAC key
 * @key2: the receiver's key, second half
 * @nonce1: the sender's random number, first half of the message
 * @nonce2: the receiver's random number
 * @out: the full digest; the wire carries its leftmost 64 or 160 bits
 *
 * Keys and nonces enter in network byte order.  The 16-byte key is shorter
 * than a SHA-256 block, so it is zero-padded, never hashed.
 */
void mptcp_join_hmac(u64 key1, u64 key2, u32 nonce1, u32 nonce2,
		     u8 out[SHA256_DIGEST_SIZE])
{
	u8 pad[SHA256_BLOCK_SIZE] = {};
	u8 inner[SHA256_DIGEST_SIZE];
	struct sha256_state st;
	u8 msg[8];
	int i;

	put_unaligned_be32(nonce1, msg);
	put_unaligned_be32(nonce2, msg + 4);

	put_unaligned_be64(key1, pad);
	put_unaligned_be64(key2, pad + 8);
	for (i = 0; i < SHA256_BLOCK_SIZE; i++)
		pad[i] ^= 0x36;
	sha256_init(&st);
	sha256_update(&st, pad, sizeof(pad));
	sha256_update(&st, msg, sizeof(msg));
	sha256_final(&st, inner);

	/* ipad ^ opad turns the inner pad into the outer one */
	for (i = 0; i < SHA256_BLOCK_SIZE; i++)
		pad[i] ^= 0x36 ^ 0x5c;
	sha256_init(&st);
	sha256_update(&st, pad, sizeof(pad));
	sha256_update(&st, inner, sizeof(inner));
	sha256_final(&st, out);
	memzero_explicit(pad, sizeof(pad));
}
EXPORT_SYMBOL_IF_KUNIT(mptcp_join_hmac);
