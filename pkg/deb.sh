#!/bin/sh
# deb.sh VERSION OUTDIR [nocheck]: builds the Debian package of ldfix with
# dpkg-buildpackage from a copy of the source tree in OUTDIR/ldfix-VERSION
# (dpkg-buildpackage writes its results into the parent directory, so the
# copy keeps them in OUTDIR), then runs lintian on it: errors fail the
# build, warnings are printed.
set -eu
version=$1
out=$2
nocheck=${3:-}
top=$(pwd)
deb_version=$(dpkg-parsechangelog -l debian/changelog -S Version)
if [ "$deb_version" != "$version" ]; then
	echo "deb.sh: debian/changelog says $deb_version, the Makefile $version" >&2
	exit 1
fi
rm -rf "$out"
mkdir -p "$out/ldfix-$version"
# the files of the project: git's list in a checkout, else the whole tree
# but build products
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$top" ls-files -z --cached --others --exclude-standard |
	    (cd "$top" && xargs -0 cp --parents -t "$out/ldfix-$version")
else
	tar -C "$top" --exclude='./build*' --exclude=./ldfix -cf - . |
	    tar -C "$out/ldfix-$version" -xf -
fi
(
	cd "$out/ldfix-$version"
	if [ -n "$nocheck" ]; then
		DEB_BUILD_OPTIONS="nocheck ${DEB_BUILD_OPTIONS:-}"
		DEB_BUILD_PROFILES="nocheck ${DEB_BUILD_PROFILES:-}"
		export DEB_BUILD_OPTIONS DEB_BUILD_PROFILES
	fi
	dpkg-buildpackage -us -uc -b >../build.log 2>&1 || {
		tail -n 30 ../build.log >&2
		exit 1
	}
)
deb=$(ls "$out"/ldfix_"$version"_*.deb)
echo "deb.sh: $deb"
dpkg-deb -c "$deb" | awk '{print "  " $6}'
lintian --fail-on error "$out"/ldfix_"$version"_*.changes | tee "$out/lintian.log"
echo "deb.sh: lintian: $(grep -c '^E:' "$out/lintian.log") errors, $(grep -c '^W:' "$out/lintian.log") warnings"
# the packaged binary works: unpacked (not installed), it writes the golden plan
rm -rf "$out/root"
dpkg-deb -x "$deb" "$out/root"
"$out/root/usr/bin/ldfix" plan samples/contoso-ldifde.ldf >"$out/plan.ldif" 2>/dev/null
if cmp -s "$out/plan.ldif" tests/golden/ldifde/plan.ldif; then
	echo "deb.sh: the packaged ldfix writes the golden plan"
else
	echo "deb.sh: the packaged ldfix does not write the golden plan" >&2
	exit 1
fi
