// SPDX-License-Identifier: GPL-2.0-only
/*
 * statedump.c - the state of the system at session start.
 *
 * When a session starts, the core calls lttng_statedump_session(), which
 * emits into that session only (its channels that have the events
 * enabled):
 *
 *   lttng_statedump_start
 *   lttng_statedump_process_state      one per thread
 *   lttng_statedump_file_descriptor    one per open fd of each process
 *   lttng_statedump_interrupt          one per action of each interrupt
 *   lttng_statedump_network_interface  one per IPv4 address of each
 *                                      interface up, one per interface down
 *   lttng_statedump_block_device       one per disk and partition
 *   lttng_statedump_cpu_topology       one per online CPU
 *   lttng_statedump_end
 *
 * so that a trace is readable without having seen the past (who is who,
 * which fd is which file, which device number is which disk: what
 * lttng-analyses and Trace Compass name things with).
 *
 * Only exported interfaces are used, as LTTng's unexported ones
 * (irq_to_desc, block_class, disk_type) are out of a module's reach:
 *  - interrupts: every number below nr_irqs through irq_get_irq_data(),
 *    whose descriptor is then locked to walk its actions (descriptors are
 *    freed after an RCU grace period: the lookup is under rcu_read_lock());
 *  - network interfaces: for_each_netdev_rcu() on init_net (as LTTng);
 *  - block devices: sysfs's /sys/class/block, read from a private kernel
 *    mount of sysfs (so the daemon's mount namespace does not matter):
 *    each entry's "dev" and "size", skipping empty and hidden devices as
 *    LTTng does; the entry names are the kernel's disk names ("vda1").  The events are described in
 * probes/statedump.h (kind LTTNG_DESC_TEST): the core creates them
 * from the session's enablers like tracepoint events, keeps them per
 * description, and this file finds the session's ones with
 * lttng_desc_for_each_event() then calls their generated probes directly.
 *
 * Runs in process context with lttng_sessions_mutex held.  Walking the
 * tasks happens under rcu_read_lock(); the file tables under task_lock()
 * and the files_struct lock (iterate_fd()), d_path() into a page
 * allocated beforehand, a bounded batch of fds at a time with a
 * cond_resched() between batches and between processes (huge fd tables
 * neither stall RCU nor lock up a CPU).
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/pid_namespace.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/dcache.h>
#include <linux/cpu.h>
#include <linux/topology.h>
#include <linux/irq.h>
#include <linux/irqdesc.h>
#include <linux/interrupt.h>
#include <linux/netdevice.h>
#include <linux/inetdevice.h>
#include <linux/mount.h>
#include <linux/kdev_t.h>
#include <net/net_namespace.h>
#include <asm/processor.h>
#include "tracer.h"
#include "sources.h"

/* The values of a thread recorded by lttng_statedump_process_state. */
struct lttng_sd_task {
	pid_t vtid, vpid, ppid, vppid;
	char comm[TASK_COMM_LEN];
	int type, mode, submode, status, cpu;
	unsigned int ns_inum;
};

enum {
	LTTNG_SD_USER_THREAD = 0,
	LTTNG_SD_KERNEL_THREAD = 1,
	LTTNG_SD_MODE_UNKNOWN = 5,
	LTTNG_SD_SUBMODE_UNKNOWN = 1,
	LTTNG_SD_UNNAMED = 0,
	LTTNG_SD_EXIT = 3,
	LTTNG_SD_ZOMBIE = 4,
	LTTNG_SD_WAIT = 5,
	LTTNG_SD_RUN = 6,
	LTTNG_SD_DEAD = 7,
};

#define LTTNG_PROVIDER		statedump
#define LTTNG_EVENTS_FILE	"statedump.h"
#include "probes/define_event.h"

/* ------------------------------------------------------------------ */
/* The session's statedump events                                     */
/* ------------------------------------------------------------------ */

enum {
	LTTNG_SD_START,
	LTTNG_SD_END,
	LTTNG_SD_PROCESS,
	LTTNG_SD_FD,
	LTTNG_SD_CPU,
	LTTNG_SD_IRQ,
	LTTNG_SD_BLOCK,
	LTTNG_SD_NET,
	LTTNG_SD_NR,
};

static const struct lttng_event_desc * const lttng_sd_descs[LTTNG_SD_NR] = {
	[LTTNG_SD_START] = &__lttng_desc_lttng_statedump_start,
	[LTTNG_SD_END] = &__lttng_desc_lttng_statedump_end,
	[LTTNG_SD_PROCESS] = &__lttng_desc_lttng_statedump_process_state,
	[LTTNG_SD_FD] = &__lttng_desc_lttng_statedump_file_descriptor,
	[LTTNG_SD_CPU] = &__lttng_desc_lttng_statedump_cpu_topology,
	[LTTNG_SD_IRQ] = &__lttng_desc_lttng_statedump_interrupt,
	[LTTNG_SD_BLOCK] = &__lttng_desc_lttng_statedump_block_device,
	[LTTNG_SD_NET] = &__lttng_desc_lttng_statedump_network_interface,
};

