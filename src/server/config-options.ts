// The registry of Redis 7.2's configuration options: name, alias, type, bounds, default and whether
// CONFIG SET may change it at runtime. Facts taken from a live redis-server (CONFIG GET *) and from
// Redis's option table. Options whose `field` is set are read by Respite through the typed
// ConfigValues fields; the rest are accepted, validated, stored under their Redis name and reported,
// so that a stock redis.conf loads (docs/COMPATIBILITY.md lists them as "no effect yet").
// Parsing of each kind lives in config-parse.ts; the special options' own syntax in config-special.ts.

import { SPECIAL, type Special } from './config-special.ts';

export type OptionKind = 'bool' | 'int' | 'memory' | 'memory-percent' | 'octal' | 'enum' | 'string' | 'special';

export interface OptionDef {
  name: string;
  alias?: string;
  kind: OptionKind;
  /** Typed ConfigValues field Respite reads; otherwise the value is stored under `name`. */
  field?: string;
  def: unknown;
  /** CONFIG SET may change it (Redis's MODIFIABLE_CONFIG). */
  mutable: boolean;
  /** CONFIG SET only with enable-protected-configs (Redis's PROTECTED_CONFIG). */
  protected: boolean;
  /** Not matched by CONFIG GET patterns, only by its exact name. */
  hidden: boolean;
  /** Takes several arguments on a config line (save, bind, client-output-buffer-limit...). */
  multiArg: boolean;
  /** Bounds of a numeric option, inclusive. */
  min?: bigint;
  max?: bigint;
  /** Enum names and their values; several may share a value. */
  enumValues?: [string, number][];
  /** Several enum names may be combined (shutdown-on-sigint save now). */
  enumFlags?: boolean;
  /** An empty string means "unset": left out of CONFIG REWRITE (Redis's EMPTY_STRING_IS_NULL). */
  emptyIsNull?: boolean;
  /** Extra check of a parsed value; returns Redis's error text. */
  validate?: (v: unknown) => string | null;
  /** Adjusts an accepted value (hz is clamped to 1..500, as Redis does). */
  normalize?: (v: unknown) => unknown;
  special?: Special;
  /** Respite acts on it (otherwise: accepted, no effect yet). */
  effect: boolean;
}

const M = 1; // modifiable
const P = 2; // protected
const H = 4; // hidden
const X = 8; // Respite implements it
const MULTI = 16;

const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;
const UINT_MAX = 4294967295n;
const LONG_MAX = 9223372036854775807n;
const ULLONG_MAX = 18446744073709551615n;
const SSIZE_MAX = LONG_MAX;

function base(name: string, kind: OptionKind, def: unknown, flags: number, alias?: string): OptionDef {
  const d: OptionDef = {
    name,
    kind,
    def,
    mutable: (flags & M) !== 0,
    protected: (flags & P) !== 0,
    hidden: (flags & H) !== 0,
    multiArg: (flags & MULTI) !== 0,
    effect: (flags & X) !== 0,
  };
  if (alias !== undefined) d.alias = alias;
  return d;
}

function bool(name: string, def: boolean, flags: number, alias?: string): OptionDef {
  return base(name, 'bool', def, flags, alias);
}

function num(kind: OptionKind, name: string, min: bigint, max: bigint, def: number, flags: number, alias?: string): OptionDef {
  const d = base(name, kind, def, flags, alias);
  d.min = min;
  d.max = max;
  return d;
}

function int(name: string, min: bigint, max: bigint, def: number, flags: number, alias?: string): OptionDef {
  return num('int', name, min, max, def, flags, alias);
}

function mem(name: string, min: bigint, max: bigint, def: number, flags: number, alias?: string): OptionDef {
  return num('memory', name, min, max, def, flags, alias);
}

function str(name: string, def: string, flags: number, opts: Partial<OptionDef> = {}): OptionDef {
  return { ...base(name, 'string', def, flags, opts.alias), ...opts };
}

/** A string option whose empty value means unset (Redis's NULL). */
function nstr(name: string, flags: number, opts: Partial<OptionDef> = {}): OptionDef {
  return str(name, '', flags, { emptyIsNull: true, ...opts });
}

