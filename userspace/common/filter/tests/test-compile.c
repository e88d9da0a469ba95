// SPDX-License-Identifier: LGPL-2.1-only
/*
 * test-compile.c - unit tests of the filter compiler (TAP).
 *
 * Families, after LTTng's own filter tests: valid grammar, invalid syntax
 * (with the reported position), unsupported operations, type errors,
 * string globbing, operator precedence (through the emitted code), typed
 * compilation against a field list, golden bytecode, and a bounded
 * random-input loop.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "../../../../include/lttng-filter.h"
#include "../filter.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const valid[] = {
	"intfield", "1", "0", "!intfield", "(intfield)", "((((intfield))))",
	"intfield == 1", "intfield != 1", "intfield < 1", "intfield <= 1",
	"intfield > 1", "intfield >= 1",
	"intfield > 500 && intfield < 503",
	"intfield == 10 || intfield2 == 10",
	"0 || intfield == 1", "1 && (intfield || !intfield2)",
	"stringfield == \"test\"", "\"test\" == stringfield",
	"stringfield == \"t*\"", "stringfield == \"*\"", "stringfield == \"*a*b*\"",
	"stringfield != \"\\*\"", "stringfield == 'single quoted'",
	"stringfield < \"abc\"", "stringfield >= \"abc\"",
	"stringfield == otherfield",
	"intfield == 0x1F", "intfield == 0X1f", "intfield == 017", "intfield == 0",
	"intfield == 10u", "intfield == 10UL", "intfield == 10ll",
	"intfield == 18446744073709551615", "intfield == -9223372036854775808",
	"intfield > 1.5", "1.5 < intfield", "intfield == 2.0", "intfield < 1e3",
	"intfield < .5", "intfield <= -2.5e-1", "1.0 == 1.0", "intfield != 1e30",
	"arr[0] == 1", "arr[4294967295] == 1", "seq[2]",
	"$ctx.procname == \"lttng*\"", "$ctx.vtid == 1234", "$ctx.tid",
	"$ctx.cpu_id == 2 && filename != \"*.log\"", "$ctx.hostname == \"h\"",
	"$ctx.uid == 0 || $ctx.vgid == 1", "$ctx.net_ns != 0",
	"eax_reg & 0xff7 == 0x240 && x[4] >> 12 <= 0x1234",
	"msg_id == 23 && size >= 2048",
	"$ctx.procname == \"lttng*\" && (!flag || poel < 34)",
	"~intfield", "-intfield", "+intfield", "!!intfield", "- -1", "!-+~1",
	"intfield * 2 == 4", "a / b", "a % 3", "a + b - c", "a << 2", "a >> 2",
	"a ^ b", "a | b", "a\n&&\tb", " \t a \n",
	"s == \"\\n\\t\\x41\\101\\\\\\\"\\'\"",
	"_under_score1 == 1",
	"$ctx.vtid-1 == 5", "$ctx.tid*2>$ctx.pid",
};

/* A one-line, printable copy of an expression for the TAP description. */
static const char *vis(const char *s)
{
	static char bufs[2][600];
	static int which;
	char *b = bufs[which ^= 1];
	size_t n = 0;

	for (; *s && n < sizeof(bufs[0]) - 5; s++) {
		if (*s == '\n')
			n += sprintf(b + n, "\\n");
		else if (*s == '\t')
			n += sprintf(b + n, "\\t");
		else if ((unsigned char)*s < 0x20)
			n += sprintf(b + n, "\\x%02x", (unsigned char)*s);
		else
			b[n++] = *s;
	}
	b[n] = '\0';
	return b;
}

struct bad {
	const char *expr;
	int err;
	const char *pos;	/* "line:col" */
	const char *msg;
};

#define SYN LTTNG_FILTER_ERR_SYNTAX
#define UNS LTTNG_FILTER_ERR_UNSUPPORTED
#define TYP LTTNG_FILTER_ERR_TYPE

