// Which arguments of a command line are keys, and how the command uses them: Redis's key-spec
// walk (begin_search index/keyword, find_keys range/keynum), with Redis's fallbacks to per-command
// extractors where a command's specs cannot be trusted (variable flags, incomplete or unknown
// specs, or a spec that fails on this argument list). COMMAND GETKEYS/GETKEYSANDFLAGS use it;
// cluster slot checks, client tracking and ACL key permissions are meant to reuse it.
//
// `argv` is the whole command line, name first (for a subcommand: container, subcommand, ...), so
// positions are the same as in the key specs.

import type { CommandFacts, KeySpec } from './command.ts';
import { parseInteger } from '../util/numbers.ts';

/** A key argument: its position in argv and the key-spec flags describing its use. */
export interface KeyRef {
  pos: number;
  flags: readonly string[];
}

/** What the key-spec walk found: keys, or `null` when a spec did not fit the arguments. */
type SpecResult = KeyRef[] | null;

/** A command-specific extractor, used when the key specs cannot answer. */
type Extractor = (argv: readonly string[]) => KeyRef[];

const RW_ACCESS_UPDATE = ['RW', 'access', 'update'];
const RO_ACCESS = ['RO', 'access'];
const NO_FLAGS: readonly string[] = [];

interface Plan {
  /** The command has at least one spec that is a real key (not `not_key`), or an extractor. */
  hasKeys: boolean;
  /** The specs are usable: some real key spec and no `variable_flags` spec. */
  trustSpecs: boolean;
  extractor: Extractor | undefined;
}

const plans = new WeakMap<CommandFacts, Plan>();

function planFor(cmd: CommandFacts): Plan {
  let p = plans.get(cmd);
  if (p === undefined) {
    const realKey = cmd.key_specs.some((k) => !k.flags.includes('not_key'));
    const varFlags = cmd.key_specs.some((k) => k.flags.includes('variable_flags'));
    const extractor = EXTRACTORS[cmd.name];
    p = { hasKeys: realKey || extractor !== undefined, trustSpecs: realKey && !varFlags, extractor };
    plans.set(cmd, p);
  }
  return p;
}

/** True when the command can take key arguments at all (COMMAND GETKEYS refuses the others). */
export function commandHasKeys(cmd: CommandFacts): boolean {
  return planFor(cmd).hasKeys;
}

/**
 * The keys of a command line, as Redis finds them: the specs when they are trustworthy and fit,
 * otherwise the command's own extractor. An empty result means "no keys could be found" (for a
 * command that needs keys, the command itself will report a syntax error).
 */
export function extractKeys(cmd: CommandFacts, argv: readonly string[]): KeyRef[] {
  const p = planFor(cmd);
  if (p.trustSpecs) {
    const r = keysFromSpecs(cmd, argv, false, false);
    if (r !== null) return r;
  }
  return p.extractor !== undefined ? p.extractor(argv) : [];
}

/**
 * Walks the key specs. `includeNotKeys` also returns `not_key` arguments (shard channels);
 * `partial` skips specs that do not fit instead of failing the whole walk.
 */
export function keysFromSpecs(
  cmd: CommandFacts,
  argv: readonly string[],
  includeNotKeys: boolean,
  partial: boolean,
): SpecResult {
  const out: KeyRef[] = [];
  for (const spec of cmd.key_specs) {
    if (!includeNotKeys && spec.flags.includes('not_key')) continue;
    const ok = specKeys(spec, argv, cmd.arity, out);
    if (ok === 'skip') continue;
    if (ok === 'invalid' || spec.flags.includes('incomplete')) {
      if (partial) continue;
      return null;
    }
  }
  return out;
}

