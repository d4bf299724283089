// Redis's error replies, to the letter. Every error a handler sends comes from here, so that the
// wording stays in one place and the prefix (the first word) can feed INFO errorstats.
// Functions build the messages that carry a parameter.

export const ERR_SYNTAX = 'ERR syntax error';
export const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range';
export const ERR_NOT_FLOAT = 'ERR value is not a valid float';
export const ERR_WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const ERR_NO_SUCH_KEY = 'ERR no such key';
export const ERR_OVERFLOW = 'ERR increment or decrement would overflow';
export const ERR_INCR_NAN = 'ERR increment would produce NaN or Infinity';
export const ERR_DB_INDEX = 'ERR DB index is out of range';
export const ERR_INVALID_DB_INDEX = 'ERR invalid DB index';
export const ERR_SAME_OBJECT = 'ERR source and destination objects are the same';
export const ERR_INVALID_FIRST_DB = 'ERR invalid first DB index';
export const ERR_INVALID_SECOND_DB = 'ERR invalid second DB index';
export const ERR_INVALID_CURSOR = 'ERR invalid cursor';
export const ERR_EXPIRE_NX_XX = 'ERR NX and XX, GT or LT options at the same time are not compatible';
export const ERR_EXPIRE_GT_LT = 'ERR GT and LT options at the same time are not compatible';
export const ERR_UNSUPPORTED_OPTION = (opt: string): string => `ERR Unsupported option ${opt}`;
export const ERR_LFU_NOT_SELECTED =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. ' +
  'Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
export const ERR_LFU_SELECTED =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. ' +
  'Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
export const ERR_NOAUTH = 'NOAUTH Authentication required.';
export const ERR_WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
export const ERR_AUTH_NO_PASSWORD =
  'ERR AUTH <password> called without any password configured for the default user. ' +
  'Are you sure your configuration is correct?';
export const ERR_MAX_CLIENTS = 'ERR max number of clients reached';
export const ERR_STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
export const ERR_BIT_OFFSET = 'ERR bit offset is not an integer or out of range';
export const ERR_BIT_VALUE = 'ERR bit is not an integer or out of range';
export const ERR_OFFSET_RANGE = 'ERR offset is out of range';
export const ERR_DECR_OVERFLOW = 'ERR decrement would overflow';
export const ERR_BIT_ARG = 'ERR The bit argument must be 1 or 0.';
export const ERR_BITOP_NOT = 'ERR BITOP NOT must be called with a single source key.';
export const ERR_BITFIELD_TYPE =
  'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';
