#!/bin/sh
# A throwaway PostgreSQL server for the tests: in a directory of its own, listening on
# 127.0.0.1 only, with trust authentication for loopback connections (no password; nothing
# but this machine can connect).
#
#   .ci/postgres.sh start DIR PORT   initialise DIR if needed, start the server on PORT, wait
#                                    until it accepts connections, and print its URL on stdout
#                                    (postgres://dossier@127.0.0.1:PORT/postgres);
#   .ci/postgres.sh DIR PORT         the same;
#   .ci/postgres.sh stop DIR         stop the server started in DIR (nothing if none runs);
#   .ci/postgres.sh url DIR PORT     print the URL only.
#
# Idempotent: starting a running server only prints its URL again; initdb runs only when DIR
# holds no cluster yet. initdb and the server refuse to run as root, so as root the cluster
# belongs to the `postgres` system user (created by the Debian package) and is run through
# runuser/su; otherwise it belongs to the current user.
#
# Use: export DOSSIER_TEST_POSTGRES="$(.ci/postgres.sh start /tmp/dossier-pg 55432)"
set -eu

usage() {
    echo "usage: $0 [start] DIR PORT | $0 stop DIR | $0 url DIR PORT" >&2
    exit 2
}

# The PostgreSQL binaries: PG_BIN if given, else the newest /usr/lib/postgresql/*/bin, else PATH.
find_bin() {
    if [ -n "${PG_BIN:-}" ]; then
        echo "$PG_BIN"
        return
    fi
    newest=""
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && newest="$d"
    done
    if [ -n "$newest" ]; then
        echo "$newest"
    else
        dirname "$(command -v initdb || echo /usr/bin/initdb)"
    fi
}

BIN="$(find_bin)"
ROLE=dossier

mode=start
case "${1:-}" in
    start | stop | url)
        mode="$1"
        shift
        ;;
esac
[ $# -ge 1 ] || usage
DIR="$1"
PORT="${2:-}"
[ "$mode" = stop ] || [ -n "$PORT" ] || usage
DATA="$DIR/data"
LOG="$DIR/server.log"

url() {
    echo "postgres://$ROLE@127.0.0.1:$1/postgres"
}

# Runs a command as the cluster's owner: ourselves, or `postgres` when we are root.
as_owner() {
    if [ "$(id -u)" != 0 ]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u postgres -- "$@"
    else
        # su takes a command line: quote each argument for the shell.
        cmd=""
        for a in "$@"; do
            cmd="$cmd '$(printf %s "$a" | sed "s/'/'\\\\''/g")'"
        done
        su postgres -s /bin/sh -c "$cmd"
    fi
}

if [ "$mode" = url ]; then
    url "$PORT"
    exit 0
fi

if [ "$mode" = stop ]; then
    if [ -f "$DATA/postmaster.pid" ]; then
        as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
    fi
    exit 0
fi

mkdir -p "$DIR"
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || {
        echo "$0: running as root needs the 'postgres' system user (install the postgresql package)" >&2
        exit 1
    }
    chown postgres "$DIR"
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
    # The superuser is named after our role so that the URL needs no password and no
    # CREATE ROLE; UTF8 so that any article text can be stored.
    as_owner "$BIN/initdb" -D "$DATA" -U "$ROLE" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || {
        cat "$DIR/initdb.log" >&2
        exit 1
    }
fi

if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    # Loopback only, the socket in DIR (not /var/run/postgresql, which may not be writable),
    # and settings for a test server: fsync off trades crash safety of the test data for speed.
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || {
        cat "$LOG" >&2
        exit 1
    }
fi

# Wait until the server accepts connections on the port (pg_ctl -w waits for the socket; a
# TCP check makes sure it listens where the URL says).
i=0
until "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U "$ROLE"; do
    i=$((i + 1))
    if [ "$i" -ge 60 ]; then
        echo "$0: the server in $DIR does not answer on port $PORT" >&2
        cat "$LOG" >&2
        exit 1
    fi
    sleep 1
done
url "$PORT"
