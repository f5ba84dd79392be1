#!/bin/sh
# t_load_samples.sh: proves the e2e harness and the AD test schema.  The
# ldifde sample loads VERBATIM into a throwaway slapd (CRLF, changetype: add,
# leading empty line); what ldapsearch then returns equals the sample value
# for value, and the ldapsearch samples equal what the real ldapsearch
# writes.  Both ways out (normal exit and SIGTERM) leave no slapd and no
# temporary directory behind.
#
# Prints "ok - name" / "not ok - name" lines (see tests/run-tests.sh).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/lib.sh"
. "$TOP/tests/e2e/lib.sh"
e2e_require || exit 0

SUFFIX="DC=res,DC=contoso,DC=com"
LINKED="OU=Linked,$SUFFIX"
LDIFDE="$TOP/samples/contoso-ldifde.ldf"
LDAPSEARCH="$TOP/samples/contoso-ldapsearch.ldif"
LDAPSEARCH_L="$TOP/samples/contoso-ldapsearch-L.ldif"
MKSAMPLES="$PYTHON $TOP/tests/e2e/mksamples.py"
# Known bytes (domain reference 5.6): Jane Doe's master account SID,
# S-1-5-21-3623811015-3361044348-30300820-1013.
JDOE_MASTER_B64="AQUAAAAAAAUVAAAAx/f+13x3VciUWs4B9QMAAA=="

test_tmpdir t-load

# count_dn: number of entries in LDIF on stdin.
count_dn()
{
	grep -c '^dn::\{0,1\} '
}

# b64_value ATTR: the base64 value of ATTR:: in unfolded LDIF on stdin.
b64_value()
{
	sed -n "s/^$1:: //p"
}

# filter_escape B64: the RFC 4515 filter form (\xx per byte) of the bytes.
filter_escape()
{
	printf '%s' "$1" | base64 -d | od -An -v -tx1 | tr -d '\n' |
	    sed 's/ /\\/g'
}

# ---- 1: a normal run in a subshell; its EXIT trap must clean up --------

