#!/bin/sh
# docs/report.sh: regenerate docs/report.png, the README's picture of the
# HTML review report of samples/contoso-ldifde.ldf. Run from the top of the
# tree after `make`; needs chromium, optipng and fonts-dejavu-core (Debian
# packages; the picture is taken with DejaVu fonts).
set -eu
T=$(mktemp -d "${TMPDIR:-/tmp}/ldfix-docs.XXXXXX")
trap 'rm -rf "$T"' EXIT
./ldfix plan -q --report "$T/report.html" -o /dev/null samples/contoso-ldifde.ldf
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$T/profile" --hide-scrollbars --window-size=1280,900 \
    --screenshot="$T/report.png" "file://$T/report.html" 2>/dev/null
optipng -quiet -o5 -strip all "$T/report.png"
cp "$T/report.png" docs/report.png
