// Regenerates src/commands/meta/redis-facts.json from a live redis-server's COMMAND INFO and
// COMMAND DOCS: the facts (arity, flags, ACL categories, key specs, arguments, since, history).
// The file is the raw record of that server: Redis's summaries are left out, and the wording of
// history entries and key-spec notes is replaced at load time by ours (meta/prose.ts), so none of
// Redis's sentences reach a client. Redis 7.2 differences are applied after, by meta/redis-7.2.ts.
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
