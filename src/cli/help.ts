// Interactive help and inline hints from the command facts: `help GET`, `help @string`, and the
// gray argument hint shown after what has been typed so far.

import type { CommandDocs, CommandFacts } from '../commands/command.ts';
import { loadFacts } from '../commands/meta/facts.ts';
import { paramList } from './command-syntax.ts';

export interface HelpEntry {
  /** `GET` or `CLIENT KILL`. */
  name: string;
  params: string[];
  summary: string;
  since: string;
  group: string;
}

let entries: HelpEntry[] | null = null;

function entry(name: string, docs: CommandDocs | undefined): HelpEntry {
  return {
    name,
    params: paramList(docs?.arguments),
    summary: docs?.summary ?? '',
    since: docs?.since ?? '',
    group: docs?.group ?? '',
  };
}

/** Every command and subcommand, sorted by name. */
export function helpEntries(): HelpEntry[] {
  if (entries !== null) return entries;
  const out: HelpEntry[] = [];
  for (const f of loadFacts().values() as Iterable<CommandFacts>) {
    const subs = f.subcommands ?? [];
    if (subs.length === 0) out.push(entry(f.name.toUpperCase(), f.docs));
    for (const s of subs) {
      const docs = f.docs.subcommands?.[s.name] ?? s.docs;
      out.push(entry(s.name.replace('|', ' ').toUpperCase(), docs));
    }
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  entries = out;
  return out;
}

export function groups(): string[] {
  return [...new Set(helpEntries().map((e) => e.group).filter((g) => g !== ''))].sort();
}

/** One command's help, as redis-cli prints it (bold name, gray parameters, yellow labels). */
export function commandHelp(e: HelpEntry, withGroup = true): string {
  let s = `\r\n  \x1b[1m${e.name}\x1b[0m \x1b[90m${e.params.join(' ')}\x1b[0m\r\n`;
  s += `  \x1b[33msummary:\x1b[0m ${e.summary}\r\n`;
  s += `  \x1b[33msince:\x1b[0m ${e.since}\r\n`;
  if (withGroup) s += `  \x1b[33mgroup:\x1b[0m ${e.group}\r\n`;
  return s;
}

export function generalHelp(version: string): string {
  return `${version}\n` +
    'To get help about commands type:\n' +
    '      "help @<group>" to get a list of commands in <group>\n' +
    '      "help <command>" for help on <command>\n' +
    '      "help <tab>" to get a list of possible help topics\n' +
    '      "quit" to exit\n\n' +
    'To set respite-cli preferences:\n' +
    '      ":set hints" enable online hints\n' +
    '      ":set nohints" disable online hints\n';
}

/** The text for `help <args>`; empty when nothing matches. */
export function helpFor(args: string[]): string {
  if (args.length === 0) return '';
  const first = args[0]!;
  if (first.startsWith('@')) {
    const g = first.slice(1).toLowerCase();
    return helpEntries().filter((e) => e.group === g).map((e) => commandHelp(e, false)).join('') + (g === '' ? '' : '\r\n');
  }
  const wanted = args.join(' ').toUpperCase();
  const matches = helpEntries().filter((e) => e.name === wanted || e.name.startsWith(`${wanted} `));
  return matches.map((e) => commandHelp(e)).join('') + (matches.length > 0 ? '\r\n' : '');
}

/** The hint after `typed` (the words on the line so far): the parameters not yet given. */
export function hintFor(words: string[], endsWithSpace: boolean): string {
  if (words.length === 0) return '';
  const all = helpEntries();
  // A two-word name (CLIENT KILL) wins over the container (CLIENT).
  let e: HelpEntry | undefined;
  let used = 1;
  if (words.length >= 2) {
    e = all.find((x) => x.name === `${words[0]} ${words[1]}`.toUpperCase());
    if (e !== undefined) used = 2;
  }
  e ??= all.find((x) => x.name === words[0]!.toUpperCase());
  if (e === undefined) return '';
  // The word being typed counts as given: its hint is what follows it.
  const rest = e.params.slice(words.length - used);
  if (rest.length === 0) return '';
  return (endsWithSpace ? '' : ' ') + rest.join(' ');
}

/** Command names for tab completion. */
export function completions(prefix: string): string[] {
  const p = prefix.toUpperCase();
  const names = new Set<string>();
  for (const e of helpEntries()) if (e.name.startsWith(p)) names.add(e.name);
  return [...names];
}
