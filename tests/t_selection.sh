#!/bin/sh
# t_selection.sh: --only / --exclude @FILE as reviewers really hand the
# files back: Excel's CSV in the Windows code page (refused, naming the
# line), CSV UTF-8 with a BOM and CRLF, German Excel's semicolons, Windows
# PowerShell's Export-Csv with its "#TYPE" line, Out-File's UTF-16, CSVs
# keyed by SamAccountName, UserPrincipalName, Identity or Name, the review
# sheet of "ldfix find --format csv" with rows deleted, and the errors:
# no identity column, an ambiguous Name, a name that matches nothing.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
require_ldfix || exit 0
test_tmpdir selection
W="$T/w"
mkdir "$W" || exit 2
cp samples/contoso-ldifde.ldf "$W/s.ldf"
L=OU=Linked,DC=res,DC=contoso,DC=com

# planned FILE: the sAMAccountNames of the entries planned in FILE (the
# change file's comments name them), sorted, one line.
planned() {
	sed -n 's/^# entry .* (\(.*\))$/\1/p; s/^dn: CN=\([^,]*\),.*/\1/p' "$1" |
	    sort | tr '\n' ' '
}

# run NAME WANT ARGS...: plan s.ldf with ARGS in $W; exit 0 and the DNs
# planned (first RDN values, sorted) must be WANT.
run() {
	r_name=$1
	r_want=$2
	shift 2
	rm -f "$W/out.ldf"
	(cd "$W" && $LDFIX plan -q --no-comments "$@" -o out.ldf s.ldf \
	    </dev/null 2>"$T/err")
	r_rc=$?
	if [ "$r_rc" -ne 0 ]; then
		not_ok "$r_name (exit $r_rc)"
		show "$T/err"
		return
	fi
	same "$r_name" "$(grep '^dn' "$W/out.ldf" | sed 's/^dn:: .*/dn: CN=(base64)/' |
	    sed 's/^dn: CN=\(\([^,\\]\|\\.\)*\).*/\1/' | sort | tr '\n' '|')" "$r_want"
}

# refuses NAME FIRST-LINE ARGS...: plan must exit 2, print FIRST-LINE first
# and write nothing.
refuses() {
	f_name=$1
	f_want=$2
	shift 2
	rm -f "$W/out.ldf"
	(cd "$W" && $LDFIX plan -q "$@" -o out.ldf s.ldf </dev/null \
	    2>"$T/err" >/dev/null)
	f_rc=$?
	same "$f_name: exit 2" "$f_rc" 2
	same "$f_name: message" "$(head -n 1 "$T/err")" "$f_want"
	check "$f_name: nothing written" test ! -e "$W/out.ldf"
}

ALL_CHANGED="(base64)|Anna Berg|David Kerr|Doe\\, John|Erin Walsh|Frank Ortiz|Jane Doe|Kim Lee|Robert Hale|"

# --- encodings --------------------------------------------------------------
printf 'DistinguishedName,SamAccountName\r\n"CN=J\374rgen M\374ller,%s",jmueller\r\n' \
    "$L" >"$W/excl-1252.csv"
refuses "Excel 'CSV (Comma delimited)' in Windows-1252" \
    "ldfix: excl-1252.csv:2: not UTF-8 text (Excel's \"CSV (Comma delimited)\" uses the Windows code page): save as CSV UTF-8" \
    --exclude @excl-1252.csv
printf '\357\273\277DistinguishedName,SamAccountName\r\n"CN=J\303\274rgen M\303\274ller,%s",jmueller\r\n' \
    "$L" >"$W/excl-utf8.csv"
run "Excel 'CSV UTF-8' (BOM, CRLF): --exclude the non-ASCII DN" \
    "$(echo "$ALL_CHANGED" | sed 's/(base64)|//')" --exclude @excl-utf8.csv
# Windows PowerShell 5.1 Out-File: UTF-16LE with a BOM.
printf 'jdoe\r\nklee\r\n' | iconv -f UTF-8 -t UTF-16LE |
    { printf '\377\376'; cat; } >"$W/list-utf16.txt"
run "Out-File list in UTF-16LE with BOM" "Jane Doe|Kim Lee|" --only @list-utf16.txt
printf 'jdoe\r\n' | iconv -f UTF-8 -t UTF-16BE | { printf '\376\377'; cat; } \
    >"$W/list-utf16be.txt"
run "a list in UTF-16BE with BOM" "Jane Doe|" --only @list-utf16be.txt
printf '\377\376j\000\000\330' >"$W/bad-utf16.txt"
refuses "UTF-16 with an unpaired surrogate" \
    "ldfix: bad-utf16.txt:1: not valid UTF-16 (byte 4)" --only @bad-utf16.txt

# --- CSV shapes --------------------------------------------------------------
printf '"SamAccountName"\r\n"jdoe"\r\n"aberg"\r\n' >"$W/sam.csv"
run "CSV with only a SamAccountName column: --exclude by name" \
    "$(echo "$ALL_CHANGED" | sed 's/Anna Berg|//; s/Jane Doe|//')" --exclude @sam.csv
