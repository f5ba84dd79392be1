#!/usr/bin/python3
"""bench.py: the timing half of `make bench` (tests/bench/run.sh makes the
inputs and calls it).

Every tool runs once per round, all tools in the same order in every round
(A B C A B C ...), ROUNDS rounds; each figure is the median over the
rounds, and each ratio the median of the per-round ratios, so that a
noisy machine moves a tool and its reference together rather than flip a
verdict. CPU is user + system seconds of the process and its threads, read
with wait4() (microseconds, not /usr/bin/time's hundredths); wall is the
time from fork to exit; peak RSS is what /usr/bin/time reports (the
largest of the rounds).

  bench.py table ROUNDS INPUT ENTRIES PYSLICE PYENTRIES -- NAME CMD... -- ...
      one table: a row per tool. NAME starting with "py:" runs on the
      slice PYSLICE (figures per byte are scaled to it); "{IN}" and
      "{OUT}" in CMD are the input and a scratch output file.
  bench.py linear ROUNDS NAME:INPUT:ENTRIES... -- NAME CMD... -- ...
      the same tools on inputs of several sizes (linearity rows).

Only Debian's python3 standard library is used. Prints Markdown tables.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(cmd, out_path, scratch):
    """Run cmd with stdout to /dev/null; return (cpu, wall, rss_kb).

    The command runs under /usr/bin/time, which reports its peak RSS: a
    child forked from this process would count Python's own memory as its
    peak (ru_maxrss survives exec). wait4 on time gives the CPU of time
    and of the command it waited for, in microseconds."""
    rss_file = os.path.join(scratch, "rss")
    argv = ["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd
    with open(os.devnull, "wb") as null:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=null, stderr=subprocess.PIPE)
        # The pipe is drained first so that a chatty stderr cannot block
        # the command; wait4 then reaps it with its rusage.
        err = proc.stderr.read()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.stderr.close()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
    with open(rss_file) as f:
        lines = f.read().split()
    # time reports "Command exited with non-zero status N" first.
    rss = int(lines[-1])
    # check exits 1 when it finds changes; everything else is a failure.
    if code not in (0, 1) or (code == 1 and "check" not in cmd):
        sys.stderr.write("bench: %s failed (exit %d):\n%s" % (
            " ".join(cmd), code, err.decode("utf-8", "replace")))
        sys.exit(1)
    if out_path and os.path.exists(out_path):
        os.unlink(out_path)
    return ru.ru_utime + ru.ru_stime, wall, rss


def parse_tools(args):
    tools, cur = [], None
    for a in args:
        if a == "--":
            cur = None
            continue
        if cur is None:
            cur = [a, []]
            tools.append(cur)
        else:
            cur[1].append(a)
    return tools


def measure(rounds, tools, inputs, out_dir):
    """inputs: name -> path; every tool's CMD names {IN} (its own input
    by its name prefix) and {OUT}. Returns name -> list of samples."""
    samples = {name: [] for name, _ in tools}
    for r in range(rounds):
        for name, cmd in tools:
            path = inputs(name)
            out = os.path.join(out_dir, "out")
            argv = [c.replace("{IN}", path).replace("{OUT}", out)
                    for c in cmd]
            samples[name].append(run_once(argv, out, out_dir))
            sys.stderr.write(".")
            sys.stderr.flush()
        sys.stderr.write(" round %d of %d\n" % (r + 1, rounds))
    return samples


def med(xs):
    return statistics.median(xs)


def table(argv):
    rounds = int(argv[0])
    inp, entries = argv[1], int(argv[2])
    pyslice, pyentries = argv[3], int(argv[4])
    tools = parse_tools(argv[5:])
    size = os.path.getsize(inp)
    pysize = os.path.getsize(pyslice) if pyslice != "-" else 0
    with tempfile.TemporaryDirectory(prefix="ldfix-bench-") as tmp:
        s = measure(rounds, tools,
                    lambda n: pyslice if n.startswith("py:") else inp, tmp)
    ref = next((n for n, _ in tools if n.startswith("ldapmodify")), None)
    floor = next((n for n, _ in tools if n.startswith("wc")), None)

    def per_byte(name, i, k):
        """sample i's figure k (0 CPU, 1 wall) per input byte."""
        b = pysize if name.startswith("py:") else size
        return s[name][i][k] / b

    def ratio(name, other, k):
        if other is None or other not in s:
            return None
        return med([per_byte(name, i, k) / per_byte(other, i, k)
                    for i in range(rounds)])

    py = any(n.startswith("py:") for n, _ in tools)
    print("input: %s bytes (%.1f MB), %d entries%s; median of %d paired "
          "rounds\n" % (size, size / 1e6, entries,
                        "; python-ldap on a %.1f MB slice (%d entries)" % (
                            pysize / 1e6, pyentries) if py else "", rounds))
    print("| tool | CPU s | wall s | MB/s | entries/s | peak RSS MB | "
          "CPU vs `ldapmodify -a -n` | wall vs `ldapmodify -a -n` | "
          "CPU vs `wc -l` |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, _ in tools:
        cpu = med([x[0] for x in s[name]])
        wall = med([x[1] for x in s[name]])
        rss = max(x[2] for x in s[name]) / 1024
        b, e = (pysize, pyentries) if name.startswith("py:") else \
            (size, entries)
        shown = name[3:] + " (slice)" if name.startswith("py:") else name

        def fmt(x):
            return "%.2fx" % x if x is not None else "-"
        print("| %s | %.3f | %.3f | %.0f | %.0f | %.1f | %s | %s | %s |" % (
            shown, cpu, wall, b / wall / 1e6, e / wall, rss,
            fmt(ratio(name, ref, 0)), fmt(ratio(name, ref, 1)),
            fmt(ratio(name, floor, 0))))


def linear(argv):
    rounds = int(argv[0])
    i = 1
    sizes = []
    while argv[i] != "--":
        name, path, entries = argv[i].rsplit(":", 2)
        sizes.append((name, path, int(entries)))
        i += 1
    tools = parse_tools(argv[i + 1:])
    # One tool list per size: NAME@SIZE.
    all_tools = [("%s@%s" % (n, sz), cmd) for sz, _, _ in sizes
                 for n, cmd in tools]
    paths = {sz: p for sz, p, _ in sizes}
    with tempfile.TemporaryDirectory(prefix="ldfix-bench-") as tmp:
        s = measure(rounds, all_tools,
                    lambda n: paths[n.rsplit("@", 1)[1]], tmp)
    print("| tool | input | entries | CPU s | wall s | MB/s (CPU) | "
          "CPU ms per MB | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|")
    for n, _ in tools:
        for sz, path, entries in sizes:
            k = "%s@%s" % (n, sz)
            size = os.path.getsize(path)
            cpu = med([x[0] for x in s[k]])
            wall = med([x[1] for x in s[k]])
            rss = max(x[2] for x in s[k]) / 1024
            print("| %s | %s (%.1f MB) | %d | %.3f | %.3f | %.0f | %.0f | "
                  "%.1f |" % (n, sz, size / 1e6, entries, cpu, wall,
                              size / cpu / 1e6, cpu / size * 1e9, rss))


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("table", "linear"):
        sys.stderr.write(__doc__)
        sys.exit(2)
    if sys.argv[1] == "table":
        table(sys.argv[2:])
    else:
        linear(sys.argv[2:])


if __name__ == "__main__":
    main()
