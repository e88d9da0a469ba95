// SPDX-License-Identifier: GPL-2.0-only
/*
 * abi.c - the ioctl interface (include/lttng-abi.h): one file descriptor
 * per object, created with anon_inode_getfd().
 *
 *   /dev/lttng        tracer:   VERSION, SESSION, LIST_EVENTS
 *   [lttng_session]   session:  SET_NAME, SET_CREATION_TIME, CHANNEL,
 *                               METADATA, START, STOP, QUIESCENT, STATUS,
 *                               TRACK, UNTRACK
 *   [lttng_channel]   channel:  STREAM, EVENT, CONTEXT, ENABLE, DISABLE
 *   [lttng_event]     enabler:  ENABLE, DISABLE, FILTER
 *   [lttng_stream]    stream:   GET/PUT_NEXT_SUBBUF, GET_MMAP_LEN, FLUSH,
 *                               INFO, mmap, poll
 *   [lttng_metadata]  metadata: read, poll, GET_VERSION
 *
 * Every fops has .owner = THIS_MODULE, so each open fd pins the module
 * (rmmod fails with EBUSY while any is open).  A child fd holds a
 * reference on its parent object (core.h).
 *
 * Argument checking: unknown commands get -ENOTTY (the size and
 * direction are part of the command number), copy failures -EFAULT,
 * reserved fields that are not zero, unterminated or empty names and out
 * of range values -EINVAL.  Semantics chosen (documented in lttng-abi.h):
 *  - START on an active session / STOP on an inactive one: -EBUSY;
 *  - CHANNEL / CONTEXT / SET_NAME / SET_CREATION_TIME after the first
 *    start: -EBUSY; a second live METADATA fd: -EBUSY;
 *  - ENABLE/DISABLE of a channel or event already in that state: 0;
 *  - STOP flushes: every record written before it returns is readable
 *    (GET_NEXT_SUBBUF, then -EAGAIN); streams are finalized (-ENODATA,
 *    POLLHUP once drained) only when the session fd is closed (destroy);
 *  - LTTNG_EVENT_FILTER: arguments are checked, then the bytecode is
 *    copied and verified (module/filter.c) and attached to the enabler
 *    (session.c): -EINVAL for anything the verifier refuses, -EEXIST for
 *    a second filter.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/anon_inodes.h>
#include <linux/uaccess.h>
#include <linux/slab.h>
#include <linux/err.h>
#include <linux/poll.h>
#include <linux/mm.h>
#include "core.h"

static const struct file_operations lttng_session_fops;
static const struct file_operations lttng_channel_fops;
static const struct file_operations lttng_event_fops;
static const struct file_operations lttng_stream_fops;
static const struct file_operations lttng_metadata_fops;

/*
 * Session, channel and event fds: their ioctls and their release run under
 * lttng_sessions_mutex.  DEFINE_LOCKED_FOPS(x, type, put) defines
 * lttng_x_fops, whose ioctl calls x_ioctl_locked(obj, cmd, uarg) and whose
 * release calls put(obj), obj being the fd's type *private_data.
 */
#define DEFINE_LOCKED_FOPS(_x, _type, _put)				\
static long lttng_##_x##_ioctl(struct file *file, unsigned int cmd,	\
			       unsigned long arg)			\
{									\
	_type *obj = file->private_data;				\
	long ret;							\
									\
	mutex_lock(&lttng_sessions_mutex);				\
	ret = _x##_ioctl_locked(obj, cmd, (void __user *)arg);		\
	mutex_unlock(&lttng_sessions_mutex);				\
	return ret;							\
}									\
									\
static int lttng_##_x##_release(struct inode *inode, struct file *file)	\
{									\
	_type *obj = file->private_data;				\
									\
	mutex_lock(&lttng_sessions_mutex);				\
	_put(obj);							\
	mutex_unlock(&lttng_sessions_mutex);				\
	return 0;							\
}									\
									\
static const struct file_operations lttng_##_x##_fops = {		\
	.owner = THIS_MODULE,						\
	.release = lttng_##_x##_release,				\
	.unlocked_ioctl = lttng_##_x##_ioctl,				\
	.compat_ioctl = compat_ptr_ioctl,				\
	.llseek = noop_llseek,						\
}

struct lttng_metadata_file {
	struct lttng_session *session;
	size_t pos;
	u64 gen;		/* session->meta_gen that pos counts in */
};

static bool name_ok(const char *name, size_t size)
{
	return memchr(name, '\0', size) && name[0];
}

/* ------------------------------------------------------------------ */
/* Tracer fd                                                           */
/* ------------------------------------------------------------------ */

