# The farm benchmark: what the schema's monitoring machinery (change tracking, triggers,
# notifications) costs the instances' own writes (DESIGN.md section 5: at most 5 %), measured with
# pgbench against the same schema with and without it. Sourced by scripts/bench.
#
#   paddock_farm_bench PADDOCK SECONDS ROUNDS INSTANCES
#
# Needs a running private cluster (paddock_pg_start: PG* environment, a superuser). Creates two
# databases in it: paddock_farm_with (the real installer) and paddock_farm_without (the same install,
# then bench/farm/without-monitoring.sql). Each round runs both, in alternating order, after the same
# reset; prints tasks/s per round, the medians and the overhead.

PADDOCK_FARM_BUDGET_PERCENT=5

paddock_farm_psql() {
    local database=$1
    shift
    "$PADDOCK_PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -d "$database" "$@"
}

# The pgbench script for INSTANCES instances, from the template: the marked line once per other instance.
paddock_farm_write_script() {
    local template=$1 instances=$2 script=$3
    awk -v repeat=$((instances - 1)) '
        /^[[:space:]]*--/ { next }
        /-- @repeat instances-1[[:space:]]*$/ {
            sub(/[[:space:]]*-- @repeat instances-1[[:space:]]*$/, "")
            for (i = 0; i < repeat; i++) print
            marked = 1
            next
        }
        { print }
        END { if (!marked) exit 3 }
    ' "$template" >"$script" || {
        echo "scripts/bench: $template has no line marked '-- @repeat instances-1'" >&2
        return 1
    }
}

# A database of the farm: installed, optionally stripped of its monitoring, with INSTANCES servers and
# one storage registered. Prints the id of web-1 (the servers' ids are consecutive from it).
paddock_farm_create_db() {
    local paddock=$1 database=$2 instances=$3 strip=$4 log=$5
    paddock_farm_psql postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database" \
        >>"$log" 2>&1 || { cat "$log" >&2; echo "scripts/bench: cannot create database $database" >&2; return 1; }
    "$paddock" schema install --connect "dbname=$database" >>"$log" 2>&1 || {
        cat "$log" >&2
        echo "scripts/bench: paddock schema install failed on $database" >&2
        return 1
    }
    if [ -n "$strip" ]; then
        paddock_farm_psql "$database" <"$strip" 2>"$log.notices" || {
            cat "$log.notices" >&2
            echo "scripts/bench: $strip failed on $database" >&2
            return 1
        }
        sed -n "s/^NOTICE: *without monitoring: /farm: $database: /p" "$log.notices" >&2
    fi
    local first_id
    first_id=$(paddock_farm_psql "$database" -At -v instances="$instances" 2>>"$log" <<'SQL'
SELECT webfarm.register_server('web-' || g, NULL, NULL, 'zone-' || (g % 3), '1')
FROM generate_series(1, :instances) AS g \g /dev/null
SELECT webfarm.register_storage('media', 'local', '/srv/media') \g /dev/null
SELECT CASE WHEN max(id) - min(id) + 1 = count(*) AND count(*) = :instances THEN min(id) END
FROM webfarm.server WHERE name ~ '^web-[0-9]+$';
SQL
    ) || { cat "$log" >&2; echo "scripts/bench: cannot register the farm's servers in $database" >&2; return 1; }
    if ! [[ "$first_id" =~ ^[0-9]+$ ]]; then
        echo "scripts/bench: the servers web-1 .. web-$instances of $database do not have consecutive ids" >&2
        return 1
    fi
    echo "$first_id"
}

# Both variants start equal: empty history, nothing dirty in shared buffers.
paddock_farm_reset() {
    local database=$1 log=$2
    paddock_farm_psql "$database" -c "SET client_min_messages = warning" \
        -c "TRUNCATE webfarm.server_task, webfarm.task, webfarm.heartbeat, webfarm.storage_probe, webfarm.server_log CASCADE" \
        -c "CHECKPOINT" >"$log" 2>&1 || {
        cat "$log" >&2
        echo "scripts/bench: cannot reset the history of $database" >&2
        return 1
    }
}

