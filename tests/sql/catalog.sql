-- pg_catalog and information_schema as clients read them, the reg* types, the regular
-- expression operators and the catalog functions. Only what prints the same on QuillDB and
-- PostgreSQL: oids of our objects differ, so they are compared, not printed.
CREATE SCHEMA catdemo;
CREATE TABLE catdemo.items (id integer PRIMARY KEY, name varchar(40) NOT NULL DEFAULT 'none', price numeric(8,2), note text);
CREATE TABLE catdemo.plain (a bigint, b boolean DEFAULT true);

-- regular expressions
SELECT 'abc' ~ 'b', 'abc' ~ '^b', 'abc' ~* 'B', 'abc' !~ 'b', 'abc' !~* 'B';
SELECT 'items' ~ '^(items)$', 'Items' ~ '^(items)$', 'x' ~ 'a|x', 'aaa' ~ '^a{2,3}$';
SELECT relname FROM pg_catalog.pg_class WHERE relname OPERATOR(pg_catalog.~) '^(items)$' COLLATE pg_catalog.default AND relnamespace = 'catdemo'::regnamespace;
SELECT NULL ~ 'a', 'a' ~ NULL;
SELECT 'abc' COLLATE "C" < 'abd', 'x' COLLATE pg_catalog.default = 'x';
SELECT 1 COLLATE "C";
SELECT 'a' COLLATE "no_such";
SELECT E'tab\there', E'line\nbreak', E'quote\'s';

-- pg_namespace, pg_class, pg_attribute, pg_type
SELECT nspname FROM pg_namespace WHERE nspname IN ('catdemo', 'public', 'pg_catalog') ORDER BY 1;
SELECT relname, relkind, relhasindex, relpersistence, relnatts FROM pg_class WHERE relnamespace = 'catdemo'::regnamespace ORDER BY 1;
SELECT c.relname, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'catdemo' ORDER BY 1;
SELECT attname, format_type(atttypid, atttypmod), attnotnull, atthasdef, attisdropped, attidentity, attgenerated
  FROM pg_attribute WHERE attrelid = 'catdemo.items'::regclass AND attnum > 0 ORDER BY attnum;
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid, true)
  FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  WHERE d.adrelid = 'catdemo.items'::regclass;
SELECT oid, typname, typlen, typtype, typcategory, typelem, typarray, typinput, typoutput, typbasetype, typnamespace = 'pg_catalog'::regnamespace
  FROM pg_type WHERE typname IN ('int4', 'text', 'bool', 'varchar', 'numeric', 'timestamptz', 'uuid', 'jsonb', '_int4', 'name', 'char', 'regclass') ORDER BY oid;
SELECT typname FROM pg_type WHERE oid = 1043;

-- pg_index, pg_constraint
SELECT c2.relname, i.indisprimary, i.indisunique, pg_get_indexdef(i.indexrelid, 0, true)
  FROM pg_index i JOIN pg_class c2 ON c2.oid = i.indexrelid WHERE i.indrelid = 'catdemo.items'::regclass;
SELECT conname, contype, pg_get_constraintdef(oid, true) FROM pg_constraint WHERE conrelid = 'catdemo.items'::regclass;

-- information_schema
SELECT schema_name FROM information_schema.schemata WHERE schema_name = 'catdemo';
SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = 'catdemo' ORDER BY 2;
SELECT column_name, ordinal_position, is_nullable, data_type, character_maximum_length, udt_name
  FROM information_schema.columns WHERE table_schema = 'catdemo' AND table_name = 'items' ORDER BY ordinal_position;
CREATE TABLE catdemo.kinds (a smallint, b integer, c bigint, d real, e double precision, f numeric, g numeric(10,3), h date, i timestamp, j timestamptz(3), k interval, l char(5), m varchar, n uuid, o jsonb, p bytea, q boolean);
SELECT column_name, data_type, character_maximum_length, character_octet_length, numeric_precision, numeric_precision_radix, numeric_scale, datetime_precision, udt_name, is_nullable, column_default
  FROM information_schema.columns WHERE table_schema = 'catdemo' AND table_name = 'kinds' ORDER BY ordinal_position;
