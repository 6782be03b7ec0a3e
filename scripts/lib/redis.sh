# A private, throw-away Redis server on 127.0.0.1 and a free port, beside the private PostgreSQL.
# Sourced by the entry scripts. After paddock_redis_start: PADDOCK_REDIS_URL (redis://127.0.0.1:PORT)
# points at it, PADDOCK_REDIS_PID is its process and PADDOCK_REDIS_DIR its directory (redis.log);
# paddock_redis_stop stops that process only and removes its directory. No password, no persistence.
# Root needs nothing special: unlike PostgreSQL, redis-server runs as any user.

if ! declare -F paddock_free_port >/dev/null; then
    source "$(dirname "${BASH_SOURCE[0]}")/pgcluster.sh"
fi

paddock_redis_start() {
    local server=/usr/bin/redis-server port dir pid
    if [ ! -x "$server" ] || ! command -v redis-cli >/dev/null; then
        echo "paddock: redis-server or redis-cli missing (apt-get install redis-server redis-tools)" >&2
        return 1
    fi
    port=$(paddock_free_port) || return 1
    dir=$(mktemp -d -t paddock-redis.XXXXXX)
    # In a session of its own, so that a Ctrl+C meant for the script (whose cleanup stops it) does
    # not reach it first.
    (cd "$dir" && exec setsid -w "$server" --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
        --daemonize no --dir "$dir" --logfile "$dir/redis.log" </dev/null >/dev/null 2>&1) &
    pid=$!
    export PADDOCK_REDIS_DIR=$dir PADDOCK_REDIS_PID=$pid
    local waited
    for waited in $(seq 1 100); do
        if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; then
            # The server's own word for its pid: setsid forks when it is a process group leader (under
            # job control), and then $! is setsid's, which waits (-w) for it.
            PADDOCK_REDIS_PID=$(redis-cli -h 127.0.0.1 -p "$port" info server | tr -d '\r' \
                | sed -n 's/^process_id://p')
            pid=$PADDOCK_REDIS_PID
            export PADDOCK_REDIS_URL=redis://127.0.0.1:$port
            echo "paddock: Redis $("$server" --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$port" \
                "(pid $pid, $dir)" >&2
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    echo "paddock: Redis did not start on 127.0.0.1:$port after ${waited}00 ms:" >&2
    cat "$dir/redis.log" >&2 2>/dev/null || true
    paddock_redis_stop
    return 1
}

paddock_redis_stop() {
    local pid=${PADDOCK_REDIS_PID:-}
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true # SIGTERM: Redis exits at once without --save
        local i
        for i in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    if [ -n "${PADDOCK_REDIS_DIR:-}" ] && [ -d "$PADDOCK_REDIS_DIR" ]; then
        rm -rf "$PADDOCK_REDIS_DIR"
    fi
    PADDOCK_REDIS_PID=
    PADDOCK_REDIS_DIR=
    unset PADDOCK_REDIS_URL
}
