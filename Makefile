# SPDX-License-Identifier: GPL-2.0-only
#
# Top-level Makefile of the tracer.
#
#   make                build the module (kbuild), the user-space programs
#                       and the selftests
#   make check          set up, build, run host tests and VM selftests;
#                       ends with "N passed, N failed"
#   make demo           trace a real workload in the VM and show the trace
#   make bench          per-event cost vs ftrace, in one VM boot (bench/)
#   make install        PREFIX=/usr/local DESTDIR= ; module under
#                       /lib/modules/<kver>/extra, then depmod
#   make clean
#
# The kernel to build against: KERNELDIR or KVER when given, else the
# running kernel's build directory, else Debian's linux-headers-amd64
# (see scripts/kver).  make check KVER=6.12.107+deb12-amd64 builds and tests
# against that kernel (scripts/setup installs it).

TOP := $(CURDIR)
ifneq ($(KERNELDIR),)
KVER ?= $(shell cat $(KERNELDIR)/include/config/kernel.release 2>/dev/null)
endif
KVER ?= $(shell KVER= $(TOP)/scripts/kver)
KERNELDIR ?= /lib/modules/$(KVER)/build
PREFIX ?= /usr/local
DESTDIR ?=
export KVER KERNELDIR

USERSPACE_DIRS := $(patsubst %/Makefile,%,$(wildcard userspace/common/Makefile userspace/common/filter/Makefile \
	userspace/liblttng-ust/Makefile userspace/ust-sample/Makefile \
	userspace/lttng-sessiond/Makefile userspace/lttng/Makefile \
	userspace/ust-tests/Makefile))
HAVE_MODULE := $(wildcard module/Kbuild)

all: module userspace selftests

module:
ifneq ($(HAVE_MODULE),)
	$(MAKE) -C $(KERNELDIR) M=$(TOP) W=1 modules
endif

userspace:
	@set -e; for d in $(USERSPACE_DIRS); do $(MAKE) -C $$d; done

selftests: module userspace
	$(MAKE) -C selftests all

setup:
ifeq ($(SKIP_SETUP),)
	scripts/setup $(if $(filter command line environment,$(origin KVER)),KVER=$(KVER))
endif

check: setup
	$(MAKE) all
	scripts/check

demo: setup
	$(MAKE) all
	scripts/demo

bench: setup
	$(MAKE) all
	bench/bench

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man8
	@set -e; for p in userspace/lttng/lttng userspace/lttng-sessiond/lttng-sessiond; do \
		if [ -x $$p ]; then install -m 755 $$p $(DESTDIR)$(PREFIX)/bin/; fi; done
	@set -e; for m in Documentation/man/*.1; do [ -f $$m ] && \
		install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man1/ || true; done
	@set -e; for m in Documentation/man/*.8; do [ -f $$m ] && \
		install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man8/ || true; done
	@if [ -f userspace/liblttng-ust/Makefile ]; then \
		$(MAKE) -C userspace/liblttng-ust install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR); fi
	@if [ -f userspace/lttng/bash-completion/lttng ]; then \
		install -D -m 644 userspace/lttng/bash-completion/lttng \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/lttng; fi
ifneq ($(HAVE_MODULE),)
	install -d $(DESTDIR)/lib/modules/$(KVER)/extra
	install -m 644 $(wildcard module/*.ko module/test/*.ko) $(DESTDIR)/lib/modules/$(KVER)/extra/
	depmod $(if $(DESTDIR),-b $(DESTDIR)) $(KVER)
endif

clean:
ifneq ($(HAVE_MODULE),)
	-$(MAKE) -C $(KERNELDIR) M=$(TOP) clean
endif
	@for d in $(USERSPACE_DIRS); do $(MAKE) -C $$d clean; done
	-$(MAKE) -C selftests clean
	-$(MAKE) -C bench clean
	rm -rf build

.PHONY: all module userspace selftests setup check demo bench install clean
