// respite-cli: a drop-in for redis-cli. Picks the output format (tty rules: formatted on a
// terminal or with FAKETTY set, raw otherwise, --raw/--no-raw/--csv to force), connects, then runs
// one of: a special mode, the command line's command, stdin's commands, or the interactive REPL.

import { CliConnection, systemMessage } from './connection.ts';
import type { OutputMode } from './format.ts';
import { err, isTty, out } from './io.ts';
import { latencyDistMode, latencyMode } from './latency.ts';
import { bigKeysMode, scanMode, statMode } from './keyspace-tools.ts';
import { printReply, runFromArgs, runFromStdin, type RunContext } from './oneshot.ts';
import { OptionError, parseOptions, USAGE, type CliOptions } from './options.ts';
import { evalMode, pipeMode } from './pipe.ts';
import { repl } from './repl.ts';

const VERSION = 'respite-cli 0.1.0';

export function outputMode(o: CliOptions): OutputMode {
  if (o.output === 'raw') return 'raw';
  if (o.output === 'csv') return 'csv';
  if (o.output === 'tty') return 'tty';
  return isTty() ? 'tty' : 'raw';
}

export async function main(argv: string[]): Promise<number> {
  let o: CliOptions;
  try {
    o = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    err(e.message.endsWith('\n') ? e.message : `Unrecognized option or bad number of args for: '${e.message}'\n`);
    return 1;
  }
  if (o.help) {
    out(USAGE);
    return 0;
  }
  if (o.version) {
    out(`${VERSION}\n`);
    return 0;
  }
  if (o.passOnCommandLine && !o.noAuthWarning) {
    err("Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n");
  }
  const conn = new CliConnection({ host: o.host, port: o.port, socket: o.socket, user: o.user, pass: o.pass, db: o.db, resp3: o.resp3 });
  const ctx: RunContext = { conn, opts: o, mode: outputMode(o) };
  // RESPITE_CLI_REPL forces the interactive mode on a non-terminal stdin (tests drive it by pipe).
  const interactive = o.mode === 'command' && o.command.length === 0 &&
    (process.stdin.isTTY === true || process.env.RESPITE_CLI_REPL !== undefined);
  if (interactive) return repl(ctx);
  try {
    await conn.open();
  } catch (e) {
    err(`Could not connect to Redis at ${conn.address}: ${systemMessage(e as Error)}\n`);
    return 1;
  }
  try {
    // RESP3 pushes are printed as they come when stdout is a terminal (redis-cli's --show-pushes
    // default); otherwise they are dropped.
    conn.onPush = isTty() ? (r) => printReply(ctx, r) : () => {};
    const authError = await conn.handshake();
    if (authError !== null) err(`AUTH failed: ${authError}\n`);
    switch (o.mode) {
      case 'latency':
      case 'latency-history':
        return await latencyMode(ctx);
      case 'latency-dist':
        return await latencyDistMode(ctx);
      case 'stat':
        return await statMode(ctx);
      case 'scan':
        return await scanMode(ctx);
      case 'bigkeys':
      case 'memkeys':
        return await bigKeysMode(ctx, o.mode === 'memkeys');
      case 'pipe':
        return await pipeMode(ctx);
      case 'eval':
        return await evalMode(ctx);
      default:
        return o.command.length > 0 ? await runFromArgs(ctx) : await runFromStdin(ctx);
    }
  } catch (e) {
    err(`Error: ${systemMessage(e as Error)}\n`);
    return 1;
  } finally {
    conn.close();
  }
}
