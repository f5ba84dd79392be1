#!/usr/bin/env python3
# Writes the samples/ exports of a synthetic Exchange resource domain
# (DC=res,DC=contoso,DC=com) holding every kind of linked-mailbox look-alike
# ldfix must tell apart, in the shapes ldifde and ldapsearch write.
#
# The files are committed; this script documents how their binary values
# were made and regenerates them byte for byte (GUIDs are uuid5 of fixed
# names, so the output is deterministic).  From the top of the tree:
#
#	python3 tests/e2e/mksamples.py ldifde > samples/contoso-ldifde.ldf
#	python3 tests/e2e/mksamples.py ldapsearch > samples/contoso-ldapsearch.ldif
#	python3 tests/e2e/mksamples.py ldapsearch-L > samples/contoso-ldapsearch-L.ldif
#	python3 tests/e2e/mksamples.py mailboxes > samples/contoso-mailboxes.ldf
#
# `refold` re-wraps an ldapsearch output read on stdin; the e2e test uses it
# to prove that the ldapsearch writer here folds exactly as OpenLDAP does.
#
# Format choices follow the ldifde notes of the project's domain reference:
# CRLF, one empty line first, no version line, `changetype: add` on every
# record, base64 (`::`) for binary and non-ASCII values, and long lines
# folded ldifde-style: the value starts on the continuation line and every
# physical line is at most 80 columns.

import base64
import struct
import sys
import uuid

SUFFIX = "DC=res,DC=contoso,DC=com"
RES_DOMAIN = (21, 1004336348, 1177238915, 682003330)	# resource domain
ACC_DOMAIN = (21, 3623811015, 3361044348, 30300820)	# foreign account forest
CONFIG = "CN=Configuration," + SUFFIX
SCHEMA = "CN=Schema," + CONFIG
EXORG = "CN=Contoso,CN=Microsoft Exchange,CN=Services," + CONFIG
ADMIN_GROUP = "Exchange Administrative Group (FYDIBOHF23SPDLT)"
HOME_MDB = ("CN=DB01,CN=Databases,CN=%s,CN=Administrative Groups,%s"
    % (ADMIN_GROUP, EXORG))
HOME_SERVER = "/o=Contoso/ou=%s/cn=Configuration/cn=Servers/cn=EX01" % ADMIN_GROUP
GAL = ("CN=Default Global Address List,CN=All Global Address Lists,"
    "CN=Address Lists Container," + EXORG)
ALL_USERS = "CN=All Users,CN=All Address Lists,CN=Address Lists Container," + EXORG
NS = uuid.UUID("6d0f3a52-7c4e-4b8e-9d51-0c3f2a9e1b77")
LDIFDE_WIDTH = 80		# ldifde: assumed, see domain reference 5.2
LDAPSEARCH_WIDTH = 78		# OpenLDAP LDIF_LINE_WIDTH

SELF = "S-1-5-10"
SYSTEM = "S-1-5-18"
ACE_CI = 0x02		# container-inherit
RIGHT_SELF = 0x20001	# ReadPermission | FullAccess, what Exchange grants SELF
RIGHT_LINK = 0x5	# FullAccess | ExternalAccount, granted to the master
# GUIDs of nTSecurityDescriptor object ACEs (MS-ADTS): the Send-As and
# Change-Password extended rights, the Personal-Information and
# User-Account-Restrictions property sets, the user class.
SEND_AS = "ab721a54-1e2f-11d0-9819-00aa0040529b"
CHANGE_PASSWORD = "ab721a53-1e2f-11d0-9819-00aa0040529b"
PERSONAL_INFO = "77b5b886-944a-11d1-aebd-0000f80367c1"
USER_ACCOUNT_RESTRICTIONS = "4c164200-20c0-11d0-a768-00aa006e0529"
USER_CLASS = "bf967aba-0de6-11d0-a285-00aa003049e2"
# What the README's export commands ask for (ldifde -l), in AD's order.
README_ATTRS = ["displayName", "userAccountControl", "objectSid",
    "objectGUID", "sAMAccountName", "userPrincipalName", "mail",
    "mailNickname", "msExchMailboxSecurityDescriptor",
    "msExchMasterAccountSid", "msExchRecipientDisplayType",
    "msExchRecipientTypeDetails", "msExchUserAccountControl",
    "nTSecurityDescriptor"]


