// What must happen when CONFIG SET changes an option at runtime (Redis's apply functions). Only
// options Respite acts on need one; the rest are read where they are used.

import type { OptionDef } from './config-options.ts';
import type { LogLevel } from './logger.ts';
import { applyNotifyFlags } from './notify.ts';
import type { Server } from './server.ts';
import { trackingApplyLimit } from './tracking.ts';

/** Applies a changed option; returns Redis's error text when it cannot be applied. */
export function applyOption(server: Server, o: OptionDef): string | null {
  const v = server.config.values;
  switch (o.name) {
    case 'hz':
      server.restartCron();
      return null;
    case 'loglevel':
      server.log.level = v.loglevel as LogLevel;
      return null;
    case 'notify-keyspace-events':
      applyNotifyFlags(server);
      return null;
    case 'tracking-table-max-keys':
      trackingApplyLimit(server);
      return null;
    case 'maxmemory-policy':
    case 'lfu-log-factor':
    case 'lfu-decay-time':
      applyEvictionPolicy(server);
      return null;
    default:
      return null;
  }
}

/**
 * Keeps the keyspace's access tracking in step with maxmemory-policy: an LFU policy makes every
 * access update the LFU counter (lfu-log-factor, lfu-decay-time) instead of the LRU clock, as Redis's
 * updateLFU/LRU_CLOCK choice in lookupKey. Called at startup and when one of those options changes.
 */
export function applyEvictionPolicy(server: Server): void {
  const v = server.config.values;
  const policy = String(v['maxmemory-policy']);
  server.keyspace.lfu = policy.endsWith('-lfu')
    ? { logFactor: Number(v['lfu-log-factor']), decayTime: Number(v['lfu-decay-time']) }
    : null;
}

/** True for a client on a loopback address or a Unix socket (enable-*-command / protected configs "local"). */
export function isLocalAddress(kind: string, remoteAddress: string): boolean {
  if (kind === 'unix') return true;
  return remoteAddress.startsWith('127.') || remoteAddress.startsWith('::1') || remoteAddress.startsWith('[::1]') ||
    remoteAddress.startsWith('::ffff:127.');
}

/** Redis's allowProtectedAction for an enable-* option value ('yes', 'local' or 'no'). */
export function allowProtected(setting: unknown, kind: string, remoteAddress: string): boolean {
  return setting === 'yes' || (setting === 'local' && isLocalAddress(kind, remoteAddress));
}
