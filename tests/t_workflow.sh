#!/bin/sh
# t_workflow.sh: the plan / apply / check / undo cycle as properties, on the
# three samples and on a generated export (tests/bench/gen_export.py), then
# entry selection (--only, --exclude, --under, --not-under, @FILE lists and
# edited find CSVs), and the CSV and JSON reports read back by python3's
# csv and json modules.
#
# Cycle properties, for every export E:
#   plan E -> P (and undo U); apply E P -> A; check A exits 0; plan A writes
#   no records; apply A U gives back E (compared canonically: each entry's
#   sorted lines of "cat --wrap 0", since an undo may reorder attributes);
#   a guarded P applied to A fails; a --replace plan applies twice.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
test_tmpdir workflow
records() {     # records FILE: the number of LDIF records (dn lines) in FILE
	grep -c '^dn:' "$1"
}

# canon LDIF OUT: one line per entry of LDIF, the entry's physical lines of
# "cat --wrap 0" sorted and joined by TABs, the entries sorted. Two exports
# with the same entries and values give the same OUT whatever the order.
canon() {
	$LDFIX cat -q --content --wrap 0 "$1" >"$T/canon.tmp" || return 1
	$PYTHON -c '
import sys
text = open(sys.argv[1], "rb").read().decode("utf-8", "surrogateescape")
entries = []
for rec in text.split("\n\n"):
    lines = [l for l in rec.split("\n") if l and not l.startswith("#")]
    if not lines or lines == ["version: 1"]:
        continue
    if lines[0] == "version: 1":
        lines = lines[1:]
    entries.append("\t".join(sorted(lines)))
entries.sort()
out = open(sys.argv[2], "w", encoding="utf-8", errors="surrogateescape")
out.write("\n".join(entries) + "\n")
' "$T/canon.tmp" "$2"
}

# --- the cycle ------------------------------------------------------------
$PYTHON tests/bench/gen_export.py --count 2000 >"$T/generated.ldf" ||
    not_ok "gen_export.py --count 2000 runs"

cycle() {       # cycle NAME EXPORT EXPECTED-RECORDS
	n=$1
	e=$2
	d="$T/$n"
	mkdir -p "$d"
	if $LDFIX plan -q -o "$d/plan.ldf" --undo "$d/undo.ldf" "$e" 2>"$d/err" &&
	    [ "$(records "$d/plan.ldf")" -eq "$3" ] &&
	    [ "$(records "$d/undo.ldf")" -eq "$3" ]; then
		ok "$n: plan and undo have $3 records each"
	else
		not_ok "$n: plan and undo have $3 records each: $(cat "$d/err")"
		return
	fi
	check "$n: apply the plan to the export" \
	    $LDFIX apply -q -o "$d/after.ldf" "$e" "$d/plan.ldf"
	$LDFIX check -q "$d/after.ldf" 2>"$d/err"
	rc=$?
	check "$n: check on the result exits 0 (got $rc)" test "$rc" -eq 0
	$LDFIX check -q "$e" 2>/dev/null
	rc=$?
	check "$n: check on the export exits 1 (got $rc)" test "$rc" -eq 1
	$LDFIX plan -q "$d/after.ldf" >"$d/replan.ldf" 2>/dev/null
	check "$n: plan on the result writes no records" \
	    test "$(records "$d/replan.ldf")" -eq 0
	check "$n: apply the undo file to the result" \
	    $LDFIX apply -q -o "$d/undone.ldf" "$d/after.ldf" "$d/undo.ldf"
	canon "$e" "$d/c.export"
	canon "$d/after.ldf" "$d/c.after"
	canon "$d/undone.ldf" "$d/c.undone"
	check "$n: the result differs from the export" \
	    sh -c "! cmp -s '$d/c.export' '$d/c.after'"
	check "$n: undo gives back the exported entries (canonical compare)" \
	    cmp -s "$d/c.export" "$d/c.undone"
	check "$n: entry count unchanged by apply and undo" \
	    test "$(wc -l <"$d/c.export")" -eq "$(wc -l <"$d/c.undone")"
	# a guarded plan refuses to run on entries that changed since the export
	$LDFIX apply -q -o "$d/again.ldf" "$d/after.ldf" "$d/plan.ldf" 2>"$d/err"
	rc=$?
	check "$n: the guarded plan applied a second time fails (exit 1, got $rc)" \
	    test "$rc" -eq 1
	check "$n: ... and writes no output" test ! -e "$d/again.ldf"
	# --replace: re-appliable
	$LDFIX plan -q --replace -o "$d/replace.ldf" "$e"
	check "$n: --replace plan applies to the export" \
	    $LDFIX apply -q -o "$d/r1.ldf" "$e" "$d/replace.ldf"
	check "$n: --replace plan applies a second time to its result" \
	    $LDFIX apply -q -o "$d/r2.ldf" "$d/r1.ldf" "$d/replace.ldf"
	canon "$d/r1.ldf" "$d/c.r1"
	canon "$d/r2.ldf" "$d/c.r2"
	check "$n: --replace result = guarded result" cmp -s "$d/c.r1" "$d/c.after"
	check "$n: --replace applied twice = once" cmp -s "$d/c.r1" "$d/c.r2"
}

