#!/bin/sh
# Every file in tests/rules-bad/ is a rule file ldfix must refuse. Its first
# line says how: "# expect: LINE:COL: message". `ldfix rules check -r FILE`
# must exit 2 and print exactly "ldfix: FILE:LINE:COL: message", and only
# that. Cases that cannot live in the corpus (a 0-byte file, a file over
# 1 MiB, ids repeated across two files, a bad --var) are made here.
set -u
: "${LDFIX:?}" "${TOP:?}"
cd "$TOP" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
n=0

# check NAME EXPECTED-STDERR ldfix-args...
check() {
	name=$1 want=$2
	shift 2
	n=$((n + 1))
	$LDFIX "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	got=$(cat "$tmp/err")
	if [ "$rc" -eq 2 ] && [ "$got" = "$want" ] && [ ! -s "$tmp/out" ]; then
		echo "ok - $name"
	else
		echo "not ok - $name"
		echo "#   exit $rc, want 2"
		echo "#   want: $want"
		echo "#   got:  $got"
		failed=$((failed + 1))
	fi
}

count=0
for f in tests/rules-bad/*.yaml; do
	count=$((count + 1))
	first=$(head -n 1 "$f")
	case $first in
	"# expect: "*) ;;
	*)
		echo "not ok - $f: first line is not '# expect: ...'"
		failed=$((failed + 1))
		continue
		;;
	esac
	check "$(basename "$f" .yaml)" "ldfix: $f:${first#\# expect: }" \
	    rules check -r "$f"
done
if [ "$count" -lt 40 ]; then
	echo "not ok - corpus has $count files, want at least 40"
	failed=$((failed + 1))
fi

: >"$tmp/empty.yaml"
check zero-byte-file \
    "ldfix: $tmp/empty.yaml:1:1: empty rules file (expected 'version: 1' and 'rules:')" \
    rules check -r "$tmp/empty.yaml"

# Just over the cap: valid YAML made of comments, so only the size can fail.
{
	printf 'version: 1\nrules: []\n'
	i=0
	while [ $i -lt 18200 ]; do
		printf '# padding padding padding padding padding padding padding\n'
		i=$((i + 1))
	done
} >"$tmp/big.yaml"
check file-over-1MiB \
    "ldfix: $tmp/big.yaml: rules file is larger than 1048576 bytes" \
    rules check -r "$tmp/big.yaml"
head -c 1048576 "$tmp/big.yaml" >"$tmp/cap.yaml"
n=$((n + 1))
if $LDFIX rules check -r "$tmp/cap.yaml" 2>"$tmp/err"; then
	echo "ok - file of exactly 1 MiB loads"
else
	echo "not ok - file of exactly 1 MiB loads"
	cat "$tmp/err"
	failed=$((failed + 1))
fi

printf 'version: 1\nrules:\n  - id: same\n    match: {mail: present}\n' >"$tmp/a.yaml"
printf 'version: 1\nrules:\n  - id: other\n    match: {cn: present}\n  - id: same\n    match: {cn: present}\n' >"$tmp/b.yaml"
check duplicate-id-across-files \
    "ldfix: $tmp/b.yaml:5:9: duplicate rule id 'same' (first at $tmp/a.yaml:3)" \
    rules check -r "$tmp/a.yaml" -r "$tmp/b.yaml"

check missing-file \
    "ldfix: $tmp/nope.yaml: cannot open: No such file or directory" \
    rules check -r "$tmp/nope.yaml"

check fill-upn-needs-var \
    "ldfix: rules/fill-upn.yaml:$(grep -n 'var:upn_suffix' rules/fill-upn.yaml | head -n 1 | cut -d: -f1):16: unknown variable 'upn_suffix' (set it under 'variables:' or with --var upn_suffix=VALUE)" \
    rules check -r rules/fill-upn.yaml

[ "$failed" -eq 0 ]
