-- Dates, timestamps and intervals: input, output, casts, arithmetic, comparisons,
-- functions, storage in tables, and their errors. now() is never printed (it differs
-- between the two servers); only its type and relations are.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, MDY';

-- input and output
SELECT date '2024-02-29', date 'epoch', date 'infinity', date '-infinity', date 'J2451545';
SELECT '4714-11-24 BC'::date, '5874897-12-31'::date, 'May 17, 2024'::date, '20240517'::date;
SELECT timestamp '2024-05-17 13:14:15.123456', timestamp '2024-05-17T13:14:15Z',
       timestamp '1999-01-08 04:05:06 BC', timestamp 'epoch', timestamp 'infinity';
SELECT timestamptz '2024-05-17 13:14:15+02', timestamptz '2024-05-17 13:14:15 America/New_York',
       timestamptz '2024-05-17 13:14:15.5 PST', timestamptz '2024-01-01 00:00:00.000001Z';
SELECT interval '1 year 2 months 3 days 04:05:06.789', interval '-1 day +02:00',
       interval 'P1Y2M3DT4H5M6S', interval '1.5 weeks', interval '100 minutes', interval '0';
SELECT '1 day'::interval = '24 hours'::interval, '1 mon'::interval = '30 days'::interval,
       '1 mon'::interval > '29 days'::interval;

-- DateStyle's field order for ambiguous input
SELECT '02/03/2024'::date;
SET DateStyle = 'ISO, DMY';
SELECT '02/03/2024'::date, '13/01/2024'::date;
SET DateStyle = 'ISO, YMD';
SELECT '24/03/02'::date;
SET DateStyle = 'ISO, MDY';
SHOW DateStyle;

-- TimeZone decides timestamptz input and output
SET TimeZone = 'Europe/Paris';
SELECT timestamptz '2024-07-01 12:00', timestamptz '2024-01-01 12:00',
       timestamptz '2024-07-01 12:00Z', '2024-07-01 12:00'::timestamp::timestamptz;
SET TimeZone = 'America/New_York';
SELECT timestamptz '2024-03-10 01:30' + interval '1 day', timestamptz '2024-03-10 01:30' + interval '24 hours';
SELECT timestamptz '2024-11-03 00:00' + interval '1 day', date '2024-11-03'::timestamptz;
SET TimeZone = 'UTC+3';
SELECT timestamptz '2024-05-17 12:00Z';
SET TimeZone = 'asia/kolkata';
SHOW TimeZone;
SELECT timestamptz '2024-05-17 12:00Z';
SET TimeZone = 'UTC';

-- casts
SELECT date '2024-05-17'::timestamp, date '2024-05-17'::timestamptz,
       timestamp '2024-05-17 23:59:59'::date, timestamptz '2024-05-17 23:59:59+00'::date,
       '2024-05-17 10:00'::timestamp::text, interval '90 minutes'::text;
SELECT pg_typeof(date '2024-01-01' + 1), pg_typeof(date '2024-01-01' - date '2023-01-01'),
       pg_typeof(date '2024-01-01' + interval '1 hour'), pg_typeof(timestamp '2024-01-01' - timestamp '2023-01-01'),
       pg_typeof(now()), pg_typeof(current_date), pg_typeof(localtimestamp);

-- arithmetic
SELECT date '2024-02-28' + 1, date '2024-03-01' - 1, date '2024-03-01' - date '2023-03-01',
       date '2024-01-31' + interval '1 month', date '2024-03-31' - interval '1 month';
SELECT timestamp '2024-01-31 10:00' + interval '1 month', timestamp '2024-02-29' + interval '1 year',
       timestamp '2024-05-17 12:00' - timestamp '2024-01-01 08:30',
       timestamp '2024-05-17' - interval '1 day 1 hour';
SELECT interval '1 day' + interval '3 hours', interval '1 mon' - interval '1 day',
       interval '1 day' * 2.5, interval '1 mon' / 4, 3 * interval '1 hour', -interval '1 day 02:00';
SELECT date 'infinity' + 1, timestamp 'infinity' + interval '1 day', timestamp '-infinity' < timestamp '4713-01-01 BC';

-- comparisons across types and in predicates
SELECT date '2024-01-01' = timestamp '2024-01-01 00:00', date '2024-01-01' < timestamptz '2024-01-01 00:00:01+00',
       timestamp '2024-01-01' = timestamptz '2024-01-01 00:00+00',
       date '2024-05-17' BETWEEN '2024-01-01' AND '2024-12-31',
       timestamp '2024-05-17' IN ('2024-05-17', '2024-05-18');