# One pgbench run; prints tasks/s (pgbench's tps without the initial connection time) and the
# deliveries left pending at the end.
paddock_farm_run() {
    local database=$1 first_id=$2 script=$3 seconds=$4 instances=$5 log=$6
    paddock_farm_reset "$database" "$log" || return 1
    if ! "$PADDOCK_PG_BINDIR/pgbench" -n -c "$instances" -j 2 -T "$seconds" -D first_id="$first_id" \
        -f "$script" "$database" >"$log" 2>&1; then
        cat "$log" >&2
        echo "scripts/bench: pgbench failed on $database (log above)" >&2
        return 1
    fi
    local tps
    tps=$(sed -n -E 's/^tps = ([0-9.]+) \((without initial connection time|excluding connections establishing)\).*/\1/p' "$log" | head -1)
    if [ -z "$tps" ]; then
        cat "$log" >&2
        echo "scripts/bench: no tps in pgbench's output for $database" >&2
        return 1
    fi
    # The instances did their work. Each completes as many deliveries per task it creates as it
    # receives, so the backlog drifts (an instance that falls behind fetches from a longer queue);
    # a run that completed fewer than half its deliveries measured something else than the farm.
    local check
    check=$(paddock_farm_psql "$database" -At -c \
        "SELECT count(*) FILTER (WHERE processed_at IS NULL) || ' ' || count(*) FROM webfarm.server_task") || {
        echo "scripts/bench: cannot count the deliveries of $database" >&2
        return 1
    }
    local pending=${check% *} created=${check#* }
    if [ "$created" -eq 0 ] || [ $((pending * 2)) -gt "$created" ]; then
        echo "farm: warning: $database left $pending of the $created deliveries of its run pending" >&2
    fi
    echo "$tps $pending"
}

paddock_farm_median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# (1 - with / without) * 100, one decimal.
paddock_farm_overhead() {
    awk -v wo="$1" -v w="$2" 'BEGIN { printf "%.1f\n", (1 - w / wo) * 100 }'
}

paddock_farm_bench() {
    local paddock=$1 seconds=$2 rounds=$3 instances=$4
    local template=bench/farm/instance.pgbench strip=bench/farm/without-monitoring.sql
    local pgbench="$PADDOCK_PG_BINDIR/pgbench"
    if [ ! -x "$pgbench" ]; then
        echo "scripts/bench: no pgbench at $pgbench (package postgresql-client or postgresql-contrib)" >&2
        return 1
    fi
    if [ ! -x "$paddock" ]; then
        echo "scripts/bench: no paddock executable at $paddock" >&2
        return 1
    fi
    local work="$PADDOCK_PG_DIR/farm"
    mkdir -p "$work"
    local script="$work/instance-$instances.pgbench"
    paddock_farm_write_script "$template" "$instances" "$script" || return 1

    local with_first without_first
    with_first=$(paddock_farm_create_db "$paddock" paddock_farm_with "$instances" "" "$work/with.log") || return 1
    without_first=$(paddock_farm_create_db "$paddock" paddock_farm_without "$instances" "$strip" "$work/without.log") \
        || return 1

    echo "farm: $instances instances (pgbench -c $instances -j 2), ${seconds} s per run, rounds: $rounds;" \
        "one transaction = 1 task created, $((instances - 1)) deliveries completed, 1 heartbeat"
    printf '%-6s %-13s %15s %15s %9s   %s\n' round order "tasks/s without" "tasks/s with" overhead \
        "pending at the end (without/with)"
    local with_tps=() without_tps=() overheads=() round order w wo
    for round in $(seq 1 "$rounds"); do
        if [ $((round % 2)) -eq 1 ]; then
            order="without,with"
            wo=$(paddock_farm_run paddock_farm_without "$without_first" "$script" "$seconds" "$instances" "$work/round-$round-without.log") || return 1
            w=$(paddock_farm_run paddock_farm_with "$with_first" "$script" "$seconds" "$instances" "$work/round-$round-with.log") || return 1
        else
            order="with,without"
            w=$(paddock_farm_run paddock_farm_with "$with_first" "$script" "$seconds" "$instances" "$work/round-$round-with.log") || return 1
            wo=$(paddock_farm_run paddock_farm_without "$without_first" "$script" "$seconds" "$instances" "$work/round-$round-without.log") || return 1
        fi
        without_tps+=("${wo% *}")
        with_tps+=("${w% *}")
        overheads+=("$(paddock_farm_overhead "${wo% *}" "${w% *}")")
        printf '%-6s %-13s %15.1f %15.1f %7.1f %%   %s/%s\n' "$round" "$order" "${wo% *}" "${w% *}" "${overheads[-1]}" \
            "${wo#* }" "${w#* }"
    done
    local median_without median_with overhead
    median_without=$(paddock_farm_median "${without_tps[@]}")
    median_with=$(paddock_farm_median "${with_tps[@]}")
    overhead=$(paddock_farm_overhead "$median_without" "$median_with")
    printf '%-6s %-13s %15.1f %15.1f %7.1f %%\n' median "" "$median_without" "$median_with" "$overhead"
    awk -v overhead="$overhead" -v budget="$PADDOCK_FARM_BUDGET_PERCENT" 'BEGIN {
        printf "overhead of the monitoring machinery: %.1f %% of the farm'"'"'s write throughput (1 - with/without, medians)\n", overhead
        if (overhead <= budget)
            printf "within the %d %% budget (DESIGN.md section 5)\n", budget
        else
            printf "OVER the %d %% budget (DESIGN.md section 5)\n", budget
    }'
    # Rounds that disagree by more than the budget say more about the machine than about the schema.
    printf '%s\n' "${overheads[@]}" | sort -g | awk -v budget="$PADDOCK_FARM_BUDGET_PERCENT" '
        { v[NR] = $1 }
        END {
            if (NR > 1 && v[NR] - v[1] > budget)
                printf "note: the rounds'"'"' overheads range from %.1f to %.1f %%, wider than the budget: the machine is noisy; " \
                    "rerun it idle, or with more or longer rounds\n", v[1], v[NR]
        }'
}
