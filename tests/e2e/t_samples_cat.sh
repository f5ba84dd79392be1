#!/bin/sh
# t_samples_cat.sh: ldfix's reader and writer against independent oracles on
# the realistic samples.  `ldfix cat` of every sample must hold exactly the
# entries tests/e2e/ldif_canon.py reads from it (in every output form), and
# slapd must accept ldfix's output and end up with the sample's content.
#
# Prints "ok - name" / "not ok - name" lines (see tests/run-tests.sh).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/lib.sh"
. "$TOP/tests/e2e/lib.sh"
require_ldfix || exit 0
if ! command -v "$PYTHON" >/dev/null 2>&1; then
	echo "# SKIP python3 not installed (tests/deps.sh installs it)"
	exit 0
fi

SUFFIX="DC=res,DC=contoso,DC=com"
test_tmpdir t-cat

for sample in contoso-ldifde.ldf contoso-ldapsearch.ldif \
    contoso-ldapsearch-L.ldif; do
	src="$TOP/samples/$sample"
	e2e_canon "$src" > "$T/want"
	for opts in "" "--crlf --wrap 0" "--decode --wrap 40"; do
		# shellcheck disable=SC2086
		if $LDFIX cat $opts "$src" > "$T/out" 2>"$T/err"; then
			e2e_canon "$T/out" > "$T/got"
			same_file "ldfix cat ${opts:+$opts }$sample keeps every value" \
			    "$T/got" "$T/want"
		else
			not_ok "ldfix cat ${opts:+$opts }$sample keeps every value"
			sed 's/^/#   /' "$T/err"
		fi
	done
done

# The ldifde export's `changetype: add` records come out as content
# records with --content; --crlf ends every line with CRLF.
$LDFIX cat --content "$TOP/samples/contoso-ldifde.ldf" > "$T/plain" 2>/dev/null
$LDFIX cat --content --crlf "$TOP/samples/contoso-ldifde.ldf" > "$T/crlf" 2>/dev/null
n_add=$(grep -c '^changetype:' "$T/plain")
n_cr=$(grep -c "$(printf '\r')\$" "$T/crlf")
n_lines=$(wc -l < "$T/crlf")
if [ "$n_add" -eq 0 ] && [ "$(grep -c "$(printf '\r')" "$T/plain")" -eq 0 ]; then
	ok "ldifde add records come out as LF content records"
else
	not_ok "ldifde add records come out as LF content records"
fi
if [ "$n_lines" -gt 0 ] && [ "$n_cr" -eq "$n_lines" ]; then
	ok "ldfix cat --crlf ends all $n_lines lines with CRLF"
else
	not_ok "ldfix cat --crlf ends all lines with CRLF ($n_cr of $n_lines)"
fi

# --decode comments must name the SIDs the sample README lists for jdoe.
$LDFIX cat --decode "$TOP/samples/contoso-ldifde.ldf" > "$T/decoded" \
    2>"$T/err"
got=$(sed -n '/^dn: CN=Jane Doe,/,/^$/s/^# \(objectSid\|msExchMasterAccountSid\): //p' \
    "$T/decoded" | tr '\n' ' ')
want="S-1-5-21-1004336348-1177238915-682003330-1163 S-1-5-21-3623811015-3361044348-30300820-1013 "
same "ldfix cat --decode names jdoe's objectSid and master SID" \
    "$got" "$want"

# Every SID and GUID of the sample is valid: --decode comments each one.
n_bin=$(grep -c '^\(objectSid\|msExchMasterAccountSid\|objectGUID\|msExchMailboxGuid\)::' \
    "$T/decoded")
n_sid=$(grep -c '^# \(objectSid\|msExchMasterAccountSid\): S-1-[0-9-]*$' \
    "$T/decoded")
n_guid=$(grep -c '^# \(objectGUID\|msExchMailboxGuid\): [0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}$' \
    "$T/decoded")
if [ "$n_bin" -eq 70 ] && [ "$((n_sid + n_guid))" -eq "$n_bin" ]; then
	ok "all 70 SIDs and GUIDs of the ldifde sample decode"
else
	not_ok "all 70 SIDs and GUIDs of the ldifde sample decode ($n_sid + $n_guid of $n_bin)"
fi

# slapd accepts ldfix's output (with decode comments inside records) and
# holds exactly the sample's entries afterwards.
if e2e_require >/dev/null; then
	(
		e2e_start "$SUFFIX" || exit 1
		if ldap_add "$T/decoded" >"$T/add.log" 2>&1; then
			ok "ldapadd accepts ldfix cat --decode output"
		else
			not_ok "ldapadd accepts ldfix cat --decode output"
			tail -n 5 "$T/add.log" | sed 's/^/#   /'
		fi
		e2e_export_canon "$T/export.ldif" "$T/got"
		e2e_canon "$TOP/samples/contoso-ldifde.ldf" > "$T/want"
		same_file "slapd holds the sample's entries after loading ldfix output" \
		    "$T/got" "$T/want"
		[ "$failed" -eq 0 ]
	) || failed=1
else
	echo "# SKIP slapd part: slapd or OpenLDAP clients missing"
fi

finish
