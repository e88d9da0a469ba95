// SPDX-License-Identifier: LGPL-2.1-only
/*
 * fuzz_filter.c - libFuzzer harness of the filter compiler
 * (userspace/common/filter): the input is a filter expression, checked
 * (lttng_filter_check, what the CLI does) and compiled without and with
 * a field list (what the daemon does).  A compiled filter must fit the
 * ABI limit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "lttng-abi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct lttng_filter_field fields[] = {
	{ "intfield", LTTNG_FILTER_FIELD_INTEGER },
	{ "stringfield", LTTNG_FILTER_FIELD_STRING },
	{ "arrfield", LTTNG_FILTER_FIELD_ARRAY },
	{ "$ctx.procname", LTTNG_FILTER_FIELD_STRING },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lttng_filter_bytecode *bc;
	char err[256];
	char *expr;

	if (size > 4096)
		return 0;
	expr = malloc(size + 1);
	memcpy(expr, data, size);
	expr[size] = '\0';
	lttng_filter_check(expr, err, sizeof(err));
	lttng_filter_check(expr, NULL, 0);
	for (int with = 0; with < 2; with++) {
		bc = NULL;
		if (lttng_filter_compile(expr, with ? fields : NULL,
					 with ? sizeof(fields) / sizeof(fields[0]) : 0,
					 &bc, err, sizeof(err)) == 0) {
			if (!bc || bc->len > LTTNG_FILTER_MAX_LEN)
				abort();
			lttng_filter_bytecode_free(bc);
		} else if (!memchr(err, '\0', sizeof(err))) {
			abort();	/* message not terminated */
		}
	}
	free(expr);
	return 0;
}
