// SPDX-License-Identifier: LGPL-2.1-only
/*
 * filter.c - lexer, parser, type checker and code generator for LTTng
 * filter expressions.
 *
 * Design: a hand-written lexer (one token of look-ahead) feeds a
 * recursive-descent parser with one function per precedence level (the
 * LTTng table: unary, then * / %, + -, << >>, &, ^, |, relational,
 * equality, &&, ||; unlike C the bitwise operators bind tighter than the
 * comparisons).  The parser builds an AST in an arena sized from the
 * expression length; nesting is bounded (FILTER_DEPTH_MAX) so hostile input
 * cannot exhaust the C stack.  A second pass types the tree (int, float
 * literal, string, star-glob literal, or "any" for a field of unknown type),
 * folds float comparisons into integer ones (the kernel has no floating
 * point) and reports type errors at the operator's position.  The third
 * pass emits the bytecode; && and || become forward jumps.
 *
 * Every error stops at the first problem and names its line:column.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../../../include/lttng-abi.h"
#include "../../../include/lttng-filter.h"
#include "../../../include/lttng-contexts.h"
#include "filter.h"

#define FILTER_DEPTH_MAX	64	/* parser nesting */
#define FILTER_HEIGHT_MAX	2048	/* operators on one path of the tree
					 * (a || b || ... chains): bounds the
					 * recursion of the later passes */
#define FILTER_EXPR_MAX		65536	/* bytes of expression text */

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

struct pos {
	unsigned int line, col;
};

struct ctx {
	const char *src;
	size_t len;
	/* lexer */
	size_t off;
	struct pos p;
	/* error */
	int err;
	char *errbuf;
	size_t errlen;
	/* fields */
	const struct lttng_filter_field *fields;
	size_t nr_fields;
	bool typed;
	bool user;	/* user-space rule: see lttng_filter_compile_user() */
	/* arena */
	struct node *nodes;
	size_t nr_nodes, max_nodes;
	char *strpool;		/* decoded string literals */
	size_t strpool_used, strpool_size;
	int depth;
};

__attribute__((format(printf, 4, 5)))
static int fail(struct ctx *c, int code, struct pos p, const char *fmt, ...)
{
	const char *kind;
	char msg[512];
	va_list ap;

	if (c->err)
		return c->err;
	c->err = code;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	switch (code) {
	case LTTNG_FILTER_ERR_SYNTAX:
		kind = "Filter parsing error";
		break;
	case LTTNG_FILTER_ERR_TYPE:
		kind = "Filter type error";
		break;
	case LTTNG_FILTER_ERR_UNSUPPORTED:
		kind = "Unsupported filter";
		break;
	default:
		kind = "Filter error";
		break;
	}
	if (c->errbuf && c->errlen)
		snprintf(c->errbuf, c->errlen, "%s at %u:%u: %s", kind, p.line,
			 p.col, msg);
	return code;
}

/* ------------------------------------------------------------------ */
/* Lexer                                                               */
/* ------------------------------------------------------------------ */

enum tok_kind {
	TK_END, TK_INT, TK_FLOAT, TK_STR, TK_IDENT, TK_CTX, TK_OP,
};

struct token {
	enum tok_kind kind;
	struct pos p;
	const char *start;
	size_t len;
	uint64_t ival;
	double fval;
	/* TK_STR: decoded bytes in the string pool */
	const char *s;
	size_t slen;
	bool glob;		/* TK_STR: has an unescaped '*' */
	char op[4];		/* TK_OP */
};

/* Longest first. */
static const char *const ops[] = {
	"<<=", ">>=",
	"==", "!=", "<=", ">=", "&&", "||", "<<", ">>", "->", "++", "--",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
	"<", ">", "!", "~", "&", "|", "^", "+", "-", "*", "/", "%", "(", ")",
	"[", "]", ".", ",", "?", ":", "=", ";", "{", "}",
};

static void advance(struct ctx *c, size_t n)
{
	while (n--) {
		if (c->src[c->off] == '\n') {
			c->p.line++;
			c->p.col = 1;
		} else {
			c->p.col++;
		}
		c->off++;
	}
}

static int lex_number(struct ctx *c, struct token *t)
{
	const char *s = c->src + c->off;
	size_t n = 0;
	bool is_float = false;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		n = 2;
		if (!isxdigit((unsigned char)s[n]))
			return fail(c, LTTNG_FILTER_ERR_SYNTAX, c->p,
				    "invalid hexadecimal number");
		while (isxdigit((unsigned char)s[n]))
			n++;
	} else {
		while (isdigit((unsigned char)s[n]))
			n++;
		if (s[n] == '.') {
			is_float = true;
			n++;
			while (isdigit((unsigned char)s[n]))
				n++;
		}
		if ((s[n] == 'e' || s[n] == 'E') &&
		    (isdigit((unsigned char)s[n + 1]) ||
		     ((s[n + 1] == '+' || s[n + 1] == '-') &&
		      isdigit((unsigned char)s[n + 2])))) {
			is_float = true;
			n += 2;
			while (isdigit((unsigned char)s[n]))
				n++;
		}
	}
	t->start = s;
	t->p = c->p;
	if (is_float) {
		char buf[128];
		size_t m = n < sizeof(buf) - 1 ? n : sizeof(buf) - 1;

		memcpy(buf, s, m);
		buf[m] = '\0';
		t->kind = TK_FLOAT;
		t->fval = strtod(buf, NULL);
		if (s[n] == 'f' || s[n] == 'F' || s[n] == 'l' || s[n] == 'L')
			n++;
	} else {
		unsigned long long v;
		char *end;

		errno = 0;
		if (s[0] == '0' && n > 1 && s[1] != 'x' && s[1] != 'X') {
			size_t i;

			for (i = 1; i < n; i++)
				if (s[i] > '7')
					return fail(c, LTTNG_FILTER_ERR_SYNTAX, c->p,
						    "invalid digit '%c' in octal number",
						    s[i]);
		}
		v = strtoull(s, &end, 0);
		if (errno == ERANGE)
			return fail(c, LTTNG_FILTER_ERR_SYNTAX, c->p,
				    "integer literal too large (more than 64 bits)");
		t->kind = TK_INT;
		t->ival = v;
		/* C suffixes: u, l, ul, lu, ll, ull, llu */
		while (s[n] == 'u' || s[n] == 'U' || s[n] == 'l' || s[n] == 'L')
			n++;
	}
	if (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '.')
		return fail(c, LTTNG_FILTER_ERR_SYNTAX, c->p,
			    "invalid number '%.*s'", (int)(n + 1), s);
	t->len = n;
	advance(c, n);
	return 0;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * The escape sequence after the '\' at *@i (@ep: its position) of a
 * string literal: *@ch is the byte it stands for and *@i moves past it.
 * 1 for "\*" in a glob (a quoted star), 0 for a byte, or an error.
 */
