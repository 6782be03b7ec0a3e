-- Version 6: an instance acts only for itself (DESIGN.md section 2, docs/security.md).
--
-- register_server records the login that registered the instance (session_user: the login, not a
-- role it switched to). Every other instance-side function refuses, with SQLSTATE 42501, a server
-- id that another login registered, and register_server refuses a name that another login owns.
-- Instances registered before this version have no owner until they register again; until then
-- any instance login may act for them, as before. A superuser may act for any instance (it could
-- write the tables directly). A farm whose instances share one login keeps
-- working, and gives up this protection (docs/security.md).

-- step: the login that registered each instance | lock: ACCESS EXCLUSIVE on webfarm.server, catalog only
ALTER TABLE webfarm.server ADD COLUMN IF NOT EXISTS registered_by text;

-- step: the instance-side functions check who calls | lock: none (catalog only)
CREATE OR REPLACE FUNCTION webfarm.check_acting_for(p_server_id bigint, p_function text)
RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_owner text;
BEGIN
    SELECT s.registered_by INTO v_owner FROM webfarm.server s WHERE s.id = p_server_id;
    -- A superuser could write the tables directly anyway: its scripts may act for any instance.
    IF v_owner IS NOT NULL AND v_owner <> session_user::text
        AND NOT coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user), false) THEN
        RAISE EXCEPTION '%: server % was registered by another login', p_function, p_server_id
            USING ERRCODE = '42501', HINT = 'An instance acts only for the server its own login registered.';
    END IF;
END;
$$;

CREATE OR REPLACE FUNCTION webfarm.register_server(p_name text, p_display_name text, p_host text, p_zone text,
    p_version text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id bigint;
BEGIN
    IF p_name IS NULL OR btrim(p_name) = '' THEN
        RAISE EXCEPTION 'register_server: the server name must not be empty' USING ERRCODE = '22023';
    END IF;
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
    RETURN v_id;
END;
$$;

CREATE OR REPLACE FUNCTION webfarm.heartbeat(p_server_id bigint, p_sent_at timestamptz,
    p_cache_items bigint DEFAULT NULL, p_cache_hits bigint DEFAULT NULL, p_cache_misses bigint DEFAULT NULL,
    p_memory_bytes bigint DEFAULT NULL)
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    SELECT webfarm.check_acting_for(p_server_id, 'heartbeat');
    INSERT INTO webfarm.heartbeat (server_id, sent_at, cache_items, cache_hits, cache_misses, memory_bytes)
    VALUES (p_server_id, p_sent_at, p_cache_items, p_cache_hits, p_cache_misses, p_memory_bytes);
$$;

CREATE OR REPLACE FUNCTION webfarm.create_task(p_creator_server_id bigint, p_type text, p_target text,
    p_text_data text DEFAULT NULL, p_is_memory boolean DEFAULT true)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET webfarm.counted = 'on'
AS $$
DECLARE
    v_task_id bigint;
    v_created_at timestamptz;
BEGIN
    IF p_type IS NULL OR btrim(p_type) = '' THEN
        RAISE EXCEPTION 'create_task: the task type must not be empty' USING ERRCODE = '22023';
    END IF;
    IF p_creator_server_id IS NOT NULL THEN
        PERFORM webfarm.check_acting_for(p_creator_server_id, 'create_task');
    END IF;
    INSERT INTO webfarm.task (type, target, text_data, creator_server_id, is_memory)
    VALUES (p_type, p_target, p_text_data, p_creator_server_id, coalesce(p_is_memory, true))
    RETURNING id, created_at INTO v_task_id, v_created_at;
    INSERT INTO webfarm.server_task (task_id, server_id, task_created_at)
    SELECT v_task_id, s.id, v_created_at
    FROM webfarm.server s
    WHERE s.enabled AND s.stopped_at IS NULL AND s.id IS DISTINCT FROM p_creator_server_id;
    RETURN v_task_id;
END;
$$;

CREATE OR REPLACE FUNCTION webfarm.fetch_tasks(p_server_id bigint, p_limit int DEFAULT 1000)
RETURNS TABLE (task_id bigint, type text, target text, text_data text, created_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM webfarm.check_acting_for(p_server_id, 'fetch_tasks');
    RETURN QUERY
    SELECT t.id, t.type, t.target, t.text_data, t.created_at
    FROM webfarm.server_task st
    JOIN webfarm.task t ON t.id = st.task_id
    WHERE st.server_id = p_server_id AND st.processed_at IS NULL
    ORDER BY t.created_at, t.id
    LIMIT greatest(coalesce(p_limit, 1000), 0);
END;
$$;

CREATE OR REPLACE FUNCTION webfarm.complete_task(p_server_id bigint, p_task_id bigint, p_error text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp SET webfarm.counted = 'on'
AS $$
BEGIN
    PERFORM webfarm.check_acting_for(p_server_id, 'complete_task');
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

CREATE OR REPLACE FUNCTION webfarm.report_storage_probe(p_server_id bigint, p_storage text, p_ok boolean,
    p_latency_ms double precision, p_free_bytes bigint DEFAULT NULL, p_error text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_storage_id bigint;
BEGIN
    PERFORM webfarm.check_acting_for(p_server_id, 'report_storage_probe');
    SELECT id INTO v_storage_id FROM webfarm.storage WHERE name = p_storage;
    IF v_storage_id IS NULL THEN
        RAISE EXCEPTION 'report_storage_probe: unknown storage "%"', p_storage
            USING ERRCODE = 'P0002', HINT = 'Register it first with webfarm.register_storage().';
    END IF;
    INSERT INTO webfarm.storage_probe (storage_id, server_id, ok, latency_ms, free_bytes, error)
    VALUES (v_storage_id, p_server_id, p_ok, p_latency_ms, p_free_bytes, p_error);
END;
$$;

CREATE OR REPLACE FUNCTION webfarm.log_event(p_server_id bigint, p_code text, p_message text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF p_code IS NULL OR btrim(p_code) = '' THEN
        RAISE EXCEPTION 'log_event: the event code must not be empty' USING ERRCODE = '22023';
    END IF;
    PERFORM webfarm.check_acting_for(p_server_id, 'log_event');
    INSERT INTO webfarm.server_log (server_id, code, message) VALUES (p_server_id, p_code, p_message);
END;
$$;

CREATE OR REPLACE FUNCTION webfarm.stop_server(p_server_id bigint)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_was_stopped boolean;
BEGIN
    PERFORM webfarm.check_acting_for(p_server_id, 'stop_server');
    SELECT stopped_at IS NOT NULL INTO v_was_stopped FROM webfarm.server WHERE id = p_server_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'stop_server: no server with id %', p_server_id USING ERRCODE = 'P0002';
    END IF;
    -- A repeated stop keeps the time of the first one.
    IF NOT v_was_stopped THEN
        UPDATE webfarm.server SET stopped_at = clock_timestamp() WHERE id = p_server_id;
        INSERT INTO webfarm.server_log (server_id, code, message) VALUES (p_server_id, 'STOPPED', 'graceful stop');
    END IF;
END;
$$;
