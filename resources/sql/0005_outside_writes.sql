-- Version 5: the backlog is kept by the reader from one refresh to the next, not counted whole at
-- every refresh (docs/backlog.md).
--
-- The three functions that add or complete deliveries (create_task, request_cache_flush,
-- complete_task) mark their own writes with the setting webfarm.counted: a reader accounts for
-- them from the rows it reads anyway (the new tasks' deliveries, the newly processed deliveries).
-- Any other write to a delivery (a script, a cascade from a deleted task or instance, a reset of
-- processed_at, a TRUNCATE) leaves its transaction's id in webfarm.outside_write, in the same
-- transaction: the reader, which reads that table's new rows as it reads the history (by
-- transaction id, docs/watermark.md), counts the backlog afresh in the very read that first sees
-- the write. The functions' own writes run no trigger function for it.

-- step: the functions that account for their deliveries say so | lock: none (catalog only)
ALTER FUNCTION webfarm.create_task(bigint, text, text, text, boolean) SET webfarm.counted = 'on';
ALTER FUNCTION webfarm.complete_task(bigint, bigint, text) SET webfarm.counted = 'on';
ALTER FUNCTION webfarm.request_cache_flush(text, bigint[], text[], text) SET webfarm.counted = 'on';

-- step: every other write to a delivery is noted in webfarm.outside_write | lock: SHARE ROW EXCLUSIVE on webfarm.server_task, catalog only
CREATE TABLE IF NOT EXISTS webfarm.outside_write (
    xid xid8 PRIMARY KEY DEFAULT pg_current_xact_id(),
    written_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE OR REPLACE FUNCTION webfarm.note_outside_write()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- One row per transaction; a reader needs it for a few seconds, a day is plenty.
    INSERT INTO webfarm.outside_write DEFAULT VALUES ON CONFLICT (xid) DO NOTHING;
    IF FOUND THEN
        DELETE FROM webfarm.outside_write WHERE written_at < clock_timestamp() - interval '1 day';
    END IF;
    RETURN NULL;
END;
$$;

-- Row triggers, so that writes aimed at one partition and the foreign keys' cascades are seen too.
DROP TRIGGER IF EXISTS outside_write ON webfarm.server_task;
CREATE TRIGGER outside_write AFTER INSERT OR UPDATE OR DELETE ON webfarm.server_task FOR EACH ROW
    WHEN (current_setting('webfarm.counted', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION webfarm.note_outside_write();
DROP TRIGGER IF EXISTS outside_write_truncate ON webfarm.server_task;
CREATE TRIGGER outside_write_truncate AFTER TRUNCATE ON webfarm.server_task FOR EACH STATEMENT
    EXECUTE FUNCTION webfarm.note_outside_write();
