// The set type: picks and converts encodings as Redis 7.2's t_set.c does, and hides them from the
// commands. Payloads: `intset` the intset string itself, replaced on every change (canonical int64
// members only; see encoding/intset.ts), `listpack` a Listpack of members (small sets of strings,
// new in 7.2), `hashtable` a DenseSet (see dense.ts).
//
// Conversions (only upwards, except where a command builds a new set: SPOP's "keep the rest"
// strategy and the STORE commands):
// - a new set is an intset when its first member is an integer and the size hint (the number of
//   members the command brings) is within set-max-intset-entries, else a listpack within
//   set-max-listpack-entries, else a hashtable;
// - an intset past set-max-intset-entries (capped at 2^30) becomes a hashtable; a non-integer
//   member turns it into a listpack when it has fewer than set-max-listpack-entries members and
//   neither the new member nor the longest integer is longer than set-max-listpack-value, else
//   into a hashtable;
// - a listpack becomes a hashtable when a member would exceed either listpack limit;
// - SADD converts up front when it brings more members than the current encoding may hold.

import {
  INTSET_EMPTY, intsetAdd, intsetAddMany, intsetBlobLen, intsetFind, intsetGet, intsetLength, intsetMax, intsetMin,
  intsetRandom, intsetRemove, parseIntsetValue, type IntValue,
} from '../encoding/intset.ts';
import { Listpack } from '../encoding/listpack.ts';
import { DenseSet } from './dense.ts';
import { registerDuplicator } from './duplicate.ts';
import { RObject } from './object.ts';
import type { ScanCursors } from '../store/scan.ts';

/** The set-max-* options, read once per command. */
export interface SetLimits {
  intsetEntries: number;
  listpackEntries: number;
  listpackValue: number;
}

const LIMITS: SetLimits = { intsetEntries: 512, listpackEntries: 128, listpackValue: 64 };

/** The current limits from a server's config values (one shared object, refreshed per call). */
export function setLimits(values: object): SetLimits {
  const v = values as Record<string, unknown>;
  LIMITS.intsetEntries = Number(v['set-max-intset-entries']);
  LIMITS.listpackEntries = Number(v['set-max-listpack-entries']);
  LIMITS.listpackValue = Number(v['set-max-listpack-value']);
  return LIMITS;
}

/** Redis caps intsets at 2^30 members whatever the option says. */
function intsetCap(lim: SetLimits): number {
  return Math.min(lim.intsetEntries, 1 << 30);
}

/** An empty set of the encoding Redis's setTypeCreate picks for `first` and a size hint. */
export function createSet(first: string, sizeHint: number, lim: SetLimits, lru: number): RObject {
  if (sizeHint <= lim.intsetEntries && parseIntsetValue(first) !== null) return createIntsetSet(lru);
  if (sizeHint <= lim.listpackEntries) return new RObject('set', 'listpack', new Listpack(), lru);
  return new RObject('set', 'hashtable', new DenseSet(), lru);
}

export function createIntsetSet(lru: number): RObject {
  return new RObject('set', 'intset', INTSET_EMPTY, lru);
}

export function createListpackSet(lru: number): RObject {
  return new RObject('set', 'listpack', new Listpack(), lru);
}

/** SADD's up-front conversion when it brings more members than the encoding may hold. */
export function setMaybeConvert(o: RObject, sizeHint: number, lim: SetLimits): void {
  if ((o.enc === 'listpack' && sizeHint > lim.listpackEntries) || (o.enc === 'intset' && sizeHint > lim.intsetEntries)) {
    toHashtable(o);
  }
}

export function setSize(o: RObject): number {
  if (o.enc === 'hashtable') return (o.value as DenseSet).size;
  if (o.enc === 'listpack') return (o.value as Listpack).length;
  return intsetLength(o.value as string);
}

function intString(v: IntValue): string {
  return typeof v === 'number' ? String(v) : v.toString();
}

