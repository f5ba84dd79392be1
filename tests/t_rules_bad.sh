#!/bin/sh
# Every file in tests/rules-bad/ is a rule file ldfix must refuse. Its first
# line says how: "# expect: LINE:COL: message". `ldfix rules check -r FILE`
# must exit 2 and print exactly "ldfix: FILE:LINE:COL: message", and only
# that. Cases that cannot live in the corpus (a 0-byte file, a file over
# 1 MiB, ids repeated across two files, a bad --var) are made here.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
test_tmpdir rules-bad
n=0

# refuses NAME EXPECTED-STDERR ldfix-args...
refuses() {
	name=$1 want=$2
	shift 2
	n=$((n + 1))
	$LDFIX "$@" >"$T/out" 2>"$T/err"
	rc=$?
	got=$(cat "$T/err")
	if [ "$rc" -eq 2 ] && [ "$got" = "$want" ] && [ ! -s "$T/out" ]; then
		ok "$name"
	else
		not_ok "$name"
		echo "#   exit $rc, want 2"
		echo "#   want: $want"
		echo "#   got:  $got"
	fi
}

count=0
for f in tests/rules-bad/*.yaml; do
	count=$((count + 1))
	first=$(head -n 1 "$f")
	case $first in
	"# expect: "*) ;;
	*)
		not_ok "$f: first line is not '# expect: ...'"
		continue
		;;
	esac
	refuses "$(basename "$f" .yaml)" "ldfix: $f:${first#\# expect: }" \
	    rules check -r "$f"
done
if [ "$count" -lt 40 ]; then
	not_ok "corpus has $count files, want at least 40"
fi

: >"$T/empty.yaml"
refuses zero-byte-file \
    "ldfix: $T/empty.yaml:1:1: empty rules file (expected 'version: 1' and 'rules:')" \
    rules check -r "$T/empty.yaml"

# Just over the cap: valid YAML made of comments, so only the size can fail.
{
	printf 'version: 1\nrules: []\n'
	i=0
	while [ $i -lt 18200 ]; do
		printf '# padding padding padding padding padding padding padding\n'
		i=$((i + 1))
	done
} >"$T/big.yaml"
refuses file-over-1MiB \
    "ldfix: $T/big.yaml: rules file is larger than 1048576 bytes" \
    rules check -r "$T/big.yaml"
head -c 1048576 "$T/big.yaml" >"$T/cap.yaml"
n=$((n + 1))
if $LDFIX rules check -r "$T/cap.yaml" 2>"$T/err"; then
	ok "file of exactly 1 MiB loads"
else
	not_ok "file of exactly 1 MiB loads"
	cat "$T/err"
fi

printf 'version: 1\nrules:\n  - id: same\n    match: {mail: present}\n' >"$T/a.yaml"
printf 'version: 1\nrules:\n  - id: other\n    match: {cn: present}\n  - id: same\n    match: {cn: present}\n' >"$T/b.yaml"
refuses duplicate-id-across-files \
    "ldfix: $T/b.yaml:5:9: duplicate rule id 'same' (first at $T/a.yaml:3)" \
    rules check -r "$T/a.yaml" -r "$T/b.yaml"

refuses missing-file \
    "ldfix: $T/nope.yaml: cannot open: No such file or directory" \
    rules check -r "$T/nope.yaml"

refuses fill-upn-needs-var \
    "ldfix: rules/fill-upn.yaml:$(grep -n 'var:upn_suffix' rules/fill-upn.yaml | head -n 1 | cut -d: -f1):16: unknown variable 'upn_suffix' (set it under 'variables:' or with --var upn_suffix=VALUE)" \
    rules check -r rules/fill-upn.yaml

finish
