#!/usr/bin/env python3
"""Pairs of exports for ldfix --accounts: a resource forest with linked
mailboxes, and the account forest that owns them.

Deterministic for the same arguments (GUIDs are uuid5 of fixed names).
The resource export (DC=res,DC=contoso,DC=com, as tests/e2e/mksamples.py
builds its users, so it loads into the e2e slapd) holds linked mailboxes
owned from two account domains: ACCT (acct.fabrikam.com), whose export
exists, and OTHER (other.example), never exported. Some owners were
migrated with ADMT from OLD (old.fabrikam.com) into ACCT: their old SID is
in the new account's sIDHistory. PEOPLE says what ldfix must find for each
mailbox.

  gen_accounts.py resource ldifde|ldapsearch         the resource forest
      [--no-anchor]   no user has an mS-DS-ConsistencyGuid of its own
  gen_accounts.py accounts ldifde|ldapsearch         ACCT's users
      [--extra N]     N more accounts (a big export: streamed), with the
                      RIDs from 100000 up, or from R with [--first-rid R]
      [--no-admin]    without the Administrator (an export of one OU)
      [--drop ATTR]   without ATTR on every account (repeatable)
      [--twice]       every owner's account twice (one export, doubled)
  gen_accounts.py old-domain ldifde|ldapsearch       OLD, half migrated:
      its Administrator and dave's old account still exist

ldifde style: CRLF, an empty line first, "changetype: add", 80 columns
folded the ldifde way. ldapsearch style: LF, its comments and trailer, 78
columns (OpenLDAP). Only the Debian python3 standard library is used.
"""
import base64
import datetime
import os
import struct
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "e2e"))
import mksamples  # noqa: E402  (the samples' writers and user entries)

RES = mksamples.RES_DOMAIN                      # DC=res,DC=contoso,DC=com
ACCT = mksamples.ACC_DOMAIN                     # DC=acct,DC=fabrikam,DC=com
OTHER = (21, 1818181818, 2727272727, 3636363636)    # other.example: no export
OLD = (21, 2468013579, 1357924680, 1122334455)      # DC=old,DC=fabrikam,DC=com
RES_SUFFIX = mksamples.SUFFIX
ACCT_SUFFIX = "DC=acct,DC=fabrikam,DC=com"
OLD_SUFFIX = "DC=old,DC=fabrikam,DC=com"
NS = uuid.UUID("0b7c4b0e-3f55-4d2b-a1c9-6a1d2e7f8a90")


def sid(dom, rid):
    return mksamples.domain_sid(dom, rid)


def guid(name):
    return uuid.uuid5(NS, name).bytes_le


# The mailboxes of the resource forest and what ldfix must find for each:
# (sam, rid, RTD, master SID or None, owner status or None for no owner,
#  the owner's account: (sam, rid in ACCT, UAC, sIDHistory, has a
#  ConsistencyGuid) or None, "via").
PEOPLE = [
    ("alice", 1201, 2, sid(ACCT, 1101), "enabled",
     ("alice", 1101, 512, [], False), "objectSid"),
    ("bob", 1202, 2, sid(ACCT, 1102), "disabled",
     ("bob", 1102, 514, [], False), "objectSid"),
    ("carol", 1203, 2, sid(ACCT, 1103), "not-found", None, None),
    ("dave", 1204, 2, sid(OLD, 2201), "enabled",
     ("dave", 1104, 66048, [sid(OLD, 2201)], False), "sIDHistory"),
    ("erin", 1205, 2, sid(OTHER, 3301), "no-export", None, None),
    ("frank", 1206, 2, mksamples.SELF, "not-applicable", None, None),
    ("grace", 1207, 2, sid(RES, 1500), "not-applicable", None, None),
    ("heidi", 1208, 1, None, None, None, None),
    ("ivan", 1209, 2, sid(ACCT, 1105), "enabled",
     ("ivan", 1105, 512, [], True), "objectSid"),
    ("judy", 1210, 2, sid(OLD, 2202), "disabled",
     ("judy", 1107, 66050, [sid(OLD, 2299), sid(OLD, 2202)], False),
     "sIDHistory"),
    ("kim", 1211, 1, sid(ACCT, 1108), "enabled",
     ("kim", 1108, 512, [], False), "objectSid"),
    ("lena", 1212, 2, sid(ACCT, 1109), "enabled",
     ("lena", 1109, 512, [], True), "objectSid"),
]

