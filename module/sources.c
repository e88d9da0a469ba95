// SPDX-License-Identifier: GPL-2.0-only
/*
 * sources.c - the event sources as a whole, as seen by the core.
 *
 * Registers every provider (the probes/ families, the statedump, the
 * syscalls) at module init (of probes/, only those the module parameter
 * probes= names, when set), keeping only the events whose tracepoint
 * exists in the running kernel, and unregisters them in reverse order at
 * exit,
 * and routes the core's per-event calls to the source owning the event's
 * kind (syscalls.c, kprobes.c, uprobes.c).  The run-time sources' structs
 * (struct lttng_src_lists, sources.h) are freed here, at the sync after
 * the one that follows their last detach.  Also holds the helpers the
 * generated probes share (strings) and the kernel tracepoint lookup.
 *
 * Locking: everything here but the string helpers runs in process context
 * with lttng_sessions_mutex held (or at init/exit).  The string helpers run
 * in probe context: no sleeping, user memory read with the _nofault
 * accessors only.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/tracepoint.h>
#include "tracer.h"
#include "sources.h"

/* ------------------------------------------------------------------ */
/* Strings (probe context)                                             */
/* ------------------------------------------------------------------ */

static const char lttng_null_string[] = "(null)";

size_t lttng_src_kstrlen(const char *s)
{
	if (!s)
		return sizeof(lttng_null_string);
	return strlen(s) + 1;
}

size_t lttng_src_ustrlen(const char __user *s)
{
	char buf[64];
	size_t done = 0, n;
	char *nul;

	/* strnlen_user_nofault() is not exported: scan by chunks. */
	while (done < LTTNG_USTRING_MAX - 1) {
		n = min(sizeof(buf), LTTNG_USTRING_MAX - 1 - done);
		/* a chunk may cross into an unmapped page: retry bytewise */
		if (copy_from_user_nofault(buf, s + done, n)) {
			if (n == 1 || copy_from_user_nofault(buf, s + done, 1))
				return done + 1;
			n = 1;
		}
		nul = memchr(buf, '\0', n);
		if (nul)
			return done + (nul - buf) + 1;
		done += n;
	}
	return LTTNG_USTRING_MAX;	/* truncated */
}

void lttng_src_write_string(struct lttng_rb_ctx *ctx, const char *s,
			    size_t len, bool user)
{
	char buf[64];
	size_t done = 0, n, i;
	bool ended = false;

	if (!s && !user)
		s = lttng_null_string;
	while (len && done < len - 1) {
		n = min(sizeof(buf), len - 1 - done);
		if (ended) {
			memset(buf, ' ', n);
		} else if (user) {
			if (copy_from_user_nofault(buf,
					(const char __user *)s + done, n))
				memset(buf, '?', n);
		} else {
			memcpy(buf, s + done, n);
		}
		for (i = 0; i < n; i++) {
			if (ended || !buf[i]) {
				ended = true;
				buf[i] = ' ';
			}
		}
		lttng_event_write(ctx, buf, n);
		done += n;
	}
	buf[0] = '\0';
	lttng_event_write(ctx, buf, 1);
}

void lttng_src_ustr_copy(char *dst, const char __user *src, size_t len)
{
	size_t n = min_t(size_t, len ? len - 1 : 0, LTTNG_FILTER_USTR - 1);

	if (n && copy_from_user_nofault(dst, src, n))
		n = 0;
	dst[n] = '\0';
}

/* ------------------------------------------------------------------ */
/* The run-time sources' structs (struct lttng_src_lists)              */
/* ------------------------------------------------------------------ */

static struct lttng_src_lists *const lttng_src_runtime[] = {
	&lttng_kprobes_lists,
	&lttng_uprobes_lists,
};

static void lttng_src_free_list(struct list_head *list,
				void (*free)(struct list_head *node))
{
	struct list_head *node, *tmp;

	list_for_each_safe(node, tmp, list) {
		list_del(node);
		free(node);
	}
}

static void lttng_src_runtime_sync(void)
{
	struct lttng_src_lists *l;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lttng_src_runtime); i++) {
		l = lttng_src_runtime[i];
		lttng_src_free_list(&l->ready, l->free);
		list_splice_init(&l->dead, &l->ready);
	}
}

static void lttng_src_runtime_exit(void)
{
	struct lttng_src_lists *l;
	struct list_head *node;
	unsigned int i = ARRAY_SIZE(lttng_src_runtime);

	while (i--) {
		l = lttng_src_runtime[i];
		list_for_each(node, &l->live)
			l->unregister(node);
		lttng_src_free_list(&l->live, l->free);
		lttng_src_free_list(&l->dead, l->free);
		lttng_src_free_list(&l->ready, l->free);
	}
}

/* ------------------------------------------------------------------ */
/* Routing of the core's calls                                         */
/* ------------------------------------------------------------------ */

void lttng_sources_event_detach(struct lttng_event *ev)
{
	switch (ev->desc->kind) {
	case LTTNG_DESC_SYSCALL_ENTRY:
	case LTTNG_DESC_SYSCALL_EXIT:
	case LTTNG_DESC_COMPAT_SYSCALL_ENTRY:
	case LTTNG_DESC_COMPAT_SYSCALL_EXIT:
		lttng_syscalls_event_detach(ev);
		break;
	case LTTNG_DESC_KPROBE:
	case LTTNG_DESC_KRETPROBE:
		lttng_kprobes_event_detach(ev);
		break;
	case LTTNG_DESC_UPROBE:
		lttng_uprobes_event_detach(ev);
		break;
	default:
		break;
	}
}

