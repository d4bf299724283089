// Time as commands see it: one snapshot per command (its lookups agree), a fresh one for the next
// command even inside one pipelined batch, as Redis takes the time per command.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Clock } from '../src/store/keyspace.ts';
import { RawConnection, startServer } from './helpers/server.ts';

/** A clock that moves 1 ms forward every time it is read. */
class TickingClock implements Clock {
  t = Date.UTC(2026, 0, 1);
  reads = 0;
  now(): number {
    this.reads++;
    return this.t++;
  }
}

describe('time per command', () => {
  it('lets a key expire between two commands of the same pipelined batch', async () => {
    const clock = new TickingClock();
    const s = await startServer({ clock });
    try {
      const c = await RawConnection.connect(s.port);
      // One write: the server parses all of it in one batch.
      c.write('*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nPX\r\n$1\r\n3\r\n' + '*1\r\n$4\r\nPING\r\n'.repeat(4) +
        '*2\r\n$3\r\nGET\r\n$1\r\nk\r\n');
      assert.equal(await c.read(), 'OK');
      for (let i = 0; i < 4; i++) assert.equal(await c.read(), 'PONG');
      assert.equal(await c.read(), null);
      c.close();
    } finally {
      await s.stop();
    }
  });

  it('reads the clock once per command, however many lookups it makes', async () => {
    const clock = new TickingClock();
    const s = await startServer({ clock });
    try {
      const c = await RawConnection.connect(s.port);
      await c.call('MSET', 'a', '1', 'b', '2', 'c', '3');
      await c.call('PEXPIRE', 'a', '100000');
      const readsFor = async (...keys: string[]): Promise<number> => {
        const before = clock.reads;
        c.send('MGET', ...keys);
        await c.read();
        return clock.reads - before;
      };
      // The batch's bookkeeping reads it too (last interaction, output limits), but no lookup does.
      assert.equal(await readsFor('a', 'b', 'c', 'a', 'b', 'c'), await readsFor('a'));
      c.close();
    } finally {
      await s.stop();
    }
  });
});
