#!/bin/sh
# t_golden.sh: golden tests. Every command of ldfix runs on the shipped
# samples, with the built-in rules and with each opt-in rule file, and its
# output (standard output, written files, and standard error followed by
# the exit status) is compared byte for byte with the files under
# tests/golden/SAMPLE/. Also: output determinism, and a plan read from
# standard input equals the plan read from the file except the input line.
#
#   GOLDEN_UPDATE=1 sh tests/t_golden.sh    rewrites the expected files
#
# Review every rewritten file by hand before committing it: each change must
# be exactly what Set-User -LinkedMasterAccount $null does to that entry
# (the table in samples/README.md). A golden file is the reviewed truth, not
# whatever the binary printed last.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
test_tmpdir golden	# not_ok marks it, so failures in subshells count
GOLDEN=tests/golden
UPDATE=${GOLDEN_UPDATE:-0}

# same_golden NAME ACTUAL: ACTUAL must equal $GOLDEN/NAME byte for byte
# (with GOLDEN_UPDATE=1 it becomes the new $GOLDEN/NAME).
same_golden() {
	if [ "$UPDATE" = 1 ]; then
		mkdir -p "$(dirname "$GOLDEN/$1")"
		if [ -f "$GOLDEN/$1" ] && cmp -s "$2" "$GOLDEN/$1"; then
			ok "golden $1 (unchanged)"
		else
			cp "$2" "$GOLDEN/$1"
			ok "golden $1 (updated: review it)"
		fi
	elif [ ! -f "$GOLDEN/$1" ]; then
		not_ok "golden $1: no expected file (run with GOLDEN_UPDATE=1)"
	elif diff "$GOLDEN/$1" "$2" >"$T/diff"; then
		ok "golden $1"
	else
		not_ok "golden $1 differs:"
		head -n 20 "$T/diff" | sed 's/^/#   /'
	fi
}

# golden NAME COMMAND...: standard output must equal $GOLDEN/NAME, and
# standard error plus the line "exit N" must equal $GOLDEN/NAME.err.
golden() {
	g_name=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	echo "exit $?" >>"$T/err"
	same_golden "$g_name" "$T/out"
	same_golden "$g_name.err" "$T/err"
}

SAMPLES="ldifde:samples/contoso-ldifde.ldf
ldapsearch:samples/contoso-ldapsearch.ldif
ldapsearch-L:samples/contoso-ldapsearch-L.ldif
mailboxes:samples/contoso-mailboxes.ldf"

# Opt-in rule sets: NAME:ARGUMENTS (the order the rules/README.md gives).
# Shipped rule files by name: -r NAME finds rules/NAME.yaml here.
LDFIX_RULES_DIR=rules
export LDFIX_RULES_DIR
RULESETS="fill-upn:-r builtin -r fill-upn --var upn_suffix=contoso.com
enable-account:-r builtin -r enable-account
linked-room-to-room:-r builtin -r linked-room-to-room
convert-without-master:-r builtin -r convert-without-master"