void lttng_sources_sync(void)
{
	/*
	 * Probes run with preemption disabled (tracepoints, kprobes) or
	 * under rcu_read_lock(): once this returns, none still sees an
	 * event detached before the call.
	 */
	tracepoint_synchronize_unregister();
	synchronize_rcu();
	lttng_syscalls_sync();
	lttng_src_runtime_sync();
}

/* ------------------------------------------------------------------ */
/* Module init / exit                                                  */
/* ------------------------------------------------------------------ */

#define LTTNG_PROVIDER_PTR(_p)	&lttng_provider_##_p,
static struct lttng_probe_provider * const lttng_probe_providers[] = {
	LTTNG_PROBE_PROVIDERS(LTTNG_PROVIDER_PTR)
};
#undef LTTNG_PROVIDER_PTR
static bool lttng_probe_registered[ARRAY_SIZE(lttng_probe_providers)];

/*
 * probes=NAME[,NAME]...: register only these providers of probes/ (the
 * statedump always), as LTTng's lttng-sessiond --kmod-probes loads only
 * the probe modules it names.  Unset or empty: all of them.  Names that
 * are not ours (probe modules of their own) are ignored here.
 */
static char *probes;
module_param(probes, charp, 0444);
MODULE_PARM_DESC(probes, "comma-separated event providers to register (default: all)");

static bool lttng_probe_wanted(const char *name)
{
	size_t n = strlen(name);
	const char *p = probes;

	if (!p || !*p || !strcmp(name, "statedump"))
		return true;
	while (p) {
		p = skip_spaces(p);
		if (!strncmp(p, name, n) && (p[n] == ',' || p[n] == '\0' ||
					     isspace(p[n])))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

/*
 * Keep in a provider only the events this kernel can fire: a description
 * whose tracepoint is missing here (configured out, renamed) is neither
 * listed nor enable-able.  The kept descriptions go into a kmalloc'ed
 * array that replaces the provider's static one until unload.
 */
static const struct lttng_event_desc * const *lttng_probe_all_descs[ARRAY_SIZE(lttng_probe_providers)];
static unsigned int lttng_probe_all_nr[ARRAY_SIZE(lttng_probe_providers)];

static int lttng_probes_filter(unsigned int i)
{
	struct lttng_probe_provider *p = lttng_probe_providers[i];
	const struct lttng_event_desc **kept;
	const struct lttng_event_desc *d;
	unsigned int j, n = 0;

	kept = kcalloc(p->nr_descs, sizeof(*kept), GFP_KERNEL);
	if (!kept && p->nr_descs)
		return -ENOMEM;
	for (j = 0; j < p->nr_descs; j++) {
		d = p->descs[j];
		if (d->kind == LTTNG_DESC_TRACEPOINT &&
		    !lttng_tracepoint_find(d->tp_name)) {
			pr_info("lttng: no tracepoint %s in this kernel: no event %s\n",
				d->tp_name, d->name);
			continue;
		}
		kept[n++] = d;
	}
	lttng_probe_all_descs[i] = p->descs;
	lttng_probe_all_nr[i] = p->nr_descs;
	p->descs = kept;
	p->nr_descs = n;
	return 0;
}

static void lttng_probes_unfilter(unsigned int i)
{
	struct lttng_probe_provider *p = lttng_probe_providers[i];

	if (!lttng_probe_all_descs[i])
		return;
	kfree(p->descs);
	p->descs = lttng_probe_all_descs[i];
	p->nr_descs = lttng_probe_all_nr[i];
	lttng_probe_all_descs[i] = NULL;
}

static void lttng_probes_unregister(unsigned int n)
{
	while (n--) {
		if (!lttng_probe_registered[n])
			continue;
		lttng_provider_unregister(lttng_probe_providers[n]);
		lttng_probes_unfilter(n);
		lttng_probe_registered[n] = false;
	}
}

int lttng_sources_init(void)
{
	unsigned int i;
	int ret;

	ret = lttng_context_init();
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(lttng_probe_providers); i++) {
		if (!lttng_probe_wanted(lttng_probe_providers[i]->name)) {
			pr_info("lttng: probes=%s: no %s events\n", probes,
				lttng_probe_providers[i]->name);
			continue;
		}
		ret = lttng_probes_filter(i);
		if (!ret)
			ret = lttng_provider_register(lttng_probe_providers[i]);
		if (ret) {
			lttng_probes_unfilter(i);
			pr_err("lttng: cannot register the %s events: %d\n",
			       lttng_probe_providers[i]->name, ret);
			goto err_probes;
		}
		lttng_probe_registered[i] = true;
	}
	ret = lttng_syscalls_init();
	if (ret)
		goto err_probes;
	return 0;

err_probes:
	lttng_probes_unregister(i);
	lttng_context_exit();
	return ret;
}

void lttng_sources_exit(void)
{
	lttng_src_runtime_exit();
	lttng_syscalls_exit();
	lttng_probes_unregister(ARRAY_SIZE(lttng_probe_providers));
	lttng_context_exit();
}
