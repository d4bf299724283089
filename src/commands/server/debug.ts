// DEBUG: the subcommands tests and tools rely on. Like Redis 7, DEBUG is refused unless
// enable-debug-command allows it (yes, or local for a local connection).

import { randomBytes } from 'node:crypto';
import { errUnknownSubcommandOrArgs, ERR_DEBUG_NOT_ALLOWED, ERR_NO_SUCH_KEY } from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import { allowProtected } from '../../server/config-apply.ts';
import { metricsOf } from '../../server/metrics.ts';
import { lruIdleSeconds, type RObject } from '../../types/object.ts';
import type { Handler } from '../command.ts';

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the executor, as DEBUG SLEEP does in Redis. */
function blockFor(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}

/** strtod's leading-number reading: "1.5x" is 1.5, "x" is 0. */
function strtod(s: string): number {
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s);
  return m === null ? 0 : Number(m[0]);
}

/** C's atoi. */
function atoi(s: string): number {
  const m = /^\s*[+-]?\d+/.exec(s);
  return m === null ? 0 : Number(m[0]);
}

const addresses = new WeakMap<RObject, number>();
let nextAddress = 0x7f0000100000;

/** A stable pseudo address per object, for DEBUG OBJECT's "Value at:". */
function addressOf(o: RObject): string {
  let a = addresses.get(o);
  if (a === undefined) {
    a = nextAddress;
    nextAddress += 0x40;
    addresses.set(o, a);
  }
  return a.toString(16);
}

/** RDB length-encoding bytes of a length. */
function lenBytes(n: number): number {
  return n < 64 ? 1 : n < 16384 ? 2 : n <= 0xffffffff ? 5 : 9;
}

/** The serialized length of a string value in an RDB file, without LZF compression. */
function serializedLength(o: RObject): number {
  if (o.type === 'string') {
    if (o.enc === 'int') {
      const n = Number(o.value);
      return n >= -128 && n <= 127 ? 2 : n >= -32768 && n <= 32767 ? 3 : n >= -2147483648 && n <= 2147483647 ? 5 : 1 + String(o.value).length + 1;
    }
    const len = (o.value as string).length;
    return lenBytes(len) + len;
  }
  return 0;
}

function debugObject(c: Client, key: string): void {
  const o = c.db.lookupRead(key, false);
  if (o === undefined) {
    c.w.error(ERR_NO_SUCH_KEY);
    return;
  }
  const lru = o.lru;
  const idle = lruIdleSeconds(lru, c.server.keyspace.lruClock());
  c.w.simple(`Value at:0x${addressOf(o)} refcount:1 encoding:${o.enc} serializedlength:${serializedLength(o)} ` +
    `lru:${lru} lru_seconds_idle:${idle}`);
}

const HELP = [
  'CHANGE-REPL-ID',
  '    Draw a new replication id.',
  'ERROR <string>',
  '    Reply with <string> as an error.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'OBJECT <key>',
  '    Show low level information about <key> and its value.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    0 stops deleting expired keys in the background (they still expire when accessed); 1 resumes.',
  'SLEEP <seconds>',
  '    Block the server for <seconds> (decimals allowed).',
];

/** DEBUG subcommand [arg ...] */
function debugCommand(c: Client, argv: string[]): void {
  const s = c.server;
  if (!allowProtected(s.config.values['enable-debug-command'], c.conn.kind, c.conn.remoteAddress)) {
    c.w.error(ERR_DEBUG_NOT_ALLOWED);
    return;
  }
  const sub = argv[1]!.toLowerCase();
  const n = argv.length;
  if (sub === 'help' && n === 2) {
    c.w.help('DEBUG', HELP);
  } else if (sub === 'sleep' && n === 3) {
    blockFor(strtod(argv[2]!) * 1000);
    c.w.ok();
  } else if (sub === 'object' && n === 3) {
    debugObject(c, argv[2]!);
  } else if (sub === 'set-active-expire' && n === 3) {
    s.activeExpireEnabled = atoi(argv[2]!) !== 0;
    c.w.ok();
  } else if (sub === 'change-repl-id' && n === 2) {
    metricsOf(s).replId = randomBytes(20).toString('hex');
    s.log.warning('Changing replication IDs after receiving DEBUG change-repl-id');
    c.w.ok();
  } else if (sub === 'log' && n === 3) {
    s.log.warning(`DEBUG LOG: ${argv[2]!}`);
    c.w.ok();
  } else if (sub === 'error' && n === 3) {
    c.w.error(argv[2]!);
  } else {
    c.w.error(errUnknownSubcommandOrArgs(argv[1]!, 'DEBUG'));
  }
}

export const handlers: Record<string, Handler> = { debug: debugCommand };