/** Adds m; false when already a member. Converts the encoding as Redis does. */
export function setAdd(o: RObject, m: string, lim: SetLimits): boolean {
  if (o.enc === 'hashtable') return (o.value as DenseSet).add(m);
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    const p = lp.first();
    if (p >= 0 && lp.find(p, m) >= 0) return false;
    if (lp.length < lim.listpackEntries && m.length <= lim.listpackValue) {
      lp.append(m);
    } else {
      toHashtable(o);
      (o.value as DenseSet).add(m);
    }
    return true;
  }
  const is = o.value as string;
  const v = parseIntsetValue(m);
  if (v !== null) {
    const next = intsetAdd(is, v);
    if (next === is) return false;
    o.value = next;
    if (intsetLength(next) > intsetCap(lim)) toHashtable(o);
    return true;
  }
  const n = intsetLength(is);
  const longest = n === 0 ? 0 : Math.max(intString(intsetMin(is)!).length, intString(intsetMax(is)!).length);
  if (n < lim.listpackEntries && m.length <= lim.listpackValue && longest <= lim.listpackValue) {
    toListpack(o);
    (o.value as Listpack).append(m);
  } else {
    toHashtable(o);
    (o.value as DenseSet).add(m);
  }
  return true;
}

/**
 * Adds argv[from..] (SADD's members) and returns how many were new. An intset receiving only
 * integers that all fit within set-max-intset-entries is rebuilt once; anything else goes member by
 * member through setAdd, whose conversions depend on the order of the members.
 */
export function setAddMany(o: RObject, argv: readonly string[], from: number, lim: SetLimits): number {
  if (o.enc === 'intset' && argv.length - from > 1) {
    const is = o.value as string;
    const values = new Array<IntValue>(argv.length - from);
    let ok = intsetLength(is) + values.length <= intsetCap(lim);
    for (let j = from; ok && j < argv.length; j++) {
      const v = parseIntsetValue(argv[j]!);
      if (v === null) ok = false;
      else values[j - from] = v;
    }
    if (ok) {
      const next = intsetAddMany(is, values);
      o.value = next;
      return intsetLength(next) - intsetLength(is);
    }
  }
  let added = 0;
  for (let j = from; j < argv.length; j++) if (setAdd(o, argv[j]!, lim)) added++;
  return added;
}

/** Removes m; false when it was not a member. Never converts. */
export function setRemove(o: RObject, m: string): boolean {
  if (o.enc === 'hashtable') return (o.value as DenseSet).delete(m);
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    const p = lp.first();
    if (p < 0) return false;
    const q = lp.find(p, m);
    if (q < 0) return false;
    lp.delete(q);
    return true;
  }
  const v = parseIntsetValue(m);
  if (v === null) return false;
  const is = o.value as string;
  const next = intsetRemove(is, v);
  if (next === is) return false;
  o.value = next;
  return true;
}

export function setHas(o: RObject, m: string): boolean {
  if (o.enc === 'hashtable') return (o.value as DenseSet).has(m);
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    const p = lp.first();
    return p >= 0 && lp.find(p, m) >= 0;
  }
  const v = parseIntsetValue(m);
  return v !== null && intsetFind(o.value as string, v);
}

/** Every member in the encoding's iteration order (intset ascending, listpack stored order). */
export function setMembers(o: RObject): string[] {
  if (o.enc === 'hashtable') return (o.value as DenseSet).members.slice();
  if (o.enc === 'listpack') return (o.value as Listpack).toArray();
  const is = o.value as string;
  const n = intsetLength(is);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = intString(intsetGet(is, i));
  return out;
}

/**
 * One SSCAN step: a hashtable is walked through the keyspace's cursor table, `count` members at a
 * time; the compact encodings hand out everything at once with cursor 0, as Redis's.
 */
export function setScan(o: RObject, scans: ScanCursors, cursor: bigint, count: number, visit: (m: string) => void): bigint {
  if (o.enc === 'hashtable') return scans.scan((o.value as DenseSet).index, cursor, count, visit);
  for (const m of setMembers(o)) visit(m);
  return 0n;
}

