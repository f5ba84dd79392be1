#!/usr/bin/env python3
"""Checks on the HTML report as a real browser left it (tests/long/t_html.sh).

The browser (headless Chromium, --dump-dom) has loaded the page and run its
script; this helper parses the dumped DOM with the standard library's HTML
parser and compares it with the JSON report ldfix wrote for the same run.
It prints "ok - NAME" / "not ok - NAME" lines and exits 1 after a failure.

  html_check.py hostile-export              an LDIF export full of payloads
  html_check.py report JSON DUMP NAME       rows, tiles, hooks, no markup leak
  html_check.py filter JSON DUMP TEXT NAME  #filter=TEXT: which rows show
  html_check.py class DUMP LABEL NAME       #class=LABEL: which rows show
  html_check.py sort DUMP COLUMN NAME       #sort=COLUMN: the row order
  html_check.py hostile DUMP TITLE NAME     payloads inert, title unchanged
"""
import base64
import html.parser
import json
import sys

failed = False


def check(name, cond, detail=""):
    global failed
    if cond:
        print("ok - %s" % name)
    else:
        failed = True
        print("not ok - %s" % name)
        if detail:
            for line in str(detail).splitlines()[:20]:
                print("#   %s" % line)


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.attr_list = attrs
        self.parent = parent
        self.kids = []          # Nodes and strings, in order

    def text(self):
        """textContent: every descendant text node, in order."""
        out = []
        stack = [self]
        while stack:
            n = stack.pop()
            if isinstance(n, str):
                out.append(n)
            else:
                stack.extend(reversed(n.kids))
        return "".join(out)

    def walk(self):
        stack = [self]
        while stack:
            n = stack.pop()
            if isinstance(n, Node):
                yield n
                stack.extend(reversed(n.kids))


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Tree(html.parser.HTMLParser):
    """A DOM from a serialization the browser wrote (well-formed enough)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.kids.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.kids.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.kids.append(data)


def load_dom(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    t = Tree()
    t.feed(text)
    t.close()
    return t.root, text


def entry_rows(dom):
    return [n for n in dom.walk() if n.tag == "tr" and "data-dn" in n.attrs]


def warning_rows(dom):
    return [n for n in dom.walk()
            if n.tag == "tr" and n.attrs.get("class") == "w"]


def following_warning(dom):
    """Entry row -> its warning row (the next tr, when it has class w)."""
    trs = [n for n in dom.walk() if n.tag == "tr"]
    out = {}
    for i, tr in enumerate(trs):
        if "data-dn" in tr.attrs and i + 1 < len(trs) and \
                trs[i + 1].attrs.get("class") == "w":
            out[id(tr)] = trs[i + 1]
    return out


def row_text(row, warn):
    """What the filter searches: the DN, the row's text, its warnings."""
    s = row.attrs["data-dn"] + "\n" + row.text() + "\n"
    if warn is not None:
        s += warn.text()
    return s.lower()


def shown(raw):
    """Bytes as the page shows them: screen controls as \\uXXXX, bytes
    that are not UTF-8 as \\xHH."""
    out = []
    for c in raw.decode("utf-8", "surrogateescape"):
        o = ord(c)
        if 0xDC80 <= o <= 0xDCFF:
            out.append("\\x%02X" % (o - 0xDC00))
        elif o in SCREEN or o in (0x09, 0x0A, 0x0D):
            out.append("\\u%04X" % o)
        else:
            out.append(c)
    return "".join(out)


def dn_of(item):
    """The DN as the page shows it, from the JSON report."""
    if "dn" in item:
        return shown(item["dn"].encode("utf-8"))
    return shown(base64.b64decode(item["dn_b64"]))


def labels_of(item):
    out = []
    for h in item["hits"]:
        c = h["classification"]
        if c is not None and c not in out:
            out.append(c)
    return out


def tiles(dom):
    out = {}
    for n in dom.walk():
        if "data-count" in n.attrs:
            num = [k for k in n.kids if isinstance(k, Node)
                   and k.attrs.get("class") == "n"]
            out[n.attrs["data-count"]] = num[0].text() if num else None
    return out


SCREEN = set(range(0, 0x20)) - {0x09, 0x0A, 0x0D} | set(range(0x7F, 0xA0)) | \
    {0x061C, 0x200E, 0x200F, 0xFEFF} | set(range(0x2028, 0x202F)) | \
    set(range(0x2066, 0x206A))


