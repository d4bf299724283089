// Regenerates src/commands/meta/redis-facts.json from a live redis-server's COMMAND INFO and
// COMMAND DOCS: the facts (arity, flags, ACL categories, key specs, arguments, since, history
// versions, bare complexity formulas). None of Redis's sentences are written: summaries are left
// out, history texts, key-spec notes and complexity explanations are left empty (see
// meta/parse-reply.ts), and our wording is put in at load time (meta/prose.ts). Redis 7.2
// differences are applied after, by meta/redis-7.2.ts.
// Usage: node scripts/gen-command-table.ts [port]
// The meta-tests regenerate the same object in memory and compare it with the committed file.
import { writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { factsFromReplies } from '../src/commands/meta/parse-reply.ts';

const redis = new Redis(Number(process.argv[2] ?? 6379));
const infos = (await redis.call('COMMAND', 'INFO')) as unknown[][];
const docs = (await redis.call('COMMAND', 'DOCS')) as unknown[];
const version = /redis_version:(\S+)/.exec(String(await redis.call('INFO', 'server')))?.[1];
redis.disconnect();

const commands = factsFromReplies(infos, docs);
writeFileSync(
  new URL('../src/commands/meta/redis-facts.json', import.meta.url),
  JSON.stringify({ source: `redis-server ${version}`, commands }, null, 1) + '\n',
);
console.log(`wrote ${Object.keys(commands).length} commands from redis ${version}`);
