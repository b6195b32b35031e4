-- Roles: what QuillDB does exactly as PostgreSQL 15 does. The suite runs as the
-- superuser (a system role); dba-like roles are made with CREATEROLE, which both read the
-- same way. Role kinds, logins and the shared-table rule are in tests/integration/test_roles.c.

-- creating, and the errors on the way
CREATE ROLE rl_plain;
CREATE ROLE rl_plain;
CREATE USER rl_user WITH PASSWORD 'secret';
CREATE ROLE rl_login LOGIN PASSWORD 'secret';
CREATE USER rl_empty PASSWORD '';
CREATE ROLE rl_null LOGIN PASSWORD NULL;
CREATE ROLE rl_verifier LOGIN PASSWORD 'SCRAM-SHA-256$4096:c2FsdHNhbHRzYWx0c2FsdA==$4vjHr8vPR1k6d4ZxXmYTbXlVC4yxbW1tTW6ae6nGZ3U=:pTjBnOn3x2kOR2JqjTG8rd4qdYf7xS3mt0NJ8SQCPm0=';
CREATE ROLE rl_sysid SYSID 42;
CREATE ROLE rl_twice PASSWORD 'a' PASSWORD 'b';
CREATE ROLE rl_twice LOGIN NOLOGIN;
CREATE ROLE rl_twice ENCRYPTED PASSWORD 'a' PASSWORD 'b';
CREATE ROLE pg_rl;
CREATE ROLE public;
CREATE ROLE "none";
CREATE USER current_user;
CREATE ROLE rl_x UNENCRYPTED PASSWORD 'x';
CREATE ROLE rl_defaults NOSUPERUSER NOCREATEDB NOREPLICATION NOBYPASSRLS INHERIT NOCREATEROLE;
CREATE ROLE rl_admin CREATEROLE;
CREATE ROLE rl_super SUPERUSER;

-- altering
ALTER ROLE rl_plain PASSWORD 'other';
ALTER USER rl_plain WITH ENCRYPTED PASSWORD 'other' LOGIN;
ALTER ROLE rl_plain NOLOGIN;
ALTER ROLE rl_plain;
ALTER ROLE rl_nobody PASSWORD 'x';
ALTER ROLE rl_plain PASSWORD 'a' PASSWORD 'b';
ALTER ROLE rl_plain SYSID 3;

-- SET ROLE, RESET ROLE, SHOW role, current_user and session_user
SHOW role;
SET ROLE rl_nobody;
SET ROLE rl_plain;
SHOW role;
SELECT current_user, session_user, current_role;
SHOW is_superuser;
SET ROLE NONE;
SHOW role;
SELECT current_user, session_user;
SHOW is_superuser;
SET ROLE rl_plain;
RESET ROLE;
SHOW role;
SET ROLE rl_plain;
SET role TO DEFAULT;
SELECT current_user;
SET ROLE 'rl_plain';
SELECT current_user;
RESET ALL;
SHOW role;
RESET ROLE;
BEGIN;
SET ROLE rl_plain;
SELECT current_user;
ROLLBACK;
SELECT current_user;
BEGIN;
SET LOCAL ROLE rl_plain;
SELECT current_user;
COMMIT;
SELECT current_user;
BEGIN;
SET ROLE rl_plain;
COMMIT;
SELECT current_user;
RESET ROLE;

-- a role that may not manage roles
SET ROLE rl_plain;
CREATE ROLE rl_new;
CREATE USER rl_new;
CREATE ROLE rl_new SUPERUSER;
DROP ROLE rl_login;
DROP ROLE IF EXISTS rl_nobody;
ALTER ROLE rl_login PASSWORD 'x';
ALTER ROLE rl_nobody PASSWORD 'x';
ALTER ROLE rl_plain PASSWORD 'mine';
ALTER ROLE CURRENT_USER PASSWORD 'mine';
ALTER ROLE rl_plain LOGIN PASSWORD 'mine';
ALTER ROLE rl_plain LOGIN;
ALTER ROLE rl_plain;
ALTER ROLE rl_super PASSWORD 'x';
SET ROLE rl_login;
SELECT current_user, session_user;
RESET ROLE;

-- a role that manages roles (PostgreSQL's CREATEROLE, QuillDB's dba)
SET ROLE rl_admin;
CREATE ROLE rl_made;
CREATE ROLE rl_made_super SUPERUSER;
ALTER ROLE rl_made PASSWORD 'x';
ALTER ROLE rl_made CREATEROLE;
ALTER ROLE rl_made NOCREATEROLE;
ALTER ROLE rl_made SUPERUSER;
ALTER ROLE rl_super PASSWORD 'x';
ALTER ROLE postgres PASSWORD 'x';
DROP ROLE rl_super;
DROP ROLE rl_admin;
DROP ROLE postgres;
DROP ROLE rl_made;
RESET ROLE;

-- dropping
DROP ROLE rl_nobody;
DROP ROLE IF EXISTS rl_nobody, rl_nobody2;
DROP ROLE CURRENT_USER;
DROP USER SESSION_USER;
DROP ROLE postgres;
DROP ROLE rl_empty, rl_empty;
DROP ROLE rl_empty, rl_nobody;
DROP ROLE IF EXISTS rl_empty, rl_empty;

-- objects other roles own
CREATE TABLE rl_table (a int);
CREATE SEQUENCE rl_sequence;
SET ROLE rl_plain;
DROP TABLE rl_table;
ALTER TABLE rl_table ADD COLUMN b int;
ALTER TABLE rl_table RENAME TO rl_renamed;
TRUNCATE rl_table;
DROP SEQUENCE rl_sequence;
DROP TABLE IF EXISTS rl_missing, rl_table;
RESET ROLE;
DROP TABLE rl_table;
DROP SEQUENCE rl_sequence;

-- a role that still owns something cannot be dropped
SET ROLE rl_super;
CREATE TABLE rl_owned (a int);
CREATE TABLE rl_owned_too (a int);
RESET ROLE;
DROP ROLE rl_super;
DROP TABLE rl_owned;
DROP ROLE rl_super;
DROP TABLE rl_owned_too;
DROP ROLE rl_super;

-- PostgreSQL's password setting
SHOW password_encryption;
SET password_encryption = 'scram-sha-256';
SET password_encryption = 'sha1';

DROP ROLE rl_plain, rl_user, rl_login, rl_null, rl_verifier, rl_sysid, rl_defaults, rl_admin;
