// SPDX-License-Identifier: LGPL-2.1-only
/*
 * fuzz_protocol.c - libFuzzer harness of the daemon's message decoder
 * (userspace/common/protocol.c).  Input: a whole message as it arrives on
 * the socket (struct lttcomm_hdr, then payload).  It goes through
 * lttcomm_recv_msg() over a socketpair (framing: magic, version, size
 * limits, truncation), then the payload through lttcomm_check_request()
 * and lttcomm_check_reply() for the header's command and for every other
 * command, and the name checks.  The payload is a heap copy of its exact
 * size, so that ASan sees any read past it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lttcomm_hdr hdr;
	void *payload = NULL;
	int sv[2], err;
	char *name;

	if (size > 65536)
		return 0;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return 0;
	if (size && write(sv[0], data, size) != (ssize_t)size) {
		close(sv[0]);
		close(sv[1]);
		return 0;
	}
	close(sv[0]);
	err = lttcomm_recv_msg(sv[1], &hdr, &payload, 65536);
	close(sv[1]);
	if (!err) {
		size_t len = hdr.payload_len;

		if (len > size - sizeof(hdr))
			abort();	/* more payload than was sent */
		lttcomm_check_request(hdr.cmd, payload, len);
		lttcomm_check_reply(hdr.cmd, payload, len);
		free(payload);
	}
	/* the raw input as a payload of every command */
	for (unsigned int cmd = 0; cmd < 64; cmd++) {
		void *copy = malloc(size ? size : 1);

		memcpy(copy, data, size);
		lttcomm_check_request(cmd, copy, size);
		lttcomm_check_reply(cmd, copy, size);
		lttcomm_req_size(cmd);
		lttcomm_reply_record_size(cmd);
		free(copy);
	}
	name = malloc(size + 1);
	memcpy(name, data, size);
	name[size] = '\0';
	lttcomm_str_ok(name, size + 1);
	lttcomm_check_session_name(name);
	lttcomm_check_channel_name(name);
	free(name);
	return 0;
}
