/* SPDX-License-Identifier: GPL-2.0-only */
/* Host stand-in for the kernel's <linux/list.h> (filter unit tests). */
#ifndef _HOST_LINUX_LIST_H
#define _HOST_LINUX_LIST_H
struct list_head {
	struct list_head *next, *prev;
};
#endif
