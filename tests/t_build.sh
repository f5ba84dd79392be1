#!/bin/sh
# t_build.sh: `make` builds and installs nothing, as a packager's build root
# needs it: a copy of the tree, built by a user who is not root (nobody,
# when the tests run as root) with a PATH that has no dpkg-query, gives a
# working ldfix. Without libyaml's or cmocka's headers the build stops
# before compiling anything, with one line that names the package on each
# system. The missing headers are real: the compiler gets a --sysroot whose
# include directory is this system's, less yaml.h or cmocka.h. `make
# install DESTDIR=...` puts the binary, man page, completion and the
# shipped rule files where `-r NAME` finds them.
#
# Prints "ok - name" / "not ok - name" lines (see tests/run-tests.sh).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
test_tmpdir build

CC=${CC:-cc}
if ! command -v "$CC" >/dev/null 2>&1 || ! command -v make >/dev/null 2>&1; then
	echo "# SKIP no $CC or make"
	finish
fi
# As root: build as nobody. Otherwise the tests already run as a user.
AS=
if [ "$(id -u)" -eq 0 ]; then
	if ! command -v setpriv >/dev/null 2>&1 || ! id nobody >/dev/null 2>&1; then
		echo "# SKIP running as root without setpriv or user nobody"
		finish
	fi
	AS="setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups --"
fi
BUILDER=$($AS id -un)

# The tools the build runs, and nothing else, on the builder's PATH.
mkdir "$T/bin"
for tool in make "$CC" ar as ld sh rm mkdir mv od sed cat pkg-config install touch; do
	p=$(command -v "$tool" 2>/dev/null) && ln -s "$p" "$T/bin/$tool"
done
# as_builder COMMAND...: COMMAND as the builder, with that PATH alone.
as_builder() {
	$AS env -i PATH="$T/bin" HOME="$T" LC_ALL=C "$@"
}
check "the builder's PATH has no dpkg-query" \
    sh -c "! PATH='$T/bin' command -v dpkg-query >/dev/null"

# A copy of the source tree (no build output), owned by the builder.
mkdir "$T/tree"
tar -cf - --exclude=./.git --exclude='./build*' --exclude=./ldfix . |
    tar -xf - -C "$T/tree"
chmod 755 "$T"
if [ "$(id -u)" -eq 0 ]; then
	chown -R nobody "$T/tree"
fi

# One clean build, at -O0: this test proves that make works, not the code.
as_builder make -C "$T/tree" -j2 CC="$CC" CFLAGS=-O0 \
    >"$T/make.out" 2>"$T/make.err"
rc=$?
if [ "$rc" -eq 0 ]; then
	ok "make, as $BUILDER without dpkg-query, builds ldfix"
else
	not_ok "make, as $BUILDER without dpkg-query, builds ldfix (exit $rc)"
	show "$T/make.err"
fi
same "the ldfix it built runs: --version" \
    "$(as_builder "$T/tree/ldfix" --version 2>&1)" \
    "$($LDFIX --version 2>&1)"
# make install DESTDIR=...: the binary, the man page, the completion and
# the shipped rule files with their README, where -r NAME looks for them.
# A built tree installs without a compiler on the PATH (a packager's
# `make CC=clang` then `make install` runs no compiler probe again).
mkdir "$T/root" && chown nobody "$T/root" 2>/dev/null
mv "$T/bin/$CC" "$T/cc.away"
as_builder make -s -C "$T/tree" install DESTDIR="$T/root" >"$T/install.out" 2>&1
rc=$?
same "make install DESTDIR=..., with no compiler on the PATH (exit 0)" "$rc" 0
[ "$rc" -eq 0 ] || show "$T/install.out"
mv "$T/cc.away" "$T/bin/$CC"
R="$T/root/usr/local"
same "make install: the files it installs" \
    "$(cd "$R" && find . -type f | LC_ALL=C sort | tr '\n' ' ')" \
    "$(printf '%s\n' ./bin/ldfix ./share/bash-completion/completions/ldfix \
        ./share/man/man1/ldfix.1 ./share/ldfix/rules/README.md \
        $(cd rules && ls ./*.yaml | sed 's|^\./|./share/ldfix/rules/|') |
        LC_ALL=C sort | tr '\n' ' ')"
same "the installed ldfix finds shipped rule files by name" \
    "$(LDFIX_RULES_DIR="$R/share/ldfix/rules" "$R/bin/ldfix" rules check \
        -r builtin -r enable-account 2>&1 | head -n 1)" \
    "ldfix: 5 rules OK in 2 files"
same "without LDFIX_RULES_DIR it looks in PREFIX/share/ldfix/rules" \
    "$(env -u LDFIX_RULES_DIR "$R/bin/ldfix" rules check -r nosuch 2>&1)" \
    "ldfix: -r nosuch: no shipped rule file of that name in /usr/local/share/ldfix/rules (name a rule file by its path, or use builtin)"
as_builder make -s -C "$T/tree" deps >"$T/deps.out" 2>&1
rc=$?
check "make deps without dpkg-query fails, saying what to install (exit $rc)" \
    grep -q "^ldfix: install the equivalents of these with your package manager: gcc make" \
    "$T/deps.out"

# A system include directory without the header NAME: --sysroot=$T/NAME.
# gcc and clang look for <...> headers in SYSROOT/usr/include (and their
# own directory).
sysroot_without() {
	mkdir -p "$T/$1/usr/include"
	for f in /usr/include/*; do
		case ${f##*/} in
		"$1" | "${1%.h}"_*) ;;
		*) ln -s "$f" "$T/$1/usr/include/" ;;
		esac
	done
}

# lacking NAME WANT MAKE-ARGS...: make with the header NAME missing stops
# with exactly the line WANT on stderr (and make's own "Error" line), and
# compiles nothing.
lacking() {
	name=$1
	want=$2
	shift 2
	sysroot_without "$name"
	as_builder make -C "$T/tree" -j2 \
	    CC="$CC --sysroot=$T/$name" CFLAGS=-O0 "$@" \
	    >"$T/$name.out" 2>"$T/$name.err"
	rc=$?
	same "without $name: make fails (exit 2)" "$rc" 2
	same "without $name: one message, naming the package" \
	    "$(grep -v '^make: \*\*\*' "$T/$name.err")" "$want"
	same "without $name: nothing was compiled" \
	    "$(grep -e ' -c ' -e 'error:' "$T/$name.out" "$T/$name.err")" ""
}
lacking yaml.h "ldfix: yaml.h not found: install libyaml's headers (Debian/Ubuntu: libyaml-dev, Fedora: libyaml-devel, Alpine: yaml-dev, Homebrew: libyaml), or add their directory to CPPFLAGS" \
    BUILD=build-noyaml
check "without yaml.h: no object file" \
    test -z "$(find "$T/tree" -name '*.o' -path '*build-noyaml*')"
# The tree is built: make check needs the test objects, and cmocka.h.
lacking cmocka.h "ldfix: cmocka.h not found (make check needs it): install cmocka's headers (Debian/Ubuntu: libcmocka-dev, Fedora: libcmocka-devel, Alpine: cmocka-dev, Homebrew: cmocka), or add their directory to CPPFLAGS" \
    check
check "without cmocka.h: no test was built or run" \
    test -z "$(find "$T/tree/build" -name 'test_*')"

finish
