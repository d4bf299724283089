// respite-cli's output, byte for byte against redis-cli on the same real redis-server: replies are
// formatted in-process (tty, raw and CSV, RESP2 and RESP3) and compared with what redis-cli prints
// (FAKETTY forces its tty format); a few end-to-end runs of bin/respite-cli.js check the wiring
// (-e, stdin commands, -x, -r, -n, connection errors, --scan, --bigkeys, --pipe, --latency).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { unlinkSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { CliConnection } from '../src/cli/connection.ts';
import { formatReply, formatTty, quote, type OutputMode } from '../src/cli/format.ts';
import { hintFor, helpFor } from '../src/cli/help.ts';
import { parseOptions } from '../src/cli/options.ts';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { startServer, type Started } from './helpers/server.ts';

const BIN = new URL('../bin/respite-cli.js', import.meta.url).pathname;
const HAS_REDIS_CLI = spawnSync('redis-cli', ['--version']).status === 0;

interface Run {
  out: string;
  err: string;
  code: number;
}

function ours(args: string[], stdin = '', env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
    p.stderr.on('data', (d: Buffer) => (err += d.toString('latin1')));
    p.on('close', (code) => resolve({ out, err, code: code ?? -1 }));
    p.stdin.end(Buffer.from(stdin, 'latin1'));
  });
}

