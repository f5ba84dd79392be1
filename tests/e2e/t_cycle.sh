#!/bin/sh
# shellcheck disable=SC2086 # $LDFIX is a command line, split on purpose
# t_cycle.sh: the end-to-end proof on the ldifde sample against a real
# slapd.  The export is loaded, ldfix plans from it, ldapmodify applies the
# plan, and the server's state is compared with what `ldfix apply` computed
# offline; `ldfix check` accepts a fresh export; the guards stop a record
# whose entry changed after the export, and only that record; --replace
# plans re-apply; the undo file restores the exported state exactly.
#
# States are compared with tests/e2e/ldif_canon.py (sets of values per
# attribute, DN spellings of AD and slapd made equal), never with ldfix.
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
e2e_require || exit 0

SUFFIX="DC=res,DC=contoso,DC=com"
SAMPLE="$TOP/samples/contoso-ldifde.ldf"
# Jane Doe as ldif_canon.py spells her DN; her entry is the tampered one.
JDOE="cn=Jane Doe,ou=Linked,dc=res,dc=contoso,dc=com"
JDOE_AD="CN=Jane Doe,OU=Linked,$SUFFIX"
FORTIZ="cn=Frank Ortiz,ou=Linked,dc=res,dc=contoso,dc=com"
FORTIZ_AD="CN=Frank Ortiz,OU=Linked,$SUFFIX"
# Their master account SIDs in the export (samples/README.md: foreign-1013
# and foreign-1025).
JDOE_MASTER_B64="AQUAAAAAAAUVAAAAx/f+13x3VciUWs4B9QMAAA=="
FORTIZ_MASTER_B64="AQUAAAAAAAUVAAAAx/f+13x3VciUWs4BAQQAAA=="
NCHANGE=10	# records in the plan of the sample (samples/README.md)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ldfix-t-cycle.XXXXXX") || exit 1
failed=0

# printf, not echo: names hold backslashes (dash's echo expands them).
ok()
{
	printf 'ok - %s\n' "$1"
}

not_ok()
{
	printf 'not ok - %s\n' "$1"
	failed=1
}

