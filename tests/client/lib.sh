# shellcheck shell=bash
# Shared helpers for the client tests (sourced, not run). Each test starts its own quilld
# on a free port with a temporary data dir, and stops it with SIGTERM on exit, failing the
# test if quilld does not exit 0 (a crash, a sanitizer report or a leak is a failure).
#
# Environment (set by tests/client/meson.build): QUILLD (the binary), SOURCE_ROOT.
# After start_quilld: QUILL_PORT, QUILL_PID, QUILL_LOG (its stderr), and PGHOST/PGPORT/
# PGUSER/PGPASSWORD/PGDATABASE exported so that psql and pgbench reach this server.
# start_quilld again (after stop_quilld) reopens the same data dir on a new port.

set -euo pipefail

: "${QUILLD:?QUILLD must point at the quilld binary}"
: "${SOURCE_ROOT:?SOURCE_ROOT must point at the source tree}"

QUILL_TEST_PASSWORD=${QUILL_TEST_PASSWORD:-quill-test-pw}
READY_TIMEOUT=${READY_TIMEOUT:-30}     # seconds to wait for quilld to accept connections
STOP_TIMEOUT=${STOP_TIMEOUT:-30}       # seconds to wait for quilld to exit after SIGTERM
SHOW_QUILL_LOG_ON_FAILURE=1            # a failing test prints the end of quilld's log

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/quill-client-test.XXXXXX")
QUILL_PID=
_starts=0
_cleanups=()

# Psql and pgbench must never read the user's ~/.psqlrc, ~/.pgpass or service files.
export PGSERVICEFILE=/dev/null PGPASSFILE=/dev/null PSQLRC=/dev/null
unset PGSERVICE PGOPTIONS PGSSLMODE PGCONNECT_TIMEOUT 2>/dev/null || true
export PGCONNECT_TIMEOUT=10

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# Run "$@" when the test exits (last registered, first run).
on_exit() { _cleanups+=("$*"); }

# A TCP port that is free on 127.0.0.1 right now.
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  fail "no free port found"
}

# start_quilld [extra quilld args...]: start quilld in the background and wait until it
# accepts connections (bounded by READY_TIMEOUT).
start_quilld() {
  QUILL_PORT=$(free_port)
  _starts=$((_starts + 1))
  QUILL_LOG=$TEST_TMP/quilld.$_starts.log
  QUILLDB_PASSWORD=$QUILL_TEST_PASSWORD "$QUILLD" --listen 127.0.0.1 --port "$QUILL_PORT" \
    --data-dir "$TEST_TMP/data" "$@" 2>"$QUILL_LOG" &
  QUILL_PID=$!
  export PGHOST=127.0.0.1 PGPORT=$QUILL_PORT PGUSER=postgres PGDATABASE=postgres
  export PGPASSWORD=$QUILL_TEST_PASSWORD
  local deadline=$((SECONDS + READY_TIMEOUT))
  until pg_isready -q -h 127.0.0.1 -p "$QUILL_PORT" -t 2; do
    if ! kill -0 "$QUILL_PID" 2>/dev/null; then
      local rc=0
      wait "$QUILL_PID" || rc=$?
      QUILL_PID=
      cat "$QUILL_LOG" >&2
      fail "quilld exited with status $rc before accepting connections"
    fi
    if ((SECONDS >= deadline)); then
      cat "$QUILL_LOG" >&2
      fail "quilld did not accept connections on port $QUILL_PORT within ${READY_TIMEOUT}s"
    fi
    sleep 0.1
  done
  log "quilld pid $QUILL_PID listening on 127.0.0.1:$QUILL_PORT (data $TEST_TMP/data)"
}

# SIGTERM quilld and wait (bounded) for it; returns its exit status (0 = clean shutdown).
stop_quilld() {
  [[ -n "$QUILL_PID" ]] || return 0
  local pid=$QUILL_PID rc=0
  QUILL_PID=
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "quilld (pid $pid) still running ${STOP_TIMEOUT}s after SIGTERM: sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      return 124
    fi
    sleep 0.1
  done
  wait "$pid" || rc=$?
  return "$rc"
}

_lib_exit() {
  local rc=$? stop_rc=0
  set +e
  for ((i = ${#_cleanups[@]} - 1; i >= 0; i--)); do
    eval "${_cleanups[i]}"
  done
  if [[ -n "$QUILL_PID" ]]; then
    stop_quilld
    stop_rc=$?
    if ((stop_rc != 0)); then
      echo "FAIL: quilld did not shut down cleanly on SIGTERM (exit status $stop_rc)" >&2
      ((rc == 0)) && rc=1
    fi
  fi
  if ((rc != 0)) && [[ -f "${QUILL_LOG:-}" ]] && ((SHOW_QUILL_LOG_ON_FAILURE || stop_rc != 0)); then
    echo "----- quilld log ($QUILL_LOG), last 60 lines -----" >&2
    tail -n 60 "$QUILL_LOG" >&2
    echo "-----" >&2
  fi
  rm -rf -- "$TEST_TMP"
  exit "$rc"
}
trap _lib_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# assert_eq WHAT EXPECTED ACTUAL: fail with a diff when they differ.
assert_eq() {
  local what=$1 expected=$2 actual=$3
  if [[ "$expected" != "$actual" ]]; then
    echo "FAIL: $what" >&2
    diff -u <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") \
      --label expected --label actual >&2 || true
    exit 1
  fi
}

# assert_file_eq WHAT EXPECTED_FILE ACTUAL_FILE
assert_file_eq() {
  local what=$1 expected=$2 actual=$3
  if ! diff -u --label "expected ($expected)" --label actual "$expected" "$actual" >&2; then
    fail "$what: output differs from $expected (diff above)"
  fi
}
