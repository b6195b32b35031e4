#!/usr/bin/env bash
# COPY FROM STDIN against PostgreSQL 15, at random: copy_fuzz.py sends both servers the
# same random COPYs (options, data and CopyData cuts from a fixed seed) and requires the
# same answers (errors with their CONTEXT lines included) and the same rows afterwards.
# COPY_FUZZ_CASES and COPY_FUZZ_SEED change the run (e.g. a long one with another seed).
set -euo pipefail
# shellcheck source=tests/client/lib.sh
source "$(dirname "$0")/lib.sh"

# The fuzzer speaks the protocol by hand: no SCRAM, so trust on both servers.
start_quilld --auth trust

pg_port=$(free_port)
pg_dir=$("$SOURCE_ROOT/scripts/scratch-postgres" start "$pg_port")
on_exit "\"$SOURCE_ROOT/scripts/scratch-postgres\" stop '$pg_dir'"
log "scratch PostgreSQL on 127.0.0.1:$pg_port ($pg_dir)"

cases=${COPY_FUZZ_CASES:-600}
seed=${COPY_FUZZ_SEED:-20260101}
timeout 240 python3 "$SOURCE_ROOT/tests/client/copy_fuzz.py" "$pg_port" "$QUILL_PORT" "$cases" "$seed" ||
  fail "COPY answers differ from PostgreSQL's (seed $seed, cases above)"
kill -0 "$QUILL_PID" 2>/dev/null || fail "quilld died during the COPY cases"
log "$cases random COPY cases match PostgreSQL"
