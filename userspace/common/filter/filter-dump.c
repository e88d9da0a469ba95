// SPDX-License-Identifier: LGPL-2.1-only
/*
 * filter-dump.c - human-readable listing of filter bytecode, used by the
 * golden tests and by `filterc` to see what the compiler produced.
 *
 *   refs: 0 "prev_tid"
 *   0000: load_field 0 (prev_tid)
 *   0003: push_s32 5
 *   0008: eq
 *   0009: return
 */
#include <inttypes.h>
#include <string.h>

#include "../../../include/lttng-filter.h"
#include "filter.h"

static const char *const op_names[] = {
	[LTTNG_FILTER_OP_RETURN] = "return",
	[LTTNG_FILTER_OP_PUSH_S32] = "push_s32",
	[LTTNG_FILTER_OP_PUSH_S64] = "push_s64",
	[LTTNG_FILTER_OP_PUSH_STR] = "push_str",
	[LTTNG_FILTER_OP_PUSH_GLOB] = "push_glob",
	[LTTNG_FILTER_OP_LOAD_FIELD] = "load_field",
	[LTTNG_FILTER_OP_LOAD_ELEM] = "load_elem",
	[LTTNG_FILTER_OP_LOAD_CTX] = "load_ctx",
	[LTTNG_FILTER_OP_LOAD_CTX_REF] = "load_ctx_ref",
	[LTTNG_FILTER_OP_EQ] = "eq",
	[LTTNG_FILTER_OP_NE] = "ne",
	[LTTNG_FILTER_OP_LT] = "lt",
	[LTTNG_FILTER_OP_LE] = "le",
	[LTTNG_FILTER_OP_GT] = "gt",
	[LTTNG_FILTER_OP_GE] = "ge",
	[LTTNG_FILTER_OP_ADD] = "add",
	[LTTNG_FILTER_OP_SUB] = "sub",
	[LTTNG_FILTER_OP_MUL] = "mul",
	[LTTNG_FILTER_OP_DIV] = "div",
	[LTTNG_FILTER_OP_MOD] = "mod",
	[LTTNG_FILTER_OP_BIT_AND] = "bit_and",
	[LTTNG_FILTER_OP_BIT_OR] = "bit_or",
	[LTTNG_FILTER_OP_BIT_XOR] = "bit_xor",
	[LTTNG_FILTER_OP_LSHIFT] = "lshift",
	[LTTNG_FILTER_OP_RSHIFT] = "rshift",
	[LTTNG_FILTER_OP_NEG] = "neg",
	[LTTNG_FILTER_OP_BIT_NOT] = "bit_not",
	[LTTNG_FILTER_OP_NOT] = "not",
	[LTTNG_FILTER_OP_BOOL] = "bool",
	[LTTNG_FILTER_OP_AND] = "and",
	[LTTNG_FILTER_OP_OR] = "or",
};

static void put_bytes(FILE *out, const unsigned char *p, size_t n)
{
	size_t i;

	fputc('"', out);
	for (i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			fprintf(out, "\\%c", p[i]);
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			fputc(p[i], out);
		else
			fprintf(out, "\\x%02x", p[i]);
	}
	fputc('"', out);
}

int lttng_filter_dump(const void *bcv, size_t len, FILE *out)
{
	const unsigned char *bc = bcv;
	struct lttng_filter_header h;
	const unsigned char *code, *pool;
	size_t refs_len, pc;
	unsigned int i;

	if (len < sizeof(h))
		return -1;
	memcpy(&h, bc, sizeof(h));
	refs_len = (size_t)h.nr_refs * sizeof(struct lttng_filter_ref);
	if (h.magic != LTTNG_FILTER_MAGIC ||
	    sizeof(h) + refs_len + h.code_len + h.data_len != len)
		return -1;
	code = bc + sizeof(h) + refs_len;
	pool = code + h.code_len;
	for (i = 0; i < h.nr_refs; i++) {
		struct lttng_filter_ref r;

		memcpy(&r, bc + sizeof(h) + i * sizeof(r), sizeof(r));
		if ((size_t)r.name_off + r.name_len > h.data_len)
			return -1;
		fprintf(out, "ref %u: ", i);
		put_bytes(out, pool + r.name_off, r.name_len);
		fputc('\n', out);
	}
	for (pc = 0; pc < h.code_len;) {
		uint8_t op = code[pc];
		unsigned int ilen = lttng_filter_insn_len(op);
		uint32_t a, b;
		uint16_t s;
		int32_t v32;
		int64_t v64;

		if (!ilen || pc + ilen > h.code_len) {
			fprintf(out, "%04zx: bad 0x%02x\n", pc, op);
			return -1;
		}
		fprintf(out, "%04zx: %s", pc, op_names[op]);
		switch (op) {
		case LTTNG_FILTER_OP_PUSH_S32:
			memcpy(&v32, code + pc + 1, 4);
			fprintf(out, " %" PRId32, v32);
			break;
		case LTTNG_FILTER_OP_PUSH_S64:
			memcpy(&v64, code + pc + 1, 8);
			fprintf(out, " %" PRId64, v64);
			break;
		case LTTNG_FILTER_OP_PUSH_STR:
		case LTTNG_FILTER_OP_PUSH_GLOB:
			memcpy(&a, code + pc + 1, 4);
			memcpy(&b, code + pc + 5, 4);
			if ((uint64_t)a + b > h.data_len)
				return -1;
			fputc(' ', out);
			put_bytes(out, pool + a, b);
			break;
		case LTTNG_FILTER_OP_LOAD_FIELD:
		case LTTNG_FILTER_OP_LOAD_CTX:
		case LTTNG_FILTER_OP_LOAD_CTX_REF:
			memcpy(&s, code + pc + 1, 2);
			fprintf(out, " %u", s);
			break;
		case LTTNG_FILTER_OP_LOAD_ELEM:
			memcpy(&s, code + pc + 1, 2);
			memcpy(&a, code + pc + 3, 4);
			fprintf(out, " %u[%" PRIu32 "]", s, a);
			break;
		case LTTNG_FILTER_OP_AND:
		case LTTNG_FILTER_OP_OR:
			memcpy(&a, code + pc + 1, 4);
			fprintf(out, " -> %04" PRIx32, a);
			break;
		default:
			break;
		}
		fputc('\n', out);
		pc += ilen;
	}
	return 0;
}
