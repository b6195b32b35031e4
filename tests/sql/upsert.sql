-- Differential SQL suite: INSERT ... ON CONFLICT.

create table counters (name text primary key, hits int not null default 0, note text);
insert into counters values ('a', 1), ('b', 2);
insert into counters values ('a', 10) on conflict (name) do update set hits = counters.hits + excluded.hits;
insert into counters values ('c', 5) on conflict (name) do update set hits = counters.hits + excluded.hits returning *;
insert into counters values ('b', 7, 'x') on conflict (name) do update set note = excluded.note, hits = excluded.hits returning name, hits, note;
insert into counters as c values ('a', 1) on conflict (name) do update set hits = c.hits + 100 where c.hits > 1000;
insert into counters as c values ('a', 1) on conflict (name) do update set hits = c.hits + 100 where c.hits < 1000 returning hits;
insert into counters values ('d', 1), ('d', 2) on conflict (name) do update set hits = excluded.hits;
insert into counters values ('a', 1) on conflict (hits) do update set hits = 0;
insert into counters values ('a', 1) on conflict do update set hits = 0;
insert into counters values ('a', 1) on conflict on constraint counters_pkey do nothing;
insert into counters values ('a', 1) on conflict on constraint nope do nothing;
insert into counters values ('a', 1) on conflict (name) do update set nosuch = 1;
insert into counters values ('a', 1) on conflict (name) do update set hits = 'x';
insert into counters values ('e', 1) on conflict (name) do nothing returning *;
insert into counters values ('e', 1) on conflict (name) do nothing returning *;
select * from counters order by name;
drop table counters;
