// respite-server's command line as a user runs it: --version, --help, bad configurations (stderr
// compared with the real redis-server's), a config file plus options plus stdin, a busy port, and
// a clean exit on SIGTERM / SIGINT / SHUTDOWN with Redis-like log lines.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { getHeapStatistics } from 'node:v8';
import { hasRealRedis, REDIS_SERVER } from './helpers/real-redis.ts';
import { RawConnection } from './helpers/server.ts';

const MAIN = join(import.meta.dirname, '..', 'src', 'server', 'main.ts');
const BIN = join(import.meta.dirname, '..', 'bin', 'respite-server.js');
const dir = mkdtempSync(join(tmpdir(), 'respite-cli-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], input = ''): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString('latin1')));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString('latin1')));
    p.stdin.end(input);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function respite(args: string[], input = ''): Promise<Run> {
  return run(process.execPath, [MAIN, ...args], input);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts respite-server and resolves once it accepts connections; collects its stdout. */
async function startCli(args: string[], viaBin = false): Promise<{ proc: ReturnType<typeof spawn>; out: () => string; exit: Promise<number | null> }> {
  // The bin runs through its shebang (`env node` + V8 flags): the Node running the tests goes first on PATH.
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  const proc = viaBin
    ? spawn(BIN, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, [MAIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exit = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  // The heap-limit line is the last one main.ts logs at startup, after "Ready to accept connections".
  await new Promise<void>((resolve) => {
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      if (out.includes('V8 heap limit')) resolve();
    });
    void exit.then(() => resolve());
  });
  return { proc, out: () => out, exit };
}

describe('respite-server command line', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its version and usage', async () => {
    const v = await respite(['--version']);
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^Respite server v=\d+\.\d+\.\d+ redis_version=7\.2\.4 /);
    assert.equal((await respite(['-v'])).stdout, v.stdout);
    const h = await respite(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /^Usage: respite-server \[\/path\/to\/redis.conf\] \[options\] \[-\]/);
  });

  it('fails on a bad configuration with the message redis-server prints', async () => {
    const cases: [string, string[]][] = [
      ['port 1\nport "abc"\n', []],
      ['foo bar\n', []],
      ['port 1 2\n', []],
      ['daemonize maybe\n', []],
      ['port 70000\n', []],
      ['maxmemory 1x\n', []],
      ['loglevel x\n', []],
      ['port "abc\n', []],
      ['save 1\n', []],
      ['', ['--port', 'abc']],
      ['', ['--port']],
      ['', ['--foo', 'bar', 'baz']],
      ['hz 5\n', ['--timeout', '-1']],
      ['logfile /nonexistent-respite/x.log\n', []],
    ];
    const redis = hasRealRedis();
    await Promise.all(cases.map(async ([text, args], i) => {
      const file = join(dir, `bad${i}.conf`);
      writeFileSync(file, text);
      const ours = await respite([file, ...args]);
      assert.equal(ours.code, 1, text);
      assert.match(ours.stderr, /^\n\*\*\* FATAL CONFIG FILE ERROR \(Redis 7\.2\.4\) \*\*\*\n/);
      if (!redis) return;
      const theirs = spawnSync(REDIS_SERVER, [file, ...args], { cwd: dir, encoding: 'latin1' });
      assert.equal(theirs.status, 1);
      assert.equal(ours.stderr, theirs.stderr.replace(/\(Redis [\d.]+\)/, '(Redis 7.2.4)'), `${text} ${args.join(' ')}`);
    }));
  });

  it('logs and exits 1 when the config file is missing', async () => {
    const r = await respite([join(dir, 'missing.conf')]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /# Fatal error, can't open config file '.*missing.conf': No such file or directory\n$/);
  });

  it('loads a file, then stdin, then options; exits 0 on SIGTERM with Redis-like lines', async () => {
    const port = await freePort();
    const file = join(dir, 'good.conf');
    writeFileSync(file, `# test\nport 1\nhz 20\nbind 127.0.0.1\n`);
    const srv = await startCli([file, '--port', String(port), '--timeout', '7']);
    const c = await RawConnection.connect(port);
    assert.deepEqual(await c.call('CONFIG', 'GET', 'hz'), ['hz', '20']);
    assert.deepEqual(await c.call('CONFIG', 'GET', 'timeout'), ['timeout', '7']);
    assert.match(((await c.call('INFO', 'server')) as string), new RegExp(`config_file:${file}\r\n`));
    c.close();
    srv.proc.kill('SIGTERM');
    assert.equal(await srv.exit, 0);
    const out = srv.out();
    assert.match(out, /\d+:C .* # Configuration loaded\n/);
    assert.match(out, /\d+:M .* \* Ready to accept connections tcp\n/);
    assert.match(out, /# Received SIGTERM scheduling shutdown\.\.\.\n.*# User requested shutdown\.\.\.\n.*bye bye\.\.\.\n$/s);
  });

  it('reads config from stdin and stops on SHUTDOWN and SIGINT', async () => {
    const port = await freePort();
    const proc = spawn(process.execPath, [MAIN, '-'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
    const exit = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
    proc.stdin.end(`port ${port}\nbind 127.0.0.1\n`);
    while (!out.includes('Ready to accept')) await new Promise((r) => setTimeout(r, 20));
    const c = await RawConnection.connect(port);
    c.send('SHUTDOWN');
    await c.whenClosed();
    assert.equal(await exit, 0);
    assert.match(out, /Reading config from stdin/);

    const port2 = await freePort();
    const srv = await startCli(['--port', String(port2), '--bind', '127.0.0.1']);
    srv.proc.kill('SIGINT');
    assert.equal(await srv.exit, 0);
    assert.match(srv.out(), /Received SIGINT scheduling shutdown/);
  });

  it('holds datasets past Node\'s default heap limit: the bin raises it, a bare node run warns', async () => {
    const heapLine = /V8 heap limit (\d+) MB(.*): the dataset cannot grow past it\./;
    const bin = await startCli(['--port', String(await freePort())], true);
    const m = heapLine.exec(bin.out());
    bin.proc.kill('SIGTERM');
    assert.equal(await bin.exit, 0);
    assert.ok(m !== null, bin.out());
    assert.equal(m[2], '');
    // This test process runs with Node's default limit; the bin's is 75% of memory, always above it.
    assert.ok(Number(m[1]) * 1048576 > getHeapStatistics().heap_size_limit);
    assert.doesNotMatch(bin.out(), /WARNING the V8 heap limit/);

    const bare = await startCli(['--port', String(await freePort())]);
    bare.proc.kill('SIGTERM');
    assert.equal(await bare.exit, 0);
    assert.match(bare.out(), /V8 heap limit \d+ MB \(Node's default\)/);
    assert.match(bare.out(), /WARNING the V8 heap limit is Node's default\. Start the server with respite-server or npm start/);
  });

  it('exits 1 with a clear message when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    const r = await respite(['--port', String(port), '--bind', '127.0.0.1']);
    blocker.close();
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`Could not create server TCP listening socket 127\\.0\\.0\\.1:${port}: .*address already in use`));
    assert.match(r.stdout, new RegExp(`# Failed listening on port ${port} \\(tcp\\), aborting\\.\\n$`));
  });
});
