// SPDX-License-Identifier: GPL-2.0-only
/*
 * test-kernel.c - host unit tests of module/filter.c (verifier, linker,
 * interpreter), built for user space with kcompat/filter-host.h, under
 * ASan/UBSan.  TAP.
 *
 *  - hostile bytecode made by hand: every one must be refused (-EINVAL);
 *  - compiled filters run on sample events: the right answer;
 *  - linking: missing fields and unusable field types make the filter
 *    false for that event, never an error or a crash;
 *  - randomized differential test: random integer expressions compiled
 *    and run in the interpreter agree with a reference evaluator written
 *    here; random star-globs agree with fnmatch(3);
 *  - mutation fuzzing: random corruptions of valid bytecode are refused
 *    or, when accepted, run without any memory error.
 */
#define _GNU_SOURCE
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>

#include "filter-host.h"
#include "filter.h"
#include "../filter.h"
#include "tap.h"
#include "hostile.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* The test event and its sample records                               */
/* ------------------------------------------------------------------ */

#include "test-event.h"

/* An event with other fields, for wildcard rules. */
static const struct lttng_field_desc other_fields[] = {
	{ "strfield", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(32, 1) } },
	{ "x", { .kind = LTTNG_TYPE_INTEGER, .integer = INT_T(32, 1) } },
};
static const struct lttng_event_desc other_desc = {
	.name = "other_event",
	.kind = LTTNG_DESC_TEST,
	.fields = other_fields,
	.nr_fields = ARRAY_SIZE(other_fields),
};

/* Contexts, as the kernel would give them for the current task. */
static s64 ctx_tid = 1234;

bool lttng_filter_get_ctx(u16 id, s64 *v, const char **str, u32 *len)
{
	switch (id) {
	case LTTNG_ABI_CTX_PROCNAME:
		*str = "myproc\0garbage";
		*len = 16;
		return true;
	case LTTNG_ABI_CTX_HOSTNAME:
		*str = "testhost";
		*len = 65;
		return true;
	case LTTNG_ABI_CTX_TID:
		*v = ctx_tid;
		return true;
	case LTTNG_ABI_CTX_CPU_ID:
		*v = 1;
		return true;
	case LTTNG_ABI_CTX_NET_NS:
		return false;	/* "not available": the filter is false */
	default:
		*v = id * 10;
		return true;
	}
}

/*
 * The channel's contexts: two perf counters ($ctx.perf:cpu:NAME), one
 * that reads 4242, one that cannot be read now (filter false), and a
 * context filters cannot read (no value function: never matches).
 */
static bool perf_value(const struct lttng_ctx_field *f, s64 *v)
{
	*v = 4242;
	return f->priv == NULL;
}

static struct lttng_ctx test_ctx = {
	.nr_fields = 3,
	.fields = {
		{ .field = { "perf_cpu_cycles", { .kind = LTTNG_TYPE_INTEGER,
			     .integer = INT_T(64, 0) } },
		  .value = perf_value, .abi_type = LTTNG_ABI_CTX_PERF_CPU_COUNTER },
		{ .field = { "perf_cpu_raw_r13c_x", { .kind = LTTNG_TYPE_INTEGER,
			     .integer = INT_T(64, 0) } },
		  .value = perf_value, .abi_type = LTTNG_ABI_CTX_PERF_CPU_COUNTER,
		  .priv = &test_ctx },
		{ .field = { "perf_cpu_page_fault", { .kind = LTTNG_TYPE_INTEGER,
			     .integer = INT_T(64, 0) } },
		  .abi_type = LTTNG_ABI_CTX_PERF_CPU_COUNTER },
	},
};

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static int compile_link(const char *expr, const struct lttng_event_desc *desc,
			struct lttng_filter_prog **prog)
{
	struct lttng_filter_bytecode *ubc;
	struct lttng_filter_bc *bc;
	char err[512];
	int ret;

	ret = lttng_filter_compile(expr, NULL, 0, &ubc, err, sizeof(err));
	if (ret) {
		diag("compile '%s': %s", expr, err);
		return -1000;
	}
	ret = lttng_filter_bc_copy(ubc->data, ubc->len, &bc);
	lttng_filter_bytecode_free(ubc);
	if (ret)
		return ret;
	ret = lttng_filter_link(bc, desc, &test_ctx, prog);
	lttng_filter_bc_free(bc);
	return ret;
}

/* Run expr on a sample: 1/0, or a negative error. */
static int eval(const char *expr, const struct sample *s)
{
	struct lttng_filter_value v[NR_FIELDS];
	struct lttng_filter_input in = { v, NR_FIELDS };
	struct lttng_filter_prog *prog;
	int ret = compile_link(expr, &test_desc, &prog);

	if (ret)
		return ret;
	fill(s, v);
	ret = lttng_filter_run(prog, &in);
	lttng_filter_free(prog);
	return ret;
}

