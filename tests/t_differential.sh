#!/bin/sh
# t_differential.sh: "ldfix cat" changes the spelling of LDIF, never its data,
# as judged by two parsers ldfix shares no code with:
#
#   python-ldap   tests/ldif_oracle.py records: every entry and modify record,
#                 values in base64, must be the same for the input and for
#                 what "ldfix cat" made of it;
#   OpenLDAP      "ldapmodify -n -v -a -f FILE" parses offline and prints each
#                 operation and value: same output and exit status for both.
#
# The corpus is samples/*.ldf, samples/*.ldif, files written below that
# cover folding, base64, empty values, options, comments, CRLF and change
# records, and random records written by python-ldap's LDIFWriter. Each is also re-emitted with --wrap 0, --wrap 10 and --crlf,
# the samples also with --decode.
# Needs python3-ldap and ldap-utils (tests/deps.sh test installs them).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
test_tmpdir diff

PY=$(python_with_ldap)
if [ -z "$PY" ] || ! command -v ldapmodify >/dev/null 2>&1; then
	not_ok "oracles available (need python3-ldap and ldapmodify; run tests/deps.sh test)"
	exit 1
fi
ok "oracles available: python-ldap, ldapmodify"

mkdir "$T/corpus"
CR=$(printf '\r')

# Folding: RFC 2849 example 2 style (no space after ':', a fold inside a
# word), a fold right after a space, a DN folded inside an RDN, a long
# folded base64 value. Not a fold inside an attribute name: OpenLDAP 2.5
# splits "name: value" before it unfolds and misreads such a name (that is
# why the writer never folds before the first value byte).
cat >"$T/corpus/folding.ldif" <<'EOF'
version: 1

dn:cn=Barbara Jensen, ou=Product Development, dc=airius, dc=com
objectclass:top
objectclass:person
cn:Barbara Jensen
sn:Jensen
description:Babs is a big sailing fan, and travels extensively in sea
 rch of perfect sailing conditions.
title:Product Manager, Rod and Reel Division

dn: CN=Jane Doe,OU=Linked Mailboxes,OU=Resource Forest,DC=res,DC=cont
 oso,DC=com
description: University of 
 Michigan
info: a  b   c    d
jpegPhoto:: /9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBw
 YIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/wAALCAABAAEBAREA/8QAFA
 ABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==

EOF

# base64: a UTF-8 DN, leading/trailing spaces, NUL, CR, LF, ':' and '<'
# first, UTF-8 text, a SID.
cat >"$T/corpus/base64.ldif" <<'EOF'
version: 1

dn:: Q049SsO8cmdlbiBNw7xsbGVyLE9VPUxpbmtlZCxEQz1yZXMsREM9Y29udG9zbyxEQz1jb20=
cn:: SsO8cmdlbiBNw7xsbGVy
sn:: IEplbnNlbiA=
description:: AGE=
info:: bGluZTENCmxpbmUyCg==
comment:: OnN0YXJ0cyB3aXRoIGEgY29sb24=
street:: PHN0YXJ0cyB3aXRoIGx0
title:: dHJhaWxpbmcgc3BhY2Ug
objectSid:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA==
msExchMasterAccountSid:: AQUAAAAAAAUVAAAAx2re15pnjMhUWc4BUQQAAA==
objectGUID:: 4AQlP4lP0xGaDAMF6CwzAQ==
plain:: cGxhaW4gdGV4dCBpbiBiYXNlNjQ=

EOF

# Empty values, written with and without a space after the colon.
cat >"$T/corpus/empty.ldif" <<'EOF'
dn: CN=Empty,DC=x
objectClass: top
description:
info: 
displayName: not empty

EOF

# Options, AD range retrieval, numeric OIDs.
cat >"$T/corpus/options.ldif" <<'EOF'
dn: CN=Options,DC=x
cn;lang-en: Options
cn;lang-de;phonetic: Optionen
userCertificate;binary:: MIIBAgMEBQYHCAk=
member;range=0-1499: CN=a,DC=x
member;range=0-1499: CN=b\, c,DC=x
1.2.840.113556.1.4.221: options

EOF

# Comments everywhere, a folded comment inside a record. (A comment as the
# last line of a record makes python-ldap 3.4 fail with EOFError, so the
# final comment stands alone.)
cat >"$T/corpus/comments.ldif" <<'EOF'
# a comment before everything
version: 1

# before a record
dn: CN=Commented,DC=x
# inside the record
objectClass: top
# a folded comment
  that goes on here
cn: Commented

# between records

dn: CN=Second,DC=x
cn: Second

# at the very end
EOF

# Change records: every mod-spec kind, values plain and base64, a replace
# with no value, a delete of a whole attribute, delete and modrdn records,
# one control (OpenLDAP takes at most one).
cat >"$T/corpus/changes.ldif" <<'EOF'
version: 1

