// The two buffer contracts the fast socket path relies on, without sockets: the parser copies what it
// keeps of a read buffer that is about to be reused (detach), and the reply writer lends its bytes
// in place (view) and either reuses its buffer (reset) or gives it away (handOver).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestParser } from '../src/protocol/request-parser.ts';
import { ReplyWriter } from '../src/protocol/reply-writer.ts';

/** Feeds `data` through one reused buffer in pieces of `step`, scribbling over it after each. */
function feedReused(p: RequestParser, data: Buffer, step: number): string[][] {
  const shared = Buffer.alloc(64 * 1024);
  const out: string[][] = [];
  for (let o = 0; o < data.length; o += step) {
    const n = data.copy(shared, 0, o, Math.min(data.length, o + step));
    p.feed(shared.subarray(0, n));
    for (let argv = p.next(); argv !== null; argv = p.next()) out.push(argv);
    p.detach();
    shared.fill(0x58); // 'X': what the next read of another connection would leave there
  }
  return out;
}

describe('RequestParser.detach', () => {
  const big = 'v'.repeat(40000) + 'end';
  const stream = Buffer.from('*3\r\n$3\r\nSET\r\n$5\r\nhello\r\n$5\r\nworld\r\nPING\r\nECHO "a b"\r\n' +
    `*2\r\n$4\r\nECHO\r\n$${big.length}\r\n${big}\r\n*1\r\n$4\r\nPING\r\n`, 'latin1');
  const want = [['SET', 'hello', 'world'], ['PING'], ['ECHO', 'a b'], ['ECHO', big], ['PING']];

  for (const step of [1, 2, 3, 7, 13, 100, 4096, 70000]) {
    it(`keeps partial lines, bulks and big arguments intact (pieces of ${step})`, () => {
      const p = new RequestParser(() => 512 * 1024 * 1024);
      assert.deepEqual(feedReused(p, stream, step), want);
      assert.equal(p.pending, 0);
    });
  }

  it('is a no-op for what the parser already owns (a concatenation)', () => {
    const p = new RequestParser(() => 512 * 1024 * 1024);
    p.feed(Buffer.from('*1\r\n$4\r\nPI', 'latin1'));
    assert.equal(p.next(), null);
    p.feed(Buffer.from('N', 'latin1')); // no detach in between: concatenated into a buffer of its own
    p.detach();
    p.feed(Buffer.from('G\r\n', 'latin1'));
    assert.deepEqual(p.next(), ['PING']);
  });
});

describe('ReplyWriter view / reset / handOver', () => {
  it('lends its bytes in place and reuses the buffer after reset', () => {
    const w = new ReplyWriter();
    w.ok();
    w.integer(5);
    const v = w.view();
    assert.equal(v.latin1Slice(0, v.length), '+OK\r\n:5\r\n');
    assert.equal(v.buffer, w.buf.buffer, 'no copy');
    const buf = w.buf;
    w.reset();
    assert.equal(w.len, 0);
    assert.equal(w.buf, buf);
    w.ok();
    w.integer(5);
    assert.equal(w.view(), v, 'same length, same buffer: the view is reused');
  });

  it('hands its buffer over and starts a new one, leaving the old bytes untouched', () => {
    const w = new ReplyWriter();
    w.bulk('x'.repeat(100));
    const v = w.view();
    const copy = Buffer.from(v);
    w.handOver();
    assert.equal(w.len, 0);
    assert.notEqual(w.buf.buffer === v.buffer && w.buf.byteOffset === v.byteOffset, true);
    w.bulk('y'.repeat(100));
    assert.ok(v.equals(copy), 'what libuv still sends is not overwritten');
    assert.equal(w.view().latin1Slice(0, 6), '$100\r\n');
  });

  it('drops a buffer that grew large once it is sent', () => {
    const w = new ReplyWriter();
    w.bulk('z'.repeat(200 * 1024));
    w.view();
    w.reset();
    assert.ok(w.buf.length <= 64 * 1024);
  });
});
