#!/bin/sh
# t_samples_cat.sh: ldfix's reader and writer against independent oracles on
# the realistic samples.  `ldfix cat` of every sample must hold exactly the
# entries tests/e2e/ldif_canon.py reads from it (in every output form), and
# slapd must accept ldfix's output and end up with the sample's content.
#
# Prints "ok - name" / "not ok - name" lines (see tests/run-tests.sh).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/e2e/lib.sh"
LDFIX=${LDFIX:-$TOP/ldfix}
# $LDFIX is a command line (valgrind may come first); the binary is last.
if [ ! -x "${LDFIX##* }" ]; then
	echo "# SKIP no ldfix binary (run make first)"
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "# SKIP python3 not installed (tests/deps.sh installs it)"
	exit 0
fi

SUFFIX="DC=res,DC=contoso,DC=com"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ldfix-t-cat.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
failed=0

ok()
{
	echo "ok - $1"
}

not_ok()
{
	echo "not ok - $1"
	failed=1
}

# same_file NAME GOT WANT: ok when the files are equal, else a short diff.
same_file()
{
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1"
		diff "$3" "$2" | head -n 20 | sed 's/^/#   /'
	fi
}

for sample in contoso-ldifde.ldf contoso-ldapsearch.ldif \
    contoso-ldapsearch-L.ldif; do
	src="$TOP/samples/$sample"
	e2e_canon "$src" > "$WORK/want"
	for opts in "" "--crlf --wrap 0" "--decode --wrap 40"; do
		# shellcheck disable=SC2086
		if $LDFIX cat $opts "$src" > "$WORK/out" 2>"$WORK/err"; then
			e2e_canon "$WORK/out" > "$WORK/got"
			same_file "ldfix cat ${opts:+$opts }$sample keeps every value" \
			    "$WORK/got" "$WORK/want"
		else
			not_ok "ldfix cat ${opts:+$opts }$sample keeps every value"
			sed 's/^/#   /' "$WORK/err"
		fi
	done
done

# The ldifde export's `changetype: add` records come out as content
# records; --crlf ends every line with CRLF.
$LDFIX cat "$TOP/samples/contoso-ldifde.ldf" > "$WORK/plain" 2>/dev/null
$LDFIX cat --crlf "$TOP/samples/contoso-ldifde.ldf" > "$WORK/crlf" 2>/dev/null
n_add=$(grep -c '^changetype:' "$WORK/plain")
n_cr=$(grep -c "$(printf '\r')\$" "$WORK/crlf")
n_lines=$(wc -l < "$WORK/crlf")
if [ "$n_add" -eq 0 ] && [ "$(grep -c "$(printf '\r')" "$WORK/plain")" -eq 0 ]; then
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
$LDFIX cat --decode "$TOP/samples/contoso-ldifde.ldf" > "$WORK/decoded" \
    2>"$WORK/err"
got=$(sed -n '/^dn: CN=Jane Doe,/,/^$/s/^# \(objectSid\|msExchMasterAccountSid\): //p' \
    "$WORK/decoded" | tr '\n' ' ')
want="S-1-5-21-1004336348-1177238915-682003330-1163 S-1-5-21-3623811015-3361044348-30300820-1013 "
if [ "$got" = "$want" ]; then
	ok "ldfix cat --decode names jdoe's objectSid and master SID"
else
	not_ok "ldfix cat --decode names jdoe's objectSid and master SID"
	echo "#   got:  $got"
	echo "#   want: $want"
fi

# Every SID and GUID of the sample is valid: --decode comments each one.
n_bin=$(grep -c '^\(objectSid\|msExchMasterAccountSid\|objectGUID\|msExchMailboxGuid\)::' \
    "$WORK/decoded")
n_sid=$(grep -c '^# \(objectSid\|msExchMasterAccountSid\): S-1-[0-9-]*$' \
    "$WORK/decoded")
n_guid=$(grep -c '^# \(objectGUID\|msExchMailboxGuid\): [0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}$' \
    "$WORK/decoded")
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
		if ldap_add "$WORK/decoded" >"$WORK/add.log" 2>&1; then
			ok "ldapadd accepts ldfix cat --decode output"
		else
			not_ok "ldapadd accepts ldfix cat --decode output"
			tail -n 5 "$WORK/add.log" | sed 's/^/#   /'
		fi
		ldap_export "$SUFFIX" > "$WORK/export.ldif"
		e2e_canon "$WORK/export.ldif" > "$WORK/got"
		e2e_canon "$TOP/samples/contoso-ldifde.ldf" > "$WORK/want"
		same_file "slapd holds the sample's entries after loading ldfix output" \
		    "$WORK/got" "$WORK/want"
		[ "$failed" -eq 0 ]
	) || failed=1
else
	echo "# SKIP slapd part: slapd or OpenLDAP clients missing"
fi

exit "$failed"
