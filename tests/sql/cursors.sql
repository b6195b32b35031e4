-- Cursors: DECLARE, FETCH in every direction, MOVE, CLOSE; WITH HOLD; errors.
CREATE TABLE cursor_items (id int PRIMARY KEY, label text);
INSERT INTO cursor_items VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four'), (5, 'five');

BEGIN;
DECLARE c SCROLL CURSOR FOR SELECT id, label FROM cursor_items ORDER BY id;
FETCH 2 FROM c;
FETCH NEXT FROM c;
FETCH PRIOR FROM c;
FETCH FIRST FROM c;
FETCH LAST FROM c;
FETCH NEXT FROM c;
FETCH ABSOLUTE 3 FROM c;
FETCH ABSOLUTE -2 FROM c;
FETCH ABSOLUTE 0 FROM c;
FETCH ABSOLUTE 9 FROM c;
FETCH RELATIVE -1 FROM c;
FETCH RELATIVE 0 FROM c;
FETCH RELATIVE 2 FROM c;
FETCH 0 FROM c;
FETCH -2 FROM c;
FETCH BACKWARD 2 FROM c;
FETCH FORWARD ALL FROM c;
FETCH BACKWARD ALL FROM c;
MOVE FORWARD 3 IN c;
FETCH c;
MOVE LAST IN c;
MOVE FORWARD ALL IN c;
MOVE BACKWARD ALL IN c;
FETCH ALL IN c;
CLOSE c;
FETCH c;
ROLLBACK;

-- NO SCROLL refuses to go back; forward works.
BEGIN;
DECLARE f NO SCROLL CURSOR FOR SELECT id FROM cursor_items ORDER BY id;
FETCH 2 FROM f;
FETCH ABSOLUTE 4 FROM f;
FETCH PRIOR FROM f;
ROLLBACK;

-- Duplicates, unknown names, and the transaction rule.
BEGIN;
DECLARE d CURSOR FOR SELECT 1 AS one;
DECLARE d CURSOR FOR SELECT 2;
ROLLBACK;
BEGIN;
DECLARE d CURSOR WITHOUT HOLD FOR SELECT id * 10 AS tens FROM cursor_items WHERE id <= 3 ORDER BY id;
FETCH FORWARD 2 FROM d;
FETCH FORWARD 2 FROM d;
FETCH FORWARD 2 FROM d;
CLOSE d;
CLOSE d;
ROLLBACK;
DECLARE outside CURSOR FOR SELECT 1;
FETCH nothing_here;
CLOSE nothing_here;
MOVE NEXT IN nothing_here;

-- An error in planning is DECLARE's; one met while producing rows is the FETCH's that
-- reaches it.
BEGIN;
DECLARE unplanned CURSOR FOR SELECT nosuch FROM cursor_items;
ROLLBACK;
BEGIN;
DECLARE bad CURSOR FOR SELECT 10 / (id - 3) AS q FROM cursor_items WHERE id < 6;
FETCH 2 FROM bad;
FETCH 2 FROM bad;
FETCH 1 FROM bad;
ROLLBACK;
BEGIN;
DECLARE bad_last SCROLL CURSOR FOR SELECT 10 / (id - 3) AS q FROM cursor_items WHERE id < 6;
FETCH LAST FROM bad_last;
ROLLBACK;

-- A cursor sees the rows as of its DECLARE.
BEGIN;
DECLARE snap CURSOR FOR SELECT id FROM cursor_items WHERE id > 3 ORDER BY id;
INSERT INTO cursor_items VALUES (6, 'six');
FETCH ALL FROM snap;
ROLLBACK;

-- WITH HOLD outlives its transaction's commit, not a rollback; a cursor without HOLD
-- ends with its transaction.
BEGIN;
DECLARE held CURSOR WITH HOLD FOR SELECT id, label FROM cursor_items ORDER BY id DESC;
DECLARE gone CURSOR FOR SELECT 1;
COMMIT;
FETCH 2 FROM held;
FETCH gone;
BEGIN;
DECLARE rolled CURSOR WITH HOLD FOR SELECT 1;
ROLLBACK;
FETCH rolled;
FETCH 1 FROM held;
CLOSE ALL;
FETCH held;
DECLARE held_outside CURSOR WITH HOLD FOR SELECT count(*) FROM cursor_items;
FETCH held_outside;
CLOSE held_outside;

-- Parameters reach the cursor's query through PREPARE / EXECUTE of a DECLARE... and
-- an empty result still describes its columns.
BEGIN;
DECLARE empty CURSOR FOR SELECT id, label FROM cursor_items WHERE id > 100;
FETCH ALL FROM empty;
FETCH PRIOR FROM empty;
COMMIT;

-- psql's FETCH_COUNT reads a query through a cursor, a few rows at a time.
\set FETCH_COUNT 2
SELECT id, label FROM cursor_items ORDER BY id;
SELECT id FROM cursor_items WHERE id > 100;
SELECT 1 / (id - 3) FROM cursor_items WHERE id < 6;
\unset FETCH_COUNT

DROP TABLE cursor_items;