def sid_bytes(text):
	"""Binary SID (MS-DTYP 2.4.2.2) from its S-1-... string."""
	parts = text.split("-")
	assert parts[0] == "S" and parts[1] == "1"
	auth = int(parts[2])
	subs = [int(p) for p in parts[3:]]
	return (bytes([1, len(subs)]) + auth.to_bytes(6, "big")
	    + struct.pack("<%dI" % len(subs), *subs))


def domain_sid(dom, rid=None):
	s = "S-1-5-" + "-".join(str(x) for x in dom)
	return s if rid is None else "%s-%d" % (s, rid)


# Jane Doe keeps the GUIDs of the record in the domain reference (5.6).
KNOWN_GUIDS = {
	"CN=Jane Doe,OU=Linked," + SUFFIX: "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
	"mailbox:jdoe": "9c6b4a1e-2f3d-4b5a-8c7d-1e2f3a4b5c6d",
}


def guid_bytes(name):
	"""Windows GUID layout (Data1..3 little-endian) of a fixed GUID."""
	if name in KNOWN_GUIDS:
		return uuid.UUID(KNOWN_GUIDS[name]).bytes_le
	return uuid.uuid5(NS, name).bytes_le


def security_descriptor(aces):
	"""Self-relative SD, owner SYSTEM, DACL of access-allowed ACEs."""
	owner = sid_bytes(SYSTEM)
	body = b""
	for sid, mask in aces:
		s = sid_bytes(sid)
		body += struct.pack("<BBHI", 0, ACE_CI, 8 + len(s), mask) + s
	acl = struct.pack("<BBHHH", 2, 0, 8 + len(body), len(aces), 0) + body
	head = struct.pack("<BBHIIII", 1, 0, 0x8004, 20, 0, 0, 20 + len(owner))
	return head + owner + acl


def object_ace(flags, mask, sid, object_type=None, inherited_type=None):
	"""An ACCESS_ALLOWED_OBJECT ACE (type 5, MS-DTYP 2.4.4.3)."""
	oflags = (1 if object_type else 0) | (2 if inherited_type else 0)
	body = struct.pack("<II", mask, oflags)
	for g in (object_type, inherited_type):
		if g:
			body += uuid.UUID(g).bytes_le
	body += sid_bytes(sid)
	return struct.pack("<BBH", 5, flags, 4 + len(body)) + body


def allowed_ace(flags, mask, sid):
	"""An ACCESS_ALLOWED ACE (type 0)."""
	s = sid_bytes(sid)
	return struct.pack("<BBHI", 0, flags, 8 + len(s), mask) + s


def nt_security_descriptor(own_sid, master, grants):
	"""A user's nTSecurityDescriptor as AD keeps it (owner and group Domain
	Admins, DACL revision 4, control 0x8c04), read with the SD flags control
	(owner, group, DACL: no SACL). grants: what the master keeps, a subset
	of "send-as", "send-as-ci", "send-as-inherited", "personal-info"."""
	da = own_sid.rsplit("-", 1)[0] + "-512"
	aces = [object_ace(0, 0x100, SELF, CHANGE_PASSWORD),
	    allowed_ace(0, 0x20094, "S-1-5-11"),
	    object_ace(0, 0x100, SELF, SEND_AS)]
	flags = {"send-as": 0, "send-as-ci": ACE_CI, "send-as-inherited": 0x10}
	for g in grants:
		if g in flags:
			aces.append(object_ace(flags[g], 0x100, master, SEND_AS))
		elif g == "personal-info":
			aces.append(object_ace(0, 0x30, master, PERSONAL_INFO))
	aces += [allowed_ace(0x12, 0xf01ff, da),
	    object_ace(0x1a, 0x10, "S-1-5-32-554", USER_ACCOUNT_RESTRICTIONS,
	    USER_CLASS)]
	body = b"".join(aces)
	acl = struct.pack("<BBHHH", 4, 0, 8 + len(body), len(aces), 0) + body
	o = sid_bytes(da)
	head = struct.pack("<BBHIIII", 1, 0, 0x8c04, 20, 20 + len(o), 0,
	    20 + 2 * len(o))
	return head + o + o + acl