/* -EINVAL expected from lttng_filter_bc_dup() and lttng_filter_load()
 * (the ioctl path). */
static void refused(const char *what, u32 len)
{
	struct lttng_filter_bc *bc = NULL;
	struct lttng_filter_prog *prog = NULL;
	int r1 = lttng_filter_bc_dup(hb.out, len, &bc);
	int r2 = lttng_filter_load(hb.out, len, &test_desc, &prog);

	if (!ok(r1 == -EINVAL && r2 == -EINVAL && !bc && !prog,
		"hostile: %s: refused", what))
		diag("dup %d load %d", r1, r2);
	if (bc)
		lttng_filter_bc_free(bc);
	if (prog)
		lttng_filter_free(prog);
}

static void accepted(const char *what, u32 len, int want)
{
	struct lttng_filter_value v[NR_FIELDS];
	struct lttng_filter_input in = { v, NR_FIELDS };
	struct lttng_filter_prog *prog = NULL;
	int r = lttng_filter_load(hb.out, len, &test_desc, &prog);

	fill(&samples[0], v);
	if (!ok(r == 0 && prog && lttng_filter_run(prog, &in) == want,
		"hand-made: %s: accepted, gives %d", what, want))
		diag("load %d", r);
	if (prog)
		lttng_filter_free(prog);
}

/* ------------------------------------------------------------------ */
/* Hostile bytecode (tests/hostile.h)                                  */
/* ------------------------------------------------------------------ */

static void hostile(void)
{
	unsigned int i, unknown = 0, unknown_refused = 0;
	const char *name;
	long len;
	int k;

	hb_base();
	accepted("the base program (intfield == 42)", hb_build(), 1);
	for (i = 0; (len = hostile_case(i, &name)) >= 0; i++) {
		struct lttng_filter_bc *bc = NULL;

		if (strncmp(name, "unknown opcode", 14)) {
			refused(name, (u32)len);
			continue;
		}
		/* one line for the 200-odd unknown opcodes */
		unknown++;
		if (lttng_filter_bc_dup(hb.out, (u32)len, &bc) == -EINVAL && !bc)
			unknown_refused++;
		if (bc)
			lttng_filter_bc_free(bc);
	}
	ok(unknown > 100 && unknown == unknown_refused,
	   "hostile: every unknown opcode refused (%u of %u, internal ones "
	   ">= 0x80 included)", unknown_refused, unknown);

	/* The limits themselves are accepted. */
	hb_reset();
	for (k = 0; k < LTTNG_FILTER_STACK_MAX; k++)
		hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
	for (k = 1; k < LTTNG_FILTER_STACK_MAX; k++)
		hb_op(LTTNG_FILTER_OP_ADD);
	hb_op(LTTNG_FILTER_OP_RETURN);
	accepted("16 values on the stack", hb_build(), 1);
	hb_jump(LTTNG_FILTER_OP_OR, 15);
	accepted("jump onto RETURN", hb_build(), 1);

	/* structurally fine, but the event lacks what it needs: never */
	hb_reset();
	hb_ref("strfield");
	hb_u16(LTTNG_FILTER_OP_LOAD_FIELD, 0);
	hb_u32(LTTNG_FILTER_OP_PUSH_S32, 1);
	hb_op(LTTNG_FILTER_OP_ADD);
	hb_op(LTTNG_FILTER_OP_RETURN);
	accepted("string field + 1 (links as never-matching)", hb_build(), 0);
}

/* ------------------------------------------------------------------ */
/* Compiled filters on sample events                                   */
/* ------------------------------------------------------------------ */

struct evcase {
	const char *expr;
	const char *want;	/* one digit per sample: 0, 1 */
};

