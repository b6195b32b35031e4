-- Differential SQL suite: shared tables (CREATE/DROP, INSERT/UPDATE/DELETE, SELECT with
-- WHERE, joins, grouping, aggregates, ORDER BY, LIMIT), with their errors.

create schema app;
create schema app;
create schema if not exists app;
create schema pg_mine;
create table app.items (id int primary key, name text not null, price numeric(8,2) default 9.99,
                        qty smallint default 0, active bool default true, note varchar(5));
create table app.items (id int);
create table if not exists app.items (id int);
create table app.bad (a int, a text);
create table app.bad (a int, primary key (b));
create table app.bad (a int primary key, b int, primary key (b));
create table app.bad (a int default 'x');
create table app.bad (a int default true);
create table nosuchschema.t (a int);
create table app.tags (item_id int, tag text);
create table app.nokey (v double precision, r real);

insert into app.items values (1, 'apple', 1.25, 10, true, 'red');
insert into app.items (id, name) values (2, 'banana');
insert into app.items (name, id, qty) values ('cherry', 3, 100), ('date', 4, -5);
insert into app.items values (5, 'elder', 3.333, 1) returning *;
insert into app.items values (6, 'fig', default, default, false) returning id, price, qty, active;
insert into app.items (id, name) values (1, 'again');
insert into app.items (id) values (7);
insert into app.items (id, name, note) values (8, 'grape', 'toolong');
insert into app.items (id, name, note) values (8, 'grape', 'ok   ');
insert into app.items (id, name, price) values (9, 'huge', 1234567.891);
insert into app.items (id, name, qty) values (10, 'many', 40000);
insert into app.items (id, name, active) values (11, 'x', 'maybe');
insert into app.items (id, nosuch) values (12, 1);
insert into app.items (id, id) values (12, 1);
insert into app.items (id, name) values (12);
insert into app.items (id) values (12, 'a');
insert into app.items values (12, 'l', 1, 1, true, 'n', 'extra');
insert into app.items (id, name) values (12, 'lemon'), (12, 'lime');
insert into app.items (id, name) values (13, 'mango') on conflict do nothing;
insert into app.items (id, name) values (13, 'melon') on conflict (id) do nothing;
insert into app.items (id, name) values ('14', 'nut');
insert into app.items (id, name) values (15.4, 'olive');
insert into app.items (id, name) values (true, 'pear');
insert into nosuch values (1);
insert into app.tags values (1, 'fruit'), (1, 'red'), (2, 'fruit'), (3, 'red'), (99, 'orphan');
insert into app.tags (item_id) values (5);
insert into app.nokey values (1.5, 2.5), (-0.0, 1e30), ('NaN', 'Infinity'), (null, null);

select * from app.items order by id;
select id, name from app.items where id = 3;
select id, name from app.items where id = 99;
select id from app.items where id > 2 and id <= 5 order by id;
select id from app.items where id >= 4 order by id desc;
select id from app.items where id < 3 order by 1;
select id from app.items where 3 < id and id < 6 order by id;
select id, name from app.items where name = 'date' or qty > 50 order by id;
select id from app.items where price is null order by id;
select id from app.items where note is not null order by id;
select id from app.items where active order by id;
select id from app.items where not active order by id;
select id, price * qty as total from app.items order by total desc nulls last, id;
select name, qty from app.items order by qty, name;
select name, qty from app.items order by qty desc nulls last, name;
select name, qty from app.items order by qty nulls first, name;
select id from app.items order by id limit 3;
select id from app.items order by id limit 2 offset 2;
select id from app.items order by id offset 5;
select id from app.items order by id limit 0;
select id from app.items order by id limit null;
select id from app.items limit -1;
select id from app.items offset -1;
select items.id, i.name from app.items i;
select i.id from app.items i where items.id = 1;
select nosuch from app.items;
select id from app.items, app.tags order by 1;
select * from app.nokey order by v nulls first;
select v, r, v = 0, v > 1 from app.nokey order by r;

-- aggregates and grouping
select count(*) from app.items;
select count(*), count(price), count(note), sum(qty), avg(qty), min(name), max(name) from app.items;
select sum(price), avg(price), min(price), max(price) from app.items;
select count(*) from app.items where id > 100;
select sum(qty), avg(price), max(name), bool_and(active), bool_or(active) from app.items where id > 100;
select active, count(*), sum(qty) from app.items group by active order by active;
select active, count(*) from app.items group by 1 order by 2 desc, 1;
select qty > 0 as positive, count(*) from app.items group by qty > 0 order by 1;
select count(distinct active), count(distinct qty) from app.items;
select string_agg(name, ', ') from app.items where id < 4;
select tag, count(*) from app.tags group by tag having count(*) > 1 order by tag;
select tag, count(*) as n from app.tags group by tag order by n desc, tag;
select id, name from app.items group by id order by id;
select name, count(*) from app.items;
select active, name from app.items group by active;
select sum(name) from app.items;
select count(*) from app.items where count(*) > 1;
select avg(v), sum(r), max(v) from app.nokey;
select distinct active from app.items order by active;
select distinct tag from app.tags order by tag;

-- joins
select i.id, t.tag from app.items i join app.tags t on t.item_id = i.id order by 1, 2;
select i.id, t.tag from app.items i, app.tags t where t.item_id = i.id and t.tag = 'red' order by 1;
select i.id, t.tag from app.items i left join app.tags t on t.item_id = i.id order by 1, 2;
select i.id, count(t.tag) from app.items i left join app.tags t on t.item_id = i.id group by i.id order by i.id;
select i.name, t.tag from app.items i left join app.tags t on t.item_id = i.id and t.tag = 'red' where i.id < 4 order by 1;
select i.id from app.items i left join app.tags t on t.item_id = i.id where t.tag is null order by 1;
select count(*) from app.items cross join app.tags;
select a.id, b.id from app.items a join app.items b on b.id = a.id + 1 order by 1;
select id from app.items join app.tags on true order by 1;
select item_id, tag from app.tags join app.items using (id);

-- updates and deletes
update app.items set qty = qty + 1 where id = 1 returning id, qty;
update app.items set price = price * 2, note = 'x' where id between 2 and 4;
update app.items set name = null where id = 1;
update app.items set nosuch = 1;
update app.items set qty = 'lots' where id = 1;
update app.items set qty = 99999 where id = 1;
update app.items set id = 2 where id = 1;
update app.items set id = 100 where id = 1 returning *;
update app.items set price = default where id = 100;
update app.items set active = not active;
select id, active from app.items order by id;
update app.items set qty = 0 where false;
select * from app.items order by id;
delete from app.items where id = 100 returning name;
delete from app.items where id > 1000;
delete from app.tags where tag = 'red';
select * from app.tags order by item_id, tag;
delete from app.tags;
select count(*) from app.tags;
update nosuch set a = 1;
delete from nosuch;

-- search_path
set search_path = app, public;
select count(*) from items;
create table widgets (w int primary key);
insert into widgets values (1), (2);
select * from app.widgets order by w;
reset search_path;
select count(*) from widgets;
select count(*) from app.widgets;

drop table app.items, app.nosuch;
drop table if exists app.nosuch, app.widgets;
drop schema app;
drop schema app cascade;
drop schema app;
drop schema if exists app;