static int lex_escape(struct ctx *c, size_t *i, struct pos ep, bool glob,
		      char *ch)
{
	int v, d, k;

	*ch = c->src[++*i];
	++*i;
	switch (*ch) {
	case 'n': *ch = '\n'; break;
	case 't': *ch = '\t'; break;
	case 'r': *ch = '\r'; break;
	case 'a': *ch = '\a'; break;
	case 'b': *ch = '\b'; break;
	case 'f': *ch = '\f'; break;
	case 'v': *ch = '\v'; break;
	case '\\': case '\'': case '"': case '?': break;
	case '*':
		return glob ? 1 : 0;
	case 'x':
		for (v = 0, k = 0;
		     *i < c->len && (d = hexval(c->src[*i])) >= 0 && k < 2; k++) {
			v = v * 16 + d;
			++*i;
		}
		if (!k)
			return fail(c, LTTNG_FILTER_ERR_SYNTAX, ep,
				    "\\x used with no following hex digits");
		*ch = (char)v;
		break;
	case '0': case '1': case '2': case '3':
	case '4': case '5': case '6': case '7':
		for (v = *ch - '0', k = 1; *i < c->len && k < 3 &&
		     c->src[*i] >= '0' && c->src[*i] <= '7'; k++)
			v = v * 8 + (c->src[(*i)++] - '0');
		if (v > 255)
			return fail(c, LTTNG_FILTER_ERR_SYNTAX, ep,
				    "octal escape out of range");
		*ch = (char)v;
		break;
	default:
		return fail(c, LTTNG_FILTER_ERR_SYNTAX, ep,
			    "unknown escape sequence '\\%c'", *ch);
	}
	return 0;
}

/*
 * String literals, in double or single quotes, with C escapes.  They are
 * decoded into the pool as star-glob patterns when they contain an
 * unescaped '*' ('*' = any run, '\' quotes the next byte), as plain bytes
 * otherwise.  "\*" is a literal star in both cases.
 */
static int lex_string(struct ctx *c, struct token *t)
{
	char quote = c->src[c->off];
	struct pos start = c->p;
	char *out = c->strpool + c->strpool_used;
	size_t n = 0, i = c->off + 1;
	bool glob = false;
	int ret;

	/* First pass: is it a glob?  (decides how to encode '\' and '*') */
	for (size_t j = i; j < c->len && c->src[j] != quote; j++) {
		if (c->src[j] == '\\') {
			j++;
			continue;
		}
		if (c->src[j] == '*')
			glob = true;
	}

	while (i < c->len && c->src[i] != quote) {
		char ch = c->src[i];
		struct pos ep;

		if (ch == '\n')
			return fail(c, LTTNG_FILTER_ERR_SYNTAX, start,
				    "newline in string literal");
		if (ch != '\\') {
			if (glob && ch == '*')
				out[n++] = '*';
			else if (glob && ch == '\\')
				out[n++] = '\\', out[n++] = '\\';
			else
				out[n++] = ch;
			i++;
			continue;
		}
		ep = start;
		ep.col += (unsigned int)(i - c->off);
		if (i + 1 >= c->len)
			break;
		ret = lex_escape(c, &i, ep, glob, &ch);
		if (ret < 0)
			return ret;
		if (ret) {	/* "\*" in a glob: a quoted star */
			out[n++] = '\\';
			out[n++] = '*';
			continue;
		}
		if (ch == '\0')
			return fail(c, LTTNG_FILTER_ERR_UNSUPPORTED, ep,
				    "NUL byte in string literal");
		if (glob && (ch == '*' || ch == '\\'))
			out[n++] = '\\';
		out[n++] = ch;
	}
	if (i >= c->len)
		return fail(c, LTTNG_FILTER_ERR_SYNTAX, start,
			    "unterminated string literal");
	if (n > LTTNG_FILTER_STR_MAX)
		return fail(c, LTTNG_FILTER_ERR_LIMIT, start,
			    "string literal longer than %d bytes",
			    LTTNG_FILTER_STR_MAX);
	t->kind = TK_STR;
	t->p = start;
	t->start = c->src + c->off;
	t->len = i + 1 - c->off;
	t->s = out;
	t->slen = n;
	t->glob = glob;
	c->strpool_used += n;
	advance(c, t->len);
	return 0;
}

static bool is_ident_start(char ch)
{
	return isalpha((unsigned char)ch) || ch == '_';
}

static bool is_ident(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

static int lex(struct ctx *c, struct token *t)
{
	const char *s;
	size_t i;

	memset(t, 0, sizeof(*t));
	while (c->off < c->len && isspace((unsigned char)c->src[c->off]))
		advance(c, 1);
	t->p = c->p;
	s = c->src + c->off;
	t->start = s;
	if (c->off >= c->len) {
		t->kind = TK_END;
		return 0;
	}
	if (isdigit((unsigned char)s[0]) ||
	    (s[0] == '.' && isdigit((unsigned char)s[1])))
		return lex_number(c, t);
	if (s[0] == '"' || s[0] == '\'')
		return lex_string(c, t);
	if (is_ident_start(s[0])) {
		i = 1;
		while (is_ident(s[i]))
			i++;
		t->kind = TK_IDENT;
		t->len = i;
		advance(c, i);
		return 0;
	}
	if (s[0] == '$') {
		i = 1;
		while (is_ident(s[i]))
			i++;
		if ((i == 4 && !strncmp(s, "$ctx", 4)) ||
		    (i == 4 && !strncmp(s, "$app", 4))) {
			if (s[i] != '.' || !(is_ident(s[i + 1])))
				return fail(c, LTTNG_FILTER_ERR_SYNTAX, c->p,
					    "expected a name after '%.4s.'", s);
			i++;
			/* $ctx.perf:cpu:stalled-cycles-frontend, $app.prov:type */
			{
				bool perf = !strncmp(s, "$ctx.perf:", 10);
				bool app = s[1] == 'a';

				while (is_ident(s[i]) || ((perf || app) && s[i] == ':') ||
				       (perf && s[i] == '-'))
					i++;
			}
			t->kind = TK_CTX;
			t->len = i;
			advance(c, i);
			return 0;
		}
		return fail(c, LTTNG_FILTER_ERR_SYNTAX, c->p,
			    "unknown dynamic scope '%.*s' (expected $ctx or $app)",
			    (int)i, s);
	}
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i]);

		if (!strncmp(s, ops[i], n)) {
			t->kind = TK_OP;
			t->len = n;
			memcpy(t->op, ops[i], n);
			advance(c, n);
			return 0;
		}
	}
	if (isprint((unsigned char)s[0]))
		return fail(c, LTTNG_FILTER_ERR_SYNTAX, c->p,
			    "unexpected character '%c'", s[0]);
	return fail(c, LTTNG_FILTER_ERR_SYNTAX, c->p,
		    "unexpected byte 0x%02x", (unsigned char)s[0]);
}