def cmd_report(json_path, dump, name):
    with open(json_path, encoding="utf-8") as f:
        rep = json.load(f)
    dom, text = load_dom(dump)
    rows = entry_rows(dom)
    items = rep["items"]
    counts = rep["counts"]
    check("%s: one row per item (%d)" % (name, len(items)),
          len(rows) == len(items), "rows %d" % len(rows))
    want = {k: "{:,}".format(v) for k, v in counts.items()}
    want["report_only"] = "{:,}".format(
        sum(1 for it in items if not it["changes"]))
    want["attributes"] = "{:,}".format(sum(len(it["changes"]) for it in items))
    got = tiles(dom)
    check("%s: every tile equals the JSON count" % name, got == want,
          "got  %s\nwant %s" % (got, want))
    charts = [n for n in dom.walk() if n.tag == "figure"]
    domain_chart = [c for c in charts
                    if "by master account domain" in c.text()]
    domains = rep.get("foreign_domains", [])
    check("%s: a domain chart only when the JSON has foreign domains" % name,
          len(domain_chart) == (1 if domains else 0))
    check("%s: every foreign domain and its count in the chart" % name,
          all(("%s: %d" % (d["sid"], d["mailboxes"])) in domain_chart[0].text()
              for d in domains) if domain_chart else not domains)
    check("%s: data-dn of each row is the item's DN, in order" % name,
          [r.attrs["data-dn"] for r in rows] == [dn_of(i) for i in items],
          "first rows %s" % [r.attrs["data-dn"] for r in rows[:3]])
    check("%s: data-classification holds the item's labels" % name,
          [r.attrs["data-classification"].split() for r in rows] ==
          [labels_of(i) for i in items])
    ids = [r.attrs.get("id", "") for r in rows]
    check("%s: every row has an e-HEX16 anchor" % name,
          all(len(i) == 18 and i.startswith("e-") for i in ids))
    warned = following_warning(dom)
    check("%s: a warning row under each entry with warnings" % name,
          [id(r) in warned for r in rows] ==
          [any(h["warnings"] for h in i["hits"]) for i in items])
    check("%s: the script ran (html data-js=ready)" % name,
          any(n.tag == "html" and n.attrs.get("data-js") == "ready"
              for n in dom.walk()))
    check("%s: no row hidden without a filter" % name,
          not any("hidden" in r.attrs for r in rows))
    scripts = [n for n in dom.walk() if n.tag == "script"]
    check("%s: exactly one script element" % name, len(scripts) == 1)
    handlers = [(n.tag, a) for n in dom.walk() for a, _ in n.attr_list
                if a.startswith("on")]
    check("%s: no event handler attribute" % name, not handlers, handlers)
    bad = sorted({"U+%04X" % ord(c) for c in text if ord(c) in SCREEN})
    check("%s: no raw control, bidi or separator character" % name,
          not bad, bad)


def visible_check(dom, want_visible, name):
    rows = entry_rows(dom)
    warned = following_warning(dom)
    shown = ["hidden" not in r.attrs for r in rows]
    check("%s: exactly the matching rows are visible (%d of %d)" %
          (name, sum(want_visible), len(rows)), shown == want_visible,
          "visible %d, want %d" % (sum(shown), sum(want_visible)))
    check("%s: warning rows follow their entry" % name,
          all(("hidden" in warned[id(r)].attrs) == ("hidden" in r.attrs)
              for r in rows if id(r) in warned))
    out = [n for n in dom.walk() if n.tag == "output"]
    want = "all %d shown" % len(rows) if all(want_visible) else \
        "%d of %d shown" % (sum(want_visible), len(rows))
    check("%s: the form says '%s'" % (name, want),
          len(out) == 1 and out[0].text() == want,
          out[0].text() if out else "no output element")


def cmd_filter(json_path, dump, term, name):
    with open(json_path, encoding="utf-8") as f:
        rep = json.load(f)
    dom, _ = load_dom(dump)
    rows = entry_rows(dom)
    warned = following_warning(dom)
    want = [term.lower() in row_text(r, warned.get(id(r))) for r in rows]
    check("%s: the filter is not trivial here" % name,
          0 < sum(want) < len(rows), "%d of %d match" % (sum(want), len(rows)))
    # The same rows from the JSON alone, for a term found in DNs only.
    by_dn = [term.lower() in dn_of(i).lower() for i in rep["items"]]
    check("%s: rows matching by DN in the JSON are shown" % name,
          all(w for w, d in zip(want, by_dn) if d))
    visible_check(dom, want, name)


def cmd_class(dump, label, name):
    dom, _ = load_dom(dump)
    rows = entry_rows(dom)
    want = [(label == "-" and r.attrs["data-classification"] == "") or
            label in r.attrs["data-classification"].split() for r in rows]
    check("%s: the class filter is not trivial here" % name,
          0 < sum(want) < len(rows))
    visible_check(dom, want, name)


def cmd_sort(dump, col, name):
    dom, _ = load_dom(dump)
    heads = [n for n in dom.walk() if n.tag == "th"]
    names = [h.attrs.get("data-col") for h in heads]
    key = col.lstrip("-")
    check("%s: column %s exists" % (name, key), key in names, names)
    if key not in names:
        return
    i = names.index(key)
    rows = entry_rows(dom)
    cells = [[k for k in r.kids if isinstance(k, Node) and k.tag == "td"][i]
             .text().lower() for r in rows]
    want = sorted(cells, reverse=col.startswith("-"))
    check("%s: rows in %s order of %s" % (name, "descending" if
          col.startswith("-") else "ascending", key), cells == want,
          "got %s" % cells[:5])
    check("%s: the header says so" % name, heads[i].attrs.get("aria-sort") ==
          ("descending" if col.startswith("-") else "ascending"))
    warned = following_warning(dom)
    nwarn = len(warning_rows(dom))
    check("%s: warning rows moved with their entry" % name,
          len(warned) == nwarn)


