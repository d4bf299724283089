// client-output-buffer-limit for subscribers (the `pubsub` class): a subscriber that stops reading
// is disconnected past the hard limit, or after staying over the soft limit for its seconds, and
// the output held for it never grows much past the limit.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '../src/server/client.ts';
import { ManualClock, RawConnection, startServer, type Started } from './helpers/server.ts';

const MESSAGE = 'm'.repeat(64 * 1024);

describe('pub/sub output buffer limits', () => {
  let s: Started;
  let pub: RawConnection;
  const clock = new ManualClock();

  before(async () => {
    s = await startServer({ clock });
    pub = await RawConnection.connect(s.port);
  });
  after(async () => {
    pub.close();
    await s.stop();
  });

  /** A subscriber to `channel` that then stops reading its socket; returns it and its server-side client. */
  async function stalledSubscriber(channel: string): Promise<{ conn: RawConnection; client: Client }> {
    const conn = await RawConnection.connect(s.port);
    await conn.call('SUBSCRIBE', channel);
    const client = [...s.server.clients.values()].find((c) => c.pubsub?.channels.has(channel) === true)!;
    conn.socket.pause();
    return { conn, client };
  }

  it('the hard limit disconnects a subscriber that does not read; its pending output stays bounded', async () => {
    await pub.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 256kb 0 0');
    const before = s.server.stats.clientOutputBufferLimitDisconnections;
    const { conn, client } = await stalledSubscriber('flood');
    let peak = 0;
    let delivered = 0;
    // One at a time, so the peak is observed after every message. The kernel takes a few MB first.
    for (let i = 0; i < 2000 && !client.closing; i++) {
      delivered += (await pub.call('PUBLISH', 'flood', MESSAGE)) as number;
      peak = Math.max(peak, client.outputBytes);
    }
    assert.ok(client.closing, `still connected after ${delivered} messages`);
    assert.ok(peak < 256 * 1024 + 2 * MESSAGE.length, `peak ${peak}`);
    assert.equal(s.server.stats.clientOutputBufferLimitDisconnections, before + 1);
    assert.equal(s.server.clients.has(client.id), false);
    assert.equal(s.server.pubsub.channels.has('flood'), false);
    assert.equal(await pub.call('PUBLISH', 'flood', 'x'), 0);
    conn.close();
  });

  it('the soft limit disconnects only after its seconds have passed over it', async () => {
    await pub.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 0 128kb 10');
    const { conn, client } = await stalledSubscriber('soft');
    for (let i = 0; i < 2000 && client.outputBytes < 128 * 1024; i++) await pub.call('PUBLISH', 'soft', MESSAGE);
    assert.ok(client.outputBytes >= 128 * 1024);
    await pub.call('PUBLISH', 'soft', 'x'); // over the soft limit now, and the clock starts
    s.server.cron();
    assert.equal(client.closing, false);
    clock.advance(5000);
    s.server.cron();
    assert.equal(client.closing, false);
    clock.advance(7000);
    s.server.cron();
    assert.equal(client.closing, true);
    conn.close();
  });

  it('a subscriber under the limits is left alone and gets everything', async () => {
    await pub.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 32mb 8mb 60');
    const { conn, client } = await stalledSubscriber('calm');
    for (let i = 0; i < 20; i++) await pub.call('PUBLISH', 'calm', MESSAGE);
    assert.equal(client.closing, false);
    conn.socket.resume();
    for (let i = 0; i < 20; i++) assert.equal(((await conn.read()) as string[])[2]!.length, MESSAGE.length);
    conn.close();
  });
});
