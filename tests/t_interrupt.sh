#!/bin/sh
# t_interrupt.sh: a run stopped by a signal while it writes -o FILE leaves
# neither FILE nor its temporary .ldfix-XXXXXX behind (os_posix.c removes
# the temporary files in flight on SIGTERM, SIGHUP, SIGINT and SIGPIPE,
# then dies of the signal). plan writes three outputs: the change and undo
# files into their .ldfix-XXXXXX from the start, the report body first into
# an anonymous spool (tmpfile: no name, nothing to remove) and into its
# .ldfix-XXXXXX at commit: none may be left. ldfix.exe's counterpart, a
# killed process, is in tests/win/t_wine.sh.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 2
require_ldfix || exit 0
test_tmpdir interrupt
mkdir "$T/out"
leftovers() {
	find "$T/out" -name '.ldfix-*' | head -n 3
}
# Under nohup the tests' shell and ldfix start with SIGHUP ignored, and
# ldfix keeps it so: a SIGHUP case would wait for a death that never
# comes. Linux says which signals are ignored (SigIgn, bit 0: SIGHUP).
hup_ignored() {
	mask=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status 2>/dev/null)
	[ -n "$mask" ] && [ $((0x$mask & 1)) -ne 0 ]
}
# A background job of a script ignores SIGINT, and ldfix keeps an ignored
# signal ignored (as nohup wants): SIGTERM and SIGHUP are what can be sent.
for s in TERM:15:cat HUP:1:cat TERM:15:plan HUP:1:plan; do
	sig=${s%%:*}
	num=${s#*:}
	cmd=${num#*:}
	num=${num%:*}
	if [ "$sig" = HUP ] && hup_ignored; then
		echo "ok - $cmd, SIGHUP while writing # SKIP SIGHUP is ignored" \
		    "here (nohup): ldfix keeps it ignored"
		continue
	fi
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	# the command reads the sample and then waits for more on the FIFO
	case $cmd in
	cat) set -- cat - -o out.ldf ;;
	plan) set -- plan - -o out.ldf --undo out.undo --report out.csv ;;
	esac
	(cd "$T/out" && exec $LDFIX "$@" <"$T/fifo" >/dev/null 2>&1) &
	pid=$!
	exec 3>"$T/fifo"
	cat samples/contoso-ldifde.ldf >&3
	i=0
	while [ -z "$(leftovers)" ] && [ "$i" -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	tmp=$(leftovers)
	kill -s "$sig" "$pid"
	wait "$pid"
	rc=$?
	exec 3>&-
	check "$cmd, SIG$sig while writing: the temporary file existed" \
	    test -n "$tmp"
	same "$cmd, SIG$sig while writing: ldfix dies of the signal" "$rc" \
	    "$((128 + num))"
	same "$cmd, SIG$sig while writing: no temporary file left" \
	    "$(leftovers)" ""
	same "$cmd, SIG$sig while writing: no output" "$(ls "$T/out")" ""
done
finish
