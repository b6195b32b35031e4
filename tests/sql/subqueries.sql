-- Differential SQL suite: subqueries in FROM, WITH, and UNION / INTERSECT / EXCEPT.

create table nums (n int primary key, word text);
insert into nums values (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four'), (5, 'five');
select * from (select n, word from nums where n > 2) s order by n;
select s.x from (select n * 10 as x from nums) s where s.x > 20 order by 1;
select * from (select n from nums) as s(m) order by m desc limit 2;
select count(*), max(w) from (select word as w from nums) q;
select * from (select 1, 2) t(a, b, c);
select a.n, b.n from (select n from nums where n < 3) a, (select n from nums where n > 3) b order by 1, 2;
with small as (select n from nums where n <= 2) select * from small order by n;
with a as (select n from nums), b as (select n * 2 as d from a) select d from b order by d;
with t(x) as (select n from nums) select sum(x) from t;
with t as (select 1 as k) select * from t, nums where nums.n = t.k;
select n from nums where n < 3 union select n from nums where n > 1 and n < 4 order by n;
select n from nums where n < 3 union all select n from nums where n < 3 order by n;
select 1 union select 1 union select 2 order by 1;
select n from nums intersect select n + 1 from nums order by 1;
select n from nums except select n + 1 from nums;
select 1 union all select 1 intersect select 1;
select 1, 'a' union select 2, 'b' order by 1 desc;
select 1 union select 2.5 order by 1;
select 'x' union select 'y' order by 1;
select word from nums union select 'zero' order by word limit 3 offset 1;
select n from nums except all select 1 order by n;
drop table nums;
