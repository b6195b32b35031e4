-- Row locking in one session: SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE
-- (with OF, NOWAIT, SKIP LOCKED) and what PostgreSQL refuses. A session never waits for
-- its own locks.
CREATE TABLE lock_items (id int PRIMARY KEY, v int, note text);
INSERT INTO lock_items VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c'), (4, 40, 'd');
CREATE TABLE lock_tags (item int PRIMARY KEY, tag text);
INSERT INTO lock_tags VALUES (1, 'x'), (2, 'y'), (3, 'z');

SELECT * FROM lock_items WHERE id = 1 FOR UPDATE;
SELECT id, v FROM lock_items WHERE v > 15 FOR NO KEY UPDATE;
SELECT * FROM lock_items ORDER BY v DESC LIMIT 2 FOR SHARE;
SELECT * FROM lock_items ORDER BY id LIMIT 2 OFFSET 1 FOR KEY SHARE;
SELECT * FROM lock_items WHERE id = 2 FOR UPDATE NOWAIT;
SELECT * FROM lock_items ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED;
SELECT i.id, t.tag FROM lock_items i, lock_tags t WHERE i.id = t.item ORDER BY i.id FOR UPDATE OF i;
SELECT i.id, t.tag FROM lock_items i JOIN lock_tags t ON i.id = t.item ORDER BY i.id FOR SHARE OF t FOR UPDATE OF i;
SELECT i.id, t.tag FROM lock_items i LEFT JOIN lock_tags t ON i.id = t.item ORDER BY i.id FOR UPDATE OF i;
SELECT 1 FOR UPDATE;

BEGIN;
SELECT * FROM lock_items WHERE id = 3 FOR UPDATE;
SELECT * FROM lock_items WHERE id = 3 FOR SHARE NOWAIT;
UPDATE lock_items SET v = v + 1 WHERE id = 3 RETURNING v;
SELECT * FROM lock_items WHERE id = 3 FOR UPDATE NOWAIT;
DELETE FROM lock_items WHERE id = 4 RETURNING *;
SELECT * FROM lock_items WHERE id >= 3 FOR UPDATE;
COMMIT;

-- Refused as PostgreSQL refuses them.
SELECT count(*) FROM lock_items FOR UPDATE;
SELECT DISTINCT v FROM lock_items FOR NO KEY UPDATE;
SELECT v FROM lock_items GROUP BY v FOR KEY SHARE;
SELECT sum(v) FROM lock_items HAVING sum(v) > 0 FOR SHARE;
SELECT * FROM lock_items FOR UPDATE OF nowhere;
SELECT * FROM lock_items FOR UPDATE OF lock_items, nowhere;
SELECT * FROM lock_items FOR UPDATE OF public.lock_items;
SELECT * FROM lock_items UNION SELECT * FROM lock_items FOR UPDATE;
SELECT * FROM lock_items i LEFT JOIN lock_tags t ON i.id = t.item FOR UPDATE;
SELECT * FROM lock_items i LEFT JOIN lock_tags t ON i.id = t.item FOR SHARE OF t;

DROP TABLE lock_items;
DROP TABLE lock_tags;