# same NAME GOT WANT: ok when the strings are equal, else shows both.
same()
{
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   got:  $2"
		echo "#   want: $3"
	fi
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

# show LOG: the end of a log as TAP comments.
show()
{
	tail -n 8 "$1" | sed 's/^/#   /'
}

# ldfix_ok NAME LOG COMMAND...: ok when an ldfix command exits 0.
ldfix_ok()
{
	_name=$1
	_log=$2
	shift 2
	if "$@" 2>"$_log"; then ok "$_name"; else not_ok "$_name"; show "$_log"; fi
}

# modify_ok NAME FILE [ARGS]: ok when ldapmodify applies every record of
# FILE: exit 0 and one "modifying entry" line per change record.
modify_ok()
{
	_name=$1
	_file=$2
	shift 2
	ldap_modify "$_file" "$@" >"$WORK/mod.out" 2>"$WORK/mod.err"
	_rc=$?
	_n=$(grep -c '^modifying entry' "$WORK/mod.out")
	_want=$(grep -c '^changetype: modify' "$_file")
	if [ "$_rc" -eq 0 ] && [ "$_n" -eq "$_want" ] && [ "$_n" -gt 0 ]; then
		ok "$_name"
	else
		not_ok "$_name (exit $_rc, $_n of $_want records)"
		show "$WORK/mod.err"
	fi
}

# canon_server FILE: the server's whole subtree, canonical, into FILE.
canon_server()
{
	ldap_export "$SUFFIX" > "$WORK/export.ldif" &&
	    e2e_canon "$WORK/export.ldif" > "$1"
}

# without_dn DN FILE / only_dn DN FILE: the canonical lines of FILE about
# every entry but DN / about DN alone.
without_dn()
{
	awk -F '\t' -v dn="$1" '!($1 == dn || ($1 == "dn" && $2 == dn))' "$2"
}

only_dn()
{
	awk -F '\t' -v dn="$1" '$1 == dn || ($1 == "dn" && $2 == dn)' "$2"
}

# changed_dns A B: how many entries differ between canonical files A and B.
changed_dns()
{
	diff "$1" "$2" | sed -n 's/^[<>] //p' | cut -f 1 | sort -u | wc -l
}

# set_value DN LINE: replaces one attribute of DN on the server; LINE is
# its LDIF line ("attr: value" or "attr:: base64").
set_value()
{
	printf 'dn: %s\nchangetype: modify\nreplace: %s\n%s\n-\n\n' \
	    "$1" "${2%%:*}" "$2" > "$WORK/set.ldif"
	ldap_modify "$WORK/set.ldif" >/dev/null 2>"$WORK/set.err"
}

# guard_round WHO DN-AD DN-CANON TAMPERED EXPORTED: changes one attribute of
# a planned entry on the server after the export (LDIF line TAMPERED) and
# applies the guarded plan with ldapmodify -c: exactly that record must
# fail (noSuchAttribute 16 or typeOrValueExists 20) and leave the entry as
# it was, and every other record must apply.  Then the guarded undo (which
# fails for the same entry) and a repair with the exported line EXPORTED
# must restore the exported state.
guard_round()
{
	_who=$1
	if set_value "$2" "$4"; then
		ok "$_who changed on the server after the export ($4)"
	else
		not_ok "$_who changed on the server after the export ($4)"
		show "$WORK/set.err"
	fi
	canon_server "$WORK/tampered"
	cp "$WORK/export.ldif" "$WORK/tampered.ldif"
	ldap_modify "$WORK/plan.ldf" -c >"$WORK/guard.out" 2>"$WORK/guard.err"
	_rc=$?
	_errs=$(grep -c '^ldap_modify: ' "$WORK/guard.err")
	_codes=$(sed -n 's/^ldap_modify: .*(\([0-9]*\))$/\1/p' "$WORK/guard.err" |
	    tr '\n' ' ' | sed 's/ $//')
	case $_rc/$_errs/$_codes in
	16/1/16 | 20/1/20)
		ok "ldapmodify -c: only $_who's record fails (LDAP error $_codes)" ;;
	*)
		not_ok "ldapmodify -c: only $_who's record fails (exit $_rc, $_errs errors, codes $_codes)"
		show "$WORK/guard.err" ;;
	esac
	same "ldapmodify -c went on through all $NCHANGE records ($_who)" \
	    "$(grep -c '^modifying entry' "$WORK/guard.out")" "$NCHANGE"
	canon_server "$WORK/guarded"
	only_dn "$3" "$WORK/guarded" > "$WORK/one-got"
	only_dn "$3" "$WORK/tampered" > "$WORK/one-want"
	if [ -s "$WORK/one-want" ]; then
		same_file "the guarded record left $_who untouched" \
		    "$WORK/one-got" "$WORK/one-want"
	else
		not_ok "the guarded record left $_who untouched ($3 not found)"
	fi
	without_dn "$3" "$WORK/guarded" > "$WORK/others-got"
	without_dn "$3" "$WORK/offline" > "$WORK/others-want"
	same_file "every other record applied ($_who round)" \
	    "$WORK/others-got" "$WORK/others-want"
	# apply --continue has the server's semantics: from the tampered
	# export it must predict exactly this state, failed record included.
	if $LDFIX apply -q --continue -o "$WORK/predicted.ldif" \
	    "$WORK/tampered.ldif" "$WORK/plan.ldf" 2>"$WORK/apply.err"; then
		e2e_canon "$WORK/predicted.ldif" > "$WORK/predicted"
		same_file "ldfix apply --continue predicts the server ($_who round)" \
		    "$WORK/predicted" "$WORK/guarded"
	else
		not_ok "ldfix apply --continue predicts the server ($_who round)"
		show "$WORK/apply.err"
	fi
	ldap_modify "$WORK/undo.ldf" -c >/dev/null 2>"$WORK/undo-c.err"
	same "the guarded undo fails for $_who alone" \
	    "$(grep -c '^ldap_modify: ' "$WORK/undo-c.err")" 1
	set_value "$2" "$5"
	canon_server "$WORK/repaired"
	same_file "undo plus repairing $_who restore the export" \
	    "$WORK/repaired" "$WORK/state0"
}

