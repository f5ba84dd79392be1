#!/bin/sh
# t_errors.sh: what every command does with bad input. Each case checks the
# exit status, the exact first line of standard error ("ldfix: FILE:LINE:COL:
# message", or FILE:LINE where there is no column), and that no output file
# and no .ldfix-* temporary file is left in the working directory.
#
# Cases: invalid LDIF (bad base64, URL values, missing dn, NUL byte, bare CR,
# errors on folded and CRLF lines), inputs cut short (inside a line, or an
# ldapsearch export without its result), bad rule files, bad change files for
# apply, bad selections, usage errors, -o naming an input, write errors
# (full device, file size limit, read-only directory) and --max-value /
# --max-record limits.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
test_tmpdir errors	# its clean-up makes read-only parts writable first

W="$T/w"        # the working directory of every case: names stay relative
mkdir "$W" || exit 2
cp samples/contoso-ldifde.ldf "$W/s.ldf"
cp tests/golden/ldifde/plan.ldif "$W/plan.ldif"
cp tests/golden/ldifde/apply.ldif "$W/after.ldif"

# --- invalid LDIF ---------------------------------------------------------
printf 'version: 1\n\ndn: cn=a,dc=x\ncn:: !!!notbase64\n\n' | mk b64.ldif
printf 'version: 1\n\ndn: cn=a,dc=x\ncn:: QQ\n\n' | mk pad.ldif
printf 'version: 1\n\ndn:: !!\n\n' | mk dnb64.ldif
printf 'version: 1\n\ndn: cn=a,dc=x\njpegPhoto:< file:///etc/passwd\n\n' | mk url.ldif
printf 'version: 1\n\ncn: a\nsn: b\n\n' | mk nodn.ldif
printf 'version: 1\n\ndn: cn=a,dc=x\ncn: a\000b\n\n' | mk nulbyte.ldif
printf 'version: 1\n\ndn: cn=a,dc=x\ncn: a\rb\n\n' | mk cr.ldif
printf 'version: 1\n\ndn: cn=a,dc=x\ndescription: abc\n de\000f\n\n' | mk fold.ldif
printf 'version: 1\r\n\r\ndn: cn=a,dc=x\r\ncn:: @@\r\n\r\n' | mk crlf.ldif
printf 'version: 2\n\ndn: cn=a,dc=x\ncn: a\n\n' | mk v2.ldif
printf 'version: 1\n\ndn: cn=a,dc=x\nthis line has no colon\n\n' | mk nocolon.ldif

B64="invalid base64 character '!'"
for cmd in "plan -o out.ldf" "find -o out.csv --format csv" check "cat -o out.ldf"; do
	c=${cmd%% *}
	# shellcheck disable=SC2086 # $cmd is a command and its options
	fails "$c: bad base64" 2 "ldfix: b64.ldif:4:6: $B64" $LDFIX $cmd b64.ldif
	# shellcheck disable=SC2086
	fails "$c: URL value" 2 \
	    "ldfix: url.ldif:4:11: URL values are not supported; re-export without ldapsearch -t" \
	    $LDFIX $cmd url.ldif
	# shellcheck disable=SC2086
	fails "$c: record without dn" 2 \
	    'ldfix: nodn.ldif:3:1: a record must start with "dn:", not "cn:"' \
	    $LDFIX $cmd nodn.ldif
	# shellcheck disable=SC2086
	fails "$c: NUL byte" 2 \
	    'ldfix: nulbyte.ldif:4:6: NUL byte in a text line (binary values must be base64, "attr:: ...")' \
	    $LDFIX $cmd nulbyte.ldif
	# shellcheck disable=SC2086
	fails "$c: bare CR" 2 "ldfix: cr.ldif:4:6: CR not followed by LF" $LDFIX $cmd cr.ldif
done
fails "plan: base64 without padding" 2 \
    'ldfix: pad.ldif:4:8: base64 value is 2 characters, not a multiple of 4 (missing "=" padding?)' \
    $LDFIX plan -o out.ldf pad.ldif
fails "plan: bad base64 in dn::" 2 "ldfix: dnb64.ldif:3:6: $B64" $LDFIX plan -o out.ldf dnb64.ldif
fails "plan: NUL on a continuation line: its own line and column" 2 \
    'ldfix: fold.ldif:5:4: NUL byte in a text line (binary values must be base64, "attr:: ...")' \
    $LDFIX plan -o out.ldf fold.ldif
fails "plan: CRLF file: columns do not count the CR" 2 \
    "ldfix: crlf.ldif:4:6: invalid base64 character '@'" $LDFIX plan -o out.ldf crlf.ldif
fails "plan: version 2" 2 'ldfix: v2.ldif:1:10: unsupported LDIF version "2" (only 1 is known)' \
    $LDFIX plan -o out.ldf v2.ldif
fails "plan: line without a colon" 2 \
    'ldfix: nocolon.ldif:4:23: expected "name: value" but the line has no colon' \
    $LDFIX plan -o out.ldf nocolon.ldif
