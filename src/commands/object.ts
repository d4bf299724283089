// OBJECT: introspection of the value stored under a key (encoding, reference count, idle time,
// access frequency). The lookup neither touches the LRU clock nor fires `keymiss`, as in Redis, but
// it does expire the key lazily and count a hit or miss.

import type { Client } from '../server/client.ts';
import { ERR_LFU_NOT_SELECTED, ERR_LFU_SELECTED } from '../protocol/errors.ts';
import { LOOKUP_NONOTIFY, LOOKUP_NOTOUCH } from '../store/database.ts';
import type { RObject } from '../types/object.ts';
import { lfuDecrAndReturn, lruIdleSeconds, SHARED_REFCOUNT } from '../types/object.ts';
import type { Handler } from './command.ts';

/** Redis creates shared objects for the integers 0..9999 (OBJ_SHARED_INTEGERS). */
const SHARED_INTEGERS = 10000;

function policy(c: Client): string {
  const p = c.server.config.values['maxmemory-policy'];
  return typeof p === 'string' ? p : 'noeviction';
}

function isLfu(c: Client): boolean {
  return policy(c).endsWith('-lfu');
}

/**
 * Whether Redis would hold this value as one of its shared integers. Sharing is off when maxmemory
 * is set with an LRU or LFU policy, because shared objects cannot carry a per-key clock.
 */
function isSharedInteger(c: Client, o: RObject): boolean {
  if (o.type !== 'string' || o.enc !== 'int' || typeof o.value !== 'number') return false;
  if (o.value < 0 || o.value >= SHARED_INTEGERS) return false;
  const maxmemory = c.server.config.values['maxmemory'];
  const p = policy(c);
  return !(typeof maxmemory === 'number' && maxmemory !== 0 && (p.endsWith('-lru') || p.endsWith('-lfu')));
}

function lookupOrNull(c: Client, key: string): RObject | undefined {
  const o = c.db.lookupView(key, LOOKUP_NOTOUCH | LOOKUP_NONOTIFY);
  if (o === undefined) c.w.nullBulk();
  return o;
}

/** OBJECT ENCODING key */
function objectEncodingCommand(c: Client, argv: string[]): void {
  const o = lookupOrNull(c, argv[2]!);
  if (o !== undefined) c.w.bulk(o.enc);
}

/** OBJECT REFCOUNT key */
function objectRefcountCommand(c: Client, argv: string[]): void {
  const o = lookupOrNull(c, argv[2]!);
  if (o !== undefined) c.w.integer(isSharedInteger(c, o) ? SHARED_REFCOUNT : 1);
}

/** OBJECT IDLETIME key */
function objectIdletimeCommand(c: Client, argv: string[]): void {
  const o = lookupOrNull(c, argv[2]!);
  if (o === undefined) return;
  if (isLfu(c)) {
    c.w.error(ERR_LFU_SELECTED);
    return;
  }
  c.w.integer(lruIdleSeconds(o.lru, c.db.ks.lruClock()));
}

/** OBJECT FREQ key */
function objectFreqCommand(c: Client, argv: string[]): void {
  const o = lookupOrNull(c, argv[2]!);
  if (o === undefined) return;
  if (!isLfu(c)) {
    c.w.error(ERR_LFU_NOT_SELECTED);
    return;
  }
  const decay = c.server.config.values['lfu-decay-time'];
  c.w.integer(lfuDecrAndReturn(o, c.db.ks.clock.now(), typeof decay === 'number' ? decay : 1));
}

const HELP = [
  'ENCODING <key>',
  '    Return the name of the internal representation (encoding) of the value stored',
  '    at <key>.',
  'FREQ <key>',
  '    Return the logarithmic access frequency counter of <key>. Needs an LFU',
  '    maxmemory-policy.',
  'IDLETIME <key>',
  '    Return roughly how many seconds have passed since <key> was last accessed.',
  'REFCOUNT <key>',
  '    Return how many references the value stored at <key> has.',
];

/** OBJECT HELP */
function objectHelpCommand(c: Client): void {
  c.w.help('object', HELP);
}

export const handlers: Record<string, Handler> = {
  'object|encoding': objectEncodingCommand,
  'object|refcount': objectRefcountCommand,
  'object|idletime': objectIdletimeCommand,
  'object|freq': objectFreqCommand,
  'object|help': objectHelpCommand,
};
