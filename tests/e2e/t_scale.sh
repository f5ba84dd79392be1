#!/bin/sh
# t_scale.sh: the t_cycle.sh proof at scale.  tests/bench/gen_export.py
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
. "$TOP/tests/e2e/lib.sh"
LDFIX=${LDFIX:-$TOP/ldfix}
# $LDFIX is a command line (valgrind may come first); the binary is last.
if [ ! -x "${LDFIX##* }" ]; then
	echo "# SKIP no ldfix binary (run make first)"
	exit 0
fi
e2e_require || exit 0

COUNT=${LDFIX_E2E_COUNT:-20000}
LINKED=$(((COUNT + 9) / 10))	# gen_export.py: users 0, 10, 20, ...
SUFFIX="DC=res,DC=contoso,DC=com"
# The generated data is throwaway: no fsync, and room for it in the map.
E2E_MAXSIZE=1073741824
E2E_DB_EXTRA=dbnosync

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ldfix-t-scale.XXXXXX") || exit 1
failed=0

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

show()
{
	tail -n 8 "$1" | sed 's/^/#   /'
}

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

# modify_all NAME FILE: ok when ldapmodify applies every record of FILE.
modify_all()
{
	tick
	ldap_modify "$2" >"$WORK/mod.out" 2>"$WORK/mod.err"
	_rc=$?
	tock "ldapmodify $(basename "$2")"
	_n=$(grep -c '^modifying entry' "$WORK/mod.out")
	if [ "$_rc" -eq 0 ] && [ "$_n" -eq "$LINKED" ]; then
		ok "$1"
	else
		not_ok "$1 (exit $_rc, $_n of $LINKED records)"
		show "$WORK/mod.err"
	fi
}

# export_to FILE: the server's subtree as -LLL LDIF.
export_to()
{
	tick
	ldap_export "$SUFFIX" > "$1"
	tock "ldapsearch export"
}

# changed_dns A B: how many entries differ between canonical files A and B.
changed_dns()
{
	diff "$1" "$2" | sed -n 's/^[<>] //p' | cut -f 1 | sort -u | wc -l
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
	python3 "$TOP/tests/bench/gen_export.py" --count "$COUNT" --crlf \
	    --changetype-add
} > "$WORK/export.ldf"
echo "# export: $((COUNT + 2)) entries, $(wc -c < "$WORK/export.ldf") bytes"

(
	if ! e2e_start "$SUFFIX"; then
		not_ok "slapd starts"
		exit 1
	fi
	echo "$E2E_DIR" > "$WORK/dir"
	# The canonical forms are the slow part: run them while slapd works,
	# waiting on their own pids (slapd is a child of this shell too).
	e2e_canon "$WORK/export.ldf" > "$WORK/c-export" &
	canon_pid=$!
	tick
	ldap_add "$WORK/export.ldf" >/dev/null 2>"$WORK/add.err"
	rc=$?
	tock "ldapadd"
	if [ "$rc" -eq 0 ]; then
		ok "ldapadd loads the generated export verbatim ($((COUNT + 2)) entries)"
	else
		not_ok "ldapadd loads the generated export verbatim (exit $rc)"
		show "$WORK/add.err"
		exit 1
	fi
	export_to "$WORK/server0.ldif"
	e2e_canon "$WORK/server0.ldif" > "$WORK/state0"
	wait "$canon_pid"
	same_file "the server holds the generated export, value for value" \
	    "$WORK/state0" "$WORK/c-export"

	# ---- plan -> ldapmodify -> export -> check, equals apply ----------
	tick
	$LDFIX plan -q --undo "$WORK/undo.ldf" -o "$WORK/plan.ldf" \
	    "$WORK/export.ldf" 2>"$WORK/plan.err"
	rc=$?
	tock "ldfix plan"
	same "ldfix plan writes $LINKED change records" \
	    "$rc/$(grep -c '^changetype: modify' "$WORK/plan.ldf")" "0/$LINKED"
	tick
	$LDFIX check -q "$WORK/server0.ldif" 2>/dev/null
	rc=$?
	tock "ldfix check"
	same "ldfix check on the export before the plan exits 1" "$rc" 1
	(
		$LDFIX apply -q -o "$WORK/offline.ldif" "$WORK/export.ldf" \
		    "$WORK/plan.ldf" 2>"$WORK/apply.err" &&
		    e2e_canon "$WORK/offline.ldif" > "$WORK/offline"
	) &
	apply_pid=$!
	modify_all "ldapmodify applies all $LINKED records of the plan" \
	    "$WORK/plan.ldf"
	export_to "$WORK/server1.ldif"
	if $LDFIX check -q "$WORK/server1.ldif" 2>"$WORK/check.err"; then
		ok "ldfix check on the export after the plan exits 0"
	else
		not_ok "ldfix check on the export after the plan exits 0"
		show "$WORK/check.err"
	fi
	e2e_canon "$WORK/server1.ldif" > "$WORK/state1"
	if wait "$apply_pid"; then
		ok "ldfix apply computes the result offline"
	else
		not_ok "ldfix apply computes the result offline"
		show "$WORK/apply.err"
	fi
	same_file "server state equals ldfix apply's, value for value" \
	    "$WORK/state1" "$WORK/offline"
	same "the plan changed exactly $LINKED entries on the server" \
	    "$(changed_dns "$WORK/state0" "$WORK/state1")" "$LINKED"

	# ---- undo restores the export ---------------------------------------
	modify_all "ldapmodify applies all $LINKED records of the undo file" \
	    "$WORK/undo.ldf"
	export_to "$WORK/server2.ldif"
	e2e_canon "$WORK/server2.ldif" > "$WORK/state2"
	same_file "after the undo the server equals the export again" \
	    "$WORK/state2" "$WORK/state0"
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
echo "# total: $(($(now_ms) - start)) ms"
rm -rf "$WORK"
exit "$failed"