fails "plan: standard input is named -" 2 "ldfix: -:4:6: $B64" \
    sh -c "$LDFIX plan -o out.ldf - <b64.ldif"
fails "apply: bad export" 2 "ldfix: b64.ldif:4:6: $B64" \
    $LDFIX apply -o out.ldf b64.ldif plan.ldif
fails "plan: input file missing" 2 "ldfix: nonexistent.ldf: cannot open: No such file or directory" \
    $LDFIX plan -o out.ldf nonexistent.ldf
fails "plan: --undo and --report not written either" 2 "ldfix: b64.ldif:4:6: $B64" \
    $LDFIX plan -o out.ldf --undo out.undo --report out.csv b64.ldif

# --- an input cut short -----------------------------------------------------
# RFC 2849, ldifde and ldapsearch end every line: a last line without a
# line end is an export or a copy that stopped, and its last entry is not
# whole. Every command refuses it where it ends, for every LDIF input.
CUT="the input ends inside this line, with no line end: it looks cut short, as by an interrupted export or copy; get the whole file, or pass --allow-truncated if it is whole"
printf 'dn: cn=a,dc=x\ncn: a' | mk cut.ldif
head -c 30000 samples/contoso-ldifde.ldf | mk cut-export.ldf
head -c 3000 tests/golden/ldifde/plan.ldif | mk cut-plan.ldif
for cmd in "plan -o out.ldf" "find -o out.csv --format csv" check "cat -o out.ldf"; do
	# shellcheck disable=SC2086 # $cmd is a command and its options
	fails "${cmd%% *}: an input that ends inside a line" 2 \
	    "ldfix: cut.ldif:2:6: $CUT" $LDFIX $cmd cut.ldif
done
fails "plan: an ldifde export cut short, nothing written" 2 \
    "ldfix: cut-export.ldf:860:34: $CUT" \
    $LDFIX plan -o out.ldf --undo out.undo --report out.html cut-export.ldf
fails "plan: cut short on standard input" 2 "ldfix: -:860:34: $CUT" \
    sh -c "$LDFIX plan -o out.ldf - <cut-export.ldf"
fails "plan: an account forest's export cut short" 2 "ldfix: cut-export.ldf:860:34: $CUT" \
    $LDFIX plan -o out.ldf --accounts cut-export.ldf s.ldf
fails "apply: a change file cut short" 2 "ldfix: cut-plan.ldif:43:273: $CUT" \
    $LDFIX apply -o out.ldf s.ldf cut-plan.ldif
fails "plan: --allow-truncated reads it" 0 "" \
    $LDFIX plan -q --allow-truncated -o /dev/null cut-export.ldf
fails "cat: --allow-truncated reads it" 0 "" \
    $LDFIX cat -q --allow-truncated -o /dev/null cut.ldif
# ldapsearch (its default output, "# extended LDIF") writes the search's
# result last: a search that stopped on the way (a connection lost) ends
# at a line end, without it, and entries are missing.
NORESULT='this ldapsearch export ("# extended LDIF") ends without the search result ldapsearch writes last ("search:" and "result:"): the search stopped before its end, as when the connection is lost, and entries are missing; export again, or pass --allow-truncated if it is whole'
sed '/^dn: CN=Erin Walsh/,$d' samples/contoso-ldapsearch.ldif | mk cut-search.ldif
for cmd in "plan -o out.ldf" "find -o out.csv --format csv" "check -q" "cat -o out.ldf"; do
	# shellcheck disable=SC2086 # $cmd is a command and its options
	fails "${cmd%% *}: an ldapsearch export without its result" 2 \
	    "ldfix: cut-search.ldif:1:1: $NORESULT" $LDFIX $cmd cut-search.ldif
done
fails "plan: ... read with --allow-truncated" 0 "" \
    $LDFIX plan -q --allow-truncated -o /dev/null cut-search.ldif
# The reviewer of such a plan sees that it was made so.
(cd "$W" && $LDFIX plan -q --allow-truncated -o - cut-search.ldif) >"$T/cut.plan"
same "plan: --allow-truncated is in the plan's header" \
    "$(grep '^# options:' "$T/cut.plan")" "# options: --allow-truncated"

# --- bad rule files -------------------------------------------------------
printf 'version: 1\nrules:\n  - id: x\n    matc: {cn: present}\n' | mk bad.yaml
fails "plan -r: unknown key" 2 \
    "ldfix: bad.yaml:4:5: unknown key 'matc' in rule (expected id, description, match, changes, classify, warn, leftover-permissions)" \
    $LDFIX plan -r bad.yaml -o out.ldf s.ldf
fails "find -r: unknown key" 2 \
    "ldfix: bad.yaml:4:5: unknown key 'matc' in rule (expected id, description, match, changes, classify, warn, leftover-permissions)" \
    $LDFIX find -r bad.yaml --format json -o out.json s.ldf
fails "rules check: unknown key" 2 \
    "ldfix: bad.yaml:4:5: unknown key 'matc' in rule (expected id, description, match, changes, classify, warn, leftover-permissions)" \
    $LDFIX rules check -r bad.yaml
