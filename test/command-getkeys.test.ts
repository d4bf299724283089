// Key extraction (src/commands/key-extract.ts) against the real redis-server's COMMAND
// GETKEYSANDFLAGS, over the whole 7.2 command table (not only what Respite implements yet), for
// command lines that exercise every kind of key spec and every per-command fallback.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CommandFacts } from '../src/commands/command.ts';
import { commandHasKeys, extractKeys, keysFromSpecs } from '../src/commands/key-extract.ts';
import { buildFacts } from '../src/commands/meta/facts.ts';
import { ReplyError } from '../src/protocol/reply-reader.ts';
import { SKIP_NO_REDIS, startRealRedis, type RealRedis } from './helpers/real-redis.ts';
import { RawConnection } from './helpers/server.ts';

const facts = buildFacts();

function find(argv: readonly string[]): CommandFacts {
  const top = facts.get(argv[0]!.toLowerCase())!;
  if (top.subcommands === undefined || argv.length < 2) return top;
  return top.subcommands.find((s) => s.name === `${top.name}|${argv[1]!.toLowerCase()}`)!;
}

/** What Respite's extraction says, in GETKEYSANDFLAGS's shape: [key, flags][] or an empty list. */
function ours(argv: readonly string[]): [string, string[]][] {
  return extractKeys(find(argv), argv).map((k) => [argv[k.pos]!, [...k.flags]]);
}

