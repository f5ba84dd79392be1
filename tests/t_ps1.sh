#!/bin/sh
# t_ps1.sh: the PowerShell plan (plan --format ps1) against hostile values.
#
# No PowerShell runs here (Debian has none), so tests/ps1_reader.py reads
# the script the way PowerShell's tokenizer reads single-quoted literals
# and comments (its header cites the language specification). An export
# whose DNs and sAMAccountNames hold quotes of every kind, backticks,
# $(...), $env:x, #>, <#, CR, LF, TAB, NUL, ESC, C1 controls, bidi
# controls and U+2028 is planned with the default rules and fill-upn (so
# that names reach -NewUpn too), from a file whose name is hostile as well;
# each mailbox's descriptor keeps its master's FullAccess, so that the DNs
# reach the opt-in cleanup lines (Invoke-LdfixCleanup) too.
# Every literal must read back as exactly the export's value, nothing may
# end a literal or a comment early, and the code outside the literals must
# be the same as in the shipped sample's plan. The reader is shown to
# catch each kind of breakage, so that its "ok" means something. Also:
# -o NAME.ps1 alone writes the PowerShell plan, and output is deterministic.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
require_ldfix || exit 0
test_tmpdir ps1
READER="$PYTHON tests/ps1_reader.py"
# as_line.py: a cleanup line (JSON, from the reader) as the one-line
# command the LDIF plan's comments give.
cat >"$T/as_line.py" <<'EOF'
import json, sys
def q(v):
    return "'" + v.replace("'", "''") + "'"
for line in sys.stdin:
    c = json.loads(line)
    out = [c["Cmdlet"], "-Identity", q(c["Dn"]), "-User", q(c["User"])]
    for k in ("AccessRights", "ExtendedRights", "Properties",
              "InheritanceType"):
        if k in c:
            out += ["-" + k, c[k]]
    print(" ".join(out))
EOF

# The hostile export and, as JSON lines, the DN and UPN each entry must
# read back as (the suffix is the --var below).
IN="$T/hostile'#>
\$(x).ldif"
SUFFIX="ex'am\$(p)le‘’#>.com"
"$PYTHON" - "$IN" "$T/expected" "$SUFFIX" "$T/expected.cleanups" <<'EOF'
import base64, json, struct, sys

def b64(b):
    return base64.b64encode(b).decode()

def sid(rid, domain=(3623811015, 3361044348, 30300820)):
    subs = [21] + list(domain) + [rid]
    return (bytes([1, len(subs)]) + (5).to_bytes(6, "big") +
            b"".join(struct.pack("<I", s) for s in subs))

names = [
    "O'Brien, Pat",
    "\u2018left\u2019 \u201alow\u201b '' \u2019\u2019\u2019",
    "say \"hi\" \u201cthere\u201d \u201enow\u201d",
    "tick` `n `$(whoami) $(Remove-Item C:\\x) $env:x ${env:y} @(1)",
    "end #> <# begin # hash",
    "line\nbreak",
    "cr\rhere\r\n",
    "tab\there",
    "esc\x1b[31mred",
    "evil\u202egnp.exe \u2066iso\u2069 \u200fmark \u061c \u2028sep \u2029",
    "nel\u0085csi\u009b",
    "' + (Remove-Item C:\\x) + '",
    "''''",
    "\u2019",
    "dash \u2013Apply \u2014x \u2015",
    "nul\x00here",
    "J\u00fcrgen M\u00fcller \U0001F600",
]
def rdn_value(v):
    """v escaped as RFC 4514 wants in a DN, as AD exports it."""
    out = "".join("\\" + c if c in '"+,;<>\\' else
                  "\\00" if c == "\0" else c for c in v)
    if out[:1] in ("#", " "):
        out = "\\" + out
    if out.endswith(" ") and not out.endswith("\\ "):
        out = out[:-1] + "\\ "
    return out
def mailbox_sd(master):
    """Owner SYSTEM; DACL: the master's FullAccess|ExternalAccount (CI)."""
    ace = struct.pack("<BBHI", 0, 2, 8 + len(master), 5) + master
    acl = struct.pack("<BBHHH", 2, 0, 8 + len(ace), 1, 0) + ace
    owner = bytes([1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0])
    return struct.pack("<BBHIIII", 1, 0, 0x8004, 20, 0, 0,
                       20 + len(owner)) + owner + acl

