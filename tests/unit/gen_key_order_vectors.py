#!/usr/bin/env python3
"""
Generates tests/unit/key_order_vectors.h: random values of every key column type, each
with the dense_rank() a scratch PostgreSQL 15 gives it, so test_key_encoding.c can check
that memcmp order of the encodings is PostgreSQL's order without a server at test time.

Usage: gen_key_order_vectors.py HOST_OR_SOCKET_DIR PORT > tests/unit/key_order_vectors.h
The seed is fixed: rerunning against the same PostgreSQL gives the same file.
"""
import random
import struct
import subprocess
import sys
from decimal import Decimal, getcontext

SEED = 20240607
COUNT = 300
getcontext().prec = 5000

host, port = sys.argv[1], sys.argv[2]
rng = random.Random(SEED)


def psql(sql):
    out = subprocess.run(
        ["psql", "-h", host, "-p", port, "-U", "postgres", "-X", "-q", "-At",
         "-v", "ON_ERROR_STOP=1", "-F", "|"],
        input=sql, capture_output=True, text=True, check=True)
    return [line.split("|") for line in out.stdout.splitlines() if line]


def pg_ranks(column_type, literals, order_by="v", check_expr=None):
    """dense_rank() of each literal (generation order) under ORDER BY order_by."""
    rows = ",\n".join(f"({i}, {lit})" for i, lit in enumerate(literals))
    extra = f", {check_expr}" if check_expr else ""
    sql = (f"CREATE TEMP TABLE t (id int, v {column_type});\n"
           f"INSERT INTO t VALUES\n{rows};\n"
           f"SELECT id, dense_rank() OVER (ORDER BY {order_by}){extra} FROM t ORDER BY id;\n")
    result = psql(sql)
    assert len(result) == len(literals)
    return result


def c_string(data):
    """A C string literal for arbitrary bytes: octal escapes are never longer than 3
    digits, so they cannot swallow a following character; '?' is escaped (trigraphs)."""
    out = []
    for b in data:
        ch = chr(b)
        if 0x20 <= b < 0x7F and ch not in '"\\?':
            out.append(ch)
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


def sql_bytea(data):
    return "'\\x" + data.hex() + "'::bytea"


# ---- int64 ---------------------------------------------------------------------------
def gen_int64():
    edges = [-2**63, -2**63 + 1, -2**31 - 1, -2**31, -2**15, -256, -255, -1, 0, 1, 255, 256,
             2**15 - 1, 2**31 - 1, 2**31, 2**32, 2**63 - 2, 2**63 - 1]
    vals = list(edges)
    while len(vals) < COUNT:
        r = rng.random()
        if r < 0.1:
            vals.append(rng.choice(vals))           # ties
        else:
            bits = rng.randint(1, 63)
            v = rng.getrandbits(bits)
            vals.append(-v - rng.randint(0, 1) if rng.random() < 0.5 else v)
    vals = [max(-2**63, min(2**63 - 1, v)) for v in vals]
    rng.shuffle(vals)
    ranks = pg_ranks("bigint", [str(v) for v in vals])
    return [(v, int(r[1])) for v, r in zip(vals, ranks)]


