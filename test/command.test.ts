// COMMAND and its subcommands over real sockets, with ioredis and node-redis, RESP2 and RESP3, and
// against the real redis-server where the two must agree byte for byte.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createClient } from 'redis';
import { CommandTable } from '../src/commands/table.ts';
import type { RespSet } from '../src/protocol/reply-reader.ts';
import { ReplyError } from '../src/protocol/reply-reader.ts';
import { assertSameReplies } from './helpers/differential.ts';
import { SKIP_NO_REDIS, startRealRedis, type RealRedis } from './helpers/real-redis.ts';
import { connectIoredis, RawConnection, type Started, startServer } from './helpers/server.ts';

const table = new CommandTable();

describe('COMMAND', () => {
  let s: Started;
  let c: RawConnection;
  let r: Redis;
  before(async () => {
    s = await startServer();
    c = await RawConnection.connect(s.port);
    r = await connectIoredis(s.port);
  });
  after(async () => {
    c.close();
    r.disconnect();
    await s.stop();
  });

  it('describes every implemented command, and counts them', async () => {
    const all = (await r.call('COMMAND')) as unknown[][];
    assert.equal(all.length, table.commands.size);
    assert.equal(await r.call('COMMAND', 'COUNT'), table.commands.size);
    const get = all.find((e) => e[0] === 'get')!;
    assert.deepEqual(get.slice(0, 8), ['get', 2, ['readonly', 'fast'], 1, 1, 1, ['@read', '@string', '@fast'], []]);
    assert.equal(all.length, ((await r.call('COMMAND', 'INFO')) as unknown[]).length);
  });

  it('answers INFO per name, nil for unknown names, any case, subcommands as container|sub', async () => {
    const reply = (await c.call('COMMAND', 'INFO', 'GET', 'nosuch', 'Client|Id', 'get|x', 'client|', '', 'a|b|c')) as unknown[];
    assert.equal(reply.length, 7);
    assert.equal((reply[0] as unknown[])[0], 'get');
    assert.equal(reply[1], null);
    assert.equal((reply[2] as unknown[])[0], 'client|id');
    assert.deepEqual(reply.slice(3), [null, null, null, null]);
  });

  it('lists subcommands inside their container', async () => {
    const [client] = (await c.call('COMMAND', 'INFO', 'client')) as unknown[][];
    const subs = (client![9] as unknown[][]).map((x) => x[0]);
    assert.ok(subs.includes('client|id'));
    assert.deepEqual(client!.slice(0, 2), ['client', -2]);
  });

  it('gives DOCS as a map, leaving unknown names out, with our summaries', async () => {
    const flat = (await c.call('COMMAND', 'DOCS', 'get', 'nosuch')) as unknown[];
    assert.equal(flat.length, 2, 'RESP2: a flat array of name and docs');
    assert.equal(flat[0], 'get');
    const docs = flat[1] as unknown[];
    assert.equal(docs[0], 'summary');
    assert.equal(docs[1], 'Returns the string value stored at a key.');
    assert.deepEqual(await c.call('COMMAND', 'DOCS', 'nosuch'), []);

    const c3 = await RawConnection.connect(s.port);
    await c3.call('HELLO', '3');
    const map = (await c3.call('COMMAND', 'DOCS', 'client')) as Map<string, Map<string, unknown>>;
    const client = map.get('client')!;
    assert.equal(client.get('group'), 'connection');
    const subs = client.get('subcommands') as Map<string, Map<string, unknown>>;
    assert.equal(subs.get('client|id')!.get('since'), '5.0.0');
    c3.close();
  });

  it('reports 7.2 facts: QUIT deprecated, display_text on leaf arguments', async () => {
    const c3 = await RawConnection.connect(s.port);
    await c3.call('HELLO', '3');
    const quit = ((await c3.call('COMMAND', 'DOCS', 'quit')) as Map<string, Map<string, unknown>>).get('quit')!;
    assert.equal(quit.get('deprecated_since'), '7.2.0');
    assert.deepEqual((quit.get('doc_flags') as RespSet).items, ['deprecated']);
    const get = ((await c3.call('COMMAND', 'DOCS', 'get')) as Map<string, Map<string, unknown>>).get('get')!;
    const [key] = get.get('arguments') as Map<string, unknown>[];
    assert.equal(key!.get('display_text'), 'key');
    c3.close();
  });

  it('LISTs names, filtered by pattern (nocase), ACL category or module', async () => {
    const all = (await c.call('COMMAND', 'LIST')) as string[];
    assert.equal(all.length, [...table.all()].length);
    assert.ok(all.indexOf('client') < all.indexOf('client|id'), 'a container comes before its subcommands');
    const clientOnly = (await c.call('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'CLIENT*')) as string[];
    assert.ok(clientOnly.length > 1 && clientOnly.every((n) => n.startsWith('client')));
    const strings = (await c.call('COMMAND', 'LIST', 'filterby', 'aclcat', 'STRING')) as string[];
    assert.ok(strings.includes('get') && !strings.includes('client'));
    const slow = (await c.call('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'slow')) as string[];
    assert.ok(slow.includes('client'), 'containers are @slow');
    assert.deepEqual(await c.call('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', '@string'), []);
    assert.deepEqual(await c.call('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'anything'), []);
    for (const bad of [['FILTERBY'], ['FILTERBY', 'PATTERN'], ['FILTERBY', 'PATTERN', 'a', 'b'], ['FILTERBY', 'X', 'a'], ['FOO']]) {
      assert.deepEqual(await c.call('COMMAND', 'LIST', ...bad), new ReplyError('ERR syntax error'));
    }
  });

  it('GETKEYS and GETKEYSANDFLAGS with Redis errors', async () => {
    assert.deepEqual(await c.call('COMMAND', 'GETKEYS', 'mset', 'a', '1', 'b', '2'), ['a', 'b']);
    assert.deepEqual(await c.call('COMMAND', 'GETKEYSANDFLAGS', 'SET', 'k', 'v', 'GET'), [['k', ['RW', 'access', 'update']]]);
    assert.deepEqual(await c.call('COMMAND', 'GETKEYSANDFLAGS', 'set', 'k', 'v'), [['k', ['OW', 'update']]]);
    assert.deepEqual(await c.call('COMMAND', 'GETKEYS', 'object', 'encoding', 'k'), ['k']);
    assert.deepEqual(await c.call('COMMAND', 'GETKEYS', 'nosuch', 'a'), new ReplyError('ERR Invalid command specified'));
    assert.deepEqual(await c.call('COMMAND', 'GETKEYS', 'client', 'nosuch'), new ReplyError('ERR Invalid command specified'));
    assert.deepEqual(await c.call('COMMAND', 'GETKEYS', 'client', 'list'), new ReplyError('ERR The command has no key arguments'));
    assert.deepEqual(
      await c.call('COMMAND', 'GETKEYS', 'get', 'a', 'b'),
      new ReplyError('ERR Invalid number of arguments specified for command'),
    );
    // Redis 7.2: GETKEYS takes the command alone (arity -3); 7.0 answered with an arity error.
    assert.deepEqual(await c.call('COMMAND', 'GETKEYS', 'get'), new ReplyError('ERR Invalid number of arguments specified for command'));
    assert.deepEqual(await c.call('COMMAND', 'GETKEYS', 'ping'), new ReplyError('ERR The command has no key arguments'));
    assert.deepEqual(await c.call('COMMAND', 'GETKEYS'), new ReplyError("ERR wrong number of arguments for 'command|getkeys' command"));
  });

  it('sends key flags as a set in RESP3', async () => {
    const c3 = await RawConnection.connect(s.port);
    await c3.call('HELLO', '3');
    c3.send('COMMAND', 'GETKEYSANDFLAGS', 'getex', 'k', 'PERSIST');
    assert.equal(await c3.readRaw(), '*1\r\n*2\r\n$1\r\nk\r\n~3\r\n+RW\r\n+access\r\n+update\r\n');
    c3.close();
  });

  it('HELPs in Redis\'s frame, and refuses unknown subcommands', async () => {
    const help = (await c.call('COMMAND', 'HELP')) as string[];
    assert.equal(help[0], 'COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    for (const sub of ['COUNT', 'LIST', 'INFO [<command-name> ...]', 'DOCS [<command-name> ...]', 'GETKEYS <full-command>']) {
      assert.ok(help.includes(sub), sub);
    }
    assert.deepEqual(await c.call('COMMAND', 'FOO'), new ReplyError("ERR unknown subcommand 'FOO'. Try COMMAND HELP."));
  });

  it('works through node-redis in RESP3', async () => {
    const n = createClient({ socket: { port: s.port, host: '127.0.0.1' }, RESP: 3 });
    await n.connect();
    assert.equal(await n.sendCommand(['COMMAND', 'COUNT']), table.commands.size);
    const keys = await n.sendCommand(['COMMAND', 'GETKEYS', 'getdel', 'x']);
    assert.deepEqual(keys, ['x']);
    await n.quit();
  });
});

describe('COMMAND, differential', { skip: SKIP_NO_REDIS }, () => {
  let s: Started;
  let redis: RealRedis;
  before(async () => {
    s = await startServer();
    redis = await startRealRedis();
  });
  after(async () => {
    await s.stop();
    await redis.stop();
  });

  it('answers GETKEYS, INFO and LIST edge cases as Redis does', async () => {
    for (const hello of [2, 3] as const) {
      await assertSameReplies(s.port, redis.port, [
        { hello },
        ['COMMAND', 'GETKEYS', 'get', 'k'],
        ['COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b', '2'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'set', 'k', 'v', 'EX', '1', 'GET'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'bitfield', 'k', 'GET', 'u8', '0'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'bitfield', 'k', 'INCRBY', 'u8', '0', '1'],
        ['COMMAND', 'GETKEYSANDFLAGS', 'lcs', 'a', 'b'],
        ['COMMAND', 'GETKEYS', 'nosuchcommand', 'k'],
        ['COMMAND', 'GETKEYS', 'get', 'a', 'b'],
        ['COMMAND', 'GETKEYS', 'client', 'list'],
        ['COMMAND', 'GETKEYS'],
        ['COMMAND', 'INFO', 'nosuch'],
        ['COMMAND', 'INFO', 'get|x', 'a|b|c'],
        ['COMMAND', 'INFO', 'get'],
        ['COMMAND', 'INFO', 'GETRANGE', 'strlen'],
        ['COMMAND', 'DOCS', 'nosuch'],
        ['COMMAND', 'LIST', 'FILTERBY'],
        ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN'],
        ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'x', 'y'],
        ['COMMAND', 'LIST', 'FILTERBY', 'nope', 'x'],
        ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nosuchcategory'],
        ['COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'nosuchmodule'],
        ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'getrang?'],
        ['COMMAND', 'NOSUCH'],
      ]);
    }
  });
});