// Command lines whose keys Redis 7.0 and 7.2 find the same way (arities that 7.2 loosened are
// avoided, and so are commands 7.2 added).
const LINES: string[][] = [
  ['GET', 'k'],
  ['SET', 'k', 'v'],
  ['SET', 'k', 'v', 'EX', '10', 'GET'],
  ['SET', 'k', 'v', 'get'],
  ['MSET', 'a', '1', 'b', '2'],
  ['MGET', 'a', 'b', 'c'],
  ['DEL', 'a', 'b'],
  ['RENAME', 'a', 'b'],
  ['COPY', 'a', 'b', 'DB', '1'],
  ['BITOP', 'AND', 'd', 'a', 'b'],
  ['BITFIELD', 'k', 'GET', 'u8', '0'],
  ['BITFIELD', 'k', 'GET', 'u8', '0', 'SET', 'u8', '0', '1'],
  ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'GET', 'u8', '0'],
  ['BITFIELD', 'k', 'bogus'],
  ['LCS', 'a', 'b', 'LEN'],
  ['OBJECT', 'ENCODING', 'k'],
  ['MEMORY', 'USAGE', 'k', 'SAMPLES', '5'],
  ['XREAD', 'COUNT', '2', 'STREAMS', 'a', 'b', '0', '0'],
  ['XREAD', 'STREAMS', 'a', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', '>'],
  ['XREADGROUP', 'GROUP', 'streams', 'c', 'STREAMS', 'streams', '>'],
  ['EVAL', 's', '2', 'a', 'b', 'x'],
  ['EVAL', 's', '0', 'x'],
  ['EVAL', 's', '3', 'a'],
  ['EVAL', 's', '2x', 'a', 'b'],
  ['FCALL', 'f', '1', 'a'],
  ['ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
  ['ZUNIONSTORE', 'd', '0', 'a'],
  ['ZUNIONSTORE', 'd', '2x', 'a', 'b'],
  ['ZINTER', '2', 'a', 'b'],
  ['ZDIFF', '-1', 'a'],
  ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '1'],
  ['LMPOP', '2', 'a', 'b', 'LEFT'],
  ['BLMPOP', '0', '1', 'a', 'RIGHT'],
  ['ZMPOP', '1', 'a', 'MIN'],
  ['BZMPOP', '1', '2', 'a', 'b', 'MAX'],
  ['SORT', 'k'],
  ['SORT', 'k', 'BY', 'w_*', 'LIMIT', '0', '1', 'GET', '#', 'STORE', 'd'],
  ['SORT', 'k', 'STORE', 'd1', 'STORE', 'd2'],
  ['SORT', 'k', 'STORE'],
  ['SORT_RO', 'k', 'BY', 'x'],
  ['MIGRATE', 'h', '1', 'k', '0', '10'],
  ['MIGRATE', 'h', '1', '', '0', '10', 'COPY', 'AUTH', 'p', 'KEYS', 'a', 'b'],
  ['MIGRATE', 'h', '1', 'k', '0', '10', 'KEYS', 'a'],
  ['MIGRATE', 'h', '1', '', '0', '10', 'AUTH2', 'u', 'p', 'KEYS', 'a'],
  ['GEORADIUS', 'k', '0', '0', '1', 'km', 'STORE', 'd'],
  ['GEORADIUSBYMEMBER', 'k', 'm', '1', 'km', 'STOREDIST', 'd'],
  ['GEOSEARCHSTORE', 'd', 's', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km'],
  ['BLPOP', 'a', 'b', '0'],
  ['BRPOPLPUSH', 'a', 'b', '0'],
  ['PFCOUNT', 'a', 'b'],
  ['SPUBLISH', 'ch', 'msg'],
  ['WATCH', 'a', 'b'],
  ['XGROUP', 'CREATE', 'k', 'g', '$'],
  ['XINFO', 'STREAM', 'k', 'FULL'],
];

describe('key extraction', () => {
  it('tells commands with keys from those without', () => {
    assert.equal(commandHasKeys(facts.get('get')!), true);
    assert.equal(commandHasKeys(facts.get('ping')!), false);
    assert.equal(commandHasKeys(facts.get('spublish')!), false, 'shard channels are not keys');
    assert.equal(commandHasKeys(facts.get('eval')!), true);
  });

  it('returns not-key arguments only on request', () => {
    const spublish = facts.get('spublish')!;
    assert.deepEqual(keysFromSpecs(spublish, ['SPUBLISH', 'ch', 'm'], false, false), []);
    assert.deepEqual(keysFromSpecs(spublish, ['SPUBLISH', 'ch', 'm'], true, false), [{ pos: 1, flags: ['not_key'] }]);
  });

  it('fails a keynum spec whose count does not fit, unless partial results are asked for', () => {
    const zunionstore = facts.get('zunionstore')!;
    assert.equal(keysFromSpecs(zunionstore, ['ZUNIONSTORE', 'd', '5', 'a'], false, false), null);
    assert.deepEqual(keysFromSpecs(zunionstore, ['ZUNIONSTORE', 'd', '5', 'a'], false, true), [{ pos: 1, flags: ['OW', 'update'] }]);
  });

  it('reads keyword specs from the keyword on, case-insensitively', () => {
    assert.deepEqual(ours(['XREAD', 'count', '1', 'streams', 'x', 'y', '1', '2']), [['x', ['RO', 'access']], ['y', ['RO', 'access']]]);
  });

  it('finds MIGRATE KEYS only when the single-key argument is empty', () => {
    assert.deepEqual(ours(['MIGRATE', 'h', '1', 'k', '0', '10', 'KEYS', 'a']), []);
    assert.deepEqual(ours(['MIGRATE', 'h', '1', '', '0', '10', 'KEYS', 'a']).map(([k]) => k), ['a']);
  });
});

describe('key extraction, differential', { skip: SKIP_NO_REDIS }, () => {
  let redis: RealRedis;
  let c: RawConnection;
  before(async () => {
    redis = await startRealRedis();
    c = await RawConnection.connect(redis.port);
  });
  after(async () => {
    c.close();
    await redis.stop();
  });

  it('finds the same keys and flags as Redis', async () => {
    for (const line of LINES) {
      const theirs = await c.call('COMMAND', 'GETKEYSANDFLAGS', ...line);
      // Redis answers an error where no key is found; ours is then an empty list.
      const expected = theirs instanceof ReplyError ? [] : theirs;
      assert.deepEqual(ours(line), expected, line.join(' '));
    }
  });
});