/* ------------------------------------------------------------------ */
/* AST                                                                 */
/* ------------------------------------------------------------------ */

enum node_kind {
	N_INT, N_FLOAT, N_STR, N_FIELD, N_CTX, N_UNARY, N_BINARY, N_LOGICAL,
};

/* Value types. */
enum vtype { V_INT, V_FLOAT, V_STR, V_GLOB, V_ANY, V_ARRAY };

struct node {
	enum node_kind kind;
	struct pos p;		/* operator or token position */
	int op;			/* LTTNG_FILTER_OP_* for operators */
	const char *opname;
	struct node *l, *r;
	/* literals */
	int64_t ival;
	double fval;
	const char *s;
	size_t slen;
	bool glob;
	/* fields and contexts */
	const char *name;
	size_t name_len;
	bool indexed;
	uint32_t index;
	uint16_t ctx_id;
	bool ctx_ref;		/* N_CTX of the channel: name is its field */
	/* type pass */
	enum vtype type;
	unsigned int height;	/* of the subtree */
};

static struct node *new_node(struct ctx *c, enum node_kind k, struct pos p)
{
	struct node *n;

	if (c->nr_nodes >= c->max_nodes) {
		fail(c, LTTNG_FILTER_ERR_LIMIT, p, "expression too large");
		return NULL;
	}
	n = &c->nodes[c->nr_nodes++];
	memset(n, 0, sizeof(*n));
	n->kind = k;
	n->p = p;
	return n;
}

