#!/bin/sh
# t_html.sh: the HTML review report in a real browser. Headless Chromium
# from Debian (tests/deps.sh installs it) loads each report from disk, runs
# its script under its own Content-Security-Policy and dumps the DOM;
# tests/long/html_check.py compares that DOM with the JSON report of the
# same run. Checked: one row per item and every tile equal to the JSON
# counts, the machine hooks, #filter= / #class= / #sort= fragments, no
# console message at all (no CSP violation, no script error), hostile
# values inert, and byte-for-byte determinism.
#
# A longer suite (one browser start per page, about a second each): run it
# with `sh tests/long/t_html.sh` from the top of the tree after `make`.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
test_tmpdir html
require_ldfix || exit 0
CHECK="python3 $TOP/tests/long/html_check.py"

if ! command -v chromium >/dev/null 2>&1; then
	not_ok "chromium is installed (sh tests/deps.sh test)"
	finish
fi

# browse URL NAME: load URL, DOM into $T/NAME.dom, browser log into
# $T/NAME.log; a fresh profile each time, nothing that reaches the network.
browse() {
	_ud=$(mktemp -d "$T/profile.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --disable-extensions \
	    --user-data-dir="$_ud" --enable-logging=stderr --v=0 \
	    --dump-dom "$1" >"$T/$2.dom" 2>"$T/$2.log"
	_rc=$?
	rm -rf "$_ud"
	check "$2: the browser loaded the page" test "$_rc" -eq 0 -a -s "$T/$2.dom"
	# Console messages (CSP violations, script errors, console.*) are
	# logged as ":CONSOLE" lines; the page must cause none.
	if grep -q ':CONSOLE' "$T/$2.log"; then
		not_ok "$2: the browser logged no console message"
		grep ':CONSOLE' "$T/$2.log" | head -n 5 | sed 's/^/#   /'
	else
		ok "$2: the browser logged no console message"
	fi
}

# report NAME INPUT [OPTIONS...]: plan's HTML and JSON reports of INPUT.
report() {
	_name=$1 _in=$2
	shift 2
	$LDFIX plan -q "$@" --report "$T/$_name.html" -o "$T/$_name.plan.ldif" \
	    "$_in" 2>"$T/$_name.err" &&
	$LDFIX plan -q "$@" --report "$T/$_name.json" -o "$T/$_name.plan2.ldif" \
	    "$_in" 2>>"$T/$_name.err"
	check "$_name: plan wrote the HTML and JSON reports" test $? -eq 0
}

# --- every sample, and a generated export ---------------------------------
for s in samples/contoso-ldifde.ldf samples/contoso-ldapsearch.ldif \
    samples/contoso-ldapsearch-L.ldif; do
	n=$(basename "$s" | sed 's/\.[a-z]*$//')
	report "$n" "$s"
	browse "file://$T/$n.html" "$n"
	$CHECK report "$T/$n.json" "$T/$n.dom" "$n"
done

python3 tests/bench/gen_export.py --count 3000 --containers >"$T/gen.ldf"
report gen "$T/gen.ldf"
browse "file://$T/gen.html" gen
$CHECK report "$T/gen.json" "$T/gen.dom" gen

# --- the fragment drives the filter, the classification filter, sorting -----
browse "file://$T/contoso-ldifde.html#filter=OU%3DLinked" filter-dn
$CHECK filter "$T/contoso-ldifde.json" "$T/filter-dn.dom" "OU=Linked" \
    filter-dn
# A SID prefix appears only in values and warnings, not in any DN.
browse "file://$T/contoso-ldifde.html#filter=S-1-5-21-3623811015" filter-sid
$CHECK filter "$T/contoso-ldifde.json" "$T/filter-sid.dom" \
    "S-1-5-21-3623811015" filter-sid
browse "file://$T/gen.html#filter=u0001" filter-gen
$CHECK filter "$T/gen.json" "$T/filter-gen.dom" "u0001" filter-gen
browse "file://$T/contoso-ldifde.html#class=foreign-domain" class
$CHECK class "$T/class.dom" foreign-domain class
browse "file://$T/contoso-ldifde.html#class=-" class-none
$CHECK class "$T/class-none.dom" - class-none
browse "file://$T/contoso-ldifde.html#sort=-sam" sort
$CHECK sort "$T/sort.dom" -sam sort

# --- hostile values never run ----------------------------------------------
# Payloads in DNs, names and values, a rule that copies one into a changed
# value and a warning, and one in --var (the Options line) and the file name.
cat >"$T/echo.yaml" <<'EOF'
version: 1
rules:
  - id: echo-display-name
    match: { displayName: present }
    changes:
      - replace: description
        value: "{displayName}"
    warn:
      - message: "display name {displayName} {var:p}"
EOF
hostile="$T/<svg onload=document.title=1>.ldif"
$CHECK hostile-export >"$hostile"
report hostile "$hostile" -r rules/linked-to-user.yaml -r "$T/echo.yaml" \
    --var "p=</title><script>document.title='PWNED'</script>"
cp "$T/hostile.html" "$T/hostile-page.html"
browse "file://$T/hostile-page.html" hostile
$CHECK report "$T/hostile.json" "$T/hostile.dom" hostile
$CHECK hostile "$T/hostile.dom" "ldfix plan review: $hostile" hostile

# --- the same input gives the same bytes; find writes the same page --------
$LDFIX plan -q --report "$T/again.html" -o /dev/null \
    samples/contoso-ldifde.ldf 2>/dev/null
same_file "plan --report: byte-for-byte the same page twice" \
    "$T/again.html" "$T/contoso-ldifde.html"
$LDFIX find --format html samples/contoso-ldifde.ldf >"$T/find.html" 2>/dev/null
sed 's/ldfix find/ldfix plan/g' "$T/find.html" >"$T/find-as-plan.html"
same_file "find --format html: the plan's page, but for the command name" \
    "$T/find-as-plan.html" "$T/contoso-ldifde.html"

finish
