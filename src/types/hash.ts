// The hash type: a listpack of field, value, field, value... while small, a DenseHash (see
// dense.ts) past the limits, as Redis 7.2's t_hash.c. A listpack hash becomes a hashtable when a
// command brings more than hash-max-listpack-entries pairs or any argument longer than
// hash-max-listpack-value (checked up front, before writing), or when it grows past the entries
// limit. Nothing converts back. Listpack order is insertion order, and an update keeps the field's
// place.

import { Listpack } from '../encoding/listpack.ts';
import { DenseHash } from './dense.ts';
import { registerDuplicator } from './duplicate.ts';
import { RObject } from './object.ts';
import type { SizeModel } from './set.ts';
import type { ScanCursors } from '../store/scan.ts';

/** The hash-max-listpack-* options, read once per command. */
export interface HashLimits {
  listpackEntries: number;
  listpackValue: number;
}

const LIMITS: HashLimits = { listpackEntries: 512, listpackValue: 64 };

/** The current limits from a server's config values (one shared object, refreshed per call). */
export function hashLimits(values: object): HashLimits {
  const v = values as Record<string, unknown>;
  LIMITS.listpackEntries = Number(v['hash-max-listpack-entries']);
  LIMITS.listpackValue = Number(v['hash-max-listpack-value']);
  return LIMITS;
}

export function createHash(lru: number): RObject {
  return new RObject('hash', 'listpack', new Listpack(), lru);
}

export function hashLength(o: RObject): number {
  if (o.enc === 'hashtable') return (o.value as DenseHash).size;
  return (o.value as Listpack).length >> 1;
}

/** Offset of field f's entry in a listpack hash, or -1. */
function lpFindField(lp: Listpack, f: string): number {
  const p = lp.first();
  return p < 0 ? -1 : lp.find(p, f, 1);
}

/**
 * Redis's hashTypeTryConversion over argv[start..end] (field/value arguments): converts a listpack
 * hash that is about to receive too many pairs or too long a string.
 */
export function hashTryConversion(o: RObject, argv: readonly string[], start: number, end: number, lim: HashLimits): void {
  if (o.enc !== 'listpack') return;
  if (Math.floor((end - start + 1) / 2) > lim.listpackEntries) {
    toHashtable(o);
    return;
  }
  for (let i = start; i <= end; i++) {
    if (argv[i]!.length > lim.listpackValue) {
      toHashtable(o);
      return;
    }
  }
}

/** Sets field f to v; true when f existed (an update). Converts as Redis's hashTypeSet. */
export function hashSet(o: RObject, f: string, v: string, lim: HashLimits): boolean {
  if (o.enc === 'listpack' && (f.length > lim.listpackValue || v.length > lim.listpackValue)) toHashtable(o);
  if (o.enc === 'hashtable') return (o.value as DenseHash).set(f, v);
  const lp = o.value as Listpack;
  const p = lpFindField(lp, f);
  if (p >= 0) {
    lp.replace(lp.next(p), v);
    return true;
  }
  lp.append(f);
  lp.append(v);
  if (lp.length >> 1 > lim.listpackEntries) toHashtable(o);
  return false;
}

/** New pairs of one hashSetPairs call, reused so a call allocates nothing. */
const pending: string[] = [];

/**
 * Sets the pairs argv[start], argv[start + 1], ... (HSET, HMSET) after hashTryConversion ran over
 * them; returns how many fields are new. Same result as hashSet pair by pair, but a listpack gets
 * all its new pairs in one write: existing fields are replaced in place, new ones (a field repeated
 * in the command keeps its last value) are appended together at the end.
 */
export function hashSetPairs(o: RObject, argv: readonly string[], start: number, lim: HashLimits): number {
  let created = 0;
  if (o.enc === 'hashtable') {
    for (let i = start; i < argv.length; i += 2) if (!hashSet(o, argv[i]!, argv[i + 1]!, lim)) created++;
    return created;
  }
  const lp = o.value as Listpack;
  // Setting an array's length goes through a runtime accessor: only when there is something to drop.
  if (pending.length !== 0) pending.length = 0;
  for (let i = start; i < argv.length; i += 2) {
    const f = argv[i]!;
    const v = argv[i + 1]!;
    if (f.length > lim.listpackValue || v.length > lim.listpackValue) {
      // hashTryConversion already looked at these; only a caller that skipped it gets here.
      lp.appendMany(pending);
      pending.length = 0;
      toHashtable(o);
      return created + hashSetPairs(o, argv, i, lim);
    }
    const p = lpFindField(lp, f);
    if (p >= 0) {
      lp.replace(lp.next(p), v);
      continue;
    }
    let j = 0;
    while (j < pending.length && pending[j] !== f) j += 2;
    if (j < pending.length) {
      pending[j + 1] = v;
    } else {
      pending.push(f, v);
      created++;
    }
  }
  if (pending.length !== 0) {
    lp.appendMany(pending);
    pending.length = 0;
  }
  if (lp.length >> 1 > lim.listpackEntries) toHashtable(o);
  return created;
}

/** The value of field f, or undefined. */
export function hashGet(o: RObject, f: string): string | undefined {
  if (o.enc === 'hashtable') return (o.value as DenseHash).get(f);
  const lp = o.value as Listpack;
  const p = lpFindField(lp, f);
  return p < 0 ? undefined : lp.get(lp.next(p));
}

export function hashExists(o: RObject, f: string): boolean {
  if (o.enc === 'hashtable') return (o.value as DenseHash).has(f);
  return lpFindField(o.value as Listpack, f) >= 0;
}

