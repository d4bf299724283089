// MONITOR: every command that ran is shown to the monitoring clients as one simple-string line,
// `+<seconds>.<micros> [<db> <addr>] "arg" ...`, with arguments quoted as Redis's sdscatrepr and
// secrets redacted (Redis's replicationFeedMonitors, called from call() after the command ran).
// Admin commands (CONFIG, DEBUG, SLOWLOG...) and script commands are not shown, as in Redis.
// Owned by the executor thread.

import type { Command } from '../commands/command.ts';
import { systemClock } from '../store/keyspace.ts';
import type { Client } from './client.ts';
import { repr } from '../util/repr.ts';
import { redactArgv } from './redact.ts';
import type { Server } from './server.ts';

/**
 * Monitoring clients across every server in this process: call() tests this one number, so that
 * without monitors feeding costs a single comparison.
 */
export let activeMonitors = 0;

const monitors = new WeakMap<Server, Client[]>();
/** Whether a command is hidden from monitors, by command (admin or skip_monitor). */
const hidden = new WeakMap<Command, boolean>();

/** Puts c in monitor mode; false when it already is. */
export function addMonitor(c: Client): boolean {
  if (c.monitor) return false;
  const s = c.server;
  let list = monitors.get(s);
  if (list === undefined) {
    list = [];
    monitors.set(s, list);
    s.clientHooks.closed.push(removeMonitor);
    s.clientHooks.reset.push(removeMonitor);
  }
  list.push(c);
  c.monitor = true;
  activeMonitors++;
  return true;
}

/** Leaves monitor mode (RESET, disconnect). */
export function removeMonitor(c: Client): void {
  if (!c.monitor) return;
  c.monitor = false;
  const list = monitors.get(c.server);
  if (list === undefined) return;
  const i = list.indexOf(c);
  if (i !== -1) {
    list.splice(i, 1);
    activeMonitors--;
  }
}

function isHidden(cmd: Command): boolean {
  let h = hidden.get(cmd);
  if (h === undefined) {
    h = cmd.hasFlag('admin') || cmd.hasFlag('skip_monitor');
    hidden.set(cmd, h);
  }
  return h;
}

/** Seconds and six digits of microseconds, as Redis prints gettimeofday(). */
function timestamp(ms: number): string {
  const us = Math.floor(ms * 1000);
  const sec = Math.floor(us / 1_000_000);
  return `${sec}.${String(us - sec * 1_000_000).padStart(6, '0')}`;
}

/** The MONITOR line for a command c ran (without the leading '+'). */
export function monitorLine(c: Client, argv: readonly string[], now: number): string {
  const where = c.conn.kind === 'unix' ? `unix:${c.server.config.values.unixsocket}` : c.conn.remoteAddress;
  let line = `${timestamp(now)} [${c.db.id} ${where}]`;
  for (let i = 0; i < argv.length; i++) line += ' ' + repr(argv[i]!);
  return line;
}

/** Feeds a command that ran to the server's monitors (from call(), only when activeMonitors > 0). */
export function feedMonitors(s: Server, c: Client, cmd: Command, argv: readonly string[]): void {
  const list = monitors.get(s);
  if (list === undefined || list.length === 0 || isHidden(cmd)) return;
  // The system clock only has milliseconds; the high-resolution one gives Redis's microseconds.
  const now = s.clock === systemClock ? performance.timeOrigin + performance.now() : s.clock.now();
  const line = monitorLine(c, redactArgv(cmd, argv), now);
  for (const m of list) {
    if (m.closing) continue;
    m.w.simple(line);
    s.output.schedule(m);
  }
}
