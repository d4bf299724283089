// Every command family module, joined into one handler map keyed by full lowercase command name
// (`get`, `client|kill`). Adding a family: export `handlers` from its module and list it here.

import type { Handler } from './command.ts';
import { handlers as client } from './client/client.ts';
import { handlers as cmdInfo } from './cmd-info.ts';
import { handlers as debug } from './server/debug.ts';
import { handlers as config } from './server/config.ts';
import { handlers as connection } from './connection.ts';
import { handlers as expire } from './expire.ts';
import { handlers as info } from './server/info.ts';
import { handlers as keys } from './keys.ts';
import { handlers as memory } from './server/memory.ts';
import { handlers as object } from './object.ts';
import { handlers as scan } from './scan.ts';
import { handlers as server } from './server/server.ts';
import { handlers as string } from './string/string.ts';
import { handlers as stringIncr } from './string/string-incr.ts';
import { handlers as stringRange } from './string/string-range.ts';
import { handlers as bits } from './string/bits.ts';
import { handlers as bitcount } from './string/bitcount.ts';
import { handlers as bitfield } from './string/bitfield.ts';
import { handlers as lcs } from './string/lcs.ts';
import { handlers as zset } from './zset/zset.ts';
import { handlers as zsetRange } from './zset/zset-range.ts';
import { handlers as zsetStore } from './zset/zset-store.ts';
import { handlers as zsetPop } from './zset/zset-pop.ts';
import { handlers as hash } from './hash/hash.ts';
import { handlers as hashExtra } from './hash/hash-extra.ts';
import { handlers as set } from './set/set.ts';
import { handlers as setRandom } from './set/set-random.ts';
import { handlers as setAlgebra } from './set/set-algebra.ts';
import { handlers as clientTracking } from './client/client-tracking.ts';
import { handlers as monitor } from './server/monitor.ts';
import { handlers as slowlog } from './server/slowlog.ts';
import { handlers as latency } from './server/latency.ts';
import { handlers as multi } from './multi.ts';
import { handlers as pubsub } from './pubsub.ts';
import { handlers as list } from './list/list.ts';
import { handlers as listPos } from './list/list-pos.ts';
import { handlers as listMove } from './list/list-move.ts';
import { handlers as listBlocking } from './list/list-blocking.ts';
import { handlers as sort } from './sort.ts';

const FAMILIES: Record<string, Handler>[] = [client, cmdInfo, debug, memory, config, connection, expire, info, keys, object, scan, server, string, stringIncr, stringRange, bits, bitcount, bitfield, lcs, hash, hashExtra, set, setRandom, setAlgebra, zset, zsetRange, zsetStore, zsetPop,
  clientTracking, monitor, slowlog, latency, multi, pubsub,
  list, listPos, listMove, listBlocking, sort];

export function allHandlers(): Map<string, Handler> {
  const all = new Map<string, Handler>();
  for (const family of FAMILIES) {
    for (const [name, h] of Object.entries(family)) {
      if (all.has(name)) throw new Error(`command ${name} has two handlers`);
      all.set(name, h);
    }
  }
  return all;
}
