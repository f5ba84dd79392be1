#!/usr/bin/env python3
# ldif_canon.py: prints LDIF entries in a canonical, sorted form, so that two
# files holding the same directory content compare equal with diff(1) however
# they were written (ldifde or ldapsearch, CRLF or LF, folded or not, base64
# or plain).  A test oracle for the e2e tests, independent of ldfix's reader.
#
#	python3 tests/e2e/ldif_canon.py [--dn-attrs a,b,...] FILE...
#
# Output: one line per entry, `dn <TAB> DN`, and one per value,
# `DN <TAB> attribute <TAB> value`, sorted.  Attribute names are lower-cased
# and their options kept.  Values print as text when they are printable
# ASCII and as `hex:...` otherwise.  DNs, and the values of the --dn-attrs
# attributes, have the attribute types of their RDNs lower-cased and hex
# escapes of special characters turned into backslash + character, because
# slapd returns `cn=Doe\2C John` where AD returns `CN=Doe\, John`.
#
# Accepted: content records and `changetype: add` records (the changetype
# line is dropped), `version:` lines, `#` comments (folded ones too), and the
# `search:` / `result:` lines of ldapsearch's extended LDIF.  Anything else,
# for instance another changetype or a `:<` URL value, is an error (exit 1).

import base64
import re
import sys

DN_TYPE = re.compile(r"(^|(?<!\\),)\s*([A-Za-z][A-Za-z0-9-]*)\s*=")


HEX_SPECIAL = re.compile(r"\\(2[CcBb2]|5[Cc]|3[CcEeBbDd])")


def norm_dn(dn):
	"""Lower-cases RDN attribute types and writes escaped specials as
	backslash + character (slapd returns `Doe\\2C John`, AD `Doe\\, John`)."""
	dn = HEX_SPECIAL.sub(lambda m: "\\" + chr(int(m.group(1), 16)), dn)
	return DN_TYPE.sub(lambda m: m.group(1) + m.group(2).lower() + "=", dn)


def logical_lines(data):
	"""Unfolds (RFC 2849: line break plus one space) and drops comments."""
	lines = []
	comment = False
	for raw in data.split(b"\n"):
		if raw.endswith(b"\r"):
			raw = raw[:-1]
		if raw.startswith(b" "):
			if not comment:
				if not lines or lines[-1] is None:
					raise ValueError("continuation line without a line")
				lines[-1] += raw[1:]
			continue
		comment = raw.startswith(b"#")
		if not comment:
			lines.append(raw if raw else None)
	return lines


def parse_line(line):
	name, sep, rest = line.partition(b":")
	if not sep:
		raise ValueError("no colon in %r" % line[:40])
	name = name.decode("ascii")
	if rest.startswith(b":"):
		return name, base64.b64decode(rest[1:].strip(b" "), validate=True)
	if rest.startswith(b"<"):
		raise ValueError("URL value for %s" % name)
	return name, rest.lstrip(b" ")


def show(value):
	if all(32 <= b < 127 for b in value):
		return value.decode("ascii")
	return "hex:" + value.hex()


def canon(data, dn_attrs):
	out = []
	record = []
	for line in logical_lines(data) + [None]:
		if line is not None:
			record.append(parse_line(line))
			continue
		if record and record[0][0].lower() == "version":
			record.pop(0)
		if not record:
			continue
		if record[0][0].lower() != "dn":
			if {n.lower() for n, _ in record} <= {"version", "search",
			    "result"}:
				record = []
				continue
			raise ValueError("record without dn: %r" % (record[0],))
		dn = norm_dn(record[0][1].decode("utf-8"))
		out.append("dn\t" + dn)
		for name, value in record[1:]:
			low = name.lower()
			if low == "changetype":
				if value != b"add":
					raise ValueError("changetype %s in %s" % (value, dn))
				continue
			if low.split(";")[0] in dn_attrs:
				value = norm_dn(value.decode("utf-8")).encode("utf-8")
			out.append("%s\t%s\t%s" % (dn, low, show(value)))
		record = []
	return out


def main():
	args = sys.argv[1:]
	dn_attrs = set()
	if len(args) >= 2 and args[0] == "--dn-attrs":
		dn_attrs = {a.lower() for a in args[1].split(",") if a}
		args = args[2:]
	if not args:
		sys.stderr.write("usage: ldif_canon.py [--dn-attrs a,b] FILE...\n")
		return 2
	lines = []
	for path in args:
		with open(path, "rb") as f:
			try:
				lines += canon(f.read(), dn_attrs)
			except ValueError as e:
				sys.stderr.write("ldif_canon.py: %s: %s\n" % (path, e))
				return 1
	lines.sort()
	sys.stdout.write("".join(l + "\n" for l in lines))
	return 0


if __name__ == "__main__":
	sys.exit(main())
