// SPDX-License-Identifier: GPL-2.0-only
/*
 * enable-channel.c - lttng enable-channel (-k | -u) NAME[,NAME]... [OPTIONS]
 *
 * Creates the channel(s) in the session, or enables them again.  Every
 * value is checked before anything is sent, so a bad option changes
 * nothing.  Sizes that are not powers of two are rounded up, with
 * LTTng's warning.
 */
#include <stdlib.h>
#include <string.h>

#include "../lttng.h"

enum {
	OPT_DISCARD = OPT_CMD_FIRST,
	OPT_OVERWRITE,
	OPT_SUBBUF_SIZE,
	OPT_NUM_SUBBUF,
	OPT_SWITCH_TIMER,
	OPT_READ_TIMER,
	OPT_BUFFERS_UID,
	OPT_BUFFERS_PID,
	OPT_BUFFERS_GLOBAL,
};

static const struct option longopts[] = {
	COMMON_LONGOPTS,
	TARGET_LONGOPTS,
	{ "discard", no_argument, NULL, OPT_DISCARD },
	{ "overwrite", no_argument, NULL, OPT_OVERWRITE },
	{ "subbuf-size", required_argument, NULL, OPT_SUBBUF_SIZE },
	{ "num-subbuf", required_argument, NULL, OPT_NUM_SUBBUF },
	{ "switch-timer", required_argument, NULL, OPT_SWITCH_TIMER },
	{ "read-timer", required_argument, NULL, OPT_READ_TIMER },
	{ "tracefile-size", required_argument, NULL, 'C' },
	{ "tracefile-count", required_argument, NULL, 'W' },
	{ "buffers-uid", no_argument, NULL, OPT_BUFFERS_UID },
	{ "buffers-pid", no_argument, NULL, OPT_BUFFERS_PID },
	{ "buffers-global", no_argument, NULL, OPT_BUFFERS_GLOBAL },
	{ NULL, 0, NULL, 0 },
};

const struct cmd_spec spec_enable_channel = {
	.name = "enable-channel",
	.summary = "Create or enable a channel",
	.usage =
"Usage: lttng [GENERAL OPTIONS] enable-channel (--kernel | --userspace)\n"
"             [--session=SESSION] [OPTIONS] CHANNEL[,CHANNEL]...\n"
"\n"
"Create the channel(s) CHANNEL in the recording session (default: the\n"
"current session), or enable them again if they exist and are disabled.\n"
"\n"
"Options:\n"
"  -k, --kernel              Kernel domain\n"
"  -u, --userspace           User space domain\n"
"  -s, --session=SESSION     Act on SESSION instead of the current session\n"
"      --discard             Discard new events when the buffers are full\n"
"                            (default)\n"
"      --overwrite           Overwrite the oldest packets instead\n"
"      --subbuf-size=SIZE    Sub-buffer size in bytes (k, M, G suffixes;\n"
"                            rounded up to a power of two)\n"
"      --num-subbuf=COUNT    Number of sub-buffers (power of two)\n"
"      --switch-timer=US     Switch timer period in microseconds\n"
"      --read-timer=US       Read timer period in microseconds\n"
"  -C, --tracefile-size=SIZE Maximum size of each trace file\n"
"  -W, --tracefile-count=N   Maximum number of trace files per stream\n"
"      --buffers-uid         Per-user buffers (user space default)\n"
"      --buffers-pid         Per-process buffers (user space)\n"
"      --buffers-global      Global buffers (kernel, the only choice)\n"
"  -h, --help                Show this help\n"
"      --list-options        List the options of this command\n",
	.shortopts = "hs:kuC:W:",
	.longopts = longopts,
};

static uint64_t next_pow2(uint64_t v)
{
	uint64_t p = 1;

	while (p < v && p < (1ULL << 63))
		p <<= 1;
	return p;
}

