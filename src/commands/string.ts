// String commands. GET and SET first; the rest of the family follows.

import type { Client } from '../server/client.ts';
import { ERR_WRONGTYPE } from '../protocol/errors.ts';
import { createStringObject, stringValue } from '../types/string.ts';
import type { Handler } from './command.ts';

/** GET key */
function getCommand(c: Client, argv: string[]): void {
  const o = c.db.lookupRead(argv[1]!, !c.noTouch);
  if (o === undefined) c.w.nullBulk();
  else if (o.type !== 'string') c.w.error(ERR_WRONGTYPE);
  else c.w.bulk(stringValue(o));
}

/** SET key value (options follow) */
function setCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  c.db.set(key, createStringObject(argv[2]!, c.db.ks.lruClock()));
  c.db.ks.notify('$', 'set', key, c.db.id);
  c.w.ok();
}

export const handlers: Record<string, Handler> = {
  get: getCommand,
  set: setCommand,
};
