# ldfix: one plain Makefile. `make` builds ./ldfix, `make check` runs every
# test, `make bench` measures speed and memory against the peers.

VERSION   = 0.1.0
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wwrite-strings -Wformat=2
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            -DLDFIX_VERSION='"$(VERSION)"'
PREFIX   ?= /usr/local
DESTDIR  ?=
# Where the shipped rule files are installed (and, with issue 9, where
# `ldfix -r NAME` finds them): compiled in as LDFIX_RULES_DIR.
RULES_DIR ?= $(PREFIX)/share/ldfix/rules
CPPFLAGS += -DLDFIX_RULES_DIR='"$(RULES_DIR)"'
BUILD    ?= build
# The binary: ./ldfix for the normal build, inside the tree for the others
# (make asan must not replace the ./ldfix a user runs).
BIN      ?= $(if $(filter build,$(BUILD)),ldfix,$(BUILD)/ldfix)

YAML_CFLAGS := $(shell pkg-config --cflags yaml-0.1 2>/dev/null)
YAML_LIBS   := $(shell pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

# src/ is layered (see src/README.md): base, ldif, rules, engine, tasks, cmd.
LAYERS   := base ldif rules engine tasks cmd
LIB_SRC  := $(wildcard $(LAYERS:%=src/%/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/default_rules.o
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_HELPERS := $(filter-out $(TEST_SRC),$(wildcard tests/unit/*.c))
DEFAULT_RULES := rules/linked-to-user.yaml

# Cross builds (make windows, make static) set these: the platform's
# defines and warnings, and the libraries after libyaml (TRE, system).
PLATFORM_CFLAGS ?=
PLATFORM_LIBS   ?=

ALL_CFLAGS = $(WARN) $(CFLAGS) $(PLATFORM_CFLAGS) $(YAML_CFLAGS) -Isrc

.PHONY: all deps-build deps-test check test demo asan valgrind bench fuzz \
        install uninstall clean windows check-wine static check-static deb dist
all: deps-build $(BIN)

# Fresh Debian 12 machines: install missing packages (as root) or say which.
deps-build:
	@sh tests/deps.sh build
deps-test:
	@sh tests/deps.sh test

$(BIN): $(BUILD)/main.o $(BUILD)/libldfix.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(BUILD)/main.o $(BUILD)/libldfix.a \
	    $(YAML_LIBS) $(PLATFORM_LIBS)

$(BUILD)/libldfix.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/%.o: src/%.c | $(BUILD)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The default rule set is compiled into the binary, so `ldfix plan FILE`
# works without anything installed next to it.
$(BUILD)/default_rules.c: $(DEFAULT_RULES) Makefile | $(BUILD)
	{ echo '/* Generated from $(DEFAULT_RULES) by the Makefile. */'; \
	  echo '#include <stddef.h>'; \
	  echo 'const char ldfix_default_rules_name[] = "(built-in) $(DEFAULT_RULES)";'; \
	  echo 'const unsigned char ldfix_default_rules[] = {'; \
	  od -An -v -tx1 $(DEFAULT_RULES) | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0x00 };'; \
	  echo 'const size_t ldfix_default_rules_len = sizeof(ldfix_default_rules) - 1;'; \
	} > $@.tmp && mv $@.tmp $@

$(BUILD)/default_rules.o: $(BUILD)/default_rules.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD):
	mkdir -p $(BUILD) $(BUILD)/tests

$(BUILD)/tests/%: tests/unit/%.c $(TEST_HELPERS) $(BUILD)/libldfix.a | $(BUILD)
	$(CC) $(CPPFLAGS) -Isrc $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -o $@ $< \
	    $(TEST_HELPERS) $(BUILD)/libldfix.a $(YAML_LIBS) $(CMOCKA_LIBS)

check test: deps-test
	@$(MAKE) --no-print-directory $(BIN) $(TEST_BIN)
	@sh tests/run-tests.sh $(BUILD) $(BIN)

# The main job on the shipped sample: the change file on stdout, the
# summary on stderr.
demo: all
	./ldfix plan samples/contoso-ldifde.ldf

# Sanitizers: the whole suite under ASan and UBSan, in its own build tree.
asan: deps-test
	$(MAKE) BUILD=build-asan CFLAGS='-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
	    LDFLAGS='-fsanitize=address,undefined' check

valgrind:
	@sh tests/deps.sh valgrind
	@$(MAKE) --no-print-directory $(BIN) $(TEST_BIN)
	@LDFIX_VALGRIND=1 sh tests/run-tests.sh $(BUILD) $(BIN)

bench: all
	@sh tests/deps.sh bench
	@sh tests/bench/run.sh

fuzz:
	@sh tests/deps.sh fuzz
	@sh tests/fuzz/build.sh

install: ldfix
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	    $(DESTDIR)$(RULES_DIR)
	install -m 0755 ldfix $(DESTDIR)$(PREFIX)/bin/ldfix
	install -m 0644 ldfix.1 $(DESTDIR)$(PREFIX)/share/man/man1/ldfix.1
	install -m 0644 ldfix.bash \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ldfix
	install -m 0644 rules/*.yaml rules/README.md $(DESTDIR)$(RULES_DIR)

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ldfix $(DESTDIR)$(PREFIX)/share/man/man1/ldfix.1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ldfix
	rm -f $(DESTDIR)$(RULES_DIR)/*.yaml $(DESTDIR)$(RULES_DIR)/README.md
	-rmdir $(DESTDIR)$(RULES_DIR) $(DESTDIR)$(PREFIX)/share/ldfix

clean:
	rm -rf build build-asan build-fuzz ldfix
	rm -rf $(WIN_BUILD)/obj $(STATIC_BUILD)/obj build-deb build-dist

# ---- Other forms: ldfix.exe, a static Linux binary, a .deb, a zip ----
# The cross builds link libyaml and TRE built from Debian's own source
# packages (pkg/debsrc.sh, apt-get source) in the build tree; `make clean`
# keeps those (and the Wine prefix), `make distclean` removes them too.
WIN_BUILD     = build-win
WIN_DEPS      = $(WIN_BUILD)/deps
WIN_PREFIX    = x86_64-w64-mingw32-
STATIC_BUILD  = build-static
STATIC_DEPS   = $(STATIC_BUILD)/deps

# ldfix.exe: 64-bit, static (nothing but Windows system DLLs), regex from
# TRE (MinGW has no <regex.h>), C99 printf from MinGW-w64 rather than
# msvcrt's. -Wno-format: GCC checks printf formats against msvcrt's
# dialect on this target; the native builds check the same formats.
windows:
	@sh tests/deps.sh win
	@sh pkg/debsrc.sh mingw $(WIN_DEPS)
	@$(MAKE) --no-print-directory BUILD=$(WIN_BUILD)/obj BIN=$(WIN_BUILD)/ldfix.exe \
	    CC=$(WIN_PREFIX)gcc AR=$(WIN_PREFIX)ar CFLAGS='-O2' LDFLAGS='-static -s' \
	    PLATFORM_CFLAGS='-D__USE_MINGW_ANSI_STDIO=1 -DLDFIX_REGEX_TRE -Wno-format' \
	    YAML_CFLAGS='-I$(WIN_DEPS)/include -DYAML_DECLARE_STATIC' \
	    YAML_LIBS='$(WIN_DEPS)/lib/libyaml.a' \
	    PLATFORM_LIBS='$(WIN_DEPS)/lib/libtre.a -lwinpthread -lbcrypt' $(WIN_BUILD)/ldfix.exe
	@sh pkg/check-dlls.sh $(WIN_PREFIX)objdump $(WIN_BUILD)/ldfix.exe

# The Wine suite (minutes): spec examples, golden plans, the workflow,
# UTF-16 and non-ASCII paths, error cases; see tests/win/t_wine.sh.
check-wine: windows deps-test
	@$(MAKE) --no-print-directory $(BIN) $(BUILD)/tests/test_ldif_spec
	@sh tests/win/t_wine.sh $(WIN_BUILD)/ldfix.exe

# A static x86-64 Linux binary with musl: runs with nothing installed.
static:
	@sh tests/deps.sh static
	@sh pkg/debsrc.sh musl $(STATIC_DEPS)
	@$(MAKE) --no-print-directory BUILD=$(STATIC_BUILD)/obj BIN=$(STATIC_BUILD)/ldfix \
	    CC=musl-gcc CFLAGS='-O2' LDFLAGS='-static -s' PLATFORM_CFLAGS=-DLDFIX_REGEX_TRE \
	    YAML_CFLAGS='-I$(STATIC_DEPS)/include' \
	    YAML_LIBS='$(STATIC_DEPS)/lib/libyaml.a' \
	    PLATFORM_LIBS='$(STATIC_DEPS)/lib/libtre.a' $(STATIC_BUILD)/ldfix

check-static: static
	@sh tests/static/t_static.sh $(STATIC_BUILD)/ldfix

# ldfix_VERSION_amd64.deb in build-deb/, built with dpkg-buildpackage from a
# copy of the tree (so nothing lands beside the checkout), then lintian.
# The package build skips `make check` (run it on its own) unless DEB_CHECK=1.
deb:
	@sh tests/deps.sh deb
	@sh pkg/deb.sh $(VERSION) build-deb $(if $(DEB_CHECK),,nocheck)

# ldfix-VERSION-windows-x64.zip in build-dist/: ldfix.exe, the rules and
# their README, README.md and the man page as HTML and text.
dist: windows
	@sh pkg/dist.sh $(VERSION) $(WIN_BUILD)/ldfix.exe build-dist

distclean: clean
	rm -rf $(WIN_BUILD) $(STATIC_BUILD)

-include $(wildcard $(BUILD)/*.d $(BUILD)/*/*.d)