static const struct evcase evcases[] = {
	{ "1", "111" },
	{ "0", "000" },
	{ "intfield", "111" },
	{ "!intfield", "000" },
	{ "intfield == 42", "100" },
	{ "intfield != 42", "011" },
	{ "intfield < 0", "010" },
	{ "intfield > 500 || intfield <= -5", "010" },
	{ "intfield >= 42 && intfield < 501", "101" },
	{ "uintfield == 4000000000", "010" },	/* u32: zero-extended */
	{ "uintfield > 0x7fffffff", "010" },
	{ "enumfield == -1", "010" },
	/* strings */
	{ "strfield == \"hello\"", "100" },
	{ "\"hello\" == strfield", "100" },
	{ "strfield != \"hello\"", "011" },
	{ "strfield == \"\"", "010" },
	{ "strfield == \"hell\"", "000" },
	{ "strfield == \"hello!\"", "000" },
	{ "strfield == 'hello'", "100" },
	{ "strfield < \"hellp\"", "111" },
	{ "strfield < \"hello\"", "011" },
	{ "strfield > \"a\"", "101" },
	{ "strfield >= \"hello\"", "100" },
	{ "strfield == strfield", "111" },
	/* globs */
	{ "strfield == \"*\"", "111" },
	{ "strfield == \"h*\"", "100" },
	{ "strfield == \"*o\"", "100" },
	{ "strfield == \"h*l*o\"", "100" },
	{ "strfield == \"*ll*\"", "100" },
	{ "strfield == \"hello*\"", "100" },
	{ "strfield == \"hello*x\"", "000" },
	{ "\"he*\" == strfield", "100" },
	{ "strfield != \"he*\"", "011" },
	{ "strfield == \"a\\*b*\"", "001" },	/* literal star */
	{ "strfield == \"a\\*b\\\\c\"", "001" },	/* literal star and backslash */
	{ "strfield == \"a*\\\\c\"", "001" },
	{ "strfield == \"a\\*\"", "000" },
	{ "comm == \"bash\"", "100" },
	{ "comm == \"0123456789abcdef\"", "010" },	/* full, no NUL */
	{ "comm == \"0123456789abcde\"", "000" },
	{ "comm == \"*sh*\"", "101" },
	{ "comm[0] == 98", "100" },			/* 'b' */
	/* arrays and sequences */
	{ "arr[3] == 65535", "100" },
	{ "arr[0] == 10 && arr[3] == 40", "001" },
	{ "arr[4] == 0 || 1", "000" },	/* out of bounds: the filter is false */
	{ "seq[0] == -1", "100" },
	{ "seq[2] == 9", "001" },	/* len 3 */
	{ "seq[2] == 0", "000" },	/* samples 0, 1: out of bounds */
	{ "s8arr[0] == -128 && s8arr[2] == 127", "100" },
	{ "u64arr[1] == -1", "100" },	/* u64 max reads as -1 */
	{ "u64arr[1] == 18446744073709551615", "100" },
	/* arithmetic and bitwise */
	{ "intfield + 1 == 43", "100" },
	{ "intfield - 50 < 0", "110" },
	{ "intfield * 2 == 1000", "001" },
	{ "intfield / 2 == 21", "100" },
	{ "intfield / 0 == 0", "000" },	/* division by zero: false */
	{ "!(intfield / 0 == 0)", "000" },
	{ "intfield % 5 == 2", "100" },
	{ "intfield % 0 == 0 || 1", "000" },
	{ "-5 / 2 == -2 && -5 % 2 == -1", "111" },
	{ "-9223372036854775808 / -1 == -9223372036854775808", "111" },
	{ "-9223372036854775808 % -1 == 0", "111" },
	{ "intfield & 0xff == 42", "100" },	/* & binds tighter than == */
	{ "2 & 2 == 2", "111" },
	{ "(intfield | 1) == 43", "100" },
	{ "intfield ^ intfield", "000" },
	{ "~0 == -1", "111" },
	{ "-intfield == 5", "010" },
	{ "1 << 63 < 0", "111" },
	{ "1 << 64 == 0 || 1", "000" },	/* shift out of range: false */
	{ "1 << -1 == 0 || 1", "000" },
	{ "-1 >> 63 == 1", "111" },	/* logical shift on u64 */
	{ "intfield >> 1 == 21", "100" },
	{ "9223372036854775807 + 1 < 0", "111" },	/* wraps */
	/* logic */
	{ "intfield == 42 || strfield == \"\"", "110" },
	{ "!(intfield == 42) && !(strfield == \"\")", "001" },
	{ "(intfield && 5) == 1", "111" },
	{ "(0 || 7) == 1", "111" },
	{ "intfield == 500 || arr[9] == 0", "001" },	/* short-circuit */
	{ "intfield != 500 && arr[9] == 0", "000" },
	/* floats, folded to integers */
	{ "intfield > 41.5", "101" },
	{ "intfield < 42.0001", "110" },
	{ "intfield == 42.0", "100" },
	{ "intfield != 42.5", "111" },
	{ "intfield / 0 != 42.5", "000" },	/* still evaluated */
	{ "-5.5 < intfield", "111" },
	{ "intfield >= -4.9", "101" },
	/* contexts */
	{ "$ctx.procname == \"myproc\"", "111" },
	{ "$ctx.procname == \"my*\"", "111" },
	{ "$ctx.procname == \"myproc\\*\"", "000" },
	{ "$ctx.hostname == \"testhost\"", "111" },
	{ "$ctx.tid == 1234 && $ctx.cpu_id == 1", "111" },
	{ "$ctx.pid == 0", "111" },		/* id 0 * 10 */
	{ "$ctx.net_ns == 0 || 1", "000" },	/* not available: false */
	{ "$ctx.mnt_ns == 190", "111" },	/* id 19 * 10 */
	{ "$ctx.interruptible == 120 && $ctx.preemptible == 130", "111" },
	{ "$ctx.migratable == 150", "111" },
	{ "$ctx.veuid == 340 && $ctx.vsuid == 350", "111" },
	{ "$ctx.vegid == 360 && $ctx.vsgid == 370", "111" },
	/* the channel's perf counters */
	{ "$ctx.perf:cpu:cycles == 4242", "111" },
	{ "$ctx.perf:cpu:cycles == 4242 && intfield == 42", "100" },
	{ "$ctx.perf:cpu:raw:r13c:x == 4242 || 1", "000" },	/* unreadable */
	{ "$ctx.perf:cpu:page-fault >= 0 || 1", "000" },	/* no value */
	{ "$ctx.perf:cpu:instructions >= 0 || 1", "000" },	/* absent */
	{ "$ctx.perf:cycles == 4242", "000" },	/* perf_cycles: absent */
	{ "perf_cpu_cycles == 4242", "000" },	/* not an event field */
};

