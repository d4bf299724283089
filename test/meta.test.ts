// Meta-tests over the one command table: (a) every command in it has a handler and every handler
// names a real command; (b) every command has at least one test; (d) the committed
// redis-facts.json is exactly what the installed redis-server reports. (c), the differential
// comparison of COMMAND INFO/DOCS with redis-server, is in meta-differential.test.ts.
//
// (b)'s convention: a command counts as tested when some test/**/*.ts file uses its name as a
// command, in one of these forms (any case; subcommands as container then subcommand):
//   ['GET', ...]   ['CLIENT', 'KILL', ...]          an array literal starting with the name
//   x.call('GET', ...)   x.send('client', 'kill')    the first arguments of call/send/sendCommand
//   r.get(...)   r.hGetAll(...)   r.client('kill')   a client method of that name (ioredis, node-redis)
//   // covers: DEBUG, OBJECT FREQ                    a comment, for commands sent some other way

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import type { Handler } from '../src/commands/command.ts';
import { allHandlers } from '../src/commands/families.ts';
import { COMPLEXITY, isBareFormula } from '../src/commands/meta/complexity.ts';
import { buildFacts, normalize } from '../src/commands/meta/facts.ts';
import { HISTORY } from '../src/commands/meta/history.ts';
import { NOTES } from '../src/commands/meta/notes.ts';
import { SUMMARIES } from '../src/commands/meta/summaries.ts';
import { factsFromReplies } from '../src/commands/meta/parse-reply.ts';
import raw from '../src/commands/meta/redis-facts.json' with { type: 'json' };
import { CommandTable, unknownHandlers } from '../src/commands/table.ts';
import { SKIP_NO_REDIS, startRealRedis, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection } from './helpers/server.ts';

const TEST_DIR = path.dirname(new URL(import.meta.url).pathname);

describe('meta: command table and handlers', () => {
  const table = new CommandTable();

  it('has a handler for every command and subcommand it lists', () => {
    const missing: string[] = [];
    for (const cmd of table.all()) {
      // A container may lack a handler only if its arity forces a subcommand (CLIENT, CONFIG...).
      if (cmd.handler === null && !(cmd.subcommands !== null && cmd.arity <= -2)) missing.push(cmd.fullName);
    }
    assert.deepEqual(missing, [], `commands in the table without a handler: ${missing.join(', ')}`);
  });

  it('names only real commands in the families', () => {
    const unknown = unknownHandlers(allHandlers(), buildFacts());
    assert.deepEqual(unknown, [], `handlers under names Redis 7.2 does not have: ${unknown.join(', ')}`);
  });

  it('refuses at startup a handler under a name that is not a command', () => {
    const handlers = new Map<string, Handler>([['get', () => {}], ['gett', () => {}], ['client|nosuch', () => {}]]);
    assert.throws(() => new CommandTable(handlers), /handlers for commands not in the command facts: client\|nosuch, gett/);
  });

  it('leaves out commands and subcommands without handlers', () => {
    const handlers = new Map<string, Handler>([['get', () => {}], ['client|id', () => {}]]);
    const t = new CommandTable(handlers);
    assert.deepEqual([...t.all()].map((c) => c.fullName), ['client', 'client|id', 'get']);
  });
});

/** Every test source under test/, recursively. */
function testSources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...testSources(p));
    else if (e.name.endsWith('.ts')) out.push(readFileSync(p, 'latin1'));
  }
  return out;
}

const LIT = String.raw`['"\x60]([A-Za-z_|.-]+)['"\x60]`;
const NEXT_LIT = String.raw`(?:\s*,\s*['"\x60]([A-Za-z_-]+)['"\x60])?`;

/** The full lowercase command names a test source uses, by the convention in the header. */
export function commandsUsedIn(src: string, known: ReadonlySet<string>): Set<string> {
  const used = new Set<string>();
  const add = (name: string, sub: string | undefined): void => {
    const n = name.toLowerCase();
    if (sub !== undefined && known.has(`${n}|${sub.toLowerCase()}`)) used.add(`${n}|${sub.toLowerCase()}`);
    if (known.has(n)) used.add(n);
  };
  const literal = new RegExp(String.raw`(?:\[|\.(?:call|send|sendCommand|sendBuffers)\()\s*${LIT}${NEXT_LIT}`, 'g');
  for (const m of src.matchAll(literal)) add(m[1]!, m[2]);
  const method = new RegExp(String.raw`\.([A-Za-z_]+)\(\s*(?:${LIT})?`, 'g');
  for (const m of src.matchAll(method)) add(m[1]!, m[2]);
  for (const m of src.matchAll(/\/\/\s*covers:\s*(.+)/g)) {
    for (const item of m[1]!.split(',')) {
      const words = item.trim().split(/\s+/);
      if (words[0] !== undefined && words[0] !== '') add(words[0], words[1]);
    }
  }
  return used;
}

