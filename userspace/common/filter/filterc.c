// SPDX-License-Identifier: LGPL-2.1-only
/*
 * filterc - compile a filter expression and list its bytecode.
 *
 *   filterc 'EXPR' [FIELD:TYPE...]     TYPE: int, string or array
 *
 * Without fields, names are left for the module to resolve.  Exit status
 * 0 on success, 1 on a compile error (printed as the CLI does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"

int main(int argc, char **argv)
{
	struct lttng_filter_field *fields = NULL;
	struct lttng_filter_bytecode *bc;
	char err[512];
	int i, ret;

	if (argc < 2) {
		fprintf(stderr, "usage: %s 'EXPR' [FIELD:int|string|array...]\n",
			argv[0]);
		return 2;
	}
	if (argc > 2) {
		fields = calloc(argc - 2, sizeof(*fields));
		if (!fields)
			return 2;
		for (i = 2; i < argc; i++) {
			char *colon = strrchr(argv[i], ':');

			if (!colon) {
				fprintf(stderr, "bad field '%s'\n", argv[i]);
				return 2;
			}
			*colon = '\0';
			fields[i - 2].name = argv[i];
			if (!strcmp(colon + 1, "string"))
				fields[i - 2].type = LTTNG_FILTER_FIELD_STRING;
			else if (!strcmp(colon + 1, "array"))
				fields[i - 2].type = LTTNG_FILTER_FIELD_ARRAY;
			else
				fields[i - 2].type = LTTNG_FILTER_FIELD_INTEGER;
		}
	}
	ret = lttng_filter_compile(argv[1], fields, fields ? argc - 2 : 0, &bc,
				   err, sizeof(err));
	free(fields);
	if (ret) {
		fprintf(stderr, "Error: %s\n", err);
		return 1;
	}
	printf("%u bytes\n", bc->len);
	lttng_filter_dump(bc->data, bc->len, stdout);
	lttng_filter_bytecode_free(bc);
	return 0;
}