/* One event per channel having it; more channels than this are ignored. */
#define LTTNG_SD_MAX_CHANNELS	16

struct lttng_sd {
	struct lttng_session *session;
	unsigned int nr[LTTNG_SD_NR];
	struct lttng_event *ev[LTTNG_SD_NR][LTTNG_SD_MAX_CHANNELS];
	unsigned int collecting;	/* index being collected */
	char *page;			/* d_path() buffer */
	pid_t pid;			/* process whose fds are dumped */
	unsigned int next_fd;		/* where the next batch starts */
	unsigned int batch;		/* fds dumped in this batch */
};

static void lttng_sd_collect(struct lttng_event *ev, void *arg)
{
	struct lttng_sd *sd = arg;
	unsigned int i = sd->collecting;

	if (lttng_channel_session(ev->chan) != sd->session)
		return;
	if (sd->nr[i] == LTTNG_SD_MAX_CHANNELS) {
		pr_warn_once("lttng: statedump: too many channels\n");
		return;
	}
	sd->ev[i][sd->nr[i]++] = ev;
}

#define lttng_sd_for_each(_sd, _i, _ev, _k)				\
	for ((_k) = 0; (_k) < (_sd)->nr[_i] && ((_ev) = (_sd)->ev[_i][_k]); (_k)++)

/* ------------------------------------------------------------------ */
/* Threads                                                             */
/* ------------------------------------------------------------------ */

static int lttng_sd_status(struct task_struct *p)
{
	unsigned int state = READ_ONCE(p->__state);
	int exit_state = READ_ONCE(p->exit_state);

	if (exit_state == EXIT_ZOMBIE)
		return LTTNG_SD_ZOMBIE;
	if (exit_state == EXIT_DEAD)
		return LTTNG_SD_DEAD;
	if (p->flags & PF_EXITING)
		return LTTNG_SD_EXIT;
	if (state == TASK_RUNNING)
		return LTTNG_SD_RUN;
	if (state & (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE))
		return LTTNG_SD_WAIT;
	return LTTNG_SD_UNNAMED;
}

/* Called under rcu_read_lock(). */
static void lttng_sd_fill_task(struct task_struct *p, struct lttng_sd_task *t)
{
	struct pid_namespace *ns = task_active_pid_ns(p);
	struct task_struct *parent = rcu_dereference(p->real_parent);

	t->vtid = ns ? task_pid_nr_ns(p, ns) : 0;
	t->vpid = ns ? task_tgid_nr_ns(p, ns) : 0;
	t->ppid = parent ? parent->tgid : 0;
	t->vppid = parent && ns ? task_tgid_nr_ns(parent, ns) : 0;
	get_task_comm(t->comm, p);
	t->type = (p->flags & PF_KTHREAD) ? LTTNG_SD_KERNEL_THREAD :
					     LTTNG_SD_USER_THREAD;
	t->mode = LTTNG_SD_MODE_UNKNOWN;
	t->submode = LTTNG_SD_SUBMODE_UNKNOWN;
	t->status = lttng_sd_status(p);
	t->cpu = task_cpu(p);
	t->ns_inum = ns ? ns->ns.inum : 0;
}

static void lttng_sd_threads(struct lttng_sd *sd)
{
	struct task_struct *g, *p;
	struct lttng_sd_task t;
	struct lttng_event *ev;
	unsigned int k;

	if (!sd->nr[LTTNG_SD_PROCESS])
		return;
	rcu_read_lock();
	for_each_process_thread(g, p) {
		lttng_sd_fill_task(p, &t);
		lttng_sd_for_each(sd, LTTNG_SD_PROCESS, ev, k)
			__lttng_probe_lttng_statedump_process_state(ev, p, &t);
	}
	rcu_read_unlock();
}

/* ------------------------------------------------------------------ */
/* File descriptors                                                    */
/* ------------------------------------------------------------------ */

/* File descriptors dumped per hold of a files_struct lock. */
#define LTTNG_SD_FD_BATCH	256

/* iterate_fd() callback, under the files_struct lock. */
static int lttng_sd_one_fd(const void *arg, struct file *file, unsigned int fd)
{
	struct lttng_sd *sd = (struct lttng_sd *)arg;
	struct lttng_event *ev;
	const char *name;
	unsigned int k;

	name = d_path(&file->f_path, sd->page, PAGE_SIZE);
	if (IS_ERR(name))
		name = "";
	lttng_sd_for_each(sd, LTTNG_SD_FD, ev, k)
		__lttng_probe_lttng_statedump_file_descriptor(ev, sd->pid, fd,
							      file, name);
	sd->next_fd = fd + 1;
	return ++sd->batch == LTTNG_SD_FD_BATCH;	/* non-zero: stop */
}

