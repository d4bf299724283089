// respite-cli's interactive mode, driven through a pipe (RESPITE_CLI_REPL forces the REPL on a
// non-terminal stdin; FAKETTY keeps the tty format): prompts with the selected db and (TX), repeat counts,
// help from the command facts, bad quoting, reconnection after the server dropped us.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { startServer, type Started } from './helpers/server.ts';

const BIN = new URL('../bin/respite-cli.js', import.meta.url).pathname;

function repl(args: string[], input: string): Promise<{ out: string; err: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, RESPITE_CLI_REPL: '1', FAKETTY: '1', REDISCLI_HISTFILE: '/dev/null' };
    const p = spawn(process.execPath, [BIN, ...args], { env });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
    p.stderr.on('data', (d: Buffer) => (err += d.toString('latin1')));
    p.on('close', () => resolve({ out, err }));
    p.stdin.end(input);
  });
}

describe('respite-cli interactive mode', () => {
  let s: Started;
  before(async () => {
    s = await startServer();
  });
  after(() => s.stop());

  it('shows the db in the prompt, repeats, helps, and rejects bad quoting', async () => {
    const r = await repl(['-p', String(s.port)], 'set a 1\nselect 2\nget a\n2 incr c\nhelp get\nget "x\nquit\n');
    const p = `127.0.0.1:${s.port}`;
    assert.equal(r.out,
      `${p}> OK\n${p}> OK\n${p}[2]> (nil)\n${p}[2]> (integer) 1\n(integer) 2\n` +
      `${p}[2]> \r\n  \x1b[1mGET\x1b[0m \x1b[90mkey\x1b[0m\r\n  \x1b[33msummary:\x1b[0m Returns the string value stored at a key.\r\n` +
      `  \x1b[33msince:\x1b[0m 1.0.0\r\n  \x1b[33mgroup:\x1b[0m string\r\n\r\n` +
      `${p}[2]> Invalid argument(s)\n${p}[2]> `);
  });

  it('reconnects when the server closed the connection', async () => {
    const r = await repl(['-p', String(s.port), '-n', '1'], 'client kill type normal skipme no\nping\n');
    assert.match(r.out, /\[1\]> PONG\n/);
  });

  it('says when it cannot connect', async () => {
    const r = await repl(['-p', '1'], 'ping\n');
    assert.ok(r.out.startsWith('not connected> '));
    assert.match(r.err, /^Could not connect to Redis at 127\.0\.0\.1:1: Connection refused\n/);
  });
});

describe('respite-cli interactive mode on the real redis-server', { skip: SKIP_NO_REDIS }, () => {
  let redis: RealRedis;
  before(async () => {
    redis = await startRealRedis();
  });
  after(() => redis.stop());

  it('marks transactions in the prompt and restores the db after DISCARD', async () => {
    const r = await repl(['-p', String(redis.port)], 'multi\nselect 3\ndiscard\nping\n');
    const p = `127.0.0.1:${redis.port}`;
    assert.equal(r.out, `${p}> OK\n${p}(TX)> QUEUED\n${p}[3](TX)> OK\n${p}> PONG\n${p}> `);
  });
});