# Resource users that already have an anchor of their own.
OWN_ANCHOR = {"lena"}

# Accounts of ACCT that own nothing: the built-in ones.
BUILTIN = [("Administrator", 500, 66048), ("Guest", 501, 66082),
           ("krbtgt", 502, 514)]


def account_dn(sam, suffix, builtin=False):
    cn = sam if builtin else "%s (account)" % sam.capitalize()
    return "CN=%s,%s" % (cn, ("CN=Users," if builtin else "OU=People,") + suffix)


def last_logon(rid):
    """lastLogonTimestamp of the account with this RID (a FILETIME)."""
    return 133500000000000000 + rid * 10**9


def last_logon_utc(rid):
    """The same as ldfix shows it: UTC, to the second."""
    t = datetime.datetime(1601, 1, 1) + datetime.timedelta(
        microseconds=last_logon(rid) // 10)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def account_attrs(sam, dom, rid, uac, history=(), consistency=False,
                  suffix=ACCT_SUFFIX, upn_domain="fabrikam.com"):
    """One account as an ldifde -l / ldapsearch attribute list asks for it."""
    dn = account_dn(sam, suffix, rid < 1000)
    attrs = [("objectGUID", guid(dn)),
             ("objectSid", mksamples.sid_bytes(sid(dom, rid)))]
    for h in history:
        attrs.append(("sIDHistory", mksamples.sid_bytes(h)))
    attrs += [("sAMAccountName", sam)]
    if rid >= 1000:
        attrs += [("userPrincipalName", "%s@%s" % (sam, upn_domain))]
    attrs += [("userAccountControl", str(uac)),
              ("lastLogonTimestamp", str(last_logon(rid))),
              ("displayName", sam.capitalize() if rid >= 1000 else sam)]
    if rid >= 1000:
        attrs.append(("mail", "%s@fabrikam.com" % sam))
    if consistency:
        attrs.append(("mS-DS-ConsistencyGuid", guid("anchor:" + sam)))
    return dn, attrs


class Writer:
    """Streams records in ldifde or ldapsearch style."""

    def __init__(self, style, base, out):
        self.style, self.base, self.out, self.n = style, base, out, 0
        if style == "ldapsearch":
            self.put(["# extended LDIF", "#", "# LDAPv3",
                      "# base <%s> with scope subtree" % base,
                      "# filter: (&(objectCategory=person)(objectClass=user))",
                      "# requesting: objectSid sIDHistory ...", "#", ""])

    def put(self, lines):
        eol = "\r\n" if self.style == "ldifde" else "\n"
        self.out.write((eol.join(lines) + eol).encode("utf-8"))

    def record(self, dn, attrs):
        out = []
        self.n += 1
        flat = []
        for name, value in attrs:
            if value is None:
                continue
            for v in value if isinstance(value, list) else [value]:
                flat.append((name, v))
        if self.style == "ldifde":
            out.append("")
            mksamples.ldifde_line(out, "dn", dn)
            out.append("changetype: add")
            for name, v in flat:
                mksamples.ldifde_line(out, name, v)
        else:
            mksamples.ldapsearch_fold(out, "# " + mksamples.ufn(dn))
            mksamples.ldapsearch_line(out, "dn", dn)
            for name, v in flat:
                mksamples.ldapsearch_line(out, name, v)
            out.append("")
        self.put(out)

    def close(self):
        if self.style == "ldifde":
            self.put([""])
        else:
            self.put(["# search result", "search: 2", "result: 0 Success", "",
                      "# numResponses: %d" % (self.n + 1),
                      "# numEntries: %d" % self.n])


