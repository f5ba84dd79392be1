#!/bin/sh
# shellcheck disable=SC2086 # $LDFIX is a command line, split on purpose
# t_accounts.sh: plan, find and check with --accounts, on pairs of exports
# that tests/gen_accounts.py generates in ldifde and ldapsearch style: a
# resource forest whose linked mailboxes are owned from two account
# domains, and the export of one of them with enabled, disabled, deleted
# and ADMT-migrated (sIDHistory) owners. The owner of every mailbox is
# checked in the JSON report against gen_accounts.PEOPLE, object for
# object; the summary line for line; every refusal with its message; the
# opt-in rules/consolidate-identity.yaml down to the bytes it writes.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
require_ldfix || exit 0
LDFIX_RULES_DIR=$TOP/rules
export LDFIX_RULES_DIR
test_tmpdir accounts
W=$T/w
mkdir -p "$W"
GEN="$PYTHON $TOP/tests/gen_accounts.py"

for style in ldifde ldapsearch; do
	$GEN resource $style >"$W/res-$style.ldf"
	$GEN accounts $style >"$W/acct-$style.ldf"
done
$GEN resource ldifde --no-anchor >"$W/res-noanchor.ldf"
$GEN accounts ldifde --no-admin >"$W/acct-noadmin.ldf"
$GEN accounts ldifde --twice >"$W/acct-twice.ldf"
$GEN accounts ldifde --drop userAccountControl >"$W/acct-nouac.ldf"
$GEN accounts ldifde --drop objectSid --drop sIDHistory >"$W/acct-nosid.ldf"
$GEN accounts ldapsearch --drop mS-DS-ConsistencyGuid >"$W/acct-noguid.ldf"
$GEN old-domain ldapsearch >"$W/old.ldf"
ACCT_SHA=$(sha256sum <"$W/acct-ldifde.ldf")

# in_w COMMAND...: run in $W (file names in outputs stay short).
in_w() {
	(cd "$W" && "$@")
}

# owners_ok NAME JSON ACCOUNTS-FILE [STATUS-OVERRIDES]: every item's
# "owner" object is exactly what gen_accounts.PEOPLE says, the header names
# the accounts export with its SHA-256, the counts add up.
owners_ok() {
	if $PYTHON - "$TOP/tests" "$2" "$W/$3" "$3" "${4:-}" >"$T/py.out" 2>&1 <<'EOF'
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
import gen_accounts as g
report = json.load(open(sys.argv[2], encoding="utf-8"))
acct_path, acct_name, override = sys.argv[3], sys.argv[4], sys.argv[5]
over = dict(kv.split("=") for kv in override.split(",") if kv)
sha = hashlib.sha256(open(acct_path, "rb").read()).hexdigest()
assert report["accounts"] == [{"file": acct_name, "sha256": sha}], report["accounts"]
items = {i["sAMAccountName"]: i for i in report["items"]}
counts = dict.fromkeys(["enabled", "disabled", "not-found", "no-export", "not-applicable"], 0)
seen = 0
for sam, rid, rtd, master, status, acct, via in g.PEOPLE:
    status = over.get(sam, status)
    if status is None:
        assert sam not in items or "owner" not in items[sam], sam
        continue
    want = {"sid": master, "status": status}
    if status in ("enabled", "disabled"):
        asam = acct[0]
        want.update({"sAMAccountName": asam,
                     "userPrincipalName": asam + "@fabrikam.com",
                     "dn": g.account_dn(asam, g.ACCT_SUFFIX),
                     "enabled": status == "enabled", "via": via,
                     "lastLogon": g.last_logon_utc(acct[1])})
    got = items[sam]["owner"]
    assert got == want, "%s: got %r, want %r" % (sam, got, want)
    counts[status] += 1
    seen += 1
assert report["counts"]["owners"] == counts, report["counts"]
assert seen == 11, seen
print("ok")
EOF
	then
		ok "$1"
	else
		not_ok "$1"
		sed 's/^/#   /' "$T/py.out"
	fi
}

