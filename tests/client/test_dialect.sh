#!/usr/bin/env bash
# The KalamDB dialect and the system tables through psql: each form from -c and from a
# script, a multi-statement -c string, a table made in a namespace by one psql and found by
# brand-new ones, error carets in the text psql sent, and the system tables' output.
set -euo pipefail
# shellcheck source=tests/client/lib.sh
source "$(dirname "$0")/lib.sh"

start_quilld --auth scram

# 1. One psql makes a namespace and a table in it; every later psql is a new session.
out=$(psql -X -At -c "CREATE NAMESPACE IF NOT EXISTS app" \
  -c "CREATE SHARED TABLE app.notes (id int PRIMARY KEY, body text NOT NULL DEFAULT 'none')" \
  -c "INSERT INTO app.notes (id) VALUES (1)")
assert_eq "create namespace, table, insert" "CREATE SCHEMA
CREATE TABLE
INSERT 0 1" "$out"

out=$(psql -X -At -c "SHOW TABLES IN app")
assert_eq "SHOW TABLES IN app from a new session" "app|notes|shared" "$out"

# Aligned output, as psql prints any query result.
psql -X -c "SHOW NAMESPACES" >"$TEST_TMP/namespaces.out"
printf ' namespace \n-----------\n app\n public\n system\n(3 rows)\n\n' >"$TEST_TMP/namespaces.expected"
assert_file_eq "SHOW NAMESPACES" "$TEST_TMP/namespaces.expected" "$TEST_TMP/namespaces.out"

# 2. A multi-statement -c string: one Query message, each statement rewritten in place,
#    every result printed. USE lasts for the rest of the string (and the session).
out=$(psql -X -At -c "USE app; SHOW TABLES; DESCRIBE TABLE notes; SELECT id, body FROM notes; SHOW search_path")
assert_eq "multi-statement dialect string" "SET
app|notes|shared
id|integer|f||t
body|text|f|'none'|f
1|none
app" "$out"

# 3. A script with comments and quoted identifiers around the keywords, in any case.
psql -X -At -v ON_ERROR_STOP=1 -f - >"$TEST_TMP/script.out" 2>&1 <<'SQL'
-- a namespace with a name that needs quotes
create /* kind */ namespace "Odd NS";
Create Shared Table "Odd NS".events (at timestamptz, "namespace" text);
INSERT INTO "Odd NS".events VALUES ('2026-01-01 00:00:00+00', 'CREATE USER TABLE x (a int)');
SHOW tables IN "Odd NS";
use "Odd NS";
describe events;
SELECT "namespace" FROM events;
SHOW search_path;
DROP TABLE events;
DROP NAMESPACE "Odd NS";
SHOW TABLES IN "Odd NS";
SQL
assert_eq "psql -f script with dialect statements" 'CREATE SCHEMA
CREATE TABLE
INSERT 0 1
Odd NS|events|shared
SET
at|timestamp with time zone|t||f
namespace|text|t||f
CREATE USER TABLE x (a int)
"Odd NS"
DROP TABLE
DROP SCHEMA' "$(cat "$TEST_TMP/script.out")"

# 4. Errors: the caret points into the text psql sent, after a rewritten statement too.
rc=0
err=$(psql -X -c "USE app; SELECT nope" 2>&1 >/dev/null) || rc=$?
assert_eq "error after a rewritten statement: exit code" 1 "$rc"
assert_eq "error after a rewritten statement" 'ERROR:  column "nope" does not exist
LINE 1: USE app; SELECT nope
                        ^' "$err"
rc=0
err=$(psql -X -c "SHOW TABLES; EXECUTE AS USER 'nobody' (SELECT 1)" 2>&1 >/dev/null) || rc=$?
assert_eq "EXECUTE AS USER of an unknown user: exit code" 1 "$rc"
assert_eq "EXECUTE AS USER of an unknown user" 'ERROR:  role "nobody" does not exist' "$err"
out=$(psql -X -At -c "CREATE USER dialect_user PASSWORD 'p'" \
  -c "EXECUTE AS USER 'dialect_user' (SELECT current_user); SELECT current_user")
assert_eq "EXECUTE AS USER runs one statement as the user" "CREATE ROLE
dialect_user
postgres" "$out"
rc=0
err=$(psql -X -c "INSERT INTO system.tables (namespace) VALUES ('x')" 2>&1 >/dev/null) || true
assert_eq "writing a system table" 'ERROR:  permission denied for table tables
LINE 1: INSERT INTO system.tables (namespace) VALUES ('"'"'x'"'"')
                    ^' "$err"

# 5. The system tables from psql: this very session, and the users.
out=$(psql -X -At -d "postgresql://postgres@127.0.0.1:$QUILL_PORT/postgres?application_name=dialect-test" \
  -c "SELECT user_name, application_name, state FROM system.sessions WHERE query LIKE '%system.sessions%'" \
  -c "SELECT user_name, role FROM system.users ORDER BY user_name")
assert_eq "system.sessions and system.users" "postgres|dialect-test|active
dialect_user|user
postgres|system" "$out"

log "dialect client tests passed"
