// SPDX-License-Identifier: GPL-2.0-only
/*
 * relayd-send - drives lttng-relayd with relayd.c, for the host tests
 * (tests/relayd-tests.sh).
 *
 *   relayd-send send [options] CTRL_PORT DATA_PORT
 *	Streams a small CTF trace built here (known events, LTTng's packet
 *	layout) as a session to the relay daemon on 127.0.0.1 and prints
 *	"path <session path under the relayd's output>".
 *	-s NAME      session name (relay-test)    -H HOST   hostname (host)
 *	-b BASE      base path ("": <name>-<date>) -d DIR    stream directory
 *	-n N         data streams (2)              -p N      packets per stream (4)
 *	-e N         events per packet (10)        -l US     live timer (0)
 *	-P MS        pause between ticks (0)       -i        streams 1.. idle
 *	             (beacons) during the first half of the ticks
 *	-w FILE      after half of the ticks, wait (30 s at most) until FILE
 *	             exists
 *	-o DIR       also write the trace the relay daemon should have:
 *	             DIR/metadata, DIR/chan_<i>, DIR/index/chan_<i>.idx
 *	-E FILE      the expected events, one "seq=<n> stream=<i>" a line
 *	-t MS        timeout of every call (LTTNG_NETWORK_SOCKET_TIMEOUT)
 *	-k           stop dead after half of the ticks (no close: a crash)
 *   relayd-send probe [-t MS] CTRL_PORT DATA_PORT
 *	Connects only; prints "connected 2.<minor>" or "error <errno name>
 *	<elapsed ms>".
 *   relayd-send stall PORT_FILE
 *	A server that accepts connections and never answers (until
 *	killed); its port goes to PORT_FILE.  With "stall -q PORT_FILE" it
 *	never accepts either and its queue is kept full: connects hang.
 *
 * One tick: every stream sends one packet and its index (or, idle, a live
 * beacon).  The trace clock advances 1 ms per tick; packet k of a stream
 * holds events k*E .. k*E+E-1 ("seq"), 1 us apart.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lttng-tsdl.h"
#include "relayd.h"

#define PACKET_SIZE	4096
#define HDR_CTX_LEN	84	/* packet header (32) + context (52) */
#define EVENT_LEN	12	/* compact header (4) + two uint32 */
#define TICK_NS		1000000ULL
#define CTF_MAGIC	0xC1FC1FC1U

static const char *session = "relay-test", *hostname = "host",
		  *base_path = "", *subdir = "kernel", *wait_file,
		  *local_dir, *expect_file;
static unsigned int nstreams = 2, npackets = 4, nevents = 10, pace_ms;
static uint32_t live_us;
static int idle_mode, crash, timeout_ms = 5000;
static uint8_t uuid[16];
static uint64_t base_ts;

static void die(const char *what, int err)
{
	fprintf(stderr, "relayd-send: %s: %s\n", what, strerror(-err));
	exit(1);
}

