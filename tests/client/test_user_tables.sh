#!/usr/bin/env bash
# User tables through psql: two users, each in their own psql sessions, write the same keys
# into one user table and one stream table (made in a namespace, through the dialect and
# through WITH (type = ...)); each reads back only their own rows, by qualified name, by
# search_path and after USE. The superuser sees neither until EXECUTE AS USER.
set -euo pipefail
# shellcheck source=tests/client/lib.sh
source "$(dirname "$0")/lib.sh"

start_quilld --auth scram

out=$(psql -X -At -c "CREATE USER alice PASSWORD 'alice-pw'" -c "CREATE USER bob PASSWORD 'bob-pw'" \
  -c "CREATE NAMESPACE chat" \
  -c "CREATE USER TABLE chat.messages (id int PRIMARY KEY, body text)" \
  -c "CREATE TABLE chat.typing (who text) WITH (type = 'stream', ttl_seconds = 600)")
assert_eq "setup" "CREATE ROLE
CREATE ROLE
CREATE SCHEMA
CREATE TABLE
CREATE TABLE" "$out"

# as USER PASSWORD: psql as that user (a new session every time)
as() {
  local user=$1 password=$2
  shift 2
  PGUSER=$user PGPASSWORD=$password psql -X -At "$@"
}

for who in alice bob; do
  out=$(as "$who" "$who-pw" -c "INSERT INTO chat.messages VALUES (1, '$who: hi'), (2, '$who: bye')" \
    -c "INSERT INTO chat.typing VALUES ('$who')")
  assert_eq "$who writes" "INSERT 0 2
INSERT 0 1" "$out"
done

out=$(as alice alice-pw -c "SELECT id, body FROM chat.messages ORDER BY id")
assert_eq "alice reads her rows by qualified name" "1|alice: hi
2|alice: bye" "$out"
out=$(PGOPTIONS="-c search_path=chat" as bob bob-pw -c "SELECT body FROM messages WHERE id = 2" \
  -c "SELECT who FROM typing")
assert_eq "bob reads his rows through search_path" "bob: bye
bob" "$out"
out=$(as bob bob-pw -c "USE chat; SELECT count(*), min(body) FROM messages; SELECT who FROM typing")
assert_eq "bob after USE" "SET
2|bob: bye
bob" "$out"
out=$(as alice alice-pw -c "UPDATE chat.messages SET body = 'edited' WHERE id = 1 RETURNING body")
assert_eq "alice updates her row only" "edited
UPDATE 1" "$out"
out=$(as bob bob-pw -c "SELECT body FROM chat.messages WHERE id = 1")
assert_eq "bob's row with the same key is untouched" "bob: hi" "$out"

out=$(psql -X -At -c "SELECT count(*) FROM chat.messages" \
  -c "EXECUTE AS USER 'alice' (SELECT body FROM chat.messages WHERE id = 1)" \
  -c "EXECUTE AS USER 'bob' (SELECT count(*) FROM chat.typing)")
assert_eq "the superuser: none of its own, theirs through EXECUTE AS USER" "0
edited
1" "$out"

rc=0
err=$(as alice alice-pw -c "EXECUTE AS USER 'bob' (SELECT 1)" 2>&1 >/dev/null) || rc=$?
assert_eq "a user cannot act as another: exit code" 1 "$rc"
assert_eq "a user cannot act as another" 'ERROR:  permission denied to execute as user "bob"
DETAIL:  A system role may execute as anyone, a dba as service and user roles.' "$err"

log "user table client tests passed"