static const struct bad invalid[] = {
	/* syntax */
	{ "intfield == 1)", SYN, "1:14", "unexpected ')' (no matching '(')" },
	{ "(intfield == 1", SYN, "1:1", "unbalanced '('" },
	{ "0 || (\"abc\" != \"def\")) && (3 < 4)", SYN, "1:22", "unexpected ')'" },
	{ "intfield ==", SYN, "1:12", "unexpected end of expression" },
	{ "intfield === 1", SYN, "1:12", "unexpected '='" },
	{ "== 1", SYN, "1:1", "unexpected '=='" },
	{ "intfield == 1 && && intfield2 == 2", SYN, "1:18", "unexpected '&&'" },
	{ "", SYN, "1:1", "empty filter expression" },
	{ "   \n  ", SYN, "2:3", "empty filter expression" },
	{ "!", SYN, "1:2", "unexpected end of expression" },
	{ "()", SYN, "1:2", "unexpected ')'" },
	{ "a b", SYN, "1:3", "unexpected 'b'" },
	{ "1 2", SYN, "1:3", "unexpected '2'" },
	{ "a ==\n  )", SYN, "2:3", "unexpected ')'" },
	{ "s == \"unterminated", SYN, "1:6", "unterminated string literal" },
	{ "s == \"bad \\q\"", SYN, "1:11", "unknown escape sequence '\\q'" },
	{ "s == \"\\x\"", SYN, "1:7", "\\x used with no following hex digits" },
	{ "a == 0x", SYN, "1:6", "invalid hexadecimal number" },
	{ "a == 09", SYN, "1:6", "invalid digit '9' in octal number" },
	{ "a == 12abc", SYN, "1:6", "invalid number '12a'" },
	{ "a == 99999999999999999999", SYN, "1:6", "integer literal too large" },
	{ "a = 1", SYN, "1:3", "assignment is not allowed" },
	{ "a += 1", SYN, "1:3", "assignments are not allowed" },
	{ "a++", SYN, "1:2", "unexpected '++'" },
	{ "a ? 1 : 2", SYN, "1:3", "unexpected '?'" },
	{ "a[]", SYN, "1:3", "unexpected ']'" },
	{ "a[1", SYN, "1:2", "unbalanced '['" },
	{ "$foo == 1", SYN, "1:1", "unknown dynamic scope '$foo'" },
	{ "$ctx == 1", SYN, "1:1", "expected a name after '$ctx.'" },
	{ "a # 1", SYN, "1:3", "unexpected character '#'" },
	{ "a == 1;", SYN, "1:7", "unexpected ';'" },
	{ "*a == 1", SYN, "1:1", "unexpected '*'" },
	{ "&a == 1", SYN, "1:1", "unexpected '&'" },
	{ "a == \"x\ny\"", SYN, "1:6", "newline in string literal" },
	{ "a,b", SYN, "1:2", "unexpected ','" },
	{ "{a}", SYN, "1:1", "unexpected '{'" },
	{ "a == \x01", SYN, "1:6", "unexpected byte 0x01" },
	/* unsupported here (LTTng features without a kernel meaning) */
	{ "a->b == 1", UNS, "1:2", "'->'" },
	{ "a.b == 1", UNS, "1:2", "no structure fields" },
	{ "a[1][2] == 1", UNS, "1:5", "multi-dimensional arrays" },
	{ "a[i] == 1", UNS, "1:3", "constant, non-negative integer" },
	{ "a[-1] == 1", UNS, "1:3", "constant, non-negative integer" },
	{ "f(1)", UNS, "1:2", "function calls are not supported" },
	{ "$app.prov:ctx == 1", UNS, "1:1", "application contexts" },
	{ "$ctx.perf:thread:cycles > 0", UNS, "1:1",
	  "per-thread perf counters ('$ctx.perf:thread:cycles') are not available" },
	{ "$ctx.perf:cpu:raw:x12:foo > 0", LTTNG_FILTER_ERR_FIELD, "1:1",
	  "Wrong perf raw mask format: expected rNNN" },
	{ "$ctx.perf:cpu:raw:r12:a:b > 0", LTTNG_FILTER_ERR_FIELD, "1:1",
	  "Too many ':' in perf raw format" },
	{ "$ctx.perf:cpu:nosuch > 0", LTTNG_FILTER_ERR_FIELD, "1:1",
	  "unknown context '$ctx.perf:cpu:nosuch'" },
	{ "$ctx.procname[0] == 1", UNS, "1:14", "only event fields can be indexed" },
	{ "a + 1.5 > 2", UNS, "1:3", "floating point arithmetic" },
	{ "-1.5", UNS, "1:1", "not a floating point number" },
	{ "1.5 && a", UNS, "1:5", "floating point arithmetic" },
	{ "~1.5 == 1", UNS, "1:1", "floating point arithmetic" },
	{ "s == \"a\\0b\"", UNS, "1:8", "NUL byte in string literal" },
	/* type errors */
	{ "\"a\" == 1", TYP, "1:5", "cannot compare a string with an integer" },
	{ "1 != 'a'", TYP, "1:3", "cannot compare an integer with a string" },
	{ "s == \"x*\" + 1", TYP, "1:11", "operator '+' needs integers, not a star-glob pattern" },
	{ "\"a*\" == \"b*\"", TYP, "1:6", "cannot compare two star-glob patterns" },
	{ "s < \"a*\"", TYP, "1:3", "only be compared with '==' or '!='" },
	{ "\"abc\"", TYP, "1:1", "must be a condition or an integer, not a string" },
	{ "!\"abc\"", TYP, "1:1", "operator '!' needs an integer, not a string" },
	{ "\"a\" && 1", TYP, "1:5", "operands of '&&' must be integers or conditions" },
	{ "$ctx.procname == 1", TYP, "1:15", "cannot compare a string with an integer" },
	{ "$ctx.tid == \"x\"", TYP, "1:10", "cannot compare an integer with a string" },
	{ "1.5 == \"a\"", TYP, "1:5", "cannot compare a floating point number with a string" },
	{ "$ctx.nosuch == 1", LTTNG_FILTER_ERR_FIELD, "1:1", "unknown context '$ctx.nosuch'" },
};