static int abi_create_session(void)
{
	struct lttng_session *s;
	int fd;

	mutex_lock(&lttng_sessions_mutex);
	s = lttng_session_create();
	if (!s) {
		fd = -ENOMEM;
		goto out;
	}
	fd = anon_inode_getfd("[lttng_session]", &lttng_session_fops, s,
			      O_RDWR);
	if (fd < 0)
		lttng_session_put(s);
out:
	mutex_unlock(&lttng_sessions_mutex);
	return fd;
}

static int abi_list_events(struct lttng_abi_event_list __user *uarg)
{
	struct lttng_abi_event_list l;
	char *kbuf = NULL;
	u32 count = 0, needed = 0;
	int ret;

	if (copy_from_user(&l, uarg, sizeof(l)))
		return -EFAULT;
	if (l.type != LTTNG_ABI_EV_TRACEPOINT && l.type != LTTNG_ABI_EV_SYSCALL)
		return -EINVAL;
	if (l.reserved || (l.flags & ~LTTNG_ABI_LIST_COMPAT) ||
	    (l.flags && l.type != LTTNG_ABI_EV_SYSCALL))
		return -EINVAL;
	mutex_lock(&lttng_sessions_mutex);
	/* first learn the size, then fill */
	if (l.type == LTTNG_ABI_EV_TRACEPOINT)
		ret = lttng_list_tracepoints(NULL, 0, &count, &needed);
	else
		ret = lttng_syscalls_list(l.flags & LTTNG_ABI_LIST_COMPAT,
					  NULL, 0, &count, &needed);
	if (ret && ret != -ENOSPC)
		goto out;
	if (l.len < needed) {
		ret = -ENOSPC;
		goto out;
	}
	if (needed) {
		kbuf = kvmalloc(needed, GFP_KERNEL);
		if (!kbuf) {
			ret = -ENOMEM;
			goto out;
		}
	}
	if (l.type == LTTNG_ABI_EV_TRACEPOINT)
		ret = lttng_list_tracepoints(kbuf, needed, &count, &needed);
	else
		ret = lttng_syscalls_list(l.flags & LTTNG_ABI_LIST_COMPAT,
					  kbuf, needed, &count, &needed);
out:
	mutex_unlock(&lttng_sessions_mutex);
	if (ret && ret != -ENOSPC)
		goto free;
	if (!ret && needed &&
	    copy_to_user(u64_to_user_ptr(l.buf), kbuf, needed)) {
		ret = -EFAULT;
		goto free;
	}
	l.count = count;
	l.needed = needed;
	if (copy_to_user(uarg, &l, sizeof(l)))
		ret = -EFAULT;
free:
	kvfree(kbuf);
	return ret;
}

static long lttng_tracer_ioctl(struct file *file, unsigned int cmd,
			       unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case LTTNG_IOC_VERSION: {
		struct lttng_abi_version v = {
			.abi_major = LTTNG_ABI_MAJOR,
			.abi_minor = LTTNG_ABI_MINOR,
			.tracer_major = LTTNG_TRACER_MAJOR,
			.tracer_minor = LTTNG_TRACER_MINOR,
			.tracer_patchlevel = LTTNG_TRACER_PATCHLEVEL,
		};

		return copy_to_user(uarg, &v, sizeof(v)) ? -EFAULT : 0;
	}
	case LTTNG_IOC_SESSION:
		return abi_create_session();
	case LTTNG_IOC_LIST_EVENTS:
		return abi_list_events(uarg);
	default:
		return -ENOTTY;
	}
}

const struct file_operations lttng_tracer_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = lttng_tracer_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

/* ------------------------------------------------------------------ */
/* Session fd                                                          */
/* ------------------------------------------------------------------ */

static int abi_create_channel(struct lttng_session *s,
			      const struct lttng_abi_channel *p)
{
	struct lttng_channel *chan;
	int fd;

	if (s->been_active)
		return -EBUSY;
	chan = lttng_channel_create(s, p);
	if (IS_ERR(chan))
		return PTR_ERR(chan);
	fd = anon_inode_getfd("[lttng_channel]", &lttng_channel_fops, chan,
			      O_RDWR);
	if (fd < 0)
		lttng_channel_put(chan);
	return fd;
}

