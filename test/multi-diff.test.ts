// Transactions compared byte for byte with the real redis-server: queueing, every error a
// transaction can meet, runtime errors in place, WATCH on one connection, RESP3 replies inside EXEC.

import { after, before, describe, it } from 'node:test';
import { assertSameReplies, type Step } from './helpers/differential.ts';
import { startRealRedis, SKIP_NO_REDIS, type RealRedis } from './helpers/real-redis.ts';
import { startServer, type Started } from './helpers/server.ts';

describe('MULTI/EXEC vs real redis', { skip: SKIP_NO_REDIS }, () => {
  let s: Started;
  let real: RealRedis;
  before(async () => {
    s = await startServer();
    real = await startRealRedis();
  });
  after(async () => {
    await s?.stop();
    await real?.stop();
  });

  const same = (steps: Step[], label: string): Promise<void> => assertSameReplies(s.port, real.port, [['FLUSHALL'], ...steps], label);

  it('errors outside and inside a transaction', () => same([
    ['EXEC'], ['DISCARD'], ['EXEC', 'x'], ['UNWATCH'], ['WATCH'],
    ['MULTI'], ['MULTI'], ['WATCH', 'k'], ['SET', 'a', '1'], ['EXEC'],
    ['MULTI'], ['SET', 'a', '1'], ['INCR', 'a', 'b'], ['EXEC'], ['GET', 'a'],
    ['MULTI'], ['SET', 'a', '1'], ['NOSUCHCOMMAND', 'x', 'y'], ['EXEC'],
    ['MULTI'], ['CONFIG', 'NOSUCHSUB'], ['EXEC'],
    ['MULTI'], ['SHUTDOWN'], ['EXEC'],
    ['MULTI'], ['SET', 'a', '1'], ['EXEC', 'extra'], ['EXEC'],
    ['MULTI'], ['DISCARD'], ['DISCARD'],
  ], 'errors'));

  it('runtime errors are replies in place; the rest still runs', () => same([
    ['MULTI'], ['SET', 's', 'x'], ['INCR', 's'], ['HSET', 's', 'f', 'v'], ['APPEND', 's', 'y'], ['GET', 's'],
    ['SET', 'n', '1', 'EX', '-5'], ['INCRBYFLOAT', 'n2', 'nan'], ['EXEC'],
    ['GET', 's'], ['EXISTS', 'n'],
  ], 'runtime errors'));

  it('commands that run at once inside MULTI, SELECT inside EXEC, UNWATCH queued', () => same([
    ['MULTI'], ['PING'], ['ECHO', 'x'], ['SELECT', '1'], ['SET', 'a', 'db1'], ['SELECT', '0'], ['UNWATCH'], ['EXEC'],
    ['GET', 'a'], ['SELECT', '1'], ['GET', 'a'], ['SELECT', '0'],
    ['MULTI'], ['SET', 'a', '1'], ['RESET'], ['EXEC'], ['GET', 'a'],
    ['MULTI'], ['EXEC'],
  ], 'immediate'));

  it('WATCH on one connection: own writes, expired keys, flushes', () => same([
    ['SET', 'a', '1'], ['WATCH', 'a'], ['SET', 'a', '2'], ['MULTI'], ['GET', 'a'], ['EXEC'],
    ['WATCH', 'a'], ['MULTI'], ['GET', 'a'], ['EXEC'],
    ['WATCH', 'a', 'b'], ['DEL', 'b'], ['MULTI'], ['EXEC'],
    ['WATCH', 'a'], ['FLUSHDB'], ['MULTI'], ['EXEC'],
    ['WATCH', 'a'], ['FLUSHDB'], ['MULTI'], ['EXEC'],
    ['SET', 'x', '1'], ['WATCH', 'x'], ['SWAPDB', '0', '1'], ['MULTI'], ['EXEC'],
    ['WATCH', 'x'], ['SWAPDB', '0', '1'], ['MULTI'], ['EXEC'],
    ['WATCH', 'x'], ['UNWATCH'], ['SET', 'x', '2'], ['MULTI'], ['EXEC'],
    ['WATCH', 'x'], ['SET', 'x', '3'], ['UNWATCH'], ['MULTI'], ['GET', 'x'], ['EXEC'],
  ], 'watch'));

  it('SUBSCRIBE runs inside EXEC, SSUBSCRIBE is refused there', () => same([
    ['MULTI'], ['SUBSCRIBE', 'ch'], ['SSUBSCRIBE', 'sh'], ['PING'], ['EXEC'],
    ['PING'], ['UNSUBSCRIBE'], ['PING'],
  ], 'subscribe in multi'));

  it('RESP3 replies inside EXEC and the null of a failed EXEC', () => same([
    { hello: 3 },
    ['MULTI'], ['HSET', 'h', 'f', 'v'], ['HGETALL', 'h'], ['ZADD', 'z', '1.5', 'm'], ['ZSCORE', 'z', 'm'], ['GET', 'nope'],
    ['SMEMBERS', 's'], ['SADD', 's', 'a'], ['SMEMBERS', 's'], ['INCR', 'h'], ['EXEC'],
    ['WATCH', 'h'], ['DEL', 'h'], ['MULTI'], ['PING'], ['EXEC'],
    ['MULTI'], ['NOSUCH'], ['EXEC'],
    ['MULTI'], ['SUBSCRIBE', 'c'], ['EXEC'], ['UNSUBSCRIBE', 'c'],
  ], 'resp3'));

  it('QUIT inside MULTI answers and closes', () => same([['MULTI'], ['SET', 'a', '1'], ['QUIT']], 'quit'));
});
