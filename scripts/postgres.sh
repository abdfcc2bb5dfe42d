#!/usr/bin/env bash
# Run a command beside a throwaway PostgreSQL: `scripts/postgres.sh COMMAND [ARGS...]`.
# Starts a fresh server in a temp dir on a free port of 127.0.0.1, exports
#   TEST_DATABASE_URL=postgresql://tutor@127.0.0.1:PORT/postgres   (and TEST_POSTGRES_DIR, its folder, which the script's own tests read)
# runs the command, then stops the server and deletes the folder, even when the command fails or is
# interrupted. Exits with the command's status. Without PostgreSQL the command runs alone (its tests
# skip), except under CI=true, which needs it. A TEST_DATABASE_URL already set is used as it is.
# PG_BIN=/path/to/bin picks the server binaries; otherwise the newest /usr/lib/postgresql/*/bin.
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: scripts/postgres.sh COMMAND [ARGS...]" >&2
    exit 2
fi

in_ci() { case "${CI:-}" in [Tt][Rr][Uu][Ee] | 1) return 0 ;; *) return 1 ;; esac; }

# Locally a missing server only skips tests; in CI it would hide the PostgreSQL half, so it fails.
without_postgres() {
    local why=$1
    shift
    if in_ci; then
        echo "error: CI needs PostgreSQL for the tests, but $why" >&2
        exit 1
    fi
    echo "note: running without PostgreSQL, so its tests will be skipped: $why" >&2
    exec "$@"
}

find_bin() {
    if [ -n "${PG_BIN:-}" ]; then
        echo "$PG_BIN"
        return
    fi
    local newest
    newest=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$newest" ]; then
        echo "$newest"
    elif command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
    fi
}

if [ -n "${TEST_DATABASE_URL:-}" ]; then
    exec "$@"
fi

bin=$(find_bin)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || [ ! -x "$bin/postgres" ] || [ ! -x "$bin/pg_isready" ]; then
    without_postgres "no PostgreSQL server was found (install the postgresql package, or set PG_BIN)" "$@"
fi

# initdb and postgres refuse to run as root, so root runs them as the postgres system user.
as_owner=()
if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1 || ! command -v runuser >/dev/null 2>&1; then
        without_postgres "running as root needs the postgres system user and runuser" "$@"
    fi
    as_owner=(runuser -u postgres --)
fi

if [ ${#as_owner[@]} -gt 0 ]; then
    # /tmp, not $TMPDIR: the postgres user must be able to reach the folder.
    dir=$(mktemp -d /tmp/tutor-pg.XXXXXX)
    chown postgres: "$dir"
else
    dir=$(mktemp -d "${TMPDIR:-/tmp}/tutor-pg.XXXXXX")
fi

# The server runs as this script's own child, not daemonised by pg_ctl: an orphaned postmaster is
# left a zombie where init does not reap, and this way `wait` reaps it. Its own session keeps a
# Ctrl+C meant for the command from reaching it.
detach=()
if command -v setsid >/dev/null 2>&1; then
    detach=(setsid -w)
fi
server=
halt() {
    if [ -n "$server" ]; then
        # SIGINT to the postmaster itself (under root, $server is runuser) is PostgreSQL's fast
        # shutdown: clients are disconnected, nothing is waited for.
        kill -INT "$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null)" 2>/dev/null ||
            kill -INT "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
        server=
    fi
}
stop() {
    halt
    rm -rf "$dir"
}
trap stop EXIT
# A plain exit from these signals still runs the EXIT trap; bash waits for the command to end first.
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# -N and fsync=off trade crash safety for speed: right for a cluster deleted at exit, never for a host.
if ! "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U tutor --auth=trust -E UTF8 --locale=C.UTF-8 -N \
    >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    stop
    trap - EXIT
    without_postgres "initdb failed (its output is above)" "$@"
fi

# Start on a random port; if it was taken (the server then exits at once), try another.
ready() { "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -U tutor; }
for _ in 1 2 3 4 5; do
    port=$((15000 + RANDOM % 15000))
    "${detach[@]}" "${as_owner[@]}" "$bin/postgres" -D "$dir/data" -c listen_addresses=127.0.0.1 \
        -p "$port" -k "$dir" -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
        >>"$dir/server.log" 2>&1 </dev/null &
    server=$!
    for _ in $(seq 500); do
        if ready || ! kill -0 "$server" 2>/dev/null; then
            break
        fi
        sleep 0.02
    done
    if ready; then
        break
    fi
    halt
done
if [ -z "$server" ]; then
    tail -n 20 "$dir/server.log" >&2
    stop
    trap - EXIT
    without_postgres "the server did not start (its log is above)" "$@"
fi

export TEST_DATABASE_URL="postgresql://tutor@127.0.0.1:$port/postgres"
export TEST_POSTGRES_DIR="$dir"
status=0
"$@" || status=$?
exit "$status"
