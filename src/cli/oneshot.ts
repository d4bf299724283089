// Commands from the command line (-r / -i / -x / -e) or, without a command and with stdin not a
// terminal, one command per line of stdin: replies printed exactly as redis-cli prints them.

import { encodeCommand } from '../protocol/reply-reader.ts';
import { splitArgs } from '../protocol/split-args.ts';
import type { CliConnection } from './connection.ts';
import { formatReply, type OutputMode } from './format.ts';
import { err, out, readStdin, sleep } from './io.ts';
import type { CliOptions } from './options.ts';
import type { Typed } from './typed-reply.ts';

export interface RunContext {
  conn: CliConnection;
  opts: CliOptions;
  mode: OutputMode;
}

const SUBSCRIBE = new Set(['subscribe', 'psubscribe', 'ssubscribe']);

/** Prints one reply; returns false when it was an error (for -e). */
export function printReply(ctx: RunContext, r: Typed): boolean {
  if (r.t === 'error' && ctx.opts.exitOnError) {
    err(`${r.s}\n`);
    return false;
  }
  out(formatReply(r, ctx.mode, ctx.opts.bulkDelim, ctx.opts.cmdDelim));
  return r.t !== 'error';
}

/** Sends one command, prints its reply (and, after SUBSCRIBE or MONITOR, everything that follows). */
export async function runCommand(ctx: RunContext, args: string[]): Promise<boolean> {
  const name = args[0]!.toLowerCase();
  if (SUBSCRIBE.has(name) || name === 'monitor') {
    // From here on every reply and push is printed as it comes (RESP3 confirmations are pushes).
    if (ctx.mode === 'tty' && SUBSCRIBE.has(name)) out('Reading messages... (press Ctrl-C to quit)\n');
    ctx.conn.onUnsolicited = (m) => printReply(ctx, m);
    ctx.conn.onPush = (m) => printReply(ctx, m);
    await ctx.conn.write(encodeCommand(args));
    return new Promise<boolean>(() => {});
  }
  const r = await ctx.conn.call(args);
  const ok = printReply(ctx, r);
  trackState(ctx.conn, name, args, r);
  return ok;
}

/**
 * The db and transaction state the prompt shows, followed as redis-cli follows them: SELECT moves
 * the db at once (even when queued); a failed or aborted EXEC, or DISCARD, restores the db that
 * was selected before MULTI.
 */
function trackState(conn: CliConnection, name: string, args: string[], r: Typed): void {
  const failed = r.t === 'error';
  const argc = args.length;
  if (name === 'select' && argc === 2 && !failed) {
    conn.db = Number(args[1]);
  } else if (name === 'multi' && argc === 1 && !failed) {
    conn.inMulti = true;
    conn.preMultiDb = conn.db;
  } else if (name === 'exec' && argc === 1 && conn.inMulti) {
    conn.inMulti = false;
    if (failed || r.t === 'nil') conn.db = conn.preMultiDb;
  } else if (name === 'discard' && argc === 1 && !failed) {
    conn.inMulti = false;
    conn.db = conn.preMultiDb;
  }
}

/** The command from the command line, -r times, -i apart. Returns the exit code. */
export async function runFromArgs(ctx: RunContext): Promise<number> {
  const args = [...ctx.opts.command];
  if (ctx.opts.stdinArg) args.push(await readStdin());
  let failed = false;
  const repeat = ctx.opts.repeat;
  for (let i = 0; repeat < 0 || i < repeat; i++) {
    if (!(await runCommand(ctx, args))) failed = true;
    if (ctx.opts.interval !== null && ctx.opts.interval > 0 && (repeat < 0 || i + 1 < repeat)) {
      await sleep(ctx.opts.interval * 1000);
    }
  }
  return failed && ctx.opts.exitOnError ? 1 : 0;
}

/** One command per stdin line (blank lines skipped). Returns the exit code. */
export async function runFromStdin(ctx: RunContext): Promise<number> {
  const text = await readStdin();
  let failed = false;
  for (const line of text.split('\n')) {
    const args = splitArgs(line);
    if (args === null) {
      out('Invalid argument(s)\n');
      continue;
    }
    if (args.length === 0) continue;
    if (!(await runCommand(ctx, args))) failed = true;
  }
  return failed && ctx.opts.exitOnError ? 1 : 0;
}
