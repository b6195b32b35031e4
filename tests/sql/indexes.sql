-- Differential SQL suite: secondary indexes, UNIQUE and PRIMARY KEY constraints, VACUUM.
CREATE TABLE ix_digits (n int);
INSERT INTO ix_digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);

-- UNIQUE constraints of CREATE TABLE, column and table forms, with PostgreSQL's names.
CREATE TABLE ix_t (id int PRIMARY KEY, a int, b text UNIQUE, c int, UNIQUE (a, c));
INSERT INTO ix_t VALUES (1, 1, 'x', 1), (2, 1, 'y', 2), (3, NULL, NULL, NULL), (4, NULL, NULL, NULL);
INSERT INTO ix_t VALUES (5, 1, 'x', 5);
INSERT INTO ix_t VALUES (5, 1, 'z', 1);
INSERT INTO ix_t VALUES (6, 2, 'v', 6), (7, 3, 'v', 7);
UPDATE ix_t SET b = 'y' WHERE id = 1;
UPDATE ix_t SET b = 'q' WHERE id = 1;
DELETE FROM ix_t WHERE id = 2;
INSERT INTO ix_t VALUES (7, 1, 'y', 2);
SELECT * FROM ix_t ORDER BY id;
-- A value freed and taken again in one transaction; a duplicate rolled back.
BEGIN;
DELETE FROM ix_t WHERE b = 'q';
INSERT INTO ix_t VALUES (8, 8, 'q', 8);
COMMIT;
BEGIN;
INSERT INTO ix_t VALUES (10, 10, 'ten', 10);
INSERT INTO ix_t VALUES (11, 11, 'ten', 11);
ROLLBACK;
INSERT INTO ix_t VALUES (10, 10, 'ten', 10);
SELECT * FROM ix_t ORDER BY id;

-- CREATE INDEX: generated names, IF NOT EXISTS, backfill, uniqueness over existing rows.
CREATE INDEX ON ix_t (c);
CREATE INDEX ON ix_t (c);
CREATE UNIQUE INDEX ix_t_c_idx ON ix_t (c);
CREATE UNIQUE INDEX IF NOT EXISTS ix_t_c_idx ON ix_t (c);
CREATE UNIQUE INDEX ix_t_u ON ix_t (a);
CREATE INDEX ix_t ON ix_t (a);
CREATE TABLE ix_t_pkey (x int);
CREATE INDEX ix_bad ON ix_t (nope);
SELECT * FROM ix_t WHERE c = 8;
SELECT id FROM ix_t WHERE c > 5 ORDER BY id;

-- DROP INDEX: constraints' indexes refuse, lists, IF EXISTS.
DROP INDEX ix_t_pkey;
DROP INDEX ix_t_b_key;
DROP INDEX ix_t_c_idx, ix_t_c_idx1;
DROP INDEX IF EXISTS ix_nope, ix_t_c_idx;
DROP INDEX ix_nope;

-- ALTER TABLE ADD UNIQUE / DROP CONSTRAINT.
ALTER TABLE ix_t ADD UNIQUE (c);
INSERT INTO ix_t VALUES (12, 12, 'twelve', 8);
ALTER TABLE ix_t DROP CONSTRAINT ix_t_c_key;
INSERT INTO ix_t VALUES (12, 12, 'twelve', 8);
ALTER TABLE ix_t ADD CONSTRAINT ix_t_c_unique UNIQUE (c);
ALTER TABLE ix_t DROP CONSTRAINT nope;
ALTER TABLE ix_t DROP CONSTRAINT IF EXISTS nope;
ALTER TABLE ix_t DROP CONSTRAINT ix_t_b_key;
INSERT INTO ix_t VALUES (13, 13, 'x', 13);
ALTER TABLE ix_t ADD CONSTRAINT ix_t_bk UNIQUE (b);

-- ADD PRIMARY KEY on a populated table: the rows move to the new key.
CREATE TABLE ix_u (a int, b text);
INSERT INTO ix_u SELECT x.n * 10 + y.n, 'row ' || (x.n * 10 + y.n) FROM ix_digits x, ix_digits y;
INSERT INTO ix_u VALUES (7, 'again');
ALTER TABLE ix_u ADD PRIMARY KEY (a);
DELETE FROM ix_u WHERE b = 'again';
ALTER TABLE ix_u ADD PRIMARY KEY (a), ADD PRIMARY KEY (b);
ALTER TABLE ix_u ADD PRIMARY KEY (a);
ALTER TABLE ix_u ADD PRIMARY KEY (b);
SELECT * FROM ix_u WHERE a = 42;
SELECT count(*), sum(a) FROM ix_u WHERE a BETWEEN 10 AND 19;
INSERT INTO ix_u VALUES (42, 'x');
INSERT INTO ix_u VALUES (NULL, 'x');
CREATE TABLE ix_n (a int, b int);
INSERT INTO ix_n VALUES (NULL, 1);
ALTER TABLE ix_n ADD PRIMARY KEY (a);
ALTER TABLE ix_n ADD CONSTRAINT ix_n_key PRIMARY KEY (b);
INSERT INTO ix_n VALUES (2, 1);
ALTER TABLE ix_n DROP CONSTRAINT ix_n_key;
INSERT INTO ix_n VALUES (2, 1);
SELECT * FROM ix_n ORDER BY a;

