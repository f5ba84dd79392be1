#!/bin/sh
# t_options.sh: the option table in src/cmd/options.c is the one source of
# every command's options. Each command's --help (printed from the table)
# must list exactly the options that the man page ldfix.1 gives that
# command (its ".Pq" line under each option) and that the bash completion
# ldfix.bash offers after "ldfix COMMAND -". Also: "ldfix --help" names
# every command of the table, and the man page documents each.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
require_ldfix || exit 0
test_tmpdir options

# from_help CMD: the options of CMD's --help, one per line, sorted.
from_help() {
	$LDFIX "$1" --help | sed -n 's/^  \(-[a-z]\), \(--[a-z-]*\).*/\1\n\2/p;
	    s/^      \(--[a-z-]*\).*/\1/p' | sort -u
}

# from_man CMD: the options whose ".Pq" line names CMD.
from_man() {
	awk -v cmd="$1" '
	/^\.Ss Options/ { on = 1; next }
	on && /^\.El/ { exit }
	on && /^\.It Fl/ { item = $0; next }
	on && /^\.Pq / && item != "" {
		line = $0; sub(/^\.Pq /, "", line); gsub(/,/, " ", line)
		n = split(line, w, " ")
		for (i = 1; i <= n; i++) if (w[i] == cmd) {
			# After "Fl" every word is a flag up to the next
			# macro (Ar, Cm, ...); "," and "|" separate.
			m = split(item, t, " "); fl = 0
			for (j = 2; j <= m; j++) {
				if (t[j] == "Fl") { fl = 1; continue }
				if (t[j] ~ /^[A-Z][a-z]$/) { fl = 0; continue }
				if (fl && t[j] != "," && t[j] != "|")
					print "-" t[j]
			}
		}
		item = ""
	}' ldfix.1 | sort -u
}

# from_completion CMD: what bash offers after "ldfix CMD -" ("ldfix
# rules check -": its first operand is a word of its own).
from_completion() {
	bash -c '. ./ldfix.bash
	    if [ "$1" = rules ]; then COMP_WORDS=(ldfix rules check -)
	    else COMP_WORDS=(ldfix "$1" -); fi
	    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	    _ldfix; printf "%s\n" "${COMPREPLY[@]}"' sh "$1" | sort -u
}

for cmd in plan find check apply cat rules; do
	from_help "$cmd" >"$T/help"
	from_man "$cmd" >"$T/man"
	from_completion "$cmd" >"$T/bash"
	check "$cmd: --help lists options" test -s "$T/help"
	same_file "$cmd: man page lists the options of the table" "$T/man" "$T/help"
	same_file "$cmd: bash completion offers the options of the table" \
	    "$T/bash" "$T/help"
	check "$cmd: in ldfix --help" sh -c "$LDFIX --help | grep -q '^  $cmd '"
	check "$cmd: in the man page" grep -q "^\.It Cm $cmd" ldfix.1
done
# The table's commands are exactly these six.
same "ldfix --help names six commands" \
    "$($LDFIX --help | sed -n 's/^  \([a-z]*\)  .*/\1/p' | tr '\n' ' ')" \
    "plan find check apply cat rules "
# Every attribute a shipped rule file reads is in each export command of
# the README and the man page (ldifde -l lists and ldapsearch arguments).
NEEDS=$(LDFIX_RULES_DIR=rules $LDFIX rules check -r builtin \
    -r enable-account -r fill-upn -r linked-room-to-room \
    -r convert-without-master --var upn_suffix=x 2>&1 |
    sed -n 's/^ldfix: the export needs these attributes (ldifde -l): //p' | tr ',' ' ')
check "rules check lists the attributes the shipped rules read" test -n "$NEEDS"
# export_lists FILE: one line per export command in FILE (ldifde's -l
# list, ldapsearch's attribute arguments), attributes joined by spaces.
export_lists() {
	$PYTHON - "$1" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read().replace("\\e\n", " ")
for m in re.finditer(r'ldifde -f export\S*.*?-l "([^"]*)"', text, re.S):
    print(" ".join(a.strip() for a in m.group(1).split(",")))
for m in re.finditer(r'ldapsearch -H.*?homeMDB=\*\)\)"(.*?)>', text, re.S):
    print(" ".join(m.group(1).replace("\\", " ").split()))
EOF
}
PYTHON=$(find_python)
for f in README.md ldfix.1; do
	export_lists "$f" >"$T/lists"
	check "$f: export commands found" test "$(wc -l <"$T/lists")" -ge 2
	lacking=
	while IFS= read -r list; do
		for a in $NEEDS; do
			case " $list " in
			*" $a "*) ;;
			*) lacking="$lacking $a" ;;
			esac
		done
	done <"$T/lists"
	same "$f: every export command lists what the rules read" "$lacking" ""
done

finish