fails "plan -r: missing file" 2 "ldfix: nofile.yaml: cannot open: No such file or directory" \
    $LDFIX plan -r nofile.yaml -o out.ldf s.ldf
cp rules/fill-upn.yaml "$W/fill-upn.yaml"
VARLINE=$(grep -n 'var:upn_suffix' rules/fill-upn.yaml | head -n 1 | cut -d: -f1)
HITLINE=$(grep -n 'hit:' rules/fill-upn.yaml | head -n 1 | cut -d: -f1)
fails "plan -r: variable without --var" 2 \
    "ldfix: fill-upn.yaml:$VARLINE:16: unknown variable 'upn_suffix' (set it under 'variables:' or with --var upn_suffix=VALUE)" \
    $LDFIX plan -r builtin -r fill-upn.yaml -o out.ldf s.ldf
# A follow-up rule file alone, or before the file it follows, is refused.
fails "plan -r: a hit: rule loaded without the rule it names" 2 \
    "ldfix: fill-upn.yaml:$HITLINE:12: hit: no rule 'linked-mailbox-to-user-mailbox' is loaded before this one (rules run in the order given: load its file first, e.g. -r builtin -r FILE)" \
    $LDFIX plan -r fill-upn.yaml --var upn_suffix=x -o out.ldf s.ldf
fails "plan -r: rule files in the wrong order" 2 \
    "ldfix: fill-upn.yaml:$HITLINE:12: hit: no rule 'linked-mailbox-to-user-mailbox' is loaded before this one (rules run in the order given: load its file first, e.g. -r builtin -r FILE)" \
    $LDFIX plan -r fill-upn.yaml -r builtin --var upn_suffix=x -o out.ldf s.ldf
fails "plan: --var without =" 2 "ldfix: --var takes NAME=VALUE, not 'novalue'" \
    $LDFIX plan --var novalue -o out.ldf s.ldf

# --- bad change files for apply -------------------------------------------
C="CN=Jane Doe,OU=Linked,DC=res,DC=contoso,DC=com"
printf 'version: 1\n\ndn: %s\nchangetype: moddn\nnewrdn: CN=X\ndeleteoldrdn: 1\n\n' "$C" | mk moddn.ldif
printf 'version: 1\n\nthis is garbage\n' | mk garbage.ldif
printf 'version: 1\n\ndn: CN=Ghost,DC=res,DC=contoso,DC=com\nchangetype: modify\nreplace: cn\ncn: x\n-\n\n' |
    mk ghost.ldif
fails "apply: moddn record" 2 \
    "ldfix: moddn.ldif:3:1: moddn records are not supported by apply (renames are out of scope)" \
    $LDFIX apply -o out.ldf s.ldf moddn.ldif
fails "apply: garbage" 2 'ldfix: garbage.ldif:3:16: expected "name: value" but the line has no colon' \
    $LDFIX apply -o out.ldf s.ldf garbage.ldif
fails "apply: record for a DN not in the export: exit 1, line and reason" 1 \
    "ldfix: ghost.ldif:3: modify of 'CN=Ghost,DC=res,DC=contoso,DC=com': no such entry (noSuchObject, 32)" \
    $LDFIX apply -o out.ldf s.ldf ghost.ldif
fails "apply: guarded plan on changed entries: exit 1, noSuchAttribute" 1 \
    "ldfix: plan.ldif:21: modify of '$C': delete: msExchMasterAccountSid value 'S-1-5-21-3623811015-3361044348-30300820-1013' is not there (noSuchAttribute, 16)" \
    $LDFIX apply -o out.ldf after.ldif plan.ldif
(cd "$W" && $LDFIX apply -o after2.ldf after.ldif plan.ldif >/dev/null 2>"$T/stderr")
n=$(grep -c 'noSuchAttribute' "$T/stderr")
if [ "$n" -eq 9 ] && [ ! -e "$W/after2.ldf" ]; then
	ok "apply: every failed record reported (9), no output"
else
	not_ok "apply: every failed record reported (9), no output (got $n)"
fi
(cd "$W" && $LDFIX apply -q --continue -o cont.ldf s.ldf ghost.ldif >/dev/null 2>"$T/stderr")
rc=$?
if [ "$rc" -eq 0 ] && [ -s "$W/cont.ldf" ] && grep -q noSuchObject "$T/stderr"; then
	ok "apply --continue: reports, writes the result, exits 0"
else
	not_ok "apply --continue: reports, writes the result, exits 0 (exit $rc)"
fi
rm -f "$W/cont.ldf"

# --- bad selections -------------------------------------------------------
fails "--only @missing-file" 2 "ldfix: missing-file: cannot open: No such file or directory" \
    $LDFIX plan --only @missing-file -o out.ldf s.ldf
# A reviewed list with every row deleted selects nobody, never everybody.
(cd "$W" && $LDFIX find s.ldf --format csv -o review.csv 2>/dev/null)
head -n 1 "$W/review.csv" > "$W/none.csv"
: > "$W/empty.txt"
printf '# every entry was rejected\n\n' > "$W/comments.txt"
for f in none.csv empty.txt comments.txt; do
	for cmd in "plan -o out.ldf" "find -o out.csv" check; do
		# shellcheck disable=SC2086 # $cmd is a command and its options
		fails "${cmd%% *} --only @$f (names nobody)" 2 \
		    "ldfix: $f: --only @$f selects no entry: the file names no DN or sAMAccountName" \
		    $LDFIX $cmd --only "@$f" s.ldf
	done
