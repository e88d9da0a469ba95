// SPDX-License-Identifier: LGPL-2.1-only
/*
 * statedump.c - the statedump of an application: what a trace reader
 * needs to map its addresses (the ip context, callstacks) to files and
 * symbols, as LTTng-UST 2.13 records it (statedump-tp.h):
 *
 *   lttng_ust_statedump:start
 *   lttng_ust_statedump:procname     the process's name
 *   lttng_ust_statedump:bin_info     per loaded object: base address, size
 *                                    of its loadable segments, path, PIC
 *   lttng_ust_statedump:build_id     its NT_GNU_BUILD_ID note, if any
 *   lttng_ust_statedump:debug_link   its .gnu_debuglink, if any
 *   lttng_ust_statedump:end
 *
 * It is recorded by the listener thread of the daemon's connection, into
 * that one session's channels (ust_set_session_only), after the reply to
 * SESSION_START (a session becoming active) and to STATEDUMP (lttng
 * regenerate statedump).  The objects are listed with dl_iterate_phdr;
 * their files are read after the loader's lock is released.
 *
 * base address: the load bias plus the first PT_LOAD's p_vaddr (what
 * /proc/PID/maps shows as the start of the object's first mapping);
 * memsz: from the lowest PT_LOAD start to the highest PT_LOAD end.  The
 * main program's path is /proc/self/exe's target; the vDSO has no file:
 * "[linux-vdso.so.1]", memsz 0, no build id, as LTTng-UST writes it.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#define TRACEPOINT_DEFINE
#define TRACEPOINT_CREATE_PROBES
#include "statedump-tp.h"

#include "ust-lib.h"

bool ust_statedump_provider(const struct lttng_ust_provider *p)
{
	return p == &__lttng_ust_provider__lttng_ust_statedump;
}

#define BUILD_ID_MAX	64

struct sd_obj {
	uintptr_t baddr;
	uint64_t memsz;
	char *path;
	int vdso;
};

struct sd_list {
	struct sd_obj *v;
	size_t nr, cap;
	uintptr_t vdso;
};

/* What the object's file says. */
struct sd_file {
	int is_pic;
	size_t build_id_len;
	uint8_t build_id[BUILD_ID_MAX];
	int has_link;
	uint32_t crc;
	char link[256];
};

static char *exe_path(void)
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

static int collect(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct sd_list *l = arg;
	uintptr_t lo = UINTPTR_MAX, hi = 0;
	struct sd_obj *o;
	int i, first = l->nr == 0;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_vaddr < lo)
			lo = ph->p_vaddr;
		if (ph->p_vaddr + ph->p_memsz > hi)
			hi = ph->p_vaddr + ph->p_memsz;
	}
	if (lo == UINTPTR_MAX)
		return 0;
	if (l->nr == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		struct sd_obj *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return 1;
		l->v = v;
		l->cap = cap;
	}
	o = &l->v[l->nr];
	memset(o, 0, sizeof(*o));
	o->baddr = info->dlpi_addr + lo;
	o->memsz = hi - lo;
	if (l->vdso && (info->dlpi_addr + lo == l->vdso ||
			info->dlpi_addr == l->vdso)) {
		char buf[300];

		snprintf(buf, sizeof(buf), "[%s]",
			 info->dlpi_name && info->dlpi_name[0] ?
			 info->dlpi_name : "vdso");
		o->path = strdup(buf);
		o->vdso = 1;
		o->memsz = 0;
	} else if (!info->dlpi_name || !info->dlpi_name[0]) {
		if (!first)
			return 0;	/* a nameless object that is not the program */
		o->path = exe_path();
	} else {
		o->path = strdup(info->dlpi_name);
	}
	if (!o->path)
		return 0;
	l->nr++;
	return 0;
}

static int pread_all(int fd, void *buf, size_t len, off_t off)
{
	char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, off);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

/* The GNU build id among the notes at off..off+len of the file. */
static void notes_build_id(int fd, off_t off, size_t len, struct sd_file *f)
{
	uint8_t buf[4096];
	size_t pos = 0;

	if (f->build_id_len || !len)
		return;
	if (len > sizeof(buf))
		len = sizeof(buf);
	if (pread_all(fd, buf, len, off))
		return;
	while (pos + sizeof(ElfW(Nhdr)) <= len) {
		ElfW(Nhdr) nh;
		size_t name_sz, desc_sz;

		memcpy(&nh, buf + pos, sizeof(nh));
		pos += sizeof(nh);
		name_sz = (nh.n_namesz + 3) & ~(size_t)3;
		desc_sz = (nh.n_descsz + 3) & ~(size_t)3;
		if (name_sz > len - pos || desc_sz > len - pos - name_sz)
			return;
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    !memcmp(buf + pos, "GNU", 4) && nh.n_descsz &&
		    nh.n_descsz <= BUILD_ID_MAX) {
			memcpy(f->build_id, buf + pos + name_sz, nh.n_descsz);
			f->build_id_len = nh.n_descsz;
			return;
		}
		pos += name_sz + desc_sz;
	}
}

