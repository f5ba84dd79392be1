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
#   memory  the record shapes of the issue: one entry of 1M distinct
#           attributes or 3M values plans in under 300 MB (566 MB and
#           336 MB before); 4M attributes and 6M values are refused at the
#           count limits of --max-record; a 16 MB value folded after every
#           byte, a 1 GB line with --max-value 2G and /dev/zero stop early;
#           and at the limits themselves (4,194,304 values, 1,048,576
#           attributes, 240 MB of values) peak memory stays within 1.5
#           times --max-record
#   regex   the issue's unanchored pattern on 1 MB and 16 MB values: linear
#           (11 s per 100 KB with the C library's regexec)
# Timings and peak RSS go to "#" lines. make check-long runs it (about
# 60 s; it writes about 400 MB to $TMPDIR).
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

# ---- memory: peak RSS of each shape ----
# peak NAME MAX-MB WANT-RC [FIRST-STDERR-LINE] -- COMMAND...: ok when
# COMMAND exits WANT-RC (with that first line of standard error) and its
# peak RSS stays under MAX-MB.
peak() {
	p_name=$1 p_max=$2 p_rc=$3 p_line=$4
	shift 5
	/usr/bin/time -f %M -o "$T/rss" "$@" >/dev/null 2>"$T/err"
	p_got=$?
	kb=$(tail -n 1 "$T/rss")
	echo "# $p_name: $((kb / 1024)) MB"
	if [ "$p_got" -eq "$p_rc" ] && [ "$kb" -le $((p_max * 1024)) ] &&
	    { [ -z "$p_line" ] || [ "$(head -n 1 "$T/err")" = "$p_line" ]; }; then
		ok "$p_name (under $p_max MB)"
	else
		not_ok "$p_name (under $p_max MB)"
		echo "#   exit $p_got (want $p_rc), $kb KB"
		show "$T/err"
	fi
}

if [ -x /usr/bin/time ]; then
	$GEN attrs 1000000 "$T/a1m.ldf"
	# (these records are no mailboxes: the export check would refuse an
	# export without the attributes the rules match on)
	NOT_MAILBOXES="--allow-missing msExchRecipientTypeDetails"
	peak "plan: one entry of 1,000,000 distinct attributes" 300 0 "" -- \
	    $LDFIX plan -q $NOT_MAILBOXES "$T/a1m.ldf" -o /dev/null
	$GEN values 3000000 "$T/v3m.ldf"
	peak "plan: one entry of 3,000,000 values" 300 0 "" -- \
	    $LDFIX plan -q $NOT_MAILBOXES "$T/v3m.ldf" -o /dev/null
	$GEN attrs 4000000 "$T/a4m.ldf"
	peak "plan: 4,000,000 attributes are refused at the limit" 300 2 \
	    "ldfix: $T/a4m.ldf:1048578:1: entry has more than 1048576 attributes; raise the limit with --max-record (it allows one per 256 bytes)" -- \
	    $LDFIX plan -q "$T/a4m.ldf" -o /dev/null
	$GEN values 6000000 "$T/v6m.ldf"
	for c in cat plan; do
		peak "$c: 6,000,000 values are refused at the limit" 384 2 \
		    "ldfix: $T/v6m.ldf:4194306:1: record has more than 4194304 values; raise the limit with --max-record (it allows one per 64 bytes)" -- \
		    $LDFIX $c -q "$T/v6m.ldf" -o /dev/null
	done
	rm -f "$T/a4m.ldf" "$T/v6m.ldf"
	$GEN folded 16000000 "$T/f16m.ldf"
	peak "plan: a 16 MB value folded after every byte" 100 0 "" -- \
	    $LDFIX plan -q $NOT_MAILBOXES "$T/f16m.ldf" -o /dev/null
	rm -f "$T/f16m.ldf"
	peak "cat --max-value 2G: a 1 GB line stops at the record limit" 400 2 \
	    "ldfix: -:2:1: line is longer than 357918044 bytes; raise the limit with --max-record" -- \
	    sh -c "$GEN long-line 1073741824 /dev/stdout 2>/dev/null | $LDFIX cat -q --max-value 2G - -o /dev/null"
	peak "plan /dev/zero: stops within the line limit" 100 2 "" -- \
	    $LDFIX plan -q /dev/zero -o "$T/zero.ldf"
	# at the limits themselves
	$GEN values 4194304 "$T/vmax.ldf"
	peak "plan: 4,194,304 values (the limit)" 384 0 "" -- \
	    $LDFIX plan -q $NOT_MAILBOXES "$T/vmax.ldf" -o /dev/null
	rm -f "$T/vmax.ldf"
	$GEN attrs 1048576 "$T/amax.ldf"
	peak "plan: 1,048,576 attributes (the limit)" 384 0 "" -- \
	    $LDFIX plan -q $NOT_MAILBOXES "$T/amax.ldf" -o /dev/null
	rm -f "$T/amax.ldf"
	"$PYTHON" -c 'import sys
f = open(sys.argv[1], "w")
f.write("dn: cn=g,dc=x\n")
for i in range(15):
    f.write("cn: %d" % i + "x" * ((16 << 20) - 8) + "\n")
f.write("\n")' "$T/big.ldf"
	peak "plan: 240 MB of values in one record" 384 0 "" -- \
	    $LDFIX plan -q $NOT_MAILBOXES "$T/big.ldf" -o /dev/null
	rm -f "$T/big.ldf"
else
	echo "# SKIP memory: no /usr/bin/time (Debian: apt-get install time)"
fi

# ---- regex: linear in the value ----
cat >"$T/re.yaml" <<'YAML'
version: 1
rules:
  - id: contoso-mail
    match:
      mail: { regex: "[a-z]+@contoso[.]com" }
    classify:
      - label: contoso
YAML
for mb in 1 16; do
	$GEN regex-value $((mb << 20)) "$T/re.ldf"
	timed "find: the issue's regex on a $mb MB value" 2 \
	    $LDFIX find -q --max-value 32M -r "$T/re.yaml" "$T/re.ldf"
done
if [ -x /usr/bin/time ]; then
	peak "find: the regex on a 16 MB value" 150 0 "" -- \
	    $LDFIX find -q --max-value 32M -r "$T/re.yaml" "$T/re.ldf"
fi

finish
