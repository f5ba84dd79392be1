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
# -r NAME finds the shipped rule files of this tree
LDFIX_RULES_DIR=rules
export LDFIX_RULES_DIR
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
    rules check -r builtin -r rules/fill-upn.yaml

# Issue 9, section 3: a rule file placed after the built-in rules that
# matches what the conversion always changes can never hit; before them,
# the same file is fine (it runs first).
cat >"$T/after.yaml" <<'EOF'
version: 1
rules:
  - id: mine
    match:
      msExchRecipientTypeDetails: 2
      msExchMasterAccountSid: { valid-sid: true, not-sid: [S-1-5-10, S-1-0-0] }
      userAccountControl: {bits-all: 2}
    changes:
      - replace: msExchUserAccountControl
        value: 0
EOF
refuses never-hit-after-builtin \
    "ldfix: $T/after.yaml:5:7: rule mine can never hit: rule linked-mailbox-to-user-mailbox before it matches every entry it matches and always changes msExchRecipientTypeDetails (test the entry as exported with 'exported:', or rule linked-mailbox-to-user-mailbox's hit with 'hit:')" \
    rules check -r builtin -r "$T/after.yaml"
n=$((n + 1))
if $LDFIX rules check -r "$T/after.yaml" -r builtin >/dev/null 2>&1; then
	ok "the same rule before the built-in rules loads"
else
	not_ok "the same rule before the built-in rules loads"
fi

refuses var-nobody-uses \
    "ldfix: --var nosuch: no rule uses {var:nosuch} (a typo? the rules loaded are 4 in 1 file)" \
    rules check --var nosuch=1
refuses var-typo-next-to-a-used-one \
    "ldfix: --var upn_sufix: no rule uses {var:upn_sufix} (a typo? the rules loaded are 5 in 2 files)" \
    rules check -r builtin -r fill-upn --var upn_suffix=contoso.com --var upn_sufix=x
refuses shipped-name-unknown \
    "ldfix: -r nosuch: no shipped rule file of that name in rules (name a rule file by its path, or use builtin)" \
    rules check -r nosuch
ID_LINE=$(grep -n 'id: linked-mailbox-to-user-mailbox' rules/linked-to-user.yaml | cut -d: -f1)
refuses builtin-twice \
    "ldfix: (built-in) rules/linked-to-user.yaml:$ID_LINE:9: duplicate rule id 'linked-mailbox-to-user-mailbox' (first at (built-in) rules/linked-to-user.yaml:$ID_LINE)" \
    rules check -r builtin -r builtin

finish
