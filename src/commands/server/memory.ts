// MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP. Sizes are estimates in the terms of
// Redis's own accounting (jemalloc size classes, sds headers, a 24-byte dict entry per key), so that
// a string key reports what Redis reports for it.

import { ERR_NOT_INTEGER, ERR_SYNTAX } from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import { LOOKUP_NOTOUCH } from '../../store/database.ts';
import { hashMemoryUsage } from '../../types/hash.ts';
import { listMemoryUsage } from '../../types/list.ts';
import type { RObject } from '../../types/object.ts';
import { setMemoryUsage, type SizeModel } from '../../types/set.ts';
import { zsetMemoryUsage } from '../../types/zset.ts';
import { fullGc } from '../../util/full-gc.ts';
import { parseInteger } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';
import { infoString } from './info.ts';

/** jemalloc's size class for an allocation of n bytes (16-byte quantum, 4 classes per doubling). */
export function allocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return Math.ceil(n / 16) * 16;
  const pow = 2 ** Math.floor(Math.log2(n - 1));
  const step = pow / 4;
  return Math.ceil(n / step) * step;
}

/** Bytes of an sds string of len bytes: header by size, the bytes, the NUL. */
export function sdsSize(len: number): number {
  const hdr = len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : 9;
  return allocSize(hdr + len + 1);
}

const ROBJ = 16;
const DICT_ENTRY = 24;
/** Redis's OBJ_COMPUTE_SIZE_DEF_SAMPLES: how many elements of a big aggregate are measured. */
const DEFAULT_SAMPLES = 5;
const SIZES: SizeModel = { alloc: allocSize, sds: sdsSize };

/**
 * Estimated bytes of a value object, in Redis's terms. Big aggregates are estimated from `samples`
 * elements (0 = all of them), as Redis's objectComputeSize does.
 */
export function objectSize(o: RObject, samples = DEFAULT_SAMPLES): number {
  switch (o.type) {
    case 'hash':
      return hashMemoryUsage(o, samples, SIZES);
    case 'set':
      return setMemoryUsage(o, samples, SIZES);
    case 'zset':
      return zsetMemoryUsage(o, samples, SIZES);
    case 'list':
      return listMemoryUsage(o, samples, SIZES);
    default:
      break;
  }
  if (o.type === 'string') {
    if (o.enc === 'int') return ROBJ;
    const len = typeof o.value === 'string' ? o.value.length : String(o.value).length;
    return o.enc === 'embstr' ? allocSize(ROBJ + 3 + len + 1) : ROBJ + sdsSize(len);
  }
  const v = o.value;
  if (v instanceof Uint8Array) return ROBJ + allocSize(v.byteLength);
  if (v instanceof Map || v instanceof Set) return ROBJ + 64 + v.size * (DICT_ENTRY + 16);
  if (Array.isArray(v)) return ROBJ + 64 + v.length * 16;
  return ROBJ + 64;
}

/** MEMORY USAGE key [SAMPLES count] */
function memoryUsageCommand(c: Client, argv: string[]): void {
  let samples = DEFAULT_SAMPLES;
  for (let j = 3; j < argv.length; j++) {
    if (argv[j]!.toLowerCase() === 'samples' && j + 1 < argv.length) {
      const n = parseInteger(argv[j + 1]!);
      if (n === null) {
        c.w.error(ERR_NOT_INTEGER);
        return;
      }
      if (n < 0) {
        c.w.error(ERR_SYNTAX);
        return;
      }
      samples = n;
      j++;
    } else {
      c.w.error(ERR_SYNTAX);
      return;
    }
  }
  const key = argv[2]!;
  const o = c.db.lookupView(key, LOOKUP_NOTOUCH);
  if (o === undefined) {
    c.w.nullBulk();
    return;
  }
  c.w.integer(objectSize(o, samples) + sdsSize(key.length) + DICT_ENTRY);
}

/** MEMORY STATS: the memory figures of INFO memory, as a map. */
function memoryStatsCommand(c: Client): void {
  const text = infoString(c.server, new Set(['memory']));
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) fields.set(line.slice(0, i), line.slice(i + 1));
  }
  const num = (k: string): number => Number(fields.get(k) ?? 0);
  const keys = c.server.keyspace.totalKeys();
  const dataset = num('used_memory_dataset');
  const pairs: [string, number][] = [
    ['peak.allocated', num('used_memory_peak')],
    ['total.allocated', num('used_memory')],
    ['startup.allocated', num('used_memory_startup')],
    ['replication.backlog', 0],
    ['clients.slaves', 0],
    ['clients.normal', num('mem_clients_normal')],
    ['cluster.links', 0],
    ['aof.buffer', 0],
    ['lua.caches', 0],
    ['functions.caches', 0],
    ['overhead.total', num('used_memory_overhead')],
    ['keys.count', keys],
    ['keys.bytes-per-key', keys === 0 ? 0 : Math.floor(dataset / keys)],
    ['dataset.bytes', dataset],
  ];
  c.w.map(pairs.length);
  for (const [k, v] of pairs) {
    c.w.bulk(k);
    c.w.integer(v);
  }
}

/** MEMORY DOCTOR */
function memoryDoctorCommand(c: Client): void {
  const keys = c.server.keyspace.totalKeys();
  c.w.verbatim(keys === 0
    ? 'This instance holds no data, so there is nothing for the memory doctor to examine yet.'
    : 'No memory problems were detected in this instance.');
}

/** MEMORY MALLOC-STATS */
function memoryMallocStatsCommand(c: Client): void {
  c.w.verbatim('Stats not supported for the current allocator');
}

/** MEMORY PURGE: a full garbage collection, so that the heap's free pages go back to the system. */
function memoryPurgeCommand(c: Client): void {
  fullGc();
  c.w.ok();
}

/** MEMORY HELP */
function memoryHelpCommand(c: Client): void {
  c.w.help('MEMORY', [
    'DOCTOR',
    '    Report memory problems, if any.',
    'MALLOC-STATS',
    '    Report statistics of the memory allocator (not available in Respite).',
    'PURGE',
    '    Ask the allocator to release memory (in Respite: a full garbage collection).',
    'STATS',
    '    Report how the server uses memory, as a map.',
    'USAGE <key> [SAMPLES <count>]',
    '    Estimate the bytes <key> and its value use. Aggregates are sampled up to <count>',
    '    elements (default 5, 0 for all).',
  ]);
}

export const handlers: Record<string, Handler> = {
  'memory|usage': memoryUsageCommand,
  'memory|stats': memoryStatsCommand,
  'memory|doctor': memoryDoctorCommand,
  'memory|malloc-stats': memoryMallocStatsCommand,
  'memory|purge': memoryPurgeCommand,
  'memory|help': memoryHelpCommand,
};
