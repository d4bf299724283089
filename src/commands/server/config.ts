// CONFIG GET / SET / RESETSTAT / REWRITE / HELP. The option registry and value syntax live in
// src/server/config*.ts; this file is the command surface with Redis's replies and errors.

import {
  errConfigRewrite,
  errConfigSetFailed,
  errConfigSetUnknown,
  ERR_NO_CONFIG_FILE,
  ERR_SYNTAX,
} from '../../protocol/errors.ts';
import type { Client } from '../../server/client.ts';
import { allowProtected, applyOption } from '../../server/config-apply.ts';
import { ALL_OPTIONS, valueKey, type OptionDef } from '../../server/config-options.ts';
import { strerror } from '../../server/config-parse.ts';
import { resetMetrics } from '../../server/metrics.ts';
import { rewriteConfigFile } from '../../server/config-rewrite.ts';
import { globMatch } from '../../util/glob.ts';
import type { Handler } from '../command.ts';

/** Every registered name (options and their aliases) with its option, for pattern matching. */
const NAMES: [string, OptionDef][] = ALL_OPTIONS.flatMap((o) =>
  o.alias === undefined ? [[o.name, o] as [string, OptionDef]] : [[o.name, o], [o.alias, o]] as [string, OptionDef][]);

function hasPattern(s: string): boolean {
  return s.includes('*') || s.includes('?') || s.includes('[');
}

/** CONFIG GET parameter [parameter ...] */
function configGetCommand(c: Client, argv: string[]): void {
  const config = c.server.config;
  // Name as shown → option; a name asked for exactly is shown as typed, as Redis does.
  const matches = new Map<string, [string, OptionDef]>();
  for (let i = 2; i < argv.length; i++) {
    const p = argv[i]!;
    if (!hasPattern(p)) {
      const o = config.lookup(p);
      if (o !== undefined && !matches.has(p.toLowerCase())) matches.set(p.toLowerCase(), [p, o]);
      continue;
    }
    for (const [name, o] of NAMES) {
      if (o.hidden || matches.has(name)) continue;
      if (globMatch(p, name, true)) matches.set(name, [name, o]);
    }
  }
  c.w.map(matches.size);
  for (const [shown, o] of matches.values()) {
    c.w.bulk(shown);
    c.w.bulk(config.format(o));
  }
}

/** The arguments a CONFIG SET value stands for: multi-argument options split on single spaces. */
function setArgs(o: OptionDef, value: string): string[] {
  if (!o.multiArg) return [value];
  return value === '' ? [] : value.split(' ');
}

/** CONFIG SET parameter value [parameter value ...] — all or nothing. */
function configSetCommand(c: Client, argv: string[]): void {
  if (argv.length % 2 !== 0) {
    c.w.error(ERR_SYNTAX);
    return;
  }
  const server = c.server;
  const config = server.config;
  const opts: OptionDef[] = [];
  const names: string[] = [];
  for (let i = 2; i < argv.length; i += 2) {
    const name = argv[i]!;
    const o = config.lookup(name);
    if (o === undefined) {
      c.w.error(errConfigSetUnknown(name));
      return;
    }
    let why: string | null = null;
    if (!o.mutable) why = "can't set immutable config";
    else if (o.protected && !allowProtected(config.values['enable-protected-configs'], c.conn.kind, c.conn.remoteAddress)) {
      why = "can't set protected config";
    } else if (opts.includes(o)) why = 'duplicate parameter';
    if (why !== null) {
      c.w.error(errConfigSetFailed(name, why));
      return;
    }
    opts.push(o);
    names.push(o.alias !== undefined && o.alias === name.toLowerCase() ? o.alias : o.name);
  }
  const old = opts.map((o) => config.raw(o));
  const restore = (): void => {
    opts.forEach((o, k) => (config.values[valueKey(o)] = old[k]));
  };
  const changed: OptionDef[] = [];
  for (let k = 0; k < opts.length; k++) {
    const o = opts[k]!;
    const before = config.format(o);
    const err = config.set(o, setArgs(o, argv[3 + 2 * k]!));
    if (err !== null) {
      restore();
      c.w.error(errConfigSetFailed(names[k]!, err));
      return;
    }
    if (config.format(o) !== before && !changed.includes(o)) changed.push(o);
  }
  for (const o of changed) {
    const err = applyOption(server, o);
    if (err !== null) {
      server.log.warning(`Failed applying new configuration. Possibly related to new ${o.name} setting. Restoring previous settings.`);
      restore();
      for (const p of changed) applyOption(server, p);
      c.w.error(errConfigSetFailed(o.name, err));
      return;
    }
  }
  c.w.ok();
}

/** CONFIG RESETSTAT */
function configResetstatCommand(c: Client): void {
  const s = c.server;
  s.stats.reset();
  for (const cmd of s.table.all()) {
    const st = cmd.stats;
    st.calls = 0;
    st.usec = 0;
    st.rejected = 0;
    st.failed = 0;
  }
  const ks = s.keyspace.stats;
  ks.expiredKeys = 0;
  ks.expiredStalePerc = 0;
  ks.expiredTimeCapReachedCount = 0;
  ks.expireCycleTimeUsed = 0;
  ks.keyspaceHits = 0;
  ks.keyspaceMisses = 0;
  resetMetrics(s);
  c.w.ok();
}

/** CONFIG REWRITE */
function configRewriteCommand(c: Client): void {
  const s = c.server;
  const file = s.config.file;
  if (file === null) {
    c.w.error(ERR_NO_CONFIG_FILE);
    return;
  }
  try {
    rewriteConfigFile(s.config, file);
  } catch (e) {
    s.log.warning(`CONFIG REWRITE failed: ${strerror(e)}`);
    c.w.error(errConfigRewrite(strerror(e)));
    return;
  }
  s.log.warning('CONFIG REWRITE executed with success.');
  c.w.ok();
}

/** CONFIG HELP */
function configHelpCommand(c: Client): void {
  c.w.help('CONFIG', [
    'GET <pattern>',
    '    Return parameters matching the glob-like <pattern> and their values.',
    'SET <directive> <value>',
    '    Set the configuration <directive> to <value>.',
    'RESETSTAT',
    '    Reset statistics reported by the INFO command.',
    'REWRITE',
    '    Rewrite the configuration file.',
  ]);
}

export const handlers: Record<string, Handler> = {
  'config|get': configGetCommand,
  'config|set': configSetCommand,
  'config|resetstat': configResetstatCommand,
  'config|rewrite': configRewriteCommand,
  'config|help': configHelpCommand,
};