function en(name: string, values: string[] | [string, number][], def: string, flags: number, alias?: string): OptionDef {
  const d = base(name, 'enum', def, flags, alias);
  d.enumValues = values.map((v, i) => (typeof v === 'string' ? [v, i] : v));
  return d;
}

function special(name: string, def: unknown, flags: number, alias?: string): OptionDef {
  const d = base(name, 'special', def, flags, alias);
  d.special = SPECIAL[name];
  return d;
}

const YES_NO_LOCAL = ['no', 'yes', 'local'];
const SHUTDOWN_FLAGS: [string, number][] = [['default', 0], ['save', 1], ['nosave', 2], ['now', 4], ['force', 8]];

function isBaseName(what: string, kind: string): (v: unknown) => string | null {
  return (v) => ((v as string).includes('/') ? `${what} can't be a path, just a ${kind}` : null);
}

function notEmptyBaseName(what: string, kind: string): (v: unknown) => string | null {
  return (v) => (v === '' ? `${what} can't be empty` : isBaseName(what, kind)(v));
}

function validHostname(v: unknown): string | null {
  const s = v as string;
  if (s.length >= 256) return 'Hostnames must be less than 256 characters';
  return /^[A-Za-z0-9.-]*$/.test(s) ? null : 'Hostnames may only contain alphanumeric characters, hyphens or dots';
}

function shutdownFlags(v: unknown): string | null {
  const parts = (v as string).split(' ');
  return parts.includes('save') && parts.includes('nosave') ? "shutdown options SAVE and NOSAVE can't be used simultaneously" : null;
}

function defrag(v: unknown): string | null {
  return v === true
    ? 'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified ' +
        'Jemalloc like the one shipped by default with the Redis source distribution'
    : null;
}

