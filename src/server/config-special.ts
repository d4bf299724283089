// Options with a syntax of their own (Redis's "special" configs): dir, save, bind, replicaof,
// client-output-buffer-limit, oom-score-adj-values, notify-keyspace-events and
// latency-tracking-info-percentiles. Each parses its arguments into a typed value, formats it for
// CONFIG GET, and gives the lines CONFIG REWRITE writes.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDouble } from '../util/numbers.ts';
import type { OutputLimit } from './config.ts';
import { formatMemoryForFile, formatPercentile, parseMemory, parseStrtoll, strerror, type Parsed } from './config-parse.ts';
import { repr } from '../util/repr.ts';

export interface RewriteLine {
  line: string;
  force: boolean;
}

export interface Special {
  /** `current` is the value being replaced (client-output-buffer-limit changes only the classes named). */
  parse(args: string[], current: unknown): Parsed;
  format(value: unknown): string;
  /** The lines CONFIG REWRITE writes, each forced when it differs from the default; [] writes none. */
  rewrite(name: string, value: unknown, def: unknown): RewriteLine[];
}

type Limits = { normal: OutputLimit; replica: OutputLimit; pubsub: OutputLimit };

const CLASS_BY_NAME: Record<string, keyof Limits> = { normal: 'normal', slave: 'replica', replica: 'replica', pubsub: 'pubsub' };

export const DEFAULT_OUTPUT_LIMITS: Limits = {
  normal: { hard: 0, soft: 0, softSeconds: 0 },
  replica: { hard: 256 * 1024 * 1024, soft: 64 * 1024 * 1024, softSeconds: 60 },
  pubsub: { hard: 32 * 1024 * 1024, soft: 8 * 1024 * 1024, softSeconds: 60 },
};

/** Keyspace event classes, as bits, in the order Redis prints them. */
export const NOTIFY = {
  g: 1 << 2, $: 1 << 3, l: 1 << 4, s: 1 << 5, h: 1 << 6, z: 1 << 7, x: 1 << 8, e: 1 << 9, t: 1 << 10,
  d: 1 << 12, n: 1 << 14, K: 1 << 0, E: 1 << 1, m: 1 << 11,
} as const;
const NOTIFY_ALL = NOTIFY.g | NOTIFY.$ | NOTIFY.l | NOTIFY.s | NOTIFY.h | NOTIFY.z | NOTIFY.x | NOTIFY.e | NOTIFY.t | NOTIFY.d;

/** Parses notify-keyspace-events flags; null on an unknown class character. */
export function parseNotifyFlags(s: string): number | null {
  let f = 0;
  for (const ch of s) {
    if (ch === 'A') f |= NOTIFY_ALL;
    else if (ch in NOTIFY) f |= NOTIFY[ch as keyof typeof NOTIFY];
    else return null;
  }
  return f;
}