static void put32le(unsigned char *p, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put64le(unsigned char *p, uint64_t v)
{
	put32le(p, (uint32_t)v);
	put32le(p + 4, (uint32_t)(v >> 32));
}

static void uuid_str(char *buf)
{
	sprintf(buf, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		"%02x%02x%02x%02x%02x%02x", uuid[0], uuid[1], uuid[2], uuid[3],
		uuid[4], uuid[5], uuid[6], uuid[7], uuid[8], uuid[9],
		uuid[10], uuid[11], uuid[12], uuid[13], uuid[14], uuid[15]);
}

/* The TSDL of the trace: LTTng's common blocks, one stream, one event. */
static char *metadata(size_t *len)
{
	char u[40], *buf = malloc(16384);
	int n = 0;

	uuid_str(u);
	n += sprintf(buf + n, "%s", LTTNG_TSDL_BASIC_TYPES);
	n += sprintf(buf + n, LTTNG_TSDL_TRACE("%s"), u);
	n += sprintf(buf + n,
		     "env {\n\thostname = \"%s\";\n\tdomain = \"ust\";\n"
		     "\ttracer_name = \"lttng-ust\";\n\ttracer_major = 2;\n"
		     "\ttracer_minor = 13;\n};\n\n", hostname);
	n += sprintf(buf + n, LTTNG_TSDL_CLOCK_NAME LTTNG_TSDL_CLOCK_UUID("%s")
		     LTTNG_TSDL_CLOCK_END("%d", "%llu") LTTNG_TSDL_HEADERS,
		     "monotonic", u, "Monotonic Clock", 1000000000, 0LL, 0ULL,
		     "monotonic", "monotonic", "monotonic");
	n += sprintf(buf + n,
		     "stream {\n\tid = 0;\n"
		     "\tevent.header := struct event_header_compact;\n"
		     "\tpacket.context := struct packet_context;\n};\n\n"
		     "event {\n\tname = \"relay_test:ev\";\n\tid = 0;\n"
		     "\tstream_id = 0;\n\tloglevel = 13;\n\tfields := struct {\n"
		     "\t\tinteger { size = 32; align = 8; signed = 0; base = 10; } _seq;\n"
		     "\t\tinteger { size = 32; align = 8; signed = 0; base = 10; } _stream;\n"
		     "\t};\n};\n\n");
	*len = (size_t)n;
	return buf;
}

static uint64_t tick_ts(unsigned int k)
{
	return base_ts + (uint64_t)k * TICK_NS;
}

/* Packet k of stream s (events k*E.. of that stream) into pkt; its
 * content length in bytes and its index entry. */
static size_t build_packet(unsigned char *pkt, unsigned int s, unsigned int k,
			   unsigned int tick, struct relayd_index *idx)
{
	size_t content = HDR_CTX_LEN + (size_t)nevents * EVENT_LEN;
	unsigned char *p = pkt;
	unsigned int j;

	memset(pkt, 0, PACKET_SIZE);
	put32le(p, CTF_MAGIC);
	memcpy(p + 4, uuid, 16);
	put32le(p + 20, 0);			/* stream class */
	put64le(p + 24, s);			/* stream instance */
	idx->timestamp_begin = tick_ts(tick);
	idx->timestamp_end = tick_ts(tick) + (nevents + 1) * 1000ULL;
	idx->content_size = content * 8;
	idx->packet_size = PACKET_SIZE * 8;
	idx->packet_seq_num = k;
	idx->events_discarded = 0;
	idx->stream_id = 0;
	idx->stream_instance_id = s;
	put64le(p + 32, idx->timestamp_begin);
	put64le(p + 40, idx->timestamp_end);
	put64le(p + 48, idx->content_size);
	put64le(p + 56, idx->packet_size);
	put64le(p + 64, k);
	put64le(p + 72, 0);
	put32le(p + 80, s);			/* cpu_id */
	p += HDR_CTX_LEN;
	for (j = 0; j < nevents; j++) {
		uint64_t ts = tick_ts(tick) + (j + 1) * 1000ULL;

		put32le(p, (uint32_t)((ts & 0x7ffffff) << 5));	/* id 0 */
		put32le(p + 4, k * nevents + j);
		put32le(p + 8, s);
		p += EVENT_LEN;
	}
	return content;
}

/* The local copy: the stream file and its LTTng index file. */
struct local_stream {
	FILE *data, *index;
	uint64_t offset;
};

static FILE *local_open(const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", local_dir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	return f;
}

static void put64be(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (56 - 8 * i));
}

static void local_packet(struct local_stream *ls, const unsigned char *pkt,
			 const struct relayd_index *idx)
{
	unsigned char e[72];

	fwrite(pkt, 1, PACKET_SIZE, ls->data);
	put64be(e, ls->offset);
	put64be(e + 8, idx->packet_size);
	put64be(e + 16, idx->content_size);
	put64be(e + 24, idx->timestamp_begin);
	put64be(e + 32, idx->timestamp_end);
	put64be(e + 40, idx->events_discarded);
	put64be(e + 48, idx->stream_id);
	put64be(e + 56, idx->stream_instance_id);
	put64be(e + 64, idx->packet_seq_num);
	fwrite(e, 1, sizeof(e), ls->index);
	ls->offset += PACKET_SIZE;
}

static void wait_for(const char *file)
{
	int i;

	for (i = 0; i < 3000 && access(file, F_OK); i++)
		usleep(10000);
	if (access(file, F_OK))
		fprintf(stderr, "relayd-send: %s did not appear\n", file);
}

static struct lttcomm_uri port_uri(const char *port)
{
	struct lttcomm_uri u;

