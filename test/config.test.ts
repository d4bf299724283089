// CONFIG GET / SET / RESETSTAT / REWRITE / HELP over real sockets, and differential checks of
// replies (values of options both servers share, and error replies) against the real redis-server.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { assertSameReplies, type Step } from './helpers/differential.ts';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { connectIoredis, RawConnection, type Started, startServer } from './helpers/server.ts';

describe('CONFIG', () => {
  let s: Started;
  let r: Redis;
  before(async () => {
    s = await startServer();
    r = await connectIoredis(s.port);
  });
  after(async () => {
    r.disconnect();
    await s.stop();
  });

  it('GET answers exact names, aliases, patterns and several parameters', async () => {
    assert.deepEqual(await r.config('GET', 'hz'), ['hz', '10']);
    assert.deepEqual(await r.config('GET', 'HZ'), ['HZ', '10']);
    assert.deepEqual(await r.config('GET', 'slave-read-only'), ['slave-read-only', 'yes']);
    assert.deepEqual(await r.config('GET', 'nosuch'), []);
    assert.deepEqual(await r.call('CONFIG', 'GET', 'hz', 'timeout', 'hz'), ['hz', '10', 'timeout', '0']);
    const all = (await r.config('GET', '*')) as string[];
    const names = all.filter((_, i) => i % 2 === 0);
    for (const n of ['port', 'bind', 'save', 'maxmemory', 'replicaof', 'slaveof', 'hash-max-ziplist-entries',
      'list-max-listpack-size', 'client-output-buffer-limit', 'set-max-listpack-entries']) assert.ok(names.includes(n), n);
    assert.ok(!names.includes('watchdog-period'), 'hidden options need their exact name');
    assert.deepEqual(await r.config('GET', 'watchdog-period'), ['watchdog-period', '0']);
    assert.deepEqual(await r.config('GET', 'maxmemory-p*'), ['maxmemory-policy', 'noeviction']);
    assert.deepEqual(await r.config('GET', 'H?'), ['hz', '10']);
  });

  it('GET replies with a map in RESP3', async () => {
    const c = await RawConnection.connect(s.port);
    await c.call('HELLO', '3');
    c.send('CONFIG', 'GET', 'hz');
    assert.equal(await c.readRaw(), '%1\r\n$2\r\nhz\r\n$2\r\n10\r\n');
    c.close();
  });

  it('SET changes several options at once and applies them', async () => {
    assert.equal(await r.config('SET', 'hz', '50', 'loglevel', 'debug', 'maxmemory', '2mb'), 'OK');
    assert.equal(s.server.config.values.hz, 50);
    assert.equal(s.server.log.level, 'debug');
    assert.equal(s.server.config.values.maxmemory, 2 * 1024 * 1024);
    assert.deepEqual(await r.config('GET', 'maxmemory'), ['maxmemory', '2097152']);
    await r.config('SET', 'hz', '0', 'loglevel', 'notice', 'maxmemory', '0');
    assert.equal(s.server.config.values.hz, 1, 'hz is clamped as Redis does');
    await r.config('SET', 'hz', '10');
    await r.config('SET', 'save', '');
    assert.deepEqual(await r.config('GET', 'save'), ['save', '']);
    await r.config('SET', 'save', '100 10 5 1');
    assert.deepEqual(await r.config('GET', 'save'), ['save', '100 10 5 1']);
    await r.config('SET', 'client-output-buffer-limit', 'pubsub 1mb 2mb 3');
    assert.deepEqual(s.server.config.values.clientOutputBufferLimit.pubsub, { hard: 1048576, soft: 2097152, softSeconds: 3 });
    await r.config('SET', 'timeout', '0', 'requirepass', '');
  });

  it('SET is all or nothing', async () => {
    await assert.rejects(r.config('SET', 'hz', '20', 'timeout', '-1'), {
      message: "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be between 0 and 2147483647 inclusive",
    });
    assert.equal(s.server.config.values.hz, 10);
    assert.deepEqual(await r.config('GET', 'hz'), ['hz', '10']);
  });

  it('SET refuses protected configs unless enabled', async () => {
    await assert.rejects(r.config('SET', 'dir', tmpdir()), {
      message: "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config",
    });
    s.server.config.values['enable-protected-configs'] = 'local';
    assert.equal(await r.config('SET', 'dir', tmpdir()), 'OK');
    await assert.rejects(r.config('SET', 'dir', '/nonexistent-respite'), {
      message: "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory",
    });
    s.server.config.values['enable-protected-configs'] = 'no';
  });

  it('RESETSTAT clears server, command and keyspace stats', async () => {
    await r.set('a', '1');
    await r.get('a');
    await r.get('nokey');
    await assert.rejects(r.call('CONFIG', 'SET', 'nosuch', 'x'));
    assert.equal(await r.config('RESETSTAT'), 'OK');
    const info = await r.info('everything');
    assert.match(info, /keyspace_hits:0\r\n/);
    assert.match(info, /keyspace_misses:0\r\n/);
    assert.match(info, /total_error_replies:0\r\n/);
    assert.match(info, /# Commandstats\r\ncmdstat_config\|resetstat:calls=1,/);
    assert.doesNotMatch(info, /cmdstat_get/);
    assert.match(info, /# Errorstats\r\n\r\n/);
  });

  it('REWRITE without a file is an error; HELP lists the subcommands', async () => {
    await assert.rejects(r.config('REWRITE'), { message: 'ERR The server is running without a config file' });
    const c = await RawConnection.connect(s.port);
    const help = (await c.call('CONFIG', 'HELP')) as string[];
    c.close();
    assert.equal(help[0], 'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    assert.ok(help.includes('RESETSTAT'));
  });
});

describe('CONFIG REWRITE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'respite-rewrite-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps comments and unknown lines, replaces and appends options as Redis does', async () => {
    const file = join(dir, 'redis.conf');
    writeFileSync(file, '# my comment\nport 6400\nsave 100 1\nsave 200 2\nsave 300 3\nmaxmemory 100mb\n\n\n' +
      '# another\nhash-max-ziplist-entries 100\nloglevel verbose\ninclude /nonexistent.conf\nfoo "bar\n');
    const s = await startServer({ configFile: file });
    const c = await RawConnection.connect(s.port);
    try {
      assert.equal(await c.call('CONFIG', 'SET', 'maxmemory', '3gb', 'hz', '20', 'save', '100 1 200 2',
        'notify-keyspace-events', 'Kx', 'client-output-buffer-limit', 'pubsub 1mb 2mb 3', 'hash-max-ziplist-entries', '100'), 'OK');
      assert.equal(await c.call('CONFIG', 'REWRITE'), 'OK');
    } finally {
      c.close();
      await s.stop();
    }
    const text = readFileSync(file, 'latin1');
    const port = s.server.config.values.port;
    assert.equal(text, `# my comment\nport ${port}\nsave 100 1\nsave 200 2\n\nmaxmemory 3gb\n\n# another\n` +
      'hash-max-listpack-entries 100\nloglevel notice\n# ??? include /nonexistent.conf\n# ??? foo "bar\n\n' +
      '# Generated by CONFIG REWRITE\n' +
      `hz 20\ndir ${JSON.stringify(s.server.config.values.dir)}\nclient-output-buffer-limit pubsub 1mb 2mb 3\n` +
      'notify-keyspace-events "xK"\nbind 127.0.0.1\nlatency-tracking-info-percentiles 50 99 99.9\n');
  });
});

