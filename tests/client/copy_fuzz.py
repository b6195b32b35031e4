#!/usr/bin/env python3
"""Differential COPY FROM test: random data, options and CopyData cuts, PostgreSQL vs QuillDB.

    copy_fuzz.py POSTGRES_PORT QUILLDB_PORT CASES SEED

Both servers must accept user postgres without a password (trust). Each case sends the same
COPY ... FROM STDIN, the same data cut into the same pieces (whole, 1 byte, or 1-8 bytes),
and CopyDone (sometimes CopyFail); every message the two servers answer (command tags,
SQLSTATEs, messages, DETAIL, HINT, CONTEXT) and the table's contents afterwards (COPY TO
in CSV) must be identical. Half the cases are mostly valid rows in the options' own
format; the rest are random bytes rich in delimiters, quotes, backslashes, line breaks
and bad UTF-8. Exit status 1 on the first differences (up to 5 shown).
"""

import random
import socket
import struct
import sys


class Connection:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.buffer = b""
        params = b"user\0postgres\0database\0postgres\0\0"
        self.sock.sendall(struct.pack("!ii", len(params) + 8, 196608) + params)
        self.until_ready()

    def send(self, kind, body=b""):
        self.sock.sendall(kind + struct.pack("!i", len(body) + 4) + body)

    def message(self):
        while True:
            if len(self.buffer) >= 5:
                length = struct.unpack("!i", self.buffer[1:5])[0]
                if len(self.buffer) >= 1 + length:
                    kind, body = self.buffer[0:1], self.buffer[5:1 + length]
                    self.buffer = self.buffer[1 + length:]
                    return kind, body
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("server closed the connection")
            self.buffer += chunk

    def until_ready(self, out=None):
        out = [] if out is None else out
        while True:
            kind, body = self.message()
            if kind == b"Z":
                return out
            out.append(describe(kind, body))

    def query(self, sql):
        self.send(b"Q", sql.encode() + b"\0")
        return self.until_ready()

    def copy_in(self, sql, pieces, fail):
        self.send(b"Q", sql.encode() + b"\0")
        out = []
        while True:
            kind, body = self.message()
            if kind == b"Z":
                return out
            out.append(describe(kind, body))
            if kind == b"G":
                break
        for piece in pieces:
            self.send(b"d", piece)
        if fail is not None:
            self.send(b"f", fail + b"\0")
        else:
            self.send(b"c")
        return self.until_ready(out)


def describe(kind, body):
    if kind in (b"E", b"N"):
        fields = {}
        for part in body.split(b"\0"):
            if part:
                fields[chr(part[0])] = part[1:].decode("utf-8", "replace")
        return (kind.decode(),) + tuple(fields.get(k) for k in "CMDHW")
    if kind == b"T":
        return ("T",)
    return (kind.decode(), body)


NOISE = [b"\t", b",", b'"', b"'", b"\\", b".", b"\n", b"\r", b"\r\n", b"N", b"1", b"2", b"-",
         b"a", b"x", b"0", b"7", "é".encode(), b"\xff", "€".encode(), b"\xe2\x82", b" ", b";",
         b"\\N", b"\\.", b"\\x4", b"\\0", b"|"]
TEXTS = [b"x", b"", b"hello", b"a b", "été".encode(), b'q"q', b"it's", b"a,b", b"a;b", b"a\tb",
         b"a\nb", b"a\rb", b"back\\slash", b"\\.", b"N", b"\\N", b"12345", b"123456",
         "€€".encode(), b"a|b", b"NUL"]


def noise_case(rng):
    data = b"".join(rng.choice(NOISE) for _ in range(rng.randint(0, 40)))
    options = []
    csv = rng.random() < 0.5
    if csv:
        options.append("format csv")
    if rng.random() < 0.2:
        options.append(rng.choice(["header", "header match", "header false"]))
    if rng.random() < 0.2:
        options.append("delimiter '%s'" % rng.choice([",", ";", "|"]))
    if rng.random() < 0.2:
        options.append("null '%s'" % rng.choice(["", "N", "x"]))
    if csv and rng.random() < 0.2:
        options.append("quote '%s'" % rng.choice(["''", '"', "|"]))
    if csv and rng.random() < 0.2:
        options.append("escape '%s'" % rng.choice(["\\", '"', "''"]))
    if csv and rng.random() < 0.15:
        options.append("force_not_null (b)")
    if csv and rng.random() < 0.15:
        options.append("force_null (c)")
    return data, options


def escape_text(value, delimiter):
    out = b""
    for byte in value:
        c = bytes([byte])
        if c == b"\\":
            out += b"\\\\"
        elif c == b"\n":
            out += b"\\n"
        elif c == b"\r":
            out += b"\\r"
        elif c == delimiter:
            out += b"\\" + c
        else:
            out += c
    return out