def needs_base64(v):
	if isinstance(v, bytes):
		return True
	if v == "" or v[0] in " :<" or v[-1] == " ":
		return True
	return any(ord(c) > 126 or ord(c) < 32 for c in v)


def value_text(value):
	"""(separator, text) of one value: base64 when RFC 2849 requires it."""
	if needs_base64(value):
		raw = value if isinstance(value, bytes) else value.encode("utf-8")
		return ":: ", base64.b64encode(raw).decode("ascii")
	return ": ", value


def ldifde_line(out, name, value):
	sep, text = value_text(value)
	line = name + sep + text
	if len(line) <= LDIFDE_WIDTH:
		out.append(line)
		return
	# ldifde style: the name alone, then the value on continuation lines.
	out.append(name + sep)
	step = LDIFDE_WIDTH - 1
	for i in range(0, len(text), step):
		out.append(" " + text[i:i + step])


def ldapsearch_fold(out, line):
	"""OpenLDAP's ldif_sput_wrap at LDIF_LINE_WIDTH: 78 columns per line."""
	out.append(line[:LDAPSEARCH_WIDTH])
	rest = line[LDAPSEARCH_WIDTH:]
	step = LDAPSEARCH_WIDTH - 1
	for i in range(0, len(rest), step):
		out.append(" " + rest[i:i + step])


def ldapsearch_line(out, name, value):
	sep, text = value_text(value)
	ldapsearch_fold(out, name + sep + text)


def record(records, dn, attrs):
	flat = []
	for name, value in attrs:
		if value is None:
			continue
		for v in value if isinstance(value, list) else [value]:
			flat.append((name, v))
	records.append((dn, flat))


def write_ldifde(records):
	out = []
	for dn, attrs in records:
		out.append("")
		ldifde_line(out, "dn", dn)
		out.append("changetype: add")
		for name, v in attrs:
			ldifde_line(out, name, v)
	out.append("")
	return ("\r\n".join(out) + "\r\n").encode("ascii")


def ufn(dn):
	"""ldap_dn2ufn() as ldapsearch prints it above each entry: RDN values
	joined by ", ", trailing DC= parts joined by ".", specials and
	non-ASCII bytes escaped as \\XX."""
	rdns, cur, esc = [], "", False
	for ch in dn:
		if esc:
			cur += ch
			esc = False
		elif ch == "\\":
			cur += ch
			esc = True
		elif ch == ",":
			rdns.append(cur)
			cur = ""
		else:
			cur += ch
	rdns.append(cur)
	parts = []
	for rdn in rdns:
		typ, val = rdn.split("=", 1)
		val = val.replace("\\,", ",")
		text = ""
		for b in val.encode("utf-8"):
			if b >= 0x80 or chr(b) in ',+"\\<>;':
				text += "\\%02X" % b
			else:
				text += chr(b)
		parts.append((typ.upper(), text))
	dcs = []
	while parts and parts[-1][0] == "DC":
		dcs.insert(0, parts.pop()[1])
	names = [t for _, t in parts]
	if dcs:
		names.append(".".join(dcs))
	return ", ".join(names)


def write_ldapsearch(records, base, v1):
	"""ldapsearch's default output (extended LDIF), or with v1 set that of
	`ldapsearch -L` (LDIFv1: a version line, no search/result lines)."""
	records = [r for r in records if r[0] == base or r[0].endswith("," + base)]
	out = ["version: 1", "", "#"] if v1 else ["# extended LDIF", "#"]
	out += ["# LDAPv3", "# base <%s> with scope subtree" % base,
	    "# filter: (objectclass=*)", "# requesting: ALL", "#", ""]
	for dn, attrs in records:
		ldapsearch_fold(out, "# " + ufn(dn))
		ldapsearch_line(out, "dn", dn)
		for name, v in attrs:
			ldapsearch_line(out, name, v)
		out.append("")
	out.append("# search result")
	if not v1:
		out += ["search: 2", "result: 0 Success"]
	out += ["", "# numResponses: %d" % (len(records) + 1),
	    "# numEntries: %d" % len(records)]
	return ("\n".join(out) + "\n").encode("ascii")


