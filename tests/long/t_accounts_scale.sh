#!/bin/sh
# t_accounts_scale.sh: --accounts keeps memory bounded by the linked
# mailboxes, not by the account export (make check-long: about 15 s, most
# of it generating 70 MB of accounts). An export of 20,000 users (2,000
# linked mailboxes, tests/bench/gen_export.py) is planned with an account
# export of 20,000 and one of 200,000 accounts holding the same 2,000
# owners: the plans are the same but for the header line that names the
# account export, and the peak RSS of the second run is within 2 MB of the
# first. The figures go to "#" lines; make bench measures 1,000,000.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/lib.sh"
require_ldfix || exit 0
if [ ! -x /usr/bin/time ]; then
	echo "# SKIP /usr/bin/time not installed (sh tests/deps.sh bench)"
	exit 0
fi
test_tmpdir accounts-scale
$PYTHON "$TOP/tests/bench/gen_export.py" --count 20000 --crlf \
    --changetype-add >"$T/export.ldf"
# gen_export.py links user i (every tenth) to the account of RID 5000 + i.
for n in 20000 200000; do
	$PYTHON "$TOP/tests/gen_accounts.py" accounts ldifde --extra $n \
	    --first-rid 5000 >"$T/acc-$n.ldf"
done

# run N: plan with acc-N.ldf; its peak RSS in KB into $T/rss-N.
run() {
	/usr/bin/time -f '%e %M' -o "$T/time-$1" $LDFIX plan -q \
	    --accounts "$T/acc-$1.ldf" -o "$T/plan-$1.ldf" "$T/export.ldf" \
	    2>"$T/err-$1"
	_rc=$?
	read -r _s _kb <"$T/time-$1"
	echo "$_kb" >"$T/rss-$1"
	echo "# plan --accounts with $1 accounts ($(wc -c <"$T/acc-$1.ldf") bytes): $_s s, peak RSS $_kb KB"
	return $_rc
}
check "plan --accounts with 20,000 accounts" run 20000
check "plan --accounts with 200,000 accounts" run 200000
same "all 2,000 owners found among 200,000 accounts" \
    "$($LDFIX find --accounts "$T/acc-200000.ldf" -o /dev/null "$T/export.ldf" 2>&1 |
      sed -n 's/^  accounts .*: \(.*\)$/\1/p')" \
    "200010 entries, 2000 master accounts found"
grep -v '^# accounts: ' "$T/plan-20000.ldf" >"$T/a"
grep -v '^# accounts: ' "$T/plan-200000.ldf" | sed 's/acc-200000/acc-20000/' >"$T/b"
same_file "ten times the accounts, the same plan" "$T/b" "$T/a"
small=$(cat "$T/rss-20000") big=$(cat "$T/rss-200000")
if [ "$big" -le $((small + 2048)) ]; then
	ok "ten times the accounts, the same memory ($small KB, $big KB)"
else
	not_ok "ten times the accounts, the same memory ($small KB, $big KB)"
fi
finish
