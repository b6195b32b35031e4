-- PREPARE / EXECUTE / DEALLOCATE: SQL's prepared statements, parameter types inferred
-- from context as the extended protocol's Parse infers them.
CREATE TABLE prep_items (id integer PRIMARY KEY, name text, price numeric(8,2), qty bigint);
INSERT INTO prep_items VALUES (1, 'pen', 1.50, 10), (2, 'ink', 7.25, 3), (3, 'pad', 3.00, NULL);

PREPARE by_id AS SELECT id, name, price FROM prep_items WHERE id = $1;
EXECUTE by_id(2);
EXECUTE by_id('3');
EXECUTE by_id(42);
EXECUTE by_id(NULL);
EXECUTE by_id(1, 2);
EXECUTE by_id();
EXECUTE by_id('x');
EXECUTE by_id(2.7);

PREPARE typed(bigint, text) AS SELECT $1 + 1 AS next, upper($2) AS shout;
EXECUTE typed(41, 'abc');
EXECUTE typed(9223372036854775807, 'x');
EXECUTE typed(true, 'x');

PREPARE by_id AS SELECT 1;
EXECUTE nope;
EXECUTE nope(1);
DEALLOCATE nope;
DEALLOCATE PREPARE typed;
EXECUTE typed(1, 'a');

PREPARE ins AS INSERT INTO prep_items (id, name, price) VALUES ($1, $2, $3) RETURNING id, price;
EXECUTE ins(4, 'cap', 2.555);
EXECUTE ins(4, 'cap', 2);
EXECUTE ins(5, 'cup', 'free');
PREPARE upd AS UPDATE prep_items SET qty = $1 WHERE id = $2;
EXECUTE upd(99, 4);
EXECUTE upd('abc', 4);
PREPARE del AS DELETE FROM prep_items WHERE id = $1;
EXECUTE del(4);
EXECUTE del(4);

PREPARE lim AS SELECT id FROM prep_items ORDER BY id LIMIT $1 OFFSET $2;
EXECUTE lim(2, 0);
EXECUTE lim(2, 1);
EXECUTE lim(-1, 0);
EXECUTE lim(NULL, 2);

PREPARE expr_types AS SELECT $1::date + 1 AS tomorrow, $2 || 'x' AS joined, $3 IS NULL AS missing, coalesce($4, 0) + 1 AS c;
EXECUTE expr_types('2024-02-28', 'a', 1, NULL);

PREPARE untyped AS SELECT $1 IS NULL;
PREPARE gap AS SELECT $2::int;
PREPARE ambiguous AS SELECT $1 + $2;
PREPARE inconsistent AS SELECT $1 = 1 AND $1 = 'x'::text;
PREPARE text_default AS SELECT $1 AS v;
EXECUTE text_default(12);
PREPARE bad_table AS SELECT * FROM no_such_table WHERE id = $1;
PREPARE utility AS CREATE TABLE x (a int);
PREPARE in_list AS SELECT name FROM prep_items WHERE id IN ($1, $2) ORDER BY id;
EXECUTE in_list(1, 3);
PREPARE sub AS SELECT name FROM prep_items WHERE price > (SELECT min(price) FROM prep_items WHERE id <> $1) ORDER BY 1;
EXECUTE sub(1);

-- The statement sees the table as it is at each EXECUTE; a changed result is refused.
PREPARE star AS SELECT * FROM prep_items WHERE id = $1;
EXECUTE star(1);
ALTER TABLE prep_items ADD COLUMN note text;
EXECUTE star(1);

BEGIN;
EXECUTE by_id(1);
SELECT 1/0;
EXECUTE by_id(1);
ROLLBACK;

DEALLOCATE ALL;
EXECUTE by_id(1);
DROP TABLE prep_items;
