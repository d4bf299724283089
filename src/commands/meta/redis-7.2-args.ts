// Argument trees that Redis 7.2 restructured or renamed relative to 7.0 (COMMAND DOCS `arguments`),
// in arg-dsl notation, by full lowercase command name. Facts only: names, types, tokens, versions.
// 7.2 mostly replaced 7.0's generated underscore names (`index_unit`, `encoding_offset`) with
// descriptive hyphenated ones and regrouped some optional blocks.

const BYTE_BIT = 'unit:oneof?@7.0.0(byte:pure-token=BYTE bit:pure-token=BIT)';
const UNIT = 'unit:oneof(m:pure-token=M km:pure-token=KM ft:pure-token=FT mi:pure-token=MI)';
const ORDER = 'order:oneof?(asc:pure-token=ASC desc:pure-token=DESC)';
const WITHS = 'withcoord:pure-token?=WITHCOORD withdist:pure-token?=WITHDIST withhash:pure-token?=WITHHASH';
const COUNT_ANY = (since: string): string => `count-block:block?(count:integer=COUNT any:pure-token?=ANY${since})`;
const GEO_STORE = 'store:oneof?(storekey:key=STORE#1~key storedistkey:key=STOREDIST#2~key)';
const GEO_FROM_BY =
  'from:oneof(member:string=FROMMEMBER fromlonlat:block=FROMLONLAT(longitude:double latitude:double)) ' +
  `by:oneof(circle:block(radius:double=BYRADIUS ${UNIT}) box:block(width:double=BYBOX height:double ${UNIT}))`;
const LIMIT = (since: string): string => `limit:block?=LIMIT${since}(offset:integer count:integer)`;
const SLOT_RANGE = 'range:block*(start-slot:integer end-slot:integer)';