/* Set n's height from its children; fails past FILTER_HEIGHT_MAX. */
static int set_height(struct ctx *c, struct node *n)
{
	unsigned int h = n->l ? n->l->height : 0;

	if (n->r && n->r->height > h)
		h = n->r->height;
	n->height = h + 1;
	if (n->height > FILTER_HEIGHT_MAX)
		return fail(c, LTTNG_FILTER_ERR_LIMIT, n->p,
			    "expression too complex (more than %d chained "
			    "operators)", FILTER_HEIGHT_MAX);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Parser                                                              */
/* ------------------------------------------------------------------ */

struct parser {
	struct ctx *c;
	struct token tok;	/* current (look-ahead) token */
};

static int next(struct parser *ps)
{
	return lex(ps->c, &ps->tok);
}

static bool is_op(const struct token *t, const char *op)
{
	return t->kind == TK_OP && !strcmp(t->op, op);
}

static int unexpected(struct parser *ps)
{
	struct token *t = &ps->tok;
	struct ctx *c = ps->c;

	switch (t->kind) {
	case TK_END:
		return fail(c, LTTNG_FILTER_ERR_SYNTAX, t->p,
			    "unexpected end of expression");
	case TK_OP:
		if (!strcmp(t->op, "="))
			return fail(c, LTTNG_FILTER_ERR_SYNTAX, t->p,
				    "unexpected '=' (assignment is not allowed; "
				    "use '==' to compare)");
		if (!strcmp(t->op, "->"))
			return fail(c, LTTNG_FILTER_ERR_UNSUPPORTED, t->p,
				    "the '->' operator is not supported");
		if (!strcmp(t->op, "++") || !strcmp(t->op, "--") ||
		    (strlen(t->op) >= 2 && t->op[strlen(t->op) - 1] == '=' &&
		     strcmp(t->op, "==") && strcmp(t->op, "!=") &&
		     strcmp(t->op, "<=") && strcmp(t->op, ">=")))
			return fail(c, LTTNG_FILTER_ERR_SYNTAX, t->p,
				    "unexpected '%s' (assignments are not allowed)",
				    t->op);
		return fail(c, LTTNG_FILTER_ERR_SYNTAX, t->p, "unexpected '%s'",
			    t->op);
	default:
		return fail(c, LTTNG_FILTER_ERR_SYNTAX, t->p, "unexpected '%.*s'",
			    (int)(t->len > 40 ? 40 : t->len), t->start);
	}
}

static struct node *parse_or(struct parser *ps);

/* The closing bracket of the one opened at open. */
static int expect_close(struct parser *ps, const char *close, struct pos open)
{
	if (is_op(&ps->tok, close))
		return 0;
	if (ps->tok.kind == TK_END)
		return fail(ps->c, LTTNG_FILTER_ERR_SYNTAX, open,
			    "unbalanced '%c' (no matching '%s')",
			    close[0] == ')' ? '(' : '[', close);
	return unexpected(ps);
}

/* What $ctx.NAME gives a filter (LTTNG_CTX_FILTER_*). */
static int lttng_filter_kernel_ctx_kind(unsigned int id)
{
	switch (id) {
#define CTX_KIND(_id, _name, _f)					\
	case LTTNG_ABI_CTX_##_id:					\
		return LTTNG_CTX_FILTER_##_f;
	LTTNG_KERNEL_CONTEXTS(CTX_KIND)
#undef CTX_KIND
	default:
		return LTTNG_CTX_FILTER_NONE;
	}
}

static struct node *parse_ctx(struct parser *ps)
{
	struct ctx *c = ps->c;
	struct token *t = &ps->tok;
	const char *name = t->start + 5, *msg;
	size_t len = t->len - 5;
	struct lttng_perf_spec perf;
	char buf[LTTNG_FILTER_NAME_MAX + 1];
	struct node *n;
	int id, r;

	if (!strncmp(t->start, "$app", 4) && c->user) {
		/* A field name no event has: the filter is false. */
		n = new_node(c, N_FIELD, t->p);
		if (n) {
			n->name = t->start;
			n->name_len = t->len;
		}
		return n;
	}
	if (!strncmp(t->start, "$app", 4)) {
		fail(c, LTTNG_FILTER_ERR_UNSUPPORTED, t->p,
		     "application contexts ('%.*s') are not available in the "
		     "kernel domain", (int)t->len, t->start);
		return NULL;
	}
	if (len >= sizeof(buf)) {
		fail(c, LTTNG_FILTER_ERR_FIELD, t->p, "unknown context '%.*s'",
		     (int)t->len, t->start);
		return NULL;
	}
	memcpy(buf, name, len);
	buf[len] = '\0';
	r = lttng_perf_counter_parse(buf, &perf, &msg);
	if (!r && perf.scope == LTTNG_PERF_SCOPE_THREAD) {
		fail(c, LTTNG_FILTER_ERR_UNSUPPORTED, t->p,
		     "per-thread perf counters ('%.*s') are not available in "
		     "the kernel domain", (int)t->len, t->start);
		return NULL;
	}
	if (r == -EINVAL) {
		fail(c, LTTNG_FILTER_ERR_FIELD, t->p, "%s ('%.*s')", msg,
		     (int)t->len, t->start);
		return NULL;
	}
	if (!r) {
		/* a counter of the channel, read under its field name */
		n = new_node(c, N_CTX, t->p);
		if (!n)
			return NULL;
		n->ctx_ref = true;
		n->name = name;
		n->name_len = len;
		n->type = V_INT;
		return n;
	}
	id = lttng_kernel_context_find(buf);
	if (id < 0) {
		fail(c, LTTNG_FILTER_ERR_FIELD, t->p, "unknown context '%.*s'",
		     (int)t->len, t->start);
		return NULL;
	}
	if (lttng_filter_kernel_ctx_kind((unsigned int)id) == LTTNG_CTX_FILTER_NONE) {
		fail(c, LTTNG_FILTER_ERR_UNSUPPORTED, t->p,
		     "context '%.*s' cannot be used in a filter",
		     (int)t->len, t->start);
		return NULL;
	}
	n = new_node(c, N_CTX, t->p);
	if (!n)
		return NULL;
	n->ctx_id = (uint16_t)id;
	n->name = t->start;
	n->name_len = t->len;
	n->type = lttng_filter_kernel_ctx_kind((unsigned int)id) ==
		  LTTNG_CTX_FILTER_STR ? V_STR : V_INT;
	return n;
}

static struct node *parse_primary(struct parser *ps)
{
	struct ctx *c = ps->c;
	struct token *t = &ps->tok;
	struct node *n = NULL;

	switch (t->kind) {
	case TK_INT:
		n = new_node(c, N_INT, t->p);
		if (n) {
			n->ival = (int64_t)t->ival;
			n->type = V_INT;
		}
		break;
	case TK_FLOAT:
		n = new_node(c, N_FLOAT, t->p);
		if (n) {
			n->fval = t->fval;
			n->type = V_FLOAT;
		}
		break;
	case TK_STR:
		n = new_node(c, N_STR, t->p);
		if (n) {
			n->s = t->s;
			n->slen = t->slen;
			n->glob = t->glob;
			n->type = t->glob ? V_GLOB : V_STR;
		}
		break;
	case TK_IDENT:
		n = new_node(c, N_FIELD, t->p);
		if (n) {
			n->name = t->start;
			n->name_len = t->len;
		}
		break;
	case TK_CTX:
		n = parse_ctx(ps);
		break;
	case TK_OP:
		if (is_op(t, "(")) {
			struct pos open = t->p;

			if (next(ps))
				return NULL;
			n = parse_or(ps);
			if (!n)
				return NULL;
			if (expect_close(ps, ")", open))
				return NULL;
			break;
		}
		unexpected(ps);
		return NULL;
	default:
		unexpected(ps);
		return NULL;
	}
	if (!n || next(ps))
		return NULL;
	return n;
}

static struct node *parse_postfix(struct parser *ps)
{
	struct ctx *c = ps->c;
	struct token *t = &ps->tok;
	struct node *n = parse_primary(ps);

	while (n && t->kind == TK_OP) {
		if (is_op(t, "[")) {
			struct pos p = t->p;

			if (n->kind != N_FIELD) {
				fail(c, LTTNG_FILTER_ERR_UNSUPPORTED, p,
				     "only event fields can be indexed");
				return NULL;
			}
			if (n->indexed) {
				fail(c, LTTNG_FILTER_ERR_UNSUPPORTED, p,
				     "multi-dimensional arrays are not supported");
				return NULL;
			}
			if (next(ps))
				return NULL;
			if (t->kind != TK_INT) {
				if (t->kind == TK_END || is_op(t, "]"))
					unexpected(ps);
				else
					fail(c, LTTNG_FILTER_ERR_UNSUPPORTED, t->p,
					     "an array index must be a constant, "
					     "non-negative integer");
				return NULL;
			}
			if (t->ival > UINT32_MAX) {
				fail(c, LTTNG_FILTER_ERR_LIMIT, t->p,
				     "array index too large");
				return NULL;
			}
			n->indexed = true;
			n->index = (uint32_t)t->ival;
			if (next(ps))
				return NULL;
			if (expect_close(ps, "]", p) || next(ps))
				return NULL;
		} else if ((is_op(t, ".") || is_op(t, "->")) &&
			   n->kind == N_FIELD && c->user && !n->indexed) {
			/* "b.c": a structure member, which no user-space
			 * event has: a field name no event has. */
			char *end = c->strpool + c->strpool_used;

			if (next(ps))
				return NULL;
			if (t->kind != TK_IDENT) {
				unexpected(ps);
				return NULL;
			}
			/* "a.b.c": append to "a.b", the pool's last name
			 * (the pool holds twice the expression) */
			if (n->name + n->name_len != end) {
				memcpy(end, n->name, n->name_len);
				n->name = end;
				end += n->name_len;
				c->strpool_used += n->name_len;
			}
			*end = '.';
			memcpy(end + 1, t->start, t->len);
			n->name_len += 1 + t->len;
			c->strpool_used += 1 + t->len;
			if (next(ps))
				return NULL;
		} else if (is_op(t, ".") || is_op(t, "->")) {
			if (n->kind == N_FIELD) {
				fail(c, LTTNG_FILTER_ERR_UNSUPPORTED, t->p,
				     "'%s': kernel events have no structure fields",
				     t->op);
				return NULL;
			}
			unexpected(ps);
			return NULL;
		} else if (is_op(t, "(")) {
			fail(c, LTTNG_FILTER_ERR_UNSUPPORTED, t->p,
			     "function calls are not supported");
			return NULL;
		} else {
			break;
		}
	}
	return n;
}

static struct node *parse_unary(struct parser *ps)
{
	struct ctx *c = ps->c;
	struct token *t = &ps->tok;
	struct node *n, *operand;
	struct pos p = t->p;
	char op;

	if (t->kind != TK_OP || !(is_op(t, "!") || is_op(t, "~") ||
				   is_op(t, "-") || is_op(t, "+")))
		return parse_postfix(ps);
	op = t->op[0];
	if (++c->depth > FILTER_DEPTH_MAX) {
		fail(c, LTTNG_FILTER_ERR_LIMIT, p, "expression nested too deeply");
		return NULL;
	}
	if (next(ps))
		return NULL;
	operand = parse_unary(ps);
	c->depth--;
	if (!operand)
		return NULL;
	/* Fold the sign of numeric literals. */
	if (op == '-' && operand->kind == N_INT) {
		operand->ival = (int64_t)(0 - (uint64_t)operand->ival);
		operand->p = p;
		return operand;
	}
	if (op == '-' && operand->kind == N_FLOAT) {
		operand->fval = -operand->fval;
		operand->p = p;
		return operand;
	}
	n = new_node(c, N_UNARY, p);
	if (!n)
		return NULL;
	n->l = operand;
	if (set_height(c, n))
		return NULL;
	switch (op) {
	case '!':
		n->op = LTTNG_FILTER_OP_NOT;
		n->opname = "!";
		break;
	case '~':
		n->op = LTTNG_FILTER_OP_BIT_NOT;
		n->opname = "~";
		break;
	case '-':
		n->op = LTTNG_FILTER_OP_NEG;
		n->opname = "-";
		break;
	default:
		n->op = -1;	/* unary plus: no code */
		n->opname = "+";
		break;
	}
	return n;
}

struct binop {
	const char *tok;
	int op;
};

static const struct binop lv_mul[] = {
	{ "*", LTTNG_FILTER_OP_MUL }, { "/", LTTNG_FILTER_OP_DIV },
	{ "%", LTTNG_FILTER_OP_MOD }, { NULL, 0 } };
static const struct binop lv_add[] = {
	{ "+", LTTNG_FILTER_OP_ADD }, { "-", LTTNG_FILTER_OP_SUB }, { NULL, 0 } };
static const struct binop lv_shift[] = {
	{ "<<", LTTNG_FILTER_OP_LSHIFT }, { ">>", LTTNG_FILTER_OP_RSHIFT },
	{ NULL, 0 } };
static const struct binop lv_band[] = { { "&", LTTNG_FILTER_OP_BIT_AND }, { NULL, 0 } };
static const struct binop lv_bxor[] = { { "^", LTTNG_FILTER_OP_BIT_XOR }, { NULL, 0 } };
static const struct binop lv_bor[] = { { "|", LTTNG_FILTER_OP_BIT_OR }, { NULL, 0 } };
static const struct binop lv_rel[] = {
	{ "<", LTTNG_FILTER_OP_LT }, { "<=", LTTNG_FILTER_OP_LE },
	{ ">", LTTNG_FILTER_OP_GT }, { ">=", LTTNG_FILTER_OP_GE }, { NULL, 0 } };
static const struct binop lv_eq[] = {
	{ "==", LTTNG_FILTER_OP_EQ }, { "!=", LTTNG_FILTER_OP_NE }, { NULL, 0 } };
static const struct binop lv_and[] = { { "&&", LTTNG_FILTER_OP_AND }, { NULL, 0 } };
static const struct binop lv_or[] = { { "||", LTTNG_FILTER_OP_OR }, { NULL, 0 } };

/* Precedence levels, tightest first (after unary). */
static const struct binop *const levels[] = {
	lv_mul, lv_add, lv_shift, lv_band, lv_bxor, lv_bor, lv_rel, lv_eq,
	lv_and, lv_or,
};
#define NR_LEVELS (int)(sizeof(levels) / sizeof(levels[0]))

static struct node *parse_level(struct parser *ps, int level)
{
	struct ctx *c = ps->c;
	struct token *t = &ps->tok;
	struct node *l;

	if (level < 0)
		return parse_unary(ps);
	l = parse_level(ps, level - 1);
	while (l && t->kind == TK_OP) {
		const struct binop *b;
		struct node *n;

		for (b = levels[level]; b->tok; b++)
			if (!strcmp(t->op, b->tok))
				break;
		if (!b->tok)
			break;
		n = new_node(c, b->op == LTTNG_FILTER_OP_AND ||
			     b->op == LTTNG_FILTER_OP_OR ? N_LOGICAL : N_BINARY,
			     t->p);
		if (!n || next(ps))
			return NULL;
		n->op = b->op;
		n->opname = b->tok;
		n->l = l;
		n->r = parse_level(ps, level - 1);
		if (!n->r || set_height(c, n))
			return NULL;
		l = n;
	}
	return l;
}

static struct node *parse_or(struct parser *ps)
{
	struct ctx *c = ps->c;
	struct node *n;

	/* Parentheses recurse through here: bound the nesting. */
	if (++c->depth > FILTER_DEPTH_MAX) {
		fail(c, LTTNG_FILTER_ERR_LIMIT, ps->tok.p,
		     "expression nested too deeply");
		return NULL;
	}
	n = parse_level(ps, NR_LEVELS - 1);
	c->depth--;
	return n;
}

/* ------------------------------------------------------------------ */
/* Types                                                               */
/* ------------------------------------------------------------------ */

static const char *vtype_name(enum vtype t)
{
	switch (t) {
	case V_INT:
		return "an integer";
	case V_FLOAT:
		return "a floating point number";
	case V_STR:
		return "a string";
	case V_GLOB:
		return "a star-glob pattern";
	case V_ARRAY:
		return "an array";
	default:
		return "a field";
	}
}

static bool int_like(enum vtype t)
{
	return t == V_INT || t == V_ANY;
}

static bool str_like(enum vtype t)
{
	return t == V_STR || t == V_ANY;
}

static int type_node(struct ctx *c, struct node *n);

static int field_type(struct ctx *c, struct node *n)
{
	size_t i;

	if (!c->typed) {
		n->type = n->indexed ? V_INT : V_ANY;
		return 0;
	}
	for (i = 0; i < c->nr_fields; i++) {
		const char *name = c->fields[i].name;

		if (name && strlen(name) == n->name_len &&
		    !strncmp(name, n->name, n->name_len))
			break;
	}
	if (i == c->nr_fields)
		return fail(c, LTTNG_FILTER_ERR_FIELD, n->p,
			    "unknown field '%.*s'", (int)n->name_len, n->name);
	switch (c->fields[i].type) {
	case LTTNG_FILTER_FIELD_INTEGER:
		n->type = V_INT;
		break;
	case LTTNG_FILTER_FIELD_STRING:
		n->type = V_STR;
		break;
	default:
		n->type = V_ARRAY;
		break;
	}
	if (n->indexed) {
		if (n->type != V_ARRAY)
			return fail(c, LTTNG_FILTER_ERR_TYPE, n->p,
				    "field '%.*s' is %s, not an array",
				    (int)n->name_len, n->name, vtype_name(n->type));
		n->type = V_INT;
	} else if (n->type == V_ARRAY) {
		return fail(c, LTTNG_FILTER_ERR_TYPE, n->p,
			    "array field '%.*s' must be indexed ('%.*s[0]')",
			    (int)n->name_len, n->name, (int)n->name_len, n->name);
	}
	return 0;
}

/*
 * The comparison n, whose truth is known (cst), still evaluates x when x is
 * not a literal: a field may be missing from an event, a division by zero
 * may happen, and both make the filter false.  True becomes (x & 0) == 0.
 */
static int fold_const_cmp(struct ctx *c, struct node *n, bool cst)
{
	struct node *x = n->l, *zero = n->r, *band;

	if (!cst || x->kind == N_INT) {
		n->kind = N_INT;
		n->ival = cst;
		n->type = V_INT;
		return 0;
	}
	band = new_node(c, N_BINARY, n->p);
	if (!band)
		return c->err;
	zero->kind = N_INT;
	zero->ival = 0;
	zero->type = V_INT;
	band->op = LTTNG_FILTER_OP_BIT_AND;
	band->opname = "&";
	band->l = x;
	band->r = zero;
	band->type = V_INT;
	n->op = LTTNG_FILTER_OP_EQ;
	n->l = band;
	n->r = zero;	/* a literal: the same node may be emitted twice */
	n->type = V_INT;
	return 0;
}

/*
 * x OP f, x an integer and f a float constant: rewrite as the comparison
 * of x with an integer constant that has the same truth for every integer
 * x, or as a constant when the result does not depend on x.  On entry
 * n->l is x and n->r the float literal; float_left: the source was f OP x.
 */
static int fold_float_cmp(struct ctx *c, struct node *n, double f, int op,
			  bool float_left)
{
	const double two63 = 9223372036854775808.0;
	bool integral = f == floor(f);
	double bound;

	if (float_left) {	/* f OP x  ->  x OP' f */
		switch (op) {
		case LTTNG_FILTER_OP_LT: op = LTTNG_FILTER_OP_GT; break;
		case LTTNG_FILTER_OP_LE: op = LTTNG_FILTER_OP_GE; break;
		case LTTNG_FILTER_OP_GT: op = LTTNG_FILTER_OP_LT; break;
		case LTTNG_FILTER_OP_GE: op = LTTNG_FILTER_OP_LE; break;
		default: break;
		}
	}
	switch (op) {
	case LTTNG_FILTER_OP_EQ:
	case LTTNG_FILTER_OP_NE:
		if (!integral || f >= two63 || f < -two63)
			return fold_const_cmp(c, n, op == LTTNG_FILTER_OP_NE);
		bound = f;
		break;
	case LTTNG_FILTER_OP_LT:	/* x < f  <=>  x < ceil(f) */
	case LTTNG_FILTER_OP_GE:	/* x >= f <=>  x >= ceil(f) */
		bound = ceil(f);
		break;
	default:			/* x <= f <=> x <= floor(f), same for > */
		bound = floor(f);
		break;
	}
	if (bound >= two63 || bound < -two63) {
		bool above = bound >= two63;	/* f beyond every x */
		bool less = op == LTTNG_FILTER_OP_LT || op == LTTNG_FILTER_OP_LE;

		return fold_const_cmp(c, n, above ? less : !less);
	}
	/* make the float literal an integer one */
	n->op = op;
	n->r->kind = N_INT;
	n->r->ival = (int64_t)bound;
	n->r->type = V_INT;
	n->type = V_INT;
	return 0;
}

static int type_cmp(struct ctx *c, struct node *n)
{
	enum vtype a = n->l->type, b = n->r->type;
	bool eq = n->op == LTTNG_FILTER_OP_EQ || n->op == LTTNG_FILTER_OP_NE;

	if (a == V_FLOAT || b == V_FLOAT) {
		if (a == V_FLOAT && b == V_FLOAT) {
			double x = n->l->fval, y = n->r->fval;
			bool r;

			switch (n->op) {
			case LTTNG_FILTER_OP_EQ: r = x == y; break;
			case LTTNG_FILTER_OP_NE: r = x != y; break;
			case LTTNG_FILTER_OP_LT: r = x < y; break;
			case LTTNG_FILTER_OP_LE: r = x <= y; break;
			case LTTNG_FILTER_OP_GT: r = x > y; break;
			default: r = x >= y; break;
			}
			n->kind = N_INT;
			n->ival = r;
			n->type = V_INT;
			return 0;
		}
		if (a == V_FLOAT ? int_like(b) : int_like(a)) {
			struct node *f = a == V_FLOAT ? n->l : n->r;
			struct node *x = a == V_FLOAT ? n->r : n->l;

			if (f->kind != N_FLOAT)
				return fail(c, LTTNG_FILTER_ERR_UNSUPPORTED, n->p,
					    "floating point arithmetic is not "
					    "supported in the kernel domain");
			n->l = x;
			n->r = f;
			return fold_float_cmp(c, n, f->fval, n->op, a == V_FLOAT);
		}
		return fail(c, LTTNG_FILTER_ERR_TYPE, n->p,
			    "cannot compare %s with %s using '%s'",
			    vtype_name(a), vtype_name(b), n->opname);
	}
	if (a == V_GLOB || b == V_GLOB) {
		if (a == V_GLOB && b == V_GLOB)
			return fail(c, LTTNG_FILTER_ERR_TYPE, n->p,
				    "cannot compare two star-glob patterns");
		if (!str_like(a == V_GLOB ? b : a))
			return fail(c, LTTNG_FILTER_ERR_TYPE, n->p,
				    "cannot compare %s with %s using '%s'",
				    vtype_name(a), vtype_name(b), n->opname);
		if (!eq)
			return fail(c, LTTNG_FILTER_ERR_TYPE, n->p,
				    "a star-glob pattern can only be compared "
				    "with '==' or '!='");
	} else if (!((int_like(a) && int_like(b)) || (str_like(a) && str_like(b)))) {
		return fail(c, LTTNG_FILTER_ERR_TYPE, n->p,
			    "cannot compare %s with %s using '%s'",
			    vtype_name(a), vtype_name(b), n->opname);
	}
	n->type = V_INT;
	return 0;
}

static int type_node(struct ctx *c, struct node *n)
{
	int ret;

	switch (n->kind) {
	case N_INT:
	case N_FLOAT:
	case N_STR:
	case N_CTX:
		return 0;
	case N_FIELD:
		return field_type(c, n);
	case N_UNARY:
		ret = type_node(c, n->l);
		if (ret)
			return ret;
		if (n->op < 0 && (n->l->type == V_FLOAT || int_like(n->l->type))) {
			*n = *n->l;	/* unary plus */
			return 0;
		}
		if (n->l->type == V_FLOAT)
			return fail(c, LTTNG_FILTER_ERR_UNSUPPORTED, n->p,
				    "floating point arithmetic is not supported "
				    "in the kernel domain");
		if (!int_like(n->l->type))
			return fail(c, LTTNG_FILTER_ERR_TYPE, n->p,
				    "operator '%s' needs an integer, not %s",
				    n->opname, vtype_name(n->l->type));
		n->type = V_INT;
		return 0;
	case N_BINARY:
	case N_LOGICAL:
		ret = type_node(c, n->l);
		if (!ret)
			ret = type_node(c, n->r);
		if (ret)
			return ret;
		if (n->kind == N_BINARY &&
		    n->op >= LTTNG_FILTER_OP_EQ && n->op <= LTTNG_FILTER_OP_GE)
			return type_cmp(c, n);
		if (n->l->type == V_FLOAT || n->r->type == V_FLOAT)
			return fail(c, LTTNG_FILTER_ERR_UNSUPPORTED, n->p,
				    "floating point arithmetic is not supported "
				    "in the kernel domain");
		if (!int_like(n->l->type) || !int_like(n->r->type)) {
			enum vtype bad = int_like(n->l->type) ? n->r->type : n->l->type;

			if (n->kind == N_LOGICAL)
				return fail(c, LTTNG_FILTER_ERR_TYPE, n->p,
					    "operands of '%s' must be integers "
					    "or conditions, not %s",
					    n->opname, vtype_name(bad));
			return fail(c, LTTNG_FILTER_ERR_TYPE, n->p,
				    "operator '%s' needs integers, not %s",
				    n->opname, vtype_name(bad));
		}
		n->type = V_INT;
		return 0;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Code generation                                                     */
/* ------------------------------------------------------------------ */

struct buf {
	unsigned char *p;
	size_t len, cap;
};

struct gen {
	struct ctx *c;
	struct buf code, pool;
	struct lttng_filter_ref refs[LTTNG_FILTER_REFS_MAX];
	unsigned int nr_refs;
	int depth, max_depth;
};

static int buf_put(struct gen *g, struct buf *b, const void *src, size_t n)
{
	if (b->len + n > LTTNG_FILTER_MAX_LEN)
		return fail(g->c, LTTNG_FILTER_ERR_LIMIT, (struct pos){ 1, 1 },
			    "the compiled filter exceeds %d bytes",
			    LTTNG_FILTER_MAX_LEN);
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		unsigned char *p;

		while (cap < b->len + n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return fail(g->c, LTTNG_FILTER_ERR_NOMEM, (struct pos){ 1, 1 },
				    "out of memory");
		b->p = p;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->len, src, n);
	b->len += n;
	return 0;
}

static int emit(struct gen *g, uint8_t op, const void *operands, size_t n)
{
	int ret = buf_put(g, &g->code, &op, 1);

	return ret ? ret : buf_put(g, &g->code, operands, n);
}

static int stack_push(struct gen *g, struct pos p)
{
	if (++g->depth > LTTNG_FILTER_STACK_MAX)
		return fail(g->c, LTTNG_FILTER_ERR_LIMIT, p,
			    "expression too complex (needs more than %d "
			    "stack slots)", LTTNG_FILTER_STACK_MAX);
	if (g->depth > g->max_depth)
		g->max_depth = g->depth;
	return 0;
}

/* The pool offset of these bytes (added once). */
static int pool_add(struct gen *g, const char *s, size_t n, uint32_t *off)
{
	size_t i;

	if (n) {
		for (i = 0; i + n <= g->pool.len; i++)
			if (!memcmp(g->pool.p + i, s, n)) {
				*off = (uint32_t)i;
				return 0;
			}
	}
	*off = (uint32_t)g->pool.len;
	return buf_put(g, &g->pool, s, n);
}

/* The field table entry of a name (added if new); p: where, for errors. */
static int ref_index(struct gen *g, struct pos p, const char *name,
		     size_t name_len, uint16_t *idx)
{
	struct lttng_filter_ref r = { 0 };
	unsigned int i;
	uint32_t off;
	int ret;

	for (i = 0; i < g->nr_refs; i++) {
		if (g->refs[i].name_len == name_len &&
		    !memcmp(g->pool.p + g->refs[i].name_off, name, name_len)) {
			*idx = (uint16_t)i;
			return 0;
		}
	}
	if (g->nr_refs >= LTTNG_FILTER_REFS_MAX)
		return fail(g->c, LTTNG_FILTER_ERR_LIMIT, p,
			    "more than %d different fields", LTTNG_FILTER_REFS_MAX);
	if (name_len > LTTNG_FILTER_NAME_MAX)
		return fail(g->c, LTTNG_FILTER_ERR_LIMIT, p,
			    "field name longer than %d bytes", LTTNG_FILTER_NAME_MAX);
	ret = pool_add(g, name, name_len, &off);
	if (ret)
		return ret;
	r.name_off = off;
	r.name_len = (uint16_t)name_len;
	g->refs[g->nr_refs] = r;
	*idx = (uint16_t)g->nr_refs++;
	return 0;
}

static int gen_node(struct gen *g, struct node *n)
{
	unsigned char opnd[8];
	uint32_t off, len;
	uint16_t idx = 0;
	int ret;

	switch (n->kind) {
	case N_INT:
		ret = stack_push(g, n->p);
		if (ret)
			return ret;
		if (n->ival >= INT32_MIN && n->ival <= INT32_MAX) {
			int32_t v = (int32_t)n->ival;

			return emit(g, LTTNG_FILTER_OP_PUSH_S32, &v, 4);
		}
		return emit(g, LTTNG_FILTER_OP_PUSH_S64, &n->ival, 8);
	case N_FLOAT:
		/* type_node() leaves no float outside folded comparisons */
		return fail(g->c, LTTNG_FILTER_ERR_UNSUPPORTED, n->p,
			    "floating point values are not supported in the "
			    "kernel domain here");
	case N_STR:
		ret = stack_push(g, n->p);
		if (!ret)
			ret = pool_add(g, n->s, n->slen, &off);
		if (ret)
			return ret;
		len = (uint32_t)n->slen;
		memcpy(opnd, &off, 4);
		memcpy(opnd + 4, &len, 4);
		return emit(g, n->glob ? LTTNG_FILTER_OP_PUSH_GLOB :
			    LTTNG_FILTER_OP_PUSH_STR, opnd, 8);
	case N_FIELD:
		ret = stack_push(g, n->p);
		if (!ret)
			ret = ref_index(g, n->p, n->name, n->name_len, &idx);
		if (ret)
			return ret;
		memcpy(opnd, &idx, 2);
		if (!n->indexed)
			return emit(g, LTTNG_FILTER_OP_LOAD_FIELD, opnd, 2);
		memcpy(opnd + 2, &n->index, 4);
		return emit(g, LTTNG_FILTER_OP_LOAD_ELEM, opnd, 6);
	case N_CTX:
		ret = stack_push(g, n->p);
		if (ret)
			return ret;
		if (n->ctx_ref) {
			/* the field name: perf:cpu:cycles is perf_cpu_cycles */
			char f[LTTNG_FILTER_NAME_MAX];
			size_t i;

			for (i = 0; i < n->name_len && i < sizeof(f); i++)
				f[i] = n->name[i] == ':' || n->name[i] == '-' ?
				       '_' : n->name[i];
			ret = ref_index(g, n->p, f, i, &idx);
			if (ret)
				return ret;
			return emit(g, LTTNG_FILTER_OP_LOAD_CTX_REF, &idx, 2);
		}
		return emit(g, LTTNG_FILTER_OP_LOAD_CTX, &n->ctx_id, 2);
	case N_UNARY:
		ret = gen_node(g, n->l);
		return ret ? ret : emit(g, (uint8_t)n->op, NULL, 0);
	case N_BINARY:
		ret = gen_node(g, n->l);
		if (!ret)
			ret = gen_node(g, n->r);
		if (ret)
			return ret;
		g->depth--;
		return emit(g, (uint8_t)n->op, NULL, 0);
	case N_LOGICAL: {
		size_t patch;
		uint32_t target = 0;

		ret = gen_node(g, n->l);
		if (ret)
			return ret;
		patch = g->code.len + 1;
		ret = emit(g, (uint8_t)n->op, &target, 4);
		if (ret)
			return ret;
		g->depth--;
		ret = gen_node(g, n->r);
		if (!ret)
			ret = emit(g, LTTNG_FILTER_OP_BOOL, NULL, 0);
		if (ret)
			return ret;
		target = (uint32_t)g->code.len;
		memcpy(g->code.p + patch, &target, 4);
		return 0;
	}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

/* Parse and type the whole expression into *@root (a condition or int). */
static int parse_typed(struct ctx *c, struct node **root)
{
	struct parser ps = { .c = c };
	int ret;

	ret = next(&ps);
	if (ret)
		return ret;
	if (ps.tok.kind == TK_END)
		return fail(c, LTTNG_FILTER_ERR_SYNTAX, ps.tok.p,
			    "empty filter expression");
	*root = parse_or(&ps);
	if (!*root)
		return c->err;
	if (ps.tok.kind != TK_END) {
		if (is_op(&ps.tok, ")"))
			return fail(c, LTTNG_FILTER_ERR_SYNTAX, ps.tok.p,
				    "unexpected ')' (no matching '(')");
		return unexpected(&ps);
	}
	ret = type_node(c, *root);
	if (ret)
		return ret;
	if (!int_like((*root)->type))
		return fail(c, (*root)->type == V_FLOAT ? LTTNG_FILTER_ERR_UNSUPPORTED :
			    LTTNG_FILTER_ERR_TYPE, (*root)->p,
			    "the filter must be a condition or an integer, not %s",
			    vtype_name((*root)->type));
	return 0;
}

/*
 * Lay out the generated code as bytecode: header, field references,
 * code, string pool.  @out NULL: only check the size.
 */
static int pack(struct ctx *c, const struct gen *g,
		struct lttng_filter_bytecode **out)
{
	struct lttng_filter_header h = { 0 };
	struct lttng_filter_bytecode *bc;
	size_t refs_len = g->nr_refs * sizeof(struct lttng_filter_ref);
	size_t total = sizeof(h) + refs_len + g->code.len + g->pool.len;

	if (total > LTTNG_FILTER_MAX_LEN)
		return fail(c, LTTNG_FILTER_ERR_LIMIT, (struct pos){ 1, 1 },
			    "the compiled filter exceeds %d bytes",
			    LTTNG_FILTER_MAX_LEN);
	if (!out)
		return 0;
	bc = malloc(sizeof(*bc) + total);
	if (!bc)
		return fail(c, LTTNG_FILTER_ERR_NOMEM, c->p, "out of memory");
	h.magic = LTTNG_FILTER_MAGIC;
	h.version = LTTNG_FILTER_VERSION;
	h.nr_refs = (uint16_t)g->nr_refs;
	h.len = (uint32_t)total;
	h.code_len = (uint32_t)g->code.len;
	h.data_len = (uint32_t)g->pool.len;
	bc->len = (uint32_t)total;
	memcpy(bc->data, &h, sizeof(h));
	memcpy(bc->data + sizeof(h), g->refs, refs_len);
	memcpy(bc->data + sizeof(h) + refs_len, g->code.p, g->code.len);
	if (g->pool.len)
		memcpy(bc->data + total - g->pool.len, g->pool.p, g->pool.len);
	*out = bc;
	return 0;
}

static int compile(const char *expr, const struct lttng_filter_field *fields,
		   size_t nr_fields, bool typed, bool user,
		   struct lttng_filter_bytecode **out, char *err, size_t errlen)
{
	struct ctx c = { 0 };
	struct gen g = { .c = &c };
	struct node *root = NULL;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	c.errbuf = err;
	c.errlen = errlen;
	c.p.line = 1;
	c.p.col = 1;
	if (!expr || (typed && nr_fields && !fields))
		return fail(&c, LTTNG_FILTER_ERR_INVAL, c.p, "invalid arguments");
	c.src = expr;
	c.len = strlen(expr);
	if (c.len > FILTER_EXPR_MAX)
		return fail(&c, LTTNG_FILTER_ERR_LIMIT, c.p,
			    "filter expression longer than %d bytes",
			    FILTER_EXPR_MAX);
	c.fields = fields;
	c.nr_fields = nr_fields;
	c.typed = typed;
	c.user = user;
	c.max_nodes = 2 * c.len + 4;	/* tokens, plus folded comparisons */
	c.nodes = calloc(c.max_nodes, sizeof(*c.nodes));
	c.strpool_size = c.len * 2 + 1;
	c.strpool = malloc(c.strpool_size);
	if (!c.nodes || !c.strpool) {
		ret = fail(&c, LTTNG_FILTER_ERR_NOMEM, c.p, "out of memory");
		goto out;
	}

	ret = parse_typed(&c, &root);
	if (!ret)
		ret = gen_node(&g, root);
	if (!ret)
		ret = emit(&g, LTTNG_FILTER_OP_RETURN, NULL, 0);
	if (!ret)
		ret = pack(&c, &g, out);
out:
	free(g.code.p);
	free(g.pool.p);
	free(c.nodes);
	free(c.strpool);
	return ret;
}

int lttng_filter_compile(const char *expr, const struct lttng_filter_field *fields,
			 size_t nr_fields, struct lttng_filter_bytecode **out,
			 char *err, size_t errlen)
{
	if (!out) {
		if (err && errlen)
			snprintf(err, errlen, "Filter error: invalid arguments");
		return LTTNG_FILTER_ERR_INVAL;
	}
	*out = NULL;
	return compile(expr, fields, nr_fields, fields != NULL, false, out, err,
		       errlen);
}

int lttng_filter_check(const char *expr, char *err, size_t errlen)
{
	return compile(expr, NULL, 0, false, false, NULL, err, errlen);
}

int lttng_filter_compile_user(const char *expr,
			      struct lttng_filter_bytecode **out, char *err,
			      size_t errlen)
{
	if (out)
		*out = NULL;
	return compile(expr, NULL, 0, false, true, out, err, errlen);
}

void lttng_filter_bytecode_free(struct lttng_filter_bytecode *bc)
{
	free(bc);
}
