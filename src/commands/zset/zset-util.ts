// Helpers shared by the sorted set command modules: the listpack limits in force, typed lookups
// that reply WRONGTYPE, the reply shape of member/score lists in RESP2 and RESP3, and the
// post-write bookkeeping (event, delete-when-empty).

import type { Client } from '../../server/client.ts';
import type { RObject } from '../../types/object.ts';
import { zsetLength, type ZsetLimits } from '../../types/zset.ts';

const limits: ZsetLimits = { entries: 128, value: 64 };

/** The zset-max-listpack-* limits, read from the config on every command (CONFIG SET applies at once). */
export function zsetLimits(c: Client): ZsetLimits {
  const v = c.server.config.values;
  limits.entries = Number(v['zset-max-listpack-entries']);
  limits.value = Number(v['zset-max-listpack-value']);
  return limits;
}

/**
 * Replies a list of members, with their scores when asked: a flat array in RESP2, an array of
 * [member, score] pairs in RESP3 (Redis 7.x's reply for WITHSCORES).
 */
export function replyMembers(c: Client, members: readonly string[], scores: readonly number[], withScores: boolean): void {
  const n = members.length;
  const w = c.w;
  if (!withScores) {
    w.bulkArray(members);
    return;
  }
  const resp3 = c.resp === 3;
  w.array(resp3 ? n : n * 2);
  for (let i = 0; i < n; i++) {
    if (resp3) w.array(2);
    w.bulk(members[i]!);
    w.double(scores[i]!);
  }
}

/**
 * After an in-place change to a zset: the event, the signal and the dirty count, and the key
 * deleted (with a `del` event) when it became empty, as Redis does after ZREM and friends.
 */
export function zsetModified(c: Client, key: string, o: RObject, event: string, changes: number): void {
  const db = c.db;
  const ks = db.ks;
  ks.notify('z', event, key, db.id);
  if (zsetLength(o) === 0) {
    db.delete(key); // counts one of the changes: Redis's total is `changes`
    ks.notify('g', 'del', key, db.id);
    ks.dirty += changes - 1;
  } else {
    ks.signalModified(db, key);
    ks.dirty += changes;
  }
}
