// The dispatcher: Redis's processCommand + call(). It owns every generic check, in Redis's order
// and with Redis's messages, so handlers never repeat them: existence, arity, authentication,
// commands refused in MULTI, the RESP2 pub/sub context, client pause, then MULTI queueing (OOM
// will join them). Then it runs the handler and keeps the per-command stats that INFO
// commandstats reports.
// Owned by the executor thread.

// The module binding, not the global: globalThis.performance is a lazy getter run on every access.
import { performance } from 'node:perf_hooks';
import type { Command } from '../commands/command.ts';
import {
  errArity,
  errPubsubContext,
  errUnknownCommand,
  errUnknownSubcommand,
  ERR_NOAUTH,
  ERR_NOT_IN_MULTI,
} from '../protocol/errors.ts';
import { PAUSE_ALL, PAUSE_NONE } from './client-pause.ts';
import type { Client } from './client.ts';
import { latencyAddSample } from './latency.ts';
import { recordCommandLatency } from './latency-histogram.ts';
import { activeMonitors, feedMonitors } from './monitor.ts';
import { execAbortMessage, isQueued, queueCommand } from './multi.ts';
import { writeHeldPushes } from './pubsub.ts';
import type { Server } from './server.ts';
import { slowlogPush } from './slowlog.ts';
import { pendingInvalidations, trackingAfterCommand, trackingRememberKeys } from './tracking.ts';

function reject(c: Client, cmd: Command | undefined, message: string): void {
  let m = message;
  // Inside MULTI a rejected command dooms the transaction (Redis's flagTransaction); a rejected
  // EXEC discards it at once and says why.
  if (c.multi !== -1) c.dirtyExec = true;
  if (cmd !== undefined) {
    cmd.stats.rejected++;
    if (cmd.fullName === 'exec') m = execAbortMessage(c, m);
  }
  c.w.error(m);
}

/** What a RESP2 client holding subscriptions may still run. */
const PUBSUB_CONTEXT = new Set(['ping', 'subscribe', 'ssubscribe', 'psubscribe', 'unsubscribe', 'sunsubscribe',
  'punsubscribe', 'quit', 'reset']);

/**
 * CLIENT REPLY OFF|SKIP: what the command wrote since `start` is dropped. Redis decides at write
 * time; deciding after the command gives the same bytes, because the only commands that change the
 * mode mid-way (CLIENT REPLY, RESET) clear it before they reply. A SKIP takes effect from the next
 * command on.
 */
function endReply(c: Client, start: number): void {
  if (c.replyOff || c.replySkip) {
    c.w.len = start;
    if (c.heldPushes !== null) writeHeldPushes(c);
  }
  c.replySkip = c.replySkipNext;
  c.replySkipNext = false;
}

/** True when CLIENT PAUSE holds this command back (Redis: writes and may-replicate commands for WRITE). */
function mustPostpone(s: Server, c: Client, cmd: Command): boolean {
  if (c.type === 'replica' || c.type === 'master') return false;
  if (s.pause.mode === PAUSE_ALL) return true;
  if (cmd.isWrite || cmd.hasFlag('may_replicate')) return true;
  return cmd.fullName === 'exec' && c.multiWrites;
}

/** `POST` and `Host:` open HTTP requests; Redis treats them as an attack, not as unknown commands. */
function isHttp(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'post' || n === 'host:';
}

