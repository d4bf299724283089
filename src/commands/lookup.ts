// Typed key lookups shared by every family: Redis's lookupKeyRead/WriteOrReply + checkType.

import type { Client } from '../server/client.ts';
import { ERR_WRONGTYPE } from '../protocol/errors.ts';
import type { ObjType, RObject } from '../types/object.ts';

/**
 * The key's value for reading when it holds `type`; undefined when the key is missing; null after
 * replying WRONGTYPE (the caller just returns). Honours CLIENT NO-TOUCH. A small string kept in
 * the slab comes as an object made for the occasion (Database.lookupView): read it, keep nothing.
 */
export function lookupReadTyped(c: Client, key: string, type: ObjType): RObject | undefined | null {
  const o = c.db.lookupView(key, 0);
  if (o !== undefined && o.type !== type) {
    c.w.error(ERR_WRONGTYPE);
    return null;
  }
  return o;
}

/** As lookupReadTyped, for a write: lazy expiry only, no hit/miss stats. */
export function lookupWriteTyped(c: Client, key: string, type: ObjType): RObject | undefined | null {
  const o = c.db.lookupWrite(key);
  if (o !== undefined && o.type !== type) {
    c.w.error(ERR_WRONGTYPE);
    return null;
  }
  return o;
}
