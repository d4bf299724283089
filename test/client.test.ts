// CLIENT over real sockets: ID, SETNAME/GETNAME, SETINFO, LIST/INFO, KILL, REPLY, NO-EVICT, NO-TOUCH,
// HELP, and the error replies compared with redis-server. CLIENT PAUSE lives in client-pause.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { ReplyError, Verbatim, type ReplyValue } from '../src/protocol/reply-reader.ts';
import { assertSameReplies } from './helpers/differential.ts';
import { SKIP_NO_REDIS, startRealRedis, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';

/** A reply that must be a string (a verbatim string's text counts). */
function str(v: ReplyValue): string {
  if (v instanceof Verbatim) return v.text;
  assert.equal(typeof v, 'string');
  return v as string;
}

/** A reply that must be an integer. */
function num(v: ReplyValue): number {
  assert.equal(typeof v, 'number');
  return v as number;
}


function errorText(v: unknown): string {
  assert.ok(v instanceof ReplyError, `expected an error, got ${String(v)}`);
  return v.message;
}

/** CLIENT LIST's fields, in Redis 7.2's order. */
const FIELDS = ['id', 'addr', 'laddr', 'fd', 'name', 'age', 'idle', 'flags', 'db', 'sub', 'psub', 'ssub', 'multi',
  'qbuf', 'qbuf-free', 'argv-mem', 'multi-mem', 'rbs', 'rbp', 'obl', 'oll', 'omem', 'tot-mem', 'events', 'cmd',
  'user', 'redir', 'resp', 'lib-name', 'lib-ver'];

function parseLine(line: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of line.split(' ')) {
    const eq = part.indexOf('=');
    m.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return m;
}

function lines(list: ReplyValue): Map<string, string>[] {
  const text = str(list);
  assert.ok(text.endsWith('\n'));
  return text.slice(0, -1).split('\n').map(parseLine);
}

describe('CLIENT', () => {
  let s: Started;
  before(async () => {
    s = await startServer();
  });
  after(() => s.stop());

  it('ID, SETNAME, GETNAME', async () => {
    const c = await RawConnection.connect(s.port);
    const id = num(await c.call('CLIENT', 'ID'));
    assert.equal(typeof id, 'number');
    assert.equal(await c.call('CLIENT', 'GETNAME'), null);
    assert.equal(await c.call('CLIENT', 'SETNAME', 'worker-1'), 'OK');
    assert.equal(await c.call('CLIENT', 'GETNAME'), 'worker-1');
    for (const bad of ['a b', 'a\nb', 'é', '\x7f', '\x00']) {
      assert.equal(errorText(await c.call('CLIENT', 'SETNAME', bad)),
        'ERR Client names cannot contain spaces, newlines or special characters.');
    }
    assert.equal(await c.call('CLIENT', 'SETNAME', ''), 'OK');
    assert.equal(await c.call('CLIENT', 'GETNAME'), null);
    const d = await RawConnection.connect(s.port);
    assert.equal(await d.call('CLIENT', 'ID'), id + 1);
    c.close();
    d.close();
  });

  it('SETINFO (Redis 7.2)', async () => {
    const c = await RawConnection.connect(s.port);
    assert.equal(await c.call('CLIENT', 'SETINFO', 'LIB-NAME', 'redis-py(django_v1.0)'), 'OK');
    assert.equal(await c.call('CLIENT', 'SETINFO', 'lib-ver', '5.0.1'), 'OK');
    assert.equal(errorText(await c.call('CLIENT', 'SETINFO', 'lib-name', 'a b')),
      'ERR lib-name cannot contain spaces, newlines or special characters.');
    assert.equal(errorText(await c.call('CLIENT', 'SETINFO', 'LIB-VER', 'x\n')),
      'ERR LIB-VER cannot contain spaces, newlines or special characters.');
    assert.equal(errorText(await c.call('CLIENT', 'SETINFO', 'Foo', 'x')), "ERR Unrecognized option 'Foo'");
    assert.equal(errorText(await c.call('CLIENT', 'SETINFO', 'lib-name')),
      "ERR wrong number of arguments for 'client|setinfo' command");
    const info = parseLine(str(await c.call('CLIENT', 'INFO')).trim());
    assert.equal(info.get('lib-name'), 'redis-py(django_v1.0)');
    assert.equal(info.get('lib-ver'), '5.0.1');
    c.close();
    // node-redis sends SETINFO on connect.
    const n = createClient({ socket: { port: s.port, host: '127.0.0.1' } });
    await n.connect();
    assert.match(str(await n.sendCommand(['CLIENT', 'INFO'])), / lib-name=node-redis /);
    n.destroy();
  });

  it('INFO and LIST describe clients with Redis 7.2 fields', async () => {
    const c = await RawConnection.connect(s.port);
    const d = await RawConnection.connect(s.port);
    await d.call('SELECT', '3');
    await d.call('CLIENT', 'SETNAME', 'dee');
    const own = lines(await c.call('CLIENT', 'INFO'));
    assert.equal(own.length, 1);
    const me = own[0]!;
    assert.deepEqual([...me.keys()], FIELDS);
    assert.equal(me.get('id'), String(num(await c.call('CLIENT', 'ID'))));
    assert.equal(me.get('addr'), `127.0.0.1:${c.socket.localPort}`);
    assert.equal(me.get('laddr'), `127.0.0.1:${s.port}`);
    assert.equal(me.get('flags'), 'N');
    assert.equal(me.get('cmd'), 'client|info');
    assert.equal(me.get('argv-mem'), '10');
    assert.equal(me.get('multi'), '-1');
    assert.equal(me.get('user'), 'default');
    assert.equal(me.get('resp'), '2');
    const all = lines(await c.call('CLIENT', 'LIST'));
    const dee = all.find((l) => l.get('name') === 'dee')!;
    assert.equal(dee.get('db'), '3');
    assert.equal(dee.get('cmd'), 'client|setname');
    assert.equal(dee.get('argv-mem'), '0');
    const dId = String(num(await d.call('CLIENT', 'ID')));
    const byId = lines(await c.call('CLIENT', 'LIST', 'ID', dId, '999999', dId));
    assert.deepEqual(byId.map((l) => l.get('id')), [dId, dId]);
    const normal = lines(await c.call('CLIENT', 'LIST', 'TYPE', 'normal'));
    assert.ok(normal.length >= 2);
    assert.equal(await c.call('CLIENT', 'LIST', 'TYPE', 'pubsub'), '');
    assert.equal(await c.call('CLIENT', 'LIST', 'TYPE', 'replica'), '');
    assert.equal(errorText(await c.call('CLIENT', 'LIST', 'TYPE', 'x')), "ERR Unknown client type 'x'");
    assert.equal(errorText(await c.call('CLIENT', 'LIST', 'ID', 'x')), 'ERR Invalid client ID');
    assert.equal(errorText(await c.call('CLIENT', 'LIST', 'ID')), 'ERR syntax error');
    assert.equal(errorText(await c.call('CLIENT', 'LIST', 'TYPE', 'normal', 'ID', '1')), 'ERR syntax error');
    // RESP3: a verbatim string.
    await c.call('HELLO', '3');
    c.send('CLIENT', 'INFO');
    assert.match(await c.readRaw(), /^=\d+\r\ntxt:id=/);
    c.close();
    d.close();
  });

  it('LIST shows flags, the query buffer and unsent output', async () => {
    const c = await RawConnection.connect(s.port);
    const d = await RawConnection.connect(s.port);
    await d.call('CLIENT', 'NO-EVICT', 'on');
    await d.call('CLIENT', 'NO-TOUCH', 'on');
    d.write('*1\r\n$100\r\n' + 'x'.repeat(50)); // half an argument waits in the query buffer
    await new Promise((r) => setTimeout(r, 20));
    const line = lines(await c.call('CLIENT', 'LIST')).find((l) => l.get('flags') === 'eT');
    assert.ok(line !== undefined);
    assert.equal(line.get('qbuf'), '50');
    c.close();
    d.close();
  });

  it('LIST counts a blocked client\'s arguments in argv-mem, as Redis keeps them while it waits', async () => {
    const c = await RawConnection.connect(s.port);
    const d = await RawConnection.connect(s.port);
    d.send('BLPOP', 'somelist', '0');
    let blocked: Map<string, string> | undefined;
    while (blocked === undefined) blocked = lines(await c.call('CLIENT', 'LIST')).find((l) => l.get('cmd') === 'blpop');
    assert.equal(blocked.get('argv-mem'), String('BLPOPsomelist0'.length));
    assert.equal(blocked.get('flags'), 'b');
    c.close();
    d.close();
  });

  it('NO-EVICT and NO-TOUCH take ON or OFF', async () => {
    const c = await RawConnection.connect(s.port);
    assert.equal(await c.call('CLIENT', 'NO-TOUCH', 'ON'), 'OK');
    assert.equal(await c.call('SET', 'nt', 'v'), 'OK');
    const before = s.server.keyspace.dbs[0]!.lookupRead('nt', false)!.lru;
    s.server.keyspace.dbs[0]!.lookupRead('nt', false)!.lru = before - 100;
    await c.call('GET', 'nt');
    assert.equal(await c.call('OBJECT', 'IDLETIME', 'nt'), 100);
    assert.equal(await c.call('CLIENT', 'NO-TOUCH', 'off'), 'OK');
    await c.call('GET', 'nt');
    assert.equal(await c.call('OBJECT', 'IDLETIME', 'nt'), 0);
    assert.equal(errorText(await c.call('CLIENT', 'NO-TOUCH', 'maybe')), 'ERR syntax error');
    assert.equal(await c.call('CLIENT', 'NO-EVICT', 'on'), 'OK');
    assert.equal(errorText(await c.call('CLIENT', 'NO-EVICT', 'yes')), 'ERR syntax error');
    c.close();
  });

  it('REPLY OFF, ON and SKIP', async () => {
    const c = await RawConnection.connect(s.port);
    c.send('CLIENT', 'REPLY', 'OFF');
    c.send('SET', 'r', '1');
    c.send('NOSUCHCOMMAND');
    c.send('CLIENT', 'REPLY', 'SKIP'); // ignored while OFF
    c.send('CLIENT', 'REPLY', 'ON');
    assert.equal(await c.readRaw(), '+OK\r\n');
    c.send('CLIENT', 'REPLY', 'SKIP');
    c.send('ECHO', 'skipped');
    c.send('ECHO', 'seen');
    assert.equal(await c.read(), 'seen');
    // SKIP twice in a row skips the second SKIP's successor too.
    c.send('CLIENT', 'REPLY', 'SKIP');
    c.send('CLIENT', 'REPLY', 'SKIP');
    c.send('ECHO', 'skipped');
    c.send('ECHO', 'seen2');
    assert.equal(await c.read(), 'seen2');
    // REPLY ON under SKIP replies.
    c.send('CLIENT', 'REPLY', 'SKIP');
    c.send('CLIENT', 'REPLY', 'ON');
    assert.equal(await c.read(), 'OK');
    assert.equal(errorText(await c.call('CLIENT', 'REPLY', 'maybe')), 'ERR syntax error');
    c.close();
  });

  it('KILL by id, address, type, user; SKIPME; the old form', async () => {
    const c = await RawConnection.connect(s.port);
    const victims = await Promise.all([1, 2, 3].map(() => RawConnection.connect(s.port)));
    const ids = await Promise.all(victims.map((v) => v.call('CLIENT', 'ID')));
    assert.equal(await c.call('CLIENT', 'KILL', 'ID', String(num(ids[0]!))), 1);
    await victims[0]!.whenClosed();
    assert.equal(await c.call('CLIENT', 'KILL', 'ID', String(num(ids[0]!))), 0);
    const addr = `127.0.0.1:${victims[1]!.socket.localPort}`;
    assert.equal(await c.call('CLIENT', 'KILL', addr), 'OK');
    await victims[1]!.whenClosed();
    assert.equal(errorText(await c.call('CLIENT', 'KILL', addr)), 'ERR No such client');
    assert.equal(await c.call('CLIENT', 'KILL', 'ADDR', `127.0.0.1:${victims[2]!.socket.localPort}`, 'LADDR',
      `127.0.0.1:${s.port}`, 'TYPE', 'normal', 'USER', 'default'), 1);
    await victims[2]!.whenClosed();
    // LADDR matches every client of this listener; SKIPME (default yes) spares the caller.
    const others = await Promise.all([1, 2].map(() => RawConnection.connect(s.port)));
    await Promise.all(others.map((o) => o.call('PING')));
    const n = await c.call('CLIENT', 'KILL', 'LADDR', `127.0.0.1:${s.port}`);
    assert.ok(typeof n === 'number' && n >= 2);
    await Promise.all(others.map((o) => o.whenClosed()));
    assert.equal(await c.call('PING'), 'PONG');
    assert.equal(await c.call('CLIENT', 'KILL', 'TYPE', 'pubsub'), 0);
    assert.equal(await c.call('CLIENT', 'KILL', 'TYPE', 'master'), 0);
    for (const [args, msg] of [
      [['ID', 'x'], 'ERR client-id should be greater than 0'],
      [['ID', '0'], 'ERR client-id should be greater than 0'],
      [['TYPE', 'x'], "ERR Unknown client type 'x'"],
      [['USER', 'bob'], "ERR No such user 'bob'"],
      [['SKIPME', 'maybe'], 'ERR syntax error'],
      [['MAXAGE', '1'], 'ERR syntax error'],
      [['ID', '1', 'SKIPME'], 'ERR syntax error'],
    ] as [string[], string][]) {
      assert.equal(errorText(await c.call('CLIENT', 'KILL', ...args)), msg, args.join(' '));
    }
    // Killing oneself: the reply is sent, then the connection closes.
    const me = num(await c.call('CLIENT', 'ID'));
    c.send('CLIENT', 'KILL', 'ID', String(me), 'SKIPME', 'no');
    assert.equal(await c.read(), 1);
    await c.whenClosed();
    const d = await RawConnection.connect(s.port);
    d.send('CLIENT', 'KILL', `127.0.0.1:${d.socket.localPort}`);
    assert.equal(await d.read(), 'OK');
    await d.whenClosed();
  });

  it('ioredis sees CLIENT replies in its own types', async () => {
    const r = new Redis(s.port, '127.0.0.1');
    assert.equal(await r.client('SETNAME', 'io'), 'OK');
    assert.equal(await r.client('GETNAME'), 'io');
    assert.match(await r.client('LIST') as string, /name=io /);
    r.disconnect();
  });

  it('HELP has Redis\'s shape', async () => {
    const c = await RawConnection.connect(s.port);
    const help = await c.call('CLIENT', 'HELP');
    assert.ok(Array.isArray(help));
    assert.equal(help[0], 'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    assert.equal(help.at(-2), 'HELP');
    for (const sub of ['KILL', 'LIST', 'PAUSE', 'REPLY', 'SETINFO', 'NO-TOUCH']) {
      assert.ok(help.some((l) => typeof l === 'string' && l.startsWith(sub)), sub);
    }
    c.close();
  });
});

describe('CLIENT, differential', { skip: SKIP_NO_REDIS }, () => {
  let s: Started;
  let r: RealRedis;
  before(async () => {
    s = await startServer();
    r = await startRealRedis();
  });
  after(async () => {
    await s.stop();
    await r.stop();
  });

  it('CLIENT INFO has redis-server\'s fields in its order', async () => {
    const a = await RawConnection.connect(s.port);
    const b = await RawConnection.connect(r.port);
    const ours = [...parseLine(str(await a.call('CLIENT', 'INFO')).trim()).keys()];
    const theirs = [...parseLine(str(await b.call('CLIENT', 'INFO')).trim()).keys()];
    // Redis 7.2: lib-name and lib-ver were added at the end of the line.
    assert.deepEqual(ours, [...theirs, 'lib-name', 'lib-ver']);
    a.close();
    b.close();
  });

  it('errors and simple replies match redis-server', async () => {
    await assertSameReplies(s.port, r.port, [
      ['CLIENT'], ['CLIENT', 'NOPE'], ['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME', 'x'], ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'a b'], ['CLIENT', 'SETNAME', ''], ['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME'],
      ['CLIENT', 'KILL'], ['CLIENT', 'KILL', '1.2.3.4:5'], ['CLIENT', 'KILL', 'id'], ['CLIENT', 'KILL', 'id', 'x'],
      ['CLIENT', 'KILL', 'id', '-1'], ['CLIENT', 'KILL', 'id', '99999'], ['CLIENT', 'KILL', 'type', 'x'],
      ['CLIENT', 'KILL', 'type', 'slave'], ['CLIENT', 'KILL', 'user', 'nobody'], ['CLIENT', 'KILL', 'user', 'default', 'skipme', 'x'],
      ['CLIENT', 'KILL', 'foo', 'bar'], ['CLIENT', 'KILL', 'addr', '1.1.1.1:1', 'id'],
      ['CLIENT', 'LIST', 'TYPE', 'x'], ['CLIENT', 'LIST', 'ID'], ['CLIENT', 'LIST', 'ID', 'x'], ['CLIENT', 'LIST', 'x'],
      ['CLIENT', 'LIST', 'TYPE', 'master'], ['CLIENT', 'LIST', 'ID', '99999'], ['CLIENT', 'LIST', 'TYPE', 'pubsub', 'x'],
      ['CLIENT', 'PAUSE'], ['CLIENT', 'PAUSE', 'x'], ['CLIENT', 'PAUSE', '-1'], ['CLIENT', 'PAUSE', '1.5'],
      ['CLIENT', 'PAUSE', '10', 'x'], ['CLIENT', 'PAUSE', 'x', 'y'], ['CLIENT', 'PAUSE', '1', 'write', 'x'],
      ['CLIENT', 'PAUSE', '0', 'WRITE'], ['CLIENT', 'PAUSE', '0'], ['CLIENT', 'UNPAUSE'], ['CLIENT', 'UNPAUSE', 'x'],
      ['CLIENT', 'REPLY'], ['CLIENT', 'REPLY', 'x'], ['CLIENT', 'REPLY', 'ON'],
      ['CLIENT', 'NO-EVICT', 'x'], ['CLIENT', 'NO-EVICT', 'ON'], ['CLIENT', 'NO-EVICT', 'off'],
      ['CLIENT', 'ID', 'x'], ['CLIENT', 'INFO', 'x'], ['CLIENT', 'HELP', 'x'],
      // Redis 7.2: SETINFO and NO-TOUCH are new; 7.0.15 answers "unknown subcommand", so they are tested above.
    ]);
  });
});
