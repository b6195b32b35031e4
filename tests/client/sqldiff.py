#!/usr/bin/env python3
"""Compare the psql outputs of one tests/sql file run against PostgreSQL and QuillDB.

Both outputs come from `psql -X -a -v ON_ERROR_STOP=0 -v VERBOSITY=verbose -f FILE`
(stdout and stderr together). With ECHO all, psql prints every non-empty input line as it
reads it, so the output is cut into blocks: the input lines of one statement (or of several
statements on one line) followed by what the server answered (rows, command tags, errors
with their SQLSTATE). Blocks are compared one by one.

A differing block fails the comparison unless tests/sql/allowlist has an entry for it:

    FILE | PATTERN | WHY QuillDB differs

FILE is the .sql file name (or *), PATTERN a literal substring of the block's input text
(for a statement spread over several lines, any of its lines). Fields are separated by
" | " (a space, a bar, a space). Lines starting with # and blank lines are ignored.

Normalised before comparing (these differ by design, never because of a bug):
  - "LOCATION:" lines (verbose mode: the server's C source file and line),
  - the text of version() after "PostgreSQL 15.N " (build details).

Exit status: 0 when equal (or every difference is allow-listed), 1 otherwise.
"""

import argparse
import difflib
import re
import sys

VERSION_RE = re.compile(r"^(\s*)PostgreSQL 15\.\d+ .*$")


def normalise(lines):
    out = []
    for line in lines:
        if line.startswith("LOCATION:  "):
            continue
        line = VERSION_RE.sub(r"\1PostgreSQL 15.N <version details>", line)
        out.append(line)
    return out


def read_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().split("\n")


class Block:
    def __init__(self, first_line):
        self.first_line = first_line  # line number in the .sql file (0: before any input)
        self.sql = []
        self.output = []


def split_blocks(sql_lines, out_lines):
    """Cut psql's echoed output into blocks (input lines + the output they produced)."""
    inputs = [(n, text) for n, text in enumerate(sql_lines, 1) if text.strip() != ""]
    blocks = [Block(0)]
    j = 0
    for line in out_lines:
        if j < len(inputs) and line == inputs[j][1]:
            if blocks[-1].output or blocks[-1].first_line == 0:
                blocks.append(Block(inputs[j][0]))
            blocks[-1].sql.append(line)
            j += 1
        else:
            blocks[-1].output.append(line)
    # Trailing empty lines are psql's separators; ignore them at the very end.
    while blocks and blocks[-1].output and blocks[-1].output[-1] == "":
        blocks[-1].output.pop()
    return blocks


def load_allowlist(path, sqlname):
    entries = []
    if not path:
        return entries
    try:
        lines = read_lines(path)
    except FileNotFoundError:
        return entries
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = re.split(r"\s+\|\s+", line, maxsplit=2)
        if len(fields) != 3 or not fields[1] or not fields[2]:
            sys.exit(f"{path}:{n}: expected 'FILE | PATTERN | WHY', got: {raw}")
        fname, pattern, why = fields
        if fname in (sqlname, "*"):
            entries.append({"line": n, "pattern": pattern, "why": why, "used": False})
    return entries


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sql", required=True, help="the .sql file both outputs come from")
    ap.add_argument("--postgres", required=True, help="output against PostgreSQL")
    ap.add_argument("--quilldb", required=True, help="output against QuillDB")
    ap.add_argument("--allowlist", help="tests/sql/allowlist")
    args = ap.parse_args()

    sqlname = args.sql.rsplit("/", 1)[-1]
    sql_lines = read_lines(args.sql)
    pg = split_blocks(sql_lines, normalise(read_lines(args.postgres)))
    ql = split_blocks(sql_lines, normalise(read_lines(args.quilldb)))
    allow = load_allowlist(args.allowlist, sqlname)

    failures, allowed, compared = [], [], 0
    for i in range(max(len(pg), len(ql))):
        a = pg[i] if i < len(pg) else None
        b = ql[i] if i < len(ql) else None
        ref = a or b
        compared += 1
        a_out = a.output if a else ["<no output: psql stopped before this statement>"]
        b_out = b.output if b else ["<no output: psql stopped before this statement>"]
        if a and b and a.sql == b.sql and a_out == b_out:
            continue
        text = "\n".join(ref.sql)
        entry = next((e for e in allow if e["pattern"] in text), None)
        item = (ref, a_out, b_out, entry)
        if entry:
            entry["used"] = True
            allowed.append(item)
        else:
            failures.append(item)

    def show(ref, a_out, b_out):
        where = f"{sqlname}:{ref.first_line}" if ref.first_line else f"{sqlname} (start)"
        print(f"=== {where}")
        for s in ref.sql:
            print(f"    {s}")
        for d in difflib.unified_diff(a_out, b_out, "postgres", "quilldb", lineterm="", n=20):
            print(f"    {d}")
        print()

    for ref, a_out, b_out, entry in allowed:
        print(f"allowed difference ({args.allowlist}:{entry['line']}: {entry['why']}):")
        show(ref, a_out, b_out)
    for e in allow:
        if not e["used"]:
            print(f"warning: {args.allowlist}:{e['line']}: entry matches no difference "
                  f"in {sqlname} (stale?): {e['pattern']}")
    if failures:
        print(f"{sqlname}: {len(failures)} of {compared} blocks differ between PostgreSQL "
              f"(-) and QuillDB (+):\n")
        for ref, a_out, b_out, _ in failures:
            show(ref, a_out, b_out)
        # A short list last (on stderr), where a truncated test log still shows it.
        sys.stdout.flush()
        print(f"{sqlname}: {len(failures)} statement(s) differ from PostgreSQL:", file=sys.stderr)
        for ref, _, _, _ in failures:
            print(f"  {sqlname}:{ref.first_line}: {' '.join(ref.sql)[:100]}", file=sys.stderr)
        return 1
    print(f"{sqlname}: {compared} blocks compared, identical"
          + (f" apart from {len(allowed)} allow-listed" if allowed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
