#!/bin/sh
# Builds every libFuzzer harness tests/fuzz/fuzz_*.c with clang against the
# library sources (src/*/*.c: everything but main.c) and the harnesses'
# read callback (tests/fuzz/feed.c) into build-fuzz/, then
# runs each one for FUZZ_SECONDS seconds (default 60; 0 builds only) and
# prints its executions. New inputs go to build-fuzz/corpus/NAME, crashes
# to build-fuzz/NAME-crash-*; seeds come from the tree (rule files for
# fuzz_rules, tests/fuzz/seeds/NAME when it exists, else samples for the
# LDIF harnesses). The first harness that finds something stops the script
# with its status, so CI fails.
#   fuzz_ldif        the reader            fuzz_rules   the rule loader
#   fuzz_sd          security descriptors  fuzz_names   DN, SID, CSV, --only @FILE
#   fuzz_roundtrip   read, cat, read again: the same records
#   fuzz_apply       apply a random change file to a random export
#   fuzz_plan_cycle  plan, apply, apply the undo: the export comes back
#   fuzz_skim        the reader's fast path reads what the full one reads
#   make fuzz                   build and run every harness 600 s
#   make fuzz FUZZ_SECONDS=60   what CI runs
#   FUZZ_SECONDS=600 sh tests/fuzz/build.sh fuzz_rules
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP"
OUT=build-fuzz
CC=${FUZZ_CC:-clang}
SECONDS_EACH=${FUZZ_SECONDS:-60}
SAN="address,undefined"
CFLAGS="-std=c11 -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all"
CPPFLAGS="-D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Isrc"
YAML_CFLAGS=$(pkg-config --cflags yaml-0.1 2>/dev/null || true)
YAML_LIBS=$(pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)

# Tools are installed by `sh tests/deps.sh fuzz`, never here: say so.
if ! printf 'int LLVMFuzzerTestOneInput(const unsigned char *p, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *p, unsigned long n) { return (int)(p[0] + n) * 0; }\n' |
    $CC -fsanitize=fuzzer -x c -o /dev/null - >/dev/null 2>&1; then
	echo "ldfix: make fuzz needs clang with libFuzzer ('$CC -fsanitize=fuzzer' fails; Debian: sh tests/deps.sh fuzz)" >&2
	exit 1
fi
mkdir -p "$OUT/obj" "$OUT/corpus"
make -s BUILD="$OUT" "$OUT/default_rules.c"
objs=""
for src in src/*/*.c "$OUT/default_rules.c"; do
	obj="$OUT/obj/$(basename "$src" .c).o"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] ||
	    [ -n "$(find src -name '*.h' -newer "$obj" 2>/dev/null)" ]; then
		$CC $CPPFLAGS '-DLDFIX_VERSION="fuzz"' '-DLDFIX_RULES_DIR="rules"' $CFLAGS $YAML_CFLAGS \
		    -fsanitize=fuzzer-no-link,$SAN -c -o "$obj" "$src"
	fi
	objs="$objs $obj"
done

want=${1:-}
for harness in tests/fuzz/fuzz_*.c; do
	[ -f "$harness" ] || continue
	name=$(basename "$harness" .c)
	[ -n "$want" ] && [ "$want" != "$name" ] && continue
	# fuzz_skim compares two readers with the unit tests' comparer
	extra=""
	[ "$name" = fuzz_skim ] && extra=tests/unit/skim_same.c
	$CC $CPPFLAGS $CFLAGS $YAML_CFLAGS -fsanitize=fuzzer,$SAN \
	    -o "$OUT/$name" "$harness" tests/fuzz/feed.c $extra $objs $YAML_LIBS -ltre -pthread
	echo "built $OUT/$name"
	[ "$SECONDS_EACH" -gt 0 ] || continue
	case $name in
	fuzz_rules) seeds="rules tests/rules-bad" ;;
	*) seeds="samples"
	   [ -d "tests/fuzz/seeds/$name" ] && seeds="tests/fuzz/seeds/$name" ;;
	esac
	mkdir -p "$OUT/corpus/$name"
	# shellcheck disable=SC2086
	"$OUT/$name" -max_total_time="$SECONDS_EACH" -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$OUT/$name-" "$OUT/corpus/$name" $seeds \
	    2>"$OUT/$name.log" || { tail -n 40 "$OUT/$name.log" >&2; exit 1; }
	echo "$name: $(sed -n 's/^stat::number_of_executed_units: *//p' \
	    "$OUT/$name.log") executions in $SECONDS_EACH s"
done
