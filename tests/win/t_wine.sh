#!/bin/sh
# t_wine.sh [EXE]: ldfix.exe (make windows) under Wine, headless, against
# the Linux build (./ldfix) and the golden files. Run by `make check-wine`
# and by .ci/run after `make check`; prints "ok - ..." lines and ends with
# "N passed, N failed".
#
# 1. The portable script suites, with LDFIX="wine ldfix.exe" (LDFIX_WINE=1
#    makes the few POSIX-only checks skip themselves): t_golden (every
#    command on every sample and rule set, byte for byte against
#    tests/golden, which is the Linux build's reviewed output), t_workflow
#    (plan, apply, check, undo), t_cat, t_errors, t_selection, t_options,
#    t_rules_bad, t_differential, t_input (the digest of files and pipes,
#    read through ReadFile and hashed on a Win32 thread), t_screen, and the
#    slapd
#    cycle tests/e2e/t_cycle.sh (ldapmodify applies ldfix.exe's plan).
# 2. Every example of tests/spec/ldif.txt: `ldfix.exe cat` gives the same
#    standard output, standard error and exit status as `ldfix cat`.
# 3. What is different on Windows: UTF-8 arguments and paths (a folder
#    named "Müller Ünïcode"), UTF-16 exports, piped input, binary
#    standard streams, case-insensitive
#    "same file" checks, reserved device names, owner-only outputs,
#    replacing an existing output, a killed run leaving nothing behind,
#    the console check for a missing input.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
# The outer run counts the inner run's result lines.
if [ -z "${T_WINE_INNER:-}" ]; then
	log=$(mktemp)
	T_WINE_INNER=1 TOP="$TOP" sh "$0" "$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	rm -f "$log"
	echo "t_wine: $p passed, $f failed"
	[ "$rc" -eq 0 ] && [ "$f" -eq 0 ] && [ "$p" -gt 0 ]
	exit $?
