/* SPDX-License-Identifier: GPL-2.0-only */
/* Host stand-in for the kernel's <linux/rcupdate.h> (filter unit tests). */
#ifndef _HOST_LINUX_RCUPDATE_H
#define _HOST_LINUX_RCUPDATE_H
#ifndef __rcu
#define __rcu
#endif
#endif
