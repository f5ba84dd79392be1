#!/usr/bin/python3
"""sd_oracle.py: ldfix's security descriptor module against python3-samba.

Usage: sd_oracle.py DRIVER [COUNT [SEED [LEFTOVER [LDFIX]]]]

DRIVER is build/tests/tools/sd_sddl (tests/tools/sd_sddl.c): it reads
"HEX SID" lines and prints the SDDL of each descriptor and the rights the
DACL grants SID. This script builds descriptors byte by byte (random ones
from SEED, and hand-built ones), and checks that for every one of them

  - the SDDL is byte for byte what samba writes:
    ndr_unpack(security.descriptor, bytes).as_sddl();
  - the rights are what a second reading of samba's parse gives: the
    MailboxRights of the allowed ACEs for SID that apply to the object as a
    whole, and Send-As / Personal-Information from object ACEs;
  - mutated copies (bytes flipped, fields overwritten, truncated) that
    ldfix accepts are read the same way by samba (ldfix may refuse more).

With LEFTOVER (DRIVER --leftover: the engine's ace test and the built-in
rule's leftover-permissions on each descriptor, see
tests/tools/sd_sddl.c), the ACEs it finds for SID are those a reading
of samba's parse finds, and a descriptor it cannot read is one DRIVER
refused for the same reason. With LDFIX (the ldfix command line), every
descriptor above goes through `ldfix cat --decode` as an
nTSecurityDescriptor value: the comment under it is samba's SDDL, or for a
refused one "not a valid security descriptor: REASON (at byte N)".

Prints "ok - NAME" / "not ok - NAME" lines (tests/run-tests.sh counts them).
Needs Debian's python3-samba; runs with the system python3, never pip.
"""
import base64
import random
import struct
import subprocess
import sys
import uuid

from samba.dcerpc import security
from samba.ndr import ndr_pack, ndr_unpack

SEND_AS = "ab721a54-1e2f-11d0-9819-00aa0040529b"
PERSONAL_INFO = "77b5b886-944a-11d1-aebd-0000f80367c1"
MAILBOX_RIGHTS = [(0x1, "FullAccess"), (0x2, "SendAs"),
                  (0x4, "ExternalAccount"), (0x10000, "DeleteItem"),
                  (0x20000, "ReadPermission"), (0x40000, "ChangePermission"),
                  (0x80000, "ChangeOwner")]
AD_RIGHTS = [("Send-As", 0x100, SEND_AS),
             ("Personal-Information", 0x30, PERSONAL_INFO)]
KNOWN_MASK_BITS = [0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100,
                   0x10000, 0x20000, 0x40000, 0x80000,
                   0x10000000, 0x20000000, 0x40000000, 0x80000000]
ACE_FLAG_BITS = [0x01, 0x02, 0x04, 0x08, 0x10, 0x40, 0x80]
CONTROL_BITS = [0x0001, 0x0002, 0x0008, 0x0020, 0x0100, 0x0200, 0x0400,
                0x0800, 0x1000, 0x2000, 0x4000]
EXCHANGE_MASKS = [0x1, 0x5, 0x4, 0x20001, 0x100, 0x30, 0xf01ff, 0x1f01ff,
                  0x20094, 0x2, 0xe0000]

# A synthetic linked mailbox's msExchMailboxSecurityDescriptor: owner
# SYSTEM; DACL: SELF 0x20001 (CI), the master 0x5 FullAccess+ExternalAccount
# (CI).
SYNTHETIC_SD = base64.b64decode(
    "AQAEgBQAAAAAAAAAAAAAACAAAAABAQAAAAAABRIAAAACAEAAAgAAAAACFAABAAIAAQEAAAAAAAUKAA"
    "AAAAIkAAUAAAABBQAAAAAABRUAAADH9/7XfHdVyJRazgH1AwAA")
SYNTHETIC_MASTER = "S-1-5-21-3623811015-3361044348-30300820-1013"

results = []


def check(name, good, detail=""):
    results.append(good)
    print(("ok - " if good else "not ok - ") + name)
    if not good and detail:
        for line in detail.splitlines():
            print("#   " + line)


