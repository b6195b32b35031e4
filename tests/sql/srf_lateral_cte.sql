-- Set-returning functions (generate_series, unnest) in FROM and in the select list,
-- WITH ORDINALITY, ROWS FROM, column aliases, LATERAL, and WITH [RECURSIVE].

-- generate_series over integers, bigint, numeric and timestamps.
SELECT * FROM generate_series(1, 3);
SELECT * FROM generate_series(3, 1, -1);
SELECT * FROM generate_series(1, 0);
SELECT * FROM generate_series(1::bigint, 3) x;
SELECT * FROM generate_series(1, 2, 0.5);
SELECT * FROM generate_series(1.5, 3);
SELECT * FROM generate_series(2147483646, 2147483647);
SELECT * FROM generate_series('2024-01-01'::date, '2024-01-03', '1 day');
SELECT * FROM generate_series('2024-01-01'::timestamp, '2024-01-02', '12 hours');
SELECT * FROM generate_series('2024-01-02'::timestamp, '2024-01-01', '-12 hours');
SELECT * FROM generate_series(1, NULL);
SELECT * FROM generate_series(1, 3, 0);
SELECT * FROM generate_series(1.0, 3, 0);
SELECT * FROM generate_series('NaN'::numeric, 3);
SELECT * FROM generate_series('2024-01-01'::timestamp, '2024-01-02', '0 days');
SELECT * FROM generate_series('a', 'b');
SELECT * FROM generate_series(1.5::float8, 2);
SELECT * FROM generate_series(1);

-- unnest, aliases, WITH ORDINALITY, ROWS FROM.
SELECT * FROM unnest(ARRAY['a', 'b', NULL]);
SELECT * FROM unnest('{}'::int[]), unnest(NULL::int[]);
SELECT * FROM generate_series(1, 3) g;
SELECT * FROM generate_series(1, 3) AS g(x);
SELECT g.x + 1 FROM generate_series(1, 3) AS g(x) WHERE g.x > 1;
SELECT * FROM generate_series(1, 3) WITH ORDINALITY;
SELECT * FROM unnest(ARRAY['a', 'b']) WITH ORDINALITY AS t(v, n);
SELECT * FROM unnest(ARRAY[1, 2], ARRAY['a', 'b', 'c']);
SELECT * FROM ROWS FROM (generate_series(1, 2), unnest(ARRAY['a', 'b', 'c'])) AS t(a, b);
SELECT * FROM upper('x'), lower('Y') AS l;
SELECT * FROM generate_series(1, 2) AS g(a, b);
SELECT * FROM unnest(1);
SELECT * FROM unnest('{1}');
SELECT * FROM abs(generate_series(1, 2));
SELECT * FROM generate_series(1, 3) g JOIN generate_series(2, 4) h ON g = h;

-- In the select list: the longest function sets the row count.
SELECT generate_series(1, 3);
SELECT generate_series(1, 3), generate_series(1, 2);
SELECT unnest(ARRAY[1, 2]) + 1 AS u, 'x' AS c;
SELECT generate_series(1, 0);
SELECT generate_series(1, 3) AS g ORDER BY g DESC;
SELECT count(*), generate_series(1, 2) FROM generate_series(1, 5);
SELECT 1 WHERE generate_series(1, 2) > 1;
SELECT count(generate_series(1, 3));

-- Functions in FROM see the items before them; LATERAL subqueries too.
CREATE TABLE lt (id int PRIMARY KEY, n int, tags text[]);
INSERT INTO lt VALUES (1, 2, '{a,b}'), (2, 0, '{}'), (3, 3, NULL);
SELECT lt.id, g FROM lt, generate_series(1, lt.n) g ORDER BY 1, 2;
SELECT lt.id, g FROM lt LEFT JOIN LATERAL generate_series(1, lt.n) g ON true ORDER BY 1, 2;
SELECT lt.id, u, o FROM lt CROSS JOIN LATERAL unnest(tags) WITH ORDINALITY AS x(u, o) ORDER BY 1, 3;
SELECT lt.id, s.c FROM lt, LATERAL (SELECT count(*) AS c FROM generate_series(1, lt.n)) s ORDER BY 1;
SELECT lt.id, s.* FROM lt LEFT JOIN LATERAL (SELECT t FROM unnest(lt.tags) t WHERE t > 'a') s ON true ORDER BY 1;
SELECT * FROM lt JOIN LATERAL (SELECT lt.n) s(x) ON x > 1 ORDER BY id;
SELECT lt.id, (SELECT string_agg(t, ',') FROM unnest(lt.tags) t) FROM lt ORDER BY 1;
SELECT sum(g) FROM lt, generate_series(1, lt.n) g;
SELECT * FROM generate_series(1, 3) g JOIN lt ON lt.id = g ORDER BY 1;
SELECT id, unnest(tags) FROM lt ORDER BY 1, 2;
SELECT id, generate_series(1, n) AS g, unnest(tags) FROM lt ORDER BY 1, 2;
SELECT * FROM lt WHERE id = ANY (SELECT generate_series(1, 2)) ORDER BY 1;
SELECT id FROM lt WHERE id IN (SELECT * FROM unnest(ARRAY[2, 3])) ORDER BY 1;
DROP TABLE lt;