(
	if ! e2e_start "$SUFFIX"; then
		not_ok "slapd starts on 127.0.0.1"
		exit 1
	fi
	ok "slapd starts on 127.0.0.1"
	echo "$E2E_DIR" > "$T/dir1"
	case $E2E_URI in
	ldap://127.0.0.1:*) ok "harness listens on loopback only ($E2E_URI)" ;;
	*) not_ok "harness listens on loopback only ($E2E_URI)" ;;
	esac

	if ldap_add "$LDIFDE" >"$T/add.log" 2>&1; then
		ok "ldapadd loads the ldifde sample verbatim (CRLF, changetype: add)"
	else
		not_ok "ldapadd loads the ldifde sample verbatim (CRLF, changetype: add)"
		sed 's/^/#   /' "$T/add.log" | tail -n 5
	fi
	ldap_export "$SUFFIX" > "$T/export.ldif"
	same "export has as many entries as the sample (24)" \
	    "$(count_dn < "$T/export.ldif")/$(tr -d '\r' < "$LDIFDE" | count_dn)" \
	    "24/24"

	e2e_canon "$LDIFDE" > "$T/canon-sample"
	e2e_canon "$T/export.ldif" > "$T/canon-export"
	same_file "every value of the sample is in the server, nothing else" \
	    "$T/canon-export" "$T/canon-sample"

	same "master SID bytes of jdoe survive (base64 exact)" \
	    "$(ldap_export "$LINKED" "(sAMAccountName=jdoe)" \
	    msExchMasterAccountSid | b64_value msExchMasterAccountSid)" \
	    "$JDOE_MASTER_B64"

	f="(msExchMasterAccountSid=$(filter_escape "$JDOE_MASTER_B64"))"
	same "octetStringMatch: binary SID filter finds exactly jdoe" \
	    "$(ldap_export "$SUFFIX" "$f" sAMAccountName |
	    sed -n 's/^sAMAccountName: //p')" "jdoe"

	same "integerMatch: 10 entries with msExchRecipientTypeDetails=2" \
	    "$(ldap_export "$SUFFIX" "(msExchRecipientTypeDetails=2)" 1.1 |
	    count_dn)" "10"
	same "integer ordering beyond 32 bits (RTD >= 2147483648)" \
	    "$(ldap_export "$SUFFIX" "(msExchRecipientTypeDetails>=2147483648)" \
	    sAMAccountName | sed -n 's/^sAMAccountName: //p' | sort |
	    tr '\n' ' ')" "hadams room412 "

	dn=$(ldap_export "$SUFFIX" "(sAMAccountName=jmueller)" 1.1 |
	    b64_value dn | base64 -d)
	same "non-ASCII DN round trip (dn:: base64 UTF-8)" \
	    "$(printf '%s' "$dn" | tr 'A-Z' 'a-z')" \
	    "$(printf 'cn=j\303\274rgen m\303\274ller,ou=linked,dc=res,dc=contoso,dc=com')"

	same "escaped comma DN usable as search base" \
	    "$(e2e_ldap ldapsearch -LLL -s base -b "CN=Doe\\, John,$LINKED" \
	    sAMAccountName | sed -n 's/^sAMAccountName: //p')" "johndoe"

	# ldapsearch samples: same entries, same header/trailer, same folding.
	e2e_ldap ldapsearch -b "$SUFFIX" > "$T/real.ldif"
	e2e_canon "$LDAPSEARCH" > "$T/canon-ls"
	e2e_canon "$T/real.ldif" > "$T/canon-real"
	same_file "ldapsearch sample holds the same entries as the server" \
	    "$T/canon-ls" "$T/canon-real"
	grep '^#\|^search:\|^result:\|^version:' "$T/real.ldif" \
	    > "$T/frame-real"
	grep '^#\|^search:\|^result:\|^version:' "$LDAPSEARCH" \
	    > "$T/frame-ls"
	same_file "ldapsearch sample has the real comments, header and trailer" \
	    "$T/frame-ls" "$T/frame-real"
	$MKSAMPLES refold < "$T/real.ldif" > "$T/refold.ldif"
	same_file "sample writer folds exactly like ldapsearch (78 columns)" \
	    "$T/refold.ldif" "$T/real.ldif"

	e2e_ldap ldapsearch -L -b "$LINKED" > "$T/real-L.ldif"
	e2e_canon "$LDAPSEARCH_L" > "$T/canon-lsL"
	e2e_canon "$T/real-L.ldif" > "$T/canon-realL"
	same_file "ldapsearch -L sample holds the same entries as the server" \
	    "$T/canon-lsL" "$T/canon-realL"
	same "ldapsearch -L sample starts like the real one" \
	    "$(head -n 4 "$LDAPSEARCH_L")" "$(head -n 4 "$T/real-L.ldif")"

	# ldap_modify: the change Set-User -LinkedMasterAccount $null makes.
	cat > "$T/unlink.ldif" <<-EOF
	dn: CN=Jane Doe,$LINKED
	changetype: modify
	replace: msExchRecipientTypeDetails
	msExchRecipientTypeDetails: 1
	-
	replace: msExchRecipientDisplayType
	msExchRecipientDisplayType: 0
	-
	delete: msExchMasterAccountSid
	-

	EOF
	if ldap_modify "$T/unlink.ldif" >"$T/modify.log" 2>&1; then
		ok "ldap_modify applies a change LDIF"
	else
		not_ok "ldap_modify applies a change LDIF"
		sed 's/^/#   /' "$T/modify.log"
	fi
	same "the change is visible in the export" \
	    "$(ldap_export "$LINKED" "(sAMAccountName=jdoe)" \
	    msExchRecipientTypeDetails msExchRecipientDisplayType \
	    msExchMasterAccountSid | grep -v '^dn' | grep . | sort |
	    tr '\n' ' ')" \
	    "msExchRecipientDisplayType: 0 msExchRecipientTypeDetails: 1 "
	if ldap_modify "$T/unlink.ldif" >"$T/modify2.log" 2>&1; then
		not_ok "a second delete of the master SID fails (noSuchAttribute)"
	else
		check "a second delete of the master SID fails (noSuchAttribute)" \
		    grep -q 'No such attribute' "$T/modify2.log"
	fi
	[ "$failed" -eq 0 ]
) || failed=1

dir1=$(cat "$T/dir1" 2>/dev/null)
if e2e_gone "$dir1"; then
	ok "normal exit: no slapd left, temporary directory removed"
else
	not_ok "normal exit: no slapd left, temporary directory removed"
	pgrep -af "${dir1:-ldfix-e2e}" | sed 's/^/#   /'
fi

# ---- 2: a sample without the suffix entry, then SIGTERM -----------------

(
	e2e_start "$SUFFIX" || exit 1
	echo "$E2E_DIR" > "$T/dir2.tmp"
	e2e_add_suffix_entry >/dev/null 2>"$T/suffix.log" &&
	    ldap_add "$LDAPSEARCH_L" >/dev/null 2>"$T/addL.log" &&
	    ldap_export "$SUFFIX" "(objectClass=*)" 1.1 | count_dn \
	    > "$T/countL"
	mv "$T/dir2.tmp" "$T/dir2"
	while :; do sleep 0.2; done
) &
job=$!
i=0
while [ ! -e "$T/dir2" ] && [ "$i" -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
same "suffix entry created first, then ldapadd loads the -L sample (1+8)" \
    "$(cat "$T/countL" 2>/dev/null)" "9"
dir2=$(cat "$T/dir2" 2>/dev/null)
if pgrep -f "${dir2:-none}" >/dev/null; then
	ok "slapd of the second run is up before SIGTERM"
else
	not_ok "slapd of the second run is up before SIGTERM"
fi
kill -TERM "$job" 2>/dev/null
wait "$job" 2>/dev/null
if e2e_gone "$dir2"; then
	ok "SIGTERM: no slapd left, temporary directory removed"
else
	not_ok "SIGTERM: no slapd left, temporary directory removed"
fi

finish
