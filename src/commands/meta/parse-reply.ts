// Turns a live redis-server's COMMAND INFO and COMMAND DOCS replies (RESP2, as nested arrays) into
// the shape of redis-facts.json. Used by scripts/gen-command-table.ts to write the file and by the
// meta-tests to check that the committed file is what the server says.
//
// Redis's prose stays out of the file: summaries are dropped, history entries keep their version
// with an empty text, key-spec notes are kept only as an empty marker (a note is there), and a
// complexity that is more than a bare formula is left empty. Our wording for all of these is put
// in at load time (meta/prose.ts). `keepProse` returns the server's own text, for the tests that
// check none of it is left.

import { isBareFormula } from './complexity.ts';

type Flat = unknown[];

function pairs(a: Flat): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (let i = 0; i + 1 < a.length; i += 2) m.set(String(a[i]), a[i + 1]);
  return m;
}

interface Options {
  keepProse: boolean;
}

function keySpec(raw: Flat, o: Options): Record<string, unknown> {
  const m = pairs(raw);
  const bs = pairs(m.get('begin_search') as Flat);
  const fk = pairs(m.get('find_keys') as Flat);
  const out: Record<string, unknown> = { flags: m.get('flags') };
  if (m.has('notes')) out.notes = o.keepProse ? m.get('notes') : '';
  out.begin_search = { type: bs.get('type'), spec: Object.fromEntries(pairs(bs.get('spec') as Flat)) };
  out.find_keys = { type: fk.get('type'), spec: Object.fromEntries(pairs(fk.get('spec') as Flat)) };
  return out;
}

const byName = (a: Record<string, unknown>, b: Record<string, unknown>): number =>
  String(a.name).localeCompare(String(b.name));

/** One COMMAND INFO entry (with its subcommands). */
export function parseInfo(raw: Flat, o: Options = { keepProse: false }): Record<string, unknown> {
  const [name, arity, flags, first, last, step, acl, tips, specs, subs] = raw as [
    string, number, string[], number, number, number, string[], string[], Flat[], Flat[],
  ];
  const out: Record<string, unknown> = { name, arity, flags, first, last, step, acl, tips, key_specs: specs.map((k) => keySpec(k, o)) };
  // Redis lists subcommands in hash order, which changes from run to run: sort them by name.
  if (subs.length > 0) out.subcommands = subs.map((s) => parseInfo(s, o)).sort(byName);
  return out;
}

function arg(raw: Flat): Record<string, unknown> {
  const m = pairs(raw);
  const out: Record<string, unknown> = {};
  for (const [k, v] of m) out[k] = k === 'arguments' ? (v as Flat[]).map(arg) : v;
  return out;
}

/** One command's COMMAND DOCS map, without Redis's prose (unless asked for). */
export function parseDocs(raw: Flat, o: Options = { keepProse: false }): Record<string, unknown> {
  const m = pairs(raw);
  const out: Record<string, unknown> = {};
  for (const [k, v] of m) {
    if (o.keepProse) out[k] = v;
    else if (k === 'summary') continue;
    else if (k === 'history') out.history = (v as [string, string][]).map(([version]) => [version, '']);
    else if (k === 'complexity') out.complexity = isBareFormula(String(v)) ? v : '';
    else out[k] = v;
    if (k === 'arguments') out.arguments = (v as Flat[]).map(arg);
    else if (k === 'subcommands') {
      const subs = pairs(v as Flat);
      const sorted = [...subs].sort(([a], [b]) => a.localeCompare(b));
      out.subcommands = Object.fromEntries(sorted.map(([n, d]) => [n, parseDocs(d as Flat, o)] as const));
    }
  }
  return out;
}

/** The `commands` object of redis-facts.json from the two full replies, sorted by name. */
export function factsFromReplies(infos: Flat[], docsReply: Flat, o: Options = { keepProse: false }): Record<string, unknown> {
  const docs = pairs(docsReply);
  const commands: Record<string, unknown> = {};
  for (const raw of [...infos].sort((a, b) => String(a[0]).localeCompare(String(b[0])))) {
    const i = parseInfo(raw, o);
    const d = docs.get(String(i.name));
    commands[String(i.name)] = { ...i, docs: d === undefined ? {} : parseDocs(d as Flat, o) };
  }
  return commands;
}
