// COMMAND: introspection of the command table. Only commands Respite implements (those with a
// handler, see table.ts) are reported, with Redis 7.2's facts and our own prose.

import {
  ERR_GETKEYS_BAD_ARGS,
  ERR_GETKEYS_INVALID_COMMAND,
  ERR_GETKEYS_NO_KEYS,
  ERR_GETKEYS_WRONG_ARITY,
  ERR_SYNTAX,
} from '../protocol/errors.ts';
import type { Client } from '../server/client.ts';
import { globMatch } from '../util/glob.ts';
import type { Command, Handler } from './command.ts';
import { commandHasKeys, extractKeys } from './key-extract.ts';
import { ACL_CATEGORY_ORDER } from './meta/acl-categories.ts';
import { writeCommandDocs, writeCommandInfo, writeStatusSet } from './meta/reply.ts';
import type { CommandTable } from './table.ts';

/** COMMAND */
function commandCommand(c: Client): void {
  const commands = c.server.table.commands;
  c.w.array(commands.size);
  for (const cmd of commands.values()) writeCommandInfo(c.w, cmd);
}

/** COMMAND COUNT */
function commandCountCommand(c: Client): void {
  c.w.integer(c.server.table.commands.size);
}

/** COMMAND INFO [command-name ...] */
function commandInfoCommand(c: Client, argv: string[]): void {
  const table = c.server.table;
  if (argv.length === 2) {
    commandCommand(c);
    return;
  }
  c.w.array(argv.length - 2);
  for (let i = 2; i < argv.length; i++) {
    const cmd = lookupByFullName(table, argv[i]!);
    if (cmd === undefined) c.w.nullBulk();
    else writeCommandInfo(c.w, cmd);
  }
}

/** COMMAND DOCS [command-name ...] */
function commandDocsCommand(c: Client, argv: string[]): void {
  const table = c.server.table;
  const found: Command[] = [];
  if (argv.length === 2) found.push(...table.commands.values());
  else {
    // Unknown names are left out of the reply, not reported as nil.
    for (let i = 2; i < argv.length; i++) {
      const cmd = lookupByFullName(table, argv[i]!);
      if (cmd !== undefined) found.push(cmd);
    }
  }
  c.w.map(found.length);
  for (const cmd of found) {
    c.w.bulk(cmd.fullName);
    writeCommandDocs(c.w, cmd);
  }
}

/** COMMAND LIST [FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern] */
function commandListCommand(c: Client, argv: string[]): void {
  let match: ((cmd: Command) => boolean) | null = null;
  for (let i = 2; i < argv.length; i++) {
    // Exactly one FILTERBY clause, and it must end the command.
    if (argv[i]!.toLowerCase() !== 'filterby' || argv.length - 1 - i !== 2) {
      c.w.error(ERR_SYNTAX);
      return;
    }
    const type = argv[i + 1]!.toLowerCase();
    const arg = argv[i + 2]!;
    if (type === 'module') match = () => false; // Respite loads no modules
    else if (type === 'aclcat') {
      const cat = '@' + arg.toLowerCase();
      match = ACL_CATEGORY_ORDER.includes(cat) ? (cmd) => cmd.facts.acl.includes(cat) : () => false;
    } else if (type === 'pattern') match = (cmd) => globMatch(arg, cmd.fullName, true);
    else {
      c.w.error(ERR_SYNTAX);
      return;
    }
    i += 2;
  }
  const names: string[] = [];
  for (const cmd of c.server.table.all()) {
    if (match === null || match(cmd)) names.push(cmd.fullName);
  }
  c.w.bulkArray(names);
}

/** COMMAND GETKEYS command [arg ...] */
function commandGetkeysCommand(c: Client, argv: string[]): void {
  getKeysGeneric(c, argv, false);
}

/** COMMAND GETKEYSANDFLAGS command [arg ...] */
function commandGetkeysandflagsCommand(c: Client, argv: string[]): void {
  getKeysGeneric(c, argv, true);
}

function getKeysGeneric(c: Client, argv: string[], withFlags: boolean): void {
  const line = argv.slice(2);
  const { cmd } = c.server.table.lookup(line);
  if (cmd === undefined) {
    c.w.error(ERR_GETKEYS_INVALID_COMMAND);
    return;
  }
  if (!commandHasKeys(cmd.facts)) {
    c.w.error(ERR_GETKEYS_NO_KEYS);
    return;
  }
  if (!cmd.arityOk(line.length)) {
    c.w.error(ERR_GETKEYS_WRONG_ARITY);
    return;
  }
  const keys = extractKeys(cmd.facts, line);
  if (keys.length === 0) {
    if (cmd.hasFlag('no_mandatory_keys')) c.w.array(0);
    else c.w.error(ERR_GETKEYS_BAD_ARGS);
    return;
  }
  c.w.array(keys.length);
  for (const k of keys) {
    if (withFlags) {
      c.w.array(2);
      c.w.bulk(line[k.pos]!);
      writeStatusSet(c.w, k.flags);
    } else c.w.bulk(line[k.pos]!);
  }
}

/** COMMAND HELP */
function commandHelpCommand(c: Client): void {
  c.w.help('COMMAND', [
    '(no subcommand)',
    '    Describe every command this server knows.',
    'COUNT',
    '    Count the commands this server knows.',
    'LIST',
    '    Name every command this server knows.',
    'INFO [<command-name> ...]',
    '    Describe the named commands (all commands when none are named).',
    'DOCS [<command-name> ...]',
    '    Documentation of the named commands (all commands when none are named).',
    'GETKEYS <full-command>',
    '    Name the keys a full command line would use.',
    'GETKEYSANDFLAGS <full-command>',
    '    Name the keys a full command line would use, with how it uses each.',
  ]);
}

/**
 * A command or subcommand by its full name (`get`, `client|list`), any case, as Redis's
 * lookupCommandBySds: a subcommand must be named with its container, and nothing deeper exists.
 */
export function lookupByFullName(table: CommandTable, name: string): Command | undefined {
  const parts = name.split('|');
  if (name === '' || parts.length > 2) return undefined;
  const base = table.get(parts[0]!);
  if (base === undefined) return undefined;
  if (parts.length === 1) return base;
  return base.subcommands?.get(parts[1]!.toLowerCase());
}

export const handlers: Record<string, Handler> = {
  command: commandCommand,
  'command|count': commandCountCommand,
  'command|docs': commandDocsCommand,
  'command|getkeys': commandGetkeysCommand,
  'command|getkeysandflags': commandGetkeysandflagsCommand,
  'command|help': commandHelpCommand,
  'command|info': commandInfoCommand,
  'command|list': commandListCommand,
};