# ---- the owners, in both styles and across them ----------------------
for pair in ldifde:ldifde ldapsearch:ldapsearch ldifde:ldapsearch ldapsearch:ldifde; do
	r=${pair%%:*} a=${pair#*:}
	if in_w $LDFIX find -q --format json --accounts "acct-$a.ldf" \
	    -o "$T/find-$r-$a.json" "res-$r.ldf"; then
		owners_ok "find --format json: the owner of every mailbox ($r export, $a accounts)" \
		    "$T/find-$r-$a.json" "acct-$a.ldf"
	else
		not_ok "find --format json with --accounts ($r export, $a accounts)"
	fi
done
in_w $LDFIX plan -q --report "$T/report.json" --accounts acct-ldifde.ldf \
    -o "$T/plan.ldf" res-ldifde.ldf
owners_ok "plan --report FILE.json: the owner of every mailbox" \
    "$T/report.json" acct-ldifde.ldf

# An export of one OU (no Administrator, RID 500) cannot prove that an
# owner is gone: carol is no-export, not orphaned.
in_w $LDFIX find -q --format json --accounts acct-noadmin.ldf \
    -o "$T/noadmin.json" res-ldifde.ldf
owners_ok "without the domain's Administrator, a missing owner is no-export" \
    "$T/noadmin.json" acct-noadmin.ldf carol=no-export

# ---- the summary -------------------------------------------------------
in_w $LDFIX find --accounts acct-ldifde.ldf -o /dev/null res-ldifde.ldf \
    2>"$T/summary"
cat >"$T/want" <<'EOF'
ldfix find: 14 entries read, 11 matched, 9 to change (27 attributes), 2 report only, 10 warnings
  rule linked-mailbox-to-user-mailbox: 9 hits: owner-enabled 4, owner-disabled 2, orphaned 1, foreign-domain 1, same-domain 1
  rule linked-mailbox-without-account-master: 1 hit: master-SELF 1
  rule linked-room-mailbox: 0 hits (it matched no entry)
  rule master-sid-on-unlinked-recipient: 1 hit: user-mailbox 1
  master accounts in other domains: S-1-5-21-3623811015-3361044348-30300820 (6 mailboxes, exported in acct-ldifde.ldf), S-1-5-21-2468013579-1357924680-1122334455 (2 mailboxes, not exported), S-1-5-21-1818181818-2727272727-3636363636 (1 mailbox, not exported)
  owners of matched mailboxes: 5 enabled, 2 disabled, 1 not-found, 1 no-export, 2 not-applicable
  accounts acct-ldifde.ldf: 10 entries, 7 master accounts found (2 through sIDHistory)
    domain S-1-5-21-3623811015-3361044348-30300820 (acct.fabrikam.com): 10 accounts
  leftover permissions: no ACE of a master account on the 9 hits that list them
  attributes the rules read: 8, on no entry: 0
EOF
same_file "the summary: domains, their coverage, owners per status, each accounts export" \
    "$T/summary" "$T/want"
in_w $LDFIX find --accounts acct-noadmin.ldf -o /dev/null res-ldifde.ldf \
    2>"$T/summary"
same "the summary says a domain without its Administrator is partly exported" \
    "$(grep '^    domain' "$T/summary")" \
    "    domain S-1-5-21-3623811015-3361044348-30300820 (acct.fabrikam.com): 9 accounts, without its Administrator (RID 500): partly exported, owners not found there count as no-export"
in_w $LDFIX find -v -r builtin -r consolidate-identity --accounts \
    acct-ldifde.ldf -o /dev/null res-ldifde.ldf 2>"$T/summary"
cat >"$T/want" <<'EOF'
  attributes the rules read from the account exports, and how many accounts carry each:
    master.userPrincipalName           7 of 10
    master.mS-DS-ConsistencyGuid       2 of 10
    master.objectGUID                  10 of 10
EOF
tail -n 4 "$T/summary" >"$T/got"
same_file "-v: what the rules read of the account exports, and how many carry it" \
    "$T/got" "$T/want"
in_w $LDFIX check --accounts acct-ldifde.ldf res-ldifde.ldf 2>"$T/check"
same "check --accounts exits 1 with pending changes" "$?" 1
same "check --accounts prints its one line" "$(tail -n 1 "$T/check")" \
    "ldfix check: 14 entries read, 11 matched, 9 pending"

# ---- every output carries the owner ------------------------------------
grep -A3 '^# entry CN=Dave,' "$T/plan.ldf" | sed -n 3p >"$T/got"
same "plan comment: the owner found through sIDHistory" "$(cat "$T/got")" \
    "# owner: enabled acct.fabrikam.com\\dave (dave@fabrikam.com), last logon 2024-01-19T04:00:00Z, S-1-5-21-2468013579-1357924680-1122334455-2201, via sIDHistory"
same "plan header: the accounts export and its SHA-256" \
    "$(grep '^# accounts: ' "$T/plan.ldf")" \
    "# accounts: acct-ldifde.ldf sha256 $(sha256sum <"$W/acct-ldifde.ldf" | cut -d' ' -f1)"
same "plan header: --accounts among the options" \
    "$(grep '^# options: ' "$T/plan.ldf")" "# options: --accounts acct-ldifde.ldf"
in_w $LDFIX find -q --accounts acct-ldifde.ldf res-ldifde.ldf >"$T/table"
same "table: an owner line under the entry" \
    "$(grep -A1 '^carol ' "$T/table" | sed -n 2p)" \
    "    owner: not-found S-1-5-21-3623811015-3361044348-30300820-1103"
in_w $LDFIX find -q --format csv --accounts acct-ldifde.ldf res-ldifde.ldf \
    >"$T/find.csv"
same "csv: OwnerStatus, Owner and OwnerUserPrincipalName after MasterAccountSid" \
    "$(head -n 1 "$T/find.csv" | cut -d, -f8-11)" \
    '"MasterAccountSid","OwnerStatus","Owner","OwnerUserPrincipalName"'
check "csv: judy's owner, disabled, found through sIDHistory" \
    grep -q '^"CN=Judy,.*,"S-1-5-21-2468013579-1357924680-1122334455-2202","disabled","acct.fabrikam.com\\judy","judy@fabrikam.com",' "$T/find.csv"
in_w $LDFIX find -q --format csv-changes --accounts acct-ldifde.ldf \
    res-ldifde.ldf >"$T/changes.csv"
same "csv-changes: OwnerStatus and Owner last" \
    "$(head -n 1 "$T/changes.csv" | tr -d '\r' | cut -d, -f10-)" \
    '"Warnings","OwnerStatus","Owner"'
in_w $LDFIX find -q --format html --accounts acct-ldifde.ldf res-ldifde.ldf \
    >"$T/find.html"
check "html: the owner cell shows the status and the name" \
    grep -q '<td class="m"><span class="pill on">enabled</span> acct.fabrikam.com\\dave<br>S-1-5-21-2468013579-1357924680-1122334455-2201</td>' "$T/find.html"
check "html: an orphaned mailbox's owner cell" \
    grep -q '<td class="m"><span class="pill unk">not-found</span> S-1-5-21-3623811015-3361044348-30300820-1103</td>' "$T/find.html"

# the chart of owner statuses holds the JSON's counts
in_w $LDFIX find -q --format json --accounts acct-ldifde.ldf res-ldifde.ldf \
    >"$T/owners.json"
for st in enabled disabled not-found no-export not-applicable; do
	n=$($PYTHON -c 'import json,sys; print(json.load(open(sys.argv[1]))["counts"]["owners"][sys.argv[2]])' \
	    "$T/owners.json" "$st")
	check "html: the owner chart says $st: $n" \
	    grep -q "<title>$st: $n</title>" "$T/find.html"
done
# ---- without --accounts, nothing of it -----------------------------------
in_w $LDFIX find -q --format json -o "$T/plain.json" res-ldifde.ldf
check "without --accounts the JSON has no owner and no accounts" \
    sh -c '! grep -q "\"owner\"\|\"accounts\"\|\"owners\"" "$1"' sh "$T/plain.json"
in_w $LDFIX plan res-ldifde.ldf -o "$T/plain.ldf" 2>"$T/plain.err"
check "without --accounts no owner comment" \
    sh -c '! grep -q "^# owner:\|^# accounts:" "$1"' sh "$T/plain.ldf"
same "without --accounts foreign owners are foreign-domain, as before" \
    "$(sed -n 2p "$T/plain.err")" \
    "  rule linked-mailbox-to-user-mailbox: 9 hits: foreign-domain 8, same-domain 1"
check "without --accounts no owner lines in the summary" \
    sh -c '! grep -q "owners of\|^  accounts " "$1"' sh "$T/plain.err"

# ---- standard input --------------------------------------------------------
in_w $LDFIX plan -q --accounts acct-ldifde.ldf -o "$T/stdin.ldf" - \
    <"$W/res-ldifde.ldf"
sed 's/^# input: -$/# input: res-ldifde.ldf/' "$T/stdin.ldf" >"$T/stdin2.ldf"
same_file "the export on standard input: the same plan (read twice through the spool)" \
    "$T/stdin2.ldf" "$T/plan.ldf"
in_w $LDFIX plan -q --accounts - -o "$T/acc-stdin.ldf" res-ldifde.ldf \
    <"$W/acct-ldifde.ldf"
sed 's/^\(# accounts:\) - /\1 acct-ldifde.ldf /; s/^\(# options: --accounts\) -$/\1 acct-ldifde.ldf/' \
    "$T/acc-stdin.ldf" >"$T/acc-stdin2.ldf"
same_file "the accounts export on standard input: the same plan" \
    "$T/acc-stdin2.ldf" "$T/plan.ldf"

# ---- refusals ------------------------------------------------------------
fails "standard input as the export and as accounts" 2 \
    "ldfix: standard input cannot be both the export and an --accounts export: name the files" \
    $LDFIX plan --accounts - -
fails "the export given as accounts" 2 \
    "ldfix: --accounts res-ldifde.ldf is the export itself: give the account forest's export" \
    $LDFIX plan --accounts res-ldifde.ldf res-ldifde.ldf -o out.ldf
fails "one accounts export given twice" 2 \
    "ldfix: --accounts ./acct-ldifde.ldf is given twice" \
    $LDFIX find --accounts acct-ldifde.ldf --accounts ./acct-ldifde.ldf res-ldifde.ldf
fails "an output may not replace an accounts export" 2 \
    "ldfix: acct-ldifde.ldf: refusing to overwrite the input file acct-ldifde.ldf" \
    $LDFIX plan --accounts acct-ldifde.ldf --undo acct-ldifde.ldf -o out.ldf res-ldifde.ldf
same "the accounts export is unchanged" \
    "$(sha256sum <"$W/acct-ldifde.ldf")" "$ACCT_SHA"
fails "a missing accounts export" 2 \
    "ldfix: nope.ldf: cannot open: No such file or directory" \
    $LDFIX plan --accounts nope.ldf -o out.ldf res-ldifde.ldf
LINE1=$(grep -n '^dn: CN=Alice (account)' "$W/acct-twice.ldf" | sed -n 1p | cut -d: -f1)
LINE2=$(grep -n '^dn: CN=Alice (account)' "$W/acct-twice.ldf" | sed -n 2p | cut -d: -f1)
fails "one account exported twice: ambiguous" 2 \
    "ldfix: acct-twice.ldf:$LINE2:1: master SID S-1-5-21-3623811015-3361044348-30300820-1101 is in this account's objectSid and in the objectSid of the account at acct-twice.ldf:$LINE1: ldfix cannot tell which one owns the mailbox (an ADMT migration whose old account still exists, or one account exported twice); remove the SID from one of them, or give one export" \
    $LDFIX plan --accounts acct-twice.ldf -o out.ldf res-ldifde.ldf
LINE1=$(grep -n '^dn: CN=Dave (account)' "$W/acct-ldifde.ldf" | cut -d: -f1)
LINE2=$(grep -n '^dn: CN=Dave (account)' "$W/old.ldf" | cut -d: -f1)
fails "sIDHistory in one account, objectSid of another (ADMT half done): ambiguous" 2 \
    "ldfix: old.ldf:$LINE2:1: master SID S-1-5-21-2468013579-1357924680-1122334455-2201 is in this account's objectSid and in the sIDHistory of the account at acct-ldifde.ldf:$LINE1: ldfix cannot tell which one owns the mailbox (an ADMT migration whose old account still exists, or one account exported twice); remove the SID from one of them, or give one export" \
    $LDFIX plan --accounts acct-ldifde.ldf --accounts old.ldf -o out.ldf res-ldifde.ldf
LINE1=$(grep -n '^dn: CN=Alice (account)' "$W/acct-nouac.ldf" | cut -d: -f1)
fails "an owner's account without userAccountControl" 2 \
    "ldfix: acct-nouac.ldf:$LINE1:1: this account holds master SID S-1-5-21-3623811015-3361044348-30300820-1101 but has no userAccountControl: ldfix cannot tell whether it is enabled; export userAccountControl (the README lists the attributes)" \
    $LDFIX find --accounts acct-nouac.ldf res-ldifde.ldf
fails "an accounts export without objectSid (ldifde -n)" 2 \
    "ldfix: acct-nosid.ldf: no entry of the accounts export has a valid objectSid: export objectSid and sIDHistory (the README lists the attributes; ldifde -n leaves binary values out)" \
    $LDFIX check --accounts acct-nosid.ldf res-ldifde.ldf
: >"$W/empty.ldf"
fails "an empty accounts export" 2 \
    "ldfix: empty.ldf: the accounts export holds no entry: an empty or failed export" \
    $LDFIX plan --accounts empty.ldf -o out.ldf res-ldifde.ldf
printf 'dn: CN=x,DC=acct\nchangetype: modify\nreplace: mail\nmail: x\n-\n' >"$W/change.ldf"
fails "a change file as the accounts export" 2 \
    "ldfix: change.ldf: the accounts export holds no entry: an empty or failed export" \
    $LDFIX plan --accounts change.ldf -o out.ldf res-ldifde.ldf
printf 'dn: CN=x,DC=acct\nobjectSid:: AQUA*\n' >"$W/bad.ldf"
fails "an accounts export that is not LDIF: the reader's message" 2 \
    "ldfix: bad.ldf:2:17: invalid base64 character '*'" \
    $LDFIX plan --accounts bad.ldf -o out.ldf res-ldifde.ldf

# ---- the consolidation rules ---------------------------------------------
RULE_LINE=$(grep -n 'id: consolidate-owner-identity' rules/consolidate-identity.yaml | cut -d: -f1)
fails "consolidate-identity without --accounts" 2 \
    "ldfix: $TOP/rules/consolidate-identity.yaml:$RULE_LINE: rule consolidate-owner-identity reads the owner's account (owner-status, master.ATTR or {owner:...}) in its match or changes: give the account forest's export with --accounts FILE (the README says how to export it)" \
    $LDFIX plan -r builtin -r consolidate-identity -o out.ldf res-ldifde.ldf
fails "consolidate-identity: no account has mS-DS-ConsistencyGuid" 2 \
    "ldfix: 5 entries matched rule consolidate-owner-identity, but no account of the --accounts exports has mS-DS-ConsistencyGuid: export it (the README lists the attributes), or pass --allow-missing master.mS-DS-ConsistencyGuid" \
    $LDFIX plan -r builtin -r consolidate-identity --accounts acct-noguid.ldf -o out.ldf res-ldifde.ldf
fails "consolidate-identity: no user of the export has mS-DS-ConsistencyGuid" 2 \
    "ldfix: res-noanchor.ldf: 6 entries matched rule consolidate-owner-identity, but no entry of the export has mS-DS-ConsistencyGuid: binary attributes are missing; do not use ldifde -n, or pass --allow-missing ATTR" \
    $LDFIX plan -r builtin -r consolidate-identity --accounts acct-ldifde.ldf -o out.ldf res-noanchor.ldf
if in_w $LDFIX plan -q -r builtin -r consolidate-identity --accounts acct-noguid.ldf \
    --allow-missing master.mS-DS-ConsistencyGuid -o "$T/noguid.ldf" res-ldifde.ldf; then
	ok "--allow-missing master.mS-DS-ConsistencyGuid: the objectGUID is the anchor"
else
	not_ok "--allow-missing master.mS-DS-ConsistencyGuid: the objectGUID is the anchor"
fi

in_w $LDFIX plan -q -r builtin -r consolidate-identity --accounts acct-ldapsearch.ldf \
    --undo "$T/cons-undo.ldf" -o "$T/cons.ldf" res-ldifde.ldf
in_w $LDFIX apply -q -o "$T/after.ldf" res-ldifde.ldf "$T/cons.ldf"
if $PYTHON - "$TOP/tests" "$T/after.ldf" "$W/acct-ldapsearch.ldf" >"$T/py.out" 2>&1 <<'EOF'
import io, re, sys
import ldif                      # python-ldap's parser, not ldfix's
sys.path.insert(0, sys.argv[1])
import gen_accounts as g

def parse(path):
    data = open(path, "rb").read()
    data = re.sub(rb"(?m)^(search|result): .*\n", b"", data)
    rl = ldif.LDIFRecordList(io.BytesIO(data))
    rl.parse()
    return rl.all_records

after = {dn.split(",")[0][3:].lower(): attrs for dn, attrs in parse(sys.argv[2])}
accts = {attrs["sAMAccountName"][0].decode(): attrs
         for dn, attrs in parse(sys.argv[3])}
for sam, rid, rtd, master, status, acct, via in g.PEOPLE:
    a = after[sam]
    if sam in g.OWN_ANCHOR:
        assert a["mS-DS-ConsistencyGuid"] == [g.guid("resource:" + sam)], sam
        assert a["userPrincipalName"] == [("%s@res.contoso.com" % sam).encode()], sam
    elif rtd == 2 and status in ("enabled", "disabled"):
        owner = accts[acct[0]]
        anchor = owner.get("mS-DS-ConsistencyGuid", owner["objectGUID"])
        assert a["mS-DS-ConsistencyGuid"] == anchor, (sam, a["mS-DS-ConsistencyGuid"], anchor)
        assert a["userPrincipalName"] == owner["userPrincipalName"], sam
    else:
        assert "mS-DS-ConsistencyGuid" not in a, sam
        assert a["userPrincipalName"] == [("%s@res.contoso.com" % sam).encode()], sam
print("ok")
EOF
then
	ok "consolidate-identity: the owners' UPN and anchor, byte for byte, only where they belong"
else
	not_ok "consolidate-identity: the owners' UPN and anchor, byte for byte, only where they belong"
	sed 's/^/#   /' "$T/py.out"
fi
in_w $LDFIX apply -q -o "$T/undone.ldf" "$T/after.ldf" "$T/cons-undo.ldf"
$PYTHON tests/e2e/ldif_canon.py "$T/undone.ldf" >"$T/undone.canon"
$PYTHON tests/e2e/ldif_canon.py "$W/res-ldifde.ldf" >"$T/orig.canon"
same_file "consolidate-identity: the undo file restores the export" \
    "$T/undone.canon" "$T/orig.canon"
if command -v ldapmodify >/dev/null 2>&1; then
	if ldapmodify -n -f "$T/cons.ldf" >/dev/null 2>"$T/ldapmodify.err"; then
		ok "OpenLDAP's ldapmodify -n parses the consolidation plan"
	else
		not_ok "OpenLDAP's ldapmodify -n parses the consolidation plan"
		show "$T/ldapmodify.err"
	fi
fi
same "consolidate-identity: lena keeps her own anchor, with a warning" \
    "$(grep -c '^# warning: this user already has its own mS-DS-ConsistencyGuid' "$T/cons.ldf")" 1

# ---- rules show writes owner-status, master.ATTR and {owner:...} back ---
$LDFIX rules show -r builtin -r consolidate-identity >"$T/show.yaml"
$LDFIX rules show -r "$T/show.yaml" >"$T/show2.yaml"
same_file "rules show of the consolidation loads back to the same rules" \
    "$T/show2.yaml" "$T/show.yaml"
check "rules show keeps owner-status lists and master.ATTR" \
    grep -q '^      owner-status: \[enabled, disabled\]$' "$T/show.yaml"

# ---- rules check names what the account exports need -----------------
$LDFIX rules check -r builtin -r consolidate-identity 2>"$T/rc.err"
same "rules check: the attributes of the account exports" \
    "$(sed -n 3p "$T/rc.err")" \
    "ldfix: --accounts exports need these attributes (ldifde -l): objectSid,sIDHistory,userAccountControl,sAMAccountName,userPrincipalName,mS-DS-ConsistencyGuid,objectGUID"
NEEDS=$(sed -n 's/^ldfix: --accounts exports need these attributes (ldifde -l): //p' \
    "$T/rc.err" | tr ',' ' ')
$PYTHON - README.md >"$T/lists" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
for m in re.finditer(r'ldifde -f accounts\S*.*?-l "([^"]*)"', text, re.S):
    print(" ".join(a.strip() for a in m.group(1).split(",")))
for m in re.finditer(r'ldapsearch -E pr=1000/noprompt -H.*?objectClass=user\)\)"(.*?)>', text, re.S):
    print(" ".join(m.group(1).replace("\\", " ").split()))
EOF
same "README: two account export commands" "$(wc -l <"$T/lists" | tr -d ' ')" 2
lacking=
while IFS= read -r list; do
	for a in $NEEDS; do
		case " $list " in
		*" $a "*) ;;
		*) lacking="$lacking $a" ;;
		esac
	done
done <"$T/lists"
same "README: the account export commands list what the rules read" "$lacking" ""

finish