static int abi_create_metadata(struct lttng_session *s)
{
	struct lttng_metadata_file *mf;
	int fd;

	if (s->meta_open)
		return -EBUSY;
	mf = kzalloc(sizeof(*mf), GFP_KERNEL);
	if (!mf)
		return -ENOMEM;
	mf->session = s;
	mf->gen = s->meta_gen;
	fd = anon_inode_getfd("[lttng_metadata]", &lttng_metadata_fops, mf,
			      O_RDONLY);
	if (fd < 0) {
		kfree(mf);
		return fd;
	}
	kref_get(&s->ref);
	s->meta_open = 1;
	return fd;
}

static long session_ioctl_locked(struct lttng_session *s, unsigned int cmd,
				 void __user *uarg)
{
	switch (cmd) {
	case LTTNG_SESSION_SET_NAME: {
		struct lttng_abi_session_name *n;
		int ret;

		n = memdup_user(uarg, sizeof(*n));
		if (IS_ERR(n))
			return PTR_ERR(n);
		ret = name_ok(n->name, sizeof(n->name)) ?
			lttng_session_set_name(s, n->name) : -EINVAL;
		kfree(n);
		return ret;
	}
	case LTTNG_SESSION_SET_CREATION_TIME: {
		struct lttng_abi_session_creation_time t;

		if (copy_from_user(&t, uarg, sizeof(t)))
			return -EFAULT;
		if (!name_ok(t.iso8601, sizeof(t.iso8601)))
			return -EINVAL;
		return lttng_session_set_creation_time(s, t.iso8601);
	}
	case LTTNG_SESSION_CHANNEL:
	case LTTNG_SESSION_METADATA: {
		struct lttng_abi_channel p;
		int ret;

		if (copy_from_user(&p, uarg, sizeof(p)))
			return -EFAULT;
		ret = lttng_abi_channel_check(&p);
		if (ret)
			return ret;
		if (cmd == LTTNG_SESSION_CHANNEL)
			return abi_create_channel(s, &p);
		return abi_create_metadata(s);
	}
	case LTTNG_SESSION_START:
		return lttng_session_start(s);
	case LTTNG_SESSION_STOP:
		return lttng_session_stop(s);
	case LTTNG_SESSION_QUIESCENT:
		lttng_session_flush(s);
		return 0;
	case LTTNG_SESSION_STATEDUMP:
		if (uarg)
			return -EINVAL;
		return lttng_session_statedump(s);
	case LTTNG_SESSION_METADATA_REGEN:
		if (uarg)
			return -EINVAL;
		return lttng_session_metadata_regen(s);
	case LTTNG_SESSION_STATUS: {
		struct lttng_abi_session_status st;

		lttng_session_status(s, &st);
		return copy_to_user(uarg, &st, sizeof(st)) ? -EFAULT : 0;
	}
	case LTTNG_SESSION_TRACK:
	case LTTNG_SESSION_UNTRACK: {
		struct lttng_abi_tracker t;

		if (copy_from_user(&t, uarg, sizeof(t)))
			return -EFAULT;
		return lttng_session_track(s, &t, cmd == LTTNG_SESSION_TRACK);
	}
	default:
		return -ENOTTY;
	}
}

DEFINE_LOCKED_FOPS(session, struct lttng_session, lttng_session_destroy);

/* ------------------------------------------------------------------ */
/* Channel fd                                                          */
/* ------------------------------------------------------------------ */

static int abi_create_stream(struct lttng_channel *chan)
{
	struct lttng_rb_buf *buf = NULL;
	unsigned int cpu;
	int fd;

	for (cpu = chan->next_stream_cpu; cpu < nr_cpu_ids; cpu++) {
		if (cpu_possible(cpu) && chan->rb.bufs[cpu]) {
			buf = chan->rb.bufs[cpu];
			break;
		}
	}
	if (!buf)
		return -ENOENT;
	fd = anon_inode_getfd("[lttng_stream]", &lttng_stream_fops, buf,
			      O_RDONLY);
	if (fd < 0)
		return fd;
	chan->next_stream_cpu = cpu + 1;
	kref_get(&chan->ref);
	return fd;
}

static int abi_create_event(struct lttng_channel *chan,
			    struct lttng_abi_event __user *uarg)
{
	struct lttng_abi_event *p;
	struct lttng_enabler *en;
	int ret;

	p = memdup_user(uarg, sizeof(*p));
	if (IS_ERR(p))
		return PTR_ERR(p);
	ret = lttng_event_check(p);
	if (ret)
		goto out;
	en = lttng_enabler_create(chan, p);
	if (IS_ERR(en)) {
		ret = PTR_ERR(en);
		goto out;
	}
	/* the enabler belongs to the channel; the fd only controls it */
	ret = anon_inode_getfd("[lttng_event]", &lttng_event_fops, en, O_RDWR);
	if (ret >= 0)
		kref_get(&chan->ref);
	else
		lttng_enabler_set_enabled(en, 0);
out:
	kfree(p);
	return ret;
}

