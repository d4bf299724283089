// Unit tests for key extraction on the facts alone (no server): one case per begin_search /
// find_keys form and per fallback extractor. test/command-getkeys.test.ts compares the whole
// table against a real redis-server through COMMAND GETKEYS.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandFacts } from './command.ts';
import { commandHasKeys, extractKeys, keysFromSpecs } from './key-extract.ts';
import { loadFacts } from './meta/facts.ts';

const facts = loadFacts();

function cmd(name: string): CommandFacts {
  const [top, sub] = name.split('|');
  const f = facts.get(top!);
  const s = sub === undefined ? f : f?.subcommands?.find((c) => c.name === name);
  if (s === undefined) throw new Error(`no facts for ${name}`);
  return s;
}

/** The key arguments of a command line, as strings. */
function keys(line: string | string[]): string[] {
  const argv = typeof line === 'string' ? line.split(' ') : line;
  const name = argv[0]!.toLowerCase();
  const sub = argv[1]?.toLowerCase();
  const top = cmd(name);
  const c = top.subcommands?.find((s) => s.name === `${name}|${sub}`) ?? top;
  return extractKeys(c, argv).map((k) => argv[k.pos]!);
}

describe('key extraction', () => {
  it('walks index + range specs (single key, all keys, stepped pairs)', () => {
    assert.deepEqual(keys('GET k'), ['k']);
    assert.deepEqual(keys('DEL a b c'), ['a', 'b', 'c']);
    assert.deepEqual(keys('MSET a 1 b 2'), ['a', 'b']);
    assert.deepEqual(keys('RENAME a b'), ['a', 'b']);
  });

  it('walks keynum specs', () => {
    assert.deepEqual(keys('EVAL s 2 a b x'), ['a', 'b']);
    assert.deepEqual(keys('ZUNIONSTORE d 2 a b WEIGHTS 1 2'), ['d', 'a', 'b']);
  });

  it('walks keyword specs', () => {
    assert.deepEqual(keys('XREAD COUNT 1 STREAMS s1 s2 0 0'), ['s1', 's2']);
  });

  it('finds keys of subcommands', () => {
    assert.deepEqual(keys('OBJECT ENCODING k'), ['k']);
    assert.deepEqual(keys('MEMORY USAGE k SAMPLES 5'), ['k']);
  });

  it('reports the flags of the spec that found each key', () => {
    const argv = ['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'];
    assert.deepEqual(extractKeys(cmd('lmove'), argv), [
      { pos: 1, flags: ['RW', 'access', 'delete'] },
      { pos: 2, flags: ['RW', 'insert'] },
    ]);
  });

  it('falls back to the command extractor where specs cannot answer', () => {
    // SORT's STORE key is found by the extractor (its spec is incomplete).
    assert.deepEqual(keys('SORT l BY w_* STORE dst'), ['l', 'dst']);
    // MIGRATE with KEYS: the keys after the keyword, not the empty key argument.
    assert.deepEqual(keys(['MIGRATE', 'h', '1', '', '0', '5', 'KEYS', 'a', 'b']), ['a', 'b']);
  });

  it('says which commands take keys at all', () => {
    assert.equal(commandHasKeys(cmd('get')), true);
    assert.equal(commandHasKeys(cmd('ping')), false);
    assert.equal(commandHasKeys(cmd('eval')), true);
  });

  it('signals a spec that does not fit the arguments', () => {
    // A key count larger than the arguments: the walk fails instead of reading past the end.
    assert.equal(keysFromSpecs(cmd('eval'), ['EVAL', 's', '5', 'a'], false, false), null);
  });
});