# ---- float8 / float4 -----------------------------------------------------------------
def f64_from_bits(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def f64_bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def f32_from_bits(b):
    return struct.unpack("<f", struct.pack("<I", b))[0]


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def float_literal(x):
    if x != x:
        return "'NaN'"
    if x == float("inf"):
        return "'Infinity'"
    if x == float("-inf"):
        return "'-Infinity'"
    return "'" + repr(x) + "'"


def gen_float(width):
    if width == 8:
        from_bits, to_bits, nbits, exp_mask = f64_from_bits, f64_bits, 64, 0x7FF0000000000000
        edges_bits = [0x0000000000000001, 0x000FFFFFFFFFFFFF, 0x0010000000000000,
                      0x7FEFFFFFFFFFFFFF, 0x3FF0000000000000, 0x3FF0000000000001,
                      0x3FEFFFFFFFFFFFFF]
        sql_type, send = "double precision", "float8send"
    else:
        from_bits, to_bits, nbits, exp_mask = f32_from_bits, f32_bits, 32, 0x7F800000
        edges_bits = [0x00000001, 0x007FFFFF, 0x00800000, 0x7F7FFFFF, 0x3F800000,
                      0x3F800001, 0x3F7FFFFF]
        sql_type, send = "real", "float4send"
    vals = [0.0, -0.0, float("inf"), float("-inf"), float("nan"), float("nan")]
    for b in edges_bits:
        vals += [from_bits(b), -from_bits(b)]
    while len(vals) < COUNT:
        r = rng.random()
        if r < 0.1:
            vals.append(rng.choice(vals))
        elif r < 0.55:
            b = rng.getrandbits(nbits)
            if b & exp_mask == exp_mask:            # NaN/inf patterns: PostgreSQL text has no payload
                continue
            vals.append(from_bits(b))
        else:
            x = rng.uniform(-1, 1) * 10.0 ** rng.randint(-40 if width == 8 else -30,
                                                         40 if width == 8 else 30)
            vals.append(from_bits(to_bits(x)))     # rounded to the column's width
    rng.shuffle(vals)
    ranks = pg_ranks(sql_type, [float_literal(x) for x in vals],
                     check_expr=f"encode({send}(v), 'hex')")
    out = []
    for x, r in zip(vals, ranks):
        bits = to_bits(x)
        if x != x:
            bits = 0x7FF8000000000000 if width == 8 else 0x7FC00000
        got = int(r[2], 16)
        assert got == bits, (x, hex(bits), r[2])   # PostgreSQL stored exactly this value
        out.append((bits, int(r[1]), x))
    return out


# ---- bool ----------------------------------------------------------------------------
def gen_bool():
    vals = [True, False, False, True, True, False, True, False]
    ranks = pg_ranks("boolean", ["true" if v else "false" for v in vals])
    return [(v, int(r[1])) for v, r in zip(vals, ranks)]


# ---- text and bytea ------------------------------------------------------------------
TEXT_ALPHABET = ["a", "b", "A", "Z", "0", " ", "~", "\x01", "\x7f", "\u00e9", "\u00ff",
                 "\u0100", "\u20ac", "\uffff", "\U0001F600", "\U0010FFFF"]


def gen_strings(make, count):
    vals = [make(0)]
    while len(vals) < count:
        r = rng.random()
        if r < 0.1:
            vals.append(rng.choice(vals))
        elif r < 0.35 and vals:
            base = rng.choice(vals)                 # a prefix or an extension of another value
            if rng.random() < 0.5 and len(base) > 0:
                vals.append(base[:rng.randint(0, len(base) - 1)])
            else:
                vals.append(base + make(rng.randint(1, 3)))
        else:
            vals.append(make(rng.randint(0, 8)))
    rng.shuffle(vals)
    return vals


def gen_text():
    vals = gen_strings(lambda n: "".join(rng.choice(TEXT_ALPHABET) for _ in range(n)), COUNT)
    encoded = [v.encode("utf-8") for v in vals]
    ranks = pg_ranks("text", [f"convert_from({sql_bytea(e)}, 'UTF8')" for e in encoded],
                     order_by='v COLLATE "C"')
    return [(e, int(r[1])) for e, r in zip(encoded, ranks)]


BYTE_CHOICES = [0x00, 0x00, 0x01, 0x02, 0x7F, 0x80, 0xFE, 0xFF, 0xFF]


def random_bytes(n):
    return bytes(rng.choice(BYTE_CHOICES) if rng.random() < 0.7 else rng.getrandbits(8)
                 for _ in range(n))


def gen_bytea():
    vals = gen_strings(random_bytes, COUNT)
    ranks = pg_ranks("bytea", [sql_bytea(v) for v in vals])
    return [(v, int(r[1])) for v, r in zip(vals, ranks)]


# ---- uuid ----------------------------------------------------------------------------
def gen_uuid():
    vals = [bytes(16), bytes([0xFF] * 16), bytes([0x80] + [0] * 15), bytes([0x7F] + [0xFF] * 15)]
    while len(vals) < COUNT:
        r = rng.random()
        if r < 0.1:
            vals.append(rng.choice(vals))
        elif r < 0.4:                               # shares a prefix with another value
            base = rng.choice(vals)
            cut = rng.randint(1, 15)
            vals.append(base[:cut] + random_bytes(16 - cut))
        else:
            vals.append(bytes(rng.getrandbits(8) for _ in range(16)))
    rng.shuffle(vals)
    ranks = pg_ranks("uuid", [f"'{v.hex()}'::uuid" for v in vals])
    return [(v, int(r[1])) for v, r in zip(vals, ranks)]


# ---- numeric -------------------------------------------------------------------------
def numeric_fields(text):
    """(kind, negative, weight, digits) as query/numeric.h represents the value:
    kind 0 finite, 1 NaN, 2 +inf, 3 -inf; base-10000 digits without leading or trailing
    zero digits; zero is ndigits 0, weight 0, not negative."""
    t = text.strip().lower()
    if t == "nan":
        return 1, False, 0, []
    if t in ("infinity", "+infinity", "inf"):
        return 2, False, 0, []
    if t in ("-infinity", "-inf"):
        return 3, False, 0, []
    d = Decimal(text)
    if d == 0:
        return 0, False, 0, []
    sign, digit_tuple, exp = d.as_tuple()
    n = int("".join(map(str, digit_tuple)))
    shift = exp % 4                                 # align the exponent to base 10000
    n *= 10 ** shift
    exp -= shift
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    groups.reverse()
    e4 = exp // 4
    while groups[-1] == 0:
        groups.pop()
        e4 += 1
    weight = len(groups) - 1 + e4
    return 0, bool(sign), weight, groups


def random_numeric_text():
    r = rng.random()
    neg = "-" if rng.random() < 0.5 else ""
    if r < 0.5:                                     # moderate: up to 20 digits each side
        ip = str(rng.randint(0, 10 ** rng.randint(0, 20)))
        fp = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 20)))
    elif r < 0.8:                                   # long fractions / long integers
        ip = str(rng.randint(0, 10 ** rng.randint(0, 60)))
        fp = "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 60)))
    else:                                           # very different magnitudes
        mant = str(rng.randint(1, 10 ** rng.randint(1, 12)))
        return f"{neg}{mant}e{rng.randint(-300, 300)}"
    if rng.random() < 0.3:
        fp += "0" * rng.randint(1, 5)               # another display scale of one number
    return f"{neg}{ip}.{fp}" if fp else f"{neg}{ip}"


