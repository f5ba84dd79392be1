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
. "$TOP/tests/lib.sh"
. "$TOP/tests/e2e/lib.sh"
require_ldfix || exit 0
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
NCHANGE=9	# records in the plan of the sample (samples/README.md)

test_tmpdir t-cycle

# ldfix_ok NAME LOG COMMAND...: ok when an ldfix command exits 0.
ldfix_ok()
{
	_name=$1
	_log=$2
	shift 2
	if "$@" 2>"$_log"; then ok "$_name"; else not_ok "$_name"; show "$_log"; fi
}

# canon_server FILE: the server's whole subtree, canonical, into FILE
# (the export itself is $T/export.ldif).
canon_server()
{
	e2e_export_canon "$T/export.ldif" "$1"
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

# set_value DN LINE: replaces one attribute of DN on the server; LINE is
# its LDIF line ("attr: value" or "attr:: base64").
set_value()
{
	printf 'dn: %s\nchangetype: modify\nreplace: %s\n%s\n-\n\n' \
	    "$1" "${2%%:*}" "$2" > "$T/set.ldif"
	ldap_modify "$T/set.ldif" >/dev/null 2>"$T/set.err"
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
		show "$T/set.err"
	fi
	canon_server "$T/tampered"
	cp "$T/export.ldif" "$T/tampered.ldif"
	ldap_modify "$T/plan.ldf" -c >"$T/guard.out" 2>"$T/guard.err"
	_rc=$?
	_errs=$(grep -c '^ldap_modify: ' "$T/guard.err")
	_codes=$(sed -n 's/^ldap_modify: .*(\([0-9]*\))$/\1/p' "$T/guard.err" |
	    tr '\n' ' ' | sed 's/ $//')
	case $_rc/$_errs/$_codes in
	16/1/16 | 20/1/20)
		ok "ldapmodify -c: only $_who's record fails (LDAP error $_codes)" ;;
	*)
		not_ok "ldapmodify -c: only $_who's record fails (exit $_rc, $_errs errors, codes $_codes)"
		show "$T/guard.err" ;;
	esac
	same "ldapmodify -c went on through all $NCHANGE records ($_who)" \
	    "$(grep -c '^modifying entry' "$T/guard.out")" "$NCHANGE"
	canon_server "$T/guarded"
	only_dn "$3" "$T/guarded" > "$T/one-got"
	only_dn "$3" "$T/tampered" > "$T/one-want"
	if [ -s "$T/one-want" ]; then
		same_file "the guarded record left $_who untouched" \
		    "$T/one-got" "$T/one-want"
	else
		not_ok "the guarded record left $_who untouched ($3 not found)"
	fi
	without_dn "$3" "$T/guarded" > "$T/others-got"
	without_dn "$3" "$T/offline" > "$T/others-want"
	same_file "every other record applied ($_who round)" \
	    "$T/others-got" "$T/others-want"
	# apply --continue has the server's semantics: from the tampered
	# export it must predict exactly this state, failed record included.
	if $LDFIX apply -q --continue -o "$T/predicted.ldif" \
	    "$T/tampered.ldif" "$T/plan.ldf" 2>"$T/apply.err"; then
		e2e_canon "$T/predicted.ldif" > "$T/predicted"
		same_file "ldfix apply --continue predicts the server ($_who round)" \
		    "$T/predicted" "$T/guarded"
	else
		not_ok "ldfix apply --continue predicts the server ($_who round)"
		show "$T/apply.err"
	fi
	ldap_modify "$T/undo.ldf" -c >/dev/null 2>"$T/undo-c.err"
	same "the guarded undo fails for $_who alone" \
	    "$(grep -c '^ldap_modify: ' "$T/undo-c.err")" 1
	set_value "$2" "$5"
	canon_server "$T/repaired"
	same_file "undo plus repairing $_who restore the export" \
	    "$T/repaired" "$T/state0"
}

