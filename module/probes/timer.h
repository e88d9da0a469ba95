/* SPDX-License-Identifier: GPL-2.0-only */
/* timer.h - timer and hrtimer events (descriptions, see define_event.h). */

/*
 * timer_start: (timer, expires, flags) until Linux 6.2, then (timer,
 * bucket_expiry) with expires and flags read from the timer.
 */
#define LTTNG_TIMER_START_FIELDS(_expires, _flags)			\
	f_pointer(timer, timer)						\
	f_pointer(function, timer->function)				\
	f_integer(unsigned long, expires, _expires)			\
	f_integer(unsigned long, now, jiffies)				\
	f_integer_hex(unsigned int, flags, _flags)

LTTNG_EVENT_CLASS(timer_start_3args,
	LTTNG_PROTO(struct timer_list *timer, unsigned long expires,
		    unsigned int flags),
	LTTNG_ARGS(timer, expires, flags),
	LTTNG_FIELDS(LTTNG_TIMER_START_FIELDS(expires, flags))
)
LTTNG_EVENT_CLASS(timer_start_2args,
	LTTNG_PROTO(struct timer_list *timer, unsigned long bucket_expiry),
	LTTNG_ARGS(timer, bucket_expiry),
	LTTNG_FIELDS(LTTNG_TIMER_START_FIELDS(timer->expires, timer->flags))
)
LTTNG_EVENT_INSTANCE_CHOOSE(
	LTTNG_TP_PROTO_IS(timer_start, struct timer_list *, unsigned long,
			  unsigned int),
	timer_start_3args, timer_start_2args, timer_start, timer_start)

LTTNG_EVENT(timer_expire_entry, timer_expire_entry,
	LTTNG_PROTO(struct timer_list *timer, unsigned long baseclk),
	LTTNG_ARGS(timer, baseclk),
	LTTNG_FIELDS(
		f_pointer(timer, timer)
		f_integer(unsigned long, now, jiffies)
		f_pointer(function, timer->function)
	)
)

LTTNG_EVENT_CLASS(timer_class,
	LTTNG_PROTO(struct timer_list *timer),
	LTTNG_ARGS(timer),
	LTTNG_FIELDS(
		f_pointer(timer, timer)
	)
)
LTTNG_EVENT_INSTANCE(timer_class, timer_init, timer_init)
LTTNG_EVENT_INSTANCE(timer_class, timer_expire_exit, timer_expire_exit)
LTTNG_EVENT_INSTANCE(timer_class, timer_cancel, timer_cancel)

LTTNG_EVENT(timer_hrtimer_init, hrtimer_init,
	LTTNG_PROTO(struct hrtimer *hrtimer, clockid_t clockid,
		    enum hrtimer_mode mode),
	LTTNG_ARGS(hrtimer, clockid, mode),
	LTTNG_FIELDS(
		f_pointer(hrtimer, hrtimer)
		f_integer(clockid_t, clockid, clockid)
		f_integer(int, mode, mode)
	)
)

/*
 * hrtimer_start: Debian 6.1.0-56 added a third argument (bool was_armed)
 * to the upstream (hrtimer, mode) prototype.  Both probes are described;
 * the one matching the kernel built against is chosen at compile time.
 */
#define LTTNG_HRTIMER_START_FIELDS					\
	f_pointer(hrtimer, hrtimer)					\
	f_pointer(function, hrtimer->function)				\
	f_integer(s64, expires, hrtimer_get_expires(hrtimer))		\
	f_integer(s64, softexpires, hrtimer_get_softexpires(hrtimer))	\
	f_integer(int, mode, mode)

LTTNG_EVENT_CLASS(timer_hrtimer_start_armed,
	LTTNG_PROTO(struct hrtimer *hrtimer, enum hrtimer_mode mode,
		    bool was_armed),
	LTTNG_ARGS(hrtimer, mode, was_armed),
	LTTNG_FIELDS(LTTNG_HRTIMER_START_FIELDS)
)
LTTNG_EVENT_CLASS(timer_hrtimer_start_2args,
	LTTNG_PROTO(struct hrtimer *hrtimer, enum hrtimer_mode mode),
	LTTNG_ARGS(hrtimer, mode),
	LTTNG_FIELDS(LTTNG_HRTIMER_START_FIELDS)
)
LTTNG_EVENT_INSTANCE_CHOOSE(
	LTTNG_TP_PROTO_IS(hrtimer_start, struct hrtimer *, enum hrtimer_mode,
			  bool),
	timer_hrtimer_start_armed, timer_hrtimer_start_2args,
	timer_hrtimer_start, hrtimer_start)

LTTNG_EVENT(timer_hrtimer_expire_entry, hrtimer_expire_entry,
	LTTNG_PROTO(struct hrtimer *hrtimer, ktime_t *now),
	LTTNG_ARGS(hrtimer, now),
	LTTNG_FIELDS(
		f_pointer(hrtimer, hrtimer)
		f_integer(s64, now, *now)
		f_pointer(function, hrtimer->function)
	)
)

LTTNG_EVENT_CLASS(timer_hrtimer_class,
	LTTNG_PROTO(struct hrtimer *hrtimer),
	LTTNG_ARGS(hrtimer),
	LTTNG_FIELDS(
		f_pointer(hrtimer, hrtimer)
	)
)
LTTNG_EVENT_INSTANCE(timer_hrtimer_class, timer_hrtimer_expire_exit,
		     hrtimer_expire_exit)
LTTNG_EVENT_INSTANCE(timer_hrtimer_class, timer_hrtimer_cancel, hrtimer_cancel)