static long channel_ioctl_locked(struct lttng_channel *chan, unsigned int cmd,
				 void __user *uarg)
{
	switch (cmd) {
	case LTTNG_CHANNEL_STREAM:
		return abi_create_stream(chan);
	case LTTNG_CHANNEL_EVENT:
		return abi_create_event(chan, uarg);
	case LTTNG_CHANNEL_CONTEXT: {
		struct lttng_abi_context c;

		if (copy_from_user(&c, uarg, sizeof(c)))
			return -EFAULT;
		return lttng_channel_add_context(chan, &c);
	}
	case LTTNG_CHANNEL_ENABLE:
		WRITE_ONCE(chan->enabled, 1);
		return 0;
	case LTTNG_CHANNEL_DISABLE:
		WRITE_ONCE(chan->enabled, 0);
		return 0;
	default:
		return -ENOTTY;
	}
}

DEFINE_LOCKED_FOPS(channel, struct lttng_channel, lttng_channel_put);

/* ------------------------------------------------------------------ */
/* Event (enabler) fd                                                  */
/* ------------------------------------------------------------------ */

static long event_ioctl_locked(struct lttng_enabler *en, unsigned int cmd,
			       void __user *uarg)
{
	switch (cmd) {
	case LTTNG_EVENT_ENABLE:
		return lttng_enabler_set_enabled(en, 1);
	case LTTNG_EVENT_DISABLE:
		return lttng_enabler_set_enabled(en, 0);
	case LTTNG_EVENT_FILTER: {
		struct lttng_abi_filter f;

		if (copy_from_user(&f, uarg, sizeof(f)))
			return -EFAULT;
		if (f.reserved || !f.len || f.len > LTTNG_FILTER_MAX_LEN ||
		    !f.bytecode)
			return -EINVAL;
		return lttng_enabler_set_filter(en, u64_to_user_ptr(f.bytecode),
						f.len);
	}
	default:
		return -ENOTTY;
	}
}

/* An event fd holds a reference on its channel. */
static void lttng_event_fd_put(struct lttng_enabler *en)
{
	lttng_channel_put(en->chan);
}

DEFINE_LOCKED_FOPS(event, struct lttng_enabler, lttng_event_fd_put);

/* ------------------------------------------------------------------ */
/* Stream fd                                                           */
/* ------------------------------------------------------------------ */

static struct lttng_channel *buf_chan(struct lttng_rb_buf *buf)
{
	return container_of(buf->rc, struct lttng_channel, rb);
}

static long lttng_stream_ioctl(struct file *file, unsigned int cmd,
			       unsigned long arg)
{
	struct lttng_rb_buf *buf = file->private_data;
	void __user *uarg = (void __user *)arg;
	int ret;

	switch (cmd) {
	case LTTNG_STREAM_GET_NEXT_SUBBUF: {
		struct lttng_abi_subbuf sb;

		ret = lttng_rb_get_subbuf(buf, &sb);
		if (ret)
			return ret;
		if (copy_to_user(uarg, &sb, sizeof(sb))) {
			/* give it back: the caller did not learn about it */
			lttng_rb_unget_subbuf(buf);
			return -EFAULT;
		}
		return 0;
	}
	case LTTNG_STREAM_PUT_NEXT_SUBBUF:
		return lttng_rb_put_subbuf(buf);
	case LTTNG_STREAM_GET_MMAP_LEN: {
		u64 len = PAGE_ALIGN(buf->rc->map_size);

		return copy_to_user(uarg, &len, sizeof(len)) ? -EFAULT : 0;
	}
	case LTTNG_STREAM_FLUSH:
		lttng_rb_flush(buf);
		return 0;
	case LTTNG_STREAM_FLUSH_EMPTY:
		lttng_rb_flush_empty(buf);
		return 0;
	case LTTNG_STREAM_CLEAR:
		if (arg)
			return -EINVAL;
		return lttng_rb_clear(buf);
	case LTTNG_STREAM_INFO: {
		struct lttng_abi_stream_info i;

		lttng_rb_info(buf, &i);
		return copy_to_user(uarg, &i, sizeof(i)) ? -EFAULT : 0;
	}
	case LTTNG_STREAM_SNAPSHOT_SAMPLE: {
		struct lttng_abi_snapshot_pos pos;

		lttng_rb_snapshot_sample(buf, &pos);
		return copy_to_user(uarg, &pos, sizeof(pos)) ? -EFAULT : 0;
	}
	case LTTNG_STREAM_SNAPSHOT_GET_SUBBUF: {
		struct lttng_abi_snapshot_subbuf s;

		if (copy_from_user(&s, uarg, sizeof(s)))
			return -EFAULT;
		ret = lttng_rb_snapshot_get(buf, s.pos, &s.sb);
		if (ret)
			return ret;
		if (copy_to_user(uarg, &s, sizeof(s))) {
			lttng_rb_snapshot_put(buf);
			return -EFAULT;
		}
		return 0;
	}
	case LTTNG_STREAM_SNAPSHOT_PUT_SUBBUF:
		return lttng_rb_snapshot_put(buf);
	case LTTNG_STREAM_GET_TIMESTAMP: {
		u64 ts = lttng_rb_timestamp(buf);

		return copy_to_user(uarg, &ts, sizeof(ts)) ? -EFAULT : 0;
	}
	default:
		return -ENOTTY;
	}
}

