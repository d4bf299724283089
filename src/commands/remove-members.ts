// The shared body of HDEL and SREM (Redis's hdelCommand/sremCommand have the same shape).

import type { Client } from '../server/client.ts';
import type { ObjType, RObject } from '../types/object.ts';
import { lookupWriteTyped } from './lookup.ts';

/**
 * Removes each member named from argv[2] on from the aggregate at argv[1], deleting the key as soon
 * as it is empty, and replies how many were removed. Emits `<event>` (class `cls`) and then `del`
 * when the key went away, and counts one write per member removed, as Redis does.
 */
export function removeMembersGeneric(c: Client, argv: string[], type: ObjType, cls: string, event: string,
  remove: (o: RObject, member: string) => boolean, size: (o: RObject) => number): void {
  const db = c.db;
  const key = argv[1]!;
  const o = lookupWriteTyped(c, key, type);
  if (o === null) return;
  if (o === undefined) {
    c.w.integer(0);
    return;
  }
  let deleted = 0;
  let removed = false;
  for (let j = 2; j < argv.length; j++) {
    if (remove(o, argv[j]!)) {
      deleted++;
      if (size(o) === 0) {
        removed = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    if (removed) db.delete(key); // signals and counts one write
    else db.ks.signalModified(db, key);
    db.ks.notify(cls, event, key, db.id);
    if (removed) db.ks.notify('g', 'del', key, db.id);
    db.ks.dirty += removed ? deleted - 1 : deleted;
  }
  c.w.integer(deleted);
}