/*
 * The fds of one process, LTTNG_SD_FD_BATCH at a time: between batches
 * the locks are dropped and the CPU yielded, so a process holding
 * millions of fds delays the session start but stalls nothing.
 */
static void lttng_sd_task_fds(struct lttng_sd *sd, struct task_struct *p)
{
	int more;

	sd->pid = p->tgid;
	sd->next_fd = 0;
	do {
		sd->batch = 0;
		task_lock(p);
		more = p->files ? iterate_fd(p->files, sd->next_fd,
					     lttng_sd_one_fd, sd) : 0;
		task_unlock(p);
		cond_resched();
	} while (more);
}

/*
 * Every process, in pid order: the task list cannot be walked across a
 * sleep, the pid numbers can.
 */
static void lttng_sd_fds(struct lttng_sd *sd)
{
	struct task_struct *p;
	struct pid *pid;
	int nr = 1;

	if (!sd->nr[LTTNG_SD_FD] || !sd->page)
		return;
	for (;;) {
		rcu_read_lock();
		pid = find_ge_pid(nr, &init_pid_ns);
		if (!pid) {
			rcu_read_unlock();
			break;
		}
		nr = pid_nr(pid) + 1;
		p = pid_task(pid, PIDTYPE_TGID);
		if (p)
			get_task_struct(p);
		rcu_read_unlock();
		if (!p)
			continue;
		lttng_sd_task_fds(sd, p);
		put_task_struct(p);
	}
}

/* ------------------------------------------------------------------ */
/* CPUs                                                                */
/* ------------------------------------------------------------------ */

static void lttng_sd_cpus(struct lttng_sd *sd)
{
	struct lttng_event *ev;
	unsigned int cpu, k;

	cpus_read_lock();
	for_each_online_cpu(cpu)
		lttng_sd_for_each(sd, LTTNG_SD_CPU, ev, k)
			__lttng_probe_lttng_statedump_cpu_topology(ev, cpu,
								   &cpu_data(cpu));
	cpus_read_unlock();
}

/* ------------------------------------------------------------------ */
/* Interrupts                                                          */
/* ------------------------------------------------------------------ */

static void lttng_sd_interrupts(struct lttng_sd *sd)
{
	unsigned int irq;

	if (!sd->nr[LTTNG_SD_IRQ])
		return;
	for (irq = 0; irq < nr_irqs; irq++) {
		const struct irqaction *action;
		struct irq_data *data;
		struct irq_desc *desc;
		struct irq_chip *chip;
		struct lttng_event *ev;
		unsigned long flags;
		const char *name;
		unsigned int k;

		rcu_read_lock();
		data = irq_get_irq_data(irq);
		if (!data) {
			rcu_read_unlock();
			continue;
		}
		desc = irq_data_to_desc(data);
		raw_spin_lock_irqsave(&desc->lock, flags);
		chip = irq_desc_get_chip(desc);
		name = chip && chip->name ? chip->name : "unnamed_irq_chip";
		for (action = desc->action; action; action = action->next)
			lttng_sd_for_each(sd, LTTNG_SD_IRQ, ev, k)
				__lttng_probe_lttng_statedump_interrupt(ev, irq,
									name, action);
		raw_spin_unlock_irqrestore(&desc->lock, flags);
		rcu_read_unlock();
		cond_resched();
	}
}

/* ------------------------------------------------------------------ */
/* Network interfaces                                                  */
/* ------------------------------------------------------------------ */

static void lttng_sd_net(struct lttng_sd *sd)
{
	struct net_device *dev;
	struct lttng_event *ev;
	unsigned int k;

	if (!sd->nr[LTTNG_SD_NET])
		return;
	rcu_read_lock();
	for_each_netdev_rcu(&init_net, dev) {
		struct in_device *in_dev;
		struct in_ifaddr *ifa;

		if (!(dev->flags & IFF_UP)) {
			lttng_sd_for_each(sd, LTTNG_SD_NET, ev, k)
				__lttng_probe_lttng_statedump_network_interface(ev,
									dev, NULL);
			continue;
		}
		in_dev = __in_dev_get_rcu(dev);
		if (!in_dev)
			continue;
		in_dev_for_each_ifa_rcu(ifa, in_dev)
			lttng_sd_for_each(sd, LTTNG_SD_NET, ev, k)
				__lttng_probe_lttng_statedump_network_interface(ev,
									dev, ifa);
	}
	rcu_read_unlock();
}

