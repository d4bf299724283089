// The dispatcher's own guarantees: a handler that throws (a bug of ours) costs the client one error
// reply, never a hung or desynchronised connection, and the server logs the stack.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ReplyError } from '../src/protocol/reply-reader.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';

describe('dispatcher', () => {
  let s: Started;
  const logged: string[] = [];
  before(async () => {
    s = await startServer({ log: (line) => logged.push(line) });
    const echo = s.server.table.get('echo')!;
    // Simulate a bug: ECHO writes half a reply, then throws.
    Object.defineProperty(echo, 'handler', {
      value: (c: { w: { array(n: number): void } }) => {
        c.w.array(2);
        throw new RangeError('boom');
      },
    });
  });
  after(() => s.stop());

  it('turns a throwing handler into an error reply and keeps the connection in step', async () => {
    const c = await RawConnection.connect(s.port);
    c.send('ECHO', 'x');
    c.send('PING');
    const r = await c.read();
    assert.ok(r instanceof ReplyError);
    assert.equal(r.message, "ERR internal error while running 'echo' (see the server log)");
    assert.equal(await c.read(), 'PONG');
    assert.ok(logged.some((l) => l.includes("Internal error in 'echo'") && l.includes('RangeError: boom')));
    const stats = s.server.table.get('echo')!.stats;
    assert.equal(stats.failed, 1);
    c.close();
  });
});
