// Time complexity of each command, in our own terse words, where the facts give more than a bare
// formula (a bare formula such as `O(log(N)+M)` is a fact and is kept as generated). Keyed by full
// lowercase command name. The meta-tests check that no longer wording of Redis's is left.

/** A bare formula such as `O(log(N)+M)`: a fact, kept as generated. Anything longer is prose. */
export function isBareFormula(c: string): boolean {
  return /^O\([^ ]*\)$/.test(c);
}

const CONTAINER = 'Varies by subcommand.';
const PUSH = 'O(1) per element added.';
const SCAN = 'O(1) per call; O(N) for a full walk, N = number of elements.';
const SCRIPT = 'Whatever the script does.';
const FUNCTION = 'Whatever the function does.';
const RESTORE = 'O(1) to create the key plus O(N*M) to rebuild the value (N objects of average size M); sorted sets need O(N*M*log(N)).';
const RANGE = 'O(N), N = length of the returned string.';
const SETS_TOTAL = 'O(N), N = total number of members of all the sets.';
const SET_INTER = 'O(N*M), N = size of the smallest set, M = number of sets.';
const SLOTS = 'O(N), N = number of slots given.';
const SLOT_RANGES = 'O(N), N = number of slots in the ranges.';
const NODES = 'O(N), N = number of nodes in the cluster.';
const COMMANDS = 'O(N), N = number of commands.';
const LOOKUP = 'O(N), N = number of commands asked for.';
const ARGS = 'O(N), N = number of arguments of the command line.';
const PARAMS = 'O(N), N = number of parameters given.';
const USERS = 'O(N), N = number of users.';
const FUNCS = 'O(N), N = number of functions.';
const HASH_ALL = 'O(N), N = number of fields in the hash.';
const ZPOP_BLOCK = 'O(log(N)), N = size of the sorted set.';
const ZPOP_MANY = 'O(log(N)*M), N = size of the sorted set, M = members popped.';
const MPOP = 'O(N+M), N = keys given, M = elements popped.';
const ZMPOP = 'O(K)+O(M*log(N)), K = keys given, N = size of the sorted set, M = members popped.';
const ZDIFF = 'O(L+(N-K)*log(N)) at worst, L = members of all sets, N = size of the first, K = size of the result.';
const ZINTER = 'O(N*K)+O(M*log(M)) at worst, N = smallest set, K = number of sets, M = size of the result.';
const ZUNION = 'O(N)+O(M*log(M)), N = total size of the sets, M = size of the result.';
const ZRANGE = 'O(log(N)+M), N = size of the sorted set, M = members returned.';
const ZRANGE_LIMIT = 'O(log(N)+M), N = size of the sorted set, M = members returned (O(log(N)) with a small LIMIT).';
const ZREMRANGE = 'O(log(N)+M), N = size of the sorted set, M = members removed.';
const ZADD = 'O(log(N)) per member added, N = size of the sorted set.';
const ZLOG = 'O(log(N)), N = size of the sorted set.';
const GEORADIUS = 'O(N+log(M)), N = members in the bounding box of the circle, M = size of the index.';
const GEOSEARCH = 'O(N+log(M)), N = members in the bounding box of the shape, M = members inside the shape.';
const XRANGE = 'O(N), N = entries returned (O(1) with a small COUNT).';
const DB_KEYS = 'O(N), N = number of keys in all databases.';
const LATENCY_EVENTS = 'O(N), N = number of commands reported.';
const MEMORY_SLOW = 'Depends on how much memory is allocated; may be slow.';

