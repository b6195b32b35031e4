-- Differential SQL suite: the foundation slice (constant SELECTs, casts, three-valued logic,
-- SET/SHOW/RESET, transaction control, errors). Run against QuillDB and PostgreSQL 15 by
-- tests/client/test_sql_diff.sh; the outputs must match (see tests/sql/allowlist).

-- integers
select 1;
select -1, +2, 0;
select 2147483647, -2147483648;
select 2147483648, -2147483649;
select 9223372036854775807;
select 9223372036854775808;
select 1 + 2 * 3 - 4 / 2;
select (1 + 2) * 3;
select 7 / 2, -7 / 2, 7 % 3, -7 % 3, 7 % -3;
select 2147483647 + 1;
select -2147483648 - 1;
select 2147483647 * 2;
select 9223372036854775807 + 1;
select 9223372036854775807 * 2;
select (-9223372036854775807 - 1) / -1;
select (-2147483648) / -1;
select -(-2147483648);
select -9223372036854775808;
select -9223372036854775808 - 1;
select 4611686018427387904 * 2;
select -(5), -(-5), - - 5;
select 1 / 0;
select 1 % 0;
select 1.5 / 0;
select 1.0 % 0;
select 1::float8 / 0;
select 5::int2 + 3::int2;
select 32767::int2 + 1::int2;
select 1::int8 + 1::int4, 1::int2 * 1::int8;

-- numerics
select 1.5;
select 1.0 / 3;
select 10.0 / 4, 10 / 4.0;
select 1 + 1.5, 2 * 1.25;
select 123456789012345678901234567890.123456789 + 1;
select 99999999999999999999999999999999999999 * 10;
select 0.000000000000000000001 * 1000;
select 1.10 + 2.205;
select -0.0, 0.00;
select 2.5::numeric(3, 0), 3.5::numeric(3, 0), -2.5::numeric(3, 0);
select '1.5'::numeric(5, 2);
select 12345.678::numeric(5, 2);
select 'NaN'::numeric;
select 1::numeric / 7, 100::numeric / 3, 2::numeric / 3 * 3;
select 1e-3, 1.5e2, 1e400::float8;
select 0.1::float8::numeric, 1.5::float8::numeric, 12.345::numeric::float8;
select 1.0 = 1.00, 1.0 < 1.01;

-- floats
select 0.1::float8 + 0.2;
select 1.5::float8, 1.5::float4;
select 1e300::float8 * 1e10;
select 'NaN'::float8, 'Infinity'::float8, '-Infinity'::float8;
select 'nan'::float8 = 'NaN'::float8;
select 1e-5::float8, 123456789012345.0::float8, 1e16::float8;
select 3.0::float4 / 7;
select 1::float8 / 3;
select 2.5::float8::int, 3.5::float8::int, -2.5::float8::int;
select 1 + 1.5::float8, 1.5 + 2::float8;
select 'Infinity'::float8 - 'Infinity'::float8, 'Infinity'::float8 + 1;
select 0.1::float4 + 0.2::float4, 1.1::float4::float8, 16777217::float4;
select 1.23456789012345678::float8, 1e15::float8, 1e-4::float8, 123e-10::float8;
select 5 / 2.0::float8, 2::float8 * 3, -0.0::float8;

-- text
select 'hello';
select 'it''s';
select '';
select 'a' || 'b' || 'c';
select 'n=' || 42, 42 || '!', 'x' || 1.5 || true;
select 'a' || null;
select 'v' || 1::int8 || 2.5::float8 || false, 'w' || null::int;
select E'tab\there';
select 'abc' = 'abc', 'abc' < 'abd', 'B' < 'a';

-- booleans
select true, false;
select true and false, true or false, not true;
select 'yes'::boolean, 'no'::boolean, 'on'::bool, 'off'::bool, 't'::bool, '0'::bool;
select 'maybe'::boolean;
select 'Yes'::boolean, ' true '::boolean, 'TRUE'::bool, 'f'::bool and true;
select true::int, false::int, 1::bool, 0::bool, 5::bool;

-- NULL and three-valued logic
select null;
select null::int, null::text;
select null and false, null and true, null or true, null or false, not null::bool;
select null = null, null <> 1, 1 = null;
select null is null, 1 is null, null is not null, 1 is not null;
select null is distinct from null, 1 is distinct from null, 1 is distinct from 1, 1 is not distinct from 1;
select true is true, null::bool is true, false is not true, null::bool is unknown, true is not unknown;
select null::bool is false, null::bool is not false;
select null + 1, null || 'x';
select null::int is distinct from 1, (1 < 2) = true, 'a' < 'b' and 1 > 2 or null;
select not (null::bool and false), not (null::bool or true);

-- comparisons
select 1 < 2, 2 <= 2, 3 > 4, 4 >= 4, 5 = 5, 5 <> 6, 5 != 5;
select 1 = 1.0, 1 < 1.5, 2::int8 = 2::int2;
select 1.5::float8 = 1.5, 0.1::float8 = 0.1;
select 'NaN'::float8 > 'Infinity'::float8;