/** Adds one spec's keys to `out`; 'skip' when its keyword is absent, 'invalid' when it does not fit. */
function specKeys(spec: KeySpec, argv: readonly string[], arity: number, out: KeyRef[]): 'ok' | 'skip' | 'invalid' {
  const argc = argv.length;
  const bs = spec.begin_search.spec;
  let first = 0;
  if (spec.begin_search.type === 'index') {
    first = bs.index as number;
  } else if (spec.begin_search.type === 'keyword') {
    first = findKeyword(argv, bs.keyword as string, bs.startfrom as number);
    if (first === 0) return 'skip';
  } else {
    return 'invalid';
  }

  const fk = spec.find_keys.spec;
  let last: number;
  let step: number;
  if (spec.find_keys.type === 'range') {
    const lastkey = fk.lastkey as number;
    const limit = fk.limit as number;
    step = fk.keystep as number;
    if (lastkey >= 0) last = first + lastkey;
    else if (limit === 0) last = argc + lastkey;
    else last = first + (Math.trunc((argc - first) / limit) + lastkey);
  } else if (spec.find_keys.type === 'keynum') {
    const keynumidx = fk.keynumidx as number;
    step = fk.keystep as number;
    if (keynumidx >= argc || first + keynumidx >= argc) return 'invalid';
    const numkeys = parseInteger(argv[first + keynumidx]!);
    if (numkeys === null || numkeys < 0) return 'invalid';
    first += fk.firstkey as number;
    last = first + numkeys - 1;
  } else {
    return 'invalid';
  }

  if (last >= argc || last < first || first >= argc) return 'invalid';
  for (let i = first; i <= last; i += step) {
    // Only commands of variable arity can get here with too few arguments; they report the error.
    if (i >= argc) {
      if (arity < 0) continue;
      break;
    }
    out.push({ pos: i, flags: spec.flags });
  }
  return 'ok';
}

/** The position after the keyword, searching forward from startfrom (or backward when negative); 0 if absent. */
function findKeyword(argv: readonly string[], keyword: string, startfrom: number): number {
  const argc = argv.length;
  const start = startfrom > 0 ? startfrom : argc + startfrom;
  const end = startfrom > 0 ? argc - 1 : 1;
  const kw = keyword.toLowerCase();
  for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
    if (i >= argc || i < 1) break;
    if (argv[i]!.toLowerCase() === kw) return i + 1;
  }
  return 0;
}

/** C atoi: optional leading whitespace and sign, then digits up to the first non-digit; 0 if none. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)/.exec(s);
  if (m === null) return 0;
  const n = Number(m[1]);
  // atoi's behaviour past int range is undefined; clamp to keep "too many keys" checks meaningful.
  return Math.max(-2147483648, Math.min(2147483647, n));
}

/**
 * Keys counted by an argument (EVAL, ZUNION...): `num` keys from `firstKeyOfs`, plus an optional
 * destination key at `storeKeyOfs`, listed last. No flags: Redis's own extractor gives none.
 */
function countedKeys(storeKeyOfs: number, keyCountOfs: number, firstKeyOfs: number): Extractor {
  return (argv) => {
    const num = atoi(argv[keyCountOfs] ?? '');
    if (num < 1 || num > argv.length - firstKeyOfs) return [];
    const keys: KeyRef[] = [];
    for (let i = 0; i < num; i++) keys.push({ pos: firstKeyOfs + i, flags: NO_FLAGS });
    if (storeKeyOfs > 0) keys.push({ pos: storeKeyOfs, flags: NO_FLAGS });
    return keys;
  };
}

const eq = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b;

/** SET: the key is read too when GET is given. */
function setKeys(argv: readonly string[]): KeyRef[] {
  for (let i = 3; i < argv.length; i++) {
    if (eq(argv[i], 'get')) return [{ pos: 1, flags: RW_ACCESS_UPDATE }];
  }
  return [{ pos: 1, flags: ['OW', 'update'] }];
}

/** BITFIELD: read-only when every operation is a GET (or OVERFLOW); any doubt means write. */
function bitfieldKeys(argv: readonly string[]): KeyRef[] {
  let readonly = true;
  for (let i = 2; i < argv.length; i++) {
    const rem = argv.length - i - 1;
    const a = argv[i]!.toLowerCase();
    if (a === 'get' && rem >= 2) i += 2;
    else if (a === 'overflow' && rem >= 1) i += 1;
    else {
      readonly = false;
      break;
    }
  }
  return [{ pos: 1, flags: readonly ? RO_ACCESS : RW_ACCESS_UPDATE }];
}

