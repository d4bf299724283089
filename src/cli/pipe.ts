// --pipe (mass insertion: raw protocol from stdin, replies counted, redis-cli's summary) and
// --eval (EVAL with a script file; Respite has no scripting yet, which is said plainly).

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { encodeCommand } from '../protocol/reply-reader.ts';
import { err, out } from './io.ts';
import { printReply, type RunContext } from './oneshot.ts';

export async function pipeMode(ctx: RunContext): Promise<number> {
  const conn = ctx.conn;
  const magic = randomBytes(20).toString('hex').slice(0, 20);
  let replies = 0;
  let errors = 0;
  let lastReplyAt = Date.now();
  let allSent = false;
  const done = new Promise<void>((resolve) => {
    conn.onUnsolicited = (r) => {
      lastReplyAt = Date.now();
      if (r.t === 'string' && r.s === magic) {
        resolve();
        return;
      }
      if (r.t === 'error') {
        err(`${r.s}\n`);
        errors++;
      }
      replies++;
    };
  });
  for await (const chunk of process.stdin) {
    await conn.write(chunk as Buffer);
  }
  await conn.write(encodeCommand(['ECHO', magic]));
  allSent = true;
  out('All data transferred. Waiting for the last reply...\n');
  const timeout = ctx.opts.pipeTimeout;
  let timer: NodeJS.Timeout | null = null;
  const timedOut = new Promise<boolean>((resolve) => {
    if (timeout <= 0) return;
    timer = setInterval(() => {
      if (allSent && Date.now() - lastReplyAt > timeout * 1000) resolve(true);
    }, 100);
  });
  const late = await Promise.race([done.then(() => false), timedOut]);
  if (timer !== null) clearInterval(timer);
  if (late) {
    err(`No replies for ${timeout} seconds: exiting.\n`);
    out(`errors: ${errors}, replies: ${replies}\n`);
    return 1;
  }
  out('Last reply received from server.\n');
  out(`errors: ${errors}, replies: ${replies}\n`);
  return errors > 0 ? 1 : 0;
}

export async function evalMode(ctx: RunContext): Promise<number> {
  let script: string;
  try {
    const b = readFileSync(ctx.opts.evalFile);
    script = b.latin1Slice(0, b.length);
  } catch (e) {
    err(`Can't open file '${ctx.opts.evalFile}': ${(e as Error).message}\n`);
    return 1;
  }
  // Keys, then a lone comma, then arguments.
  const rest = ctx.opts.command;
  const comma = rest.indexOf(',');
  const keys = comma === -1 ? rest : rest.slice(0, comma);
  const args = comma === -1 ? [] : rest.slice(comma + 1);
  const r = await ctx.conn.call(['EVAL', script, String(keys.length), ...keys, ...args]);
  if (r.t === 'error' && /^ERR unknown command ['`]eval['`]/i.test(r.s)) {
    err(`Error: --eval needs scripting (EVAL), which this server does not support yet.\n(server said: ${r.s})\n`);
    return 1;
  }
  return printReply(ctx, r) ? 0 : 1;
}