-- casts
select '12'::int, '  12  '::int, '-0'::int;
select 'abc'::int;
select '12.5'::int;
select ''::int;
select 2147483648::int;
select '2147483648'::int;
select 9223372036854775807::int8, '9223372036854775808'::int8;
select 32768::int2;
select 12.5::int, 13.5::int, -12.5::int;
select 12::text, 1.50::text, true::text, 1.5::float8::text;
select '1e3'::numeric, '  3.14  '::numeric, '1e3'::float8;
select 'abc'::numeric;
select 'abcdef'::varchar(3);
select 'abcdef'::char(3), 'ab'::char(4) || '|';
select 'ab'::char(4) = 'ab  '::char(4);
select 'ab'::varchar(4) || '|';
select cast(42 as text), cast('7' as integer), cast(1.25 as numeric(4, 1));
select integer '42', text 'x', numeric '1.5';
select 1::bool::int::text;
select 'ab'::char(4), 'ab'::char(4)::text || '|';
select 3.7::int4, 3.7::int8, 3.7::int2;

-- column naming and aliases
select 1::int, 'a'::text, true, null;
select 1 as one, 'two' as "Two", 3 three;
select 1 as a, 2 as a;
select 1 + 1 as sum, -(2) as neg;
select 'x'::varchar(5), 1.5::numeric, 1::int8, 1::int2, 1::float4, 1::float8;
select cast(1 as int) as c, cast('a' as text);
select current_user, current_database();
select current_user = 'postgres';

-- version(): its text differs by design; the runner normalises "PostgreSQL 15.N (...)"
\pset format unaligned
select version();
\pset format aligned

-- SET / SHOW / RESET
show DateStyle;
set datestyle = 'ISO, DMY';
show datestyle;
set DateStyle to 'ISO';
show DateStyle;
reset datestyle;
show datestyle;
show extra_float_digits;
set extra_float_digits = 0;
select 0.1::float8 + 0.2, 1::float8 / 3, 1.1::float4;
set extra_float_digits = 3;
select 0.1::float8 + 0.2, 1.1::float4;
set extra_float_digits = -15;
select 1::float8 / 3;
set extra_float_digits = 4;
reset extra_float_digits;
select 0.1::float8 + 0.2;
show search_path;
set search_path = public;
show search_path;
set search_path to myschema, public;
show search_path;
set search_path = default;
show search_path;
set application_name = 'quill-test';
show application_name;
reset application_name;
show application_name;
show statement_timeout;
set statement_timeout = '5s';
show statement_timeout;
set statement_timeout = '1500ms';
show statement_timeout;
set statement_timeout = 2000;
show statement_timeout;
set statement_timeout = '2min';
show statement_timeout;
reset statement_timeout;
show statement_timeout;
set statement_timeout = 'soon';
show standard_conforming_strings;
show client_encoding;
set client_encoding = 'UTF8';
show client_encoding;
show server_encoding;
show integer_datetimes;
show intervalstyle;
set timezone = 'UTC';
show timezone;
show transaction_isolation;
show is_superuser;
show lc_collate;
show max_identifier_length;
set search_path = '';
show search_path;
set search_path to default;
set datestyle = iso, dmy;
show datestyle;
set datestyle to default;
show datestyle;
set extra_float_digits to default;
show extra_float_digits;
set statement_timeout = '60s';
show statement_timeout;
set statement_timeout = '90s';
show statement_timeout;
set statement_timeout = '0.5s';
show statement_timeout;
set statement_timeout = '1h';
show statement_timeout;
set statement_timeout = -1;
reset all;
show statement_timeout;
set no_such_setting = 1;
show no_such_setting;
reset no_such_setting;
set server_version = '16';
set server_encoding = 'LATIN1';
set extra_float_digits = 'many';
set extra_float_digits = 10;
set datestyle = 'nonsense';
set standard_conforming_strings = maybe;
set session datestyle = 'ISO';
set local datestyle = 'ISO';
show datestyle;

-- transactions
begin;
select 1;
commit;
begin;
select 2;
rollback;
commit;
rollback;
begin;
begin;
commit;
start transaction;
select 1 / 0;
select 1;
commit;
begin;
select 'abc'::int;
rollback;
select 'after rollback';
begin;
set datestyle = 'ISO, DMY';
show datestyle;
rollback;
show datestyle;
begin;
set datestyle = 'ISO, DMY';
commit;
show datestyle;
reset datestyle;
begin;
set local extra_float_digits = 0;
select 0.1::float8 + 0.2;
commit;
select 0.1::float8 + 0.2;
begin;
set application_name = 'in-tx';
select 1 / 0;
rollback;
show application_name;
end;
abort;

-- several statements in one query string (one simple Query message)
select 1 \; select 2 \; select 3;
select 1 as a \; select 1 / 0 \; select 3 as c;
set datestyle = 'ISO, DMY' \; show datestyle \; reset datestyle;
begin \; select 1 \; commit;
select 'x' \; begin \; select 1 / 0 \; select 2;
show datestyle;
rollback;
select 'before' \; commit \; select 'after';

-- errors
selec 1;
select 1 +;
select no_such_column;
select no_such_function(1);
select 1 + 'abc';
select 'a' + 1;
select true + 1;
select -true;
select not 1;
select 1 and true;
select 1 = 'x';
select 1 || 2;
select 1,;
select 1 1;
select "NoSuchCol";
select nosuchtable.col;
select -'abc';
select 'abc' > 1;