export function dispatch(s: Server, c: Client, argv: string[]): void {
  const start = c.w.len;
  // Redis's lookupCommand, inlined so that the hot path allocates nothing: a container with an
  // argument resolves its subcommand.
  const name = argv[0]!;
  let base: Command | undefined;
  if (name === c.lookupName) {
    base = c.lookupCmd;
  } else {
    base = s.table.get(name);
    c.lookupName = name;
    c.lookupCmd = base;
  }
  let cmd = base;
  if (base !== undefined && base.subcommands !== null && argv.length >= 2) {
    cmd = base.subcommands.get(argv[1]!.toLowerCase());
  }
  // Set before any check, as Redis does: CLIENT LIST shows a held or rejected command too.
  c.lastCommand = cmd ?? null;
  if (cmd === undefined) {
    if (base !== undefined) {
      reject(c, undefined, errUnknownSubcommand(argv[1]!, argv[0]!));
    } else if (isHttp(argv[0]!)) {
      // Someone sends HTTP to us (cross-protocol scripting): Redis drops the connection, unanswered.
      s.securityWarning(c);
      return;
    } else {
      reject(c, undefined, errUnknownCommand(argv[0]!, argv.slice(1)));
    }
  } else if (!cmd.arityOk(argv.length)) {
    reject(c, cmd, errArity(cmd.fullName));
  } else if (!c.authenticated && !cmd.noAuth && s.config.authRequired()) {
    reject(c, cmd, ERR_NOAUTH);
  } else if (c.multi !== -1 && cmd.noMulti) {
    reject(c, cmd, ERR_NOT_IN_MULTI);
  } else if (c.pubsub !== null && c.w.resp === 2 && !PUBSUB_CONTEXT.has(cmd.fullName)) {
    // RESP2 cannot tell a reply from a message, so a subscribed connection is restricted (RESP3 is not).
    reject(c, cmd, errPubsubContext(cmd.fullName));
  } else if (s.pause.mode !== PAUSE_NONE && mustPostpone(s, c, cmd)) {
    // Later gates (OOM...) go above this one; MULTI queueing goes below, as in Redis.
    s.pause.hold(c, argv);
    return;
  } else if (c.multi !== -1 && isQueued(cmd)) {
    queueCommand(c, cmd, argv);
    c.w.simple('QUEUED');
  } else {
    call(s, c, cmd, argv);
  }
  endReply(c, start);
  // Invalidations caused by the client's own command follow its reply, even with CLIENT REPLY OFF.
  if (c.tracking || pendingInvalidations !== 0) trackingAfterCommand(c, cmd);
}

/**
 * A handler threw: a bug of ours, never the client's. Redis would crash; we drop whatever part of a
 * reply the handler wrote (so the connection stays in step), answer with an error, and log the stack.
 */
function handlerFailed(s: Server, c: Client, cmd: Command, replyStart: number, e: unknown): void {
  c.w.len = replyStart;
  c.w.error(`ERR internal error while running '${cmd.fullName}' (see the server log)`);
  s.log.warning(`Internal error in '${cmd.fullName}': ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}

/** Runs a command whose checks have passed, with stats. (MULTI/EXEC will call this for each queued one.) */
export function call(s: Server, c: Client, cmd: Command, argv: string[]): void {
  const w = c.w;
  const errorsBefore = w.errors;
  c.running = true;
  const replyStart = w.len;
  // Inside a batch the previous command's end is this one's start (one clock read per command).
  const t0 = s.tickValid ? s.tick : performance.now();
  const ks = s.keyspace;
  ks.noTouch = c.noTouch && cmd.fullName !== 'touch';
  try {
    cmd.handler!(c, argv);
  } catch (e) {
    handlerFailed(s, c, cmd, replyStart, e);
  } finally {
    ks.noTouch = false;
  }
  const t1 = performance.now();
  if (s.tickValid) s.tick = t1;
  c.running = false;
  if (activeMonitors !== 0) feedMonitors(s, c, cmd, argv);
  if (c.tracking && cmd.isReadonly) trackingRememberKeys(c, cmd, argv);
  // A command that blocked is counted when it completes, with its whole duration (Redis's
  // updateStatsOnUnblock): see commandCompleted, called by server/blocking.ts.
  const us = (t1 - t0) * 1000;
  if (c.bstate !== null) {
    c.bstate.execUs += us;
    return;
  }
  commandCompleted(s, c, cmd, argv, us, w.errors !== errorsBefore);
}

/**
 * The bookkeeping at the end of Redis's call() for a command that has completed: commandstats,
 * the slow log, latency events and the per-command histogram. Each costs one check when unused.
 */
export function commandCompleted(s: Server, c: Client, cmd: Command, argv: readonly string[], us: number, failed: boolean): void {
  const st = cmd.stats;
  st.calls++;
  st.usec += us;
  if (failed) st.failed++;
  s.stats.totalCommands++;
  const v = s.config.values;
  const slower = v['slowlog-log-slower-than'] as number;
  if (us >= slower && slower >= 0) slowlogPush(s, c, cmd, argv, us);
  const threshold = v['latency-monitor-threshold'] as number;
  if (threshold !== 0 && us >= threshold * 1000) {
    latencyAddSample(s, cmd.hasFlag('fast') ? 'fast-command' : 'command', Math.floor(us / 1000));
  }
  if (v['latency-tracking'] === true) recordCommandLatency(st, us);
}