/** Deletes field f; false when absent. */
export function hashDelete(o: RObject, f: string): boolean {
  if (o.enc === 'hashtable') return (o.value as DenseHash).delete(f);
  const lp = o.value as Listpack;
  const p = lpFindField(lp, f);
  if (p < 0) return false;
  lp.deleteRangeAt(p, 2);
  return true;
}

/** Fields and values as parallel arrays, in iteration order (copies: safe to keep). */
export function hashEntries(o: RObject): { fields: string[]; values: string[] } {
  if (o.enc === 'hashtable') {
    const d = o.value as DenseHash;
    return { fields: d.fields.slice(), values: d.values.slice() };
  }
  const lp = o.value as Listpack;
  const fields: string[] = [];
  const values: string[] = [];
  for (let p = lp.first(); p >= 0; p = lp.next(lp.next(p))) {
    fields.push(lp.get(p));
    values.push(lp.get(lp.next(p)));
  }
  return { fields, values };
}

/**
 * One HSCAN step: a hashtable is walked through the keyspace's cursor table, `count` fields at a
 * time; a listpack hands out everything at once with cursor 0, as Redis's.
 */
export function hashScan(o: RObject, scans: ScanCursors, cursor: bigint, count: number, visit: (f: string, v: string) => void): bigint {
  if (o.enc === 'hashtable') {
    const d = o.value as DenseHash;
    return scans.scan(d.index, cursor, count, (f: string, i: number) => visit(f, d.values[i]!));
  }
  const { fields, values } = hashEntries(o);
  for (let i = 0; i < fields.length; i++) visit(fields[i]!, values[i]!);
  return 0n;
}

/** A uniformly chosen [field, value] (the hash must not be empty). */
export function hashRandomPair(o: RObject): [string, string] {
  if (o.enc === 'hashtable') {
    const d = o.value as DenseHash;
    const i = d.randomSlot();
    return [d.fields[i]!, d.values[i]!];
  }
  const lp = o.value as Listpack;
  const p = lp.seek(2 * Math.floor(Math.random() * (lp.length >> 1)));
  return [lp.get(p), lp.get(lp.next(p))];
}

/**
 * Visits `count` pairs picked uniformly with replacement (HRANDFIELD with a negative count); the
 * visitor returns false to stop early. A listpack is read once instead of walked per pick.
 */
export function hashRandomPairs(o: RObject, count: number, visit: (f: string, v: string) => boolean): void {
  const { fields, values } = o.enc === 'hashtable' ? (o.value as DenseHash) : hashEntries(o);
  const n = fields.length;
  for (let i = 0; i < count; i++) {
    const j = Math.floor(Math.random() * n);
    if (!visit(fields[j]!, values[j]!)) return;
  }
}

/**
 * `count` distinct pairs, 0 < count < length (HRANDFIELD with a positive count): a listpack is
 * sampled in stored order in one pass; otherwise Redis copies everything and removes random pairs
 * when count is over a third of the hash, else picks until it has count distinct fields.
 */
export function hashSampleUnique(o: RObject, count: number): { fields: string[]; values: string[] } {
  const n = hashLength(o);
  if (o.enc === 'listpack' || count * 3 > n) {
    const all = hashEntries(o);
    if (o.enc === 'listpack') {
      const fields: string[] = [];
      const values: string[] = [];
      let k = count;
      for (let i = 0; i < n && k > 0; i++) {
        if (Math.random() * (n - i) < k) {
          fields.push(all.fields[i]!);
          values.push(all.values[i]!);
          k--;
        }
      }
      return { fields, values };
    }
    let m = n;
    while (m > count) {
      const i = Math.floor(Math.random() * m);
      m--;
      all.fields[i] = all.fields[m]!;
      all.values[i] = all.values[m]!;
    }
    all.fields.length = count;
    all.values.length = count;
    return all;
  }
  const d = o.value as DenseHash;
  const seen = new Set<number>();
  const fields: string[] = [];
  const values: string[] = [];
  while (fields.length < count) {
    const i = d.randomSlot();
    if (seen.has(i)) continue;
    seen.add(i);
    fields.push(d.fields[i]!);
    values.push(d.values[i]!);
  }
  return { fields, values };
}

function toHashtable(o: RObject): void {
  const { fields, values } = hashEntries(o);
  const d = new DenseHash();
  for (let i = 0; i < fields.length; i++) d.set(fields[i]!, values[i]!);
  o.value = d;
  o.enc = 'hashtable';
}

/** A deep copy in the same encoding (COPY). */
export function duplicateHash(o: RObject, lru: number): RObject {
  const v = o.enc === 'hashtable' ? (o.value as DenseHash).clone() : (o.value as Listpack).clone();
  return new RObject('hash', o.enc, v, lru);
}

registerDuplicator('hash', duplicateHash);

const ROBJ = 16;
const DICT = 56;
const DICT_ENTRY = 24;

/**
 * Estimated bytes of a hash value in Redis's terms (MEMORY USAGE): the listpack blob, or the dict,
 * its buckets and per field an entry plus two sds strings, averaged over the first `samples`
 * fields (0 = all) as Redis's objectComputeSize does.
 */
export function hashMemoryUsage(o: RObject, samples: number, sizes: SizeModel): number {
  if (o.enc === 'listpack') return ROBJ + sizes.alloc((o.value as Listpack).bytes);
  const d = o.value as DenseHash;
  const n = d.size;
  let buckets = 4;
  while (buckets < n) buckets *= 2;
  const take = samples <= 0 ? n : Math.min(samples, n);
  let sum = 0;
  for (let i = 0; i < take; i++) sum += DICT_ENTRY + sizes.sds(d.fields[i]!.length) + sizes.sds(d.values[i]!.length);
  const perElement = take === 0 ? 0 : sum / take;
  return ROBJ + DICT + sizes.alloc(buckets * 8) + Math.round(perElement * n);
}
