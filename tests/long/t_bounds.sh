#!/bin/sh
# t_bounds.sh: no input may cost time or memory out of proportion (issue
# 10). tests/long/gen_hostile.py writes each hostile shape; each case
# checks the result, the wall time against a bound and, where the issue
# measured it, the peak RSS (/usr/bin/time -f %M) against a bound.
#   apply   one record deleting 100,000 attributes, add: member with
#           200,000 values, an add record of 200,000 values, 20,000
#           one-value records against one group: each under 1 s (they
#           took 3.5 s to 136 s when apply copied the entry per record
#           and searched values linearly)
# Timings go to "#" lines. make check-long runs it (about 30 s).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
require_ldfix || exit 0
test_tmpdir bounds
GEN="$PYTHON tests/long/gen_hostile.py"

# timed NAME SECONDS COMMAND...: run COMMAND (stdout to $T/out, stderr to
# $T/err), ok when it exits 0 within SECONDS; its time in ms in $ms. It is
# stopped after ten times that.
timed() {
	t_name=$1 t_max=$2
	shift 2
	t0=$(date +%s%N)
	timeout $((t_max * 10)) "$@" >"$T/out" 2>"$T/err"
	t_rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	echo "# $t_name: $ms ms"
	if [ "$t_rc" -eq 0 ] && [ "$ms" -le $((t_max * 1000)) ]; then
		ok "$t_name (${t_max} s at most)"
	else
		not_ok "$t_name (${t_max} s at most)"
		echo "#   exit $t_rc after $ms ms"
		show "$T/err"
	fi
}

# ---- apply: every operation O(1), no copy of the entry per record ----
$GEN del-attrs 100000 "$T/da.ldf" "$T/da.chg"
timed "apply: one record deletes 100,000 attributes" 1 \
    $LDFIX apply -q "$T/da.ldf" "$T/da.chg"
same "apply: the entry is left with its objectClass" \
    "$(cat "$T/out")" "$(printf 'version: 1\n\ndn: cn=g,dc=x\nobjectClass: top\n')"

$GEN add-member 200000 "$T/am.ldf" "$T/am.chg"
timed "apply: add: member with 200,000 values" 1 \
    $LDFIX apply -q "$T/am.ldf" "$T/am.chg"
same "apply: the group has 200,000 members" \
    "$(grep -c '^member: ' "$T/out")" 200000

$GEN add-record 200000 "$T/ar.ldf" "$T/ar.chg"
timed "apply: an add record with 200,000 values" 1 \
    $LDFIX apply -q "$T/ar.ldf" "$T/ar.chg"
same "apply: the added entry has 200,000 members" \
    "$(grep -c '^member: ' "$T/out")" 200000

$GEN one-by-one 20000 "$T/ob.ldf" "$T/ob.chg"
timed "apply: 20,000 one-value records against one group" 1 \
    $LDFIX apply -q "$T/ob.ldf" "$T/ob.chg"
same "apply: every member is gone" "$(grep -c '^member: ' "$T/out")" 0

finish