cycle ldifde samples/contoso-ldifde.ldf 9
cycle ldapsearch samples/contoso-ldapsearch.ldif 9
cycle ldapsearch-L samples/contoso-ldapsearch-L.ldif 7
cycle generated "$T/generated.ldf" 200

# A linked mailbox as ldifde exports it; $1 is its DN, $2 extra lines.
linked() {
	printf 'dn: %s\nchangetype: add\nobjectClass: user\n' "$1"
	printf 'sAMAccountName: jdoe\n'
	printf 'proxyAddresses: SMTP:Jane.Doe@contoso.com\n'
	printf 'proxyAddresses: smtp:jdoe@res.contoso.com\n'
	printf 'msExchMasterAccountSid:: AQUAAAAAAAUVAAAAx/f+13x3VciUWs4B9QMAAA==\n'
	printf 'objectSid:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA==\n'
	printf 'userAccountControl: 514\n'
	printf 'msExchRecipientDisplayType: 1073741824\n'
	printf 'msExchRecipientTypeDetails: 2\n'
	printf '%s' "${2:-}"
	printf '\n'
}

# --- opt-in rule files act only on what the conversion hit ------------------
# enable-account and fill-upn after the built-in rules: the disabled
# mailboxes ipetrov (a user mailbox), helpdesk (shared) and cyoung (master
# SELF, only reported), and glin (a plain user mailbox) stay untouched;
# only the converted entries change.
LDFIX_RULES_DIR=rules $LDFIX plan -q -r builtin -r enable-account -r fill-upn \
    --var upn_suffix=contoso.com -o "$T/optin.ldf" samples/contoso-ldifde.ldf
for who in "CN=Ivan Petrov" "CN=Helpdesk" "CN=Carol Young" "CN=Grace Lin"; do
	check "opt-in files leave $who untouched" \
	    sh -c "! grep -q '^dn: $who,' '$T/optin.ldf'"
done
same "opt-in files: records only for the 9 converted entries" \
    "$(grep -c '^changetype: modify' "$T/optin.ldf")" 9
check "enable-account enables a converted, disabled account (jdoe)" \
    grep -q '^userAccountControl: 66048' "$T/optin.ldf"

# --- a value the export lists twice ---------------------------------------
cat >"$T/drop.yaml" <<'EOF'
version: 1
rules:
  - id: drop-old-address
    match:
      sAMAccountName: { equals: jdoe }
    changes:
      - delete: proxyAddresses
        value: "smtp:jdoe@res.contoso.com"
EOF
linked 'CN=Jane Doe,OU=Linked,DC=res,DC=contoso,DC=com' \
    'proxyAddresses: smtp:jdoe@res.contoso.com