	memset(&u, 0, sizeof(u));
	u.dtype = LTTCOMM_DST_IPV4;
	u.port = (uint32_t)atoi(port);
	strcpy(u.addr, "127.0.0.1");
	return u;
}

/* One run of "send": the connection and the state of every stream. */
static struct relayd_conn conn;
static uint64_t *handles, *next_seq, meta_handle;
static unsigned int *sent;
static struct local_stream *ls;
static FILE *expect;
static unsigned char pkt[PACKET_SIZE];

static int parse_send_options(int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "s:H:b:d:n:p:e:l:P:iw:o:E:t:k")) != -1) {
		switch (opt) {
		case 's': session = optarg; break;
		case 'H': hostname = optarg; break;
		case 'b': base_path = optarg; break;
		case 'd': subdir = optarg; break;
		case 'n': nstreams = (unsigned int)atoi(optarg); break;
		case 'p': npackets = (unsigned int)atoi(optarg); break;
		case 'e': nevents = (unsigned int)atoi(optarg); break;
		case 'l': live_us = (uint32_t)atoi(optarg); break;
		case 'P': pace_ms = (unsigned int)atoi(optarg); break;
		case 'i': idle_mode = 1; break;
		case 'w': wait_file = optarg; break;
		case 'o': local_dir = optarg; break;
		case 'E': expect_file = optarg; break;
		case 't': timeout_ms = atoi(optarg); break;
		case 'k': crash = 1; break;
		default: return 2;
		}
	}
	if (argc - optind != 2 || !nstreams || !npackets || !nevents ||
	    HDR_CTX_LEN + nevents * EVENT_LEN > PACKET_SIZE)
		return 2;
	return 0;
}

/* A random version-4 UUID and the trace clock's start. */
static void init_trace_identity(void)
{
	struct timespec now;
	unsigned int i;

	for (i = 0; i < 16; i++)
		uuid[i] = (uint8_t)(rand() ^ getpid() ^ (int)(i * 37));
	uuid[6] = (uint8_t)((uuid[6] & 0x0f) | 0x40);
	uuid[8] = (uint8_t)((uuid[8] & 0x3f) | 0x80);
	clock_gettime(CLOCK_MONOTONIC, &now);
	base_ts = (uint64_t)now.tv_sec * 1000000000ULL + (uint64_t)now.tv_nsec;
}

/* Connects, creates the session and its chunk; prints its path. */
static void open_session(const char *ctrl_port, const char *data_port)
{
	struct relayd_session_attr sa;
	struct lttcomm_uri cu = port_uri(ctrl_port), du = port_uri(data_port);
	char path[4096];
	int ret;

	ret = relayd_connect(&conn, &cu, &du, timeout_ms);
	if (ret)
		die("connect", ret);
	memset(&sa, 0, sizeof(sa));
	sa.name = session;
	sa.hostname = hostname;
	sa.base_path = base_path;
	sa.live_timer_us = live_us;
	sa.sessiond_uuid = uuid;	/* any non-nil UUID of "our daemon" */
	sa.session_id = (uint64_t)getpid();
	sa.creation_time = (uint64_t)time(NULL);
	ret = relayd_create_session(&conn, &sa, path, sizeof(path));
	if (ret)
		die("create session", ret);
	printf("path %s\n", path);
	fflush(stdout);
	ret = relayd_create_chunk(&conn, 0, sa.creation_time, NULL);
	if (ret)
		die("create chunk", ret);
}

/* The metadata stream and the data streams; then the metadata. */
static char *add_streams(size_t *meta_len)
{
	char *meta_text;
	unsigned int s;
	int ret;

	handles = calloc(nstreams, sizeof(*handles));
	next_seq = calloc(nstreams, sizeof(*next_seq));
	sent = calloc(nstreams, sizeof(*sent));
	ret = relayd_add_stream(&conn, RELAYD_METADATA_NAME, subdir, 0, 0, 0,
				&meta_handle);
	if (ret)
		die("add metadata stream", ret);
	for (s = 0; s < nstreams; s++) {
		char name[32];

		snprintf(name, sizeof(name), "chan_%u", s);
		ret = relayd_add_stream(&conn, name, subdir, 0, 0, 0,
					&handles[s]);
		if (ret)
			die("add stream", ret);
	}
	ret = relayd_streams_sent(&conn);
	if (ret)
		die("streams sent", ret);
	meta_text = metadata(meta_len);
	ret = relayd_send_metadata(&conn, meta_handle, meta_text, *meta_len);
	if (ret)
		die("send metadata", ret);
	return meta_text;
}

