#!/bin/sh
# debsrc.sh TARGET DIR: builds the libraries ldfix links, libyaml and TRE,
# for TARGET from Debian's own source packages (Debian's patches applied):
#   mingw   Windows x86-64, MinGW-w64 (x86_64-w64-mingw32-gcc), static
#   musl    Linux x86-64, musl-gcc, static
# The sources are fetched with `apt-get source` into DIR/src (apt needs
# deb-src entries: `sh tests/deps.sh win` or `static` adds them, as root),
# built there, and installed into DIR/include and DIR/lib. Nothing of it
# belongs in the repository. DIR/.built-PACKAGE makes a second run a no-op.
set -eu
target=${1:?usage: debsrc.sh mingw|musl DIR}
dir=${2:?usage: debsrc.sh mingw|musl DIR}
case $target in
mingw)
	CC=x86_64-w64-mingw32-gcc
	HOST="--host=x86_64-w64-mingw32"
	CMAKE_SYSTEM="-DCMAKE_SYSTEM_NAME=Windows"
	;;
musl)
	CC=musl-gcc
	HOST=""         # a native build that happens to use musl's libc
	CMAKE_SYSTEM=""
	;;
*)
	echo "debsrc.sh: unknown target '$target' (mingw or musl)" >&2
	exit 2
	;;
esac
mkdir -p "$dir/src"
dir=$(cd "$dir" && pwd)
log="$dir/src/build.log"

# fetch PACKAGE: unpack Debian's source package PACKAGE into DIR/src once
# and print the directory it is in.
fetch() {
	found=$(find "$dir/src" -mindepth 1 -maxdepth 1 -type d -name "$1-[0-9]*" | head -n 1)
	if [ -z "$found" ]; then
		echo "debsrc: apt-get source $1" >&2
		if ! (cd "$dir/src" && apt-get source --only-source "$1") >>"$log" 2>&1; then
			tail -n 5 "$log" >&2
			echo "debsrc: 'apt-get source $1' failed: apt needs deb-src entries;" \
			    "run 'sh tests/deps.sh $([ "$target" = mingw ] && echo win || echo static)' as root" >&2
			exit 1
		fi
		found=$(find "$dir/src" -mindepth 1 -maxdepth 1 -type d -name "$1-[0-9]*" | head -n 1)
	fi
	[ -n "$found" ] || { echo "debsrc: no $1 source directory after apt-get source" >&2; exit 1; }
	echo "$found"
}

# libyaml: its CMake build (Debian's orig tarball has no configure script).
build_libyaml() {
	[ -f "$dir/.built-libyaml" ] && return 0
	src=$(fetch libyaml)
	echo "debsrc: building $(basename "$src") for $target" >&2
	rm -rf "$src/build-$target"
	# shellcheck disable=SC2086 # $CMAKE_SYSTEM is empty or one word
	cmake -S "$src" -B "$src/build-$target" $CMAKE_SYSTEM \
	    -DCMAKE_C_COMPILER="$CC" -DCMAKE_BUILD_TYPE=Release \
	    -DBUILD_SHARED_LIBS=OFF -DBUILD_TESTING=OFF \
	    -DINSTALL_CMAKE_DIR=lib/cmake/yaml \
	    -DCMAKE_INSTALL_PREFIX="$dir" >>"$log" 2>&1
	cmake --build "$src/build-$target" -j 2 >>"$log" 2>&1
	cmake --install "$src/build-$target" >>"$log" 2>&1
	: >"$dir/.built-libyaml"
}

# TRE: its configure script, byte matching only (no wide characters, no
# multibyte locales, no approximate matching), the library alone.
build_tre() {
	[ -f "$dir/.built-tre" ] && return 0
	src=$(fetch tre)
	echo "debsrc: building $(basename "$src") for $target" >&2
	# Debian's patches touch configure.ac and po/: give the generated
	# files one common, newer time so make uses them as shipped instead of
	# re-running autoconf/automake.
	now="@$(date +%s)"
	find "$src" \( -name configure -o -name aclocal.m4 -o -name Makefile.in \
	    -o -name config.h.in \) -exec touch -d "$now" {} +
	# shellcheck disable=SC2086 # $HOST is empty or one word
	(cd "$src" && ./configure $HOST CC="$CC" --prefix="$dir" \
	    --enable-static --disable-shared --disable-agrep --disable-nls \
	    --disable-approx --disable-wchar --disable-multibyte &&
	    make -j2 -C lib && make -C lib install) >>"$log" 2>&1 || {
		tail -n 20 "$log" >&2
		exit 1
	}
	: >"$dir/.built-tre"
}

: >>"$log"
build_libyaml
build_tre
