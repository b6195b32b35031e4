-- SAVEPOINT, ROLLBACK TO and RELEASE: nested and reused names, undoing writes of every
-- kind (INSERT, UPDATE, DELETE, TRUNCATE, COPY FROM) and SET, leaving the aborted state,
-- and the errors outside a block or for an unknown name.

create table sp_t (id int primary key, v text);

-- Outside a block (an implicit block of several statements is not one either).
savepoint a;
rollback to a;
release a;
rollback to savepoint a;
release savepoint a;
select 1 \; savepoint a;
select 1 \; rollback to a;
select 1 \; release a;

-- Nested savepoints, and ROLLBACK TO keeping the savepoint.
begin;
insert into sp_t values (1, 'a');
savepoint s1;
insert into sp_t values (2, 'b');
update sp_t set v = 'a2' where id = 1;
savepoint s2;
delete from sp_t where id = 1;
select * from sp_t order by id;
rollback to s2;
select * from sp_t order by id;
update sp_t set v = 'a3' where id = 1;
rollback to s2;
select * from sp_t order by id;
rollback to savepoint s1;
select * from sp_t order by id;
rollback to s2;
-- A reused name: the newest one is meant; RELEASE uncovers the older one.
insert into sp_t values (3, 'c');
savepoint s1;
insert into sp_t values (4, 'd');
savepoint s1;
insert into sp_t values (5, 'e');
rollback to s1;
select * from sp_t order by id;
release s1;
rollback to s1;
select * from sp_t order by id;
release savepoint s1;
rollback to s1;
rollback;
select count(*) from sp_t;

-- RELEASE keeps the writes and drops the later savepoints.
begin;
savepoint a;
insert into sp_t values (1, 'kept');
savepoint b;
insert into sp_t values (2, 'kept too');
release a;
select * from sp_t order by id;
commit;
select * from sp_t order by id;
begin;
savepoint a;
savepoint b;
release a;
rollback to b;
rollback;

-- An error inside a savepoint: 25P02 until ROLLBACK TO, which makes the block usable.
begin;
insert into sp_t values (10, 'x');
savepoint a;
insert into sp_t values (11, 'y');
insert into sp_t values (10, 'dup');
select 1;
savepoint b;
release a;
rollback to nothing;
select 1;
rollback to a;
select * from sp_t order by id;
insert into sp_t values (12, 'z');
commit;
select * from sp_t order by id;

-- SET is undone by ROLLBACK TO and kept by RELEASE; SET LOCAL too.
begin;
savepoint b;
set search_path = nothing;
show search_path;
rollback to b;
show search_path;
savepoint c;
set work_mem = '8MB';
set local statement_timeout = '5s';
release c;
show work_mem;
show statement_timeout;
savepoint d;
set local statement_timeout = '7s';
rollback to d;
show statement_timeout;
commit;
show work_mem;
show statement_timeout;
reset work_mem;

-- TRUNCATE and COPY FROM under a savepoint roll back too.
begin;
savepoint d;
truncate sp_t;
select count(*) from sp_t;
rollback to d;
select count(*) from sp_t;
savepoint e;
copy sp_t from stdin;
100	copied
101	copied too
\.
select count(*) from sp_t;
rollback to e;
select count(*) from sp_t;
copy sp_t from stdin;
102	kept
\.
commit;
select * from sp_t order by id;

-- A failed COPY inside a savepoint.
begin;
savepoint f;
copy sp_t from stdin;
200	ok
oops	bad
\.
rollback to f;
select count(*) from sp_t where id >= 200;
commit;

-- Unknown names, quoted names, errors after the savepoints ended.
begin;
savepoint a;
rollback to a;
rollback to a;
release a;
release a;
commit;
begin;
savepoint a;
select 1/0;
release a;
commit;
begin;
savepoint "Mixed Case";
rollback to "Mixed Case";
rollback to mixed;
rollback;

-- COMMIT and ROLLBACK outside a block, COMMIT of an aborted block.
commit;
rollback;
end;
abort;
begin;
select 1/0;
commit;

-- psql's ON_ERROR_ROLLBACK wraps each statement of a block in a savepoint.
\set ON_ERROR_ROLLBACK on
begin;
insert into sp_t values (300, 'a');
insert into sp_t values (300, 'dup');
insert into sp_t values (301, 'b');
commit;
\set ON_ERROR_ROLLBACK off
select * from sp_t where id >= 300 order by id;

drop table sp_t;