def resource(style, out, anchors=True):
    w = Writer(style, RES_SUFFIX, out)
    linked = "OU=Linked," + RES_SUFFIX
    # The domain head and the OU first, as an export with containers has
    # them (and slapd needs them to load the users).
    root = mksamples.common(1, RES_SUFFIX, "res", "Domain-DNS", instance="5")
    w.record(RES_SUFFIX, [("objectClass", ["top", "domain", "domainDNS"])] +
             [(k, root[k]) for k in ("distinguishedName", "instanceType",
                                     "whenCreated", "whenChanged", "name",
                                     "objectGUID")] +
             [("objectSid", mksamples.sid_bytes(mksamples.domain_sid(RES))),
              ("objectCategory", root["objectCategory"]), ("dc", "res")])
    w.record(linked, mksamples.container_attrs(
        2, linked, ["top", "organizationalUnit"], "ou", "Linked",
        "Organizational-Unit"))
    for k, (sam, rid, rtd, master, _status, _acct, _via) in enumerate(PEOPLE):
        dn, attrs = mksamples.user(100 + k, linked, sam.capitalize(), sam, rid,
                                   uac=66050 if rtd == 2 else 512, rtd=rtd,
                                   rdt=1073741824, master=master,
                                   sn=sam.capitalize(), given=sam)
        if anchors and sam in OWN_ANCHOR:
            attrs.append(("mS-DS-ConsistencyGuid", guid("resource:" + sam)))
        w.record(dn, attrs)
    w.close()


def accounts(style, out, extra=0, admin=True, drop=(), twice=False,
             first_rid=100000):
    w = Writer(style, ACCT_SUFFIX, out)

    def put(dn, attrs):
        w.record(dn, [(n, v) for n, v in attrs if n not in drop])

    for sam, rid, uac in BUILTIN:
        if sam == "Administrator" and not admin:
            continue
        put(*account_attrs(sam, ACCT, rid, uac))
    for _sam, _rid, _rtd, _m, _s, acct, _via in PEOPLE:
        if acct is None:
            continue
        sam, rid, uac, history, consistency = acct
        for _ in range(2 if twice else 1):
            put(*account_attrs(sam, ACCT, rid, uac, history, consistency))
    for i in range(extra):
        sam = "u%07d" % i
        put(*account_attrs(sam, ACCT, first_rid + i, 512 if i % 7 else 514))
    w.close()


def old_domain(style, out):
    w = Writer(style, OLD_SUFFIX, out)
    w.record(*account_attrs("Administrator", OLD, 500, 66048,
                            suffix=OLD_SUFFIX))
    w.record(*account_attrs("dave", OLD, 2201, 66050, suffix=OLD_SUFFIX,
                            upn_domain="old.fabrikam.com"))
    w.close()


def main():
    args = sys.argv[1:]
    if len(args) < 2 or args[1] not in ("ldifde", "ldapsearch"):
        sys.exit(__doc__)
    what, style, rest = args[0], args[1], args[2:]
    out = sys.stdout.buffer
    if what == "resource" and rest in ([], ["--no-anchor"]):
        resource(style, out, not rest)
    elif what == "old-domain" and not rest:
        old_domain(style, out)
    elif what == "accounts":
        extra, admin, drop, twice, first = 0, True, [], False, 100000
        while rest:
            opt = rest.pop(0)
            if opt == "--extra":
                extra = int(rest.pop(0))
            elif opt == "--no-admin":
                admin = False
            elif opt == "--drop":
                drop.append(rest.pop(0))
            elif opt == "--twice":
                twice = True
            elif opt == "--first-rid":
                first = int(rest.pop(0))
            else:
                sys.exit("gen_accounts.py: unknown option " + opt)
        accounts(style, out, extra, admin, drop, twice, first)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
