// One client described as a CLIENT LIST / CLIENT INFO line, with Redis 7.2's fields in Redis 7.2's
// order. Also used in log lines (output buffer limits, protocol errors), as Redis does.

import type { Client } from './client.ts';
import { multiMemory } from './multi.ts';
import { trackingFlagLetters } from './tracking.ts';

/** What a Client object and its parser cost beyond the buffers counted separately (an estimate). */
const CLIENT_OVERHEAD = 2048;
/** Node reads sockets into 64 KiB buffers: the counterpart of Redis's read buffer size (rbs). */
const READ_BUFFER_SIZE = 65536;

/** Redis's client flag letters, in Redis's order; N when none applies. */
export function clientFlags(c: Client): string {
  let f = '';
  if (c.monitor) f += 'O';
  if (c.type === 'replica') f += 'S';
  if (c.type === 'master') f += 'M';
  if (c.subs + c.psubs + c.ssubs > 0) f += 'P';
  if (c.multi >= 0) f += 'x';
  if (c.blocked) f += 'b';
  if (c.tracking) f += 't' + trackingFlagLetters(c);
  if (c.dirtyCas) f += 'd';
  if (c.closeAfterReply) f += 'c';
  if (c.closing) f += 'A';
  if (c.conn.kind === 'unix') f += 'U';
  if (c.noEvict) f += 'e';
  if (c.noTouch) f += 'T';
  return f === '' ? 'N' : f;
}

function argvBytes(argv: readonly string[] | null): number {
  if (argv === null) return 0;
  let n = 0;
  for (const a of argv) n += a.length;
  return n;
}

/**
 * The CLIENT LIST line for c, without the trailing newline. `argv`: the arguments of the command c
 * is running, when c is the caller (a blocked client's come from its wait, as Redis keeps them).
 */
export function clientInfoString(c: Client, argv: readonly string[] | null = null): string {
  const now = c.server.clock.now();
  const qbuf = c.parser.pending;
  const argvMem = argvBytes(argv ?? c.bstate?.argv ?? c.postponed);
  const pending = c.conn.pendingBytes;
  const omem = pending + c.w.len;
  const totMem = CLIENT_OVERHEAD + qbuf + argvMem + c.w.buf.length + pending;
  // r while we read the socket (not during backpressure), w while output waits for it.
  const events = (c.outputPaused ? '' : 'r') + (pending > 0 ? 'w' : '');
  const cmd = c.lastCommand === null ? 'NULL' : c.lastCommand.fullName;
  return `id=${c.id} addr=${c.conn.remoteAddress} laddr=${c.conn.localAddress} fd=${c.conn.fd} ` +
    `name=${c.name} age=${Math.floor((now - c.createdAt) / 1000)} ` +
    `idle=${Math.floor((now - c.lastInteraction) / 1000)} flags=${clientFlags(c)} db=${c.db.id} ` +
    `sub=${c.subs} psub=${c.psubs} ssub=${c.ssubs} multi=${c.multi} qbuf=${qbuf} qbuf-free=0 ` +
    `argv-mem=${argvMem} multi-mem=${multiMemory(c)} rbs=${READ_BUFFER_SIZE} rbp=${c.readPeak} obl=${c.w.len} ` +
    `oll=${pending > 0 ? 1 : 0} omem=${omem} tot-mem=${totMem} events=${events} cmd=${cmd} ` +
    `user=${c.user} redir=${c.trackingRedirect} resp=${c.resp} lib-name=${c.libName} lib-ver=${c.libVer}`;
}

