#!/bin/sh
# make bench: throughput and peak memory of ldfix against the peers named in
# the issues, on a generated AD-like export (100,000 users, ~140 MB, CRLF,
# ldifde-style "changetype: add", folded at 76 columns, base64 binaries).
#
#   BENCH_COUNT=N   users in the export (default 100000)
#   BENCH_DIR=DIR   where the export is generated and kept (default a temp dir)
#   BENCH_RUNS=N    runs per tool, best time reported (default 3)
#   BENCH_ACCOUNTS=N  accounts in the account forest's export that
#                   "plan --accounts" joins (default 1000000, ~360 MB;
#                   0 leaves it out): its peak RSS shows that memory grows
#                   with the linked mailboxes, not with the accounts
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
COUNT=${BENCH_COUNT:-100000}
RUNS=${BENCH_RUNS:-3}
DIR=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/ldfix-bench.XXXXXX")}
mkdir -p "$DIR"
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$DIR"' EXIT
LDFIX=$TOP/ldfix
PY=/usr/bin/python3
IN=$DIR/export-$COUNT.ldf

[ -x "$LDFIX" ] || { echo "bench: build ldfix first (make)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (Debian: sh tests/deps.sh bench)" >&2; exit 2; }
if [ ! -s "$IN" ]; then
	$PY "$TOP/tests/bench/gen_export.py" --count "$COUNT" --crlf \
	    --changetype-add --containers > "$IN.tmp"
	mv "$IN.tmp" "$IN"
fi
# The account forest of the linked mailboxes above: its Administrator,
# a few owners, and ACCOUNTS more accounts (RID 100000 up), some of which
# own a mailbox (gen_export.py links to RIDs from 5000 up).
ACCOUNTS=${BENCH_ACCOUNTS:-1000000}
ACC=$DIR/accounts-$ACCOUNTS.ldf
if [ "$ACCOUNTS" -gt 0 ] && [ ! -s "$ACC" ]; then
	$PY "$TOP/tests/gen_accounts.py" accounts ldifde --extra "$ACCOUNTS" > "$ACC.tmp"
	mv "$ACC.tmp" "$ACC"
fi
BYTES=$(wc -c < "$IN")
ENTRIES=$((COUNT + 2))
printf 'input: %s entries, %s bytes (%s MB)\n\n' "$ENTRIES" "$BYTES" \
    "$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')"
printf '%-34s %9s %9s %12s %10s\n' tool seconds MB/s entries/s "RSS MB"

# measure NAME CMD...: best wall time of $RUNS runs and the peak RSS.
measure() {
	name=$1; shift
	best=""; rss=0
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		/usr/bin/time -f '%e %M' -o "$DIR/time" "$@" >/dev/null 2>"$DIR/err" || {
			echo "bench: $name failed:" >&2; cat "$DIR/err" >&2; return 1; }
		read -r t m < "$DIR/time"
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
		[ "$m" -gt "$rss" ] && rss=$m
		i=$((i + 1))
	done
	awk -v n="$name" -v t="$best" -v b="$BYTES" -v e="$ENTRIES" -v r="$rss" \
	    'BEGIN { if (t == 0) t = 0.001;
	             printf "%-34s %9.2f %9.1f %12.0f %10.1f\n", n, t, b / t / 1e6, e / t, r / 1024 }'
}

measure "ldfix cat" "$LDFIX" cat "$IN"
measure "ldfix cat --decode" "$LDFIX" cat --decode "$IN"
if "$LDFIX" plan --help >/dev/null 2>&1; then
	measure "ldfix plan (default rules)" "$LDFIX" plan -q "$IN" -o "$DIR/plan.ldf"
	if [ "$ACCOUNTS" -gt 0 ]; then
		measure "ldfix plan --accounts ($ACCOUNTS)" "$LDFIX" plan -q "$IN" \
		    --accounts "$ACC" -o "$DIR/plan-accounts.ldf"
	fi
	measure "ldfix find --format csv" "$LDFIX" find --format csv "$IN" -o "$DIR/find.csv"
	measure "ldfix check" sh -c '"$0" check -q "$1"; [ $? -le 1 ]' "$LDFIX" "$IN"
fi
if command -v ldapmodify >/dev/null 2>&1; then
	measure "ldapmodify -n (OpenLDAP parse)" ldapmodify -n -f "$IN"
fi
if $PY -c 'import ldap' 2>/dev/null && [ "${BENCH_SKIP_PY:-}" != 1 ]; then
	RUNS=1 measure "python-ldap LDIFParser" $PY -c '
import sys, ldif
class P(ldif.LDIFParser):
    def handle(self, dn, entry): pass
with open(sys.argv[1], "rb") as f: P(f).parse()' "$IN"
fi
