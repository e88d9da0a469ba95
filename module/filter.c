// SPDX-License-Identifier: GPL-2.0-only
/*
 * filter.c - event filters: verifier, linker and interpreter of the
 * bytecode defined in include/lttng-filter.h.
 *
 * Design
 * ------
 * User space compiles the filter expression; the module trusts nothing of
 * it.  Three steps:
 *
 * 1. Structural check (lttng_filter_bc_copy(), at LTTNG_EVENT_FILTER time,
 *    independent of any event): bounded length, exact header, field table
 *    and literals inside the data pool, every opcode known, every
 *    instruction inside the code, the last one RETURN and no other RETURN,
 *    jumps forward only and onto an instruction boundary, every field
 *    reference inside the field table, every context id supported, and a
 *    typing pass (below) where field values have the type "any".
 *    Anything else is refused with -EINVAL.
 *
 * 2. Link (lttng_filter_link(), once per event the rule applies to): the
 *    field table names are looked up in the event description; the typing
 *    pass runs again with the real field types and rewrites each generic
 *    instruction into a specialized one (internal opcodes >= 0x80, which
 *    user bytecode can never contain): string or integer compare, glob
 *    match, element load of the right width and signedness.  A missing
 *    field, or a field whose type the expression cannot use, makes the
 *    program "never" match this event (LTTng: such an EXPR is false); the
 *    rule may still apply to other events of a wildcard.
 *
 * 3. Run (lttng_filter_run(), in probe context): a switch over the
 *    specialized code with a fixed-size stack on the kernel stack.  No
 *    allocation, no sleeping, no type checks left (the linker proved
 *    them), no backward jump: each instruction runs at most once, so the
 *    time is bounded by the code length (string compares by the string
 *    bounds, glob matches by pattern x string lengths, patterns being at
 *    most LTTNG_FILTER_STR_MAX bytes).
 *
 * Typing pass: abstract interpretation in program order.  The state is the
 * stack depth and the type of each slot (int, str, glob, any), packed in a
 * u64 (4 bits per slot, LTTNG_FILTER_STACK_MAX = 16 slots).  Since jumps
 * only go forward and every instruction is reached from the one before it
 * (the only RETURN is the last instruction), the state at an instruction is
 * the sequential state, and every jump must bring exactly that state: the
 * states at jump targets are recorded in program order and each jump's
 * state is compared with its target's after the pass.
 *
 * The same file compiles in user space for the host unit tests
 * (userspace/common/filter/kcompat/filter-host.h stands for the kernel).
 */
#ifdef __KERNEL__
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include <linux/math64.h>
#include "tracer.h"
#include "context.h"
#else
#include "filter-host.h"
#endif
#include "../include/lttng-contexts.h"
#include "filter.h"

/* Internal opcodes, produced by the linker only. */
enum {
	OPI_LOAD_INT = LTTNG_FILTER_OP_NR_ABI,	/* u16 field index */
	OPI_LOAD_STR,				/* u16 field index */
	OPI_LOAD_ELEM_S8,			/* u16 field index, u32 elem */
	OPI_LOAD_ELEM_U8,
	OPI_LOAD_ELEM_S16,
	OPI_LOAD_ELEM_U16,
	OPI_LOAD_ELEM_S32,
	OPI_LOAD_ELEM_U32,
	OPI_LOAD_ELEM_S64,
	OPI_LOAD_ELEM_U64,
	OPI_EQ_STR,
	OPI_NE_STR,
	OPI_LT_STR,
	OPI_LE_STR,
	OPI_GT_STR,
	OPI_GE_STR,
	OPI_EQ_GLOB_A,		/* a (below) is the pattern */
	OPI_EQ_GLOB_B,		/* b (top) is the pattern */
	OPI_NE_GLOB_A,
	OPI_NE_GLOB_B,
	OPI_LOAD_CTXF,		/* u16 index in the channel's contexts */
};

/* Value types of the typing pass. */
enum { T_NONE = 0, T_INT = 1, T_STR = 2, T_GLOB = 3, T_ANY = 4 };

struct lttng_filter_prog {
	u32 code_len;
	u32 pool_len;
	bool never;
	const struct lttng_ctx *ctx;	/* the channel's, for OPI_LOAD_CTXF */
	u8 *code;		/* specialized copy */
	const u8 *pool;
	u8 buf[];
};

