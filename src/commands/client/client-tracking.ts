// CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO: the commands of client-side caching. The
// tables and the invalidation messages live in server/tracking.ts.

import {
  ERR_CACHING_MODE,
  ERR_CACHING_NO,
  ERR_CACHING_YES,
  ERR_NOT_INTEGER,
  ERR_SYNTAX,
  ERR_TRACKING_NO_REDIRECT,
  ERR_TRACKING_ONE_REDIRECT,
  ERR_TRACKING_OPT_BCAST,
  ERR_TRACKING_OPTIN_OPTOUT,
  ERR_TRACKING_PREFIX_BCAST,
  ERR_TRACKING_SWITCH_BCAST,
  ERR_TRACKING_SWITCH_OPT,
  errPrefixOverlapExisting,
  errPrefixOverlapGiven,
} from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import { disableTracking, enableTracking, trackingOf, type TrackingOptions } from '../../server/tracking.ts';
import { parseInt64 } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';

/** One is a prefix of the other: both would match the same keys. */
function overlap(a: string, b: string): boolean {
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
}

/** Redis's checkPrefixCollisionsOrReply: the error for the first collision, or null. */
function prefixCollision(existing: readonly string[], given: readonly string[]): string | null {
  for (let i = 0; i < given.length; i++) {
    for (const e of existing) if (overlap(e, given[i]!)) return errPrefixOverlapExisting(given[i]!, e);
    for (let j = i + 1; j < given.length; j++) {
      if (overlap(given[i]!, given[j]!)) return errPrefixOverlapGiven(given[i]!, given[j]!);
    }
  }
  return null;
}

/** Parses the options after ON|OFF; replies with the error and returns null when they are bad. */
function parseOptions(c: Client, argv: string[]): TrackingOptions | null {
  const o: TrackingOptions = { redirect: 0, bcast: false, optin: false, optout: false, noloop: false, prefixes: [] };
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const more = argv.length - 1 - j;
    if (opt === 'redirect' && more > 0) {
      j++;
      if (o.redirect !== 0) {
        c.w.error(ERR_TRACKING_ONE_REDIRECT);
        return null;
      }
      const id = parseInt64(argv[j]!);
      if (id === null) {
        c.w.error(ERR_NOT_INTEGER);
        return null;
      }
      // The client must exist now, even if it may go away later (then the redirect is "broken").
      const n = Number(id);
      if (id <= 0n || !c.server.clients.has(n)) {
        c.w.error(ERR_TRACKING_NO_REDIRECT);
        return null;
      }
      o.redirect = n;
    } else if (opt === 'bcast') {
      o.bcast = true;
    } else if (opt === 'optin') {
      o.optin = true;
    } else if (opt === 'optout') {
      o.optout = true;
    } else if (opt === 'noloop') {
      o.noloop = true;
    } else if (opt === 'prefix' && more > 0) {
      j++;
      o.prefixes.push(argv[j]!);
    } else {
      c.w.error(ERR_SYNTAX);
      return null;
    }
  }
  return o;
}

/** The first reason the options cannot turn tracking on for c, as Redis checks them, or null. */
function onError(c: Client, o: TrackingOptions): string | null {
  if (!o.bcast && o.prefixes.length > 0) return ERR_TRACKING_PREFIX_BCAST;
  const cur = trackingOf(c);
  if (cur !== undefined && cur.bcast !== o.bcast) return ERR_TRACKING_SWITCH_BCAST;
  if (o.bcast && (o.optin || o.optout)) return ERR_TRACKING_OPT_BCAST;
  if (o.optin && o.optout) return ERR_TRACKING_OPTIN_OPTOUT;
  if (cur !== undefined && ((o.optin && cur.optout) || (o.optout && cur.optin))) return ERR_TRACKING_SWITCH_OPT;
  // Redis 7.2 also enables tracking after replying with a collision found past the first prefix
  // (two replies to one command); we reply once, with the error, and change nothing.
  if (o.bcast) return prefixCollision(cur?.prefixes ?? [], o.prefixes);
  return null;
}

/** CLIENT TRACKING <ON | OFF> [REDIRECT client-id] [PREFIX prefix ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP] */
function clientTrackingCommand(c: Client, argv: string[]): void {
  const o = parseOptions(c, argv);
  if (o === null) return;
  const mode = argv[2]!.toLowerCase();
  if (mode === 'on') {
    const err = onError(c, o);
    if (err !== null) {
      c.w.error(err);
      return;
    }
    enableTracking(c, o);
  } else if (mode === 'off') {
    disableTracking(c);
  } else {
    c.w.error(ERR_SYNTAX);
    return;
  }
  c.w.ok();
}

/** CLIENT CACHING <YES | NO>: whether the next command's keys are tracked (OPTIN / OPTOUT modes). */
function clientCachingCommand(c: Client, argv: string[]): void {
  const t = trackingOf(c);
  if (t === undefined) {
    c.w.error(ERR_CACHING_MODE);
    return;
  }
  const v = argv[2]!.toLowerCase();
  if (v === 'yes') {
    if (!t.optin) {
      c.w.error(ERR_CACHING_YES);
      return;
    }
  } else if (v === 'no') {
    if (!t.optout) {
      c.w.error(ERR_CACHING_NO);
      return;
    }
  } else {
    c.w.error(ERR_SYNTAX);
    return;
  }
  t.caching = true;
  c.w.ok();
}

/** CLIENT GETREDIR: the redirect client ID, 0 when tracking without one, -1 when not tracking. */
function clientGetredirCommand(c: Client): void {
  c.w.integer(c.tracking ? c.trackingRedirect : -1);
}

/** CLIENT TRACKINGINFO */
function clientTrackinginfoCommand(c: Client): void {
  const t = trackingOf(c);
  const w = c.w;
  w.map(3);
  w.bulk('flags');
  if (t === undefined) {
    w.set(1);
    w.bulk('off');
  } else {
    const flags = ['on'];
    if (t.bcast) flags.push('bcast');
    if (t.optin) {
      flags.push('optin');
      if (t.caching) flags.push('caching-yes');
    }
    if (t.optout) {
      flags.push('optout');
      if (t.caching) flags.push('caching-no');
    }
    if (t.noloop) flags.push('noloop');
    if (t.brokenRedirect) flags.push('broken_redirect');
    w.set(flags.length);
    for (const f of flags) w.bulk(f);
  }
  w.bulk('redirect');
  w.integer(t === undefined ? -1 : t.redirect);
  w.bulk('prefixes');
  w.bulkArray(t === undefined ? [] : t.prefixes);
}

export const handlers: Record<string, Handler> = {
  'client|tracking': clientTrackingCommand,
  'client|caching': clientCachingCommand,
  'client|getredir': clientGetredirCommand,
  'client|trackinginfo': clientTrackinginfoCommand,
};
