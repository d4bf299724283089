// The sections of INFO, with Redis 7.2's field names in Redis's order. Every value is true of this
// server: fields about subsystems Respite does not have yet report their idle state (no fork, no
// replica, no AOF), and fields that would need measurements we do not take are left out (see the
// list in docs/COMPATIBILITY.md) rather than invented.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { commandHistogram } from '../../server/latency-histogram.ts';
import { metricsOf } from '../../server/metrics.ts';
import type { Server } from '../../server/server.ts';
import { trackingTotals } from '../../server/tracking.ts';
import { REDIS_VERSION, RESPITE_VERSION } from '../../server/version.ts';
import { formatPercentile } from '../../server/config-parse.ts';

type Fields = [string, string | number][];

/** Redis's bytesToHuman. */
export function bytesToHuman(n: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (n < 1024) return `${n}B`;
  let d = n / 1024;
  for (let i = 0; i < units.length; i++, d /= 1024) if (d < 1024 || i === units.length - 1) return `${d.toFixed(2)}${units[i]!}`;
  return `${n}B`;
}

function rssBytes(): number {
  try {
    const pages = Number(readFileSync('/proc/self/statm', 'latin1').split(' ')[1]);
    return pages * 4096;
  } catch {
    return process.memoryUsage().rss;
  }
}

const BUILD_ID = createHash('sha1').update(`respite-${RESPITE_VERSION}`).digest('hex').slice(0, 16);
const OS = `${os.type()} ${os.release()} ${os.machine()}`;

function server(s: Server): Fields {
  const now = s.clock.now();
  const up = Math.floor((now - s.startedAt) / 1000);
  const v = s.config.values;
  const binds = v.bind.map((b) => `bind=${b}`).join(',');
  const f: Fields = [
    ['redis_version', REDIS_VERSION],
    ['respite_version', RESPITE_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', BUILD_ID],
    ['redis_mode', 'standalone'],
    ['os', OS],
    ['arch_bits', 64],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', 'epoll'],
    ['atomicvar_api', 'c11-builtin'],
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', s.runId],
    ['tcp_port', s.port],
    ['server_time_usec', now * 1000],
    ['uptime_in_seconds', up],
    ['uptime_in_days', Math.floor(up / 86400)],
    ['hz', v.hz],
    ['configured_hz', v.hz],
    ['lru_clock', Math.floor(now / 1000) & 0xffffff],
    ['executable', process.argv[1] !== undefined ? resolve(process.argv[1]) : ''],
    ['config_file', s.config.file ?? ''],
    ['io_threads_active', 0],
  ];
  let n = 0;
  if (s.port !== 0) f.push([`listener${n++}`, `name=tcp,${binds},port=${s.port}`]);
  if (v.unixsocket !== '') f.push([`listener${n++}`, `name=unix,bind=${v.unixsocket}`]);
  return f;
}

function clients(s: Server): Fields {
  let blocked = 0;
  let maxIn = 0;
  let maxOut = 0;
  let pubsub = 0;
  let watching = 0;
  for (const c of s.clients.values()) {
    if (c.blocked) blocked++;
    if (c.pubsub !== null) pubsub++;
    if (c.watched !== null) watching++;
    if (c.parser.pending > maxIn) maxIn = c.parser.pending;
    if (c.w.len > maxOut) maxOut = c.w.len;
  }
  return [
    ['connected_clients', s.clients.size],
    ['cluster_connections', 0],
    ['maxclients', s.config.values.maxclients],
    ['client_recent_max_input_buffer', maxIn],
    ['client_recent_max_output_buffer', maxOut],
    ['blocked_clients', blocked],
    ['tracking_clients', trackingTotals(s).clients],
    ['pubsub_clients', pubsub],
    ['watching_clients', watching],
    ['clients_in_timeout_table', 0],
    // Distinct keys per database, as Redis sums its databases' watched_keys dicts.
    ['total_watched_keys', s.watches.byDb.reduce((n, m) => n + m.size, 0)],
    ['total_blocking_keys', s.blocking.blockingKeys],
    ['total_blocking_keys_on_nokey', 0],
  ];
}

function ratio(a: number, b: number): string {
  return b === 0 ? '0.00' : (a / b).toFixed(2);
}

function memory(s: Server): Fields {
  const mu = process.memoryUsage();
  const used = mu.heapUsed + mu.external;
  const active = mu.heapTotal + mu.external;
  const rss = rssBytes();
  const m = metricsOf(s);
  if (used > m.peakMemory) m.peakMemory = used;
  if (m.startupMemory === 0) m.startupMemory = used;
  let clientBufs = 0;
  for (const c of s.clients.values()) clientBufs += c.w.len + c.parser.pending;
  const overhead = Math.min(used, m.startupMemory + clientBufs);
  const dataset = used - overhead;
  const maxmemory = s.config.values.maxmemory as number;
  const total = os.totalmem();
  return [
    ['used_memory', used],
    ['used_memory_human', bytesToHuman(used)],
    ['used_memory_rss', rss],
    ['used_memory_rss_human', bytesToHuman(rss)],
    ['used_memory_peak', m.peakMemory],
    ['used_memory_peak_human', bytesToHuman(m.peakMemory)],
    ['used_memory_peak_perc', `${((used * 100) / m.peakMemory).toFixed(2)}%`],
    ['used_memory_overhead', overhead],
    ['used_memory_startup', m.startupMemory],
    ['used_memory_dataset', dataset],
    ['used_memory_dataset_perc', `${(used - m.startupMemory > 0 ? (dataset * 100) / (used - m.startupMemory) : 0).toFixed(2)}%`],
    ['allocator_allocated', used],
    ['allocator_active', active],
    ['allocator_resident', rss],
    ['total_system_memory', total],
    ['total_system_memory_human', bytesToHuman(total)],
    ['used_memory_lua', 0],
    ['used_memory_vm_eval', 0],
    ['used_memory_lua_human', '0B'],
    ['used_memory_scripts_eval', 0],
    ['number_of_cached_scripts', 0],
    ['number_of_functions', 0],
    ['number_of_libraries', 0],
    ['used_memory_vm_functions', 0],
    ['used_memory_vm_total', 0],
    ['used_memory_vm_total_human', '0B'],
    ['used_memory_functions', 0],
    ['used_memory_scripts', 0],
    ['used_memory_scripts_human', '0B'],
    ['maxmemory', maxmemory],
    ['maxmemory_human', bytesToHuman(maxmemory)],
    ['maxmemory_policy', s.config.values['maxmemory-policy'] as string],
    ['allocator_frag_ratio', ratio(active, used)],
    ['allocator_frag_bytes', active - used],
    ['allocator_rss_ratio', ratio(rss, active)],
    ['allocator_rss_bytes', rss - active],
    ['rss_overhead_ratio', '1.00'],
    ['rss_overhead_bytes', 0],
    ['mem_fragmentation_ratio', ratio(rss, used)],
    ['mem_fragmentation_bytes', rss - used],
    ['mem_not_counted_for_evict', 0],
    ['mem_replication_backlog', 0],
    ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0],
    ['mem_clients_normal', clientBufs],
    ['mem_cluster_links', 0],
    ['mem_aof_buffer', 0],
    ['mem_allocator', `v8-${process.versions.v8}`],
    ['active_defrag_running', 0],
    ['lazyfree_pending_objects', 0],
    ['lazyfreed_objects', 0],
  ];
}