/* ------------------------------------------------------------------ */
/* Block devices                                                       */
/* ------------------------------------------------------------------ */

#define LTTNG_SD_NAMES_MAX	(64 * 1024)	/* bytes of device names */

struct lttng_sd_names {
	struct dir_context ctx;
	char *buf;
	size_t len;
};

static bool lttng_sd_name_one(struct dir_context *ctx, const char *name,
			      int namlen, loff_t off, u64 ino, unsigned int type)
{
	struct lttng_sd_names *n = container_of(ctx, struct lttng_sd_names, ctx);

	if (name[0] == '.' || namlen >= 64)
		return true;
	if (n->len + namlen + 1 > LTTNG_SD_NAMES_MAX)
		return false;		/* that many devices: the rest is lost */
	memcpy(n->buf + n->len, name, namlen);
	n->buf[n->len + namlen] = '\0';
	n->len += namlen + 1;
	return true;
}

/* The first line of class/block/<dev>/<attr> in buf, or "" on error. */
static void lttng_sd_read_attr(struct vfsmount *mnt, const char *dev,
			       const char *attr, char *buf, size_t size)
{
	char path[128];
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "class/block/%s/%s", dev, attr);
	f = file_open_root_mnt(mnt, path, O_RDONLY, 0);
	if (IS_ERR(f))
		return;
	n = kernel_read(f, buf, size - 1, &pos);
	fput(f);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

static void lttng_sd_block(struct lttng_sd *sd)
{
	struct lttng_sd_names names = { .ctx.actor = lttng_sd_name_one };
	struct file_system_type *fst;
	struct vfsmount *mnt;
	struct file *dir;
	char *name;

	if (!sd->nr[LTTNG_SD_BLOCK])
		return;
	fst = get_fs_type("sysfs");
	if (!fst)
		return;
	mnt = vfs_kern_mount(fst, SB_KERNMOUNT | SB_RDONLY, "sysfs", NULL);
	module_put(fst->owner);
	if (IS_ERR(mnt))
		return;
	names.buf = kvmalloc(LTTNG_SD_NAMES_MAX, GFP_KERNEL);
	dir = file_open_root_mnt(mnt, "class/block", O_RDONLY | O_DIRECTORY, 0);
	if (!names.buf || IS_ERR(dir))
		goto out;
	iterate_dir(dir, &names.ctx);
	fput(dir);
	for (name = names.buf; name < names.buf + names.len;
	     name += strlen(name) + 1) {
		unsigned int major, minor, k;
		struct lttng_event *ev;
		unsigned long long size;
		char val[32];

		lttng_sd_read_attr(mnt, name, "size", val, sizeof(val));
		if (kstrtoull(val, 10, &size) || !size)
			continue;
		lttng_sd_read_attr(mnt, name, "hidden", val, sizeof(val));
		if (val[0] == '1')
			continue;
		lttng_sd_read_attr(mnt, name, "dev", val, sizeof(val));
		if (sscanf(val, "%u:%u", &major, &minor) != 2)
			continue;
		rcu_read_lock_sched();	/* what probes run under */
		lttng_sd_for_each(sd, LTTNG_SD_BLOCK, ev, k)
			__lttng_probe_lttng_statedump_block_device(ev,
							MKDEV(major, minor), name);
		rcu_read_unlock_sched();
	}
out:
	kvfree(names.buf);
	kern_unmount(mnt);
}

/* ------------------------------------------------------------------ */

int lttng_statedump_session(struct lttng_session *session)
{
	struct lttng_event *ev;
	struct lttng_sd *sd;
	unsigned int i, k, total = 0;

	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd)
		return -ENOMEM;	/* the trace then lacks the statedump */
	sd->session = session;
	for (i = 0; i < LTTNG_SD_NR; i++) {
		sd->collecting = i;
		lttng_desc_for_each_event(lttng_sd_descs[i], lttng_sd_collect, sd);
		total += sd->nr[i];
	}
	if (!total)
		goto out;
	if (sd->nr[LTTNG_SD_FD])
		sd->page = (char *)__get_free_page(GFP_KERNEL);

	lttng_sd_for_each(sd, LTTNG_SD_START, ev, k)
		__lttng_probe_lttng_statedump_mark(ev, session);
	lttng_sd_threads(sd);
	lttng_sd_fds(sd);
	lttng_sd_interrupts(sd);
	lttng_sd_net(sd);
	lttng_sd_block(sd);
	lttng_sd_cpus(sd);
	lttng_sd_for_each(sd, LTTNG_SD_END, ev, k)
		__lttng_probe_lttng_statedump_mark(ev, session);

	if (sd->page)
		free_page((unsigned long)sd->page);
out:
	kfree(sd);
	return 0;
}