static __poll_t lttng_stream_poll(struct file *file, poll_table *wait)
{
	return lttng_rb_poll(file->private_data, file, wait);
}

static int lttng_stream_mmap(struct file *file, struct vm_area_struct *vma)
{
	return lttng_rb_mmap(file->private_data, vma);
}

static int lttng_stream_release(struct inode *inode, struct file *file)
{
	struct lttng_rb_buf *buf = file->private_data;

	lttng_rb_release_reader(buf);
	mutex_lock(&lttng_sessions_mutex);
	lttng_channel_put(buf_chan(buf));
	mutex_unlock(&lttng_sessions_mutex);
	return 0;
}

static const struct file_operations lttng_stream_fops = {
	.owner = THIS_MODULE,
	.release = lttng_stream_release,
	.unlocked_ioctl = lttng_stream_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.poll = lttng_stream_poll,
	.mmap = lttng_stream_mmap,
	.llseek = noop_llseek,
};

/* ------------------------------------------------------------------ */
/* Metadata fd                                                         */
/* ------------------------------------------------------------------ */

static ssize_t lttng_metadata_read(struct file *file, char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct lttng_metadata_file *mf = file->private_data;
	struct lttng_session *s = mf->session;
	ssize_t ret;
	size_t n;

	mutex_lock(&lttng_sessions_mutex);
	if (mf->gen != s->meta_gen) {	/* regenerated: from the start */
		mf->gen = s->meta_gen;
		mf->pos = 0;
	}
	n = min(count, s->meta_len - mf->pos);
	if (n && copy_to_user(ubuf, s->meta + mf->pos, n)) {
		ret = -EFAULT;
	} else {
		mf->pos += n;
		ret = n;
	}
	mutex_unlock(&lttng_sessions_mutex);
	return ret;
}

static __poll_t lttng_metadata_poll(struct file *file, poll_table *wait)
{
	struct lttng_metadata_file *mf = file->private_data;
	struct lttng_session *s = mf->session;
	__poll_t mask = 0;

	poll_wait(file, &s->meta_wait, wait);
	mutex_lock(&lttng_sessions_mutex);
	if (mf->pos < s->meta_len || mf->gen != s->meta_gen)
		mask = EPOLLIN | EPOLLRDNORM;
	else if (s->destroyed)
		mask = EPOLLHUP;
	mutex_unlock(&lttng_sessions_mutex);
	return mask;
}

static long lttng_metadata_ioctl(struct file *file, unsigned int cmd,
				 unsigned long arg)
{
	struct lttng_metadata_file *mf = file->private_data;
	u64 v;

	switch (cmd) {
	case LTTNG_METADATA_GET_VERSION:
		mutex_lock(&lttng_sessions_mutex);
		v = mf->session->meta_version;
		mutex_unlock(&lttng_sessions_mutex);
		return copy_to_user((void __user *)arg, &v, sizeof(v)) ?
			-EFAULT : 0;
	default:
		return -ENOTTY;
	}
}

static int lttng_metadata_release(struct inode *inode, struct file *file)
{
	struct lttng_metadata_file *mf = file->private_data;

	mutex_lock(&lttng_sessions_mutex);
	mf->session->meta_open = 0;
	lttng_session_put(mf->session);
	mutex_unlock(&lttng_sessions_mutex);
	kfree(mf);
	return 0;
}

static const struct file_operations lttng_metadata_fops = {
	.owner = THIS_MODULE,
	.release = lttng_metadata_release,
	.read = lttng_metadata_read,
	.poll = lttng_metadata_poll,
	.unlocked_ioctl = lttng_metadata_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};
