#!/bin/sh
# wine-ldfix.sh ARGS...: ldfix.exe under Wine, as t_wine.sh runs it for the
# portable suites ($WINE, $EXE and $WINE_AGAIN come from t_wine.sh).
#
# Wine itself, rarely (more often on a loaded machine), ends a process with
# status 1 before ldfix.exe says a word, or with only "wine client error:
# ..." on standard error. ldfix exits 1 only from check; any other command
# that ends with status 1 and nothing else on standard error was ended by
# Wine, and is run once more when its standard input can be read again (not
# a pipe); $WINE_AGAIN lists those runs. Standard output goes straight
# through (the suites write it to full devices and closed pipes);
# standard error passes through a file, to be looked at first.
err=$(mktemp) || exit 2
"$WINE" "$EXE" "$@" 2>"$err"
rc=$?
again=0
if [ "$rc" = 1 ] && [ ! -p /dev/stdin ] &&
    ! grep -qv '^wine client error' "$err"; then
	again=1
	for a in "$@"; do
		[ "$a" = check ] && again=0
	done
fi
if [ "$again" = 1 ]; then
	echo "ldfix.exe $*" >>"$WINE_AGAIN"
	"$WINE" "$EXE" "$@" 2>"$err" </dev/stdin
	rc=$?
fi
cat "$err" >&2
rm -f "$err"
exit "$rc"
