// redis.conf and command-line parsing (unit): Redis's line syntax, option types, aliases, include,
// the options argv builds, and the exact fatal error texts.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigFileError, loadConfigText, loadFromCommandLine, parseCommandLine } from '../src/server/config-file.ts';
import { Config } from '../src/server/config.ts';

function load(text: string): Config {
  const c = new Config();
  loadConfigText(c, text);
  return c;
}

function fatalOf(text: string): string {
  try {
    load(text);
  } catch (e) {
    assert.ok(e instanceof ConfigFileError);
    return e.text;
  }
  assert.fail('expected a config error');
}

function get(c: Config, name: string): string {
  return c.format(c.lookup(name)!);
}

describe('config file parsing', () => {
  it('reads typed options, comments, blank lines and quoting', () => {
    const c = load('# comment\n\n  port 7000  \r\nhz 20\nrequirepass "a b\\x41"\nprotected-mode NO\nloglevel WARNING\n');
    assert.equal(c.values.port, 7000);
    assert.equal(c.values.hz, 20);
    assert.equal(c.values.requirepass, 'a bA');
    assert.equal(c.values.protectedMode, false);
    assert.equal(c.values.loglevel, 'warning');
  });

  it('reads memory units as Redis does (k is 1000, kb is 1024, any case)', () => {
    const c = load('maxmemory 1k\nproto-max-bulk-len 2MB\nclient-query-buffer-limit 1g\nrepl-backlog-size 3Gb\n');
    assert.equal(c.values.maxmemory, 1000);
    assert.equal(c.values.protoMaxBulkLen, 2 * 1024 * 1024);
    assert.equal(c.values.clientQueryBufferLimit, 1e9);
    assert.equal(c.values['repl-backlog-size'], 3 * 1024 ** 3);
    assert.equal(get(load('maxmemory-clients 10%'), 'maxmemory-clients'), '10%');
  });

  it('maps aliases to their option', () => {
    const c = load('hash-max-ziplist-entries 100\nslave-read-only no\nslaveof 10.0.0.1 6380\nlua-time-limit 7\n');
    assert.equal(c.values['hash-max-listpack-entries'], 100);
    assert.equal(c.values['replica-read-only'], false);
    assert.equal(get(c, 'replicaof'), '10.0.0.1 6380');
    assert.equal(get(c, 'busy-reply-threshold'), '7');
  });

  it('reads the special options', () => {
    const c = load('save 900 1\nsave 300 10\nbind 127.0.0.1 ::1\nclient-output-buffer-limit pubsub 1mb 2kb 30\n' +
      'notify-keyspace-events KEA\nunixsocketperm 700\noom-score-adj-values 1 2 3\n');
    assert.equal(get(c, 'save'), '900 1 300 10');
    assert.deepEqual(c.values.bind, ['127.0.0.1', '::1']);
    assert.deepEqual(c.values.clientOutputBufferLimit.pubsub, { hard: 1048576, soft: 2048, softSeconds: 30 });
    assert.equal(get(c, 'client-output-buffer-limit'), 'normal 0 0 0 slave 268435456 67108864 60 pubsub 1048576 2048 30');
    assert.equal(get(c, 'notify-keyspace-events'), 'AKE');
    assert.equal(c.values.unixsocketperm, 0o700);
    assert.equal(get(c, 'unixsocketperm'), '700');
    assert.equal(get(c, 'oom-score-adj-values'), '1 2 3');
    assert.equal(get(load('save ""'), 'save'), '');
    assert.equal(get(load(''), 'save'), '3600 1 300 100 60 10000');
  });

  it('clamps hz to 1..500 and accepts deprecated directives', () => {
    assert.equal(load('hz 0').values.hz, 1);
    assert.equal(load('hz 100000').values.hz, 500);
    assert.equal(load('list-max-ziplist-entries 512\nlua-replicate-commands yes\n').values.port, 6379);
  });

  it('loads the stock redis.conf Debian ships', { skip: existsSync('/etc/redis/redis.conf') ? false : 'no /etc/redis/redis.conf' }, () => {
    // The logfile it names may not be writable here; everything else is taken as written.
    const text = readFileSync('/etc/redis/redis.conf', 'latin1').replace(/^logfile .*$/m, 'logfile ""');
    const c = load(text);
    assert.deepEqual(c.values.bind, ['127.0.0.1', '-::1']);
    assert.equal(c.values.port, 6379);
  });

  it('keeps user and rename-command lines for later', () => {
    const c = new Config();
    const d = loadConfigText(c, 'user alice on >pw ~* +@all\nrename-command FLUSHALL ""\n');
    assert.deepEqual(d.users, [['alice', 'on', '>pw', '~*', '+@all']]);
    assert.deepEqual(d.renames, [['FLUSHALL', '']]);
  });

  const header = '\n*** FATAL CONFIG FILE ERROR (Redis 7.2.4) ***\n';
  const at = (n: number, line: string, msg: string): string =>
    `${header}Reading the configuration file, at line ${n}\n>>> '${line}'\n${msg}\n`;

  it('reports errors in Redis format', () => {
    assert.equal(fatalOf('port 1\nport "abc"\n'), at(2, 'port "abc"', "argument couldn't be parsed into an integer"));
    assert.equal(fatalOf('foo bar'), at(1, 'foo bar', 'Bad directive or wrong number of arguments'));
    assert.equal(fatalOf('port 1 2'), at(1, 'port 1 2', 'wrong number of arguments'));
    assert.equal(fatalOf('daemonize maybe'), at(1, 'daemonize maybe', "argument must be 'yes' or 'no'"));
    assert.equal(fatalOf('port 70000'), at(1, 'port 70000', 'argument must be between 0 and 65535 inclusive'));
    assert.equal(fatalOf('maxmemory 1x'), at(1, 'maxmemory 1x', 'argument must be a memory value'));
    assert.equal(fatalOf('loglevel x'), at(1, 'loglevel x',
      'argument(s) must be one of the following: debug, verbose, notice, warning'));
    assert.equal(fatalOf('port "abc'), at(1, 'port "abc', 'Unbalanced quotes in configuration line'));
    assert.equal(fatalOf('save 1'), at(1, 'save 1', 'Invalid save parameters'));
    assert.equal(fatalOf('proto-max-bulk-len 1'), at(1, 'proto-max-bulk-len 1',
      'argument must be between 1048576 and 9223372036854775807 inclusive'));
    assert.equal(fatalOf('unixsocketperm 800'), at(1, 'unixsocketperm 800', "argument couldn't be parsed as an octal number"));
    assert.equal(fatalOf('unixsocketperm 1000'), at(1, 'unixsocketperm 1000', 'argument must be between 0 and 777 inclusive'));
    assert.equal(fatalOf('maxmemory-clients 101%'), at(1, 'maxmemory-clients 101%', 'percentage argument must be less or equal to 100'));
    assert.equal(fatalOf('dbfilename a/b'), at(1, 'dbfilename a/b', "dbfilename can't be a path, just a filename"));
    assert.equal(fatalOf('logfile /nonexistent-dir/x.log'), `${header}Can't open the log file: No such file or directory\n`);
    assert.equal(fatalOf('shutdown-on-sigterm save nosave'), at(1, 'shutdown-on-sigterm save nosave',
      "shutdown options SAVE and NOSAVE can't be used simultaneously"));
  });

  describe('include', () => {
    const dir = mkdtempSync(join(tmpdir(), 'respite-conf-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'a.conf'), 'hz 11\n');
    writeFileSync(join(dir, 'b.conf'), 'hz 12\ntimeout 5\n');
    writeFileSync(join(dir, 'bad.conf'), '\nport x\n');

    it('includes an absolute path and glob matches in sorted order', () => {
      assert.equal(load(`include ${join(dir, 'a.conf')}`).values.hz, 11);
      const c = load(`include ${join(dir, '[ab].conf')}`);
      assert.equal(c.values.hz, 12);
      assert.equal(c.values.timeout, 5);
      assert.equal(load(`include ${join(dir, 'none-*.conf')}\nhz 9`).values.hz, 9);
    });

    it('reports a missing file and errors inside an included file', () => {
      assert.throws(() => load(`include ${join(dir, 'missing.conf')}`), (e: ConfigFileError) =>
        e.log && e.text === `Fatal error, can't open config file '${join(dir, 'missing.conf')}': No such file or directory`);
      assert.equal(fatalOf(`include ${join(dir, 'bad.conf')}`), at(2, 'port x', "argument couldn't be parsed into an integer"));
    });

    it('resolves a relative include against the working directory', () => {
      const cwd = process.cwd();
      process.chdir(dir);
      try {
        assert.equal(load('include a.conf').values.hz, 11);
      } finally {
        process.chdir(cwd);
      }
    });
  });
});

describe('command line', () => {
  it('builds config lines from --options as redis-server does', () => {
    assert.deepEqual(parseCommandLine(['--port', '7777']), { configFile: null, stdin: false, options: 'port "7777" ' });
    assert.equal(parseCommandLine(['--port 7777', '--hz', '5']).options, 'port 7777 \nhz "5" ');
    assert.equal(parseCommandLine(['--save', '--port', '1']).options, 'save ""\nport "1" ');
    assert.equal(parseCommandLine(['--save']).options, 'save ""');
    assert.equal(parseCommandLine(['--bind', '1.2.3.4', '::1']).options, 'bind "1.2.3.4" "::1" ');
    const cl = parseCommandLine(['my.conf', '--hz', '5', '-']);
    assert.equal(cl.stdin, true);
    assert.ok(cl.configFile!.endsWith('/my.conf'));
  });

  it('applies file, stdin, then options; errors count lines like Redis', () => {
    const c = new Config();
    loadFromCommandLine(c, parseCommandLine(['-', '--hz', '7']), () => 'hz 3\ntimeout 9\n');
    assert.equal(c.values.hz, 7);
    assert.equal(c.values.timeout, 9);
    assert.throws(() => loadFromCommandLine(new Config(), parseCommandLine(['--port', 'abc']), () => ''),
      (e: ConfigFileError) => e.text.includes("at line 2\n>>> 'port \"abc\"'\n"));
    assert.throws(() => loadFromCommandLine(new Config(), parseCommandLine(['--foo', 'bar', 'baz']), () => ''),
      (e: ConfigFileError) => e.text.includes(">>> 'foo \"bar\" \"baz\"'\nBad directive"));
  });
});