function real(args: string[], stdin = '', env: Record<string, string> = {}): Run {
  const r = spawnSync('redis-cli', args, { input: Buffer.from(stdin, 'latin1'), encoding: 'latin1', env: { ...process.env, ...env } });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

// Commands whose replies cover every reply type and nesting; run in order on a fresh db 9.
const SETUP = [
  ['RPUSH', 'l', 'a', 'b c', 'q"x', '\x01\n\xff\\', ''],
  ['HSET', 'h', 'f1', 'v1', 'f2', '2'],
  ['ZADD', 'z', '1.5', 'm', '2', 'n'],
  ['SADD', 's', 'x'],
  ['RPUSH', 'big', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'],
  ['XADD', 'st', '1-1', 'a', '1', 'b', '2'],
  ['XADD', 'st', '2-1', 'c', '3'],
  ['SET', 'str', 'plain'],
];
const PROBES = [
  ['PING'], ['GET', 'nokey'], ['GET', 'str'], ['LRANGE', 'l', '0', '-1'], ['HGETALL', 'h'], ['STRLEN', 'str'],
  ['LPUSH', 'h', 'x'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['SMEMBERS', 's'], ['LRANGE', 'empty', '0', '-1'],
  ['ZSCORE', 'z', 'm'], ['LRANGE', 'big', '0', '-1'], ['XRANGE', 'st', '-', '+'], ['XINFO', 'STREAM', 'st'],
  ['NOSUCHCOMMAND', 'arg'], ['GET'], ['COMMAND', 'INFO', 'get'], ['CONFIG', 'GET', 'maxmemory*'],
  ['DEBUG', 'PROTOCOL', 'map'], ['DEBUG', 'PROTOCOL', 'set'], ['DEBUG', 'PROTOCOL', 'double'], ['DEBUG', 'PROTOCOL', 'true'],
  ['DEBUG', 'PROTOCOL', 'false'], ['DEBUG', 'PROTOCOL', 'verbatim'], ['DEBUG', 'PROTOCOL', 'null'], ['DEBUG', 'PROTOCOL', 'array'],
  ['XINFO', 'STREAM', 'st', 'FULL'], ['OBJECT', 'HELP'],
];

describe('respite-cli against redis-cli on the real redis-server', { skip: SKIP_NO_REDIS || !HAS_REDIS_CLI }, () => {
  let redis: RealRedis;
  before(async () => {
    redis = await startRealRedis(['--enable-debug-command', 'yes']);
    const c = new CliConnection({ host: '127.0.0.1', port: redis.port, db: 9, resp3: false });
    await c.open();
    await c.handshake();
    for (const cmd of SETUP) await c.call(cmd);
    c.close();
  });
  after(() => redis.stop());

  for (const resp3 of [false, true]) {
    it(`formats every reply like redis-cli in tty, raw and CSV (${resp3 ? 'RESP3' : 'RESP2'})`, async () => {
      const c = new CliConnection({ host: '127.0.0.1', port: redis.port, db: 9, resp3 });
      await c.open();
      await c.handshake();
      const modes: [OutputMode, string[], Record<string, string>][] = [
        ['tty', [], { FAKETTY: '1' }],
        ['raw', [], {}],
        ['csv', ['--csv'], {}],
      ];
      const replies = [];
      for (const probe of PROBES) replies.push(await c.call(probe));
      // redis-cli runs the same probes from stdin, one per line, printing each reply in turn.
      const script = PROBES.map((p) => p.join(' ')).join('\n');
      for (const [mode, flags, env] of modes) {
        const args = ['-p', String(redis.port), '-n', '9', ...(resp3 ? ['-3'] : []), ...flags];
        const expected = real(args, script, env).out;
        assert.equal(replies.map((r) => formatReply(r, mode)).join(''), expected, `${mode} ${resp3 ? 'RESP3' : 'RESP2'}`);
      }
      c.close();
    });
  }

  it('runs one-shot commands like redis-cli: exit codes, -e, --no-raw, -r, -n, -d, -D', async () => {
    const p = ['-p', String(redis.port)];
    const cases: [string[], Record<string, string>][] = [
      [[...p, '-n', '9', 'LRANGE', 'l', '0', '-1'], {}],
      [[...p, '-n', '9', 'LRANGE', 'l', '0', '-1'], { FAKETTY: '1' }],
      [[...p, '-n', '9', '-e', 'LPUSH', 'h', 'x'], {}],
      [[...p, '-n', '9', 'LPUSH', 'h', 'x'], {}],
      [[...p, '-n', '9', '--raw', '--no-raw', 'GET', 'str'], {}],
      [[...p, '-n', '9', '--no-raw', '--raw', 'LPUSH', 'h', 'x'], { FAKETTY: '1' }],
      [[...p, '-n', '9', '-d', ',', '-D', '|', '--raw', 'LRANGE', 'big', '0', '3'], {}],
      [[...p, '-n', '9', '-r', '3', 'ECHO', 'hi'], { FAKETTY: '1' }],
      [[...p, '-a', 'nopass', 'PING'], {}],
      [[...p, '-a', 'nopass', '--no-auth-warning', 'PING'], {}],
      [['-p', '1', 'PING'], {}],
      [['--nosuchoption'], {}],
    ];
    const results = await Promise.all(cases.map(([args, env]) => ours(args, '', env)));
    cases.forEach(([args, env], i) => {
      assert.deepEqual(results[i], real(args, '', env), args.join(' '));
    });
  });

  it('reads commands from stdin and the last argument with -x', async () => {
    const p = ['-p', String(redis.port), '-n', '9'];
    const script = 'set a 1\nget a\nincr a\n  \nlrange nope 0 -1\n"get" "a"\nget "unbalanced\n';
    const [lines, x] = await Promise.all([ours(p, script), ours([...p, '-x', 'SET', 'fromstdin'], 'bytes\x00\xff')]);
    assert.deepEqual(lines, real(p, script));
    assert.deepEqual(x, { out: 'OK\n', err: '', code: 0 });
    assert.equal(real([...p, 'STRLEN', 'fromstdin']).out, '7\n');
  });

  it('prints --scan, --bigkeys and --memkeys like redis-cli', async () => {
    const p = ['-p', String(redis.port), '-n', '9'];
    const sorted = (s: string): string => s.split('\n').sort().join('\n');
    const [scan, scanTty, big, mem] = await Promise.all([
      ours([...p, '--scan', '--pattern', '*t*']),
      ours([...p, '--scan'], '', { FAKETTY: '1' }),
      ours([...p, '--bigkeys']),
      ours([...p, '--memkeys']),
    ]);
    assert.equal(sorted(scan.out), sorted(real([...p, '--scan', '--pattern', '*t*']).out));
    assert.equal(sorted(scanTty.out), sorted(real([...p, '--scan'], '', { FAKETTY: '1' }).out));
    // Per-key progress lines follow SCAN order, which both see alike on the same server.
    assert.equal(big.out, real([...p, '--bigkeys']).out);
    assert.equal(mem.out, real([...p, '--memkeys']).out);
  });

  it('prints subscriptions and messages like redis-cli (RESP2 and RESP3, tty and not)', async () => {
    const variants: [string[], Record<string, string>][] = [[[], {}], [[], { FAKETTY: '1' }], [['-3'], {}], [['-3'], { FAKETTY: '1' }]];
    const procs: { out: string; kill: () => void; done: Promise<void> }[] = [];
    const start = (bin: string, args: string[], env: Record<string, string>): void => {
      const p = spawn(bin, args, { env: { ...process.env, ...env } });
      const rec = { out: '', kill: () => p.kill('SIGKILL'), done: new Promise<void>((r) => p.on('close', () => r())) };
      p.stdout.on('data', (d: Buffer) => (rec.out += d.toString('latin1')));
      procs.push(rec);
    };
    for (const [flags, env] of variants) {
      const args = ['-p', String(redis.port), ...flags, 'SUBSCRIBE', 'news'];
      start(process.execPath, [BIN, ...args], env);
      start('redis-cli', args, env);
    }
    const c = new CliConnection({ host: '127.0.0.1', port: redis.port, db: 0, resp3: false });
    await c.open();
    for (let i = 0; i < 200; i++) {
      const n = await c.call(['PUBSUB', 'NUMSUB', 'news']);
      if (n.t === 'array' && n.items[1]?.t === 'int' && n.items[1].s === String(procs.length)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await c.call(['PUBLISH', 'news', 'hello']);
    await c.call(['PING']);
    await new Promise((r) => setTimeout(r, 100));
    for (const p of procs) p.kill();
    await Promise.all(procs.map((p) => p.done));
    c.close();
    for (let i = 0; i < procs.length; i += 2) {
      assert.equal(procs[i]!.out, procs[i + 1]!.out, `variant ${i / 2}`);
      assert.ok(procs[i]!.out.includes('hello'));
    }
  });

  it('mass-inserts with --pipe and prints redis-cli\'s summary', async () => {
    const proto = '*3\r\n$3\r\nSET\r\n$2\r\npk\r\n$1\r\nv\r\n*2\r\n$4\r\nINCR\r\n$2\r\npk\r\n*1\r\n$4\r\nPING\r\n';
    const p = ['-p', String(redis.port), '--pipe'];
    assert.deepEqual(await ours(p, proto), real(p, proto));
  });

  it('samples latency with three-decimal figures, and --stat prints redis-cli\'s header', async () => {
    const p = ['-p', String(redis.port)];
    const [raw, csv] = await Promise.all([
      ours([...p, '--latency', '-i', '0.2']),
      ours([...p, '--latency', '--csv', '-i', '0.1', '--latency-sample-rate', '0']),
    ]);
    assert.match(raw.out, /^\d+\.\d{3} \d+\.\d{3} \d+\.\d{3} \d+\n$/);
    assert.match(csv.out, /^\d+\.\d{3},\d+\.\d{3},\d+\.\d{3},\d+\n$/);
    assert.ok(Number(csv.out.trim().split(',')[3]) > Number(raw.out.trim().split(' ')[3]));
  });
});

describe('respite-cli against Respite', () => {
  let s: Started;
  before(async () => {
    s = await startServer();
  });
  after(() => s.stop());

  it('runs commands and prints them in every format', async () => {
    const p = ['-p', String(s.port)];
    const set = await ours([...p, 'SET', 'k', 'v\n1']);
    const [get, tty, csv, err] = await Promise.all([
      ours([...p, 'GET', 'k']),
      ours([...p, 'GET', 'k'], '', { FAKETTY: '1' }),
      ours([...p, '--csv', 'PING']),
      ours([...p, '-e', 'INCR', 'k']),
    ]);
    assert.equal(set.out, 'OK\n');
    assert.equal(get.out, 'v\n1\n');
    assert.equal(tty.out, '"v\\n1"\n');
    assert.equal(csv.out, '"PONG"\n');
    assert.deepEqual(err, { out: '', err: 'ERR value is not an integer or out of range\n', code: 1 });
  });

  it('says plainly that --eval needs scripting, and mass-inserts with --pipe', async () => {
    const script = `/tmp/respite-cli-eval-${process.pid}.lua`;
    writeFileSync(script, 'return 1');
    try {
      const p = ['-p', String(s.port)];
      const [ev, pipe] = await Promise.all([
        ours([...p, '--eval', script, 'k', ',', 'a']),
        ours([...p, '--pipe'], '*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$1\r\n1\r\n*2\r\n$4\r\nINCR\r\n$1\r\nx\r\n'),
      ]);
      assert.equal(ev.code, 1);
      assert.match(ev.err, /^Error: --eval needs scripting \(EVAL\), which this server does not support yet\.\n/);
      assert.equal(pipe.out, 'All data transferred. Waiting for the last reply...\nLast reply received from server.\nerrors: 0, replies: 2\n');
    } finally {
      unlinkSync(script);
    }
  });

  it('connects over a Unix socket with -s', async () => {
    const path = `/tmp/respite-cli-test-${process.pid}.sock`;
    const u = await startServer({ config: { unixsocket: path } } as Parameters<typeof startServer>[0]);
    try {
      const r = await ours(['-s', path, 'PING']);
      assert.equal(r.out, 'PONG\n');
    } finally {
      await u.stop();
    }
  });
});

describe('respite-cli formatter and helpers', () => {
  it('formats nested RESP3 aggregates in tty mode', () => {
    const r = formatTty({
      t: 'map',
      items: [
        { t: 'string', s: 'k' }, { t: 'array', items: [{ t: 'int', s: '1' }, { t: 'set', items: [] }] },
        { t: 'string', s: 'b' }, { t: 'double', s: '1.5' },
      ],
    });
    assert.equal(r, '1# "k" => \n   1) (integer) 1\n   2) (empty set)\n2# "b" => (double) 1.5\n');
    assert.equal(quote('a"\\\x00\x7f\xe9'), '"a\\"\\\\\\x00\\x7f\\xe9"');
  });

  it('parses options as redis-cli does and gives help and hints from the command facts', () => {
    const o = parseOptions(['-h', 'x', '-p', '7000', '-n', '2', '--raw', '--no-raw', 'set', 'é', 'v'], {});
    assert.equal(o.output, 'tty');
    assert.deepEqual(o.command, ['set', '\xc3\xa9', 'v']);
    assert.equal(parseOptions(['-u', 'redis://u:p@h:1/3'], {}).db, 3);
    assert.match(helpFor(['get']), /GET\x1b\[0m \x1b\[90mkey\x1b\[0m/);
    assert.equal(hintFor(['set'], false), ' key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]');
    assert.equal(hintFor(['set', 'k'], true), 'value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]');
    assert.equal(hintFor(['get', 'k'], true), '');
  });
});