static const struct lttng_filter_field fields[] = {
	{ "intfield", LTTNG_FILTER_FIELD_INTEGER },
	{ "stringfield", LTTNG_FILTER_FIELD_STRING },
	{ "arr", LTTNG_FILTER_FIELD_ARRAY },
};

static const struct bad typed_bad[] = {
	{ "nosuch == 1", LTTNG_FILTER_ERR_FIELD, "1:1", "unknown field 'nosuch'" },
	{ "stringfield == 1", TYP, "1:13", "cannot compare a string with an integer" },
	{ "intfield == \"a*\"", TYP, "1:10", "cannot compare an integer with a star-glob" },
	{ "arr == 1", TYP, "1:1", "array field 'arr' must be indexed" },
	{ "intfield[0] == 1", TYP, "1:1", "field 'intfield' is an integer, not an array" },
	{ "stringfield + 1", TYP, "1:13", "operator '+' needs integers, not a string" },
	{ "stringfield", TYP, "1:1", "must be a condition or an integer" },
};

static const char *const typed_good[] = {
	"intfield == 1", "stringfield == \"a*\"", "arr[3] > 2", "intfield",
	"stringfield != \"x\" && arr[0] & 1", "intfield > 2.5",
};

static char *dump(const char *expr)
{
	struct lttng_filter_bytecode *bc;
	char err[256], *text = NULL;
	size_t len = 0;
	FILE *f;

	if (lttng_filter_compile(expr, NULL, 0, &bc, err, sizeof(err)))
		return strdup(err);
	f = open_memstream(&text, &len);
	if (!f) {
		lttng_filter_bytecode_free(bc);
		return NULL;
	}
	if (lttng_filter_dump(bc->data, bc->len, f))
		fputs("DUMP FAILED\n", f);
	fclose(f);
	lttng_filter_bytecode_free(bc);
	return text;
}

