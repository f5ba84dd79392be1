# ldfix: one plain Makefile. `make` builds ./ldfix, `make check` runs the
# tests (`make check-long` the slow ones), `make bench` measures speed and
# memory against the peers. None of them installs anything: `make deps` (as
# root, on Debian) installs the packages they need.

VERSION   = 0.1.0
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN      = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wwrite-strings -Wformat=2
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            -DLDFIX_VERSION='"$(VERSION)"'
PREFIX   ?= /usr/local
DESTDIR  ?=
# Where the shipped rule files are installed (and where
# `ldfix -r NAME` finds them): compiled in as LDFIX_RULES_DIR.
RULES_DIR ?= $(PREFIX)/share/ldfix/rules
CPPFLAGS += -DLDFIX_RULES_DIR='"$(RULES_DIR)"'
BUILD    ?= build
# The binary: ./ldfix for the normal build, inside the tree for the others
# (make asan must not replace the ./ldfix a user runs).
BIN      ?= $(if $(filter build,$(BUILD)),ldfix,$(BUILD)/ldfix)

YAML_CFLAGS := $(shell pkg-config --cflags yaml-0.1 2>/dev/null)
YAML_LIBS   := $(shell pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)
# Rule regexes: TRE in every build (src/base/re.h says why; Debian:
# libtre-dev). Its pkg-config file carries Debian's own build flags, so
# only the library is named.
TRE_LIBS    ?= -ltre
# The input's hash runs on a second thread (src/cmd/input.c): pthreads,
# except on Windows (Win32 threads, src/base/os_win.c).
THREAD_LIBS ?= -pthread
CMOCKA_CFLAGS := $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

