// The dispatcher: Redis's processCommand + call(). It owns every generic check, in Redis's order
// and with Redis's messages, so handlers never repeat them: existence, arity, authentication
// (then, as later subsystems arrive: OOM, pub/sub context, MULTI queueing). Then it runs the
// handler and keeps the per-command stats that INFO commandstats reports.

import type { Command } from '../commands/command.ts';
import { errArity, errUnknownCommand, errUnknownSubcommand, ERR_NOAUTH } from '../protocol/errors.ts';
import type { Client } from './client.ts';
import type { Server } from './server.ts';

function reject(c: Client, cmd: Command | undefined, message: string): void {
  if (cmd !== undefined) cmd.stats.rejected++;
  c.w.error(message);
}

export function dispatch(s: Server, c: Client, argv: string[]): void {
  const { cmd, container } = s.table.lookup(argv);
  if (cmd === undefined) {
    if (container !== undefined) reject(c, undefined, errUnknownSubcommand(argv[1]!, argv[0]!));
    else reject(c, undefined, errUnknownCommand(argv[0]!, argv.slice(1)));
    return;
  }
  if (!cmd.arityOk(argv.length)) {
    reject(c, cmd, errArity(cmd.fullName));
    return;
  }
  if (!c.authenticated && !cmd.noAuth) {
    reject(c, cmd, ERR_NOAUTH);
    return;
  }
  call(s, c, cmd, argv);
}

/** Runs a command whose checks have passed, with stats. (MULTI/EXEC will call this for each queued one.) */
export function call(s: Server, c: Client, cmd: Command, argv: string[]): void {
  const w = c.w;
  const errorsBefore = w.errors;
  const replyStart = w.len;
  const suppress = c.replyMode !== 'on';
  const t0 = performance.now();
  cmd.handler!(c, argv);
  const dt = performance.now() - t0;
  c.lastCommand = cmd;
  const st = cmd.stats;
  st.calls++;
  st.usec += dt * 1000;
  if (w.errors !== errorsBefore) st.failed++;
  s.stats.totalCommands++;
  // CLIENT REPLY OFF|SKIP: the reply is produced and dropped. SKIP lasts for one command.
  if (suppress) {
    w.len = replyStart;
    if (c.replyMode === 'skip') c.replyMode = 'on';
  }
}
