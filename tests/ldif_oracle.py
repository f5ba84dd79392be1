#!/usr/bin/env python3
"""ldif_oracle.py: outside opinions on LDIF files, for the script tests.

  ldif_oracle.py records FILE   the records as python-ldap parses them
  ldif_oracle.py records-each DIR < LIST
                                the same for every FILE listed on stdin (one
                                path a line): the records of the Nth into
                                DIR/N.rec, or its error into DIR/N.err (one
                                python start for a whole corpus)
  ldif_oracle.py decode FILE    SIDs and GUIDs of well-known attributes
  ldif_oracle.py generate SEED N
                                N random records written by python-ldap

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
each SID or GUID value: "attr: S-1-5-..." or "attr: xxxxxxxx-...", and,
when python3-samba is there (else it says so on stderr and leaves them
out), under each security descriptor the SDDL samba writes for it.

"generate" writes LDIF with python-ldap's own LDIFWriter, so the corpus also
holds another writer's choices: control bytes other than NUL, CR and LF
left unencoded, folds wherever column 76 falls (after a space, too).
Plain values never start with TAB, VT or FF: python-ldap and OpenLDAP 2.5
both strip such leading whitespace from "attr: value" (RFC 2849 keeps it,
and so does ldfix), so the input itself is ambiguous and the comparison
would only measure that disagreement.
"""

import base64
import io
import random
import re
import struct
import sys
import traceback
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


SD_TYPES = {'ntsecuritydescriptor', 'msexchmailboxsecuritydescriptor'}


def sddl_of():
    """samba's SDDL writer, or None without python3-samba."""
    try:
        from samba.dcerpc import security
        from samba.ndr import ndr_unpack
    except ImportError:
        sys.stderr.write('ldif_oracle: no python3-samba: security '
                         'descriptors left out\n')
        return None
    return lambda b: ndr_unpack(security.descriptor, b,
                                allow_remaining=True).as_sddl()


def decode(path):
    """Every value of the file's entries and modify records, in file order:
    read with python-ldap's unfolding and base64, then decoded here."""
    out = []
    with open(path, 'rb') as f:
        data = TRAILER.sub(b'', f.read())
    parser = ldif.LDIFParser(io.BytesIO(data))
    sddl = sddl_of()
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
        if kind in SD_TYPES and sddl is not None:
            text = sddl(value)
        if text is not None:
            out.append('# %s: %s' % (name, text))
    return out


SPECIAL = [b'\0', b'\r', b'\n', b' ', b':', b'<', b'\t', b'\x7f', b'\x0b',
           b'=', b'#', b'-', b'\xc3\xbc', b'\xe2\x82\xac', b'\xff']


def random_value(rnd):
    out = []
    for _ in range(rnd.choice((0, 1, 3, 10, 40, 120))):
        if rnd.random() < 0.3:
            out.append(rnd.choice(SPECIAL))
        else:
            out.append(bytes([rnd.randrange(0x20, 0x7f)]))
    return b''.join(out).lstrip(b'\t\x0b\x0c')


def generate(seed, count):
    rnd = random.Random(seed)
    names = ['cn', 'description', 'info', 'objectSid', 'mail', 'x-Attr-1',
             'userCertificate;binary', 'cn;lang-de']
    writer = ldif.LDIFWriter(sys.stdout, cols=76)
    for i in range(count):
        word = rnd.choice(['user', 'J\u00fcrgen', 'Doe\\, John', 'a b'])
        dn = 'CN=%s %d,OU=Gen,DC=example,DC=com' % (word, i)
        if rnd.random() < 0.7:
            entry = {}
            for _ in range(rnd.randrange(1, 8)):
                entry.setdefault(rnd.choice(names), []).append(
                    random_value(rnd))
            writer.unparse(dn, entry)
        else:
            mods = []
            for _ in range(rnd.randrange(1, 4)):
                op = rnd.randrange(3)
                values = [random_value(rnd)
                          for _ in range(rnd.randrange(1 if op == 0 else 0, 3))]
                mods.append((op, rnd.choice(names), values or None))
            writer.unparse(dn, mods)


def records_each(outdir, paths):
    for n, path in enumerate(paths, 1):
        base = '%s/%d' % (outdir, n)
        try:
            lines = records(path)
        except Exception:       # the message is the result, as with records
            with open(base + '.err', 'w') as f:
                f.write(traceback.format_exc())
            continue
        with open(base + '.rec', 'w') as f:
            f.write(''.join(line + '\n' for line in lines))


def main(argv):
    if len(argv) == 4 and argv[1] == 'generate':
        generate(int(argv[2]), int(argv[3]))
        return 0
    if len(argv) == 3 and argv[1] == 'records-each':
        records_each(argv[2], sys.stdin.read().splitlines())
        return 0
    if len(argv) != 3 or argv[1] not in ('records', 'decode'):
        sys.stderr.write('usage: ldif_oracle.py records|decode FILE\n'
                         '       ldif_oracle.py records-each DIR < LIST\n'
                         '       ldif_oracle.py generate SEED N\n')
        return 2
    lines = records(argv[2]) if argv[1] == 'records' else decode(argv[2])
    sys.stdout.write(''.join(line + '\n' for line in lines))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