# cycle: the tests, against the server e2e_serve started.
cycle()
{
	if ! ldap_add "$SAMPLE" >/dev/null 2>"$T/add.err"; then
		not_ok "ldapadd loads the ldifde sample"
		show "$T/add.err"
		exit 1
	fi
	canon_server "$T/state0"
	e2e_canon "$SAMPLE" > "$T/sample"
	same_file "server holds the ldifde export before the plan" \
	    "$T/state0" "$T/sample"

	# ---- 1: plan -> ldapmodify -> export -> check, equals apply ------
	ldfix_ok "ldfix plan writes the plan and the undo file" "$T/plan.err" \
	    $LDFIX plan -q --undo "$T/undo.ldf" -o "$T/plan.ldf" "$SAMPLE"
	same "the plan has one record per linked mailbox ($NCHANGE)" \
	    "$(grep -c '^changetype: modify' "$T/plan.ldf")" "$NCHANGE"
	if $LDFIX check -q "$T/export.ldif" 2>/dev/null; then
		not_ok "ldfix check on the export before the plan exits 1"
	else
		same "ldfix check on the export before the plan exits 1" "$?" 1
	fi
	ldfix_ok "ldfix apply computes the result offline" "$T/apply.err" \
	    $LDFIX apply -q -o "$T/offline.ldif" "$SAMPLE" "$T/plan.ldf"
	e2e_canon "$T/offline.ldif" > "$T/offline"

	e2e_modify_ok "ldapmodify applies every record of the plan" "$T/plan.ldf"
	canon_server "$T/state1"
	ldfix_ok "ldfix check on a fresh -LLL export exits 0" \
	    "$T/check.err" $LDFIX check -q "$T/export.ldif"
	e2e_ldap ldapsearch -b "$SUFFIX" > "$T/export-ext.ldif"
	ldfix_ok "ldfix check on a fresh extended (folded) export exits 0" \
	    "$T/check.err" $LDFIX check -q "$T/export-ext.ldif"
	# A paged search, as the README exports: a result after each page.
	# Without the last one (the connection lost after the last page's
	# entries) the export is refused, though every line is whole.
	e2e_ldap ldapsearch -E pr=4/noprompt -b "$SUFFIX" > "$T/export-paged.ldif"
	same "a paged ldapsearch export has a result per page" \
	    "$(grep -c '^result: 0 Success' "$T/export-paged.ldif")" \
	    "$(( ($(grep -c '^dn: ' "$T/export-paged.ldif") + 3) / 4 ))"
	ldfix_ok "ldfix check on a paged extended export exits 0" \
	    "$T/check.err" $LDFIX check -q "$T/export-paged.ldif"
	_last=$(grep -n '^# search result' "$T/export-paged.ldif" | tail -n 1)
	head -n $((${_last%%:*} - 1)) "$T/export-paged.ldif" > "$T/cut-paged.ldif"
	$LDFIX check -q "$T/cut-paged.ldif" 2>"$T/check.err"
	same "ldfix check refuses the paged export without its last result" \
	    "$?: $(head -n 1 "$T/check.err")" \
	    "2: ldfix: $T/cut-paged.ldif:1:1: this ldapsearch export (\"# extended LDIF\") ends without the search result ldapsearch writes last (\"search:\" and \"result:\"): the search stopped before its end, as when the connection is lost, and entries are missing; export again, or pass --allow-truncated if it is whole"
	same_file "server state equals ldfix apply's, value for value" \
	    "$T/state1" "$T/offline"
	same "the plan changed exactly $NCHANGE entries on the server" \
	    "$(e2e_changed_dns "$T/state0" "$T/state1")" "$NCHANGE"

	# ---- 4: the undo file restores the exported state ------------------
	e2e_modify_ok "ldapmodify applies every record of the undo file" \
	    "$T/undo.ldf"
	canon_server "$T/state2"
	same_file "after the undo the server equals the export again" \
	    "$T/state2" "$T/state0"

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
	    "$T/plan.err" $LDFIX plan -q --replace \
	    --undo "$T/rundo.ldf" -o "$T/replace.ldf" "$SAMPLE"
	# Unguarded by design: it also overwrites an entry changed since the
	# export (jdoe, RTD 4 again).
	set_value "$JDOE_AD" "msExchRecipientTypeDetails: 4"
	e2e_modify_ok "the --replace plan applies, over jdoe's change too" \
	    "$T/replace.ldf"
	e2e_modify_ok "the --replace plan applies a second time" "$T/replace.ldf"
	canon_server "$T/state5"
	same_file "after two --replace runs the server equals apply's result" \
	    "$T/state5" "$T/offline"
	$LDFIX apply -q -o "$T/offline-r.ldif" "$SAMPLE" "$T/replace.ldf" \
	    2>/dev/null
	e2e_canon "$T/offline-r.ldif" > "$T/offline-r"
	same_file "ldfix apply of the --replace plan agrees with the server" \
	    "$T/offline-r" "$T/state5"
	e2e_modify_ok "the --replace undo applies" "$T/rundo.ldf"
	e2e_modify_ok "the --replace undo applies a second time" "$T/rundo.ldf"
	canon_server "$T/state6"
	same_file "after the --replace undo the server equals the export" \
	    "$T/state6" "$T/state0"

	# ---- plan from the server's own export (slapd's DN spelling), ----
	# written CRLF and folded at 20 columns (SIDs split across lines).
	ldap_export "$SUFFIX" > "$T/server.ldif"
	ldfix_ok "ldfix plan --crlf --wrap 20 on slapd's export (cn=Doe\\2C John)" \
	    "$T/plan.err" $LDFIX plan -q --crlf --wrap 20 \
	    --undo "$T/undo-s.ldf" -o "$T/plan-s.ldf" "$T/server.ldif"
	e2e_modify_ok "ldapmodify applies the CRLF, 20-column plan" \
	    "$T/plan-s.ldf"
	canon_server "$T/state7"
	same_file "the result equals that of the plan from the ldifde export" \
	    "$T/state7" "$T/offline"
	e2e_modify_ok "ldapmodify applies its CRLF, 20-column undo file" \
	    "$T/undo-s.ldf"
	canon_server "$T/state8"
	same_file "and its undo restores the export" "$T/state8" "$T/state0"

}

e2e_serve "$SUFFIX" cycle
finish