/** MIGRATE: the single key, or the KEYS list (only when the single-key argument is empty). */
function migrateKeys(argv: readonly string[]): KeyRef[] {
  let first = 3;
  let num = 1;
  const skips: Record<string, number> = { copy: 0, replace: 0, auth: 1, auth2: 2 };
  if (argv.length > 6) {
    for (let i = 6; i < argv.length; i++) {
      const a = argv[i]!.toLowerCase();
      if (a === 'keys') {
        if (argv[3]!.length > 0) return [];
        first = i + 1;
        num = argv.length - first;
        break;
      }
      i += skips[a] ?? 0;
    }
  }
  const keys: KeyRef[] = [];
  for (let i = 0; i < num; i++) keys.push({ pos: first + i, flags: ['RW', 'access', 'delete'] });
  return keys;
}

/** SORT: the sorted key, and the last STORE destination (BY/GET patterns are not keys). */
function sortKeys(argv: readonly string[]): KeyRef[] {
  const keys: KeyRef[] = [{ pos: 1, flags: RO_ACCESS }];
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!.toLowerCase();
    if (a === 'limit') i += 2;
    else if (a === 'get' || a === 'by') i += 1;
    else if (a === 'store' && i + 1 < argv.length) store = i + 1;
  }
  if (store > 0) keys.push({ pos: store, flags: ['OW', 'update'] });
  return keys;
}

/** XREAD/XREADGROUP: half of what follows STREAMS (the other half are IDs). */
function xreadKeys(argv: readonly string[]): KeyRef[] {
  let streams = -1;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!.toLowerCase();
    if (a === 'block' || a === 'count') i++;
    else if (a === 'group') i += 2;
    else if (a === 'noack') continue;
    else {
      if (a === 'streams') streams = i;
      break;
    }
  }
  const n = argv.length - streams - 1;
  if (streams === -1 || n === 0 || n % 2 !== 0) return [];
  const keys: KeyRef[] = [];
  for (let i = 0; i < n / 2; i++) keys.push({ pos: streams + 1 + i, flags: RO_ACCESS });
  return keys;
}

/** GEORADIUS[BYMEMBER]: the source key and any STORE/STOREDIST destination. */
function georadiusKeys(argv: readonly string[]): KeyRef[] {
  const keys: KeyRef[] = [{ pos: 1, flags: RO_ACCESS }];
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    if ((eq(argv[i], 'store') || eq(argv[i], 'storedist')) && i + 1 < argv.length) store = i + 1;
  }
  if (store > 0) keys.push({ pos: store, flags: ['OW', 'update'] });
  return keys;
}

/** The commands whose key positions need their own reading, as in Redis. */
const EXTRACTORS: Record<string, Extractor> = {
  set: setKeys,
  bitfield: bitfieldKeys,
  migrate: migrateKeys,
  sort: sortKeys,
  sort_ro: () => [{ pos: 1, flags: RO_ACCESS }],
  xread: xreadKeys,
  xreadgroup: xreadKeys,
  georadius: georadiusKeys,
  georadiusbymember: georadiusKeys,
  eval: countedKeys(0, 2, 3),
  evalsha: countedKeys(0, 2, 3),
  eval_ro: countedKeys(0, 2, 3),
  evalsha_ro: countedKeys(0, 2, 3),
  fcall: countedKeys(0, 2, 3),
  fcall_ro: countedKeys(0, 2, 3),
  sintercard: countedKeys(0, 1, 2),
  zdiff: countedKeys(0, 1, 2),
  zinter: countedKeys(0, 1, 2),
  zintercard: countedKeys(0, 1, 2),
  zunion: countedKeys(0, 1, 2),
  zdiffstore: countedKeys(1, 2, 3),
  zinterstore: countedKeys(1, 2, 3),
  zunionstore: countedKeys(1, 2, 3),
  lmpop: countedKeys(0, 1, 2),
  zmpop: countedKeys(0, 1, 2),
  blmpop: countedKeys(0, 2, 3),
  bzmpop: countedKeys(0, 2, 3),
};
