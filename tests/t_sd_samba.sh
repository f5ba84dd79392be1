#!/bin/sh
# t_sd_samba.sh: the security descriptor module (src/base/sd.c, sd_sddl.c)
# against python3-samba, which shares no code with it: tests/sd_oracle.py
# builds hand-made and random descriptors (and mutated copies), and checks
# that the driver build/tests/tools/sd_sddl writes byte for byte the SDDL
# samba writes and reads the same rights from the DACL; that the engine's
# ace test and leftover-permissions (the same driver with --leftover) find
# the ACEs samba's parse holds, and cannot read exactly what sd_sddl
# refuses; and that "ldfix cat --decode" writes samba's SDDL under every
# descriptor, or the reason it is not one.
#   LDFIX_SD_COUNT  random descriptors (default 5000; 500 under valgrind)
#   LDFIX_SD_SEED   their seed (default 12)
# Needs Debian's python3-samba (tests/deps.sh test installs it); without it
# the script says so and skips.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2

DRIVER="$TOP/${BUILD:-build}/tests/tools/sd_sddl"
LEFTOVER="$DRIVER --leftover"
COUNT=${LDFIX_SD_COUNT:-5000}
if [ "${LDFIX_VALGRIND:-}" = 1 ]; then
	VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
	DRIVER="$VG $DRIVER"
	LEFTOVER="$VG $LEFTOVER"
	COUNT=${LDFIX_SD_COUNT:-500}
fi

# A python3 earlier on PATH (pyenv, venv) may not see Debian's samba.
PY=
for py in python3 /usr/bin/python3; do
	if command -v "$py" >/dev/null 2>&1 &&
	    "$py" -c 'import samba.dcerpc.security' 2>/dev/null; then
		PY=$py
		break
	fi
done
if [ -z "$PY" ]; then
	echo "# SKIP python3-samba is not installed (sh tests/deps.sh test installs it)"
	exit 0
fi
if [ ! -x "${DRIVER##* }" ]; then
	not_ok "driver built: ${DRIVER##* } (make check builds it)"
	finish
fi
require_ldfix || exit 0
"$PY" tests/sd_oracle.py "$DRIVER" "$COUNT" "${LDFIX_SD_SEED:-12}" \
    "$LEFTOVER" "$LDFIX" || failed=1
finish