# Each payload sets document.title if it ever runs.
PWN = "document.title='PWNED'"
PAYLOADS = [
    "<script>%s</script>" % PWN,
    "\"><img src=x onerror=\"%s\">" % PWN,
    "'><svg onload=%s>" % PWN,
    "javascript:%s" % PWN,
    "</title></td></tr></table><script>%s</script>" % PWN,
]


def sid(domain, rid):
    subs = (21,) + domain + (rid,)
    return bytes([1, len(subs), 0, 0, 0, 0, 0, 5]) + \
        b"".join(s.to_bytes(4, "little") for s in subs)


def ldif_attr(name, value):
    if isinstance(value, str):
        value = value.encode("utf-8")
    return "%s:: %s" % (name, base64.b64encode(value).decode())


def cmd_hostile_export():
    """Linked mailboxes whose names and values are payloads."""
    res = (1004336348, 1177238915, 682003330)
    acct = (3623811015, 3361044348, 30300820)
    names = [
        ("cn=\\3Cscript\\3E" + PWN + "\\3C/script\\3E", PAYLOADS[0]),
        ("CN=\\\"\\>\\<img src\\=x onerror\\=" + PWN + "\\>", PAYLOADS[1]),
        ("CN=bidi \u202eevil\u202c \u2066x\u2069 line\u2028sep", PAYLOADS[2]),
        ("CN=javascript:" + PWN, PAYLOADS[3]),
        ("CN=nul", PAYLOADS[4]),
    ]
    out = []
    for i, (rdn, payload) in enumerate(names):
        dn = rdn + ",OU=Linked,DC=res,DC=contoso,DC=com"
        rec = [ldif_attr("dn", dn)]
        rec.append("objectClass: user")
        rec.append(ldif_attr("displayName", payload))
        sam = [payload, "a\u202eb", "c\x00d", b"e\xff\xc0f", "g\x85h"][i]
        rec.append(ldif_attr("sAMAccountName", sam))
        rec.append(ldif_attr("userPrincipalName", payload + "@contoso.com"))
        rec.append("userAccountControl: %d" % (514 if i % 2 else 512))
        rec.append(ldif_attr("objectSid", sid(res, 2000 + i)))
        rec.append(ldif_attr("msExchMasterAccountSid", sid(acct, 3000 + i)))
        rec.append(ldif_attr("description", payload + "\u202e\u2028\x85"))
        rec.append("msExchRecipientTypeDetails: 2")
        rec.append("msExchRecipientDisplayType: 1073741824")
        out.append("\n".join(rec) + "\n")
    sys.stdout.write("version: 1\n\n" + "\n".join(out))


def cmd_hostile(dump, title, name):
    dom, text = load_dom(dump)
    titles = [n.text() for n in dom.walk()
              if n.tag == "title" and n.parent.tag == "head"]
    check("%s: document.title is unchanged" % name, titles == [title],
          titles)
    check("%s: no payload ran (PWNED nowhere in a title)" % name,
          "PWNED" not in "".join(titles))
    imgs = [n for n in dom.walk() if n.tag in ("img", "iframe", "object",
                                               "embed", "a") and
            n.attrs.get("href", "#").lower().startswith("javascript")]
    check("%s: no img, frame or javascript: link came from a value" % name,
          not imgs and not any(n.tag in ("img", "iframe", "object", "embed")
                               for n in dom.walk()))
    svg_handlers = [n for n in dom.walk() if any(a.startswith("on")
                                                 for a, _ in n.attr_list)]
    check("%s: no element with an event handler" % name, not svg_handlers)
    body_text = "".join(n.text() for n in dom.walk() if n.tag == "main")
    for i, p in enumerate(PAYLOADS):
        check("%s: payload %d is shown as text" % (name, i + 1),
              p in body_text, p)
    # Values holding controls, bidi marks or bytes that are not UTF-8 are
    # shown as every output shows them (display.h): "base64:" and their
    # bytes; none of those characters reaches the page raw.
    import base64
    for sam in ["a\u202eb".encode(), "c\x00d".encode(), b"e\xff\xc0f",
                "g\x85h".encode()]:
        shown = "base64:" + base64.b64encode(sam).decode()
        check("%s: %r is shown as %s" % (name, sam, shown), shown in text)
    for raw in ("\u202e", "\u2028", "\u2066", "\x85", "\x00"):
        check("%s: no raw %r in the page" % (name, raw), raw not in text)


def main():
    a = sys.argv[1:]
    if a[:1] == ["hostile-export"]:
        cmd_hostile_export()
        return
    cmds = {"report": (cmd_report, 3), "filter": (cmd_filter, 4),
            "class": (cmd_class, 3), "sort": (cmd_sort, 3),
            "hostile": (cmd_hostile, 3)}
    if not a or a[0] not in cmds or len(a) - 1 != cmds[a[0]][1]:
        sys.exit(__doc__)
    cmds[a[0]][0](*a[1:])
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