done
rm -f "$W/review.csv" "$W/none.csv" "$W/empty.txt" "$W/comments.txt"
fails "--exclude @missing-file (find)" 2 "ldfix: missing-file: cannot open: No such file or directory" \
    $LDFIX find --exclude @missing-file -o out.txt s.ldf
fails "--under invalid DN" 2 "ldfix: --under: 'garbage' is not a valid DN" \
    $LDFIX plan --under garbage -o out.ldf s.ldf
fails "--not-under invalid DN (empty RDN)" 2 "ldfix: --not-under: 'CN=foo,,DC=x' is not a valid DN" \
    $LDFIX check --not-under 'CN=foo,,DC=x' s.ldf

# --- usage errors ---------------------------------------------------------
fails "unknown command" 2 "ldfix: unknown command 'frobnicate'" $LDFIX frobnicate
fails "unknown option" 2 "ldfix: unknown option '--bogus'" $LDFIX plan --bogus -o out.ldf s.ldf
fails "option of another command (plan --decode)" 2 "ldfix: 'plan' does not take --decode" \
    $LDFIX plan --decode -o out.ldf s.ldf
fails "option of another command (cat --replace)" 2 "ldfix: 'cat' does not take --replace" \
    $LDFIX cat --replace -o out.ldf s.ldf
fails "option of another command (apply --only)" 2 "ldfix: 'apply' does not take --only" \
    $LDFIX apply --only jdoe -o out.ldf s.ldf plan.ldif
fails "apply: missing operand" 2 "ldfix: apply takes INPUT and CHANGES" \
    $LDFIX apply -o out.ldf s.ldf
fails "-o without a value" 2 "ldfix: option '-o' needs a value" $LDFIX plan s.ldf -o
fails "plan: two inputs" 2 "ldfix: plan reads one input, got 2" \
    $LDFIX plan -o out.ldf s.ldf plan.ldif
fails "rules: no subcommand" 2 "ldfix: say 'rules check' or 'rules show'" $LDFIX rules frob
fails "find --format xml" 2 "ldfix: --format is table, csv, csv-changes, json, html, not 'xml'" \
    $LDFIX find --format xml -o out.txt s.ldf
fails "--report neither .csv nor .json" 2 "ldfix: --report wants FILE.csv, FILE.json or FILE.html, or --report-format, not 'out.txt'" \
    $LDFIX plan --report out.txt -o out.ldf s.ldf
fails "--wrap -1" 2 "ldfix: --wrap takes 0 (never) or a column from 10 up, not '-1'" \
    $LDFIX cat --wrap -1 -o out.ldf s.ldf
fails "usage errors say where to look" 2 "ldfix: unknown option '--bogus'" $LDFIX find --bogus s.ldf
if grep -qx "Try 'ldfix find --help'." "$T/stderr"; then
	ok "usage error: second line points to the command's --help"
else
	not_ok "usage error: second line points to the command's --help"
fi

# -o naming an input is refused, however it is spelt
cp "$W/s.ldf" "$T/s.orig"
fails "plan -o INPUT refused" 2 "ldfix: s.ldf: refusing to overwrite the input file s.ldf" \
    $LDFIX plan -o s.ldf s.ldf
fails "plan -o ./INPUT refused" 2 "ldfix: ./s.ldf: refusing to overwrite the input file s.ldf" \
    $LDFIX plan -o ./s.ldf s.ldf
fails "plan -o and --undo naming one file refused" 2 \
    "ldfix: two outputs name the same file (-o, --undo, --report)" \
    $LDFIX plan -o out.ldf --undo ./out.ldf s.ldf
ln -s s.ldf "$W/link.ldf"
fails "plan -o SYMLINK-TO-INPUT refused" 2 \
    "ldfix: link.ldf: refusing to overwrite the input file s.ldf" $LDFIX plan -o link.ldf s.ldf
rm -f "$W/link.ldf"
ln "$W/s.ldf" "$W/hard.ldf"
fails "plan -o HARDLINK-TO-INPUT refused" 2 \
    "ldfix: hard.ldf: refusing to overwrite the input file s.ldf" $LDFIX plan -o hard.ldf s.ldf
rm -f "$W/hard.ldf"
fails "plan --undo INPUT refused" 2 "ldfix: s.ldf: refusing to overwrite the input file s.ldf" \
    $LDFIX plan -o out.ldf --undo s.ldf s.ldf
fails "cat -o INPUT refused" 2 "ldfix: s.ldf: refusing to overwrite the input file s.ldf" \
    $LDFIX cat -o s.ldf s.ldf
fails "apply -o CHANGES refused" 2 "ldfix: plan.ldif: refusing to overwrite the input file plan.ldif" \
    $LDFIX apply -o plan.ldif s.ldf plan.ldif
