#!/usr/bin/env bash
# What `paddock watch` holds in memory for a farm of many instances: a private PostgreSQL, a farm of
# N instances played in SQL (every instance heartbeats each second, a task a second is delivered to
# every other instance and processed the next second, a probe of each storage from a hundred
# instances), and `paddock watch` reading it; its resident memory every 10 seconds.
#
#   bench/watch-memory.sh PADDOCK INSTANCES SECONDS
#
# Run by scripts/bench --only watch, with the cluster functions of scripts/lib/pgcluster.sh loaded
# and a cluster started (PGHOST, PGPORT, PGUSER set).
set -euo pipefail

paddock=$1
instances=$2
seconds=$3
database=paddock_watch_memory

psql_q() {
    psql -X -q -v ON_ERROR_STOP=1 -d "$database" "$@"
}

PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
"$paddock" schema install --connect "dbname=$database" >/dev/null
psql_q -c "SELECT count(webfarm.register_server('web-' || lpad(g::text, 5, '0'), NULL, NULL,
               'zone-' || lpad((g % 20)::text, 2, '0'), '13.0')) FROM generate_series(1, $instances) g" >/dev/null
psql_q -c "SELECT webfarm.register_storage(s, 'azure-blob', s) FROM unnest(ARRAY['media', 'attachments', 'exports']) s" \
    >/dev/null

# One farm second in one statement each; a second that takes longer than a second is simply late.
farm_second() {
    psql_q <<'SQL' >/dev/null
SELECT count(webfarm.complete_task(server_id, task_id)) FROM webfarm.server_task WHERE processed_at IS NULL;
SELECT count(webfarm.heartbeat(id, clock_timestamp())) FROM webfarm.server WHERE stopped_at IS NULL;
SELECT webfarm.create_task(1, 'REMOVE_CACHE_ITEM', 'page:' || (random() * 1000)::int);
SELECT count(webfarm.report_storage_probe(id, s, true, 5 + random() * 20))
  FROM webfarm.server, unnest(ARRAY['media', 'attachments', 'exports']) s WHERE id % (SELECT greatest(1, count(*) / 100) FROM webfarm.server) = 0;
SQL
}

farm_second # the first deliveries and heartbeats before the watch starts
(
    end=$((SECONDS + seconds + 5))
    while [ "$SECONDS" -lt "$end" ]; do
        started=$SECONDS
        farm_second
        if [ "$SECONDS" -eq "$started" ]; then
            sleep 1 # pacing the farm's clock, not waiting for a result
        fi
    done
) &
farm=$!

"$paddock" watch --connect "dbname=$database" >/dev/null 2>&1 &
watch=$!
cleanup() {
    kill "$watch" "$farm" 2>/dev/null || true
    wait "$watch" "$farm" 2>/dev/null || true
}
trap cleanup EXIT

printf '%9s%14s%10s\n' seconds 'resident MB' 'peak MB'
for ((elapsed = 10; elapsed <= seconds; elapsed += 10)); do
    sleep 10 # sampling once every ten seconds
    if ! kill -0 "$watch" 2>/dev/null; then
        echo "watch-memory: paddock watch exited early" >&2
        exit 1
    fi
    awk -v t="$elapsed" '/^VmRSS:/ { rss = $2 } /^VmHWM:/ { peak = $2 }
        END { printf "%9d%14.0f%10.0f\n", t, rss / 1024, peak / 1024 }' "/proc/$watch/status"
done
deliveries=$(psql_q -At -c "SELECT count(*) FROM webfarm.server_task WHERE processed_at IS NOT NULL")
echo "($instances instances, $deliveries deliveries processed during the run)"
