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
# Each suite's line gives its count and its wall time; LDFIX_TEST_JOBS
# (default 2) suites run at a time, shown in order.
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
# LDFIX_TEST_JOBS suites run at a time (default 2); results are printed in
# suite order all the same.
JOBS=${LDFIX_TEST_JOBS:-2}
passed=0
failed=0
failures=""
dir=$(mktemp -d "${TMPDIR:-/tmp}/ldfix-run-tests.XXXXXX") || exit 2
trap 'rm -rf "$dir"' EXIT

# now_ms: milliseconds since the epoch (whole seconds where date has no %N).
now_ms()
{
	_ms=$(date +%s%N)
	case $_ms in
	*N) echo $(($(date +%s) * 1000)) ;;
	*) echo $((_ms / 1000000)) ;;
	esac
}

# run_suite I PATH: runs suite number I (a cmocka binary or a script),
# its output into $dir/I.log, "STATUS MILLISECONDS" into $dir/I.rc.
run_suite()
{
	_start=$(now_ms)
	case $2 in
	*.sh) sh "$2" >"$dir/$1.log" 2>&1 ;;
	*) $VG "$2" >"$dir/$1.log" 2>&1 ;;
	esac
	echo "$? $(($(now_ms) - _start))" >"$dir/$1.rc"
}

# tally I PATH: adds suite I's counts to the totals and prints its line;
# shows its log when it failed. cmocka binaries are counted from cmocka's
# summary, scripts from their ok / not ok lines.
tally()
{
	_log="$dir/$1.log"
	read -r _rc _ms <"$dir/$1.rc"
	case $2 in
	*.sh)
		_name=$(basename "$2" .sh)
		_p=$(grep -c '^ok ' "$_log")
		_f=$(grep -c '^not ok ' "$_log")
		;;
	*)
		_name=$(basename "$2")
		_p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' "$_log" | tail -n 1)
		_f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p' "$_log" | tail -n 1)
		_p=${_p:-0}
		_f=${_f:-0}
		;;
	esac
	if [ "$_rc" -ne 0 ] && [ "$_f" -eq 0 ]; then
		_f=1   # crashed, or valgrind error: count the suite as one failure
	fi
	passed=$((passed + _p)); failed=$((failed + _f))
	if [ "$_rc" -ne 0 ] || [ "$_f" -ne 0 ]; then
		failures="$failures $_name"
		cat "$_log"
	fi
	printf '%s: %s passed, %s failed (%d.%01d s)\n' "$_name" "$_p" "$_f" \
	    $((_ms / 1000)) $((_ms % 1000 / 100))
}

# The suites, in order, as the positional parameters.
if [ -z "$LONG" ]; then
	units="$BUILD/tests/test_*"
	scripts="tests/t_*.sh tests/e2e/t_*.sh"
else
	units=
	scripts="tests/long/t_*.sh"
fi
set --
for t in $units; do
	[ -x "$t" ] && set -- "$@" "$t"
done
for t in $scripts; do
	[ -f "$t" ] && set -- "$@" "$t"
done

# Suites start while fewer than JOBS have started and not been shown; each
# is shown, in order, when it has ended.
launched=0
shown=0
while [ "$shown" -lt $# ]; do
	while [ "$launched" -lt $# ] && [ $((launched - shown)) -lt "$JOBS" ]; do
		launched=$((launched + 1))
		eval "run_suite $launched \"\${$launched}\" &"
		eval "pid_$launched=\$!"
	done
	shown=$((shown + 1))
	eval "wait \"\$pid_$shown\""
	eval "tally $shown \"\${$shown}\""
done

[ -n "$failures" ] && echo "failing:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
