#!/usr/bin/env bash
# psql's meta-commands against quilld, compared with what psql prints for the same schema
# on a scratch PostgreSQL 15: \l, \dn, \dt, \dt ns.*, \du, \df, \x and \timing (times
# stripped), \ds, \di, \d and \d+ of tables (columns, defaults, keys and indexes in the
# footer), and the catalog queries of \d. The only differences allowed are listed in
# normalize() with their reason.
set -euo pipefail
# shellcheck source=tests/client/lib.sh
source "$(dirname "$0")/lib.sh"

start_quilld --auth scram
pg_port=$(free_port)
pg_dir=$("$SOURCE_ROOT/scripts/scratch-postgres" start "$pg_port")
on_exit "\"$SOURCE_ROOT/scripts/scratch-postgres\" stop '$pg_dir'"

SCHEMA="
CREATE SCHEMA app;
CREATE TABLE app.items (id integer PRIMARY KEY, name varchar(40) NOT NULL DEFAULT 'none',
  price numeric(8,2), created timestamptz DEFAULT now(), note text);
CREATE TABLE app.events (at timestamptz, payload jsonb);
CREATE TABLE public.plain (a int, b text);
CREATE TABLE app.counters (id serial PRIMARY KEY, n bigserial);
CREATE INDEX items_name_idx ON app.items (name);
CREATE UNIQUE INDEX items_name_price_key ON app.items (name, price);
CREATE TABLE app.tags (tag text UNIQUE, weight int NOT NULL);
CREATE USER alice WITH PASSWORD 'alice-pw';
"

on_postgres() { psql -X -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres "$@"; }
on_quilld() { psql -X "$@"; }

printf '%s\n' "$SCHEMA" >"$TEST_TMP/schema.sql"
# PostgreSQL 15's public schema belongs to pg_database_owner, QuillDB's to the bootstrap
# superuser: the fixed schema gives it the same owner on both.
on_postgres -q -v ON_ERROR_STOP=1 -f "$TEST_TMP/schema.sql" -c "ALTER SCHEMA public OWNER TO postgres" ||
  fail "schema on PostgreSQL"
on_quilld -q -v ON_ERROR_STOP=1 -f "$TEST_TMP/schema.sql" || fail "schema on quilld"

# Differences by design, and nothing else:
#  - QuillDB has a schema named system (its system tables, docs/system-tables.md);
#  - \timing prints how long each statement took;
#  - QuillDB serves one database: PostgreSQL's template0 and template1 are not there
#    (\l is compared unaligned, so that their access privileges do not set the widths).
normalize() {
  sed -e '/^ system *| /d' \
      -e '/^template[01]|/d' -e '/^=c\/postgres$/d' -e '/^postgres=CTc\/postgres$/d' \
      -e 's/^Time: [0-9.]* ms.*$/Time: (stripped)/' |
    awk '/List of schemas/ { schemas = 1 } schemas && /^\(3 rows\)$/ { print "(2 rows)"; next }
         /List of databases/ { databases = 1 } databases && /^\(3 rows\)$/ { print "(1 row)"; next }
         { print }'
}

compare() {
  local what=$1
  shift
  on_postgres "$@" 2>&1 | normalize >"$TEST_TMP/expected"
  on_quilld "$@" 2>&1 | normalize >"$TEST_TMP/actual"
  assert_file_eq "$what" "$TEST_TMP/expected" "$TEST_TMP/actual"
}

compare '\l' -A -c '\l'
compare '\du' -c '\du'
compare '\dn' -c '\dn'
compare '\dt' -c '\dt'
compare '\dt app.*' -c '\dt app.*'
compare '\dt *.items' -c '\dt *.items'
compare '\dt+ nothing' -c '\dt nosuch*'
compare '\ds app.*' -c '\ds app.*'
compare '\di app.*' -c '\di app.*'
compare '\df' -c '\df'
compare '\x' -c '\x' -c "SELECT relname, relkind FROM pg_class WHERE relnamespace = 'app'::regnamespace ORDER BY 1"
compare '\timing' -c '\timing on' -c 'SELECT 1 AS one'
compare 'attributes as psql reads them' -c "
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
  a.attnotnull,
  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
  a.attidentity, a.attgenerated
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = 'app.items'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"
compare 'the table details of \d' -c "
SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity,
  c.relforcerowsecurity, false AS relhasoids, c.relispartition, '', c.reltablespace,
  CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END,
  c.relpersistence, c.relreplident, am.amname
FROM pg_catalog.pg_class c
  LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
  LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
WHERE c.oid = 'app.items'::regclass"
compare 'the partitions and parents of \d' -c "
SELECT c.oid::pg_catalog.regclass, c.relkind, inhdetachpending, pg_catalog.pg_get_expr(c.relpartbound, c.oid)
FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i
WHERE c.oid = i.inhrelid AND i.inhparent = 'app.items'::regclass
ORDER BY pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', c.oid::pg_catalog.regclass::pg_catalog.text"
compare 'the index footer as psql reads it' -c "
SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid,
  pg_catalog.pg_get_indexdef(i.indexrelid, 0, true), pg_catalog.pg_get_constraintdef(con.oid, true),
  contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace
FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
WHERE c.oid = 'app.items'::regclass AND c.oid = i.indrelid AND i.indexrelid = c2.oid
ORDER BY i.indisprimary DESC, c2.relname"
compare 'the table lookup of \d' -c "
SELECT n.nspname, c.relname FROM pg_catalog.pg_class c
  LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname OPERATOR(pg_catalog.~) '^(items)\$' COLLATE pg_catalog.default
  AND n.nspname OPERATOR(pg_catalog.~) '^(app)\$' COLLATE pg_catalog.default ORDER BY 1, 2"

# The table kind shows through obj_description and system.tables.
on_quilld -q -c "CREATE USER TABLE app.mine (id int PRIMARY KEY, v text)" ||
  fail "CREATE USER TABLE"
kinds=$(on_quilld -At -c "SELECT c.relname, obj_description(c.oid, 'pg_class')
  FROM pg_class c WHERE c.relnamespace = 'app'::regnamespace AND c.relkind = 'r' ORDER BY 1")
assert_eq "obj_description tells the table kind" "counters|shared table
events|shared table
items|shared table
mine|user table
tags|shared table" "$kinds"
kind=$(on_quilld -At -c "SELECT table_type FROM system.tables WHERE namespace = 'app' AND table_name = 'mine'")
assert_eq "system.tables tells the table kind" "user" "$kind"
on_quilld -c '\dt app.mine' >"$TEST_TMP/mine" 2>&1
grep -q '^ app    | mine | table | postgres$' "$TEST_TMP/mine" || {
  cat "$TEST_TMP/mine" >&2
  fail '\dt app.mine lists the user table'
}

compare '\d app.items' -c '\d app.items'
compare '\d+ app.items' -c '\d+ app.items'
compare '\d app.counters' -c '\d app.counters'
compare '\d app.tags' -c '\d app.tags'
compare '\d public.plain' -c '\d plain'
compare '\d app.events' -c '\d app.events'
compare '\d app.items_name_idx' -c '\d app.items_name_idx'
log "psql meta-commands: ok"