static void sample_cases(void)
{
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(evcases); i++) {
		char got[8] = { 0 };
		bool good = true;

		for (k = 0; k < ARRAY_SIZE(samples); k++) {
			int r = eval(evcases[i].expr, &samples[k]);

			got[k] = r == 1 ? '1' : r == 0 ? '0' : 'E';
			good &= got[k] == evcases[i].want[k];
		}
		if (!ok(good, "run: %s -> %s", evcases[i].expr, evcases[i].want))
			diag("got %s", got);
	}
}

/* ------------------------------------------------------------------ */
/* Linking                                                             */
/* ------------------------------------------------------------------ */

/* A filter links on an event with the field types it needs, or never matches. */
static void link_on_test_event(void)
{
	static const struct { const char *expr; bool never; } cases[] = {
		{ "nosuchfield == 1", true },
		{ "strfield + 1", true },
		{ "intfield == \"x\"", true },
		{ "arr == 1", true },		/* whole integer array */
		{ "strfield[0] == 1", true },
		{ "intfield[1] == 1", true },
		{ "comm[1] == 1", false },	/* a text array is indexable */
		{ "strfield == intfield", true },
		{ "intfield == enumfield", false },
		{ "x == 1 || intfield == 42", true },	/* x is missing here */
		{ "x != 1.5", true },		/* known result, missing field */
	};
	struct lttng_filter_value v[NR_FIELDS];
	struct lttng_filter_input in = { v, NR_FIELDS };
	struct lttng_filter_prog *prog;
	size_t i;
	int ret;

	fill(&samples[0], v);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ret = compile_link(cases[i].expr, &test_desc, &prog);
		if (!ok(ret == 0 && lttng_filter_prog_never(prog) == cases[i].never,
			"link on test_event: %s: %s", cases[i].expr,
			cases[i].never ? "never matches" : "runs"))
			diag("ret %d", ret);
		if (!ret) {
			if (cases[i].never)
				ok(!lttng_filter_run(prog, &in),
				   "never-matching program runs as false");
			lttng_filter_free(prog);
		}
	}
}

/* User-space rules: structure members and application contexts
 * compile (as in LTTng-UST) to fields no event has: never true. */
static void link_user_space(void)
{
	struct lttng_filter_prog *prog;
	int ret;
	static const char *const never[] = {
		"b.c != 2", "b->c == 2", "$app.p:c == 1",
		"a.b.c == 1 && x > 3", "x > 3 && $app.prov:ctx == 0",
	};
	struct lttng_filter_bytecode *ubc;
	struct lttng_filter_bc *ubcc;
	char err[256];
	size_t k;

	for (k = 0; k < sizeof(never) / sizeof(never[0]); k++) {
		ret = lttng_filter_compile_user(never[k], &ubc, err,
						sizeof(err));
		if (!ok(ret == 0, "user space: '%s' compiles", never[k])) {
			diag("%s", err);
			continue;
		}
		ret = lttng_filter_bc_copy(ubc->data, ubc->len, &ubcc);
		lttng_filter_bytecode_free(ubc);
		if (!ret) {
			ret = lttng_filter_link(ubcc, &test_desc, NULL, &prog);
			lttng_filter_bc_free(ubcc);
		}
		ok(ret == 0 && lttng_filter_prog_never(prog),
		   "user space: '%s' is never true", never[k]);
		if (!ret)
			lttng_filter_free(prog);
	}
	ok(lttng_filter_compile_user("b. == 1", NULL, err,
				     sizeof(err)) ==
	   LTTNG_FILTER_ERR_SYNTAX,
	   "user space: 'b. == 1' is a syntax error (%s)", err);
	ok(lttng_filter_compile_user("x > 3", NULL, err,
				     sizeof(err)) == 0,
	   "user space: a check only ('x > 3')");
}