' >"$T/dup.ldf"
$LDFIX plan -r "$T/drop.yaml" --undo "$T/dup-undo.ldf" -o "$T/dup-plan.ldf" \
    "$T/dup.ldf" 2>"$T/dup.err"
check "a rule deleting a value listed twice changes the entry" \
    grep -q '^delete: proxyAddresses' "$T/dup-plan.ldf"
check "the change names the value once" \
    test "$(grep -c '^proxyAddresses: smtp:jdoe@' "$T/dup-plan.ldf")" -eq 1
check "the undo adds it back once" \
    test "$(grep -c '^proxyAddresses: smtp:jdoe@' "$T/dup-undo.ldf")" -eq 1
$LDFIX plan --replace -r "$T/drop.yaml" --undo "$T/dup-undo.ldf" \
    -o "$T/dup-plan.ldf" "$T/dup.ldf" 2>"$T/dup.err"
check "--replace undo names the value once" \
    test "$(grep -c '^proxyAddresses: smtp:jdoe@' "$T/dup-undo.ldf")" -eq 1
$LDFIX apply "$T/dup.ldf" "$T/dup-plan.ldf" >"$T/dup-applied" 2>"$T/dup.err"
check "apply: the value is gone after the plan" \
    sh -c "! grep -q '^proxyAddresses: smtp:jdoe@' '$T/dup-applied'"

# --- a record with very many attribute names --------------------------------
# 100,000 names in one 1 MB record, well inside the default limits: plan
# and apply must stay linear (they took a minute, quadratic in the names).
# Not timed under valgrind, which is slow by design.
awk 'BEGIN {
	print "dn: CN=Wide,DC=res,DC=contoso,DC=com"
	print "sAMAccountName: jdoe"
	print "msExchRecipientTypeDetails: 2"
	print "msExchMasterAccountSid:: AQUAAAAAAAUVAAAAx/f+13x3VciUWs4B9QMAAA=="
	print "objectSid:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA=="
	print "userAccountControl: 514"
	print "msExchRecipientDisplayType: 1073741824"
	for (i = 0; i < 100000; i++) print "x" i ": v"
	print ""
}' >"$T/wide.ldf"
case $LDFIX in
*valgrind*)
	echo "# SKIP wide record timing under valgrind" ;;
*)
	start=$(date +%s)
	timeout 120 $LDFIX plan -o "$T/wide.plan" "$T/wide.ldf" 2>"$T/wide.err"
	rc=$?
	timeout 120 $LDFIX apply -o "$T/wide.out" "$T/wide.ldf" \
	    "$T/wide.plan" 2>"$T/wide.err" || rc=$?
	secs=$(( $(date +%s) - start ))
	check "plan and apply of a 100,000-name record take seconds ($secs s)" \
	    test "$rc" -eq 0 -a "$secs" -le 15
	check "the wide record's master SID is deleted" \
	    sh -c "! grep -q '^msExchMasterAccountSid' '$T/wide.out'"
	check "and its 100,000 other names are all kept" \
	    test "$(grep -c '^x[0-9]*: v$' "$T/wide.out")" -eq 100000
	;;
esac

