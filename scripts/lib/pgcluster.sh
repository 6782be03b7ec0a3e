# A private, throw-away PostgreSQL cluster on 127.0.0.1 and a free port. Sourced by the entry scripts.
# After paddock_pg_start: PGHOST, PGPORT, PGUSER and PGDATABASE point at it (trust authentication,
# superuser "postgres"; PADDOCK_PG_EXTRA_CONF, when set, is added to its configuration); paddock_pg_stop stops it and removes its directory. paddock_pg_start_standby
# adds a streaming hot standby of it (pg_basebackup -R) on another free port: PADDOCK_STANDBY_PORT.

paddock_pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    if [ -z "$dir" ]; then
        echo "paddock: no PostgreSQL server found under /usr/lib/postgresql" >&2
        return 1
    fi
    echo "$dir"
}

paddock_free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "paddock: no free port found" >&2
    return 1
}

# Runs a command as the cluster's owner: PostgreSQL refuses to run as root.
paddock_pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

paddock_pg_start() {
    local bindir port
    bindir=$(paddock_pg_bindir) || return 1
    port=$(paddock_free_port) || return 1
    PADDOCK_PG_DIR=$(mktemp -d -t paddock-pg.XXXXXX)
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$PADDOCK_PG_DIR"
    fi
    paddock_pg_as_owner "$bindir/initdb" -D "$PADDOCK_PG_DIR/data" -U postgres -A trust -E UTF8 --no-sync \
        >"$PADDOCK_PG_DIR/initdb.log" 2>&1 || { cat "$PADDOCK_PG_DIR/initdb.log" >&2; return 1; }
    # In the configuration rather than on the command line, so that tests may stop and start it again.
    cat >>"$PADDOCK_PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$PADDOCK_PG_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
${PADDOCK_PG_EXTRA_CONF:-}
CONF
    paddock_pg_as_owner "$bindir/pg_ctl" -D "$PADDOCK_PG_DIR/data" -l "$PADDOCK_PG_DIR/server.log" -w -t 60 \
        start >/dev/null || { cat "$PADDOCK_PG_DIR/server.log" >&2; return 1; }
    export PADDOCK_PG_DIR PADDOCK_PG_BINDIR="$bindir"
    export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres
    echo "paddock: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($PADDOCK_PG_DIR)" >&2
}

paddock_pg_start_standby() {
    local port dir="$PADDOCK_PG_DIR/standby"
    port=$(paddock_free_port) || return 1
    paddock_pg_as_owner "$PADDOCK_PG_BINDIR/pg_basebackup" -h 127.0.0.1 -p "$PGPORT" -U postgres -D "$dir" -R \
        -X stream -C -S paddock_standby -c fast --no-sync >"$PADDOCK_PG_DIR/basebackup.log" 2>&1 \
        || { cat "$PADDOCK_PG_DIR/basebackup.log" >&2; return 1; }
    # A replication slot keeps the WAL the standby has not received, whatever the tests write. The
    # copied configuration names the primary's port: the later line wins.
    cat >>"$dir/postgresql.conf" <<CONF
port = $port
hot_standby = on
hot_standby_feedback = on
CONF
    paddock_pg_as_owner "$PADDOCK_PG_BINDIR/pg_ctl" -D "$dir" -l "$PADDOCK_PG_DIR/standby.log" -w -t 60 \
        start >/dev/null || { cat "$PADDOCK_PG_DIR/standby.log" >&2; return 1; }
    export PADDOCK_STANDBY_PORT=$port
    echo "paddock: hot standby on 127.0.0.1:$port" >&2
}

paddock_pg_stop() {
    if [ -n "${PADDOCK_PG_DIR:-}" ] && [ -d "$PADDOCK_PG_DIR/standby" ]; then
        paddock_pg_as_owner "$PADDOCK_PG_BINDIR/pg_ctl" -D "$PADDOCK_PG_DIR/standby" -m immediate -w stop \
            >/dev/null 2>&1 || true
    fi
    if [ -n "${PADDOCK_PG_DIR:-}" ] && [ -d "$PADDOCK_PG_DIR/data" ]; then
        paddock_pg_as_owner "$PADDOCK_PG_BINDIR/pg_ctl" -D "$PADDOCK_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$PADDOCK_PG_DIR"
    fi
    PADDOCK_PG_DIR=
}
