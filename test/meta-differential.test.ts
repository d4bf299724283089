// Meta-test (c): for every command Respite implements, COMMAND INFO and COMMAND DOCS equal the real
// redis-server's, once the documented Redis 7.2 differences (src/commands/meta/redis-7.2.ts) and
// our own prose (summaries, history wording, key-spec notes) are applied to the real server's
// answer. Both replies are read with a parser that checks every RESP type on the way (sets vs
// arrays, simple vs bulk strings, maps), in RESP2 and RESP3, so shapes are compared too.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import type { CommandFacts } from '../src/commands/command.ts';
import { normalize } from '../src/commands/meta/facts.ts';
import { applyProse } from '../src/commands/meta/prose.ts';
import { apply72 } from '../src/commands/meta/redis-7.2.ts';
import { CommandTable } from '../src/commands/table.ts';
import { SKIP_NO_REDIS, startRealRedis, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection, startServer, type Started } from './helpers/server.ts';

/** A RESP value with its type byte kept: '+', '$', ':', '_', '*', '~', '%'. */
interface Node {
  t: string;
  s?: string;
  n?: number;
  items?: Node[];
}

function parse(raw: string): Node {
  let i = 0;
  const line = (): string => {
    const end = raw.indexOf('\r\n', i);
    const l = raw.slice(i, end);
    i = end + 2;
    return l;
  };
  const node = (): Node => {
    const t = raw[i++]!;
    const head = line();
    if (t === '+' || t === '-') return { t, s: head };
    if (t === ':') return { t, n: Number(head) };
    if (t === '_') return { t };
    if (t === '$') {
      const len = Number(head);
      if (len < 0) return { t: '_' };
      const s = raw.slice(i, i + len);
      i += len + 2;
      return { t, s };
    }
    const count = Number(head) * (t === '%' ? 2 : 1);
    if (count < 0) return { t: '_' };
    const items: Node[] = [];
    for (let k = 0; k < count; k++) items.push(node());
    return { t, items };
  };
  const n = node();
  assert.equal(i, raw.length, 'one complete reply');
  return n;
}

/** Reads replies of one protocol version, asserting each part has the type Redis gives it. */
class Shape {
  readonly resp: 2 | 3;
  constructor(resp: 2 | 3) {
    this.resp = resp;
  }
  bulk(n: Node, what: string): string {
    assert.equal(n.t, '$', `${what} is a bulk string`);
    return n.s!;
  }
  int(n: Node, what: string): number {
    assert.equal(n.t, ':', `${what} is an integer`);
    return n.n!;
  }
  array(n: Node, what: string): Node[] {
    assert.equal(n.t, '*', `${what} is an array`);
    return n.items!;
  }
  set(n: Node, what: string): Node[] {
    assert.equal(n.t, this.resp === 3 ? '~' : '*', `${what} is a set`);
    return n.items!;
  }
  statusSet(n: Node, what: string): string[] {
    return this.set(n, what).map((x) => {
      assert.equal(x.t, '+', `${what} holds simple strings`);
      return x.s!;
    });
  }
  map(n: Node, what: string): [string, Node][] {
    assert.equal(n.t, this.resp === 3 ? '%' : '*', `${what} is a map`);
    const out: [string, Node][] = [];
    for (let k = 0; k < n.items!.length; k += 2) out.push([this.bulk(n.items![k]!, `${what} key`), n.items![k + 1]!]);
    return out;
  }

  info(n: Node): CommandFacts {
    const a = this.array(n, 'command info');
    assert.equal(a.length, 10);
    const name = this.bulk(a[0]!, 'name');
    const f: CommandFacts = {
      name,
      arity: this.int(a[1]!, 'arity'),
      flags: this.statusSet(a[2]!, 'flags'),
      first: this.int(a[3]!, 'first key'),
      last: this.int(a[4]!, 'last key'),
      step: this.int(a[5]!, 'step'),
      acl: this.statusSet(a[6]!, 'categories'),
      tips: this.set(a[7]!, 'tips').map((x) => this.bulk(x, 'tip')),
      key_specs: this.set(a[8]!, 'key specs').map((k) => this.keySpec(k)),
      docs: {},
    };
    const subs = a[9]!;
    if (subs.t === '*' && subs.items!.length > 0) f.subcommands = subs.items!.map((s) => this.info(s));
    else assert.equal(this.set(subs, 'no subcommands').length, 0);
    return f;
  }

  keySpec(n: Node): CommandFacts['key_specs'][number] {
    const m = new Map(this.map(n, 'key spec'));
    const step = (x: Node, what: string): { type: string; spec: Record<string, unknown> } => {
      const s = new Map(this.map(x, what));
      const spec: Record<string, unknown> = {};
      for (const [k, v] of this.map(s.get('spec')!, `${what} spec`)) spec[k] = v.t === ':' ? v.n : this.bulk(v, k);
      return { type: this.bulk(s.get('type')!, `${what} type`), spec };
    };
    const out: CommandFacts['key_specs'][number] = {
      flags: this.statusSet(m.get('flags')!, 'key spec flags'),
      begin_search: step(m.get('begin_search')!, 'begin_search'),
      find_keys: step(m.get('find_keys')!, 'find_keys'),
    };
    if (m.has('notes')) out.notes = this.bulk(m.get('notes')!, 'notes');
    return out;
  }