/* A wildcard rule: one bytecode, two events with different fields. */
static void link_wildcard(void)
{
	struct lttng_filter_prog *prog;
	int ret;

	ret = compile_link("strfield == \"hel*\"", &other_desc, &prog);
	ok(ret == 0 && lttng_filter_prog_never(prog),
	   "same filter on other_event (strfield is an integer there): never");
	if (!ret)
		lttng_filter_free(prog);
	ret = compile_link("x > 3", &other_desc, &prog);
	if (ok(ret == 0 && !lttng_filter_prog_never(prog),
	       "x > 3 links on other_event")) {
		struct lttng_filter_value ov[2] = { { .v = 1 }, { .v = 4 } };
		struct lttng_filter_input oin = { ov, 2 };

		ok(lttng_filter_run(prog, &oin), "x > 3 with x = 4: true");
		ov[1].v = 3;
		ok(!lttng_filter_run(prog, &oin), "x > 3 with x = 3: false");
		oin.nr_fields = 1;
		ok(!lttng_filter_run(prog, &oin),
		   "input with fewer fields than the description: false, no read");
		lttng_filter_free(prog);
	}
}

/* A string field given as NULL by a probe: false, no crash. */
static void link_null_string(void)
{
	struct lttng_filter_value v[NR_FIELDS];
	struct lttng_filter_input in = { v, NR_FIELDS };
	struct lttng_filter_prog *prog;
	int ret;

	fill(&samples[0], v);
	ret = compile_link("strfield == \"*\"", &test_desc, &prog);
	if (!ret) {
		v[2].ptr = NULL;
		ok(!lttng_filter_run(prog, &in), "NULL string input: false");
		lttng_filter_free(prog);
	}
}

/* Several rules on one event: recorded when one matches. */
static void link_several_rules(void)
{
	struct lttng_filter_value v[NR_FIELDS];
	struct lttng_filter_input in = { v, NR_FIELDS };
	struct lttng_filter_prog *prog, *p2;
	const struct lttng_filter_prog *list_progs[2];
	struct lttng_filter_list *list;
	int ret;

	fill(&samples[0], v);
	ret = compile_link("intfield == 1", &test_desc, &prog);
	ret |= compile_link("strfield == \"hello\"", &test_desc, &p2);
	if (ok(!ret, "two rules compiled")) {
		list = malloc(sizeof(*list) + 2 * sizeof(list->progs[0]));
		list->nr = 2;
		list_progs[0] = prog;
		list_progs[1] = p2;
		memcpy((void *)list->progs, list_progs, sizeof(list_progs));
		ok(lttng_filter_list_run(list, &in), "rules: one of two matches: recorded");
		fill(&samples[1], v);
		ok(!lttng_filter_list_run(list, &in), "rules: none matches: dropped");
		free(list);
		lttng_filter_free(prog);
		lttng_filter_free(p2);
	}
}

/* A long chain of alternatives: 1000 forward jumps. */
static void link_long_chain(void)
{
	char *e = malloc(1000 * 24);
	size_t n = 0, k;
	char got[4] = { 0 };

	for (k = 0; k < 1000; k++)
		n += sprintf(e + n, "%sintfield == %zu", k ? " || " : "", k);
	for (k = 0; k < 3; k++) {
		int r = eval(e, &samples[k]);

		got[k] = r == 1 ? '1' : r == 0 ? '0' : 'E';
	}
	ok(!strcmp(got, "101"), "1000 '||' alternatives verify and run (%s)",
	   got);
	free(e);
}

/* Copy from "user" memory and load in one call. */
static void link_load(void)
{
	struct lttng_filter_value v[NR_FIELDS];
	struct lttng_filter_input in = { v, NR_FIELDS };
	struct lttng_filter_prog *prog;
	int ret;
	struct lttng_filter_bytecode *ubc;
	char err[256];

	ret = lttng_filter_compile("intfield == 42", NULL, 0, &ubc, err,
				   sizeof(err));
	if (!ret) {
		fill(&samples[0], v);
		ret = lttng_filter_load(ubc->data, ubc->len, &test_desc, &prog);
		ok(!ret && lttng_filter_run(prog, &in),
		   "lttng_filter_load() copies, verifies, links");
		if (!ret)
			lttng_filter_free(prog);
		lttng_filter_bytecode_free(ubc);
	}
}