def refold(data):
	"""Unfolds an ldapsearch output and folds it again with
	ldapsearch_fold(): a test that the writer above matches the real one."""
	lines = []
	for raw in data.decode("utf-8").split("\n"):
		if raw.startswith(" ") and lines:
			lines[-1] += raw[1:]
		else:
			lines.append(raw)
	out = []
	for line in lines:
		if line == "":
			out.append(line)
		else:
			ldapsearch_fold(out, line)
	return "\n".join(out).encode("utf-8")


def stamp(n):
	"""whenCreated / whenChanged / uSN values, spread out by entry number."""
	created = "2016%02d%02d%02d%02d%02d.0Z" % (1 + n % 12, 1 + n % 27,
	    8 + n % 9, (n * 7) % 60, (n * 13) % 60)
	changed = "2021%02d%02d%02d%02d%02d.0Z" % (1 + (n * 5) % 12,
	    1 + (n * 3) % 27, 9 + n % 8, (n * 11) % 60, (n * 17) % 60)
	return created, changed, str(12000 + n * 37), str(98000 + n * 211)


def common(n, dn, name, category, instance="4"):
	created, changed, usn_c, usn_ch = stamp(n)
	return {
		"distinguishedName": dn, "instanceType": instance,
		"whenCreated": created, "whenChanged": changed,
		"uSNCreated": usn_c, "uSNChanged": usn_ch, "name": name,
		"objectGUID": guid_bytes(dn),
		"objectCategory": "CN=%s,%s" % (category, SCHEMA),
	}


def container_attrs(n, dn, classes, rdn_attr, rdn_value, category, extra=()):
	c = common(n, dn, rdn_value, category)
	attrs = [("objectClass", classes), (rdn_attr, rdn_value)]
	attrs += list(extra)
	attrs += [(k, c[k]) for k in ("distinguishedName", "instanceType",
	    "whenCreated", "whenChanged", "uSNCreated", "uSNChanged", "name",
	    "objectGUID", "objectCategory")]
	return attrs


def user(n, ou, cn, sam, rid, *, uac, rtd=None, rdt=None, master=None,
    sn=None, given=None, upn=True, mail=None, home=True, remote=False,
    room=False, sd_extra=None, pwd_set=True, eac=None, desc=None,
    sd_master="0x5", nt_grants=()):
	dn = "CN=%s,%s" % (cn.replace(",", "\\,"), ou)
	c = common(n, dn, cn, "Person")
	sid = domain_sid(RES_DOMAIN, rid)
	mailbox = rtd is not None
	attrs = [("objectClass", ["top", "person", "organizationalPerson", "user"]),
	    ("cn", cn), ("description", desc), ("sn", sn), ("givenName", given)]
	attrs += [(k, c[k]) for k in ("distinguishedName", "instanceType",
	    "whenCreated", "whenChanged")]
	if mailbox:
		attrs.append(("displayName", cn if "," not in cn else
		    "%s %s" % (given, sn)))
	attrs += [("uSNCreated", c["uSNCreated"]), ("uSNChanged", c["uSNChanged"])]
	if mailbox:
		addr = mail or "%s@contoso.com" % sam
		proxies = ["SMTP:" + addr, "smtp:%s@res.contoso.com" % sam]
		if remote:
			proxies.append("smtp:%s@contoso.mail.onmicrosoft.com" % sam)
		attrs.append(("proxyAddresses", proxies))
		if remote:
			attrs.append(("targetAddress",
			    "SMTP:%s@contoso.mail.onmicrosoft.com" % sam))
		if home:
			attrs += [("homeMDB", HOME_MDB), ("mDBUseDefaults", "TRUE")]
		attrs.append(("mailNickname", sam))
	attrs += [("name", cn), ("objectGUID", c["objectGUID"])]
	if uac is not None:
		attrs.append(("userAccountControl", str(uac)))
	attrs += [("codePage", "0"), ("countryCode", "0")]
	attrs.append(("pwdLastSet",
	    "0" if not pwd_set else str(131000000000000000 + n * 86400 * 10**7)))
	attrs += [("primaryGroupID", "513"), ("objectSid", sid_bytes(sid)),
	    ("accountExpires", "9223372036854775807")]
	if mailbox:
		attrs.append(("legacyExchangeDN",
		    "/o=Contoso/ou=%s/cn=Recipients/cn=%s" % (ADMIN_GROUP, sam)))
	attrs += [("sAMAccountName", sam), ("sAMAccountType", "805306368")]
	if mailbox:
		attrs.append(("showInAddressBook", [GAL, ALL_USERS]))
	if upn:
		attrs.append(("userPrincipalName", "%s@res.contoso.com" % sam))
	attrs.append(("objectCategory", c["objectCategory"]))
	if not mailbox:
		return dn, attrs
	attrs.append(("mail", mail or "%s@contoso.com" % sam))
	if home:
		attrs.append(("msExchHomeServerName", HOME_SERVER))
	attrs.append(("msExchMailboxGuid", guid_bytes("mailbox:" + sam)))
	if home:
		aces = [(SELF, RIGHT_SELF)]
		if sd_extra and sd_master == "0x5":
			aces.append((sd_extra, RIGHT_LINK))
		elif sd_extra and sd_master == "split":
			aces += [(sd_extra, 0x1), (sd_extra, 0x4)]
		attrs.append(("msExchMailboxSecurityDescriptor",
		    security_descriptor(aces)))
	if master is not None:
		attrs.append(("msExchMasterAccountSid", sid_bytes(master)))
	attrs += [("msExchRecipientDisplayType", str(rdt)),
	    ("msExchRecipientTypeDetails", str(rtd))]
	if remote:
		attrs.append(("msExchRemoteRecipientType", "4"))
	if room:
		attrs += [("msExchResourceMetaData", "ResourceType:Room"),
		    ("msExchResourceSearchProperties", "Room")]
	if eac is None:
		eac = 2 if uac is None or uac & 2 else 0
	attrs += [("msExchUserAccountControl", str(eac)),
	    ("msExchVersion", "88218628259840")]
	# Only exports that ask for it by name get it (README): see
	# mailbox_export().
	attrs.append(("nTSecurityDescriptor",
	    nt_security_descriptor(sid, sd_extra, nt_grants)))
	return dn, attrs


