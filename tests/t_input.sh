#!/bin/sh
# t_input.sh: how plan, find and check read their input (issue 10). The
# input is read once, as it comes, and hashed on the way: a pipe is never
# copied to a temporary file first, so an error on its line 1 is reported
# while the writer is still writing, an input that is not LDIF stops
# within the line limit, and the digest in the heads of the outputs (put
# in front of each output when it is committed) is the SHA-256 of exactly
# the bytes read.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
require_ldfix || exit 0
test_tmpdir input
S=samples/contoso-ldifde.ldf

# ---- a pipe whose writer stays: the error on line 1 comes at once ----
if [ -z "${LDFIX_WINE:-}" ]; then
	mkfifo "$T/fifo"
	# the writer sends a bad line 1 and the next line, then waits 20 s
	(printf 'not ldif\ndn: cn=x\n'; sleep 20) >"$T/fifo" &
	writer=$!
	t0=$(date +%s)
	$LDFIX plan -o "$T/o.ldf" <"$T/fifo" >"$T/out" 2>"$T/err"
	rc=$?
	took=$(($(date +%s) - t0))
	kill "$writer" 2>/dev/null
	wait "$writer" 2>/dev/null
	same "a pipe's bad line 1: exit 2" "$rc" 2
	same "a pipe's bad line 1: the message" "$(cat "$T/err")" \
	    'ldfix: -:1:9: expected "name: value" but the line has no colon'
	check "a pipe's bad line 1: reported while the writer still writes ($took s)" \
	    test "$took" -le 5
	check "a pipe's bad line 1: no output" test ! -e "$T/o.ldf"
fi

# ---- an endless input that is not LDIF stops within the line limit ----
if [ -r /dev/zero ] && [ -z "${LDFIX_WINE:-}" ]; then
	(cd "$T" && timeout 20 $LDFIX plan /dev/zero -o o.ldf >out 2>err)
	same "plan /dev/zero: exit 2 (within the line limit, nothing spooled)" \
	    "$?" 2
	same "plan /dev/zero: the message" "$(cat "$T/err")" \
	    "ldfix: /dev/zero:1:1: line is longer than 22373724 bytes; raise the limit with --max-value"
	same "plan /dev/zero: no output, no temporary file" \
	    "$(ls -A "$T" | grep -e '^o\.ldf$' -e '^\.ldfix-')" ""
fi

# ---- the digest is of the bytes read, from a file or a pipe ----
want=$(sha256sum <"$S" | cut -d' ' -f1)
$LDFIX plan -q "$S" -o "$T/file.ldf" --undo "$T/file.undo" \
    --report "$T/file.json"
same "digest: the change file's head names the input's SHA-256" \
    "$(sed -n 's/^# input sha256: //p' "$T/file.ldf")" "$want"
same "digest: so does the undo file's" \
    "$(sed -n 's/^# input sha256: //p' "$T/file.undo")" "$want"
check "digest: and the JSON report's" \
    grep -q "\"input_sha256\":\"$want\"" "$T/file.json"
cat "$S" | $LDFIX plan -q - --report "$T/pipe.json" >"$T/pipe.ldf"
same "digest: the same from a pipe" \
    "$(sed -n 's/^# input sha256: //p' "$T/pipe.ldf")" "$want"
sed '/^# input: /d' "$T/pipe.ldf" >"$T/pipe.x"
sed '/^# input: /d' "$T/file.ldf" >"$T/file.x"
same_file "a pipe's plan equals the file's but for the input's name" \
    "$T/pipe.x" "$T/file.x"
find_json=$($LDFIX find -q --format json "$S" | sed -n 's/.*"input_sha256":"\([0-9a-f]*\)".*/\1/p')
same "digest: find --format json names it too" "$find_json" "$want"
# UTF-16 (ldifde -u): the digest is of the bytes as they are, not as the
# reader transcodes them
"$PYTHON" -c 'import sys; sys.stdout.buffer.write(b"\xff\xfe" + open(sys.argv[1], encoding="utf-8").read().encode("utf-16-le"))' \
    "$S" >"$T/utf16.ldf"
same "digest of a UTF-16 input: of its bytes" \
    "$($LDFIX plan -q "$T/utf16.ldf" | sed -n 's/^# input sha256: //p')" \
    "$(sha256sum <"$T/utf16.ldf" | cut -d' ' -f1)"

# ---- heads come first on standard output too ----
$LDFIX plan -q "$S" >"$T/stdout.ldf"
same_file "plan to standard output: the same bytes as -o FILE" \
    "$T/stdout.ldf" "$T/file.ldf"
same "plan to standard output: the head is the first line" \
    "$(head -n 1 "$T/stdout.ldf")" "# $($LDFIX --version) change file"

finish