static inline u16 rd16(const u8 *p)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline u32 rd32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline s64 rd64(const u8 *p)
{
	s64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* ------------------------------------------------------------------ */
/* Contexts                                                            */
/* ------------------------------------------------------------------ */

int lttng_filter_ctx_kind(u16 id)
{
	switch (id) {
#define LTTNG_FILTER_CTX_KIND(_id, _name, _f)				\
	case LTTNG_ABI_CTX_##_id:					\
		return LTTNG_CTX_FILTER_##_f == LTTNG_CTX_FILTER_INT ? T_INT : \
		       LTTNG_CTX_FILTER_##_f == LTTNG_CTX_FILTER_STR ? T_STR : \
		       T_NONE;
	LTTNG_KERNEL_CONTEXTS(LTTNG_FILTER_CTX_KIND)
#undef LTTNG_FILTER_CTX_KIND
	default:
		return T_NONE;
	}
}

#ifdef __KERNEL__
/* The contexts' values are context.h's, the ones the channels record. */
bool lttng_filter_get_ctx(u16 id, s64 *v, const char **str, u32 *len)
{
	return lttng_ctx_read(id, v, str, len);
}
#endif /* __KERNEL__ */

/* ------------------------------------------------------------------ */
/* Typing pass                                                         */
/* ------------------------------------------------------------------ */

struct tstate {
	u64 types;		/* 4 bits per slot, slot 0 in the low bits */
	u32 depth;
};

struct jump_rec {
	u32 target;		/* for jumps: the target; for targets: the pc */
	struct tstate st;
};

/* What the typing pass needs to know about the event (NULL: unknown). */
struct link_info {
	const struct lttng_event_desc *desc;
	const u16 *ref_field;		/* per ref: field index, or U16_MAX */
	const u16 *ref_ctx;		/* per ref: channel context, or U16_MAX */
	bool failed;			/* a field made the typing fail */
};

static inline unsigned int st_type(const struct tstate *s, u32 from_top)
{
	return (s->types >> (4 * (s->depth - 1 - from_top))) & 0xf;
}

static inline int st_push(struct tstate *s, unsigned int t)
{
	if (s->depth >= LTTNG_FILTER_STACK_MAX)
		return -EINVAL;
	s->types &= ~(0xfULL << (4 * s->depth));
	s->types |= (u64)t << (4 * s->depth);
	s->depth++;
	return 0;
}

static inline void st_pop(struct tstate *s, u32 n)
{
	s->depth -= n;
	if (s->depth < 16)
		s->types &= (1ULL << (4 * s->depth)) - 1;
}

static inline bool is_int(unsigned int t)
{
	return t == T_INT || t == T_ANY;
}

/* The kind of an event field as LOAD_FIELD sees it. */
static unsigned int field_load_type(const struct lttng_field_desc *f)
{
	switch (f->type.kind) {
	case LTTNG_TYPE_INTEGER:
	case LTTNG_TYPE_ENUM:
		return T_INT;
	case LTTNG_TYPE_STRING:
		return T_STR;
	case LTTNG_TYPE_ARRAY:
	case LTTNG_TYPE_SEQUENCE:
		if (f->type.integer.encoding && f->type.integer.size == 8)
			return T_STR;
		return T_NONE;
	default:
		return T_NONE;
	}
}

static int elem_opcode(const struct lttng_field_desc *f)
{
	const struct lttng_integer_type *it = &f->type.integer;
	int op;

	if (f->type.kind != LTTNG_TYPE_ARRAY &&
	    f->type.kind != LTTNG_TYPE_SEQUENCE)
		return -1;
	switch (it->size) {
	case 8:
		op = OPI_LOAD_ELEM_S8;
		break;
	case 16:
		op = OPI_LOAD_ELEM_S16;
		break;
	case 32:
		op = OPI_LOAD_ELEM_S32;
		break;
	case 64:
		op = OPI_LOAD_ELEM_S64;
		break;
	default:
		return -1;
	}
	return it->signedness ? op : op + 1;
}

/*
 * What typing one instruction found: TY_BAD, the program is malformed
 * (refused); TY_TYPE, operand types do not fit (with fields typed "any"
 * only a field's type can cause it); TY_FIELD, a field or context the
 * event does not have or cannot load.
 */
enum { TY_OK, TY_BAD, TY_TYPE, TY_FIELD };

/* LOAD_FIELD, LOAD_ELEM, LOAD_CTX, LOAD_CTX_REF at pc. */
static int type_load(u8 *code, u32 pc, struct tstate *st,
		     const struct link_info *li)
{
	u8 op = code[pc];
	unsigned int t = T_INT;
	u16 ref = rd16(code + pc + 1);
	int eop;

	switch (op) {
	case LTTNG_FILTER_OP_LOAD_FIELD:
		t = T_ANY;
		if (!li)
			break;
		if (li->ref_field[ref] == U16_MAX)
			return TY_FIELD;
		t = field_load_type(&li->desc->fields[li->ref_field[ref]]);
		if (t == T_NONE)
			return TY_FIELD;
		code[pc] = t == T_INT ? OPI_LOAD_INT : OPI_LOAD_STR;
		memcpy(code + pc + 1, &li->ref_field[ref], 2);
		break;
	case LTTNG_FILTER_OP_LOAD_ELEM:
		if (!li)
			break;
		if (li->ref_field[ref] == U16_MAX)
			return TY_FIELD;
		eop = elem_opcode(&li->desc->fields[li->ref_field[ref]]);
		if (eop < 0)
			return TY_FIELD;
		code[pc] = eop;
		memcpy(code + pc + 1, &li->ref_field[ref], 2);
		break;
	case LTTNG_FILTER_OP_LOAD_CTX:
		t = lttng_filter_ctx_kind(ref);
		break;
	default:	/* LOAD_CTX_REF */
		if (!li)
			break;
		if (li->ref_ctx[ref] == U16_MAX)
			return TY_FIELD;
		code[pc] = OPI_LOAD_CTXF;
		memcpy(code + pc + 1, &li->ref_ctx[ref], 2);
		break;
	}
	return st_push(st, t) ? TY_BAD : TY_OK;
}

/* EQ ... GE at pc: integers, strings, or a string against a glob. */
static int type_compare(u8 *code, u32 pc, struct tstate *st,
			const struct link_info *li)
{
	u8 op = code[pc];
	bool eq_ne = op == LTTNG_FILTER_OP_EQ || op == LTTNG_FILTER_OP_NE;
	unsigned int a, b;

	if (st->depth < 2)
		return TY_BAD;
	a = st_type(st, 1);
	b = st_type(st, 0);
	if (a == T_ANY || b == T_ANY) {
		/* structural pass only: anything but glob/glob */
		if (a == T_GLOB && b == T_GLOB)
			return TY_BAD;
		if ((a == T_GLOB || b == T_GLOB) && !eq_ne)
			return TY_BAD;
	} else if (a == T_INT && b == T_INT) {
		/* generic opcodes are the integer ones */
	} else if (a == T_STR && b == T_STR) {
		if (li)
			code[pc] = OPI_EQ_STR + (op - LTTNG_FILTER_OP_EQ);
	} else if ((a == T_STR && b == T_GLOB) ||
		   (a == T_GLOB && b == T_STR)) {
		if (!eq_ne)
			return TY_TYPE;
		if (li)
			code[pc] = (op == LTTNG_FILTER_OP_EQ ?
				    OPI_EQ_GLOB_A : OPI_NE_GLOB_A) +
				   (a == T_GLOB ? 0 : 1);
	} else {
		return TY_TYPE;
	}
	st_pop(st, 2);
	st_push(st, T_INT);
	return TY_OK;
}

/* The jumps found so far, and room for nr_jumps of them. */
struct jump_list {
	struct jump_rec *rec;
	unsigned int nr, max;
};

/* One instruction at pc: its effect on the typing state st. */
static int type_insn(u8 *code, u32 pc, struct tstate *st,
		     const struct link_info *li, struct jump_list *jl)
{
	u8 op = code[pc];

	switch (op) {
	case LTTNG_FILTER_OP_RETURN:
		if (st->depth != 1 || !is_int(st_type(st, 0)))
			return TY_BAD;
		st_pop(st, 1);
		return TY_OK;
	case LTTNG_FILTER_OP_PUSH_S32:
	case LTTNG_FILTER_OP_PUSH_S64:
		return st_push(st, T_INT) ? TY_BAD : TY_OK;
	case LTTNG_FILTER_OP_PUSH_STR:
		return st_push(st, T_STR) ? TY_BAD : TY_OK;
	case LTTNG_FILTER_OP_PUSH_GLOB:
		return st_push(st, T_GLOB) ? TY_BAD : TY_OK;
	case LTTNG_FILTER_OP_LOAD_FIELD:
	case LTTNG_FILTER_OP_LOAD_ELEM:
	case LTTNG_FILTER_OP_LOAD_CTX:
	case LTTNG_FILTER_OP_LOAD_CTX_REF:
		return type_load(code, pc, st, li);
	case LTTNG_FILTER_OP_EQ ... LTTNG_FILTER_OP_GE:
		return type_compare(code, pc, st, li);
	case LTTNG_FILTER_OP_ADD ... LTTNG_FILTER_OP_RSHIFT:
		if (st->depth < 2)
			return TY_BAD;
		if (!is_int(st_type(st, 0)) || !is_int(st_type(st, 1)))
			return TY_TYPE;
		st_pop(st, 2);
		st_push(st, T_INT);
		return TY_OK;
	case LTTNG_FILTER_OP_NEG ... LTTNG_FILTER_OP_BOOL:
		if (st->depth < 1)
			return TY_BAD;
		if (!is_int(st_type(st, 0)))
			return TY_TYPE;
		st_pop(st, 1);
		st_push(st, T_INT);
		return TY_OK;
	case LTTNG_FILTER_OP_AND:
	case LTTNG_FILTER_OP_OR:
		if (st->depth < 1)
			return TY_BAD;
		if (!is_int(st_type(st, 0)))
			return TY_TYPE;
		if (jl->nr >= jl->max)
			return TY_BAD;
		/* the jump brings the state with an int (0/1) on top */
		jl->rec[jl->nr].target = rd32(code + pc + 1);
		jl->rec[jl->nr].st = *st;
		st_pop(&jl->rec[jl->nr].st, 1);
		st_push(&jl->rec[jl->nr].st, T_INT);
		jl->nr++;
		st_pop(st, 1);
		return TY_OK;
	default:
		return TY_BAD;
	}
}

/* Every jump must bring the state its target has (tgts sorted by pc). */
static int check_jumps(const struct jump_list *jl,
		       const struct jump_rec *tgts, unsigned int nt)
{
	unsigned int i;

	for (i = 0; i < jl->nr; i++) {
		const struct jump_rec *j = &jl->rec[i];
		unsigned int lo = 0, hi = nt;

		while (lo < hi) {
			unsigned int mid = lo + (hi - lo) / 2;

			if (tgts[mid].target < j->target)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo >= nt || tgts[lo].target != j->target)
			return TY_BAD;
		if (tgts[lo].st.depth != j->st.depth)
			return TY_BAD;
		if (tgts[lo].st.types != j->st.types)
			return TY_TYPE;
	}
	return TY_OK;
}

/*
 * One pass over the code.  li == NULL: structural typing (fields are
 * "any").  Otherwise the types come from the event and code (a private
 * copy) is rewritten with the specialized opcodes; a field that makes the
 * typing fail sets li->failed (the filter is then never true for this
 * event) and is not an error.
 */
static int type_pass(u8 *code, u32 code_len, const u8 *tgt_map,
		     unsigned int nr_jumps, unsigned int nr_targets,
		     struct link_info *li)
{
	struct jump_list jl = { .max = nr_jumps };
	struct jump_rec *tgts = NULL;
	struct tstate st = { 0, 0 };
	unsigned int nt = 0;
	int r = TY_OK, ret;
	u32 pc = 0;

	if (nr_jumps) {
		jl.rec = kvmalloc_array(nr_jumps, sizeof(*jl.rec), GFP_KERNEL);
		tgts = kvmalloc_array(nr_targets, sizeof(*tgts), GFP_KERNEL);
		if (!jl.rec || !tgts) {
			ret = -ENOMEM;
			goto out;
		}
	}
	while (pc < code_len && r == TY_OK) {
		u8 op = code[pc];

		if (tgt_map[pc / 8] & (1U << (pc % 8))) {
			if (nt >= nr_targets) {
				r = TY_BAD;
				break;
			}
			tgts[nt].target = pc;
			tgts[nt].st = st;
			nt++;
		}
		r = type_insn(code, pc, &st, li, &jl);
		pc += lttng_filter_insn_len(op);
	}
	if (r == TY_OK)
		r = check_jumps(&jl, tgts, nt);
	ret = -EINVAL;
	if (r == TY_OK) {
		ret = 0;
	} else if (li && (r == TY_TYPE || r == TY_FIELD)) {
		li->failed = true;
		ret = 0;
	}
out:
	kvfree(jl.rec);
	kvfree(tgts);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Structural check                                                    */
/* ------------------------------------------------------------------ */

static int check_glob(const u8 *p, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		if (p[i] == '\\' && ++i >= len)
			return -EINVAL;	/* trailing lone backslash */
	return 0;
}

/* The header's fields and the three sections' sizes against @len. */
static int check_header(const struct lttng_filter_header *h, u32 len)
{
	u64 total;

	if (len < sizeof(*h) || len > LTTNG_FILTER_MAX_LEN)
		return -EINVAL;
	if (h->magic != LTTNG_FILTER_MAGIC || h->version != LTTNG_FILTER_VERSION ||
	    h->reserved || h->len != len || !h->code_len ||
	    h->nr_refs > LTTNG_FILTER_REFS_MAX)
		return -EINVAL;
	total = (u64)sizeof(*h) + (u64)h->nr_refs * sizeof(struct lttng_filter_ref) +
		h->code_len + h->data_len;
	if (total != len)
		return -EINVAL;
	return 0;
}

/* Every field reference names a non-empty, NUL-free string of the pool. */
static int check_refs(const struct lttng_filter_header *h,
		      const struct lttng_filter_ref *refs, const u8 *pool)
{
	u32 i;

	for (i = 0; i < h->nr_refs; i++) {
		struct lttng_filter_ref r;

		memcpy(&r, &refs[i], sizeof(r));
		if (r.reserved || !r.name_len || r.name_len > LTTNG_FILTER_NAME_MAX ||
		    (u64)r.name_off + r.name_len > h->data_len ||
		    memchr(pool + r.name_off, '\0', r.name_len))
			return -EINVAL;
	}
	return 0;
}

/* Where the instructions' walk is, and what it has found so far. */
struct insn_walk {
	const struct lttng_filter_header *h;
	const u8 *code, *pool;
	u8 *tgt;			/* bitmap of the jump targets */
	unsigned int nr_jumps, nr_targets;
};

/* The operands of the instruction at @pc (known to fit in the code). */
static int check_operands(struct insn_walk *w, u32 pc)
{
	const struct lttng_filter_header *h = w->h;
	u8 op = w->code[pc];
	u32 off, slen;

	switch (op) {
	case LTTNG_FILTER_OP_RETURN:
		return pc + 1 != h->code_len ? -EINVAL : 0;
	case LTTNG_FILTER_OP_PUSH_STR:
	case LTTNG_FILTER_OP_PUSH_GLOB:
		off = rd32(w->code + pc + 1);
		slen = rd32(w->code + pc + 5);
		if (slen > LTTNG_FILTER_STR_MAX ||
		    (u64)off + slen > h->data_len ||
		    memchr(w->pool + off, '\0', slen))
			return -EINVAL;
		if (op == LTTNG_FILTER_OP_PUSH_GLOB &&
		    check_glob(w->pool + off, slen))
			return -EINVAL;
		return 0;
	case LTTNG_FILTER_OP_LOAD_FIELD:
	case LTTNG_FILTER_OP_LOAD_ELEM:
	case LTTNG_FILTER_OP_LOAD_CTX_REF:
		return rd16(w->code + pc + 1) >= h->nr_refs ? -EINVAL : 0;
	case LTTNG_FILTER_OP_LOAD_CTX:
		return lttng_filter_ctx_kind(rd16(w->code + pc + 1)) ? 0 : -EINVAL;
	case LTTNG_FILTER_OP_AND:
	case LTTNG_FILTER_OP_OR:
		off = rd32(w->code + pc + 1);
		if (off <= pc || off >= h->code_len)
			return -EINVAL;
		if (!(w->tgt[off / 8] & (1U << (off % 8))))
			w->nr_targets++;
		w->tgt[off / 8] |= 1U << (off % 8);
		w->nr_jumps++;
		return 0;
	default:
		return 0;
	}
}

/*
 * Walk the instructions: each fits in the code and has valid operands,
 * the last is RETURN, and every jump lands on an instruction boundary.
 */
static int walk_insns(struct insn_walk *w, u32 map_len)
{
	const u8 *code = w->code;
	u32 code_len = w->h->code_len, pc, last = 0, i;
	u8 *bounds = kzalloc(map_len, GFP_KERNEL);
	int ret = -EINVAL;

	if (!bounds)
		return -ENOMEM;
	for (pc = 0; pc < code_len; pc += lttng_filter_insn_len(code[pc])) {
		u32 ilen = lttng_filter_insn_len(code[pc]);

		if (!ilen || ilen > code_len - pc)
			goto out;
		bounds[pc / 8] |= 1U << (pc % 8);
		last = pc;
		if (check_operands(w, pc))
			goto out;
	}
	if (code[last] != LTTNG_FILTER_OP_RETURN)
		goto out;
	for (i = 0; i < map_len; i++)
		if (w->tgt[i] & ~bounds[i])
			goto out;
	ret = 0;
out:
	kfree(bounds);
	return ret;
}

/*
 * Everything that does not depend on an event.  On success, *tgt_map is a
 * kmalloc'ed bitmap of the jump targets (code offsets) and *nr_jumps,
 * *nr_targets their counts.
 */
static int bc_check(const u8 *bc, u32 len, u8 **tgt_map_out,
		    unsigned int *nr_jumps_out, unsigned int *nr_targets_out)
{
	const struct lttng_filter_header *h = (const void *)bc;
	const struct lttng_filter_ref *refs;
	struct insn_walk w = { .h = h };
	u32 map_len;
	int ret;

	ret = check_header(h, len);
	if (ret)
		return ret;
	refs = (const void *)(bc + sizeof(*h));
	w.code = bc + sizeof(*h) + h->nr_refs * sizeof(*refs);
	w.pool = w.code + h->code_len;
	ret = check_refs(h, refs, w.pool);
	if (ret)
		return ret;

	map_len = h->code_len / 8 + 1;
	w.tgt = kzalloc(map_len, GFP_KERNEL);
	if (!w.tgt)
		return -ENOMEM;
	ret = walk_insns(&w, map_len);
	if (!ret)
		ret = type_pass((u8 *)w.code, h->code_len, w.tgt, w.nr_jumps,
				w.nr_targets, NULL);
	if (ret) {
		kfree(w.tgt);
		return ret;
	}
	*tgt_map_out = w.tgt;
	*nr_jumps_out = w.nr_jumps;
	*nr_targets_out = w.nr_targets;
	return 0;
}

static int bc_dup_checked(const void *kbc, u32 len, struct lttng_filter_bc **out)
{
	struct lttng_filter_bc *bc;
	unsigned int nj, nt;
	u8 *tgt;
	int ret;

	if (len < sizeof(struct lttng_filter_header) || len > LTTNG_FILTER_MAX_LEN)
		return -EINVAL;
	bc = kvmalloc(sizeof(*bc) + len, GFP_KERNEL);
	if (!bc)
		return -ENOMEM;
	bc->len = len;
	memcpy(bc->data, kbc, len);
	ret = bc_check(bc->data, len, &tgt, &nj, &nt);
	if (ret) {
		kvfree(bc);
		return ret;
	}
	kfree(tgt);
	*out = bc;
	return 0;
}

int lttng_filter_bc_dup(const void *kbc, u32 len, struct lttng_filter_bc **out)
{
	return bc_dup_checked(kbc, len, out);
}

int lttng_filter_bc_copy(const void __user *ubc, u32 len,
			 struct lttng_filter_bc **out)
{
	void *tmp;
	int ret;

	if (len < sizeof(struct lttng_filter_header) || len > LTTNG_FILTER_MAX_LEN)
		return -EINVAL;
	tmp = memdup_user(ubc, len);
	if (IS_ERR(tmp))
		return PTR_ERR(tmp);
	ret = bc_dup_checked(tmp, len, out);
	kfree(tmp);
	return ret;
}

void lttng_filter_bc_free(struct lttng_filter_bc *bc)
{
	kvfree(bc);
}

/* ------------------------------------------------------------------ */
/* Link                                                                */
/* ------------------------------------------------------------------ */

/* Index of the field called name (len bytes) in fields[n], or U16_MAX. */
static u16 find_field(const struct lttng_field_desc *fields, unsigned int n,
		      size_t stride, const u8 *name, u16 len)
{
	unsigned int j;

	for (j = 0; j < n && j < U16_MAX; j++) {
		const struct lttng_field_desc *f =
			(const void *)((const u8 *)fields + j * stride);

		if (strlen(f->name) == len && !memcmp(f->name, name, len))
			return j;
	}
	return U16_MAX;
}

int lttng_filter_link(const struct lttng_filter_bc *bc,
		      const struct lttng_event_desc *desc,
		      const struct lttng_ctx *ctx,
		      struct lttng_filter_prog **out)
{
	const struct lttng_filter_header *h = (const void *)bc->data;
	const struct lttng_filter_ref *refs;
	struct lttng_filter_prog *prog;
	struct link_info li = { .desc = desc };
	u16 ref_field[LTTNG_FILTER_REFS_MAX], ref_ctx[LTTNG_FILTER_REFS_MAX];
	const u8 *code, *pool;
	unsigned int nj, nt, i;
	u8 *tgt;
	int ret;

	/* bc was checked when copied; check again, it is cheap. */
	ret = bc_check(bc->data, bc->len, &tgt, &nj, &nt);
	if (ret)
		return ret;
	refs = (const void *)(bc->data + sizeof(*h));
	code = bc->data + sizeof(*h) + h->nr_refs * sizeof(*refs);
	pool = code + h->code_len;

	for (i = 0; i < h->nr_refs; i++) {
		struct lttng_filter_ref r;

		memcpy(&r, &refs[i], sizeof(r));
		ref_field[i] = find_field(desc->fields, desc->nr_fields,
					  sizeof(desc->fields[0]),
					  pool + r.name_off, r.name_len);
		ref_ctx[i] = U16_MAX;
		if (ctx)
			ref_ctx[i] = find_field(&ctx->fields[0].field,
						ctx->nr_fields,
						sizeof(ctx->fields[0]),
						pool + r.name_off, r.name_len);
		/* an integer context that can be read in a filter */
		if (ref_ctx[i] != U16_MAX && !ctx->fields[ref_ctx[i]].value)
			ref_ctx[i] = U16_MAX;
	}
	li.ref_field = ref_field;
	li.ref_ctx = ref_ctx;

	prog = kvmalloc(sizeof(*prog) + h->code_len + h->data_len, GFP_KERNEL);
	if (!prog) {
		kfree(tgt);
		return -ENOMEM;
	}
	prog->code_len = h->code_len;
	prog->pool_len = h->data_len;
	prog->never = false;
	prog->ctx = ctx;
	prog->code = prog->buf;
	memcpy(prog->buf, code, h->code_len + h->data_len);
	prog->pool = prog->buf + h->code_len;

	ret = type_pass(prog->code, prog->code_len, tgt, nj, nt, &li);
	kfree(tgt);
	if (ret) {
		kvfree(prog);
		return ret;
	}
	prog->never = li.failed;
	*out = prog;
	return 0;
}

int lttng_filter_load(const void __user *ubc, u32 len,
		      const struct lttng_event_desc *desc,
		      struct lttng_filter_prog **out)
{
	struct lttng_filter_bc *bc;
	int ret;

	ret = lttng_filter_bc_copy(ubc, len, &bc);
	if (ret)
		return ret;
	ret = lttng_filter_link(bc, desc, NULL, out);
	lttng_filter_bc_free(bc);
	return ret;
}

void lttng_filter_free(struct lttng_filter_prog *prog)
{
	kvfree(prog);
}

bool lttng_filter_prog_never(const struct lttng_filter_prog *prog)
{
	return prog->never;
}

/* ------------------------------------------------------------------ */
/* Interpreter                                                         */
/* ------------------------------------------------------------------ */

/* Length of a linked instruction (internal opcodes included). */
static inline u32 run_insn_len(u8 op)
{
	if (op < LTTNG_FILTER_OP_NR_ABI)
		return lttng_filter_insn_len(op);
	if (op == OPI_LOAD_INT || op == OPI_LOAD_STR || op == OPI_LOAD_CTXF)
		return 1 + 2;
	if (op <= OPI_LOAD_ELEM_U64)
		return 1 + 2 + 4;
	return 1;
}

struct slot {
	s64 v;			/* int; for strings and globs: length */
	const char *s;
};

static inline u32 bounded_strlen(const char *s, u32 max)
{
	u32 n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static int str_cmp(const struct slot *a, const struct slot *b)
{
	u32 i, n = min_t(u32, a->v, b->v);

	for (i = 0; i < n; i++) {
		if (a->s[i] != b->s[i])
			return (u8)a->s[i] < (u8)b->s[i] ? -1 : 1;
	}
	if (a->v == b->v)
		return 0;
	return a->v < b->v ? -1 : 1;
}

/*
 * Star-glob: '*' matches any run of bytes, '\x' matches x literally.
 * Greedy with one backtrack point (the last star): O(plen * slen).
 */
static bool glob_match(const char *p, u32 plen, const char *s, u32 slen)
{
	u32 pi = 0, si = 0, star_pi = 0, star_si = 0;
	bool star = false;

	while (si < slen) {
		if (pi < plen && p[pi] == '*') {
			star = true;
			star_pi = ++pi;
			star_si = si;
			continue;
		}
		if (pi < plen) {
			char c = p[pi];
			u32 w = 1;

			if (c == '\\') {
				c = p[pi + 1];	/* verified: not at the end */
				w = 2;
			}
			if (c == s[si]) {
				pi += w;
				si++;
				continue;
			}
		}
		if (!star)
			return false;
		pi = star_pi;
		si = ++star_si;
	}
	while (pi < plen && p[pi] == '*')
		pi++;
	return pi == plen;
}

static inline bool load_elem(u8 op, const struct lttng_filter_value *fv,
			     u32 idx, s64 *out)
{
	const u8 *p = fv->ptr;

	if (idx >= fv->len || !p)
		return false;
	switch (op) {
	case OPI_LOAD_ELEM_S8:
		*out = ((const s8 *)p)[idx];
		break;
	case OPI_LOAD_ELEM_U8:
		*out = ((const u8 *)p)[idx];
		break;
	case OPI_LOAD_ELEM_S16:
		*out = ((const s16 *)p)[idx];
		break;
	case OPI_LOAD_ELEM_U16:
		*out = ((const u16 *)p)[idx];
		break;
	case OPI_LOAD_ELEM_S32:
		*out = ((const s32 *)p)[idx];
		break;
	case OPI_LOAD_ELEM_U32:
		*out = ((const u32 *)p)[idx];
		break;
	case OPI_LOAD_ELEM_S64:
		*out = ((const s64 *)p)[idx];
		break;
	default:
		*out = (s64)((const u64 *)p)[idx];
		break;
	}
	return true;
}

/*
 * The interpreter's instruction groups. Each is forced inline into
 * lttng_filter_run so that the hot loop compiles to the same single
 * switch it would be if written in one piece.
 */

/*
 * The loads push a field or context value on the stack (at @top); false
 * when the value is missing (the event is dropped).
 */
static __always_inline bool run_load_field(u8 op, const u8 *insn,
					   const struct lttng_filter_input *in,
					   struct slot *top)
{
	const struct lttng_filter_value *fv;
	u16 idx = rd16(insn + 1);

	if (idx >= in->nr_fields)
		return false;
	fv = &in->fields[idx];
	if (op == OPI_LOAD_INT) {
		top->v = fv->v;
		return true;
	}
	if (!fv->ptr)
		return false;
	top->s = fv->ptr;
	top->v = bounded_strlen(fv->ptr, fv->len);
	return true;
}

static __always_inline bool run_load_elem(u8 op, const u8 *insn,
					  const struct lttng_filter_input *in,
					  struct slot *top)
{
	u16 idx = rd16(insn + 1);

	if (idx >= in->nr_fields)
		return false;
	return load_elem(op, &in->fields[idx], rd32(insn + 3), &top->v);
}

static __always_inline bool run_load_ctx(const u8 *insn, struct slot *top)
{
	const char *s = NULL;
	u32 len = 0;

	if (!lttng_filter_get_ctx(rd16(insn + 1), &top->v, &s, &len))
		return false;
	if (s) {
		top->s = s;
		top->v = bounded_strlen(s, len);
	}
	return true;
}

static __always_inline bool run_load_ctxf(const u8 *insn,
					  const struct lttng_filter_prog *prog,
					  struct slot *top)
{
	const struct lttng_ctx_field *f = &prog->ctx->fields[rd16(insn + 1)];

	return f->value(f, &top->v);
}

/* The truth of "c <cop> 0" for a three-way comparison result @c. */
static __always_inline bool cmp_holds(u8 cop, int c)
{
	switch (cop) {
	case LTTNG_FILTER_OP_EQ:
		return c == 0;
	case LTTNG_FILTER_OP_NE:
		return c != 0;
	case LTTNG_FILTER_OP_LT:
		return c < 0;
	case LTTNG_FILTER_OP_LE:
		return c <= 0;
	case LTTNG_FILTER_OP_GT:
		return c > 0;
	default:
		return c >= 0;
	}
}

/* Star-glob comparisons of @a (below) with @b (top): one is the pattern. */
static __always_inline bool run_glob(u8 op, const struct slot *a,
				     const struct slot *b)
{
	bool r;

	if (op == OPI_EQ_GLOB_A || op == OPI_NE_GLOB_A) {
		r = glob_match(a->s, a->v, b->s, b->v);
		return op == OPI_EQ_GLOB_A ? r : !r;
	}
	r = glob_match(b->s, b->v, a->s, a->v);
	return op == OPI_EQ_GLOB_B ? r : !r;
}

/*
 * Integer arithmetic of @a (below) and @b (top) into *@out; false on a
 * division by zero or an out-of-range shift (the event is dropped).
 */
static __always_inline bool run_arith(u8 op, const struct slot *a,
				      const struct slot *b, s64 *out)
{
	u64 x = a->v, y = b->v;

	switch (op) {
	case LTTNG_FILTER_OP_ADD:
		x += y;
		break;
	case LTTNG_FILTER_OP_SUB:
		x -= y;
		break;
	case LTTNG_FILTER_OP_MUL:
		x *= y;
		break;
	case LTTNG_FILTER_OP_DIV:
	case LTTNG_FILTER_OP_MOD:
		if (!b->v)
			return false;
		if (b->v == -1)	/* no S64_MIN / -1 trap */
			x = op == LTTNG_FILTER_OP_DIV ? 0 - x : 0;
		else if (op == LTTNG_FILTER_OP_DIV)
			x = div64_s64(a->v, b->v);
		else
			x -= (u64)div64_s64(a->v, b->v) * y;
		break;
	case LTTNG_FILTER_OP_BIT_AND:
		x &= y;
		break;
	case LTTNG_FILTER_OP_BIT_OR:
		x |= y;
		break;
	case LTTNG_FILTER_OP_BIT_XOR:
		x ^= y;
		break;
	case LTTNG_FILTER_OP_LSHIFT:
		if (y > 63)
			return false;
		x <<= y;
		break;
	default:
		if (y > 63)
			return false;
		x >>= y;
		break;
	}
	*out = (s64)x;
	return true;
}

bool lttng_filter_run(const struct lttng_filter_prog *prog,
		      const struct lttng_filter_input *in)
{
	struct slot stack[LTTNG_FILTER_STACK_MAX];
	const u8 *code = prog->code;
	int sp = -1;		/* index of the top */
	u32 pc = 0;

	if (prog->never)
		return false;
	for (;;) {
		u8 op = code[pc];

		switch (op) {
		case LTTNG_FILTER_OP_RETURN:
			return stack[sp].v != 0;
		case LTTNG_FILTER_OP_PUSH_S32:
			stack[++sp].v = (s32)rd32(code + pc + 1);
			break;
		case LTTNG_FILTER_OP_PUSH_S64:
			stack[++sp].v = rd64(code + pc + 1);
			break;
		case LTTNG_FILTER_OP_PUSH_STR:
		case LTTNG_FILTER_OP_PUSH_GLOB:
			sp++;
			stack[sp].s = (const char *)prog->pool + rd32(code + pc + 1);
			stack[sp].v = rd32(code + pc + 5);
			break;
		case OPI_LOAD_INT:
		case OPI_LOAD_STR:
			if (!run_load_field(op, code + pc, in, &stack[++sp]))
				return false;
			break;
		case OPI_LOAD_ELEM_S8 ... OPI_LOAD_ELEM_U64:
			if (!run_load_elem(op, code + pc, in, &stack[++sp]))
				return false;
			break;
		case LTTNG_FILTER_OP_LOAD_CTX:
			if (!run_load_ctx(code + pc, &stack[++sp]))
				return false;
			break;
		case OPI_LOAD_CTXF:
			if (!run_load_ctxf(code + pc, prog, &stack[++sp]))
				return false;
			break;
		case LTTNG_FILTER_OP_EQ ... LTTNG_FILTER_OP_GE:
			sp--;
			stack[sp].v = cmp_holds(op, stack[sp].v < stack[sp + 1].v ?
						-1 : stack[sp].v > stack[sp + 1].v);
			break;
		case OPI_EQ_STR ... OPI_GE_STR:
			sp--;
			stack[sp].v = cmp_holds(op - OPI_EQ_STR + LTTNG_FILTER_OP_EQ,
						str_cmp(&stack[sp], &stack[sp + 1]));
			break;
		case OPI_EQ_GLOB_A ... OPI_NE_GLOB_B:
			sp--;
			stack[sp].v = run_glob(op, &stack[sp], &stack[sp + 1]);
			break;
		case LTTNG_FILTER_OP_ADD ... LTTNG_FILTER_OP_RSHIFT:
			sp--;
			if (!run_arith(op, &stack[sp], &stack[sp + 1],
				       &stack[sp].v))
				return false;
			break;
		case LTTNG_FILTER_OP_NEG:
			stack[sp].v = (s64)(0 - (u64)stack[sp].v);
			break;
		case LTTNG_FILTER_OP_BIT_NOT:
			stack[sp].v = (s64)~(u64)stack[sp].v;
			break;
		case LTTNG_FILTER_OP_NOT:
			stack[sp].v = !stack[sp].v;
			break;
		case LTTNG_FILTER_OP_BOOL:
			stack[sp].v = !!stack[sp].v;
			break;
		case LTTNG_FILTER_OP_AND:
			if (!stack[sp].v) {
				pc = rd32(code + pc + 1);
				continue;
			}
			sp--;
			break;
		case LTTNG_FILTER_OP_OR:
			if (stack[sp].v) {
				stack[sp].v = 1;
				pc = rd32(code + pc + 1);
				continue;
			}
			sp--;
			break;
		default:
			/* unreachable: the linker only leaves known opcodes */
			return false;
		}
		pc += run_insn_len(op);
	}
}

#if defined(__KERNEL__) && !defined(LTTNG_FILTER_NO_EXPORT)
/* For the probes of other modules (the test event source). */
EXPORT_SYMBOL_GPL(lttng_filter_run);
#endif