# --- selection ------------------------------------------------------------
S=samples/contoso-ldifde.ldf
# selected NAME EXPECTED-DNS ARGS...: plan ARGS on the sample writes records
# for exactly the DNs in EXPECTED-DNS (one per line, in file order).
selected() {
	sel_name=$1
	sel_want=$2
	shift 2
	$LDFIX plan -q --wrap 0 --no-comments "$@" "$S" >"$T/sel.ldf" 2>"$T/sel.err"
	sel_rc=$?
	# shellcheck disable=SC2016
	$PYTHON -c '
import base64, sys
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("dn:: "):
        print(base64.b64decode(line[5:]).decode("utf-8"))
    elif line.startswith("dn: "):
        print(line[4:])
' "$T/sel.ldf" >"$T/sel.got"
	printf '%s\n' "$sel_want" | sed '/^$/d' >"$T/sel.want"
	if [ "$sel_rc" -eq 0 ] && cmp -s "$T/sel.want" "$T/sel.got"; then
		ok "selection: $sel_name"
	else
		not_ok "selection: $sel_name (exit $sel_rc)"
		diff "$T/sel.want" "$T/sel.got" | sed 's/^/#   /'
		sed 's/^/#   /' "$T/sel.err"
	fi
}
B=DC=res,DC=contoso,DC=com
JDOE="CN=Jane Doe,OU=Linked,$B"
JMUELLER="CN=Jürgen Müller,OU=Linked,$B"
JOHNDOE="CN=Doe\\, John,OU=Linked,$B"
KLEE="CN=Kim Lee,OU=Linked,$B"
EWALSH="CN=Erin Walsh,OU=Linked,$B"
FORTIZ="CN=Frank Ortiz,OU=Linked,$B"
DKERR="CN=David Kerr,OU=Linked,$B"
ABERG="CN=Anna Berg,OU=Staff,$B"
RHALE="CN=Robert Hale,OU=Staff,$B"
CYOUNG="CN=Carol Young,OU=Staff,$B"
LINKED="$JDOE
$JMUELLER
$JOHNDOE
$KLEE
$EWALSH
$FORTIZ
$DKERR"
# (Carol Young's master is SELF: she is reported, not changed.)
STAFF="$ABERG
$RHALE"

selected "no selection: all 9" "$LINKED
$STAFF"
selected "--only DN" "$KLEE" --only "$KLEE"
selected "--only DN in another case and with \\2C" "$JOHNDOE" \
    --only "cn=doe\\2C john, ou=linked, dc=res,dc=contoso,dc=com"
selected "--only non-ASCII DN" "$JMUELLER" --only "$JMUELLER"
selected "--only sAMAccountName" "$JDOE" --only jdoe
selected "--only twice" "$JDOE
$ABERG" --only aberg --only jdoe
printf 'jdoe\n%s\n\nrhale\n' "$KLEE" >"$T/list.txt"
selected "--only @plain-list" "$JDOE
$KLEE
$RHALE" --only "@$T/list.txt"
selected "--exclude sAMAccountName" "$JMUELLER
$JOHNDOE
$KLEE
$EWALSH
$FORTIZ
$DKERR
$STAFF" --exclude jdoe
selected "--exclude @plain-list" "$JMUELLER
$JOHNDOE
$EWALSH
$FORTIZ
$DKERR
$ABERG" --exclude "@$T/list.txt"
selected "--under OU=Staff" "$STAFF" --under "OU=Staff,$B"
selected "--under, lower case" "$STAFF" --under "ou=staff,dc=res,dc=contoso,dc=com"
selected "--not-under OU=Linked" "$STAFF" --not-under "OU=Linked,$B"
selected "--under twice" "$LINKED
$STAFF" --under "OU=Staff,$B" --under "OU=Linked,$B"
selected "--under and --exclude" "$RHALE" --under "OU=Staff,$B" --exclude aberg
selected "--under the domain, --not-under a subtree" "$STAFF" --under "$B" \
    --not-under "OU=Linked,$B"
selected "--only and --under: both must hold" "$ABERG" --only aberg --only jdoe \
    --under "OU=Staff,$B"

# the CSV that find wrote, edited by a reviewer: rows of jdoe and of
# fortiz dropped (python's csv module rewrites it, as a spreadsheet would)
$LDFIX find -q --format csv -o "$T/review.csv" "$S"
$PYTHON -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, quoting=csv.QUOTE_MINIMAL)
    w.writerow(rows[0])
    for r in rows[1:]:
        if r[1] not in ("jdoe", "fortiz"):
            w.writerow(r)