static void linking(void)
{
	link_on_test_event();
	link_user_space();
	link_wildcard();
	link_null_string();
	link_several_rules();
	link_long_chain();
	link_load();
}

/* ------------------------------------------------------------------ */
/* Differential random testing                                         */
/* ------------------------------------------------------------------ */

struct rnode {
	int kind;		/* 0 const, 1 leaf var, 2 unary, 3 binary */
	int op;
	s64 cst;
	int var;
	struct rnode *l, *r;
};

static const char *const var_src[] = {
	"intfield", "uintfield", "arr[1]", "seq[1]", "$ctx.tid", "s8arr[0]",
	"arr[5]",
};
#define NR_VARS 7

struct rvals {
	s64 v[NR_VARS];
	bool oob[NR_VARS];
};

static unsigned int rseed = 4242;

static s64 rand_const(void)
{
	switch (rand_r(&rseed) % 6) {
	case 0:
		return rand_r(&rseed) % 5 - 2;
	case 1:
		return rand_r(&rseed) % 70;
	case 2:
		return (s64)((u64)rand_r(&rseed) << 33 | (u64)rand_r(&rseed));
	case 3:
		return INT64_MIN;
	case 4:
		return -1;
	default:
		return rand_r(&rseed) % 1000 - 500;
	}
}

static struct rnode *rgen(int depth, struct rnode *pool_nodes, int *n)
{
	struct rnode *r = &pool_nodes[(*n)++];
	int pick = depth <= 0 ? rand_r(&rseed) % 2 : rand_r(&rseed) % 6;

	memset(r, 0, sizeof(*r));
	if (pick == 0) {
		r->kind = 0;
		r->cst = rand_const();
	} else if (pick == 1) {
		r->kind = 1;
		r->var = rand_r(&rseed) % NR_VARS;
	} else if (pick == 2) {
		static const int uops[] = { LTTNG_FILTER_OP_NEG,
			LTTNG_FILTER_OP_BIT_NOT, LTTNG_FILTER_OP_NOT };

		r->kind = 2;
		r->op = uops[rand_r(&rseed) % 3];
		r->l = rgen(depth - 1, pool_nodes, n);
	} else {
		static const int bops[] = {
			LTTNG_FILTER_OP_EQ, LTTNG_FILTER_OP_NE, LTTNG_FILTER_OP_LT,
			LTTNG_FILTER_OP_LE, LTTNG_FILTER_OP_GT, LTTNG_FILTER_OP_GE,
			LTTNG_FILTER_OP_ADD, LTTNG_FILTER_OP_SUB, LTTNG_FILTER_OP_MUL,
			LTTNG_FILTER_OP_DIV, LTTNG_FILTER_OP_MOD,
			LTTNG_FILTER_OP_BIT_AND, LTTNG_FILTER_OP_BIT_OR,
			LTTNG_FILTER_OP_BIT_XOR, LTTNG_FILTER_OP_LSHIFT,
			LTTNG_FILTER_OP_RSHIFT, LTTNG_FILTER_OP_AND,
			LTTNG_FILTER_OP_OR,
		};

		r->kind = 3;
		r->op = bops[rand_r(&rseed) % ARRAY_SIZE(bops)];
		r->l = rgen(depth - 1, pool_nodes, n);
		r->r = rgen(depth - 1, pool_nodes, n);
	}
	return r;
}

static const char *op_src(int op)
{
	switch (op) {
	case LTTNG_FILTER_OP_EQ: return "==";
	case LTTNG_FILTER_OP_NE: return "!=";
	case LTTNG_FILTER_OP_LT: return "<";
	case LTTNG_FILTER_OP_LE: return "<=";
	case LTTNG_FILTER_OP_GT: return ">";
	case LTTNG_FILTER_OP_GE: return ">=";
	case LTTNG_FILTER_OP_ADD: return "+";
	case LTTNG_FILTER_OP_SUB: return "-";
	case LTTNG_FILTER_OP_MUL: return "*";
	case LTTNG_FILTER_OP_DIV: return "/";
	case LTTNG_FILTER_OP_MOD: return "%";
	case LTTNG_FILTER_OP_BIT_AND: return "&";
	case LTTNG_FILTER_OP_BIT_OR: return "|";
	case LTTNG_FILTER_OP_BIT_XOR: return "^";
	case LTTNG_FILTER_OP_LSHIFT: return "<<";
	case LTTNG_FILTER_OP_RSHIFT: return ">>";
	case LTTNG_FILTER_OP_AND: return "&&";
	case LTTNG_FILTER_OP_OR: return "||";
	case LTTNG_FILTER_OP_NEG: return "-";
	case LTTNG_FILTER_OP_BIT_NOT: return "~";
	default: return "!";
	}
}

