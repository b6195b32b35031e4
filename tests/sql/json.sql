-- json and jsonb: input (PostgreSQL's JSON grammar, its errors with DETAIL and CONTEXT),
-- jsonb's canonical output, -> and ->>, casts, comparison and order, columns and keys,
-- json_typeof, json_array_length, jsonb_pretty.

-- Valid input: json keeps the text, jsonb prints its canonical form.
SELECT '{"a":1, "b" : [1,2]}'::json, '{"a":1, "b" : [1,2]}'::jsonb;
SELECT '  {"a"  :  1}  '::json, '  {"a"  :  1}  '::jsonb;
SELECT 'null'::json, 'true'::jsonb, 'false'::jsonb, '0'::json, '-1.5e-10'::json, '"str"'::jsonb;
SELECT '[]'::jsonb, '{}'::jsonb, '[[]]'::jsonb, '[{}]'::jsonb, '{"a":[]}'::jsonb, ' [ 1 , "a" , null , true , false ] '::jsonb;
SELECT E' \t\r\n[ 1 ,\n 2 ]\n'::json, E' \t\r\n[ 1 ,\n 2 ]\n'::jsonb;
SELECT '{"a":{"b":{"c":[1,{"d":null}]}}}'::jsonb, '[[[[[]]]]]'::jsonb;
SELECT '{"":""}'::jsonb, '{"key with spaces": "value\twith\ttabs"}'::jsonb;

-- Keys: sorted shorter first, then bytewise; duplicates removed, the last one kept.
SELECT '{"b":1,"a":2,"aa":3,"a":4}'::jsonb;
SELECT '{"z":1,"yy":2,"x":3,"aaa":4,"bb":5}'::jsonb;
SELECT '{"b":1, "a":{"d":1,"c":2}, "aaa": [ {"z":1,"y":2} ], "aa":null}'::jsonb;
SELECT '{"a":1,"a":{"x":1},"a":3}'::jsonb, '{"a":{"x":1,"x":2}}'::jsonb, '{"a":1,"a":2}'::json;
SELECT '{"aa":1,"a":2,"b":3,"ab":4,"ba":5,"":6}'::jsonb, '{"b":1,"é":2,"z":3}'::jsonb;

-- Numbers: jsonb prints them as numeric does, with every digit.
SELECT '1e2'::jsonb, '1.50'::jsonb, '123456789012345678901234567890'::jsonb, '-0'::jsonb, '1E-3'::jsonb, '0.0e5'::jsonb;
SELECT '-0.0'::jsonb, '1.0E+2'::jsonb, '12345678901234567890.12345678901234567890e-5'::jsonb, '-1.5e-3'::jsonb, '1e-20'::jsonb;
SELECT '[-0, -0.0, 0.00, 1.0e1, 1.10, 100e-2, 5e0]'::jsonb, '[-0, -0.0, 0.00, 1.0e1]'::json;
SELECT length('1e1000'::jsonb::text), length('1e-400'::jsonb::text);
SELECT '1e131072'::jsonb;
SELECT '[1, 1e200000]'::jsonb;
SELECT '[1e131072, x]'::jsonb;
SELECT '[1e131072 x]'::jsonb;
SELECT '[1e200000]'::json;

-- Strings and escapes.
SELECT '"\u00e9\u4e2d"'::json, '"\u00e9\u4e2d"'::jsonb, '"\uD83D\uDE00"'::jsonb, '"a\/b"'::jsonb;
SELECT '"\"\\\/\b\f\n\r\t"'::jsonb, '"\u0001\u001f"'::jsonb, '"x\u0041y"'::jsonb;
SELECT '"\u0000"'::json, '"\ud83d"'::json, '"\ude00"'::json;
SELECT '"\u0000"'::jsonb;
SELECT '{"a":"\u0000"}'::jsonb;
SELECT '"\ud83d"'::jsonb;
SELECT '"\ude00"'::jsonb;
SELECT '"\ud83d\ud83d"'::jsonb;
SELECT '"\ud83dx"'::jsonb;
SELECT '"\ud83d\n"'::jsonb;
SELECT '"\uD800\u0041"'::jsonb;
SELECT '"\u00zz"'::json;
SELECT '"\u12"'::json;
SELECT '"\x"'::json;
SELECT '"\x"'::jsonb;
SELECT '"\é"'::json;
SELECT E'"a\tb"'::json;
SELECT E'"a\nb"'::jsonb;
SELECT E'"ab\x1fcd"'::json;
SELECT '"abc'::json;
SELECT '"abc\'::jsonb;

-- Invalid input: 22P02 with PostgreSQL's DETAIL and CONTEXT, for both types.
SELECT ''::json;
SELECT '  '::jsonb;
SELECT '{'::json;
SELECT '}'::jsonb;
SELECT '['::json;
SELECT ']'::json;
SELECT '[1,]'::json;
SELECT '[,1]'::jsonb;
SELECT '[1 2]'::json;
SELECT '[1,,2]'::json;
SELECT '{"a":1,}'::json;
SELECT '{,}'::jsonb;
SELECT '{"a":1 "b":2}'::json;
SELECT '{"a"}'::json;
SELECT '{"a":}'::jsonb;
SELECT '{1:2}'::json;
SELECT '{a:1}'::json;
SELECT '{a:1}'::jsonb;
SELECT '{"a" 1}'::json;
SELECT '{"a":1'::json;
SELECT '{"a":1}}'::json;
SELECT '[1]]'::jsonb;
SELECT '[[1]'::json;
SELECT '{"a":[1}'::json;
SELECT '[{"a":1]'::jsonb;
SELECT 'true false'::json;
SELECT '"a" "b"'::json;
SELECT '1,2'::json;
SELECT '{"a":1} x'::jsonb;
SELECT 'tru'::json;
SELECT 'nulll'::json;
SELECT 'True'::jsonb;
SELECT 'NaN'::json;
SELECT '-Infinity'::jsonb;
SELECT 'é'::json;
SELECT '''a'''::json;

-- Numbers the JSON grammar refuses.
SELECT '01'::json;
SELECT '-01'::jsonb;
SELECT '00'::json;
SELECT '1.'::json;
SELECT '.5'::json;
SELECT '+1'::json;
SELECT '-'::json;
SELECT '-a'::jsonb;
SELECT '--1'::json;
SELECT '1e'::json;
SELECT '1e+'::jsonb;
SELECT '1.e5'::json;
SELECT '1.5x'::json;
SELECT '0x1F'::json;
SELECT '1.2.3'::json;
SELECT '1e5e5'::jsonb;
SELECT '123abc'::json;
SELECT '1é'::json;

-- Where the error is: line numbers, and a window of the line with ... where cut.
SELECT E'{\n"a":\n  1,\n  bad}'::json;
SELECT E'\n\n{"a":\n\n x}'::jsonb;
SELECT E'[1,\n2,\n3,\nxyz]'::json;
SELECT '{"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz": 1, "x": trux, "y": 3}'::json;
SELECT '[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29] x'::jsonb;
SELECT '{"a" : 1, "b" : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18] , "c" : }'::json;
SELECT '["ééééééééééééééééééééééééééééééééééééééééééé", bad]'::json;
SELECT '[1, 2, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz\x"]'::jsonb;

-- -> and ->> on objects: json gives the member's text as written, jsonb its canonical text.
SELECT '{"a" : { "b" :  [1, 2 ,3] } , "c":null}'::json -> 'a', '{"a" : { "b" :  [1, 2 ,3] } , "c":null}'::jsonb -> 'a';
SELECT '{"a" : { "b" :  [1, 2 ,3] } , "c":null}'::json -> 'c', '{"a" : { "b" :  [1, 2 ,3] } , "c":null}'::json ->> 'c';
SELECT ('{"a":null}'::json -> 'a') IS NULL, ('{"a":null}'::json ->> 'a') IS NULL, ('{"a":null}'::jsonb -> 'a') IS NULL, ('{"a":null}'::jsonb ->> 'a') IS NULL;
SELECT '{"a":"x\u0041y\n"}'::json -> 'a', '{"a":"x\u0041y\n"}'::json ->> 'a', '{"a":"x\u0041y\n"}'::jsonb -> 'a', '{"a":"x\u0041y\n"}'::jsonb ->> 'a';
SELECT '{"a":1e2}'::json ->> 'a', '{"a":1e2}'::jsonb ->> 'a', '{"a":true}'::json ->> 'a', '{"a":[1, 2]}'::json ->> 'a', '{"a":[1, 2]}'::jsonb ->> 'a';
SELECT '{"a":1, "a":2}'::json -> 'a', '{"a":1, "a":2}'::jsonb -> 'a';
SELECT '{"a":1}'::json -> 'b', '{"a":1}'::jsonb ->> 'b', '{"a":1}'::json -> 'A', '{"":1}'::json -> '', '{"é":1}'::jsonb -> 'é', '{"\u00e9":1}'::json -> 'é';
SELECT '  {"a":1}  '::json -> 'a', '{"a":  1  }'::json -> 'a', '{"a":{"b":{"c":3}}}'::json -> 'a' -> 'b' ->> 'c';
SELECT '{"a":{"b":[10,20]}}'::jsonb -> 'a' -> 'b' ->> 1, '{"a":1}'::json -> 'a' -> 'b';

-- -> and ->> on arrays: negative positions count from the end; a jsonb scalar is an array
-- of one, a json scalar is not.
SELECT '[1, 2 , 3 ]'::json -> 0, '[1, 2 , 3 ]'::json -> -1, '[1, 2 , 3 ]'::json -> -3, '[1, 2 , 3 ]'::json -> -4, '[1, 2 , 3 ]'::json -> 3;
SELECT '[1, 2 , 3 ]'::jsonb -> 0, '[1, 2 , 3 ]'::jsonb -> -1, '[1, 2 , 3 ]'::jsonb -> -3, '[1, 2 , 3 ]'::jsonb -> -4, '[1, 2 , 3 ]'::jsonb -> 3;
SELECT '[  1  ,  {"x" :  2}  ]'::json -> 1, '[  1  ,  {"x" :  2}  ]'::json ->> 1, '[  1  ,  {"x" :  2}  ]'::jsonb ->> 1;
SELECT '["a", "b\"c", null]'::json ->> 1, '["a", "b\"c", null]'::jsonb ->> 2, '["a", "b\"c", null]'::json -> 2;
SELECT '"abc"'::json -> 0, '"abc"'::jsonb -> 0, '"abc"'::jsonb -> -1, '"abc"'::jsonb -> 1, '"abc"'::jsonb ->> 0, 'null'::jsonb ->> 0;
SELECT '[]'::json -> 0, '[]'::jsonb -> -1, '{"a":1}'::json -> 0, '{"a":1}'::jsonb -> 0, '[1]'::json -> 'a', '[1]'::jsonb ->> 'a', '1'::json -> 'a';
SELECT '[1,2,3]'::json -> 2147483647, '[1,2,3]'::jsonb -> -2147483648, '[1,2,3]'::json -> 1 + 1;
SELECT '[1,2]'::json -> 1::smallint, '[1,2]'::jsonb -> '1', '[1,2]'::json -> '1'::varchar, '{"x":1}'::json ->> 'x'::char(3), '{"a":1}'::json -> 'a'::name;
SELECT '{"a":1}'::json -> NULL, NULL::json -> 'a', '[1]'::jsonb -> NULL::int, NULL::jsonb ->> 0;
SELECT pg_typeof('{"a":1}'::json -> 'a'), pg_typeof('{"a":1}'::jsonb -> 'a'), pg_typeof('{"a":1}'::json ->> 'a'), pg_typeof('[1]'::jsonb ->> 0);
SELECT '{"a":1}'::json ->> 'a' || 'x', ('[1,2]'::jsonb -> 1) = '2';

-- A json lookup decodes every string of the document, as PostgreSQL does.
SELECT '{"a":1, "b":"\ud83d"}'::json -> 'a';
SELECT '{"a":1, "b":"\u0000"}'::json -> 'a';
SELECT '["\u0000"]'::json ->> 0;

-- Operator resolution.
SELECT '{"a":1}' -> 'a';
SELECT '{"a":1}' -> 'a'::text;
SELECT '[1]' -> 0;
SELECT 'x'::text -> 'a';
SELECT 1 -> 'a';
SELECT '{"a":1}'::json -> true;
SELECT '[1,2]'::json -> 1::bigint;
SELECT '[1,2]'::jsonb ->> 1.0;

-- Casts.
SELECT '[1,2]'::json::jsonb, '{"a":1, "a":2}'::json::jsonb, '{"a":1}'::jsonb::json, '{"a":1}'::jsonb::json::text;
SELECT '"\u0000"'::json::jsonb;
SELECT CAST('[1]' AS json), CAST('[ 1 ]'::text AS jsonb), '{}'::json::varchar(1), '{}'::jsonb::char(1), '  {"a"  :  1}'::json::text;
SELECT 'a'::text::json;
SELECT '{"a": 1}'::varchar::jsonb, ' 1 '::char(5)::json;
SELECT 1::json;
SELECT true::jsonb;
SELECT '1'::json::int;
SELECT '1'::jsonb::int, '1.5'::jsonb::int, '-2.5'::jsonb::bigint, '7'::jsonb::smallint, '1.5'::jsonb::numeric, '1.5'::jsonb::float8, '0.1'::jsonb::real, 'true'::jsonb::bool, 'false'::jsonb::boolean;
SELECT '"x"'::jsonb::int;
SELECT '{"a":1}'::jsonb::int;
SELECT '[1]'::jsonb::numeric;
SELECT 'null'::jsonb::bool;
SELECT '1'::jsonb::bool;
SELECT 'true'::jsonb::float8;
SELECT '1e10'::jsonb::int;
SELECT '40000'::jsonb::smallint;
SELECT pg_typeof('{}'::jsonb), pg_typeof('{}'::json);

-- Comparison: jsonb compares by value (1.0 = 1.00); json has no = at all.
SELECT '1'::jsonb = '1.0'::jsonb, '1.0'::jsonb = '1.00'::jsonb, '[1]'::jsonb = '[1.0]'::jsonb, '{"a":1}'::jsonb = '{"a":1.00}'::jsonb, '{"b":1,"a":2}'::jsonb = '{"a":2,"b":1}';
SELECT '{"a":1}'::jsonb <> '{"a":2}', '1'::jsonb > '2', '"a"'::jsonb < '"b"'::jsonb, '[1,2]'::jsonb >= '[1,2]', '[]'::jsonb <= 'null';
SELECT 'null'::jsonb < '[]'::jsonb, '[]'::jsonb < 'null'::jsonb, '1'::jsonb < '[1]'::jsonb, '5'::jsonb < '[1]'::jsonb, '1'::jsonb < '[]'::jsonb, '[1,2]'::jsonb < '1'::jsonb;
SELECT '{"a":1}'::jsonb < '{"b":0}'::jsonb, '{"aa":1}'::jsonb < '{"b":0}'::jsonb, '{"a":1,"b":2}'::jsonb < '{"c":1}'::jsonb, '[1,2]'::jsonb > '[3]'::jsonb, '[[1]]'::jsonb < '[{}]'::jsonb;
SELECT '[true]'::jsonb > '[1]'::jsonb, '["a"]'::jsonb < '[1]'::jsonb, '[null]'::jsonb < '["a"]'::jsonb, '{}'::jsonb > '[]'::jsonb, '{}'::jsonb > '1'::jsonb, '{}'::jsonb > '[1,2,3]'::jsonb;
SELECT '"ab"'::jsonb < '"abc"'::jsonb, '"b"'::jsonb < '"ab"'::jsonb, '{"b":1}'::jsonb < '{"ab":1}'::jsonb, '[1,[2]]'::jsonb < '[1,3]'::jsonb, '[1,"x"]'::jsonb < '[1,3]'::jsonb;
SELECT '1'::jsonb IS DISTINCT FROM '1.0', NULL::jsonb IS DISTINCT FROM '1', '{}'::jsonb IN ('[]', '{}'), greatest('1'::jsonb, '2'::jsonb), least('1'::jsonb, '"x"');
SELECT nullif('1'::jsonb, '1.0'), coalesce(NULL::jsonb, '{"b":1,"a":2}'), CASE WHEN true THEN '[1]'::jsonb ELSE '{}' END;
SELECT '{}'::jsonb = 'x';
SELECT '{}'::json = '{}'::json;
SELECT '{}'::json = '{}';
SELECT '{}'::jsonb = '{}'::json;
SELECT '{}'::json IN ('{}');
SELECT nullif('{}'::json, '{}');
SELECT coalesce('{}'::json, '{}'::jsonb);
SELECT CASE WHEN true THEN '{}'::jsonb ELSE '[]'::json END;

-- Functions.
SELECT json_typeof('1'), json_typeof('"x"'), json_typeof('[]'), json_typeof('{}'), json_typeof('null'), json_typeof('true'), json_typeof(' false ');
SELECT jsonb_typeof('1'), jsonb_typeof('"x"'), jsonb_typeof('[]'), jsonb_typeof('{}'), jsonb_typeof('null'), jsonb_typeof('true'), jsonb_typeof(NULL);
SELECT json_typeof('{"a": [1]}'::json -> 'a'), jsonb_typeof('{"a": 1.5}'::jsonb -> 'a');
SELECT json_array_length('[1,2,[3]]'), jsonb_array_length('[]'), jsonb_array_length('[{"a":[1,2]},3]'), json_array_length(' [ ] ');
SELECT json_array_length('1');
SELECT json_array_length('{}');
SELECT jsonb_array_length('{}');
SELECT jsonb_array_length('"x"');
SELECT jsonb_pretty('{"a":1,"b":[1,2,{"c":[]}],"d":{},"e":[{}], "f":[[]]}');
SELECT jsonb_pretty('[]'), jsonb_pretty('{}'), jsonb_pretty('1'), jsonb_pretty('"x"'), jsonb_pretty('[[1,[2]],[]]');
SELECT json_typeof(1);
SELECT jsonb_pretty('{}'::json);

-- Columns: storage, defaults, WHERE, UPDATE, RETURNING, NULLs.
CREATE TABLE docs (id int PRIMARY KEY, j json, b jsonb NOT NULL DEFAULT '{}', note text);
INSERT INTO docs VALUES (1, '{"name": "ann", "age": 30, "tags": ["a","b"]}', '{"name": "ann", "age": 30, "tags": ["a","b"]}', '{"x": 1}');
INSERT INTO docs VALUES (2, '{"name":"bob","age":25.0,"addr":{"city":"Oslo"}}', '{"name":"bob","age":25.0,"addr":{"city":"Oslo"}}', 'x');
INSERT INTO docs VALUES (3, '[1, 2, 3]', '[1, 2, 3]', NULL), (4, '"just a string"', '"just a string"', NULL), (5, 'null', 'null', NULL), (6, NULL, '{"age": 30.00}', NULL);
INSERT INTO docs (id, j) VALUES (7, '{"x": 1}');
INSERT INTO docs (id, j) VALUES (8, '{"x": }');
INSERT INTO docs (id, b) VALUES (8, '"\u0000"');
INSERT INTO docs (id, j) VALUES (8, 3);
INSERT INTO docs (id, b) VALUES (8, NULL);
SELECT * FROM docs ORDER BY id;
SELECT id, j->'name', j->>'name', b->'name', b->>'name', b->'age', j->'age' FROM docs ORDER BY id;
SELECT id, j->'addr'->>'city', b->'addr'->'city', j->'tags'->0, b->'tags'->>-1 FROM docs ORDER BY id;
SELECT id FROM docs WHERE b->>'name' = 'ann';
SELECT id FROM docs WHERE b->'age' = '30' ORDER BY id;
SELECT id, b FROM docs WHERE b = '{"age": 30}' ORDER BY id;
SELECT id FROM docs WHERE (j->>'age')::numeric > 26 ORDER BY id;
SELECT id FROM docs WHERE (b->'age')::int = 30 ORDER BY id;
SELECT id, json_typeof(j), jsonb_typeof(b) FROM docs ORDER BY id;
SELECT id FROM docs WHERE j IS NULL;
UPDATE docs SET b = '{"name": "ann", "age": 31}' WHERE id = 1 RETURNING b, b->'age';
UPDATE docs SET j = b WHERE id = 2 RETURNING j;
UPDATE docs SET b = j WHERE id = 3 RETURNING b;
UPDATE docs SET j = '{"bad": }' WHERE id = 4;
UPDATE docs SET b = note WHERE id = 1;
UPDATE docs SET j = note WHERE id = 1;
UPDATE docs SET note = b WHERE id = 1 RETURNING note;
UPDATE docs SET note = j::text WHERE id = 7 RETURNING note;
UPDATE docs SET b = note::jsonb WHERE id = 1 RETURNING b;
UPDATE docs SET b = note::jsonb WHERE id = 2;
SELECT id, j, b FROM docs ORDER BY id;
DELETE FROM docs WHERE b->>'name' = 'bob' RETURNING id, j;

-- jsonb sorts, groups and is DISTINCT by value; json cannot.
SELECT id, b FROM docs ORDER BY b, id;
SELECT id, b FROM docs ORDER BY b DESC, id;
SELECT b->'age' AS age, count(*) FROM docs GROUP BY b->'age' ORDER BY age;
SELECT DISTINCT b->'age' AS age FROM docs ORDER BY age;
SELECT count(DISTINCT b), count(DISTINCT b->'age') FROM docs;
SELECT b FROM docs UNION SELECT '{"name": "zed"}' ORDER BY 1;
SELECT j FROM docs UNION ALL SELECT '[]' ORDER BY 1;
SELECT d1.id, d2.id FROM docs d1 JOIN docs d2 ON d1.b = d2.b AND d1.id < d2.id ORDER BY 1, 2;
SELECT j FROM docs ORDER BY j;
SELECT id FROM docs ORDER BY j->'x';
SELECT j FROM docs GROUP BY j;
SELECT j, count(*) FROM docs GROUP BY 1;
SELECT DISTINCT j FROM docs;
SELECT DISTINCT id, j->'x' FROM docs;
SELECT id FROM docs GROUP BY id, j->'x';
SELECT count(DISTINCT j) FROM docs;
SELECT j FROM docs UNION SELECT j FROM docs;
SELECT j FROM docs INTERSECT SELECT '[]'::json;
SELECT j FROM docs EXCEPT ALL SELECT NULL::json;
SELECT max(b) FROM docs;
SELECT min(j) FROM docs;
SELECT j = j FROM docs;
DROP TABLE docs;

-- jsonb keys: a primary key orders and finds by value.
CREATE TABLE bk (k jsonb PRIMARY KEY, v int);
INSERT INTO bk VALUES ('1', 1), ('"a"', 2), ('[]', 3), ('{}', 4), ('null', 5), ('[1,2]', 6), ('{"a":1}', 7), ('true', 8), ('1.5', 9), ('[1]', 10), ('{"b":1}', 11), ('{"a":1,"b":2}', 12), ('false', 13), ('"ab"', 14), ('-3', 15), ('[[1]]', 16), ('[{}]', 17), ('[null]', 18);
INSERT INTO bk VALUES ('1.0', 99);
INSERT INTO bk VALUES ('{"b":2, "a":1.00}', 99);
SELECT * FROM bk ORDER BY k;
SELECT * FROM bk ORDER BY v;
SELECT * FROM bk WHERE k = '1.000';
SELECT * FROM bk WHERE k = '{"b": 2, "a": 1}';
SELECT * FROM bk WHERE k > '[]' ORDER BY k;
SELECT * FROM bk WHERE k >= '"a"' AND k < 'true' ORDER BY k DESC;
INSERT INTO bk VALUES ('{"a":1}', 20) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v RETURNING *;
UPDATE bk SET k = '[1, 2.0]' WHERE v = 10;
DELETE FROM bk WHERE k = '[[1.0]]' RETURNING *;
DROP TABLE bk;
CREATE TABLE jk (k json PRIMARY KEY);
CREATE TABLE jk (id int, k json, PRIMARY KEY (id, k));

-- json and jsonb through joins: USING and NATURAL compare with =, which json lacks; the
-- columns of joined and merged items sort, group and are DISTINCT as their types allow.
CREATE TABLE jl (id int PRIMARY KEY, j json, b jsonb);
CREATE TABLE jr (id int PRIMARY KEY, j json, b jsonb, n int);
INSERT INTO jl VALUES (1, '{"a": 1}', '{"a": 1}'), (2, '[1, 2]', '[1, 2.0]'), (3, 'null', NULL);
INSERT INTO jr VALUES (1, '{"a":1}', '{"a": 1.0}', 10), (2, '[1,2]', '[1, 2]', 20), (4, '3', '3', 40);
SELECT * FROM jl JOIN jr USING (j);
SELECT * FROM jl NATURAL JOIN jr;
SELECT * FROM jl JOIN jr USING (id, j);
SELECT jl.id, b, n FROM jl JOIN jr USING (b) ORDER BY b;
SELECT jr.id, b FROM jl JOIN jr USING (b) ORDER BY jr.b DESC;
SELECT b, n FROM jl FULL JOIN jr USING (b) ORDER BY b NULLS FIRST, n;
SELECT b, count(*) FROM jl FULL JOIN jr USING (b) GROUP BY b ORDER BY b;
SELECT DISTINCT b FROM jl FULL JOIN jr USING (b) ORDER BY 1;
SELECT jl.j FROM jl JOIN jr USING (id) ORDER BY 1;
SELECT jr.j FROM jl JOIN jr USING (id) GROUP BY 1;
SELECT DISTINCT jl.j FROM jl LEFT JOIN jr USING (id);
SELECT jl.j FROM jl JOIN jr USING (id) UNION SELECT j FROM jr;
SELECT id, COALESCE(jl.b, jr.j::jsonb) FROM jl FULL JOIN jr USING (id) ORDER BY 2, 1;
SELECT id, COALESCE(jl.j, jr.b) FROM jl FULL JOIN jr USING (id);
SELECT id, CASE WHEN n > 10 THEN jr.j ELSE jl.j END AS v FROM jl JOIN jr USING (id) ORDER BY id;
SELECT x.jj->>'a' FROM (jl JOIN jr USING (id)) AS x(id, jj) WHERE id = 1;
DROP TABLE jl, jr;
