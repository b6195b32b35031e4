"""psycopg2 against quilld (PG* environment from tests/client/lib.sh).

psycopg2 interpolates parameters on the client and sends simple queries: this checks
what a Python application sees (types, executemany, autocommit, transactions, and
exceptions chosen by SQLSTATE, lists as arrays), and the SQL PREPARE / EXECUTE it can use
directly."""
import datetime
import decimal
import select
import sys
import time

import psycopg2
import psycopg2.errors

failures = 0


def check(what, got, want):
    global failures
    if got != want:
        failures += 1
        print(f"FAIL {what}: got {got!r}, want {want!r}", file=sys.stderr)


def expect_error(cursor, sql, exception, sqlstate, args=None):
    global failures
    try:
        cursor.execute(sql, args)
    except exception as e:
        check(f"SQLSTATE of {sql}", e.pgcode, sqlstate)
        return
    except psycopg2.Error as e:
        failures += 1
        print(f"FAIL {sql}: raised {type(e).__name__} ({e.pgcode}), want {exception.__name__}",
              file=sys.stderr)
        return
    failures += 1
    print(f"FAIL {sql}: no error, want {exception.__name__}", file=sys.stderr)


conn = psycopg2.connect("")
conn.autocommit = True
cur = conn.cursor()
cur.execute("CREATE TABLE py_items (id integer PRIMARY KEY, name text, price numeric(8,2), "
            "added date, seen timestamp)")
rows = [(i, f"item {i}", decimal.Decimal(i) / 4, datetime.date(2024, 1, i),
         datetime.datetime(2024, 1, i, 12, 30)) for i in range(1, 11)]
cur.executemany("INSERT INTO py_items VALUES (%s, %s, %s, %s, %s)", rows)
cur.execute("SELECT count(*), sum(price) FROM py_items")
check("count and sum after executemany", cur.fetchone(), (10, decimal.Decimal("13.75")))

cur.execute("SELECT id, name, price, added, seen FROM py_items WHERE id = %s", (3,))
check("typed row", cur.fetchone(), rows[2])
check("column names", [d.name for d in cur.description], ["id", "name", "price", "added", "seen"])
cur.execute("SELECT name FROM py_items WHERE name = %s", ("it's",))
check("quoted parameter", cur.fetchall(), [])

cur.execute("PREPARE py_by_id (int) AS SELECT name FROM py_items WHERE id = $1")
cur.execute("EXECUTE py_by_id (%s)", (7,))
check("EXECUTE", cur.fetchone(), ("item 7",))
cur.execute("DEALLOCATE py_by_id")

expect_error(cur, "INSERT INTO py_items (id) VALUES (1)", psycopg2.errors.UniqueViolation, "23505")
expect_error(cur, "SELECT 1 / 0", psycopg2.errors.DivisionByZero, "22012")
expect_error(cur, "SELECT * FROM py_missing", psycopg2.errors.UndefinedTable, "42P01")
expect_error(cur, "SELECT %s::int", psycopg2.errors.InvalidTextRepresentation, "22P02", ("x",))
expect_error(cur, "EXECUTE py_by_id (1)", psycopg2.errors.InvalidSqlStatementName, "26000")

# Python lists travel as ARRAY[...] and come back as lists.
cur.execute("CREATE TABLE py_arrays (id integer PRIMARY KEY, tags text[], nums integer[])")
cur.execute("INSERT INTO py_arrays VALUES (%s, %s, %s)", (1, ["a", "b c", None, 'q"x'], [3, 1, 2]))
cur.execute("SELECT tags, nums, nums[2], array_length(tags, 1) FROM py_arrays")
check("arrays as lists", cur.fetchone(), (["a", "b c", None, 'q"x'], [3, 1, 2], 1, 4))
cur.execute("SELECT id FROM py_arrays WHERE %s = ANY(tags)", ("b c",))
check("= ANY(array column)", cur.fetchall(), [(1,)])
cur.execute("SELECT n FROM unnest(%s) AS n ORDER BY n", ([5, 4],))
check("unnest of a list", cur.fetchall(), [(4,), (5,)])
cur.execute("DROP TABLE py_arrays")

# autocommit off: psycopg2 opens a transaction block itself; an error aborts it.
conn.autocommit = False
cur.execute("SELECT name FROM py_items WHERE id = %s", (1,))
check("in a transaction", cur.fetchone(), ("item 1",))
check("transaction status", conn.get_transaction_status(),
      psycopg2.extensions.TRANSACTION_STATUS_INTRANS)