def well_known_sids():
    """Every SID samba has an SDDL alias for, found by asking it."""
    dom = security.dom_sid("S-1-5-21-1-2-3")
    found = []
    for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            try:
                sd = security.descriptor.from_sddl("O:" + a + b, dom)
            except Exception:
                continue
            found.append(str(sd.owner_sid))
    return found


def sid_bytes(text):
    return ndr_pack(security.dom_sid(text))


def random_sid(rng, wk):
    r = rng.random()
    if r < 0.35:
        return rng.choice(wk)
    if r < 0.75:
        subs = [21] + [rng.randrange(2**32) for _ in range(3)]
        subs.append(rng.choice([500, 512, 513, 1013, 1104,
                                rng.randrange(2**32)]))
        return "S-1-5-" + "-".join(map(str, subs))
    if r < 0.85:
        return "S-1-5-32-%d" % rng.randrange(540, 590)
    auth = rng.choice([0, 1, 5, 16, 2**32, 0x112233445566, 2**48 - 1])
    auth_s = str(auth) if auth < 2**32 else "0x%012x" % auth
    n = rng.randrange(16)
    return "S-1-%s%s" % (auth_s, "".join(
        "-%d" % rng.randrange(2**32) for _ in range(n)))


def random_mask(rng):
    r = rng.random()
    if r < 0.2:
        return rng.choice(EXCHANGE_MASKS)
    if r < 0.55:
        m = 0
        for bit in KNOWN_MASK_BITS:
            if rng.random() < 0.3:
                m |= bit
        return m
    if r < 0.65:
        return 0
    if r < 0.8:
        return 1 << rng.randrange(32)
    return rng.randrange(2**32)


def random_guid(rng):
    if rng.random() < 0.3:
        return rng.choice([SEND_AS, PERSONAL_INFO])
    return str(uuid.UUID(int=rng.randrange(2**128)))


def ace(ace_type, flags, mask, sid, obj=None, pad=0):
    """One ACE: obj is (flags, object-type, inherited-type) for object ACEs."""
    body = struct.pack("<I", mask)
    if obj is not None:
        oflags, ot, it = obj
        body += struct.pack("<I", oflags)
        if oflags & 1:
            body += uuid.UUID(ot).bytes_le
        if oflags & 2:
            body += uuid.UUID(it).bytes_le
    body += sid_bytes(sid) + b"\0" * pad
    return struct.pack("<BBH", ace_type, flags, 4 + len(body)) + body


def random_ace(rng, sids):
    t = rng.choice([0, 0, 0, 1, 2, 3, 5, 5, 5, 6, 7, 8])
    flags = 0
    for bit in ACE_FLAG_BITS:
        if rng.random() < 0.25:
            flags |= bit
    obj = None
    if t >= 5:
        oflags = rng.randrange(4)
        if rng.random() < 0.05:
            oflags |= rng.choice([4, 8, 0x80000000])
        obj = (oflags, random_guid(rng), random_guid(rng))
    pad = rng.choice([0] * 8 + [4, 8])
    return ace(t, flags, random_mask(rng), rng.choice(sids), obj, pad)


def acl(aces, revision=4, slack=0):
    body = b"".join(aces)
    return struct.pack("<BBHHH", revision, 0, 8 + len(body) + slack,
                       len(aces), 0) + body + b"\0" * slack


def descriptor(control, owner=None, group=None, sacl=None, dacl=None,
               order=(0, 1, 2, 3), gaps=(0, 0, 0, 0)):
    """Lay the parts out in the given order, with gaps (multiples of 4)."""
    parts = [owner, group, sacl, dacl]
    offsets = [0, 0, 0, 0]
    body = b""
    for i in order:
        if parts[i] is None:
            continue
        body += b"\0" * gaps[i]
        offsets[i] = 20 + len(body)
        body += parts[i]
    return struct.pack("<BBHIIII", 1, 0, control | 0x8000,
                       *offsets) + body