' "$T/review.csv" "$T/edited.csv"
selected "--only @find-csv edited to drop rows" "$JMUELLER
$JOHNDOE
$KLEE
$EWALSH
$DKERR
$STAFF" --only "@$T/edited.csv"
selected "--only @find-csv unedited" "$LINKED
$STAFF" --only "@$T/review.csv"
# the CSV with a BOM (Excel) and CRLF, with only the DN column kept
$LDFIX find -q --format csv --bom -o "$T/bom.csv" "$S"
$PYTHON -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
with open(sys.argv[2], "w", newline="", encoding="utf-8-sig") as f:
    w = csv.writer(f, lineterminator="\r\n")
    for r in rows:
        if r[1] in ("DistinguishedName", "SamAccountName") or r[1] in ("klee", "cyoung"):
            w.writerow([r[0]])
' "$T/bom.csv" "$T/dn-only.csv"
selected "--only @csv with BOM, CRLF, DN column only" "$KLEE" --only "@$T/dn-only.csv"
selected "--exclude @find-csv edited" "$JDOE
$FORTIZ" --exclude "@$T/edited.csv"

# A name that matches nothing stops the run: nothing is written.
rm -f "$T/sel.ldf"
$LDFIX plan -q --only jdoe --only nosuchuser --exclude "CN=Nobody,$B" \
    --under "OU=Nowhere,$B" -o "$T/sel.ldf" "$S" 2>"$T/sel.err"
rc=$?
check "unmatched selectors: exit 2" test "$rc" -eq 2
check "unmatched selectors: nothing written" test ! -e "$T/sel.ldf"
check "unmatched selectors: --only nosuchuser reported" \
    grep -q "^ldfix: --only 'nosuchuser' matches no entry in the export$" "$T/sel.err"
check "unmatched selectors: --exclude DN reported" \
    grep -q "^ldfix: --exclude 'CN=Nobody,$B' matches no entry" "$T/sel.err"
check "unmatched selectors: --under reported" \
    grep -q "^ldfix: --under 'OU=Nowhere,$B' matches no entry" "$T/sel.err"
check "unmatched selectors: matched ones are not reported" \
    sh -c "! grep -q \"'jdoe'\" '$T/sel.err'"
same "unmatched selectors: the last line says how to go on" \
    "$(tail -n 1 "$T/sel.err")" \
    "ldfix: 3 names match no entry: nothing written (check the names and the export, or pass --allow-unmatched)"
# --allow-unmatched: the same names are warnings and the plan is written.
$LDFIX plan -q --allow-unmatched --only jdoe --only nosuchuser \
    -o "$T/sel.ldf" "$S" 2>"$T/sel.err"
check "--allow-unmatched: exit 0" test $? -eq 0
check "--allow-unmatched: the name is still reported" \
    grep -q "^ldfix: --only 'nosuchuser' matches no entry" "$T/sel.err"
check "--allow-unmatched: the rest still selected" \
    test "$(records "$T/sel.ldf")" -eq 1
printf 'jdoe\nghost\n' >"$T/ghost.txt"
$LDFIX plan -q --only "@$T/ghost.txt" "$S" >"$T/sel.ldf" 2>"$T/sel.err"
same "unmatched selectors: a name from @FILE is reported with its line" \
    "$(head -n 1 "$T/sel.err")" \
    "ldfix: $T/ghost.txt:2: --only 'ghost' matches no entry in the export"

# Selection fails closed on a DN it cannot parse: AD and OpenLDAP read ';'
# as an RDN separator (RFC 1779), so this entry lies in OU=Protected; ldfix
# cannot parse it and must not select it past --not-under or --exclude.
linked 'CN=Jane Doe;OU=Protected,DC=res,DC=contoso,DC=com' >"$T/semi.ldf"
$LDFIX plan --not-under 'OU=Protected,DC=res,DC=contoso,DC=com' \
    "$T/semi.ldf" >"$T/sel.ldf" 2>"$T/sel.err"
check "plan --not-under: an unparsable DN is left out" \
    test "$(grep -c '^dn:' "$T/sel.ldf")" -eq 0
$LDFIX plan --exclude 'CN=Jane Doe,OU=Protected,DC=res,DC=contoso,DC=com' \
    "$T/semi.ldf" >"$T/sel.ldf" 2>"$T/sel.err"
