// CLIENT PAUSE / UNPAUSE really hold clients back: WRITE holds writes (reads go on), ALL holds
// everything; errors are still answered at once; the pause ends on time (ManualClock + cron) or on
// UNPAUSE, and expired keys are kept while paused.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ReplyError, Verbatim, type ReplyValue } from '../src/protocol/reply-reader.ts';
import { ManualClock, RawConnection, startServer, type Started } from './helpers/server.ts';

/** A reply that must be a string (a verbatim string's text counts). */
function str(v: ReplyValue): string {
  if (v instanceof Verbatim) return v.text;
  assert.equal(typeof v, 'string');
  return v as string;
}


/** Resolves with the reply, or with 'pending' when none came within a few event-loop turns. */
const PENDING = Symbol('pending');

async function replyOrPending(p: Promise<ReplyValue>, ms = 30): Promise<ReplyValue | typeof PENDING> {
  return Promise.race([p, new Promise<typeof PENDING>((r) => setTimeout(() => r(PENDING), ms))]);
}

describe('CLIENT PAUSE', () => {
  let s: Started;
  let clock: ManualClock;
  let admin: RawConnection;
  let other: RawConnection;
  beforeEach(async () => {
    clock = new ManualClock();
    s = await startServer({ clock });
    admin = await RawConnection.connect(s.port);
    other = await RawConnection.connect(s.port);
  });
  afterEach(async () => {
    admin.close();
    other.close();
    await s.stop();
  });

  it('WRITE holds writes until the time passes, and lets reads through', async () => {
    await other.call('SET', 'k', 'old');
    assert.equal(await admin.call('CLIENT', 'PAUSE', '5000', 'WRITE'), 'OK');
    assert.equal(await other.call('GET', 'k'), 'old');
    assert.equal(await other.call('PING'), 'PONG');
    // An error is answered at once, before the pause gate.
    assert.ok((await other.call('NOSUCH')) instanceof ReplyError);
    assert.ok((await other.call('SET', 'k')) instanceof ReplyError);
    const held = other.call('SET', 'k', 'new');
    const after = other.read(); // a read queued behind the held write waits too, in order
    other.send('GET', 'k');
    assert.equal(await replyOrPending(held), PENDING);
    assert.equal(await admin.call('GET', 'k'), 'old');
    const line = str(await admin.call('CLIENT', 'LIST'));
    assert.match(line, /flags=b .* cmd=set /);
    clock.advance(4000);
    s.server.cron();
    assert.equal(await replyOrPending(held), PENDING);
    clock.advance(1001);
    s.server.cron();
    assert.equal(await held, 'OK');
    assert.equal(await after, 'new');
  });

  it('ALL holds every command, UNPAUSE releases them in order', async () => {
    assert.equal(await admin.call('CLIENT', 'PAUSE', '100000'), 'OK');
    const get = other.call('GET', 'x');
    other.send('SET', 'x', '1');
    other.send('GET', 'x');
    assert.equal(await replyOrPending(get), PENDING);
    const ping = admin.call('PING');
    assert.equal(await replyOrPending(ping), PENDING);
    // The pausing client is held too, so UNPAUSE comes from the server side here, as a timer would.
    s.server.pause.unpause();
    assert.equal(await get, null);
    assert.equal(await other.read(), 'OK');
    assert.equal(await other.read(), '1');
    assert.equal(await ping, 'PONG');
  });

  it('UNPAUSE from a client ends a WRITE pause at once', async () => {
    await admin.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    const held = other.call('INCR', 'n');
    assert.equal(await replyOrPending(held), PENDING);
    assert.equal(await admin.call('CLIENT', 'UNPAUSE'), 'OK');
    assert.equal(await held, 1);
  });

  it('a pause only grows: later end and stricter mode win', async () => {
    await admin.call('CLIENT', 'PAUSE', '10000', 'ALL');
    s.server.pause.pause(false, clock.now() + 1000);
    const held = other.call('GET', 'k');
    clock.advance(2000);
    s.server.cron();
    assert.equal(await replyOrPending(held), PENDING);
    clock.advance(8001);
    s.server.cron();
    assert.equal(await held, null);
    assert.equal(await admin.call('PING'), 'PONG');
  });

  it('keeps expired keys while paused', async () => {
    await other.call('SET', 'e', 'v', 'PX', '100');
    await admin.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    clock.advance(500);
    s.server.cron();
    assert.equal(await other.call('GET', 'e'), null); // logically expired
    assert.equal(s.server.keyspace.dbs[0]!.size, 1); // physically kept
    await admin.call('CLIENT', 'UNPAUSE');
    assert.equal(await other.call('GET', 'e'), null);
    assert.equal(s.server.keyspace.dbs[0]!.size, 0);
  });

  it('a held client closed meanwhile is forgotten', async () => {
    await admin.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    other.send('SET', 'gone', '1');
    await new Promise((r) => setTimeout(r, 20));
    other.close();
    await other.whenClosed();
    await new Promise((r) => setTimeout(r, 20));
    await admin.call('CLIENT', 'UNPAUSE');
    assert.equal(await admin.call('EXISTS', 'gone'), 0);
  });
});