# No output may replace any file ldfix reads: standard input's file, a
# rule file, a selection file; and one standard output holds one output.
cp rules/linked-to-user.yaml "$W/r.yaml"
(cd "$W" && $LDFIX find -q --format csv -o review.csv s.ldf)
cp "$W/r.yaml" "$T/r.orig"
cp "$W/review.csv" "$T/review.orig"
# (Under Wine a redirected standard input does not say which file it is:
# ldfix.exe refuses there too, with "cannot tell"; t_wine.sh checks that.)
STDIN_MSG="ldfix: s.ldf: refusing to overwrite the input file (standard input)"
[ "${LDFIX_WINE:-}" = 1 ] &&
    STDIN_MSG="ldfix: s.ldf: cannot tell whether standard input reads this file: name the input file instead of '-'"
(cd "$W" && $LDFIX plan - -o s.ldf <s.ldf >/dev/null 2>"$T/stderr")
same "plan - -o FILE < FILE refused: exit 2" $? 2
same "plan - -o FILE < FILE refused: message" "$(head -n 1 "$T/stderr")" \
    "$STDIN_MSG"
(cd "$W" && $LDFIX cat - -o s.ldf <s.ldf >/dev/null 2>"$T/stderr")
same "cat - -o FILE < FILE refused" "$(head -n 1 "$T/stderr")" "$STDIN_MSG"
(cd "$W" && $LDFIX cat -q - -o other.ldf <s.ldf >/dev/null 2>"$T/stderr")
same "cat - -o OTHER < FILE: a new output is fine" "$?" 0
rm -f "$W/other.ldf"
fails "plan -r FILE -o FILE refused" 2 \
    "ldfix: r.yaml: refusing to overwrite the input file r.yaml" \
    $LDFIX plan -r r.yaml -o r.yaml s.ldf
fails "plan --only @FILE --report FILE refused" 2 \
    "ldfix: review.csv: refusing to overwrite the input file review.csv" \
    $LDFIX plan --only @review.csv --report review.csv -o out.ldf s.ldf
fails "find --exclude @FILE -o FILE refused" 2 \
    "ldfix: review.csv: refusing to overwrite the input file review.csv" \
    $LDFIX find --exclude @review.csv -o review.csv s.ldf
fails "plan --undo - without -o: two outputs on standard output" 2 \
    "ldfix: two outputs on standard output (-o, --undo, --report): give each its own file" \
    $LDFIX plan --undo - s.ldf
fails "plan --report - without -o: two outputs on standard output" 2 \
    "ldfix: two outputs on standard output (-o, --undo, --report): give each its own file" \
    $LDFIX plan --report - --report-format json s.ldf
check "refused outputs: the rule file is untouched" cmp -s "$W/r.yaml" "$T/r.orig"
check "refused outputs: the reviewed CSV is untouched" \
    cmp -s "$W/review.csv" "$T/review.orig"
rm -f "$W/r.yaml" "$W/review.csv"
if cmp -s "$W/s.ldf" "$T/s.orig" && cmp -s "$W/plan.ldif" tests/golden/ldifde/plan.ldif; then
	ok "refused outputs: the inputs are untouched"
else
	not_ok "refused outputs: the inputs are untouched"
	cp "$T/s.orig" "$W/s.ldf"
fi

# --- plan --format ps1: what has no Exchange cmdlet ----------------------
# Refused before anything is read (a rule) or at the first entry the rules
# change otherwise than the cmdlet would (an entry): exit 2, nothing written.
cp rules/enable-account.yaml rules/linked-room-to-room.yaml \
    rules/linked-to-user.yaml rules/fill-upn.yaml "$W/"
PS1_RULE="--format ps1 refuses this rule set (write an LDIF plan, or leave the rule out)"
PS1_ENTRY="--format ps1 cannot write this entry (leave it out with --exclude, or write an LDIF plan)"
fails "ps1: enable-account (userAccountControl has no Exchange cmdlet)" 2 \
    "ldfix: enable-account.yaml:$(grep -n -- '- clear-bits: userAccountControl' rules/enable-account.yaml | cut -d: -f1):9: rule 'enable-converted-account' changes userAccountControl, which no Exchange cmdlet of the PowerShell plan writes: $PS1_RULE" \
    $LDFIX plan --format ps1 -r linked-to-user.yaml -r enable-account.yaml -o out.ps1 s.ldf
fails "ps1: linked-room-to-room (no cmdlet makes a room of a linked room)" 2 \
    "ldfix: linked-room-to-room.yaml:$(grep -n -- '- replace: msExchRecipientTypeDetails' rules/linked-room-to-room.yaml | cut -d: -f1):9: rule 'linked-room-to-room' changes msExchRecipientTypeDetails other than to 1, and Set-User -LinkedMasterAccount \$null only turns 2 (LinkedMailbox) into 1 (UserMailbox): $PS1_RULE" \
    $LDFIX plan --format ps1 -r linked-room-to-room.yaml -r linked-to-user.yaml -o out.ps1 s.ldf
