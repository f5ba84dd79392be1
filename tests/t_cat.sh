#!/bin/sh
# t_cat.sh: "ldfix cat" from the command line: canonical output of the
# samples, --decode comments (checked against known SIDs and GUIDs and
# against tests/ldif_oracle.py decode, which decodes without ldfix: SIDs
# and GUIDs by hand, security descriptors with python3-samba), --wrap,
# --crlf, -o (atomic), standard input, errors (message format, exit status,
# no output file left behind) and idempotence.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
test_tmpdir cat

CR=$(printf '\r')
SAMPLE=samples/contoso-ldifde.ldf
SAMPLES=$(ls samples/*.ldf samples/*.ldif 2>/dev/null)
if [ ! -f "$SAMPLE" ]; then
	not_ok "sample $SAMPLE present"
	exit 1
fi

# Every physical line of an LDF file is well formed: no trailing space, a
# comment, a continuation, "-", empty, or "name:..." -- and not longer than
# $2 bytes unless it is the first line of an "attr: x" (which keeps its
# prefix and one value byte together).
well_formed() {
	awk -v wrap="$2" '
	{ sub(/\r$/, "") }
	/ $/ { print FILENAME ":" NR ": trailing space"; bad = 1 }
	/^[^ #-][^:]*$/ { print FILENAME ":" NR ": not an LDIF line"; bad = 1 }
	wrap > 0 && length($0) > wrap && !/^#/ {
		p = index($0, ":")
		if ($0 ~ /^ / || length($0) > p + (substr($0, p + 1, 1) == ":") + 2) {
			print FILENAME ":" NR ": longer than " wrap; bad = 1
		}
	}
	END { exit bad }' "$1"
}

# Unfold (drop line break + one space) and strip CR, for comparing layouts.
unfold() {
	tr -d '\r' <"$1" | awk '
	/^ / { line = line substr($0, 2); next }
	{ if (NR > 1) print line; line = $0 }
	END { print line }'
}

# --- the samples ----------------------------------------------------------
for f in $SAMPLES; do
	name=$(basename "$f")
	if $LDFIX cat "$f" >"$T/$name.out" 2>"$T/err"; then
		ok "cat $name exits 0"
	else
		not_ok "cat $name exits 0: $(cat "$T/err")"
		continue
	fi
	check "cat $name starts with version: 1 and a blank line" \
	    test "$(head -n 2 "$T/$name.out" | tr '\n' '|')" = "version: 1||"
	if well_formed "$T/$name.out" 76 >"$T/wf"; then
		ok "cat $name: lines well formed, at most 76 columns"
	else
		not_ok "cat $name: lines well formed, at most 76 columns: $(head -n 3 "$T/wf")"
	fi
	same "cat $name: every add record stays one (issue 10)" \
	    "$(grep -c '^changetype: add' "$T/$name.out")" \
	    "$(tr -d '\r' <"$f" | grep -ci '^changetype: *add')"
	$LDFIX cat --content "$f" >"$T/$name.content" 2>/dev/null
	same "cat --content $name: content records only" \
	    "$(grep -c '^changetype:' "$T/$name.content")" 0
	$LDFIX cat "$T/$name.out" >"$T/$name.out2" 2>/dev/null
	check "cat $name is idempotent" cmp -s "$T/$name.out" "$T/$name.out2"
	$LDFIX cat --decode "$f" >"$T/$name.dec" 2>/dev/null
	$LDFIX cat --decode "$T/$name.dec" >"$T/$name.dec2" 2>/dev/null
	check "cat --decode $name is idempotent" cmp -s "$T/$name.dec" "$T/$name.dec2"
	grep -v '^# ' "$T/$name.dec" >"$T/$name.nocomment"
	check "cat --decode $name only adds comment lines" \
	    cmp -s "$T/$name.nocomment" "$T/$name.out"
done

# --- --decode -------------------------------------------------------------
$LDFIX cat --decode "$SAMPLE" >"$T/dec" 2>"$T/err"
if grep -A1 -x 'objectSid:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA==' "$T/dec" |
    tail -n 1 | grep -qx '# objectSid: S-1-5-21-1004336348-1177238915-682003330-1163'; then
	ok "--decode: S-1-5-21-1004336348-1177238915-682003330-1163 right under the user's objectSid"
else
	not_ok "--decode: S-1-5-21-1004336348-1177238915-682003330-1163 right under the user's objectSid"
fi

PY=$(python_with_ldap)
if [ -n "$PY" ]; then
	for f in $SAMPLES; do
		name=$(basename "$f")
		"$PY" tests/ldif_oracle.py decode "$f" >"$T/want" 2>"$T/err"
		grep '^# ' "$T/$name.dec" >"$T/got"
		# without python3-samba the oracle leaves descriptors out
		if grep -q 'no python3-samba' "$T/err"; then
			grep -v -e '^# nTSecurityDescriptor: ' \
			    -e '^# msExchMailboxSecurityDescriptor: ' "$T/got" \
			    >"$T/got.nosd"
			mv "$T/got.nosd" "$T/got"
		fi
		if [ -s "$T/want" ] && cmp -s "$T/want" "$T/got"; then
			ok "--decode $name: $(wc -l <"$T/got") comments, as python's struct/uuid and samba decode them"
		else
			not_ok "--decode $name: comments as python's struct/uuid and samba decode them"
			diff "$T/want" "$T/got" | head -n 10
		fi
	done
else
	not_ok "--decode cross-check needs python3-ldap (tests/deps.sh test)"
fi

# Known values, and what must not be decoded.
cat >"$T/known.ldif" <<'EOF'
dn: CN=Known,DC=x
objectGUID:: 4AQlP4lP0xGaDAMF6CwzAQ==
msExchMailboxGuid:: 4AQlP4lP0xGaDAMF6CwzAQ==
msExchMasterAccountSid:: AQUAAAAAAAUVAAAAx2re15pnjMhUWc4BUQQAAA==
sIDHistory:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA==
mS-DS-CreatorSID:: AQEAAAAAAAUKAAAA
someOtherSid:: AQIAAAAAAAUgAAAAIAIAAA==
description:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA==
objectSid:: AQQAAAAAAAUVAAAA3PTcO4M9K0aCi6Yo
tokenGroups:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6Yo
badSid:: AQUAAAAAAAUVAAAA
shortGuid:: 4AQlP4lP0xGaDAMF6Cwz

dn: CN=Known,DC=x
changetype: modify
delete: msExchMasterAccountSid
msExchMasterAccountSid:: AQUAAAAAAAUVAAAAx2re15pnjMhUWc4BUQQAAA==
-

dn: CN=Again,DC=x
OBJECTGUID:: 4AQlP4lP0xGaDAMF6CwzAQ==
objectSid;x-a:: AQIAAAAAAAUgAAAAIAIAAA==
Description:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA==
objectsid:: AQUAAAAAAAUVAAAAx2re15pnjMhUWc4BUQQAAA==
EOF
cat >"$T/known.want" <<'EOF'
version: 1

dn: CN=Known,DC=x
objectGUID:: 4AQlP4lP0xGaDAMF6CwzAQ==
# objectGUID: 3f2504e0-4f89-11d3-9a0c-0305e82c3301
msExchMailboxGuid:: 4AQlP4lP0xGaDAMF6CwzAQ==
# msExchMailboxGuid: 3f2504e0-4f89-11d3-9a0c-0305e82c3301
msExchMasterAccountSid:: AQUAAAAAAAUVAAAAx2re15pnjMhUWc4BUQQAAA==
# msExchMasterAccountSid: S-1-5-21-3621677767-3364644762-30300500-1105
sIDHistory:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA==
# sIDHistory: S-1-5-21-1004336348-1177238915-682003330-1163
mS-DS-CreatorSID:: AQEAAAAAAAUKAAAA
# mS-DS-CreatorSID: S-1-5-10
someOtherSid:: AQIAAAAAAAUgAAAAIAIAAA==
# someOtherSid: S-1-5-32-544
description:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA==
objectSid:: AQQAAAAAAAUVAAAA3PTcO4M9K0aCi6Yo
# objectSid: S-1-5-21-1004336348-1177238915-682003330
tokenGroups:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6Yo
badSid:: AQUAAAAAAAUVAAAA
shortGuid:: 4AQlP4lP0xGaDAMF6Cwz

dn: CN=Known,DC=x
changetype: modify
delete: msExchMasterAccountSid
msExchMasterAccountSid:: AQUAAAAAAAUVAAAAx2re15pnjMhUWc4BUQQAAA==
# msExchMasterAccountSid: S-1-5-21-3621677767-3364644762-30300500-1105
-

dn: CN=Again,DC=x
OBJECTGUID:: 4AQlP4lP0xGaDAMF6CwzAQ==
# OBJECTGUID: 3f2504e0-4f89-11d3-9a0c-0305e82c3301
objectSid;x-a:: AQIAAAAAAAUgAAAAIAIAAA==
# objectSid;x-a: S-1-5-32-544
Description:: AQUAAAAAAAUVAAAA3PTcO4M9K0aCi6YoiwQAAA==
objectsid:: AQUAAAAAAAUVAAAAx2re15pnjMhUWc4BUQQAAA==
# objectsid: S-1-5-21-3621677767-3364644762-30300500-1105

EOF
$LDFIX cat --decode "$T/known.ldif" >"$T/known.out" 2>"$T/err"
if cmp -s "$T/known.want" "$T/known.out"; then
	ok "--decode: known SIDs and GUIDs, in entries and mod-specs, and again in other spellings; none for other attributes or invalid values"
else
	not_ok "--decode: known SIDs and GUIDs, in entries and mod-specs, and again in other spellings; none for other attributes or invalid values"
	diff "$T/known.want" "$T/known.out" | head -n 20
fi

# --- --wrap and --crlf ----------------------------------------------------
$LDFIX cat "$SAMPLE" >"$T/w76"
$LDFIX cat --wrap 0 "$SAMPLE" >"$T/w0"
$LDFIX cat --wrap 20 "$SAMPLE" >"$T/w20"
check "--wrap 0: no continuation lines" sh -c "! grep -q '^ ' '$T/w0'"
check "--wrap 0: some line is longer than 76" \
    sh -c "awk 'length(\$0) > 76 { f = 1 } END { exit !f }' '$T/w0'"
if well_formed "$T/w20" 20 >"$T/wf"; then
	ok "--wrap 20: lines well formed, at most 20 columns"
else
	not_ok "--wrap 20: lines well formed, at most 20 columns: $(head -n 3 "$T/wf")"
fi
unfold "$T/w76" >"$T/u76"
unfold "$T/w0" >"$T/u0"
unfold "$T/w20" >"$T/u20"
check "--wrap 0, 20, 76: the same logical lines" \
    sh -c "cmp -s '$T/u76' '$T/u0' && cmp -s '$T/u76' '$T/u20'"
check "--wrap 5 is refused with exit 2" \
    sh -c "$LDFIX cat --wrap 5 '$SAMPLE' >/dev/null 2>&1; test \$? -eq 2"

$LDFIX cat --crlf "$SAMPLE" >"$T/crlf"
check "--crlf: every line ends in CR LF" \
    sh -c "! grep -qv '$CR\$' '$T/crlf'"
check "--crlf: same text as LF output otherwise" \
    sh -c "tr -d '\r' <'$T/crlf' | cmp -s - '$T/w76'"
$LDFIX cat "$T/crlf" >"$T/crlf.back"
check "cat of --crlf output gives the LF output back" cmp -s "$T/crlf.back" "$T/w76"
$LDFIX cat --wrap 10 --crlf --decode "$T/known.ldif" >"$T/k1"
$LDFIX cat --wrap 10 --crlf --decode "$T/k1" >"$T/k2"
check "cat --wrap 10 --crlf --decode is idempotent" cmp -s "$T/k1" "$T/k2"

# --- standard input -------------------------------------------------------
$LDFIX cat <"$SAMPLE" >"$T/stdin1"
$LDFIX cat - <"$SAMPLE" >"$T/stdin2"
check "reads standard input without an argument" cmp -s "$T/stdin1" "$T/w76"
check "reads standard input for '-'" cmp -s "$T/stdin2" "$T/w76"

# --- -o -------------------------------------------------------------------
mkdir "$T/o"
$LDFIX cat -o "$T/o/out.ldif" "$SAMPLE" >"$T/o.stdout" 2>"$T/err"
rc=$?
check "-o: exit 0, nothing on standard output" \
    sh -c "test $rc -eq 0 && test ! -s '$T/o.stdout'"
check "-o: the file holds the output" cmp -s "$T/o/out.ldif" "$T/w76"
check "-o: no temporary file left" test "$(ls -A "$T/o")" = "out.ldif"
posix_only "-o: file mode 0600 (directory data)" "an ACL (tests/win)" &&
    check "-o: file mode 0600 (directory data)" \
    test "$(stat -c %a "$T/o/out.ldif")" = 600
cp "$SAMPLE" "$T/o/in.ldf"
$LDFIX cat -o "$T/o/in.ldf" "$T/o/in.ldf" >/dev/null 2>"$T/err"
rc=$?
check "-o onto the input is refused with exit 2" test "$rc" -eq 2
check "-o onto the input leaves it intact" cmp -s "$T/o/in.ldf" "$SAMPLE"
check "-o onto the input: message names the file" \
    grep -q "^ldfix: .*in.ldf: refusing to overwrite" "$T/err"
rm -f "$T/o/in.ldf"

# --- errors ---------------------------------------------------------------
printf 'dn: CN=a,DC=x\ncn: a\ncn:: Zm9v!\n\n' >"$T/bad.ldif"
$LDFIX cat -o "$T/o/bad.out" "$T/bad.ldif" >/dev/null 2>"$T/err"
rc=$?
check "bad input: exit 2" test "$rc" -eq 2
check "bad input: message 'ldfix: FILE:LINE:COL: ...' at the bad byte" \
    grep -q "^ldfix: $T/bad.ldif:3:10: .*base64" "$T/err"
check "bad input: exactly one message line" test "$(wc -l <"$T/err")" -eq 1
check "bad input: no output file, no temporary file left" \
    test "$(ls -A "$T/o")" = "out.ldif"
cp "$T/w76" "$T/o/keep.ldif"
$LDFIX cat -o "$T/o/keep.ldif" "$T/bad.ldif" >/dev/null 2>&1
check "bad input: an existing output file is left as it was" \
    cmp -s "$T/o/keep.ldif" "$T/w76"
$LDFIX cat <"$T/bad.ldif" >/dev/null 2>"$T/err"
rc=$?
check "bad input on stdin: exit 2, named '-'" \
    sh -c "test $rc -eq 2 && grep -q '^ldfix: -:3:10: ' '$T/err'"
$LDFIX cat "$T/missing.ldif" >/dev/null 2>"$T/err"
rc=$?
check "missing input: exit 2 with the reason" \
    sh -c "test $rc -eq 2 && grep -q '^ldfix: .*missing.ldif: .*No such file' '$T/err'"

# Record words (issue 10). Inside a record they are ordinary attributes:
# a 389-DS/FreeIPA CA export has entries with "version: 2". As the first
# line of a content record, or "dn", "changetype" and "control" anywhere,
# no writer could put them back: the reader refuses them where they stand,
# and the output written so far ends between records.
printf 'dn: cn=ca,dc=x\nobjectClass: top\nversion: 2\nadd: x\n\ndn: cn=ca2,dc=x\nchangetype: add\nversion: 3\n\n' >"$T/version.ldf"
$LDFIX cat "$T/version.ldf" >"$T/version.out" 2>"$T/err"
same "cat: \"version\" and \"add\" inside records are written" \
    "$(cat "$T/version.out" "$T/err")" "$(printf 'version: 1\n\ndn: cn=ca,dc=x\nobjectClass: top\nversion: 2\nadd: x\n\ndn: cn=ca2,dc=x\nchangetype: add\nversion: 3\n')"
if command -v ldapmodify >/dev/null 2>&1; then
	check "cat: ldapmodify -n reads them back" \
	    sh -c "ldapmodify -n -a -f '$T/version.out' >/dev/null 2>&1"
fi
awk 'BEGIN {
	print "version: 1"; print ""
	for (i = 0; i < 1500; i++) {
		print "dn: cn=u" i ",dc=x"; print "cn: u" i
		print "description: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
		print ""
	}
	print "dn: cn=bad,dc=x"
	print "add: x"
	for (i = 0; i < 5000; i++) print "description: z" i
	print ""
}' >"$T/kw.ldf"
$LDFIX cat "$T/kw.ldf" >"$T/kw.out" 2>"$T/err"
same "cat: a record word first in a content record is refused where it stands" \
    "$? $(cat "$T/err")" "2 ldfix: $T/kw.ldf:6004:1: \"add\" cannot be the first attribute of a content record: readers would take the record for a change record (write it with \"changetype: add\", or another attribute first)"
check "cat: what was written ends between records" \
    test "$(tail -c 2 "$T/kw.out" | od -An -c | tr -d ' ')" = '\n\n'
check "cat: nothing of the refused record was written" \
    sh -c "! grep -q 'cn=bad' '$T/kw.out'"
for bad in 'control;x: 1' 'DN;lang-en: x'; do
	printf 'dn: cn=a,dc=x\ncn: a\n%s\n\n' "$bad" >"$T/res.ldf"
	$LDFIX cat "$T/res.ldf" >"$T/res.out" 2>"$T/err"
	same "cat: \"${bad%%:*}\" is refused anywhere" "$? $(cat "$T/err")" \
	    "2 ldfix: $T/res.ldf:3:1: no record can hold an attribute named \"${bad%%:*}\" (readers take it for a line of the record itself)"
done
printf 'dn: cn=a,dc=x\nchangetype: modify\nreplace: changetype\nchangetype: x\n-\n\n' >"$T/res.ldf"
$LDFIX cat "$T/res.ldf" >"$T/res.out" 2>"$T/err"
same "cat: nor as the attribute of a mod-spec" "$? $(cat "$T/err")" \
    "2 ldfix: $T/res.ldf:3:10: no record can hold an attribute named \"changetype\" (readers take it for a line of the record itself)"

# Options as FreeIPA exports them (issue 10): OpenLDAP and python-ldap read
# ipaAllowedToPerform;read_keys, and so does ldfix, writing it back as is.
printf 'dn: cn=keys,dc=x\nobjectClass: top\nipaAllowedToPerform;read_keys: cn=admins,dc=x\n\n' >"$T/ipa.ldf"
$LDFIX cat "$T/ipa.ldf" >"$T/ipa.out" 2>"$T/err"
same "cat: an option with '_' (FreeIPA) is read and written back" \
    "$(sed -n 5p "$T/ipa.out")" "ipaAllowedToPerform;read_keys: cn=admins,dc=x"
if command -v ldapmodify >/dev/null 2>&1; then
	check "cat: ldapmodify -n reads it back" \
	    sh -c "ldapmodify -n -a -f '$T/ipa.out' >/dev/null 2>&1"
fi

# Record kinds (issue 10): an add record stays an add record, so a file of
# add and modify records stays valid for ldapmodify; --content turns add
# records into content records, and refuses a file with other kinds.
printf 'dn: cn=a,dc=x\nchangetype: add\nobjectClass: top\ncn: a\n\ndn: cn=b,dc=x\nchangetype: modify\nreplace: sn\nsn: b\n-\n\n' >"$T/mixed.ldf"
$LDFIX cat "$T/mixed.ldf" >"$T/mixed.out" 2>"$T/err"
same "cat: add and modify records keep their kinds" "$(cat "$T/mixed.out")" \
    "$(printf 'version: 1\n\ndn: cn=a,dc=x\nchangetype: add\nobjectClass: top\ncn: a\n\ndn: cn=b,dc=x\nchangetype: modify\nreplace: sn\nsn: b\n-')"
if command -v ldapmodify >/dev/null 2>&1; then
	check "cat: ldapmodify -n accepts the mixed output" \
	    sh -c "ldapmodify -n -f '$T/mixed.out' >/dev/null 2>&1"
fi
$LDFIX cat --decode "$T/mixed.ldf" >"$T/mixed.dec" 2>"$T/err"
same_file "cat --decode: the same kinds" "$T/mixed.dec" "$T/mixed.out"
$LDFIX cat --content "$T/mixed.ldf" -o "$T/content.out" 2>"$T/err"
same "cat --content: refused beside a modify record" "$? $(cat "$T/err")" \
    "2 ldfix: $T/mixed.ldf:6:1: a modify record: with --content the add records become content records, which RFC 2849 does not allow beside change records; leave out --content"
check "cat --content: nothing written" test ! -e "$T/content.out"
printf 'dn: cn=a,dc=x\ncontrol: 1.2.3 true\nchangetype: add\ncn: a\n\n' >"$T/ctl.ldf"
$LDFIX cat --content "$T/ctl.ldf" >/dev/null 2>"$T/err"
same "cat --content: refused for an add record with controls" \
    "$? $(cat "$T/err")" \
    "2 ldfix: $T/ctl.ldf:1:1: an add record with controls cannot be a content record; leave out --content"
printf 'dn: cn=a,dc=x\nchangetype: add\nreplace: x\ncn: a\n\n' >"$T/word.ldf"
$LDFIX cat --content "$T/word.ldf" >/dev/null 2>"$T/err"
same "cat --content: refused for an add record that starts with a record word" \
    "$? $(cat "$T/err")" \
    "2 ldfix: $T/word.ldf:3:1: an add record whose first attribute is a record word cannot be a content record (readers would take it for a change record); leave out --content"
printf 'dn: cn=a,dc=x\nchangetype: add\ncn: a\n\ndn: cn=b,dc=x\ncn: b\n\n' >"$T/adds.ldf"
same "cat --content: add records become content records" \
    "$($LDFIX cat --content "$T/adds.ldf")" \
    "$(printf 'version: 1\n\ndn: cn=a,dc=x\ncn: a\n\ndn: cn=b,dc=x\ncn: b')"

if [ -w /dev/full ]; then
	$LDFIX cat "$SAMPLE" >/dev/full 2>"$T/err"
	rc=$?
	check "write error: exit 2 and 'cannot write' with the reason" \
	    sh -c "test $rc -eq 2 && grep -q '^ldfix: standard output: cannot write: No space left' '$T/err'"
fi

finish