export const ERR_BITFIELD_OVERFLOW = 'ERR Invalid OVERFLOW type specified';
export const ERR_BITFIELD_RO = 'ERR BITFIELD_RO only supports the GET subcommand';
export const ERR_LCS_TYPE = 'ERR The specified keys must contain string values';
export const ERR_LCS_LEN_AND_IDX = 'ERR If you want both the length and indexes, please just use IDX.';
export const ERR_LCS_MEMORY = 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len';
export const ERR_LCS_ALLOC = 'ERR Insufficient memory, failed allocating transient memory for LCS';
export const ERR_INVALID_EXPIRE = (cmd: string): string => `ERR invalid expire time in '${cmd}' command`;
export const ERR_TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range';
export const ERR_TIMEOUT_NEGATIVE = 'ERR timeout is negative';
export const ERR_OUT_OF_RANGE = 'ERR value is out of range, must be positive';
export const ERR_NOPROTO = 'NOPROTO unsupported protocol version';
export const ERR_EXEC_ABORT = 'EXECABORT Transaction discarded because of previous errors.';
// Transactions and Pub/Sub.
export const ERR_MULTI_NESTED = 'ERR MULTI calls can not be nested';
export const ERR_EXEC_WITHOUT_MULTI = 'ERR EXEC without MULTI';
export const ERR_DISCARD_WITHOUT_MULTI = 'ERR DISCARD without MULTI';
export const ERR_WATCH_IN_MULTI = 'ERR WATCH inside MULTI is not allowed';
export const ERR_NOT_IN_MULTI = 'ERR Command not allowed inside a transaction';
export const ERR_SSUBSCRIBE_DENY_BLOCKING = "ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client";
export const errPubsubContext = (fullName: string): string =>
  `ERR Can't execute '${fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
export const ERR_GETKEYS_INVALID_COMMAND = 'ERR Invalid command specified';
export const ERR_GETKEYS_NO_KEYS = 'ERR The command has no key arguments';
export const ERR_GETKEYS_WRONG_ARITY = 'ERR Invalid number of arguments specified for command';
export const ERR_GETKEYS_BAD_ARGS = 'ERR Invalid arguments specified for command';
export const ERR_NO_CONFIG_FILE = 'ERR The server is running without a config file';
export const errConfigSetUnknown = (name: string): string =>
  `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`;
export const errConfigSetFailed = (name: string, why: string | null): string =>
  `ERR CONFIG SET failed (possibly related to argument '${name}')${why === null ? '' : ` - ${why}`}`;
export const errConfigRewrite = (why: string): string => `ERR Rewriting config file: ${why}`;
export const ERR_NO_SHUTDOWN = 'ERR No shutdown in progress.';
export const ERR_SHUTDOWN_FAILED = 'ERR Errors trying to SHUTDOWN. Check logs.';
export const ERR_DEBUG_NOT_ALLOWED =
  'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it ' +
  'from a local connection, otherwise you need to set this option in the configuration file, and then ' +
  'restart the server.';

export const ERR_PROTO_MULTIBULK_LEN = 'ERR Protocol error: invalid multibulk length';
export const ERR_PROTO_BULK_LEN = 'ERR Protocol error: invalid bulk length';
export const ERR_PROTO_BIG_INLINE = 'ERR Protocol error: too big inline request';
export const ERR_PROTO_BIG_MBULK = 'ERR Protocol error: too big mbulk count string';
export const ERR_PROTO_BIG_BULK = 'ERR Protocol error: too big bulk count string';
export const ERR_PROTO_UNBALANCED = 'ERR Protocol error: unbalanced quotes in request';
export const ERR_PROTO_EXPECTED_DOLLAR = (got: string): string => `ERR Protocol error: expected '$', got '${got}'`;
export const ERR_PROTO_UNAUTH_MBULK = 'ERR Protocol error: unauthenticated multibulk length';
export const ERR_PROTO_UNAUTH_BULK = 'ERR Protocol error: unauthenticated bulk length';

export const ERR_HELLO_PROTO = 'ERR Protocol version is not an integer or out of range';
export const ERR_HELLO_NOAUTH = 'NOAUTH HELLO must be called with the client already authenticated, otherwise the ' +
  'HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol ' +
  'version at the same time';
export const errHelloOption = (opt: string): string => `ERR Syntax error in HELLO option '${opt}'`;
export const ERR_INT_RANGE = 'ERR value is out of range, value must between -2147483648 and 2147483647';
export const ERR_RESET_NOT_NORMAL = 'ERR can only reset normal client connections';
export const ERR_CLIENT_NAME =
  'ERR Client names cannot contain spaces, newlines or special characters.';
export const errClientAttr = (attr: string): string =>
  `ERR ${attr} cannot contain spaces, newlines or special characters.`;
export const errUnrecognizedOption = (opt: string): string => `ERR Unrecognized option '${opt}'`;
export const ERR_NO_SUCH_CLIENT = 'ERR No such client';
export const ERR_CLIENT_ID = 'ERR client-id should be greater than 0';
export const ERR_INVALID_CLIENT_ID = 'ERR Invalid client ID';
export const errUnknownClientType = (t: string): string => `ERR Unknown client type '${t}'`;
export const errNoSuchUser = (u: string): string => `ERR No such user '${u}'`;
export const ERR_PAUSE_MODE = 'ERR CLIENT PAUSE mode must be WRITE or ALL';
// CLIENT TRACKING / CACHING (client-side caching)
export const ERR_TRACKING_ONE_REDIRECT = 'ERR A client can only redirect to a single other client';
export const ERR_TRACKING_NO_REDIRECT = 'ERR The client ID you want redirect to does not exist';
export const ERR_TRACKING_PREFIX_BCAST = 'ERR PREFIX option requires BCAST mode to be enabled';
export const ERR_TRACKING_SWITCH_BCAST = "ERR You can't switch BCAST mode on/off before disabling tracking for this " +
  'client, and then re-enabling it with a different mode.';
export const ERR_TRACKING_OPT_BCAST = 'ERR OPTIN and OPTOUT are not compatible with BCAST';
export const ERR_TRACKING_OPTIN_OPTOUT = "ERR You can't specify both OPTIN mode and OPTOUT mode";
export const ERR_TRACKING_SWITCH_OPT = "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this " +
  'client, and then re-enabling it with a different mode.';
export const errPrefixOverlapExisting = (p: string, existing: string): string =>
  `ERR Prefix '${p}' overlaps with an existing prefix '${existing}'. Prefixes for a single client must not overlap.`;
export const errPrefixOverlapGiven = (p: string, other: string): string =>
  `ERR Prefix '${p}' overlaps with another provided prefix '${other}'. Prefixes for a single client must not overlap.`;
export const ERR_CACHING_MODE = 'ERR CLIENT CACHING can be called only when the client is in tracking mode with ' +
  'OPTIN or OPTOUT mode enabled';
export const ERR_CACHING_YES = 'ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.';
export const ERR_CACHING_NO = 'ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.';
// SLOWLOG / LATENCY / MONITOR
export const ERR_SLOWLOG_COUNT = 'ERR count should be greater than or equal to -1';
export const errLatencyNoSamples = (event: string): string => `ERR No samples available for event '${event}'`;
export const ERR_MONITOR_DENY_BLOCKING = "ERR MONITOR isn't allowed for DENY BLOCKING client";
export const ERR_TIMEOUT_NOT_INTEGER = 'ERR timeout is not an integer or out of range';
export const ERR_PROTECTED_MODE = 'DENIED Redis is running in protected mode because protected mode is enabled and ' +
  'no password is set for the default user. In this mode connections are only accepted from the loopback ' +
  "interface. If you want to connect from external computers to Redis you may adopt one of the following " +
  "solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback " +
  'interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not ' +
  'publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) ' +
  'Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the ' +
  "protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for " +
  "testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the " +
  'default user. NOTE: You only need to do one of the above things in order for the server to start accepting ' +
  'connections from the outside.';
// Sorted sets.
export const ERR_ZADD_XX_NX = 'ERR XX and NX options at the same time are not compatible';
export const ERR_ZADD_GT_LT_NX = 'ERR GT, LT, and/or NX options at the same time are not compatible';
export const ERR_ZADD_INCR_PAIR = 'ERR INCR option supports a single increment-element pair';
export const ERR_ZSET_NAN = 'ERR resulting score is not a number (NaN)';
export const ERR_ZRANGE_NOT_FLOAT = 'ERR min or max is not a float';
export const ERR_ZRANGE_NOT_LEX = 'ERR min or max not valid string range item';
export const ERR_ZRANGE_LIMIT = 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX';
export const ERR_ZRANGE_LEX_WITHSCORES = 'ERR syntax error, WITHSCORES not supported in combination with BYLEX';
export const ERR_WEIGHT_NOT_FLOAT = 'ERR weight value is not a float';
export const ERR_ZSETOP_NO_KEYS = (cmd: string): string => `ERR at least 1 input key is needed for '${cmd}' command`;
export const ERR_LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
export const ERR_NUMKEYS_NOT_POSITIVE = 'ERR numkeys should be greater than 0';
export const ERR_COUNT_NOT_POSITIVE = 'ERR count should be greater than 0';
export const ERR_VALUE_OUT_OF_RANGE = 'ERR value is out of range';
export const ERR_NUMKEYS_EXCEED_ARGS = "ERR Number of keys can't be greater than number of args";
export const ERR_HASH_NOT_INTEGER = 'ERR hash value is not an integer';
export const ERR_HASH_NOT_FLOAT = 'ERR hash value is not a float';
export const ERR_NAN_OR_INF = 'ERR value is NaN or Infinity';
export const ERR_COUNT_RANGE = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';
export const ERR_UNKNOWN_TYPE_OBJECT = 'ERR unknown type object';
export const ERR_VALUE_NOT_BETWEEN = (min: string, max: string): string =>
  `ERR value is out of range, value must between ${min} and ${max}`;
// Lists, blocking commands, SORT
export const ERR_INDEX_OUT_OF_RANGE = 'ERR index out of range';
export const ERR_LPOS_RANK = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... " +
  'or use negative to start from the end of the list';
export const ERR_LPOS_COUNT = "ERR COUNT can't be negative";
export const ERR_LPOS_MAXLEN = "ERR MAXLEN can't be negative";
export const ERR_TIMEOUT_OUT_OF_RANGE = 'ERR timeout is out of range';
export const ERR_UNBLOCK_REASON = 'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR';
export const ERR_UNBLOCKED = 'UNBLOCKED client unblocked via CLIENT UNBLOCK';
export const ERR_SORT_SCORE = "ERR One or more scores can't be converted into double";

/** Redis quotes at most 128 bytes of a user-supplied name in these messages. */
function clip(s: string): string {
  return s.length > 128 ? s.slice(0, 128) : s;
}

export function errUnknownCommand(name: string, args: readonly string[]): string {
  // Redis lists the arguments while their total stays under 128 bytes, each quoted and followed by
  // a space; the phrase is present even when there are no arguments.
  let list = '';
  for (const a of args) {
    if (list.length >= 128) break;
    list += `'${a.slice(0, 128 - list.length)}' `;
  }
  return `ERR unknown command '${clip(name)}', with args beginning with: ${list}`;
}

export function errUnknownSubcommand(sub: string, container: string): string {
  return `ERR unknown subcommand '${clip(sub)}'. Try ${container.toUpperCase()} HELP.`;
}

export function errArity(fullName: string): string {
  return `ERR wrong number of arguments for '${fullName}' command`;
}

export function errUnknownSubcommandOrArgs(sub: string, container: string): string {
  return `ERR unknown subcommand or wrong number of arguments for '${clip(sub)}'. Try ${container.toUpperCase()} HELP.`;
}

/** The error prefix Redis counts in `errorstat_<prefix>`: the first word of the message. */
export function errorCode(message: string): string {
  const sp = message.indexOf(' ');
  return sp === -1 ? message : message.slice(0, sp);
}
