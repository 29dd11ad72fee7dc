# skillgate - build, run, test. See README.md.
#   make run     install what is missing, build, migrate, seed a demo, serve on :8080
#   make test    every test tier and the lint; ends with "N passed, M failed"
#   make asan    unit and HTTP tiers under AddressSanitizer + UBSan + LeakSanitizer
#   make test-pg the HTTP tier on PostgreSQL (throwaway cluster; also part of make test)
#   make lint    layer table, raw-output and SQL-building checks, their rule tests, formatting
#   make bench   load and latency benchmarks against baselines measured in the same run
#   make fuzz    each libFuzzer target for 60 s (make test runs them 10 s each, tier fuzz)
#   make security  sqlmap and wapiti against a seeded server; fails on any finding

CC      ?= cc
PKGS    := libmicrohttpd sqlite3 libpq libsodium jansson libcmark libcurl zlib
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wvla -Wwrite-strings -Wno-unused-parameter
CFLAGS  += -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) -Isrc -Ibuild/gen \
           -DSKILLGATE_VERSION='"$(VERSION)"' -pthread -MMD -MP
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm -pthread

B       ?= build
SRC     := $(shell find src -name '*.c' | sort)
LIBSRC  := $(filter-out src/main.c,$(SRC))
OBJ     := $(LIBSRC:%.c=$(B)/obj/%.o)
EMBED   := $(sort $(wildcard assets/*) $(wildcard src/db/migrations/*.sql) \
           $(wildcard content/*/*.md) $(wildcard data/*.csv))
PO      := $(sort $(wildcard po/es*.po))
UNITSRC := $(sort $(wildcard tests/unit/test_*.c))
UNITBIN := $(UNITSRC:tests/unit/%.c=$(B)/tests/%)

.PHONY: all run test test-pg http-pg unit http browser asan lint fmt bench deps deps-test i18n-check clean seed

all: deps $(B)/skillgate $(B)/lint.ok

# The code check (tools/lint.py: layer table in tools/layers.txt, output and SQL rules) is part
# of the build: a file that breaks a rule fails `make all`.
$(B)/lint.ok: tools/lint.py tools/layers.txt $(SRC) $(shell find src -name '*.h')
	@mkdir -p $(dir $@)
	@python3 tools/lint.py >$(B)/lint.out || { cat $(B)/lint.out; exit 1; }
	@touch $@

deps:
	@scripts/deps.sh build
deps-test:
	@scripts/deps.sh test

$(B)/skillgate: $(B)/obj/src/main.o $(B)/libskillgate.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/libskillgate.a: $(OBJ) $(B)/obj/gen/embedded.o
	@rm -f $@
	ar rcs $@ $^

$(B)/obj/%.o: %.c | $(B)/gen/embedded.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

# Static assets, migrations, Markdown content, reference data and the Spanish catalog are
# compiled into the binary, so one file is the whole program.
$(B)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

$(B)/gen/es.mo: $(PO)
	@mkdir -p $(dir $@)
	msgcat --use-first -o $(B)/gen/es-all.po $(PO)
	msgfmt --check-format -o $@ $(B)/gen/es-all.po

$(B)/gen/embedded.c $(B)/gen/embedded.h &: $(B)/tools/embed $(EMBED) $(B)/gen/es.mo
	@mkdir -p $(B)/gen
	$(B)/tools/embed $(B)/gen/embedded $(EMBED) $(B)/gen/es.mo=po/es.mo

$(B)/obj/gen/embedded.o: $(B)/gen/embedded.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -c -o $@ $<

run: all
	@mkdir -p var
	$(B)/skillgate migrate
	$(B)/skillgate seed
	$(B)/skillgate serve

# ---- tests -------------------------------------------------------------------------------

$(B)/tests/%: tests/unit/%.c $(B)/libskillgate.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(B)/libskillgate.a $(PKG_LIBS) -lcmocka

unit: all $(UNITBIN)
	@B=$(B) sh tests/unit/run.sh $(UNITBIN)

http: all
	@python3 tests/http/run.py $(B)/skillgate

# The HTTP tier on PostgreSQL: a throwaway cluster in a temporary directory, a database per
# server (tests/lib/pg.py); tier http-pg of `make test`.
test-pg: deps-test http-pg

http-pg: all
	@python3 tests/http/run.py --pg $(B)/skillgate

node_modules/.installed: package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

browser: all node_modules/.installed
	@node tests/browser/run.mjs $(B)/skillgate

asan:
	@$(MAKE) --no-print-directory B=build-asan CC=gcc OPT='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' \
		LDFLAGS='-fsanitize=address,undefined' build-asan/skillgate
	-@$(MAKE) --no-print-directory B=build-asan CC=gcc OPT='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' \
		LDFLAGS='-fsanitize=address,undefined' TIER=asan-unit unit-only
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:quarantine_size_mb=0:thread_local_quarantine_size_kb=0 TIER=asan-http python3 tests/http/run.py build-asan/skillgate

unit-only: $(UNITBIN)
	@B=$(B) sh tests/unit/run.sh $(UNITBIN)

lint:
	@sh tools/lint.sh

i18n-check: all
	@sh tools/i18n-check.sh

fmt:
	clang-format -i $(SRC) $(shell find src -name '*.h')

test: deps-test
	@rm -rf build/test-results; mkdir -p build/test-results
	@$(MAKE) --no-print-directory all
	-@$(MAKE) --no-print-directory unit
	-@$(MAKE) --no-print-directory asan
	-@$(MAKE) --no-print-directory http
	-@$(MAKE) --no-print-directory http-pg
	-@$(MAKE) --no-print-directory browser
	-@$(MAKE) --no-print-directory lint
	-@$(MAKE) --no-print-directory i18n-check
	-@$(MAKE) --no-print-directory fuzz-tier
	@sh tests/summary.sh unit asan-unit asan-http http http-pg browser lint i18n fuzz

# sqlmap and wapiti against a seeded server on loopback, signed in; fails on any finding (about
# 10 minutes; not part of `make test`; see docs/security.md)
security: all
	@scripts/deps.sh security
	@python3 tests/security/run.py $(B)/skillgate

bench: deps-test all
	@bash bench/run.sh

seed: all
	$(B)/skillgate seed

clean:
	rm -rf build build-asan

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

# ---- fuzzing (libFuzzer, clang) -----------------------------------------------------------------
# make fuzz: each tests/fuzz/fuzz_*.c, linked against an instrumented build-fuzz/libskillgate.a,
# runs FUZZ_SECONDS (default 60) from its seeds in tests/fuzz/corpus/<target>/, with a memory
# limit per run (-rss_limit_mb, -malloc_limit_mb: memory that grows faster than the input is a
# finding). `make test` runs the tier `fuzz-tier`: each target for 10 s. Crashes are saved under
# build-fuzz/artifacts/. (clang also flags vsnprintf with a va_list format, which gcc accepts:
# hence -Wno-format-nonliteral here.)
FUZZ_SECONDS ?= 60
FUZZ_OPT := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined
FUZZSRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZBIN  := $(FUZZSRC:tests/fuzz/%.c=build-fuzz/fuzz/%)

.PHONY: fuzz fuzz-tier fuzz-build
fuzz:
	@$(MAKE) --no-print-directory B=build-fuzz CC=clang OPT='$(FUZZ_OPT)' \
		WARN='$(WARN) -Wno-format-nonliteral' fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZBIN)

fuzz-tier:
	@$(MAKE) --no-print-directory FUZZ_SECONDS=10 fuzz

fuzz-build: $(FUZZBIN)

build-fuzz/fuzz/%: tests/fuzz/%.c $(B)/libskillgate.a
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	@$(CC) $(CFLAGS) $(PKG_CFLAGS) -fsanitize=fuzzer -o $@ $< $(B)/libskillgate.a $(PKG_LIBS)

-include $(wildcard build-fuzz/fuzz/*.d)
