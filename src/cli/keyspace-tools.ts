// --stat, --scan, --bigkeys and --memkeys, in redis-cli's formats.

import type { CliConnection } from './connection.ts';
import { quote } from './format.ts';
import { err, out, sleep } from './io.ts';
import type { RunContext } from './oneshot.ts';
import type { Typed } from './typed-reply.ts';

function infoField(info: string, field: string): number | null {
  const m = new RegExp(`(?:^|\\r?\\n)${field}:(-?\\d+)`).exec(info);
  return m === null ? null : Number(m[1]);
}

/** redis-cli's bytesToHuman: B, then K, M, G, T, P with two decimals. */
export function bytesToHuman(n: number): string {
  const sign = n < 0 ? '-' : '';
  const v = Math.abs(n);
  const units = ['K', 'M', 'G', 'T', 'P'];
  if (v < 1024) return `${sign}${v}B`;
  let d = v / 1024;
  let u = 0;
  while (d >= 1024 && u < units.length - 1) {
    d /= 1024;
    u++;
  }
  return `${sign}${d.toFixed(2)}${units[u]}`;
}

function text(r: Typed): string {
  return 's' in r ? r.s : '';
}

export async function statMode(ctx: RunContext): Promise<number> {
  let requests = 0;
  for (let i = 0; ; i++) {
    const r = await ctx.conn.call(['INFO']);
    if (r.t === 'error') {
      err(`ERROR: ${r.s}\n`);
      return 1;
    }
    const info = text(r);
    if (i % 20 === 0) {
      out('------- data ------ --------------------- load -------------------- - child -\n' +
        'keys       mem      clients blocked requests            connections          \n');
    }
    let keys = 0;
    for (const m of info.matchAll(/^db\d+:keys=(\d+)/gm)) keys += Number(m[1]);
    const total = infoField(info, 'total_commands_processed') ?? 0;
    let line = String(keys).padEnd(11);
    line += bytesToHuman(infoField(info, 'used_memory') ?? 0).padEnd(8);
    line += ' ' + String(infoField(info, 'connected_clients') ?? 0).padEnd(8);
    line += String(infoField(info, 'blocked_clients') ?? 0).padEnd(8);
    line += `${total} (+${requests === 0 ? 0 : total - requests})`.padEnd(19);
    requests = total;
    line += ' ' + String(infoField(info, 'total_connections_received') ?? 0).padEnd(12);
    const child = (infoField(info, 'rdb_bgsave_in_progress') ?? 0) | ((infoField(info, 'aof_rewrite_in_progress') ?? 0) << 1) |
      ((infoField(info, 'loading') ?? 0) << 2);
    line += ['', 'SAVE', 'AOF', 'SAVE+AOF', 'LOAD'][child] ?? '';
    out(`${line}\n`);
    await sleep((ctx.opts.interval ?? 1) * 1000);
  }
}

/** SCAN through the keyspace, a batch at a time. */
async function* scanKeys(conn: CliConnection, pattern: string, count: number | null): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const args = ['SCAN', cursor];
    if (pattern !== '*') args.push('MATCH', pattern);
    if (count !== null) args.push('COUNT', String(count));
    const r = await conn.call(args);
    if (r.t === 'error') throw new Error(r.s);
    if (r.t !== 'array' || r.items.length !== 2) throw new Error('unexpected SCAN reply');
    cursor = text(r.items[0]!);
    const keys = r.items[1]!;
    yield keys.t === 'array' ? keys.items.map(text) : [];
  } while (cursor !== '0');
}

export async function scanMode(ctx: RunContext): Promise<number> {
  try {
    for await (const keys of scanKeys(ctx.conn, ctx.opts.pattern, ctx.opts.count)) {
      for (const k of keys) out(ctx.mode === 'tty' ? `${quote(k)}\n` : `${k}\n`);
      if (ctx.opts.interval !== null && ctx.opts.interval > 0) await sleep(ctx.opts.interval * 1000);
    }
  } catch (e) {
    err(`Error: ${(e as Error).message}\n`);
    return 1;
  }
  return 0;
}

