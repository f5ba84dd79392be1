#!/bin/sh
# Installs the Debian 12 packages ldfix needs, when they are missing: the
# one step that installs anything (`make deps` runs `deps.sh test`; make,
# make check and the others never do).
#   deps.sh build   what `make` needs
#   deps.sh test    also what `make check` and `make check-long` need
#                   (cmocka, slapd, ldap-utils, python3-ldap, python3-samba
#                   (the SDDL oracle of t_sd_samba.sh), procps: the e2e
#                   tests look for leftover slapd processes with pgrep,
#                   which a minimal install lacks; chromium for the browser
#                   tests of the HTML report, tests/long/t_html.sh)
#   deps.sh bench   also what `make bench` needs
#   deps.sh valgrind  what `make check` needs, and valgrind (`make valgrind`)
#   deps.sh fuzz    what `make` needs, clang and its libFuzzer (`make fuzz`)
#   deps.sh win     what `make windows`, `make check-wine` and `make dist` need:
#                   MinGW-w64, Wine, mandoc, zip, and apt's source tooling
#   deps.sh static  what `make static` needs: musl-tools and source tooling
#   deps.sh deb     what `make deb` needs: debhelper and lintian
# win and static build libyaml and TRE from Debian's source packages
# (apt-get source): as root they also add deb-src entries for the Debian
# mirror the machine already uses (see add_deb_src below).
# As root it runs apt-get; otherwise it stops and prints the line to run.
set -eu
BUILD_PKGS="gcc make libc6-dev pkg-config libyaml-dev libtre-dev"
TEST_PKGS="$BUILD_PKGS libcmocka-dev ldap-utils slapd python3 python3-ldap python3-samba procps time chromium"
BENCH_PKGS="$TEST_PKGS"
VALGRIND_PKGS="$TEST_PKGS valgrind"
FUZZ_PKGS="$BUILD_PKGS clang libclang-rt-14-dev"
SRC_PKGS="dpkg-dev xz-utils ca-certificates cmake make"
WIN_PKGS="$BUILD_PKGS $SRC_PKGS gcc-mingw-w64-x86-64 wine wine64 mandoc zip unzip"
STATIC_PKGS="$BUILD_PKGS $SRC_PKGS musl-tools"
DEB_PKGS="$BUILD_PKGS dpkg-dev debhelper lintian fakeroot"
SOURCES=""
case "${1:-test}" in
build) PKGS=$BUILD_PKGS ;;
test) PKGS=$TEST_PKGS ;;
bench) PKGS=$BENCH_PKGS ;;
valgrind) PKGS=$VALGRIND_PKGS ;;
fuzz) PKGS=$FUZZ_PKGS ;;
win) PKGS=$WIN_PKGS; SOURCES=1 ;;
static) PKGS=$STATIC_PKGS; SOURCES=1 ;;
deb) PKGS=$DEB_PKGS ;;
*) echo "usage: deps.sh build|test|bench|valgrind|fuzz|win|static|deb" >&2; exit 2 ;;
esac
if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "ldfix: tests/deps.sh installs Debian packages, and this system has no dpkg-query;" >&2
	echo "ldfix: install the equivalents of these with your package manager: $PKGS" >&2
	exit 1
fi

# add_deb_src: apt-get source needs deb-src entries. Write them for the
# Debian suites the machine already installs from (the suites named after
# this release: bookworm, bookworm-updates, bookworm-security), same
# mirror, same components, same keyring; other repositories are left out.
# Both formats are read: deb822 .sources files and one-line .list files.
SRC_LIST=/etc/apt/sources.list.d/ldfix-deb-src.sources
add_deb_src() {
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] || { echo "ldfix: no VERSION_CODENAME in /etc/os-release" >&2; return 1; }
	tmp=$(mktemp)
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && [ "$f" != "$SRC_LIST" ] || continue
		# one stanza per paragraph; keep those of type deb whose suites
		# are this release's, and print them with Types: deb-src
		awk -v rel="$codename" '
		function flush() {
			if (isdeb && reluse && uris != "")
				printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents: %s\n%s\n", uris, suites, comps, signed
			isdeb = 0; reluse = 0; uris = ""; suites = ""; comps = ""; signed = ""
		}
		/^[ \t]*$/ { flush(); next }
		/^#/ { next }
		tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") isdeb = 1 }
		tolower($1) == "uris:" { $1 = ""; uris = substr($0, 2) }
		tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == rel || index($i, rel "-") == 1) { suites = suites (suites == "" ? "" : " ") $i; reluse = 1 } }
		tolower($1) == "components:" { $1 = ""; comps = substr($0, 2) }
		tolower($1) == "signed-by:" { signed = $0 "\n" }
		END { flush() }' "$f" >>"$tmp"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk -v rel="$codename" '
		$1 == "deb" {
			s = 2
			if ($2 ~ /^\[/) { while ($s !~ /\]$/) s++; s++ }
			if ($(s + 1) == rel || index($(s + 1), rel "-") == 1) {
				printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents:", $s, $(s + 1)
				for (i = s + 2; i <= NF; i++) printf " %s", $i
				printf "\n\n"
			}
		}' "$f" >>"$tmp"
	done
	if [ ! -s "$tmp" ]; then
		rm -f "$tmp"
		echo "ldfix: no Debian $codename entry in /etc/apt/sources.list(.d) to derive deb-src from" >&2
		return 1
	fi
	if [ -f "$SRC_LIST" ] && cmp -s "$tmp" "$SRC_LIST"; then
		rm -f "$tmp"
		return 0
	fi
	{ echo "# deb-src for ldfix's cross builds (tests/deps.sh), derived from the deb entries"; cat "$tmp"; } >"$SRC_LIST"
	rm -f "$tmp"
	need_update=1
}

# have_sources: apt knows a source package for libyaml.
have_sources() {
	apt-cache showsrc libyaml 2>/dev/null | grep -q '^Package: libyaml'
}
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
need_update=""
if [ -n "$SOURCES" ] && ! have_sources; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "ldfix: apt has no deb-src entries (apt-get source libyaml fails):" >&2
		echo "ldfix: run 'sh tests/deps.sh $1' as root once to add them" >&2
		exit 1
	fi
	add_deb_src
	need_update=1
fi
if [ -z "$missing" ]; then
	[ -z "$need_update" ] && exit 0
	apt-get update -qq
	have_sources || { echo "ldfix: apt-get source libyaml still finds nothing after adding $SRC_LIST" >&2; exit 1; }
	exit 0
fi
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
