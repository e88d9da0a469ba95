/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hostile.h - hand-made filter bytecode that a verifier must refuse.
 *
 * Shared by the host unit test (tests/test-kernel.c, module/filter.c built
 * for user space) and the VM test (selftests/filter, the same file built
 * into a kernel module): hostile_case(i) builds case i into hb.out.
 *
 * The field table names fields of the test events of both tests
 * ("intfield", "strfield", "arr"): a case is refused for its structure,
 * never because of a field.  hb_mutant() makes the corrupted programs of
 * both tests' fuzzing.
 */
#ifndef _FILTER_TESTS_HOSTILE_H
#define _FILTER_TESTS_HOSTILE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../../../include/lttng-abi.h"
#include "../../../../include/lttng-filter.h"
#include "../filter.h"

struct hostile_builder {
	uint8_t code[LTTNG_FILTER_MAX_LEN + 64];
	size_t clen;
	char pool[4096];
	size_t plen;
	struct lttng_filter_ref refs[LTTNG_FILTER_REFS_MAX + 2];
	unsigned int nr_refs;
	uint8_t out[LTTNG_FILTER_MAX_LEN * 2];
};

static struct hostile_builder hb;

static inline void hb_reset(void)
{
	memset(&hb, 0, sizeof(hb));
}

static inline void hb_op(uint8_t o)
{
	hb.code[hb.clen++] = o;
}

static inline void hb_u16(uint8_t o, uint16_t a)
{
	hb_op(o);
	memcpy(hb.code + hb.clen, &a, 2);
	hb.clen += 2;
}

static inline void hb_u32(uint8_t o, uint32_t a)
{
	hb_op(o);
	memcpy(hb.code + hb.clen, &a, 4);
	hb.clen += 4;
}

static inline void hb_u32u32(uint8_t o, uint32_t a, uint32_t b)
{
	hb_u32(o, a);
	memcpy(hb.code + hb.clen, &b, 4);
	hb.clen += 4;
}

static inline void hb_elem(uint16_t ref, uint32_t idx)
{
	hb_u16(LTTNG_FILTER_OP_LOAD_ELEM, ref);
	memcpy(hb.code + hb.clen, &idx, 4);
	hb.clen += 4;
}

static inline uint32_t hb_pool(const char *s, size_t n)
{
	uint32_t off = (uint32_t)hb.plen;

	memcpy(hb.pool + hb.plen, s, n);
	hb.plen += n;
	return off;
}

static inline void hb_ref(const char *name)
{
	hb.refs[hb.nr_refs].name_off = hb_pool(name, strlen(name));
	hb.refs[hb.nr_refs].name_len = (uint16_t)strlen(name);
	hb.nr_refs++;
}

static inline struct lttng_filter_header *hb_hdr(void)
{
	return (struct lttng_filter_header *)hb.out;
}

static inline uint32_t hb_build(void)
{
	struct lttng_filter_header *h = hb_hdr();
	size_t off = sizeof(*h);

	h->magic = LTTNG_FILTER_MAGIC;
	h->version = LTTNG_FILTER_VERSION;
	h->nr_refs = (uint16_t)hb.nr_refs;
	h->code_len = (uint32_t)hb.clen;
	h->data_len = (uint32_t)hb.plen;
	memcpy(hb.out + off, hb.refs, hb.nr_refs * sizeof(hb.refs[0]));
	off += hb.nr_refs * sizeof(hb.refs[0]);
	memcpy(hb.out + off, hb.code, hb.clen);
	off += hb.clen;
	memcpy(hb.out + off, hb.pool, hb.plen);
	off += hb.plen;
	h->len = (uint32_t)off;
	return (uint32_t)off;
}

/* A valid program: intfield == 42 */
static inline void hb_base(void)
{
	hb_reset();
	hb_ref("intfield");
	hb_u16(LTTNG_FILTER_OP_LOAD_FIELD, 0);
	hb_u32(LTTNG_FILTER_OP_PUSH_S32, 42);
	hb_op(LTTNG_FILTER_OP_EQ);
	hb_op(LTTNG_FILTER_OP_RETURN);
}