export function formatNotifyFlags(f: number): string {
  let out = '';
  if ((f & NOTIFY_ALL) === NOTIFY_ALL) out = 'A';
  else for (const ch of 'g$lshzxetdn') if ((f & NOTIFY[ch as keyof typeof NOTIFY]) !== 0) out += ch;
  for (const ch of 'KEm') if ((f & NOTIFY[ch as keyof typeof NOTIFY]) !== 0) out += ch;
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const dir: Special = {
  parse(args) {
    if (args.length !== 1) return { error: 'wrong number of arguments' };
    const path = resolve(args[0]!);
    try {
      if (!statSync(path).isDirectory()) return { error: 'Not a directory' };
    } catch (e) {
      return { error: strerror(e) };
    }
    return { value: path };
  },
  format: (v) => v as string,
  rewrite: (name, v) => [{ line: `${name} ${repr(v as string)}`, force: true }],
};

const save: Special = {
  parse(args) {
    const a = args.length === 1 && args[0] === '' ? [] : args;
    if (a.length % 2 !== 0) return { error: 'Invalid save parameters' };
    const out: [number, number][] = [];
    for (let j = 0; j < a.length; j += 2) {
      const secs = parseStrtoll(a[j]!);
      const changes = parseStrtoll(a[j + 1]!);
      if (secs === null || changes === null || secs < 1n || changes < 0n) return { error: 'Invalid save parameters' };
      out.push([Number(secs), Number(changes)]);
    }
    return { value: out };
  },
  format: (v) => (v as [number, number][]).map(([s, c]) => `${s} ${c}`).join(' '),
  rewrite(name, v) {
    const list = v as [number, number][];
    if (list.length === 0) return [{ line: `${name} ""`, force: true }];
    return list.map(([s, c]) => ({ line: `${name} ${s} ${c}`, force: true }));
  },
};

const outputLimits: Special = {
  parse(args, current) {
    if (args.length % 4 !== 0) return { error: 'Wrong number of arguments in buffer limit configuration.' };
    const next = structuredClone((current ?? DEFAULT_OUTPUT_LIMITS) as Limits);
    for (let j = 0; j < args.length; j += 4) {
      const cls = CLASS_BY_NAME[args[j]!.toLowerCase()];
      if (cls === undefined) return { error: 'Invalid client class specified in buffer limit configuration.' };
      const hard = parseMemory(args[j + 1]!);
      const soft = parseMemory(args[j + 2]!);
      const secs = parseStrtoll(args[j + 3]!);
      if (hard === null || soft === null || secs === null || secs < 0n) {
        return { error: 'Error in hard, soft or soft_seconds setting in buffer limit configuration.' };
      }
      next[cls] = { hard: Number(hard), soft: Number(soft), softSeconds: Number(secs) };
    }
    return { value: next };
  },
  format(v) {
    const l = v as Limits;
    const one = (n: string, o: OutputLimit): string => `${n} ${o.hard} ${o.soft} ${o.softSeconds}`;
    return `${one('normal', l.normal)} ${one('slave', l.replica)} ${one('pubsub', l.pubsub)}`;
  },
  rewrite(name, v) {
    const l = v as Limits;
    return (['normal', 'replica', 'pubsub'] as const).map((cls) => ({
      line: `${name} ${cls} ${formatMemoryForFile(l[cls].hard)} ${formatMemoryForFile(l[cls].soft)} ${l[cls].softSeconds}`,
      force: !same(l[cls], DEFAULT_OUTPUT_LIMITS[cls]),
    }));
  },
};

const oomValues: Special = {
  parse(args) {
    if (args.length !== 3) return { error: 'wrong number of arguments' };
    const out: number[] = [];
    for (const a of args) {
      const v = parseStrtoll(a);
      if (v === null || v < -2000n || v > 2000n) {
        return { error: 'Invalid oom-score-adj-values, elements must be between -2000 and 2000.' };
      }
      out.push(Number(v));
    }
    return { value: out };
  },
  format: (v) => (v as number[]).join(' '),
  rewrite: (name, v, def) => [{ line: `${name} ${(v as number[]).join(' ')}`, force: !same(v, def) }],
};

const notify: Special = {
  parse(args) {
    if (args.length !== 1) return { error: 'wrong number of arguments' };
    const f = parseNotifyFlags(args[0]!);
    return f === null ? { error: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'." } : { value: f };
  },
  format: (v) => formatNotifyFlags(v as number),
  rewrite: (name, v) => [{ line: `${name} ${repr(formatNotifyFlags(v as number))}`, force: v !== 0 }],
};

const bind: Special = {
  parse(args) {
    if (args.length > 16) return { error: 'Too many bind addresses specified.' };
    return { value: args.length === 1 && args[0] === '' ? [] : [...args] };
  },
  format: (v) => (v as string[]).join(' '),
  rewrite(name, v, def) {
    if (same(v, def)) return [];
    const list = v as string[];
    return [{ line: `${name} ${list.length > 0 ? list.join(' ') : '""'}`, force: true }];
  },
};

const replicaof: Special = {
  parse(args) {
    if (args.length !== 2) return { error: 'wrong number of arguments' };
    if (args[0]!.toLowerCase() === 'no' && args[1]!.toLowerCase() === 'one') return { value: '' };
    const port = parseStrtoll(args[1]!);
    if (port === null || port < 0n || port > 65535n || args[1] === '') return { error: 'Invalid master port' };
    return { value: `${args[0]!} ${port}` };
  },
  format: (v) => v as string,
  rewrite: (name, v) => (v === '' ? [] : [{ line: `${name} ${v as string}`, force: true }]),
};

const percentiles: Special = {
  parse(args) {
    const a = args.length === 1 && args[0] === '' ? [] : args;
    const out: number[] = [];
    for (const s of a) {
      const d = parseDouble(s);
      if (d === null) return { error: 'Invalid latency-tracking-info-percentiles parameters' };
      if (d > 100 || d < 0) return { error: 'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]' };
      out.push(d);
    }
    return { value: out };
  },
  format: (v) => (v as number[]).map(formatPercentile).join(' '),
  rewrite(name, v) {
    const list = v as number[];
    return [{ line: list.length === 0 ? `${name} ""` : `${name} ${list.map(formatPercentile).join(' ')}`, force: true }];
  },
};

export const SPECIAL: Record<string, Special> = {
  dir,
  save,
  'client-output-buffer-limit': outputLimits,
  'oom-score-adj-values': oomValues,
  'notify-keyspace-events': notify,
  bind,
  replicaof,
  'latency-tracking-info-percentiles': percentiles,
};