describe('meta: every command has a test', () => {
  it('finds each command of the table used in some test file', () => {
    const table = new CommandTable();
    const known = new Set([...table.all()].map((c) => c.fullName));
    const used = new Set<string>();
    for (const src of testSources(TEST_DIR)) for (const n of commandsUsedIn(src, known)) used.add(n);
    // A container counts as tested through its subcommands.
    const untested = [...known].filter((n) => {
      if (used.has(n)) return false;
      const cmd = table.lookup(n.split('|'));
      return !(cmd.cmd?.subcommands !== null && [...(cmd.cmd?.subcommands?.values() ?? [])].some((s) => used.has(s.fullName)));
    });
    assert.deepEqual(
      untested.sort(),
      [],
      `${untested.length} commands in the table have no test (use them as ['NAME', ...], .call('NAME'), ` +
        `a client method, or a "// covers: NAME" comment in test/**/*.ts): ${untested.sort().join(', ')}`,
    );
  });

  it('recognises the documented forms', () => {
    const known = new Set(['get', 'hgetall', 'client', 'client|kill', 'client|list', 'object|freq', 'object', 'debug']);
    const src = [
      `await c.send(['GET', 'k']);`,
      `r.hGetAll('h');`,
      `a.call('client', 'kill', 'ID', '1');`,
      `r.client('LIST');`,
      `// covers: OBJECT FREQ, DEBUG`,
    ].join('\n');
    assert.deepEqual([...commandsUsedIn(src, known)].sort(), ['client', 'client|kill', 'client|list', 'debug', 'get', 'hgetall', 'object', 'object|freq']);
  });
});

describe('meta: our own prose', () => {
  const facts = buildFacts();
  const all = [...facts.values()].flatMap((f) => [f, ...(f.subcommands ?? [])]);
  const rawFacts = normalize(raw.commands as never);
  const rawAll = new Map([...rawFacts.values()].flatMap((f) => [f, ...(f.subcommands ?? [])]).map((f) => [f.name, f]));

  it('has a summary for every command and subcommand, and none for names that are not commands', () => {
    const names = new Set(all.map((f) => f.name));
    const missing = all.filter((f) => f.docs.summary === undefined || f.docs.summary !== SUMMARIES[f.name]).map((f) => f.name);
    assert.deepEqual(missing, [], `commands without our summary: ${missing.join(', ')}`);
    const stray = Object.keys(SUMMARIES).filter((n) => !names.has(n));
    assert.deepEqual(stray, [], `summaries for names that are not commands: ${stray.join(', ')}`);
  });

  it('words every history entry itself, keeping the versions', () => {
    const problems: string[] = [];
    for (const f of all) {
      const h = f.docs.history ?? [];
      const ours = HISTORY[f.name] ?? [];
      if (ours.length !== h.length) problems.push(`${f.name}: ${h.length} entries, ${ours.length} texts`);
      const recorded = rawAll.get(f.name)?.docs.history ?? [];
      h.forEach(([version, text], i) => {
        if (text === '' || text !== ours[i]) problems.push(`${f.name} #${i}: not our text`);
        const r = recorded[i];
        if (r !== undefined && r[0] !== version) problems.push(`${f.name} #${i}: version ${version}, recorded ${r[0]}`);
      });
    }
    for (const n of Object.keys(HISTORY)) if (!all.some((f) => f.name === n)) problems.push(`${n}: not a command`);
    assert.deepEqual(problems, []);
  });

  it('states complexity as a bare formula or in its own words', () => {
    const missing = all.filter((f) => {
      const c = f.docs.complexity;
      // A few commands (MONITOR, SYNC...) state no complexity at all, in Redis as here.
      if (c === undefined) return rawAll.get(f.name)?.docs.complexity !== undefined;
      return c === '' || (!isBareFormula(c) && COMPLEXITY[f.name] !== c);
    });
    assert.deepEqual(missing.map((f) => f.name), [], 'commands without a bare formula or our own complexity text');
    const stray = Object.keys(COMPLEXITY).filter((n) => !all.some((f) => f.name === n));
    assert.deepEqual(stray, [], 'complexity texts for names that are not commands');
  });

  it('words every key-spec note itself', () => {
    const problems: string[] = [];
    for (const f of all) {
      const recorded = rawAll.get(f.name)?.key_specs ?? [];
      f.key_specs.forEach((k, i) => {
        const hasNote = recorded[i]?.notes !== undefined;
        if (hasNote && (k.notes === undefined || k.notes === '')) problems.push(`${f.name} spec ${i}: no note`);
        if (k.notes !== undefined && k.notes !== NOTES[f.name]?.[i]) problems.push(`${f.name} spec ${i}: not our note`);
      });
    }
    assert.deepEqual(problems, [], `key specs without our own note: ${problems.join(', ')}`);
  });

  it('keeps none of Redis\'s sentences in redis-facts.json', () => {
    const text = JSON.stringify(raw);
    assert.doesNotMatch(text, /"summary"/, 'summaries');
    assert.doesNotMatch(text, /"notes":"[^"]/, 'key-spec notes');
    const prose = [...text.matchAll(/"complexity":"([^"]*)"/g)].map((m) => m[1]!).filter((c) => c !== '' && !isBareFormula(c));
    assert.deepEqual(prose, [], 'complexity prose');
    const history = [...text.matchAll(/"history":(\[(?:\["[^"]*","[^"]*"\],?)*\])/g)].flatMap((m) => JSON.parse(m[1]!) as string[][]);
    assert.ok(history.length > 0);
    assert.deepEqual(history.filter((h) => h[1] !== ''), [], 'history text');
  });
});

