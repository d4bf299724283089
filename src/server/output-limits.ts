// client-output-buffer-limit, as Redis's checkClientOutputBufferLimits: a client's unsent output
// past its class's hard limit, or past the soft limit for longer than the soft seconds, means the
// client must be closed. Tracks when the soft limit was first passed on the client itself.

import type { Client } from './client.ts';
import type { ConfigValues } from './config.ts';

export function outputLimitReached(limits: ConfigValues['clientOutputBufferLimit'], c: Client, now: number): boolean {
  const type = c.type;
  // Masters are limited as normal clients, as in Redis.
  const lim = type === 'pubsub' ? limits.pubsub : type === 'replica' ? limits.replica : limits.normal;
  if (lim.hard === 0 && lim.soft === 0) return false;
  const used = c.outputBytes;
  const hard = lim.hard !== 0 && used >= lim.hard;
  let soft = lim.soft !== 0 && used >= lim.soft;
  if (soft) {
    if (c.softLimitSince === 0) {
      c.softLimitSince = now;
      soft = false;
    } else if (Math.floor(now / 1000) - Math.floor(c.softLimitSince / 1000) <= lim.softSeconds) {
      // Redis counts whole seconds of its unixtime clock.
      soft = false;
    }
  } else {
    c.softLimitSince = 0;
  }
  return hard || soft;
}
