// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel.c - the kernel domain: tracer module loading and the ioctl ABI.
 *
 * At start-up a root daemon loads the tracer module with libkmod (from
 * LTTNG_MODULE_PATH / --module-path when given: a .ko file or a directory
 * holding lttng-tracer.ko, else by name from the installed modules), then
 * opens /dev/lttng and checks the ABI major version.  Any failure leaves
 * the daemon running with kernel tracing disabled: kernel commands then
 * fail with kernel_status() (LTTNG_ERR_KERN_NA or LTTNG_ERR_KERN_VERSION).
 *
 * A session's kernel objects are created lazily, on its first kernel
 * command: session fd, then channel fds and event fds as the user enables
 * them.  The metadata fd and the per-CPU stream fds are created on the
 * first start (streams are mmap()ed for the consumer).  Teardown closes
 * everything in reverse order; the module frees objects on last close, so
 * a killed daemon leaks nothing in the kernel.
 *
 * Locking (order in session.c): the functions run with the session's
 * lock held; those that touch the session's output (kernel_start(),
 * which opens the trace files, and kernel_session_destroy(), which waits
 * for the consumer thread) run without sd_lock, the others under it too.
 * Stream arrays are also modified under the session's consume_lock
 * because the consumer thread walks them.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libkmod.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lttng-abi.h"
#include "lttng-contexts.h"
#include "elf-probe.h"
#include "filter/filter.h"
#include "output.h"
#include "sessiond.h"

#define MAX_LOADED 16

static int tracer_fd = -1;
static int kstatus = -LTTNG_ERR_KERN_NA;
static uint32_t abi_major;
static struct kmod_ctx *kctx;
static struct kmod_module *loaded[MAX_LOADED];
static unsigned int nr_loaded;

int kernel_status(void)
{
	return kstatus;
}

uint32_t kernel_abi_major(void)
{
	return kstatus ? 0 : abi_major;
}

static void kmod_log(void *data, int priority, const char *file, int line,
		     const char *fn, const char *format, va_list args)
{
	char msg[512];

	(void)data;
	(void)priority;
	(void)file;
	(void)line;
	(void)fn;
	vsnprintf(msg, sizeof(msg), format, args);
	msg[strcspn(msg, "\n")] = '\0';
	SD_DBG("libkmod: %s", msg);
}

/* Inserts module name (or the .ko at path) with the module parameters
 * params (NULL: none).  0 if it is loaded now. */
static int load_module(const char *name, const char *path, const char *params)
{
	struct kmod_module *mod = NULL;
	int ret, was_live = 0;

	if (path)
		ret = kmod_module_new_from_path(kctx, path, &mod);
	else
		ret = kmod_module_new_from_name(kctx, name, &mod);
	if (ret < 0) {
		SD_WARN("Module %s: %s", path ? path : name, strerror(-ret));
		return ret;
	}
	if (kmod_module_get_initstate(mod) == KMOD_MODULE_LIVE)
		was_live = 1;
	if (was_live && params)
		SD_WARN("Module %s is already loaded: its parameters %s are not applied",
			kmod_module_get_name(mod), params);
	if (path)
		ret = kmod_module_insert_module(mod, 0, params);
	else
		ret = kmod_module_probe_insert_module(mod,
				KMOD_PROBE_APPLY_BLACKLIST, params, NULL, NULL,
				NULL);
	if (ret == -EEXIST) {
		was_live = 1;
		ret = 0;
	}
	if (ret < 0) {
		SD_WARN("Unable to load module %s: %s", path ? path : name,
			ret == -ENOENT && !path ? "not found" : strerror(-ret));
		kmod_module_unref(mod);
		return ret;
	}
	SD_DBG("Module %s %s", kmod_module_get_name(mod),
	       was_live ? "already loaded" : "loaded");
	if (!was_live && nr_loaded < MAX_LOADED)
		loaded[nr_loaded++] = mod;
	else
		kmod_module_unref(mod);
	return 0;
}

/*
 * The .ko of module name under override, a colon-separated list of
 * directories (each searched for <name>.ko, then module/<name>.ko) or .ko
 * files (a file stands for lttng-tracer only).  NULL: load by name.
 */
