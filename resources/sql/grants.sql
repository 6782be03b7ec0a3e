-- Roles and privileges of DESIGN.md section 2. Run after every install or upgrade; idempotent.
-- Roles are cluster-wide and may already exist (another database of the cluster, a previous run).
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['webfarm_monitor', 'webfarm_operator', 'webfarm_instance'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- created concurrently by another installer
            END;
        END IF;
    END LOOP;
    -- Checked first: re-granting concurrently from two databases can fail on pg_auth_members.
    IF NOT pg_catalog.pg_has_role('webfarm_operator', 'webfarm_monitor', 'MEMBER') THEN
        GRANT webfarm_monitor TO webfarm_operator;
    END IF;
END;
$$;

REVOKE ALL ON SCHEMA webfarm FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA webfarm FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA webfarm FROM PUBLIC;

GRANT USAGE ON SCHEMA webfarm TO webfarm_monitor, webfarm_operator, webfarm_instance;

GRANT SELECT ON ALL TABLES IN SCHEMA webfarm TO webfarm_monitor;
GRANT EXECUTE ON FUNCTION webfarm.request_cache_flush(text, bigint[], text[], text) TO webfarm_operator;

GRANT EXECUTE ON FUNCTION
    webfarm.register_server(text, text, text, text, text),
    webfarm.heartbeat(bigint, timestamptz, bigint, bigint, bigint, bigint),
    webfarm.create_task(bigint, text, text, text, boolean),
    webfarm.fetch_tasks(bigint, int),
    webfarm.complete_task(bigint, bigint, text),
    webfarm.register_storage(text, text, text),
    webfarm.report_storage_probe(bigint, text, boolean, double precision, bigint, text),
    webfarm.log_event(bigint, text, text),
    webfarm.stop_server(bigint)
TO webfarm_instance;

-- The functions of later versions, once their migration has made them (this file runs after each).
DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY[
        'webfarm.register_scheduled_task(text, integer, integer)',
        'webfarm.claim_scheduled_tasks(bigint, integer)',
        'webfarm.start_manual_run(bigint, text)',
        'webfarm.finish_scheduled_run(bigint, bigint, text)'] LOOP
        IF pg_catalog.to_regprocedure(f) IS NOT NULL THEN
            EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO webfarm_instance', f);
        END IF;
    END LOOP;
END;
$$;