export const ARGS_72: Record<string, string> = {
  // bitmap
  bitcount: `key:key#0 range:block?(start:integer end:integer ${BYTE_BIT})`,
  bitfield:
    'key:key#0 operation:oneof?*(get-block:block=GET(encoding:string offset:integer) ' +
    'write:block(overflow-block:oneof?=OVERFLOW(wrap:pure-token=WRAP sat:pure-token=SAT fail:pure-token=FAIL) ' +
    'write-operation:oneof(set-block:block=SET(encoding:string offset:integer value:integer) ' +
    'incrby-block:block=INCRBY(encoding:string offset:integer increment:integer))))',
  bitfield_ro: 'key:key#0 get-block:block?*+=GET(encoding:string offset:integer)',
  bitop: 'operation:oneof(and:pure-token=AND or:pure-token=OR xor:pure-token=XOR not:pure-token=NOT) destkey:key#0 key:key*#1',
  bitpos: `key:key#0 bit:integer range:block?(start:integer end-unit-block:block?(end:integer ${BYTE_BIT}))`,
  // cluster
  'cluster|addslotsrange': SLOT_RANGE,
  'cluster|delslotsrange': SLOT_RANGE,
  'cluster|meet': 'ip:string port:integer cluster-bus-port:integer?@4.0.0',
  'cluster|reset': 'reset-type:oneof?(hard:pure-token=HARD soft:pure-token=SOFT)',
  'cluster|setslot':
    'slot:integer subcommand:oneof(importing:string=IMPORTING~node-id migrating:string=MIGRATING~node-id ' +
    'node:string=NODE~node-id stable:pure-token=STABLE)',
  // connection
  'client|kill':
    'filter:oneof(old-format:string~"ip:port"!2.8.12 new-format:oneof*(client-id:integer?=ID@2.8.12 ' +
    'client-type:oneof?=TYPE@2.8.12(normal:pure-token=NORMAL master:pure-token=MASTER@3.2.0 slave:pure-token=SLAVE ' +
    'replica:pure-token=REPLICA@5.0.0 pubsub:pure-token=PUBSUB) username:string?=USER addr:string?=ADDR~"ip:port" ' +
    'laddr:string?=LADDR@6.2.0~"ip:port" skipme:oneof?=SKIPME(yes:pure-token=YES no:pure-token=NO)))',
  'client|list':
    'client-type:oneof?=TYPE@5.0.0(normal:pure-token=NORMAL master:pure-token=MASTER replica:pure-token=REPLICA ' +
    'pubsub:pure-token=PUBSUB) client-id:integer?*=ID@6.2.0',
  'client|reply': 'action:oneof(on:pure-token=ON off:pure-token=OFF skip:pure-token=SKIP)',
  'client|unblock': 'client-id:integer unblock-type:oneof?(timeout:pure-token=TIMEOUT error:pure-token=ERROR)',
  hello: 'arguments:block?(protover:integer auth:block?=AUTH(username:string password:string) clientname:string?=SETNAME)',
  // generic
  migrate:
    'host:string port:integer key-selector:oneof(key:key#0 empty-string:pure-token="") destination-db:integer ' +
    'timeout:integer copy:pure-token?=COPY@3.0.0 replace:pure-token?=REPLACE@3.0.0 ' +
    'authentication:oneof?(auth:string=AUTH@4.0.7~password auth2:block=AUTH2@6.0.0(username:string password:string)) ' +
    'keys:key?*=KEYS@3.0.6#1~key',
  sort:
    'key:key#0 by-pattern:pattern?=BY#1~pattern limit:block?=LIMIT(offset:integer count:integer) ' +
    'get-pattern:pattern?*+=GET#1~pattern order:oneof?(asc:pure-token=ASC desc:pure-token=DESC) ' +
    'sorting:pure-token?=ALPHA destination:key?=STORE#2',
  sort_ro:
    'key:key#0 by-pattern:pattern?=BY#1~pattern limit:block?=LIMIT(offset:integer count:integer) ' +
    'get-pattern:pattern?*+=GET#1~pattern order:oneof?(asc:pure-token=ASC desc:pure-token=DESC) sorting:pure-token?=ALPHA',
  // geo
  geoadd:
    'key:key#0 condition:oneof?@6.2.0(nx:pure-token=NX xx:pure-token=XX) change:pure-token?=CH@6.2.0 ' +
    'data:block*(longitude:double latitude:double member:string)',
  geohash: 'key:key#0 member:string?*',
  geopos: 'key:key#0 member:string?*',
  georadius: `key:key#0 longitude:double latitude:double radius:double ${UNIT} ${WITHS} ${COUNT_ANY('@6.2.0')} ${ORDER} ${GEO_STORE}`,
  georadius_ro: `key:key#0 longitude:double latitude:double radius:double ${UNIT} ${WITHS} ${COUNT_ANY('@6.2.0')} ${ORDER}`,
  georadiusbymember: `key:key#0 member:string radius:double ${UNIT} ${WITHS} ${COUNT_ANY('')} ${ORDER} ${GEO_STORE}`,
  georadiusbymember_ro: `key:key#0 member:string radius:double ${UNIT} ${WITHS} ${COUNT_ANY('')} ${ORDER}`,
  geosearch: `key:key#0 ${GEO_FROM_BY} ${ORDER} ${COUNT_ANY('')} ${WITHS}`,
  geosearchstore: `destination:key#0 source:key#1 ${GEO_FROM_BY} ${ORDER} ${COUNT_ANY('')} storedist:pure-token?=STOREDIST`,
  // hash
  hmset: 'key:key#0 data:block*(field:string value:string)',
  hset: 'key:key#0 data:block*(field:string value:string)',
  // pubsub
  psubscribe: 'pattern:pattern*',
  // scripting
  'function|flush': 'flush-type:oneof?(async:pure-token=ASYNC sync:pure-token=SYNC)',
  'script|flush': 'flush-type:oneof?@6.2.0(async:pure-token=ASYNC sync:pure-token=SYNC)',
  // server
  'acl|cat': 'category:string?',
  'config|get': 'parameter:string*',
  'config|set': 'data:block*(parameter:string value:string)',
  flushall: 'flush-type:oneof?(async:pure-token=ASYNC@4.0.0 sync:pure-token=SYNC@6.2.0)',
  flushdb: 'flush-type:oneof?(async:pure-token=ASYNC@4.0.0 sync:pure-token=SYNC@6.2.0)',
  'module|loadex': 'path:string configs:block?*+=CONFIG(name:string value:string) args:string?*=ARGS',
  replicaof: 'host:string port:integer',
  shutdown:
    'save-selector:oneof?(nosave:pure-token=NOSAVE save:pure-token=SAVE) now:pure-token?=NOW@7.0.0 ' +
    'force:pure-token?=FORCE@7.0.0 abort:pure-token?=ABORT@7.0.0',
  slaveof: 'host:string port:integer',
  // sorted set
  zadd:
    'key:key#0 condition:oneof?@3.0.2(nx:pure-token=NX xx:pure-token=XX) comparison:oneof?@6.2.0(gt:pure-token=GT lt:pure-token=LT) ' +
    'change:pure-token?=CH@3.0.2 increment:pure-token?=INCR@3.0.2 data:block*(score:double member:string)',
  zrange:
    'key:key#0 start:string stop:string sortby:oneof?@6.2.0(byscore:pure-token=BYSCORE bylex:pure-token=BYLEX) ' +
    `rev:pure-token?=REV@6.2.0 ${LIMIT('@6.2.0')} withscores:pure-token?=WITHSCORES`,
  zrangebylex: `key:key#0 min:string max:string ${LIMIT('')}`,
  zrangebyscore: `key:key#0 min:double max:double withscores:pure-token?=WITHSCORES@2.0.0 ${LIMIT('')}`,
  zrangestore:
    'dst:key#0 src:key#1 min:string max:string sortby:oneof?(byscore:pure-token=BYSCORE bylex:pure-token=BYLEX) ' +
    `rev:pure-token?=REV ${LIMIT('')}`,
  zrevrangebylex: `key:key#0 max:string min:string ${LIMIT('')}`,
  zrevrangebyscore: `key:key#0 max:double min:double withscores:pure-token?=WITHSCORES ${LIMIT('')}`,
  // stream
  xadd:
    'key:key#0 nomkstream:pure-token?=NOMKSTREAM@6.2.0 trim:block?(strategy:oneof(maxlen:pure-token=MAXLEN ' +
    'minid:pure-token=MINID@6.2.0) operator:oneof?(equal:pure-token="=" approximately:pure-token="~") threshold:string ' +
    'count:integer?=LIMIT@6.2.0) id-selector:oneof(auto-id:pure-token="*" id:string) data:block*(field:string value:string)',
  xclaim:
    'key:key#0 group:string consumer:string min-idle-time:string id:string* ms:integer?=IDLE ' +
    'unix-time-milliseconds:unix-time?=TIME count:integer?=RETRYCOUNT force:pure-token?=FORCE justid:pure-token?=JUSTID ' +
    'lastid:string?=LASTID',
  'xgroup|create':
    'key:key#0 group:string id-selector:oneof(id:string new-id:pure-token=$) mkstream:pure-token?=MKSTREAM ' +
    'entries-read:integer?=ENTRIESREAD',
  'xgroup|createconsumer': 'key:key#0 group:string consumer:string',
  'xgroup|delconsumer': 'key:key#0 group:string consumer:string',
  'xgroup|destroy': 'key:key#0 group:string',
  'xgroup|setid':
    'key:key#0 group:string id-selector:oneof(id:string new-id:pure-token=$) entriesread:integer?=ENTRIESREAD~entries-read',
  'xinfo|consumers': 'key:key#0 group:string',
  'xinfo|stream': 'key:key#0 full-block:block?(full:pure-token=FULL count:integer?=COUNT)',
  xreadgroup:
    'group-block:block=GROUP(group:string consumer:string) count:integer?=COUNT milliseconds:integer?=BLOCK ' +
    'noack:pure-token?=NOACK streams:block=STREAMS(key:key*#0 id:string*)',
  xsetid:
    'key:key#0 last-id:string entries-added:integer?=ENTRIESADDED@7.0.0 max-deleted-id:string?=MAXDELETEDID@7.0.0',
  // string
  lcs:
    'key1:key#0 key2:key#0 len:pure-token?=LEN idx:pure-token?=IDX min-match-len:integer?=MINMATCHLEN ' +
    'withmatchlen:pure-token?=WITHMATCHLEN',
  mset: 'data:block*(key:key#0 value:string)',
  msetnx: 'data:block*(key:key#0 value:string)',
};
