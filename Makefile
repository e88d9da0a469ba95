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
#                       (install-userspace: all but the module, as the
#                       Debian packages do: debian/rules)
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
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
DESTDIR ?=
# The version's one place is debian/changelog (scripts/version).
LTTNG_VERSION := $(shell $(TOP)/scripts/version)
export KVER KERNELDIR LTTNG_VERSION

USERSPACE_DIRS := $(patsubst %/Makefile,%,$(wildcard userspace/common/Makefile userspace/common/filter/Makefile \
	userspace/liblttng-ust/Makefile userspace/ust-sample/Makefile \
	userspace/lttng-sessiond/Makefile userspace/lttng/Makefile \
	userspace/ust-tests/Makefile))
HAVE_MODULE := $(wildcard module/Kbuild)

all: module userspace samples selftests

module:
ifneq ($(HAVE_MODULE),)
	$(MAKE) -C $(KERNELDIR) M=$(TOP) W=1 modules
endif

userspace:
	@set -e; for d in $(USERSPACE_DIRS); do $(MAKE) -C $$d; done

samples:
	$(MAKE) -C samples

selftests: module userspace samples
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

# The ioctl ABI headers, installed under names that say what they are.
ABI_HEADERS := include/lttng-abi.h:ioctl-abi.h include/lttng-filter.h:filter-bytecode.h

install-abi-headers:
	install -d $(DESTDIR)$(INCLUDEDIR)/lttng-tracer
	@set -e; for h in $(ABI_HEADERS); do \
		install -m 644 $${h%%:*} $(DESTDIR)$(INCLUDEDIR)/lttng-tracer/$${h#*:}; done

install-userspace: userspace install-abi-headers
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man8
	@set -e; for p in userspace/lttng/lttng userspace/lttng-sessiond/lttng-sessiond; do \
		if [ -x $$p ]; then install -m 755 $$p $(DESTDIR)$(PREFIX)/bin/; fi; done
	@set -e; for m in Documentation/man/*.1; do [ -f $$m ] && \
		install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man1/ || true; done
	@set -e; for m in Documentation/man/*.8; do [ -f $$m ] && \
		install -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man8/ || true; done
	@if [ -f userspace/liblttng-ust/Makefile ]; then \
		$(MAKE) -C userspace/liblttng-ust install PREFIX=$(PREFIX) LIBDIR=$(LIBDIR) \
		INCLUDEDIR=$(INCLUDEDIR) DESTDIR=$(DESTDIR); fi
	@if [ -f userspace/lttng/bash-completion/lttng ]; then \
		install -D -m 644 userspace/lttng/bash-completion/lttng \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions/lttng; fi
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|@BINDIR@|$(PREFIX)/bin|g' userspace/lttng-sessiond/lttng-sessiond.service.in \
		> $(DESTDIR)$(SYSTEMDUNITDIR)/lttng-sessiond.service
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then ldconfig; \
		if ! getent group tracing >/dev/null; then \
		echo "groupadd --system tracing"; groupadd --system tracing; fi; fi

# The module, by hand (the packages leave it to DKMS: dkms.conf).
install: all install-userspace
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
	-$(MAKE) -C samples clean
	-$(MAKE) -C selftests clean
	-$(MAKE) -C bench clean
	rm -rf build

.PHONY: all module userspace samples selftests setup check demo bench install \
	install-abi-headers install-userspace clean
