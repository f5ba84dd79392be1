#!/bin/sh
# dist.sh VERSION EXE OUTDIR: OUTDIR/ldfix-VERSION-windows-x64.zip with
# ldfix.exe, README.md, the man page rendered by mandoc (ldfix.html and
# ldfix.txt) and rules/ (the rule files and their README), all in one
# folder ldfix-VERSION-windows-x64/.
set -eu
version=$1
exe=$2
out=$3
name="ldfix-$version-windows-x64"
rm -rf "$out"
mkdir -p "$out/$name/rules"
cp "$exe" "$out/$name/ldfix.exe"
cp README.md "$out/$name/"
cp rules/*.yaml rules/README.md "$out/$name/rules/"
mandoc -T html ldfix.1 >"$out/$name/ldfix.html"
mandoc -T utf8 ldfix.1 | LC_ALL=C.UTF-8 sed "s/.\x08//g" >"$out/$name/ldfix.txt"
(cd "$out" && rm -f "$name.zip" && zip -q -X -r "$name.zip" "$name")
echo "dist.sh: $out/$name.zip"
unzip -l "$out/$name.zip" | sed -n '4,$p'
