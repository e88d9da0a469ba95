/* SPDX-License-Identifier: GPL-2.0-only */
/* Host stand-in for the kernel's <linux/mutex.h> (filter unit tests). */
#ifndef _HOST_LINUX_MUTEX_H
#define _HOST_LINUX_MUTEX_H
struct mutex {
	int locked;
};
#endif