printf 'UserPrincipalName\njdoe@res.contoso.com\nKLEE-NOT-THERE@x\n' >"$W/upn.csv"
refuses "CSV by UserPrincipalName: an unknown UPN" \
    "ldfix: upn.csv:3: --only 'KLEE-NOT-THERE@x' matches no entry in the export" \
    --only @upn.csv
printf 'UserPrincipalName\nJDOE@res.contoso.com\n' >"$W/upn2.csv"
run "CSV by UserPrincipalName, any case" "Jane Doe|" --only @upn2.csv
{
	printf '#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox\r\n'
	printf '"Name","Alias","DistinguishedName","SamAccountName","RecipientTypeDetails"\r\n'
	printf '"Jane Doe","jdoe","CN=Jane Doe,%s","jdoe","LinkedMailbox"\r\n' "$L"
	printf '"Doe, John","johndoe","CN=Doe\\, John,%s","johndoe","LinkedMailbox"\r\n' "$L"
} >"$W/ps51.csv"
run "Windows PowerShell Export-Csv with #TYPE (DistinguishedName wins)" \
    "Doe\\, John|Jane Doe|" --only @ps51.csv
{
	printf '\357\273\277DistinguishedName;SamAccountName;Bemerkung\r\n'
	printf '"CN=Doe\\, John,%s";johndoe;"gepr\303\274ft; ok"\r\n' "$L"
	printf 'CN=Kim Lee,%s;klee;"zwei\r\nZeilen"\r\n' "$L"
} >"$W/semicolon.csv"
run "German Excel: semicolons, quoted separators and line breaks" \
    "Doe\\, John|Kim Lee|" --only @semicolon.csv
printf 'Identity\r\nres.contoso.com/Linked/Jane Doe\r\n"res.contoso.com/Linked/Doe, John"\r\n' \
    >"$W/identity.csv"
run "Identity column with canonical names" "Doe\\, John|Jane Doe|" --only @identity.csv
printf 'Name,Title\r\nKim Lee,x\r\n' >"$W/name.csv"
run "Name column" "Kim Lee|" --only @name.csv
printf 'Alias,Department\r\njdoe,IT\r\n' >"$W/cols.csv"
refuses "CSV without an identity column" \
    "ldfix: cols.csv:1: a CSV selection needs a DistinguishedName, SamAccountName, UserPrincipalName, Identity or Name column; this one has Alias, Department" \
    --only @cols.csv
printf '#TYPE System.Management.Automation.PSCustomObject\r\n"Alias"\r\n"jdoe"\r\n' \
    >"$W/cols2.csv"
refuses "#TYPE CSV whose only column is not an identity" \
    "ldfix: cols2.csv:2: a CSV selection needs a DistinguishedName, SamAccountName, UserPrincipalName, Identity or Name column; this one has Alias" \
    --only @cols2.csv
printf 'DistinguishedName\r\n"CN=broken\r\n' >"$W/quote.csv"
refuses "an unterminated quote" \
    "ldfix: quote.csv:2: unterminated or malformed quoted CSV field" --only @quote.csv

# A Name shared by two entries names neither: it would convert both.
{
	cat "$W/s.ldf"
	printf '\r\ndn: CN=Kim Lee,OU=Staff,DC=res,DC=contoso,DC=com\r\n'
	printf 'changetype: add\r\nsAMAccountName: klee2\r\n'
	printf 'msExchRecipientTypeDetails: 2\r\n\r\n'
} >"$W/twice.ldf"
rm -f "$W/out.ldf"
(cd "$W" && $LDFIX plan -q --only @name.csv -o out.ldf twice.ldf 2>"$T/err")
same "ambiguous Name: exit 2" $? 2
same "ambiguous Name: message" "$(head -n 1 "$T/err")" \
    "ldfix: name.csv:2: --only 'Kim Lee' names more than one entry: use its DistinguishedName"
check "ambiguous Name: nothing written" test ! -e "$W/out.ldf"

# --- the review sheet, edited and handed back -------------------------------
(cd "$W" && $LDFIX find -q --format csv -o review.csv s.ldf)
# Excel's "CSV UTF-8": BOM, CRLF, quotes only where needed. Keep every row
# but jdoe's (the reviewer rejected it), and save the rejected rows apart.
python3 - "$W" <<'EOF'
import csv, sys
W = sys.argv[1]
rows = list(csv.reader(open(W + "/review.csv", encoding="utf-8", newline="")))
def save(name, rows, delim=","):
    with open(W + "/" + name, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, delimiter=delim, lineterminator="\r\n").writerows(rows)
kept = [rows[0]] + [r for r in rows[1:] if r[1] != "jdoe"]
gone = [rows[0]] + [r for r in rows[1:] if r[1] == "jdoe"]
save("kept.csv", kept)
save("gone.csv", gone)
save("kept-de.csv", kept, ";")
EOF
run "review sheet with jdoe's row deleted, as --only" \
    "$(echo "$ALL_CHANGED" | sed 's/Jane Doe|//')" --only @kept.csv
run "the deleted row, as --exclude" \
    "$(echo "$ALL_CHANGED" | sed 's/Jane Doe|//')" --exclude @gone.csv
run "review sheet saved with semicolons, as --only" \
    "$(echo "$ALL_CHANGED" | sed 's/Jane Doe|//')" --only @kept-de.csv
finish
