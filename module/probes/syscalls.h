/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * syscalls.h - syscall events with named, typed arguments (descriptions,
 * see define_event.h).  Every other syscall of the generated table
 * (syscall_table.h) is recorded with raw unsigned long arguments.
 *
 * An entry event's probe receives the six argument registers (args[]);
 * LTTNG_SC_ENTRY(name, fields) describes syscall_entry_<name> for syscall
 * number __NR_<name>; LTTNG_SC_ENTRY_NR(name, nr, fields) where the entry
 * point's name (the event's, as LTTng names it: newstat) is not unistd's
 * (__NR_stat).  Syscalls whose entry fields are the same (read and write,
 * the ones without arguments...) share one class, as lttng-modules'
 * syscalls_noargs: LTTNG_SC_CLASS(class, fields), then
 * LTTNG_SC_INSTANCE(class, name) or LTTNG_SC_INSTANCE_NR(class, name, nr)
 * for each.  Exit events all have one field, ret.
 */

#define LTTNG_SC_CLASS(_class, _fields)					\
	LTTNG_EVENT_CLASS(syscall_entry_##_class,			\
		LTTNG_PROTO(const unsigned long *args),			\
		LTTNG_ARGS(args),					\
		__LTTNG_PARAMS(_fields))

#define LTTNG_SC_INSTANCE_NR(_class, _name, _nr)			\
	LTTNG_EVENT_INSTANCE_KIND(syscall_entry_##_class,		\
		syscall_entry_##_name, LTTNG_DESC_SYSCALL_ENTRY, _nr)

#define LTTNG_SC_INSTANCE(_class, _name)				\
	LTTNG_SC_INSTANCE_NR(_class, _name, __NR_##_name)

#define LTTNG_SC_ENTRY(_name, _fields)					\
	LTTNG_SC_CLASS(_name, __LTTNG_PARAMS(_fields))			\
	LTTNG_SC_INSTANCE(_name, _name)

#define LTTNG_SC_ENTRY_NR(_name, _nr, _fields)				\
	LTTNG_SC_CLASS(_name, __LTTNG_PARAMS(_fields))			\
	LTTNG_SC_INSTANCE_NR(_name, _name, _nr)

#define LTTNG_SC_FD(_n, _i)	f_integer(unsigned int, _n, args[_i])
#define LTTNG_SC_INT(_n, _i)	f_integer(int, _n, args[_i])
#define LTTNG_SC_ULONG(_n, _i)	f_integer(unsigned long, _n, args[_i])
#define LTTNG_SC_PTR(_n, _i)	f_integer_hex(unsigned long, _n, args[_i])
#define LTTNG_SC_PATH(_n, _i)	f_user_string(_n, (const char __user *)args[_i])

LTTNG_EVENT_CLASS(syscall_exit,
	LTTNG_PROTO(long ret),
	LTTNG_ARGS(ret),
	LTTNG_FIELDS(
		f_integer(long, ret, ret)
	)
)

LTTNG_SC_CLASS(rw, LTTNG_FIELDS(LTTNG_SC_FD(fd, 0) LTTNG_SC_PTR(buf, 1)
				f_integer(size_t, count, args[2])))
LTTNG_SC_INSTANCE(rw, read)
LTTNG_SC_INSTANCE(rw, write)
LTTNG_SC_CLASS(prw, LTTNG_FIELDS(LTTNG_SC_FD(fd, 0) LTTNG_SC_PTR(buf, 1)
				 f_integer(size_t, count, args[2])
				 f_integer(loff_t, pos, args[3])))
LTTNG_SC_INSTANCE(prw, pread64)
LTTNG_SC_INSTANCE(prw, pwrite64)
LTTNG_SC_ENTRY(open, LTTNG_FIELDS(LTTNG_SC_PATH(filename, 0)
				  LTTNG_SC_INT(flags, 1)
				  f_integer(umode_t, mode, args[2])))
LTTNG_SC_ENTRY(openat, LTTNG_FIELDS(LTTNG_SC_INT(dfd, 0)
				    LTTNG_SC_PATH(filename, 1)
				    LTTNG_SC_INT(flags, 2)
				    f_integer(umode_t, mode, args[3])))
LTTNG_SC_ENTRY(close, LTTNG_FIELDS(LTTNG_SC_FD(fd, 0)))
LTTNG_SC_ENTRY(lseek, LTTNG_FIELDS(LTTNG_SC_FD(fd, 0)
				   f_integer(off_t, offset, args[1])
				   f_integer(unsigned int, whence, args[2])))
LTTNG_SC_ENTRY(dup, LTTNG_FIELDS(LTTNG_SC_FD(fildes, 0)))
LTTNG_SC_ENTRY(dup2, LTTNG_FIELDS(LTTNG_SC_FD(oldfd, 0) LTTNG_SC_FD(newfd, 1)))
LTTNG_SC_ENTRY(dup3, LTTNG_FIELDS(LTTNG_SC_FD(oldfd, 0) LTTNG_SC_FD(newfd, 1)
				  LTTNG_SC_INT(flags, 2)))
LTTNG_SC_ENTRY(pipe, LTTNG_FIELDS(LTTNG_SC_PTR(fildes, 0)))
LTTNG_SC_ENTRY(pipe2, LTTNG_FIELDS(LTTNG_SC_PTR(fildes, 0) LTTNG_SC_INT(flags, 1)))
LTTNG_SC_ENTRY(ioctl, LTTNG_FIELDS(LTTNG_SC_FD(fd, 0) LTTNG_SC_FD(cmd, 1)
				   LTTNG_SC_ULONG(arg, 2)))
LTTNG_SC_ENTRY_NR(newfstat, __NR_fstat,
		  LTTNG_FIELDS(LTTNG_SC_FD(fd, 0) LTTNG_SC_PTR(statbuf, 1)))
LTTNG_SC_CLASS(stat, LTTNG_FIELDS(LTTNG_SC_PATH(filename, 0)
				  LTTNG_SC_PTR(statbuf, 1)))
LTTNG_SC_INSTANCE_NR(stat, newstat, __NR_stat)
LTTNG_SC_INSTANCE_NR(stat, newlstat, __NR_lstat)
LTTNG_SC_ENTRY(newfstatat, LTTNG_FIELDS(LTTNG_SC_INT(dfd, 0)
					LTTNG_SC_PATH(filename, 1)
					LTTNG_SC_PTR(statbuf, 2)
					LTTNG_SC_INT(flag, 3)))
LTTNG_SC_ENTRY(access, LTTNG_FIELDS(LTTNG_SC_PATH(filename, 0)
				    LTTNG_SC_INT(mode, 1)))
LTTNG_SC_ENTRY(unlink, LTTNG_FIELDS(LTTNG_SC_PATH(pathname, 0)))
LTTNG_SC_ENTRY(unlinkat, LTTNG_FIELDS(LTTNG_SC_INT(dfd, 0)
				      LTTNG_SC_PATH(pathname, 1)
				      LTTNG_SC_INT(flag, 2)))
LTTNG_SC_ENTRY(mkdir, LTTNG_FIELDS(LTTNG_SC_PATH(pathname, 0)
				   f_integer(umode_t, mode, args[1])))
LTTNG_SC_ENTRY(chdir, LTTNG_FIELDS(LTTNG_SC_PATH(filename, 0)))
LTTNG_SC_ENTRY(getdents64, LTTNG_FIELDS(LTTNG_SC_FD(fd, 0)
					LTTNG_SC_PTR(dirent, 1)
					LTTNG_SC_FD(count, 2)))
LTTNG_SC_ENTRY(mmap, LTTNG_FIELDS(LTTNG_SC_PTR(addr, 0) LTTNG_SC_ULONG(len, 1)
				  LTTNG_SC_ULONG(prot, 2) LTTNG_SC_ULONG(flags, 3)
				  LTTNG_SC_ULONG(fd, 4) LTTNG_SC_ULONG(offset, 5)))
LTTNG_SC_ENTRY(munmap, LTTNG_FIELDS(LTTNG_SC_PTR(addr, 0)
				    f_integer(size_t, len, args[1])))
LTTNG_SC_ENTRY(mprotect, LTTNG_FIELDS(LTTNG_SC_PTR(start, 0)
				      f_integer(size_t, len, args[1])
				      LTTNG_SC_ULONG(prot, 2)))
LTTNG_SC_ENTRY(brk, LTTNG_FIELDS(LTTNG_SC_PTR(brk, 0)))
LTTNG_SC_ENTRY(clone, LTTNG_FIELDS(LTTNG_SC_PTR(flags, 0)
				   LTTNG_SC_PTR(newsp, 1)
				   LTTNG_SC_PTR(parent_tid, 2)
				   LTTNG_SC_PTR(child_tid, 3)
				   LTTNG_SC_PTR(tls, 4)))
LTTNG_SC_ENTRY(execve, LTTNG_FIELDS(LTTNG_SC_PATH(filename, 0)
				    LTTNG_SC_PTR(argv, 1)
				    LTTNG_SC_PTR(envp, 2)))
LTTNG_SC_CLASS(exit, LTTNG_FIELDS(LTTNG_SC_INT(error_code, 0)))
LTTNG_SC_INSTANCE(exit, exit)
LTTNG_SC_INSTANCE(exit, exit_group)
LTTNG_SC_ENTRY(wait4, LTTNG_FIELDS(f_integer(pid_t, upid, args[0])
				   LTTNG_SC_PTR(stat_addr, 1)
				   LTTNG_SC_INT(options, 2)
				   LTTNG_SC_PTR(ru, 3)))
LTTNG_SC_ENTRY(kill, LTTNG_FIELDS(f_integer(pid_t, pid, args[0])
				  LTTNG_SC_INT(sig, 1)))
LTTNG_SC_ENTRY(nanosleep, LTTNG_FIELDS(LTTNG_SC_PTR(rqtp, 0)
				       LTTNG_SC_PTR(rmtp, 1)))
LTTNG_SC_ENTRY(futex, LTTNG_FIELDS(LTTNG_SC_PTR(uaddr, 0) LTTNG_SC_INT(op, 1)
				   f_integer(u32, val, args[2])
				   LTTNG_SC_PTR(utime, 3) LTTNG_SC_PTR(uaddr2, 4)
				   f_integer(u32, val3, args[5])))
LTTNG_SC_ENTRY(rt_sigaction, LTTNG_FIELDS(LTTNG_SC_INT(sig, 0)
					  LTTNG_SC_PTR(act, 1)
					  LTTNG_SC_PTR(oact, 2)
					  f_integer(size_t, sigsetsize, args[3])))
LTTNG_SC_ENTRY(rt_sigprocmask, LTTNG_FIELDS(LTTNG_SC_INT(how, 0)
					    LTTNG_SC_PTR(nset, 1)
					    LTTNG_SC_PTR(oset, 2)
					    f_integer(size_t, sigsetsize, args[3])))
LTTNG_SC_ENTRY(socket, LTTNG_FIELDS(LTTNG_SC_INT(family, 0) LTTNG_SC_INT(type, 1)
				    LTTNG_SC_INT(protocol, 2)))
LTTNG_SC_ENTRY(connect, LTTNG_FIELDS(LTTNG_SC_INT(fd, 0)
				     LTTNG_SC_PTR(uservaddr, 1)
				     LTTNG_SC_INT(addrlen, 2)))
LTTNG_SC_ENTRY(prctl, LTTNG_FIELDS(LTTNG_SC_INT(option, 0)
				   LTTNG_SC_ULONG(arg2, 1) LTTNG_SC_ULONG(arg3, 2)
				   LTTNG_SC_ULONG(arg4, 3) LTTNG_SC_ULONG(arg5, 4)))
LTTNG_SC_ENTRY(arch_prctl, LTTNG_FIELDS(LTTNG_SC_INT(option, 0)
					LTTNG_SC_PTR(arg2, 1)))
LTTNG_SC_ENTRY(set_tid_address, LTTNG_FIELDS(LTTNG_SC_PTR(tidptr, 0)))
LTTNG_SC_CLASS(noargs, LTTNG_FIELDS())
LTTNG_SC_INSTANCE(noargs, rt_sigreturn)
LTTNG_SC_INSTANCE(noargs, getpid)
LTTNG_SC_INSTANCE(noargs, getppid)
LTTNG_SC_INSTANCE(noargs, gettid)
LTTNG_SC_INSTANCE(noargs, getuid)
LTTNG_SC_INSTANCE(noargs, geteuid)
LTTNG_SC_INSTANCE(noargs, getgid)
LTTNG_SC_INSTANCE(noargs, getegid)
LTTNG_SC_INSTANCE(noargs, sched_yield)
LTTNG_SC_INSTANCE(noargs, fork)
LTTNG_SC_INSTANCE(noargs, vfork)
