#!/bin/sh
# t_scale.sh: the tests/e2e/t_cycle.sh proof at scale (make check-long: it
# takes 20-40 s, most of it in ldapadd and the canonical forms of 28 MB of
# LDIF, so make check leaves it out).  tests/bench/gen_export.py
# writes an ldifde-shaped export (CRLF, changetype: add, folded) of
# $LDFIX_E2E_COUNT users (default 20,000; every tenth a linked mailbox),
# ldapadd loads it verbatim into a throwaway slapd, and then: plan ->
# ldapmodify -> export -> check exits 0 and the server equals what
# `ldfix apply` computed offline; the undo file restores the export.
# Timings go to "#" lines.
#
# States are compared with tests/e2e/ldif_canon.py, never with ldfix.
#
# Prints "ok - name" / "not ok - name" lines (see tests/run-tests.sh).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/lib.sh"
. "$TOP/tests/e2e/lib.sh"
require_ldfix || exit 0
e2e_require || exit 0

COUNT=${LDFIX_E2E_COUNT:-20000}
LINKED=$(((COUNT + 9) / 10))	# gen_export.py: users 0, 10, 20, ...
SUFFIX="DC=res,DC=contoso,DC=com"
# The generated data is throwaway: no fsync, and room for it in the map.
E2E_MAXSIZE=1073741824
E2E_DB_EXTRA=dbnosync

test_tmpdir t-scale

# Timing: tick starts a stopwatch, tock NAME prints the time since.
now_ms()
{
	echo $(($(date +%s%N) / 1000000))
}

tick()
{
	_t0=$(now_ms)
}

tock()
{
	echo "# $1: $(($(now_ms) - _t0)) ms"
}

# modify_all NAME FILE: ok when ldapmodify applies FILE, $LINKED records.
modify_all()
{
	tick
	e2e_modify_ok "$1" "$2" "$LINKED"
	tock "ldapmodify $(basename "$2")"
}

# export_to FILE: the server's subtree as -LLL LDIF.
export_to()
{
	tick
	ldap_export "$SUFFIX" > "$1"
	tock "ldapsearch export"
}

start=$(now_ms)
# The domain head and the OU, as ldifde writes them (gen_export.py's
# --containers head is a plain `domain`, which AD never exports), then the
# generated users.
{
	printf '\r\ndn: %s\r\nchangetype: add\r\nobjectClass: top\r\nobjectClass: domain\r\nobjectClass: domainDNS\r\ndc: res\r\n\r\n' \
	    "$SUFFIX"
	printf 'dn: OU=Bulk,%s\r\nchangetype: add\r\nobjectClass: top\r\nobjectClass: organizationalUnit\r\nou: Bulk\r\n\r\n' \
	    "$SUFFIX"
	"$PYTHON" "$TOP/tests/bench/gen_export.py" --count "$COUNT" --crlf \
	    --changetype-add
} > "$T/export.ldf"
echo "# export: $((COUNT + 2)) entries, $(wc -c < "$T/export.ldf") bytes"

# scale: the tests, against the server e2e_serve started.
scale()
{
	# The canonical forms are the slow part: run them while slapd works,
	# waiting on their own pids (slapd is a child of this shell too).
	e2e_canon "$T/export.ldf" > "$T/c-export" &
	canon_pid=$!
	tick
	ldap_add "$T/export.ldf" >/dev/null 2>"$T/add.err"
	rc=$?
	tock "ldapadd"
	if [ "$rc" -eq 0 ]; then
		ok "ldapadd loads the generated export verbatim ($((COUNT + 2)) entries)"
	else
		not_ok "ldapadd loads the generated export verbatim (exit $rc)"
		show "$T/add.err"
		exit 1
	fi
	export_to "$T/server0.ldif"
	e2e_canon "$T/server0.ldif" > "$T/state0"
	wait "$canon_pid"
	same_file "the server holds the generated export, value for value" \
	    "$T/state0" "$T/c-export"

	# ---- plan -> ldapmodify -> export -> check, equals apply ----------
	tick
	$LDFIX plan -q --undo "$T/undo.ldf" -o "$T/plan.ldf" \
	    "$T/export.ldf" 2>"$T/plan.err"
	rc=$?
	tock "ldfix plan"
	same "ldfix plan writes $LINKED change records" \
	    "$rc/$(grep -c '^changetype: modify' "$T/plan.ldf")" "0/$LINKED"
	tick
	$LDFIX check -q "$T/server0.ldif" 2>/dev/null
	rc=$?
	tock "ldfix check"
	same "ldfix check on the export before the plan exits 1" "$rc" 1
	(
		$LDFIX apply -q -o "$T/offline.ldif" "$T/export.ldf" \
		    "$T/plan.ldf" 2>"$T/apply.err" &&
		    e2e_canon "$T/offline.ldif" > "$T/offline"
	) &
	apply_pid=$!
	modify_all "ldapmodify applies all $LINKED records of the plan" \
	    "$T/plan.ldf"
	export_to "$T/server1.ldif"
	if $LDFIX check -q "$T/server1.ldif" 2>"$T/check.err"; then
		ok "ldfix check on the export after the plan exits 0"
	else
		not_ok "ldfix check on the export after the plan exits 0"
		show "$T/check.err"
	fi
	e2e_canon "$T/server1.ldif" > "$T/state1"
	if wait "$apply_pid"; then
		ok "ldfix apply computes the result offline"
	else
		not_ok "ldfix apply computes the result offline"
		show "$T/apply.err"
	fi
	same_file "server state equals ldfix apply's, value for value" \
	    "$T/state1" "$T/offline"
	same "the plan changed exactly $LINKED entries on the server" \
	    "$(e2e_changed_dns "$T/state0" "$T/state1")" "$LINKED"

	# ---- undo restores the export ---------------------------------------
	modify_all "ldapmodify applies all $LINKED records of the undo file" \
	    "$T/undo.ldf"
	export_to "$T/server2.ldif"
	e2e_canon "$T/server2.ldif" > "$T/state2"
	same_file "after the undo the server equals the export again" \
	    "$T/state2" "$T/state0"
}

e2e_serve "$SUFFIX" scale
echo "# total: $(($(now_ms) - start)) ms"
finish
