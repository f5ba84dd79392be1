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
TEST_HELPER_OBJ := $(TEST_HELPERS:tests/unit/%.c=$(BUILD)/tests/%.o)
# Small programs the script tests drive (tests/tools/NAME.c, one each).
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/tools/%)
DEFAULT_RULES := rules/linked-to-user.yaml

ALL_CFLAGS = $(WARN) $(CFLAGS) $(YAML_CFLAGS) -Isrc

.PHONY: all deps check test check-long demo asan valgrind bench fuzz \
        install uninstall clean have-cc have-yaml have-cmocka
all: $(BIN)

# Installing packages is a step of its own: as root on Debian/Ubuntu,
# `make deps` installs what `make` and `make check` need (tests/deps.sh
# also knows the extra packages of bench, valgrind and fuzz).
deps:
	@sh tests/deps.sh test

# Header probes, run before anything compiles: a missing development
# package stops the build with one line that names it, not with an error
# per source file.
have-cc:
	@printf 'int x;\n' | $(CC) $(CPPFLAGS) -E -x c - >/dev/null 2>&1 || \
	{ echo "ldfix: the C compiler '$(CC)' does not run: install gcc or clang, or set CC" >&2; exit 1; }
have-yaml: have-cc
	@printf '#include <yaml.h>\n' | $(CC) $(CPPFLAGS) $(YAML_CFLAGS) -E -x c - >/dev/null 2>&1 || \
	{ echo "ldfix: yaml.h not found: install libyaml's headers (Debian/Ubuntu: libyaml-dev, Fedora: libyaml-devel, Alpine: yaml-dev, Homebrew: libyaml), or add their directory to CPPFLAGS" >&2; exit 1; }
have-cmocka: have-cc
	@printf '#include <stdarg.h>\n#include <stddef.h>\n#include <setjmp.h>\n#include <stdint.h>\n#include <cmocka.h>\n' | \
	$(CC) $(CPPFLAGS) $(CMOCKA_CFLAGS) -E -x c - >/dev/null 2>&1 || \
	{ echo "ldfix: cmocka.h not found (make check needs it): install cmocka's headers (Debian/Ubuntu: libcmocka-dev, Fedora: libcmocka-devel, Alpine: cmocka-dev, Homebrew: cmocka), or add their directory to CPPFLAGS" >&2; exit 1; }

$(BIN): $(BUILD)/main.o $(BUILD)/libldfix.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(BUILD)/main.o $(BUILD)/libldfix.a $(YAML_LIBS)

$(BUILD)/libldfix.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/%.o: src/%.c | $(BUILD) have-yaml
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The default rule set is compiled into the binary, so `ldfix plan FILE`
# works without anything installed next to it.
$(BUILD)/default_rules.c: $(DEFAULT_RULES) Makefile | $(BUILD) have-yaml
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
$(TEST_BIN:%=%.o) $(TEST_HELPER_OBJ): $(BUILD)/tests/%.o: tests/unit/%.c | $(BUILD) have-yaml have-cmocka
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -MMD -MP -c -o $@ $<

# Small programs the script tests drive (tests/tools/NAME.c, one each).
$(BUILD)/tests/tools/%: tests/tools/%.c $(BUILD)/libldfix.a | $(BUILD) have-yaml
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(BUILD)/libldfix.a $(YAML_LIBS)

$(TEST_BIN): $(BUILD)/tests/%: $(BUILD)/tests/%.o $(TEST_HELPER_OBJ) $(BUILD)/libldfix.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(TEST_HELPER_OBJ) \
	    $(BUILD)/libldfix.a $(YAML_LIBS) $(CMOCKA_LIBS)

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

valgrind:
	@command -v valgrind >/dev/null || \
	{ echo "ldfix: make valgrind needs valgrind (Debian: sh tests/deps.sh valgrind)" >&2; exit 1; }
	@$(MAKE) --no-print-directory $(BIN) $(TEST_BIN) $(TOOL_BIN)
	@LDFIX_VALGRIND=1 sh tests/run-tests.sh $(BUILD) $(BIN)

bench: all
	@sh tests/bench/run.sh

fuzz:
	@sh tests/fuzz/build.sh

install: ldfix
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 0755 ldfix $(DESTDIR)$(PREFIX)/bin/ldfix
	install -m 0644 ldfix.1 $(DESTDIR)$(PREFIX)/share/man/man1/ldfix.1
	install -m 0644 ldfix.bash \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ldfix

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ldfix $(DESTDIR)$(PREFIX)/share/man/man1/ldfix.1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ldfix

clean:
	rm -rf build build-asan build-fuzz ldfix

-include $(wildcard $(BUILD)/*.d $(BUILD)/*/*.d)
