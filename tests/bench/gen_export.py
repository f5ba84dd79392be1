#!/usr/bin/env python3
"""Generate a synthetic AD + Exchange export for benchmarks and scale tests.

Deterministic for the same arguments. Every tenth user (by default) is a
disabled linked mailbox with a master SID from a foreign forest; the rest are
user mailboxes. Values use the shapes ldifde and ldapsearch write: base64
SIDs and GUIDs, folded lines, optional CRLF and `changetype: add`.

  gen_export.py --count 100000 --crlf --changetype-add > big.ldf
"""
import argparse
import base64
import random
import struct
import sys

RES_DOMAIN = (1004336348, 1177238915, 682003330)
ACCOUNT_FOREST = (3623811015, 3361044348, 30300820)


def sid(domain, rid):
    subs = (21,) + domain + (rid,)
    return struct.pack("<BB", 1, len(subs)) + (5).to_bytes(6, "big") + \
        b"".join(struct.pack("<I", s) for s in subs)


def fold(line, width):
    if width == 0 or len(line) <= width:
        return [line]
    out = [line[:width]]
    rest = line[width:]
    while rest:
        out.append(" " + rest[:width - 1])
        rest = rest[width - 1:]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--linked-every", type=int, default=10)
    ap.add_argument("--suffix", default="DC=res,DC=contoso,DC=com")
    ap.add_argument("--ou", default="OU=Bulk")
    ap.add_argument("--crlf", action="store_true")
    ap.add_argument("--changetype-add", action="store_true")
    ap.add_argument("--wrap", type=int, default=76)
    ap.add_argument("--containers", action="store_true",
                    help="emit the suffix and OU entries first")
    ap.add_argument("--seed", type=int, default=2849)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    eol = "\r\n" if args.crlf else "\n"
    out = sys.stdout
    lines = []

    def attr(name, value):
        if isinstance(value, bytes):
            lines.extend(fold("%s:: %s" % (name, base64.b64encode(value).decode()), args.wrap))
        else:
            lines.extend(fold("%s: %s" % (name, value), args.wrap))

    def flush():
        out.write(eol.join(lines) + eol + eol)
        lines.clear()

    base = "%s,%s" % (args.ou, args.suffix)
    if args.containers:
        dc = args.suffix.split(",")[0].split("=")[1]
        lines.append("dn: " + args.suffix)
        if args.changetype_add:
            lines.append("changetype: add")
        attr("objectClass", "top")
        attr("objectClass", "domain")
        attr("objectClass", "domainDNS")
        attr("dc", dc)
        flush()
        lines.append("dn: " + base)
        if args.changetype_add:
            lines.append("changetype: add")
        attr("objectClass", "top")
        attr("objectClass", "organizationalUnit")
        attr("ou", args.ou.split("=")[1])
        flush()
    mdb = ("CN=DB%02d,CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),"
           "CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,"
           "CN=Configuration," + args.suffix)
    for i in range(args.count):
        linked = args.linked_every > 0 and i % args.linked_every == 0
        given = "User%06d" % i
        cn = "%s Bulk" % given
        sam = "u%06d" % i
        lines.append("dn: CN=%s,%s" % (cn, base))
        if args.changetype_add:
            lines.append("changetype: add")
        for oc in ("top", "person", "organizationalPerson", "user"):
            attr("objectClass", oc)
        attr("cn", cn)
        attr("sn", "Bulk")
        attr("givenName", given)
        attr("displayName", "%s Bulk (Department %d)" % (given, i % 40))
        attr("description", "Synthetic user %d for ldfix benchmarks" % i)
        attr("sAMAccountName", sam)
        if not linked or i % 20 != 0:
            attr("userPrincipalName", "%s@contoso.com" % sam)
        attr("userAccountControl", 66050 if linked else 512)
        attr("objectGUID", bytes(rnd.getrandbits(8) for _ in range(16)))
        attr("objectSid", sid(RES_DOMAIN, 100000 + i))
        attr("mail", "%s.bulk@contoso.com" % given.lower())
        attr("mailNickname", sam)
        attr("proxyAddresses", "SMTP:%s.bulk@contoso.com" % given.lower())
        attr("proxyAddresses", "smtp:%s@contoso.mail.onmicrosoft.com" % sam)
        attr("homeMDB", mdb % (i % 8))
        attr("msExchHomeServerName",
             "/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=EX%02d" % (i % 4))
        attr("legacyExchangeDN",
             "/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=%s" % sam)
        attr("msExchMailboxGuid", bytes(rnd.getrandbits(8) for _ in range(16)))
        if linked:
            attr("msExchMasterAccountSid", sid(ACCOUNT_FOREST, 5000 + i))
            attr("msExchRecipientTypeDetails", 2)
            attr("msExchUserAccountControl", 2)
        else:
            attr("msExchRecipientTypeDetails", 1)
            attr("msExchUserAccountControl", 0)
        attr("msExchRecipientDisplayType", 1073741824)
        attr("telephoneNumber", "+1 425 555 %04d" % (i % 10000))
        attr("company", "Contoso Ltd")
        attr("department", "Department %d" % (i % 40))
        attr("title", "Engineer")
        attr("physicalDeliveryOfficeName", "Building %d" % (i % 12))
        flush()


if __name__ == "__main__":
    main()