SELECT attname, atttypid::regtype, atttypmod, attlen, attbyval, attalign, attstorage, attcollation <> 0 AS collatable
  FROM pg_attribute WHERE attrelid = 'catdemo.kinds'::regclass AND attnum > 0 ORDER BY attnum;
DROP TABLE catdemo.kinds;
SELECT constraint_type, count(*) FROM information_schema.table_constraints WHERE table_schema = 'catdemo' GROUP BY 1 ORDER BY 1;
SELECT constraint_name FROM information_schema.table_constraints WHERE table_schema = 'catdemo' AND constraint_type = 'PRIMARY KEY';
SELECT constraint_name, column_name, ordinal_position FROM information_schema.key_column_usage WHERE table_schema = 'catdemo';

-- reg* types and oid casts
SELECT 'catdemo.items'::regclass, 'pg_class'::regclass, 'pg_catalog.pg_type'::regclass;
SELECT 'pg_class'::regclass::oid, 'int4'::regtype::oid, 'pg_catalog'::regnamespace::oid;
SELECT 23::regtype, 1043::regtype, 'integer'::regtype, 'character varying'::regtype, 'text'::regtype::oid;
SELECT 'catdemo'::regnamespace, 'pg_catalog'::regnamespace;
SELECT 'no_such_table'::regclass;
SELECT 'no_such_schema.t'::regclass;
SELECT 'no_such_type'::regtype;
SELECT 'no_such'::regnamespace;
SELECT 'items'::regclass;
SELECT 0::regclass, 0::oid, 4294967295::oid, '-1'::oid, 12::oid = 12;
SELECT 'x'::oid;
SELECT 4294967296::oid;
SELECT '{pg_class,pg_type}'::regclass[], '{int4,text}'::regtype[]::oid[], 1259::oid = ANY ('{pg_class}'::regclass[]), pg_typeof('{pg_class}'::regclass[]);
SELECT '12'::oid + 1;
SELECT 'catdemo.items'::regclass = 'catdemo.items'::regclass::oid, 'catdemo.items'::regclass::oid::regclass;
SELECT relname FROM pg_class WHERE oid = 'catdemo.plain'::regclass;
SELECT relname FROM pg_class WHERE relnamespace = 'catdemo'::regnamespace ORDER BY 1;

-- catalog functions
SELECT pg_get_userbyid(10) IS NOT NULL, pg_encoding_to_char(6), pg_encoding_to_char(0);
SELECT format_type(23, NULL), format_type(1043, 44), format_type(1700, 524294), format_type(1007, NULL), format_type(0, NULL), format_type(NULL, NULL);
SELECT pg_table_is_visible('catdemo.items'::regclass), pg_table_is_visible('pg_class'::regclass);
SELECT pg_type_is_visible(23);
SET search_path = catdemo, public;
SELECT pg_table_is_visible('items'::regclass), 'items'::regclass, current_schema();
SELECT current_schemas(true), current_schemas(false);
RESET search_path;
SELECT current_schema(), current_schemas(true), current_schemas(false);
SELECT relname FROM pg_class WHERE oid = ANY (ARRAY['catdemo.items'::regclass::oid, 'catdemo.plain'::regclass]) ORDER BY 1;
SELECT reloptions FROM pg_class WHERE oid = 'catdemo.items'::regclass;
SELECT col_description('catdemo.items'::regclass, 1);

-- sequences
CREATE SEQUENCE catdemo.sq START 5 INCREMENT 2;
CREATE TABLE catdemo.ser (id serial, big bigserial, small smallserial);
SELECT c.relname, c.relkind, s.seqtypid::regtype, seqstart, seqincrement, seqmax, seqmin, seqcache, seqcycle
  FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid WHERE c.relnamespace = 'catdemo'::regnamespace ORDER BY 1;
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  WHERE d.adrelid = 'catdemo.ser'::regclass ORDER BY 1;
DROP TABLE catdemo.ser;
DROP SEQUENCE catdemo.sq;

