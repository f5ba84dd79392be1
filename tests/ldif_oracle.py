#!/usr/bin/env python3
"""ldif_oracle.py: outside opinions on LDIF files, for the script tests.

  ldif_oracle.py records FILE   the records as python-ldap parses them
  ldif_oracle.py decode FILE    SIDs and GUIDs of well-known attributes

"records" prints one line per record and per value, values in base64, so
that two files holding the same data print the same text. python-ldap
(Debian python3-ldap) has two parsers and each knows only part of LDIF:
parse_entry_records() reads content records (and treats an ldifde
"changetype: add" line as an attribute, which is dropped here), and
parse_change_records() reports only modify records. Both run over the file;
deletes and renames are seen by neither (ldapmodify -n covers those).
ldapsearch's "search:"/"result:" trailer is removed first, because
python-ldap takes it for a record without a DN.

"decode" computes, without ldfix, what "ldfix cat --decode" must say under
each SID or GUID value: "attr: S-1-5-..." or "attr: xxxxxxxx-...".
"""

import base64
import io
import re
import struct
import sys
import uuid

import ldif

TRAILER = re.compile(rb'(?m)^search: [0-9]+\r?\n(?:result: [^\r\n]*\r?\n)?')


def b64(value):
    return base64.b64encode(value).decode('ascii') if value else '-'


class Entries(ldif.LDIFParser):
    def __init__(self, data, out):
        ldif.LDIFParser.__init__(self, io.BytesIO(data))
        self.out = out

    def handle(self, dn, entry):
        changetype = entry.pop('changetype', None)
        if changetype not in (None, [b'add']):
            return      # a change record: parse_change_records' business
        self.out.append('entry ' + b64(dn.encode('utf-8')))
        for name, values in entry.items():
            for value in values:
                self.out.append(' %s %s' % (name, b64(value)))


class Changes(ldif.LDIFParser):
    OPS = {0: 'add', 1: 'delete', 2: 'replace', 3: 'increment'}

    def __init__(self, data, out):
        ldif.LDIFParser.__init__(self, io.BytesIO(data))
        self.out = out

    def handle_modify(self, dn, modops, controls=None):
        self.out.append('modify ' + b64(dn.encode('utf-8')))
        for op, attr, values in modops:
            self.out.append(' %s %s' % (self.OPS.get(op, op), attr))
            for value in values or []:
                self.out.append('  %s' % b64(value))


def records(path):
    with open(path, 'rb') as f:
        data = TRAILER.sub(b'', f.read())
    out = []
    Entries(data, out).parse_entry_records()
    Changes(data, out).parse_change_records()
    return out


SID_TYPES = {t.lower() for t in (
    'objectSid', 'msExchMasterAccountSid', 'sIDHistory', 'securityIdentifier',
    'tokenGroups', 'tokenGroupsGlobalAndUniversal',
    'tokenGroupsNoGCAcceptable', 'mS-DS-CreatorSID')}
GUID_TYPES = {t.lower() for t in (
    'objectGUID', 'msExchMailboxGuid', 'schemaIDGUID', 'attributeSecurityGUID',
    'invocationId')}


def sid_text(b):
    """MS-DTYP 2.4.2.2, or None when b is not a SID."""
    if len(b) < 8 or b[0] != 1 or b[1] > 15 or len(b) != 8 + 4 * b[1]:
        return None
    auth = int.from_bytes(b[2:8], 'big')
    subs = struct.unpack('<%dI' % b[1], b[8:])
    auth_text = str(auth) if auth < 2 ** 32 else '0x%012x' % auth
    return '-'.join(['S', '1', auth_text] + [str(s) for s in subs])


def decode(path):
    """Every value of the file's entries and modify records, in file order:
    read with python-ldap's unfolding and base64, then decoded here."""
    out = []
    with open(path, 'rb') as f:
        data = TRAILER.sub(b'', f.read())
    parser = ldif.LDIFParser(io.BytesIO(data))
    while True:
        try:
            name, value = parser._next_key_and_value()
        except EOFError:
            break
        if name is None or value is None:
            continue
        kind = name.split(';')[0].lower()
        text = None
        if kind in SID_TYPES or kind.endswith('sid'):
            text = sid_text(value)
        if text is None and (kind in GUID_TYPES or kind.endswith('guid')) \
                and len(value) == 16:
            text = str(uuid.UUID(bytes_le=value))
        if text is not None:
            out.append('# %s: %s' % (name, text))
    return out


def main(argv):
    if len(argv) != 3 or argv[1] not in ('records', 'decode'):
        sys.stderr.write('usage: ldif_oracle.py records|decode FILE\n')
        return 2
    lines = records(argv[2]) if argv[1] == 'records' else decode(argv[2])
    sys.stdout.write(''.join(line + '\n' for line in lines))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
