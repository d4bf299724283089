// Syntax lines of commands from their documented arguments (as COMMAND DOCS describes them):
// `SET key value [NX | XX] [GET] ...`. Used by the CLI's help and hints and by the client's
// generated method comments.

import type { CommandArg } from '../commands/command.ts';

export function argSyntax(a: CommandArg): string {
  let s: string;
  if (a.type === 'pure-token') s = a.token ?? a.name;
  else if (a.type === 'oneof') s = (a.arguments ?? []).map(argSyntax).join(' | ');
  else if (a.type === 'block') s = (a.arguments ?? []).map(argSyntax).join(' ');
  else s = (a.token !== undefined ? a.token + ' ' : '') + (a.display_text ?? a.name);
  const flags = a.flags ?? [];
  if (flags.includes('multiple')) s = `${s} [${s} ...]`;
  if (a.type === 'oneof' && !flags.includes('optional')) s = `<${s}>`;
  if (flags.includes('optional')) s = `[${s}]`;
  return s;
}

/** The parameters part of a syntax line, one entry per documented argument. */
export function paramList(args: CommandArg[] | undefined): string[] {
  return (args ?? []).map(argSyntax);
}
