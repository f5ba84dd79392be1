#!/bin/sh
# t_exports.sh: exports that prove nothing are refused (issue 9, section 2).
# An empty file, an export without the attributes the rules match on, a
# change file given as the export, an `ldifde -n` export (binary values left
# out), two exports in one file, and apply's arguments swapped: each exits 2
# with its exact message and writes nothing. Then what plan, find and check
# say about what they saw: counts per rule and label, rules that matched
# nothing, foreign domains, attribute coverage, check's one-line summary.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
test_tmpdir exports
PYTHON=$(find_python)

W="$T/w"
mkdir "$W" || exit 2
cp samples/contoso-ldifde.ldf "$W/s.ldf"
$LDFIX plan -q -o "$W/plan.ldif" "$W/s.ldf"

# out_opt COMMAND: the output option of COMMAND (check writes no file)
out_opt() {
	[ "$1" = check ] || echo "-o out.x"
}

# --- inputs that are not an export -----------------------------------------
: | mk empty.ldf
printf '# nothing but comments\n\n' | mk comments.ldf
for c in plan find check; do
	fails "$c: an empty file" 2 \
	    "ldfix: empty.ldf: the input holds no entry: an empty or failed export" \
	    $LDFIX $c $(out_opt $c) empty.ldf
done
fails "check: a file of comments" 2 \
    "ldfix: comments.ldf: the input holds no entry: an empty or failed export" \
    $LDFIX check comments.ldf
CHANGE_MSG="ldfix: plan.ldif: the input holds only change records (9), no entry: it is a change file, not an export"
fails "check: the change file itself" 2 \
    "$CHANGE_MSG (to try a change file on an export: ldfix apply EXPORT CHANGES)" \
    $LDFIX check plan.ldif
fails "plan: the change file itself" 2 \
    "$CHANGE_MSG (to try a change file on an export: ldfix apply EXPORT CHANGES)" \
    $LDFIX plan -o out.ldf plan.ldif
fails "apply CHANGES EXPORT (swapped)" 2 \
    "$CHANGE_MSG (the export comes first: ldfix apply EXPORT CHANGES)" \
    $LDFIX apply -o out.ldf plan.ldif s.ldf
fails "apply: an empty export" 2 \
    "ldfix: empty.ldf: the input holds no entry: an empty or failed export" \
    $LDFIX apply -o out.ldf empty.ldf plan.ldif
(cd "$W" && $LDFIX apply -o out.ldf plan.ldif s.ldf 2>"$T/err")
same "apply swapped: only the reason, no list of failed records" \
    "$(wc -l <"$T/err" | tr -d ' ')" 1

# --- exports without what the rules need --------------------------------------
# every msEx* attribute stripped (an export with the wrong -l list)
grep -v '^msExch' "$W/s.ldf" | mk nomsexch.ldf
NOMATCH="the export has no msExchRecipientTypeDetails or msExchMasterAccountSid on any entry, which the rules match on: export with the attribute list in the README (ldfix rules check prints it), or pass --allow-missing ATTR"
for c in plan find check; do
	fails "$c: no attribute the rules match on" 2 "ldfix: nomsexch.ldf: $NOMATCH" \
	    $LDFIX $c $(out_opt $c) nomsexch.ldf
done

# ldifde -n: binary values left out (base64 values of binary attributes)
$PYTHON - "$W/s.ldf" "$W/n.ldf" <<'EOF'
import re, sys
text = open(sys.argv[1], newline="").read().replace("\r\n", "\n")
text = re.sub(r"\n ", "", text)         # unfold
binary = ("objectsid", "objectguid", "msexchmasteraccountsid",
          "msexchmailboxguid", "msexchmailboxsecuritydescriptor")
keep = [l for l in text.split("\n")
        if not (":: " in l and l.split(":", 1)[0].lower() in binary)]
open(sys.argv[2], "w", newline="").write("\r\n".join(keep))
EOF
LDIFDE_N="ldfix: n.ldf: 10 entries matched rule linked-mailbox-without-account-master, but no entry of the export has msExchMasterAccountSid: binary attributes are missing; do not use ldifde -n, or pass --allow-missing ATTR"
for c in plan find check; do
	fails "$c: an ldifde -n export" 2 "$LDIFDE_N" $LDFIX $c $(out_opt $c) n.ldf
done
(cd "$W" && $LDFIX plan -q --allow-missing msExchMasterAccountSid \
    -o n-plan.ldf n.ldf 2>"$T/err")
same "--allow-missing msExchMasterAccountSid: the plan is written (exit 0)" \
    "$?" 0
same "--allow-missing: the ldifde -n plan changes nothing" \
    "$(grep -c '^changetype:' "$W/n-plan.ldf")" 0
fails "--allow-missing another attribute does not relax this one" 2 "$LDIFDE_N" \
    $LDFIX plan --allow-missing objectSid -o out.ldf n.ldf

# An attribute a rule tests for absence proves nothing when no entry of
# the export has it (it was left out of the export's attribute list):
# fill-upn would plan a UPN for everybody. Refused; --allow-missing says
# that really no entry has one.
grep -v '^userPrincipalName' "$W/s.ldf" | mk noupn.ldf
fails "fill-upn on an export without any userPrincipalName" 2 \
    "ldfix: noupn.ldf: 9 entries matched rule fill-upn, but no entry of the export has userPrincipalName: export it (the README lists the attributes), or pass --allow-missing ATTR" \
    env LDFIX_RULES_DIR="$TOP/rules" $LDFIX plan -r builtin -r fill-upn \
    --var upn_suffix=contoso.com -o out.ldf noupn.ldf