out = ["version: 1", ""]
cleanups = open(sys.argv[4], "w")
with open(sys.argv[2], "w") as exp:
    for i, name in enumerate(names):
        dn = "CN=%s,OU=Linked,DC=res,DC=contoso,DC=com" % rdn_value(name)
        sam = "s%d%s" % (i, name.replace("\\", ""))
        out += ["dn:: " + b64(dn.encode()), "objectClass: user",
                "sAMAccountName:: " + b64(sam.encode()),
                "userAccountControl: 514",
                "msExchRecipientTypeDetails: 2",
                "msExchRecipientDisplayType: 1073741824",
                "msExchMasterAccountSid:: " + b64(sid(2000 + i)),
                "msExchMailboxSecurityDescriptor:: " + b64(mailbox_sd(
                    sid(2000 + i))),
                "objectSid:: " + b64(sid(3000 + i, (1004336348, 1177238915,
                                                    682003330))), ""]
        exp.write(json.dumps({"Dn": dn, "NewUpn": sam + "@" + sys.argv[3],
                              "OldUpn": "", "Unlink": True,
                              "MasterSid": "S-1-5-21-3623811015-3361044348-"
                              "30300820-%d" % (2000 + i)}, sort_keys=True))
        exp.write("\n")
        cleanups.write(json.dumps({
            "AccessRights": "FullAccess,ExternalAccount",
            "Cmdlet": "Remove-MailboxPermission", "Dn": dn,
            "InheritanceType": "All",
            "User": "S-1-5-21-3623811015-3361044348-30300820-%d" % (2000 + i)},
            sort_keys=True) + "\n")
cleanups.close()
with open(sys.argv[1], "wb") as f:
    f.write("\n".join(out).encode())
EOF

plan_hostile() {
	# (no entry of the hostile export has a UPN: fill-upn's absence
	# test then proves nothing unless --allow-missing says so)
	$LDFIX plan -q -r rules/linked-to-user.yaml -r rules/fill-upn.yaml \
	    --allow-missing userPrincipalName \
	    --var "upn_suffix=$SUFFIX" --format ps1 -o "$1" "$IN"
}
plan_hostile "$T/h.ps1" 2>"$T/h.err"
same "hostile export: plan --format ps1 exits 0" "$?:$(cat "$T/h.err")" "0:"
check "hostile plan: the reader accepts it (BOM, CRLF, line comments only)" \
    $READER check "$T/h.ps1"
$READER entries "$T/h.ps1" >"$T/entries" 2>"$T/err"
# Compare as parsed JSON: the reader's "Show" is extra (checked safe by it).
"$PYTHON" - "$T/entries" "$T/expected" >"$T/cmp" 2>&1 <<'EOF'
import json, sys
got = [json.loads(l) for l in open(sys.argv[1])]
want = [json.loads(l) for l in open(sys.argv[2])]
for g in got:
    g.pop("Show", None)
if got != want:
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            print("entry %d: got %r want %r" % (i, g, w))
    print("%d entries, want %d" % (len(got), len(want)))
    sys.exit(1)
EOF
if [ $? -eq 0 ] && [ "$(wc -l <"$T/entries")" -eq 17 ]; then
	ok "hostile plan: every -Dn, -NewUpn and -MasterSid reads back exactly (17 entries)"
else
	not_ok "hostile plan: every -Dn, -NewUpn and -MasterSid reads back exactly (17 entries)"
	sed 's/^/#   /' "$T/cmp" "$T/err" | head -n 20
fi
# (6 DNs hold a raw control, bidi or separator character; the NUL of
# "nul\0here" is escaped as \00 in a valid DN, so that one needs none)
same "hostile plan: a -Show (the DN as display.h shows it) where the DN has controls" \
    "$(grep -c '"Show"' "$T/entries")" 6
$READER cleanups "$T/h.ps1" >"$T/cleanups" 2>"$T/err"
"$PYTHON" - "$T/cleanups" "$T/expected.cleanups" >"$T/cmp" 2>&1 <<'EOF'
import json, sys
got = [json.loads(l) for l in open(sys.argv[1])]
want = [json.loads(l) for l in open(sys.argv[2])]
shows = sum(1 for g in got if g.pop("Show", None) is not None)
if got != want or shows != 6:
    print("%d cleanups, want %d; %d with -Show, want 6" % (len(got),
          len(want), shows))
    sys.exit(1)
EOF
if [ $? -eq 0 ] && [ "$(wc -l <"$T/cleanups")" -eq 17 ]; then
	ok "hostile plan: every cleanup line's -Dn and -User read back exactly (17)"
else
	not_ok "hostile plan: every cleanup line's -Dn and -User read back exactly (17)"
	sed 's/^/#   /' "$T/cmp" "$T/err" | head -n 20
