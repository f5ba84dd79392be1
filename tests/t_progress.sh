#!/bin/sh
# The progress line: shown on a terminal for inputs of 8 MB and more,
# never when stderr is not a terminal or with -q, and erased before the
# summary so the summary starts on a clean line.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
test_tmpdir progress
# holds NAME EXPRESSION: ok when the shell EXPRESSION (evaluated here, so
# $? is that of the command before) is true.
holds() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

"$PYTHON" "$TOP/tests/bench/gen_export.py" --count 7000 > "$T/big.ldf"
size=$(wc -c < "$T/big.ldf")
holds "generated export is over 8 MB ($size bytes)" '[ "$size" -ge 8388608 ]'

if ! command -v script >/dev/null 2>&1; then
	echo "# SKIP no script(1) to give ldfix a terminal"
	exit 0
fi
# script(1) runs the command on a pseudo-terminal; its transcript holds
# what the terminal showed.
script -qec "$LDFIX plan $T/big.ldf -o $T/p1.ldf" "$T/tty.txt" >/dev/null 2>&1
holds "plan on a terminal exits 0" '[ $? -eq 0 ]'
holds "progress line shows megabytes and records" \
    'grep -q "ldfix: [0-9]*/[0-9]* MB, [0-9]* records, [0-9]*/s" "$T/tty.txt"'
holds "progress line is erased before the summary" \
    'grep -q "$(printf "\033")\[Kldfix plan: 7000 entries read" "$T/tty.txt"'

script -qec "$LDFIX plan -q $T/big.ldf -o $T/p2.ldf" "$T/quiet.txt" >/dev/null 2>&1
holds "-q: no progress and no summary on a terminal" \
    '! grep -q "MB, [0-9]* records\|entries read" "$T/quiet.txt"'

$LDFIX plan "$T/big.ldf" -o "$T/p3.ldf" 2>"$T/err.txt"
holds "stderr not a terminal: summary only, no progress" \
    '! grep -q "records, [0-9]*/s" "$T/err.txt" && grep -q "^ldfix plan: 7000 entries read" "$T/err.txt"'
holds "the change file does not depend on the terminal" \
    'cmp -s "$T/p1.ldf" "$T/p3.ldf" && cmp -s "$T/p2.ldf" "$T/p3.ldf"'

# No input named and standard input a terminal: say so instead of waiting.
script -qec "$LDFIX plan" "$T/noinput.txt" </dev/null >/dev/null 2>&1
holds "no input on a terminal: usage error, not a wait" \
    'grep -q "ldfix: no input: name an export file, or - to read standard input" "$T/noinput.txt"'
printf '' | $LDFIX check >/dev/null 2>"$T/empty.err"
holds "no input from a pipe: standard input is read (empty: proves nothing, exit 2)" \
    '[ $? -eq 2 ] && grep -q "^ldfix: -: the input holds no entry" "$T/empty.err"'
finish
