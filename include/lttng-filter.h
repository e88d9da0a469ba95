/* SPDX-License-Identifier: (GPL-2.0-only OR LGPL-2.1-only) */
/*
 * lttng-filter.h - the filter bytecode, shared by user space and the module.
 *
 * A filter expression (`lttng enable-event --filter 'EXPR'`) is compiled in
 * user space (userspace/common/filter/) into the bytecode described here,
 * handed to the module with LTTNG_EVENT_FILTER (struct lttng_abi_filter),
 * verified and linked there (module/filter.c), then run by the probes before
 * a record is reserved.  Documentation/filters.rst has the whole story.
 *
 * Layout (all offsets in bytes; integers in host byte order: the compiler
 * and the module run on the same machine; operands are unaligned):
 *
 *   struct lttng_filter_header              24 bytes
 *   struct lttng_filter_ref[nr_refs]        field table, 8 bytes each
 *   code[code_len]                          instructions
 *   data[data_len]                          names and string literals
 *
 * and header.len is exactly the sum of the four parts.
 *
 * Field table: an event field is named once in the field table; the code
 * loads it BY INDEX in that table (LOAD_FIELD ref).  The module links the
 * table against the fields of each event the rule applies to (a wildcard
 * rule applies to events with different field lists): an entry whose name
 * the event does not have makes the filter false for that event, as LTTng
 * does ("when a field doesn't exist, EXPR is false").
 *
 * Machine: a stack of at most LTTNG_FILTER_STACK_MAX values; a value is an
 * integer (s64), a string (bytes + bound) or a star-glob pattern.  Every
 * instruction is one opcode byte followed by its operands, whose sizes are
 * fixed by the opcode (see the table below).  Jumps go forward only, to the
 * start of an instruction.  The last instruction is RETURN.
 *
 * Semantics follow LTTng 2.13: integers are s64 (fields are cast to s64);
 * bitwise operators work on the u64 representation; a shift count outside
 * [0, 63], a division or modulo by zero and an array index out of bounds
 * make the whole filter false; comparisons and logical operators give 0/1.
 */
#ifndef _LTTNG_FILTER_H
#define _LTTNG_FILTER_H

#include <linux/types.h>

#define LTTNG_FILTER_MAGIC	0x4C54464CU	/* "LFTL" */
#define LTTNG_FILTER_VERSION	1

#define LTTNG_FILTER_STACK_MAX	16	/* values on the stack */
#define LTTNG_FILTER_REFS_MAX	256	/* field table entries */
#define LTTNG_FILTER_STR_MAX	1024	/* bytes of one string literal */
#define LTTNG_FILTER_NAME_MAX	256	/* bytes of a field name, no NUL */

struct lttng_filter_header {
	__u32 magic;		/* LTTNG_FILTER_MAGIC */
	__u16 version;		/* LTTNG_FILTER_VERSION */
	__u16 nr_refs;		/* field table entries */
	__u32 len;		/* whole bytecode, this header included */
	__u32 code_len;		/* bytes of instructions */
	__u32 data_len;		/* bytes of the data pool */
	__u32 reserved;		/* must be 0 */
};

/* A field table entry: the name of an event field, in the data pool. */
struct lttng_filter_ref {
	__u32 name_off;		/* offset in the data pool */
	__u16 name_len;		/* bytes, no NUL, 1..LTTNG_FILTER_NAME_MAX */
	__u16 reserved;		/* must be 0 */
};

/*
 * Opcodes.  "pop a, b" means b is the top of the stack and a the value
 * below it (a OP b).  int: s64; str: string; glob: star-glob pattern.
 *
 *  opcode               operands             stack effect
 */
enum lttng_filter_op {
	/* end: pop int; the filter matches when it is not 0 */
	LTTNG_FILTER_OP_RETURN		= 0x00,	/* -                    */
	LTTNG_FILTER_OP_PUSH_S32	= 0x01,	/* s32 value            push int */
	LTTNG_FILTER_OP_PUSH_S64	= 0x02,	/* s64 value            push int */
	LTTNG_FILTER_OP_PUSH_STR	= 0x03,	/* u32 off, u32 len     push str */
	LTTNG_FILTER_OP_PUSH_GLOB	= 0x04,	/* u32 off, u32 len     push glob */
	/* int for integer/enum fields, str for strings and text arrays */
	LTTNG_FILTER_OP_LOAD_FIELD	= 0x05,	/* u16 ref              push */
	/* element of an array or sequence of integers: push int */
	LTTNG_FILTER_OP_LOAD_ELEM	= 0x06,	/* u16 ref, u32 index   push int */
	/* statically-known context: enum lttng_abi_context_type */
	LTTNG_FILTER_OP_LOAD_CTX	= 0x07,	/* u16 context id       push */
	/*
	 * a context of the event's channel, by the name of its field (a
	 * field table entry): the perf counters ("perf_cpu_cycles"); the
	 * filter is false for the events of a channel without it
	 */
	LTTNG_FILTER_OP_LOAD_CTX_REF	= 0x08,	/* u16 ref              push int */

