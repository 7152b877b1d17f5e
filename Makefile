# odoo-mcp — every target bootstraps Bun (from the npm registry) and the dependencies when missing.
SHELL := /bin/bash
BUN_VERSION := 1.4.5
# The oldest Bun the code and tests run on: an older bun on PATH is passed over for the pinned one.
MIN_BUN := 1.4.0
LOCAL_BUN := .tools/node_modules/.bin/bun
SYSTEM_BUN := $(shell command -v bun 2>/dev/null)
SYSTEM_BUN_OK := $(if $(SYSTEM_BUN),$(shell $(SYSTEM_BUN) -e 'process.exit(Bun.semver.order(Bun.version, "$(MIN_BUN)") < 0 ? 1 : 0)' >/dev/null 2>&1 && echo yes))
BUN := $(if $(SYSTEM_BUN_OK),$(SYSTEM_BUN),$(LOCAL_BUN))
CONFIG ?= config.example.yaml
JUNIT ?= .test-results/junit.xml
VERSION := $(shell sed -n 's/^  "version": "\(.*\)",/\1/p' package.json)
# This machine's platform as release targets name it (linux-x64, linux-arm64-musl, darwin-arm64...), for --version.
HOST_TARGET := $(shell uname -s | tr A-Z a-z)-$(shell uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')$(shell ldd --version 2>&1 | grep -qi musl && echo -musl)
# Same flags as the release binaries (scripts/release.ts): minified, bytecode, deaf to the user's .env and bunfig.toml,
# and the JIT 100× slower to tier up until src/jit.ts restores it (start-up code runs once: compiling it costs more).
COMPILE_FLAGS := --compile --minify --bytecode --format=esm --splitting --no-compile-autoload-dotenv --no-compile-autoload-bunfig \
  --no-compile-autoload-tsconfig --no-compile-autoload-package-json --compile-jit-policy=100

.PHONY: soak all bun deps test check fmt lint typecheck build release startup image run demo bench clean

all: check

$(LOCAL_BUN):
	@command -v npm >/dev/null || { echo "make: need bun >= $(MIN_BUN) or node+npm on PATH" >&2; exit 1; }
	npm install --prefix .tools --no-audit --no-fund --no-save --loglevel=error bun@$(BUN_VERSION)

bun: $(if $(SYSTEM_BUN_OK),,$(LOCAL_BUN))

node_modules/.installed: package.json bun.lock | bun
	$(BUN) install --frozen-lockfile
	@touch $@

deps: node_modules/.installed

# 20 s per test: end-to-end tests spawn processes and servers on a 2-core machine (bunfig's [test] timeout is not read).
# The binaries the tests spawn keep their session cache in .test-results, not in the user's ~/.cache.
test: deps
	@mkdir -p $(dir $(JUNIT))
	XDG_CACHE_HOME=$(CURDIR)/.test-results/cache $(BUN) test --timeout 20000 --reporter=junit --reporter-outfile=$(JUNIT) $(TESTS)

fmt: deps
	$(BUN) x biome format --write .

lint: deps
	$(BUN) x biome check --formatter-enabled=true .

typecheck: deps
	$(BUN) x tsc --noEmit -p .

check: lint typecheck test

build: dist/odoo-mcp

# Rebuilt only when a source (or the dependencies) changed.
dist/odoo-mcp: Makefile node_modules/.installed package.json $(shell find src -type f 2>/dev/null)
	$(BUN) build $(COMPILE_FLAGS) src/main.ts \
	  --define ODOO_MCP_VERSION='"$(VERSION)"' --define ODOO_MCP_TARGET='"$(HOST_TARGET)"' \
	  --outfile dist/odoo-mcp

# Every platform's binary, packed, with SHA256SUMS, under dist/release/ (TARGETS="linux-x64 ..." for a few).
release: deps
	$(BUN) scripts/release.ts $(TARGETS)

# The Dockerfile's runtime stage, built from the locally built binary: no base image, no network (FROM scratch).
# CONTAINER=docker works too; CONTAINER_FLAGS are global flags (make image CONTAINER_FLAGS="--cgroup-manager cgroupfs").
CONTAINER ?= $(if $(shell command -v podman 2>/dev/null),podman,docker)
CONTAINER_FLAGS ?=
IMAGE ?= odoo-mcp:$(VERSION)
image: build
	rm -rf dist/image && mkdir -p dist/image
	scripts/rootfs.sh dist/odoo-mcp dist/image/rootfs
	sed -n '/^# --- runtime/,$$p' Dockerfile | sed 's|^COPY --from=build /rootfs/ /$$|COPY rootfs/ /|' >dist/image/Containerfile
	grep -q '^COPY rootfs/ /$$' dist/image/Containerfile
	$(CONTAINER) $(CONTAINER_FLAGS) build --format docker --pull=never -f dist/image/Containerfile -t $(IMAGE) dist/image

# Binary size and cold start (--version, spawn → initialize) beside a compiled empty Bun program.
startup: build
	$(BUN) scripts/startup.ts dist/odoo-mcp $(RUNS)

run: build
	./dist/odoo-mcp --config $(CONFIG)

demo: deps
	$(BUN) scripts/demo.ts

# The compiled server is what the bench spawns. With ODOO_URL, DATABASE, ODOO_MCP_UID and PASSWORD (or
# ODOO_MCP_API_KEY) the per-call part runs against that Odoo instead of the fake; BENCH_ONLY=percall,http picks sections.
bench: build
	$(BUN) bench/run.ts

# Long reliability run: generated hostile traffic with Odoo faults in turn, for DURATION seconds (default 600) over
# stdio, then as long over every HTTP channel of the built binary.
DURATION ?= 600
soak: deps
	SOAK_SECONDS=$(DURATION) $(BUN) test --timeout 0 tests/reliability/soak.test.ts

clean:
	rm -rf dist .test-results
