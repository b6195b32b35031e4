"""asyncpg against quilld (PG* environment from tests/client/lib.sh).

asyncpg speaks only the extended protocol with binary formats: Parse + Describe + Flush
before each new statement, binary parameters and results, and its own statement cache.
Checks connect, fetch with parameters, a prepared statement, executemany, a transaction,
errors by SQLSTATE, and LISTEN/NOTIFY."""
import asyncio
import datetime
import decimal
import os
import sys

import asyncpg

failures = 0


def check(what, got, want):
    global failures
    if got != want:
        failures += 1
        print(f"FAIL {what}: got {got!r}, want {want!r}", file=sys.stderr)


async def expect_error(conn, sql, exception, sqlstate, *args):
    global failures
    try:
        await conn.execute(sql, *args) if not args else await conn.fetch(sql, *args)
    except exception as e:
        check(f"SQLSTATE of {sql}", e.sqlstate, sqlstate)
        return
    except asyncpg.PostgresError as e:
        failures += 1
        print(f"FAIL {sql}: raised {type(e).__name__} ({e.sqlstate}), want {exception.__name__}",
              file=sys.stderr)
        return
    failures += 1
    print(f"FAIL {sql}: no error, want {exception.__name__}", file=sys.stderr)


async def main():
    conn = await asyncpg.connect(host=os.environ["PGHOST"], port=int(os.environ["PGPORT"]),
                                 user=os.environ["PGUSER"], password=os.environ["PGPASSWORD"],
                                 database=os.environ["PGDATABASE"])
    await conn.execute("CREATE TABLE apg_items (id integer PRIMARY KEY, name text, "
                       "qty bigint, price numeric(8,2), added date, seen timestamptz, ok boolean)")
    rows = [(i, f"item {i}", i * 100, decimal.Decimal(i) / 4, datetime.date(2024, 1, i),
             datetime.datetime(2024, 1, i, 12, 30, tzinfo=datetime.timezone.utc), i % 2 == 0)
            for i in range(1, 11)]
    await conn.executemany("INSERT INTO apg_items VALUES ($1, $2, $3, $4, $5, $6, $7)", rows)
    check("count after executemany", await conn.fetchval("SELECT count(*) FROM apg_items"), 10)

    row = await conn.fetchrow("SELECT id, name, qty, price, added, seen, ok FROM apg_items "
                              "WHERE id = $1", 3)
    check("typed row", tuple(row), rows[2])
    check("fetch with parameters",
          [r["name"] for r in await conn.fetch(
              "SELECT name FROM apg_items WHERE qty > $1 AND ok = $2 ORDER BY id", 700, True)],
          ["item 8", "item 10"])
    check("float8 and text parameters", await conn.fetchval("SELECT $1::float8 * 2 || $2", 1.5, "x"),
          "3x")

    stmt = await conn.prepare("SELECT name FROM apg_items WHERE id = $1")
    check("prepared parameter types", [t.name for t in stmt.get_parameters()], ["int4"])
    for i in (1, 5, 9):
        check(f"prepared fetchval {i}", await stmt.fetchval(i), f"item {i}")

    async with conn.transaction():
        await conn.execute("UPDATE apg_items SET qty = qty + 1 WHERE id = $1", 1)
        check("inside the transaction", await conn.fetchval(
            "SELECT qty FROM apg_items WHERE id = 1"), 101)
    check("committed", await conn.fetchval("SELECT qty FROM apg_items WHERE id = 1"), 101)
    try:
        async with conn.transaction():
            await conn.execute("UPDATE apg_items SET qty = 0 WHERE id = 2")
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    check("rolled back", await conn.fetchval("SELECT qty FROM apg_items WHERE id = 2"), 200)

    async with conn.transaction():
        cursor_rows = [r["id"] async for r in conn.cursor(
            "SELECT id FROM apg_items WHERE id > $1 ORDER BY id", 6, prefetch=2)]
    check("cursor (portal with a row limit)", cursor_rows, [7, 8, 9, 10])

    await expect_error(conn, "INSERT INTO apg_items (id) VALUES (1)",
                       asyncpg.UniqueViolationError, "23505")
    await expect_error(conn, "SELECT 1 / $1::int", asyncpg.DivisionByZeroError, "22012", 0)
    await expect_error(conn, "SELECT * FROM apg_missing", asyncpg.UndefinedTableError, "42P01")

    received = asyncio.Queue()
    listener = await asyncpg.connect(host=os.environ["PGHOST"], port=int(os.environ["PGPORT"]),
                                     user=os.environ["PGUSER"],
                                     password=os.environ["PGPASSWORD"],
                                     database=os.environ["PGDATABASE"])
    await listener.add_listener("apg_channel",
                                lambda c, pid, channel, payload: received.put_nowait(payload))
    await conn.execute("NOTIFY apg_channel, 'ping'")
    check("notification", await asyncio.wait_for(received.get(), 10), "ping")
    await listener.close()

    await conn.execute("DROP TABLE apg_items")
    await conn.close()


asyncio.run(main())
if failures:
    sys.exit(1)
print("asyncpg: all checks passed")