/* push 1; <op> target; push 1; return */
static inline void hb_jump(uint8_t o, uint32_t target)
{
	hb_reset();
	hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
	hb_u32(o, target);
	hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
	hb_op(LTTNG_FILTER_OP_RETURN);
}

/* push <ctx>; push <lit> of kind op from pool "s"; <cmp>; return */
static inline void hb_ctx_lit(uint16_t ctx, uint8_t op, uint32_t off,
			      uint32_t len, const char *s, size_t n, uint8_t cmp)
{
	hb_reset();
	hb_u16(LTTNG_FILTER_OP_LOAD_CTX, ctx);
	hb_u32u32(op, off, len);
	hb_op(cmp);
	hb_op(LTTNG_FILTER_OP_RETURN);
	hb_pool(s, n);
}

/*
 * A mutant for fuzzing: expr compiled into buf (size bytes), then 1 to 4
 * of its bytes changed (a bit flipped, a random byte, or a plausible
 * opcode).  Returns its length, or 0 when expr does not compile or does
 * not fit.
 */
static inline size_t hb_mutant(const char *expr, unsigned int *seed,
			       uint8_t *buf, size_t size)
{
	struct lttng_filter_bytecode *bc;
	char err[256];
	size_t len;
	int m, k;

	if (lttng_filter_compile(expr, NULL, 0, &bc, err, sizeof(err)))
		return 0;
	len = bc->len;
	if (len <= size)
		memcpy(buf, bc->data, len);
	lttng_filter_bytecode_free(bc);
	if (len > size)
		return 0;
	m = 1 + rand_r(seed) % 4;
	for (k = 0; k < m; k++) {
		size_t at = rand_r(seed) % len;

		switch (rand_r(seed) % 3) {
		case 0:
			buf[at] ^= (uint8_t)(1 << (rand_r(seed) % 8));
			break;
		case 1:
			buf[at] = (uint8_t)rand_r(seed);
			break;
		default:
			/* only inside the code: plausible opcodes */
			buf[at] = (uint8_t)(rand_r(seed) % 0x45);
			break;
		}
	}
	return len;
}

/* Opcodes that are not in the ABI (holes and internal ones). */
static inline int hb_nth_unknown_opcode(unsigned int n)
{
	unsigned int op;

	for (op = 0; op < 0x100; op++)
		if (!lttng_filter_insn_len((uint8_t)op) && n-- == 0)
			return (int)op;
	return -1;
}

/*
 * Build hostile case i into hb.out.  Returns the length to submit (which
 * may differ from the header's), or -1 past the last case.
 */
