/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __FUZZ_SHIM_BITS_H
#define __FUZZ_SHIM_BITS_H
#define BIT(nr)	(1UL << (nr))
#endif
