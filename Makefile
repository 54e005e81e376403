# ccsd — build, test and demo. Run `make help` for the targets.
SHELL := /bin/bash
SWIFT ?= swift
PREFIX ?= /usr/local
DESTDIR ?=
# Debian packages the build and the tests need (installed when missing, as root).
DEB_PACKAGES := libsqlite3-dev libsystemd-dev pkg-config tzdata systemd python3-pip
BIN := .build/debug

.PHONY: help deps build check lint test demo simulate bench release install clean

help:
	@echo "make demo      - build and run ccsd in the foreground with a demo caseload (Ctrl-C stops it)"
	@echo "make simulate  - print the timeline of each sample policy over 30 days (no daemon)"
	@echo "make check     - install missing build dependencies, build, lint and run all tests"
	@echo "make bench     - release build of ccsd-bench and its figures"
	@echo "make install   - install binaries, units, catalog, sysusers, policies and config (PREFIX, DESTDIR)"

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "missing Debian packages:$$missing"; echo "run: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi
	@python3 -c "import varlink" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check varlink \
	  || echo "note: could not install the Python varlink package; the tests that use it will be skipped"

build: deps
	$(SWIFT) build

lint:
	$(SWIFT) format lint --strict --recursive --configuration .swift-format Package.swift Sources Tests

# The system test boots a real systemd as PID 1 in its own namespaces (as root; it skips with a message otherwise).
test: build
	$(SWIFT) test
	@if [ -f Tests/system/run.sh ]; then bash Tests/system/run.sh; fi

check: build lint test

demo: build
	@bash demo/run.sh

simulate: build
	@for p in strict ordinary lenient; do \
	  echo "=== ccsctl simulate --policy policies/$$p.toml --days 30 ==="; \
	  $(BIN)/ccsctl simulate --policy policies/$$p.toml --days 30 || exit 1; echo; \
	done

bench: deps
	$(SWIFT) build -c release --product ccsd
	$(SWIFT) build -c release --product ccsctl
	$(SWIFT) build -c release --product ccsd-bench
	.build/release/ccsd-bench --json bench-results.json

release: deps
	$(SWIFT) build -c release

# Binaries in $(PREFIX)/bin (the unit runs /usr/bin/ccsd: use PREFIX=/usr for packages); configuration in /etc.
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/systemd/system $(DESTDIR)$(PREFIX)/lib/sysusers.d \
	  $(DESTDIR)$(PREFIX)/lib/systemd/catalog $(DESTDIR)/etc/ccsd/policies/holidays \
	  $(DESTDIR)$(PREFIX)/share/doc/ccsd $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 0755 .build/release/ccsd .build/release/ccsctl $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 units/ccsd.service units/ccsd.socket $(DESTDIR)$(PREFIX)/lib/systemd/system/
	install -m 0644 units/ccsd.sysusers $(DESTDIR)$(PREFIX)/lib/sysusers.d/ccsd.conf
	install -m 0644 units/ccsd.catalog $(DESTDIR)$(PREFIX)/lib/systemd/catalog/ccsd.catalog
	install -m 0644 policies/*.toml $(DESTDIR)/etc/ccsd/policies/
	install -m 0644 policies/holidays/*.toml $(DESTDIR)/etc/ccsd/policies/holidays/
	[ -e $(DESTDIR)/etc/ccsd/ccsd.conf ] || install -m 0644 units/ccsd.conf $(DESTDIR)/etc/ccsd/ccsd.conf
	install -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/ccsd/
	@if [ -z "$(DESTDIR)" ]; then \
	  systemd-sysusers $(PREFIX)/lib/sysusers.d/ccsd.conf || true; \
	  journalctl --update-catalog || true; \
	  systemctl daemon-reload || true; \
	  echo "installed; start with: systemctl enable --now ccsd.service"; \
	fi

clean:
	rm -rf .build
