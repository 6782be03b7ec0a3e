-- Version 7: scheduled tasks run once (DESIGN.md section 9, docs/protocol.md).
--
-- A scheduled task is one row with the next slot it is due at. An instance claims the due tasks
-- with one call: under the task's row lock the call moves next_run_at past now and records one run
-- per task for the slot it took. next_run_at only ever moves forward, so a slot is handed out once
-- whatever the number of instances (docs/protocol.md, "Why a slot is never handed out twice").
-- The runs table has no unique (task, slot) constraint on purpose: a process that inserts runs
-- behind the functions' back must show up as a duplicate, not fail unseen.
-- register_server also logs DUPLICATE_NAME when a name is registered again while its server is
-- still heartbeating (two processes under one name).

-- step: the scheduled tasks and their runs | lock: none (new tables)
CREATE TABLE IF NOT EXISTS webfarm.scheduled_task (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE,
    interval_s integer NOT NULL CHECK (interval_s > 0),
    enabled boolean NOT NULL DEFAULT true,
    next_run_at timestamptz NOT NULL,
    timeout_s integer NOT NULL DEFAULT 3600 CHECK (timeout_s > 0)
);
-- The claim's scan: the enabled tasks by the slot they are due at.
CREATE INDEX IF NOT EXISTS scheduled_task_due ON webfarm.scheduled_task (next_run_at) WHERE enabled;

