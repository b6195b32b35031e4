-- Differential SQL suite: conditional expressions, pattern matching, list and range tests.

select 2 between 1 and 3, 5 not between 1 and 3, 3 between 3 and 3, null between 1 and 2;
select 'b' between 'a' and 'c', 2.5 between 1 and 3;
select 1 in (1, 2), 3 in (1, 2), 3 not in (1, null), 1 not in (2, 3), null in (1), 1 in (null, 1);
select 'x' in ('a', 'x'), 1.0 in (1, 2), 1 in ('1', '2');
select 1 in ('a');
select 'abc' like 'a%', 'abc' like '_b_', 'abc' like 'abc', 'abc' like 'ab', 'abc' like '%';
select 'ABC' ilike 'a%c', 'abc' not like '%d', 'a%' like 'a\%', 'a_b' like 'a\_b', 'axb' like 'a\_b';
select '' like '', '' like '%', 'x' like '', null like 'a', 'a' like null;
select 'héllo' like 'h_llo', 'ab' like 'a%%b', 'aXbXc' like 'a%b%c';
select 1 like 1;
select nullif(1, 1), nullif(1, 2), nullif('a', 'b'), nullif(null, 1);
select coalesce(null, 2, 3), coalesce(null, null), coalesce(1, 2.5), coalesce('a', 'b');
select coalesce(1, true);
select greatest(1, 5, null, 3), least(2.5, 1), greatest('a', 'b'), least(null, null::int);
select greatest(1, 'x');
select case when 1 > 2 then 'x' when 2 > 1 then 'y' end;
select case 3 when 1 then 'one' when 3 then 'three' else 'other' end;
select case when false then 1 end, case when null then 1 else 2 end;
select case when true then 1 else 'x' end;
select case when true then 1 else 2.5 end;
-- A CASE takes the name of an ELSE that has one.
select case when b > 0 then 1 else b end, case when b > 0 then b end, case when b > 0 then 1 else 2 end from (select 3 as b) s;
select case when 1 then 1 end;
select case 1 when 'a' then 1 end;
