# lib.sh: what every script test of ldfix needs, sourced from a POSIX sh
# script (tests/run-tests.sh runs them with `sh`, from the top of the tree):
#
#	TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
#	. "$TOP/tests/lib.sh"
#	test_tmpdir NAME		# $T, removed on exit
#	check "the sample exists" test -f samples/contoso-ldifde.ldf
#	finish				# exits 1 after any "not ok", else 0
#
# Results are "ok - name" / "not ok - name" lines (counted by run-tests.sh).
# $LDFIX is a command line (with LDFIX_VALGRIND=1, valgrind comes first):
# run it unquoted, `$LDFIX plan ...`.  The server harness of the end-to-end
# tests is tests/e2e/lib.sh; it builds on this file.

LDFIX=${LDFIX:-$TOP/ldfix}
T=
failed=0

# ok NAME / not_ok NAME: one result line.  printf, not echo: names may hold
# backslashes (dash's echo expands them).  not_ok also leaves a mark in $T
# so that a failure inside a ( subshell ) still fails the script.
ok()
{
	printf 'ok - %s\n' "$1"
}

not_ok()
{
	printf 'not ok - %s\n' "$1"
	failed=1
	if [ -n "$T" ]; then
		: >"$T/.not_ok"
	fi
}

# check NAME COMMAND...: ok when COMMAND succeeds.
check()
{
	_check_name=$1
	shift
	if "$@"; then ok "$_check_name"; else not_ok "$_check_name"; fi
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

# leftovers: the names in $W that a failed run may not leave behind
# shellcheck disable=SC2010 # the names are our own, plain ASCII
leftovers() {
	ls -A "$W" | grep -e '^\.ldfix-' -e '^out\.' -e '^out$'
}

# fails NAME RC FIRST-LINE COMMAND...: run COMMAND in $W (the caller's
# working directory, names inside it stay relative) with an empty standard
# input; it must exit RC with FIRST-LINE as the first line of standard
# error and leave no out.* or .ldfix-* file in $W.
fails() {
	f_name=$1
	f_rc=$2
	f_want=$3
	shift 3
	(cd "$W" && "$@" </dev/null >"$T/stdout" 2>"$T/stderr")
	f_got=$?
	f_line=$(head -n 1 "$T/stderr")
	f_left=$(leftovers)
	if [ "$f_got" -eq "$f_rc" ] && [ "$f_line" = "$f_want" ] && [ -z "$f_left" ]; then
		ok "$f_name"
	else
		not_ok "$f_name"
		echo "#   exit $f_got (want $f_rc)"
		echo "#   got:  $f_line"
		echo "#   want: $f_want"
		[ -n "$f_left" ] && echo "#   left behind: $f_left"
		(cd "$W" && rm -f -- .ldfix-* out.* out)
	fi
}

mk() {  # mk NAME: standard input becomes $W/NAME
	cat >"$W/$1"
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

# test_tmpdir NAME: a private temporary directory in $T
# ($TMPDIR/ldfix-NAME.XXXXXX), removed when the script exits, read-only
# parts included.
test_tmpdir()
{
	T=$(mktemp -d "${TMPDIR:-/tmp}/ldfix-$1.XXXXXX") || exit 2
	trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
}

# require_ldfix: returns non-zero (after a "# SKIP" line) when there is no
# ldfix binary, so the caller can exit 0 without results.
require_ldfix()
{
	# $LDFIX is a command line (valgrind may come first); the binary is
	# last.
	if [ ! -x "${LDFIX##* }" ]; then
		echo "# SKIP no ldfix binary (run make first)"
		return 1
	fi
	return 0
}

# find_python [MODULE]: prints the interpreter of the first python3 that
# can import MODULE, as the path of the interpreter itself (a pyenv shim
# costs 0.2 s a start, and the scripts start python a few hundred times).
# A python3 earlier on PATH (pyenv, venv) may not see Debian's python3-ldap,
# so /usr/bin/python3 is tried as well.
find_python()
{
	for _py in python3 /usr/bin/python3; do
		command -v "$_py" >/dev/null 2>&1 &&
		    "$_py" -c "import sys${1:+, $1}; print(sys.executable)" 2>/dev/null &&
		    return 0
	done
	return 1
}

# $PYTHON: the python3 the scripts run (tests/run-tests.sh finds it once
# for all of them): the one that has python-ldap if any has, else any.
if [ -z "${PYTHON:-}" ]; then
	PYTHON=$(find_python ldif || find_python || echo python3)
fi

# python_with_ldap: prints $PYTHON when it can import python-ldap (Debian's
# python3-ldap), else nothing.
python_with_ldap()
{
	"$PYTHON" -c 'import ldif' 2>/dev/null && echo "$PYTHON"
}

# LDFIX_WINE=1 says $LDFIX is ldfix.exe under Wine (tests/win/t_wine.sh
# runs the portable suites that way). posix_only NAME WHY: under Wine,
# prints "ok - NAME # SKIP on Windows: WHY" and returns 1, so a check of
# POSIX-only behaviour is left out (t_wine.sh tests the Windows side).
posix_only()
{
	if [ "${LDFIX_WINE:-}" = 1 ]; then
		printf 'ok - %s # SKIP on Windows: %s\n' "$1" "$2"
		return 1
	fi
	return 0
}

# finish: ends the script, with status 1 if any test failed (in this shell
# or in a subshell of it), else 0.
finish()
{
	if [ -n "$T" ] && [ -f "$T/.not_ok" ]; then
		failed=1
	fi
	exit "$failed"
}
