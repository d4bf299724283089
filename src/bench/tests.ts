// redis-benchmark's default test list, with the same keys, values and titles, so that results
// line up with the real tool's: the value is the same pseudo-random filler of -d bytes.

import { encodeCommand } from '../protocol/reply-reader.ts';

export interface BenchTest {
  /** The title printed in reports (`LRANGE_100 (first 100 elements)`). */
  title: string;
  /** One request, encoded; `__rand_int__` placeholders are randomized per request when -r is set. */
  request: Buffer;
}

/** The filler redis-benchmark uses for values: a fixed linear congruential sequence. */
export class FillerData {
  #state = 1234;
  next(size: number): string {
    let out = '';
    for (let i = 0; i < size; i++) {
      this.#state = (Math.imul(this.#state, 1103515245) + 12345) >>> 0;
      out += String.fromCharCode(48 + ((this.#state >>> 16) & 63));
    }
    return out;
  }
}

/** True when `name` was picked with -t (no -t picks everything). */
function selected(tests: string | null, ...names: string[]): boolean {
  if (tests === null) return true;
  return names.some((n) => tests.includes(`,${n},`));
}

/** The tests to run, in redis-benchmark's order. `tests` is -t lowercased and wrapped in commas. */
export function defaultTests(tests: string | null, data: string, randomKeys: boolean): BenchTest[] {
  const out: BenchTest[] = [];
  const add = (title: string, args: string[]): void => {
    out.push({ title, request: encodeCommand(args) });
  };
  if (selected(tests, 'ping_inline', 'ping')) out.push({ title: 'PING_INLINE', request: Buffer.from('PING\r\n') });
  if (selected(tests, 'ping_mbulk', 'ping')) add('PING_MBULK', ['PING']);
  if (selected(tests, 'set')) add('SET', ['SET', 'key:__rand_int__', data]);
  if (selected(tests, 'get')) add('GET', ['GET', 'key:__rand_int__']);
  if (selected(tests, 'incr')) add('INCR', ['INCR', 'counter:__rand_int__']);
  if (selected(tests, 'lpush')) add('LPUSH', ['LPUSH', 'mylist', data]);
  if (selected(tests, 'rpush')) add('RPUSH', ['RPUSH', 'mylist', data]);
  if (selected(tests, 'lpop')) add('LPOP', ['LPOP', 'mylist']);
  if (selected(tests, 'rpop')) add('RPOP', ['RPOP', 'mylist']);
  if (selected(tests, 'sadd')) add('SADD', ['SADD', 'myset', 'element:__rand_int__']);
  if (selected(tests, 'hset')) add('HSET', ['HSET', 'myhash', 'element:__rand_int__', data]);
  if (selected(tests, 'spop')) add('SPOP', ['SPOP', 'myset']);
  if (selected(tests, 'zadd')) add('ZADD', ['ZADD', 'myzset', randomKeys ? '__rand_int__' : '0', 'element:__rand_int__']);
  if (selected(tests, 'zpopmin')) add('ZPOPMIN', ['ZPOPMIN', 'myzset']);
  const lr = (n: string): boolean => selected(tests, 'lrange', n);
  if (lr('lrange_100') || lr('lrange_300') || lr('lrange_500') || lr('lrange_600')) {
    add('LPUSH (needed to benchmark LRANGE)', ['LPUSH', 'mylist', data]);
  }
  if (lr('lrange_100')) add('LRANGE_100 (first 100 elements)', ['LRANGE', 'mylist', '0', '99']);
  if (lr('lrange_300')) add('LRANGE_300 (first 300 elements)', ['LRANGE', 'mylist', '0', '299']);
  if (lr('lrange_500')) add('LRANGE_500 (first 500 elements)', ['LRANGE', 'mylist', '0', '499']);
  if (lr('lrange_600')) add('LRANGE_600 (first 600 elements)', ['LRANGE', 'mylist', '0', '599']);
  if (selected(tests, 'mset')) {
    const args = ['MSET'];
    for (let i = 0; i < 10; i++) args.push('key:__rand_int__', data);
    add('MSET (10 keys)', args);
  }
  return out;
}

/** A test from a command given on the command line: its title is the words joined by spaces. */
export function commandTest(argv: string[]): BenchTest {
  return { title: argv.join(' '), request: encodeCommand(argv.map((a) => Buffer.from(a))) };
}

/** Offsets of every `__rand_int__` in a buffer. */
export function randOffsets(buf: Buffer): number[] {
  const out: number[] = [];
  let p = buf.indexOf('__rand_int__');
  while (p !== -1) {
    out.push(p);
    p = buf.indexOf('__rand_int__', p + 12);
  }
  return out;
}
