/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * statedump.h - the lttng_statedump_* events (descriptions, see
 * define_event.h), emitted by statedump.c into one session when it starts.
 * Kind LTTNG_DESC_TEST: the core matches, lists and keeps them (no kernel
 * tracepoint) and statedump.c finds them with lttng_desc_for_each_event().
 * LTTNG_SD_INSTANCE(class, name) is such an event; LTTNG_SD_EVENT(name,
 * proto, args, fields) one with a class of its own.
 */

#define LTTNG_SD_INSTANCE(_class, _name)				\
	LTTNG_EVENT_INSTANCE_KIND(_class, _name, LTTNG_DESC_TEST, -1)
#define LTTNG_SD_EVENT(_name, _proto, _args, _fields)			\
	LTTNG_EVENT_CLASS(_name, __LTTNG_PARAMS(_proto),		\
			  __LTTNG_PARAMS(_args), __LTTNG_PARAMS(_fields)) \
	LTTNG_SD_INSTANCE(_name, _name)

LTTNG_ENUM(lttng_sd_thread_type,
	{ "USER_THREAD", 0, 0 },
	{ "KERNEL_THREAD", 1, 1 },
)
LTTNG_ENUM(lttng_sd_execution_mode,
	{ "USER_MODE", 0, 0 },
	{ "SYSCALL", 1, 1 },
	{ "TRAP", 2, 2 },
	{ "IRQ", 3, 3 },
	{ "SOFTIRQ", 4, 4 },
	{ "MODE_UNKNOWN", 5, 5 },
)
LTTNG_ENUM(lttng_sd_execution_submode,
	{ "NONE", 0, 0 },
	{ "UNKNOWN", 1, 1 },
)
LTTNG_ENUM(lttng_sd_process_status,
	{ "UNNAMED", 0, 0 },
	{ "WAIT_FORK", 1, 1 },
	{ "WAIT_CPU", 2, 2 },
	{ "EXIT", 3, 3 },
	{ "ZOMBIE", 4, 4 },
	{ "WAIT", 5, 5 },
	{ "RUN", 6, 6 },
	{ "DEAD", 7, 7 },
)

LTTNG_EVENT_CLASS(lttng_statedump_mark,
	LTTNG_PROTO(struct lttng_session *session),
	LTTNG_ARGS(session),
	LTTNG_FIELDS()
)
LTTNG_SD_INSTANCE(lttng_statedump_mark, lttng_statedump_start)
LTTNG_SD_INSTANCE(lttng_statedump_mark, lttng_statedump_end)

LTTNG_SD_EVENT(lttng_statedump_process_state,
	LTTNG_PROTO(struct task_struct *p, struct lttng_sd_task *t),
	LTTNG_ARGS(p, t),
	LTTNG_FIELDS(
		f_integer(pid_t, tid, p->pid)
		f_integer(pid_t, vtid, t->vtid)
		f_integer(pid_t, pid, p->tgid)
		f_integer(pid_t, vpid, t->vpid)
		f_integer(pid_t, ppid, t->ppid)
		f_integer(pid_t, vppid, t->vppid)
		f_array_text(name, t->comm, TASK_COMM_LEN)
		f_enum(lttng_sd_thread_type, int, type, t->type)
		f_enum(lttng_sd_execution_mode, int, mode, t->mode)
		f_enum(lttng_sd_execution_submode, int, submode, t->submode)
		f_enum(lttng_sd_process_status, int, status, t->status)
		f_integer(int, cpu, t->cpu)
		f_integer(unsigned int, ns_inum, t->ns_inum)
	)
)

LTTNG_SD_EVENT(lttng_statedump_file_descriptor,
	LTTNG_PROTO(pid_t pid, unsigned int fd, const struct file *file,
		    const char *filename),
	LTTNG_ARGS(pid, fd, file, filename),
	LTTNG_FIELDS(
		f_integer(pid_t, pid, pid)
		f_integer(int, fd, fd)
		f_integer_hex(unsigned int, flags, file->f_flags)
		f_integer_hex(unsigned int, fmode, (__force unsigned int)file->f_mode)
		f_string(filename, filename)
	)
)

LTTNG_SD_EVENT(lttng_statedump_cpu_topology,
	LTTNG_PROTO(unsigned int cpu, struct cpuinfo_x86 *c),
	LTTNG_ARGS(cpu, c),
	LTTNG_FIELDS(
		f_string(architecture, "x86")
		f_integer(u16, cpu_id, cpu)
		f_string(vendor, c->x86_vendor_id[0] ? c->x86_vendor_id : "unknown")
		f_integer(u8, family, c->x86)
		f_integer(u8, model, c->x86_model)
		f_string(model_name, c->x86_model_id[0] ? c->x86_model_id : "unknown")
		f_integer(u16, physical_id, topology_physical_package_id(cpu))
		f_integer(u16, core_id, topology_core_id(cpu))
		f_integer(u16, cores, c->booted_cores)
	)
)

/* One per action of each interrupt: its number, its chip, its handler's
 * name and the thread of a threaded handler (0 if none). */
LTTNG_SD_EVENT(lttng_statedump_interrupt,
	LTTNG_PROTO(unsigned int irq, const char *chip_name,
		    const struct irqaction *action),
	LTTNG_ARGS(irq, chip_name, action),
	LTTNG_FIELDS(
		f_integer(unsigned int, irq, irq)
		f_string(name, chip_name)
		f_string(action, action->name ? action->name : "")
		f_integer(pid_t, tid, action->thread ? action->thread->pid : 0)
	)
)

/* One per disk and partition: its device number and name ("vda1"), which
 * the block events only give as numbers. */
LTTNG_SD_EVENT(lttng_statedump_block_device,
	LTTNG_PROTO(dev_t dev, const char *diskname),
	LTTNG_ARGS(dev, diskname),
	LTTNG_FIELDS(
		f_integer(dev_t, dev, dev)
		f_string(diskname, diskname)
	)
)

/* One per IPv4 address of each interface that is up, one with address 0
 * for each interface that is down (LTTng's rule). */
LTTNG_SD_EVENT(lttng_statedump_network_interface,
	LTTNG_PROTO(const struct net_device *dev, const struct in_ifaddr *ifa),
	LTTNG_ARGS(dev, ifa),
	LTTNG_FIELDS(
		f_string(name, dev->name)
		f_integer_network_hex(u32, address_ipv4,
				      ifa ? (__force u32)ifa->ifa_address : 0U)
	)
)
