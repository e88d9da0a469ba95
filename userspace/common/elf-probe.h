/* SPDX-License-Identifier: LGPL-2.1-only */
/*
 * elf-probe.h - where a user-space probe goes in a binary, as the kernel's
 * uprobes want it: an offset in the file.
 *
 *   --userspace-probe=elf:PATH:FUNCTION       the entry of FUNCTION, from
 *                                             the symbol table (.symtab,
 *                                             else .dynsym)
 *   --userspace-probe=sdt:PATH:PROVIDER:NAME  every call site of that SDT
 *                                             probe, from the
 *                                             .note.stapsdt notes
 *
 * 32- and 64-bit ELF files of this machine's byte order.  Addresses are
 * converted to offsets with the loadable segment that holds them; SDT
 * locations are first adjusted by the difference between the note's
 * recorded .stapsdt.base and where that section really is (prelinked
 * files).  As in LTTng 2.13, an SDT probe guarded by a semaphore is
 * refused: enabling it would need the semaphore counted in every process.
 *
 * Errors are negative errno values, with a message in err:
 *   -ENOEXEC     not an ELF file this machine runs, or a broken one
 *   -ENOENT      no such function, no such SDT probe
 *   -EOPNOTSUPP  the SDT probe is guarded by a semaphore
 *   -E2BIG       more call sites than max
 *   other        reading the file failed
 */
#ifndef _LTTNG_COMMON_ELF_PROBE_H
#define _LTTNG_COMMON_ELF_PROBE_H

#include <stddef.h>
#include <stdint.h>

int lttng_elf_function_offset(int fd, const char *function, uint64_t *offset,
			      char *err, size_t errlen);
int lttng_elf_sdt_offsets(int fd, const char *provider, const char *name,
			  uint64_t *offsets, unsigned int max,
			  unsigned int *nr, char *err, size_t errlen);

#endif