def gen_numeric():
    vals = ["NaN", "Infinity", "-Infinity", "0", "0.000", "-0.0", "1", "1.0", "1.00", "-1",
            "-1.000", "0.0001", "0.00010", "-0.0001", "9999", "9999.9999", "10000",
            "10000.0000", "10001", "99999999.99999999", "100000000", "0.9999", "0.99999",
            "1.0001", "1.00000001", "-1.00000001", "1e-300", "-1e-300", "1e300", "-1e300",
            "1e999", "-1e999", "1e-999", "-1e-999", "12345678901234567890.1234567890123456789",
            "-12345678901234567890.1234567890123456789"]
    while len(vals) < COUNT:
        if rng.random() < 0.1:
            base = rng.choice(vals)
            vals.append(base if "e" in base or base[0].isalpha() or "." not in base
                        else base + "0")            # same number, longer display scale
        else:
            vals.append(random_numeric_text())
    rng.shuffle(vals)
    ranks = pg_ranks("numeric", [f"'{v}'" for v in vals])
    return [(v, numeric_fields(v), int(r[1])) for v, r in zip(vals, ranks)]


# ---- composite -----------------------------------------------------------------------
COMPOSITE_A = [None, -1, 0, 1]
COMPOSITE_B = [None, b"", b"a", b"a\x01", b"ab", b"b"]
COMPOSITE_C = [None, "-1", "0", "1", "1.0", "2.5", "NaN", "Infinity"]
COMPOSITE_D = [None, -0.0, 0.0, 1.5, float("-inf"), float("inf"), float("nan")]
COMPOSITE_ORDER = ('a ASC NULLS FIRST, b COLLATE "C" DESC NULLS FIRST, '
                   'c ASC NULLS LAST, d DESC NULLS LAST')


def gen_composite():
    rows = [(rng.choice(COMPOSITE_A), rng.choice(COMPOSITE_B), rng.choice(COMPOSITE_C),
             rng.choice(COMPOSITE_D)) for _ in range(COUNT)]
    lits = []
    for i, (a, b, c, d) in enumerate(rows):
        la = "NULL" if a is None else str(a)
        lb = "NULL" if b is None else f"convert_from({sql_bytea(b)}, 'UTF8')"
        lc = "NULL" if c is None else f"'{c}'"
        ld = "NULL" if d is None else float_literal(d)
        lits.append(f"({i}, {la}::bigint, {lb}, {lc}::numeric, {ld}::float8)")
    sql = ("CREATE TEMP TABLE t (id int, a bigint, b text, c numeric, d float8);\n"
           "INSERT INTO t VALUES\n" + ",\n".join(lits) + ";\n"
           f"SELECT id, dense_rank() OVER (ORDER BY {COMPOSITE_ORDER}) FROM t ORDER BY id;\n")
    ranks = psql(sql)
    return [(row, int(r[1])) for row, r in zip(rows, ranks)]


# ---- output --------------------------------------------------------------------------
def c_decimal(text):
    kind, neg, weight, digits = numeric_fields(text)
    ds = ", ".join(str(x) for x in digits) or "0"
    return (f"{{{c_string(text.encode())}, {kind}, {'true' if neg else 'false'}, {weight}, "
            f"{len(digits)}, {{{ds}}}}}")