-- now() and its relatives: one value per transaction
SELECT now() = current_timestamp, now() = transaction_timestamp(), current_date = now()::date,
       localtimestamp = now()::timestamp, clock_timestamp() >= now(), now() > '2024-01-01';

-- now() stays the transaction's start within a block, and moves on after it
BEGIN;
SELECT now()::text AS block_start \gset
\! sleep 1.1
SELECT now()::text = :'block_start' AS same_in_block,
       clock_timestamp() > now() + interval '1 second' AS clock_moves;
COMMIT;
SELECT now()::text = :'block_start' AS same_after;

-- functions
SELECT date_trunc('month', timestamp '2024-05-17 13:14:15'), date_trunc('hour', timestamptz '2024-05-17 13:14:15+02'),
       date_trunc('week', date '2024-05-17'), date_trunc('quarter', timestamp '2024-05-17'),
       date_trunc('year', interval '2 years 3 months'), date_trunc('day', timestamptz '2024-05-17 23:00+00', 'Asia/Tokyo');
SELECT extract(year FROM date '2024-05-17'), extract(dow FROM timestamp '2024-05-17'),
       extract(epoch FROM timestamptz '2024-05-17 00:00+00'), extract(epoch FROM interval '1 day 01:00'),
       extract(month FROM interval '14 months'), extract(second FROM timestamp '2024-05-17 13:14:15.5'),
       extract(year FROM date 'infinity');
SELECT date_part('doy', date '2024-12-31'), date_part('hour', timestamp '2024-05-17 13:14'),
       date_part('epoch', timestamptz '1970-01-02 00:00+00'), date_part('day', interval '40 days');
SELECT age(timestamp '2024-05-17', timestamp '2000-02-29'), age(timestamptz '2024-03-01 00:00+00', timestamptz '2024-01-31 00:00+00'),
       age(timestamp '2000-01-01', timestamp '2024-05-17');
SELECT to_char(timestamp '2024-05-17 13:14:15.25', 'YYYY-MM-DD HH24:MI:SS.MS Day Mon DDth Q WW'),
       to_char(timestamptz '2024-05-17 13:14:15+00', 'FMMonth FMDD, YYYY HH12:MI AM TZ'),
       to_char(interval '2 days 03:04:05', 'DD "days" HH24:MI:SS'), to_char(timestamp '2024-05-17', '');
SELECT justify_days(interval '65 days'), justify_hours(interval '50 hours'), justify_interval(interval '1 mon -1 hour');

-- stored in tables: keys, ordering, aggregates, updates
CREATE TABLE events (at timestamptz PRIMARY KEY, day date NOT NULL, local timestamp, span interval);
INSERT INTO events VALUES
  ('2024-03-10 12:00+01', '2024-03-10', '2024-03-10 11:00', '1 day 2 hours'),
  ('2023-01-01 00:00Z', '2023-01-01', '2023-01-01', '-3 mons'),
  ('2024-07-04 18:30-04', '2024-07-04', NULL, '45 minutes'),
  ('infinity', 'infinity', '-infinity', '0');
SELECT * FROM events ORDER BY at;
SELECT * FROM events ORDER BY day DESC, span;
SELECT day, span FROM events WHERE at > '2023-06-01' AND at < 'infinity' ORDER BY day;
SELECT * FROM events WHERE at = '2024-03-10 11:00Z';
SELECT min(day), max(day), min(at), max(local), sum(span), avg(span), min(span), max(span) FROM events;
SELECT extract(year FROM day) AS y, count(*), sum(span) FROM events GROUP BY 1 ORDER BY 1;
UPDATE events SET span = span * 2, local = local + interval '1 hour' WHERE day = '2024-03-10';
DELETE FROM events WHERE day = 'infinity';
SELECT at, local, span, day + 7 AS week_later, at::date FROM events ORDER BY at;
INSERT INTO events VALUES ('2024-03-10 11:00Z', '2024-01-01', NULL, NULL);
INSERT INTO events (at, day) VALUES ('2025-01-01', NULL);
INSERT INTO events (at, day) VALUES ('2025-01-01', 'not a date');
CREATE TABLE day_keys (d date PRIMARY KEY, note text);
INSERT INTO day_keys VALUES ('2024-01-02', 'b'), ('-infinity', 'first'), ('2023-12-31', 'a'), ('infinity', 'last');
SELECT * FROM day_keys ORDER BY d;
SELECT * FROM day_keys WHERE d >= '2024-01-01';
DROP TABLE day_keys;
DROP TABLE events;