def random_descriptor(rng, wk):
    sids = [random_sid(rng, wk) for _ in range(rng.randrange(1, 4))]
    control = 0
    for bit in CONTROL_BITS:
        if rng.random() < 0.2:
            control |= bit
    owner = sid_bytes(random_sid(rng, wk)) if rng.random() < 0.8 else None
    group = sid_bytes(random_sid(rng, wk)) if rng.random() < 0.6 else None
    sacl = dacl = None
    if rng.random() < 0.3:
        control |= 0x10
        sacl = acl([random_ace(rng, sids) for _ in range(rng.randrange(4))],
                   rng.choice([2, 4]), rng.choice([0, 0, 4, 12]))
    if rng.random() < 0.9:
        control |= 0x4
        dacl = acl([random_ace(rng, sids) for _ in range(rng.randrange(9))],
                   rng.choice([2, 4]), rng.choice([0, 0, 0, 4]))
    order = list(range(4))
    rng.shuffle(order)
    gaps = [rng.choice([0, 0, 0, 4, 8]) for _ in range(4)]
    query = rng.choice(sids + [random_sid(rng, wk)])
    return descriptor(control, owner, group, sacl, dacl, order, gaps), query


def hand_built():
    """Named descriptors of a linked mailbox's two attributes."""
    master = SYNTHETIC_MASTER
    other = "S-1-5-21-1004336348-1177238915-682003330-1163"
    self_sid, system, au = "S-1-5-10", "S-1-5-18", "S-1-5-11"
    cases = [("synthetic linked mailbox msExchMailboxSecurityDescriptor",
              SYNTHETIC_SD, master)]
    mbx = lambda aces: descriptor(0x4, sid_bytes(system), None, None,
                                  acl(aces, 2))
    cases.append(("mailbox SD without the master's ACE", mbx(
        [ace(0, 2, 0x20001, self_sid), ace(0, 2, 0x1, other)]), master))
    cases.append(("mailbox SD with several ACEs for the master", mbx(
        [ace(0, 2, 0x1, master), ace(0, 2, 0x4, master),
         ace(0, 0x0a, 0x20000, master), ace(1, 2, 0x2, master),
         ace(0, 2, 0x10000, master)]), master))
    nt_aces = [
        ace(0, 0, 0x20094, au),
        ace(5, 0, 0x100, master, (1, SEND_AS, None)),
        ace(5, 0, 0x30, master, (1, PERSONAL_INFO, None)),
        ace(5, 0x12, 0x130, self_sid, (3, SEND_AS,
            "bf967aba-0de6-11d0-a285-00aa003049e2")),
        ace(5, 0x12, 0x10, au, (2, None,
            "bf967aba-0de6-11d0-a285-00aa003049e2")),
        ace(6, 0, 0x100, other, (1, SEND_AS, None)),
    ]
    nt = descriptor(0x4 | 0x400 | 0x1000, sid_bytes("S-1-5-32-544"),
                    sid_bytes("S-1-5-32-544"), None, acl(nt_aces, 4))
    cases.append(("nTSecurityDescriptor with the master's object ACEs",
                  nt, master))
    cases.append(("nTSecurityDescriptor: object ACE with both GUIDs",
                  nt, self_sid))
    cases.append(("inherit-only and denied ACEs grant nothing", mbx(
        [ace(0, 0x0a, 0x5, master), ace(1, 2, 0x5, master),
         ace(6, 0, 0x100, master, (1, SEND_AS, None))]), master))
    cases.append(("an object ACE limited to another GUID", descriptor(
        0x4, None, None, None, acl([ace(5, 0, 0x130, master, (
            1, "bf967aba-0de6-11d0-a285-00aa003049e2", None))])), master))
    cases.append(("an object ACE without GUIDs grants everything", descriptor(
        0x4, None, None, None, acl([ace(5, 0, 0x135, master, (0, None,
                                                             None))])),
        master))
    cases.append(("empty descriptor", descriptor(0), master))
    cases.append(("empty DACL, protected and auto-inherited", descriptor(
        0x4 | 0x1000 | 0x400 | 0x100, None, None, None, acl([])), master))
    cases.append(("SACL with audit ACEs", descriptor(
        0x14 | 0x2000 | 0x800, sid_bytes(system), None,
        acl([ace(2, 0xc0, 0x130, "S-1-1-0"),
             ace(7, 0x40, 0x100, au, (1, SEND_AS, None)),
             ace(3, 0x80, 0x1, master), ace(8, 0, 0x20, au, (0, None, None))]),
        acl([ace(0, 0, 0x1f01ff, master)])), master))
    for text in ["O:BAG:BAD:PAI(A;CI;RPWPCRCCDCLCLORCWOWDSDDTSW;;;SY)"
                 "(OA;;CR;ab721a54-1e2f-11d0-9819-00aa0040529b;;PS)"
                 "(OA;;RPWP;77b5b886-944a-11d1-aebd-0000f80367c1;;PS)"
                 "(A;;RPLCLORC;;;AU)S:AI(AU;SAFA;WPWDWO;;;WD)",
                 "O:SYG:SYD:(A;;0x001f01ff;;;%s)(D;OICI;GA;;;AN)" % master]:
        packed = ndr_pack(security.descriptor.from_sddl(
            text, security.dom_sid("S-1-5-21-1-2-3")))
        cases.append(("samba-packed " + text[:40], packed, master))
    return cases


