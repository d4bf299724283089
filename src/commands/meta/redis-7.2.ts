// Where Redis 7.2 differs from the redis-server the facts were generated from (Debian's 7.0.15).
// Source: Redis 7.2's command table (src/commands/*.json, as generated into src/commands.def),
// compared command by command with redis-facts.json. Facts only: history entries carry our own
// wording (the version is the fact), summaries come from summaries.ts.
//
// Kinds of change (each entry below is one of these):
//  - new commands and subcommands (WAITAOF, CLIENT SETINFO, CLIENT NO-TOUCH, CLUSTER MYSHARDID);
//  - new arguments (ZRANK/ZREVRANK WITHSCORE) and their arity and history;
//  - flag changes (blocking commands may run inside scripts and MULTI in 7.2, so they lost `noscript`);
//    ACL categories follow the flags (acl-categories.ts);
//  - doc changes: QUIT deprecated, tips, and argument trees that 7.2 restructured or renamed
//    (redis-7.2-args.ts).

import type { CommandFacts } from '../command.ts';
import { aclFor, reflag } from './acl-categories.ts';
import { parseArgs } from './arg-dsl.ts';
import { ARGS_72 } from './redis-7.2-args.ts';
import { parseSpec } from './spec-dsl.ts';

/** A change to one command's facts; absent fields are unchanged. */
export interface Patch {
  arity?: number;
  flags?: string[];
  /** Explicit ACL categories; default: derived from the flags (see reflag). */
  acl?: string[];
  tips?: string[];
  /** Key specs in spec-dsl notation. */
  specs?: string[];
  range?: [first: number, last: number, step: number];
  since?: string;
  complexity?: string;
  docFlags?: string[];
  deprecatedSince?: string;
  replacedBy?: string;
  /** The whole history, [version, our wording]. */
  history?: [string, string][];
  /** The whole argument list in arg-dsl notation. */
  args?: string;
}

/** A command that 7.2 adds: its group, its container (for a subcommand), and its facts. */
interface NewCommand extends Patch {
  name: string;
  group: string;
  arity: number;
  flags: string[];
  acl: string[];
}

const NEW_COMMANDS: NewCommand[] = [
  {
    name: 'waitaof', group: 'generic', arity: 4, flags: ['noscript'], acl: ['@connection'],
    tips: ['request_policy:all_shards', 'response_policy:agg_min'], since: '7.2.0', complexity: 'O(1)',
    args: 'numlocal:integer numreplicas:integer timeout:integer',
  },
  {
    name: 'client|no-touch', group: 'connection', arity: 3, flags: ['noscript', 'loading', 'stale'],
    acl: ['@connection'], since: '7.2.0', complexity: 'O(1)',
    args: 'enabled:oneof(on:pure-token=ON off:pure-token=OFF)',
  },
  {
    name: 'client|setinfo', group: 'connection', arity: 4, flags: ['noscript', 'loading', 'stale'],
    acl: ['@connection'], tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'], since: '7.2.0',
    complexity: 'O(1)', args: 'attr:oneof(libname:string=LIB-NAME libver:string=LIB-VER)',
  },
  {
    name: 'cluster|myshardid', group: 'cluster', arity: 2, flags: ['stale'], acl: [],
    tips: ['nondeterministic_output'], since: '7.2.0', complexity: 'O(1)',
  },
];

const ALL_NODES_OK = ['request_policy:all_nodes', 'response_policy:all_succeeded'];
const WITHSCORE_HISTORY: [string, string][] = [['7.2.0', 'The optional WITHSCORE argument was added.']];