-- mixed date/time types meet in the wider one; intervals group and key by their span
CREATE TABLE days (d date PRIMARY KEY, n int);
CREATE TABLE spans (t timestamp, iv interval);
INSERT INTO days VALUES ('2024-01-01', 1), ('2024-01-02', 2), ('2024-01-03', 3);
INSERT INTO spans VALUES ('2024-01-01 00:00', '1 day'), ('2024-01-02 12:00', '24 hours'),
  ('2024-01-03', '1 mon'), (NULL, '30 days');
SELECT days.d, spans.t FROM days JOIN spans ON days.d = spans.t ORDER BY 1;
SELECT days.d, spans.t FROM days JOIN spans ON days.d = spans.t::date ORDER BY 1;
SELECT iv, count(*) FROM spans GROUP BY iv ORDER BY iv;
SELECT DISTINCT iv FROM spans ORDER BY 1;
SELECT COALESCE(t, d) FROM days LEFT JOIN spans ON days.d = spans.t ORDER BY 1;
SELECT CASE WHEN n > 1 THEN d ELSE now() END > '2000-01-01' FROM days ORDER BY n;
SELECT d FROM days UNION SELECT t FROM spans ORDER BY 1;
SELECT GREATEST(d, '2024-01-02'), LEAST(d, timestamp '2024-01-02 06:00') FROM days ORDER BY d;
SELECT d FROM days WHERE d IN (SELECT t FROM spans) ORDER BY 1;
SELECT d FROM days WHERE d > ALL (SELECT t FROM spans WHERE t < '2024-01-02') ORDER BY 1;
SELECT max(d) - min(d), max(t) - min(t) FROM days, spans;
SELECT d::text, d::varchar, 'x' || d, '2024-01-01'::text::date FROM days ORDER BY d LIMIT 1;
CREATE TABLE span_keys (span interval PRIMARY KEY, note text);
INSERT INTO span_keys VALUES ('1 day', 'a'), ('-1 hour', 'b'), ('1 mon', 'c'), ('1 year', 'd');
INSERT INTO span_keys VALUES ('24 hours', 'same as a day');
INSERT INTO span_keys VALUES ('30 days', 'same as a month');
SELECT * FROM span_keys ORDER BY span;
SELECT * FROM span_keys WHERE span = '1440 minutes';
SELECT * FROM span_keys WHERE span > '1 day' ORDER BY span;
DROP TABLE span_keys;
DROP TABLE days;
DROP TABLE spans;

-- precision, and defaults that read the clock
SELECT timestamp(2) '2024-01-01 00:00:00.555', '-infinity'::timestamp(0),
       '2024-01-01 00:00:00.5 BC'::timestamp(0), '1999-12-31 23:59:59.999'::timestamp(2),
       '2024-05-17 10:00:00.5+00'::timestamptz(0);
CREATE TABLE stamped (id int PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(),
                      day date DEFAULT current_date, local timestamp(0) DEFAULT localtimestamp,
                      exact timestamp(3));
INSERT INTO stamped (id, exact) VALUES (1, '2024-01-01 00:00:00.12345'), (2, '2024-01-01 00:00:00.9996');
SELECT id, at <= now(), at > now() - interval '1 hour', day >= current_date - 1,
       local <= localtimestamp + interval '1 second', exact FROM stamped ORDER BY id;
UPDATE stamped SET exact = exact + interval '0.0006 seconds';
SELECT id, exact, exact::timestamp(1) FROM stamped ORDER BY id;
DROP TABLE stamped;

-- errors
SELECT '2024-02-30'::date;
SELECT '2024-13-01'::date;
SELECT 'garbage'::timestamp;
SELECT '13/01/2024'::date;
SELECT 'garbage'::interval;
SELECT timestamptz '2024-01-01 12:00 Mars/Olympus';
SELECT '5874898-01-01'::date;
SELECT date '5874897-12-31' + 1;
SELECT timestamp '294276-12-31 23:59:59' + interval '1 day';
SELECT interval '1 day' / 0;
SELECT date 'infinity' - date '2024-01-01';
SELECT date_trunc('fortnight', timestamp '2024-05-17');
SELECT extract(hour FROM date '2024-05-17');
SELECT date '2024-01-01' + date '2024-01-02';
SELECT date '2024-01-01' * 2;
SELECT timestamp '2024-01-01' + 1;
SELECT date_trunc('day', timestamptz '2024-05-17', 'Nowhere/Land');
SELECT now() + 1;
SELECT now()::timestamptz(-1);
SET TimeZone = 'Nowhere/Land';