def samba_view(data, sid):
    """samba's SDDL and the rights it implies, or None if it cannot read."""
    try:
        # allow_remaining: samba reads an ACL's ACEs, not its AclSize,
        # and would call slack after the last ACE "unread bytes".
        d = ndr_unpack(security.descriptor, data, allow_remaining=True)
        sddl = d.as_sddl()
    except Exception:
        return None
    mask, ad = 0, set()
    sid = str(security.dom_sid(sid))    # samba's spelling of it
    if d.type & security.SEC_DESC_DACL_PRESENT and d.dacl is not None:
        for a in d.dacl.aces:
            if a.type not in (0, 5) or a.flags & 0x08:
                continue
            if str(a.trustee) != sid:
                continue
            ot = None
            if a.type == 5 and a.object.flags & 1:
                ot = str(a.object.type)
            if ot is None:
                mask |= a.access_mask
            for name, bits, guid in AD_RIGHTS:
                if a.access_mask & bits == bits and ot in (None, guid):
                    ad.add(name)
    names = [n for bit, n in MAILBOX_RIGHTS if mask & bit]
    rest = mask & ~sum(bit for bit, _ in MAILBOX_RIGHTS)
    mbx = ",".join(names) + ("+0x%x" % rest if rest else "")
    adn = ",".join(n for n, _, _ in AD_RIGHTS if n in ad)
    return "sddl\t%s\t%s\t%s" % (sddl, mbx or "-", adn or "-")


def run_driver(driver, vectors):
    text = "".join("%s %s\n" % (data.hex(), sid) for data, sid in vectors)
    out = subprocess.run([*driver, ], input=text, capture_output=True,
                         text=True, check=False)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit("sd_oracle: the driver failed")
    return out.stdout.splitlines()


def compare(name, driver, vectors, labels=None):
    got = run_driver(driver, vectors)
    bad = []
    for i, ((data, sid), line) in enumerate(zip(vectors, got)):
        want = samba_view(data, sid)
        if line != want:
            bad.append("%s\n  hex:   %s\n  ldfix: %s\n  samba: %s" % (
                labels[i] if labels else "#%d" % i, data.hex(), line, want))
    check("%s (%d descriptors)" % (name, len(vectors)),
          not bad and len(got) == len(vectors), "\n".join(bad[:5]))


