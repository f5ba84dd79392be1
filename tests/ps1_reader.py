#!/usr/bin/env python3
"""ps1_reader.py: a reference reader for the PowerShell that ldfix writes
(plan --format ps1), for tests on a machine without PowerShell.

It reads a script the way PowerShell's tokenizer reads the few constructs
the plan uses, as the Windows PowerShell Language Specification 3.0
(chapter 2, "Lexical structure", and appendix B.1) and about_Quoting_Rules
describe them:

  new-line-character    CR (U+000D), LF (U+000A), or CR LF
  single-line-comment   '#' then any characters but a new-line-character;
                        '#requires' starts a directive; '# SIG # Begin
                        signature block' on a line of its own starts a
                        signature block
  delimited-comment     '<#' ... '#>'
  single-quote-character  U+0027 and U+2018, U+2019, U+201A, U+201B
  double-quote-character  U+0022 and U+201C, U+201D, U+201E
  verbatim-string-literal  a single-quote-character, then any characters
                        but a single-quote-character, or two
                        single-quote-characters standing for the second;
                        ended by a single-quote-character. Nothing is
                        expanded: not $, not a backtick.
  expandable strings ("..."), here-strings (@'...'@, @"..."@) and the
  backtick escape exist too; the plan must use none of them, so the
  reader refuses them.

What it checks, on top of PowerShell's own reading (the promises of
src/tasks/ps1.h): a UTF-8 BOM; CRLF at every line end and no other CR or
LF; only line comments, none holding a control character, a line or
paragraph separator or a bidi control; no literal that spans a line; code
outside literals and comments is ASCII; and every Invoke-LdfixEntry line
(and every Invoke-LdfixCleanup line, the opt-in removal of what the old
master account keeps) is the command, then parameters, each value one
literal or a parenthesised join of literals and [char]0xHHHH codes that
starts with a literal.

  ps1_reader.py check SCRIPT     the checks; exit 1 with the reasons
  ps1_reader.py entries SCRIPT   the checks, then one JSON object per
                                 entry line: its parameters as PowerShell
                                 would bind them ("Unlink": true)
  ps1_reader.py cleanups SCRIPT  the same for the cleanup lines
  ps1_reader.py code SCRIPT      the lines that are neither comments nor
                                 entry or cleanup lines (the fixed code),
                                 one a line
"""
import json
import re
import sys

SINGLE = "'\u2018\u2019\u201a\u201b"
DOUBLE = '"\u201c\u201d\u201e'
DASHES = "\u2013\u2014\u2015"
BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {
    0x200E, 0x200F, 0x061C}


class Bad(Exception):
    pass


def unsafe(ch):
    """A character no comment or Show value may hold raw."""
    c = ord(ch)
    return (c < 0x20 or c == 0x7F or 0x80 <= c <= 0x9F or
            c in (0x2028, 0x2029) or c in BIDI)


def split_lines(data):
    """The decoded lines of the script, after its checks on bytes."""
    if not data.startswith(b"\xef\xbb\xbf"):
        raise Bad("no UTF-8 byte order mark")
    text = data[3:].decode("utf-8")          # strict: raises on bad UTF-8
    if not text.endswith("\r\n"):
        raise Bad("the last line has no CRLF")
    lines = text[:-2].split("\r\n")
    for n, line in enumerate(lines, 1):
        if "\r" in line or "\n" in line:
            raise Bad("line %d: a CR or LF that is not a CRLF line end" % n)
    return lines


def lex_line(line, n):
    """A line as items: ('code', text), ('str', value), ('comment', text).
    A literal never spans a line here: a CRLF inside one raises."""
    items = []
    code = []
    i = 0

    def flush():
        if code:
            items.append(("code", "".join(code)))
            del code[:]

    while i < len(line):
        ch = line[i]
        if ch == "#":
            if i > 0 and line[i - 1] == "<":
                raise Bad("line %d: a <# block comment" % n)
            if i > 0 and line[i - 1] not in " \t":
                raise Bad("line %d: '#' inside a token" % n)
            flush()
            items.append(("comment", line[i:]))
            return items
        if ch == "<" and line[i + 1:i + 2] == "#":
            raise Bad("line %d: a <# block comment" % n)
        if ch in SINGLE:
            flush()
            value = []
            i += 1
            while True:
                if i >= len(line):
                    raise Bad("line %d: a literal runs past the line end" % n)
                c = line[i]
                if c in SINGLE:
                    if i + 1 < len(line) and line[i + 1] in SINGLE:
                        value.append(line[i + 1])
                        i += 2
                        continue
                    i += 1
                    break
                value.append(c)
                i += 1
            value = "".join(value)
            if any(unsafe(c) for c in value):
                raise Bad("line %d: a literal holds a control or bidi "
                          "character" % n)
            items.append(("str", value))
            continue
        if ch in DOUBLE:
            raise Bad("line %d: a double-quoted string" % n)
        if ch == "@" and line[i + 1:i + 2] and line[i + 1] in SINGLE + DOUBLE:
            raise Bad("line %d: a here-string" % n)
        if ch == "`":
            raise Bad("line %d: a backtick outside a literal" % n)
        if ord(ch) > 0x7E or ord(ch) < 0x20 and ch != "\t":
            raise Bad("line %d: code holds U+%04X" % (n, ord(ch)))
        code.append(ch)
        i += 1
    flush()
    return items


