#!/bin/sh
# t_modify_parse.sh: every kind of file ldfix writes (plan, undo, --replace
# plan and undo, cat, cat --decode, apply's result) parses under OpenLDAP's
# own LDIF reader, `ldapmodify -n -v` (no server needed), in every output
# form: LF and CRLF, folded at 76 and at 20 columns, and unfolded.  Each
# form must also mean the same to ldapmodify: its -v transcript of the
# operations equals that of the unfolded LF file.
#
# Prints "ok - name" / "not ok - name" lines (see tests/run-tests.sh).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/lib.sh"
require_ldfix || exit 0
if ! command -v ldapmodify >/dev/null 2>&1; then
	echo "# SKIP ldapmodify not installed (tests/deps.sh installs it)"
	exit 0
fi

LDIFDE="$TOP/samples/contoso-ldifde.ldf"
LDAPSEARCH="$TOP/samples/contoso-ldapsearch.ldif"
test_tmpdir t-parse
CR=$(printf '\r')

# write KIND OUT FORMAT...: has ldfix write the file KIND into OUT, with the
# output form options FORMAT (--wrap N, --crlf).
write()
{
	_kind=$1
	_out=$2
	shift 2
	case $_kind in
	plan)
		$LDFIX plan -q "$@" -o "$_out" "$LDIFDE" ;;
	undo)
		$LDFIX plan -q "$@" --undo "$_out" -o /dev/null "$LDIFDE" ;;
	replace-plan)
		$LDFIX plan -q --replace "$@" -o "$_out" "$LDIFDE" ;;
	replace-undo)
		$LDFIX plan -q --replace "$@" --undo "$_out" -o /dev/null \
		    "$LDIFDE" ;;
	plan-no-comments)
		$LDFIX plan -q --no-comments "$@" -o "$_out" "$LDIFDE" ;;
	cat-ldifde)
		$LDFIX cat -q "$@" -o "$_out" "$LDIFDE" ;;
	cat-decode)
		$LDFIX cat -q --decode "$@" -o "$_out" "$LDAPSEARCH" ;;
	apply)
		$LDFIX plan -q -o "$T/p.ldf" "$LDIFDE" &&
		    $LDFIX apply -q "$@" -o "$_out" "$LDIFDE" "$T/p.ldf" ;;
	esac
}

# parse FILE KIND: ldapmodify -n -v over FILE into FILE.v; content
# records (cat, apply) are read as adds (-a).  Fails on any complaint.
parse()
{
	case $2 in
	cat-* | apply) _add=-a ;;
	*) _add= ;;
	esac
	# shellcheck disable=SC2086
	ldapmodify $_add -n -v -f "$1" >"$1.v" 2>"$1.err" && [ ! -s "$1.err" ]
}

# form_ok FILE WRAP CRLF: the file really has the form asked for: CRLF on
# every line or on none; continuation lines (within WRAP columns) exactly
# when WRAP is not 0.
form_ok()
{
	_lines=$(wc -l < "$1")
	_crs=$(grep -c "$CR\$" "$1")
	if [ "$3" = crlf ]; then
		[ "$_crs" -eq "$_lines" ] || return 1
	else
		[ "$_crs" -eq 0 ] || return 1
	fi
	_cont=$(grep -c '^ ' "$1")
	if [ "$2" -eq 0 ]; then
		[ "$_cont" -eq 0 ]
	else
		[ "$_cont" -gt 0 ] &&
		    [ "$(tr -d '\r' < "$1" | grep '^ ' | awk -v w="$2" \
		    'length($0) > w' | wc -l)" -eq 0 ]
	fi
}