/** A uniformly chosen member (the set must not be empty). */
export function setRandomMember(o: RObject): string {
  if (o.enc === 'hashtable') return (o.value as DenseSet).random();
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    return lp.get(lp.seek(Math.floor(Math.random() * lp.length)));
  }
  return intString(intsetRandom(o.value as string)!);
}

/** Removes and returns a uniformly chosen member (the set must not be empty). */
export function setPopRandom(o: RObject): string {
  if (o.enc === 'hashtable') return (o.value as DenseSet).popRandom();
  if (o.enc === 'listpack') {
    const lp = o.value as Listpack;
    const p = lp.seek(Math.floor(Math.random() * lp.length));
    const m = lp.get(p);
    lp.delete(p);
    return m;
  }
  const is = o.value as string;
  const v = intsetRandom(is)!;
  o.value = intsetRemove(is, v);
  return intString(v);
}

/** If every member is an integer and there are few enough, re-encodes as an intset (SINTERSTORE). */
export function setMaybeToIntset(o: RObject, lim: SetLimits): void {
  if (o.enc === 'intset' || setSize(o) > intsetCap(lim)) return;
  const members = setMembers(o);
  const values = new Array<IntValue>(members.length);
  for (let i = 0; i < members.length; i++) values[i] = parseIntsetValue(members[i]!)!;
  o.value = intsetAddMany(INTSET_EMPTY, values);
  o.enc = 'intset';
}

function toHashtable(o: RObject): void {
  const d = new DenseSet();
  for (const m of setMembers(o)) d.add(m);
  o.value = d;
  o.enc = 'hashtable';
}

function toListpack(o: RObject): void {
  const is = o.value as string;
  const lp = new Listpack();
  const n = intsetLength(is);
  for (let i = 0; i < n; i++) {
    const v = intsetGet(is, i);
    lp.append(typeof v === 'number' ? v : v.toString());
  }
  o.value = lp;
  o.enc = 'listpack';
}

/** A deep copy in the same encoding (COPY). */
export function duplicateSet(o: RObject, lru: number): RObject {
  let v: unknown;
  if (o.enc === 'hashtable') v = (o.value as DenseSet).clone();
  else if (o.enc === 'listpack') v = (o.value as Listpack).clone();
  else v = o.value; // the intset string is immutable: both keys can hold it
  return new RObject('set', o.enc, v, lru);
}

registerDuplicator('set', duplicateSet);

/** The allocator's view of sizes, supplied by the caller (MEMORY USAGE knows jemalloc's classes). */
export interface SizeModel {
  /** Bytes an allocation of n bytes really takes. */
  alloc(n: number): number;
  /** Bytes of an sds string of n bytes. */
  sds(n: number): number;
}

const ROBJ = 16;
const DICT = 56;
const DICT_ENTRY = 24;

/**
 * Estimated bytes of a set value in Redis's terms (MEMORY USAGE): the blob for intset/listpack; for
 * a hashtable the dict, its bucket array and per member an entry and an sds, averaged over the
 * first `samples` members (0 = all) as Redis's objectComputeSize does.
 */
export function setMemoryUsage(o: RObject, samples: number, sizes: SizeModel): number {
  if (o.enc === 'intset') return ROBJ + sizes.alloc(intsetBlobLen(o.value as string));
  if (o.enc === 'listpack') return ROBJ + sizes.alloc((o.value as Listpack).bytes);
  const d = o.value as DenseSet;
  const n = d.size;
  let buckets = 4;
  while (buckets < n) buckets *= 2;
  const take = samples <= 0 ? n : Math.min(samples, n);
  let sum = 0;
  for (let i = 0; i < take; i++) sum += DICT_ENTRY + sizes.sds(d.members[i]!.length);
  const perElement = take === 0 ? 0 : sum / take;
  return ROBJ + DICT + sizes.alloc(buckets * 8) + Math.round(perElement * n);
}