def check_comment(text, n):
    body = text[1:]
    if any(unsafe(c) for c in body):
        raise Bad("line %d: a comment holds a control or bidi character" % n)
    if text.lower().startswith("#requires"):
        if text != "#Requires -Version 2.0":
            raise Bad("line %d: an unexpected #requires" % n)
    elif text != "#" and not text.startswith("# "):
        raise Bad("line %d: a comment that is not '# ' and text" % n)
    if text.strip() == "# SIG # Begin signature block":
        raise Bad("line %d: a signature block" % n)
    # "#>" or "<#" inside a line comment is text: no block comment is open.


# In the shape of a line every literal is one NUL (code never holds one).
VALUE = r"(?:\x00|\(\x00(?: \+ (?:\x00|\[char\]0x[0-9A-F]{4}))*\))"
ENTRY = re.compile(r"^Invoke-LdfixEntry((?: -(?:Dn|Show|MasterSid|NewUpn|"
                   r"OldUpn) " + VALUE + r"| -Unlink)*)$")
PARAM = re.compile(r" -(Dn|Show|MasterSid|NewUpn|OldUpn) (" + VALUE +
                   r")| -(Unlink)")
PIECE = re.compile(r"\x00|\[char\]0x([0-9A-F]{4})")
CLEANUP_NAMES = (r"(?:Dn|Show|Cmdlet|User|AccessRights|ExtendedRights|"
                 r"Properties|InheritanceType)")
CLEANUP = re.compile(r"^Invoke-LdfixCleanup((?: -" + CLEANUP_NAMES + " " +
                     VALUE + r")*)$")
CLEANUP_PARAM = re.compile(r" -(" + CLEANUP_NAMES + r") (" + VALUE + r")()")


def read_entry(items, n, line=ENTRY, param=PARAM):
    """The parameters of an entry (or cleanup) line, as PowerShell binds
    them."""
    shape = "".join("\x00" if k == "str" else t for k, t in items)
    if not line.match(shape):
        raise Bad("line %d: not an entry line of the known shape: %r" %
                  (n, shape))
    strings = iter(t for k, t in items if k == "str")
    params = {}
    for m in param.finditer(shape):
        name = m.group(1) or m.group(3)
        if name in params:
            raise Bad("line %d: -%s twice" % (n, name))
        if name == "Unlink":
            params[name] = True
            continue
        value = []
        for p in PIECE.finditer(m.group(2)):
            value.append(next(strings) if p.group(0) == "\x00"
                         else chr(int(p.group(1), 16)))
        params[name] = "".join(value)
    if "Dn" not in params:
        raise Bad("line %d: an entry without -Dn" % n)
    if "Show" in params and any(unsafe(c) for c in params["Show"]):
        raise Bad("line %d: -Show holds a control or bidi character" % n)
    return params


def read(path):
    """(entries, cleanups, fixed code lines) of the script at path."""
    with open(path, "rb") as f:
        lines = split_lines(f.read())
    entries, cleanups, code = [], [], []
    for n, line in enumerate(lines, 1):
        items = lex_line(line, n)
        for k, t in items:
            if k == "comment":
                check_comment(t, n)
        if items and items[0][0] == "code" and \
                items[0][1].startswith("Invoke-LdfixEntry"):
            entries.append(read_entry(items, n))
        elif items and items[0][0] == "code" and \
                items[0][1].startswith("Invoke-LdfixCleanup"):
            cleanups.append(read_entry(items, n, CLEANUP, CLEANUP_PARAM))
        elif items and items[0][0] != "comment":
            if any(c in t for k, t in items if k == "code" for c in DASHES):
                raise Bad("line %d: a typographic dash in code" % n)
            code.append(line)
    return entries, cleanups, code


def main(argv):
    if len(argv) != 3 or argv[1] not in ("check", "entries", "cleanups",
                                         "code"):
        sys.stderr.write("usage: ps1_reader.py check|entries|cleanups|code "
                         "SCRIPT\n")
        return 2
    try:
        entries, cleanups, code = read(argv[2])
    except (Bad, UnicodeDecodeError) as e:
        sys.stderr.write("ps1_reader: %s: %s\n" % (argv[2], e))
        return 1
    if argv[1] in ("entries", "cleanups"):
        for e in entries if argv[1] == "entries" else cleanups:
            print(json.dumps(e, ensure_ascii=True, sort_keys=True))
    elif argv[1] == "code":
        for line in code:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