dn: CN=Jane Doe,OU=Linked,DC=res,DC=contoso,DC=com
changetype: modify
delete: msExchRecipientTypeDetails
msExchRecipientTypeDetails: 2
-
add: msExchRecipientTypeDetails
msExchRecipientTypeDetails: 1
-
delete: msExchMasterAccountSid
msExchMasterAccountSid:: AQUAAAAAAAUVAAAAx2re15pnjMhUWc4BUQQAAA==
-
replace: description
description: first
description:: c2Vjb25kIA==
-
replace: info
-
delete: telephoneNumber
-
add: proxyAddresses
proxyAddresses: SMTP:jane@contoso.com
proxyAddresses:: c210cDpqw6RuZUBjb250b3NvLmNvbQ==
-

dn: CN=Old,OU=Linked,DC=res,DC=contoso,DC=com
changetype: delete

dn: CN=Tree,OU=Linked,DC=res,DC=contoso,DC=com
control: 1.2.840.113556.1.4.805 true
changetype: delete

dn: CN=Move Me,OU=Linked,DC=res,DC=contoso,DC=com
changetype: modrdn
newrdn: CN=Moved
deleteoldrdn: 1
newsuperior: OU=Users,DC=res,DC=contoso,DC=com

dn: CN=Rename,DC=x
changetype: modrdn
newrdn:: Q049SsO8cmdlbg==
deleteoldrdn: 0

EOF

# ldifde: CRLF, no version, "changetype: add", a value that starts on the
# next line after "attr: ".
{
	printf '\n'
	printf 'dn: CN=Users,DC=res,DC=contoso,DC=com\n'
	printf 'changetype: add\n'
	printf 'objectClass: top\n'
	printf 'objectClass: container\n'
	printf 'objectCategory: \n'
	printf ' CN=Container,CN=Schema,CN=Configuration,DC=res,DC=contoso,DC=com\n'
	printf 'objectGUID:: NiK1z3w7FVmZr2YOBdkvDQ==\n'
	printf '\n'
	printf 'dn: CN=Sales,DC=res,DC=contoso,DC=com\n'
	printf 'changetype: modify\n'
	printf 'add: member\n'
	printf 'member: CN=a,DC=res,DC=contoso,DC=com\n'
	printf 'member: CN=b,DC=res,DC=contoso,DC=com\n'
	printf -- '-\n'
	printf '\n'
} | sed "s/\$/$CR/" >"$T/corpus/ldifde.ldf"

# The same change records with CRLF line ends.
sed "s/\$/$CR/" "$T/corpus/changes.ldif" >"$T/corpus/changes-crlf.ldif"

# Content records and modify records in one file, as ldifde writes for
# groups with more than 1500 members.
cat >"$T/corpus/mixed.ldif" <<'EOF'
dn: CN=Big Group,DC=x
objectClass: group
member: CN=1,DC=x

dn: CN=Big Group,DC=x
changetype: modify
add: member
member: CN=2,DC=x
member: CN=3,DC=x
-

EOF

# The last "-" of a record may be left out (RFC 2849 wants it; OpenLDAP
# and ldfix accept it, python-ldap 3.4 does not): OpenLDAP only.
cat >"$T/corpus/no-final-dash.ldif" <<'EOF'
dn: CN=Dash,DC=x
changetype: modify
replace: description
description: no dash follows

dn: CN=Dash2,DC=x
changetype: modify
delete: info
EOF

# Random records as python-ldap's own LDIFWriter writes them (seeded).
for seed in 1 2 3; do
	if ! "$PY" tests/ldif_oracle.py generate "$seed" 300 \
	    >"$T/corpus/python-writer-$seed.ldif"; then
		not_ok "python-ldap writes a random corpus (seed $seed)"
	fi
done

# The comparisons run in three passes, so that python starts once, not
# twice per comparison: ldfix cat writes every output, python-ldap reads
# every input and output in one run, then each pair is compared.
#
# add_case SRC LABEL [CAT-OPTIONS]: comparison number $k, "ldfix cat
# CAT-OPTIONS SRC" into $T/out/$k.ldif. Its line in $T/cases: number, cat's
# exit status, source, description.
mkdir "$T/out" "$T/py"
k=0
add_case() {
	k=$((k + 1))
	src=$1
	label=$2
	shift 2
	what="$label${1:+ $*}"
	$LDFIX cat "$@" "$src" >"$T/out/$k.ldif" 2>"$T/out/$k.err"
	printf '%s\t%s\t%s\t%s\n' "$k" "$?" "$src" "$what" >>"$T/cases"
}

