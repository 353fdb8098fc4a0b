// SPDX-License-Identifier: GPL-2.0
/*
 * Keys to tokens and initial data sequence numbers (RFC 8684 section 3.1):
 * SHA-256 over the 64-bit key in network byte order; the token is the most
 * significant 32 bits of the digest, the IDSN the least significant 64.
 * And the HMAC-SHA256 that authenticates a join (section 3.2) and an
 * address announcement (section 3.4.1).
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

/*
 * HMAC-SHA256 (RFC 2104) keyed with two MPTCP keys, in network byte order.
 * The 16-byte key is shorter than a SHA-256 block, so it is zero-padded,
 * never hashed.
 */
static void mptcp_hmac(u64 key1, u64 key2, const u8 *msg, size_t len,
		       u8 out[SHA256_DIGEST_SIZE])
{
	u8 pad[SHA256_BLOCK_SIZE] = {};
	u8 inner[SHA256_DIGEST_SIZE];
	struct sha256_state st;
	int i;

	put_unaligned_be64(key1, pad);
	put_unaligned_be64(key2, pad + 8);
	for (i = 0; i < SHA256_BLOCK_SIZE; i++)
		pad[i] ^= 0x36;
	sha256_init(&st);
	sha256_update(&st, pad, sizeof(pad));
	sha256_update(&st, msg, len);
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

/**
 * mptcp_join_hmac - the HMAC of a join handshake (section 3.2)
 * @key1: the sender's key, first half of the HMAC key
 * @key2: the receiver's key, second half
 * @nonce1: the sender's random number, first half of the message
 * @nonce2: the receiver's random number
 * @out: the full digest; the wire carries its leftmost 64 or 160 bits
 */
void mptcp_join_hmac(u64 key1, u64 key2, u32 nonce1, u32 nonce2,
		     u8 out[SHA256_DIGEST_SIZE])
{
	u8 msg[8];

	put_unaligned_be32(nonce1, msg);
	put_unaligned_be32(nonce2, msg + 4);
	mptcp_hmac(key1, key2, msg, sizeof(msg), out);
}
EXPORT_SYMBOL_IF_KUNIT(mptcp_join_hmac);

/**
 * mptcp_add_addr_hmac - the truncated HMAC of an ADD_ADDR (section 3.4.1)
 * @key1: the announcing side's key
 * @key2: the receiving side's key
 * @addr: id, address and port (0 when the option carries none)
 *
 * The message is the id, the address and the port, two octets even when
 * absent; the option carries the rightmost 64 bits of the digest.
 */
u64 mptcp_add_addr_hmac(u64 key1, u64 key2, const struct mptcp_addr_info *addr)
{
	u8 msg[1 + 16 + 2], digest[SHA256_DIGEST_SIZE];
	size_t len = 1;

	msg[0] = addr->id;
#if IS_ENABLED(CONFIG_MPTCP_IPV6)
	if (addr->family == AF_INET6) {
		memcpy(msg + len, &addr->addr6, 16);
		len += 16;
	} else
#endif
	{
		memcpy(msg + len, &addr->addr, 4);
		len += 4;
	}
	memcpy(msg + len, &addr->port, 2);
	len += 2;
	mptcp_hmac(key1, key2, msg, len, digest);
	return get_unaligned_be64(digest + SHA256_DIGEST_SIZE - 8);
}
EXPORT_SYMBOL_IF_KUNIT(mptcp_add_addr_hmac);
