// MONITOR: the connection starts receiving every command the server runs (see server/monitor.ts).

import { ERR_MONITOR_DENY_BLOCKING } from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import { addMonitor } from '../../server/monitor.ts';
import type { Handler } from '../command.ts';

/** MONITOR */
function monitorCommand(c: Client): void {
  // Inside a transaction a client expects one reply per command: Redis refuses.
  if (c.multi >= 0) {
    c.w.error(ERR_MONITOR_DENY_BLOCKING);
    return;
  }
  // Already monitoring: Redis ignores the command, without a reply.
  if (!addMonitor(c)) return;
  c.w.ok();
}

export const handlers: Record<string, Handler> = {
  monitor: monitorCommand,
};