-- Index scans give the rows a full scan gives.
CREATE TABLE ix_s (id int PRIMARY KEY, a int, b text, c int);
INSERT INTO ix_s SELECT i, i % 10, 'b' || i, CASE WHEN i % 7 = 0 THEN NULL ELSE i END
  FROM (SELECT x.n * 100 + y.n * 10 + z.n AS i FROM ix_digits x, ix_digits y, ix_digits z) s;
CREATE INDEX ON ix_s (a, c);
CREATE INDEX ON ix_s (b);
SELECT count(*) FROM ix_s WHERE a = 3;
SELECT count(*) FROM ix_s WHERE a = 3 AND c > 500;
SELECT count(*) FROM ix_s WHERE a = 3 AND c >= 503 AND c < 703;
SELECT count(*) FROM ix_s WHERE a = 3 AND c <= 503;
SELECT count(*) FROM ix_s WHERE a = 5 AND c IS NULL;
SELECT * FROM ix_s WHERE b = 'b77';
UPDATE ix_s SET a = 42 WHERE b = 'b77';
SELECT * FROM ix_s WHERE a = 42;
DELETE FROM ix_s WHERE a = 42;
SELECT * FROM ix_s WHERE a = 42;
SELECT x.id, y.id FROM ix_s x JOIN ix_s y ON x.b = y.b WHERE x.a = 1 AND x.id < 40 ORDER BY 1;

-- ON CONFLICT DO NOTHING skips rows duplicating a unique index, or the one named.
CREATE TABLE oc (id int PRIMARY KEY, email text UNIQUE, n int);
INSERT INTO oc VALUES (1, 'a', 1), (2, 'b', 2);
INSERT INTO oc VALUES (3, 'a', 3) ON CONFLICT DO NOTHING;
INSERT INTO oc VALUES (3, 'a', 3), (4, 'd', 4), (5, 'd', 5) ON CONFLICT DO NOTHING RETURNING *;
INSERT INTO oc VALUES (6, 'b', 6) ON CONFLICT (email) DO NOTHING;
INSERT INTO oc VALUES (6, 'b', 6) ON CONFLICT ON CONSTRAINT oc_email_key DO NOTHING;
INSERT INTO oc VALUES (6, 'b', 6) ON CONFLICT (id) DO NOTHING;
INSERT INTO oc VALUES (1, 'z', 6) ON CONFLICT ON CONSTRAINT oc_pkey DO NOTHING;
INSERT INTO oc VALUES (1, 'z', 6) ON CONFLICT (id) DO UPDATE SET n = 100;
INSERT INTO oc VALUES (7, 'z', 6) ON CONFLICT (n) DO NOTHING;
SELECT * FROM oc ORDER BY id;
DROP TABLE oc;

-- COPY keeps the entries and the uniqueness; nothing of a failed COPY stays.
CREATE TABLE ix_c (id int, code text UNIQUE, n int);
CREATE INDEX ON ix_c (n);
COPY ix_c FROM stdin;
1	a	10
2	b	20
\.
COPY ix_c FROM stdin;
3	c	30
4	a	40
\.
SELECT * FROM ix_c WHERE n = 30;
SELECT * FROM ix_c WHERE code = 'b';
TRUNCATE ix_c;
INSERT INTO ix_c VALUES (5, 'a', 10);
SELECT * FROM ix_c WHERE n = 10;
DROP TABLE ix_c;

-- Dropping a column drops the indexes and UNIQUE constraints using it.
CREATE TABLE ix_d (id int PRIMARY KEY, a int UNIQUE, b int);
CREATE INDEX ix_d_ab ON ix_d (a, b);
CREATE INDEX ix_d_b ON ix_d (b);
INSERT INTO ix_d VALUES (1, 1, 1);
ALTER TABLE ix_d DROP COLUMN a;
INSERT INTO ix_d VALUES (2, 1);
DROP INDEX ix_d_ab;
DROP INDEX ix_d_b;
CREATE INDEX ix_d_ab ON ix_d (b);
SELECT * FROM ix_d WHERE b = 1 ORDER BY id;
DROP TABLE ix_d;

-- VACUUM and ANALYZE.
VACUUM;
VACUUM ix_s;
VACUUM (FULL, ANALYZE) ix_s, ix_u;
VACUUM ANALYZE ix_s (a, b);
VACUUM ANALYZE ix_s (nope);
VACUUM ix_s (a);
ANALYZE ix_s;
ANALYZE;
VACUUM ix_nope;
BEGIN;
VACUUM ix_s;
ROLLBACK;
BEGIN;
ANALYZE ix_s;
COMMIT;
SELECT 1 \; VACUUM ix_s;

DROP TABLE ix_t, ix_u, ix_n, ix_s, ix_digits;