expect_error(cur, "SELECT 1 / 0", psycopg2.errors.DivisionByZero, "22012")
expect_error(cur, "SELECT 1", psycopg2.errors.InFailedSqlTransaction, "25P02")
conn.rollback()
cur.execute("SELECT 2")
check("after rollback", cur.fetchone(), (2,))
conn.commit()

# A named (server-side) cursor: DECLARE ... CURSOR WITHOUT HOLD FOR, FETCH FORWARD n, CLOSE.
named = conn.cursor("py_named")
named.itersize = 3
named.execute("SELECT id, name FROM py_items WHERE id > %s ORDER BY id", (2,))
check("named cursor rows", [r[0] for r in named], list(range(3, 11)))
named.close()
named = conn.cursor("py_scroll", scrollable=True)
named.execute("SELECT id FROM py_items ORDER BY id")
check("fetchmany", named.fetchmany(4), [(1,), (2,), (3,), (4,)])
named.scroll(-2)
check("after scroll -2", named.fetchone(), (3,))
named.scroll(9, mode="absolute")
check("absolute scroll", named.fetchone(), (10,))
check("past the end", named.fetchone(), None)
named.close()
conn.commit()
with_hold = conn.cursor("py_hold", withhold=True)
with_hold.execute("SELECT name FROM py_items WHERE id <= 2 ORDER BY id")
conn.commit()
check("WITH HOLD after commit", with_hold.fetchall(), [("item 1",), ("item 2",)])
with_hold.close()
conn.rollback()
cur.execute("DECLARE py_dup CURSOR FOR SELECT 1")
expect_error(cur, "DECLARE py_dup CURSOR FOR SELECT 2", psycopg2.errors.DuplicateCursor, "42P03")
conn.rollback()
expect_error(cur, "FETCH py_nothing", psycopg2.errors.InvalidCursorName, "34000")
conn.rollback()

conn.autocommit = True
expect_error(cur, "DECLARE py_outside CURSOR FOR SELECT 1", psycopg2.errors.NoActiveSqlTransaction,
             "25P01")
expect_error(cur, "SELECT 1 FROM py_items WHERE nosuch = 1", psycopg2.errors.UndefinedColumn,
             "42703")
expect_error(cur, "SELECT nosuch_function(1)", psycopg2.errors.UndefinedFunction, "42883")
expect_error(cur, "INSERT INTO py_items (id, name) VALUES (NULL, 'x')",
             psycopg2.errors.NotNullViolation, "23502")
expect_error(cur, "SELEC 1", psycopg2.errors.SyntaxError, "42601")
expect_error(cur, "CREATE TABLE py_items (id int)", psycopg2.errors.DuplicateTable, "42P07")
expect_error(cur, "SELECT %s::numeric(3,1)", psycopg2.errors.NumericValueOutOfRange, "22003",
             (1000,))

# LISTEN / NOTIFY between two connections.
listener = psycopg2.connect("")
listener.autocommit = True
lcur = listener.cursor()
lcur.execute("LISTEN py_channel")
cur.execute("NOTIFY py_channel, 'hello'")
cur.execute("SELECT pg_notify('py_channel', %s)", ("from pg_notify",))
deadline = time.monotonic() + 10
while len(listener.notifies) < 2 and time.monotonic() < deadline:
    if select.select([listener], [], [], 1) != ([], [], []):
        listener.poll()
check("notifications", [(n.channel, n.payload) for n in listener.notifies],
      [("py_channel", "hello"), ("py_channel", "from pg_notify")])
check("notifier pid", {n.pid for n in listener.notifies}, {conn.get_backend_pid()})
listener.close()

# What a pool runs between two clients.
cur.execute("SET search_path = nowhere")
cur.execute("SELECT pg_advisory_lock(77)")
cur.execute("DISCARD ALL")
cur.execute("SHOW search_path")
check("search_path after DISCARD ALL", cur.fetchone(), ('"$user", public',))
other = psycopg2.connect("")
ocur = other.cursor()
ocur.execute("SELECT pg_try_advisory_lock(77)")
check("lock released by DISCARD ALL", ocur.fetchone(), (True,))
other.close()

cur.execute("DROP TABLE py_items")
conn.close()
if failures:
    sys.exit(1)
print("psycopg2: all checks passed")
