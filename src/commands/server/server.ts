// Server commands: TIME, LASTSAVE, SHUTDOWN. (MEMORY and DEBUG have their own files.)

import { ERR_NO_SHUTDOWN, ERR_SHUTDOWN_FAILED, ERR_SYNTAX } from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import { systemClock } from '../../store/keyspace.ts';
import type { Handler } from '../command.ts';

/** TIME */
function timeCommand(c: Client): void {
  const clock = c.server.clock;
  // With the real clock, microseconds come from the high-resolution timer; a test clock gives ms.
  const usecTotal = clock === systemClock ? Math.floor((performance.timeOrigin + performance.now()) * 1000) : clock.now() * 1000;
  c.w.array(2);
  c.w.bulk(String(Math.floor(usecTotal / 1e6)));
  c.w.bulk(String(usecTotal % 1e6));
}

/** LASTSAVE — Respite has not saved yet, so this is the start time, as for Redis before its first save. */
function lastsaveCommand(c: Client): void {
  c.w.integer(Math.floor(c.server.startedAt / 1000));
}

/** SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT] */
function shutdownCommand(c: Client, argv: string[]): void {
  let save = false;
  let nosave = false;
  let force = false;
  let abort = false;
  let now = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!.toLowerCase();
    if (a === 'nosave') nosave = true;
    else if (a === 'save') save = true;
    else if (a === 'now') now = true;
    else if (a === 'force') force = true;
    else if (a === 'abort') abort = true;
    else {
      c.w.error(ERR_SYNTAX);
      return;
    }
  }
  if ((abort && argv.length !== 2) || (save && nosave)) {
    c.w.error(ERR_SYNTAX);
    return;
  }
  // Nothing ever waits for replicas here, so there is never a shutdown in progress to abort.
  if (abort) {
    c.w.error(ERR_NO_SHUTDOWN);
    return;
  }
  void now;
  const s = c.server;
  s.log.warning('User requested shutdown...');
  // Respite cannot write an RDB snapshot yet: an explicit SAVE fails unless FORCE says to exit anyway.
  if (save) {
    s.log.warning('Saving the final RDB snapshot before exiting.');
    s.log.warning('Error trying to save the DB: Respite does not persist data yet.');
    if (!force) {
      s.log.warning('Errors trying to shut down the server. Check the logs for more information.');
      c.w.error(ERR_SHUTDOWN_FAILED);
      return;
    }
  }
  // No reply on success: the connection closes as the server stops, as with Redis.
  void s.stop();
}

export const handlers: Record<string, Handler> = {
  time: timeCommand,
  lastsave: lastsaveCommand,
  shutdown: shutdownCommand,
};
