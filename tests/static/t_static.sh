#!/bin/sh
# t_static.sh [BIN]: the static musl binary (make static) runs on a machine
# with nothing installed: it is statically linked, and run with an empty
# environment from a folder holding only itself and a sample it writes the
# golden plan. Then the golden and rule-corpus suites run with it. Run by
# `make check-static` and .ci/run.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
BIN=${1:-build-static/ldfix}
case $BIN in /*) ;; *) BIN="$TOP/$BIN" ;; esac
test_tmpdir static
if [ ! -x "$BIN" ]; then
	not_ok "static binary $BIN exists (make static)"
	finish
fi
check "the binary is statically linked (no program interpreter)" \
    sh -c "! od -An -c '$BIN' | tr -d ' \n' | grep -q 'ld-linux'"
if command -v ldd >/dev/null 2>&1; then
	check "ldd: not a dynamic executable" \
	    sh -c "ldd '$BIN' 2>&1 | grep -q 'not a dynamic executable'"
fi
mkdir -p "$T/run/samples"
cp "$BIN" "$T/run/ldfix"
cp samples/contoso-ldifde.ldf "$T/run/samples/"
(cd "$T/run" && env -i ./ldfix plan samples/contoso-ldifde.ldf >"$T/plan.ldif" 2>"$T/plan.err")
rc=$?
same "env -i, a folder with the binary and a sample: plan exits 0" "$rc" 0
same_file "the plan is the golden plan" "$T/plan.ldif" tests/golden/ldifde/plan.ldif
echo "exit 0" >>"$T/plan.err"
same_file "the summary is the golden summary" "$T/plan.err" tests/golden/ldifde/plan.ldif.err
(cd "$T/run" && env -i ./ldfix plan -q samples/contoso-ldifde.ldf -o out.ldf --undo undo.ldf)
same "env -i: -o and --undo written" "$(cd "$T/run" && ls out.ldf undo.ldf | tr '\n' ' ')" "out.ldf undo.ldf "
same_file "env -i: the undo file is the golden undo file" "$T/run/undo.ldf" tests/golden/ldifde/undo.ldif
# the portable suites that need nothing but the binary
for s in t_golden t_rules_bad t_cat; do
	LDFIX="$BIN" sh "tests/$s.sh" >"$T/suite.log" 2>&1
	rc=$?
	sed -n 's/^\(not \)\{0,1\}ok - /&'"$s"': /p' "$T/suite.log"
	if [ "$rc" -ne 0 ]; then
		: >"$T/.not_ok"
		grep -A 4 '^not ok' "$T/suite.log" | grep '^#' | head -n 20
	fi
done
finish
