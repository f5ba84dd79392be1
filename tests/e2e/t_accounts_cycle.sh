#!/bin/sh
# shellcheck disable=SC2086 # $LDFIX is a command line, split on purpose
# t_accounts_cycle.sh: the consolidation of identities against a real
# slapd. The resource forest of tests/gen_accounts.py (ldifde style) is
# loaded; ldfix plans with -r builtin -r consolidate-identity and the
# account forest's export (ldapsearch style) through --accounts;
# ldapmodify applies the plan. The server must then hold, for every
# converted mailbox whose owner was found, the owner's userPrincipalName
# and the owner's anchor (mS-DS-ConsistencyGuid, else objectGUID) byte for
# byte as its mS-DS-ConsistencyGuid, and nothing of the kind elsewhere;
# the state must equal what `ldfix apply` computed offline, `ldfix check`
# must accept a fresh export, and the undo file must restore the export.
#
# Values are read back with ldapsearch and compared in Python with the
# account export as python-ldap parses it, never with ldfix.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/lib.sh"
. "$TOP/tests/e2e/lib.sh"
require_ldfix || exit 0
e2e_require || exit 0
LDFIX_RULES_DIR=$TOP/rules
export LDFIX_RULES_DIR

SUFFIX="DC=res,DC=contoso,DC=com"
RULES="-r builtin -r consolidate-identity"

test_tmpdir t-accounts-cycle
"$PYTHON" "$TOP/tests/gen_accounts.py" resource ldifde >"$T/res.ldf"
"$PYTHON" "$TOP/tests/gen_accounts.py" accounts ldapsearch >"$T/acct.ldif"

# ldfix_ok NAME LOG COMMAND...: ok when an ldfix command exits 0.
ldfix_ok()
{
	_name=$1
	_log=$2
	shift 2
	if "$@" 2>"$_log"; then ok "$_name"; else not_ok "$_name"; show "$_log"; fi
}

cycle()
{
	if ! ldap_add "$T/res.ldf" >/dev/null 2>"$T/add.err"; then
		not_ok "ldapadd loads the generated resource forest"
		show "$T/add.err"
		exit 1
	fi
	e2e_export_canon "$T/export.ldif" "$T/state0"
	e2e_canon "$T/res.ldf" >"$T/want0"
	same_file "server holds the resource export" "$T/state0" "$T/want0"

	ldfix_ok "ldfix plan -r builtin -r consolidate-identity --accounts" \
	    "$T/plan.err" $LDFIX plan -q $RULES --accounts "$T/acct.ldif" \
	    --undo "$T/undo.ldf" -o "$T/plan.ldf" "$T/export.ldif"
	ldfix_ok "ldfix apply computes the result offline" "$T/apply.err" \
	    $LDFIX apply -q -o "$T/offline.ldif" "$T/export.ldif" "$T/plan.ldf"
	e2e_canon "$T/offline.ldif" >"$T/offline"
	e2e_modify_ok "ldapmodify applies every record of the plan" "$T/plan.ldf"
	e2e_export_canon "$T/after.ldif" "$T/state1"
	same_file "server state equals ldfix apply's, value for value" \
	    "$T/state1" "$T/offline"

	ldap_export "$SUFFIX" "(objectClass=user)" sAMAccountName \
	    userPrincipalName mS-DS-ConsistencyGuid msExchMasterAccountSid \
	    msExchRecipientTypeDetails >"$T/users.ldif"
	if "$PYTHON" - "$TOP/tests" "$T/users.ldif" "$T/acct.ldif" \
	    >"$T/py.out" 2>&1 <<'EOF'
import io, re, sys
import ldif
sys.path.insert(0, sys.argv[1])
import gen_accounts as g

def parse(path):
    data = open(path, "rb").read()
    data = re.sub(rb"(?m)^(search|result): .*\n", b"", data)
    rl = ldif.LDIFRecordList(io.BytesIO(data))
    rl.parse()
    return [(dn, {k.lower(): v for k, v in a.items()}) for dn, a in rl.all_records]

users = {a["samaccountname"][0].decode(): a for dn, a in parse(sys.argv[2])}
accts = {a["samaccountname"][0].decode(): a for dn, a in parse(sys.argv[3])}
n = 0
for sam, rid, rtd, master, status, acct, via in g.PEOPLE:
    u = users[sam]
    upn = u["userprincipalname"]
    if rtd == 2 and status in ("enabled", "disabled") and sam not in g.OWN_ANCHOR:
        owner = accts[acct[0]]
        anchor = owner.get("ms-ds-consistencyguid", owner["objectguid"])
        assert u["ms-ds-consistencyguid"] == anchor, sam
        assert len(anchor[0]) == 16, sam
        assert upn == owner["userprincipalname"], sam
        n += 1
    elif sam in g.OWN_ANCHOR:
        assert u["ms-ds-consistencyguid"] == [g.guid("resource:" + sam)], sam
        assert upn == [("%s@res.contoso.com" % sam).encode()], sam
    else:
        assert "ms-ds-consistencyguid" not in u, sam
        assert upn == [("%s@res.contoso.com" % sam).encode()], sam
    if rtd == 2 and master is not None and master != "S-1-5-10":
        assert "msexchmasteraccountsid" not in u, sam
        assert u["msexchrecipienttypedetails"] == [b"1"], sam
assert n == 5, n
print("ok")
EOF
	then
		ok "the server holds each owner's UPN and anchor, byte for byte, where they belong"
	else
		not_ok "the server holds each owner's UPN and anchor, byte for byte, where they belong"
		show "$T/py.out"
	fi

	ldfix_ok "ldfix check --accounts on a fresh export exits 0" \
	    "$T/check.err" $LDFIX check -q $RULES --accounts "$T/acct.ldif" \
	    "$T/after.ldif"
	e2e_modify_ok "ldapmodify applies every record of the undo file" \
	    "$T/undo.ldf"
	e2e_export_canon "$T/undone.ldif" "$T/state2"
	same_file "after the undo the server equals the export again" \
	    "$T/state2" "$T/state0"
}

e2e_serve "$SUFFIX" cycle
finish
