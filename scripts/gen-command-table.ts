// Regenerates src/commands/meta/redis-facts.json from a live redis-server's COMMAND INFO and
// COMMAND DOCS: the facts (arity, flags, ACL categories, key specs, arguments, since, history).
// Redis's summary prose is deliberately left out: our summaries live in summaries.ts, in our words.
// Usage: node scripts/gen-command-table.ts [port]   (Redis 7.2 differences are applied after, by
// src/commands/meta/redis-7.2.ts, so the file stays a faithful record of the server it came from.)
import { writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';

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

function info(raw: Flat): Record<string, unknown> {
  const [name, arity, flags, first, last, step, acl, tips, specs, subs] = raw as [
    string, number, string[], number, number, number, string[], string[], Flat[], Flat[],
  ];
  const out: Record<string, unknown> = { name, arity, flags, first, last, step, acl, tips, key_specs: specs.map(keySpec) };
  if (subs.length > 0) out.subcommands = subs.map((s) => info(s));
  return out;
}

function arg(raw: Flat): Record<string, unknown> {
  const m = pairs(raw);
  const out: Record<string, unknown> = {};
  for (const [k, v] of m) out[k] = k === 'arguments' ? (v as Flat[]).map(arg) : v;
  return out;
}

function docs(raw: Flat): Record<string, unknown> {
  const m = pairs(raw);
  const out: Record<string, unknown> = {};
  for (const [k, v] of m) {
    if (k === 'summary') continue; // Redis's prose: ours is written separately
    if (k === 'arguments') out.arguments = (v as Flat[]).map(arg);
    else if (k === 'subcommands') {
      const subs = pairs(v as Flat);
      out.subcommands = Object.fromEntries([...subs].map(([n, d]) => [n, docs(d as Flat)] as const));
    } else out[k] = v;
  }
  return out;
}

const redis = new Redis(Number(process.argv[2] ?? 6379));
const infos = (await redis.call('COMMAND', 'INFO')) as Flat[];
const docsRaw = pairs((await redis.call('COMMAND', 'DOCS')) as Flat);
const version = String(await redis.call('INFO', 'server')).match(/redis_version:(\S+)/)?.[1];
redis.disconnect();

const commands: Record<string, unknown> = {};
for (const raw of infos.sort((a, b) => String(a[0]).localeCompare(String(b[0])))) {
  const i = info(raw);
  const d = docsRaw.get(String(i.name));
  commands[String(i.name)] = { ...i, docs: d === undefined ? {} : docs(d as Flat) };
}
writeFileSync(
  new URL('../src/commands/meta/redis-facts.json', import.meta.url),
  JSON.stringify({ source: `redis-server ${version}`, commands }, null, 1) + '\n',
);
console.log(`wrote ${Object.keys(commands).length} commands from redis ${version}`);
