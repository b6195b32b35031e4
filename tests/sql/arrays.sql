-- One-dimensional arrays: text input and output, ARRAY[...], casts, comparisons,
-- subscripts, ANY/ALL, ||, the array functions, array_agg, ARRAY(subquery), array columns.

-- Text input: quoting, escapes, NULL, whitespace, dimensions.
SELECT '{1,2,NULL}'::int[], '{}'::int[], '{ 1 , 2 }'::int4[], '[0:2]={7,8,9}'::int[];
SELECT '{a b , c}'::text[], '{"a,b","c\"d","e\\f", "", "NULL", null, "{}"}'::text[];
SELECT '{"  x  "}'::text[], '{\ a\ }'::text[], '{A,nUlL}'::varchar[];
SELECT '{t,f,NULL}'::bool[], '{1.50,2e3}'::numeric[], '{1.5,NaN}'::float8[];
SELECT '{2024-01-02}'::date[], '{"2024-01-02 03:04:05"}'::timestamp[];
SELECT '{"\\x0102",abc}'::bytea[], '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid[];
SELECT '{1,2}'::oid[], '{"{\"a\": 1}"}'::jsonb[], '{x,y}'::name[], '{ab}'::char(3)[];
-- Malformed literals.
SELECT 'x'::text[];
SELECT '{a'::text[];
SELECT '{a,}'::text[];
SELECT '{,a}'::text[];
SELECT '{a} x'::text[];
SELECT '{a"b"}'::text[];
SELECT '{"a"b}'::text[];
SELECT '[2:4]={1,2}'::int[];
SELECT '{1,x}'::int[];
SELECT '{99999999999}'::int[];
SELECT '{1.5}'::int[];

-- ARRAY[...] and its type.
SELECT ARRAY[1,2,3], ARRAY['a','b'], ARRAY[1,2.5], ARRAY[NULL::int, 1], ARRAY[]::int[];
SELECT pg_typeof(ARRAY[1,2]), pg_typeof(ARRAY[1::bigint]), pg_typeof(ARRAY['a']), pg_typeof(ARRAY[1.5]);
SELECT ARRAY['1','2']::int[], ARRAY[1.6, 2.4]::int[], ARRAY[1,2]::text[];
SELECT ARRAY[];
SELECT ARRAY[1, 'x'];
SELECT ARRAY[1, true];

-- Casts between arrays and text.
SELECT '{1,2}'::int[]::text, '{1,2}'::text::int[], ARRAY[1,2]::bigint[], ARRAY['ab','cd']::varchar(1)[];
SELECT ARRAY[true, false]::text[], CAST(ARRAY[1,2] AS numeric[]);
SELECT ARRAY[1,2]::date[];

-- Comparison and ordering.
SELECT ARRAY[1,2] = ARRAY[1,2], ARRAY[1,2] <> ARRAY[2,1], ARRAY[1,2] < ARRAY[1,3],
       ARRAY[1] < ARRAY[1,2], ARRAY[NULL::int] > ARRAY[1], ARRAY[1,2] = '{1,2}';
SELECT '[0:1]={1,2}'::int[] = '{1,2}'::int[], ARRAY[]::int[] < ARRAY[1];
SELECT ARRAY[1,2] = ARRAY[1::bigint, 2];
SELECT ARRAY[1] IS DISTINCT FROM ARRAY[1], ARRAY[1] IS DISTINCT FROM NULL;

-- Subscripts and slices.
SELECT (ARRAY[10,20,30])[2], (ARRAY[10,20,30])[0], (ARRAY[10,20,30])[4], (ARRAY[10,20,30])[NULL];
SELECT (ARRAY[10,20,30])[2:3], (ARRAY[10,20,30])[:2], (ARRAY[10,20,30])[2:], (ARRAY[10,20,30])[3:1];
SELECT ('[0:2]={a,b,c}'::text[])[0], ('[0:2]={a,b,c}'::text[])[1:5];
SELECT (ARRAY[1,2])['1'];
SELECT (1)[1];
SELECT (ARRAY[1,2])['x'];

-- ANY / ALL with arrays.
SELECT 1 = ANY(ARRAY[1,2]), 3 = ANY(ARRAY[1,2]), 3 = ANY(ARRAY[1,NULL]), 1 = ANY('{}'::int[]);
SELECT 3 <> ALL(ARRAY[1,2]), 1 <> ALL(ARRAY[1,2]), 3 <> ALL(ARRAY[1,NULL]), 1 < ALL('{}'::int[]);
SELECT 'b' = ANY('{a,b}'), 2 = ANY('{1,2}'), 2.5 > ANY(ARRAY[1,2,3]), NULL::int = ANY(ARRAY[1]);
SELECT 1 = ANY(NULL::int[]), 1 = SOME(ARRAY[1]);
SELECT 1 = ANY(1);
SELECT 1 = ANY(ARRAY['a']);