static size_t rprint(const struct rnode *r, char *out)
{
	size_t n = 0;

	switch (r->kind) {
	case 0:
		if (r->cst == INT64_MIN)
			return sprintf(out, "(-9223372036854775807 - 1)");
		return sprintf(out, r->cst < 0 ? "(%lld)" : "%lld", (long long)r->cst);
	case 1:
		return sprintf(out, "%s", var_src[r->var]);
	case 2:
		n += sprintf(out, "%s(", op_src(r->op));
		n += rprint(r->l, out + n);
		return n + sprintf(out + n, ")");
	default:
		n += sprintf(out, "(");
		n += rprint(r->l, out + n);
		n += sprintf(out + n, " %s ", op_src(r->op));
		n += rprint(r->r, out + n);
		return n + sprintf(out + n, ")");
	}
}

/* Reference semantics (LTTng's, as documented): false on error. */
static bool reval(const struct rnode *r, const struct rvals *vals, s64 *out)
{
	s64 a, b;
	u64 x, y;

	switch (r->kind) {
	case 0:
		*out = r->cst;
		return true;
	case 1:
		if (vals->oob[r->var])
			return false;
		*out = vals->v[r->var];
		return true;
	case 2:
		if (!reval(r->l, vals, &a))
			return false;
		if (r->op == LTTNG_FILTER_OP_NEG)
			*out = (s64)(0 - (u64)a);
		else if (r->op == LTTNG_FILTER_OP_BIT_NOT)
			*out = (s64)~(u64)a;
		else
			*out = !a;
		return true;
	}
	if (!reval(r->l, vals, &a))
		return false;
	if (r->op == LTTNG_FILTER_OP_AND && !a) {
		*out = 0;
		return true;
	}
	if (r->op == LTTNG_FILTER_OP_OR && a) {
		*out = 1;
		return true;
	}
	if (!reval(r->r, vals, &b))
		return false;
	x = (u64)a;
	y = (u64)b;
	switch (r->op) {
	case LTTNG_FILTER_OP_EQ: *out = a == b; break;
	case LTTNG_FILTER_OP_NE: *out = a != b; break;
	case LTTNG_FILTER_OP_LT: *out = a < b; break;
	case LTTNG_FILTER_OP_LE: *out = a <= b; break;
	case LTTNG_FILTER_OP_GT: *out = a > b; break;
	case LTTNG_FILTER_OP_GE: *out = a >= b; break;
	case LTTNG_FILTER_OP_ADD: *out = (s64)(x + y); break;
	case LTTNG_FILTER_OP_SUB: *out = (s64)(x - y); break;
	case LTTNG_FILTER_OP_MUL: *out = (s64)(x * y); break;
	case LTTNG_FILTER_OP_DIV:
		if (!b)
			return false;
		*out = (a == INT64_MIN && b == -1) ? INT64_MIN : a / b;
		break;
	case LTTNG_FILTER_OP_MOD:
		if (!b)
			return false;
		*out = (a == INT64_MIN && b == -1) ? 0 : a % b;
		break;
	case LTTNG_FILTER_OP_BIT_AND: *out = (s64)(x & y); break;
	case LTTNG_FILTER_OP_BIT_OR: *out = (s64)(x | y); break;
	case LTTNG_FILTER_OP_BIT_XOR: *out = (s64)(x ^ y); break;
	case LTTNG_FILTER_OP_LSHIFT:
		if (y > 63)
			return false;
		*out = (s64)(x << y);
		break;
	case LTTNG_FILTER_OP_RSHIFT:
		if (y > 63)
			return false;
		*out = (s64)(x >> y);
		break;
	default:	/* && and || with the right operand deciding */
		*out = b != 0;
		break;
	}
	return true;
}