def quote_csv(value, delimiter, quote, escape, rng):
    if rng.random() < 0.5 and value and not any(x in value for x in (delimiter, quote, b"\n", b"\r")):
        return value
    inner = b"".join((escape + bytes([b])) if bytes([b]) in (quote, escape) else bytes([b])
                     for b in value)
    return quote + inner + quote


def rows_case(rng):
    csv = rng.random() < 0.5
    delimiter = rng.choice([b",", b";", b"|"]) if csv else rng.choice([b"\t", b"\t", b",", b"|"])
    quote = rng.choice([b'"', b'"', b"'"]) if csv else None
    escape = rng.choice([quote, b"\\"]) if csv else None
    null = rng.choice([None, b"NUL", b""])
    if not csv and null == b"":
        null = None
    options = ["format csv"] if csv else []
    if delimiter != (b"," if csv else b"\t"):
        options.append("delimiter E'%s'" % ("\\t" if delimiter == b"\t" else delimiter.decode()))
    if quote == b"'":
        options.append("quote ''''")
    if escape == b"\\":
        options.append("escape E'\\\\'")
    if null is not None:
        options.append("null '%s'" % null.decode())
    header = rng.random() < 0.2
    if header:
        options.append(rng.choice(["header", "header match"]))
    null_text = null if null is not None else (b"" if csv else b"\\N")
    end = rng.choice([b"\n", b"\n", b"\r\n", b"\r"])
    lines = [delimiter.join([b"a", b"b", b"c", b"d"])] if header else []
    for _ in range(rng.randint(0, 8)):
        values = [str(rng.randint(-3, 40)).encode(), rng.choice(TEXTS), rng.choice(TEXTS),
                  rng.choice([b"1", b"2.5", b"-3.14", b"9999.99", b"abc", b"", b"10000"])]
        fields = []
        for value in values:
            if rng.random() < 0.1:
                fields.append(null_text)
            elif csv and value == null_text and rng.random() < 0.5:
                fields.append(quote + value + quote)
            elif csv:
                fields.append(quote_csv(value, delimiter, quote, escape, rng))
            else:
                fields.append(escape_text(value, delimiter))
        if rng.random() < 0.05:
            fields = fields[:rng.randint(0, 3)]
        if rng.random() < 0.05:
            fields.append(b"extra")
        lines.append(delimiter.join(fields))
    data = end.join(lines) + (end if lines and rng.random() < 0.8 else b"")
    if rng.random() < 0.3:
        data += b"\\." + end + (b"ignored\xff" if rng.random() < 0.3 else b"")
    return data, options


def cut(rng, data):
    mode = rng.random()
    if mode < 0.3 or not data:
        return [data] if data else []
    pieces, at = [], 0
    while at < len(data):
        n = 1 if mode < 0.6 else rng.randint(1, 8)
        pieces.append(data[at:at + n])
        at += n
    if rng.random() < 0.2:
        pieces.insert(rng.randint(0, len(pieces)), b"")
    return pieces


def main():
    pg_port, quill_port, cases, seed = (int(a) for a in sys.argv[1:5])
    rng = random.Random(seed)
    servers = [Connection(pg_port), Connection(quill_port)]
    for s in servers:
        s.query("drop table if exists copy_fuzz")
        s.query("create table copy_fuzz (a int primary key, b text not null, c varchar(5), "
                "d numeric(6,2) default 1.5)")
    differences = 0
    for case in range(cases):
        data, options = rows_case(rng) if rng.random() < 0.5 else noise_case(rng)
        columns = "" if rng.random() < 0.8 else rng.choice([" (a, b, c)", " (a, b, c, d)"])
        sql = "copy copy_fuzz%s from stdin%s" % (columns, " (%s)" % ", ".join(options) if options else "")
        fail = b"fuzz gave up" if rng.random() < 0.05 else None
        pieces = cut(rng, data)
        answers = [s.copy_in(sql, pieces, fail) for s in servers]
        contents = [sorted(s.query("copy copy_fuzz to stdout (format csv)")) for s in servers]
        if answers[0] != answers[1] or contents[0] != contents[1]:
            differences += 1
            print("case %d: %s\n  data %r in %d pieces%s" % (case, sql, data, len(pieces),
                                                            " then CopyFail" if fail else ""))
            print("  postgres: %s\n  quilldb:  %s" % (answers[0], answers[1]))
            if contents[0] != contents[1]:
                print("  rows postgres: %s\n  rows quilldb:  %s" % (contents[0], contents[1]))
            if differences == 5:
                break
        if rng.random() < 0.3:
            for s in servers:
                s.query("delete from copy_fuzz")
    for s in servers:
        s.query("drop table copy_fuzz")
    print("%d COPY cases, %d differ" % (case + 1, differences))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
