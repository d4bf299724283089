// Connection commands over real sockets: PING, ECHO, HELLO, AUTH, SELECT, QUIT, RESET, with ioredis,
// node-redis and raw bytes, RESP2 and RESP3, and differential checks of the error replies.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { ReplyError, Verbatim, type ReplyValue } from '../src/protocol/reply-reader.ts';
import { assertSameReplies, type Step } from './helpers/differential.ts';
import { SKIP_NO_REDIS, startRealRedis, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';

/** A reply that must be a string (a verbatim string's text counts). */
function str(v: ReplyValue): string {
  if (v instanceof Verbatim) return v.text;
  assert.equal(typeof v, 'string');
  return v as string;
}


function errorText(v: unknown): string {
  assert.ok(v instanceof ReplyError, `expected an error, got ${String(v)}`);
  return v.message;
}

describe('connection commands', () => {
  let s: Started;
  before(async () => {
    s = await startServer();
  });
  after(() => s.stop());

  it('PING and ECHO, with ioredis and node-redis', async () => {
    const r = new Redis(s.port, '127.0.0.1');
    assert.equal(await r.ping(), 'PONG');
    assert.equal(await r.ping('hi'), 'hi');
    assert.equal(await r.echo('a\r\nb'), 'a\r\nb');
    r.disconnect();
    const n = createClient({ socket: { port: s.port, host: '127.0.0.1' }, RESP: 3 });
    await n.connect();
    assert.equal(await n.ping(), 'PONG');
    assert.equal(await n.echo('x'), 'x');
    n.destroy();
  });

  it('HELLO switches the protocol and describes the server', async () => {
    const c = await RawConnection.connect(s.port);
    const m = await c.call('HELLO', '3');
    assert.ok(m instanceof Map);
    assert.deepEqual([...m.keys()], ['server', 'version', 'proto', 'id', 'mode', 'role', 'modules']);
    assert.equal(m.get('version'), '7.2.4');
    assert.equal(m.get('proto'), 3);
    assert.equal(m.get('id'), await c.call('CLIENT', 'ID'));
    assert.equal(m.get('mode'), 'standalone');
    assert.equal(m.get('role'), 'master');
    assert.deepEqual(m.get('modules'), []);
    c.send('GET', 'nokey');
    assert.equal(await c.readRaw(), '_\r\n');
    const back = await c.call('HELLO', '2');
    assert.ok(Array.isArray(back) && back.length === 14 && back[5] === 2);
    // Without a version, HELLO keeps the current one.
    const same = await c.call('HELLO');
    assert.ok(Array.isArray(same) && same[5] === 2);
    c.close();
  });

  it('HELLO errors and SETNAME', async () => {
    const c = await RawConnection.connect(s.port);
    assert.equal(errorText(await c.call('HELLO', '4')), 'NOPROTO unsupported protocol version');
    assert.equal(errorText(await c.call('HELLO', '1')), 'NOPROTO unsupported protocol version');
    assert.equal(errorText(await c.call('HELLO', 'x')), 'ERR Protocol version is not an integer or out of range');
    assert.equal(errorText(await c.call('HELLO', '3', 'foo')), "ERR Syntax error in HELLO option 'foo'");
    assert.equal(errorText(await c.call('HELLO', '3', 'AUTH', 'a')), "ERR Syntax error in HELLO option 'AUTH'");
    assert.equal(errorText(await c.call('HELLO', '3', 'SETNAME', 'a b')),
      'ERR Client names cannot contain spaces, newlines or special characters.');
    await c.call('HELLO', '2', 'SETNAME', 'conn1');
    assert.equal(await c.call('CLIENT', 'GETNAME'), 'conn1');
    // AUTH default <anything> succeeds when no password is set (the default user is nopass).
    assert.ok(Array.isArray(await c.call('HELLO', '2', 'AUTH', 'default', 'whatever')));
    assert.equal(errorText(await c.call('HELLO', '2', 'AUTH', 'bob', 'x')),
      'WRONGPASS invalid username-password pair or user is disabled.');
    c.close();
  });

  it('AUTH without a password configured', async () => {
    const c = await RawConnection.connect(s.port);
    assert.equal(errorText(await c.call('AUTH', 'pw')), 'ERR AUTH <password> called without any password configured ' +
      'for the default user. Are you sure your configuration is correct?');
    assert.equal(await c.call('AUTH', 'default', 'pw'), 'OK');
    assert.equal(errorText(await c.call('AUTH', 'bob', 'pw')), 'WRONGPASS invalid username-password pair or user is disabled.');
    assert.equal(errorText(await c.call('AUTH', 'a', 'b', 'c')), 'ERR syntax error');
    c.close();
  });

  it('SELECT', async () => {
    const c = await RawConnection.connect(s.port);
    assert.equal(await c.call('SET', 'k', 'db0'), 'OK');
    assert.equal(await c.call('SELECT', '15'), 'OK');
    assert.equal(await c.call('GET', 'k'), null);
    assert.equal(await c.call('SET', 'k', 'db15'), 'OK');
    assert.equal(await c.call('SELECT', '0'), 'OK');
    assert.equal(await c.call('GET', 'k'), 'db0');
    assert.equal(errorText(await c.call('SELECT', '16')), 'ERR DB index is out of range');
    assert.equal(errorText(await c.call('SELECT', '-1')), 'ERR DB index is out of range');
    assert.equal(errorText(await c.call('SELECT', 'x')), 'ERR value is not an integer or out of range');
    assert.equal(errorText(await c.call('SELECT', '1.0')), 'ERR value is not an integer or out of range');
    assert.equal(errorText(await c.call('SELECT', '99999999999')),
      'ERR value is out of range, value must between -2147483648 and 2147483647');
    c.close();
  });

  it('QUIT replies OK and closes', async () => {
    const c = await RawConnection.connect(s.port);
    c.write('QUIT\r\nPING\r\n');
    assert.equal(await c.readRaw(), '+OK\r\n');
    await c.whenClosed();
  });

  it('RESET restores a fresh connection state', async () => {
    const c = await RawConnection.connect(s.port);
    await c.call('HELLO', '3');
    await c.call('SELECT', '4');
    await c.call('CLIENT', 'SETNAME', 'n');
    await c.call('CLIENT', 'SETINFO', 'LIB-NAME', 'mylib');
    await c.call('CLIENT', 'NO-EVICT', 'on');
    await c.call('CLIENT', 'NO-TOUCH', 'on');
    c.send('CLIENT', 'REPLY', 'OFF');
    c.send('RESET');
    assert.equal(await c.readRaw(), '+RESET\r\n');
    const info = str(await c.call('CLIENT', 'INFO'));
    assert.match(info, / name= /);
    assert.match(info, / db=0 /);
    assert.match(info, / flags=N /);
    assert.match(info, / resp=2 /);
    assert.match(info, / lib-name=mylib /);
    c.close();
  });
});

describe('connection commands with requirepass', () => {
  let s: Started;
  before(async () => {
    s = await startServer({ config: { requirepass: 'secret' } });
  });
  after(() => s.stop());

  it('refuses commands until AUTH, HELLO AUTH or a client library logs in', async () => {
    const c = await RawConnection.connect(s.port);
    assert.equal(errorText(await c.call('GET', 'k')), 'NOAUTH Authentication required.');
    assert.equal(await c.call('PING').catch(() => null) instanceof ReplyError, true);
    assert.match(errorText(await c.call('HELLO', '3')), /^NOAUTH HELLO must be called with the client already authenticated/);
    assert.equal(errorText(await c.call('AUTH', 'wrong')), 'WRONGPASS invalid username-password pair or user is disabled.');
    assert.equal(errorText(await c.call('AUTH', 'other', 'secret')), 'WRONGPASS invalid username-password pair or user is disabled.');
    assert.equal(await c.call('AUTH', 'secret'), 'OK');
    assert.equal(await c.call('PING'), 'PONG');
    // RESET logs the connection out again.
    assert.equal(await c.call('RESET'), 'RESET');
    assert.equal(errorText(await c.call('PING')), 'NOAUTH Authentication required.');
    const m = await c.call('HELLO', '3', 'AUTH', 'default', 'secret', 'SETNAME', 'me');
    assert.ok(m instanceof Map && m.get('proto') === 3);
    assert.equal(await c.call('CLIENT', 'GETNAME'), 'me');
    c.close();

    const r = new Redis(s.port, '127.0.0.1', { password: 'secret' });
    assert.equal(await r.ping(), 'PONG');
    r.disconnect();
    const n = createClient({ socket: { port: s.port, host: '127.0.0.1' }, password: 'secret', RESP: 3 });
    await n.connect();
    assert.equal(await n.ping(), 'PONG');
    n.destroy();
  });

  it('keeps unauthenticated requests small', async () => {
    const c = await RawConnection.connect(s.port);
    c.write('*11\r\n');
    assert.equal(errorText(await c.read()), 'ERR Protocol error: unauthenticated multibulk length');
    await c.whenClosed();
    const d = await RawConnection.connect(s.port);
    d.write('*2\r\n$16385\r\n');
    assert.equal(errorText(await d.read()), 'ERR Protocol error: unauthenticated bulk length');
    await d.whenClosed();
  });
});

describe('connection commands, differential', { skip: SKIP_NO_REDIS }, () => {
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

  it('replies byte for byte as redis-server', async () => {
    const steps: Step[] = [
      ['PING'], ['PING', 'x'], ['PING', 'a', 'b'], ['ECHO', ''], ['ECHO'],
      ['AUTH', 'x'], ['AUTH', 'default', 'x'], ['AUTH', 'u', 'p'], ['AUTH', 'a', 'b', 'c'],
      ['HELLO', '4'], ['HELLO', '0'], ['HELLO', '-1'], ['HELLO', 'three'], ['HELLO', '3', 'SETNAME'],
      ['HELLO', '3', 'AUTH', 'u'], ['HELLO', '3', 'bogus', 'x'], ['HELLO', '2', 'SETNAME', 'a\nb'],
      ['HELLO', '2', 'AUTH', 'nobody', 'x'],
      ['SELECT', '0'], ['SELECT', '16'], ['SELECT', '-5'], ['SELECT', '+1'], ['SELECT', '01'], ['SELECT', ''],
      ['SELECT', '2147483648'], ['SELECT', '-2147483649'], ['SELECT', '1', '2'],
      ['RESET', 'x'], ['RESET'], ['QUIT'],
    ];
    await assertSameReplies(s.port, r.port, steps);
  });

  it('HELLO replies with redis-server\'s bytes, but for the version and the id', async () => {
    const a = await RawConnection.connect(s.port);
    const b = await RawConnection.connect(r.port);
    const norm = (raw: string): string => raw.replace(/\$\d+\r\n\d+\.\d+\.\d+\r\n/, 'VERSION').replace(/:\d+\r\n\$4\r\nmode/, 'ID mode');
    for (const args of [['HELLO', '3'], ['HELLO'], ['HELLO', '2'], ['HELLO', '3', 'SETNAME', 'x']]) {
      a.send(...args);
      b.send(...args);
      const [ra, rb] = await Promise.all([a.readRaw(), b.readRaw()]);
      assert.equal(norm(ra), norm(rb), args.join(' '));
      assert.notEqual(norm(ra), ra);
    }
    a.close();
    b.close();
  });

  it('replies with requirepass as redis-server does', async () => {
    const a = await RawConnection.connect(s.port);
    const b = await RawConnection.connect(r.port);
    for (const c of [a, b]) assert.equal(await c.call('CONFIG', 'SET', 'requirepass', 'pw'), 'OK');
    a.close();
    b.close();
    try {
      await assertSameReplies(s.port, r.port, [
        ['PING'], ['GET', 'k'], ['HELLO'], ['HELLO', '3'], ['AUTH', 'x'], ['AUTH', 'default', 'x'],
        ['HELLO', '3', 'AUTH', 'default', 'x'], ['SELECT', '1'], ['ECHO', 'x'], ['AUTH', 'pw'], ['PING'],
        ['RESET'], ['PING'], { raw: '*11\r\n' },
      ]);
    } finally {
      for (const port of [s.port, r.port]) {
        const c = await RawConnection.connect(port);
        await c.call('AUTH', 'pw');
        await c.call('CONFIG', 'SET', 'requirepass', '');
        c.close();
      }
    }
  });
});