-- WITH and WITH RECURSIVE.
WITH t(a) AS (SELECT 1), u AS (SELECT a + 1 AS b FROM t) SELECT * FROM t, u;
WITH RECURSIVE t(n) AS (SELECT 1) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n % 3 + 1 FROM t) SELECT * FROM t ORDER BY n;
WITH RECURSIVE t AS (SELECT 1 AS a, 'x'::text AS b UNION ALL SELECT a + 1, b || 'y' FROM t WHERE a < 3) SELECT * FROM t;
WITH RECURSIVE fib(a, b) AS (SELECT 0::numeric, 1::numeric UNION ALL SELECT b, a + b FROM fib WHERE a < 100) SELECT a FROM fib;
WITH RECURSIVE tree(id, parent, depth) AS (
    SELECT 1, NULL::int, 0
    UNION ALL
    SELECT c.id, c.parent, tree.depth + 1
    FROM (SELECT 2 AS id, 1 AS parent UNION ALL SELECT 3, 1 UNION ALL SELECT 4, 2) c
    JOIN tree ON c.parent = tree.id)
SELECT * FROM tree ORDER BY id;
SELECT (WITH RECURSIVE t(n) AS (SELECT x UNION ALL SELECT n + 1 FROM t WHERE n < x + 2) SELECT sum(n) FROM t) FROM generate_series(1, 3) x;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT array_agg(n), ARRAY(SELECT n * 10 FROM t) FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3), u AS (SELECT n * 2 AS m FROM t) SELECT * FROM u;
WITH RECURSIVE t(n) AS (SELECT 1 FROM t) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT n FROM t UNION ALL SELECT 1) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t, t t2 WHERE n < 5) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT (n + 1)::bigint FROM t WHERE n < 5) SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n, n FROM t) SELECT * FROM t;

-- The shape of asyncpg's type introspection (its own catalog tables stood in for by these):
-- recursive WITH inside a correlated scalar subquery, array_agg ... ORDER BY, = any(array).
CREATE TABLE xtype (oid int PRIMARY KEY, typname text, typtype text, typbasetype int, typelem int, typlen int, typnamespace int, typdelim text);
CREATE TABLE xns (oid int PRIMARY KEY, nspname text);
CREATE TABLE xattr (attrelid int, attnum int, atttypid int, attname text, attisdropped bool, PRIMARY KEY (attrelid, attnum));
CREATE TABLE xclass (oid int PRIMARY KEY, reltype int);
INSERT INTO xns VALUES (11, 'pg_catalog'), (2200, 'public');
INSERT INTO xtype VALUES (23, 'int4', 'b', 0, 0, 4, 11, ','), (1007, '_int4', 'b', 0, 23, -1, 11, ','),
  (25, 'text', 'b', 0, 0, -1, 11, ','), (5000, 'posint', 'd', 23, 0, 4, 2200, ','),
  (5001, 'pair', 'c', 0, 0, -1, 2200, ','), (5002, '_pair', 'b', 0, 5001, -1, 2200, ',');
INSERT INTO xclass VALUES (6001, 5001);
INSERT INTO xattr VALUES (6001, 1, 23, 'a', false), (6001, 2, 25, 'b', false), (6001, 3, 5000, 'c', false);
WITH RECURSIVE typeinfo_tree(
    oid, ns, name, kind, basetype, elemtype, elemdelim,
    attrtypoids, attrnames, depth)