/* -o: the metadata, and every stream's data and index files. */
static void open_local_copy(const char *meta_text, size_t meta_len)
{
	unsigned char ih[16];
	char path[4096];
	unsigned int s;
	FILE *f;

	ls = calloc(nstreams, sizeof(*ls));
	snprintf(path, sizeof(path), "%s/index", local_dir);
	mkdir(path, 0755);
	f = local_open("metadata");
	fwrite(meta_text, 1, meta_len, f);
	fclose(f);
	put32le(ih, 0);
	ih[0] = 0xC1; ih[1] = 0xF1; ih[2] = 0xDC; ih[3] = 0xC1;
	memset(ih + 4, 0, 12);
	ih[7] = 1;			/* major 1 */
	ih[11] = 1;			/* minor 1 */
	ih[15] = 72;			/* entry size */
	for (s = 0; s < nstreams; s++) {
		char name[64];

		snprintf(name, sizeof(name), "chan_%u", s);
		ls[s].data = local_open(name);
		snprintf(name, sizeof(name), "index/chan_%u.idx", s);
		ls[s].index = local_open(name);
		fwrite(ih, 1, sizeof(ih), ls[s].index);
	}
}

/* Stream s's next packet and its index, to the relay daemon and to the
 * local copy; its events to the expected list. */
static void send_next_packet(unsigned int s, unsigned int tick)
{
	struct relayd_index idx;
	struct iovec iov;
	size_t len = build_packet(pkt, s, sent[s], tick, &idx);
	unsigned int i;
	int ret;

	iov.iov_base = pkt;
	iov.iov_len = len;
	ret = relayd_send_packet(&conn, handles[s], next_seq[s], &iov, 1, len,
				 (uint32_t)(PACKET_SIZE - len));
	if (ret)
		die("send packet", ret);
	ret = relayd_send_index(&conn, handles[s], next_seq[s], &idx);
	if (ret)
		die("send index", ret);
	if (ls)
		local_packet(&ls[s], pkt, &idx);
	if (expect)
		for (i = 0; i < nevents; i++)
			fprintf(expect, "seq=%u stream=%u\n",
				sent[s] * nevents + i, s);
	next_seq[s]++;
	sent[s]++;
}

/* One tick of stream s; whether it sent anything. */
static int send_stream_tick(unsigned int s, unsigned int tick,
			    unsigned int nticks)
{
	int idle = s && idle_mode && tick < nticks / 2;
	unsigned int n = s && idle_mode && tick >= nticks / 2 ? 2 : 1;
	int any = 0, ret;

	if (idle) {
		/* Nothing in this stream up to the tick's end. */
		ret = relayd_send_beacon(&conn, handles[s], next_seq[s] - 1, 0,
					 tick_ts(tick + 1) - 1);
		if (ret)
			die("send beacon", ret);
		return 1;
	}
	while (n-- && sent[s] < npackets) {
		send_next_packet(s, tick);
		any = 1;
	}
	return any;
}

static void send_ticks(void)
{
	/* Idle streams send their packets in the second half, two a tick. */
	unsigned int nticks = npackets, tick, s;

	for (tick = 0; tick < nticks + npackets; tick++) {
		int any = 0;

		if (tick == nticks / 2 && (wait_file || crash)) {
			if (crash)
				_exit(0);
			wait_for(wait_file);
		}
		for (s = 0; s < nstreams; s++)
			any |= send_stream_tick(s, tick, nticks);
		if (!any)
			break;
		if (pace_ms)
			usleep(pace_ms * 1000);
	}
}

static void close_local_files(void)
{
	unsigned int s;

	if (expect)
		fclose(expect);
	if (ls)
		for (s = 0; s < nstreams; s++) {
			fclose(ls[s].data);
			fclose(ls[s].index);
		}
}

/* Until the relay daemon has written everything (as lttng stop); the
 * number of rounds that took. */