FULL_GRANTS = ("send-as", "personal-info")	# what Exchange grants a master


def build_directory():
	out = []
	n = 0

	def nxt():
		nonlocal n
		n += 1
		return n

	root = common(nxt(), SUFFIX, "res", "Domain-DNS", instance="5")
	record(out, SUFFIX, [("objectClass", ["top", "domain", "domainDNS"])]
	    + [(k, root[k]) for k in ("distinguishedName", "instanceType",
	    "whenCreated", "whenChanged", "uSNCreated", "uSNChanged", "name",
	    "objectGUID")]
	    + [("objectSid", sid_bytes(domain_sid(RES_DOMAIN))),
	    ("objectCategory", root["objectCategory"]), ("dc", "res")])

	users_dn = "CN=Users," + SUFFIX
	record(out, users_dn, container_attrs(nxt(), users_dn,
	    ["top", "container"], "cn", "Users", "Container",
	    [("description", "Default container for upgraded user accounts")])
	    + [("showInAdvancedViewOnly", "FALSE"),
	    ("systemFlags", "-1946157056"), ("isCriticalSystemObject", "TRUE")])

	ous = {}
	for ou, desc in (("Linked", "Linked mailboxes of the account forest"),
	    ("Staff", "Resource forest staff"),
	    ("Resources", "Rooms and equipment"),
	    ("Shared", "Shared mailboxes"),
	    ("Groups", None)):
		dn = "OU=%s,%s" % (ou, SUFFIX)
		ous[ou] = dn
		extra = [("description", desc)] if desc else []
		record(out, dn, container_attrs(nxt(), dn,
		    ["top", "organizationalUnit"], "ou", ou,
		    "Organizational-Unit", extra))

	foreign = lambda rid: domain_sid(ACC_DOMAIN, rid)
	own = lambda rid: domain_sid(RES_DOMAIN, rid)
	L, S = ous["Linked"], ous["Staff"]
	people = [
		# Built-in administrator: a user without any Exchange attribute.
		dict(ou=users_dn, cn="Administrator", sam="Administrator",
		    rid=500, uac=66048, upn=False,
		    desc="Built-in account for administering the computer/domain"),
		# Classic linked mailbox, disabled, foreign-forest master
		# (the exact record of the domain reference, section 5.6).
		dict(ou=L, cn="Jane Doe", sn="Doe", given="Jane", sam="jdoe",
		    rid=1163, uac=66050, rtd=2, rdt=1073741824,
		    master=foreign(1013), mail="Jane.Doe@contoso.com",
		    pwd_set=False, nt_grants=FULL_GRANTS),
		dict(ou=L, cn="J\u00fcrgen M\u00fcller", sn="M\u00fcller",
		    given="J\u00fcrgen", sam="jmueller", rid=1164, uac=514,
		    rtd=2, rdt=1073741824, master=foreign(1021),
		    mail="Juergen.Mueller@contoso.com",
		    # the master's rights in two ACEs; Personal-Information
		    # already removed by hand
		    sd_master="split", nt_grants=("send-as",)),
		dict(ou=L, cn="Doe, John", sn="Doe", given="John",
		    sam="johndoe", rid=1165, uac=66050, rtd=2, rdt=1073741824,
		    master=foreign(1022), mail="John.Doe@contoso.com",
		    pwd_set=False, nt_grants=FULL_GRANTS),
		# Linked mailbox without userPrincipalName.
		dict(ou=L, cn="Kim Lee", sn="Lee", given="Kim", sam="klee",
		    rid=1166, uac=514, rtd=2, rdt=1073741824,
		    master=foreign(1023), upn=False,
		    # every permission of the master already removed by hand
		    sd_master="none"),
		# Linked mailbox whose export lacks userAccountControl.
		dict(ou=L, cn="Erin Walsh", sn="Walsh", given="Erin",
		    sam="ewalsh", rid=1167, uac=None, rtd=2, rdt=1073741824,
		    master=foreign(1024), nt_grants=FULL_GRANTS),
		# Linked mailbox with the ACLable synced display type.
		dict(ou=L, cn="Frank Ortiz", sn="Ortiz", given="Frank",
		    sam="fortiz", rid=1168, uac=514, rtd=2, rdt=-1073741818,
		    master=foreign(1025),
		    # Send-As inherited from the OU: no per-user line removes it
		    nt_grants=("send-as-inherited", "personal-info")),
		# Linked mailbox whose account is ENABLED: RDT must stay.
		dict(ou=L, cn="David Kerr", sn="Kerr", given="David",
		    sam="dkerr", rid=1169, uac=512, rtd=2, rdt=1073741824,
		    master=foreign(1026),
		    # Send-As granted container-inherit: -InheritanceType All
		    nt_grants=("send-as-ci", "personal-info")),
		# Self-linked: master SID == objectSid.
		dict(ou=S, cn="Anna Berg", sn="Berg", given="Anna", sam="aberg",
		    rid=1170, uac=514, rtd=2, rdt=1073741824, master=own(1170),
		    nt_grants=FULL_GRANTS),
		# Same-domain master (an account of this domain, not exported).
		dict(ou=S, cn="Robert Hale", sn="Hale", given="Robert",
		    sam="rhale", rid=1171, uac=66050, rtd=2, rdt=1073741824,
		    master=own(1150), pwd_set=False, nt_grants=FULL_GRANTS),
		# Inconsistent: RTD says linked but the master is SELF.
		dict(ou=S, cn="Carol Young", sn="Young", given="Carol",
		    sam="cyoung", rid=1172, uac=514, rtd=2, rdt=1073741824,
		    master=SELF),
		# Look-alike: a user mailbox (RTD 1) with an account master SID.
		dict(ou=S, cn="Ivan Petrov", sn="Petrov", given="Ivan",
		    sam="ipetrov", rid=1173, uac=514, rtd=1, rdt=1073741824,
		    master=foreign(1027), nt_grants=FULL_GRANTS),
		# Normal user mailbox.
		dict(ou=S, cn="Grace Lin", sn="Lin", given="Grace", sam="glin",
		    rid=1174, uac=512, rtd=1, rdt=1073741824,
		    mail="Grace.Lin@contoso.com"),
		# Remote (hybrid, migrated) user mailbox: no homeMDB.
		dict(ou=S, cn="Henry Adams", sn="Adams", given="Henry",
		    sam="hadams", rid=1175, uac=512, rtd=2147483648,
		    rdt=-2147483642, home=False, remote=True),
		# Linked room mailbox: RTD 2^41, RDT 7, foreign master.
		dict(ou=ous["Resources"], cn="Room 4.12 Berlin", sam="room412",
		    rid=1176, uac=514, rtd=2199023255552, rdt=7,
		    master=foreign(1028), room=True, nt_grants=FULL_GRANTS),
		# Shared mailbox: RTD 4, master SELF.
		dict(ou=ous["Shared"], cn="Helpdesk", sam="helpdesk", rid=1177,
		    uac=514, rtd=4, rdt=0, master=SELF),
	]
	members = []
	for p in people:
		m = p.get("master")
		if m is not None and m != SELF:
			p["sd_extra"] = m
		dn, attrs = user(nxt(), **p)
		if p["sam"] in ("jdoe", "jmueller", "johndoe", "aberg", "glin",
		    "helpdesk"):
			members.append(dn)
		record(out, dn, attrs)

	gdn = "CN=Sales Team," + ous["Groups"]
	g = common(nxt(), gdn, "Sales Team", "Group")
	record(out, gdn, [("objectClass", ["top", "group"]),
	    ("cn", "Sales Team"), ("member", members)]
	    + [(k, g[k]) for k in ("distinguishedName", "instanceType",
	    "whenCreated", "whenChanged")]
	    + [("displayName", "Sales Team"),
	    ("uSNCreated", g["uSNCreated"]), ("uSNChanged", g["uSNChanged"]),
	    ("proxyAddresses", ["SMTP:Sales@contoso.com",
	    "smtp:sales@res.contoso.com"]),
	    ("mailNickname", "sales"), ("name", "Sales Team"),
	    ("objectGUID", g["objectGUID"]),
	    ("objectSid", sid_bytes(own(1190))),
	    ("legacyExchangeDN",
	    "/o=Contoso/ou=%s/cn=Recipients/cn=sales" % ADMIN_GROUP),
	    ("sAMAccountName", "Sales Team"), ("sAMAccountType", "268435456"),
	    ("showInAddressBook", GAL), ("groupType", "-2147483640"),
	    ("objectCategory", g["objectCategory"]),
	    ("mail", "Sales@contoso.com"),
	    ("msExchRecipientDisplayType", "1073741833"),
	    ("msExchRecipientTypeDetails", "1024"),
	    ("msExchVersion", "88218628259840")])

	return out


