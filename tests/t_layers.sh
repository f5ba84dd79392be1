#!/bin/sh
# t_layers.sh: the include graph of src/ keeps the layering of the brief
# and of src/README.md: base -> ldif -> rules -> engine -> tasks -> cmd ->
# main.c, each layer including only itself and lower ones, every project
# include naming its layer ("base/buf.h"), and no cycle between modules (a
# module is foo.c with foo.h, and foo_impl.h, the private header its files
# share; an include from any of them is an edge). The checker runs on
# planted trees first, so that it is known to catch each fault.
#
# Prints "ok - name" / "not ok - name" lines (see tests/run-tests.sh).
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
test_tmpdir layers

LAYERS="base ldif rules engine tasks cmd"

# layer_rank LAYER: 0 for base ... 5 for cmd, 6 for main (src/main.c);
# nothing for an unknown layer.
layer_rank()
{
	_r=0
	for _l in $LAYERS main; do
		if [ "$_l" = "$1" ]; then
			echo "$_r"
			return
		fi
		_r=$((_r + 1))
	done
}

# check_tree DIR: one line per fault of the tree under DIR; nothing when
# it is layered.
check_tree()
{
	_dir=$1
	: >"$T/edges"
	(cd "$_dir" && find . -name '*.[ch]' | sed 's|^\./||' | sort) |
	while read -r f; do
		case $f in
		*/*) from_layer=${f%%/*} ;;
		*) from_layer=main ;;
		esac
		from_rank=$(layer_rank "$from_layer")
		if [ -z "$from_rank" ]; then
			echo "$f: not in a layer folder ($LAYERS)"
			continue
		fi
		from_mod=${f%.[ch]}
		from_mod=${from_mod%_impl}
		sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' \
		    "$_dir/$f" | while read -r inc; do
			case $inc in
			*/*) to_layer=${inc%%/*} ;;
			*) echo "$f: #include \"$inc\" does not name its layer"
			   continue ;;
			esac
			to_rank=$(layer_rank "$to_layer")
			if [ -z "$to_rank" ] || [ "$to_layer" = main ]; then
				echo "$f: #include \"$inc\": no layer $to_layer"
				continue
			fi
			if [ ! -f "$_dir/$inc" ]; then
				echo "$f: #include \"$inc\": no such file"
				continue
			fi
			if [ "$to_rank" -gt "$from_rank" ]; then
				echo "$f: #include \"$inc\": $from_layer must not include the higher layer $to_layer"
			fi
			to_mod=${inc%.h}
			to_mod=${to_mod%_impl}
			[ "$to_mod" = "$from_mod" ] ||
			    echo "$from_mod $to_mod" >>"$T/edges"
		done
	done
	if ! sort -u "$T/edges" | tsort >/dev/null 2>"$T/tsort.err"; then
		echo "include cycle between modules:" \
		    "$(sed -n 's/^tsort: //p' "$T/tsort.err" | grep -v 'loop' |
		    tr '\n' ' ')"
	fi
}

# plant NAME FILE=TEXT...: a small tree under $T/NAME.
plant()
{
	_tree=$T/$1
	shift
	rm -rf "$_tree"
	for _spec in "$@"; do
		mkdir -p "$_tree/$(dirname "${_spec%%=*}")"
		printf '%s\n' "${_spec#*=}" >"$_tree/${_spec%%=*}"
	done
}

# faults NAME WANT: check_tree of the planted tree NAME reports WANT.
faults()
{
	check_tree "$T/$1" >"$T/$1.out"
	if grep -qF "$2" "$T/$1.out"; then
		ok "the checker finds: $2"
	else
		not_ok "the checker finds: $2"
		sed 's/^/#   /' "$T/$1.out"
	fi
}

plant good 'base/a.h=' 'base/a.c=#include "base/a.h"' \
    'ldif/b.h=#include "base/a.h"' 'ldif/b.c=#include "ldif/b.h"' \
    'main.c=#include "ldif/b.h"'
same "a layered tree has no faults" "$(check_tree "$T/good")" ""

plant up 'base/a.h=' 'base/a.c=#include "rules/r.h"' 'rules/r.h='
faults up 'base/a.c: #include "rules/r.h": base must not include the higher layer rules'

plant bare 'ldif/b.c=#include "buf.h"' 'ldif/buf.h='
faults bare 'ldif/b.c: #include "buf.h" does not name its layer'

plant cycle 'rules/x.h=' 'rules/x.c=#include "rules/y.h"' \
    'rules/y.h=' 'rules/y.c=#include "rules/z.h"' \
    'rules/z.h=' 'rules/z.c=#include "rules/x.h"'
faults cycle 'include cycle between modules:'

plant header_cycle 'ldif/p.h=#include "ldif/q.h"' 'ldif/q.h=#include "ldif/p.h"'
faults header_cycle 'include cycle between modules:'

plant impl 'engine/e.h=' 'engine/e_impl.h=#include "engine/e.h"' \
    'engine/e.c=#include "engine/e_impl.h"' \
    'engine/e_part.c=#include "engine/e_impl.h"'
same "a module's private _impl.h is part of the module" \
    "$(check_tree "$T/impl")" ""

plant nofile 'tasks/t.c=#include "tasks/gone.h"'
faults nofile 'tasks/t.c: #include "tasks/gone.h": no such file'

check_tree src >"$T/src.out"
if [ -s "$T/src.out" ]; then
	not_ok "src/ is layered: no upward include, no bare include, no cycle"
	sed 's/^/#   /' "$T/src.out"
else
	ok "src/ is layered: no upward include, no bare include, no cycle"
fi
# Say what was checked, so a checker that reads nothing cannot pass.
nfiles=$(find src -name '*.[ch]' | wc -l)
nedges=$(check_tree src >/dev/null; sort -u "$T/edges" | wc -l)
if [ "$nfiles" -gt 40 ] && [ "$nedges" -gt 60 ]; then
	ok "the include graph of src/ was read: $nfiles files, $nedges module edges"
else
	not_ok "the include graph of src/ was read: $nfiles files, $nedges module edges"
fi

finish