(
	if ! e2e_start "$SUFFIX"; then
		not_ok "slapd starts"
		exit 1
	fi
	echo "$E2E_DIR" > "$WORK/dir"
	if ! ldap_add "$SAMPLE" >/dev/null 2>"$WORK/add.err"; then
		not_ok "ldapadd loads the ldifde sample"
		show "$WORK/add.err"
		exit 1
	fi
	canon_server "$WORK/state0"
	e2e_canon "$SAMPLE" > "$WORK/sample"
	same_file "server holds the ldifde export before the plan" \
	    "$WORK/state0" "$WORK/sample"

	# ---- 1: plan -> ldapmodify -> export -> check, equals apply ------
	ldfix_ok "ldfix plan writes the plan and the undo file" "$WORK/plan.err" \
	    $LDFIX plan -q --undo "$WORK/undo.ldf" -o "$WORK/plan.ldf" "$SAMPLE"
	same "the plan has one record per linked mailbox ($NCHANGE)" \
	    "$(grep -c '^changetype: modify' "$WORK/plan.ldf")" "$NCHANGE"
	if $LDFIX check -q "$WORK/export.ldif" 2>/dev/null; then
		not_ok "ldfix check on the export before the plan exits 1"
	else
		same "ldfix check on the export before the plan exits 1" "$?" 1
	fi
	ldfix_ok "ldfix apply computes the result offline" "$WORK/apply.err" \
	    $LDFIX apply -q -o "$WORK/offline.ldif" "$SAMPLE" "$WORK/plan.ldf"
	e2e_canon "$WORK/offline.ldif" > "$WORK/offline"

	modify_ok "ldapmodify applies every record of the plan" "$WORK/plan.ldf"
	canon_server "$WORK/state1"
	ldfix_ok "ldfix check on a fresh -LLL export exits 0" \
	    "$WORK/check.err" $LDFIX check -q "$WORK/export.ldif"
	e2e_ldap ldapsearch -b "$SUFFIX" > "$WORK/export-ext.ldif"
	ldfix_ok "ldfix check on a fresh extended (folded) export exits 0" \
	    "$WORK/check.err" $LDFIX check -q "$WORK/export-ext.ldif"
	same_file "server state equals ldfix apply's, value for value" \
	    "$WORK/state1" "$WORK/offline"
	same "the plan changed exactly $NCHANGE entries on the server" \
	    "$(changed_dns "$WORK/state0" "$WORK/state1")" "$NCHANGE"

	# ---- 4: the undo file restores the exported state ------------------
	modify_ok "ldapmodify applies every record of the undo file" \
	    "$WORK/undo.ldf"
	canon_server "$WORK/state2"
	same_file "after the undo the server equals the export again" \
	    "$WORK/state2" "$WORK/state0"

	# ---- 2: an entry changed after the export stops its record only ---
	# jdoe became a shared mailbox (RTD 4); fortiz was re-linked to
	# another owner (jdoe's master SID).
	guard_round jdoe "$JDOE_AD" "$JDOE" "msExchRecipientTypeDetails: 4" \
	    "msExchRecipientTypeDetails: 2"
	guard_round fortiz "$FORTIZ_AD" "$FORTIZ" \
	    "msExchMasterAccountSid:: $JDOE_MASTER_B64" \
	    "msExchMasterAccountSid:: $FORTIZ_MASTER_B64"

	# ---- 3: --replace plans re-apply cleanly ---------------------------
	ldfix_ok "ldfix plan --replace writes a plan and an undo file" \
	    "$WORK/plan.err" $LDFIX plan -q --replace \
	    --undo "$WORK/rundo.ldf" -o "$WORK/replace.ldf" "$SAMPLE"
	# Unguarded by design: it also overwrites an entry changed since the
	# export (jdoe, RTD 4 again).
	set_value "$JDOE_AD" "msExchRecipientTypeDetails: 4"
	modify_ok "the --replace plan applies, over jdoe's change too" \
	    "$WORK/replace.ldf"
	modify_ok "the --replace plan applies a second time" "$WORK/replace.ldf"
	canon_server "$WORK/state5"
	same_file "after two --replace runs the server equals apply's result" \
	    "$WORK/state5" "$WORK/offline"
	$LDFIX apply -q -o "$WORK/offline-r.ldif" "$SAMPLE" "$WORK/replace.ldf" \
	    2>/dev/null
	e2e_canon "$WORK/offline-r.ldif" > "$WORK/offline-r"
	same_file "ldfix apply of the --replace plan agrees with the server" \
	    "$WORK/offline-r" "$WORK/state5"
	modify_ok "the --replace undo applies" "$WORK/rundo.ldf"
	modify_ok "the --replace undo applies a second time" "$WORK/rundo.ldf"
	canon_server "$WORK/state6"
	same_file "after the --replace undo the server equals the export" \
	    "$WORK/state6" "$WORK/state0"

	# ---- plan from the server's own export (slapd's DN spelling), ----
	# written CRLF and folded at 20 columns (SIDs split across lines).
	ldap_export "$SUFFIX" > "$WORK/server.ldif"
	ldfix_ok "ldfix plan --crlf --wrap 20 on slapd's export (cn=Doe\\2C John)" \
	    "$WORK/plan.err" $LDFIX plan -q --crlf --wrap 20 \
	    --undo "$WORK/undo-s.ldf" -o "$WORK/plan-s.ldf" "$WORK/server.ldif"
	modify_ok "ldapmodify applies the CRLF, 20-column plan" \
	    "$WORK/plan-s.ldf"
	canon_server "$WORK/state7"
	same_file "the result equals that of the plan from the ldifde export" \
	    "$WORK/state7" "$WORK/offline"
	modify_ok "ldapmodify applies its CRLF, 20-column undo file" \
	    "$WORK/undo-s.ldf"
	canon_server "$WORK/state8"
	same_file "and its undo restores the export" "$WORK/state8" "$WORK/state0"

	[ "$failed" -eq 0 ]
) &
# The server lives in that subshell; a signal to this script is passed on,
# so that the subshell's traps stop slapd before this script ends.
run=$!
trap 'kill -TERM "$run" 2>/dev/null; wait "$run"; rm -rf "$WORK"; exit 143' TERM
trap 'kill -TERM "$run" 2>/dev/null; wait "$run"; rm -rf "$WORK"; exit 130' INT
wait "$run" || failed=1
trap - TERM INT

dir=$(cat "$WORK/dir" 2>/dev/null)
if [ -n "$dir" ] && ! pgrep -f "$dir" >/dev/null && [ ! -e "$dir" ]; then
	ok "no slapd and no temporary directory left behind"
else
	not_ok "no slapd and no temporary directory left behind"
fi
rm -rf "$WORK"
exit "$failed"