static unsigned int wait_data_pending(void)
{
	unsigned int i, s;
	int ret, pending;

	for (i = 0; i < 1000; i++) {
		ret = relayd_begin_data_pending(&conn);
		if (ret)
			die("begin data pending", ret);
		pending = 0;
		for (s = 0; s < nstreams; s++) {
			ret = relayd_data_pending(&conn, handles[s],
						  next_seq[s] - 1);
			if (ret < 0)
				die("data pending", ret);
			pending |= ret;
		}
		ret = relayd_quiescent_control(&conn, meta_handle);
		if (ret)
			die("quiescent control", ret);
		ret = relayd_end_data_pending(&conn);
		if (ret < 0)
			die("end data pending", ret);
		if (!pending && !ret)
			break;
		usleep(10000);
	}
	return i + 1;
}

/* Closes every stream and the chunk; prints the chunk's path. */
static void close_session(void)
{
	char path[4096];
	unsigned int s;
	int ret;

	for (s = 0; s < nstreams; s++) {
		ret = relayd_close_stream(&conn, handles[s], next_seq[s] - 1);
		if (ret)
			die("close stream", ret);
	}
	ret = relayd_close_stream(&conn, meta_handle, UINT64_MAX);
	if (ret)
		die("close metadata stream", ret);
	ret = relayd_close_chunk(&conn, 0, (uint64_t)time(NULL),
				 RELAYD_CHUNK_CMD_NO_OPERATION, path,
				 sizeof(path));
	if (ret)
		die("close chunk", ret);
	printf("closed %s\n", path);
	relayd_close(&conn);
}

static int cmd_send(int argc, char **argv)
{
	char *meta_text;
	size_t meta_len;
	int ret;

	ret = parse_send_options(argc, argv);
	if (ret)
		return ret;
	init_trace_identity();
	open_session(argv[optind], argv[optind + 1]);
	meta_text = add_streams(&meta_len);
	if (local_dir)
		open_local_copy(meta_text, meta_len);
	if (expect_file)
		expect = fopen(expect_file, "w");
	send_ticks();
	close_local_files();
	printf("pending rounds %u\n", wait_data_pending());
	close_session();
	free(meta_text);
	free(handles);
	free(next_seq);
	free(sent);
	free(ls);
	return 0;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int cmd_probe(int argc, char **argv)
{
	struct lttcomm_uri cu, du;
	struct relayd_conn r;
	int64_t t0;
	int opt, ret;

	while ((opt = getopt(argc, argv, "t:")) != -1) {
		if (opt != 't')
			return 2;
		timeout_ms = atoi(optarg);
	}
	if (argc - optind != 2)
		return 2;
	cu = port_uri(argv[optind]);
	du = port_uri(argv[optind + 1]);
	t0 = mono_ms();
	ret = relayd_connect(&r, &cu, &du, timeout_ms);
	if (ret) {
		printf("error %s %lld\n", strerrorname_np(-ret),
		       (long long)(mono_ms() - t0));
		return 1;
	}
	printf("connected %u.%u\n", r.major, r.minor);
	relayd_close(&r);
	return 0;
}

/* Accepts and never answers; with queue_full, never accepts and keeps
 * its accept queue full so that further connects hang in SYN-SENT. */
static int cmd_stall(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t sl = sizeof(sin);
	int queue_full = argc == 3 && !strcmp(argv[1], "-q");
	const char *port_file = argv[argc - 1];
	int fd = socket(AF_INET, SOCK_STREAM, 0), c;
	FILE *f;

	if (argc < 2 || fd < 0)
		return 2;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    listen(fd, 0) ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl))
		return 1;
	if (queue_full) {
		/* Fill the accept queue (backlog 0 admits one). */
		int i;

		for (i = 0; i < 2; i++) {
			c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
			connect(c, (struct sockaddr *)&sin, sizeof(sin));
		}
		usleep(100000);
	}
	f = fopen(port_file, "w");
	if (!f)
		return 1;
	fprintf(f, "%u\n", ntohs(sin.sin_port));
	fclose(f);
	for (;;) {
		if (queue_full) {
			pause();
			continue;
		}
		c = accept(fd, NULL, NULL);
		(void)c;		/* kept open, never read */
	}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "send"))
		return cmd_send(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "probe"))
		return cmd_probe(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "stall"))
		return cmd_stall(argc - 1, argv + 1);
	fprintf(stderr, "usage: relayd-send send|probe|stall ...\n");
	return 2;
}
