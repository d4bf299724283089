// Transaction commands: MULTI, EXEC, DISCARD, WATCH, UNWATCH. Queueing is the dispatcher's (it
// answers QUEUED and flags rejected commands); the queue, EXEC's run and WATCH's bookkeeping live
// in server/multi.ts.

import {
  ERR_DISCARD_WITHOUT_MULTI,
  ERR_EXEC_WITHOUT_MULTI,
  ERR_MULTI_NESTED,
  ERR_WATCH_IN_MULTI,
} from '../protocol/errors.ts';
import type { Client } from '../server/client.ts';
import { discardTransaction, execTransaction, startTransaction, unwatchAll, watchKey } from '../server/multi.ts';
import type { Handler } from './command.ts';

/** MULTI */
function multiCommand(c: Client): void {
  if (c.multi !== -1) {
    c.w.error(ERR_MULTI_NESTED);
    return;
  }
  startTransaction(c);
  c.w.ok();
}

/** EXEC */
function execCommand(c: Client): void {
  if (c.multi === -1) c.w.error(ERR_EXEC_WITHOUT_MULTI);
  else execTransaction(c.server, c);
}

/** DISCARD */
function discardCommand(c: Client): void {
  if (c.multi === -1) {
    c.w.error(ERR_DISCARD_WITHOUT_MULTI);
    return;
  }
  discardTransaction(c);
  c.w.ok();
}

/** WATCH key [key ...] */
function watchCommand(c: Client, argv: string[]): void {
  if (c.multi !== -1) {
    c.w.error(ERR_WATCH_IN_MULTI);
    return;
  }
  // Already doomed: watching more would only hold memory until EXEC.
  if (!c.dirtyCas) for (let i = 1; i < argv.length; i++) watchKey(c, argv[i]!);
  c.w.ok();
}

/** UNWATCH */
function unwatchCommand(c: Client): void {
  unwatchAll(c);
  c.dirtyCas = false;
  c.w.ok();
}

export const handlers: Record<string, Handler> = {
  multi: multiCommand,
  exec: execCommand,
  discard: discardCommand,
  watch: watchCommand,
  unwatch: unwatchCommand,
};