static const char *module_file(const char *override, const char *name,
			       char *buf, size_t len)
{
	const char *p = override;

	if (!override || !override[0])
		return NULL;
	while (*p) {
		size_t n = strcspn(p, ":");
		char entry[4096];
		struct stat st;

		if (n && n < sizeof(entry)) {
			memcpy(entry, p, n);
			entry[n] = '\0';
			if (stat(entry, &st) == 0 && S_ISDIR(st.st_mode)) {
				int r = snprintf(buf, len, "%s/%s.ko", entry,
						 name);

				if (r > 0 && (size_t)r < len &&
				    access(buf, R_OK) == 0)
					return buf;
				r = snprintf(buf, len, "%s/module/%s.ko", entry,
					     name);
				if (r > 0 && (size_t)r < len &&
				    access(buf, R_OK) == 0)
					return buf;
			} else if (!strcmp(name, LTTNG_MODULE_NAME)) {
				snprintf(buf, len, "%s", entry);
				return buf;
			}
		}
		p += n;
		if (*p == ':')
			p++;
	}
	/* Not found there: say so with the first place we looked. */
	snprintf(buf, len, "%.*s/%s.ko", (int)strcspn(override, ":"),
		 override, name);
	return buf;
}

/* Whether module name exists (as a .ko under override, or for modprobe). */
static int module_exists(const char *override, const char *name,
			 char *buf, size_t len)
{
	struct kmod_list *list = NULL;
	int found;

	if (override && override[0]) {
		const char *path = module_file(override, name, buf, len);

		if (path && access(path, R_OK) == 0)
			return 1;
	}
	if (kmod_module_new_from_lookup(kctx, name, &list) < 0)
		return 0;
	found = list != NULL;
	kmod_module_unref_list(list);
	return found;
}

/*
 * Loads the probe modules of a --kmod-probes or --extra-kmod-probes list:
 * for each NAME, lttng-probe-NAME as LTTng names its probe modules, else a
 * module called NAME itself.  The probes built into our tracer module
 * (sched, irq...) are no module of their own: --kmod-probes selects them
 * with the tracer's probes= parameter (kernel_init()).
 */
static void load_probe_list(const char *override, const char *list)
{
	char *copy = strdup(list), *save = NULL, *p;

	for (p = copy ? strtok_r(copy, ",", &save) : NULL; p;
	     p = strtok_r(NULL, ",", &save)) {
		char name[256], path[4096];

		p += strspn(p, " ");
		if (!p[0])
			continue;
		if (snprintf(name, sizeof(name), "lttng-probe-%s", p) >=
		    (int)sizeof(name))
			continue;
		if (!module_exists(override, name, path, sizeof(path))) {
			snprintf(name, sizeof(name), "%s", p);
			if (!module_exists(override, name, path,
					   sizeof(path))) {
				SD_INFO("Probe %s: no module lttng-probe-%s or %s (a probe of the tracer module, or none)",
					p, p, p);
				continue;
			}
		}
		/* load_module() warned: tracing goes on without it. */
		load_module(name, module_file(override, name, path,
					      sizeof(path)), NULL);
	}
	free(copy);
}

/* The tracer's module parameter "probes=a,b" of a --kmod-probes list
 * (spaces after commas dropped, as LTTng does).  0, or -1 when a name
 * holds something else than letters, digits, '_' and '-'. */
static int probes_param(const char *list, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "probes=");

	for (; *list; list++) {
		if (*list == ' ')
			continue;
		if (!isalnum((unsigned char)*list) && !strchr("_-,", *list))
			return -1;
		if (n + 1 >= len)
			return -1;
		buf[n++] = *list;
	}
	buf[n] = '\0';
	return 0;
}

/* Opens /dev/lttng, creating the node from sysfs when there is no
 * devtmpfs to do it. */
