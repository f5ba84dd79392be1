#!/usr/bin/env python3
"""Write the hostile inputs of issue 10 (bounded time and memory).

  gen_hostile.py SHAPE N OUT...

Shapes (N is the size; OUT one or two files):
  del-attrs N EXPORT CHANGES   an entry with N attributes and one modify
                               record that deletes every one of them
  add-member N EXPORT CHANGES  a group and one modify record that adds N
                               members
  add-record N EXPORT CHANGES  an add record with N member values
  one-by-one N EXPORT CHANGES  a group of N members and N modify records
                               that each delete one member
  attrs N EXPORT               one entry of N distinct attributes
  values N EXPORT              one entry of N tiny values of one attribute
  folded N EXPORT              one value of N bytes folded after every byte
  long-line N EXPORT           one plain value line of N bytes
  regex-value N EXPORT         a user whose mail value is N bytes of
                               letters without the domain a rule looks for

Deterministic: the same arguments write the same bytes.
"""
import sys

DN = "cn=g,dc=x"


def write(path, chunks):
    with open(path, "wb") as f:
        for c in chunks:
            f.write(c)


def lines(items):
    """Join an iterable of str lines into byte chunks of ~1 MB."""
    buf = []
    size = 0
    for line in items:
        buf.append(line)
        size += len(line)
        if size > 1 << 20:
            yield "".join(buf).encode()
            buf = []
            size = 0
    yield "".join(buf).encode()


def main():
    shape, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    if shape == "del-attrs":
        write(out[0], lines(["dn: %s\n" % DN, "objectClass: top\n"] +
                            ["a%d: v\n" % i for i in range(n)] + ["\n"]))
        write(out[1], lines(["dn: %s\nchangetype: modify\n" % DN] +
                            ["delete: a%d\n-\n" % i for i in range(n)] +
                            ["\n"]))
    elif shape == "add-member":
        write(out[0], lines(["dn: %s\nobjectClass: group\n\n" % DN]))
        write(out[1], lines(["dn: %s\nchangetype: modify\nadd: member\n" % DN]
                            + ["member: cn=u%d,dc=x\n" % i for i in range(n)]
                            + ["-\n\n"]))
    elif shape == "add-record":
        write(out[0], lines(["dn: cn=other,dc=x\nobjectClass: top\n\n"]))
        write(out[1], lines(["dn: %s\nchangetype: add\nobjectClass: group\n"
                             % DN] +
                            ["member: cn=u%d,dc=x\n" % i for i in range(n)] +
                            ["\n"]))
    elif shape == "one-by-one":
        write(out[0], lines(["dn: %s\nobjectClass: group\n" % DN] +
                            ["member: cn=u%d,dc=x\n" % i for i in range(n)] +
                            ["\n"]))
        write(out[1], lines("dn: %s\nchangetype: modify\ndelete: member\n"
                            "member: cn=u%d,dc=x\n-\n\n" % (DN, i)
                            for i in range(n)))
    elif shape == "attrs":
        write(out[0], lines(["dn: %s\n" % DN] +
                            ["a%d: v\n" % i for i in range(n)] + ["\n"]))
    elif shape == "values":
        write(out[0], lines(["dn: %s\n" % DN] + ["a: x\n"] * n + ["\n"]))
    elif shape == "folded":
        write(out[0], lines(["dn: %s\ncn: x\n" % DN] + [" x\n"] * (n - 1) +
                            ["\n"]))
    elif shape == "long-line":
        write(out[0], [("dn: %s\ncn: " % DN).encode(),
                       b"x" * (n % (1 << 20))] +
              [b"x" * (1 << 20)] * (n >> 20) + [b"\n\n"])
    elif shape == "regex-value":
        write(out[0], lines(["dn: cn=u,dc=x\nobjectClass: user\nmail: ",
                             "a" * n, "\n\n"]))
    else:
        sys.exit("gen_hostile.py: unknown shape " + shape)


if __name__ == "__main__":
    main()
