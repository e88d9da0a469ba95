// SPDX-License-Identifier: GPL-2.0-only
/*
 * hold_session - open a tracer session with a channel and its streams,
 * print "ready", then keep everything open until stdin reaches EOF.
 * Used by run_tests.sh to check that rmmod is refused while fds are open.
 */
#include "lttng-ioctl.h"

int main(void)
{
	struct lttng_abi_channel cp = chan_params(4096, 2, 0);
	struct sess s;
	char c;
	int r = sess_setup(&s, "hold", &cp, NULL);

	if (r) {
		fprintf(stderr, "hold_session: setup: %s\n", strerror(-r));
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	sess_close(&s);
	return 0;
}
