-- Version 4: the history partitioned, with retention; a lighter footprint on the farm's writes.
--
-- Applied in steps (`-- step:` lines), each in its own short transaction under lock_timeout and
-- retried when a lock is busy (docs/upgrades.md), so that no step stops the farm's writes for more
-- than a moment. Every step can run again after a failure half-way.
--
-- 1. The five history tables become range-partitioned (docs/partitioning.md): heartbeat,
--    storage_probe and server_log by their time, one partition a day; task by id and server_task by
--    task_id, in the same id ranges, so that the keys of the contract stay as they are. The rows
--    already there stay where they are, as the first ("legacy") partition: a CHECK constraint
--    validated without blocking writes lets ATTACH PARTITION skip its scan.
-- 2. webfarm.maintain() creates the coming partitions and drops those wholly older than the
--    retention, never one that holds a pending delivery.
-- 3. (First, so that every later step keeps it.) The monitoring machinery costs the instances less: complete_task stamps the delivery itself
--    (the stamping trigger only runs for writers that bypass the functions), and the notification
--    gate is a sequence read in the trigger's WHEN clause instead of a row updated at every statement.

-- step: the partition registry and the functions that create partitions | lock: none (new objects)
CREATE TABLE IF NOT EXISTS webfarm.history_partition (
    parent text NOT NULL,
    name text PRIMARY KEY,
    lower_bound text, -- NULL: MINVALUE (the legacy partition)
    upper_bound text, -- NULL: the DEFAULT partition
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE IF NOT EXISTS webfarm.migration_state (
    key text PRIMARY KEY,
    value text NOT NULL
);

-- Creates webfarm.<parent>_<suffix> for [p_from, p_to) unless it exists; true when it was created.
CREATE OR REPLACE FUNCTION webfarm.create_history_partition(p_parent text, p_suffix text, p_from text, p_to text)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_name text := p_parent || '_' || p_suffix;
BEGIN
    IF to_regclass('webfarm.' || quote_ident(v_name)) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE webfarm.%I PARTITION OF webfarm.%I FOR VALUES FROM (%L) TO (%L)',
        v_name, p_parent, p_from, p_to);
    INSERT INTO webfarm.history_partition (parent, name, lower_bound, upper_bound)
    VALUES (p_parent, v_name, p_from, p_to) ON CONFLICT (name) DO NOTHING;
    RETURN true;
END;
$$;

-- Bounds the rows of webfarm.<p_table> that will make its legacy partition: CHECK (p_key <
-- p_bound) NOT VALID, a catalog change (new rows are checked, old ones later). Once.
CREATE OR REPLACE FUNCTION webfarm.bound_legacy_rows(p_table text, p_key text, p_bound text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = ('webfarm.' || quote_ident(p_table))::regclass) <> 'p'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = p_table || '_legacy_bound') THEN
        EXECUTE format('ALTER TABLE webfarm.%I ADD CONSTRAINT %I CHECK (%I < %L) NOT VALID', p_table,
            p_table || '_legacy_bound', p_key, p_bound);
    END IF;
END;
$$;

