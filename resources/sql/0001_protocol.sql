-- Paddock web-farm protocol, version 1: the contract of DESIGN.md section 2.
-- Applied by `paddock schema install` inside one transaction; roles and grants follow in grants.sql.

CREATE SCHEMA webfarm;
COMMENT ON SCHEMA webfarm IS 'Web-farm synchronisation protocol (Paddock)';

CREATE TABLE webfarm.schema_version (
    version int NOT NULL
);
-- Exactly one row: the unique index on a constant refuses a second one.
CREATE UNIQUE INDEX schema_version_one_row ON webfarm.schema_version ((true));
INSERT INTO webfarm.schema_version (version) VALUES (1);

CREATE TABLE webfarm.server (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE,
    display_name text,
    host text,
    zone text,
    version text,
    enabled boolean NOT NULL DEFAULT true,
    registered_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    started_at timestamptz,
    stopped_at timestamptz
);

CREATE TABLE webfarm.heartbeat (
    server_id bigint NOT NULL REFERENCES webfarm.server (id) ON DELETE CASCADE,
    sent_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    cache_items bigint,
    cache_hits bigint,
    cache_misses bigint,
    memory_bytes bigint
);
CREATE INDEX heartbeat_server_received ON webfarm.heartbeat (server_id, received_at);
CREATE INDEX heartbeat_received ON webfarm.heartbeat (received_at);

CREATE TABLE webfarm.flush_request (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    requested_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    requested_by text NOT NULL,
    client_addr inet,
    application_name text,
    scope text NOT NULL CHECK (scope IN ('farm', 'servers', 'keys')),
    server_ids bigint[],
    cache_keys text[],
    reason text,
    task_id bigint
);
CREATE INDEX flush_request_requested_at ON webfarm.flush_request (requested_at);

CREATE TABLE webfarm.task (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type text NOT NULL,
    target text,
    text_data text,
    creator_server_id bigint REFERENCES webfarm.server (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    is_memory boolean NOT NULL DEFAULT true,
    flush_request_id bigint REFERENCES webfarm.flush_request (id) ON DELETE SET NULL
);
CREATE INDEX task_created_at ON webfarm.task (created_at);
CREATE INDEX task_flush_request ON webfarm.task (flush_request_id) WHERE flush_request_id IS NOT NULL;

ALTER TABLE webfarm.flush_request
    ADD CONSTRAINT flush_request_task_fk FOREIGN KEY (task_id) REFERENCES webfarm.task (id) ON DELETE SET NULL;
-- Both ways ON DELETE SET NULL: pruning old tasks keeps the flush audit, and the reverse.

CREATE TABLE webfarm.server_task (
    task_id bigint NOT NULL REFERENCES webfarm.task (id) ON DELETE CASCADE,
    server_id bigint NOT NULL REFERENCES webfarm.server (id) ON DELETE CASCADE,
    processed_at timestamptz,
    error_message text,
    PRIMARY KEY (task_id, server_id)
);
-- Backlog per instance and oldest pending: only pending rows, so it stays small as history grows.
CREATE INDEX server_task_pending ON webfarm.server_task (server_id, task_id) WHERE processed_at IS NULL;
-- Throughput and latency over a window.
CREATE INDEX server_task_processed_at ON webfarm.server_task (processed_at) WHERE processed_at IS NOT NULL;
CREATE INDEX server_task_server ON webfarm.server_task (server_id);

CREATE TABLE webfarm.server_log (
    server_id bigint NOT NULL REFERENCES webfarm.server (id) ON DELETE CASCADE,
    logged_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    code text NOT NULL,
    message text
);
CREATE INDEX server_log_logged_at ON webfarm.server_log (logged_at);
CREATE INDEX server_log_server ON webfarm.server_log (server_id, logged_at);

CREATE TABLE webfarm.storage (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('azure-blob', 's3', 'network-share', 'local')),
    location text
);

CREATE TABLE webfarm.storage_probe (
    storage_id bigint NOT NULL REFERENCES webfarm.storage (id) ON DELETE CASCADE,
    server_id bigint NOT NULL REFERENCES webfarm.server (id) ON DELETE CASCADE,
    probed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    ok boolean NOT NULL,
    latency_ms double precision,
    free_bytes bigint,
    error text
);
CREATE INDEX storage_probe_latest ON webfarm.storage_probe (storage_id, server_id, probed_at);
CREATE INDEX storage_probe_probed_at ON webfarm.storage_probe (probed_at);

-- Instance-side functions. They are SECURITY DEFINER so that webfarm_instance needs EXECUTE only,
-- with search_path pinned so that no caller can substitute objects.