printf '%s\n' 'version: 1' 'rules:' '  - id: set-master' \
    '    match: { msExchRecipientTypeDetails: 1 }' '    changes:' \
    '      - replace: msExchMasterAccountSid' '        value: S-1-5-10' | mk set-master.yaml
fails "ps1: setting a master account" 2 \
    "ldfix: set-master.yaml:6:9: rule 'set-master' changes msExchMasterAccountSid other than by deleting it as Set-User -LinkedMasterAccount \$null does: $PS1_RULE" \
    $LDFIX plan --format ps1 -r set-master.yaml -o out.ps1 s.ldf
printf '%s\n' 'version: 1' 'rules:' '  - id: drop-master' \
    '    match: { msExchRecipientTypeDetails: 2 }' '    changes:' \
    '      - delete: msExchMasterAccountSid' | mk master-only.yaml
JANE="ldfix: s.ldf:150: entry 'CN=Jane Doe,OU=Linked,DC=res,DC=contoso,DC=com': the rules make msExchRecipientTypeDetails 2, Set-User -LinkedMasterAccount \$null makes it 1 (rules: drop-master): $PS1_ENTRY"
fails "ps1: less than the cmdlet does (the type stays 2)" 2 "$JANE" \
    $LDFIX plan --format ps1 -r master-only.yaml -o out.ps1 s.ldf
fails "ps1: --undo and --report are not written either" 2 "$JANE" \
    $LDFIX plan --format ps1 -r master-only.yaml -o out.ps1 --undo out.undo \
    --report out.csv s.ldf
printf '%s\n' 'version: 1' 'rules:' '  - id: unlink-all' \
    '    match: { msExchRecipientTypeDetails: 2 }' '    changes:' \
    '      - replace: msExchRecipientTypeDetails' '        value: 1' \
    '      - delete: msExchMasterAccountSid' \
    '      - clear-bits: msExchRecipientDisplayType' '        bits: 0x40000000' |
    mk unlink-all.yaml
fails "ps1: more than the cmdlet does (display type of an enabled account)" 2 \
    "ldfix: s.ldf:516: entry 'CN=David Kerr,OU=Linked,DC=res,DC=contoso,DC=com': the rules make msExchRecipientDisplayType 0, Set-User -LinkedMasterAccount \$null makes it 1073741824 (rules: unlink-all): $PS1_ENTRY" \
    $LDFIX plan --format ps1 -r unlink-all.yaml -o out.ps1 s.ldf
printf '%s\n' 'version: 1' 'rules:' '  - id: drop-leftover-master' \
    '    match: { msExchRecipientTypeDetails: 1, msExchMasterAccountSid: present }' \
    '    changes:' '      - delete: msExchMasterAccountSid' | mk leftover.yaml
fails "ps1: not a linked mailbox" 2 \
    "ldfix: s.ldf:760: entry 'CN=Ivan Petrov,OU=Staff,DC=res,DC=contoso,DC=com': msExchRecipientTypeDetails is 1, not 2 (LinkedMailbox): the PowerShell plan converts linked mailboxes only (rules: drop-leftover-master): $PS1_ENTRY" \
    $LDFIX plan --format ps1 -r leftover.yaml -o out.ps1 s.ldf
# (The built-in rules convert only a valid master SID: a rule of one's own
# that converts whatever the master holds meets the script's own check.)
printf 'version: 1\n\ndn: CN=x,DC=y\nmsExchRecipientTypeDetails: 2\nuserAccountControl: 514\nmsExchMasterAccountSid:: Z2FyYmFnZQ==\n\n' |
    mk badsid.ldif
printf '%s\n' 'version: 1' 'rules:' '  - id: unlink-any' \
    '    match: { msExchRecipientTypeDetails: 2 }' '    changes:' \
    '      - replace: msExchRecipientTypeDetails' '        value: 1' \
    '      - delete: msExchMasterAccountSid' | mk unlink-any.yaml
fails "ps1: a master SID the script could not compare" 2 \
    "ldfix: badsid.ldif:3: entry 'CN=x,DC=y': msExchMasterAccountSid is not one valid SID, so the script could not check the master account before converting (rules: unlink-any): $PS1_ENTRY" \
    $LDFIX plan --format ps1 -r unlink-any.yaml -o out.ps1 badsid.ldif
printf 'version: 1\n\ndn: CN=x,DC=y\nmsExchRecipientTypeDetails: 2\nsAMAccountName:: eP8=\nuserAccountControl: 512\nmsExchRecipientDisplayType: 1073741824\nobjectSid:: AQUAAAAAAAUVAAAAAQAAAAIAAAADAAAAUAQAAA==\nmsExchMasterAccountSid:: AQUAAAAAAAUVAAAABAAAAAUAAAAGAAAA9QMAAA==\n\n' |
    mk badsam.ldif
fails "ps1: a userPrincipalName that is not UTF-8" 2 \
    "ldfix: badsam.ldif:3: entry 'CN=x,DC=y': userPrincipalName is not UTF-8 text, which a PowerShell string cannot hold (rules: linked-mailbox-to-user-mailbox, fill-upn): $PS1_ENTRY" \
    $LDFIX plan --format ps1 -r linked-to-user.yaml -r fill-upn.yaml \
    --var upn_suffix=x -o out.ps1 badsam.ldif
