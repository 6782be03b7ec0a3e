-- The farm benchmark's baseline (scripts/bench --only farm): the installed schema webfarm without
-- its monitoring machinery, so that pgbench can measure what that machinery costs the instances'
-- own writes (DESIGN.md section 5: at most 5 %).
--
-- Applied after `paddock schema install`. Generic on purpose, so that it still applies when the
-- migrations change: it finds the machinery in the catalogue instead of naming it.
--   * every trigger on a table of schema webfarm (the non-internal ones: foreign keys stay);
--   * every index of schema webfarm on, or with an expression or predicate over, a transaction id
--     column (xid8, or xid), and every index named like '%_xid%';
--   * the defaults of those transaction id columns (so that no row pays for pg_current_xact_id());
--   * the settings of schema webfarm's own (webfarm.*) that functions set on every call.
-- Every table, column and function of the contract stays, so that the same pgbench script runs on
-- both databases: the columns stay too, as functions may still write them. Constraint indexes
-- (primary keys, unique constraints) are keys, not machinery: they are kept, and said so.
-- Prints (NOTICE) everything it removes.

DO $$
DECLARE
    r record;
    n_triggers int := 0;
    n_indexes int := 0;
    n_defaults int := 0;
    n_settings int := 0;
BEGIN
    IF to_regnamespace('webfarm') IS NULL THEN
        RAISE EXCEPTION 'without-monitoring: no schema webfarm in database %', current_database()
            USING HINT = 'Install it first: paddock schema install --connect ...';
    END IF;

    -- Triggers. A trigger cloned onto a partition (tgparentid <> 0) goes with its parent's.
    FOR r IN
        SELECT t.tgname, c.relname
        FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relnamespace = 'webfarm'::regnamespace
          AND NOT t.tgisinternal
          AND t.tgparentid = 0
        ORDER BY c.relname, t.tgname
    LOOP
        EXECUTE format('DROP TRIGGER %I ON webfarm.%I', r.tgname, r.relname);
        RAISE NOTICE 'without monitoring: dropped trigger % on webfarm.%', r.tgname, r.relname;
        n_triggers := n_triggers + 1;
    END LOOP;

    -- Indexes over a transaction id column: an index depends (pg_depend) on every column of its
    -- key, its expressions and its predicate. An index attached to a partitioned index goes with it.
    FOR r IN
        SELECT ic.relname AS index_name, tc.relname AS table_name,
               con.conname AS constraint_name
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_class tc ON tc.oid = i.indrelid
        LEFT JOIN pg_constraint con ON con.conindid = ic.oid AND con.contype IN ('p', 'u', 'x')
        WHERE ic.relnamespace = 'webfarm'::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = ic.oid)
          AND (ic.relname LIKE '%\_xid%'
               OR EXISTS (
                   SELECT 1
                   FROM pg_depend d
                   JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                   WHERE d.classid = 'pg_class'::regclass
                     AND d.objid = ic.oid
                     AND d.refclassid = 'pg_class'::regclass
                     AND d.refobjid = tc.oid
                     AND d.refobjsubid > 0
                     AND a.atttypid IN ('xid8'::regtype, 'xid'::regtype))
               -- A constraint's index depends on the constraint, not on the columns: its key says it.
               OR EXISTS (
                   SELECT 1
                   FROM pg_attribute a
                   WHERE a.attrelid = tc.oid
                     AND a.attnum = ANY (i.indkey::int2[])
                     AND a.atttypid IN ('xid8'::regtype, 'xid'::regtype)))
        ORDER BY tc.relname, ic.relname
    LOOP
        IF r.constraint_name IS NOT NULL THEN
            RAISE NOTICE 'without monitoring: kept index webfarm.% on webfarm.%: it backs constraint %',
                r.index_name, r.table_name, r.constraint_name;
            CONTINUE;
        END IF;
        EXECUTE format('DROP INDEX webfarm.%I', r.index_name);
        RAISE NOTICE 'without monitoring: dropped index webfarm.% on webfarm.%', r.index_name, r.table_name;
        n_indexes := n_indexes + 1;
    END LOOP;

    -- Defaults of transaction id columns. Dropping a partitioned table's default drops its
    -- partitions' too; a partition's default left after that (its own) is dropped in the second pass.
    FOR pass IN 1..2 LOOP
        FOR r IN
            SELECT c.relname, a.attname, pg_get_expr(ad.adbin, ad.adrelid) AS default_expr
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
            WHERE c.relnamespace = 'webfarm'::regnamespace
              AND c.relkind IN ('r', 'p')
              AND (pass = 2 OR NOT c.relispartition)
              AND a.attnum > 0
              AND NOT a.attisdropped
              AND a.attgenerated = ''
              AND a.atttypid IN ('xid8'::regtype, 'xid'::regtype)
            ORDER BY c.relname, a.attname
        LOOP
            EXECUTE format('ALTER TABLE webfarm.%I ALTER COLUMN %I DROP DEFAULT', r.relname, r.attname);
            RAISE NOTICE '%', format('without monitoring: dropped default %s of webfarm.%I.%I%s',
                r.default_expr, r.relname, r.attname,
                CASE WHEN pass = 1 AND EXISTS (SELECT 1 FROM pg_inherits h
                                               WHERE h.inhparent = format('webfarm.%I', r.relname)::regclass)
                     THEN ' (and of its partitions)' ELSE '' END);
            n_defaults := n_defaults + 1;
        END LOOP;
    END LOOP;

    -- Settings a function sets on every call, of the schema's own namespace (not search_path).
    FOR r IN
        SELECT p.oid::regprocedure AS function_name, split_part(c.setting, '=', 1) AS setting_name
        FROM pg_proc p
        CROSS JOIN LATERAL unnest(p.proconfig) AS c(setting)
        WHERE p.pronamespace = 'webfarm'::regnamespace
          AND c.setting LIKE 'webfarm.%'
        ORDER BY 1, 2
    LOOP
        EXECUTE format('ALTER FUNCTION %s RESET %s', r.function_name, r.setting_name);
        RAISE NOTICE 'without monitoring: function % no longer sets %', r.function_name, r.setting_name;
        n_settings := n_settings + 1;
    END LOOP;

    RAISE NOTICE 'without monitoring: removed % triggers, % indexes, % column defaults, % function settings',
        n_triggers, n_indexes, n_defaults, n_settings;
END;
$$;