static void differential(void)
{
	static struct rnode nodes[256];
	static char expr[16384];
	unsigned int i, k, compared = 0, mismatches = 0, rejected = 0;

	for (i = 0; i < 3000; i++) {
		struct lttng_filter_prog *prog;
		struct rnode *root;
		int n = 0, ret;

		root = rgen(1 + rand_r(&rseed) % 5, nodes, &n);
		rprint(root, expr);
		ret = compile_link(expr, &test_desc, &prog);
		if (ret) {
			rejected++;
			continue;
		}
		for (k = 0; k < 4; k++) {
			struct sample s = samples[k % ARRAY_SIZE(samples)];
			struct lttng_filter_value v[NR_FIELDS];
			struct lttng_filter_input in = { v, NR_FIELDS };
			struct rvals rv;
			s64 res;
			bool want, got;

			memset(&rv, 0, sizeof(rv));

			s.intfield = rand_const();
			s.uintfield = (u32)rand_r(&rseed);
			s.arr[1] = (u16)rand_r(&rseed);
			s.seq[1] = (s32)rand_r(&rseed) - RAND_MAX / 2;
			s.seq_len = rand_r(&rseed) % 3;
			s.s8arr[0] = (s8)rand_r(&rseed);
			ctx_tid = rand_const();
			rv.v[0] = s.intfield;
			rv.v[1] = s.uintfield;
			rv.v[2] = s.arr[1];
			rv.v[3] = s.seq[1];
			rv.oob[3] = s.seq_len < 2;
			rv.v[4] = ctx_tid;
			rv.v[5] = s.s8arr[0];
			rv.oob[6] = true;	/* arr[5]: past 4 elements */
			want = reval(root, &rv, &res) && res != 0;
			fill(&s, v);
			got = lttng_filter_run(prog, &in);
			compared++;
			if (got != want) {
				mismatches++;
				if (mismatches < 4)
					diag("mismatch on %s: got %d want %d", expr,
					     got, want);
			}
		}
		lttng_filter_free(prog);
	}
	ctx_tid = 1234;
	ok(mismatches == 0 && compared > 5000,
	   "differential: %u runs of random expressions agree with the "
	   "reference (%u too deep for the stack, refused)", compared, rejected);
}

static void glob_differential(void)
{
	unsigned int i, bad = 0;

	for (i = 0; i < 3000; i++) {
		char pat[16], str[16], expr[64];
		int pl = rand_r(&rseed) % 8, sl = rand_r(&rseed) % 10, j;
		struct sample s = samples[0];
		bool want;
		int got;

		for (j = 0; j < pl; j++)
			pat[j] = "ab**"[rand_r(&rseed) % 4];
		pat[pl] = '\0';
		for (j = 0; j < sl; j++)
			str[j] = "ab"[rand_r(&rseed) % 2];
		str[sl] = '\0';
		s.strfield = str;
		snprintf(expr, sizeof(expr), "strfield == \"%s\"", pat);
		want = fnmatch(pat, str, 0) == 0;
		got = eval(expr, &s);
		if (got != want) {
			bad++;
			if (bad < 4)
				diag("glob '%s' on '%s': got %d want %d", pat, str,
				     got, want);
		}
	}
	ok(bad == 0, "glob: 3000 random patterns agree with fnmatch(3)");
}

/* ------------------------------------------------------------------ */
/* Mutation fuzzing                                                    */
/* ------------------------------------------------------------------ */

static void mutate_fuzz(void)
{
	static const char *const seeds[] = {
		"intfield == 42 && strfield == \"h*o\" || arr[2] > 1",
		"$ctx.procname != \"x\" && (seq[1] << 2) / uintfield % 3 != ~1",
		"comm == \"ba*\" || !(enumfield & 1) && $ctx.tid > 5",
	};
	unsigned int i, accepted_n = 0, runs = 0;
	unsigned int seed = 99;
	u8 buf[1024];

	for (i = 0; i < 30000; i++) {
		struct lttng_filter_bc *bc;
		struct lttng_filter_prog *prog;
		u32 len = (u32)hb_mutant(seeds[i % 3], &seed, buf, sizeof(buf));
		int m, k;

		if (!len)
			break;
		if (lttng_filter_bc_dup(buf, len, &bc))
			continue;
		accepted_n++;
		for (k = 0; k < 2; k++) {
			const struct lttng_event_desc *d = k ? &other_desc : &test_desc;

			if (lttng_filter_link(bc, d, NULL, &prog))
				continue;
			for (m = 0; m < (int)ARRAY_SIZE(samples); m++) {
				struct lttng_filter_value v[NR_FIELDS];
				struct lttng_filter_input in = { v, d->nr_fields };

				fill(&samples[m], v);
				lttng_filter_run(prog, &in);
				runs++;
			}
			lttng_filter_free(prog);
		}
		lttng_filter_bc_free(bc);
	}
	ok(i == 30000, "mutation fuzz: 30000 corrupted bytecodes, %u accepted "
	   "and run %u times without a memory error", accepted_n, runs);
}

int main(void)
{
	hostile();
	sample_cases();
	linking();
	differential();
	glob_differential();
	mutate_fuzz();
	return tap_done();
}