def all_attributes(records):
	"""What an export of all attributes gets: AD sends nTSecurityDescriptor
	only to a search that names it."""
	return [(dn, [(n, v) for n, v in attrs if n != "nTSecurityDescriptor"])
	    for dn, attrs in records]


def mailbox_export(records):
	"""The README's ldifde command: the mailbox users ((homeMDB=*)), the
	attributes of its -l list, run as an account that may read
	nTSecurityDescriptor."""
	out = []
	for dn, attrs in records:
		if not any(n == "homeMDB" for n, _ in attrs):
			continue
		keep = [(n, v) for n, v in attrs if n in README_ATTRS]
		keep.sort(key=lambda a: README_ATTRS.index(a[0]))
		out.append((dn, keep))
	return out


def main():
	mode = sys.argv[1] if len(sys.argv) == 2 else ""
	if mode == "ldifde":
		sys.stdout.buffer.write(write_ldifde(all_attributes(
		    build_directory())))
	elif mode == "ldapsearch":
		sys.stdout.buffer.write(write_ldapsearch(all_attributes(
		    build_directory()), SUFFIX, False))
	elif mode == "ldapsearch-L":
		sys.stdout.buffer.write(write_ldapsearch(all_attributes(
		    build_directory()), "OU=Linked," + SUFFIX, True))
	elif mode == "mailboxes":
		sys.stdout.buffer.write(write_ldifde(mailbox_export(
		    build_directory())))
	elif mode == "refold":
		sys.stdout.buffer.write(refold(sys.stdin.buffer.read()))
	else:
		sys.stderr.write("usage: mksamples.py ldifde|ldapsearch|ldapsearch-L|"
		    "mailboxes|refold\n")
		sys.exit(2)


if __name__ == "__main__":
	main()