CREATE FUNCTION webfarm.register_server(p_name text, p_display_name text, p_host text, p_zone text, p_version text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id bigint;
BEGIN
    IF p_name IS NULL OR btrim(p_name) = '' THEN
        RAISE EXCEPTION 'register_server: the server name must not be empty' USING ERRCODE = '22023';
    END IF;
    INSERT INTO webfarm.server AS s (name, display_name, host, zone, version, started_at, stopped_at)
    VALUES (p_name, p_display_name, p_host, p_zone, p_version, clock_timestamp(), NULL)
    ON CONFLICT (name) DO UPDATE
        SET display_name = EXCLUDED.display_name, host = EXCLUDED.host, zone = EXCLUDED.zone,
            version = EXCLUDED.version, started_at = EXCLUDED.started_at, stopped_at = NULL
    RETURNING s.id INTO v_id;
    INSERT INTO webfarm.server_log (server_id, code, message)
    VALUES (v_id, 'STARTED', format('%s started on %s, version %s', p_name, coalesce(p_host, '?'), coalesce(p_version, '?')));
    RETURN v_id;
END;
$$;

CREATE FUNCTION webfarm.heartbeat(p_server_id bigint, p_sent_at timestamptz, p_cache_items bigint DEFAULT NULL,
    p_cache_hits bigint DEFAULT NULL, p_cache_misses bigint DEFAULT NULL, p_memory_bytes bigint DEFAULT NULL)
RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO webfarm.heartbeat (server_id, sent_at, cache_items, cache_hits, cache_misses, memory_bytes)
    VALUES (p_server_id, p_sent_at, p_cache_items, p_cache_hits, p_cache_misses, p_memory_bytes);
$$;

CREATE FUNCTION webfarm.create_task(p_creator_server_id bigint, p_type text, p_target text,
    p_text_data text DEFAULT NULL, p_is_memory boolean DEFAULT true)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_task_id bigint;
BEGIN
    IF p_type IS NULL OR btrim(p_type) = '' THEN
        RAISE EXCEPTION 'create_task: the task type must not be empty' USING ERRCODE = '22023';
    END IF;
    INSERT INTO webfarm.task (type, target, text_data, creator_server_id, is_memory)
    VALUES (p_type, p_target, p_text_data, p_creator_server_id, coalesce(p_is_memory, true))
    RETURNING id INTO v_task_id;
    INSERT INTO webfarm.server_task (task_id, server_id)
    SELECT v_task_id, s.id
    FROM webfarm.server s
    WHERE s.enabled AND s.stopped_at IS NULL AND s.id IS DISTINCT FROM p_creator_server_id;
    RETURN v_task_id;
END;
$$;

CREATE FUNCTION webfarm.fetch_tasks(p_server_id bigint, p_limit int DEFAULT 1000)
RETURNS TABLE (task_id bigint, type text, target text, text_data text, created_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    SELECT t.id, t.type, t.target, t.text_data, t.created_at
    FROM webfarm.server_task st
    JOIN webfarm.task t ON t.id = st.task_id
    WHERE st.server_id = p_server_id AND st.processed_at IS NULL
    ORDER BY t.created_at, t.id
    LIMIT greatest(coalesce(p_limit, 1000), 0);
$$;

CREATE FUNCTION webfarm.complete_task(p_server_id bigint, p_task_id bigint, p_error text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- The first completion wins: a retried call must not move processed_at or hide an error.
    UPDATE webfarm.server_task
    SET processed_at = clock_timestamp(), error_message = nullif(p_error, '')
    WHERE task_id = p_task_id AND server_id = p_server_id AND processed_at IS NULL;
    IF NOT FOUND AND NOT EXISTS (
        SELECT 1 FROM webfarm.server_task WHERE task_id = p_task_id AND server_id = p_server_id) THEN
        RAISE EXCEPTION 'complete_task: task % has no delivery for server %', p_task_id, p_server_id
            USING ERRCODE = 'P0002';
    END IF;
END;
$$;

CREATE FUNCTION webfarm.register_storage(p_name text, p_kind text, p_location text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_id bigint;
BEGIN
    IF p_name IS NULL OR btrim(p_name) = '' THEN
        RAISE EXCEPTION 'register_storage: the storage name must not be empty' USING ERRCODE = '22023';
    END IF;
    IF p_kind IS NULL OR p_kind NOT IN ('azure-blob', 's3', 'network-share', 'local') THEN
        RAISE EXCEPTION 'register_storage: unknown storage kind "%"', p_kind
            USING ERRCODE = '22023', HINT = 'Use azure-blob, s3, network-share or local.';
    END IF;
    INSERT INTO webfarm.storage AS s (name, kind, location)
    VALUES (p_name, p_kind, p_location)
    ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, location = EXCLUDED.location
    RETURNING s.id INTO v_id;
    RETURN v_id;
END;
$$;

CREATE FUNCTION webfarm.report_storage_probe(p_server_id bigint, p_storage text, p_ok boolean,
    p_latency_ms double precision, p_free_bytes bigint DEFAULT NULL, p_error text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_storage_id bigint;
BEGIN
    SELECT id INTO v_storage_id FROM webfarm.storage WHERE name = p_storage;
    IF v_storage_id IS NULL THEN
        RAISE EXCEPTION 'report_storage_probe: unknown storage "%"', p_storage
            USING ERRCODE = 'P0002', HINT = 'Register it first with webfarm.register_storage().';
    END IF;
    INSERT INTO webfarm.storage_probe (storage_id, server_id, ok, latency_ms, free_bytes, error)
    VALUES (v_storage_id, p_server_id, p_ok, p_latency_ms, p_free_bytes, p_error);
END;
$$;

CREATE FUNCTION webfarm.log_event(p_server_id bigint, p_code text, p_message text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF p_code IS NULL OR btrim(p_code) = '' THEN
        RAISE EXCEPTION 'log_event: the event code must not be empty' USING ERRCODE = '22023';
    END IF;
    INSERT INTO webfarm.server_log (server_id, code, message) VALUES (p_server_id, p_code, p_message);
END;
$$;

CREATE FUNCTION webfarm.stop_server(p_server_id bigint)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_was_stopped boolean;
BEGIN
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

-- Operator side: the only write Paddock makes.
CREATE FUNCTION webfarm.request_cache_flush(p_scope text, p_server_ids bigint[] DEFAULT NULL,
    p_cache_keys text[] DEFAULT NULL, p_reason text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_request_id bigint;
    v_task_id bigint;
    v_unknown bigint[];
    v_targets int;
BEGIN
    IF p_scope IS NULL OR p_scope NOT IN ('farm', 'servers', 'keys') THEN
        RAISE EXCEPTION 'request_cache_flush: unknown scope "%"', p_scope
            USING ERRCODE = '22023', HINT = 'The scope is farm, servers or keys.';
    END IF;
    IF p_scope = 'servers' THEN
        IF p_server_ids IS NULL OR cardinality(p_server_ids) = 0 THEN
            RAISE EXCEPTION 'request_cache_flush: scope "servers" needs at least one server id' USING ERRCODE = '22023';
        END IF;
        IF array_position(p_server_ids, NULL) IS NOT NULL THEN
            RAISE EXCEPTION 'request_cache_flush: server ids must not be NULL' USING ERRCODE = '22004';
        END IF;
        SELECT array_agg(DISTINCT i ORDER BY i) INTO v_unknown
        FROM unnest(p_server_ids) AS i
        WHERE NOT EXISTS (SELECT 1 FROM webfarm.server s WHERE s.id = i);
        IF v_unknown IS NOT NULL THEN
            RAISE EXCEPTION 'request_cache_flush: % not a server id: %',
                CASE WHEN cardinality(v_unknown) = 1 THEN 'is' ELSE 'are' END, array_to_string(v_unknown, ', ')
                USING ERRCODE = 'P0002';
        END IF;
    ELSIF p_server_ids IS NOT NULL THEN
        RAISE EXCEPTION 'request_cache_flush: server ids are only allowed with scope "servers"' USING ERRCODE = '22023';
    END IF;
    IF p_scope = 'keys' THEN
        IF p_cache_keys IS NULL OR cardinality(p_cache_keys) = 0 THEN
            RAISE EXCEPTION 'request_cache_flush: scope "keys" needs at least one cache key' USING ERRCODE = '22023';
        END IF;
        IF EXISTS (SELECT 1 FROM unnest(p_cache_keys) AS k WHERE k IS NULL OR btrim(k) = '') THEN
            RAISE EXCEPTION 'request_cache_flush: cache keys must not be empty' USING ERRCODE = '22023';
        END IF;
    ELSIF p_cache_keys IS NOT NULL THEN
        RAISE EXCEPTION 'request_cache_flush: cache keys are only allowed with scope "keys"' USING ERRCODE = '22023';
    END IF;

    INSERT INTO webfarm.flush_request (requested_by, client_addr, application_name, scope, server_ids, cache_keys, reason)
    VALUES (session_user, inet_client_addr(), nullif(current_setting('application_name', true), ''), p_scope,
        p_server_ids, p_cache_keys, p_reason)
    RETURNING id INTO v_request_id;

    INSERT INTO webfarm.task (type, target, text_data, creator_server_id, is_memory, flush_request_id)
    VALUES ('CLEAR_CACHE',
        CASE p_scope WHEN 'keys' THEN array_to_string(p_cache_keys, E'\n') ELSE NULL END,
        p_reason, NULL, true, v_request_id)
    RETURNING id INTO v_task_id;

    UPDATE webfarm.flush_request SET task_id = v_task_id WHERE id = v_request_id;

    INSERT INTO webfarm.server_task (task_id, server_id)
    SELECT v_task_id, s.id
    FROM webfarm.server s
    WHERE s.enabled AND s.stopped_at IS NULL
      AND (p_scope <> 'servers' OR s.id = ANY (p_server_ids));
    GET DIAGNOSTICS v_targets = ROW_COUNT;
    IF v_targets = 0 THEN
        RAISE NOTICE 'request_cache_flush: no enabled, running server is targeted; request % has no deliveries', v_request_id;
    END IF;
    RETURN v_request_id;
END;
$$;