def samba_leftover(data, sid):
    """What DRIVER --leftover must find, from samba's parse: the three tests of
    the built-in rule's leftover-permissions, ACE by ACE, each ACE once per
    attribute; then whether the warning conditions hold."""
    try:
        d = ndr_unpack(security.descriptor, data, allow_remaining=True)
        d.as_sddl()
    except Exception:
        return None
    sid = str(security.dom_sid(sid))
    aces = []
    if d.type & security.SEC_DESC_DACL_PRESENT and d.dacl is not None:
        aces = list(d.dacl.aces)
    specs = [("m", 0x5, 0, None), ("n", 0, 0x100, SEND_AS),
             ("n", 0x30, 0, PERSONAL_INFO)]
    found, seen, held = [], set(), [False, False]
    for kind, any_bits, all_bits, guid in specs:
        for i, a in enumerate(aces):
            if a.type not in (0, 5) or a.flags & 0x08:
                continue
            if str(a.trustee) != sid:
                continue
            ot = None
            if a.type == 5 and a.object.flags & 1:
                ot = str(a.object.type)
            if ot is not None and ot != guid:
                continue
            if all_bits and a.access_mask & all_bits != all_bits:
                continue
            if any_bits and not a.access_mask & any_bits:
                continue
            held[kind == "n"] = True
            if (kind, i) in seen:
                continue
            seen.add((kind, i))
            found.append("%s:0x%x:0x%x:%s" % (kind, a.access_mask, a.flags,
                                              ot or "-"))
    return "found\t%s\t%s\t%s" % (" ".join(found) or "-",
                                   "yes" if held[0] else "no",
                                   "yes" if held[1] else "no")


SPELLING = ("ACE type has no SDDL spelling",
            "ACE flag 0x20 has no SDDL spelling")


def compare_leftover(name, leftover, driver, vectors, stray=False):
    """DRIVER --leftover against samba where both read the descriptor, and
    against DRIVER's reason where ldfix cannot."""
    got = run_driver(leftover, vectors)
    sddl = run_driver(driver, vectors)
    bad, compared = [], 0
    for (data, sid), line, s in zip(vectors, got, sddl):
        if s.startswith("error\t"):
            reason = s.split("\t", 2)[2]
            if reason in SPELLING:
                continue
            want = "unreadable\t" + reason
        else:
            want = samba_leftover(without_stray_acls(data) if stray
                                  else data, sid)
            if want is None:
                continue
        compared += 1
        if line != want:
            bad.append("hex:   %s\n  sid:   %s\n  ldfix: %s\n  want:  %s"
                       % (data.hex(), sid, line, want))
    check("%s: the ace test finds what samba's parse holds (%d compared)"
          % (name, compared),
          not bad and len(got) == len(vectors) and compared > 0,
          "\n".join(bad[:5]))


def compare_cat(name, ldfix, driver, vectors, stray=False):
    """ldfix cat --decode over every descriptor as nTSecurityDescriptor."""
    ldif = "".join("dn: CN=d%d\nnTSecurityDescriptor:: %s\n\n" % (
        i, base64.b64encode(data).decode()) for i, (data, _) in
        enumerate(vectors))
    out = subprocess.run([*ldfix, "cat", "--decode", "-"], input=ldif,
                         capture_output=True, text=True, check=False)
    # an empty SDDL leaves "# nTSecurityDescriptor:" (no trailing space)
    comments = [line[len("# nTSecurityDescriptor:"):].lstrip(" ")
                for line in out.stdout.splitlines()
                if line.startswith("# nTSecurityDescriptor:")]
    sddl = run_driver(driver, vectors)
    bad, compared = [], 0
    for (data, sid), got, s in zip(vectors, comments, sddl):
        if s.startswith("error\t"):
            _, offset, reason = s.split("\t", 2)
            want = "%s: %s (at byte %s)" % (
                "no SDDL for it" if reason in SPELLING else
                "not a valid security descriptor", reason, offset)
        else:
            try:
                want = ndr_unpack(security.descriptor, without_stray_acls(
                    data) if stray else data, allow_remaining=True).as_sddl()
            except Exception:
                continue
        compared += 1
        if got != want:
            bad.append("hex:   %s\n  ldfix: %s\n  want:  %s" % (
                data.hex(), got, want))
    check("%s: cat --decode writes samba's SDDL or the reason (%d "
          "compared)" % (name, compared),
          out.returncode == 0 and len(comments) == len(vectors) and
          not bad and compared > 0, "\n".join(bad[:5]) or out.stderr)


