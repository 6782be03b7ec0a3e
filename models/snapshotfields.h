#pragma once

#include "snapshotcodec.h"

#include <concepts>

// The field list of each type the flight recorder's snapshots hold, for SnapshotCodec alone
// (snapshotcodec.cpp): walked by its writer and by its reader alike, so that the two cannot drift
// apart. Keys are the report's where the report has the figure.
namespace Paddock::SnapshotFields {

template<typename Row, typename T>
concept Is = std::same_as<std::remove_const_t<Row>, T>;

template<typename Visit, Is<LatencyStats> Row> void fields(Visit& visit, Row& stats)
{
    visit("count", stats.count);
    visit("p50", stats.p50);
    visit("p95", stats.p95);
    visit("p99", stats.p99);
    visit("max", stats.max);
}

template<typename Visit, Is<ServerRow> Row> void fields(Visit& visit, Row& row)
{
    visit("id", row.id);
    visit("name", row.name);
    visit("display_name", row.displayName);
    visit("host", row.host);
    visit("zone", row.zone);
    visit("version", row.version);
    visit("enabled", row.enabled);
    visit("registered_at", row.registeredAt);
    visit("started_at", row.startedAt);
    visit("stopped_at", row.stoppedAt);
}

template<typename Visit, Is<ServerFigures> Row> void fields(Visit& visit, Row& figures)
{
    visit("server", figures.server);
    visit("status", figures.status);
    visit("reasons", figures.reasons);
    visit("last_heartbeat_age_s", figures.lastHeartbeatAgeS);
    visit("clock_skew_ms", figures.clockSkewMs);
    visit("backlog", figures.backlog);
    visit("oldest_pending_age_s", figures.oldestPendingAgeS);
    visit("deliveries_processed_per_s", figures.deliveriesProcessedPerS);
    visit("deliveries_processed", figures.deliveriesProcessed);
    visit("deliveries_failed", figures.deliveriesFailed);
    visit("cache_hit_ratio", figures.cacheHitRatio);
    visit("cache_items", figures.cacheItems);
    visit("memory_bytes", figures.memoryBytes);
    visit("cache_latency", figures.cacheLatency);
    visit("version_skew", figures.versionSkew);
}

template<typename Visit, Is<StorageRow> Row> void fields(Visit& visit, Row& row)
{
    visit("id", row.id);
    visit("name", row.name);
    visit("kind", row.kind);
    visit("location", row.location);
}

template<typename Visit, Is<StorageFigures> Row> void fields(Visit& visit, Row& figures)
{
    visit("storage", figures.storage);
    visit("status", figures.status);
    visit("probe_latency_p95_ms", figures.probeLatencyP95Ms);
    visit("failing_servers", figures.failingServers);
    visit("probing_servers", figures.probingServers);
}

template<typename Visit, Is<FlushTargetRow> Row> void fields(Visit& visit, Row& row)
{
    visit("server_id", row.serverId);
    visit("processed_at", row.processedAt);
    visit("error_message", row.errorMessage);
}

template<typename Visit, Is<FlushRequestRow> Row> void fields(Visit& visit, Row& request)
{
    visit("id", request.id);
    visit("requested_at", request.requestedAt);
    visit("requested_by", request.requestedBy);
    visit("client_addr", request.clientAddr);
    visit("application_name", request.applicationName);
    visit("scope", request.scope);
    visit("server_ids", request.serverIds);
    visit("cache_keys", request.cacheKeys);
    visit("reason", request.reason);
    visit("task_id", request.taskId);
    visit("targets", request.targets);
}

template<typename Visit, Is<FlushTargetProgress> Row> void fields(Visit& visit, Row& target)
{
    visit("server_id", target.serverId);
    visit("server_name", target.serverName);
    visit("state", target.state);
    visit("ack_ms", target.ackMs);
    visit("pending_for_s", target.pendingForS);
    visit("error", target.error);
}

template<typename Visit, Is<FlushProgress> Row> void fields(Visit& visit, Row& progress)
{
    visit("request", progress.request);
    visit("targets", progress.targets);
    visit("acknowledged", progress.acknowledged);
    visit("failed", progress.failed);
    visit("pending", progress.pending);
    visit("slowest_ack_ms", progress.slowestAckMs);
    visit("per_target", progress.perTarget);
}

template<typename Visit, Is<FarmFigures> Row> void fields(Visit& visit, Row& farm)
{
    visit("servers", farm.servers);
    visit("by_status", farm.byStatus);
    visit("tasks_created_per_s", farm.tasksCreatedPerS);
    visit("tasks_created", farm.tasksCreated);
    visit("deliveries_processed_per_s", farm.deliveriesProcessedPerS);
    visit("deliveries_processed", farm.deliveriesProcessed);
    visit("deliveries_failed", farm.deliveriesFailed);
    visit("backlog", farm.backlog);
    visit("cache_latency", farm.cacheLatency);
    visit("tasks_created_per_s_by_type", farm.tasksCreatedPerSByType);
    visit("deliveries_processed_per_s_by_type", farm.deliveriesProcessedPerSByType);
    visit("versions", farm.versions);
}

template<typename Visit, Is<RedisFigures> Row> void fields(Visit& visit, Row& redis)
{
    visit("address", redis.address);
    visit("status", redis.status);
    visit("reasons", redis.reasons);
    visit("version", redis.version);
    visit("role", redis.role);
    visit("ping_ms_p50", redis.pingP50Ms);
    visit("ping_ms_p99", redis.pingP99Ms);
    visit("hit_ratio", redis.hitRatio);
    visit("hits_per_s", redis.hitsPerS);
    visit("misses_per_s", redis.missesPerS);
    visit("evicted_keys_per_s", redis.evictedKeysPerS);
    visit("expired_keys_per_s", redis.expiredKeysPerS);
    visit("ops_per_s", redis.opsPerS);
    visit("evicted_keys", redis.evictedKeys);
    visit("used_memory_bytes", redis.usedMemoryBytes);
    visit("maxmemory_bytes", redis.maxMemoryBytes);
    visit("connected_clients", redis.connectedClients);
    visit("instances_connected", redis.instancesConnected);
    visit("instances_missing", redis.instancesMissing);
    visit("backplane_subscribers", redis.backplaneSubscribers);
    visit("cannot_see", redis.cannotSee);
    visit("sampled_s", redis.sampledS);
    visit("sampled_at", redis.sampledAt);
}

template<typename Visit, Is<SessionRow> Row> void fields(Visit& visit, Row& row)
{
    visit("pid", row.pid);
    visit("application_name", row.applicationName);
    visit("user", row.user);
    visit("client_addr", row.clientAddr);
    visit("database", row.database);
    visit("visible", row.visible);
    visit("own", row.own);
    visit("state", row.state);
    visit("wait_event_type", row.waitEventType);
    visit("wait_event", row.waitEvent);
    visit("backend_start", row.backendStart);
    visit("xact_start", row.xactStart);
    visit("state_change", row.stateChange);
    visit("query", row.query);
    visit("blocked_by", row.blockedBy);
    visit("lock_wait_start", row.lockWaitStart);
}

template<typename Visit, Is<DatabaseSession> Row> void fields(Visit& visit, Row& session)
{
    visit("session", session.row);
    visit("instance", session.instance);
    visit("transaction_age_s", session.transactionAgeS);
    visit("waiting_s", session.waitingS);
    visit("blocking", session.blocking);
}

template<typename Visit, Is<RelationRow> Row> void fields(Visit& visit, Row& row)
{
    visit("name", row.name);
    visit("bytes", row.bytes);
    visit("live_rows", row.liveRows);
    visit("dead_rows", row.deadRows);
    visit("last_vacuum", row.lastVacuum);
}

template<typename Visit, Is<StandbyRow> Row> void fields(Visit& visit, Row& row)
{
    visit("name", row.name);
    visit("client_addr", row.clientAddr);
    visit("state", row.state);
    visit("replay_lag_s", row.replayLagS);
}

// Every session of a large farm at every second would outweigh the rest of the snapshot: the
// recording keeps the notable ones (blocked, blocking, in a transaction).
template<typename Visit, Is<DatabaseFigures> Row> void fields(Visit& visit, Row& database)
{
    visit("role", database.role);
    visit("status", database.status);
    visit("reasons", database.reasons);
    visit("replay_lag_s", database.replayLagS);
    visit("connections", database.connections);
    visit("max_connections", database.maxConnections);
    visit("sessions_by_instance", database.sessionsByInstance);
    visit("blocked_sessions", database.blockedSessions);
    visit("blocked_instances", database.blockedInstances);
    visit("oldest_transaction_age_s", database.oldestTransactionAgeS);
    visit("oldest_transaction_pid", database.oldestTransactionPid);
    visit("tables", database.tables);
    visit("tables_read", database.tablesRead);
    visit("standbys", database.standbys);
    visit("notable", database.notable);
    visit("cannot_see", database.cannotSee);
}

template<typename Visit, Is<ScheduledTaskRow> Row> void fields(Visit& visit, Row& row)
{
    visit("id", row.id);
    visit("name", row.name);
    visit("interval_s", row.intervalS);
    visit("enabled", row.enabled);
    visit("next_run_at", row.nextRunAt);
    visit("timeout_s", row.timeoutS);
}

template<typename Visit, Is<ScheduledFigures> Row> void fields(Visit& visit, Row& scheduled)
{
    visit("task", scheduled.task);
    visit("status", scheduled.status);
    visit("reasons", scheduled.reasons);
    visit("last_server", scheduled.lastServer);
    visit("last_started_at", scheduled.lastStartedAt);
    visit("last_duration_s", scheduled.lastDurationS);
    visit("last_outcome", scheduled.lastOutcome);
    visit("last_error", scheduled.lastError);
    visit("next_due_at", scheduled.nextDueAt);
    visit("late_s", scheduled.lateS);
    visit("running_on", scheduled.runningOn);
    visit("running_for_s", scheduled.runningForS);
    visit("abandoned_on", scheduled.abandonedOn);
    visit("runs_in_window", scheduled.runsInWindow);
    visit("missed_in_window", scheduled.missedInWindow);
    visit("duplicates_in_window", scheduled.duplicatesInWindow);
    visit("failed_in_window", scheduled.failedInWindow);
}

template<typename Visit, Is<FarmSnapshot> Row> void fields(Visit& visit, Row& snapshot)
{
    visit("generated_at", snapshot.generatedAt);
    visit("window_s", snapshot.windowS);
    visit("schema_version", snapshot.schemaVersion);
    visit("farm", snapshot.farm);
    visit("servers", snapshot.servers);
    visit("storage", snapshot.storage);
    visit("flushes", snapshot.flushes);
    visit("ignored_rows", snapshot.ignoredRows);
    visit("redis", snapshot.redis);
    visit("database", snapshot.database);
    visit("scheduled", snapshot.scheduled);
}

template<typename Visit, Is<ProbeRow> Row> void fields(Visit& visit, Row& row)
{
    visit("storage_id", row.storageId);
    visit("server_id", row.serverId);
    visit("probed_at", row.probedAt);
    visit("ok", row.ok);
    visit("latency_ms", row.latencyMs);
    visit("free_bytes", row.freeBytes);
    visit("error", row.error);
}

template<typename Visit, Is<RecordedSnapshot> Row> void fields(Visit& visit, Row& recorded)
{
    visit("snapshot", recorded.snapshot);
    visit("latest_probes", recorded.latestProbes);
    visit("server_names", recorded.serverNames);
}

// A type with a field list above.
template<typename T>
concept Record = requires(T& value, void (*visit)(const char*, int&))
{
    fields(visit, value);
};

} // namespace Paddock::SnapshotFields
