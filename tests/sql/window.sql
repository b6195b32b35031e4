-- Window functions: ranking, running aggregates with the default frame, partitions,
-- named windows, and the errors PostgreSQL gives for misplaced or unsupported uses.
CREATE TABLE window_emp (id int PRIMARY KEY, dept text, salary int, hired date);
INSERT INTO window_emp VALUES
  (1, 'sales', 5000, '2020-01-01'), (2, 'sales', 4800, '2020-03-01'),
  (3, 'sales', 4800, '2021-01-01'), (4, 'dev', 6000, '2019-05-01'),
  (5, 'dev', 5200, '2020-07-01'), (6, 'dev', NULL, '2022-01-01'),
  (7, 'ops', 3500, '2021-06-01'), (8, NULL, 4000, '2018-01-01');

SELECT id, dept, salary,
       row_number() OVER (PARTITION BY dept ORDER BY salary DESC, id) AS rn,
       rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS rnk,
       dense_rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS drnk
FROM window_emp ORDER BY dept, rn;

-- Running sums: peers share the value; no ORDER BY means the whole partition.
SELECT id, dept, salary,
       sum(salary) OVER (PARTITION BY dept ORDER BY salary) AS running,
       sum(salary) OVER (PARTITION BY dept) AS total,
       count(*) OVER (PARTITION BY dept ORDER BY salary) AS c_star,
       count(salary) OVER (PARTITION BY dept) AS c,
       min(salary) OVER (ORDER BY id) AS min_so_far,
       max(salary) OVER () AS max_all,
       avg(salary) OVER (PARTITION BY dept) AS avg_dept
FROM window_emp ORDER BY id;

SELECT id, percent_rank() OVER (ORDER BY salary), cume_dist() OVER (ORDER BY salary)
FROM window_emp ORDER BY id;

SELECT id, lag(salary) OVER w, lead(salary) OVER w, lag(salary, 2, 0) OVER w,
       lead(id, -1) OVER w, first_value(id) OVER w, last_value(id) OVER w
FROM window_emp WINDOW w AS (ORDER BY hired) ORDER BY hired;

-- ntile and nth_value (the frame ends at the current row's last peer).
SELECT n, ntile(3) OVER (ORDER BY n), ntile(4) OVER (PARTITION BY n % 2 ORDER BY n), ntile(20) OVER (), nth_value(n, 2) OVER (ORDER BY n), nth_value(n * 10, 3) OVER (PARTITION BY n % 2) FROM generate_series(1, 7) n ORDER BY n;
SELECT ntile(0) OVER () FROM generate_series(1, 3);
SELECT nth_value(1, 0) OVER () FROM generate_series(1, 3);
SELECT ntile(NULL) OVER (), nth_value(1, NULL) OVER () FROM generate_series(1, 2);
SELECT row_number() OVER (PARTITION BY x ORDER BY y) FROM (SELECT 1 x, 2 y) s WINDOW w AS (), w AS ();

-- Named windows, a reference adding ORDER BY.
SELECT id, dept, row_number() OVER (p ORDER BY id), count(*) OVER p
FROM window_emp WINDOW p AS (PARTITION BY dept) ORDER BY id;

-- After GROUP BY and HAVING; aggregates inside window calls.
SELECT dept, sum(salary) AS s, rank() OVER (ORDER BY sum(salary) DESC),
       sum(sum(salary)) OVER () AS grand
FROM window_emp GROUP BY dept HAVING count(*) > 1 ORDER BY dept;

-- Window calls in ORDER BY, with DISTINCT and LIMIT.
SELECT id FROM window_emp ORDER BY row_number() OVER (ORDER BY id DESC) LIMIT 3;
SELECT DISTINCT dept, count(*) OVER (PARTITION BY dept) FROM window_emp ORDER BY 1;
SELECT id, row_number() OVER () FROM window_emp WHERE id > 100;
SELECT row_number() OVER (), count(*) OVER () FROM (SELECT 1) s;

-- In a subquery over the catalog, as pgjdbc's getColumns does.
SELECT attname, attnum FROM (
  SELECT a.attname, row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum) AS attnum
  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  WHERE c.relname = 'window_emp' AND a.attnum > 0 AND NOT a.attisdropped) s
ORDER BY attnum;

-- Errors.
SELECT id FROM window_emp WHERE row_number() OVER () > 1;
SELECT dept FROM window_emp GROUP BY row_number() OVER ();
SELECT dept FROM window_emp GROUP BY dept HAVING rank() OVER () > 1;
SELECT sum(row_number() OVER ()) FROM window_emp;
SELECT row_number() OVER (ORDER BY rank() OVER ()) FROM window_emp;
SELECT lag(row_number() OVER ()) OVER () FROM window_emp;
SELECT row_number() FROM window_emp;
SELECT lower('a') OVER () FROM window_emp;
SELECT row_number() OVER w FROM window_emp;
SELECT count(*) OVER (w ORDER BY id) FROM window_emp WINDOW w AS (ORDER BY dept);
SELECT count(*) OVER (w PARTITION BY id) FROM window_emp WINDOW w AS (ORDER BY dept);
SELECT id FROM window_emp LIMIT row_number() OVER ();
SELECT id, row_number() OVER () FROM window_emp FOR UPDATE;
SELECT id, salary, dept FROM window_emp GROUP BY id HAVING sum(salary) OVER (PARTITION BY dept) > 0;
DROP TABLE window_emp;