	/*
	 * comparisons: pop a, b; push int 0/1.  int/int or str/str, and
	 * for EQ/NE also str/glob or glob/str (glob match).
	 */
	LTTNG_FILTER_OP_EQ		= 0x10,
	LTTNG_FILTER_OP_NE		= 0x11,
	LTTNG_FILTER_OP_LT		= 0x12,
	LTTNG_FILTER_OP_LE		= 0x13,
	LTTNG_FILTER_OP_GT		= 0x14,
	LTTNG_FILTER_OP_GE		= 0x15,

	/* arithmetic and bitwise: pop int a, int b; push int */
	LTTNG_FILTER_OP_ADD		= 0x20,
	LTTNG_FILTER_OP_SUB		= 0x21,
	LTTNG_FILTER_OP_MUL		= 0x22,
	LTTNG_FILTER_OP_DIV		= 0x23,	/* b == 0: filter false */
	LTTNG_FILTER_OP_MOD		= 0x24,	/* b == 0: filter false */
	LTTNG_FILTER_OP_BIT_AND		= 0x25,
	LTTNG_FILTER_OP_BIT_OR		= 0x26,
	LTTNG_FILTER_OP_BIT_XOR		= 0x27,
	LTTNG_FILTER_OP_LSHIFT		= 0x28,	/* b not in [0,63]: false */
	LTTNG_FILTER_OP_RSHIFT		= 0x29,	/* logical (u64) shift */

	/* unary: pop int; push int */
	LTTNG_FILTER_OP_NEG		= 0x30,
	LTTNG_FILTER_OP_BIT_NOT		= 0x31,
	LTTNG_FILTER_OP_NOT		= 0x32,	/* logical: 0/1 */
	LTTNG_FILTER_OP_BOOL		= 0x33,	/* x != 0: 0/1 */

	/*
	 * Short-circuit: the operand is the target, an offset from the
	 * start of the code, greater than the offset of this instruction.
	 * AND: if the top int is 0, jump (keeping the 0), else pop it.
	 * OR:  if the top int is not 0, replace it by 1 and jump, else pop.
	 */
	LTTNG_FILTER_OP_AND		= 0x40,	/* u32 target */
	LTTNG_FILTER_OP_OR		= 0x41,	/* u32 target */

	LTTNG_FILTER_OP_NR_ABI		= 0x80,	/* opcodes >= this are invalid */
};

/* Size of an instruction (opcode byte included), 0 for unknown opcodes. */
static inline unsigned int lttng_filter_insn_len(__u8 op)
{
	switch (op) {
	case LTTNG_FILTER_OP_RETURN:
		return 1;
	case LTTNG_FILTER_OP_PUSH_S32:
		return 1 + 4;
	case LTTNG_FILTER_OP_PUSH_S64:
		return 1 + 8;
	case LTTNG_FILTER_OP_PUSH_STR:
	case LTTNG_FILTER_OP_PUSH_GLOB:
		return 1 + 4 + 4;
	case LTTNG_FILTER_OP_LOAD_FIELD:
	case LTTNG_FILTER_OP_LOAD_CTX:
	case LTTNG_FILTER_OP_LOAD_CTX_REF:
		return 1 + 2;
	case LTTNG_FILTER_OP_LOAD_ELEM:
		return 1 + 2 + 4;
	case LTTNG_FILTER_OP_EQ ... LTTNG_FILTER_OP_GE:
	case LTTNG_FILTER_OP_ADD ... LTTNG_FILTER_OP_RSHIFT:
	case LTTNG_FILTER_OP_NEG ... LTTNG_FILTER_OP_BOOL:
		return 1;
	case LTTNG_FILTER_OP_AND:
	case LTTNG_FILTER_OP_OR:
		return 1 + 4;
	default:
		return 0;
	}
}

#endif /* _LTTNG_FILTER_H */