/* Only the opcodes, one line: "load_field eq and ..." */
static char *ops_of(const char *expr)
{
	char *d = dump(expr), *out, *line, *save = NULL;
	size_t n = 0;

	if (!d)
		return NULL;
	out = calloc(1, strlen(d) + 1);
	for (line = strtok_r(d, "\n", &save); line && out;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *op = strstr(line, ": ");

		if (strncmp(line, "ref ", 4) == 0 || !op)
			continue;
		op += 2;
		n += sprintf(out + n, "%s%.*s", n ? " " : "",
			     (int)strcspn(op, " "), op);
	}
	free(d);
	return out;
}

struct golden {
	const char *expr;
	const char *listing;
};

static const struct golden goldens[] = {
	{ "prev_tid == 5",
	  "ref 0: \"prev_tid\"\n"
	  "0000: load_field 0\n"
	  "0003: push_s32 5\n"
	  "0008: eq\n"
	  "0009: return\n" },
	{ "a && b || !c",
	  "ref 0: \"a\"\nref 1: \"b\"\nref 2: \"c\"\n"
	  "0000: load_field 0\n"
	  "0003: and -> 000c\n"
	  "0008: load_field 1\n"
	  "000b: bool\n"
	  "000c: or -> 0016\n"
	  "0011: load_field 2\n"
	  "0014: not\n"
	  "0015: bool\n"
	  "0016: return\n" },
	{ "$ctx.procname == \"ba*sh\" && arr[3] != -5000000000",
	  "ref 0: \"arr\"\n"
	  "0000: load_ctx 1\n"
	  "0003: push_glob \"ba*sh\"\n"
	  "000c: eq\n"
	  "000d: and -> 0024\n"
	  "0012: load_elem 0[3]\n"
	  "0019: push_s64 -5000000000\n"
	  "0022: ne\n"
	  "0023: bool\n"
	  "0024: return\n" },
	{ "s == \"a\\\\b\\*c\" || s == \"a\\\\b\\*c*\"",
	  "ref 0: \"s\"\n"
	  "0000: load_field 0\n"
	  "0003: push_str \"a\\\\b*c\"\n"
	  "000c: eq\n"
	  "000d: or -> 0020\n"
	  "0012: load_field 0\n"
	  "0015: push_glob \"a\\\\\\\\b\\\\*c*\"\n"
	  "001e: eq\n"
	  "001f: bool\n"
	  "0020: return\n" },
	/* float literals become integer comparisons */
	{ "x < 2.5", "ref 0: \"x\"\n0000: load_field 0\n0003: push_s32 3\n0008: lt\n0009: return\n" },
	{ "x <= 2.5", "ref 0: \"x\"\n0000: load_field 0\n0003: push_s32 2\n0008: le\n0009: return\n" },
	{ "2.5 < x", "ref 0: \"x\"\n0000: load_field 0\n0003: push_s32 2\n0008: gt\n0009: return\n" },
	{ "x >= -2.5", "ref 0: \"x\"\n0000: load_field 0\n0003: push_s32 -2\n0008: ge\n0009: return\n" },
	{ "x == 2.5", "0000: push_s32 0\n0005: return\n" },
	/* a known result still evaluates the field (it may be missing) */
	{ "x != 2.5", "ref 0: \"x\"\n0000: load_field 0\n0003: push_s32 0\n0008: bit_and\n"
	  "0009: push_s32 0\n000e: eq\n000f: return\n" },
	{ "1 != 2.5", "0000: push_s32 1\n0005: return\n" },
	{ "x == 3.0", "ref 0: \"x\"\n0000: load_field 0\n0003: push_s32 3\n0008: eq\n0009: return\n" },
	{ "x < 1e30", "ref 0: \"x\"\n0000: load_field 0\n0003: push_s32 0\n0008: bit_and\n"
	  "0009: push_s32 0\n000e: eq\n000f: return\n" },
	{ "x > 1e30", "0000: push_s32 0\n0005: return\n" },
	{ "x >= -1e30", "ref 0: \"x\"\n0000: load_field 0\n0003: push_s32 0\n0008: bit_and\n"
	  "0009: push_s32 0\n000e: eq\n000f: return\n" },
	{ "1.5 < 2.5", "0000: push_s32 1\n0005: return\n" },
	/* a perf counter of the channel, by its field name */
	{ "$ctx.perf:cpu:cache-misses > 3 && cache_misses == 3",
	  "ref 0: \"perf_cpu_cache_misses\"\nref 1: \"cache_misses\"\n"
	  "0000: load_ctx_ref 0\n"
	  "0003: push_s32 3\n"
	  "0008: gt\n"
	  "0009: and -> 0018\n"
	  "000e: load_field 1\n"
	  "0011: push_s32 3\n"
	  "0016: eq\n"
	  "0017: bool\n"
	  "0018: return\n" },
	{ "$ctx.preemptible == 1 && $ctx.mnt_ns != 0",
	  "0000: load_ctx 13\n"
	  "0003: push_s32 1\n"
	  "0008: eq\n"
	  "0009: and -> 0018\n"
	  "000e: load_ctx 19\n"
	  "0011: push_s32 0\n"
	  "0016: ne\n"
	  "0017: bool\n"
	  "0018: return\n" },
};

