// SPDX-License-Identifier: LGPL-2.1-only
/*
 * elf-probe.c - function and SDT probe offsets in an ELF file (see
 * elf-probe.h).
 *
 * The file is read whole into memory (at most ELF_MAX bytes) and every
 * header, table and string is bounds-checked against its size before use:
 * the file may be anything the user points at.  32-bit and 64-bit headers
 * are read into one normalized form: ELF_FIELD() reads a member of either
 * class's structure by its offset and size there.
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "elf-probe.h"

#define ELF_MAX		(1024UL * 1024 * 1024)	/* bytes read at most */

struct elf_shdr {
	uint32_t name, type;
	uint64_t addr, offset, size, link, entsize;
};

struct elf_file {
	const unsigned char *p;
	size_t len;
	bool is64;
	uint16_t shnum, shstrndx, phnum;
	uint64_t shoff, phoff;
	uint16_t shentsize, phentsize;
	char *err;
	size_t errlen;
};

static int fail(struct elf_file *f, int ret, const char *fmt, ...)
{
	va_list ap;

	if (f->err && f->errlen) {
		va_start(ap, fmt);
		vsnprintf(f->err, f->errlen, fmt, ap);
		va_end(ap);
	}
	return ret;
}

/* The bytes [off, off + n) exist. */
static bool in_file(const struct elf_file *f, uint64_t off, uint64_t n)
{
	return off <= f->len && n <= f->len - off;
}

static int read_file(int fd, struct elf_file *f)
{
	struct stat st;
	unsigned char *buf;
	size_t done = 0;
	ssize_t r;

	if (f->err && f->errlen)
		f->err[0] = '\0';
	if (fstat(fd, &st))
		return fail(f, -errno, "cannot read the binary: %s",
			    strerror(errno));
	if (!S_ISREG(st.st_mode))
		return fail(f, -ENOEXEC, "not a regular file");
	if ((uint64_t)st.st_size > ELF_MAX)
		return fail(f, -EFBIG, "file too large");
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf)
		return fail(f, -ENOMEM, "out of memory");
	while (done < (size_t)st.st_size) {
		r = pread(fd, buf + done, st.st_size - done, done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(buf);
			return fail(f, r < 0 ? -errno : -EIO,
				    "cannot read the binary");
		}
		done += r;
	}
	f->p = buf;
	f->len = done;
	return 0;
}

/* An unsigned integer of size bytes at p, in the host's byte order. */
static uint64_t rd_uint(const unsigned char *p, size_t size)
{
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (size) {
	case 1:
		memcpy(&v8, p, 1);
		return v8;
	case 2:
		memcpy(&v16, p, 2);
		return v16;
	case 4:
		memcpy(&v32, p, 4);
		return v32;
	default:
		memcpy(&v64, p, 8);
		return v64;
	}
}

