// Every command family module, joined into one handler map keyed by full lowercase command name
// (`get`, `client|kill`). Adding a family: export `handlers` from its module and list it here.

import type { Handler } from './command.ts';
import { handlers as client } from './client.ts';
import { handlers as cmdInfo } from './cmd-info.ts';
import { handlers as debug } from './debug.ts';
import { handlers as config } from './config.ts';
import { handlers as connection } from './connection.ts';
import { handlers as expire } from './expire.ts';
import { handlers as info } from './info.ts';
import { handlers as keys } from './keys.ts';
import { handlers as memory } from './memory.ts';
import { handlers as object } from './object.ts';
import { handlers as scan } from './scan.ts';
import { handlers as server } from './server.ts';
import { handlers as string } from './string.ts';
import { handlers as stringIncr } from './string-incr.ts';
import { handlers as stringRange } from './string-range.ts';
import { handlers as bits } from './bits.ts';
import { handlers as bitcount } from './bitcount.ts';
import { handlers as bitfield } from './bitfield.ts';
import { handlers as lcs } from './lcs.ts';
import { handlers as zset } from './zset.ts';
import { handlers as zsetRange } from './zset-range.ts';
import { handlers as zsetStore } from './zset-store.ts';
import { handlers as zsetPop } from './zset-pop.ts';
import { handlers as hash } from './hash.ts';
import { handlers as hashExtra } from './hash-extra.ts';
import { handlers as set } from './set.ts';
import { handlers as setRandom } from './set-random.ts';
import { handlers as setAlgebra } from './set-algebra.ts';
import { handlers as clientTracking } from './client-tracking.ts';
import { handlers as monitor } from './monitor.ts';
import { handlers as slowlog } from './slowlog.ts';
import { handlers as latency } from './latency.ts';
import { handlers as multi } from './multi.ts';
import { handlers as pubsub } from './pubsub.ts';
import { handlers as list } from './list.ts';
import { handlers as listPos } from './list-pos.ts';
import { handlers as listMove } from './list-move.ts';
import { handlers as listBlocking } from './list-blocking.ts';
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