/* Each row's expression, listed by fn (dump or ops_of), is its listing. */
static void check_listings(const char *what, const struct golden *g,
			   size_t n, char *(*fn)(const char *))
{
	size_t i;
	char *s;

	for (i = 0; i < n; i++) {
		s = fn(g[i].expr);
		if (!ok(s && !strcmp(s, g[i].listing), "%s: %s", what,
			g[i].expr))
			diag("got:\n%s", s ? s : "(null)");
		free(s);
	}
}

/* Precedence, as LTTng documents it (bitwise binds tighter than ==). */
static const struct golden precedence[] = {
	{ "2 & 2 == 2", "push_s32 push_s32 bit_and push_s32 eq return" },
	{ "a == 1 | 2", "load_field push_s32 push_s32 bit_or eq return" },
	{ "a | b ^ c & d", "load_field load_field load_field load_field bit_and bit_xor bit_or return" },
	{ "a << 1 & b", "load_field push_s32 lshift load_field bit_and return" },
	{ "a + b << c", "load_field load_field add load_field lshift return" },
	{ "a + b * c", "load_field load_field load_field mul add return" },
	{ "a - b - c", "load_field load_field sub load_field sub return" },
	{ "a < b == c < d", "load_field load_field lt load_field load_field lt eq return" },
	{ "a || b && c", "load_field or load_field and load_field bool bool return" },
	{ "(a || b) && c", "load_field or load_field bool and load_field bool return" },
	{ "!a == b", "load_field not load_field eq return" },
	{ "-a * b", "load_field neg load_field mul return" },
	{ "~a & b", "load_field bit_not load_field bit_and return" },
	{ "a == b && c != d", "load_field load_field eq and load_field load_field ne bool return" },
};

static int check_bad(const struct bad *b, const struct lttng_filter_field *f,
		     size_t nr, const char *what)
{
	struct lttng_filter_bytecode *bc = NULL;
	char err[512], want[64];
	int ret;

	if (f)
		ret = lttng_filter_compile(b->expr, f, nr, &bc, err, sizeof(err));
	else
		ret = lttng_filter_check(b->expr, err, sizeof(err));
	snprintf(want, sizeof(want), " at %s: ", b->pos);
	if (!ok(ret == b->err && strstr(err, want) && strstr(err, b->msg) && !bc,
		"%s: %s", what, vis(b->expr)))
		diag("got %d \"%s\", want %d \"...%s...%s\"", ret, err, b->err,
		     want, b->msg);
	lttng_filter_bytecode_free(bc);
	return 0;
}

/* Bounded random inputs: the compiler never crashes, always answers
 * with a bytecode that lists cleanly or a positioned error. */