check "plan --exclude DN: an unparsable DN is left out" \
    test "$(grep -c '^dn:' "$T/sel.ldf")" -eq 0
$LDFIX plan --only jdoe "$T/semi.ldf" >"$T/sel.ldf" 2>"$T/sel.err"
rc=$?
# ...but a change record for it would be refused by ldfix apply and
# ldapmodify (issue 10): plan says so instead of writing one.
check "plan --only NAME selects an unparsable DN, and refuses to plan it" \
    test "$rc" -eq 2 -a ! -s "$T/sel.ldf"
check "plan --only NAME: the message says where" \
    grep -q "^ldfix: $T/semi.ldf:[0-9]*:1: 'CN=Jane Doe;OU=Protected,DC=res,DC=contoso,DC=com' is not a valid DN" "$T/sel.err"

# A reviewed CSV hands back a DN written as base64: find writes a DN with a
# control byte as "base64:..."; --exclude @CSV must exclude that entry (it
# was taken for a name that matched nothing).
# (48 bytes: base64 without '=' padding, so it passed for a name)
printf 'CN=Jane\001Do,OU=Linked,DC=res,DC=contoso,DC=com' | base64 |
    tr -d '\n' >"$T/b64dn"
linked "placeholder" | sed "1s|.*|dn:: $(cat "$T/b64dn")|" >"$T/ctl.ldf"
$LDFIX find --format csv -o "$T/ctl.csv" "$T/ctl.ldf" 2>"$T/sel.err"
check "find --format csv writes the DN as base64:" \
    grep -q '^"base64:' "$T/ctl.csv"
$LDFIX plan --exclude "@$T/ctl.csv" "$T/ctl.ldf" >"$T/sel.ldf" 2>"$T/sel.err"
check "plan --exclude @CSV excludes the entry of a base64: DN" \
    test $? -eq 0 -a "$(grep -c '^dn' "$T/sel.ldf")" -eq 0
check "and says no selector matched nothing" \
    sh -c "! grep -q 'matches nothing' '$T/sel.err'"

# --- reports --------------------------------------------------------------
# A linked mailbox whose text values look like spreadsheet formulas.
cat >"$T/formula.ldif" <<'EOF'
version: 1

dn: CN=Formula,OU=Linked,DC=res,DC=contoso,DC=com
sAMAccountName: =cmd|' /C calc'!A0
displayName: +SUM("a";2)
mail: @evil
userAccountControl: 514
objectSid:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YokgQAAA==
msExchRecipientTypeDetails: 2
msExchRecipientDisplayType: -1073741818
msExchMasterAccountSid:: AQUAAAAAAAUVAAAAx/f+13x3VciUWs4B9QMAAA==
userPrincipalName: formula@contoso.com

EOF
$LDFIX plan -q -o "$T/discard.ldf" --report "$T/rep.csv" --report-format CSV-Changes "$S"
$LDFIX plan -q -o "$T/discard.ldf" --report "$T/rep-bom.csv" --report-format csv-changes --bom "$S"
$LDFIX plan -q -o "$T/discard.ldf" --report "$T/review.csv" "$S"
$LDFIX plan -q -o "$T/discard.ldf" --report "$T/formula.csv" --report-format csv-changes "$T/formula.ldif"
$LDFIX plan -q -o "$T/discard.ldf" --report "$T/rep.json" "$S"
$LDFIX find -q --format json -o "$T/find.json" "$T/generated.ldf"
$LDFIX find -q --format csv -o "$T/gen.csv" "$T/generated.ldf"

$PYTHON - "$T" >"$T/py.out" 2>&1 <<'EOF'
import csv, json, sys
T = sys.argv[1]
results = []
def t(name, cond):
    results.append(name)
    print(("ok - " if cond else "not ok - ") + name)

HEADER = ["DistinguishedName", "SamAccountName", "DisplayName", "Mail", "Rule",
          "Classification", "Attribute", "OldValue", "NewValue", "Warnings"]