(cd "$W" && LDFIX_RULES_DIR="$TOP/rules" $LDFIX plan -q -r builtin -r fill-upn \
    --var upn_suffix=contoso.com --allow-missing userPrincipalName \
    -o upn-plan.ldf noupn.ldf)
same "--allow-missing userPrincipalName: fill-upn plans (exit 0)" "$?" 0
same "and fills a UPN on each of the 9 converted entries" \
    "$(grep -c '^add: userPrincipalName' "$W/upn-plan.ldf")" 9

# --- two exports in one file ---------------------------------------------------
cat "$W/s.ldf" "$W/s.ldf" | mk twice.ldf
DN1=$(grep -n '^dn: DC=res' "$W/twice.ldf" | sed -n 1p | cut -d: -f1)
DN2=$(grep -n '^dn: DC=res' "$W/twice.ldf" | sed -n 2p | cut -d: -f1)
fails "plan: two entries with one DN" 2 \
    "ldfix: twice.ldf:$DN2:1: this entry's DN was already an entry at line $DN1: two exports in one file? Export once (ldifde's changetype: modify records for large groups are fine)" \
    $LDFIX plan -o out.ldf twice.ldf
# the same DN in another case and spelling is the same entry
{
	printf 'version: 1\n\ndn: CN=Doe\\, John,OU=Linked,DC=res,DC=contoso,DC=com\ncn: Doe, John\n\n'
	printf 'dn: cn=doe\\2C john, ou=linked,dc=res,dc=contoso,dc=com\ncn: Doe, John\n\n'
} | mk spelled.ldf
fails "plan: one DN spelled two ways" 2 \
    "ldfix: spelled.ldf:6:1: this entry's DN was already an entry at line 3: two exports in one file? Export once (ldifde's changetype: modify records for large groups are fine)" \
    $LDFIX check spelled.ldf
# ldifde's extra modify records for a large group's members stay accepted
{
	cat "$W/s.ldf"
	printf 'dn: CN=Sales Team,OU=Groups,DC=res,DC=contoso,DC=com\r\nchangetype: modify\r\n'
	printf 'add: member\r\nmember: CN=Kim Lee,OU=Linked,DC=res,DC=contoso,DC=com\r\n-\r\n\r\n'
} | mk biggroup.ldf
(cd "$W" && $LDFIX plan -q -o big-plan.ldf biggroup.ldf)
same "ldifde's modify records after the entries: accepted (exit 0)" "$?" 0
same "and the plan is that of the export alone (but for its header)" \
    "$(grep -v '^# input' "$W/big-plan.ldf")" "$(grep -v '^# input' "$W/plan.ldif")"

# --- what plan, find and check say ---------------------------------------------
(cd "$W" && $LDFIX find -o /dev/null s.ldf 2>"$T/find.err")
same "find: the summary, per rule and label, domains and coverage" "$(cat "$T/find.err")" \
"ldfix find: 24 entries read, 12 matched, 9 to change (25 attributes), 3 report only, 19 warnings
  rule linked-mailbox-to-user-mailbox: 9 hits: foreign-domain 7, self-linked 1, same-domain 1
  rule linked-mailbox-without-account-master: 1 hit: master-SELF 1
  rule linked-room-mailbox: 1 hit
  rule master-sid-on-unlinked-recipient: 1 hit: user-mailbox 1
  master accounts in other domains: S-1-5-21-3623811015-3361044348-30300820 (9 mailboxes)
  leftover permissions: 8 of 9 hits keep ACEs ldfix does not remove (9 ACEs; the plan comments and the reports list them, with the lines that remove them)
  leftover permissions in nTSecurityDescriptor not checked: no entry of the export has it (the README says how to export it)
  attributes the rules read: 8, on no entry: 1 (-v lists them)"
(cd "$W" && LDFIX_RULES_DIR="$TOP/rules" $LDFIX plan -r builtin \
    -r linked-room-to-room --only jdoe -o out.ldf s.ldf 2>"$T/zero.err")
check "a rule that matched nothing is named as such" \
    grep -qx '  rule linked-room-to-room: 0 hits (it matched no entry)' "$T/zero.err"
rm -f "$W/out.ldf"
(cd "$W" && $LDFIX check -v s.ldf 2>"$T/v.err")
check "-v: how many entries carry each attribute the rules read" \
    grep -qx '    msExchMasterAccountSid             13 of 24' "$T/v.err"

# check: a one-line summary, and 0 only when the export could show changes
(cd "$W" && $LDFIX check s.ldf 2>"$T/check.err")
same "check on the export: exit 1" "$?" 1
same "check: the one-line summary comes last" "$(tail -n 1 "$T/check.err")" \
    "ldfix check: 24 entries read, 12 matched, 9 pending"
(cd "$W" && $LDFIX apply -q -o after.ldf s.ldf plan.ldif &&
    $LDFIX check after.ldf 2>"$T/check.err")
same "check on the converted export: exit 0" "$?" 0
same "check on the converted export: its summary" "$(cat "$T/check.err")" \
    "ldfix check: 24 entries read, 3 matched, 0 pending"
(cd "$W" && $LDFIX check -q s.ldf 2>"$T/check.err")
same "check -q: exit 1 and nothing on stderr" "$?:$(cat "$T/check.err")" "1:"
check "nothing written in the working directory by a refusal" \
    sh -c "! ls -A '$W' | grep -q -e '^\\.ldfix-' -e '^out'"

finish
