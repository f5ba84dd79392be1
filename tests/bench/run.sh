#!/bin/sh
# make bench: CPU and wall time, throughput and peak memory of ldfix against
# the peers named in the issues, on a generated AD-like export (100,000
# mailboxes, ~197 MB: CRLF, ldifde-style "changetype: add", folded at 76
# columns, base64 SIDs, GUIDs and the two security descriptors the rules
# test, one linked mailbox in ten). Prints Markdown tables (tests/bench/
# bench.py measures: median of paired rounds, ratios per round).
#
#   BENCH_BIG=1       the table on a ~1 GB export (507,000 mailboxes)
#   BENCH_COUNT=N     mailboxes in the table's export (default 100000)
#   BENCH_RUNS=N      rounds (default 5): every tool once per round
#   BENCH_DIR=DIR     where the exports are generated and kept (default a
#                     temporary directory, removed at the end)
#   BENCH_LINEAR=0    leave out the linearity rows (plan and cat on ~10 MB,
#                     ~100 MB and ~1 GB exports of the same shape)
#   BENCH_ACCOUNTS=N  accounts in the account forest's export that
#                     "plan --accounts" joins (default 1000000, ~360 MB;
#                     0 leaves it out): its peak RSS shows that memory grows
#                     with the linked mailboxes, not with the accounts
#   BENCH_BASELINE=LDFIX  also time this (older) ldfix binary, in the same
#                     rounds: its rows are named "before: ..."
#   BENCH_SKIP_PY=1   leave out python-ldap (slow)
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
if [ "${BENCH_BIG:-0}" = 1 ]; then
	COUNT=${BENCH_COUNT:-507000}
else
	COUNT=${BENCH_COUNT:-100000}
fi
RUNS=${BENCH_RUNS:-5}
DIR=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/ldfix-bench.XXXXXX")}
mkdir -p "$DIR"
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$DIR"' EXIT
LDFIX=$TOP/ldfix
BASE=${BENCH_BASELINE:-}
PY=/usr/bin/python3

[ -x "$LDFIX" ] || { echo "bench: build ldfix first (make)" >&2; exit 2; }
[ -z "$BASE" ] || [ -x "$BASE" ] || { echo "bench: BENCH_BASELINE=$BASE is not an executable" >&2; exit 2; }
[ -x "$PY" ] || { echo "bench: needs Debian's python3 (sh tests/deps.sh bench)" >&2; exit 2; }
command -v ldapmodify >/dev/null 2>&1 ||
	{ echo "bench: needs ldapmodify (Debian: sh tests/deps.sh bench)" >&2; exit 2; }

# export N: the generated export of N mailboxes (made once per BENCH_DIR).
export_of() {
	f=$DIR/export-$1.ldf
	if [ ! -s "$f" ]; then
		echo "bench: generating $f" >&2
		$PY "$TOP/tests/bench/gen_export.py" --count "$1" --crlf \
		    --changetype-add --containers --sd > "$f.tmp"
		mv "$f.tmp" "$f"
	fi
	echo "$f"
}
IN=$(export_of "$COUNT")
# The ~100 MB export is python-ldap's slice (it parses 30 MB/s).
SLICE_COUNT=50700
SLICE=$(export_of "$SLICE_COUNT")

# The account forest of the linked mailboxes above: its Administrator,
# a few owners, and ACCOUNTS more accounts (RID 100000 up), some of which
# own a mailbox (gen_export.py links to RIDs from 5000 up).
ACCOUNTS=${BENCH_ACCOUNTS:-1000000}
ACC=$DIR/accounts-$ACCOUNTS.ldf
if [ "$ACCOUNTS" -gt 0 ] && [ ! -s "$ACC" ]; then
	echo "bench: generating $ACC" >&2
	$PY "$TOP/tests/gen_accounts.py" accounts ldifde --extra "$ACCOUNTS" > "$ACC.tmp"
	mv "$ACC.tmp" "$ACC"
fi

# The tools, as bench.py takes them: NAME CMD... --, with {IN} the input
# and {OUT} a scratch output. cat writes to standard output (/dev/null),
# as ldapmodify -n does; plan and find write a file.
set -- "wc -l" wc -l "{IN}" -- \
    "ldapmodify -a -n" ldapmodify -a -n -f "{IN}" --
if [ "${BENCH_SKIP_PY:-}" != 1 ] && $PY -c 'import ldif' 2>/dev/null; then
	set -- "$@" "py:python-ldap LDIFParser" $PY -c '
import sys, ldif
class P(ldif.LDIFParser):
    def handle(self, dn, entry): pass
with open(sys.argv[1], "rb") as f: P(f).parse()' "{IN}" --
fi
# ldfix_rows PREFIX BINARY: the ldfix commands of the table.
ldfix_rows() {
	p=$1 bin=$2
	set -- "${p}ldfix cat" "$bin" cat "{IN}" -- \
	    "${p}ldfix cat --decode" "$bin" cat --decode "{IN}" -- \
	    "${p}ldfix plan" "$bin" plan -q "{IN}" -o "{OUT}" -- \
	    "${p}ldfix find --format csv" "$bin" find --format csv "{IN}" -o "{OUT}" -- \
	    "${p}ldfix check" "$bin" check -q "{IN}" --
	# (--accounts is newer than the baselines worth comparing with.)
	if [ "$ACCOUNTS" -gt 0 ] && [ -z "$p" ]; then
		set -- "$@" "${p}ldfix plan --accounts ($ACCOUNTS)" "$bin" plan -q \
		    "{IN}" --accounts "$ACC" -o "{OUT}" --
	fi
	for a in "$@"; do printf '%s\n' "$a"; done
}
# Word lists with spaces: through a file, one argument a line.
ldfix_rows "" "$LDFIX" > "$DIR/rows"
[ -z "$BASE" ] || ldfix_rows "before: " "$BASE" >> "$DIR/rows"
ENTRIES=$((COUNT + 2))
SLICE_ENTRIES=$((SLICE_COUNT + 2))
while IFS= read -r a; do set -- "$@" "$a"; done < "$DIR/rows"
$PY "$TOP/tests/bench/bench.py" table "$RUNS" "$IN" "$ENTRIES" "$SLICE" \
    "$SLICE_ENTRIES" -- "$@"

[ "${BENCH_LINEAR:-1}" != 0 ] || exit 0
echo
echo "Linearity: the same export shape at ~10 MB, ~100 MB and ~1 GB"
echo
S10=$(export_of 5070)
S1G=$(export_of 507000)
set -- "ldfix cat" "$LDFIX" cat "{IN}" -- \
    "ldfix plan" "$LDFIX" plan -q "{IN}" -o "{OUT}" --
[ -z "$BASE" ] || set -- "$@" "before: ldfix plan" "$BASE" plan -q "{IN}" -o "{OUT}" --
$PY "$TOP/tests/bench/bench.py" linear "$RUNS" "10MB:$S10:5072" \
    "100MB:$SLICE:$SLICE_ENTRIES" "1GB:$S1G:507002" -- "$@"