def without_stray_acls(data):
    """ldfix ignores an ACL whose present flag is clear, as Windows does;
    samba follows its offset anyway. Zero such offsets for samba."""
    if len(data) < 20:
        return data
    b = bytearray(data)
    control = struct.unpack_from("<H", b, 2)[0]
    for flag, field in ((0x10, 12), (0x04, 16)):
        if not control & flag:
            b[field:field + 4] = b"\0\0\0\0"
    return bytes(b)


def mutate(rng, data):
    b = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        r = rng.random()
        if not b:
            break
        if r < 0.3 or len(b) < 24:
            b[rng.randrange(len(b))] = rng.randrange(256)
        elif r < 0.6:
            at = rng.randrange(len(b) - 2)
            b[at:at + 2] = struct.pack("<H", rng.choice(
                [0, 4, 8, 16, 20, 24, rng.randrange(65536)]))
        elif r < 0.8:
            at = rng.randrange(4, 20, 4)
            b[at:at + 4] = struct.pack("<I", rng.choice(
                [0, 8, 20, len(b) - 4, len(b), rng.randrange(len(b) + 8)]))
        else:
            del b[rng.randrange(len(b)):]
    return bytes(b)


def main():
    driver = sys.argv[1].split()
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    leftover = sys.argv[4].split() if len(sys.argv) > 4 else None
    ldfix = sys.argv[5].split() if len(sys.argv) > 5 else None
    rng = random.Random(seed)
    wk = well_known_sids()
    check("samba knows the well-known SIDs (%d aliases)" % len(wk),
          len(wk) > 40)

    cases = hand_built()
    compare("hand-built descriptors", driver,
            [(data, sid) for _, data, sid in cases],
            [name for name, _, _ in cases])
    synth = run_driver(driver, [(SYNTHETIC_SD, SYNTHETIC_MASTER)])
    check("synthetic linked mailbox: the master keeps FullAccess and "
          "ExternalAccount",
          synth == ["sddl\tO:SYD:(A;CI;CCRC;;;PS)(A;CI;CCLC;;;%s)"
                    "\tFullAccess,ExternalAccount\t-" % SYNTHETIC_MASTER],
          repr(synth))

    wk_vectors = [(descriptor(0x4, sid_bytes(s), sid_bytes(s), None,
                              acl([ace(0, 0, 1, s)])), s) for s in wk]
    compare("every well-known SID as owner, group and trustee", driver,
            wk_vectors)
    bits = [(descriptor(0x4, None, None, None, acl(
        [ace(0, 0, 1 << i, "S-1-1-0") for i in range(32)] +
        [ace(0, f, 0x1, "S-1-1-0") for f in ACE_FLAG_BITS])), "S-1-1-0")]
    bits += [(descriptor(c | 0x14, None, None, acl([]), acl([])),
              "S-1-1-0") for c in CONTROL_BITS]
    compare("every mask bit, ACE flag and control bit", driver, bits)

    vectors = [random_descriptor(rng, wk) for _ in range(count)]
    compare("random descriptors, seed %d" % seed, driver, vectors)

    mutants = [(mutate(rng, data), sid) for data, sid in vectors[:count]]
    got = run_driver(driver, mutants)
    accepted = [(m, line) for m, line in zip(mutants, got)
                if line.startswith("sddl\t")]
    bad = []
    for (data, sid), line in accepted:
        want = samba_view(without_stray_acls(data), sid)
        if line != want:
            bad.append("hex:   %s\n  ldfix: %s\n  samba: %s" % (
                data.hex(), line, want))
    refused = len(mutants) - len(accepted)
    check("mutated descriptors ldfix accepts read the same in samba "
          "(%d accepted, %d refused)" % (len(accepted), refused),
          not bad and len(got) == len(mutants) and refused > 0,
          "\n".join(bad[:5]))

    hand = [(data, sid) for _, data, sid in cases]
    if leftover is not None:
        compare_leftover("hand-built", leftover, driver, hand)
        compare_leftover("random", leftover, driver, vectors)
        compare_leftover("mutated", leftover, driver, mutants, stray=True)
    if ldfix is not None:
        compare_cat("hand-built", ldfix, driver, hand)
        compare_cat("random and mutated", ldfix, driver,
                    vectors + mutants, stray=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
