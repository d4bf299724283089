// Every protocol error, differential: the same bytes go to Respite and to the real redis-server;
// both must send the same reply bytes (including replies to commands before the bad one) and then
// close the connection.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SKIP_NO_REDIS, startRealRedis, type RealRedis } from './helpers/real-redis.ts';
import { startServer, type Started } from './helpers/server.ts';

/** Sends the bytes and returns everything received until the server closes (or a timeout). */
async function sendUntilClose(port: number, data: string): Promise<{ reply: string; closed: boolean }> {
  const sock = net.connect(port, '127.0.0.1');
  await new Promise((r) => sock.once('connect', r));
  let reply = '';
  sock.on('data', (d: Buffer) => (reply += d.toString('latin1')));
  sock.on('error', () => {});
  const closed = new Promise<boolean>((resolve) => {
    sock.once('close', () => resolve(true));
    setTimeout(() => resolve(false), 3000).unref();
  });
  sock.write(Buffer.from(data, 'latin1'));
  const wasClosed = await closed;
  sock.destroy();
  return { reply, closed: wasClosed };
}

const LONG = 70 * 1024;

const CASES: [string, string][] = [
  ['invalid multibulk length', '*x\r\n'],
  ['multibulk length past INT_MAX', '*2147483648\r\n'],
  ['multibulk count -0', '*-0\r\n'],
  ['multibulk count with +', '*+1\r\n'],
  ['multibulk count with leading zero', '*01\r\n'],
  ['multibulk count out of int64', '*-9223372036854775809\r\n'],
  ['invalid bulk length', '*1\r\n$x\r\n'],
  ['negative bulk length', '*1\r\n$-1\r\n'],
  ['bulk length with leading zero', '*1\r\n$04\r\nPING\r\n'],
  ['bulk length past proto-max-bulk-len', '*1\r\n$1048577\r\n'],
  ["expected '$'", '*1\r\nx3\r\n'],
  ["expected '$', got a newline", '*1\r\r\n$4\r\nPING\r\n'],
  ["expected '$' in the second argument", '*2\r\n$4\r\nECHO\r\n:1\r\n'],
  ['unbalanced double quotes', 'ECHO "abc\r\n'],
  ['closing quote followed by a letter', "ECHO 'a'b\r\n"],
  ['escaped closing quote', 'ECHO "abc\\"\r\n'],
  ['too big inline request', 'x'.repeat(LONG)],
  // A NUL before the line end hides it, as strchr does in Redis: the request waits until too big.
  ['NUL in an inline request', 'PING\r\nECHO a\x00b\r\nPING\r\n' + 'x\r\n'.repeat(LONG / 3)],
  ['NUL in a multibulk count', '*1\x00\r\n$4\r\nPING\r\n' + 'x'.repeat(LONG)],
  ['NUL in a bulk count', '*1\r\n$4\x00\r\nPING\r\n' + 'x'.repeat(LONG)],
  ['too big mbulk count string', '*' + '1'.repeat(LONG)],
  ['too big bulk count string', '*1\r\n$' + '1'.repeat(LONG)],
  ['commands before the error are answered', 'PING\r\n*1\r\n$4\r\nECHO\r\n' + encode('ECHO', 'x') + '*x\r\nPING\r\n'],
  ['the two bytes after a bulk are not checked', '*2\r\n$4\r\nECHO\r\n$1\r\nxYZ*1\r\n$4\r\nPING\r\n*?\r\n'],
  ['negative and empty counts are skipped', '*-1\r\n*0\r\nPING\r\n*1\r\n$q\r\n'],
  // Not compared: after CLIENT REPLY SKIP (or OFF) with nothing else pending, redis-server drops the
  // error reply and then never closes, since only a pending write triggers the close. We close.
  ['CLIENT REPLY OFF drops the error reply too', 'PING\r\nCLIENT REPLY OFF\r\n*x\r\n'],
];

function encode(...argv: string[]): string {
  let s = `*${argv.length}\r\n`;
  for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
  return s;
}

/** Sends the bytes and returns what came back within a short while, and whether the server closed. */
async function sendAndWait(port: number, data: string): Promise<{ reply: string; closed: boolean }> {
  const sock = net.connect(port, '127.0.0.1');
  await new Promise((r) => sock.once('connect', r));
  let reply = '';
  let closed = false;
  sock.on('data', (d: Buffer) => (reply += d.toString('latin1')));
  sock.on('close', () => (closed = true));
  sock.on('error', () => {});
  sock.write(Buffer.from(data, 'latin1'));
  await new Promise((r) => setTimeout(r, 150));
  sock.destroy();
  return { reply, closed };
}

describe('protocol errors, differential', { skip: SKIP_NO_REDIS }, () => {
  let s: Started;
  let r: RealRedis;
  before(async () => {
    s = await startServer({ config: { protoMaxBulkLen: 1024 * 1024 } });
    r = await startRealRedis(['--proto-max-bulk-len', '1mb']);
  });
  after(async () => {
    await s.stop();
    await r.stop();
  });

  for (const [name, data] of CASES) {
    it(name, async () => {
      const [ours, theirs] = await Promise.all([sendUntilClose(s.port, data), sendUntilClose(r.port, data)]);
      assert.equal(theirs.closed, true, 'redis-server closes');
      assert.equal(ours.closed, true, 'Respite closes');
      assert.equal(ours.reply, theirs.reply);
      if (!name.startsWith('CLIENT REPLY')) assert.match(ours.reply, /-ERR Protocol error: [^\r]*\r\n$/);
    });
  }

  for (const [name, data] of [
    ['HTTP POST', 'PING\r\nPOST / HTTP/1.1\r\nPING\r\n'],
    ['HTTP Host: header', 'GET / HTTP/1.1\r\nHost: example.com\r\n\r\n'],
    ['Host: as multibulk', '*1\r\n$5\r\nhOST:\r\n'],
  ]) {
    it(`${name}: the connection is dropped, pending replies unsent`, async () => {
      const [ours, theirs] = await Promise.all([sendUntilClose(s.port, data!), sendUntilClose(r.port, data!)]);
      assert.equal(theirs.closed, true);
      assert.equal(ours.closed, true);
      assert.equal(ours.reply, theirs.reply);
    });
  }

  it('a long count line that has its CR but not yet its LF keeps waiting, as in Redis', async () => {
    for (const data of ['PING\r\n*' + '1'.repeat(LONG) + '\r', 'PING\r\n*1\r\n$' + '1'.repeat(LONG) + '\r']) {
      const [ours, theirs] = await Promise.all([sendAndWait(s.port, data), sendAndWait(r.port, data)]);
      assert.deepEqual(ours, theirs);
      assert.deepEqual(ours, { reply: '+PONG\r\n', closed: false });
    }
  });

  it('a bulk of exactly proto-max-bulk-len is accepted by both', async () => {
    const data = encode('SET', 'k', 'v'.repeat(1024 * 1024)) + 'GET x\r\n*x\r\n';
    const [ours, theirs] = await Promise.all([sendUntilClose(s.port, data), sendUntilClose(r.port, data)]);
    assert.equal(ours.reply, theirs.reply);
    assert.ok(ours.reply.startsWith('+OK\r\n$-1\r\n'));
  });
});