describe('meta: redis-facts.json is reproducible', { skip: SKIP_NO_REDIS }, () => {
  let redis: RealRedis;
  before(async () => {
    redis = await startRealRedis();
  });
  after(() => redis.stop());

  /** The server's COMMAND INFO and COMMAND DOCS, or undefined when it is not the recorded version. */
  async function liveReplies(): Promise<[unknown[][], unknown[]] | undefined> {
    const c = await RawConnection.connect(redis.port);
    try {
      const info = await c.call('INFO', 'server');
      const version = /redis_version:(\S+)/.exec(typeof info === 'string' ? info : '')?.[1];
      if (`redis-server ${version}` !== raw.source) return undefined;
      return [(await c.call('COMMAND', 'INFO')) as unknown[][], (await c.call('COMMAND', 'DOCS')) as unknown[]];
    } finally {
      c.close();
    }
  }

  it('equals what the installed redis-server reports, when it is the recorded version', async (t) => {
    const replies = await liveReplies();
    if (replies === undefined) return t.skip(`installed redis-server is not the recorded ${raw.source}`);
    const live = factsFromReplies(...replies);
    const recorded = raw.commands as Record<string, unknown>;
    const differ = Object.keys({ ...live, ...recorded }).filter((n) => !isDeepStrictEqual(live[n], recorded[n]));
    assert.deepEqual(differ, [], `commands whose recorded facts differ from the live server: ${differ.join(', ')}`);
    assert.equal(JSON.stringify(live), JSON.stringify(recorded), 'same content in the same order');
  });

  it('words none of what a client sees as the server does (summaries, history, notes, complexity)', async (t) => {
    const replies = await liveReplies();
    if (replies === undefined) return t.skip(`installed redis-server is not the recorded ${raw.source}`);
    const theirs = normalize(factsFromReplies(...replies, { keepProse: true }) as never);
    const theirAll = new Map([...theirs.values()].flatMap((f) => [f, ...(f.subcommands ?? [])]).map((f) => [f.name, f]));
    const same: string[] = [];
    for (const f of [...buildFacts().values()].flatMap((x) => [x, ...(x.subcommands ?? [])])) {
      const r = theirAll.get(f.name);
      if (r === undefined) continue; // added by Redis 7.2: our text from the start
      if (f.docs.summary === r.docs.summary) same.push(`${f.name} summary`);
      const c = f.docs.complexity;
      if (c !== undefined && !isBareFormula(c) && c === r.docs.complexity) same.push(`${f.name} complexity`);
      const rh = r.docs.history ?? [];
      (f.docs.history ?? []).forEach(([, text], i) => {
        if (rh.some(([, t]) => t === text)) same.push(`${f.name} history #${i}`);
      });
      f.key_specs.forEach((k, i) => {
        if (k.notes !== undefined && r.key_specs.some((rk) => rk.notes === k.notes)) same.push(`${f.name} note ${i}`);
      });
    }
    assert.deepEqual(same, [], `texts worded as Redis words them: ${same.join(', ')}`);
  });
});