static void read_debug_link(int fd, const ElfW(Shdr) *sh, struct sd_file *f)
{
	char buf[sizeof(f->link) + 8];
	size_t len = sh->sh_size, n;

	if (len < 5 || len > sizeof(buf) || pread_all(fd, buf, len, (off_t)sh->sh_offset))
		return;
	n = strnlen(buf, len);
	if (!n || n >= sizeof(f->link))
		return;
	/* the name, NUL, padding to 4, then the CRC-32 of the debug file */
	n = (n + 1 + 3) & ~(size_t)3;
	if (n + 4 > len)
		return;
	memcpy(f->link, buf, strnlen(buf, len) + 1);
	memcpy(&f->crc, buf + n, 4);
	f->has_link = 1;
}

static void read_file(const char *path, struct sd_file *f)
{
	ElfW(Ehdr) eh;
	ElfW(Shdr) *sh = NULL;
	char *names = NULL;
	size_t i;
	int fd;

	memset(f, 0, sizeof(*f));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (pread_all(fd, &eh, sizeof(eh), 0) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != (sizeof(void *) == 8 ? ELFCLASS64 : ELFCLASS32))
		goto out;
	f->is_pic = eh.e_type == ET_DYN;
	if (eh.e_shnum && eh.e_shnum < 4096 &&
	    eh.e_shentsize == sizeof(ElfW(Shdr)) && eh.e_shstrndx < eh.e_shnum) {
		const ElfW(Shdr) *ss;

		sh = calloc(eh.e_shnum, sizeof(*sh));
		if (!sh || pread_all(fd, sh, eh.e_shnum * sizeof(*sh), (off_t)eh.e_shoff))
			goto phdrs;
		ss = &sh[eh.e_shstrndx];
		if (ss->sh_size > (1 << 20))
			goto phdrs;
		names = malloc(ss->sh_size + 1);
		if (!names || pread_all(fd, names, ss->sh_size, (off_t)ss->sh_offset))
			goto phdrs;
		names[ss->sh_size] = '\0';
		for (i = 0; i < eh.e_shnum; i++) {
			const char *n = sh[i].sh_name < ss->sh_size ?
					names + sh[i].sh_name : "";

			if (sh[i].sh_type == SHT_NOTE)
				notes_build_id(fd, (off_t)sh[i].sh_offset,
					       sh[i].sh_size, f);
			else if (!strcmp(n, ".gnu_debuglink") && !f->has_link)
				read_debug_link(fd, &sh[i], f);
		}
	}
phdrs:
	/* no section headers (or no note among them): the PT_NOTE segments */
	if (!f->build_id_len && eh.e_phnum && eh.e_phnum < 4096 &&
	    eh.e_phentsize == sizeof(ElfW(Phdr))) {
		for (i = 0; i < eh.e_phnum; i++) {
			ElfW(Phdr) ph;

			if (pread_all(fd, &ph, sizeof(ph),
				      (off_t)(eh.e_phoff + i * sizeof(ph))))
				break;
			if (ph.p_type == PT_NOTE)
				notes_build_id(fd, (off_t)ph.p_offset, ph.p_filesz, f);
		}
	}
out:
	free(names);
	free(sh);
	close(fd);
}

void ust_statedump(const struct ust_session *s)
{
	struct sd_list l = { .vdso = (uintptr_t)getauxval(AT_SYSINFO_EHDR) };
	char name[17];
	size_t i;

	/* none of them enabled: the same trace, without the work */
	if (!tracepoint_enabled(lttng_ust_statedump, start) &&
	    !tracepoint_enabled(lttng_ust_statedump, procname) &&
	    !tracepoint_enabled(lttng_ust_statedump, bin_info) &&
	    !tracepoint_enabled(lttng_ust_statedump, build_id) &&
	    !tracepoint_enabled(lttng_ust_statedump, debug_link) &&
	    !tracepoint_enabled(lttng_ust_statedump, end))
		return;
	dl_iterate_phdr(collect, &l);
	ust_set_session_only(s);
	tracepoint(lttng_ust_statedump, start, 0);
	ust_get_procname(name, sizeof(name));
	tracepoint(lttng_ust_statedump, procname, name);
	for (i = 0; i < l.nr; i++) {
		struct sd_obj *o = &l.v[i];
		struct sd_file f;

		if (o->vdso)
			memset(&f, 0, sizeof(f));
		else
			read_file(o->path, &f);
		tracepoint(lttng_ust_statedump, bin_info, o->baddr,
			   o->memsz, o->path, (uint8_t)f.is_pic,
			   (uint8_t)!!f.build_id_len, (uint8_t)f.has_link);
		if (f.build_id_len)
			tracepoint(lttng_ust_statedump, build_id,
				   o->baddr, f.build_id, f.build_id_len);
		if (f.has_link)
			tracepoint(lttng_ust_statedump, debug_link,
				   o->baddr, f.link, f.crc);
		free(o->path);
	}
	tracepoint(lttng_ust_statedump, end, 0);
	ust_set_session_only(NULL);
	free(l.v);
	DBG("statedump: %zu objects", l.nr);
}
