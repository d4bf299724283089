// Unit tests for the two compact notations the 7.2 patches are written in: every argument tree
// and key spec of the whole table must survive format → parse unchanged, and malformed input must
// fail loudly (a typo in a patch must not silently produce a wrong fact).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandArg, CommandFacts } from '../command.ts';
import { formatArgs, parseArgs } from './arg-dsl.ts';
import { loadFacts } from './facts.ts';
import { formatSpec, parseSpec } from './spec-dsl.ts';

/** The fields the notation represents (summaries are prose, attached elsewhere). */
function bare(args: readonly CommandArg[]): CommandArg[] {
  return args.map((a) => {
    const { summary: _s, value: _v, arguments: sub, ...rest } = a;
    return sub === undefined ? rest : { ...rest, arguments: bare(sub) };
  });
}

function* everyCommand(facts: Map<string, CommandFacts>): Generator<CommandFacts> {
  for (const f of facts.values()) {
    yield f;
    for (const s of f.subcommands ?? []) yield s;
  }
}

describe('arg-dsl', () => {
  it('parses the documented example with fields in reply order', () => {
    const args = parseArgs(
      'key:key#0 range:block?(start:integer end:integer unit:oneof?@7.0.0(byte:pure-token=BYTE bit:pure-token=BIT))',
    );
    assert.deepEqual(args, [
      { name: 'key', type: 'key', key_spec_index: 0 },
      {
        name: 'range',
        type: 'block',
        flags: ['optional'],
        arguments: [
          { name: 'start', type: 'integer' },
          { name: 'end', type: 'integer' },
          {
            name: 'unit',
            type: 'oneof',
            since: '7.0.0',
            flags: ['optional'],
            arguments: [
              { name: 'byte', type: 'pure-token', token: 'BYTE' },
              { name: 'bit', type: 'pure-token', token: 'BIT' },
            ],
          },
        ],
      },
    ]);
    assert.deepEqual(Object.keys(args[1]!.arguments![2]!), ['name', 'type', 'since', 'flags', 'arguments']);
  });

  it('reads every modifier and quoted words', () => {
    const [a] = parseArgs('"a b":string?*+="X""Y"@1.0.0#2~shown!6.2.0');
    assert.deepEqual(a, {
      name: 'a b',
      type: 'string',
      display_text: 'shown',
      key_spec_index: 2,
      token: 'X"Y',
      since: '1.0.0',
      flags: ['optional', 'multiple', 'multiple_token'],
      deprecated_since: '6.2.0',
    });
    assert.equal(formatArgs([a]), '"a b":string?*+="X""Y"@1.0.0#2~shown!6.2.0');
  });

  it('round-trips every argument tree of the table', () => {
    for (const f of everyCommand(loadFacts())) {
      const args = bare(f.docs.arguments ?? []);
      assert.deepEqual(parseArgs(formatArgs(args)), args, f.name);
    }
  });

  it('rejects malformed notation', () => {
    for (const bad of ['key', 'key:', 'a:block(b:string', 'a:string)', 'a:string="x', ':string']) {
      assert.throws(() => parseArgs(bad), /arg-dsl/, bad);
    }
  });
});

describe('spec-dsl', () => {
  it('parses each begin_search and find_keys form', () => {
    assert.deepEqual(parseSpec('OW,update/k:STORE:6/r0,1,0'), {
      flags: ['OW', 'update'],
      begin_search: { type: 'keyword', spec: { keyword: 'STORE', startfrom: 6 } },
      find_keys: { type: 'range', spec: { lastkey: 0, keystep: 1, limit: 0 } },
    });
    assert.deepEqual(parseSpec('RO/i1/n0,1,1'), {
      flags: ['RO'],
      begin_search: { type: 'index', spec: { index: 1 } },
      find_keys: { type: 'keynum', spec: { keynumidx: 0, firstkey: 1, keystep: 1 } },
    });
    assert.deepEqual(parseSpec('/u/u'), {
      flags: [],
      begin_search: { type: 'unknown', spec: {} },
      find_keys: { type: 'unknown', spec: {} },
    });
  });

  it('round-trips every key spec of the table (notes aside)', () => {
    for (const f of everyCommand(loadFacts())) {
      for (const k of f.key_specs) {
        const { notes: _n, ...rest } = k;
        assert.deepEqual(parseSpec(formatSpec(k)), rest, f.name);
      }
    }
  });

  it('rejects malformed notation', () => {
    for (const bad of ['RW/i1', 'RW/i1/r0,1', 'RW/x/r0,1,0', 'RW/i1/q0,1,0', 'RW/i1/r0,1,0/x', 'RW/i1/ra,1,0']) {
      assert.throws(() => parseSpec(bad), /spec-dsl/, bad);
    }
  });
});