AS (
    SELECT ti.oid, ti.ns, ti.name, ti.kind, ti.basetype, ti.elemtype, ti.elemdelim,
        ti.attrtypoids, ti.attrnames, 0
    FROM (
        SELECT
            t.oid AS oid, ns.nspname AS ns, t.typname AS name, t.typtype AS kind,
            (CASE WHEN t.typtype = 'd' THEN
                (WITH RECURSIVE typebases(oid, depth) AS (
                    SELECT t2.typbasetype AS oid, 0 AS depth FROM xtype t2 WHERE t2.oid = t.oid
                    UNION ALL
                    SELECT t2.typbasetype AS oid, tb.depth + 1 AS depth FROM xtype t2, typebases tb
                    WHERE tb.oid = t2.oid AND t2.typbasetype != 0
               ) SELECT oid FROM typebases ORDER BY depth DESC LIMIT 1)
               ELSE NULL END) AS basetype,
            t.typelem AS elemtype,
            elem_t.typdelim AS elemdelim,
            (CASE WHEN t.typtype = 'c' THEN
                (SELECT array_agg(ia.atttypid ORDER BY ia.attnum)
                 FROM xattr ia INNER JOIN xclass c ON (ia.attrelid = c.oid)
                 WHERE ia.attnum > 0 AND NOT ia.attisdropped AND c.reltype = t.oid)
                ELSE NULL END) AS attrtypoids,
            (CASE WHEN t.typtype = 'c' THEN
                (SELECT array_agg(ia.attname::text ORDER BY ia.attnum)
                 FROM xattr ia INNER JOIN xclass c ON (ia.attrelid = c.oid)
                 WHERE ia.attnum > 0 AND NOT ia.attisdropped AND c.reltype = t.oid)
                ELSE NULL END) AS attrnames
        FROM xtype AS t
            INNER JOIN xns ns ON (ns.oid = t.typnamespace)
            LEFT JOIN xtype elem_t ON (t.typlen = -1 AND t.typelem != 0 AND t.typelem = elem_t.oid)
    ) AS ti
    WHERE ti.oid = any('{5002,1007}'::int[])
    UNION ALL
    SELECT ti.oid, ti.ns, ti.name, ti.kind, ti.basetype, ti.elemtype, ti.elemdelim,
        ti.attrtypoids, ti.attrnames, tt.depth + 1
    FROM (
        SELECT
            t.oid AS oid, ns.nspname AS ns, t.typname AS name, t.typtype AS kind,
            (CASE WHEN t.typtype = 'd' THEN
                (WITH RECURSIVE typebases(oid, depth) AS (
                    SELECT t2.typbasetype AS oid, 0 AS depth FROM xtype t2 WHERE t2.oid = t.oid
                    UNION ALL
                    SELECT t2.typbasetype AS oid, tb.depth + 1 AS depth FROM xtype t2, typebases tb
                    WHERE tb.oid = t2.oid AND t2.typbasetype != 0
               ) SELECT oid FROM typebases ORDER BY depth DESC LIMIT 1)
               ELSE NULL END) AS basetype,
            t.typelem AS elemtype,
            elem_t.typdelim AS elemdelim,
            (CASE WHEN t.typtype = 'c' THEN
                (SELECT array_agg(ia.atttypid ORDER BY ia.attnum)
                 FROM xattr ia INNER JOIN xclass c ON (ia.attrelid = c.oid)
                 WHERE ia.attnum > 0 AND NOT ia.attisdropped AND c.reltype = t.oid)
                ELSE NULL END) AS attrtypoids,
            (CASE WHEN t.typtype = 'c' THEN
                (SELECT array_agg(ia.attname::text ORDER BY ia.attnum)
                 FROM xattr ia INNER JOIN xclass c ON (ia.attrelid = c.oid)
                 WHERE ia.attnum > 0 AND NOT ia.attisdropped AND c.reltype = t.oid)
                ELSE NULL END) AS attrnames
        FROM xtype AS t
            INNER JOIN xns ns ON (ns.oid = t.typnamespace)
            LEFT JOIN xtype elem_t ON (t.typlen = -1 AND t.typelem != 0 AND t.typelem = elem_t.oid)
    ) ti,
        typeinfo_tree tt
    WHERE
        (tt.elemtype IS NOT NULL AND ti.oid = tt.elemtype)
        OR (tt.attrtypoids IS NOT NULL AND ti.oid = any(tt.attrtypoids))
        OR (tt.basetype IS NOT NULL AND ti.oid = tt.basetype)
)
SELECT DISTINCT *, basetype::text AS basetype_name
FROM typeinfo_tree
ORDER BY depth DESC, oid;
DROP TABLE xtype, xns, xattr, xclass;