def rows_of(path, enc="utf-8"):
    with open(path, newline="", encoding=enc) as f:
        return list(csv.reader(f, strict=True))

raw = open(T + "/rep.csv", "rb").read()
t("csv: no BOM without --bom", not raw.startswith(b"\xef\xbb\xbf"))
bom = open(T + "/rep-bom.csv", "rb").read()
t("csv: --bom starts with EF BB BF", bom.startswith(b"\xef\xbb\xbf"))
t("csv: --bom is the same CSV after the BOM", bom[3:] == raw)
rows = rows_of(T + "/rep.csv")
t("csv: header row", rows[0] == HEADER)
t("csv: every row has 10 fields", all(len(r) == 10 for r in rows))
body = rows[1:]
# 25 changed attributes (9 entries) + 3 report-only rows
t("csv: 28 data rows (25 attribute changes + 3 report-only), got %d" % len(body),
  len(body) == 28)
by = {}
for r in body:
    by.setdefault(r[1], []).append(r)
t("csv: 12 entries", len(by) == 12)
t("csv: jdoe has its three changes",
  sorted((r[6], r[7], r[8]) for r in by.get("jdoe", [])) == [
      ("msExchMasterAccountSid", "S-1-5-21-3623811015-3361044348-30300820-1013", ""),
      ("msExchRecipientDisplayType", "1073741824", "0"),
      ("msExchRecipientTypeDetails", "2", "1")])
t("csv: dkerr (enabled) keeps its display type",
  sorted(r[6] for r in by.get("dkerr", [])) ==
  ["msExchMasterAccountSid", "msExchRecipientTypeDetails"])
t("csv: ewalsh (no UAC) keeps its display type",
  sorted(r[6] for r in by.get("ewalsh", [])) ==
  ["msExchMasterAccountSid", "msExchRecipientTypeDetails"])
t("csv: non-ASCII DN as UTF-8",
  by.get("jmueller", [[""]])[0][0] == "CN=J\u00fcrgen M\u00fcller,OU=Linked,DC=res,DC=contoso,DC=com")
t("csv: comma inside a quoted field",
  by.get("johndoe", [[""]])[0][0] == "CN=Doe\\, John,OU=Linked,DC=res,DC=contoso,DC=com")
k = by.get("klee", [[""] * 10])[0]
t("csv: two warnings in one field, one per line",
  k[9].count("\n") == 1 and "no userPrincipalName" in k[9])
f = {r[6]: r for r in by.get("fortiz", [])}
rdt = f.get("msExchRecipientDisplayType", [""] * 10)
t("csv: negative numbers stay numbers (no formula prefix)",
  rdt[7] == "-1073741818" and rdt[8] == "-2147483642")
t("csv: report-only rows have no attribute",
  [r[4] for r in by.get("room412", [])] == ["linked-room-mailbox"] and
  by["room412"][0][6:9] == ["", "", ""])
