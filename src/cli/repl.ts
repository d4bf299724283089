// The interactive mode: a prompt that shows host:port and the selected db, history kept in
// ~/.respitecli_history (REDISCLI_HISTFILE overrides), tab completion of command names, gray
// argument hints as you type, `help`, a leading repeat count (`3 INCR x`), and reconnection when
// the server went away.

import { appendFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import readline from 'node:readline';
import { splitArgs } from '../protocol/split-args.ts';
import { systemMessage } from './connection.ts';
import { completions, generalHelp, helpFor, hintFor } from './help.ts';
import { err, out } from './io.ts';
import { runCommand, type RunContext } from './oneshot.ts';

const VERSION = 'respite-cli 0.1.0';

function historyPath(): string | null {
  const env = process.env.REDISCLI_HISTFILE;
  if (env !== undefined && env !== '') return env === '/dev/null' ? null : env;
  const home = homedir();
  return home === '' ? null : `${home}/.respitecli_history`;
}

/** The prompt: `127.0.0.1:6379[2]> ` (`(TX)` inside MULTI), `redis /tmp/s.sock> `, or `not connected> `. */
export function promptFor(ctx: RunContext): string {
  if (!ctx.conn.connected) return 'not connected> ';
  const o = ctx.opts;
  const addr = o.socket !== undefined ? `redis ${o.socket}` : o.host.includes(':') ? `[${o.host}]:${o.port}` : `${o.host}:${o.port}`;
  return `${addr}${ctx.conn.db !== 0 ? `[${ctx.conn.db}]` : ''}${ctx.conn.inMulti ? '(TX)' : ''}> `;
}

async function connect(ctx: RunContext): Promise<boolean> {
  try {
    await ctx.conn.open();
  } catch (e) {
    err(`Could not connect to Redis at ${ctx.conn.address}: ${systemMessage(e as Error)}\n`);
    return false;
  }
  const authError = await ctx.conn.handshake();
  if (authError !== null) err(`AUTH failed: ${authError}\n`);
  return true;
}

export async function repl(ctx: RunContext): Promise<number> {
  await connect(ctx);
  const hist = historyPath();
  let history: string[] = [];
  if (hist !== null) {
    try {
      history = readFileSync(hist, 'latin1').split('\n').filter((l) => l !== '').reverse().slice(0, 1000);
    } catch {
      // no history yet
    }
  }
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    history,
    historySize: 1000,
    completer: (line: string): [string[], string] => {
      // Completions follow the case the user types in.
      const lower = line === line.toLowerCase();
      const cased = (xs: string[]): string[] => (lower ? xs.map((x) => x.toLowerCase()) : xs);
      const words = line.split(' ');
      if (words[0]?.toLowerCase() === 'help' && words.length >= 2) {
        return [cased(completions(words.slice(1).join(' '))).map((c) => `${words[0]} ${c}`), line];
      }
      return [cased(completions(line)), line];
    },
  });
  let hints = true;
  // Hints are drawn after readline has rendered the line: gray text, then the cursor goes back.
  // They are cut to the terminal's width (a wrapped hint could not be walked back over) and wiped
  // before Enter is handled, so the entered line stays clean.
  process.stdin.prependListener('keypress', (_s: string, key: { name?: string } | undefined) => {
    if (key?.name === 'return' || key?.name === 'enter') process.stdout.write('\x1b[K');
  });
  process.stdin.on('keypress', () => {
    if (!hints) return;
    setImmediate(() => {
      const line = rl.line;
      if (rl.cursor !== line.length) return;
      let hint = hintFor(splitArgs(line) ?? [], line.endsWith(' '));
      const room = (process.stdout.columns ?? 80) - promptFor(ctx).length - line.length - 1;
      if (hint.length > room) hint = room > 0 ? hint.slice(0, room) : '';
      if (hint === '') return;
      process.stdout.write(`\x1b[90m${hint}\x1b[0m\x1b[K\x1b[${hint.length}D`);
    });
  });
  // Lines are queued by the iterator, so piped input (tests) loses none while a command runs.
  let closed = false;
  rl.on('close', () => {
    closed = true;
  });
  const lines = rl[Symbol.asyncIterator]();
  for (;;) {
    const prompt = promptFor(ctx);
    rl.setPrompt(prompt);
    if (closed) process.stdout.write(prompt);
    else rl.prompt();
    const next = await lines.next();
    if (next.done === true) break;
    const raw = next.value;
    // Clear any hint left on the line that was just entered.
    const line = Buffer.from(raw, 'utf8').latin1Slice(0, Buffer.byteLength(raw, 'utf8'));
    if (line.trim() === '') continue;
    if (hist !== null) {
      try {
        appendFileSync(hist, `${raw}\n`);
      } catch {
        // history is best effort
      }
    }
    let args = splitArgs(line);
    if (args === null) {
      out('Invalid argument(s)\n');
      continue;
    }
    if (args.length === 0) continue;
    const name = args[0]!.toLowerCase();
    if (name === 'quit' || name === 'exit') break;
    if (name === 'help' || name === '?') {
      out(args.length === 1 ? generalHelp(VERSION) : helpFor(args.slice(1)));
      continue;
    }
    if (name === ':set' && args.length === 2) {
      hints = args[1]!.toLowerCase() !== 'nohints';
      continue;
    }
    if (name === 'clear') {
      out('\x1b[H\x1b[2J');
      continue;
    }
    if (name === 'connect' && args.length >= 2) {
      ctx.conn.close();
      ctx.opts.host = args[1]!;
      if (args[2] !== undefined) ctx.opts.port = Number(args[2]);
      ctx.opts.socket = undefined;
      Object.assign(ctx.conn.opts, { host: ctx.opts.host, port: ctx.opts.port, socket: undefined });
      await connect(ctx);
      continue;
    }
    // A leading number repeats the command: `5 INCR counter`.
    let times = 1;
    if (/^\d+$/.test(args[0]!) && args.length > 1) {
      times = Number(args[0]);
      args = args.slice(1);
    }
    if (!ctx.conn.connected && !(await connect(ctx))) continue;
    for (let i = 0; i < times; i++) {
      try {
        await runCommand(ctx, args);
      } catch {
        // The server went away mid-command: one reconnect and retry, as redis-cli does.
        if (await connect(ctx)) {
          try {
            await runCommand(ctx, args);
          } catch (e) {
            err(`Error: ${systemMessage(e as Error)}\n`);
          }
        }
        break;
      }
    }
  }
  rl.close();
  ctx.conn.close();
  return 0;
}
