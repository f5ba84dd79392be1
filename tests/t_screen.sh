#!/bin/sh
# t_screen.sh: nothing ldfix prints about an export can play tricks on a
# terminal or a spreadsheet (issue 10): DNs in check's pending list and
# plan -v's lines, the names of a selection file's messages (a "base64:"
# cell is decoded to match, never printed decoded) and every report
# format show C1 controls, bidi overrides and line separators through the
# one display (ldif/display.c), never raw. Each output is scanned for
# ESC, C1 controls, U+2028/U+2029, bidi embeddings, overrides and
# isolates and the invisible marks (U+200E, U+200F, U+061C).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
require_ldfix || exit 0
test_tmpdir screen

# tricks FILE: prints the first trick found in FILE, if any.
tricks() {
	"$PYTHON" -c '
import sys
text = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
bad = {0x1b, 0x2028, 0x2029, 0x200e, 0x200f, 0x61c}
bad |= set(range(0x80, 0xa0)) | set(range(0x202a, 0x202f))
bad |= set(range(0x2066, 0x206a))
for i, ch in enumerate(text):
    if ord(ch) in bad:
        print("U+%04X at %d" % (ord(ch), i))
        break' "$1"
}

# clean NAME FILE: ok when FILE holds no trick (and is not empty).
clean() {
	found=$(tricks "$2")
	if [ -s "$2" ] && [ -z "$found" ]; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   ${found:-empty output}"
	fi
}

# A linked mailbox whose DN and displayName hold a bidi override, a C1
# control (NEL) and a line separator, as base64 in the export.
"$PYTHON" -c '
import base64, sys
dn = "CN=Ev\u202eil\u0085x\u2028y,OU=Linked,DC=x".encode()
name = "Ja\u202ene\u2028Doe\u0085".encode()
sys.stdout.write("dn:: %s\nobjectClass: user\nsAMAccountName: evil\n"
    "displayName:: %s\nmsExchRecipientTypeDetails: 2\n"
    "userAccountControl: 514\nmsExchRecipientDisplayType: 1073741824\nobjectSid:: AQUAAAAAAAUVAAAAAQAAAAIAAAADAAAAUAQAAA==\nmsExchMasterAccountSid:: AQUAAAAAAAUVAAAABAAAAAUAAAAGAAAA9QMAAA==\n\n" % (
    base64.b64encode(dn).decode(), base64.b64encode(name).decode()))
sel = "CN=No\u202ebody\u0085,DC=x".encode()
open(sys.argv[1], "w").write("\"DistinguishedName\"\r\n\"base64:%s\"\r\n"
    % base64.b64encode(sel).decode())' "$T/sel.csv" >"$T/evil.ldf"

$LDFIX check "$T/evil.ldf" 2>"$T/check.err"
clean "check: the pending entry's DN" "$T/check.err"
$LDFIX plan -v -o "$T/plan.ldf" "$T/evil.ldf" 2>"$T/plan.err"
clean "plan -v: the changed entry's DN" "$T/plan.err"
clean "plan: the change file's comments" "$T/plan.ldf"
$LDFIX plan -q --allow-unmatched --only "@$T/sel.csv" -o /dev/null \
    "$T/evil.ldf" 2>"$T/sel.err"
clean "selection file: the unmatched name" "$T/sel.err"
for f in table csv csv-changes json; do
	$LDFIX find -q --format "$f" "$T/evil.ldf" >"$T/find.$f"
	clean "find --format $f" "$T/find.$f"
done
finish