  docs(n: Node): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.map(n, 'docs')) {
      if (k === 'doc_flags') out[k] = this.statusSet(v, k);
      else if (k === 'history') {
        out[k] = this.set(v, k).map((h) => this.array(h, 'history entry').map((x) => this.bulk(x, 'history text')));
      } else if (k === 'arguments') out[k] = this.array(v, k).map((x) => this.arg(x));
      else if (k === 'subcommands') {
        const subs: Record<string, unknown> = {};
        for (const [name, d] of this.map(v, k)) subs[name] = this.docs(d);
        out[k] = subs;
      } else out[k] = this.bulk(v, k);
    }
    return out;
  }

  arg(n: Node): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.map(n, 'argument')) {
      if (k === 'key_spec_index') out[k] = this.int(v, k);
      else if (k === 'flags') out[k] = this.statusSet(v, k);
      else if (k === 'arguments') out[k] = this.array(v, k).map((x) => this.arg(x));
      else out[k] = this.bulk(v, k);
    }
    // 7.2 gives every leaf argument a display_text, its name unless the docs say otherwise.
    if (out.display_text === out.name) delete out.display_text;
    return out;
  }
}

async function fetch(port: number, resp: 2 | 3, ...args: string[]): Promise<Node> {
  const c = await RawConnection.connect(port);
  try {
    if (resp === 3) await c.call('HELLO', '3');
    c.send(...args);
    return parse(await c.readRaw());
  } finally {
    c.close();
  }
}

/** Subcommands in name order, so hash order does not matter. */
function sorted(f: CommandFacts): CommandFacts {
  if (f.subcommands === undefined) return f;
  return { ...f, subcommands: [...f.subcommands].sort((a, b) => a.name.localeCompare(b.name)).map(sorted) };
}

describe('meta: COMMAND INFO and DOCS against redis-server', { skip: SKIP_NO_REDIS }, () => {
  let redis: RealRedis;
  let s: Started;
  let names: string[];
  before(async () => {
    redis = await startRealRedis();
    s = await startServer();
    names = [...new CommandTable().commands.keys()];
  });
  after(async () => {
    await s.stop();
    await redis.stop();
  });

  /** The real server's facts for every command, with the 7.2 patches and our prose applied. */
  async function expected(resp: 2 | 3): Promise<Map<string, CommandFacts>> {
    const shape = new Shape(resp);
    const infos = shape.array(await fetch(redis.port, resp, 'COMMAND', 'INFO'), 'all').map((n) => shape.info(n));
    const docs = new Map(shape.map(await fetch(redis.port, resp, 'COMMAND', 'DOCS'), 'all docs'));
    const rawFacts: Record<string, unknown> = {};
    for (const f of infos) {
      const d = shape.docs(docs.get(f.name)!);
      delete d.summary;
      const subDocs = d.subcommands as Record<string, Record<string, unknown>> | undefined;
      for (const sd of Object.values(subDocs ?? {})) delete sd.summary;
      rawFacts[f.name] = { ...f, docs: d };
    }
    const facts = normalize(rawFacts as never);
    apply72(facts);
    applyProse(facts);
    return facts;
  }

  for (const resp of [2, 3] as const) {
    it(`reports the same facts in RESP${resp}`, async () => {
      const want = await expected(resp);
      const shape = new Shape(resp);
      const got = shape.array(await fetch(s.port, resp, 'COMMAND', 'INFO', ...names), 'info').map((n) => shape.info(n));
      const gotDocs = new Map(shape.map(await fetch(s.port, resp, 'COMMAND', 'DOCS', ...names), 'docs'));
      const differ: string[] = [];
      for (const f of got) {
        const docs = shape.docs(gotDocs.get(f.name)!);
        const { subcommands: subDocs, ...own } = docs as { subcommands?: Record<string, unknown> };
        f.docs = own;
        for (const sub of f.subcommands ?? []) sub.docs = (subDocs?.[sub.name] ?? {}) as CommandFacts['docs'];
        const w = structuredClone(want.get(f.name)!);
        // Respite reports only the subcommands it implements.
        if (w.subcommands !== undefined) {
          const have = new Set((f.subcommands ?? []).map((x) => x.name));
          w.subcommands = w.subcommands.filter((x) => have.has(x.name));
        }
        if (!isDeepStrictEqual(sorted(f), sorted(w))) {
          differ.push(f.name);
          assert.deepEqual(sorted(f), sorted(w), `COMMAND INFO/DOCS of ${f.name}`);
        }
      }
      assert.deepEqual(differ, []);
    });
  }
});