fails "ps1: --replace" 2 "ldfix: --replace shapes LDIF change records, and --format ps1 writes none" \
    $LDFIX plan --format ps1 --replace -o out.ps1 s.ldf
fails "plan --format xml" 2 "ldfix: --format is ldif or ps1, not 'xml'" \
    $LDFIX plan --format xml -o out.ps1 s.ldf
(cd "$W" && rm -f enable-account.yaml linked-room-to-room.yaml linked-to-user.yaml \
    fill-upn.yaml set-master.yaml master-only.yaml unlink-all.yaml leftover.yaml \
    unlink-any.yaml badsid.ldif badsam.ldif)

# --- write errors ---------------------------------------------------------
if [ -c /dev/full ]; then
	fails "plan: standard output on a full device" 2 \
	    "ldfix: standard output: cannot write: No space left on device" \
	    sh -c "$LDFIX plan s.ldf >/dev/full"
	fails "cat: standard output on a full device" 2 \
	    "ldfix: standard output: cannot write: No space left on device" \
	    sh -c "$LDFIX cat s.ldf >/dev/full"
fi
# -o naming a character device. This uses a private copy of /dev/full (made
# with mknod when we are root), never /dev/full itself: the output must be
# written to the device (and fail), not renamed over the device node.
if [ "$(id -u)" = 0 ] && mknod "$W/fulldev" c 1 7 2>/dev/null; then
	(cd "$W" && $LDFIX plan -q -o fulldev s.ldf >/dev/null 2>"$T/stderr")
	rc=$?
	if [ "$rc" -eq 2 ] && [ -c "$W/fulldev" ] && [ -z "$(leftovers)" ]; then
		ok "plan -o CHARACTER-DEVICE: write error, device node kept"
	else
		not_ok "plan -o CHARACTER-DEVICE: write error, device node kept (exit $rc, $(ls -l "$W/fulldev"))"
	fi
	rm -f "$W/fulldev"
fi
if posix_only "-o FILE over the file size limit (EFBIG)" "no ulimit -f"; then
fails "plan -o FILE over the file size limit (EFBIG)" 2 \
    "ldfix: out.ldf: cannot write: File too large" \
    sh -c "trap '' XFSZ; ulimit -f 1; exec $LDFIX plan -q -o out.ldf s.ldf"
fails "cat -o FILE over the file size limit" 2 \
    "ldfix: out.ldf: cannot write: File too large" \
    sh -c "trap '' XFSZ; ulimit -f 1; exec $LDFIX cat -q -o out.ldf s.ldf"
fails "apply -o FILE over the file size limit" 2 \
    "ldfix: out.ldf: cannot write: File too large" \
    sh -c "trap '' XFSZ; ulimit -f 1; exec $LDFIX apply -q -o out.ldf s.ldf plan.ldif"
fi
fails "plan -o into a missing directory" 2 \
    "ldfix: nodir/out.ldf: cannot create output: No such file or directory" \
    $LDFIX plan -o nodir/out.ldf s.ldf
mkdir "$W/ro"
chmod 555 "$W/ro"
chmod 644 "$W/s.ldf"
if ! posix_only "plan -o into a read-only directory" "mode bits and another user"; then
	:
elif [ "$(id -u)" != 0 ]; then
	fails "plan -o into a read-only directory" 2 \
	    "ldfix: ro/out.ldf: cannot create output: Permission denied" \
	    $LDFIX plan -o ro/out.ldf s.ldf
elif command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	chmod 755 "$T" "$W"
	# nobody may not be able to read the checkout (a home directory of
	# mode 700), nor run valgrind on it: run a copy of the binary itself.
	cp "${LDFIX##* }" "$T/ldfix-nobody"
	chmod 755 "$T/ldfix-nobody"
	fails "plan -o into a read-only directory (as nobody)" 2 \
	    "ldfix: ro/out.ldf: cannot create output: Permission denied" \
	    setpriv --reuid=65534 --regid=65534 --clear-groups "$T/ldfix-nobody" plan -o ro/out.ldf s.ldf
else
	echo "# SKIP plan -o into a read-only directory: root without setpriv"
fi
check_ro=$(ls -A "$W/ro")
if [ -z "$check_ro" ]; then ok "read-only directory: nothing created"; else
	not_ok "read-only directory: nothing created ($check_ro)"; fi

# --- limits ---------------------------------------------------------------
fails "--max-value too small" 2 \
    "ldfix: s.ldf:2:5: value is longer than 10 bytes; raise the limit with --max-value" \
    $LDFIX plan --max-value 10 -o out.ldf s.ldf
fails "--max-record too small" 2 \
    "ldfix: s.ldf:4:1: record is larger than 100 bytes; raise the limit with --max-record" \
    $LDFIX plan --max-record 100 -o out.ldf s.ldf
