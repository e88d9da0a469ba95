// SPDX-License-Identifier: GPL-2.0-only
/*
 * clock.c - the trace clock, and the plugins that replace it.
 *
 * By default records are timestamped with ktime_get_mono_fast_ns():
 * CLOCK_MONOTONIC in nanoseconds, readable from any context including NMI
 * (it uses the timekeeper's latch, never a lock), declared in the metadata
 * as the CTF clock "monotonic" (freq 1 GHz) with a random UUID per module
 * load.
 *
 * A clock plugin (include/lttng-clock.h, the interface of lttng-modules)
 * replaces it: lttng_clock_now() then calls the plugin's read64().  The
 * clock can only change while no session exists: each session takes the
 * clock when it is created (lttng_clock_session_get(), which pins the
 * plugin's module) and lets it go when freed, and registration refuses
 * with -EBUSY in between.  So every record, packet and metadata of a
 * session use one clock, and lttng_clock_now() reads the plugin pointer
 * without any lock: it cannot change under a running probe.
 *
 * The session's copy of the clock (struct lttng_clock_info) gives the
 * metadata the clock's name, uuid, description and frequency, and the
 * offset that maps its values to the wall clock: realtime minus the
 * clock, sampled when the session is created, in whole seconds plus
 * cycles, so that trace viewers show wall-clock times.
 */
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <linux/uuid.h>
#include <linux/module.h>
#include <linux/ctype.h>
#include <linux/math64.h>
#include "core.h"
#include "../include/lttng-clock.h"

static uuid_t lttng_clock_uuid_val;

struct lttng_trace_clock *lttng_trace_clock_plugin;
static struct module *lttng_clock_plugin_mod;
static unsigned int lttng_clock_users;		/* sessions */
static DEFINE_MUTEX(lttng_clock_mutex);

void lttng_clock_init(void)
{
	uuid_gen(&lttng_clock_uuid_val);
}

u64 lttng_clock_read(void)
{
	return lttng_clock_now();
}
EXPORT_SYMBOL_GPL(lttng_clock_read);

u64 lttng_clock_plugin_read(const struct lttng_trace_clock *c)
{
	return c->read64();
}

/* A CTF identifier that fits. */
static bool lttng_clock_name_ok(const char *name)
{
	size_t i;

	if (!name || !name[0] || isdigit(name[0]) ||
	    strnlen(name, LTTNG_CLOCK_NAME_MAX) == LTTNG_CLOCK_NAME_MAX)
		return false;
	for (i = 0; name[i]; i++)
		if (!isalnum(name[i]) && name[i] != '_')
			return false;
	return true;
}

/* The plugin's uuid string ("" when it has none); false if malformed. */
static bool lttng_clock_plugin_uuid(const struct lttng_trace_clock *ltc,
				    char *out)
{
	char buf[LTTNG_MODULES_UUID_STR_LEN + 1];
	uuid_t u;

	out[0] = '\0';
	if (!ltc->uuid)
		return true;
	memset(buf, 0, sizeof(buf));
	if (ltc->uuid(buf))
		return true;
	if (buf[LTTNG_MODULES_UUID_STR_LEN - 1] || uuid_parse(buf, &u))
		return false;
	snprintf(out, LTTNG_MODULES_UUID_STR_LEN, "%pUb", &u);
	return true;
}

int lttng_clock_register_plugin(struct lttng_trace_clock *ltc,
				struct module *mod)
{
	char uuid[LTTNG_MODULES_UUID_STR_LEN];
	int ret = 0;

