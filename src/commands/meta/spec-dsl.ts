// A one-line notation for key specs (the `key_specs` of COMMAND INFO), for the Redis 7.2 patches
// and for test messages:
//
//   FLAGS '/' BEGIN '/' FIND
//   FLAGS := comma-separated key-spec flags, e.g. RW,access,update
//   BEGIN := 'i' N                      begin_search index
//          | 'k' ':' KEYWORD ':' N      begin_search keyword, startfrom N
//          | 'u'                        begin_search unknown
//   FIND  := 'r' LAST ',' STEP ',' LIMIT        find_keys range
//          | 'n' KEYNUMIDX ',' FIRST ',' STEP   find_keys keynum
//          | 'u'                                 find_keys unknown
//
// Example: `OW,update/k:STORE:6/r0,1,0`. Notes are not part of the notation: they are our prose,
// attached by meta/prose.ts.

import type { KeySpec } from '../command.ts';

export function parseSpec(src: string): KeySpec {
  const [flags, bs, fk, extra] = src.split('/');
  if (flags === undefined || bs === undefined || fk === undefined || extra !== undefined) {
    throw new Error(`spec-dsl: expected FLAGS/BEGIN/FIND, got ${src}`);
  }
  return {
    flags: flags === '' ? [] : flags.split(','),
    begin_search: parseBegin(bs, src),
    find_keys: parseFind(fk, src),
  };
}

function parseBegin(s: string, src: string): KeySpec['begin_search'] {
  if (s === 'u') return { type: 'unknown', spec: {} };
  if (s.startsWith('i')) return { type: 'index', spec: { index: Number(s.slice(1)) } };
  if (s.startsWith('k:')) {
    const at = s.lastIndexOf(':');
    return { type: 'keyword', spec: { keyword: s.slice(2, at), startfrom: Number(s.slice(at + 1)) } };
  }
  throw new Error(`spec-dsl: bad begin_search in ${src}`);
}

function parseFind(s: string, src: string): KeySpec['find_keys'] {
  if (s === 'u') return { type: 'unknown', spec: {} };
  const n = s.slice(1).split(',').map(Number);
  if (n.length !== 3 || n.some((x) => Number.isNaN(x))) throw new Error(`spec-dsl: bad find_keys in ${src}`);
  if (s.startsWith('r')) return { type: 'range', spec: { lastkey: n[0], keystep: n[1], limit: n[2] } };
  if (s.startsWith('n')) return { type: 'keynum', spec: { keynumidx: n[0], firstkey: n[1], keystep: n[2] } };
  throw new Error(`spec-dsl: bad find_keys in ${src}`);
}

/** The notation for a key spec (notes are left out). */
export function formatSpec(k: KeySpec): string {
  const bs = k.begin_search;
  const b = bs.spec;
  let begin = 'u';
  if (bs.type === 'index') begin = `i${String(b.index)}`;
  else if (bs.type === 'keyword') begin = `k:${String(b.keyword)}:${String(b.startfrom)}`;
  const fk = k.find_keys;
  const f = fk.spec;
  let find = 'u';
  if (fk.type === 'range') find = `r${String(f.lastkey)},${String(f.keystep)},${String(f.limit)}`;
  else if (fk.type === 'keynum') find = `n${String(f.keynumidx)},${String(f.firstkey)},${String(f.keystep)}`;
  return `${k.flags.join(',')}/${begin}/${find}`;
}
