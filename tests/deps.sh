#!/bin/sh
# Installs the Debian 12 packages ldfix needs, when they are missing.
#   deps.sh build   what `make` needs
#   deps.sh test    also what `make check` needs (cmocka, slapd, ldap-utils,
#                   python3-ldap, and procps: the e2e tests look for leftover
#                   slapd processes with pgrep, which a minimal install lacks;
#                   chromium for the browser tests of the HTML report,
#                   tests/long/t_html.sh)
#   deps.sh bench   also what `make bench` needs
#   deps.sh valgrind  what `make check` needs, and valgrind (`make valgrind`)
#   deps.sh fuzz    what `make` needs, clang and its libFuzzer (`make fuzz`)
# As root it runs apt-get; otherwise it stops and prints the line to run.
set -eu
BUILD_PKGS="gcc make libc6-dev pkg-config libyaml-dev"
TEST_PKGS="$BUILD_PKGS libcmocka-dev ldap-utils slapd python3 python3-ldap procps chromium"
BENCH_PKGS="$TEST_PKGS time"
VALGRIND_PKGS="$TEST_PKGS valgrind"
FUZZ_PKGS="$BUILD_PKGS clang libclang-rt-14-dev"
case "${1:-test}" in
build) PKGS=$BUILD_PKGS ;;
test) PKGS=$TEST_PKGS ;;
bench) PKGS=$BENCH_PKGS ;;
valgrind) PKGS=$VALGRIND_PKGS ;;
fuzz) PKGS=$FUZZ_PKGS ;;
*) echo "usage: deps.sh build|test|bench|valgrind|fuzz" >&2; exit 2 ;;
esac
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "ldfix: missing Debian packages:$missing" >&2
	echo "ldfix: install them as root with: apt-get install -y$missing" >&2
	exit 1
fi
echo "ldfix: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# slapd's postinst must not start a system daemon: the tests run their own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq
# shellcheck disable=SC2086 # $missing is split on purpose: one word per package
apt-get install -y -qq --no-install-recommends $missing >/dev/null