int cmd_enable_channel(int argc, char **argv)
{
	struct lttcomm_channel_req req;
	struct lttcomm_channel_attr attr;
	struct opt_target t = { 0 };
	int opt, done, ret, domain, result = CMD_SUCCESS;
	char *names, *name, *save = NULL;
	uint64_t v;
	int32_t dret;

	memset(&attr, 0, sizeof(attr));
	attr.overwrite = (uint32_t)-1;
	opt_begin();
	while ((opt = opt_next(&spec_enable_channel, argc, argv)) != -1) {
		switch (opt) {
		case OPT_DISCARD:
			attr.overwrite = 0;
			break;
		case OPT_OVERWRITE:
			attr.overwrite = 1;
			break;
		case OPT_SUBBUF_SIZE:
			if (parse_size(optarg, &v) || v == 0) {
				err("Wrong value in --subbuf-size parameter: %s",
				    optarg);
				return CMD_ERROR;
			}
			if (next_pow2(v) != v)
				warn("The subbuf size (%s) is rounded to the next power of 2 (%llu)",
				     optarg, (unsigned long long)next_pow2(v));
			attr.subbuf_size = next_pow2(v);
			break;
		case OPT_NUM_SUBBUF:
			if (parse_u64(optarg, &v) || v == 0) {
				err("Wrong value in --num-subbuf parameter: %s",
				    optarg);
				return CMD_ERROR;
			}
			if (next_pow2(v) != v)
				warn("The number of subbuffers (%s) is rounded to the next power of 2 (%llu)",
				     optarg, (unsigned long long)next_pow2(v));
			attr.num_subbuf = next_pow2(v);
			break;
		case OPT_SWITCH_TIMER:
			if (parse_u32(optarg, &attr.switch_timer_us)) {
				err("Wrong value for --switch-timer parameter: %s",
				    optarg);
				return CMD_ERROR;
			}
			break;
		case OPT_READ_TIMER:
			if (parse_u32(optarg, &attr.read_timer_us)) {
				err("Wrong value for --read-timer parameter: %s",
				    optarg);
				return CMD_ERROR;
			}
			break;
		case 'C':
			if (parse_size(optarg, &attr.tracefile_size)) {
				err("Wrong value in --tracefile-size parameter: %s",
				    optarg);
				return CMD_ERROR;
			}
			break;
		case 'W':
			if (parse_u64(optarg, &attr.tracefile_count)) {
				err("Wrong value in --tracefile-count parameter: %s",
				    optarg);
				return CMD_ERROR;
			}
			break;
		case OPT_BUFFERS_UID:
			attr.buffer_type = 1;
			break;
		case OPT_BUFFERS_PID:
			attr.buffer_type = 2;
			break;
		case OPT_BUFFERS_GLOBAL:
			attr.buffer_type = 3;
			break;
		default:
			if (opt_target(&t, opt))
				break;
			ret = opt_common(&spec_enable_channel, opt, &done);
			if (done)
				return ret;
		}
	}
	ret = get_domain(t.kernel, t.user, "--kernel/--userspace", &domain);
	if (ret)
		return ret;
	if (optind >= argc) {
		err("Missing channel name.");
		return CMD_ERROR;
	}
	if (check_extra_args(argc, argv, 1))
		return CMD_ERROR;
	if (domain == LTTCOMM_DOMAIN_KERNEL &&
	    (attr.buffer_type == 1 || attr.buffer_type == 2)) {
		err("Buffer type not supported for domain -k");
		return CMD_ERROR;
	}
	if (domain == LTTCOMM_DOMAIN_UST && attr.buffer_type == 3) {
		err("Buffer type not supported for domain -u");
		return CMD_ERROR;
	}
	if (attr.tracefile_count && !attr.tracefile_size) {
		err("Missing option --tracefile-size. A file count without a size won't do anything.");
		return CMD_ERROR;
	}
	if (check_name_list(argv[optind], "Channel"))
		return CMD_ERROR;
	memset(&req, 0, sizeof(req));
	ret = resolve_session(t.session, req.session, sizeof(req.session));
	if (ret)
		return ret;
	req.domain = domain;

	names = strdup(argv[optind]);
	if (!names) {
		err("%s", error_str(-LTTNG_ERR_NOMEM));
		return CMD_FATAL;
	}
	for (name = strtok_r(names, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		req.attr = attr;
		if (copy_name(req.attr.name, sizeof(req.attr.name), name)) {
			err("Channel %s: %s (session %s)", name,
			    error_str(-LTTNG_ERR_INVALID_CHANNEL_NAME),
			    req.session);
			result = CMD_ERROR;
			continue;
		}
		/* LTTng refuses buffers larger than the available memory
		 * before asking the daemon (which checks again). */
		if (!lttcomm_buffers_fit(attr.subbuf_size ? attr.subbuf_size :
					 domain == LTTCOMM_DOMAIN_KERNEL ?
					 1ULL << 20 : 512ULL << 10,
					 attr.num_subbuf ? attr.num_subbuf : 4)) {
			err("Channel %s: %s (session %s)", name,
			    error_str(-LTTNG_ERR_NOMEM), req.session);
			result = CMD_ERROR;
			continue;
		}
		dret = client_call(LTTCOMM_CMD_ENABLE_CHANNEL, &req,
				   sizeof(req), NULL, NULL);
		if (dret == -LTTNG_ERR_UST_CHAN_EXIST ||
		    dret == -LTTNG_ERR_KERN_CHAN_EXIST ||
		    dret == -LTTNG_ERR_CHAN_EXIST) {
			warn("Channel %s: %s (session %s)", name,
			     error_str(dret), req.session);
			if (result == CMD_SUCCESS)
				result = CMD_WARNING;
		} else if (dret < 0) {
			err("Channel %s: %s (session %s)", name,
			    error_str(dret), req.session);
			result = CMD_ERROR;
			if (dret == CLIENT_ERR_NO_SESSIOND)
				break;
		} else {
			msg("%s channel %s enabled for session %s",
			    domain_name(domain), name, req.session);
		}
	}
	free(names);
	return result;
}