function persistence(s: Server): Fields {
  return [
    ['loading', 0],
    ['async_loading', 0],
    ['current_cow_peak', 0],
    ['current_cow_size', 0],
    ['current_cow_size_age', 0],
    ['current_fork_perc', '0.00'],
    ['current_save_keys_processed', 0],
    ['current_save_keys_total', 0],
    ['rdb_changes_since_last_save', s.keyspace.dirty],
    ['rdb_bgsave_in_progress', 0],
    ['rdb_last_save_time', Math.floor(s.startedAt / 1000)],
    ['rdb_last_bgsave_status', 'ok'],
    ['rdb_last_bgsave_time_sec', -1],
    ['rdb_current_bgsave_time_sec', -1],
    ['rdb_saves', 0],
    ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', 0],
    ['rdb_last_load_keys_loaded', 0],
    ['aof_enabled', 0],
    ['aof_rewrite_in_progress', 0],
    ['aof_rewrite_scheduled', 0],
    ['aof_last_rewrite_time_sec', -1],
    ['aof_current_rewrite_time_sec', -1],
    ['aof_last_bgrewrite_status', 'ok'],
    ['aof_rewrites', 0],
    ['aof_rewrites_consecutive_failures', 0],
    ['aof_last_write_status', 'ok'],
    ['aof_last_cow_size', 0],
    ['module_fork_in_progress', 0],
    ['module_fork_last_cow_size', 0],
  ];
}