CREATE TABLE IF NOT EXISTS webfarm.scheduled_run (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scheduled_task_id bigint NOT NULL REFERENCES webfarm.scheduled_task (id) ON DELETE CASCADE,
    server_id bigint NOT NULL REFERENCES webfarm.server (id) ON DELETE CASCADE,
    due_at timestamptz,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    error text,
    manual boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS scheduled_run_started_at ON webfarm.scheduled_run (started_at);
CREATE INDEX IF NOT EXISTS scheduled_run_task_due ON webfarm.scheduled_run (scheduled_task_id, due_at);
CREATE INDEX IF NOT EXISTS scheduled_run_server ON webfarm.scheduled_run (server_id);
-- The runs still open (running or abandoned): few, read at every refresh.
CREATE INDEX IF NOT EXISTS scheduled_run_unfinished ON webfarm.scheduled_run (started_at) WHERE finished_at IS NULL;

DROP TRIGGER IF EXISTS notify_changed ON webfarm.scheduled_task;
CREATE TRIGGER notify_changed AFTER INSERT OR UPDATE ON webfarm.scheduled_task
    FOR EACH STATEMENT WHEN (floor(extract(epoch FROM clock_timestamp()) * 10)::bigint > pg_sequence_last_value('webfarm.notify_tick')) EXECUTE FUNCTION webfarm.notify_changed();
DROP TRIGGER IF EXISTS notify_changed ON webfarm.scheduled_run;
CREATE TRIGGER notify_changed AFTER INSERT OR UPDATE ON webfarm.scheduled_run
    FOR EACH STATEMENT WHEN (floor(extract(epoch FROM clock_timestamp()) * 10)::bigint > pg_sequence_last_value('webfarm.notify_tick')) EXECUTE FUNCTION webfarm.notify_changed();

-- step: the instance-side functions of scheduled tasks | lock: none (catalog only)
CREATE OR REPLACE FUNCTION webfarm.register_scheduled_task(p_name text, p_interval_s integer,
    p_timeout_s integer DEFAULT 3600)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id bigint;
BEGIN
    IF p_name IS NULL OR btrim(p_name) = '' THEN
        RAISE EXCEPTION 'register_scheduled_task: the task name must not be empty' USING ERRCODE = '22023';
    END IF;
    IF p_interval_s IS NULL OR p_interval_s <= 0 THEN
        RAISE EXCEPTION 'register_scheduled_task: the interval must be a positive number of seconds, not %',
            coalesce(p_interval_s::text, 'NULL') USING ERRCODE = '22023';
    END IF;
    IF p_timeout_s IS NULL OR p_timeout_s <= 0 THEN
        RAISE EXCEPTION 'register_scheduled_task: the timeout must be a positive number of seconds, not %',
            coalesce(p_timeout_s::text, 'NULL') USING ERRCODE = '22023';
    END IF;
    -- A new task is due now. Registering a known one again (every instance does at start) keeps its
    -- schedule; a shorter interval brings the next slot forward to at most one interval from now.
    -- Either way next_run_at stays after every slot already claimed (those are all before now).
    INSERT INTO webfarm.scheduled_task AS t (name, interval_s, next_run_at, timeout_s)
    VALUES (p_name, p_interval_s, clock_timestamp(), p_timeout_s)
    ON CONFLICT (name) DO UPDATE
        SET interval_s = EXCLUDED.interval_s, timeout_s = EXCLUDED.timeout_s,
            next_run_at = least(t.next_run_at, clock_timestamp() + make_interval(secs => EXCLUDED.interval_s))
    RETURNING t.id INTO v_id;
    RETURN v_id;
END;
$$;

CREATE OR REPLACE FUNCTION webfarm.claim_scheduled_tasks(p_server_id bigint, p_limit int DEFAULT 10)
RETURNS TABLE (run_id bigint, name text, due_at timestamptz)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_active boolean;
BEGIN
    PERFORM webfarm.check_acting_for(p_server_id, 'claim_scheduled_tasks');
    SELECT s.enabled AND s.stopped_at IS NULL INTO v_active FROM webfarm.server s WHERE s.id = p_server_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'claim_scheduled_tasks: no server with id %', p_server_id USING ERRCODE = 'P0002';
    END IF;
    -- Scheduled tasks run on the active instances only.
    IF NOT v_active THEN
        RETURN;
    END IF;
    -- One statement: lock the due tasks nobody else holds, move each past now, record one run per
    -- task for the slot taken. A row another claim holds is skipped; a row another claim moved since
    -- this statement's snapshot is re-read under the lock and must still be due (docs/protocol.md).
    RETURN QUERY
    WITH due AS (
        SELECT t.id, t.next_run_at AS slot
        FROM webfarm.scheduled_task t
        WHERE t.enabled AND t.next_run_at <= clock_timestamp()
        ORDER BY t.next_run_at, t.id
        LIMIT greatest(coalesce(p_limit, 10), 0)
        FOR UPDATE SKIP LOCKED
    ), claimed AS (
        UPDATE webfarm.scheduled_task t
        SET next_run_at = due.slot + make_interval(secs => t.interval_s)
            * (floor(extract(epoch FROM clock_timestamp() - due.slot) / t.interval_s) + 1)
        FROM due
        WHERE t.id = due.id
        RETURNING t.id, t.name, due.slot
    ), runs AS (
        INSERT INTO webfarm.scheduled_run (scheduled_task_id, server_id, due_at)
        SELECT c.id, p_server_id, c.slot FROM claimed c
        RETURNING scheduled_run.id, scheduled_run.scheduled_task_id
    )
    SELECT r.id, c.name, c.slot
    FROM runs r
    JOIN claimed c ON c.id = r.scheduled_task_id
    ORDER BY c.slot, r.id;
END;
$$;

CREATE OR REPLACE FUNCTION webfarm.start_manual_run(p_server_id bigint, p_name text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_task_id bigint;
    v_run_id bigint;
BEGIN
    PERFORM webfarm.check_acting_for(p_server_id, 'start_manual_run');
    SELECT t.id INTO v_task_id FROM webfarm.scheduled_task t WHERE t.name = p_name;
    IF v_task_id IS NULL THEN
        RAISE EXCEPTION 'start_manual_run: unknown scheduled task "%"', p_name
            USING ERRCODE = 'P0002', HINT = 'Register it first with webfarm.register_scheduled_task().';
    END IF;
    -- A run by hand has no slot and leaves the schedule as it is.
    INSERT INTO webfarm.scheduled_run (scheduled_task_id, server_id, due_at, manual)
    VALUES (v_task_id, p_server_id, NULL, true)
    RETURNING id INTO v_run_id;
    RETURN v_run_id;
END;
$$;

CREATE OR REPLACE FUNCTION webfarm.finish_scheduled_run(p_server_id bigint, p_run_id bigint,
    p_error text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_finished_at timestamptz;
BEGIN
    PERFORM webfarm.check_acting_for(p_server_id, 'finish_scheduled_run');
    UPDATE webfarm.scheduled_run
    SET finished_at = clock_timestamp(), error = nullif(p_error, '')
    WHERE id = p_run_id AND server_id = p_server_id AND finished_at IS NULL;
    IF FOUND THEN
        RETURN;
    END IF;
    SELECT r.finished_at INTO v_finished_at FROM webfarm.scheduled_run r
    WHERE r.id = p_run_id AND r.server_id = p_server_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'finish_scheduled_run: server % has no run %', p_server_id, p_run_id
            USING ERRCODE = 'P0002', HINT = 'An instance finishes only the runs it claimed or started.';
    END IF;
    -- The first finish stands: a second one would hide when the run really ended, or its error.
    RAISE EXCEPTION 'finish_scheduled_run: run % already finished at %', p_run_id, v_finished_at
        USING ERRCODE = '55000', HINT = 'Finish each run once.';
END;
$$;

-- Nobody but the instances (grants.sql grants them EXECUTE after every migration).
REVOKE EXECUTE ON FUNCTION
    webfarm.register_scheduled_task(text, integer, integer),
    webfarm.claim_scheduled_tasks(bigint, int),
    webfarm.start_manual_run(bigint, text),
    webfarm.finish_scheduled_run(bigint, bigint, text)
FROM PUBLIC;

-- step: register_server notes a name registered again while its server heartbeats | lock: none (catalog only)
CREATE OR REPLACE FUNCTION webfarm.register_server(p_name text, p_display_name text, p_host text, p_zone text,
    p_version text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id bigint;
    v_still_running boolean := false;
BEGIN
    IF p_name IS NULL OR btrim(p_name) = '' THEN
        RAISE EXCEPTION 'register_server: the server name must not be empty' USING ERRCODE = '22023';
    END IF;
    -- Under the row's lock (a concurrent registration waits): was the server not stopped and did it
    -- heartbeat within the not-responding threshold (30 s)? Then another process still runs as it.
    SELECT s.stopped_at IS NULL AND EXISTS (
            SELECT 1 FROM webfarm.heartbeat h
            WHERE h.server_id = s.id AND h.received_at > clock_timestamp() - interval '30 seconds')
    INTO v_still_running
    FROM webfarm.server s WHERE s.name = p_name
    FOR NO KEY UPDATE OF s;
    -- A name owned by another login is neither revived nor taken over, also when two logins
    -- register it at the same moment (the conflict's WHERE is evaluated on the locked row).
    INSERT INTO webfarm.server AS s (name, display_name, host, zone, version, started_at, stopped_at, registered_by)
    VALUES (p_name, p_display_name, p_host, p_zone, p_version, clock_timestamp(), NULL, session_user)
    ON CONFLICT (name) DO UPDATE
        SET display_name = EXCLUDED.display_name, host = EXCLUDED.host, zone = EXCLUDED.zone,
            version = EXCLUDED.version, started_at = EXCLUDED.started_at, stopped_at = NULL,
            registered_by = EXCLUDED.registered_by
        WHERE s.registered_by IS NULL OR s.registered_by = EXCLUDED.registered_by
    RETURNING s.id INTO v_id;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'register_server: the name "%" belongs to another login', p_name
            USING ERRCODE = '42501', HINT = 'Each login registers its own instances; choose another name.';
    END IF;
    INSERT INTO webfarm.server_log (server_id, code, message)
    VALUES (v_id, 'STARTED', format('%s started on %s, version %s', p_name, coalesce(p_host, '?'),
        coalesce(p_version, '?')));
    IF coalesce(v_still_running, false) THEN
        INSERT INTO webfarm.server_log (server_id, code, message)
        VALUES (v_id, 'DUPLICATE_NAME', format(
            'registered again at %s while still heartbeating: two processes may share this name',
            to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"')));
    END IF;
    RETURN v_id;
END;
$$;
