// Differential comparison for commands whose replies are unordered collections (set members, a
// hashtable's fields) or random picks: each step says how to compare. `raw` steps must match byte
// for byte; `sorted` steps compare with every array's elements sorted (nested arrays too, so an
// SSCAN reply's member list is sorted); `shape` steps compare only the reply's type and length
// (random picks). Plain argv arrays are `raw`.

import assert from 'node:assert/strict';
import { RawConnection, type Started } from './helpers/server.ts';

export type CmpStep = string[] | { sorted: string[] } | { shape: string[] } | { hello: 2 | 3 };

/** Parses one RESP reply starting at `i`; returns its canonical form and the end offset. */
function canon(raw: string, i: number, sort: boolean): { s: string; end: number } {
  const t = raw[i]!;
  const eol = raw.indexOf('\r\n', i);
  const head = raw.slice(i, eol + 2);
  if (t === '$' || t === '=' || t === '!') {
    const n = Number(raw.slice(i + 1, eol));
    if (n < 0) return { s: head, end: eol + 2 };
    return { s: raw.slice(i, eol + 2 + n + 2), end: eol + 2 + n + 2 };
  }
  if (t === '*' || t === '~' || t === '%' || t === '>') {
    let n = Number(raw.slice(i + 1, eol));
    if (n < 0) return { s: head, end: eol + 2 };
    if (t === '%') n *= 2;
    const items: string[] = [];
    let p = eol + 2;
    for (let k = 0; k < n; k++) {
      const r = canon(raw, p, sort);
      items.push(r.s);
      p = r.end;
    }
    if (sort && t !== '%') items.sort();
    return { s: head + items.join(''), end: p };
  }
  return { s: head, end: eol + 2 };
}

/** The reply's type and length only (`*3`, `~2`, `$5`, `:` for any integer...). */
function shape(raw: string): string {
  const eol = raw.indexOf('\r\n');
  const t = raw[0]!;
  return t === ':' || t === ',' || t === '$' ? t : raw.slice(0, eol);
}

/** Runs the steps on both servers (one connection each) and compares as each step asks. */
export async function assertSameUnordered(respitePort: number, redisPort: number, steps: CmpStep[], label = ''): Promise<void> {
  const a = await RawConnection.connect(respitePort);
  const b = await RawConnection.connect(redisPort);
  try {
    for (const step of steps) {
      const args = Array.isArray(step) ? step : 'sorted' in step ? step.sorted : 'shape' in step ? step.shape : ['HELLO', String(step.hello)];
      a.send(...args);
      b.send(...args);
      const [ra, rb] = await Promise.all([a.readRaw(), b.readRaw()]);
      if ('hello' in step) continue;
      const desc = `${label} reply to: ${args.join(' ')}`;
      if (!Array.isArray(step) && 'shape' in step) assert.equal(shape(ra), shape(rb), desc);
      else if (!Array.isArray(step) && 'sorted' in step) assert.equal(canon(ra, 0, true).s, canon(rb, 0, true).s, desc);
      else assert.equal(ra, rb, desc);
    }
  } finally {
    a.close();
    b.close();
  }
}

/** A small seeded PRNG (mulberry32), so a failing random sequence can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `commands` on a real redis-server with notify-keyspace-events KEA and returns its keyevent
 * notifications for db 0 as `event:key`, in order.
 */
export async function realKeyEvents(port: number, commands: string[][]): Promise<string[]> {
  const sub = await RawConnection.connect(port);
  const cmd = await RawConnection.connect(port);
  try {
    await cmd.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    await sub.call('PSUBSCRIBE', '__keyevent@0__:*');
    for (const argv of commands) await cmd.call(...argv);
    await cmd.call('SET', '__end__', '1');
    const out: string[] = [];
    for (;;) {
      const m = (await sub.read()) as string[];
      if (m[3] === '__end__') return out;
      out.push(`${m[2]!.slice('__keyevent@0__:'.length)}:${m[3]!}`);
    }
  } finally {
    sub.close();
    cmd.close();
  }
}

/** Runs `commands` on Respite and returns the keyspace events KEA would publish, as `event:key`. */
export async function ourKeyEvents(s: Started, commands: string[][]): Promise<string[]> {
  const ours: string[] = [];
  // KEA: every class but keymiss ('m') and new-key ('n') events.
  const hook = (cls: string, event: string, key: string): void => {
    if (cls !== 'm' && cls !== 'n') ours.push(`${event}:${key}`);
  };
  s.server.keyspace.hooks.event.push(hook);
  const c = await RawConnection.connect(s.port);
  try {
    for (const argv of commands) await c.call(...argv);
  } finally {
    c.close();
    const hooks = s.server.keyspace.hooks.event;
    hooks.splice(hooks.indexOf(hook), 1);
  }
  return ours;
}
