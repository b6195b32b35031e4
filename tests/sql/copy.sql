-- Differential SQL suite: COPY FROM STDIN and COPY TO STDOUT in text and CSV formats,
-- psql's \copy, and bad input: errors with PostgreSQL's CONTEXT lines, and nothing of a
-- failed COPY kept. (Inline data follows each COPY ... FROM stdin up to \.; psql skips
-- it when the COPY fails before reading.)

create table copy_t (a int primary key, b text not null, c numeric(5,2) default 1.5, d varchar(4));

-- text format: escapes, \N, defaults for columns not listed
copy copy_t from stdin;
1	one	1.25	x
2	tab\there	\N	\N
3	back\\slash	3	yz
4	new\nline and cr\r	-4.5	\x41\102C
5	\b\f\v esc\z	0	\101
\.
select a, b, c, d from copy_t order by a;
copy copy_t (a, b) from stdin;
6	defaulted
\.
copy copy_t (b, a, d) from stdin;
seven	7	d7
\.
copy copy_t to stdout;
copy copy_t (d, a) to stdout;
copy copy_t to stdout with (delimiter '|', null 'NULL');
copy copy_t to stdout (format text, header);

-- a line ending in \. ends the data; what follows it is ignored
copy copy_t from stdin;
8	eight	8	e\.
9	never read	9	n
\.
select a, b from copy_t where a >= 8 order by a;

-- CSV: quotes, doubled quotes, line breaks in quotes, quoted empty vs unquoted empty
copy copy_t from stdin with (format csv);
10,"a,b",10,"x"
11,"say ""hi""",,
12,"two
lines",12,""
13,"",13.5,
\.
select a, b, c, d, d is null as d_null from copy_t where a >= 10 order by a;
copy copy_t from stdin (format csv, header);
a,b,c,d
14,with header,14,h
\.
copy copy_t from stdin with csv header;
ignored,header,line,here
15,old style,15,o
\.
copy copy_t from stdin with csv delimiter ';' null 'NUL' quote '''' escape '\';
16;'it\'s';NUL;'NUL'
\.
copy copy_t (a, b, d) from stdin (format csv, header match);
a,b,d
17,matched,m
\.
copy copy_t from stdin (format csv, force_not_null (d), force_null (c));
18,forced,"",
\.
select a, b, c, d, d is null as d_null from copy_t where a >= 14 order by a;
copy copy_t to stdout (format csv);
copy copy_t to stdout (format csv, header, force_quote (a, d));
copy copy_t to stdout (format csv, force_quote *, delimiter ';', null 'NULL', quote '''', escape '\');
copy (select a, b from copy_t where a < 5 order by a desc) to stdout (format csv, header);
copy (select b as "x,y", null::int as n, '' as e, '\.' as dot from copy_t where a = 1) to stdout with csv header;
copy (select '\.' as dot) to stdout (format csv);
copy (select a, b from copy_t order by a limit 3) to stdout \; select count(*) from copy_t;

-- WHERE on COPY FROM
copy copy_t from stdin where a > 100 and b <> 'skip';
101	kept	1	k
102	skip	2	s
5	filtered out	3	f
\.
select a, b from copy_t where a > 100 order by a;

-- bad rows: the error, its CONTEXT, and nothing of the COPY kept
select count(*) from copy_t;
copy copy_t from stdin;
200	fine	1	f
201	extra	1	f	more
\.
copy copy_t from stdin;
202	fine	1	f
203	missing
\.
copy copy_t from stdin;
204	fine	1	f
20x	bad int	1	f
\.
copy copy_t from stdin;
205	overflow	1234.5	f
\.
copy copy_t from stdin;
206	\N	1	f
\.
copy copy_t from stdin;
207	too long	1	abcde
\.
copy copy_t from stdin;
208	first	1	f
208	again	1	f
\.
copy copy_t from stdin;
1	exists already	1	f
\.
copy copy_t from stdin;
209	bad escape \xff here	1	f
\.
copy copy_t from stdin;
210	a value longer than a hundred bytes is cut in the context line xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx	1	f	extra
\.
copy copy_t from stdin (format csv);
211,"unterminated,1,f
\.
copy copy_t from stdin (format csv, header match);
a,x,c,d
\.
copy copy_t from stdin (format csv, header match);
a,b
\.
copy copy_t (a, b) from stdin (format csv);
212,ok
213
\.
select count(*) from copy_t;

-- options PostgreSQL refuses, before any data is read
copy copy_t from stdin (format foo);
\.
copy copy_t from stdin (bogus 1);
\.
copy copy_t from stdin (format csv, format text);
\.
copy copy_t from stdin (delimiter 'ab');
\.
copy copy_t from stdin (delimiter 'a');
\.
copy copy_t from stdin (delimiter E'\n');
\.
copy copy_t from stdin (quote '"');
\.
copy copy_t from stdin (escape '\');
\.
copy copy_t from stdin (format csv, quote ',');
\.
copy copy_t from stdin (format csv, force_quote *);
\.
copy copy_t from stdin (force_null (a));
\.
copy copy_t from stdin (format csv, force_not_null (zz));
\.
copy copy_t (a) from stdin (format csv, force_not_null (b));
\.
copy copy_t from stdin (header maybe);
\.
copy copy_t from stdin (delimiter ',', null 'a,b');
\.
copy copy_t from stdin (format csv, null 'a"b');
\.
copy copy_t from stdin (encoding 'nope');
\.
copy copy_t from stdin (delimiter);
\.
copy copy_t (zz) from stdin;
\.
copy copy_t (a, a) from stdin;
\.
copy copy_t from stdin where zz > 1;
\.
copy copy_t from stdin where a in (select 1);
\.
copy copy_t from stdin where count(*) > 1;
\.
copy no_such_table from stdin;
\.
copy copy_t to stdout (header match);
copy copy_t to stdout (format csv, force_not_null (a));
copy copy_t to stdout (format csv, force_quote (zz));
copy copy_t (a) to stdout (format csv, force_quote (b));
copy copy_t (zz) to stdout;
copy copy_t to stdout where a > 1;
copy (select * from no_such_table) to stdout;
copy (insert into copy_t values (300, 'x')) to stdout;
copy (select 1 into copy_x) to stdout;

-- COPY in transactions: seen by the transaction, undone by ROLLBACK; a failed COPY aborts
-- the block; FREEZE after TRUNCATE in the same transaction (pgbench -i does this)
begin;
copy copy_t (a, b) from stdin;
500	in a transaction
\.
select a, b from copy_t where a = 500;
rollback;
select count(*) from copy_t where a = 500;
begin;
copy copy_t (a, b) from stdin (format csv);
501,first
x502,bad
\.
select 1;
rollback;
create table copy_frozen (id int, v text);
begin;
truncate copy_frozen;
copy copy_frozen from stdin with (freeze on);
1	frozen
\.
commit;
select * from copy_frozen;
drop table copy_frozen;

-- psql's \copy sends COPY ... FROM STDIN / TO STDOUT
\copy copy_t from stdin
400	via backslash copy	4	v
\.
\copy copy_t (a, b) from 'copy_data.csv' with (format csv, header)
\copy copy_t to stdout with csv
\copy (select a, b from copy_t where a >= 400 order by a) to stdout
select a, b, c, d from copy_t where a >= 400 order by a;

-- COPY FROM in a string of several statements: the rest runs after it
copy copy_t (a, b) from stdin \; select count(*) from copy_t where a = 503;
503	multi-statement
\.
select a, b from copy_t where a = 503;

drop table copy_t;
