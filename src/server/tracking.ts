// Client-side caching (CLIENT TRACKING), as Redis's tracking.c: in the default mode the server
// remembers which tracking clients read which keys and tells them when those keys change; in BCAST
// mode clients subscribe to key prefixes and get every change under them, batched once per event
// loop turn. Messages are RESP3 pushes (`>2 invalidate [keys]`), or, through REDIRECT to a RESP2
// connection in pub/sub mode, messages on `__redis__:invalidate`.
//
// Nothing here costs anything until a client first turns tracking on: the keyspace and client hooks
// are registered then. The tables are per server; keys are tracked by name across databases, as in
// Redis. Owned by the executor thread.

import type { Command } from '../commands/command.ts';
import { extractKeys } from '../commands/key-extract.ts';
import type { Database } from '../store/database.ts';
import type { Client } from './client.ts';
import type { Server } from './server.ts';

export const INVALIDATE_CHANNEL = '__redis__:invalidate';

/** One client's tracking mode (Redis's CLIENT_TRACKING_* flags and its prefixes). */
export interface ClientTracking {
  /** The client ID invalidations go to, or 0 for the client itself. */
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  /** CLIENT CACHING YES|NO was given for the next command (Redis's CLIENT_TRACKING_CACHING). */
  caching: boolean;
  /** The redirect client went away (flag R, TRACKINGINFO broken_redirect). */
  brokenRedirect: boolean;
  /** BCAST prefixes, kept sorted bytewise as Redis's radix tree lists them. */
  prefixes: string[];
}

/** A BCAST prefix: its subscribers, and the keys changed under it this event-loop turn. */
interface Bcast {
  clients: Set<Client>;
  /** Changed key → the client that changed it last (NOLOOP), or null. */
  keys: Map<string, Client | null>;
}

class TrackingState {
  readonly server: Server;
  /** Key → IDs of the clients that may cache it (Redis's TrackingTable). */
  readonly table = new Map<string, Set<number>>();
  /** Client IDs across the table (INFO tracking_total_items). */
  items = 0;
  readonly prefixes = new Map<string, Bcast>();
  readonly clients = new Map<Client, ClientTracking>();
  /** BCAST clients with NOLOOP: the only ones for which the writer of a key must be known. */
  readonly noloopBcast = new Set<Client>();
  broadcastScheduled = false;
  /** totalCommands when the last flush message was sent: FLUSHALL signals every database. */
  lastFlushCommand = -1;

  constructor(server: Server) {
    this.server = server;
  }
}

const states = new WeakMap<Server, TrackingState>();

/**
 * Invalidations whose recipient (the tracking client or its redirect target) is the client whose
 * command is running: Redis sends them after that command's reply (tracking_pending_keys), so they
 * never land inside a reply (an EXEC's array, say). Entries are [tracking client, key or null for
 * "everything"]. Exported as a count so the dispatcher's check is one comparison.
 */
const pending: [Client, string | null][] = [];
export let pendingInvalidations = 0;

function stateOf(s: Server): TrackingState {
  let st = states.get(s);
  if (st === undefined) {
    st = new TrackingState(s);
    states.set(s, st);
    const state = st;
    s.keyspace.hooks.modified.push((db, key) => keyModified(state, db, key));
    // SWAPDB tells tracking clients nothing in Redis: only flushes invalidate everything.
    s.keyspace.hooks.flushed.push((_dbid, swap) => {
      if (!swap) flushed(state);
    });
    s.clientHooks.closed.push((c) => disableTracking(c));
    s.clientHooks.reset.push((c) => disableTracking(c));
  }
  return st;
}

/** The client's tracking mode, or undefined when tracking is off. */
export function trackingOf(c: Client): ClientTracking | undefined {
  if (!c.tracking) return undefined;
  return states.get(c.server)?.clients.get(c);
}

/** Extra CLIENT LIST flag letters for a tracking client: R (broken redirect) and B (BCAST). */
export function trackingFlagLetters(c: Client): string {
  const t = trackingOf(c);
  if (t === undefined) return '';
  return (t.brokenRedirect ? 'R' : '') + (t.bcast ? 'B' : '');
}

/** INFO: tracking clients, tracked keys, tracked (key, client) items and BCAST prefixes. */
export function trackingTotals(s: Server): { clients: number; keys: number; items: number; prefixes: number } {
  const st = states.get(s);
  if (st === undefined) return { clients: 0, keys: 0, items: 0, prefixes: 0 };
  return { clients: st.clients.size, keys: st.table.size, items: st.items, prefixes: st.prefixes.size };
}

export interface TrackingOptions {
  redirect: number;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  prefixes: string[];
}

