#!/usr/bin/env python3
"""Generate a synthetic AD + Exchange export for benchmarks and scale tests.

Deterministic for the same arguments. Every tenth user (by default) is a
disabled linked mailbox with a master SID from a foreign forest; the rest are
user mailboxes. Values use the shapes ldifde and ldapsearch write: base64
SIDs and GUIDs, folded lines, optional CRLF and `changetype: add`.

  gen_export.py --count 100000 --crlf --changetype-add > big.ldf

With --sd every mailbox also carries the two security descriptors an
export for ldfix asks for: msExchMailboxSecurityDescriptor (SELF, and on a
linked mailbox its master with FullAccess and ExternalAccount, as Exchange
grants them) and a user object's nTSecurityDescriptor (the usual
directory ACEs, and on a linked mailbox the master's Send-As and
Personal-Information), so that the rules' ace tests and
leftover-permissions read real descriptors.
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


SEND_AS = "ab721a54-1e2f-11d0-9819-00aa0040529b"
CHANGE_PASSWORD = "ab721a53-1e2f-11d0-9819-00aa0040529b"
PERSONAL_INFO = "77b5b886-944a-11d1-aebd-0000f80367c1"


def wk_sid(*subs):
    """A well-known S-1-5-... SID."""
    return struct.pack("<BB", 1, len(subs)) + (5).to_bytes(6, "big") + \
        b"".join(struct.pack("<I", s) for s in subs)


def guid_bytes(text):
    """A GUID in the byte order of an ACE (and of objectGUID)."""
    a, b, c, d, e = text.split("-")
    return struct.pack("<IHH", int(a, 16), int(b, 16), int(c, 16)) + \
        bytes.fromhex(d + e)


def ace(mask, who, flags=0, object_type=None):
    """An access-allowed ACE, or an object one with object_type."""
    if object_type is None:
        body = struct.pack("<I", mask) + who
        return struct.pack("<BBH", 0, flags, 4 + len(body)) + body
    body = struct.pack("<II", mask, 1) + guid_bytes(object_type) + who
    return struct.pack("<BBH", 5, flags, 4 + len(body)) + body


def descriptor(owner, group, aces):
    """A self-relative descriptor: header, owner, group, DACL."""
    acl_body = b"".join(aces)
    acl = struct.pack("<BBHHH", 4, 0, 8 + len(acl_body), len(aces), 0) + \
        acl_body
    off_owner = 20
    off_group = off_owner + len(owner)
    off_dacl = off_group + len(group)
    return struct.pack("<BBHIIII", 1, 0, 0x8004, off_owner, off_group, 0,
                       off_dacl) + owner + group + acl


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
    ap.add_argument("--sd", action="store_true",
                    help="add msExchMailboxSecurityDescriptor and "
                    "nTSecurityDescriptor to every mailbox")
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
        if args.sd:
            master = sid(ACCOUNT_FOREST, 5000 + i) if linked else None
            mailbox_sd(attr, master)
            user_sd(attr, master)
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


def mailbox_sd(attr, master):
    """SELF's rights on its mailbox; a linked mailbox's master has
    FullAccess and ExternalAccount (0x5), as Exchange grants them."""
    self_sid = wk_sid(10)
    aces = [ace(0x20001, self_sid, 0x02)]
    if master is not None:
        aces.append(ace(0x5, master, 0x02))
    attr("msExchMailboxSecurityDescriptor",
         descriptor(wk_sid(18), wk_sid(18), aces))


def user_sd(attr, master):
    """A user object's descriptor, as AD stamps one (the explicit ACEs);
    a linked mailbox's master also has Send-As and Personal-Information."""
    admins = sid(RES_DOMAIN, 512)
    aces = [
        ace(0xf01ff, wk_sid(18)),
        ace(0xf01ff, admins),
        ace(0xf01ff, wk_sid(32, 548)),
        ace(0x20094, wk_sid(11)),
        ace(0x20094, wk_sid(10)),
        ace(0x100, b"\x01\x01" + (1).to_bytes(6, "big") +
            struct.pack("<I", 0), 0, CHANGE_PASSWORD),
        ace(0x30, wk_sid(10), 0, PERSONAL_INFO),
    ]
    if master is not None:
        aces.append(ace(0x100, master, 0, SEND_AS))
        aces.append(ace(0x30, master, 0, PERSONAL_INFO))
    attr("nTSecurityDescriptor",
         descriptor(admins, sid(RES_DOMAIN, 513), aces))


if __name__ == "__main__":
    main()