def main():
    int64s = gen_int64()
    float8s = gen_float(8)
    float4s = gen_float(4)
    bools = gen_bool()
    texts = gen_text()
    byteas = gen_bytea()
    uuids = gen_uuid()
    numerics = gen_numeric()
    composites = gen_composite()
    version = psql("SHOW server_version;")[0][0]
    max_digits = max(len(f[3]) for _, f, _ in numerics)
    max_bytes = max(len(v) for v, _ in texts + byteas)

    w = sys.stdout.write
    w(f"""/*
 * Key order vectors: do not edit by hand. Generated by gen_key_order_vectors.py
 * (seed {SEED}) against PostgreSQL {version},
 * initdb --locale=C -E UTF8.
 *
 * Each table lists values in random order with the dense_rank() PostgreSQL gives them
 * under ORDER BY (text with COLLATE "C"); equal ranks are values PostgreSQL treats as
 * equal (-0 and 0, NaNs, 1.0 and 1.00). test_key_encoding.c checks that sorting their
 * encodings with memcmp reproduces these ranks exactly.
 */
#ifndef QUILL_TESTS_UNIT_KEY_ORDER_VECTORS_H
#define QUILL_TESTS_UNIT_KEY_ORDER_VECTORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KOV_DECIMAL_MAX_DIGITS {max_digits}
#define KOV_BYTES_MAX_LENGTH {max_bytes}

struct kov_int64 {{ int64_t value; int rank; }};
struct kov_float8 {{ uint64_t bits; int rank; }};
struct kov_float4 {{ uint32_t bits; int rank; }};
struct kov_bool {{ bool value; int rank; }};
/* text (UTF-8 bytes) and bytea */
struct kov_bytes {{ const char *data; size_t length; int rank; }};
struct kov_uuid {{ uint8_t bytes[16]; int rank; }};
/* numeric as query/numeric.h holds it: kind 0 finite, 1 NaN, 2 +Infinity, 3 -Infinity */
struct kov_decimal_value {{
    const char *text;
    int kind;
    bool negative;
    int weight;
    int ndigits;
    int16_t digits[KOV_DECIMAL_MAX_DIGITS];
}};
struct kov_decimal {{ struct kov_decimal_value value; int rank; }};
/* ORDER BY {COMPOSITE_ORDER} */
struct kov_composite {{
    bool a_null;
    int64_t a;
    const char *b; /* NULL when the column is NULL */
    size_t b_length;
    bool c_null;
    struct kov_decimal_value c;
    bool d_null;
    uint64_t d_bits;
    int rank;
}};

""")
    w("static const struct kov_int64 kov_int64s[] = {\n")
    for v, r in int64s:
        lit = "INT64_MIN" if v == -2**63 else f"INT64_C({v})"
        w(f"    {{{lit}, {r}}},\n")
    w("};\n\n")
    w("static const struct kov_float8 kov_float8s[] = {\n")
    for bits, r, x in float8s:
        w(f"    {{UINT64_C(0x{bits:016X}), {r}}}, /* {float_literal(x)[1:-1]} */\n")
    w("};\n\n")
    w("static const struct kov_float4 kov_float4s[] = {\n")
    for bits, r, x in float4s:
        w(f"    {{UINT32_C(0x{bits:08X}), {r}}}, /* {float_literal(x)[1:-1]} */\n")
    w("};\n\n")
    w("static const struct kov_bool kov_bools[] = {\n")
    for v, r in bools:
        w(f"    {{{'true' if v else 'false'}, {r}}},\n")
    w("};\n\n")
    for name, table in (("kov_texts", texts), ("kov_byteas", byteas)):
        w(f"static const struct kov_bytes {name}[] = {{\n")
        for v, r in table:
            w(f"    {{{c_string(v)}, {len(v)}, {r}}},\n")
        w("};\n\n")
    w("static const struct kov_uuid kov_uuids[] = {\n")
    for v, r in uuids:
        w("    {{" + ", ".join(f"0x{b:02X}" for b in v) + f"}}, {r}}},\n")
    w("};\n\n")
    w("static const struct kov_decimal kov_decimals[] = {\n")
    for text, _, r in numerics:
        w(f"    {{{c_decimal(text)}, {r}}},\n")
    w("};\n\n")
    w("static const struct kov_composite kov_composites[] = {\n")
    for (a, b, c, d), r in composites:
        fa = "true, 0" if a is None else f"false, {a}"
        fb = "NULL, 0" if b is None else f"{c_string(b)}, {len(b)}"
        fc = "true, {NULL, 0, false, 0, 0, {0}}" if c is None else f"false, {c_decimal(c)}"
        if d is None:
            fd = "true, 0"
        else:
            bits = 0x7FF8000000000000 if d != d else f64_bits(d)
            fd = f"false, UINT64_C(0x{bits:016X})"
        w(f"    {{{fa}, {fb}, {fc}, {fd}, {r}}},\n")
    w("};\n\n#endif\n")


main()