const OPTIONS: OptionDef[] = [
  // yes/no options
  bool('rdbchecksum', true, 0),
  bool('daemonize', false, 0),
  bool('io-threads-do-reads', false, 0),
  bool('always-show-logo', false, 0),
  { ...bool('protected-mode', true, M | X), field: 'protectedMode' },
  bool('rdbcompression', true, M),
  bool('rdb-del-sync-files', false, M),
  bool('activerehashing', true, M),
  bool('stop-writes-on-bgsave-error', true, M),
  bool('set-proc-title', true, 0),
  bool('dynamic-hz', true, M),
  bool('lazyfree-lazy-eviction', false, M),
  bool('lazyfree-lazy-expire', false, M),
  bool('lazyfree-lazy-server-del', false, M),
  bool('lazyfree-lazy-user-del', false, M),
  bool('lazyfree-lazy-user-flush', false, M),
  bool('repl-disable-tcp-nodelay', false, M),
  bool('repl-diskless-sync', true, M),
  bool('aof-rewrite-incremental-fsync', true, M),
  bool('no-appendfsync-on-rewrite', false, M),
  bool('cluster-require-full-coverage', true, M),
  bool('rdb-save-incremental-fsync', true, M),
  bool('aof-load-truncated', true, M),
  bool('aof-use-rdb-preamble', true, M),
  bool('aof-timestamp-enabled', false, M),
  bool('cluster-replica-no-failover', false, M, 'cluster-slave-no-failover'),
  bool('replica-lazy-flush', false, M, 'slave-lazy-flush'),
  bool('replica-serve-stale-data', true, M, 'slave-serve-stale-data'),
  bool('replica-read-only', true, M, 'slave-read-only'),
  bool('replica-ignore-maxmemory', true, M, 'slave-ignore-maxmemory'),
  bool('jemalloc-bg-thread', true, M),
  { ...bool('activedefrag', false, M), validate: defrag },
  bool('syslog-enabled', false, 0),
  bool('cluster-enabled', false, 0),
  bool('appendonly', false, M),
  bool('cluster-allow-reads-when-down', false, M),
  bool('cluster-allow-pubsubshard-when-down', true, M),
  bool('crash-log-enabled', true, M),
  bool('crash-memcheck-enabled', true, M),
  bool('use-exit-on-panic', false, M | H),
  bool('disable-thp', true, 0),
  bool('cluster-allow-replica-migration', true, M),
  bool('replica-announced', true, M),
  bool('latency-tracking', true, M | X),
  bool('aof-disable-auto-gc', false, M),
  bool('replica-ignore-disk-write-errors', false, M),

  // strings
  str('aclfile', '', 0),
  { ...nstr('unixsocket', X), field: 'unixsocket' },
  nstr('pidfile', X),
  nstr('replica-announce-ip', M, { alias: 'slave-announce-ip' }),
  nstr('masteruser', M),
  nstr('cluster-announce-ip', M),
  str('cluster-config-file', 'nodes.conf', 0),
  nstr('cluster-announce-hostname', M, { validate: validHostname }),
  nstr('cluster-announce-human-nodename', M, { validate: validHostname }),
  str('syslog-ident', 'redis', 0),
  str('dbfilename', 'dump.rdb', M | P, { validate: isBaseName('dbfilename', 'filename') }),
  str('appendfilename', 'appendonly.aof', 0, { validate: notEmptyBaseName('appendfilename', 'filename') }),
  str('appenddirname', 'appendonlydir', 0, { validate: notEmptyBaseName('appenddirname', 'dirname') }),
  nstr('server_cpulist', 0),
  nstr('bio_cpulist', 0),
  nstr('aof_rewrite_cpulist', 0),
  nstr('bgsave_cpulist', 0),
  str('ignore-warnings', '', M),
  str('proc-title-template', '{title} {listen-addr} {server-mode}', M),
  nstr('bind-source-addr', M),
  { ...str('logfile', '', X), field: 'logfile' },
  str('locale-collate', '', M),
  nstr('masterauth', M),
  { ...nstr('requirepass', M | X), field: 'requirepass' },

  // enums
  en('supervised', [['upstart', 1], ['systemd', 2], ['auto', 3], ['no', 0]], 'no', 0),
  en('syslog-facility', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], 'local0', 0),
  en('repl-diskless-load', ['disabled', 'on-empty-db', 'swapdb'], 'disabled', M),
  { ...en('loglevel', ['debug', 'verbose', 'notice', 'warning'], 'notice', M | X), field: 'loglevel' },
  en('maxmemory-policy', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru',
    'allkeys-lfu', 'allkeys-random', 'noeviction'], 'noeviction', M),
  en('appendfsync', ['everysec', 'always', 'no'], 'everysec', M),
  en('oom-score-adj', [['no', 0], ['yes', 1], ['relative', 1], ['absolute', 2]], 'no', M),
  en('acl-pubsub-default', ['allchannels', 'resetchannels'], 'resetchannels', M),
  en('sanitize-dump-payload', ['no', 'yes', 'clients'], 'no', M),
  en('enable-protected-configs', YES_NO_LOCAL, 'no', X),
  en('enable-debug-command', YES_NO_LOCAL, 'no', X),
  en('enable-module-command', YES_NO_LOCAL, 'no', 0),
  en('cluster-preferred-endpoint-type', ['ip', 'hostname', 'unknown-endpoint'], 'ip', M),
  en('propagation-error-behavior', ['ignore', 'panic', 'panic-on-replicas'], 'ignore', M),
  { ...en('shutdown-on-sigint', SHUTDOWN_FLAGS, 'default', M | MULTI), enumFlags: true, validate: shutdownFlags },
  { ...en('shutdown-on-sigterm', SHUTDOWN_FLAGS, 'default', M | MULTI), enumFlags: true, validate: shutdownFlags },

  // integers
  { ...int('databases', 1n, INT_MAX, 16, X), field: 'databases' },
  { ...int('port', 0n, 65535n, 6379, M | X), field: 'port' },
  int('io-threads', 1n, 128n, 1, 0),
  int('auto-aof-rewrite-percentage', 0n, INT_MAX, 100, M),
  int('cluster-replica-validity-factor', 0n, INT_MAX, 10, M, 'cluster-slave-validity-factor'),
  int('list-max-listpack-size', INT_MIN, INT_MAX, -2, M | X, 'list-max-ziplist-size'),
  { ...int('tcp-keepalive', 0n, INT_MAX, 300, M | X), field: 'tcpKeepalive' },
  int('cluster-migration-barrier', 0n, INT_MAX, 1, M),
  int('active-defrag-cycle-min', 1n, 99n, 1, M),
  int('active-defrag-cycle-max', 1n, 99n, 25, M),
  int('active-defrag-threshold-lower', 0n, 1000n, 10, M),
  int('active-defrag-threshold-upper', 0n, 1000n, 100, M),
  int('lfu-log-factor', 0n, INT_MAX, 10, M),
  int('lfu-decay-time', 0n, INT_MAX, 1, M),
  int('replica-priority', 0n, INT_MAX, 100, M, 'slave-priority'),
  int('repl-diskless-sync-delay', 0n, INT_MAX, 5, M),
  int('maxmemory-samples', 1n, INT_MAX, 5, M),
  int('maxmemory-eviction-tenacity', 0n, 100n, 10, M),
  { ...int('timeout', 0n, INT_MAX, 0, M | X), field: 'timeout' },
  int('replica-announce-port', 0n, 65535n, 0, M, 'slave-announce-port'),
  int('tcp-backlog', 0n, INT_MAX, 511, 0),
  int('cluster-port', 0n, 65535n, 0, 0),
  int('cluster-announce-bus-port', 0n, 65535n, 0, M),
  int('cluster-announce-port', 0n, 65535n, 0, M),
  int('cluster-announce-tls-port', 0n, 65535n, 0, M),
  int('repl-timeout', 1n, INT_MAX, 60, M),
  int('repl-ping-replica-period', 1n, INT_MAX, 10, M, 'repl-ping-slave-period'),
  int('list-compress-depth', 0n, INT_MAX, 0, M | X),
  int('rdb-key-save-delay', INT_MIN, INT_MAX, 0, M | H),
  int('key-load-delay', INT_MIN, INT_MAX, 0, M | H),
  int('active-expire-effort', 1n, 10n, 1, M),
  { ...int('hz', 0n, INT_MAX, 10, M | X), field: 'hz', normalize: (v) => Math.min(500, Math.max(1, v as number)) },
  int('min-replicas-to-write', 0n, INT_MAX, 0, M, 'min-slaves-to-write'),
  int('min-replicas-max-lag', 0n, INT_MAX, 10, M, 'min-slaves-max-lag'),
  int('watchdog-period', 0n, INT_MAX, 0, M | H),
  int('shutdown-timeout', 0n, INT_MAX, 10, M),
  int('repl-diskless-sync-max-replicas', 0n, INT_MAX, 0, M),
  { ...int('maxclients', 1n, UINT_MAX, 10000, M | X), field: 'maxclients' },
  { ...num('octal', 'unixsocketperm', 0n, 0o777n, 0, X), field: 'unixsocketperm' },
  int('socket-mark-id', 0n, UINT_MAX, 0, 0),
  int('active-defrag-max-scan-fields', 1n, LONG_MAX, 1000, M),
  int('slowlog-max-len', 0n, LONG_MAX, 128, M | X),
  int('acllog-max-len', 0n, LONG_MAX, 128, M),
  int('busy-reply-threshold', 0n, LONG_MAX, 5000, M, 'lua-time-limit'),
  int('cluster-node-timeout', 0n, LONG_MAX, 15000, M),
  int('slowlog-log-slower-than', -1n, LONG_MAX, 10000, M | X),
  int('latency-monitor-threshold', 0n, LONG_MAX, 0, M | X),
  { ...mem('proto-max-bulk-len', 1024n * 1024n, LONG_MAX, 512 * 1024 * 1024, M | X), field: 'protoMaxBulkLen' },
  int('stream-node-max-entries', 0n, LONG_MAX, 100, M),
  mem('repl-backlog-size', 1n, LONG_MAX, 1024 * 1024, M),
  mem('maxmemory', 0n, ULLONG_MAX, 0, M),
  mem('cluster-link-sendbuf-limit', 0n, ULLONG_MAX, 0, M),
  int('hash-max-listpack-entries', 0n, LONG_MAX, 512, M | X, 'hash-max-ziplist-entries'),
  int('set-max-intset-entries', 0n, LONG_MAX, 512, M | X),
  int('set-max-listpack-entries', 0n, LONG_MAX, 128, M | X),
  int('zset-max-listpack-entries', 0n, LONG_MAX, 128, M | X, 'zset-max-ziplist-entries'),
  mem('active-defrag-ignore-bytes', 1n, LONG_MAX, 100 * 1024 * 1024, M),
  mem('hash-max-listpack-value', 0n, LONG_MAX, 64, M | X, 'hash-max-ziplist-value'),
  mem('set-max-listpack-value', 0n, LONG_MAX, 64, M | X),
  mem('stream-node-max-bytes', 0n, LONG_MAX, 4096, M),
  mem('zset-max-listpack-value', 0n, LONG_MAX, 64, M | X, 'zset-max-ziplist-value'),
  mem('hll-sparse-max-bytes', 0n, LONG_MAX, 3000, M),
  int('tracking-table-max-keys', 0n, LONG_MAX, 1000000, M | X),
  { ...mem('client-query-buffer-limit', 1024n * 1024n, LONG_MAX, 1024 * 1024 * 1024, M | X), field: 'clientQueryBufferLimit' },
  num('memory-percent', 'maxmemory-clients', -100n, SSIZE_MAX, 0, M),
  int('repl-backlog-ttl', 0n, LONG_MAX, 3600, M),
  mem('auto-aof-rewrite-min-size', 0n, LONG_MAX, 64 * 1024 * 1024, M),
  int('loading-process-events-interval-bytes', 1024n, INT_MAX, 2 * 1024 * 1024, M | H),

  // TLS (Debian's redis-server is built with it; Respite has no TLS yet)
  int('tls-port', 0n, 65535n, 0, M),
  int('tls-session-cache-size', 0n, INT_MAX, 20 * 1024, M),
  int('tls-session-cache-timeout', 0n, INT_MAX, 300, M),
  bool('tls-cluster', false, M),
  bool('tls-replication', false, M),
  en('tls-auth-clients', ['no', 'yes', 'optional'], 'yes', M),
  bool('tls-prefer-server-ciphers', false, M),
  bool('tls-session-caching', true, M),
  ...['tls-cert-file', 'tls-key-file', 'tls-key-file-pass', 'tls-client-cert-file', 'tls-client-key-file',
    'tls-client-key-file-pass', 'tls-dh-params-file', 'tls-ca-cert-file', 'tls-ca-cert-dir', 'tls-protocols',
    'tls-ciphers', 'tls-ciphersuites'].map((n) => nstr(n, M)),

  // options with a syntax of their own
  { ...special('dir', '', M | P | X), field: 'dir' },
  special('save', [[3600, 1], [300, 100], [60, 10000]], M | MULTI),
  { ...special('client-output-buffer-limit', null, M | MULTI | X), field: 'clientOutputBufferLimit' },
  special('oom-score-adj-values', [0, 200, 800], M | MULTI),
  special('notify-keyspace-events', '', M | X),
  { ...special('bind', null, M | MULTI | X), field: 'bind' },
  special('replicaof', '', MULTI, 'slaveof'),
  special('latency-tracking-info-percentiles', [50, 99, 99.9], M | MULTI | X),
];

/** Directives Redis 7.2 still accepts in a config file and ignores, with their argc range. */
export const DEPRECATED_DIRECTIVES: Record<string, [number, number]> = {
  'list-max-ziplist-entries': [2, 2],
  'list-max-ziplist-value': [2, 2],
  'lua-replicate-commands': [2, 2],
};

/** Every option by lowercase name, each alias mapping to its option too. */
export const OPTION_BY_NAME: ReadonlyMap<string, OptionDef> = (() => {
  const m = new Map<string, OptionDef>();
  for (const o of OPTIONS) {
    m.set(o.name, o);
    if (o.alias !== undefined) m.set(o.alias, o);
  }
  return m;
})();

export const ALL_OPTIONS: readonly OptionDef[] = OPTIONS;

/** Where an option's value lives in ConfigValues. */
export function valueKey(o: OptionDef): string {
  return o.field ?? o.name;
}