export const COMPLEXITY: Record<string, string> = {
  acl: CONTAINER,
  client: CONTAINER,
  cluster: CONTAINER,
  config: CONTAINER,
  debug: CONTAINER,
  function: CONTAINER,
  latency: CONTAINER,
  memory: CONTAINER,
  module: CONTAINER,
  object: CONTAINER,
  pubsub: CONTAINER,
  script: CONTAINER,
  slowlog: CONTAINER,
  xgroup: CONTAINER,
  xinfo: CONTAINER,

  exec: 'Whatever the queued commands cost.',
  discard: 'O(N), N = number of queued commands.',
  watch: 'O(1) per key.',
  'memory|malloc-stats': MEMORY_SLOW,
  'memory|purge': MEMORY_SLOW,
  'memory|usage': 'O(N), N = number of samples taken.',
  eval: SCRIPT,
  eval_ro: SCRIPT,
  evalsha: SCRIPT,
  evalsha_ro: SCRIPT,
  fcall: FUNCTION,
  fcall_ro: FUNCTION,
  pfdebug: 'Not applicable.',
  pfselftest: 'Not applicable.',
  xread: 'O(N) per stream, N = entries returned; a blocked reader adds O(1) to each XADD that serves it.',
  xreadgroup: 'O(M) per stream, M = entries returned; a blocked reader adds O(1) to each XADD that serves it.',
  'function|load': 'O(1), not counting compilation.',
  'function|dump': FUNCS,
  'function|list': FUNCS,
  'function|flush': 'O(N), N = number of functions removed.',
  'function|restore': 'O(N), N = number of functions in the payload.',
  'acl|deluser': 'O(1) for a typical user.',
  'acl|cat': 'O(1): the categories are a fixed set.',
  'acl|dryrun': 'O(1)',
  'acl|log': 'O(N), N = entries shown.',
  'acl|list': USERS,
  'acl|load': USERS,
  'acl|save': USERS,
  'acl|users': USERS,
  'acl|getuser': 'O(N), N = number of password, command and pattern rules of the user.',
  'acl|setuser': 'O(N), N = number of rules given.',

  // strings and bitmaps
  append: 'O(1) amortized: the string grows by doubling.',
  setrange: 'O(1) plus the copy, O(M) for a value of length M.',
  getrange: RANGE,
  substr: RANGE,
  bitfield: 'O(1) per operation.',
  bitfield_ro: 'O(1) per operation.',
  lcs: 'O(N*M), N and M = lengths of the two strings.',
  mget: 'O(N), N = number of keys.',
  mset: 'O(N), N = number of keys.',
  msetnx: 'O(N), N = number of keys.',

  // generic keyspace
  copy: 'O(1) for strings; O(N) for collections, N = nested items.',
  del: 'O(N), N = keys removed; removing a collection costs O(M), M = its elements.',
  dump: 'O(1) to find the key plus O(N*M) to serialize it (N objects of average size M).',
  exists: 'O(N), N = number of keys.',
  keys: 'O(N), N = keys in the database (with short names and patterns).',
  migrate: 'The cost of DUMP and DEL here, RESTORE there, and an O(N) transfer.',
  restore: RESTORE,
  'restore-asking': RESTORE,
  scan: SCAN,
  sort: 'O(N+M*log(M)), N = elements to sort, M = elements returned; O(N) without sorting.',
  sort_ro: 'O(N+M*log(M)), N = elements to sort, M = elements returned; O(N) without sorting.',
  touch: 'O(N), N = number of keys.',
  unlink: 'O(1) per key; the memory is freed later, in the background.',

  // connection and server
  auth: 'O(N), N = passwords of the user.',
  'client|kill': 'O(N), N = number of connections.',
  'client|list': 'O(N), N = number of connections.',
  'client|tracking': 'O(1); some options cost more.',
  'client|unblock': 'O(log(N)), N = number of connections.',
  'client|unpause': 'O(N), N = number of paused clients.',
  command: COMMANDS,
  'command|list': COMMANDS,
  'command|docs': LOOKUP,
  'command|info': LOOKUP,
  'command|getkeys': ARGS,
  'command|getkeysandflags': ARGS,
  'config|get': PARAMS,
  'config|set': PARAMS,
  flushall: DB_KEYS,
  save: DB_KEYS,
  flushdb: 'O(N), N = keys in the database.',
  shutdown: 'O(N) when saving, N = keys in all databases; O(1) otherwise.',
  swapdb: 'O(N), N = clients watching or blocked on keys of the two databases.',
  'latency|histogram': LATENCY_EVENTS,
  'module|list': 'O(N), N = loaded modules.',
  'script|exists': 'O(N), N = scripts asked about.',
  'script|flush': 'O(N), N = scripts in the cache.',
  'script|load': 'O(N), N = length of the script.',
  'slowlog|get': 'O(N), N = entries returned.',
  'slowlog|reset': 'O(N), N = entries in the log.',

  // cluster
  'cluster|addslots': SLOTS,
  'cluster|delslots': SLOTS,
  'cluster|addslotsrange': SLOT_RANGES,
  'cluster|delslotsrange': SLOT_RANGES,
  'cluster|count-failure-reports': 'O(N), N = failure reports.',
  'cluster|getkeysinslot': 'O(log(N)), N = keys asked for.',
  'cluster|keyslot': 'O(N), N = length of the key.',
  'cluster|links': NODES,
  'cluster|nodes': NODES,
  'cluster|shards': NODES,
  'cluster|slots': NODES,
  'cluster|reset': 'O(N), N = known nodes; may flush all data as well.',

  // hashes
  hdel: 'O(N), N = fields removed.',
  hgetall: HASH_ALL,
  hkeys: HASH_ALL,
  hvals: HASH_ALL,
  hmget: 'O(N), N = fields asked for.',
  hmset: 'O(N), N = fields set.',
  hrandfield: 'O(N), N = fields returned.',
  hscan: SCAN,
  hset: 'O(1) per field set.',

  // hyperloglog
  pfadd: 'O(1) per element.',
  pfcount: 'O(1) for one key (small constant); O(N) for N keys (large constant).',
  pfmerge: 'O(N), N = HyperLogLogs merged (large constant).',

  // lists
  blpop: 'O(N), N = keys given.',
  brpop: 'O(N), N = keys given.',
  blmpop: MPOP,
  lmpop: MPOP,
  lindex: 'O(N), N = elements walked to the index (O(1) at either end).',
  linsert: 'O(N), N = elements walked to the pivot.',
  lpop: 'O(N), N = elements returned.',
  rpop: 'O(N), N = elements returned.',
  lpos: 'O(N), N = length of the list on average; less near the ends or with MAXLEN.',
  lpush: PUSH,
  lpushx: PUSH,
  rpush: PUSH,
  rpushx: PUSH,
  sadd: PUSH,
  lrange: 'O(S+N), S = distance of the start from the nearer end, N = elements returned.',
  lrem: 'O(N+M), N = length of the list, M = elements removed.',
  lset: 'O(N), N = length of the list (O(1) at either end).',
  ltrim: 'O(N), N = elements removed.',

  // pub/sub
  psubscribe: 'O(N), N = patterns the client already has.',
  publish: 'O(N+M), N = subscribers of the channel, M = pattern subscriptions.',
  punsubscribe: 'O(N+M), N = patterns of the client, M = patterns of all clients.',
  spublish: 'O(N), N = subscribers of the shard channel.',
  ssubscribe: 'O(N), N = shard channels given.',
  subscribe: 'O(N), N = channels given.',
  sunsubscribe: 'O(N), N = clients subscribed to the shard channel.',
  unsubscribe: 'O(N), N = clients subscribed to the channel.',
  'pubsub|channels': 'O(N), N = active channels (short patterns assumed).',
  'pubsub|shardchannels': 'O(N), N = active shard channels (short patterns assumed).',
  'pubsub|numsub': 'O(N), N = channels asked about.',
  'pubsub|shardnumsub': 'O(N), N = shard channels asked about.',

  // sets
  sdiff: SETS_TOTAL,
  sdiffstore: SETS_TOTAL,
  sunion: SETS_TOTAL,
  sunionstore: SETS_TOTAL,
  sinter: SET_INTER,
  sintercard: SET_INTER,
  sinterstore: SET_INTER,
  smembers: 'O(N), N = size of the set.',
  smismember: 'O(N), N = values asked about.',
  spop: 'O(1) without a count; O(N) for a count of N.',
  srandmember: 'O(1) without a count; O(N) for a count of N (or -N).',
  srem: 'O(N), N = members removed.',
  sscan: SCAN,

  // sorted sets
  bzmpop: ZMPOP,
  zmpop: ZMPOP,
  bzpopmax: ZPOP_BLOCK,
  bzpopmin: ZPOP_BLOCK,
  zcount: ZLOG,
  zlexcount: ZLOG,
  zincrby: ZLOG,
  zpopmax: ZPOP_MANY,
  zpopmin: ZPOP_MANY,
  zdiff: ZDIFF,
  zdiffstore: ZDIFF,
  zinter: ZINTER,
  zinterstore: ZINTER,
  zintercard: 'O(N*K) at worst, N = smallest set, K = number of sets.',
  zunion: ZUNION,
  zunionstore: ZUNION,
  zadd: ZADD,
  geoadd: ZADD,
  zmscore: 'O(N), N = members asked for.',
  zrandmember: 'O(N), N = members returned.',
  zrange: ZRANGE,
  zrevrange: ZRANGE,
  zrangebylex: ZRANGE_LIMIT,
  zrangebyscore: ZRANGE_LIMIT,
  zrevrangebylex: ZRANGE_LIMIT,
  zrevrangebyscore: ZRANGE_LIMIT,
  zrangestore: 'O(log(N)+M), N = size of the sorted set, M = members stored.',
  zrem: 'O(M*log(N)), N = size of the sorted set, M = members removed.',
  zremrangebylex: ZREMRANGE,
  zremrangebyrank: ZREMRANGE,
  zremrangebyscore: ZREMRANGE,
  zscan: SCAN,

  // geo
  geohash: 'O(log(N)) per member, N = size of the index.',
  geopos: 'O(N), N = members asked for.',
  georadius: GEORADIUS,
  georadius_ro: GEORADIUS,
  georadiusbymember: GEORADIUS,
  georadiusbymember_ro: GEORADIUS,
  geosearch: GEOSEARCH,
  geosearchstore: GEOSEARCH,

  // streams
  xack: 'O(1) per ID.',
  xadd: 'O(1) to add; O(N) to trim, N = entries removed.',
  xautoclaim: 'O(1) with a small COUNT.',
  xclaim: 'O(log(N)), N = pending entries of the group.',
  xdel: 'O(1) per entry removed.',
  'xgroup|destroy': 'O(N), N = pending entries of the group.',
  xpending: 'O(N), N = entries returned (O(M) with IDLE, M = entries scanned); the summary form also walks the consumers.',
  xrange: XRANGE,
  xrevrange: XRANGE,
  xtrim: 'O(N), N = entries removed (cheap: they go in whole nodes).',
};