// The types in the order redis-cli's summary lists them, with their size command and unit.
const TYPES: { name: string; sizeCmd: string; unit: string }[] = [
  { name: 'list', sizeCmd: 'LLEN', unit: 'items' },
  { name: 'hash', sizeCmd: 'HLEN', unit: 'fields' },
  { name: 'string', sizeCmd: 'STRLEN', unit: 'bytes' },
  { name: 'stream', sizeCmd: 'XLEN', unit: 'entries' },
  { name: 'set', sizeCmd: 'SCARD', unit: 'members' },
  { name: 'zset', sizeCmd: 'ZCARD', unit: 'members' },
];

const pct2 = (x: number): string => x.toFixed(2).padStart(5, '0');

export async function bigKeysMode(ctx: RunContext, memory: boolean): Promise<number> {
  const conn = ctx.conn;
  const dbsize = await conn.call(['DBSIZE']);
  const total = dbsize.t === 'int' ? Number(dbsize.s) : 0;
  out('\n# Scanning the entire keyspace to find biggest keys as well as\n' +
    '# average sizes per key type.  You can use -i 0.1 to sleep 0.1 sec\n' +
    '# per 100 SCAN commands (not usually needed).\n\n');
  const stats = new Map(TYPES.map((t) => [t.name, { count: 0, sum: 0, biggest: -1, key: '' }]));
  let sampled = 0;
  let keyBytes = 0;
  let scans = 0;
  try {
    for await (const keys of scanKeys(conn, ctx.opts.pattern, ctx.opts.count)) {
      const types = await Promise.all(keys.map((k) => conn.call(['TYPE', k])));
      const sizes = await Promise.all(keys.map((k, i) => {
        const t = TYPES.find((x) => x.name === text(types[i]!));
        if (t === undefined) return Promise.resolve(null);
        if (memory) {
          const args = ['MEMORY', 'USAGE', k];
          if (ctx.opts.memkeysSamples !== null) args.push('SAMPLES', String(ctx.opts.memkeysSamples));
          return conn.call(args);
        }
        return conn.call([t.sizeCmd, k]);
      }));
      // Progress counts the keys sampled before this SCAN batch.
      const done = total === 0 ? 0 : (100 * sampled) / total;
      for (let i = 0; i < keys.length; i++) {
        const t = TYPES.find((x) => x.name === text(types[i]!));
        const sz = sizes[i];
        if (t === undefined || sz === null || sz === undefined) continue;
        const size = sz.t === 'int' ? Number(sz.s) : 0;
        const st = stats.get(t.name)!;
        sampled++;
        keyBytes += keys[i]!.length;
        st.count++;
        st.sum += size;
        if (size > st.biggest) {
          st.biggest = size;
          st.key = keys[i]!;
          out(`[${pct2(done)}%] Biggest ${t.name.padEnd(6)} found so far '${quote(keys[i]!)}' with ${size} ${memory ? 'bytes' : t.unit}\n`);
        }
      }
      if (++scans % 100 === 0 && ctx.opts.interval !== null && ctx.opts.interval > 0) await sleep(ctx.opts.interval * 1000);
    }
  } catch (e) {
    err(`Error: ${(e as Error).message}\n`);
    return 1;
  }
  out('\n-------- summary -------\n\n');
  out(`Sampled ${sampled} keys in the keyspace!\n`);
  out(`Total key length in bytes is ${keyBytes} (avg len ${(sampled === 0 ? 0 : keyBytes / sampled).toFixed(2)})\n\n`);
  for (const t of TYPES) {
    const st = stats.get(t.name)!;
    if (st.biggest >= 0) out(`Biggest ${t.name.padStart(6)} found '${quote(st.key)}' has ${st.biggest} ${memory ? 'bytes' : t.unit}\n`);
  }
  out('\n');
  for (const t of TYPES) {
    const st = stats.get(t.name)!;
    const share = sampled === 0 ? 0 : (100 * st.count) / sampled;
    const avg = st.count === 0 ? 0 : st.sum / st.count;
    out(`${st.count} ${t.name}s with ${st.sum} ${memory ? 'bytes' : t.unit} (${pct2(share)}% of keys, avg size ${avg.toFixed(2)})\n`);
  }
  return 0;
}
