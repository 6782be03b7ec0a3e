-- Version 2: what Paddock's live engine needs to stay light on the database.
--
-- 1. Commit-ordered change tracking. Each row records the transaction that wrote it (xid8). A
--    reader that keeps the snapshot of its previous read selects exactly the rows committed since
--    (`NOT pg_visible_in_snapshot(xid, previous)`), whatever their timestamps or ids: a transaction
--    that commits late is neither lost nor counted twice. New columns are added without a default
--    first so that a large table is not rewritten; rows from before the upgrade keep NULL.
-- 2. The oldest pending delivery of an instance from an index, without touching the history.
-- 3. Coalesced NOTIFY webfarm_changed: at most one per 100 ms across the farm.

ALTER TABLE webfarm.task ADD COLUMN created_xid xid8;
ALTER TABLE webfarm.task ALTER COLUMN created_xid SET DEFAULT pg_current_xact_id();
CREATE INDEX task_created_xid ON webfarm.task (created_xid) WHERE created_xid IS NOT NULL;

ALTER TABLE webfarm.heartbeat ADD COLUMN xid xid8;
ALTER TABLE webfarm.heartbeat ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
CREATE INDEX heartbeat_xid ON webfarm.heartbeat (xid) WHERE xid IS NOT NULL;

ALTER TABLE webfarm.storage_probe ADD COLUMN xid xid8;
ALTER TABLE webfarm.storage_probe ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
CREATE INDEX storage_probe_xid ON webfarm.storage_probe (xid) WHERE xid IS NOT NULL;

ALTER TABLE webfarm.server_log ADD COLUMN xid xid8;
ALTER TABLE webfarm.server_log ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
CREATE INDEX server_log_xid ON webfarm.server_log (xid) WHERE xid IS NOT NULL;

ALTER TABLE webfarm.server_task ADD COLUMN processed_xid xid8;
ALTER TABLE webfarm.server_task ADD COLUMN task_created_at timestamptz;
CREATE INDEX server_task_processed_xid ON webfarm.server_task (processed_xid) WHERE processed_xid IS NOT NULL;
CREATE INDEX server_task_pending_age ON webfarm.server_task (server_id, task_created_at) WHERE processed_at IS NULL;
-- The failed-deliveries browser pages through failures, newest first, without walking the successes.
CREATE INDEX server_task_failed ON webfarm.server_task (processed_at) WHERE error_message IS NOT NULL;

CREATE FUNCTION webfarm.server_task_stamp()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.task_created_at IS NULL THEN
            SELECT t.created_at INTO NEW.task_created_at FROM webfarm.task t WHERE t.id = NEW.task_id;
        END IF;
        IF NEW.processed_at IS NOT NULL THEN
            NEW.processed_xid := pg_current_xact_id();
        END IF;
    ELSIF NEW.processed_at IS DISTINCT FROM OLD.processed_at OR NEW.error_message IS DISTINCT FROM OLD.error_message THEN
        NEW.processed_xid := CASE WHEN NEW.processed_at IS NULL THEN NULL ELSE pg_current_xact_id() END;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER server_task_stamp BEFORE INSERT OR UPDATE ON webfarm.server_task
    FOR EACH ROW EXECUTE FUNCTION webfarm.server_task_stamp();

UPDATE webfarm.server_task st SET task_created_at = t.created_at
FROM webfarm.task t WHERE t.id = st.task_id AND st.processed_at IS NULL;

-- The deliveries carry their task's creation time from the start, so that the trigger does not look it up.
CREATE OR REPLACE FUNCTION webfarm.create_task(p_creator_server_id bigint, p_type text, p_target text,
    p_text_data text DEFAULT NULL, p_is_memory boolean DEFAULT true)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_task_id bigint;
    v_created_at timestamptz;
BEGIN
    IF p_type IS NULL OR btrim(p_type) = '' THEN
        RAISE EXCEPTION 'create_task: the task type must not be empty' USING ERRCODE = '22023';
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

-- Wakes listeners at most once per 100 ms: the gate row is claimed with SKIP LOCKED so that
-- writers never wait for each other, and a writer that finds the gate closed stays silent (the
-- listener's poll is the safety net for the few milliseconds in between).
CREATE UNLOGGED TABLE webfarm.notify_gate (
    channel text PRIMARY KEY,
    last_at timestamptz NOT NULL
);
INSERT INTO webfarm.notify_gate (channel, last_at) VALUES ('webfarm_changed', '-infinity');

CREATE FUNCTION webfarm.notify_changed()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    UPDATE webfarm.notify_gate g SET last_at = clock_timestamp()
    WHERE g.ctid = (
        SELECT ctid FROM webfarm.notify_gate
        WHERE channel = 'webfarm_changed' AND last_at < clock_timestamp() - interval '100 milliseconds'
        FOR UPDATE SKIP LOCKED);
    IF FOUND THEN
        PERFORM pg_notify('webfarm_changed', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER notify_changed AFTER INSERT OR UPDATE ON webfarm.server_task
    FOR EACH STATEMENT EXECUTE FUNCTION webfarm.notify_changed();
CREATE TRIGGER notify_changed AFTER INSERT ON webfarm.heartbeat
    FOR EACH STATEMENT EXECUTE FUNCTION webfarm.notify_changed();
CREATE TRIGGER notify_changed AFTER INSERT ON webfarm.storage_probe
    FOR EACH STATEMENT EXECUTE FUNCTION webfarm.notify_changed();
CREATE TRIGGER notify_changed AFTER INSERT ON webfarm.server_log
    FOR EACH STATEMENT EXECUTE FUNCTION webfarm.notify_changed();
CREATE TRIGGER notify_changed AFTER INSERT OR UPDATE ON webfarm.server
    FOR EACH STATEMENT EXECUTE FUNCTION webfarm.notify_changed();
CREATE TRIGGER notify_changed AFTER INSERT OR UPDATE ON webfarm.flush_request
    FOR EACH STATEMENT EXECUTE FUNCTION webfarm.notify_changed();