-- Concatenation.
SELECT ARRAY[1,2] || 3, 0 || ARRAY[1], ARRAY[1] || ARRAY[2,3], ARRAY[1] || '{4,5}', ARRAY[]::int[] || 1;
SELECT '[2:3]={1,2}'::int[] || 5, 0 || '[2:3]={1,2}'::int[], NULL::int[] || 1, ARRAY[1] || NULL::int[];
SELECT ARRAY['a'] || 'b'::text, ARRAY[1] || 2.5;
SELECT ARRAY[1] || 'x';

-- Array functions.
SELECT array_length(ARRAY[1,2,3], 1), array_length(ARRAY[1,2,3], 2), array_length('{}'::int[], 1);
SELECT cardinality(ARRAY[1,2]), cardinality('{}'::int[]), array_ndims(ARRAY[1]), array_ndims('{}'::int[]);
SELECT array_upper(ARRAY[1,2], 1), array_lower('[0:1]={a,b}'::text[], 1), array_dims('[3:4]={a,b}'::text[]), array_dims('{}'::text[]);
SELECT array_to_string(ARRAY[1,NULL,3], ','), array_to_string(ARRAY[1,NULL,3], ',', '*'), array_to_string('{}'::int[], ',');
SELECT array_to_string(ARRAY[true,false], '/'), array_to_string(ARRAY['a','b'], NULL);
SELECT array_position(ARRAY['a','b','a'], 'a'), array_position(ARRAY['a','b','a'], 'a', 2), array_position(ARRAY[1,NULL], NULL), array_position(ARRAY[1], 5);
SELECT array_positions(ARRAY[1,2,1], 1), array_remove(ARRAY[1,2,1], 1), array_remove(ARRAY[1,NULL], NULL);
SELECT array_append(ARRAY[1], 2), array_prepend(0, ARRAY[1]), array_cat(ARRAY[1], ARRAY[2]), array_cat(NULL, ARRAY[2]), array_append(NULL, 1);
SELECT string_to_array('a,b,,c', ','), string_to_array('abc', NULL), string_to_array('', ','), string_to_array('a,b', ''), string_to_array('a,*,b', ',', '*'), string_to_array(NULL, ',');
SELECT array_length(1, 1);
SELECT array_append('{1}', '2'), array_remove('{1,2}', '1'), array_cat('{a}', '{b}');
SELECT array_length('{1,2}', 1);
SELECT array_position(ARRAY[1], 1, NULL);

-- ARRAY(subquery).
SELECT ARRAY(SELECT 1 UNION ALL SELECT 2), ARRAY(SELECT 'a'::text WHERE false), pg_typeof(ARRAY(SELECT 1::bigint));
SELECT ARRAY(SELECT 1, 2);

-- Array columns.
CREATE TABLE arr (id int PRIMARY KEY, tags text[], nums int[], codes varchar(3)[]);
INSERT INTO arr VALUES (1, '{a,b}', ARRAY[1,2,3], '{ab}'), (2, ARRAY['c'], '{}', NULL), (3, NULL, '{NULL,5}', '{x,y}');
INSERT INTO arr VALUES (4, '{}', '{1}', '{abcd}');
INSERT INTO arr VALUES (4, '{}', '{1}', ARRAY['abcd']);
SELECT * FROM arr ORDER BY id;
SELECT id FROM arr WHERE 'a' = ANY(tags) ORDER BY id;
SELECT id, tags[1], nums[2], nums[1:1] FROM arr ORDER BY nums;
UPDATE arr SET tags = tags || 'z'::text WHERE id = 1;
SELECT id, array_length(tags, 1), array_to_string(tags, '-') FROM arr ORDER BY id;
SELECT nums, count(*) FROM arr GROUP BY nums ORDER BY nums;
SELECT DISTINCT tags FROM arr ORDER BY tags DESC;
SELECT id FROM arr WHERE nums = '{1,2,3}';
SELECT array_agg(id), array_agg(tags[1]) FROM (SELECT * FROM arr ORDER BY id) s;
SELECT array_agg(DISTINCT id % 2), array_agg(DISTINCT tags[1]) FROM arr;
SELECT array_agg(id) FROM arr WHERE false;
SELECT max(nums), min(nums) FROM arr;
SELECT a.id, b.id FROM arr a JOIN arr b ON a.nums = b.nums ORDER BY 1;
DROP TABLE arr;
