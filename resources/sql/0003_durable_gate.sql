-- Version 3: notifications survive a crash and a promotion.
--
-- Version 2 kept the notification gate in an UNLOGGED table. PostgreSQL empties such a table after
-- a crash, and a standby never has its rows: after a crash or a failover the gate row was gone,
-- webfarm.notify_changed() found nothing to claim and never notified again, while every dashboard
-- still said "notifications on". A logged gate costs one small WAL record per 100 ms at most.
ALTER TABLE webfarm.notify_gate SET LOGGED;
INSERT INTO webfarm.notify_gate (channel, last_at) VALUES ('webfarm_changed', '-infinity')
    ON CONFLICT (channel) DO NOTHING;