static void fuzz(void)
{
	static const char *const toks[] = {
		"a", "b", "s", "arr[1]", "$ctx.tid", "$ctx.procname", "1", "0x10",
		"2.5", "\"x*\"", "\"abc\"", "(", ")", "!", "~", "-", "+", "*",
		"/", "%", "<<", ">>", "&", "|", "^", "<", "<=", ">", ">=", "==",
		"!=", "&&", "||", "[", "]", ".", "=", "'", "\"", "\\", "$", " ",
	};
	unsigned int seed = 12345, i, j, bad = 0, compiled = 0;
	char expr[256], err[512];

	for (i = 0; i < 20000; i++) {
		struct lttng_filter_bytecode *bc = NULL;
		size_t n = 0;
		int ret, k = 1 + rand_r(&seed) % 12;

		if (i % 4 == 3) {	/* raw bytes */
			k = rand_r(&seed) % 40;
			for (j = 0; j < (unsigned int)k; j++)
				expr[n++] = (char)(1 + rand_r(&seed) % 255);
		} else {
			for (j = 0; j < (unsigned int)k; j++) {
				const char *t = toks[rand_r(&seed) % ARRAY_SIZE(toks)];

				if (n + strlen(t) + 2 >= sizeof(expr))
					break;
				n += sprintf(expr + n, "%s ", t);
			}
		}
		expr[n] = '\0';
		err[0] = '\0';
		ret = lttng_filter_compile(expr, NULL, 0, &bc, err, sizeof(err));
		if (ret == 0) {
			FILE *f = fopen("/dev/null", "w");

			compiled++;
			if (!bc || !f || lttng_filter_dump(bc->data, bc->len, f))
				bad++;
			if (f)
				fclose(f);
		} else if (bc || ret > 0 || !strstr(err, " at ")) {
			bad++;
			if (bad < 5)
				diag("bad answer %d '%s' for [%s]", ret, err, expr);
		}
		lttng_filter_bytecode_free(bc);
	}
	ok(bad == 0, "random inputs: 20000 tried, %u compiled, every other one "
	   "rejected with a positioned message", compiled);
}

/* The tables of expressions: valid, invalid, typed, goldens, precedence. */
static void table_cases(void)
{
	struct lttng_filter_bytecode *bc;
	char err[512];
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(valid); i++) {
		ret = lttng_filter_check(valid[i], err, sizeof(err));
		if (!ok(ret == 0, "valid: %s", vis(valid[i])))
			diag("%s", err);
	}
	for (i = 0; i < ARRAY_SIZE(invalid); i++)
		check_bad(&invalid[i], NULL, 0, "rejected");
	for (i = 0; i < ARRAY_SIZE(typed_bad); i++)
		check_bad(&typed_bad[i], fields, ARRAY_SIZE(fields), "typed, rejected");
	for (i = 0; i < ARRAY_SIZE(typed_good); i++) {
		ret = lttng_filter_compile(typed_good[i], fields, ARRAY_SIZE(fields),
					   &bc, err, sizeof(err));
		if (!ok(ret == 0, "typed, valid: %s", typed_good[i]))
			diag("%s", err);
		if (!ret)
			lttng_filter_bytecode_free(bc);
	}
	check_listings("golden", goldens, ARRAY_SIZE(goldens), dump);
	check_listings("precedence", precedence, ARRAY_SIZE(precedence),
		       ops_of);
}