static int open_device(void)
{
	unsigned int maj, min, i;
	char sys[128];
	FILE *f;
	int fd;

	for (i = 0; i < 20; i++) {
		fd = open(LTTNG_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		if (fd >= 0 || errno != ENOENT)
			return fd;
		snprintf(sys, sizeof(sys), "/sys/class/misc/%s/dev",
			 strrchr(LTTNG_DEVICE_PATH, '/') + 1);
		f = fopen(sys, "re");
		if (f) {
			if (fscanf(f, "%u:%u", &maj, &min) == 2)
				mknod(LTTNG_DEVICE_PATH, S_IFCHR | 0600,
				      makedev(maj, min));
			fclose(f);
			continue;
		}
		usleep(100000);
	}
	errno = ENOENT;
	return -1;
}

int kernel_init(void)
{
	const char *override = sd_cfg.module_path;
	struct lttng_abi_version v;
	char buf[4096], params[4200];
	const char *path;

	if (sd_cfg.no_kernel || !sd_cfg.is_root) {
		kstatus = sd_cfg.is_root ? -LTTNG_ERR_KERN_NA :
					   -LTTNG_ERR_NEED_ROOT_SESSIOND;
		return kstatus;
	}
	if (!override)
		override = getenv("LTTNG_MODULE_PATH");
	kctx = kmod_new(NULL, NULL);
	if (!kctx) {
		SD_WARN("Unable to initialize libkmod: kernel tracer not available");
		return kstatus;
	}
	kmod_set_log_fn(kctx, kmod_log, NULL);
	path = module_file(override, LTTNG_MODULE_NAME, buf, sizeof(buf));
	/* --kmod-probes: these probes instead of the default (all ours) */
	params[0] = '\0';
	if (sd_cfg.kmod_probes && probes_param(sd_cfg.kmod_probes, params,
					       sizeof(params))) {
		SD_WARN("--kmod-probes=%s: not a list of probe names: every probe is loaded",
			sd_cfg.kmod_probes);
		params[0] = '\0';
	}
	if (load_module(LTTNG_MODULE_NAME, path, params[0] ? params : NULL)) {
		SD_WARN("Kernel tracer not available: kernel tracing is disabled");
		return kstatus;
	}
	if (sd_cfg.kmod_probes)
		load_probe_list(override, sd_cfg.kmod_probes);
	if (sd_cfg.extra_kmod_probes)
		load_probe_list(override, sd_cfg.extra_kmod_probes);
	tracer_fd = open_device();
	if (tracer_fd < 0) {
		SD_WARN("Unable to open %s: %s: kernel tracing is disabled",
			LTTNG_DEVICE_PATH, strerror(errno));
		return kstatus;
	}
	memset(&v, 0, sizeof(v));
	if (ioctl(tracer_fd, LTTNG_IOC_VERSION, &v) < 0) {
		SD_WARN("Kernel tracer version query failed: %s: kernel tracing is disabled",
			strerror(errno));
		close(tracer_fd);
		tracer_fd = -1;
		return kstatus;
	}
	if (v.abi_major != LTTNG_ABI_MAJOR) {
		SD_WARN("Kernel tracer ABI %u.%u is not compatible with ours (%u.%u): kernel tracing is disabled",
			v.abi_major, v.abi_minor, LTTNG_ABI_MAJOR,
			LTTNG_ABI_MINOR);
		close(tracer_fd);
		tracer_fd = -1;
		kstatus = -LTTNG_ERR_KERN_VERSION;
		return kstatus;
	}
	abi_major = v.abi_major;
	SD_DBG("Kernel tracer %u.%u.%u, ABI %u.%u", v.tracer_major,
	       v.tracer_minor, v.tracer_patchlevel, v.abi_major, v.abi_minor);
	kstatus = 0;
	return 0;
}

void kernel_fini(void)
{
	lttcomm_close(&tracer_fd);
	/* Unload what we loaded, in reverse order. */
	while (nr_loaded) {
		struct kmod_module *mod = loaded[--nr_loaded];
		int ret = kmod_module_remove_module(mod, 0);

		if (ret < 0)
			SD_WARN("Unable to unload module %s: %s",
				kmod_module_get_name(mod), strerror(-ret));
		kmod_module_unref(mod);
	}
	if (kctx)
		kmod_unref(kctx);
	kctx = NULL;
}

static int map_errno(int err, int dflt)
{
	switch (err) {
	case ENOMEM:
		return -LTTNG_ERR_NOMEM;
	case EEXIST:
		return dflt == -LTTNG_ERR_KERN_CONTEXT_FAIL ?
			-LTTNG_ERR_KERN_CONTEXT_EXIST : dflt;
	case EINVAL:
	case ERANGE:
		return -LTTNG_ERR_INVALID;
	case EPERM:
	case EACCES:
		return -LTTNG_ERR_EPERM;
	case ENOSYS:
	case EOPNOTSUPP:
		return -LTTNG_ERR_NOT_SUPPORTED;
	default:
		return dflt;
	}
}

int kernel_session_ensure(struct sd_session *s)
{
	struct lttng_abi_session_creation_time ct;
	struct lttng_abi_session_name nm;
	struct sd_kernel_session *ks;
	struct tm tm;

	if (kstatus)
		return kstatus;
	if (s->ksess)
		return 0;
	ks = calloc(1, sizeof(*ks));
	if (!ks)
		return -LTTNG_ERR_NOMEM;
	ks->metadata_fd = -1;
	ks->wake[0] = ks->wake[1] = -1;
	ks->sess = s;
	pthread_mutex_init(&ks->consume_lock, NULL);
	ks->fd = ioctl(tracer_fd, LTTNG_IOC_SESSION);
	if (ks->fd < 0) {
		SD_ERR("Kernel session creation failed: %s", strerror(errno));
		pthread_mutex_destroy(&ks->consume_lock);
		free(ks);
		return -LTTNG_ERR_SESSION_FAIL;
	}
	fcntl(ks->fd, F_SETFD, FD_CLOEXEC);
	memset(&nm, 0, sizeof(nm));
	snprintf(nm.name, sizeof(nm.name), "%s", s->name);
	if (ioctl(ks->fd, LTTNG_SESSION_SET_NAME, &nm) < 0) {
		/* The module takes printable names without '"' or '\\'. */
		SD_ERR("Kernel session %s: set name: %s", s->name,
		       strerror(errno));
		close(ks->fd);
		pthread_mutex_destroy(&ks->consume_lock);
		free(ks);
		return errno == EINVAL ? -LTTNG_ERR_SESSION_INVALID_CHAR :
					 -LTTNG_ERR_SESSION_FAIL;
	}
	memset(&ct, 0, sizeof(ct));
	if (gmtime_r(&s->creation_time, &tm))
		strftime(ct.iso8601, sizeof(ct.iso8601), "%Y%m%dT%H%M%S+0000",
			 &tm);
	if (ioctl(ks->fd, LTTNG_SESSION_SET_CREATION_TIME, &ct) < 0)
		SD_WARN("Kernel session %s: set creation time: %s", s->name,
			strerror(errno));
	s->ksess = ks;
	SD_DBG("Kernel session %s created", s->name);
	return 0;
}

static void to_abi_channel(const struct lttcomm_channel_attr *a,
			   struct lttng_abi_channel *c)
{
	memset(c, 0, sizeof(*c));
	c->subbuf_size = a->subbuf_size;
	c->num_subbuf = a->num_subbuf;
	c->switch_timer_us = a->switch_timer_us;
	c->read_timer_us = a->read_timer_us;
	c->overwrite = a->overwrite;
	c->output = LTTNG_ABI_OUTPUT_MMAP;
}

int kernel_channel_open(struct sd_session *s,
			const struct lttcomm_channel_attr *a)
{
	struct lttng_abi_channel attr;
	int fd;

	to_abi_channel(a, &attr);
	fd = ioctl(s->ksess->fd, LTTNG_SESSION_CHANNEL, &attr);
	if (fd < 0) {
		SD_ERR("Kernel channel %s: %s", a->name, strerror(errno));
		return map_errno(errno, -LTTNG_ERR_KERN_CHAN_FAIL);
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
}

int kernel_channel_set_enabled(struct sd_channel *c, int enable)
{
	if (ioctl(c->fd, enable ? LTTNG_CHANNEL_ENABLE :
				  LTTNG_CHANNEL_DISABLE) < 0)
		return map_errno(errno, enable ?
				 -LTTNG_ERR_KERN_CHAN_ENABLE_FAIL :
				 -LTTNG_ERR_KERN_CHAN_DISABLE_FAIL);
	return 0;
}

/*
 * A user-space probe: the location elf:PATH:FUNCTION or
 * sdt:PATH:PROVIDER:NAME, its binary opened into *fd (closed by the
 * caller) and the offsets found by common/elf-probe.c.  0 or -code.
 */
static int uprobe_prepare(const char *location, struct lttng_abi_uprobe *u,
			  int *fd)
{
	char loc[LTTCOMM_NAME_MAX], err[256], *path, *sym, *probe = NULL;
	uint64_t off[LTTNG_UPROBE_MAX_CALLSITES];
	unsigned int nr = 1, i;
	int r;

	snprintf(loc, sizeof(loc), "%s", location);
	path = strchr(loc, ':');
	if (!path)
		return -LTTNG_ERR_INVALID;
	*path++ = '\0';
	sym = strchr(path, ':');
	if (!sym)
		return -LTTNG_ERR_INVALID;
	*sym++ = '\0';
	if (!strcmp(loc, "sdt")) {
		probe = strchr(sym, ':');
		if (!probe)
			return -LTTNG_ERR_INVALID;
		*probe++ = '\0';
	} else if (strcmp(loc, "elf")) {
		return -LTTNG_ERR_INVALID;
	}
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		SD_ERR("User space probe %s: %s", path, strerror(errno));
		return -LTTNG_ERR_INVALID;
	}
	if (probe)
		r = lttng_elf_sdt_offsets(*fd, sym, probe, off,
					  LTTNG_UPROBE_MAX_CALLSITES, &nr,
					  err, sizeof(err));
	else
		r = lttng_elf_function_offset(*fd, sym, off, err, sizeof(err));
	if (r) {
		SD_ERR("User space probe %s: %s", location, err);
		return -LTTNG_ERR_INVALID;
	}
	u->fd = *fd;
	u->nr_offsets = nr;
	for (i = 0; i < nr; i++)
		u->offsets[i] = off[i];
	return 0;
}

int kernel_event_create(struct sd_channel *c, struct sd_event *e)
{
	struct lttng_filter_bytecode *bc = NULL;
	char err[256];
	struct lttng_abi_event ev;
	int fd, ret, saved = 0, ufd = -1;

	memset(&ev, 0, sizeof(ev));
	snprintf(ev.name, sizeof(ev.name), "%s", e->ev.name);
	switch (e->ev.type) {
	case LTTCOMM_EVENT_TRACEPOINT:
		ev.type = LTTNG_ABI_EV_TRACEPOINT;
		break;
	case LTTCOMM_EVENT_SYSCALL:
		ev.type = LTTNG_ABI_EV_SYSCALL;
		ev.entryexit = LTTNG_ABI_SYSCALL_ENTRYEXIT;
		break;
	case LTTCOMM_EVENT_PROBE:
	case LTTCOMM_EVENT_FUNCTION:
		ev.type = e->ev.type == LTTCOMM_EVENT_PROBE ?
			LTTNG_ABI_EV_KPROBE : LTTNG_ABI_EV_KRETPROBE;
		snprintf(ev.u.kprobe.symbol_name,
			 sizeof(ev.u.kprobe.symbol_name), "%s",
			 e->ev.probe_symbol);
		ev.u.kprobe.addr = e->ev.probe_addr;
		ev.u.kprobe.offset = e->ev.probe_offset;
		break;
	case LTTCOMM_EVENT_USERSPACE_PROBE:
		ev.type = LTTNG_ABI_EV_UPROBE;
		ret = uprobe_prepare(e->ev.probe_symbol, &ev.u.uprobe, &ufd);
		if (ret) {
			if (ufd >= 0)
				close(ufd);
			return ret;
		}
		break;
	default:
		return -LTTNG_ERR_INVALID;
	}
	if (e->ev.filter[0]) {
		/* names resolved by the module per event (wildcards) */
		if (lttng_filter_compile(e->ev.filter, NULL, 0, &bc, err,
					 sizeof(err))) {
			SD_WARN("Kernel event %s: %s", e->ev.name, err);
			if (ufd >= 0)
				close(ufd);
			return -LTTNG_ERR_FILTER_INVAL;
		}
		/* not one event recorded unfiltered: enable once filtered */
		ev.disabled = 1;
	}
	fd = ioctl(c->fd, LTTNG_CHANNEL_EVENT, &ev);
	if (ufd >= 0) {
		/* the module holds the binary's inode from here on */
		saved = errno;
		close(ufd);
		errno = saved;
		saved = 0;
	}
	if (fd < 0) {
		SD_ERR("Kernel event %s: %s", e->ev.name, strerror(errno));
		lttng_filter_bytecode_free(bc);
		if (errno == ENOENT)
			return -LTTNG_ERR_EVENT_NOT_FOUND;
		return map_errno(errno, errno == EEXIST ?
				 -LTTNG_ERR_KERN_EVENT_EXIST :
				 -LTTNG_ERR_KERN_ENABLE_FAIL);
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (bc) {
		struct lttng_abi_filter f = {
			.bytecode = (uintptr_t)bc->data,
			.len = bc->len,
		};

		ret = ioctl(fd, LTTNG_EVENT_FILTER, &f);
		if (ret < 0) {
			saved = errno;
			SD_ERR("Kernel event %s: filter refused: %s",
			       e->ev.name, strerror(saved));
		} else if (e->ev.enabled &&
			   ioctl(fd, LTTNG_EVENT_ENABLE) < 0) {
			saved = errno;
			ret = -1;
			SD_ERR("Kernel event %s: %s", e->ev.name,
			       strerror(saved));
		}
		lttng_filter_bytecode_free(bc);
		if (ret < 0) {
			/* the rule stays in the kernel, disabled */
			close(fd);
			if (saved == EINVAL)
				return -LTTNG_ERR_FILTER_INVAL;
			return map_errno(saved, -LTTNG_ERR_KERN_ENABLE_FAIL);
		}
	}
	e->fd = fd;
	return 0;
}

int kernel_event_set_enabled(struct sd_event *e, int enable)
{
	if (ioctl(e->fd, enable ? LTTNG_EVENT_ENABLE : LTTNG_EVENT_DISABLE) < 0)
		return map_errno(errno, enable ? -LTTNG_ERR_KERN_ENABLE_FAIL :
						 -LTTNG_ERR_KERN_DISABLE_FAIL);
	return 0;
}

int kernel_perf_counter(const char *name, struct lttng_abi_perf_counter *pc)
{
	uint64_t config;
	uint32_t type;

	if (lttcomm_ctx_perf_scope(name, LTTNG_PERF_SCOPE_CPU, &type, &config,
				   pc ? pc->name : NULL, sizeof(pc->name)))
		return -1;
	if (pc) {
		pc->type = type;
		pc->config = config;
	}
	return 0;
}

int kernel_context_add(struct sd_channel *c, const struct lttcomm_context *ctx)
{
	struct lttng_abi_context ac;

	memset(&ac, 0, sizeof(ac));
	ac.type = ctx->type;
	if (ctx->type == LTTNG_ABI_CTX_PERF_CPU_COUNTER &&
	    kernel_perf_counter(ctx->name, &ac.perf))
		return -LTTNG_ERR_KERN_CONTEXT_FAIL;
	if (ioctl(c->fd, LTTNG_CHANNEL_CONTEXT, &ac) < 0) {
		SD_ERR("Kernel context %s on %s: %s", ctx->name, c->attr.name,
		       strerror(errno));
		return map_errno(errno, -LTTNG_ERR_KERN_CONTEXT_FAIL);
	}
	return 0;
}

int kernel_track(struct sd_session *s, uint32_t type, int32_t id, int track)
{
	struct lttng_abi_tracker t = { .type = type, .id = id };

	if (ioctl(s->ksess->fd, track ? LTTNG_SESSION_TRACK :
					LTTNG_SESSION_UNTRACK, &t) < 0) {
		if (errno == EEXIST)
			return -LTTNG_ERR_ID_TRACKED;
		if (errno == ENOENT)
			return -LTTNG_ERR_ID_NOT_TRACKED;
		return map_errno(errno, -LTTNG_ERR_UNK);
	}
	return 0;
}

/* Creates and maps the streams of a channel that has none yet. */
static int channel_streams(struct sd_channel *c)
{
	struct sd_stream *arr = NULL;
	unsigned int n = 0;
	int ret = 0;

	for (;;) {
		struct lttng_abi_stream_info info;
		struct sd_stream *tmp;
		__u64 len = 0;
		int fd = ioctl(c->fd, LTTNG_CHANNEL_STREAM);

		if (fd < 0) {
			if (errno == ENOENT)
				break;
			SD_ERR("Stream of %s: %s", c->attr.name,
			       strerror(errno));
			ret = -LTTNG_ERR_KERN_START_FAIL;
			break;
		}
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		tmp = realloc(arr, (n + 1) * sizeof(*arr));
		if (!tmp) {
			close(fd);
			ret = -LTTNG_ERR_NOMEM;
			break;
		}
		arr = tmp;
		memset(&arr[n], 0, sizeof(arr[n]));
		arr[n].fd = fd;
		arr[n].map = MAP_FAILED;
		n++;
		memset(&info, 0, sizeof(info));
		if (ioctl(fd, LTTNG_STREAM_GET_MMAP_LEN, &len) < 0 || !len ||
		    ioctl(fd, LTTNG_STREAM_INFO, &info) < 0) {
			SD_ERR("Stream of %s: info: %s", c->attr.name,
			       strerror(errno));
			ret = -LTTNG_ERR_KERN_START_FAIL;
			break;
		}
		arr[n - 1].cpu = info.cpu_id;
		arr[n - 1].map_len = (size_t)len;
		arr[n - 1].map = mmap(NULL, (size_t)len, PROT_READ, MAP_SHARED,
				      fd, 0);
		if (arr[n - 1].map == MAP_FAILED) {
			SD_ERR("Stream of %s: mmap: %s", c->attr.name,
			       strerror(errno));
			ret = -LTTNG_ERR_KERN_START_FAIL;
			break;
		}
	}
	if (!ret && n == 0)
		ret = -LTTNG_ERR_KERN_START_FAIL;
	if (ret) {
		while (n--) {
			if (arr[n].map != MAP_FAILED)
				munmap(arr[n].map, arr[n].map_len);
			close(arr[n].fd);
		}
		free(arr);
		return ret;
	}
	c->streams = arr;
	c->nr_streams = n;
	SD_DBG("Channel %s: %u streams", c->attr.name, n);
	return 0;
}

int kernel_start(struct sd_session *s)
{
	struct sd_kernel_session *ks = s->ksess;
	struct sd_channel *c;
	int ret = 0;

	if (ks->metadata_fd < 0) {
		struct lttng_abi_channel mattr = {
			.subbuf_size = 4096 * 2,
			.num_subbuf = 2,
			.output = LTTNG_ABI_OUTPUT_MMAP,
		};

		ks->metadata_fd = ioctl(ks->fd, LTTNG_SESSION_METADATA, &mattr);
		if (ks->metadata_fd < 0) {
			SD_ERR("Kernel metadata of %s: %s", s->name,
			       strerror(errno));
			return -LTTNG_ERR_KERN_START_FAIL;
		}
		fcntl(ks->metadata_fd, F_SETFD, FD_CLOEXEC);
	}
	pthread_mutex_lock(&ks->consume_lock);
	for (c = s->kernel.channels; c && !ret; c = c->next) {
		unsigned int i;

		if (!c->nr_streams)
			ret = channel_streams(c);
		for (i = 0; i < c->nr_streams; i++)
			c->streams[i].hup = 0;
	}
	if (!ret)
		ret = consumer_open_files(s);
	pthread_mutex_unlock(&ks->consume_lock);
	if (ret)
		return ret;
	/* --no-output: the records stay in the buffers */
	if (!ks->thread_running && !s->no_output) {
		ret = consumer_start(s);
		if (ret)
			return ret;
	}
	if (ioctl(ks->fd, LTTNG_SESSION_START) < 0) {
		SD_ERR("Kernel start of %s: %s", s->name, strerror(errno));
		return -LTTNG_ERR_KERN_START_FAIL;
	}
	__atomic_store_n(&ks->tracing, 1, __ATOMIC_RELAXED);
	return 0;
}

int kernel_stop(struct sd_session *s)
{
	struct sd_kernel_session *ks = s->ksess;
	int ret = 0;

	if (ioctl(ks->fd, LTTNG_SESSION_STOP) < 0) {
		SD_ERR("Kernel stop of %s: %s", s->name, strerror(errno));
		ret = -LTTNG_ERR_KERN_STOP_FAIL;
	}
	return ret;
}

int kernel_session_destroy(struct sd_session *s)
{
	struct sd_kernel_session *ks = s->ksess;
	struct sd_channel *c;

	if (!ks)
		return 0;
	if (consumer_stop(s)) {
		/* The thread may come back from the file system one day and
		 * use all of it: leave it the session, streams and maps. */
		s->abandoned = 1;
		return -LTTNG_ERR_OUTPUT_STALLED;
	}
	for (c = s->kernel.channels; c; c = c->next) {
		struct sd_event *e;
		unsigned int i;

		for (i = 0; i < c->nr_streams; i++) {
			struct sd_stream *st = &c->streams[i];

			out_stream_close(st->out);
			munmap(st->map, st->map_len);
			close(st->fd);
		}
		free(c->streams);
		c->streams = NULL;
		c->nr_streams = 0;
		for (e = c->events; e; e = e->next)
			lttcomm_close(&e->fd);
		lttcomm_close(&c->fd);
	}
	out_stream_close(ks->meta_out);
	if (ks->metadata_fd >= 0)
		close(ks->metadata_fd);
	free(ks->meta_pending);
	free(ks->snap_meta);
	free(ks->meta_all);
	close(ks->fd);
	pthread_mutex_destroy(&ks->consume_lock);
	free(ks);
	s->ksess = NULL;
	return 0;
}

uint64_t kernel_channel_discarded(struct sd_channel *c)
{
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < c->nr_streams; i++) {
		struct lttng_abi_stream_info info;

		memset(&info, 0, sizeof(info));
		if (ioctl(c->streams[i].fd, LTTNG_STREAM_INFO, &info) == 0)
			sum += info.events_discarded;
	}
	return sum;
}

int kernel_list(int syscalls, struct lttcomm_tracepoint_info **out)
{
	struct lttng_abi_event_list l;
	struct lttcomm_tracepoint_info *res;
	char *buf = NULL;
	uint32_t i, off;
	int tries;

	*out = NULL;
	if (kstatus)
		return kstatus;
	memset(&l, 0, sizeof(l));
	l.type = syscalls ? LTTNG_ABI_EV_SYSCALL : LTTNG_ABI_EV_TRACEPOINT;
	for (tries = 0; tries < 5; tries++) {
		if (ioctl(tracer_fd, LTTNG_IOC_LIST_EVENTS, &l) == 0)
			break;
		if (errno != ENOSPC) {
			free(buf);
			SD_ERR("Listing kernel events: %s", strerror(errno));
			return -LTTNG_ERR_KERN_NA;
		}
		free(buf);
		buf = malloc(l.needed + 1);
		if (!buf)
			return -LTTNG_ERR_NOMEM;
		l.buf = (uintptr_t)buf;
		l.len = l.needed;
	}
	if (tries == 5 || (l.count && !buf)) {
		free(buf);
		return -LTTNG_ERR_UNK;
	}
	res = calloc(l.count ? l.count : 1, sizeof(*res));
	if (!res) {
		free(buf);
		return -LTTNG_ERR_NOMEM;
	}
	for (i = 0, off = 0; i < l.count && off < l.len; i++) {
		size_t len = strnlen(buf + off, l.len - off);

		if (off + len >= l.len)
			break;		/* not NUL-terminated: stop */
		snprintf(res[i].name, sizeof(res[i].name), "%s", buf + off);
		res[i].type = syscalls ? LTTCOMM_EVENT_SYSCALL :
					 LTTCOMM_EVENT_TRACEPOINT;
		res[i].bitness = syscalls ? 64 : 0;
		off += (uint32_t)len + 1;
	}
	free(buf);
	*out = res;
	return (int)i;
}