/* Member m of the Elf32_T or Elf64_T structure at p, as f's class says. */
#define ELF_FIELD(f, p, T, m)						\
	((f)->is64 ?							\
	 rd_uint((p) + offsetof(Elf64_##T, m), sizeof(((Elf64_##T *)0)->m)) : \
	 rd_uint((p) + offsetof(Elf32_##T, m), sizeof(((Elf32_##T *)0)->m)))
#define ELF_SIZE(f, T)	((f)->is64 ? sizeof(Elf64_##T) : sizeof(Elf32_##T))

static int parse_header(struct elf_file *f)
{
	const unsigned char *id = f->p;

	if (f->len < EI_NIDENT || memcmp(id, ELFMAG, SELFMAG))
		return fail(f, -ENOEXEC, "not an ELF file");
	if (id[EI_DATA] != (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ?
			    ELFDATA2LSB : ELFDATA2MSB))
		return fail(f, -ENOEXEC, "ELF file of another byte order");
	if (id[EI_CLASS] != ELFCLASS64 && id[EI_CLASS] != ELFCLASS32)
		return fail(f, -ENOEXEC, "unknown ELF class");
	f->is64 = id[EI_CLASS] == ELFCLASS64;
	if (f->len < ELF_SIZE(f, Ehdr))
		return fail(f, -ENOEXEC, "truncated ELF header");
	f->shoff = ELF_FIELD(f, id, Ehdr, e_shoff);
	f->shnum = ELF_FIELD(f, id, Ehdr, e_shnum);
	f->shentsize = ELF_FIELD(f, id, Ehdr, e_shentsize);
	f->shstrndx = ELF_FIELD(f, id, Ehdr, e_shstrndx);
	f->phoff = ELF_FIELD(f, id, Ehdr, e_phoff);
	f->phnum = ELF_FIELD(f, id, Ehdr, e_phnum);
	f->phentsize = ELF_FIELD(f, id, Ehdr, e_phentsize);
	if ((f->shnum && f->shentsize < ELF_SIZE(f, Shdr)) ||
	    (f->phnum && f->phentsize < ELF_SIZE(f, Phdr)))
		return fail(f, -ENOEXEC, "bad ELF header");
	if (!in_file(f, f->shoff, (uint64_t)f->shnum * f->shentsize) ||
	    !in_file(f, f->phoff, (uint64_t)f->phnum * f->phentsize))
		return fail(f, -ENOEXEC, "ELF headers out of the file");
	if (f->shstrndx >= f->shnum)
		return fail(f, -ENOEXEC, "no section name table");
	return 0;
}

/* The binary read and its header checked: 0, or an error without f->p. */
static int open_elf(int fd, struct elf_file *f)
{
	int ret = read_file(fd, f);

	if (ret)
		return ret;
	ret = parse_header(f);
	if (ret) {
		free((void *)f->p);
		f->p = NULL;
	}
	return ret;
}

static void get_shdr(const struct elf_file *f, unsigned int i,
		     struct elf_shdr *s)
{
	const unsigned char *p = f->p + f->shoff + (uint64_t)i * f->shentsize;

	*s = (struct elf_shdr){
		.name = ELF_FIELD(f, p, Shdr, sh_name),
		.type = ELF_FIELD(f, p, Shdr, sh_type),
		.addr = ELF_FIELD(f, p, Shdr, sh_addr),
		.offset = ELF_FIELD(f, p, Shdr, sh_offset),
		.size = ELF_FIELD(f, p, Shdr, sh_size),
		.link = ELF_FIELD(f, p, Shdr, sh_link),
		.entsize = ELF_FIELD(f, p, Shdr, sh_entsize),
	};
}

/* The NUL-terminated string at off in string table section strndx. */
static const char *get_str(const struct elf_file *f, unsigned int strndx,
			   uint64_t off)
{
	struct elf_shdr s;

	if (strndx >= f->shnum)
		return NULL;
	get_shdr(f, strndx, &s);
	if (s.type == SHT_NOBITS || !in_file(f, s.offset, s.size) ||
	    off >= s.size || !memchr(f->p + s.offset + off, '\0', s.size - off))
		return NULL;
	return (const char *)f->p + s.offset + off;
}

/* Index of the section called name with data in the file, or -1. */
static int find_section(const struct elf_file *f, const char *name,
			struct elf_shdr *out)
{
	unsigned int i;
	const char *n;

	for (i = 0; i < f->shnum; i++) {
		get_shdr(f, i, out);
		n = get_str(f, f->shstrndx, out->name);
		if (n && !strcmp(n, name))
			return (int)i;
	}
	return -1;
}

/* File offset of a virtual address, by the loadable segment holding it. */
static int addr_to_offset(struct elf_file *f, uint64_t addr, uint64_t *off)
{
	unsigned int i;

	for (i = 0; i < f->phnum; i++) {
		const unsigned char *p = f->p + f->phoff + (uint64_t)i * f->phentsize;
		uint64_t vaddr = ELF_FIELD(f, p, Phdr, p_vaddr);
		uint64_t offset = ELF_FIELD(f, p, Phdr, p_offset);
		uint64_t filesz = ELF_FIELD(f, p, Phdr, p_filesz);
		uint32_t type = ELF_FIELD(f, p, Phdr, p_type);

		if (type == PT_LOAD && addr >= vaddr && addr - vaddr < filesz) {
			*off = addr - vaddr + offset;
			return 0;
		}
	}
	return fail(f, -ENOEXEC, "address 0x%llx is in no loadable segment",
		    (unsigned long long)addr);
}

/* The value of the defined function called name in symtab section i. */
static bool find_symbol(const struct elf_file *f, const struct elf_shdr *st,
			const char *name, uint64_t *value)
{
	size_t esz = ELF_SIZE(f, Sym);
	uint64_t n, k;

	if (st->type == SHT_NOBITS || !in_file(f, st->offset, st->size))
		return false;
	n = st->size / esz;
	for (k = 0; k < n; k++) {
		const unsigned char *p = f->p + st->offset + k * esz;
		unsigned int type = ELF64_ST_TYPE(ELF_FIELD(f, p, Sym, st_info));
		unsigned int shndx = ELF_FIELD(f, p, Sym, st_shndx);
		const char *s;

		if ((type != STT_FUNC && type != STT_GNU_IFUNC) ||
		    shndx == SHN_UNDEF)
			continue;
		s = get_str(f, st->link, ELF_FIELD(f, p, Sym, st_name));
		if (s && !strcmp(s, name)) {
			*value = ELF_FIELD(f, p, Sym, st_value);
			return true;
		}
	}
	return false;
}

int lttng_elf_function_offset(int fd, const char *function, uint64_t *offset,
			      char *err, size_t errlen)
{
	struct elf_file f = { .err = err, .errlen = errlen };
	const char *tabs[] = { ".symtab", ".dynsym" };
	struct elf_shdr st;
	uint64_t value;
	unsigned int i;
	int ret;

	ret = open_elf(fd, &f);
	if (ret)
		return ret;
	for (i = 0; i < 2; i++) {
		if (find_section(&f, tabs[i], &st) >= 0 &&
		    find_symbol(&f, &st, function, &value))
			break;
	}
	if (i < 2)
		ret = addr_to_offset(&f, value, offset);
	else
		ret = fail(&f, -ENOENT, "function '%s' not found in the binary",
			   function);
	free((void *)f.p);
	return ret;
}

#define NOTE_STAPSDT_TYPE	3
#define ALIGN4(x)		(((x) + 3) & ~(uint64_t)3)

int lttng_elf_sdt_offsets(int fd, const char *provider, const char *name,
			  uint64_t *offsets, unsigned int max,
			  unsigned int *nr, char *err, size_t errlen)
{
	struct elf_file f = { .err = err, .errlen = errlen };
	struct elf_shdr notes, base;
	size_t asz;
	int64_t adjust = 0;
	bool have_base;
	uint64_t pos, end;
	int ret;

	*nr = 0;
	ret = open_elf(fd, &f);
	if (ret)
		return ret;
	asz = f.is64 ? 8 : 4;
	if (find_section(&f, ".note.stapsdt", &notes) < 0 ||
	    notes.type == SHT_NOBITS || !in_file(&f, notes.offset, notes.size)) {
		ret = fail(&f, -ENOENT, "no SDT probe in the binary");
		goto out;
	}
	have_base = find_section(&f, ".stapsdt.base", &base) >= 0;
	pos = notes.offset;
	end = notes.offset + notes.size;
	while (pos + 12 <= end) {
		uint32_t namesz = rd_uint(f.p + pos, 4), descsz = rd_uint(f.p + pos + 4, 4);
		uint32_t type = rd_uint(f.p + pos + 8, 4);
		uint64_t npos = pos + 12, dpos = npos + ALIGN4(namesz);
		uint64_t next = dpos + ALIGN4(descsz);
		uint64_t loc, nbase, sem, off;
		const char *prov, *pname;
		const unsigned char *d;

		if (next > end || next < pos) {
			ret = fail(&f, -ENOEXEC, "broken SDT note");
			goto out;
		}
		pos = next;
		if (type != NOTE_STAPSDT_TYPE || namesz != sizeof("stapsdt") ||
		    memcmp(f.p + npos, "stapsdt", sizeof("stapsdt")) ||
		    descsz < 3 * asz + 2)
			continue;
		d = f.p + dpos;
		loc = rd_uint(d, asz);
		nbase = rd_uint(d + asz, asz);
		sem = rd_uint(d + 2 * asz, asz);
		prov = (const char *)d + 3 * asz;
		if (!memchr(prov, '\0', descsz - 3 * asz))
			continue;
		pname = prov + strlen(prov) + 1;
		if ((const unsigned char *)pname >= d + descsz ||
		    !memchr(pname, '\0', d + descsz - (const unsigned char *)pname))
			continue;
		if (strcmp(prov, provider) || strcmp(pname, name))
			continue;
		if (sem) {
			ret = fail(&f, -EOPNOTSUPP,
				   "SDT probe guarded by a semaphore");
			goto out;
		}
		if (have_base)
			adjust = (int64_t)(base.addr - nbase);
		ret = addr_to_offset(&f, loc + adjust, &off);
		if (ret)
			goto out;
		if (*nr == max) {
			ret = fail(&f, -E2BIG,
				   "SDT probe %s:%s has more than %u call sites",
				   provider, name, max);
			goto out;
		}
		offsets[(*nr)++] = off;
	}
	ret = *nr ? 0 : fail(&f, -ENOENT, "SDT probe %s:%s not found in the binary",
			      provider, name);
out:
	free((void *)f.p);
	return ret;
}