for kind in plan undo replace-plan replace-undo plan-no-comments \
    cat-ldifde cat-decode apply; do
	ref="$T/$kind.ref"
	if ! write "$kind" "$ref" --wrap 0 2>"$T/err" || ! parse "$ref" "$kind"; then
		not_ok "ldapmodify -n -v parses $kind (--wrap 0, LF)"
		sed 's/^/#   /' "$T/err" "$ref.err" 2>/dev/null | head -n 5
		continue
	fi
	# The transcript names one "!modifying entry" / "!adding new entry"
	# per record of the file.
	nrec=$(grep -c '^dn::\{0,1\} ' "$ref")
	nop=$(grep -c '^!\(modifying entry\|adding new entry\) ' "$ref.v")
	if [ "$nrec" -gt 0 ] && [ "$nrec" -eq "$nop" ]; then
		ok "ldapmodify -n -v parses $kind (--wrap 0, LF): $nop records"
	else
		not_ok "ldapmodify -n -v parses $kind (--wrap 0, LF): $nop of $nrec records"
	fi
	for wrap in 76 20 0; do
		for eol in lf crlf; do
			[ "$wrap/$eol" = 0/lf ] && continue
			name="$kind --wrap $wrap${eol#lf}"
			[ "$eol" = crlf ] && name="$kind --wrap $wrap --crlf"
			f="$T/$kind.$wrap.$eol"
			opt=
			[ "$eol" = crlf ] && opt=--crlf
			# shellcheck disable=SC2086
			if ! write "$kind" "$f" --wrap "$wrap" $opt 2>"$T/err"; then
				not_ok "ldfix writes $name"
				sed 's/^/#   /' "$T/err" | head -n 5
				continue
			fi
			if ! form_ok "$f" "$wrap" "$eol"; then
				not_ok "$name has the line ends and folds asked for"
				continue
			fi
			if ! parse "$f" "$kind"; then
				not_ok "ldapmodify -n -v parses $name"
				sed 's/^/#   /' "$f.err" | head -n 5
			elif ! cmp -s "$f.v" "$ref.v"; then
				not_ok "ldapmodify -n -v reads $name as the unfolded LF file"
				diff "$ref.v" "$f.v" | head -n 10 | sed 's/^/#   /'
			else
				ok "ldapmodify -n -v reads $name as the unfolded LF file"
			fi
		done
	done
done

# Options as directory servers export them (FreeIPA's underscores, AD's
# ranges): what ldfix reads it writes, and OpenLDAP reads that back.
printf '%s\n' 'dn: cn=keytab,cn=x' 'objectClass: top' \
    'ipaAllowedToPerform;read_keys: cn=admins,cn=x' \
    'member;range=0-*: cn=a,cn=x' '' > "$T/options.ldf"
printf '%s\n' 'dn: cn=keytab,cn=x' 'changetype: modify' \
    'add: ipaAllowedToPerform;read_keys' \
    'ipaAllowedToPerform;read_keys: cn=ops,cn=x' '-' '' > "$T/options.chg"
if ! $LDFIX cat -q -o "$T/options.cat" "$T/options.ldf" 2>"$T/err"; then
	not_ok "ldfix cat writes options with '_', '=' and '*'"
	sed 's/^/#   /' "$T/err" | head -n 5
elif ! parse "$T/options.cat" cat-options; then
	not_ok "ldapmodify -n -v parses options with '_', '=' and '*'"
	sed 's/^/#   /' "$T/options.cat.err" | head -n 5
else
	# The transcript: "add NAME:", then one TAB-indented line a value.
	same "ldapmodify -n -v reads the options as ldfix wrote them" \
	    "$(grep -A1 '^add \(ipaAllowedToPerform;read_keys\|member;range=0-\*\):$' \
	    "$T/options.cat.v" | tr '\t\n' '>|')" \
	    "add ipaAllowedToPerform;read_keys:|>cn=admins,cn=x|add member;range=0-*:|>cn=a,cn=x|"
fi
if ! $LDFIX apply -q -o "$T/options.out" "$T/options.ldf" "$T/options.chg" \
    2>"$T/err"; then
	not_ok "ldfix apply adds to ipaAllowedToPerform;read_keys"
	sed 's/^/#   /' "$T/err" | head -n 5
elif ! parse "$T/options.out" apply || ! parse "$T/options.chg" plan; then
	not_ok "ldapmodify -n -v parses the change and apply's result"
else
	same "apply's result holds both ipaAllowedToPerform;read_keys values" \
	    "$(grep -A2 '^add ipaAllowedToPerform;read_keys:$' \
	    "$T/options.out.v" | tr '\t\n' '>|')" \
	    "add ipaAllowedToPerform;read_keys:|>cn=admins,cn=x|>cn=ops,cn=x|"
fi

# The checks above must be able to fail: a fold without its leading space
# is an error to ldapmodify.
printf 'dn: cn=x,dc=example\nchangetype: modify\nreplace: description\ndescription: a\nb\n-\n\n' \
    > "$T/broken.ldf"
if parse "$T/broken.ldf" plan; then
	not_ok "ldapmodify -n -v rejects a broken fold (the oracle can fail)"
else
	ok "ldapmodify -n -v rejects a broken fold (the oracle can fail)"
fi

finish