import re
danger = [c for r in body for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")
          and not re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", c)]
t("csv: no field but a plain number starts with = + - @ TAB CR", danger == [])

# The review sheet: one row per entry, the unit a reviewer keeps or deletes.
rv = rows_of(T + "/review.csv")
t("review csv: header", rv[0] == ["DistinguishedName", "SamAccountName",
    "UserPrincipalName", "DisplayName", "Account", "Rule", "Classification",
    "MasterAccountSid", "msExchRecipientTypeDetails (old)",
    "msExchRecipientTypeDetails (new)", "msExchMasterAccountSid (old)",
    "msExchMasterAccountSid (new)", "msExchRecipientDisplayType (old)",
    "msExchRecipientDisplayType (new)", "Warnings", "LeftoverPermissions",
    "RemoveCommands"])
rb = {r[1]: r for r in rv[1:]}
t("review csv: one row per entry, 12", len(rv) == 13 and len(rb) == 12)
t("review csv: jdoe row", rb.get("jdoe", [""] * 15)[2:14] == [
    "jdoe@res.contoso.com", "Jane Doe", "disabled",
    "linked-mailbox-to-user-mailbox", "foreign-domain",
    "S-1-5-21-3623811015-3361044348-30300820-1013", "2", "1",
    "S-1-5-21-3623811015-3361044348-30300820-1013", "", "1073741824", "0"])
t("review csv: dkerr enabled, display type unchanged",
  rb.get("dkerr", [""] * 15)[4] == "enabled" and rb["dkerr"][12:14] == ["", ""])
t("review csv: ewalsh (no userAccountControl) account unknown",
  rb.get("ewalsh", [""] * 15)[4] == "")
t("review csv: fortiz numbers unprefixed",
  rb.get("fortiz", [""] * 15)[12:14] == ["-1073741818", "-2147483642"])
import io
buf = io.StringIO()
csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
t("csv: every field quoted, quotes doubled, CRLF rows (RFC 4180)",
  buf.getvalue().encode("utf-8") == raw)

fr = rows_of(T + "/formula.csv")
t("csv formula entry: one row per change, 3 rows", len(fr) == 4)
if len(fr) > 1:
    r = fr[1]
    t("csv formula entry: sAMAccountName prefixed", r[1] == "'=cmd|' /C calc'!A0")
    t("csv formula entry: displayName prefixed", r[2] == "'+SUM(\"a\";2)")
    t("csv formula entry: double quote doubled",
      b'"\'+SUM(""a"";2)"' in open(T + "/formula.csv", "rb").read())
    t("csv formula entry: mail prefixed", r[3] == "'@evil")

g = rows_of(T + "/gen.csv")
t("csv generated: one row for each of the 200 entries", len(g) == 201 and
  len({r[0] for r in g[1:]}) == 200)

j = json.load(open(T + "/rep.json", encoding="utf-8"))
t("json: tool, command, input", j.get("tool") == "ldfix" and
  j.get("command") == "plan" and j.get("input") == "samples/contoso-ldifde.ldf")
items = j.get("items", [])
t("json: 12 items", len(items) == 12)
jm = {i["sAMAccountName"]: i for i in items}
jd = jm.get("jdoe", {})
t("json: jdoe changes", sorted((c["attribute"], c["old"], c["new"])
    for c in jd.get("changes", [])) == [
    ("msExchMasterAccountSid", ["S-1-5-21-3623811015-3361044348-30300820-1013"], []),
    ("msExchRecipientDisplayType", ["1073741824"], ["0"]),
    ("msExchRecipientTypeDetails", ["2"], ["1"])])
t("json: jdoe classified foreign-domain with two warnings",
  [h["classification"] for h in jd.get("hits", [])] == ["foreign-domain"] and
  len(jd["hits"][0]["warnings"]) == 2)
t("json: non-ASCII DN", jm.get("jmueller", {}).get("dn") ==
  "CN=J\u00fcrgen M\u00fcller,OU=Linked,DC=res,DC=contoso,DC=com")
t("json: escaped comma in DN", jm.get("johndoe", {}).get("dn") ==
  "CN=Doe\\, John,OU=Linked,DC=res,DC=contoso,DC=com")
t("json: negative numbers unprefixed", [c["new"] for c in
  jm.get("fortiz", {}).get("changes", [])
  if c["attribute"] == "msExchRecipientDisplayType"] == [["-2147483642"]])
t("json: report-only room412 has no changes",
  jm.get("room412", {}).get("changes") in ([], None) and
  jm["room412"]["hits"][0]["rule"] == "linked-room-mailbox")
jf = json.load(open(T + "/find.json", encoding="utf-8"))
t("json: find on the generated export has 200 items, command find",
  len(jf.get("items", [])) == 200 and jf.get("command") == "find")
EOF
rc=$?
cat "$T/py.out"
check "python report checks ran to the end (exit $rc)" test "$rc" -eq 0
grep -q '^not ok' "$T/py.out" && failed=1

finish