/** CLIENT TRACKING ON, options already validated (Redis's enableTracking). */
export function enableTracking(c: Client, o: TrackingOptions): void {
  const st = stateOf(c.server);
  let t = st.clients.get(c);
  if (t === undefined) {
    t = { redirect: 0, bcast: false, optin: false, optout: false, noloop: false, caching: false,
      brokenRedirect: false, prefixes: [] };
    st.clients.set(c, t);
  }
  c.tracking = true;
  c.trackingRedirect = o.redirect;
  t.redirect = o.redirect;
  t.brokenRedirect = false;
  t.optin = o.optin;
  t.optout = o.optout;
  t.noloop = o.noloop;
  t.bcast = o.bcast;
  if (o.bcast) {
    if (o.prefixes.length === 0) subscribePrefix(st, c, t, '');
    for (const p of o.prefixes) subscribePrefix(st, c, t, p);
    if (o.noloop) st.noloopBcast.add(c);
    else st.noloopBcast.delete(c);
  }
}

function subscribePrefix(st: TrackingState, c: Client, t: ClientTracking, prefix: string): void {
  let bs = st.prefixes.get(prefix);
  if (bs === undefined) {
    bs = { clients: new Set(), keys: new Map() };
    st.prefixes.set(prefix, bs);
  }
  if (bs.clients.has(c)) return;
  bs.clients.add(c);
  t.prefixes.push(prefix);
  t.prefixes.sort();
}

/**
 * CLIENT TRACKING OFF, RESET and disconnect. As in Redis, the client's entries in the key table
 * are left to be dropped lazily when those keys change.
 */
export function disableTracking(c: Client): void {
  if (!c.tracking) return;
  const st = states.get(c.server);
  c.tracking = false;
  c.trackingRedirect = -1;
  if (st === undefined) return;
  const t = st.clients.get(c);
  st.clients.delete(c);
  st.noloopBcast.delete(c);
  if (t === undefined) return;
  for (const p of t.prefixes) {
    const bs = st.prefixes.get(p);
    if (bs === undefined) continue;
    bs.clients.delete(c);
    if (bs.clients.size === 0) st.prefixes.delete(p);
  }
}

/**
 * After a read-only command of a tracking client ran (Redis's trackingRememberKeys, from call()):
 * remember the keys it read, unless OPTIN/OPTOUT and CLIENT CACHING say otherwise.
 */
export function trackingRememberKeys(c: Client, cmd: Command, argv: string[]): void {
  const st = states.get(c.server);
  const t = st?.clients.get(c);
  if (st === undefined || t === undefined || t.bcast) return;
  if ((t.optin && !t.caching) || (t.optout && t.caching)) return;
  // Shard channels look like keys to the key specs; they are not cached data.
  if (cmd.hasFlag('pubsub')) return;
  const keys = extractKeys(cmd.facts, argv);
  for (let i = 0; i < keys.length; i++) {
    const key = argv[keys[i]!.pos];
    if (key === undefined) continue; // a malformed command line: no key there
    let ids = st.table.get(key);
    if (ids === undefined) {
      ids = new Set();
      st.table.set(key, ids);
    }
    if (!ids.has(c.id)) {
      ids.add(c.id);
      st.items++;
    }
  }
  limitTable(st);
}

/** CONFIG SET tracking-table-max-keys: applies a lower limit at once (Redis gets there over a few crons). */
export function trackingApplyLimit(s: Server): void {
  const st = states.get(s);
  if (st !== undefined) limitTable(st);
}

/**
 * tracking-table-max-keys: past the limit, forget the oldest keys, telling their clients as if the
 * keys had changed (Redis picks random keys; the oldest are as good and deterministic).
 */
function limitTable(st: TrackingState): void {
  const max = st.server.config.values['tracking-table-max-keys'] as number;
  if (max === 0 || st.table.size <= max) return;
  for (const key of st.table.keys()) {
    if (st.table.size <= max) break;
    invalidateKey(st, key);
  }
}

/**
 * After a command (top level, reply written): sends the invalidations deferred while it ran, and
 * drops the one-command CLIENT CACHING flag, which survives CLIENT subcommands and a MULTI block as
 * in Redis's resetClient.
 */
export function trackingAfterCommand(c: Client, cmd: Command | undefined): void {
  if (pendingInvalidations !== 0) flushPending();
  if (c.multi >= 0 || (cmd !== undefined && cmd.parent !== null && cmd.parent.fullName === 'client')) return;
  const t = states.get(c.server)?.clients.get(c);
  if (t !== undefined) t.caching = false;
}

function flushPending(): void {
  const list = pending.splice(0);
  pendingInvalidations = 0;
  for (const [c, key] of list) {
    if (c.closing || !c.tracking) continue;
    sendInvalidation(c, key === null ? null : [key]);
  }
}