/** Changes to commands that exist in 7.0, by full lowercase name. */
const PATCHES: Record<string, Patch> = {
  zrank: { arity: -3, history: WITHSCORE_HISTORY, args: 'key:key#0 member:string withscore:pure-token?=WITHSCORE' },
  zrevrank: { arity: -3, history: WITHSCORE_HISTORY, args: 'key:key#0 member:string withscore:pure-token?=WITHSCORE' },
  quit: { docFlags: ['deprecated'], deprecatedSince: '7.2.0', replacedBy: 'just closing the connection' },
  'client|pause': { since: '3.0.0' },
  'cluster|shards': { flags: ['loading', 'stale'] },
  'cluster|slots': { flags: ['loading', 'stale'] },
  msetnx: { tips: [] },
  randomkey: { tips: ['request_policy:all_shards', 'response_policy:special', 'nondeterministic_output'] },
  scan: { tips: ['nondeterministic_output', 'request_policy:special', 'response_policy:special'] },
  wait: { flags: [] },
  // Blocking commands may run inside MULTI and scripts in 7.2 (they act as non-blocking there).
  blmove: { flags: ['write', 'denyoom', 'blocking'] },
  blpop: { flags: ['write', 'blocking'] },
  brpop: { flags: ['write', 'blocking'] },
  brpoplpush: { flags: ['write', 'denyoom', 'blocking'] },
  bzpopmax: { flags: ['write', 'blocking', 'fast'] },
  bzpopmin: { flags: ['write', 'blocking', 'fast'] },
  'acl|log': { history: [['7.2.0', 'Entries gained an id and the times they were first and last logged.']] },
  'acl|deluser': { tips: ALL_NODES_OK },
  'acl|save': { tips: ALL_NODES_OK },
  'acl|setuser': { tips: ALL_NODES_OK },
  'command|getkeys': { arity: -3 },
  'command|getkeysandflags': { arity: -3 },
  'config|resetstat': { tips: ALL_NODES_OK },
  'config|rewrite': { tips: ALL_NODES_OK },
  'xinfo|consumers': { history: [['7.2.0', 'Each consumer also reports an `inactive` time.']] },
  'xinfo|stream': {
    history: [
      ['6.0.0', 'The FULL form was added.'],
      ['7.0.0', 'Reports deleted-entry, added-entry, first-entry, entries-read and lag information.'],
      ['7.2.0', 'Consumers report `active-time`; `seen-time` now means the last attempted interaction.'],
    ],
  },
  'latency|reset': { tips: ['request_policy:all_nodes', 'response_policy:agg_sum'] },
};

/** Applies every 7.2 difference to the 7.0 facts, in place. */
export function apply72(facts: Map<string, CommandFacts>): void {
  for (const n of NEW_COMMANDS) addCommand(facts, n);
  for (const [name, patch] of Object.entries(PATCHES)) applyPatch(lookup(facts, name), patch);
  for (const [name, args] of Object.entries(ARGS_72)) lookup(facts, name).docs.arguments = parseArgs(args);
}

/** The facts of a command or subcommand (`client|kill`); throws when absent, so stale patches fail loudly. */
export function lookup(facts: Map<string, CommandFacts>, name: string): CommandFacts {
  const bar = name.indexOf('|');
  const top = facts.get(bar < 0 ? name : name.slice(0, bar));
  const f = bar < 0 ? top : top?.subcommands?.find((s) => s.name === name);
  if (f === undefined) throw new Error(`redis-7.2: no command ${name} in the facts`);
  return f;
}

function addCommand(facts: Map<string, CommandFacts>, n: NewCommand): void {
  const f: CommandFacts = {
    name: n.name, arity: n.arity, flags: n.flags, first: 0, last: 0, step: 0,
    acl: aclFor(n.flags, n.acl), tips: [], key_specs: [], docs: { since: n.since, group: n.group, complexity: n.complexity },
  };
  const bar = n.name.indexOf('|');
  if (bar < 0) {
    if (facts.has(n.name)) throw new Error(`redis-7.2: ${n.name} already exists`);
    facts.set(n.name, f);
  } else {
    const parent = lookup(facts, n.name.slice(0, bar));
    if (parent.subcommands?.some((s) => s.name === n.name)) throw new Error(`redis-7.2: ${n.name} already exists`);
    (parent.subcommands ??= []).push(f);
  }
  applyPatch(f, { ...n, flags: undefined, acl: undefined, arity: undefined });
}

/** Applies one patch to one command's facts. */
export function applyPatch(f: CommandFacts, p: Patch): void {
  if (p.arity !== undefined) f.arity = p.arity;
  if (p.flags !== undefined) {
    f.acl = p.acl !== undefined ? aclFor(p.flags, p.acl) : reflag(f.flags, f.acl, p.flags);
    f.flags = p.flags;
  } else if (p.acl !== undefined) f.acl = aclFor(f.flags, p.acl);
  if (p.tips !== undefined) f.tips = p.tips;
  if (p.specs !== undefined) f.key_specs = p.specs.map(parseSpec);
  if (p.range !== undefined) [f.first, f.last, f.step] = p.range;
  const d = f.docs;
  if (p.since !== undefined) d.since = p.since;
  if (p.complexity !== undefined) d.complexity = p.complexity;
  if (p.docFlags !== undefined) d.doc_flags = p.docFlags;
  if (p.deprecatedSince !== undefined) d.deprecated_since = p.deprecatedSince;
  if (p.replacedBy !== undefined) d.replaced_by = p.replacedBy;
  if (p.history !== undefined) d.history = p.history;
  if (p.args !== undefined) d.arguments = parseArgs(p.args);
}
