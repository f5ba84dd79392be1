#!/bin/sh
# Installs the Debian packages ldfix's build and tests need, when missing.
# Run as root on Debian 12; otherwise prints the apt-get line to run.
set -eu
PKGS="build-essential pkg-config libyaml-dev libcmocka-dev ldap-utils slapd python3 python3-ldap"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "ldfix: missing packages:$missing" >&2
	echo "ldfix: run: sudo apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# slapd's postinst must not start a system daemon: the tests run their own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