for s in $SAMPLES; do
	n=${s%%:*}
	f=${s#*:}
	if [ ! -f "$f" ]; then
		not_ok "sample $f present"
		continue
	fi
	g=$n
	# plan: the change file and its options
	golden "$g/plan.ldif" $LDFIX plan "$f"
	golden "$g/plan-replace.ldif" $LDFIX plan --replace "$f"
	golden "$g/plan-no-comments.ldif" $LDFIX plan -q --no-comments "$f"
	golden "$g/plan-crlf.ldif" $LDFIX plan -q --crlf "$f"
	golden "$g/plan-wrap0.ldif" $LDFIX plan -q --wrap 0 "$f"
	# the PowerShell plan (tasks/ps1.h): UTF-8 with BOM, CRLF
	golden "$g/plan.ps1" $LDFIX plan --format ps1 "$f"
	rm -f "$T/plan.ldif" "$T/undo.ldif" "$T/report.csv" "$T/report.json"
	golden "$g/plan-o" $LDFIX plan -o "$T/plan.ldif" --undo "$T/undo.ldif" \
	    --report "$T/report.csv" "$f"
	same_golden "$g/plan.ldif" "$T/plan.ldif"
	same_golden "$g/undo.ldif" "$T/undo.ldif"
	same_golden "$g/report.csv" "$T/report.csv"
	golden "$g/plan-json" $LDFIX plan -q -o "$T/plan-json.ldif" --report "$T/report.json" "$f"
	same_golden "$g/report.json" "$T/report.json"
	# find in its four formats
	golden "$g/find.txt" $LDFIX find "$f"
	golden "$g/find.csv" $LDFIX find -q --format csv "$f"
	golden "$g/find-changes.csv" $LDFIX find -q --format csv-changes "$f"
	golden "$g/find.json" $LDFIX find -q --format json "$f"
	# check: exit status 1 and the pending list on standard error
	golden "$g/check" $LDFIX check "$f"
	# apply the plan to the export, then check the result
	golden "$g/apply.ldif" $LDFIX apply "$f" "$T/plan.ldif"
	cp "$T/out" "$T/after.ldif"
	golden "$g/check-after" $LDFIX check "$T/after.ldif"
	# cat
	golden "$g/cat.ldif" $LDFIX cat "$f"
	golden "$g/cat-decode.ldif" $LDFIX cat -q --decode "$f"

	# the opt-in rule files
	echo "$RULESETS" | while IFS= read -r r; do
		rn=${r%%:*}
		ra=${r#*:}
		# shellcheck disable=SC2086 # $ra is a list of arguments
		golden "$g/$rn/plan.ldif" $LDFIX plan $ra --undo "$T/r-undo.ldif" "$f"
		# shellcheck disable=SC2086
		golden "$g/$rn/plan.ps1" $LDFIX plan -q --format ps1 $ra "$f"
		same_golden "$g/$rn/undo.ldif" "$T/r-undo.ldif"
		# shellcheck disable=SC2086
		golden "$g/$rn/find.csv" $LDFIX find -q --format csv $ra "$f"
		# shellcheck disable=SC2086
		golden "$g/$rn/check" $LDFIX check $ra "$f"
	done

	# determinism: the same command twice gives identical bytes
	$LDFIX plan -q --undo "$T/u1" --report "$T/r1.json" "$f" >"$T/p1" 2>/dev/null
	$LDFIX plan -q --undo "$T/u2" --report "$T/r2.json" "$f" >"$T/p2" 2>/dev/null
	if cmp -s "$T/p1" "$T/p2" && cmp -s "$T/u1" "$T/u2" &&
	    cmp -s "$T/r1.json" "$T/r2.json" && [ -s "$T/p1" ]; then
		ok "$n: plan, undo and report are identical on a second run"
	else
		not_ok "$n: plan, undo and report are identical on a second run"
	fi
	$LDFIX plan -q --format ps1 "$f" >"$T/s1" 2>/dev/null
	$LDFIX plan -q --format ps1 "$f" >"$T/s2" 2>/dev/null
	if cmp -s "$T/s1" "$T/s2" && [ -s "$T/s1" ]; then
		ok "$n: plan --format ps1 is identical on a second run"
	else
		not_ok "$n: plan --format ps1 is identical on a second run"
	fi
	$LDFIX find -q --format csv "$f" >"$T/f1" 2>/dev/null
	$LDFIX find -q --format csv "$f" >"$T/f2" 2>/dev/null
	if cmp -s "$T/f1" "$T/f2" && [ -s "$T/f1" ]; then
		ok "$n: find --format csv is identical on a second run"
	else
		not_ok "$n: find --format csv is identical on a second run"
	fi

	# standard input: the same plan, but the input line says "-"
	$LDFIX plan -q - <"$f" >"$T/stdin.ldif" 2>/dev/null
	sed '/^# input: /d' "$T/p1" >"$T/p1.x"
	sed '/^# input: /d' "$T/stdin.ldif" >"$T/stdin.x"
	if cmp -s "$T/p1.x" "$T/stdin.x" &&
	    grep -qx '# input: -' "$T/stdin.ldif" &&
	    grep -qx "# input: $f" "$T/p1" &&
	    [ "$(diff "$T/p1" "$T/stdin.ldif" | grep -c '^[<>]')" -eq 2 ]; then
		ok "$n: plan from standard input = plan from the file but the input line"
	else
		not_ok "$n: plan from standard input = plan from the file but the input line"
		diff "$T/p1" "$T/stdin.ldif" | head -n 10 | sed 's/^/#   /'
	fi
done

# The ldifde and ldapsearch samples hold the same entries: their change
# records (everything but the header comments) must be the same.
$LDFIX plan -q samples/contoso-ldifde.ldf 2>/dev/null | sed '1,/^version: 1$/d' >"$T/a"
$LDFIX plan -q samples/contoso-ldapsearch.ldif 2>/dev/null | sed '1,/^version: 1$/d' >"$T/b"
if [ -s "$T/a" ] && cmp -s "$T/a" "$T/b"; then
	ok "ldifde and ldapsearch samples give the same change records"
else
	not_ok "ldifde and ldapsearch samples give the same change records"
fi

# The mailboxes sample is the README's export of the same mailboxes: the
# same change records (its comments add what the old masters keep).
$LDFIX plan -q samples/contoso-mailboxes.ldf 2>/dev/null | sed '1,/^version: 1$/d' | grep -v '^#' >"$T/b"
grep -v '^#' "$T/a" >"$T/a.records"
if [ -s "$T/b" ] && cmp -s "$T/a.records" "$T/b"; then
	ok "mailboxes sample: the same change records as the ldifde sample"
else
	not_ok "mailboxes sample: the same change records as the ldifde sample"
fi

# The -L sample is the OU=Linked subtree: its records are the ldifde
# sample's records for that subtree (jmueller's DN is base64).
in_linked() {
	sed '1,/^version: 1$/d' "$1" |
	    awk 'BEGIN { RS = ""; ORS = "\n\n" } /OU=Linked,|(^|\n)dn:: Q049SsO8/'
}
$LDFIX plan -q --undo "$T/ua" samples/contoso-ldifde.ldf >"$T/a" 2>/dev/null
$LDFIX plan -q --undo "$T/ub" samples/contoso-ldapsearch-L.ldif >"$T/b" 2>/dev/null
in_linked "$T/a" >"$T/a.linked"
in_linked "$T/b" >"$T/b.linked"
in_linked "$T/ua" >"$T/ua.linked"
in_linked "$T/ub" >"$T/ub.linked"
if [ "$(grep -c '^dn' "$T/b.linked")" -eq 7 ] && cmp -s "$T/a.linked" "$T/b.linked" &&
    cmp -s "$T/ua.linked" "$T/ub.linked"; then
	ok "ldapsearch -L sample: plan and undo = the ldifde sample's OU=Linked records"
else
	not_ok "ldapsearch -L sample: plan and undo = the ldifde sample's OU=Linked records"
fi

# rules show: built-in rules and each opt-in file after them
golden "rules/show-builtin.yaml" $LDFIX rules show
golden "rules/show-fill-upn.yaml" $LDFIX rules show -r builtin -r fill-upn \
    --var upn_suffix=contoso.com
golden "rules/show-enable-account.yaml" $LDFIX rules show -r builtin \
    -r enable-account
golden "rules/show-linked-room-to-room.yaml" $LDFIX rules show \
    -r linked-room-to-room
golden "rules/show-convert-without-master.yaml" $LDFIX rules show -r builtin \
    -r convert-without-master
golden "rules/show-all.yaml" $LDFIX rules show -r linked-room-to-room \
    -r builtin -r fill-upn -r enable-account -r convert-without-master \
    --var upn_suffix=contoso.com
golden "rules/check-all" $LDFIX rules check -r linked-room-to-room \
    -r builtin -r fill-upn -r enable-account -r convert-without-master \
    --var upn_suffix=contoso.com
# every shipped file together, shown and loaded again: the same rules
$LDFIX rules show -r builtin -r linked-room-to-room -r fill-upn \
    -r enable-account -r convert-without-master --var upn_suffix=x.example \
    >"$T/all1.yaml" 2>/dev/null
$LDFIX rules show -r "$T/all1.yaml" >"$T/all2.yaml" 2>/dev/null
if [ -s "$T/all1.yaml" ] && cmp -s "$T/all1.yaml" "$T/all2.yaml"; then
	ok "rules show of every shipped file loads and shows the same"
else
	not_ok "rules show of every shipped file loads and shows the same"
fi
# show prints a valid rule file: showing it again gives the same rules
$LDFIX rules show >"$T/show1.yaml" 2>/dev/null
$LDFIX rules show -r "$T/show1.yaml" >"$T/show2.yaml" 2>/dev/null
if [ -s "$T/show1.yaml" ] && cmp -s "$T/show1.yaml" "$T/show2.yaml"; then
	ok "rules show output loads and shows the same"
else
	not_ok "rules show output loads and shows the same"
fi

finish
