/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * refuse_hostile.h - every case of hostile.h submitted to the kernel by
 * one path (the test module's /proc file, or LTTNG_EVENT_FILTER on an
 * enabler) must get EINVAL.  One TAP line a case, and one for the 200-odd
 * unknown opcodes.  Include after tap.h and hostile.h.
 */
#ifndef _FILTER_REFUSE_HOSTILE_H
#define _FILTER_REFUSE_HOSTILE_H

#include <errno.h>
#include <string.h>

/* submit(arg, bytecode, len): 0 or -errno. */
static void refuse_hostile(const char *path,
			   int (*submit)(void *arg, const void *bc, size_t len),
			   void *arg)
{
	unsigned int i, unknown = 0, unknown_refused = 0;
	const char *name;
	long len;

	for (i = 0; (len = hostile_case(i, &name)) >= 0; i++) {
		int ret = submit(arg, hb.out, (size_t)len);

		if (!strncmp(name, "unknown opcode", 14)) {
			unknown++;
			unknown_refused += ret == -EINVAL;
			continue;
		}
		if (!ok(ret == -EINVAL, "%s refuses hostile bytecode: %s", path,
			name))
			diag("returned %d", ret);
	}
	ok(unknown > 100 && unknown == unknown_refused,
	   "%s refuses every unknown opcode (%u of %u)", path, unknown_refused,
	   unknown);
}

#endif /* _FILTER_REFUSE_HOSTILE_H */
