// SLOWLOG GET / LEN / RESET / HELP: reading the slow log kept by server/slowlog.ts.

import { ERR_SLOWLOG_COUNT, errUnknownSubcommandOrArgs } from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import { slowlogOf } from '../../server/slowlog.ts';
import { parseInt64 } from '../../util/numbers.ts';
import type { Handler } from '../command.ts';

/** SLOWLOG GET [count]: the newest entries (10 by default, -1 for all). */
function slowlogGetCommand(c: Client, argv: string[]): void {
  if (argv.length > 3) {
    c.w.error(errUnknownSubcommandOrArgs(argv[1]!, argv[0]!));
    return;
  }
  const log = slowlogOf(c.server);
  log.trim(c.server.config.values['slowlog-max-len'] as number);
  let count = 10;
  if (argv.length === 3) {
    const n = parseInt64(argv[2]!);
    if (n === null || n < -1n) {
      c.w.error(ERR_SLOWLOG_COUNT);
      return;
    }
    count = n === -1n ? log.length : Number(n);
  }
  const entries = log.newest(count);
  const w = c.w;
  w.array(entries.length);
  for (const e of entries) {
    w.array(6);
    w.integer(e.id);
    w.integer(e.time);
    w.integer(e.duration);
    w.bulkArray(e.argv);
    w.bulk(e.peer);
    w.bulk(e.name);
  }
}

/** SLOWLOG LEN */
function slowlogLenCommand(c: Client): void {
  const log = slowlogOf(c.server);
  log.trim(c.server.config.values['slowlog-max-len'] as number);
  c.w.integer(log.length);
}

/** SLOWLOG RESET: empties the log; entry IDs keep counting. */
function slowlogResetCommand(c: Client): void {
  slowlogOf(c.server).reset();
  c.w.ok();
}

const HELP = [
  'GET [<count>]',
  '    Return the <count> newest entries of the slow log (default: 10, -1 for all of them).',
  '    Each entry holds:',
  '    1. A unique, increasing entry ID.',
  '    2. The Unix time at which the command ran.',
  '    3. How long it ran, in microseconds.',
  '    4. The command and its arguments.',
  '    5. The client\'s address (ip:port).',
  '    6. The client\'s name (CLIENT SETNAME).',
  'LEN',
  '    Return the number of entries in the slow log.',
  'RESET',
  '    Empty the slow log.',
];

/** SLOWLOG HELP */
function slowlogHelpCommand(c: Client): void {
  c.w.help('slowlog', HELP);
}

export const handlers: Record<string, Handler> = {
  'slowlog|get': slowlogGetCommand,
  'slowlog|len': slowlogLenCommand,
  'slowlog|reset': slowlogResetCommand,
  'slowlog|help': slowlogHelpCommand,
};