function stats(s: Server): Fields {
  const st = s.stats;
  const ks = s.keyspace.stats;
  const m = metricsOf(s);
  const tracking = trackingTotals(s);
  return [
    ['total_connections_received', st.totalConnections],
    ['total_commands_processed', st.totalCommands],
    ['instantaneous_ops_per_sec', Math.trunc(m.ops.mean())],
    ['total_net_input_bytes', st.netInputBytes],
    ['total_net_output_bytes', st.netOutputBytes],
    ['total_net_repl_input_bytes', 0],
    ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', (m.netIn.mean() / 1024).toFixed(2)],
    ['instantaneous_output_kbps', (m.netOut.mean() / 1024).toFixed(2)],
    ['instantaneous_input_repl_kbps', '0.00'],
    ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', st.rejectedConnections],
    ['sync_full', 0],
    ['sync_partial_ok', 0],
    ['sync_partial_err', 0],
    ['expired_keys', ks.expiredKeys],
    ['expired_stale_perc', (ks.expiredStalePerc * 100).toFixed(2)],
    ['expired_time_cap_reached_count', ks.expiredTimeCapReachedCount],
    ['expire_cycle_cpu_milliseconds', Math.floor(ks.expireCycleTimeUsed / 1000)],
    ['evicted_keys', 0],
    ['evicted_clients', 0],
    ['total_eviction_exceeded_time', 0],
    ['current_eviction_exceeded_time', 0],
    ['keyspace_hits', ks.keyspaceHits],
    ['keyspace_misses', ks.keyspaceMisses],
    ['pubsub_channels', s.pubsub.channels.size],
    ['pubsub_patterns', s.pubsub.patterns.size],
    ['pubsubshard_channels', s.pubsub.shardChannels.size],
    ['latest_fork_usec', 0],
    ['total_forks', 0],
    ['migrate_cached_sockets', 0],
    ['slave_expires_tracked_keys', 0],
    ['active_defrag_hits', 0],
    ['active_defrag_misses', 0],
    ['active_defrag_key_hits', 0],
    ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0],
    ['current_active_defrag_time', 0],
    ['tracking_total_keys', tracking.keys],
    ['tracking_total_items', tracking.items],
    ['tracking_total_prefixes', tracking.prefixes],
    ['unexpected_error_replies', 0],
    ['total_error_replies', st.totalErrorReplies],
    ['dump_payload_sanitizations', 0],
    ['io_threaded_reads_processed', 0],
    ['io_threaded_writes_processed', 0],
    ['client_query_buffer_limit_disconnections', st.clientQueryBufferLimitDisconnections],
    ['client_output_buffer_limit_disconnections', st.clientOutputBufferLimitDisconnections],
    ['reply_buffer_shrinks', 0],
    ['reply_buffer_expands', 0],
    ['acl_access_denied_auth', 0],
    ['acl_access_denied_cmd', 0],
    ['acl_access_denied_key', 0],
    ['acl_access_denied_channel', 0],
  ];
}

function replication(s: Server): Fields {
  return [
    ['role', 'master'],
    ['connected_slaves', 0],
    ['master_failover_state', 'no-failover'],
    ['master_replid', metricsOf(s).replId],
    ['master_replid2', '0000000000000000000000000000000000000000'],
    ['master_repl_offset', 0],
    ['second_repl_offset', -1],
    ['repl_backlog_active', 0],
    ['repl_backlog_size', s.config.values['repl-backlog-size'] as number],
    ['repl_backlog_first_byte_offset', 0],
    ['repl_backlog_histlen', 0],
  ];
}

function secs(usec: number): string {
  return (usec / 1e6).toFixed(6);
}

function cpu(): Fields {
  const u = process.cpuUsage();
  const t = typeof process.threadCpuUsage === 'function' ? process.threadCpuUsage() : u;
  return [
    ['used_cpu_sys', secs(u.system)],
    ['used_cpu_user', secs(u.user)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', secs(t.system)],
    ['used_cpu_user_main_thread', secs(t.user)],
  ];
}

function commandstats(s: Server): Fields {
  const f: Fields = [];
  for (const cmd of s.table.all()) {
    const st = cmd.stats;
    if (st.calls === 0 && st.failed === 0 && st.rejected === 0) continue;
    const usec = Math.round(st.usec);
    const per = st.calls === 0 ? 0 : st.usec / st.calls;
    f.push([`cmdstat_${cmd.fullName}`,
      `calls=${st.calls},usec=${usec},usec_per_call=${per.toFixed(2)},rejected_calls=${st.rejected},failed_calls=${st.failed}`]);
  }
  return f;
}

/** latency_percentiles_usec_<cmd>: the configured percentiles of each called command's latency. */
function latencystats(s: Server): Fields {
  const f: Fields = [];
  if (s.config.values['latency-tracking'] !== true) return f;
  const percentiles = s.config.values['latency-tracking-info-percentiles'] as number[];
  for (const cmd of s.table.all()) {
    const h = commandHistogram(cmd.stats);
    if (h === undefined) continue;
    const parts = percentiles.map((p) => `p${formatPercentile(p)}=${(h.valueAtPercentile(p) / 1000).toFixed(3)}`);
    f.push([`latency_percentiles_usec_${cmd.fullName}`, parts.join(',')]);
  }
  return f;
}

function errorstats(s: Server): Fields {
  return [...s.stats.errors.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, n]) => [`errorstat_${code}`, `count=${n}`]);
}

/** avg_ttl is the running estimate the active expiry cycle keeps per database, as in Redis. */
function keyspace(s: Server): Fields {
  return s.keyspace.dbs.filter((db) => db.size > 0)
    .map((db) => [`db${db.id}`, `keys=${db.size},expires=${db.expires.size},avg_ttl=${db.avgTtl}`]);
}

export const SECTIONS: [string, string, (s: Server) => Fields][] = [
  ['server', 'Server', server],
  ['clients', 'Clients', clients],
  ['memory', 'Memory', memory],
  ['persistence', 'Persistence', persistence],
  ['stats', 'Stats', stats],
  ['replication', 'Replication', replication],
  ['cpu', 'CPU', cpu],
  ['modules', 'Modules', () => []],
  ['commandstats', 'Commandstats', commandstats],
  ['errorstats', 'Errorstats', errorstats],
  ['latencystats', 'Latencystats', latencystats],
  ['cluster', 'Cluster', () => [['cluster_enabled', 0]]],
  ['keyspace', 'Keyspace', keyspace],
];