describe('CONFIG differential', { skip: SKIP_NO_REDIS }, () => {
  let s: Started;
  let real: RealRedis;
  before(async () => {
    s = await startServer();
    real = await startRealRedis();
  });
  after(async () => {
    await s.stop();
    await real.stop();
  });

  it('reports the same values for options both servers implement', async () => {
    const names = ['hz', 'timeout', 'tcp-keepalive', 'maxclients', 'databases', 'proto-max-bulk-len',
      'client-query-buffer-limit', 'client-output-buffer-limit', 'requirepass', 'protected-mode', 'unixsocket',
      'unixsocketperm', 'maxmemory', 'maxmemory-policy', 'list-max-listpack-size', 'list-max-ziplist-size',
      'hash-max-listpack-value', 'zset-max-ziplist-entries', 'notify-keyspace-events', 'replicaof', 'slaveof',
      'oom-score-adj-values', 'latency-tracking-info-percentiles', 'slowlog-log-slower-than', 'lua-time-limit',
      'maxmemory-clients', 'shutdown-on-sigterm', 'repl-backlog-size', 'stream-node-max-bytes'];
    await assertSameReplies(s.port, real.port, names.map((n) => ['CONFIG', 'GET', n]));
  });

  it('sets and reads back the same way, with the same errors', async () => {
    const steps: Step[] = [
      ['CONFIG', 'SET', 'maxmemory', '1K'], ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '1gB'], ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '5B'], ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', ''], ['CONFIG', 'SET', 'maxmemory', '-1'], ['CONFIG', 'SET', 'maxmemory', '0'],
      ['CONFIG', 'SET', 'maxmemory-clients', '10%'], ['CONFIG', 'GET', 'maxmemory-clients'],
      ['CONFIG', 'SET', 'maxmemory-clients', '-5'], ['CONFIG', 'SET', 'maxmemory-clients', '0'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'An'], ['CONFIG', 'GET', 'notify-keyspace-events'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'], ['CONFIG', 'GET', 'notify-keyspace-events'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'Q'], ['CONFIG', 'SET', 'notify-keyspace-events', ''],
      ['CONFIG', 'SET', 'hz', '0'], ['CONFIG', 'GET', 'hz'], ['CONFIG', 'SET', 'HZ', '10'],
      ['CONFIG', 'SET', 'port', 'abc'], ['CONFIG', 'SET', 'maxclients', '0'], ['CONFIG', 'SET', 'daemonize', 'no'],
      ['CONFIG', 'SET', 'foo', 'bar'], ['CONFIG', 'SET', 'hz', '1', 'hz', '2'], ['CONFIG', 'SET', 'hz', '1', 'maxmemory', 'x'],
      ['CONFIG', 'GET', 'hz'], ['CONFIG', 'SET', 'hz'], ['CONFIG', 'SET', 'hz', '10', 'port'],
      ['CONFIG', 'SET', 'loglevel', 'x'], ['CONFIG', 'SET', 'save', '1 2 3'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1 2'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'master 1 2 3'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 2kb 3'], ['CONFIG', 'GET', 'client-output-buffer-limit'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1 2 -3'],
      ['CONFIG', 'SET', 'dir', '/nonexistent'], ['CONFIG', 'SET', 'unixsocketperm', '777'],
      ['CONFIG', 'SET', 'list-max-listpack-size', '1.5'], ['CONFIG', 'SET', 'timeout', '-1'],
      ['CONFIG', 'SET', 'slaveof', 'a b'], ['CONFIG', 'SET', 'dbfilename', 'a/b'],
      ['CONFIG', 'SET', 'enable-debug-command', 'yes'], ['CONFIG', 'SET', 'tcp-keepalive', '0x10'],
      ['CONFIG', 'SET', 'hz', '+5'], ['CONFIG', 'SET', 'hz', ' 5'], ['CONFIG', 'SET', 'hz', '05'],
      ['CONFIG', 'SET', 'proto-max-bulk-len', '1'],
      ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 101'],
      ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 x'],
      ['CONFIG', 'SET', 'latency-tracking-info-percentiles', '10 20.5'], ['CONFIG', 'GET', 'latency-tracking-info-percentiles'],
      ['CONFIG', 'SET', 'oom-score-adj-values', '1 2'], ['CONFIG', 'SET', 'oom-score-adj-values', '1 2 3000'],
      ['CONFIG', 'SET', 'appendonly', 'maybe'], ['CONFIG', 'SET', 'maxmemory-policy', 'ALLKEYS-LRU'],
      ['CONFIG', 'GET', 'maxmemory-policy'], ['CONFIG', 'SET', 'maxmemory-policy', 'x'],
      ['CONFIG', 'SET', 'shutdown-on-sigint', 'save now'], ['CONFIG', 'GET', 'shutdown-on-sigint'],
      ['CONFIG', 'SET', 'shutdown-on-sigint', 'nosave save'], ['CONFIG', 'SET', 'shutdown-on-sigint', 'default'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '-1'], ['CONFIG', 'SET', 'lua-time-limit', '100'],
      ['CONFIG', 'GET', 'busy-reply-threshold'], ['CONFIG', 'SET', 'lua-time-limit', 'x'],
      ['CONFIG', 'SET', 'activedefrag', 'yes'], ['CONFIG', 'SET', 'oom-score-adj', 'relative'], ['CONFIG', 'GET', 'oom-score-adj'],
      ['CONFIG', 'SET', 'replica-announce-ip', '1.2.3.4'], ['CONFIG', 'GET', 'slave-announce-ip'],
      ['CONFIG', 'SET', 'cluster-announce-hostname', 'a_b'],
      ['CONFIG', 'SET', 'watchdog-period', '0'], ['CONFIG', 'GET', 'watchdog*'],
      ['CONFIG', 'RESETSTAT'], ['CONFIG', 'REWRITE'], ['CONFIG', 'foo'], ['CONFIG'],
    ];
    await assertSameReplies(s.port, real.port, steps);
  });
});