# src/ is layered (see src/README.md): base, ldif, rules, engine, tasks, cmd.
LAYERS   := base ldif rules engine tasks cmd
LIB_SRC  := $(wildcard $(LAYERS:%=src/%/*.c))
LIB_OBJ  := $(LIB_SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/default_rules.o
TEST_SRC := $(wildcard tests/unit/test_*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_HELPERS := $(filter-out $(TEST_SRC),$(wildcard tests/unit/*.c))
TEST_HELPER_OBJ := $(TEST_HELPERS:tests/unit/%.c=$(BUILD)/tests/%.o)
# Small programs the script tests drive (tests/tools/NAME.c, one each).
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/tools/%)
DEFAULT_RULES := rules/linked-to-user.yaml

# Cross builds (make windows, make static) set these: the platform's
# defines and warnings, and the system libraries after libyaml and TRE.
PLATFORM_CFLAGS ?=
PLATFORM_LIBS   ?=

ALL_CFLAGS = $(WARN) $(CFLAGS) $(PLATFORM_CFLAGS) $(YAML_CFLAGS) -Isrc

.PHONY: all deps check test check-long demo asan asan-clang valgrind bench fuzz \
        install uninstall clean \
        windows check-wine static check-static deb dist
all: $(BIN)

# Installing packages is a step of its own: as root on Debian/Ubuntu,
# `make deps` installs what `make` and `make check` need (tests/deps.sh
# also knows the extra packages of bench, valgrind and fuzz).
deps:
	@sh tests/deps.sh test

# Header probes, run before anything compiles: a missing development
# package stops the build with one line that names it, not with an error
# per source file. Each leaves a stamp in the build tree, so that a built
# tree installs (make install) without a compiler on the PATH.
$(BUILD)/have-cc: | $(BUILD)
	@printf 'int x;\n' | $(CC) $(CPPFLAGS) -E -x c - >/dev/null 2>&1 || \
	{ echo "ldfix: the C compiler '$(CC)' does not run: install gcc or clang, or set CC" >&2; exit 1; }
	@touch $@
$(BUILD)/have-yaml: | $(BUILD)/have-cc
	@printf '#include <yaml.h>\n' | $(CC) $(CPPFLAGS) $(YAML_CFLAGS) -E -x c - >/dev/null 2>&1 || \
	{ echo "ldfix: yaml.h not found: install libyaml's headers (Debian/Ubuntu: libyaml-dev, Fedora: libyaml-devel, Alpine: yaml-dev, Homebrew: libyaml), or add their directory to CPPFLAGS" >&2; exit 1; }
	@touch $@
$(BUILD)/have-tre: | $(BUILD)/have-cc
	@printf '#include <tre/tre.h>\n' | $(CC) $(CPPFLAGS) $(YAML_CFLAGS) -E -x c - >/dev/null 2>&1 || \
	{ echo "ldfix: tre/tre.h not found: install TRE's headers (Debian/Ubuntu: libtre-dev, Fedora: tre-devel, Alpine: tre-dev, Homebrew: tre), or add their directory to CPPFLAGS" >&2; exit 1; }
	@touch $@
$(BUILD)/have-cmocka: | $(BUILD)/have-cc
	@printf '#include <stdarg.h>\n#include <stddef.h>\n#include <setjmp.h>\n#include <stdint.h>\n#include <cmocka.h>\n' | \
	$(CC) $(CPPFLAGS) $(CMOCKA_CFLAGS) -E -x c - >/dev/null 2>&1 || \
	{ echo "ldfix: cmocka.h not found (make check needs it): install cmocka's headers (Debian/Ubuntu: libcmocka-dev, Fedora: libcmocka-devel, Alpine: cmocka-dev, Homebrew: cmocka), or add their directory to CPPFLAGS" >&2; exit 1; }
	@touch $@

$(BIN): $(BUILD)/main.o $(BUILD)/libldfix.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(BUILD)/main.o $(BUILD)/libldfix.a \
	    $(YAML_LIBS) $(TRE_LIBS) $(THREAD_LIBS) $(PLATFORM_LIBS)

$(BUILD)/libldfix.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/%.o: src/%.c | $(BUILD)/have-yaml $(BUILD)/have-tre
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The default rule set is compiled into the binary, so `ldfix plan FILE`
# works without anything installed next to it.
$(BUILD)/default_rules.c: $(DEFAULT_RULES) Makefile | $(BUILD)/have-yaml
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
	@mkdir -p $(BUILD) $(BUILD)/tests

# Unit tests: one object per file, with its header dependencies (-MMD), the
# helpers (ast_build, mem_io) compiled once.
$(TEST_BIN:%=%.o) $(TEST_HELPER_OBJ): $(BUILD)/tests/%.o: tests/unit/%.c | $(BUILD)/have-yaml $(BUILD)/have-cmocka
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -MMD -MP -c -o $@ $<

# Small programs the script tests drive (tests/tools/NAME.c, one each);
# only make check builds them, so they wait for its cmocka probe too.
$(BUILD)/tests/tools/%: tests/tools/%.c $(BUILD)/libldfix.a | $(BUILD)/have-yaml $(BUILD)/have-cmocka
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(BUILD)/libldfix.a $(YAML_LIBS) $(TRE_LIBS) $(THREAD_LIBS) $(PLATFORM_LIBS)

$(TEST_BIN): $(BUILD)/tests/%: $(BUILD)/tests/%.o $(TEST_HELPER_OBJ) $(BUILD)/libldfix.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(TEST_HELPER_OBJ) \
	    $(BUILD)/libldfix.a $(YAML_LIBS) $(TRE_LIBS) $(THREAD_LIBS) $(PLATFORM_LIBS) $(CMOCKA_LIBS)

# The tests under 60 s; check-long the slow ones (tests/long/), which CI
# runs after check.
check test: $(BIN) $(TEST_BIN) $(TOOL_BIN)
	@sh tests/run-tests.sh $(BUILD) $(BIN)

check-long: $(BIN)
	@sh tests/run-tests.sh --long $(BUILD) $(BIN)

# The main job on the shipped sample: the change file on stdout, the
# summary on stderr.
demo: all
	./ldfix plan samples/contoso-ldifde.ldf

# Sanitizers: the whole suite under ASan and UBSan, in its own build tree.
asan:
	$(MAKE) BUILD=build-asan CFLAGS='-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
	    LDFLAGS='-fsanitize=address,undefined' check

# The same under clang's sanitizers, which see some things gcc's do not
# (pointer arithmetic on NULL, for one).
asan-clang:
	$(MAKE) BUILD=build-asan-clang CC=clang CFLAGS='-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer' \
	    LDFLAGS='-fsanitize=address,undefined' check

valgrind:
	@command -v valgrind >/dev/null || \
	{ echo "ldfix: make valgrind needs valgrind (Debian: sh tests/deps.sh valgrind)" >&2; exit 1; }
	@$(MAKE) --no-print-directory $(BIN) $(TEST_BIN) $(TOOL_BIN)
	@LDFIX_VALGRIND=1 sh tests/run-tests.sh $(BUILD) $(BIN)

bench: all
	@sh tests/bench/run.sh

# Every libFuzzer harness, FUZZ_SECONDS each (default 600; CI runs 60).
FUZZ_SECONDS ?= 600
fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/build.sh

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
	rm -rf build build-asan build-asan-clang build-fuzz ldfix
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

# ldfix.exe: 64-bit, static (nothing but Windows system DLLs), C99 printf from MinGW-w64 rather than
# msvcrt's. -Wno-format: GCC checks printf formats against msvcrt's
# dialect on this target; the native builds check the same formats.
windows:
	@command -v $(WIN_PREFIX)gcc >/dev/null && command -v cmake >/dev/null || \
	{ echo "ldfix: make windows needs MinGW-w64 and cmake: run sh tests/deps.sh win (as root)" >&2; exit 1; }
	@sh pkg/debsrc.sh mingw $(WIN_DEPS)
	@$(MAKE) --no-print-directory BUILD=$(WIN_BUILD)/obj BIN=$(WIN_BUILD)/ldfix.exe \
	    CC=$(WIN_PREFIX)gcc AR=$(WIN_PREFIX)ar CFLAGS='-O2' LDFLAGS='-static -s' \
	    PLATFORM_CFLAGS='-D__USE_MINGW_ANSI_STDIO=1 -Wno-format' \
	    YAML_CFLAGS='-I$(WIN_DEPS)/include -DYAML_DECLARE_STATIC' \
	    YAML_LIBS='$(WIN_DEPS)/lib/libyaml.a' \
	    TRE_LIBS='$(WIN_DEPS)/lib/libtre.a' THREAD_LIBS= \
	    PLATFORM_LIBS='-lwinpthread -lbcrypt' $(WIN_BUILD)/ldfix.exe
	@sh pkg/check-dlls.sh $(WIN_PREFIX)objdump $(WIN_BUILD)/ldfix.exe

# The Wine suite (minutes): spec examples, golden plans, the workflow,
# UTF-16 and non-ASCII paths, error cases; see tests/win/t_wine.sh.
check-wine: windows
	@command -v wine >/dev/null || \
	{ echo "ldfix: make check-wine needs Wine: run sh tests/deps.sh win (as root)" >&2; exit 1; }
	@$(MAKE) --no-print-directory $(BIN) $(BUILD)/tests/test_ldif_spec
	@sh tests/win/t_wine.sh $(WIN_BUILD)/ldfix.exe

# A static x86-64 Linux binary with musl: runs with nothing installed.
static:
	@command -v musl-gcc >/dev/null || \
	{ echo "ldfix: make static needs musl-gcc: run sh tests/deps.sh static (as root)" >&2; exit 1; }
	@sh pkg/debsrc.sh musl $(STATIC_DEPS)
	@$(MAKE) --no-print-directory BUILD=$(STATIC_BUILD)/obj BIN=$(STATIC_BUILD)/ldfix \
	    CC=musl-gcc CFLAGS='-O2' LDFLAGS='-static -s' \
	    YAML_CFLAGS='-I$(STATIC_DEPS)/include' \
	    YAML_LIBS='$(STATIC_DEPS)/lib/libyaml.a' \
	    TRE_LIBS='$(STATIC_DEPS)/lib/libtre.a' $(STATIC_BUILD)/ldfix

check-static: static
	@sh tests/static/t_static.sh $(STATIC_BUILD)/ldfix

# ldfix_VERSION_amd64.deb in build-deb/, built with dpkg-buildpackage from a
# copy of the tree (so nothing lands beside the checkout), then lintian.
# The package build skips `make check` (run it on its own) unless DEB_CHECK=1.
deb:
	@command -v dpkg-buildpackage >/dev/null && command -v lintian >/dev/null || \
	{ echo "ldfix: make deb needs dpkg-dev, debhelper and lintian: run sh tests/deps.sh deb (as root)" >&2; exit 1; }
	@sh pkg/deb.sh $(VERSION) build-deb $(if $(DEB_CHECK),,nocheck)

# ldfix-VERSION-windows-x64.zip in build-dist/: ldfix.exe, the rules and
# their README, README.md and the man page as HTML and text.
dist: windows
	@sh pkg/dist.sh $(VERSION) $(WIN_BUILD)/ldfix.exe build-dist

distclean: clean
	rm -rf $(WIN_BUILD) $(STATIC_BUILD)

-include $(wildcard $(BUILD)/*.d $(BUILD)/*/*.d)