function defer(c: Client, key: string | null): void {
  pending.push([c, key]);
  pendingInvalidations++;
}

/**
 * True when a message for tracking client c would go to the client whose command is running
 * (`running` is set exactly while a client's command runs): c itself or its redirect target.
 */
function recipientBusy(c: Client, t: ClientTracking): boolean {
  if (c.running) return true;
  if (t.redirect === 0) return false;
  const r = c.server.clients.get(t.redirect);
  return r !== undefined && r.running;
}

// --- invalidation ---

function keyModified(st: TrackingState, _db: Database, key: string): void {
  if (st.prefixes.size !== 0) rememberForBroadcast(st, key);
  if (st.table.size !== 0) invalidateKey(st, key);
}

/** Sends the invalidation of one key to every client that may cache it, and forgets the key. */
function invalidateKey(st: TrackingState, key: string): void {
  const ids = st.table.get(key);
  if (ids === undefined) return;
  st.table.delete(key);
  st.items -= ids.size;
  const clients = st.server.clients;
  for (const id of ids) {
    const target = clients.get(id);
    if (target === undefined || !target.tracking) continue;
    const t = st.clients.get(target);
    // A client that switched to BCAST since it read the key gets nothing from this table.
    if (t === undefined || t.bcast) continue;
    // NOLOOP: the change was made by the client's own command (`running` is set while it runs).
    if (t.noloop && target.running) continue;
    if (recipientBusy(target, t)) defer(target, key);
    else sendInvalidation(target, [key]);
  }
}

function rememberForBroadcast(st: TrackingState, key: string): void {
  let writer: Client | null = null;
  for (const c of st.noloopBcast) {
    if (c.running) {
      writer = c;
      break;
    }
  }
  let any = false;
  for (const [prefix, bs] of st.prefixes) {
    if (prefix.length > key.length || !key.startsWith(prefix)) continue;
    bs.keys.set(key, writer);
    any = true;
  }
  if (any && !st.broadcastScheduled) {
    st.broadcastScheduled = true;
    setImmediate(() => broadcast(st));
  }
}

/** Redis's trackingBroadcastInvalidationMessages (beforeSleep): one message per prefix per client. */
function broadcast(st: TrackingState): void {
  st.broadcastScheduled = false;
  const prefixes = [...st.prefixes.keys()].sort();
  for (const p of prefixes) {
    const bs = st.prefixes.get(p)!;
    if (bs.keys.size === 0) continue;
    const keys = [...bs.keys.keys()].sort();
    for (const c of bs.clients) {
      const t = st.clients.get(c);
      if (t !== undefined && t.noloop) {
        const own = keys.filter((k) => bs.keys.get(k) !== c);
        if (own.length !== 0) sendInvalidation(c, own);
      } else {
        sendInvalidation(c, keys);
      }
    }
    bs.keys.clear();
  }
}

/** FLUSHDB / FLUSHALL: every tracking client is told "everything" (a null), once per command. */
function flushed(st: TrackingState): void {
  const s = st.server;
  const cmdNo = s.stats.totalCommands;
  if (cmdNo === st.lastFlushCommand) return;
  st.lastFlushCommand = cmdNo;
  for (const [c, t] of st.clients) {
    if (recipientBusy(c, t)) defer(c, null);
    else sendInvalidation(c, null);
  }
  st.table.clear();
  st.items = 0;
}

/**
 * Writes one invalidation message for tracking client c (keys, or null for all), to c itself or to
 * its redirect client (Redis's sendTrackingMessage). A RESP2 connection can only receive it through
 * a redirect, as a pub/sub message on __redis__:invalidate while it is in pub/sub mode.
 */
function sendInvalidation(c: Client, keys: readonly string[] | null): void {
  const s = c.server;
  const t = states.get(s)?.clients.get(c);
  const redirect = t?.redirect ?? 0;
  let to = c;
  if (redirect !== 0) {
    const r = s.clients.get(redirect);
    if (r === undefined || r.closing) {
      if (t !== undefined) t.brokenRedirect = true;
      if (c.resp === 3) {
        c.w.push(2);
        c.w.bulk('tracking-redir-broken');
        c.w.integer(redirect);
        s.output.schedule(c);
      }
      return;
    }
    to = r;
  }
  const w = to.w;
  if (to.resp === 3) {
    w.push(2);
    w.bulk('invalidate');
  } else if (redirect !== 0 && to.subs + to.psubs + to.ssubs > 0) {
    w.push(3);
    w.bulk('message');
    w.bulk(INVALIDATE_CHANNEL);
  } else {
    return;
  }
  if (keys === null) {
    w.nullBulk();
  } else {
    w.array(keys.length);
    for (let i = 0; i < keys.length; i++) w.bulk(keys[i]!);
  }
  s.output.schedule(to);
}