/* Nesting depth, stack depth, chain length, string length, bad arguments. */
static void limits(void)
{
	struct lttng_filter_bytecode *bc;
	char err[512], *deep, *s;
	size_t i;
	int ret;

	deep = malloc(2 * 200 + 2);
	memset(deep, '(', 200);
	deep[200] = 'a';
	memset(deep + 201, ')', 200);
	deep[401] = '\0';
	ret = lttng_filter_check(deep, err, sizeof(err));
	ok(ret == LTTNG_FILTER_ERR_LIMIT && strstr(err, "nested too deeply"),
	   "200 nested parentheses: refused (%s)", err);
	memset(deep, '!', 400);
	deep[400] = 'a';
	deep[401] = '\0';
	ret = lttng_filter_check(deep, err, sizeof(err));
	ok(ret == LTTNG_FILTER_ERR_LIMIT, "400 nested '!': refused (%s)", err);
	free(deep);
	for (i = LTTNG_FILTER_STACK_MAX; i <= LTTNG_FILTER_STACK_MAX + 1; i++) {
		char e[512];
		size_t n = 0, k;

		/* f0 == (f1 == (... == f<i-1>)): i values on the stack */
		for (k = 0; k + 1 < i; k++)
			n += sprintf(e + n, "f%zu == (", k);
		n += sprintf(e + n, "f%zu", k);
		for (k = 0; k + 1 < i; k++)
			e[n++] = ')';
		e[n] = '\0';
		ret = lttng_filter_check(e, err, sizeof(err));
		if (i == LTTNG_FILTER_STACK_MAX)
			ok(ret == 0, "%zu-deep operand stack: accepted", i);
		else
			ok(ret == LTTNG_FILTER_ERR_LIMIT && strstr(err, "stack slots"),
			   "%zu-deep operand stack: refused (%s)", i, err);
	}
	/* Long chains: 1000 alternatives compile, 3000 are refused. */
	for (i = 1000; i <= 3000; i += 2000) {
		size_t k, n = 0;
		char *e = malloc(i * 16 + 1);

		for (k = 0; k < i; k++)
			n += sprintf(e + n, "%sa == %zu", k ? " || " : "", k);
		ret = lttng_filter_compile(e, NULL, 0, &bc, err, sizeof(err));
		if (i == 1000) {
			ok(ret == 0, "a chain of 1000 '||': compiles");
			if (!ret)
				lttng_filter_bytecode_free(bc);
		} else {
			ok(ret == LTTNG_FILTER_ERR_LIMIT && strstr(err, "chained"),
			   "a chain of 3000 '||': refused (%s)", err);
		}
		free(e);
	}
	s = malloc(LTTNG_FILTER_STR_MAX + 16);
	strcpy(s, "s == \"");
	memset(s + 6, 'x', LTTNG_FILTER_STR_MAX + 1);
	strcpy(s + 6 + LTTNG_FILTER_STR_MAX + 1, "\"");
	ret = lttng_filter_check(s, err, sizeof(err));
	ok(ret == LTTNG_FILTER_ERR_LIMIT, "string literal over %d bytes: refused",
	   LTTNG_FILTER_STR_MAX);
	free(s);
	ok(lttng_filter_compile("a", NULL, 0, NULL, err, sizeof(err)) ==
	   LTTNG_FILTER_ERR_INVAL, "NULL output pointer: refused");
	ok(lttng_filter_check(NULL, err, sizeof(err)) == LTTNG_FILTER_ERR_INVAL,
	   "NULL expression: refused");
	ok(lttng_filter_check("a ==)", NULL, 0) == LTTNG_FILTER_ERR_SYNTAX,
	   "no error buffer: still the right code");
	ret = lttng_filter_check("a ==)", err, 12);
	ok(ret == LTTNG_FILTER_ERR_SYNTAX && strlen(err) == 11,
	   "short error buffer: message truncated, NUL-terminated");
}

/* The same field and literal are stored once. */
static void dedup(void)
{
	struct lttng_filter_bytecode *bc;
	char err[512];
	int ret;

	ret = lttng_filter_compile("s == \"ab\" || s == \"ab\" || s == \"b\"",
				   NULL, 0, &bc, err, sizeof(err));
	if (ok(ret == 0, "repeated names and literals compile")) {
		struct lttng_filter_header h;

		memcpy(&h, bc->data, sizeof(h));
		ok(h.nr_refs == 1 && h.data_len == 3,
		   "one field table entry, pool \"sab\" (refs %u, pool %u bytes)",
		   h.nr_refs, h.data_len);
		lttng_filter_bytecode_free(bc);
	}
}

int main(void)
{
	table_cases();
	limits();
	dedup();
	fuzz();
	return tap_done();
}