static inline long hostile_case(unsigned int i, const char **name)
{
	/* push 1; <op> target; push 1; return: a jump to a bad place */
	static const struct hostile_jump {
		const char *name;
		uint8_t op;
		uint32_t target;
	} jumps[] = {
		{ "backward jump", LTTNG_FILTER_OP_AND, 0 },
		{ "jump to itself", LTTNG_FILTER_OP_OR, 5 },
		{ "jump past the end", LTTNG_FILTER_OP_OR, 1000 },
		{ "jump to the end of the code (not an instruction)", LTTNG_FILTER_OP_OR, 16 },
		{ "jump into the middle of an instruction", LTTNG_FILTER_OP_OR, 12 },
	};
	/* push <ctx>; push <literal>; <cmp>; return: a bad literal or types */
	static const struct hostile_lit {
		const char *name;
		uint16_t ctx;
		uint8_t op;
		uint32_t off, len;
		const char *s;
		size_t n;
		uint8_t cmp;
	} lits[] = {
		{ "string literal past the data pool",
		  LTTNG_ABI_CTX_PROCNAME, LTTNG_FILTER_OP_PUSH_STR,
		  0, 10, "abc", 3, LTTNG_FILTER_OP_EQ },
		{ "string literal offset overflowing 32 bits",
		  LTTNG_ABI_CTX_PROCNAME, LTTNG_FILTER_OP_PUSH_STR,
		  0xfffffff0U, 0x20, "abc", 3, LTTNG_FILTER_OP_EQ },
		{ "NUL inside a string literal",
		  LTTNG_ABI_CTX_PROCNAME, LTTNG_FILTER_OP_PUSH_STR,
		  0, 3, "a\0c", 3, LTTNG_FILTER_OP_EQ },
		{ "glob pattern ending in a lone backslash",
		  LTTNG_ABI_CTX_PROCNAME, LTTNG_FILTER_OP_PUSH_GLOB,
		  0, 3, "ab\\", 3, LTTNG_FILTER_OP_EQ },
		{ "string == integer",
		  LTTNG_ABI_CTX_TID, LTTNG_FILTER_OP_PUSH_STR,
		  0, 1, "x", 1, LTTNG_FILTER_OP_EQ },
		{ "string < glob",
		  LTTNG_ABI_CTX_PROCNAME, LTTNG_FILTER_OP_PUSH_GLOB,
		  0, 1, "*", 1, LTTNG_FILTER_OP_LT },
		{ "string + string",
		  LTTNG_ABI_CTX_PROCNAME, LTTNG_FILTER_OP_PUSH_STR,
		  0, 1, "x", 1, LTTNG_FILTER_OP_ADD },
	};
	uint32_t len;
	int k, op;

#define CASE(_name) if (i-- == 0 && ((*name = (_name)), 1))
/* The base program built, then its header spoiled: */
#define HEADER_CASE(_name, _spoil)					\
	CASE(_name) {							\
		hb_base();						\
		len = hb_build();					\
		_spoil;							\
		return len;						\
	}
/* The base program with its field table or pool spoiled, then built: */
#define BASE_CASE(_name, _spoil)					\
	CASE(_name) {							\
		hb_base();						\
		_spoil;							\
		return hb_build();					\
	}
	HEADER_CASE("bad magic", hb_hdr()->magic ^= 1)
	HEADER_CASE("unknown version", hb_hdr()->version = 2)
	HEADER_CASE("reserved header field set", hb_hdr()->reserved = 1)
	HEADER_CASE("header length larger than the buffer",
		    hb_hdr()->len = len + 1)
	HEADER_CASE("section lengths do not add up", hb_hdr()->code_len += 1)
	HEADER_CASE("too many field table entries",
		    hb_hdr()->nr_refs = LTTNG_FILTER_REFS_MAX + 1)
	CASE("buffer shorter than the header says") {
		hb_base();
		return hb_build() - 1;
	}
	CASE("buffer shorter than a header") {
		hb_base();
		hb_build();
		return 10;
	}
	CASE("zero length") {
		return 0;
	}
	CASE("longer than LTTNG_FILTER_MAX_LEN") {
		hb_base();
		hb_build();
		return LTTNG_FILTER_MAX_LEN + 1;
	}
	CASE("empty stack at RETURN") {
		hb_reset();
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
	CASE("no code at all") {
		hb_reset();
		return hb_build();
	}
	BASE_CASE("field name outside the data pool", hb.refs[0].name_off = 100)
	BASE_CASE("empty field name", hb.refs[0].name_len = 0)
	BASE_CASE("field table reserved bits set", hb.refs[0].reserved = 7)
	BASE_CASE("NUL inside a field name", hb.pool[2] = '\0')
	for (k = 0; (op = hb_nth_unknown_opcode(k)) >= 0; k++) {
		CASE("unknown opcode (hole or internal)") {
			hb_reset();
			hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
			hb_op((uint8_t)op);
			hb_op(LTTNG_FILTER_OP_RETURN);
			return hb_build();
		}
	}
	CASE("truncated instruction at the end") {
		hb_reset();
		hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
		hb.clen -= 2;
		return hb_build();
	}
	CASE("no RETURN at the end") {
		hb_reset();
		hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
		return hb_build();
	}
	CASE("RETURN before the end") {
		hb_reset();
		hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
		hb_op(LTTNG_FILTER_OP_RETURN);
		hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
	for (k = 0; k < (int)(sizeof(jumps) / sizeof(jumps[0])); k++) {
		CASE(jumps[k].name) {
			hb_jump(jumps[k].op, jumps[k].target);
			return hb_build();
		}
	}
	CASE("jump and fall-through reach RETURN with different depths") {
		hb_reset();
		hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
		hb_u32(LTTNG_FILTER_OP_AND, 20);
		hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
		hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
	CASE("jump brings an int where fall-through brings a string") {
		hb_reset();
		hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
		hb_u32(LTTNG_FILTER_OP_AND, 19);
		hb_u32u32(LTTNG_FILTER_OP_PUSH_STR, 0, 1);
		hb_op(LTTNG_FILTER_OP_RETURN);
		hb_pool("x", 1);
		return hb_build();
	}
	CASE("binary operator on an empty stack") {
		hb_reset();
		hb_op(LTTNG_FILTER_OP_EQ);
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
	CASE("unary operator on an empty stack") {
		hb_reset();
		hb_op(LTTNG_FILTER_OP_NOT);
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
	CASE("AND on an empty stack") {
		hb_reset();
		hb_u32(LTTNG_FILTER_OP_AND, 5);
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
	CASE("17 values on the stack") {
		hb_reset();
		for (k = 0; k < LTTNG_FILTER_STACK_MAX + 1; k++)
			hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
		for (k = 1; k < LTTNG_FILTER_STACK_MAX + 1; k++)
			hb_op(LTTNG_FILTER_OP_ADD);
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
	CASE("two values left at RETURN") {
		hb_reset();
		hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
		hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
	CASE("field reference with an empty field table") {
		hb_reset();
		hb_u16(LTTNG_FILTER_OP_LOAD_FIELD, 0);
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
	BASE_CASE("field reference past the field table", hb.code[1] = 1)
	CASE("element load past the field table") {
		hb_reset();
		hb_ref("arr");
		hb_elem(3, 0);
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
	CASE("perf counter context") {
		hb_reset();
		hb_u16(LTTNG_FILTER_OP_LOAD_CTX, LTTNG_ABI_CTX_PERF_CPU_COUNTER);
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
	CASE("unknown context id") {
		hb_reset();
		hb_u16(LTTNG_FILTER_OP_LOAD_CTX, 999);
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
	for (k = 0; k < (int)(sizeof(lits) / sizeof(lits[0])); k++) {
		CASE(lits[k].name) {
			const struct hostile_lit *l = &lits[k];

			hb_ctx_lit(l->ctx, l->op, l->off, l->len, l->s, l->n,
				   l->cmp);
			return hb_build();
		}
	}
	CASE("glob == glob") {
		hb_reset();
		hb_u32u32(LTTNG_FILTER_OP_PUSH_GLOB, 0, 1);
		hb_u32u32(LTTNG_FILTER_OP_PUSH_GLOB, 0, 1);
		hb_op(LTTNG_FILTER_OP_EQ);
		hb_op(LTTNG_FILTER_OP_RETURN);
		hb_pool("*", 1);
		return hb_build();
	}
	CASE("RETURN of a string") {
		hb_reset();
		hb_u16(LTTNG_FILTER_OP_LOAD_CTX, LTTNG_ABI_CTX_PROCNAME);
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
	CASE("OR on a string") {
		hb_reset();
		hb_u16(LTTNG_FILTER_OP_LOAD_CTX, LTTNG_ABI_CTX_PROCNAME);
		hb_u32(LTTNG_FILTER_OP_OR, 13);
		hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
		hb_op(LTTNG_FILTER_OP_BOOL);
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
	CASE("negation of a string") {
		hb_reset();
		hb_u16(LTTNG_FILTER_OP_LOAD_CTX, LTTNG_ABI_CTX_HOSTNAME);
		hb_op(LTTNG_FILTER_OP_NEG);
		hb_op(LTTNG_FILTER_OP_RETURN);
		return hb_build();
	}
#undef BASE_CASE
#undef HEADER_CASE
#undef CASE
	return -1;
}

#endif /* _FILTER_TESTS_HOSTILE_H */