	if (!ltc || !ltc->read64 || !ltc->freq || !ltc->name ||
	    !ltc->description || !ltc->freq() ||
	    !lttng_clock_name_ok(ltc->name()) || !ltc->description() ||
	    !lttng_clock_plugin_uuid(ltc, uuid))
		return -EINVAL;
	mutex_lock(&lttng_clock_mutex);
	if (lttng_clock_users)
		ret = -EBUSY;
	else if (lttng_trace_clock_plugin)
		ret = -EEXIST;
	else {
		lttng_clock_plugin_mod = mod;
		WRITE_ONCE(lttng_trace_clock_plugin, ltc);
		pr_info("lttng: trace clock %s (%llu Hz) registered\n",
			ltc->name(), ltc->freq());
	}
	mutex_unlock(&lttng_clock_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(lttng_clock_register_plugin);

void lttng_clock_unregister_plugin(struct lttng_trace_clock *ltc,
				   struct module *mod)
{
	mutex_lock(&lttng_clock_mutex);
	/* sessions pin the plugin's module: none can use it now */
	if (!WARN_ON_ONCE(lttng_clock_users) &&
	    lttng_trace_clock_plugin == ltc) {
		WRITE_ONCE(lttng_trace_clock_plugin, NULL);
		lttng_clock_plugin_mod = NULL;
	}
	mutex_unlock(&lttng_clock_mutex);
}
EXPORT_SYMBOL_GPL(lttng_clock_unregister_plugin);

/*
 * Realtime minus the clock: the clock value c read closest to a realtime
 * reading rt (best of five), as offset_s seconds plus offset cycles
 * (0 <= offset < freq).
 */
static void lttng_clock_offset(struct lttng_clock_info *ci)
{
	u64 best_gap = U64_MAX, c = 0, rem, part;
	struct timespec64 rt = { 0 };
	int i;

	for (i = 0; i < 5; i++) {
		struct timespec64 r;
		u64 c1 = lttng_clock_now(), c2;

		ktime_get_real_ts64(&r);
		c2 = lttng_clock_now();
		if (c2 - c1 < best_gap) {
			best_gap = c2 - c1;
			c = c1 + (c2 - c1) / 2;
			rt = r;
		}
	}
	ci->offset_s = rt.tv_sec - (s64)div64_u64_rem(c, ci->freq, &rem);
	/* the cycles of rt's nanoseconds, minus those of c past a second */
	part = mul_u64_u32_div(ci->freq, (u32)rt.tv_nsec, NSEC_PER_SEC);
	if (part >= rem) {
		ci->offset = part - rem;
	} else {
		ci->offset_s--;
		ci->offset = ci->freq - (rem - part);
	}
}

int lttng_clock_session_get(struct lttng_clock_info *ci)
{
	struct lttng_trace_clock *ltc;

	mutex_lock(&lttng_clock_mutex);
	ltc = lttng_trace_clock_plugin;
	if (ltc && !try_module_get(lttng_clock_plugin_mod)) {
		mutex_unlock(&lttng_clock_mutex);
		return -ENODEV;		/* the plugin is being unloaded */
	}
	lttng_clock_users++;
	ci->mod = ltc ? lttng_clock_plugin_mod : NULL;
	if (ltc) {
		strscpy(ci->name, ltc->name(), sizeof(ci->name));
		lttng_copy_sanitized(ci->description, ltc->description(),
				     sizeof(ci->description));
		ci->freq = ltc->freq();
		if (!lttng_clock_plugin_uuid(ltc, ci->uuid))
			ci->uuid[0] = '\0';
	} else {
		strscpy(ci->name, "monotonic", sizeof(ci->name));
		strscpy(ci->description, "Monotonic Clock",
			sizeof(ci->description));
		ci->freq = NSEC_PER_SEC;
		snprintf(ci->uuid, sizeof(ci->uuid), "%pUb",
			 &lttng_clock_uuid_val);
	}
	mutex_unlock(&lttng_clock_mutex);
	lttng_clock_offset(ci);
	return 0;
}

/* lttng regenerate metadata: the offset sampled again (a clock change) */
void lttng_clock_resample(struct lttng_clock_info *ci)
{
	lttng_clock_offset(ci);
}

void lttng_clock_session_put(struct lttng_clock_info *ci)
{
	mutex_lock(&lttng_clock_mutex);
	if (!WARN_ON_ONCE(!lttng_clock_users))
		lttng_clock_users--;
	mutex_unlock(&lttng_clock_mutex);
	module_put(ci->mod);	/* NULL: nothing */
	ci->mod = NULL;
}