fi
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
EXE=${1:-build-win/ldfix.exe}
case $EXE in /*) ;; *) EXE="$TOP/$EXE" ;; esac
NATIVE="$TOP/ldfix"
BUILD=${BUILD:-build}
export BUILD TOP
if [ ! -f "$EXE" ] || [ ! -x "$NATIVE" ]; then
	echo "t_wine: needs $EXE (make windows) and $NATIVE (make)" >&2
	exit 2
fi
WINE=$(command -v wine || echo /usr/lib/wine/wine64)
WINESERVER=$(command -v wineserver || echo /usr/lib/wine/wineserver64)
# The prefix lives in the build tree; no display, no Mono or Gecko
# installers; arguments reach Wine as UTF-8.
WINEPREFIX="$TOP/build-win/wine"
WINEDEBUG=-all
WINEDLLOVERRIDES="mscoree,mshtml="
LC_ALL=C.UTF-8
export WINEPREFIX WINEDEBUG WINEDLLOVERRIDES LC_ALL
unset DISPLAY WAYLAND_DISPLAY
test_tmpdir wine
# One wineserver for the whole run (each ldfix.exe starts in ~0.1 s then),
# stopped on exit whatever happens.
trap 'WINEPREFIX="$WINEPREFIX" "$WINESERVER" -k 2>/dev/null; chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
if [ ! -d "$WINEPREFIX" ]; then
	echo "# creating the Wine prefix $WINEPREFIX (once)"
fi
"$WINE" "$EXE" --version >"$T/version" 2>"$T/version.err" </dev/null
"$WINESERVER" -p
same "ldfix.exe --version runs under Wine" "$(cat "$T/version")" \
    "$("$NATIVE" --version)"
W="$WINE $EXE"

passed=0
failed_n=0
# suite NAME SCRIPT: run a portable suite with ldfix.exe (through
# wine-ldfix.sh, which runs once more what Wine itself ended), re-print its
# result lines under NAME.
WINE_AGAIN="$T/wine-again"
export WINE EXE WINE_AGAIN
suite() {
	LDFIX="$TOP/tests/win/wine-ldfix.sh" LDFIX_WINE=1 sh "$2" \
	    >"$T/suite.log" 2>&1
	rc=$?
	sed -n 's/^\(not \)\{0,1\}ok - /&'"$1"': /p' "$T/suite.log"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$T/suite.log"; then
		not_ok "$1: exit $rc"
		tail -n 5 "$T/suite.log" | sed 's/^/#   /'
	fi
	if grep -q '^not ok' "$T/suite.log"; then
		: >"$T/.not_ok"
		grep -A 6 '^not ok' "$T/suite.log" | grep '^#' | head -n 30
	fi
}

# --- 1. the portable suites ------------------------------------------------
for s in t_golden t_workflow t_cat t_errors t_selection t_options t_rules_bad \
    t_differential t_input t_screen; do
	suite "$s" "tests/$s.sh"
done
if command -v slapd >/dev/null 2>&1 || [ -x /usr/sbin/slapd ]; then
	suite t_cycle tests/e2e/t_cycle.sh
else
	echo "# SKIP t_cycle: no slapd (sh tests/deps.sh test)"
fi

if [ -s "$WINE_AGAIN" ]; then
	echo "# Wine ended these runs with status 1 and nothing said; run once more:"
	sed 's/^/#   /' "$WINE_AGAIN"
fi

# --- 2. the spec examples ---------------------------------------------------
mkdir "$T/spec"
if [ -x "$BUILD/tests/test_ldif_spec" ] &&
    LDFIX_SPEC_INPUTS="$T/spec" "$BUILD/tests/test_ldif_spec" >/dev/null 2>&1; then
	n=0 bad=""
	for f in "$T/spec"/ex*.ldif; do
		b=$(basename "$f")
		(cd "$T/spec" && "$NATIVE" cat "$b" >"$T/n.out" 2>"$T/n.err"; echo $? >"$T/n.rc")
		(cd "$T/spec" && $W cat "$b" >"$T/w.out" 2>"$T/w.err"; echo $? >"$T/w.rc")
		if ! cmp -s "$T/n.out" "$T/w.out" || ! cmp -s "$T/n.err" "$T/w.err" ||
		    ! cmp -s "$T/n.rc" "$T/w.rc"; then
			bad="$bad $b"
		fi
		n=$((n + 1))
	done
	if [ -z "$bad" ] && [ "$n" -ge 100 ]; then
		ok "spec: ldfix.exe cat = ldfix cat on all $n examples (output, messages, exit status)"
	else
		not_ok "spec: ldfix.exe cat differs from ldfix cat on:$bad ($n examples)"
	fi
else
	not_ok "spec: $BUILD/tests/test_ldif_spec wrote the example inputs (make check builds it)"
fi

# --- 3. Windows behaviour ---------------------------------------------------
S="$TOP/samples/contoso-ldifde.ldf"
# both NAME ARGS...: ldfix.exe and ldfix, run in $T/both with ARGS, give
# the same standard output, standard error and exit status.
mkdir "$T/both"
both() {
	name=$1
	shift
	(cd "$T/both" && "$NATIVE" "$@" >"$T/n.out" 2>"$T/n.err" </dev/null; echo "exit $?" >>"$T/n.err")
	(cd "$T/both" && $W "$@" >"$T/w.out" 2>"$T/w.err" </dev/null; echo "exit $?" >>"$T/w.err")
	# Wine itself, rarely, ends a process with status 1 before ldfix.exe
	# writes a byte (seen once, on a loaded machine; no code path of ldfix
	# exits 1 without a word unless the native run did the same). Such a
	# run is tried once more, and the log says so.
	if [ ! -s "$T/w.out" ] && [ "$(cat "$T/w.err")" = "exit 1" ] &&
	    [ "$(cat "$T/n.err")" != "exit 1" ]; then
		echo "# $name: Wine ended ldfix.exe with status 1 and no output; once more"
		(cd "$T/both" && $W "$@" >"$T/w.out" 2>"$T/w.err" </dev/null; echo "exit $?" >>"$T/w.err")
	fi
	if cmp -s "$T/n.out" "$T/w.out" && cmp -s "$T/n.err" "$T/w.err"; then
		ok "$name"
	else
		not_ok "$name"
		diff "$T/n.out" "$T/w.out" | head -n 5 | sed 's/^/#   out: /'
		diff "$T/n.err" "$T/w.err" | head -n 5 | sed 's/^/#   err: /'
	fi
}
# leftovers DIR: temporary files ldfix left in DIR
leftovers() {
	find "$1" -name '.ldfix-*' | head -n 3
}

# UTF-8 with and without BOM, UTF-16LE and UTF-16BE with BOM (ldifde -u)
cp "$S" "$T/both/utf8.ldf"
{ printf '\357\273\277'; cat "$S"; } >"$T/both/utf8bom.ldf"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$S"; } >"$T/both/utf16le.ldf"
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$S"; } >"$T/both/utf16be.ldf"
for f in utf8 utf8bom utf16le utf16be; do
	both "$f export: same plan, undo file on stdout" plan --undo - -o - "$f.ldf"
	both "$f export: same find CSV" find --format csv "$f.ldf"
done
both "plan --crlf: the same bytes (CRLF once, no CR added)" plan --crlf utf16le.ldf
if ! $W plan -q utf8.ldf 2>/dev/null | grep -q "$(printf '\r')"; then
	ok "standard output is binary: no CR in an LF plan"
else
	not_ok "standard output is binary: no CR in an LF plan"
fi

# piped input: read as it comes and hashed on the way; the plan's body
# waits for its head in a delete-on-close file in %TEMP%
"$NATIVE" plan -q - <"$T/both/utf16le.ldf" >"$T/pipe.n" 2>&1
cat "$T/both/utf16le.ldf" | $W plan -q - >"$T/pipe.w" 2>&1
same_file "UTF-16 export through a pipe: the same plan" "$T/pipe.w" "$T/pipe.n"
spool=$(find "$WINEPREFIX/drive_c" -name 'ldfix-spool-*' 2>/dev/null | head -n 1)
same "piped input: no spool file left in %TEMP%" "$spool" ""
both "standard input from /dev/null (a character device, not a console): read, not refused" plan

# UTF-8 arguments and paths: a folder "Müller Ünïcode" and files in it
D="Müller Ünïcode"
mkdir "$T/both/$D"
cp "$S" "$T/both/$D/export.ldf"
cp "$TOP/rules/linked-to-user.yaml" "$T/both/$D/règles.yaml"
printf 'jmueller\n' >"$T/both/$D/liste-ü.csv"
(cd "$T/both" && $W plan "$D/export.ldf" -r "$D/règles.yaml" --only "@$D/liste-ü.csv" \
    -o "$D/plan.ldf" --undo "$D/undo ü.ldf" --report "$D/rapport é.csv" 2>"$T/u.err")
rc=$?
(cd "$T/both" && "$NATIVE" plan "$D/export.ldf" -r "$D/règles.yaml" --only "@$D/liste-ü.csv" \
    -o "$D/plan.n" --undo "$D/undo.n" --report "$D/rapport-n.csv" 2>"$T/u.nerr")
same "non-ASCII paths: exit 0" "$rc" 0
check "non-ASCII paths: the files have exactly the names given" \
    test -f "$T/both/$D/plan.ldf" -a -f "$T/both/$D/undo ü.ldf" -a -f "$T/both/$D/rapport é.csv"
same_file "non-ASCII paths: plan = Linux plan (input name in the header included)" \
    "$T/both/$D/plan.ldf" "$T/both/$D/plan.n"
same_file "non-ASCII paths: undo = Linux undo" "$T/both/$D/undo ü.ldf" "$T/both/$D/undo.n"
same_file "non-ASCII paths: report = Linux report" "$T/both/$D/rapport é.csv" "$T/both/$D/rapport-n.csv"
same_file "non-ASCII paths: the summary" "$T/u.err" "$T/u.nerr"
check "non-ASCII paths: the plan names the entry of the list" \
    grep -q '^dn:: Q049SsO8cmdlbiBNw7xsbGVy' "$T/both/$D/plan.ldf"
same "non-ASCII paths: nothing else left in the folder" \
    "$(leftovers "$T/both/$D")" ""
both "non-ASCII path of a missing file: the same message" plan "$D/fehlt ö.ldf"
both "non-ASCII path: cat through an absolute path" cat "$T/both/$D/export.ldf"
both "non-ASCII DN, other case: --only selects the same entry" \
    plan -q --only "cn=JÜRGEN MÜLLER,ou=LINKED,dc=res,dc=contoso,dc=com" utf8.ldf
both "non-ASCII DN, other case: --exclude leaves the same entry out" \
    plan -q --exclude "CN=jürgen müller,OU=Linked,DC=res,DC=contoso,DC=com" utf8.ldf

# regex conditions: TRE in both, built from Debian's source for ldfix.exe
# (bytes only) and Debian's libtre in ldfix; the shipped rules have none,
# so a rule file here exercises a few
cat >"$T/both/regex.yaml" <<'YAML'
version: 1
rules:
  - id: mail-regex
    match:
      mail: { regex: "^[A-Za-z]+\\.[A-Za-z]+@(res\\.)?contoso\\.com$" }
      sAMAccountName: { regex: "^(j|k|e)[a-z]*$" }
    changes:
      - replace: description
        value: "matched {sAMAccountName}"
YAML
both "regex conditions: the same plan (both TRE builds agree)" \
    plan -r regex.yaml utf8.ldf
check "regex conditions: the plan is not empty (jdoe matched)" \
    grep -q '^description: matched jdoe$' "$T/n.out"
both "regex conditions on a UTF-16 export" plan -q -r regex.yaml utf16le.ldf

# "same file": Windows file names ignore case, and \ is a separator
cp "$S" "$T/both/export.ldf"
(cd "$T/both" && $W plan -o EXPORT.LDF export.ldf >/dev/null 2>"$T/err")
rc=$?
same "-o EXPORT.LDF for input export.ldf: refused (exit 2)" "$rc" 2
check "-o EXPORT.LDF: the message" grep -q '^ldfix: EXPORT.LDF: refusing to overwrite the input file export.ldf$' "$T/err"
check "-o EXPORT.LDF: the export is intact" cmp -s "$T/both/export.ldf" "$S"
(cd "$T/both" && $W plan -o '.\export.ldf' export.ldf >/dev/null 2>"$T/err")
same "-o .\\export.ldf (backslash): refused (exit 2)" "$?" 2
(cd "$T/both" && $W plan -o new.ldf --undo NEW.LDF export.ldf >/dev/null 2>"$T/err")
rc=$?
same "-o new.ldf --undo NEW.LDF: one file, refused (exit 2)" "$rc" 2
check "-o new.ldf --undo NEW.LDF: nothing written" test ! -e "$T/both/new.ldf"
check "-o new.ldf --undo NEW.LDF: the message" \
    grep -q '^ldfix: two outputs name the same file (-o, --undo, --report)$' "$T/err"

# devices: NUL is written in place; a reserved name stays a device
(cd "$T/both" && $W plan -o NUL export.ldf >"$T/out" 2>"$T/err")
rc=$?
same "-o NUL: exit 0" "$rc" 0
check "-o NUL: no file named NUL, no temporary file" \
    test ! -e "$T/both/NUL" -a -z "$(leftovers "$T/both")"

# outputs: owner only, replacing an existing file atomically
rm -f "$T/both/out.ldf"
printf 'old content\n' >"$T/both/out.ldf"
chmod 644 "$T/both/out.ldf"
(cd "$T/both" && $W plan -q -o out.ldf export.ldf)
same "-o over an existing file: exit 0" "$?" 0
(cd "$T/both" && "$NATIVE" plan -q export.ldf >"$T/want.ldf")
same_file "-o over an existing file: replaced (MoveFileExW)" "$T/both/out.ldf" "$T/want.ldf"
# Wine keeps no DACL: it maps the one ldfix sets to mode bits. An ACL
# with a grant to Everyone or Users would give "others" bits (a file
# Wine creates with the default ACL is 0644 here); ldfix's grants none.
mode=$(stat -c %a "$T/both/out.ldf")
case $mode in
*0) ok "-o: the output gives others no access (Wine's mode $mode)" ;;
*) not_ok "-o: the output gives others no access (Wine's mode $mode)" ;;
esac
same "-o: no temporary file left" "$(leftovers "$T/both")" ""

# a run killed while writing leaves no temporary file: it is
# delete-on-close until committed
mkfifo "$T/fifo"
(cd "$T/both" && exec $W cat - -o killed.ldf <"$T/fifo" >/dev/null 2>&1) &
pid=$!
exec 3>"$T/fifo"
cat "$S" >&3
i=0
while [ -z "$(leftovers "$T/both")" ] && [ "$i" -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
tmpname=$(leftovers "$T/both")
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
exec 3>&-
i=0
while [ -n "$(leftovers "$T/both")" ] && [ "$i" -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "killed while writing: the temporary file existed ($tmpname)" test -n "$tmpname"
same "killed while writing: no temporary file left" "$(leftovers "$T/both")" ""
check "killed while writing: no output" test ! -e "$T/both/killed.ldf"

# errors: exit 2, nothing left behind
printf 'version: 1\n\ndn: cn=a,dc=x\ncn:: !!!\n\n' >"$T/both/bad.ldif"
both "bad LDIF: the same message and exit 2" plan -o bad-out.ldf bad.ldif
check "bad LDIF: no output, no temporary file" \
    test ! -e "$T/both/bad-out.ldf" -a -z "$(leftovers "$T/both")"
both "output into a missing folder: the same message" plan -o nodir/x.ldf export.ldf
mkdir "$T/both/adir"
both "output is a folder: the same message" plan -o adir export.ldf
# A wildcard is not expanded (cmd and PowerShell pass it as typed, and
# ldfix reads one input); '*' cannot be in a Windows file name, so the
# system says "invalid argument" where Linux says "no such file".
(cd "$T/both" && $W plan '*.ldf' >/dev/null 2>"$T/err")
same "a wildcard is not expanded: exit 2" "$?" 2
same "a wildcard is not expanded: the message" "$(cat "$T/err")" \
    "ldfix: *.ldf: cannot open: Invalid argument"
both "check: exit 1 when changes are pending" check export.ldf
both "usage error: exit 2" plan --no-such-option

# the console: no input named and a console as standard input
if command -v script >/dev/null 2>&1; then
	script -qec "$W plan" "$T/tty.txt" </dev/null >/dev/null 2>&1
	rc=$?
	same "console as standard input, no input named: exit 2, no wait" "$rc" 2
	# Wine's console repaints the text with its own escapes and draws a
	# space as "erase, cursor right": compare without escapes and spaces.
	sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$T/tty.txt" | tr -d ' \r' >"$T/tty.plain"
	check "console, no input named: the message" \
	    grep -q 'ldfix:noinput:nameanexportfile,or-toreadstandardinput' "$T/tty.plain"
else
	echo "# SKIP console test: no script(1)"
fi

finish
