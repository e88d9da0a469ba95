// SPDX-License-Identifier: LGPL-2.1-only
/*
 * fuzz_lttngrc.c - libFuzzer harness of the CLI's ~/.lttngrc parsing and
 * argument checks (userspace/lttng/utils.c).  The input is written as
 * $LTTNG_HOME/.lttngrc and read back with config_get_session() (into
 * buffers of several sizes: the name must be terminated and fit); each of
 * its lines also goes through the value parsers (sizes, integers, names,
 * name lists, log levels, paths).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lttng.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* defined by main.c and mi.c, which are not linked here */
int opt_quiet, opt_verbose, opt_mi;

static char home[64], rc[128];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	strcpy(home, "/tmp/fuzz-lttngrc.XXXXXX");
	if (!mkdtemp(home))
		abort();
	setenv("LTTNG_HOME", home, 1);
	snprintf(rc, sizeof(rc), "%s/.lttngrc", home);
	opt_quiet = 1;		/* the checks print their errors */
	return 0;
}

static void check_line(const char *s)
{
	char out[4096], name[LTTCOMM_NAME_MAX];
	uint64_t u64;
	uint32_t u32;

	parse_size(s, &u64);
	parse_u64(s, &u64);
	parse_u32(s, &u32);
	copy_name(name, sizeof(name), s);
	copy_name(name, 8, s);
	check_name_list(s, "event");
	parse_loglevel(1, s);
	parse_loglevel(2, s);
	make_abs_path(s, out, sizeof(out));
	make_abs_path(s, out, 16);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t lens[] = { 1, 8, LTTCOMM_NAME_MAX, 4096 };
	char *text, *line, *save;
	FILE *fp;

	if (size > 8192)
		return 0;
	fp = fopen(rc, "w");
	if (!fp)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		char *buf = malloc(lens[i]);

		if (config_get_session(buf, lens[i]) == 0 &&
		    strnlen(buf, lens[i]) >= lens[i])
			abort();	/* unterminated result */
		free(buf);
	}
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		check_line(line);
	free(text);
	return 0;
}