# A DN ldfix apply would refuse (issue 10): plan, find and check agree with
# it and write nothing (RFC 4514 wants ';' escaped in a value).
printf 'dn: CN=Bad;Name,OU=Linked,DC=x\nobjectClass: user\nsAMAccountName: bad\nmsExchRecipientTypeDetails: 2\nuserAccountControl: 514\nmsExchRecipientDisplayType: 1073741824\nobjectSid:: AQUAAAAAAAUVAAAAAQAAAAIAAAADAAAAUAQAAA==\nmsExchMasterAccountSid:: AQUAAAAAAAUVAAAABAAAAAUAAAAGAAAA9QMAAA==\n\n' | mk baddn.ldf
for c in "plan -o out.ldf" "find -o out.csv" check; do
	# shellcheck disable=SC2086 # the command and its option
	fails "${c%% *}: an entry to change whose DN is not valid" 2 \
	    "ldfix: baddn.ldf:1:1: 'CN=Bad;Name,OU=Linked,DC=x' is not a valid DN (RFC 4514), and ldfix apply and ldapmodify would refuse a change record for it: correct the export, or leave the entry out (--exclude with its sAMAccountName)" \
	    $LDFIX $c -q baddn.ldf
done
fails "plan: ... an entry left out by --exclude is no change" 0 "" \
    $LDFIX plan -q --exclude bad -o /dev/null baddn.ldf

# Counts bounded by --max-record (issue 10): one value per 64 bytes, one
# attribute of an entry per 256 bytes, and no line longer (nor folded over
# more lines) than the smaller of the two sizes allows.
{ echo "dn: cn=g,dc=x"; i=0; while [ $i -lt 20 ]; do echo "member: cn=u$i"; i=$((i + 1)); done; echo; } | mk many-values.ldf
fails "--max-record: one value per 64 bytes" 2 \
    "ldfix: many-values.ldf:18:1: record has more than 16 values; raise the limit with --max-record (it allows one per 64 bytes)" \
    $LDFIX plan --max-record 1k -o out.ldf many-values.ldf
printf 'dn: cn=g,dc=x\na: 1\nb: 1\nA: 2\nc: 1\nd: 1\ne: 1\n\n' | mk many-attrs.ldf
fails "--max-record: one attribute per 256 bytes, in any case" 2 \
    "ldfix: many-attrs.ldf:7:1: entry has more than 4 attributes; raise the limit with --max-record (it allows one per 256 bytes)" \
    $LDFIX cat --max-record 1k -o out.ldf many-attrs.ldf
{ printf 'dn: a\ncn: x\n'; i=0; while [ $i -lt 5000 ]; do echo ' '; i=$((i + 1)); done; echo; } | mk spaces.ldf
fails "a line continued by lone spaces stops at the line limit" 2 \
    "ldfix: spaces.ldf:4111:1: line is folded into more than 4108 physical lines; raise the limit with --max-value" \
    $LDFIX plan --max-value 3 -o out.ldf spaces.ldf
{ printf 'dn: cn=g,dc=x\ncn: '; head -c 1048576 /dev/zero | tr '\0' x; printf '\n\n'; } | mk longline.ldf
fails "a line longer than --max-record allows stops there, whatever --max-value says" 2 \
    "ldfix: longline.ldf:2:1: line is longer than 5468 bytes; raise the limit with --max-record" \
    $LDFIX plan --max-value 1G --max-record 1k -o out.ldf longline.ldf
# Standard input read twice (issue 10): "plan -r - -" read the rules and
# then planned an empty input with exit 0.
for c in plan find check; do
	fails "$c -r - -: standard input twice" 2 \
	    "ldfix: the input and the rules (-r -) cannot both be standard input: name one of them as a file" \
	    $LDFIX $c -r - -
done
fails "rules check -r - -r -: standard input twice" 2 \
    "ldfix: -r - is given twice: standard input can be read only once" \
    $LDFIX rules check -r - -r -
fails "--max-value not a size" 2 "ldfix: --max-value takes a size like 64M, not 'abc'" \
    $LDFIX plan --max-value abc -o out.ldf s.ldf
fails "apply --max-value too small (the change file is read first)" 2 \
    "ldfix: plan.ldif:19:5: value is longer than 10 bytes; raise the limit with --max-value" \
    $LDFIX apply --max-value 10 -o out.ldf s.ldf plan.ldif
# A run that fails writes nothing on standard output either, whatever it
# had found before the error: the output is spooled, and the spool dropped.
{ cat samples/contoso-ldifde.ldf; printf '\ndn: cn=late,dc=x\nno colon here\n'; } | mk late-error.ldf
late=$(grep -c '' "$W/late-error.ldf")
for c in "plan" "find --format csv" "find --format table" "find --format json" \
    "find --format html" "plan --format ps1"; do
	fails "$c, an error after the matches: exit 2" 2 \
	    "ldfix: late-error.ldf:$late:14: expected \"name: value\" but the line has no colon" \
	    $LDFIX $c late-error.ldf
	same "$c, an error after the matches: nothing on standard output" \
	    "$(wc -c <"$T/stdout")" 0
done

finish