for f in samples/*.ldf samples/*.ldif; do
	[ -f "$f" ] || continue
	add_case "$f" "$(basename "$f")"
	# The SID and GUID comments must be invisible to both parsers.
	add_case "$f" "$(basename "$f")" --decode --crlf
done
for f in "$T"/corpus/*; do
	name=$(basename "$f")
	add_case "$f" "$name"
	add_case "$f" "$name" --wrap 0
	add_case "$f" "$name" --wrap 10 --crlf
done

# python-ldap's records: line i of $T/py.list is read into $T/py/i.rec (or
# its error into $T/py/i.err). Lines 1..k are the outputs, k+1..2k the
# inputs of the comparisons.
cut -f 1 "$T/cases" | sed "s|.*|$T/out/&.ldif|" >"$T/py.list"
cut -f 3 "$T/cases" >>"$T/py.list"
"$PY" tests/ldif_oracle.py records-each "$T/py" <"$T/py.list" ||
    not_ok "ldif_oracle.py records-each runs"

# python_same N WHAT SRC: python-ldap reads the same records in the input
# and in the output of comparison N.
python_same() {
	pin="$T/py/$(($1 + k))"
	pout="$T/py/$1"
	if [ -f "$pin.err" ]; then
		not_ok "$2: python-ldap cannot read the input: $(tail -n 1 "$pin.err")"
	elif [ -f "$pout.err" ]; then
		not_ok "$2: python-ldap cannot read cat output: $(tail -n 1 "$pout.err")"
	elif ! [ -s "$pin.rec" ] && ! grep -q changetype "$3"; then
		not_ok "$2: python-ldap found no records (corpus broken?)"
	elif cmp -s "$pin.rec" "$pout.rec"; then
		ok "$2: python-ldap reads the same records ($(grep -c '^[em]' "$pin.rec") records)"
	else
		not_ok "$2: python-ldap reads different records"
		diff "$pin.rec" "$pout.rec" | head -n 20
	fi
}

# ldapmodify_same N WHAT SRC: "ldapmodify -n -v -a" prints the same output
# and exits alike for the input and the output of comparison N.
ldapmodify_same() {
	ldapmodify -n -v -a -f "$3" >"$T/lm.in" 2>"$T/lm.err.in"
	rin=$?
	ldapmodify -n -v -a -f "$T/out/$1.ldif" >"$T/lm.out" 2>"$T/lm.err.out"
	rout=$?
	if [ "$rin" -ne 0 ]; then
		not_ok "$2: ldapmodify -n rejects the input (exit $rin): $(head -n 1 "$T/lm.err.in")"
	elif [ "$rout" -ne 0 ]; then
		not_ok "$2: ldapmodify -n rejects cat output (exit $rout): $(head -n 1 "$T/lm.err.out")"
	elif cmp -s "$T/lm.in" "$T/lm.out"; then
		ok "$2: ldapmodify -n -v prints the same operations ($(grep -c '^!' "$T/lm.in") operations)"
	else
		not_ok "$2: ldapmodify -n -v prints different operations"
		diff "$T/lm.in" "$T/lm.out" | head -n 20
	fi
}

# no-final-dash.ldif (see above) is for OpenLDAP only.
while IFS='	' read -r n rc src what; do
	if [ "$rc" -ne 0 ]; then
		not_ok "$what: ldfix cat failed: $(cat "$T/out/$n.err")"
		continue
	fi
	case $src in
	*no-final-dash*) ;;
	*) python_same "$n" "$what" "$src" ;;
	esac
	ldapmodify_same "$n" "$what" "$src"
done <"$T/cases"

# Where python-ldap and OpenLDAP disagree (ldif.md 2.11, case c06): value
# lines spelled differently from their mod-spec are dropped by python-ldap,
# turning "replace" into "remove all values". cat spells them like the
# mod-spec, so python-ldap then sees the value OpenLDAP always saw.
cat >"$T/case.ldif" <<'EOF'
dn: CN=Case,DC=x
changetype: modify
replace: mail
Mail: jane@contoso.com
-

EOF
if $LDFIX cat "$T/case.ldif" >"$T/case.out" &&
    "$PY" tests/ldif_oracle.py records "$T/case.ldif" >"$T/case.py.in" &&
    "$PY" tests/ldif_oracle.py records "$T/case.out" >"$T/case.py.out" &&
    ! grep -q '^  ' "$T/case.py.in" &&
    grep -q "^  $(printf 'jane@contoso.com' | base64)\$" "$T/case.py.out" &&
    grep -q '^mail: jane@contoso.com$' "$T/case.out" &&
    ldapmodify -n -v -f "$T/case.ldif" 2>&1 | tr A-Z a-z >"$T/case.lm.in" &&
    ldapmodify -n -v -f "$T/case.out" 2>&1 | tr A-Z a-z >"$T/case.lm.out" &&
    grep -q 'jane@contoso.com' "$T/case.lm.in" &&
    cmp -s "$T/case.lm.in" "$T/case.lm.out"; then
	ok "mod-spec spelling: cat makes python-ldap keep the value OpenLDAP keeps"
else
	not_ok "mod-spec spelling: cat makes python-ldap keep the value OpenLDAP keeps"
fi

finish
