// client-output-buffer-limit, as Redis's checkClientOutputBufferLimits: a client's unsent output
// past its class's hard limit, or past the soft limit for longer than the soft seconds, means the
// client must be closed. Tracks when the soft limit was first passed on the client itself.

import type { Client } from './client.ts';
import type { ConfigValues } from './config.ts';
import type { Clock } from '../store/keyspace.ts';

/**
 * Checked after every reply batch, so the clock is read only when the soft limit is passed (a
 * Date.now() per batch was a visible share of the CPU per request at -P 1).
 */
export function outputLimitReached(limits: ConfigValues['clientOutputBufferLimit'], c: Client, clock: Clock): boolean {
  const type = c.type;
  // Masters are limited as normal clients, as in Redis.
  const lim = type === 'pubsub' ? limits.pubsub : type === 'replica' ? limits.replica : limits.normal;
  if (lim.hard === 0 && lim.soft === 0) return false;
  const used = c.outputBytes;
  const hard = lim.hard !== 0 && used >= lim.hard;
  let soft = lim.soft !== 0 && used >= lim.soft;
  if (soft) {
    const now = clock.now();
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