-- settings
SELECT current_setting('DateStyle'), current_setting('no.such', true) IS NULL;
SELECT current_setting('nosuch');
SELECT set_config('search_path', 'catdemo', false), current_setting('search_path'), current_schema();
SELECT relname FROM pg_class WHERE oid = 'items'::regclass;
SELECT set_config('search_path', '"$user", public', false);
SELECT set_config('myapp.mode', 'fast', false), current_setting('myapp.mode');
BEGIN;
SELECT set_config('myapp.mode', 'slow', true);
SELECT current_setting('myapp.mode');
COMMIT;
SELECT current_setting('myapp.mode');
SELECT set_config('nosuch', 'x', false);
SELECT name, setting FROM pg_settings WHERE name IN ('DateStyle', 'search_path') ORDER BY 1;

-- privileges of the superuser
SELECT has_table_privilege('catdemo.items', 'select'), has_table_privilege('catdemo.items', 'INSERT, update'), has_table_privilege('catdemo.items'::regclass, 'select with grant option');
SELECT has_table_privilege('catdemo.nosuch', 'select');
SELECT has_table_privilege('catdemo.items', 'frob');
SELECT has_schema_privilege('catdemo', 'usage'), has_schema_privilege('public', 'create');
SELECT has_schema_privilege('nosuch', 'usage');
SELECT has_database_privilege(current_database(), 'connect');
SELECT has_database_privilege('nosuch', 'connect');
SELECT pg_backend_pid() > 0;

-- secondary indexes and UNIQUE constraints
CREATE TABLE t (id int, tag text UNIQUE, a int, b text);
CREATE INDEX t_a_b_idx ON t (a, b);
CREATE UNIQUE INDEX t_b_key_idx ON t (b);
ALTER TABLE t ADD CONSTRAINT t_id_pk PRIMARY KEY (id);
ALTER TABLE t ADD CONSTRAINT t_a_tag_uq UNIQUE (a, tag);
-- (ordered by name: a primary key's oid derives from its table's, so it is not in creation order)
SELECT indexrelid::regclass, indisunique, indisprimary, indnatts, indnkeyatts FROM pg_index WHERE indrelid = 't'::regclass ORDER BY indexrelid::regclass::text;
SELECT indexrelid::regclass, pg_get_indexdef(indexrelid), pg_get_indexdef(indexrelid, 0, true), pg_get_indexdef(indexrelid, 2, true), pg_get_indexdef(indexrelid, 3, false)
  FROM pg_index WHERE indrelid = 't'::regclass ORDER BY indexrelid::regclass::text;
SELECT conname, contype, conindid::regclass, pg_get_constraintdef(oid), pg_get_constraintdef(oid, true)
  FROM pg_constraint WHERE conrelid = 't'::regclass ORDER BY 1;
SELECT c.relname, c.relkind, am.amname, c.relnatts, c.relnamespace = 'public'::regnamespace, c.relhasindex
  FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relname LIKE 't\_%' ORDER BY 1;
SELECT relhasindex FROM pg_class WHERE oid = 't'::regclass;
SELECT a.attrelid::regclass, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod)
  FROM pg_attribute a WHERE a.attrelid = 't_a_b_idx'::regclass ORDER BY a.attnum;
SELECT 't_a_tag_uq'::regclass::oid = conindid, 't_b_key_idx'::regclass::text FROM pg_constraint WHERE conname = 't_a_tag_uq';
SELECT pg_table_is_visible('t_a_b_idx'::regclass);
SELECT constraint_name, constraint_type FROM information_schema.table_constraints
  WHERE table_name = 't' AND constraint_type <> 'CHECK' ORDER BY 1;
SELECT constraint_name, column_name, ordinal_position FROM information_schema.key_column_usage
  WHERE table_name = 't' ORDER BY 1, 3;
SELECT schemaname, tablename, indexname, tablespace, indexdef FROM pg_indexes WHERE tablename IN ('t', 'items') ORDER BY 1, 3;
ALTER TABLE t DROP CONSTRAINT t_a_tag_uq;
DROP INDEX t_a_b_idx;
SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 't'::regclass ORDER BY indexrelid::regclass::text;
SELECT conname FROM pg_constraint WHERE conrelid = 't'::regclass ORDER BY 1;
SELECT 't_a_b_idx'::regclass;
DROP TABLE t;

DROP TABLE catdemo.items;
DROP TABLE catdemo.plain;
DROP SCHEMA catdemo;
