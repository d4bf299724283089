// What must happen when CONFIG SET changes an option at runtime (Redis's apply functions). Only
// options Respite acts on need one; the rest are read where they are used.

import type { OptionDef } from './config-options.ts';
import type { LogLevel } from './logger.ts';
import type { Server } from './server.ts';

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
    default:
      return null;
  }
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
