// Turns a live redis-server's COMMAND INFO and COMMAND DOCS replies (RESP2, as nested arrays) into
// the shape of redis-facts.json. Used by scripts/gen-command-table.ts to write the file and by the
// meta-tests to check that the committed file is what the server says. Redis's command summaries
// are left out: ours live in summaries.ts.

type Flat = unknown[];

function pairs(a: Flat): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (let i = 0; i + 1 < a.length; i += 2) m.set(String(a[i]), a[i + 1]);
  return m;
}

function keySpec(raw: Flat): Record<string, unknown> {
  const m = pairs(raw);
  const bs = pairs(m.get('begin_search') as Flat);
  const fk = pairs(m.get('find_keys') as Flat);
  const out: Record<string, unknown> = { flags: m.get('flags') };
  if (m.has('notes')) out.notes = m.get('notes');
  out.begin_search = { type: bs.get('type'), spec: Object.fromEntries(pairs(bs.get('spec') as Flat)) };
  out.find_keys = { type: fk.get('type'), spec: Object.fromEntries(pairs(fk.get('spec') as Flat)) };
  return out;
}

const byName = (a: Record<string, unknown>, b: Record<string, unknown>): number =>
  String(a.name).localeCompare(String(b.name));

/** One COMMAND INFO entry (with its subcommands). */
export function parseInfo(raw: Flat): Record<string, unknown> {
  const [name, arity, flags, first, last, step, acl, tips, specs, subs] = raw as [
    string, number, string[], number, number, number, string[], string[], Flat[], Flat[],
  ];
  const out: Record<string, unknown> = { name, arity, flags, first, last, step, acl, tips, key_specs: specs.map(keySpec) };
  // Redis lists subcommands in hash order, which changes from run to run: sort them by name.
  if (subs.length > 0) out.subcommands = subs.map((s) => parseInfo(s)).sort(byName);
  return out;
}

function arg(raw: Flat): Record<string, unknown> {
  const m = pairs(raw);
  const out: Record<string, unknown> = {};
  for (const [k, v] of m) out[k] = k === 'arguments' ? (v as Flat[]).map(arg) : v;
  return out;
}

/** One command's COMMAND DOCS map, without Redis's summary. */
export function parseDocs(raw: Flat): Record<string, unknown> {
  const m = pairs(raw);
  const out: Record<string, unknown> = {};
  for (const [k, v] of m) {
    if (k === 'summary') continue; // Redis's prose: ours is written separately
    if (k === 'arguments') out.arguments = (v as Flat[]).map(arg);
    else if (k === 'subcommands') {
      const subs = pairs(v as Flat);
      const sorted = [...subs].sort(([a], [b]) => a.localeCompare(b));
      out.subcommands = Object.fromEntries(sorted.map(([n, d]) => [n, parseDocs(d as Flat)] as const));
    } else out[k] = v;
  }
  return out;
}

/** The `commands` object of redis-facts.json from the two full replies, sorted by name. */
export function factsFromReplies(infos: Flat[], docsReply: Flat): Record<string, unknown> {
  const docs = pairs(docsReply);
  const commands: Record<string, unknown> = {};
  for (const raw of [...infos].sort((a, b) => String(a[0]).localeCompare(String(b[0])))) {
    const i = parseInfo(raw);
    const d = docs.get(String(i.name));
    commands[String(i.name)] = { ...i, docs: d === undefined ? {} : parseDocs(d as Flat) };
  }
  return commands;
}