fi
$LDFIX plan -q --format ps1 samples/contoso-ldifde.ldf >"$T/sample.ps1"
$READER code "$T/sample.ps1" >"$T/code.sample"
$READER code "$T/h.ps1" >"$T/code.hostile"
same_file "hostile plan: the code outside literals and comments is the sample plan's" \
    "$T/code.hostile" "$T/code.sample"
check "hostile plan: no raw ESC, NUL, bidi control or lone CR/LF in the bytes" \
    "$PYTHON" -c '
import sys
d = open(sys.argv[1], "rb").read().replace(b"\r\n", b"")
bad = [b"\x1b", b"\x00", b"\r", b"\n", b"\t", "\u202e".encode(),
       "\u2028".encode(), "\u0085".encode()]
sys.exit(any(x in d for x in bad))' "$T/h.ps1"
check "hostile plan: the header shows the file name with \\x0a, on one line" \
    grep -q "^# input: .*hostile'#>\\\\x0a\\\$(x).ldif" "$T/h.ps1"
plan_hostile "$T/h2.ps1"
check "hostile plan: a second run writes the same bytes" cmp -s "$T/h.ps1" "$T/h2.ps1"

# The reader catches what it must: each broken copy of the plan fails.
# breaks NAME PYTHON-EXPR: the plan's bytes d, changed by the expression.
breaks() {
	"$PYTHON" -c "
import sys
d = open(sys.argv[1], 'rb').read()
d2 = $2
assert d2 != d, 'the change did nothing'
open(sys.argv[2], 'wb').write(d2)" "$T/h.ps1" "$T/broken.ps1" || {
		not_ok "reader catches $1: the change did not apply"
		return
	}
	if $READER entries "$T/broken.ps1" >"$T/b.entries" 2>/dev/null &&
	    cmp -s "$T/b.entries" "$T/entries"; then
		not_ok "reader catches $1"
	else
		ok "reader catches $1"
	fi
}
breaks "an undoubled typographic quote" \
    "d.replace('\u2019\u2019'.encode(), '\u2019'.encode(), 1)"
breaks "an undoubled ASCII quote" "d.replace(b\"-Dn 'CN=O''Brien\", b\"-Dn 'CN=O'Brien\", 1)"
breaks "a raw LF inside a literal" \
    "d.replace(b\"'CN=line' + [char]0x000A + 'break\", b\"'CN=line\\nbreak\", 1)"
breaks "a double-quoted string" "d.replace(b\"'WhatIf'\", b'\"WhatIf\"', 1)"
breaks "a bidi override in a comment" \
    "d.replace(b'# rule ', '# \u202erule '.encode(), 1)"
breaks "a block comment" "d.replace(b'# rule ', b'<# rule ', 1)"
breaks "a missing BOM" "d[3:]"
breaks "a [char] first in a join" \
    "d.replace(b\"('CN=line' + \", b\"([char]0x0041 + 'CN=line' + \", 1)"

# Plain use: -o NAME.ps1 alone means --format ps1; the comments carry the
# same review text as the LDIF plan's.
$LDFIX plan -q -o "$T/auto.ps1" samples/contoso-ldifde.ldf
check "plan -o NAME.ps1 writes the PowerShell plan" $READER check "$T/auto.ps1"
tr -d '\r' <"$T/sample.ps1" | grep -e '^# rule ' -e '^# msExch' -e '^# warning' >"$T/c.ps1"
$LDFIX plan -q samples/contoso-ldifde.ldf | grep -e '^# rule ' -e '^# msExch' \
    -e '^# warning' >"$T/c.ldif"
same_file "the review comments are the LDIF plan's" "$T/c.ps1" "$T/c.ldif"
same "one Invoke-LdfixEntry per change record of the LDIF plan" \
    "$($READER entries "$T/sample.ps1" | wc -l)" \
    "$($LDFIX plan -q samples/contoso-ldifde.ldf | grep -c '^changetype: modify')"
# The cleanup lines say what the LDIF plan's "after the conversion run"
# comments say, parameter for parameter.
$LDFIX plan -q samples/contoso-mailboxes.ldf | sed -n \
    "s/^# after the conversion run: //p" >"$T/run.ldif"
$LDFIX plan -q --format ps1 samples/contoso-mailboxes.ldf >"$T/mbx.ps1"
$READER cleanups "$T/mbx.ps1" | "$PYTHON" "$T/as_line.py" >"$T/run.ps1"
same_file "the cleanup lines are the plan comments' Remove-* lines" \
    "$T/run.ps1" "$T/run.ldif"
same "a cleanup line per ACE a cmdlet removes (23 in the mailboxes sample)" \
    "$(wc -l <"$T/run.ps1")" 23
finish
