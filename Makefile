# ccsd — build, test and demo. Run `make help` for the targets.
SHELL := /bin/bash
SWIFT ?= swift
PREFIX ?= /usr/local
DESTDIR ?=
# Debian packages the build and the tests need (installed when missing, as root).
DEB_PACKAGES := libsqlite3-dev libsystemd-dev pkg-config tzdata systemd python3-pip
BIN := .build/debug

.PHONY: help deps build check lint test demo bench release clean

help:
	@echo "make demo   - build and run the main job (for now: simulate the sample policies over 30 days)"
	@echo "make check  - install missing build dependencies, build, lint and run all tests"
	@echo "make bench  - release build of ccsd-bench and its figures"

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

build: deps
	$(SWIFT) build

lint:
	$(SWIFT) format lint --strict --recursive --configuration .swift-format Package.swift Sources Tests

test: build
	$(SWIFT) test

check: build lint test

demo: build
	@for p in strict ordinary lenient; do \
	  echo "=== ccsctl simulate --policy policies/$$p.toml --days 30 ==="; \
	  $(BIN)/ccsctl simulate --policy policies/$$p.toml --days 30 || exit 1; echo; \
	done

bench: deps
	$(SWIFT) build -c release --product ccsd-bench
	.build/release/ccsd-bench --json bench-results.json

release: deps
	$(SWIFT) build -c release

clean:
	rm -rf .build
