#!/bin/sh
# Runs the tests of ldfix and ends with one line "N passed, N failed".
#
#   cmocka unit tests  BUILD/tests/test_*     counted from cmocka's summary
#   script tests       tests/t_*.sh, tests/e2e/t_*.sh
#                      print "ok - name" / "not ok - name" lines (TAP-like)
#   with --long        only tests/long/t_*.sh: the slow scripts (make
#                      check-long), kept out of make check's 60 s
#
# Usage: run-tests.sh [--long] [BUILD [BIN]] (default build, ldfix).
# Each suite's line gives its count and its wall time.
# Scripts find the binary in $LDFIX (a command line: with LDFIX_VALGRIND=1 it
# runs ldfix under valgrind), the build tree in $BUILD, the python3 to run
# in $PYTHON, and may use $TMPDIR.
set -u
LONG=
if [ "${1:-}" = --long ]; then
	LONG=1
	shift
fi
BUILD=${1:-build}
BIN=${2:-ldfix}
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2
export BUILD TOP
if [ "${LDFIX_VALGRIND:-}" = 1 ]; then
	VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
	LDFIX="$VG $TOP/$BIN"
	# valgrind is ~30x slower: the scale test proves correctness, not
	# speed, at 2,000 entries (check-long's plain run keeps 20,000).
	LDFIX_E2E_COUNT=${LDFIX_E2E_COUNT:-2000}
	export LDFIX_E2E_COUNT
else
	VG=""
	LDFIX="$TOP/$BIN"
fi
export LDFIX
# One python3 for every script, found once (tests/lib.sh says which).
. "$TOP/tests/lib.sh"
export PYTHON
passed=0
failed=0
failures=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# now_ms: milliseconds since the epoch (whole seconds where date has no %N).
now_ms()
{
	_ms=$(date +%s%N)
	case $_ms in
	*N) echo $(($(date +%s) * 1000)) ;;
	*) echo $((_ms / 1000000)) ;;
	esac
}

# tally NAME RC PASSED FAILED START: adds a suite's counts to the totals
# and prints its line; shows the log when it failed.
tally()
{
	_f=$4
	if [ "$2" -ne 0 ] && [ "$_f" -eq 0 ]; then
		_f=1   # crashed, or valgrind error: count the suite as one failure
	fi
	passed=$((passed + $3)); failed=$((failed + _f))
	if [ "$2" -ne 0 ] || [ "$_f" -ne 0 ]; then
		failures="$failures $1"
		cat "$log"
	fi
	_ms=$(($(now_ms) - $5))
	printf '%s: %s passed, %s failed (%d.%01d s)\n' "$1" "$3" "$_f" \
	    $((_ms / 1000)) $((_ms % 1000 / 100))
}

if [ -z "$LONG" ]; then
	units="$BUILD/tests/test_*"
	scripts="tests/t_*.sh tests/e2e/t_*.sh"
else
	units=
	scripts="tests/long/t_*.sh"
fi

for t in $units; do
	[ -x "$t" ] || continue
	start=$(now_ms)
	$VG "$t" >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' "$log" | tail -n 1)
	tally "$(basename "$t")" "$rc" "${p:-0}" "${f:-0}" "$start"
done

for t in $scripts; do
	[ -f "$t" ] || continue
	start=$(now_ms)
	sh "$t" >"$log" 2>&1
	rc=$?
	tally "$(basename "$t" .sh)" "$rc" "$(grep -c '^ok ' "$log")" \
	    "$(grep -c '^not ok ' "$log")" "$start"
done

[ -n "$failures" ] && echo "failing:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