-- Validates the constraints of schema webfarm of these names that are not yet: SHARE UPDATE
-- EXCLUSIVE, so writes go on while every row is read.
CREATE OR REPLACE FUNCTION webfarm.validate_constraints(p_names text[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_constraint record;
BEGIN
    FOR v_constraint IN SELECT conrelid::regclass::text AS relation, conname FROM pg_constraint
        WHERE connamespace = 'webfarm'::regnamespace AND conname = ANY(p_names) AND conparentid = 0
            AND NOT convalidated
    LOOP
        EXECUTE format('ALTER TABLE %s VALIDATE CONSTRAINT %I', v_constraint.relation, v_constraint.conname);
    END LOOP;
END;
$$;

-- Turns webfarm.<p_table> into a table partitioned by range of p_key, its rows kept as the
-- partition <p_table>_legacy for [MINVALUE, p_bound), with the same indexes, keys and foreign keys
-- (the legacy's own are attached, not rebuilt) and triggers. Catalog changes only: the caller holds
-- the locks for milliseconds.
CREATE OR REPLACE FUNCTION webfarm.partition_history_table(p_table text, p_key text, p_bound text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_legacy text := p_table || '_legacy';
    v_oid oid;
    v_index record;
    v_constraint record;
    v_trigger record;
    v_triggers text[] := '{}';
    v_indexes text[] := '{}';
    v_keys text[] := '{}';
    v_foreign text[] := '{}';
    v_statement text;
BEGIN
    SELECT c.oid INTO v_oid FROM pg_class c WHERE c.relnamespace = 'webfarm'::regnamespace AND c.relname = p_table;
    IF v_oid IS NULL OR (SELECT relkind FROM pg_class WHERE oid = v_oid) = 'p' THEN
        RETURN; -- done already
    END IF;
    EXECUTE format('LOCK TABLE webfarm.%I IN ACCESS EXCLUSIVE MODE', p_table);
    -- The definitions as they are now, under the names the parent will take over.
    FOR v_constraint IN
        SELECT conname, contype, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE conrelid = v_oid AND contype IN ('p', 'u', 'f') AND conparentid = 0 ORDER BY conname
    LOOP
        IF v_constraint.contype = 'f' THEN
            v_foreign := v_foreign || format('ALTER TABLE webfarm.%I ADD CONSTRAINT %I %s', p_table,
                v_constraint.conname, v_constraint.def);
        ELSE
            v_keys := v_keys || format('ALTER TABLE webfarm.%I ADD CONSTRAINT %I %s', p_table,
                v_constraint.conname, v_constraint.def);
        END IF;
    END LOOP;
    FOR v_index IN
        SELECT i.indexrelid::regclass::text AS qualified, c.relname, pg_get_indexdef(i.indexrelid) AS def
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = v_oid AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
        ORDER BY c.relname
    LOOP
        v_indexes := v_indexes || v_index.def;
    END LOOP;
    FOR v_trigger IN SELECT tgname, pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = v_oid AND NOT tgisinternal LOOP
        v_triggers := v_triggers || v_trigger.def;
    END LOOP;

    EXECUTE format('ALTER TABLE webfarm.%I RENAME TO %I', p_table, v_legacy);
    FOR v_index IN SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = v_oid LOOP
        EXECUTE format('ALTER INDEX webfarm.%I RENAME TO %I', v_index.relname, left(v_index.relname, 55) || '_legacy');
    END LOOP;
    -- The triggers move to the parent (row triggers reach every partition from there).
    FOR v_trigger IN SELECT tgname FROM pg_trigger WHERE tgrelid = v_oid AND NOT tgisinternal LOOP
        EXECUTE format('DROP TRIGGER %I ON webfarm.%I', v_trigger.tgname, v_legacy);
    END LOOP;

    EXECUTE format('CREATE TABLE webfarm.%I (LIKE webfarm.%I INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING STORAGE '
        'INCLUDING COMMENTS) PARTITION BY RANGE (%I)', p_table, v_legacy, p_key);
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = v_oid AND attidentity <> '' AND NOT attisdropped) THEN
        -- The parent numbers the rows from now on, past every id the legacy table holds.
        EXECUTE format('ALTER TABLE webfarm.%I ALTER COLUMN %I DROP IDENTITY', v_legacy, p_key);
        EXECUTE format('ALTER TABLE webfarm.%I ALTER COLUMN %I RESTART WITH %s', p_table, p_key, p_bound);
    END IF;
    EXECUTE format('ALTER TABLE webfarm.%I ATTACH PARTITION webfarm.%I FOR VALUES FROM (MINVALUE) TO (%L)',
        p_table, v_legacy, p_bound);
    INSERT INTO webfarm.history_partition (parent, name, lower_bound, upper_bound)
    VALUES (p_table, v_legacy, NULL, p_bound) ON CONFLICT (name) DO NOTHING;
    FOREACH v_statement IN ARRAY v_keys || v_indexes || v_foreign || v_triggers LOOP
        EXECUTE v_statement;
    END LOOP;
END;
$$;

-- step: the lighter machinery: stamping by the functions, a sequence as the notification gate | lock: ACCESS EXCLUSIVE on the history tables, webfarm.server and webfarm.flush_request, catalog only
CREATE OR REPLACE FUNCTION webfarm.complete_task(p_server_id bigint, p_task_id bigint, p_error text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- The first completion wins: a retried call must not move processed_at or hide an error.
    -- The delivery is stamped here, so that the stamping trigger does not run for it.
    UPDATE webfarm.server_task
    SET processed_at = clock_timestamp(), error_message = nullif(p_error, ''), processed_xid = pg_current_xact_id()
    WHERE task_id = p_task_id AND server_id = p_server_id AND processed_at IS NULL;
    IF NOT FOUND AND NOT EXISTS (
        SELECT 1 FROM webfarm.server_task WHERE task_id = p_task_id AND server_id = p_server_id) THEN
        RAISE EXCEPTION 'complete_task: task % has no delivery for server %', p_task_id, p_server_id
            USING ERRCODE = 'P0002';
    END IF;
END;
$$;

-- Writers that bypass the functions (scripts, tests, other implementations) are still stamped: the
-- WHEN clauses keep the trigger function from running for the functions' own writes.
DROP TRIGGER IF EXISTS server_task_stamp ON webfarm.server_task;
CREATE TRIGGER server_task_stamp BEFORE INSERT ON webfarm.server_task FOR EACH ROW
    WHEN (NEW.task_created_at IS NULL OR (NEW.processed_at IS NOT NULL AND NEW.processed_xid IS NULL))
    EXECUTE FUNCTION webfarm.server_task_stamp();
DROP TRIGGER IF EXISTS server_task_restamp ON webfarm.server_task;
CREATE TRIGGER server_task_restamp BEFORE UPDATE ON webfarm.server_task FOR EACH ROW
    WHEN ((NEW.processed_at IS DISTINCT FROM OLD.processed_at OR NEW.error_message IS DISTINCT FROM OLD.error_message)
        AND NEW.processed_xid IS NOT DISTINCT FROM OLD.processed_xid)
    EXECUTE FUNCTION webfarm.server_task_stamp();

-- The gate: the 100 ms tick of the last notification, in a sequence. Reading it in the WHEN clause
-- costs a buffer read and no write; only a statement that finds the tick passed runs the trigger
-- function, which moves the tick (setval: not rolled back, no row lock) and notifies. Two writers
-- in the same tick may both notify; no writer ever waits for another.
CREATE SEQUENCE IF NOT EXISTS webfarm.notify_tick;
SELECT setval('webfarm.notify_tick', 1);

CREATE OR REPLACE FUNCTION webfarm.notify_changed()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM setval('webfarm.notify_tick', floor(extract(epoch FROM clock_timestamp()) * 10)::bigint);
    PERFORM pg_notify('webfarm_changed', TG_TABLE_NAME);
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS notify_changed ON webfarm.server_task;
CREATE TRIGGER notify_changed AFTER INSERT OR UPDATE ON webfarm.server_task
    FOR EACH STATEMENT WHEN (floor(extract(epoch FROM clock_timestamp()) * 10)::bigint > pg_sequence_last_value('webfarm.notify_tick')) EXECUTE FUNCTION webfarm.notify_changed();
DROP TRIGGER IF EXISTS notify_changed ON webfarm.heartbeat;
CREATE TRIGGER notify_changed AFTER INSERT ON webfarm.heartbeat
    FOR EACH STATEMENT WHEN (floor(extract(epoch FROM clock_timestamp()) * 10)::bigint > pg_sequence_last_value('webfarm.notify_tick')) EXECUTE FUNCTION webfarm.notify_changed();
DROP TRIGGER IF EXISTS notify_changed ON webfarm.storage_probe;
CREATE TRIGGER notify_changed AFTER INSERT ON webfarm.storage_probe
    FOR EACH STATEMENT WHEN (floor(extract(epoch FROM clock_timestamp()) * 10)::bigint > pg_sequence_last_value('webfarm.notify_tick')) EXECUTE FUNCTION webfarm.notify_changed();
DROP TRIGGER IF EXISTS notify_changed ON webfarm.server_log;
CREATE TRIGGER notify_changed AFTER INSERT ON webfarm.server_log
    FOR EACH STATEMENT WHEN (floor(extract(epoch FROM clock_timestamp()) * 10)::bigint > pg_sequence_last_value('webfarm.notify_tick')) EXECUTE FUNCTION webfarm.notify_changed();
DROP TRIGGER IF EXISTS notify_changed ON webfarm.server;
CREATE TRIGGER notify_changed AFTER INSERT OR UPDATE ON webfarm.server
    FOR EACH STATEMENT WHEN (floor(extract(epoch FROM clock_timestamp()) * 10)::bigint > pg_sequence_last_value('webfarm.notify_tick')) EXECUTE FUNCTION webfarm.notify_changed();
DROP TRIGGER IF EXISTS notify_changed ON webfarm.flush_request;
CREATE TRIGGER notify_changed AFTER INSERT OR UPDATE ON webfarm.flush_request
    FOR EACH STATEMENT WHEN (floor(extract(epoch FROM clock_timestamp()) * 10)::bigint > pg_sequence_last_value('webfarm.notify_tick')) EXECUTE FUNCTION webfarm.notify_changed();
DROP TABLE IF EXISTS webfarm.notify_gate;

-- step: heartbeat: bound the rows of the legacy partition | lock: ACCESS EXCLUSIVE on webfarm.heartbeat, catalog only (NOT VALID)
INSERT INTO webfarm.migration_state
VALUES ('time_bound', (date_trunc('day', clock_timestamp()) + interval '2 days')::text) ON CONFLICT (key) DO NOTHING;
SELECT webfarm.bound_legacy_rows('heartbeat', 'received_at', (SELECT value FROM webfarm.migration_state WHERE key = 'time_bound'));

-- step: heartbeat: validate the bound | lock: SHARE UPDATE EXCLUSIVE on webfarm.heartbeat (writes go on; reads every row)
SELECT webfarm.validate_constraints(ARRAY['heartbeat_legacy_bound']);

-- step: heartbeat: partition by received_at | lock: ACCESS EXCLUSIVE on webfarm.heartbeat, catalog only
SELECT webfarm.partition_history_table('heartbeat', 'received_at',
    (SELECT value FROM webfarm.migration_state WHERE key = 'time_bound'));

-- step: storage_probe: bound the rows of the legacy partition | lock: ACCESS EXCLUSIVE on webfarm.storage_probe, catalog only (NOT VALID)
SELECT webfarm.bound_legacy_rows('storage_probe', 'probed_at', (SELECT value FROM webfarm.migration_state WHERE key = 'time_bound'));

-- step: storage_probe: validate the bound | lock: SHARE UPDATE EXCLUSIVE on webfarm.storage_probe (writes go on; reads every row)
SELECT webfarm.validate_constraints(ARRAY['storage_probe_legacy_bound']);

-- step: storage_probe: partition by probed_at | lock: ACCESS EXCLUSIVE on webfarm.storage_probe, catalog only
SELECT webfarm.partition_history_table('storage_probe', 'probed_at',
    (SELECT value FROM webfarm.migration_state WHERE key = 'time_bound'));

-- step: server_log: bound the rows of the legacy partition | lock: ACCESS EXCLUSIVE on webfarm.server_log, catalog only (NOT VALID)
SELECT webfarm.bound_legacy_rows('server_log', 'logged_at', (SELECT value FROM webfarm.migration_state WHERE key = 'time_bound'));

-- step: server_log: validate the bound | lock: SHARE UPDATE EXCLUSIVE on webfarm.server_log (writes go on; reads every row)
SELECT webfarm.validate_constraints(ARRAY['server_log_legacy_bound']);

-- step: server_log: partition by logged_at | lock: ACCESS EXCLUSIVE on webfarm.server_log, catalog only
SELECT webfarm.partition_history_table('server_log', 'logged_at',
    (SELECT value FROM webfarm.migration_state WHERE key = 'time_bound'));

-- step: task, server_task: bound the ids of the legacy partitions | lock: ACCESS EXCLUSIVE on webfarm.task and webfarm.server_task, catalog only (NOT VALID)
DO $$
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = 'webfarm.server_task'::regclass) <> 'p' THEN
        -- Ten million ids of headroom for the tasks created until the switch (minutes at most); a
        -- new install, which has never numbered a task, starts at 1.
        INSERT INTO webfarm.migration_state
        SELECT 'id_bound', CASE WHEN last IS NULL AND NOT EXISTS (SELECT 1 FROM webfarm.task) THEN 1
            ELSE coalesce(last, 0) + 10000000 END::text
        FROM (SELECT pg_sequence_last_value(pg_get_serial_sequence('webfarm.task', 'id')) AS last) s
        ON CONFLICT (key) DO NOTHING;
        PERFORM webfarm.bound_legacy_rows(v_table, v_key, (SELECT value FROM webfarm.migration_state WHERE key = 'id_bound'))
        FROM (VALUES ('task', 'id'), ('server_task', 'task_id')) AS b(v_table, v_key);
    END IF;
END;
$$;

-- step: task, server_task: validate the bounds | lock: SHARE UPDATE EXCLUSIVE on webfarm.task and webfarm.server_task (writes go on)
SELECT webfarm.validate_constraints(ARRAY['task_legacy_bound', 'server_task_legacy_bound']);

-- step: task: partition by id; the foreign keys to it point at the new table, NOT VALID | lock: ACCESS EXCLUSIVE on webfarm.task, SHARE ROW EXCLUSIVE on webfarm.server_task and webfarm.flush_request, catalog only
DO $$
BEGIN
    IF (SELECT relkind FROM pg_class WHERE oid = 'webfarm.task'::regclass) <> 'p' THEN
        LOCK TABLE webfarm.task IN ACCESS EXCLUSIVE MODE;
        LOCK TABLE webfarm.server_task, webfarm.flush_request IN SHARE ROW EXCLUSIVE MODE;
        ALTER TABLE webfarm.server_task DROP CONSTRAINT server_task_task_id_fkey;
        ALTER TABLE webfarm.flush_request DROP CONSTRAINT flush_request_task_fk;
        PERFORM webfarm.partition_history_table('task', 'id',
            (SELECT value FROM webfarm.migration_state WHERE key = 'id_bound'));
        ALTER TABLE webfarm.server_task ADD CONSTRAINT server_task_task_id_fkey FOREIGN KEY (task_id)
            REFERENCES webfarm.task (id) ON DELETE CASCADE NOT VALID;
        ALTER TABLE webfarm.flush_request ADD CONSTRAINT flush_request_task_fk FOREIGN KEY (task_id)
            REFERENCES webfarm.task (id) ON DELETE SET NULL NOT VALID;
    END IF;
END;
$$;

-- step: task: validate the foreign keys to it | lock: SHARE UPDATE EXCLUSIVE on webfarm.server_task and webfarm.flush_request (writes go on; reads every delivery)
SELECT webfarm.validate_constraints(ARRAY['server_task_task_id_fkey', 'flush_request_task_fk']);

-- step: server_task: partition by task_id, in the ranges of task | lock: ACCESS EXCLUSIVE on webfarm.server_task, catalog only
SELECT webfarm.partition_history_table('server_task', 'task_id',
    (SELECT value FROM webfarm.migration_state WHERE key = 'id_bound'));

-- step: the first partitions after the legacy ones, and a default partition for rows out of every range | lock: ACCESS EXCLUSIVE on the five history tables, catalog only
DO $$
DECLARE
    v_table text;
    v_day timestamptz;
    v_bound bigint := (SELECT value::bigint FROM webfarm.migration_state WHERE key = 'id_bound');
BEGIN
    FOREACH v_table IN ARRAY ARRAY['heartbeat', 'storage_probe', 'server_log'] LOOP
        v_day := (SELECT value::timestamptz FROM webfarm.migration_state WHERE key = 'time_bound');
        FOR i IN 0..2 LOOP
            PERFORM webfarm.create_history_partition(v_table, 'p' || to_char(v_day AT TIME ZONE 'UTC', 'YYYYMMDD'),
                v_day::text, (v_day + interval '1 day')::text);
            v_day := v_day + interval '1 day';
        END LOOP;
    END LOOP;
    FOREACH v_table IN ARRAY ARRAY['task', 'server_task'] LOOP
        PERFORM webfarm.create_history_partition(v_table, 'p' || v_bound, v_bound::text, (v_bound + 1000000)::text);
    END LOOP;
    -- Rows outside every range (a clock at infinity, a maintenance that did not run) are kept, not refused.
    FOREACH v_table IN ARRAY ARRAY['heartbeat', 'storage_probe', 'server_log', 'task', 'server_task'] LOOP
        IF to_regclass('webfarm.' || v_table || '_default') IS NULL THEN
            EXECUTE format('CREATE TABLE webfarm.%I PARTITION OF webfarm.%I DEFAULT', v_table || '_default', v_table);
            INSERT INTO webfarm.history_partition (parent, name, lower_bound, upper_bound)
            VALUES (v_table, v_table || '_default', NULL, NULL) ON CONFLICT (name) DO NOTHING;
        END IF;
    END LOOP;
END;
$$;

-- step: retention: webfarm.maintain() | lock: none (a new function)
-- Creates the partitions of the coming p_ahead and drops those wholly older than p_keep; a task
-- range is dropped only when none of its deliveries is pending. One row per action. Each drop
-- waits for its lock at most lock_timeout (1 s when unset) and is reported busy otherwise: run
-- it again later. From cron: `paddock schema maintain`; from pg_cron: SELECT * FROM webfarm.maintain().
-- p_now: maintain as of another moment than now (what the retention will do in ten days).
CREATE OR REPLACE FUNCTION webfarm.maintain(p_keep interval DEFAULT '7 days', p_ahead interval DEFAULT '3 days',
    p_now timestamptz DEFAULT NULL)
RETURNS TABLE (action text, partition_name text, detail text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_now timestamptz := coalesce(p_now, clock_timestamp());
    v_table text;
    v_next timestamptz;
    v_part record;
    v_last bigint;
    v_top bigint;
    v_span bigint;
    v_day_ago bigint;
    v_newest timestamptz;
BEGIN
    IF p_keep IS NULL OR p_keep < interval '1 hour' THEN
        RAISE EXCEPTION 'maintain: keep at least an hour of history (asked: %)', p_keep USING ERRCODE = '22023';
    END IF;
    IF current_setting('lock_timeout') = '0' THEN
        PERFORM set_config('lock_timeout', '1s', true);
    END IF;

    -- Time partitions: one a day, up to now + p_ahead.
    FOREACH v_table IN ARRAY ARRAY['heartbeat', 'storage_probe', 'server_log'] LOOP
        SELECT max(upper_bound::timestamptz) INTO v_next FROM webfarm.history_partition
        WHERE parent = v_table AND upper_bound IS NOT NULL;
        v_next := coalesce(v_next, date_trunc('day', v_now));
        WHILE v_next < v_now + p_ahead LOOP
            BEGIN
                IF webfarm.create_history_partition(v_table, 'p' || to_char(v_next AT TIME ZONE 'UTC', 'YYYYMMDD'),
                    v_next::text, (v_next + interval '1 day')::text) THEN
                    action := 'created'; partition_name := v_table || '_p' || to_char(v_next AT TIME ZONE 'UTC', 'YYYYMMDD');
                    detail := format('%s to %s', v_next, v_next + interval '1 day');
                    RETURN NEXT;
                END IF;
            EXCEPTION WHEN lock_not_available THEN
                action := 'busy'; partition_name := v_table; detail := 'could not lock to create a partition: run again';
                RETURN NEXT;
                EXIT;
            WHEN check_violation THEN
                action := 'blocked'; partition_name := v_table || '_default';
                detail := format('the default partition holds rows of %s: they stay there', v_next);
                RETURN NEXT;
                EXIT;
            END;
            v_next := v_next + interval '1 day';
        END LOOP;
        FOR v_part IN SELECT * FROM webfarm.history_partition
            WHERE parent = v_table AND upper_bound IS NOT NULL AND upper_bound::timestamptz <= v_now - p_keep
            ORDER BY upper_bound::timestamptz
        LOOP
            BEGIN
                EXECUTE format('DROP TABLE webfarm.%I', v_part.name);
                DELETE FROM webfarm.history_partition WHERE name = v_part.name;
                action := 'dropped'; partition_name := v_part.name;
                detail := format('rows before %s', v_part.upper_bound);
                RETURN NEXT;
            EXCEPTION WHEN lock_not_available THEN
                action := 'busy'; partition_name := v_part.name; detail := 'could not lock to drop: run again';
                RETURN NEXT;
            END;
        END LOOP;
    END LOOP;

    -- Id ranges of task and server_task: at least one range of room ahead, a range about a day of tasks.
    v_last := coalesce(pg_sequence_last_value(pg_get_serial_sequence('webfarm.task', 'id')), 0);
    SELECT max(upper_bound::bigint) INTO v_top FROM webfarm.history_partition
    WHERE parent = 'task' AND upper_bound IS NOT NULL;
    SELECT t.id INTO v_day_ago FROM webfarm.task t WHERE t.created_at < v_now - interval '1 day'
    ORDER BY t.created_at DESC LIMIT 1;
    v_span := greatest(100000, v_last - coalesce(v_day_ago, v_last));
    WHILE v_top IS NOT NULL AND v_top - v_last < v_span LOOP
        BEGIN
            PERFORM webfarm.create_history_partition('task', 'p' || v_top, v_top::text, (v_top + v_span)::text);
            PERFORM webfarm.create_history_partition('server_task', 'p' || v_top, v_top::text, (v_top + v_span)::text);
            action := 'created'; partition_name := 'task_p' || v_top;
            detail := format('task ids %s to %s, and their deliveries', v_top, v_top + v_span);
            RETURN NEXT;
        EXCEPTION WHEN lock_not_available THEN
            action := 'busy'; partition_name := 'task'; detail := 'could not lock to create a partition: run again';
            RETURN NEXT;
            EXIT;
        WHEN check_violation THEN
            action := 'blocked'; partition_name := 'task_default';
            detail := format('the default partition holds task ids from %s: they stay there', v_top);
            RETURN NEXT;
            EXIT;
        END;
        v_top := v_top + v_span;
    END LOOP;
    FOR v_part IN SELECT * FROM webfarm.history_partition
        WHERE parent = 'task' AND upper_bound IS NOT NULL AND upper_bound::bigint <= v_last
        ORDER BY upper_bound::bigint
    LOOP
        EXECUTE format('SELECT max(created_at) FROM webfarm.%I', v_part.name) INTO v_newest;
        IF v_newest IS NOT NULL AND v_newest > v_now - p_keep THEN
            CONTINUE;
        END IF;
        IF EXISTS (SELECT 1 FROM webfarm.history_partition WHERE name = 'server_task' || substr(v_part.name, 5)) THEN
            IF EXISTS (SELECT 1 FROM webfarm.server_task st WHERE st.processed_at IS NULL
                AND st.task_id >= coalesce(v_part.lower_bound::bigint, -9223372036854775808)
                AND st.task_id < v_part.upper_bound::bigint) THEN
                action := 'kept'; partition_name := v_part.name; detail := 'deliveries of these tasks are pending';
                RETURN NEXT;
                CONTINUE;
            END IF;
        END IF;
        BEGIN
            UPDATE webfarm.flush_request SET task_id = NULL
            WHERE task_id >= coalesce(v_part.lower_bound::bigint, -9223372036854775808)
                AND task_id < v_part.upper_bound::bigint;
            IF to_regclass('webfarm.server_task' || substr(v_part.name, 5)) IS NOT NULL THEN
                EXECUTE format('DROP TABLE webfarm.%I', 'server_task' || substr(v_part.name, 5));
            END IF;
            -- Referenced by the deliveries' foreign key: detached first (PostgreSQL checks, one index
            -- probe per task of the range, that no delivery refers to it any more), then dropped.
            EXECUTE format('ALTER TABLE webfarm.task DETACH PARTITION webfarm.%I', v_part.name);
            EXECUTE format('DROP TABLE webfarm.%I', v_part.name);
            DELETE FROM webfarm.history_partition WHERE name IN (v_part.name, 'server_task' || substr(v_part.name, 5));
            action := 'dropped'; partition_name := v_part.name;
            detail := format('task ids below %s (newest %s), and their deliveries', v_part.upper_bound, v_newest);
            RETURN NEXT;
        EXCEPTION WHEN lock_not_available THEN
            action := 'busy'; partition_name := v_part.name; detail := 'could not lock to drop: run again';
            RETURN NEXT;
        END;
    END LOOP;
END;
$$;
