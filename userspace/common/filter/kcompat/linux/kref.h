/* SPDX-License-Identifier: GPL-2.0-only */
/* Host stand-in for the kernel's <linux/kref.h> (filter unit tests). */
#ifndef _HOST_LINUX_KREF_H
#define _HOST_LINUX_KREF_H
struct kref {
	int refcount;
};
#endif
